package chart

import (
	"math"
	"strings"
	"sync"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Color is an sRGB colour.
type Color struct{ R, G, B uint8 }

// None marks an absent fill or stroke.
var None = Color{1, 2, 3}

// Colours used by the layout. The series palette is a single-hue ramp from
// dark to pale, so the bars stay apart when printed in greyscale and for
// readers with colour-blindness; every bar also gets a dark outline so the
// palest one still shows on white paper.
var (
	Palette = []Color{
		{0x0b, 0x2f, 0x5e}, // dark navy
		{0x6d, 0xa4, 0xd6}, // mid blue
		{0x2e, 0x6c, 0xa8}, // blue
		{0xc9, 0xdf, 0xf2}, // pale blue
		{0x5a, 0x5a, 0x5a}, // grey
		{0xe0, 0xe0, 0xe0}, // light grey
	}
	Ink       = Color{0x1a, 0x1a, 0x1a}
	Grid      = Color{0xc8, 0xc8, 0xc8}
	Band      = Color{0xeb, 0xeb, 0xeb}
	MutedInk  = Color{0x55, 0x55, 0x55}
	White     = Color{0xff, 0xff, 0xff}
	BarStroke = Color{0x1a, 0x1a, 0x1a}
)

// Kind says what an Item is.
type Kind int

// Item kinds.
const (
	KindRect Kind = iota
	KindLine
	KindText
	// KindPath is a run of straight segments through Points: a polygon
	// (filled and outlined) when Closed, else a line, dashed by Dash.
	KindPath
)

// Point is a position in the drawing, in points.
type Point struct{ X, Y float64 }

// Anchor is the horizontal anchor of a text item.
type Anchor int

// Text anchors, as in SVG's text-anchor.
const (
	AnchorStart Anchor = iota
	AnchorMiddle
	AnchorEnd
)

// Item is one shape. Coordinates are in points, origin at the top left of
// the drawing, y growing downwards. For text, (X, Y) is the anchor point on
// the baseline.
type Item struct {
	Kind        Kind
	X, Y, W, H  float64 // rect
	X2, Y2      float64 // line end
	Fill        Color
	Stroke      Color
	StrokeWidth float64
	Text        string
	Size        float64 // font size in points
	Bold        bool
	Anchor      Anchor
	Role        string // what the shape shows: "bar", "label", "value", "legend", "tick", "grid", "axis", "band", "swatch", "line", "marker", "break", "note"
	// Points, Closed and Dash are a path's (KindPath). Dash is the lengths
	// of dashes and gaps in turn, in points; none is a solid line.
	Points []Point
	Closed bool
	Dash   []float64
}

// Drawing is a laid-out chart.
type Drawing struct {
	Width, Height float64
	Items         []Item
}

// Font sizes in points.
const (
	LabelSize  = 9
	ValueSize  = 8
	LegendSize = 9
	TickSize   = 8
)

var (
	fontsOnce sync.Once
	regFont   *sfnt.Font
	boldFont  *sfnt.Font
)

func loadFonts() {
	var err error
	if regFont, err = sfnt.Parse(liberationsansregular.TTF); err != nil {
		panic("chart: bundled Liberation Sans font unreadable: " + err.Error())
	}
	if boldFont, err = sfnt.Parse(liberationsansbold.TTF); err != nil {
		panic("chart: bundled Liberation Sans font unreadable: " + err.Error())
	}
}

// TextWidth measures s in points at the given size using the metrics of
// Liberation Sans, the font the PDF renderer embeds; the SVG uses the
// same numbers, so labels never collide.
func TextWidth(s string, size float64, bold bool) float64 {
	fontsOnce.Do(loadFonts)
	f := regFont
	if bold {
		f = boldFont
	}
	var buf sfnt.Buffer
	upem := fixed.Int26_6(f.UnitsPerEm())
	total := 0.0
	for _, r := range s {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil {
			continue
		}
		adv, err := f.GlyphAdvance(&buf, gi, upem, 0)
		if err != nil {
			continue
		}
		total += float64(adv) / float64(upem)
	}
	return total * size
}

// wrapLabel breaks a label into at most three lines no wider than w.
func wrapLabel(s string, w, size float64, bold bool) []string {
	if TextWidth(s, size, bold) <= w {
		return []string{s}
	}
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for _, word := range words {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if cur == "" || TextWidth(try, size, bold) <= w {
			cur = try
			continue
		}
		lines = append(lines, cur)
		cur = word
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > 3 {
		lines = append(lines[:2], strings.Join(lines[2:], " "))
	}
	return lines
}

// Ticks returns the axis tick values from c.Min (usually 0) to c.Max.
func (c *Chart) Ticks() []float64 {
	span := c.Max - c.Min
	step := niceStep(span)
	n := int(math.Floor(span/step + 1e-9))
	if n > 10 {
		n = 10
		step = span / 10
	}
	ticks := make([]float64, 0, n+2)
	for i := 0; i <= n; i++ {
		ticks = append(ticks, c.Min+float64(i)*step)
	}
	if last := ticks[len(ticks)-1]; c.Max-last > step*0.3 {
		ticks = append(ticks, c.Max)
	}
	return ticks
}

func tickLabel(c *Chart, v float64) string {
	s := strconvTrim(v)
	return c.withUnit(s)
}

func strconvTrim(v float64) string {
	r := math.Round(v*100) / 100
	return fmtNum(r)
}

// Layout places the chart in a drawing width points wide. The height
// follows from the number of rows and series.
func (c *Chart) Layout(width float64) *Drawing {
	if c.Map != nil {
		return c.mapLayout(width)
	}
	if c.Line {
		return c.lineLayout(width)
	}
	d := &Drawing{Width: width}
	const pad = 2.0
	y := pad

	// Legend: swatch, name, gap; wraps onto further lines when needed.
	y = c.legend(d, y, width, 9, func(i int, x, y float64) []Item {
		return []Item{{Kind: KindRect, X: x, Y: y + 1, W: 9, H: 9, Fill: Palette[i%len(Palette)], Stroke: BarStroke, StrokeWidth: 0.4, Role: "swatch"}}
	})

	// Columns: labels, plot, room for value labels.
	labelMax := 0.0
	for _, r := range c.Rows {
		labelMax = math.Max(labelMax, TextWidth(r.Label, LabelSize, true))
	}
	labelW := math.Min(labelMax, width*0.34)
	valueW := 0.0
	for _, r := range c.Rows {
		for s, v := range r.Values {
			valueW = math.Max(valueW, TextWidth(c.Format(v), ValueSize, r.Highlight || c.seriesBold(s)))
		}
	}
	for _, t := range c.Ticks() {
		// The last tick label is centred on the right end of the plot.
		valueW = math.Max(valueW, TextWidth(tickLabel(c, t), TickSize, false)/2)
	}
	x0 := pad + labelW + 6
	plotW := width - x0 - valueW - 4 - pad
	if plotW < 20 {
		plotW = 20
	}
	scale := plotW / c.Max

	nSeries := len(c.Series)
	barH := 9.0
	if nSeries == 1 {
		barH = 12
	}
	const groupGap = 7.0
	plotTop := y
	var rowItems []Item
	var bands []Item
	for _, r := range c.Rows {
		lines := wrapLabel(r.Label, labelW, LabelSize, r.Highlight)
		groupH := float64(nSeries) * barH
		labelH := float64(len(lines)) * LabelSize * 1.2
		h := math.Max(groupH, labelH)
		top := y + groupGap/2
		if r.Highlight {
			bands = append(bands, Item{Kind: KindRect, X: pad, Y: y, W: width - 2*pad, H: h + groupGap, Fill: Band, Stroke: None, Role: "band"})
		}
		// Label block centred on the group.
		ly := top + (h-labelH)/2 + LabelSize*0.95
		for _, l := range lines {
			rowItems = append(rowItems, Item{Kind: KindText, X: x0 - 5, Y: ly, Text: l, Size: LabelSize, Bold: r.Highlight, Anchor: AnchorEnd, Fill: Ink, Role: "label"})
			ly += LabelSize * 1.2
		}
		by := top + (h-groupH)/2
		for s, v := range r.Values {
			if v.Missing {
				rowItems = append(rowItems, Item{Kind: KindText, X: x0 + 3, Y: by + barH/2 + ValueSize*0.35, Text: "n/a", Size: ValueSize, Fill: MutedInk, Role: "value"})
			} else {
				w := v.V * scale
				rowItems = append(rowItems,
					Item{Kind: KindRect, X: x0, Y: by, W: w, H: barH, Fill: Palette[s%len(Palette)], Stroke: BarStroke, StrokeWidth: 0.4, Role: "bar"},
					Item{Kind: KindText, X: x0 + w + 3, Y: by + barH/2 + ValueSize*0.35, Text: c.Format(v), Size: ValueSize, Bold: r.Highlight || c.seriesBold(s), Fill: Ink, Role: "value"})
			}
			by += barH
		}
		y += h + groupGap
	}
	plotBottom := y

	// Background first: bands, grid, then bars and text, then the axis.
	d.Items = append(d.Items, bands...)
	for _, t := range c.Ticks() {
		x := x0 + t*scale
		if t > 0 {
			d.Items = append(d.Items, Item{Kind: KindLine, X: x, Y: plotTop, X2: x, Y2: plotBottom, Stroke: Grid, StrokeWidth: 0.5, Role: "grid"})
		}
		d.Items = append(d.Items, Item{Kind: KindText, X: x, Y: plotBottom + TickSize + 3, Text: tickLabel(c, t), Size: TickSize, Anchor: AnchorMiddle, Fill: MutedInk, Role: "tick"})
	}
	d.Items = append(d.Items, rowItems...)
	d.Items = append(d.Items, Item{Kind: KindLine, X: x0, Y: plotTop, X2: x0, Y2: plotBottom, Stroke: Ink, StrokeWidth: 0.8, Role: "axis"})
	d.Height = plotBottom + TickSize + 3 + 4 + pad
	return d
}

// legend lays out the series names from y, each after a swatch swatchW
// wide that swatch draws, wrapping onto further lines when needed; it
// returns the y below it.
func (c *Chart) legend(d *Drawing, y, width, swatchW float64, swatch func(i int, x, y float64) []Item) float64 {
	if !c.HasLegend() {
		return y
	}
	const pad = 2.0
	x := pad
	lineH := LegendSize * 1.6
	for i, name := range c.Series {
		bold := c.seriesBold(i)
		w := swatchW + 4 + TextWidth(name, LegendSize, bold)
		if x > pad && x+w > width-pad {
			x = pad
			y += lineH
		}
		d.Items = append(d.Items, swatch(i, x, y)...)
		d.Items = append(d.Items, Item{Kind: KindText, X: x + swatchW + 4, Y: y + 9, Text: name, Size: LegendSize, Bold: bold, Fill: Ink, Role: "legend"})
		x += w + 16
	}
	return y + lineH + 6
}
