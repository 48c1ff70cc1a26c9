package chart

import (
	"reflect"
	"strings"
	"testing"
)

// noLines forgets the source lines Parse records, which a chart built in
// code has not.
func noLines(c *Chart) *Chart {
	for i := range c.Rows {
		c.Rows[i].Line = 0
	}
	return c
}

// A chart built in code and finished is the chart Parse reads from its
// text: the same axis, series, defaults and, for a map, the same placing
// and counts.
func TestFinishBuiltEqualsParsed(t *testing.T) {
	built := &Chart{Title: "Good or better", Unit: "%", Series: []string{"2020", "2021"}, Line: true,
		Rows: []Row{
			{Label: "Devon", Values: []Value{{Raw: "81.5", V: 81.5}, {Raw: "84", V: 84}}, Highlight: true},
			{Label: "Torbay", Values: []Value{{Raw: "n/a", Missing: true}, {Raw: "79", V: 79}}},
		}}
	if err := built.Finish(); err != nil {
		t.Fatal(err)
	}
	parsed, err := Parse([]byte("type: line\ntitle: Good or better\nunit: %\nseries: 2020 | 2021\nhighlight: Devon\nDevon | 81.5 | 84\nTorbay | - | 79\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(built, noLines(parsed)) {
		t.Errorf("built %+v\nparsed %+v", built, parsed)
	}
	if built.Max != 100 || built.Min != 75 || built.Category != "Category" {
		t.Errorf("axis %v to %v, category %q", built.Min, built.Max, built.Category)
	}

	m := &Chart{Title: "Care homes in Devon by rating", Category: "Rating", Map: &MapData{Boundary: "Devon",
		Categories: []string{"Outstanding", "Good", "Requires Improvement", "Inadequate"}}}
	for _, p := range []MapPoint{{Cat: 1, Lon: -3.49, Lat: 50.902}, {Cat: 3, Lon: -3.47, Lat: 50.91}, {Cat: 0, Lon: -4.058, Lat: 51.08},
		{Cat: 2, Lon: -3.687, Lat: 50.431}, {Cat: 1, Lon: -4.144, Lat: 50.55}, {Cat: 1, Lon: 2.3522, Lat: 48.8566}} {
		m.Map.Points = append(m.Map.Points, p)
	}
	if err := m.Finish(); err != nil {
		t.Fatal(err)
	}
	pm, err := Parse([]byte(mapSample))
	if err != nil {
		t.Fatal(err)
	}
	for i := range pm.Rows {
		m.Rows[i].Line = pm.Rows[i].Line
	}
	if !reflect.DeepEqual(m, pm) {
		t.Errorf("built map %+v\nparsed %+v", m.Map.Counts, pm.Map.Counts)
	}
}

// Finish refuses a chart it cannot draw, saying why.
func TestFinishErrors(t *testing.T) {
	row := func(l string, vs ...float64) Row {
		r := Row{Label: l}
		for _, v := range vs {
			r.Values = append(r.Values, Value{Raw: "x", V: v})
		}
		return r
	}
	for _, c := range []struct {
		c    *Chart
		want string
	}{
		{&Chart{Rows: []Row{row("a", 1)}}, "no title"},
		{&Chart{Title: "T"}, "no data rows"},
		{&Chart{Title: "T", Series: []string{"x", "y"}, Rows: []Row{row("a", 1)}}, `row "a" has 1 values, want 2`},
		{&Chart{Title: "T", Rows: []Row{row("a", -1)}}, "zero or more"},
		{&Chart{Title: "T", Max: 5, Rows: []Row{row("a", 10)}}, "max 5 is below the largest value 10"},
		{&Chart{Title: "T", Rows: []Row{row("", 1)}}, "no label"},
		{&Chart{Title: "T", Rows: make([]Row, MaxRows+1)}, "at most 60"},
		{&Chart{Title: "T", Series: []string{"x", "y"}, HighlightSeries: "z", Rows: []Row{row("a", 1, 2)}}, `the series to highlight, "z", is not among its series`},
		{&Chart{Title: "T", Map: &MapData{Boundary: "Atlantis", Categories: []string{"a"}}}, "Atlantis"},
		{&Chart{Title: "T", Map: &MapData{Boundary: "Devon", Categories: []string{"a"}, Points: []MapPoint{{Cat: 2}}}}, "category 2"},
	} {
		if err := c.c.Finish(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %q", c.c, err, c.want)
		}
	}
}

// A map's coordinates are written to five places, as the paper gives
// them, and in full where five would change them.
func TestMarshalCoordinates(t *testing.T) {
	c := &Chart{Title: "M", Map: &MapData{Boundary: "Devon", Categories: []string{"a"},
		Points: []MapPoint{{Lon: -3.4, Lat: 50.8598}, {Lon: -3.123456789, Lat: 50.5}}}}
	if err := c.Finish(); err != nil {
		t.Fatal(err)
	}
	out := string(Marshal(c))
	for _, want := range []string{"a | -3.40000 | 50.85980\n", "a | -3.123456789 | 50.50000\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	back, err := Parse([]byte(out))
	if err != nil || back.Map.Points[1].Lon != -3.123456789 {
		t.Errorf("read back %v, %v", back, err)
	}
}
