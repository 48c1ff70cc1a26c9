// Package chart reads the small text format used for bar charts in report
// Markdown and lays a chart out as a list of simple shapes (rectangles,
// lines and text) that any backend can draw: the HTML renderer turns the
// shapes into inline SVG and the PDF renderer draws them with vector
// operations, so both formats show the same picture.
//
// The format is a list of "key: value" lines followed (or interleaved) by
// data rows of the form "label | value | value ...", one value per series:
//
//	title: Services rated Good or Outstanding, comparator group
//	unit: %
//	series: 1 November 2018 | 1 November 2019
//	highlight: Devon
//	Devon | 80 | 82
//	Somerset | 77.5 | 79
//
// Keys: title (required), series (required when a row has more than one
// value), unit (optional; "%" is written straight after the number, "£" in
// front of it, anything else after a space), highlight (optional, one or more
// labels separated by "|"; those rows are drawn in bold on a shaded band),
// highlight series (optional, one series name: that series' values and its
// name in the legend are drawn in bold, for a chart whose series are areas,
// one of them the paper's own),
// max (optional axis maximum, else a round number above the largest value)
// and category (optional heading of the label column in the data table,
// "Category" when absent). A value of "-" or "n/a" means no data. Values must
// be zero or more; commas as thousands separators are allowed.
package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/carereport/carereport/report"
)

// Limits keep a chart readable and bound the work done on hostile input.
const (
	MaxRows   = 60
	MaxSeries = 6
)

// Value is one data point as written in the source.
type Value struct {
	Raw     string  // the number as written, e.g. "77.5" or "1,234"
	V       float64 // parsed value
	Missing bool    // written as "-" or "n/a"
}

// Row is one category (one group of bars).
type Row struct {
	Label     string
	Values    []Value // one per series
	Highlight bool
	Line      int // line in the chart source, 1-based
}

// Chart is a parsed chart block.
type Chart struct {
	Title    string
	Unit     string
	Category string   // heading of the label column in the data table
	Series   []string // series names; one empty name when the chart has no series key
	Max      float64  // axis maximum
	// HighlightSeries names the series drawn in bold (its values and its
	// name in the legend), "" for none: the highlight of a chart whose
	// series, not rows, are the areas compared.
	HighlightSeries string
	// Min is the axis minimum: 0, except for a line chart whose values
	// all lie well above zero (see axisMin), whose axis then starts at a
	// round number below the smallest value; the drawing says so.
	Min  float64
	Rows []Row
	// Line is true for a line chart ("type: line"): each row is a point
	// along the horizontal axis (a date), each series a line.
	Line bool
	// DataBelow ("data: below") says the table that follows the chart in
	// the document holds its figures (and more), so the renderers print no
	// data table of their own and keep the chart with that table.
	DataBelow bool
	// Map is set for a map ("type: map", map.go): points on an
	// authority's boundary. Its Rows and Series are then its data table,
	// the count of each category in each quarter of the map.
	Map *MapData
	// PlotHeight, when not zero, is a line chart's plot height in points
	// (default lineHeight): a page layout may draw the plot shorter, down
	// to MinLineHeight, to fit the room left on a page.
	PlotHeight float64
}

// Description says what kind of picture the chart is, for its text
// alternative.
func (c *Chart) Description() string {
	if c.Map != nil {
		return c.mapDescription()
	}
	var what string
	switch {
	case len(c.Rows) == 0 && c.Line:
		what = "Line chart"
	case len(c.Rows) == 0:
		what = "Horizontal bar chart"
	case c.Line:
		what = fmt.Sprintf("Line chart of %d points from %s to %s", len(c.Rows), c.Rows[0].Label, c.Rows[len(c.Rows)-1].Label)
		if c.HasLegend() {
			what += ", a line for each of " + report.JoinAnd(c.Series)
		}
		if c.Min > 0 {
			what += "; the vertical axis starts at " + c.withUnit(fmtNum(c.Min)) + ", not zero"
		}
	default:
		what = fmt.Sprintf("Horizontal bar chart of %d %s", len(c.Rows), report.Plural(len(c.Rows), "row", "rows"))
		if c.HasLegend() {
			what += ", with bars for " + report.JoinAnd(c.Series)
		}
	}
	return what + ". The table below gives the same figures."
}

// ParseError reports a problem at a line of the chart source.
type ParseError struct {
	Line int // 1-based line within the chart block
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

func errAt(line int, format string, args ...any) error {
	return &ParseError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

var knownKeys = map[string]bool{
	"title": true, "unit": true, "series": true, "highlight": true, "max": true, "category": true, "type": true,
	"data": true, "highlight series": true,
}

// splitKey reports whether line is a "key: value" line for a known key.
func splitKey(line string) (key, val string, ok bool) {
	i := strings.IndexByte(line, ':')
	if i <= 0 {
		return "", "", false
	}
	k := strings.ToLower(strings.TrimSpace(line[:i]))
	if !knownKeys[k] {
		return "", "", false
	}
	return k, strings.TrimSpace(line[i+1:]), true
}

func splitBar(s string) []string {
	parts := strings.Split(s, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// Parse reads a chart block (the contents of the fenced code block, without
// the fences). Errors are *ParseError values naming the offending line.
func Parse(src []byte) (*Chart, error) {
	// A lone carriage return ends a line, as it does in Markdown.
	src = []byte(strings.ReplaceAll(strings.ReplaceAll(string(src), "\r\n", "\n"), "\r", "\n"))
	if isMap(src) {
		return parseMap(src)
	}
	c := &Chart{}
	seen := map[string]int{}
	var highlights []string
	highlightLine := 0
	maxLine := 0
	hasMax := false
	seriesLine := 0
	hlSeriesLine := 0

	lines := strings.Split(string(src), "\n")
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		if line == "" {
			continue
		}
		escaped := strings.HasPrefix(line, `\`)
		if escaped {
			// A data row whose label would read as a key ("Title: x |
			// 5") is written with a backslash in front.
			line = line[1:]
		}
		if key, val, ok := splitKey(line); ok && !escaped {
			if prev, dup := seen[key]; dup {
				return nil, errAt(n, "%q given twice (first on line %d)", key, prev)
			}
			seen[key] = n
			switch key {
			case "title":
				if val == "" {
					return nil, errAt(n, "title is empty")
				}
				c.Title = val
			case "unit":
				c.Unit = val
			case "category":
				c.Category = val
			case "type":
				switch strings.ToLower(val) {
				case "bar":
				case "line":
					c.Line = true
				default:
					return nil, errAt(n, "type %q is not bar, line or map", val)
				}
			case "data":
				if !strings.EqualFold(val, "below") {
					return nil, errAt(n, "data %q: the only value is below (the table after the chart holds its figures)", val)
				}
				c.DataBelow = true
			case "series":
				names := splitBar(val)
				for _, s := range names {
					if s == "" {
						return nil, errAt(n, "series has an empty name")
					}
				}
				if len(names) > MaxSeries {
					return nil, errAt(n, "%d series given; at most %d are allowed", len(names), MaxSeries)
				}
				c.Series = names
				seriesLine = n
			case "highlight":
				for _, h := range splitBar(val) {
					if h != "" {
						highlights = append(highlights, h)
					}
				}
				highlightLine = n
			case "highlight series":
				if val == "" {
					return nil, errAt(n, "highlight series is empty")
				}
				c.HighlightSeries, hlSeriesLine = val, n
			case "max":
				v, err := parseNumber(val)
				if err != nil || v <= 0 {
					return nil, errAt(n, "max must be a number above zero, got %q", val)
				}
				c.Max = v
				hasMax = true
				maxLine = n
			}
			continue
		}
		if !strings.Contains(line, "|") {
			if i := strings.IndexByte(line, ':'); i > 0 {
				return nil, errAt(n, "unknown key %q (known: title, type, unit, series, highlight, highlight series, max, category, data)", strings.TrimSpace(line[:i]))
			}
			return nil, errAt(n, "expected \"key: value\" or \"label | value\", got %q", line)
		}
		parts := splitBar(line)
		if parts[0] == "" {
			return nil, errAt(n, "row has no label")
		}
		row := Row{Label: parts[0], Line: n}
		for _, p := range parts[1:] {
			v, err := parseValue(p)
			if err != nil {
				return nil, errAt(n, "row %q: %v", row.Label, err)
			}
			row.Values = append(row.Values, v)
		}
		if len(row.Values) == 0 {
			return nil, errAt(n, "row %q has no values", row.Label)
		}
		if len(c.Rows) == MaxRows {
			return nil, errAt(n, "too many rows; at most %d are allowed", MaxRows)
		}
		c.Rows = append(c.Rows, row)
	}

	if c.Title == "" {
		return nil, errAt(1, "chart has no title (add a \"title:\" line)")
	}
	if len(c.Rows) == 0 {
		return nil, errAt(len(lines), "chart has no data rows (\"label | value\")")
	}
	if c.Series == nil {
		if len(c.Rows[0].Values) > 1 {
			return nil, errAt(c.Rows[0].Line, "row %q has %d values but no \"series:\" line names them", c.Rows[0].Label, len(c.Rows[0].Values))
		}
		c.Series = []string{""}
	}
	for _, r := range c.Rows {
		if len(r.Values) != len(c.Series) {
			where := ""
			if seriesLine > 0 {
				where = fmt.Sprintf(" (series on line %d)", seriesLine)
			}
			return nil, errAt(r.Line, "row %q has %d values, want %d, one per series%s", r.Label, len(r.Values), len(c.Series), where)
		}
	}
	for _, h := range highlights {
		found := false
		for i := range c.Rows {
			if c.Rows[i].Label == h {
				c.Rows[i].Highlight = true
				found = true
			}
		}
		if !found {
			return nil, errAt(highlightLine, "highlight %q matches no row label", h)
		}
	}
	if c.HighlightSeries != "" && !c.hasSeries(c.HighlightSeries) {
		return nil, errAt(hlSeriesLine, "highlight series %q matches no series name", c.HighlightSeries)
	}
	if hasMax {
		if largest := c.largest(); c.Max < largest {
			return nil, errAt(maxLine, "max %s is below the largest value %s", fmtNum(c.Max), fmtNum(largest))
		}
	}
	if err := c.Finish(); err != nil {
		return nil, errAt(1, "%v", err)
	}
	return c, nil
}

// largest is the largest value of the chart's rows (0 with none).
func (c *Chart) largest() float64 {
	largest := 0.0
	for _, r := range c.Rows {
		for _, v := range r.Values {
			if !v.Missing && v.V > largest {
				largest = v.V
			}
		}
	}
	return largest
}

// Finish checks a chart built in code (or read by Parse) and fills in
// what is derived from its data: for a bar or line chart the axis
// maximum (when Max is 0, a round number above the largest value), a
// line chart's axis minimum, one unnamed series when Series is empty
// and the category heading "Category" when none is given; for a map
// (Map set, with its Boundary, Categories and Points), the boundary's
// polygons and frame, where each point falls, the counts by quarter and
// the data table's rows. Rows say themselves which are highlighted, and
// HighlightSeries which series.
// A chart Finish refuses (no title, no rows, a row with the wrong number
// of values, a value below zero, an axis maximum below the largest
// value, an unknown boundary) is an error saying what is wrong.
func (c *Chart) Finish() error {
	if strings.TrimSpace(c.Title) == "" {
		return fmt.Errorf("chart has no title")
	}
	if c.Category == "" {
		c.Category = "Category"
	}
	if c.Map != nil {
		return c.finishMap()
	}
	if len(c.Rows) == 0 {
		return fmt.Errorf("chart %q has no data rows", c.Title)
	}
	if len(c.Rows) > MaxRows {
		return fmt.Errorf("chart %q has %d rows; at most %d are allowed", c.Title, len(c.Rows), MaxRows)
	}
	if len(c.Series) == 0 {
		c.Series = []string{""}
	}
	if len(c.Series) > MaxSeries {
		return fmt.Errorf("chart %q has %d series; at most %d are allowed", c.Title, len(c.Series), MaxSeries)
	}
	for _, r := range c.Rows {
		if r.Label == "" {
			return fmt.Errorf("chart %q: a row has no label", c.Title)
		}
		if len(r.Values) != len(c.Series) {
			return fmt.Errorf("chart %q: row %q has %d values, want %d, one per series", c.Title, r.Label, len(r.Values), len(c.Series))
		}
		for _, v := range r.Values {
			if !v.Missing && (v.V < 0 || math.IsNaN(v.V) || math.IsInf(v.V, 0)) {
				return fmt.Errorf("chart %q: row %q: value %v is not a number of zero or more", c.Title, r.Label, v.V)
			}
		}
	}
	if c.HighlightSeries != "" && !c.hasSeries(c.HighlightSeries) {
		return fmt.Errorf("chart %q: the series to highlight, %q, is not among its series", c.Title, c.HighlightSeries)
	}
	largest := c.largest()
	switch {
	case c.Max == 0:
		c.Max = niceMax(largest)
	case c.Max < largest || math.IsNaN(c.Max):
		return fmt.Errorf("chart %q: max %s is below the largest value %s", c.Title, fmtNum(c.Max), fmtNum(largest))
	}
	c.Min = 0
	if c.Line {
		c.Min = axisMin(c)
	}
	return nil
}

func parseNumber(s string) (float64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return 0, fmt.Errorf("empty number")
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-' || r == '+' || r == 'e' || r == 'E') {
			return 0, fmt.Errorf("%q is not a number", s)
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || math.Abs(v) > 1e12 {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

func parseValue(s string) (Value, error) {
	switch strings.ToLower(s) {
	case "-", "n/a", "–":
		return Value{Raw: "n/a", Missing: true}, nil
	case "":
		return Value{}, fmt.Errorf("empty value (write - or n/a for no data)")
	}
	v, err := parseNumber(s)
	if err != nil {
		return Value{}, err
	}
	if v < 0 {
		return Value{}, fmt.Errorf("value %q is below zero; only values of zero or more can be charted", s)
	}
	return Value{Raw: s, V: v}, nil
}

// axisMin chooses where a line chart's vertical axis starts. Lines show
// change, not size, so when every value lies well above zero the axis
// starts at a round number (a multiple of the tick step) at least 40% of a
// step below the smallest value; it stays at zero when that number would
// be under a quarter of the maximum, where cutting the axis gains little.
// Bars are never cut: their length is the value.
func axisMin(c *Chart) float64 {
	lo, any := math.Inf(1), false
	for _, r := range c.Rows {
		for _, v := range r.Values {
			if !v.Missing {
				lo, any = math.Min(lo, v.V), true
			}
		}
	}
	if !any || lo <= 0 || lo >= c.Max {
		return 0
	}
	step := niceStep(c.Max - lo)
	m := math.Floor(lo/step+1e-9) * step
	if lo-m < 0.4*step {
		m -= step
	}
	if m < c.Max/4 {
		return 0
	}
	return m
}

// niceMax returns a round axis maximum at or above v.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	step := niceStep(v)
	return math.Ceil(v/step-1e-9) * step
}

// niceStep picks a step of 1, 2 or 5 times a power of ten giving about five
// intervals up to v.
func niceStep(v float64) float64 {
	raw := v / 5
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Format writes a value with the chart's unit, as shown in value labels and
// in the data table.
func (c *Chart) Format(v Value) string {
	if v.Missing {
		return "n/a"
	}
	return c.withUnit(v.Raw)
}

func (c *Chart) withUnit(num string) string {
	switch {
	case c.Unit == "":
		return num
	case c.Unit == "%":
		return num + "%"
	case c.Unit == "£" || c.Unit == "$" || c.Unit == "€":
		return c.Unit + num
	default:
		return num + " " + c.Unit
	}
}

// hasSeries reports whether one of the chart's series is named name.
func (c *Chart) hasSeries(name string) bool {
	for _, s := range c.Series {
		if s == name {
			return true
		}
	}
	return false
}

// seriesBold reports whether series i is the highlighted one.
func (c *Chart) seriesBold(i int) bool {
	return c.HighlightSeries != "" && c.Series[i] == c.HighlightSeries
}

// HasLegend reports whether the chart names its series (and so draws a
// legend).
func (c *Chart) HasLegend() bool { return !(len(c.Series) == 1 && c.Series[0] == "") }

// DataCaption is the caption of the data table that follows a chart:
// "Data for Figure 2: title" when the title is numbered, else "Data for
// the chart: title".
func DataCaption(title string) string {
	if rest, ok := strings.CutPrefix(title, "Figure "); ok {
		if n, t, ok := strings.Cut(rest, ": "); ok && n != "" && strings.Trim(n, "0123456789") == "" {
			return "Data for Figure " + n + ": " + t
		}
	}
	return "Data for the chart: " + title
}

// EscapeLabel writes a row label so that Parse reads it back as a label:
// one that would read as a "key: value" line, or that starts with a
// backslash, gets a backslash in front.
func EscapeLabel(s string) string {
	if _, _, ok := splitKey(s); ok || strings.HasPrefix(s, `\`) {
		return `\` + s
	}
	return s
}
