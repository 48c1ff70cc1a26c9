package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
)

const sample = `title: Services rated Good or Outstanding, comparator group
unit: %
series: 1 November 2018 | 1 November 2019
highlight: Devon

Devon | 80 | 82
Somerset | 77.5 | 79
Cornwall | - | 78.5
`

func TestParse(t *testing.T) {
	c, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Services rated Good or Outstanding, comparator group" || c.Unit != "%" {
		t.Errorf("title/unit = %q/%q", c.Title, c.Unit)
	}
	if len(c.Series) != 2 || c.Series[1] != "1 November 2019" {
		t.Errorf("series = %q", c.Series)
	}
	if len(c.Rows) != 3 {
		t.Fatalf("rows = %d", len(c.Rows))
	}
	if !c.Rows[0].Highlight || c.Rows[1].Highlight {
		t.Errorf("highlight wrong: %+v", c.Rows)
	}
	if c.Rows[1].Values[0].V != 77.5 || c.Rows[1].Line != 7 {
		t.Errorf("Somerset = %+v", c.Rows[1])
	}
	if !c.Rows[2].Values[0].Missing || c.Format(c.Rows[2].Values[0]) != "n/a" {
		t.Errorf("missing value = %+v", c.Rows[2].Values[0])
	}
	if c.Max != 100 {
		t.Errorf("max = %v, want 100", c.Max)
	}
	if c.Category != "Category" {
		t.Errorf("category = %q", c.Category)
	}
	if got := c.Format(c.Rows[1].Values[0]); got != "77.5%" {
		t.Errorf("format = %q", got)
	}
}

func TestParseSingleSeriesAndUnits(t *testing.T) {
	c, err := Parse([]byte("title: Spend\nunit: £\nmax: 5000\ncategory: Council\nLeeds | 1,234\nYork | 0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.HasLegend() {
		t.Error("single unnamed series should have no legend")
	}
	if got := c.Format(c.Rows[0].Values[0]); got != "£1,234" {
		t.Errorf("format = %q", got)
	}
	if c.Rows[0].Values[0].V != 1234 || c.Max != 5000 || c.Category != "Council" {
		t.Errorf("parsed %+v", c)
	}
	c2, err := Parse([]byte("title: Beds\nunit: beds\nA | 12\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c2.Format(c2.Rows[0].Values[0]); got != "12 beds" {
		t.Errorf("format = %q", got)
	}
}

func TestParseDataBelow(t *testing.T) {
	c, err := Parse([]byte("title: T\ndata: below\nA | 1\n"))
	if err != nil || !c.DataBelow {
		t.Fatalf("data: below: %v, DataBelow %v", err, c != nil && c.DataBelow)
	}
	c, err = Parse([]byte("title: T\nA | 1\n"))
	if err != nil || c.DataBelow {
		t.Fatalf("no data line: %v, DataBelow %v", err, c != nil && c.DataBelow)
	}
	// A row labelled like the key is escaped and read as a row.
	c, err = Parse([]byte("title: T\n" + EscapeLabel("Data: x") + " | 1\n"))
	if err != nil || c.DataBelow || len(c.Rows) != 1 || c.Rows[0].Label != "Data: x" {
		t.Fatalf("escaped label: %v %+v", err, c)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"no title", "A | 1\n", 1, "no title"},
		{"empty title", "title:\nA | 1\n", 1, "title is empty"},
		{"no rows", "title: T\n\n", 3, "no data rows"},
		{"bad number", "title: T\nA | 1\nB | x1\n", 3, `"x1" is not a number`},
		{"negative", "title: T\nA | -4\n", 2, "below zero"},
		{"too few values", "title: T\nseries: a | b\nA | 1 | 2\nB | 3\n", 4, "has 1 values, want 2"},
		{"values without series", "title: T\nA | 1 | 2\n", 2, "no \"series:\" line"},
		{"unknown key", "title: T\ncolour: red\nA | 1\n", 2, `unknown key "colour"`},
		{"junk line", "title: T\nA 1\n", 2, "expected"},
		{"duplicate key", "title: T\nunit: %\nunit: £\nA | 1\n", 3, "given twice (first on line 2)"},
		{"highlight missing", "title: T\nhighlight: Devon\nA | 1\n", 2, `highlight "Devon" matches no row`},
		{"max too small", "title: T\nmax: 50\nA | 80\n", 2, "below the largest value 80"},
		{"max not a number", "title: T\nmax: lots\nA | 80\n", 2, "max must be a number"},
		{"empty label", "title: T\n | 4\n", 2, "no label"},
		{"empty value", "title: T\nA | \n", 2, "empty value"},
		{"empty series name", "title: T\nseries: a || b\nA | 1 | 2 | 3\n", 2, "empty name"},
		{"infinite", "title: T\nA | 1e400\n", 2, "not a number"},
		{"data not below", "title: T\ndata: above\nA | 1\n", 2, "the only value is below"},
		{"highlight series missing", "title: T\nseries: a | b\nhighlight series: c\nA | 1 | 2\n", 3, `highlight series "c" matches no series name`},
		{"highlight series a row", "title: T\nseries: a | b\nhighlight series: A\nA | 1 | 2\n", 3, `highlight series "A" matches no series name`},
		{"highlight series empty", "title: T\nseries: a | b\nhighlight series:\nA | 1 | 2\n", 3, "highlight series is empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *ParseError", err)
			}
			if pe.Line != tc.line {
				t.Errorf("line = %d, want %d (%v)", pe.Line, tc.line, err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Errorf("error %q does not start with its line", err)
			}
		})
	}
}

func TestNiceMax(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{
		{82, 100}, {100, 100}, {7, 8}, {0.3, 0.3}, {1234, 1250}, {0, 1}, {48, 50},
	} {
		if got := niceMax(tc.in); got < tc.in || got > tc.want*1.0000001 || got < tc.want*0.9999999 {
			t.Errorf("niceMax(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestLayout(t *testing.T) {
	c, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	const width = 480
	d := c.Layout(width)
	if d.Height <= 0 || d.Width != width {
		t.Fatalf("size %vx%v", d.Width, d.Height)
	}
	var axisX float64
	for _, it := range d.Items {
		if it.Role == "axis" {
			axisX = it.X
		}
	}
	bars, bold := 0, 0
	for _, it := range d.Items {
		switch it.Role {
		case "bar":
			bars++
			if it.X < axisX-0.01 || it.X+it.W > width {
				t.Errorf("bar outside plot: %+v", it)
			}
		case "label":
			if it.Anchor != AnchorEnd || it.X > axisX {
				t.Errorf("label not left of the axis: %+v", it)
			}
			if it.X-TextWidth(it.Text, it.Size, it.Bold) < 0 {
				t.Errorf("label runs off the left edge: %+v", it)
			}
			if it.Bold {
				bold++
				if it.Text != "Devon" {
					t.Errorf("bold label %q, want only Devon", it.Text)
				}
			}
		case "value":
			if it.X+TextWidth(it.Text, it.Size, it.Bold) > width+0.01 {
				t.Errorf("value label runs off the right edge: %+v", it)
			}
		}
		if it.Y > d.Height || it.Y2 > d.Height {
			t.Errorf("item below the drawing: %+v", it)
		}
	}
	if bars != 5 { // six values, one missing
		t.Errorf("bars = %d, want 5", bars)
	}
	if bold != 1 {
		t.Errorf("bold labels = %d, want 1", bold)
	}
}

func TestSVGWellFormedAndEscaped(t *testing.T) {
	c, err := Parse([]byte("title: <b>T</b> & co\nseries: <i>one</i> | two & three\nhighlight: <script>alert(1)</script>\n<script>alert(1)</script> | 1 | 2\nA & B | 3 | 4\n"))
	if err != nil {
		t.Fatal(err)
	}
	svg := c.Layout(400).SVG("c1", "c1-caption", "desc & more")
	if bytes.Contains(svg, []byte("<script")) || bytes.Contains(svg, []byte("<i>")) {
		t.Errorf("markup leaked into SVG:\n%s", svg)
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "A &amp; B", "two &amp; three", `role="img"`, `aria-labelledby="c1-caption c1-desc"`} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	checkXML(t, svg)
}

func checkXML(t *testing.T, b []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, b)
		}
	}
}

func FuzzChartParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("title: T\nmax: 3\nA | 1\n"))
	f.Add([]byte("title: T\nseries: a|b|c\nx|1|2|3\ny|-|n/a|0\n"))
	f.Add([]byte("title: <&>\nunit: £\n\"q\" | 1e9\n"))
	f.Add([]byte(mapSample))
	f.Add([]byte("title: T\nunit: %\nseries: Heath | Vale\nhighlight series: Heath\nGP practices | 80 | 70\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Parse(src)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		d := c.Layout(480)
		if d.Height <= 0 {
			t.Fatalf("empty drawing")
		}
		checkXML(t, d.SVG("c", "c-cap", "d"))
		// What Marshal writes reads back as the same chart.
		src2 := Marshal(c)
		c2, err := Parse(src2)
		if err != nil {
			t.Fatalf("Marshal wrote a chart Parse refuses: %v\n%s", err, src2)
		}
		if !reflect.DeepEqual(forCompare(c), forCompare(c2)) {
			t.Fatalf("Marshal then Parse gives another chart:\n%s\n%+v\n%+v", src2, forCompare(c), forCompare(c2))
		}
	})
}

// forCompare drops where each row was written.
func forCompare(c *Chart) Chart {
	out := *c
	out.Rows = append([]Row(nil), c.Rows...)
	for i := range out.Rows {
		out.Rows[i].Line = 0
		out.Rows[i].Values = append([]Value(nil), out.Rows[i].Values...)
		for j, v := range out.Rows[i].Values {
			if v.Missing {
				out.Rows[i].Values[j] = Value{Missing: true}
			}
		}
	}
	return out
}

func TestMarshalRoundTrip(t *testing.T) {
	for _, src := range []string{sample, mapSample,
		"type: line\ntitle: Over time\ncategory: Date\nunit: %\nmax: 100\nseries: Heath | Others\n1 Jan 2020 | 80 | 70\n1 Apr 2020 | - | 72\n",
		"title: Keys\nhighlight: title: x\n\\title: x | 5\nB | 1,234\ndata: below\n",
		"title: Areas\nunit: %\nseries: Heath ¦ Vale | Others\nhighlight series: Heath ¦ Vale\n\\highlight series: x | 5 | 6\nGP practices | 80 | 70\n"} {
		c, err := Parse([]byte(src))
		if err != nil {
			t.Fatalf("%v\n%s", err, src)
		}
		c2, err := Parse(Marshal(c))
		if err != nil {
			t.Fatalf("%v\n%s", err, Marshal(c))
		}
		if !reflect.DeepEqual(forCompare(c), forCompare(c2)) {
			t.Errorf("round trip of\n%s\ngave\n%s", src, Marshal(c))
		}
	}
}

func TestLineChart(t *testing.T) {
	c, err := Parse([]byte("type: line\ntitle: Over time\nunit: %\nmax: 100\nseries: Heath | Others\n1 Jan 2020 | 80 | 70\n1 Apr 2020 | - | 72\n1 Jul 2020 | 84 | 74\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Line || !strings.HasPrefix(c.Description(), "Line chart") {
		t.Fatalf("not a line chart: %+v", c)
	}
	d := c.Layout(400)
	lines, markers := map[Color]int{}, 0
	var ends []string
	for _, it := range d.Items {
		switch it.Role {
		case "line":
			lines[it.Stroke]++
		case "marker":
			markers++
		case "value":
			ends = append(ends, it.Text)
		}
	}
	// Heath has a gap at April: no line across it, and no line of one
	// point on either side; Others is one line through its three points.
	if lines[Palette[0]] != 0 || lines[Palette[1]] != 1 || markers != 5 {
		t.Errorf("segments %v, markers %d", lines, markers)
	}
	if strings.Join(ends, ",") != "84%,74%" && strings.Join(ends, ",") != "74%,84%" {
		t.Errorf("end values %v", ends)
	}
	checkXML(t, d.SVG("c", "cap", c.Description()))
	if _, err := Parse([]byte("type: pie\ntitle: x\na | 1\n")); err == nil || !strings.Contains(err.Error(), `type "pie" is not bar, line or map`) {
		t.Errorf("bad type: %v", err)
	}
}

// A label that reads like a key is escaped by EscapeLabel and parsed back
// as the same label.
func TestEscapeLabel(t *testing.T) {
	for _, name := range []string{"Title: x", "max: 5", `\odd`, "Plain"} {
		src := "title: T\nhighlight: " + name + "\nseries: a\n" + EscapeLabel(name) + " | 5\nOther | 3\n"
		c, err := Parse([]byte(src))
		if err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		if c.Rows[0].Label != name || !c.Rows[0].Highlight {
			t.Errorf("%q read back as %q", name, c.Rows[0].Label)
		}
	}
}

// The picture for Word is drawn from the same layout, and the same
// drawing gives the same bytes.
func TestPNG(t *testing.T) {
	c, err := Parse([]byte("title: T\nunit: %\nmax: 100\nseries: 2020 | 2021\nhighlight: Heath\nHeath | 80 | 85\nVale | 70 | 72\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := c.Layout(450)
	a, err := d.PNG(200)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := d.PNG(200)
	if !bytes.Equal(a, b) || !bytes.HasPrefix(a, []byte("\x89PNG")) {
		t.Fatal("not the same PNG twice")
	}
	img, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if w := img.Bounds().Dx(); w != int(math.Ceil(450*200.0/72)) {
		t.Errorf("width %d", w)
	}
	// Some pixels are the bars' dark navy.
	navy := 0
	for y := 0; y < img.Bounds().Dy(); y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			r, g, bb, _ := img.At(x, y).RGBA()
			if r>>8 == 0x0b && g>>8 == 0x2f && bb>>8 == 0x5e {
				navy++
			}
		}
	}
	if navy < 100 {
		t.Errorf("%d navy pixels: the bars are not drawn", navy)
	}
}

// The text alternative says what the picture is of, not only its kind.
func TestDescription(t *testing.T) {
	cases := map[string]string{
		"title: T\nseries: 2020 | 2021\nA | 80 | 82\nB | 70 | 75\n": "Horizontal bar chart of 2 rows, with bars for 2020 and 2021. The table below gives the same figures.",
		"title: T\nA | 80\n": "Horizontal bar chart of 1 row. The table below gives the same figures.",
		"title: T\ntype: line\nseries: Devon | Comparators | All 4\n1 Feb 2019 | 81 | 87 | 84\n1 May 2019 | 83 | 86 | 84\n1 Aug 2019 | 83 | 86 | 85\n": "Line chart of 3 points from 1 Feb 2019 to 1 Aug 2019, a line for each of Devon, Comparators and All 4; the vertical axis starts at 75, not zero. The table below gives the same figures.",
		"title: T\ntype: line\nunit: %\nmax: 100\nA | 10\nB | 85\n":                                                                                    "Line chart of 2 points from A to B. The table below gives the same figures.",
	}
	for src, want := range cases {
		c, err := Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Description(); got != want {
			t.Errorf("%q:\n got %q\nwant %q", src, got, want)
		}
	}
}

// The trend of the issue: lines from 79% to 89% on an axis of 0 to 100
// sat on top of each other. The axis now starts from the data, says so
// and shows a break; a chart whose values come near zero keeps zero.
func TestLineAxisFromData(t *testing.T) {
	cases := []struct {
		src      string
		min      float64
		firstTck string
	}{
		{"type: line\ntitle: T\nunit: %\nmax: 100\nseries: Devon | Comparators | England\n1 Feb 2019 | 81 | 79 | 84\n1 Feb 2020 | 85 | 83 | 86\n1 Feb 2021 | 87 | 89 | 85\n", 75, "75%"},
		{"type: line\ntitle: T\nunit: %\nmax: 100\nA | 72\nB | 75\n", 60, "60%"},
		{"type: line\ntitle: T\nunit: %\nmax: 100\nA | 30\nB | 60\n", 0, "0%"},
		{"type: line\ntitle: T\nA | 0\nB | 60\n", 0, "0"},
		{"type: line\ntitle: T\nA | - \nB | -\n", 0, "0"},
		{"title: T\nunit: %\nmax: 100\nA | 81\nB | 89\n", 0, "0%"}, // bars start at zero
	}
	for _, tc := range cases {
		c, err := Parse([]byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		if c.Min != tc.min {
			t.Errorf("%q: axis starts at %v, want %v", tc.src, c.Min, tc.min)
		}
		ticks := c.Ticks()
		if tickLabel(c, ticks[0]) != tc.firstTck || ticks[len(ticks)-1] != c.Max {
			t.Errorf("%q: ticks %v", tc.src, ticks)
		}
		d := c.Layout(450)
		var notes []string
		breaks := 0
		for _, it := range d.Items {
			switch it.Role {
			case "note":
				notes = append(notes, it.Text)
				if it.Y > d.Height {
					t.Errorf("%q: note below the drawing", tc.src)
				}
			case "break":
				breaks++
			case "marker", "line":
				// Every point lies within the plot: none below the axis.
				for _, p := range it.Points {
					if p.Y > d.Height {
						t.Errorf("%q: %s below the drawing", tc.src, it.Role)
					}
				}
			}
		}
		if tc.min > 0 {
			want := "The vertical axis starts at " + tc.firstTck + ", not zero."
			if len(notes) != 1 || notes[0] != want || breaks != 3 {
				t.Errorf("%q: notes %q, break items %d; want %q and a break", tc.src, notes, breaks, want)
			}
			if !strings.Contains(c.Description(), "axis starts at "+tc.firstTck) {
				t.Errorf("%q: the text alternative does not say where the axis starts: %s", tc.src, c.Description())
			}
		} else if len(notes) != 0 || breaks != 0 {
			t.Errorf("%q: an axis from zero has notes %q and %d break items", tc.src, notes, breaks)
		}
	}
}

// Each line differs from every other by marker shape and dash pattern as
// well as colour, and the legend draws each the same way as its line.
func TestLineSeriesDistinct(t *testing.T) {
	c, err := Parse([]byte("type: line\ntitle: T\nunit: %\nmax: 100\nseries: A | B | C | D | E | F\n1 Jan | 80 | 81 | 82 | 83 | 84 | 85\n1 Apr | 81 | 82 | 83 | 84 | 85 | 86\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := c.Layout(450)
	type look struct {
		stroke Color
		dash   string
		npts   int // marker shape: how many corners
	}
	// A marker's shape: its corners, and 100 more when its first corner
	// is straight above its centre (a diamond, not a square).
	shapeOf := func(it Item) int {
		cx := 0.0
		for _, p := range it.Points {
			cx += p.X
		}
		cx /= float64(len(it.Points))
		if math.Abs(it.Points[0].X-cx) < 1e-6 {
			return 100 + len(it.Points)
		}
		return len(it.Points)
	}
	line := map[Color]look{}   // by colour: the line's dash
	marker := map[Color]int{}  // by fill colour: the marker's corners
	swatch := map[Color]look{} // the legend's line and marker
	for _, it := range d.Items {
		switch {
		case it.Role == "line":
			line[it.Stroke] = look{it.Stroke, fmt.Sprint(it.Dash), 0}
		case it.Role == "marker":
			if n, ok := marker[it.Fill]; ok && n != shapeOf(it) {
				t.Errorf("series %v has markers of two shapes", it.Fill)
			}
			marker[it.Fill] = shapeOf(it)
		case it.Role == "swatch" && it.Closed:
			l := swatch[it.Fill]
			l.npts = shapeOf(it)
			swatch[it.Fill] = l
		case it.Role == "swatch":
			l := swatch[it.Stroke]
			l.stroke, l.dash = it.Stroke, fmt.Sprint(it.Dash)
			swatch[it.Stroke] = l
		}
	}
	if len(line) != 6 || len(marker) != 6 || len(swatch) != 6 {
		t.Fatalf("%d line colours, %d marker colours, %d legend entries; want 6 each", len(line), len(marker), len(swatch))
	}
	seen := map[string]Color{}
	for col, l := range line {
		if sw := swatch[col]; sw.dash != l.dash || sw.npts != marker[col] {
			t.Errorf("legend of %v: dash %s marker %d, line has %s and %d", col, sw.dash, sw.npts, l.dash, marker[col])
		}
		k := fmt.Sprintf("%s/%d", l.dash, marker[col])
		if other, dup := seen[k]; dup {
			t.Errorf("series %v and %v both drawn with dash and marker %s", col, other, k)
		}
		seen[k] = col
	}
	// The first four series: four dash patterns and four shapes.
	dashSet, shapeSet := map[string]bool{}, map[int]bool{}
	for i := range 4 {
		st := seriesStyle(i)
		dashSet[fmt.Sprint(st.dash)] = true
		shapeSet[st.shape] = true
	}
	if len(dashSet) != 4 || len(shapeSet) != 4 {
		t.Errorf("the first four series share dashes or shapes: %v %v", dashSet, shapeSet)
	}
	svg := string(d.SVG("c", "cap", "d"))
	if !strings.Contains(svg, `stroke-dasharray="6 3"`) || !strings.Contains(svg, "<polygon") || !strings.Contains(svg, "<polyline") {
		t.Errorf("the SVG lacks dashes or markers")
	}
	checkXML(t, []byte(svg))
}

// The PNG dashes lines itself: the pieces cover the pattern's dashes and
// run on across corners.
func TestDashSegments(t *testing.T) {
	pts := []Point{{0, 0}, {10, 0}, {10, 10}}
	got := dashSegments(pts, []float64{4, 2})
	want := [][2]Point{{{0, 0}, {4, 0}}, {{6, 0}, {10, 0}}, {{10, 2}, {10, 6}}, {{10, 8}, {10, 10}}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("dashes %v, want %v", got, want)
	}
	if got := dashSegments(pts, nil); len(got) != 2 {
		t.Errorf("solid: %v", got)
	}
	if got := dashSegments(pts, []float64{0, 0}); len(got) != 2 {
		t.Errorf("an empty pattern draws solid: %v", got)
	}
}

// A highlighted series is drawn as a highlighted row is: its values in
// bold, and its name in the legend; the other series' are not. Its rows
// get no band (the band marks a row).
func TestLayoutHighlightSeries(t *testing.T) {
	c, err := Parse([]byte("title: T\nunit: %\nmax: 100\nseries: Heath | Comparators | England\nhighlight series: Heath\nGP practices | 80 | 70 | 75\nHospices | 60 | - | 65\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.HighlightSeries != "Heath" {
		t.Fatalf("highlighted series %q", c.HighlightSeries)
	}
	d := c.Layout(450)
	boldValues := map[string]bool{}
	var plainValues []string
	for _, it := range d.Items {
		switch it.Role {
		case "value":
			if it.Bold {
				boldValues[it.Text] = true
			} else {
				plainValues = append(plainValues, it.Text)
			}
		case "legend":
			if it.Bold != (it.Text == "Heath") {
				t.Errorf("legend %q bold %v", it.Text, it.Bold)
			}
		case "label":
			if it.Bold {
				t.Errorf("row label %q in bold: no row is highlighted", it.Text)
			}
		case "band":
			t.Error("a band drawn: no row is highlighted")
		}
	}
	if len(boldValues) != 2 || !boldValues["80%"] || !boldValues["60%"] {
		t.Errorf("bold values %v, want Heath's 80%% and 60%%", boldValues)
	}
	if strings.Join(plainValues, " ") != "70% 75% n/a 65%" {
		t.Errorf("plain values %q", plainValues)
	}
}
