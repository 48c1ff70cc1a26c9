package chart

import (
	"strconv"
	"strings"
)

// Marshal writes c in the chart block format, so that Parse reads back a
// chart equal to c (the same title, series, rows, values, axis and, for a
// map, the same points). A field Parse derives (a map's counts, a line
// chart's axis minimum) is not written.
func Marshal(c *Chart) []byte {
	var b strings.Builder
	line := func(k, v string) {
		b.WriteString(k)
		b.WriteString(": ")
		b.WriteString(oneLine(v))
		b.WriteByte('\n')
	}
	if m := c.Map; m != nil {
		line("type", "map")
		line("title", c.Title)
		line("boundary", m.Boundary)
		if c.Category != "" && c.Category != "Category" {
			line("category", c.Category)
		}
		line("categories", joinBar(m.Categories))
		if c.DataBelow {
			line("data", "below")
		}
		for _, p := range m.Points {
			b.WriteString(barCell(m.Categories[p.Cat]))
			b.WriteString(" | ")
			b.WriteString(coord(p.Lon))
			b.WriteString(" | ")
			b.WriteString(coord(p.Lat))
			b.WriteByte('\n')
		}
		return []byte(b.String())
	}
	if c.Line {
		line("type", "line")
	}
	line("title", c.Title)
	if c.Category != "" && c.Category != "Category" {
		line("category", c.Category)
	}
	if c.Unit != "" {
		line("unit", c.Unit)
	}
	if c.Max > 0 {
		line("max", fmtNum(c.Max))
	}
	if c.HasLegend() {
		line("series", joinBar(c.Series))
	}
	var hl []string
	for _, r := range c.Rows {
		if r.Highlight {
			hl = append(hl, r.Label)
		}
	}
	if len(hl) > 0 {
		line("highlight", joinBar(hl))
	}
	if c.HighlightSeries != "" {
		line("highlight series", barCell(c.HighlightSeries))
	}
	if c.DataBelow {
		line("data", "below")
	}
	for _, r := range c.Rows {
		b.WriteString(EscapeLabel(barCell(r.Label)))
		for _, v := range r.Values {
			b.WriteString(" | ")
			switch {
			case v.Missing:
				b.WriteString("-")
			case v.Raw != "":
				b.WriteString(v.Raw)
			default:
				b.WriteString(fmtNum(v.V))
			}
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// coord writes a longitude or latitude to five places (a metre or so),
// as a paper gives them, or with every digit it needs when five do not
// read back as the same number.
func coord(v float64) string {
	s := strconv.FormatFloat(v, 'f', 5, 64)
	if back, err := strconv.ParseFloat(s, 64); err == nil && back == v {
		return s
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func joinBar(names []string) string {
	parts := make([]string, len(names))
	for i, s := range names {
		parts[i] = barCell(s)
	}
	return strings.Join(parts, " | ")
}

// barCell keeps a name from splitting a "|" line: a bar in it is written
// as a broken bar, and line breaks as spaces.
func barCell(s string) string {
	return strings.ReplaceAll(oneLine(s), "|", "¦")
}

func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(strings.TrimSpace(s))
}
