package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/ons/boundaries"
)

// A map ("type: map") draws points on an authority's boundary, one mark
// per point, its shape and colour by category, so that the legend reads
// in greyscale too:
//
//	type: map
//	title: Care homes in Devon by rating
//	boundary: Devon
//	categories: Outstanding | Good | Requires Improvement | Inadequate
//	Good | -3.508053 | 50.721541
//	Inadequate | -4.0581 | 51.0712
//
// Keys: title (required), boundary (required: an upper-tier authority of
// ONS's December 2023 boundaries, by CQC's or ONS's spelling), categories
// (required, at most MaxSeries: the legend, in order; later categories
// are drawn on top), category (the heading of the data table's first
// column, "Category" when absent) and data. Each row is a category, a
// longitude and a latitude. The data table gives the count of each
// category in each quarter of the map (north, south, east and west of the
// centre of the authority's bounding box), which the text alternative
// says in words.

// MaxMapPoints bounds a map's rows: the largest authority has about
// 1,500 adult social care services.
const MaxMapPoints = 10000

// MapData is what a map chart holds beyond the chart's own fields.
type MapData struct {
	Boundary   string // the authority as ONS spells it
	Polygons   []boundaries.Polygon
	Frame      boundaries.Frame
	Categories []string
	Points     []MapPoint
	// Counts are by category and quarter (placed points only); Unplaced
	// by category: points outside the frame, which are not drawn.
	Counts   [][boundaries.NumQuarters]int
	Unplaced []int
}

// MapPoint is one row of a map.
type MapPoint struct {
	Cat      int
	Lon, Lat float64
	Quarter  boundaries.Quarter
	Placed   bool
}

var mapKeys = map[string]bool{"title": true, "type": true, "boundary": true, "categories": true, "category": true, "data": true}

// isMap reports whether a chart source says "type: map".
func isMap(src []byte) bool {
	for _, raw := range strings.Split(string(src), "\n") {
		line := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), "type") && strings.EqualFold(strings.TrimSpace(v), "map") {
			return true
		}
	}
	return false
}

// parseMap reads a map chart. Errors are *ParseError values naming the
// line.
func parseMap(src []byte) (*Chart, error) {
	c := &Chart{}
	m := &MapData{}
	seen := map[string]int{}
	boundaryLine := 0
	lines := strings.Split(string(src), "\n")
	type row struct {
		label    string
		lon, lat float64
		line     int
	}
	var rows []row
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		if line == "" {
			continue
		}
		if k, v, ok := strings.Cut(line, ":"); ok && !strings.Contains(k, "|") {
			key := strings.ToLower(strings.TrimSpace(k))
			if !mapKeys[key] {
				return nil, errAt(n, "unknown key %q (a map knows title, type, boundary, categories, category, data)", strings.TrimSpace(k))
			}
			if prev, dup := seen[key]; dup {
				return nil, errAt(n, "%q given twice (first on line %d)", key, prev)
			}
			seen[key] = n
			v = strings.TrimSpace(v)
			switch key {
			case "title":
				if v == "" {
					return nil, errAt(n, "title is empty")
				}
				c.Title = v
			case "boundary":
				m.Boundary, boundaryLine = v, n
			case "categories":
				for _, s := range splitBar(v) {
					if s == "" {
						return nil, errAt(n, "categories has an empty name")
					}
					for _, o := range m.Categories {
						if o == s {
							return nil, errAt(n, "category %q given twice", s)
						}
					}
					m.Categories = append(m.Categories, s)
				}
				if len(m.Categories) > MaxSeries {
					return nil, errAt(n, "%d categories given; at most %d are allowed", len(m.Categories), MaxSeries)
				}
			case "category":
				c.Category = v
			case "data":
				if !strings.EqualFold(v, "below") {
					return nil, errAt(n, "data %q: the only value is below (the table after the chart holds its figures)", v)
				}
				c.DataBelow = true
			}
			continue
		}
		parts := splitBar(strings.TrimPrefix(line, `\`))
		if len(parts) != 3 {
			return nil, errAt(n, "a map row is \"category | longitude | latitude\", got %q", line)
		}
		lon, err1 := strconv.ParseFloat(parts[1], 64)
		lat, err2 := strconv.ParseFloat(parts[2], 64)
		if err1 != nil || err2 != nil || math.IsNaN(lon) || math.IsNaN(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
			return nil, errAt(n, "row %q: %q and %q are not a longitude and a latitude", parts[0], parts[1], parts[2])
		}
		if len(rows) == MaxMapPoints {
			return nil, errAt(n, "too many rows; a map takes at most %d", MaxMapPoints)
		}
		rows = append(rows, row{parts[0], lon, lat, n})
	}
	if c.Title == "" {
		return nil, errAt(1, "chart has no title (add a \"title:\" line)")
	}
	if m.Boundary == "" {
		return nil, errAt(1, "a map needs a \"boundary:\" line naming the authority")
	}
	if len(m.Categories) == 0 {
		return nil, errAt(1, "a map needs a \"categories:\" line naming the categories of its points")
	}
	for _, r := range rows {
		cat := -1
		for i, name := range m.Categories {
			if name == r.label {
				cat = i
			}
		}
		if cat < 0 {
			return nil, errAt(r.line, "row %q is not one of the categories (%s)", r.label, strings.Join(m.Categories, ", "))
		}
		m.Points = append(m.Points, MapPoint{Cat: cat, Lon: r.lon, Lat: r.lat})
	}
	c.Map = m
	if err := c.Finish(); err != nil {
		return nil, errAt(boundaryLine, "%v", err)
	}
	return c, nil
}

// finishMap finds the map's boundary and places its points: where each
// falls, the counts by category and quarter, and the data table's rows
// (a row per category, a column per quarter).
func (c *Chart) finishMap() error {
	m := c.Map
	if m.Boundary == "" {
		return fmt.Errorf("map %q names no boundary", c.Title)
	}
	if len(m.Categories) == 0 || len(m.Categories) > MaxSeries {
		return fmt.Errorf("map %q has %d categories; it takes 1 to %d", c.Title, len(m.Categories), MaxSeries)
	}
	if len(m.Points) > MaxMapPoints {
		return fmt.Errorf("map %q has %d points; it takes at most %d", c.Title, len(m.Points), MaxMapPoints)
	}
	set, err := boundaries.Default()
	if err != nil {
		return err
	}
	a, err := set.Authority(m.Boundary)
	if err != nil {
		return err
	}
	m.Boundary, m.Polygons, m.Frame = a.Name, a.Polygons, a.Frame()
	m.Counts = make([][boundaries.NumQuarters]int, len(m.Categories))
	m.Unplaced = make([]int, len(m.Categories))
	for i := range m.Points {
		p := &m.Points[i]
		if p.Cat < 0 || p.Cat >= len(m.Categories) {
			return fmt.Errorf("map %q: a point's category %d is not one of its %d", c.Title, p.Cat, len(m.Categories))
		}
		p.Quarter, p.Placed = m.Frame.Place(boundaries.Point{Lon: p.Lon, Lat: p.Lat})
		if p.Placed {
			m.Counts[p.Cat][p.Quarter]++
		} else {
			m.Unplaced[p.Cat]++
		}
	}
	c.Series, c.Rows = nil, nil
	for _, name := range boundaries.QuarterNames {
		c.Series = append(c.Series, strings.ToUpper(name[:1])+name[1:])
	}
	largest := 0
	for i, name := range m.Categories {
		r := Row{Label: name, Line: 1}
		for _, k := range m.Counts[i] {
			r.Values = append(r.Values, Value{Raw: strconv.Itoa(k), V: float64(k)})
			largest = max(largest, k)
		}
		c.Rows = append(c.Rows, r)
	}
	c.Max = niceMax(float64(largest))
	return nil
}

// mapDescription is the map's text alternative: what it shows, how each
// category is marked, and how many of each lie in each quarter.
func (c *Chart) mapDescription() string {
	m := c.Map
	placed := 0
	for _, p := range m.Points {
		if p.Placed {
			placed++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Map of %s with %d %s, each marked by its category", m.Boundary, placed, report.Plural(placed, "point", "points"))
	var marks []string
	for i, name := range m.Categories {
		marks = append(marks, name+": "+markerNames[i%len(markerNames)])
	}
	fmt.Fprintf(&b, " (%s).", strings.Join(marks, "; "))
	for q := range boundaries.NumQuarters {
		var parts []string
		for i, name := range m.Categories {
			if k := m.Counts[i][q]; k > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", k, name))
			}
		}
		what := "none"
		if len(parts) > 0 {
			what = report.JoinAnd(parts)
		}
		if q == 0 {
			fmt.Fprintf(&b, " In the %s quarter of the map (divided at the centre of the authority's extent): %s;", boundaries.QuarterNames[q], what)
		} else {
			fmt.Fprintf(&b, " %s: %s%s", boundaries.QuarterNames[q], what, map[bool]string{true: ".", false: ";"}[q == boundaries.NumQuarters-1])
		}
	}
	unplaced := 0
	for _, k := range m.Unplaced {
		unplaced += k
	}
	if unplaced > 0 {
		fmt.Fprintf(&b, " %d %s outside the map and %s not drawn.", unplaced, report.Plural(unplaced, "point lies", "points lie"), report.Plural(unplaced, "is", "are"))
	}
	return b.String() + " The table below gives the same figures."
}

// markerNames say how each category's mark looks, for the text
// alternative; markerStyle draws them.
var markerNames = []string{"dark green circles", "blue squares", "orange triangles", "red diamonds", "white circles", "grey inverted triangles"}

// markerStyle is a category's mark: its fill and its shape's outline,
// centred on (x, y), about size points across.
func markerStyle(i int, x, y, size float64) Item {
	r := size / 2
	var pts []Point
	var fill Color
	switch i % len(markerNames) {
	case 0:
		fill, pts = Color{0x1b, 0x78, 0x37}, circlePts(x, y, r)
	case 1:
		r *= 0.9
		fill, pts = Color{0x43, 0x93, 0xc3}, []Point{{x - r, y - r}, {x + r, y - r}, {x + r, y + r}, {x - r, y + r}}
	case 2:
		r *= 1.15
		fill, pts = Color{0xe0, 0x82, 0x14}, []Point{{x, y - r}, {x + r, y + r*0.8}, {x - r, y + r*0.8}}
	case 3:
		r *= 1.2
		fill, pts = Color{0xb2, 0x18, 0x2b}, []Point{{x, y - r}, {x + r, y}, {x, y + r}, {x - r, y}}
	case 4:
		fill, pts = Color{0xff, 0xff, 0xff}, circlePts(x, y, r*0.85)
	default:
		r *= 1.15
		fill, pts = Color{0x99, 0x99, 0x99}, []Point{{x - r, y - r*0.8}, {x + r, y - r*0.8}, {x, y + r}}
	}
	return Item{Kind: KindPath, Closed: true, Points: pts, Fill: fill, Stroke: Ink, StrokeWidth: 0.5, Role: "marker"}
}

func circlePts(x, y, r float64) []Point {
	const n = 16
	pts := make([]Point, n)
	for k := range n {
		a := 2 * math.Pi * float64(k) / n
		pts[k] = Point{x + r*math.Cos(a), y + r*math.Sin(a)}
	}
	return pts
}

// Map colours: the authority's land, the land of others inside it (holes)
// and the lines dividing the quarters.
var (
	mapLand  = Color{0xee, 0xf1, 0xf4}
	mapHole  = Color{0xff, 0xff, 0xff}
	mapEdge  = Color{0x4d, 0x4d, 0x4d}
	mapCross = Color{0xb4, 0xb4, 0xb4}
)

// mapMaxHeight bounds the map's height in points, so a tall authority
// still fits a page with its caption.
const mapMaxHeight = 290.0

// mapLayout draws the legend (each category's mark, name and count on the
// map), then the boundary, the lines through the centre that divide the
// quarters, and the points.
func (c *Chart) mapLayout(width float64) *Drawing {
	m := c.Map
	d := &Drawing{Width: width}
	const pad = 2.0
	const markSize = 5.5
	// Legend: wraps onto further lines when needed.
	x, y := pad, pad
	lineH := LegendSize * 1.7
	for i, name := range m.Categories {
		n := 0
		for _, k := range m.Counts[i] {
			n += k
		}
		label := fmt.Sprintf("%s (%d)", name, n)
		w := markSize + 4 + TextWidth(label, LegendSize, false)
		if x > pad && x+w > width-pad {
			x, y = pad, y+lineH
		}
		d.Items = append(d.Items, markerStyle(i, x+markSize/2, y+5.5, markSize))
		d.Items = append(d.Items, Item{Kind: KindText, X: x + markSize + 4, Y: y + 9, Text: label, Size: LegendSize, Fill: Ink, Role: "legend"})
		x += w + 14
	}
	top := y + lineH + 4
	// Equirectangular projection, longitude shrunk by the cosine of the
	// middle latitude, fitted to the width (or to mapMaxHeight).
	f := m.Frame
	k := math.Cos((f.SW.Lat + f.NE.Lat) / 2 * math.Pi / 180)
	spanX, spanY := (f.NE.Lon-f.SW.Lon)*k, f.NE.Lat-f.SW.Lat
	if spanX <= 0 || spanY <= 0 {
		spanX, spanY = 1, 1
	}
	margin := 8.0
	scale := math.Min((width-2*pad-2*margin)/spanX, (mapMaxHeight-2*margin)/spanY)
	mapW, mapH := spanX*scale, spanY*scale
	x0 := (width-mapW)/2 + 0
	y0 := top + margin
	at := func(lon, lat float64) Point { return Point{x0 + (lon-f.SW.Lon)*k*scale, y0 + (f.NE.Lat-lat)*scale} }
	ring := func(r boundaries.Ring) []Point {
		pts := make([]Point, 0, len(r))
		for _, p := range r[:len(r)-1] { // closed: the last point is the first
			pts = append(pts, at(p.Lon, p.Lat))
		}
		return pts
	}
	for _, poly := range m.Polygons {
		d.Items = append(d.Items, Item{Kind: KindPath, Closed: true, Points: ring(poly[0]), Fill: mapLand, Stroke: None, Role: "land"})
		for _, hole := range poly[1:] {
			d.Items = append(d.Items, Item{Kind: KindPath, Closed: true, Points: ring(hole), Fill: mapHole, Stroke: None, Role: "land"})
		}
	}
	for _, poly := range m.Polygons {
		for _, r := range poly {
			d.Items = append(d.Items, Item{Kind: KindPath, Closed: true, Points: ring(r), Fill: None, Stroke: mapEdge, StrokeWidth: 0.7, Role: "boundary"})
		}
	}
	// The lines dividing the quarters, and the quarters' names in the
	// corners.
	cx := at(f.Centre.Lon, f.Centre.Lat)
	d.Items = append(d.Items,
		Item{Kind: KindLine, X: x0, Y: cx.Y, X2: x0 + mapW, Y2: cx.Y, Stroke: mapCross, StrokeWidth: 0.5, Role: "grid"},
		Item{Kind: KindLine, X: cx.X, Y: y0, X2: cx.X, Y2: y0 + mapH, Stroke: mapCross, StrokeWidth: 0.5, Role: "grid"})
	corner := func(q boundaries.Quarter, x, y float64, a Anchor) {
		name := boundaries.QuarterNames[q]
		d.Items = append(d.Items, Item{Kind: KindText, X: x, Y: y, Text: strings.ToUpper(name[:1]) + name[1:], Size: TickSize, Anchor: a, Fill: MutedInk, Role: "tick"})
	}
	corner(boundaries.NorthWest, x0, y0-2, AnchorStart)
	corner(boundaries.NorthEast, x0+mapW, y0-2, AnchorEnd)
	corner(boundaries.SouthWest, x0, y0+mapH+TickSize+2, AnchorStart)
	corner(boundaries.SouthEast, x0+mapW, y0+mapH+TickSize+2, AnchorEnd)
	// Points, category by category: later categories on top.
	for i := range m.Categories {
		for _, p := range m.Points {
			if p.Cat == i && p.Placed {
				q := at(p.Lon, p.Lat)
				d.Items = append(d.Items, markerStyle(i, q.X, q.Y, markSize))
			}
		}
	}
	d.Height = y0 + mapH + TickSize + 2 + 4 + pad
	return d
}
