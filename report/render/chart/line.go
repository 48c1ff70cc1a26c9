package chart

import (
	"math"
	"sort"
)

// lineHeight is the height of a line chart's plot area in points.
const lineHeight = 120.0

// lineLayout lays out a line chart: the rows are points along the
// horizontal axis, in order, evenly spaced (a trend's dates are); each
// series is a line with a marker at each point, and its last value is
// written at its right end. The vertical axis runs from 0 to Max, so a
// small change looks small.
func (c *Chart) lineLayout(width float64) *Drawing {
	d := &Drawing{Width: width}
	const pad = 2.0
	y := pad
	// Legend: a short line with its marker, then the name.
	y = c.legend(d, y, width, 18, func(i int, x, y float64) []Item {
		col, sw, m := seriesStyle(i)
		return []Item{
			{Kind: KindLine, X: x, Y: y + 5.5, X2: x + 18, Y2: y + 5.5, Stroke: col, StrokeWidth: sw, Role: "swatch"},
			{Kind: KindRect, X: x + 9 - m/2, Y: y + 5.5 - m/2, W: m, H: m, Fill: col, Stroke: BarStroke, StrokeWidth: 0.4, Role: "swatch"},
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
	x0 := pad + tickW + 5
	plotW := width - x0 - valueW - 8 - pad
	if plotW < 40 {
		plotW = 40
	}
	top := y + ValueSize // room for a marker at the maximum
	bottom := top + lineHeight
	scale := lineHeight / c.Max
	yOf := func(v float64) float64 { return bottom - v*scale }
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
		if t > 0 {
			d.Items = append(d.Items, Item{Kind: KindLine, X: x0, Y: yy, X2: x0 + plotW, Y2: yy, Stroke: Grid, StrokeWidth: 0.5, Role: "grid"})
		}
		d.Items = append(d.Items, Item{Kind: KindText, X: x0 - 4, Y: yy + TickSize*0.35, Text: tickLabel(c, t), Size: TickSize, Anchor: AnchorEnd, Fill: MutedInk, Role: "tick"})
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
	// Lines, palest first so the first series is drawn on top.
	type end struct {
		y    float64
		text string
		s    int
	}
	var ends []end
	for s := len(c.Series) - 1; s >= 0; s-- {
		col, sw, m := seriesStyle(s)
		last := -1
		for i, r := range c.Rows {
			v := r.Values[s]
			if v.Missing {
				continue
			}
			if last >= 0 && last == i-1 {
				pv := c.Rows[last].Values[s].V
				d.Items = append(d.Items, Item{Kind: KindLine, X: xOf(last), Y: yOf(pv), X2: xOf(i), Y2: yOf(v.V), Stroke: col, StrokeWidth: sw, Role: "line"})
			}
			last = i
		}
		for i, r := range c.Rows {
			v := r.Values[s]
			if v.Missing {
				continue
			}
			d.Items = append(d.Items, Item{Kind: KindRect, X: xOf(i) - m/2, Y: yOf(v.V) - m/2, W: m, H: m, Fill: col, Stroke: BarStroke, StrokeWidth: 0.4, Role: "marker"})
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
	for _, e := range ends {
		d.Height = math.Max(d.Height, e.y+pad)
	}
	return d
}

// seriesStyle is a line's colour, width and marker size: the first series
// (the authority) darkest and thickest, so the lines stay apart in
// greyscale.
func seriesStyle(i int) (Color, float64, float64) {
	switch i {
	case 0:
		return Palette[0], 2.2, 5 // dark navy
	case 1:
		return Palette[1], 1.6, 4 // mid blue
	case 2:
		return Palette[4], 1.2, 3.5 // grey
	}
	return Palette[i%len(Palette)], 1.2, 3.5
}
