package chart

import (
	"math"
	"sort"
)

// lineHeight is the height of a line chart's plot area in points.
const lineHeight = 120.0

// LineHeight is a line chart's plot height when the page has room for it.
const LineHeight = lineHeight

// MinLineHeight is the shortest plot a page layout may ask for: 80 points
// keeps the gridlines of a five-point scale 16 points apart.
const MinLineHeight = 80.0

// legendLineW is the length of the line drawn in the legend for a series:
// long enough to show its dash pattern on both sides of its marker.
const legendLineW = 26.0

// lineLayout lays out a line chart: the rows are points along the
// horizontal axis, in order, evenly spaced (a trend's dates are); each
// series is a line with a marker at each point, and its last value is
// written at its right end. The series differ by marker shape and dash
// pattern as well as by colour, so they can be told apart in greyscale,
// and the legend shows each line as it is drawn. The vertical axis runs
// from c.Min to c.Max; when Min is above zero the axis carries a break
// mark and a note under the chart says where it starts.
func (c *Chart) lineLayout(width float64) *Drawing {
	d := &Drawing{Width: width}
	const pad = 2.0
	y := pad
	// Legend: a short line in the series' dash with its marker, then the name.
	y = c.legend(d, y, width, legendLineW, func(i int, x, y float64) []Item {
		st := seriesStyle(i)
		return []Item{
			{Kind: KindPath, Points: []Point{{x, y + 5.5}, {x + legendLineW, y + 5.5}}, Fill: None, Stroke: st.color, StrokeWidth: st.width, Dash: st.dash, Role: "swatch"},
			markerItem(st, x+legendLineW/2, y+5.5, "swatch"),
		}
	})
	// Room for the tick labels on the left and the end values on the right.
	tickW := 0.0
	for _, t := range c.Ticks() {
		tickW = math.Max(tickW, TextWidth(tickLabel(c, t), TickSize, false))
	}
	valueW := 0.0
	for _, r := range c.Rows {
		for _, v := range r.Values {
			valueW = math.Max(valueW, TextWidth(c.Format(v), ValueSize, true))
		}
	}
	x0 := pad + tickW + 7
	plotW := width - x0 - valueW - 8 - pad
	if plotW < 40 {
		plotW = 40
	}
	top := y + ValueSize // room for a marker at the maximum
	plotH := lineHeight
	if c.PlotHeight > 0 {
		plotH = c.PlotHeight
	}
	bottom := top + plotH
	scale := plotH / (c.Max - c.Min)
	yOf := func(v float64) float64 { return bottom - (v-c.Min)*scale }
	n := len(c.Rows)
	xOf := func(i int) float64 {
		if n == 1 {
			return x0 + plotW/2
		}
		return x0 + float64(i)*plotW/float64(n-1)
	}
	// Grid and ticks.
	for _, t := range c.Ticks() {
		yy := yOf(t)
		if t > c.Min {
			d.Items = append(d.Items, Item{Kind: KindLine, X: x0, Y: yy, X2: x0 + plotW, Y2: yy, Stroke: Grid, StrokeWidth: 0.5, Role: "grid"})
		}
		d.Items = append(d.Items, Item{Kind: KindText, X: x0 - 6, Y: yy + TickSize*0.35, Text: tickLabel(c, t), Size: TickSize, Anchor: AnchorEnd, Fill: MutedInk, Role: "tick"})
	}
	// Labels along the bottom: at most about one per 60 points, the last
	// always shown.
	step := int(math.Ceil(float64(n) / math.Max(1, math.Floor(plotW/60))))
	if step < 1 {
		step = 1
	}
	for i, r := range c.Rows {
		if i%step != 0 && i != n-1 {
			continue
		}
		if i != n-1 && n-1-i < step && i%step == 0 && i != 0 {
			continue // too close to the last label
		}
		anchor := AnchorMiddle
		switch {
		case n > 1 && i == 0:
			anchor = AnchorStart
		case n > 1 && i == n-1:
			anchor = AnchorEnd
		}
		d.Items = append(d.Items,
			Item{Kind: KindLine, X: xOf(i), Y: bottom, X2: xOf(i), Y2: bottom + 3, Stroke: Ink, StrokeWidth: 0.5, Role: "tick"},
			Item{Kind: KindText, X: xOf(i), Y: bottom + 3 + TickSize + 2, Text: r.Label, Size: TickSize, Anchor: anchor, Fill: MutedInk, Role: "xlabel"})
	}
	// Lines, last series first so the first (the authority) is drawn on
	// top. A line is one path through consecutive points, so its dashes
	// run on across them; a missing value breaks it.
	type end struct {
		y    float64
		text string
		s    int
	}
	var ends []end
	for s := len(c.Series) - 1; s >= 0; s-- {
		st := seriesStyle(s)
		var run []Point
		flush := func() {
			if len(run) > 1 {
				d.Items = append(d.Items, Item{Kind: KindPath, Points: run, Fill: None, Stroke: st.color, StrokeWidth: st.width, Dash: st.dash, Role: "line"})
			}
			run = nil
		}
		last := -1
		for i, r := range c.Rows {
			v := r.Values[s]
			if v.Missing {
				flush()
				continue
			}
			run = append(run, Point{xOf(i), yOf(v.V)})
			last = i
		}
		flush()
		for i, r := range c.Rows {
			if v := r.Values[s]; !v.Missing {
				d.Items = append(d.Items, markerItem(st, xOf(i), yOf(v.V), "marker"))
			}
		}
		if last >= 0 {
			v := c.Rows[last].Values[s]
			ends = append(ends, end{yOf(v.V) + ValueSize*0.35, c.Format(v), s})
		}
	}
	// End values, pushed apart so they do not overlap.
	sort.Slice(ends, func(i, j int) bool {
		if ends[i].y != ends[j].y {
			return ends[i].y < ends[j].y
		}
		return ends[i].s < ends[j].s
	})
	for i := 1; i < len(ends); i++ {
		if minY := ends[i-1].y + ValueSize + 1; ends[i].y < minY {
			ends[i].y = minY
		}
	}
	for _, e := range ends {
		d.Items = append(d.Items, Item{Kind: KindText, X: x0 + plotW + 6, Y: e.y, Text: e.text, Size: ValueSize, Bold: e.s == 0, Fill: Ink, Role: "value"})
	}
	d.Items = append(d.Items,
		Item{Kind: KindLine, X: x0, Y: top, X2: x0, Y2: bottom, Stroke: Ink, StrokeWidth: 0.8, Role: "axis"},
		Item{Kind: KindLine, X: x0, Y: bottom, X2: x0 + plotW, Y2: bottom, Stroke: Ink, StrokeWidth: 0.8, Role: "axis"})
	d.Height = bottom + 3 + TickSize + 2 + 4 + pad
	if c.Min > 0 {
		// The axis does not start at zero: a break across it just above
		// the bottom (a gap between two slanted strokes), and a note.
		const gap, half, rise = 3.0, 4.5, 2.0
		yb := bottom - 7
		d.Items = append(d.Items,
			Item{Kind: KindRect, X: x0 - 1.5, Y: yb - gap/2, W: 3, H: gap, Fill: White, Stroke: None, Role: "break"},
			Item{Kind: KindLine, X: x0 - half, Y: yb - gap/2 + rise, X2: x0 + half, Y2: yb - gap/2 - rise, Stroke: Ink, StrokeWidth: 0.8, Role: "break"},
			Item{Kind: KindLine, X: x0 - half, Y: yb + gap/2 + rise, X2: x0 + half, Y2: yb + gap/2 - rise, Stroke: Ink, StrokeWidth: 0.8, Role: "break"})
		d.Items = append(d.Items, Item{Kind: KindText, X: pad, Y: d.Height + TickSize - pad, Text: c.AxisNote(), Size: TickSize, Fill: MutedInk, Role: "note"})
		d.Height += TickSize + 4
	}
	for _, e := range ends {
		d.Height = math.Max(d.Height, e.y+pad)
	}
	return d
}

// AxisNote says where a line chart's vertical axis starts when that is not
// zero ("" when it is).
func (c *Chart) AxisNote() string {
	if c.Min <= 0 {
		return ""
	}
	return "The vertical axis starts at " + c.withUnit(fmtNum(c.Min)) + ", not zero."
}

// Marker shapes of the lines, in the order the series take them.
const (
	markerCircle = iota
	markerSquare
	markerTriangle
	markerDiamond
	markerShapes
)

// Dash patterns of the lines, in points: solid, dashed, dotted, dash-dot.
var dashes = [][]float64{nil, {6, 3}, {1.6, 2.2}, {7, 2.5, 1.6, 2.5}}

// lineStyle is how one series of a line chart is drawn.
type lineStyle struct {
	color  Color
	width  float64 // line width, points
	marker float64 // marker size, points
	shape  int
	dash   []float64
}

// seriesStyle is a line's colour, width, marker and dash: the first series
// (the authority) darkest, thickest and solid with round markers; each
// other series has a marker shape and a dash pattern of its own, so no two
// lines look alike even without colour.
func seriesStyle(i int) lineStyle {
	colors := []Color{Palette[0], Palette[1], Palette[4], Palette[2], Palette[3], Palette[5]}
	st := lineStyle{color: colors[i%len(colors)], width: 1.4, marker: 4.5, shape: i % markerShapes}
	// The first four series take the four patterns in turn; the next ones
	// pair a shape with another pattern, so every series differs in both.
	dash := i % len(dashes)
	if i >= len(dashes) {
		dash = (i + 2) % len(dashes)
	}
	st.dash = dashes[dash]
	switch i {
	case 0:
		st.width, st.marker = 2.2, 5.5
	case 1:
		st.width, st.marker = 1.6, 5
	}
	return st
}

// markerItem is a series' marker centred on (x, y): a filled shape with a
// dark outline, of about the same area whatever its shape.
func markerItem(st lineStyle, x, y float64, role string) Item {
	m := st.marker
	var pts []Point
	switch st.shape {
	case markerCircle:
		r := m * 0.56
		for k := 0; k < 16; k++ {
			a := float64(k) * math.Pi / 8
			pts = append(pts, Point{x + r*math.Cos(a), y + r*math.Sin(a)})
		}
	case markerSquare:
		h := m * 0.47
		pts = []Point{{x - h, y - h}, {x + h, y - h}, {x + h, y + h}, {x - h, y + h}}
	case markerTriangle:
		h := m * 0.65
		pts = []Point{{x, y - h}, {x + h*0.95, y + h*0.65}, {x - h*0.95, y + h*0.65}}
	default: // diamond
		h := m * 0.68
		pts = []Point{{x, y - h}, {x + h, y}, {x, y + h}, {x - h, y}}
	}
	return Item{Kind: KindPath, Points: pts, Closed: true, Fill: st.color, Stroke: BarStroke, StrokeWidth: 0.4, Role: role}
}

// dashSegments cuts the path through pts into the pieces a dash pattern
// draws (all of it as one piece per segment when dash is empty), for
// backends that cannot dash a line themselves (the PNG). The pattern runs
// on across the path's corners, as it does in PDF and SVG.
func dashSegments(pts []Point, dash []float64) [][2]Point {
	var out [][2]Point
	if len(dash) == 0 {
		for i := 1; i < len(pts); i++ {
			out = append(out, [2]Point{pts[i-1], pts[i]})
		}
		return out
	}
	total := 0.0
	for _, v := range dash {
		total += v
	}
	if total <= 0 {
		return dashSegments(pts, nil)
	}
	k, left := 0, dash[0] // the current dash or gap, and what is left of it
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		l := math.Hypot(b.X-a.X, b.Y-a.Y)
		pos := 0.0
		for pos < l {
			stepLen := math.Min(left, l-pos)
			if k%2 == 0 && stepLen > 0 {
				p := Point{a.X + (b.X-a.X)*pos/l, a.Y + (b.Y-a.Y)*pos/l}
				q := Point{a.X + (b.X-a.X)*(pos+stepLen)/l, a.Y + (b.Y-a.Y)*(pos+stepLen)/l}
				out = append(out, [2]Point{p, q})
			}
			pos += stepLen
			left -= stepLen
			if left <= 1e-9 {
				k = (k + 1) % len(dash)
				left = dash[k]
			}
		}
	}
	return out
}
