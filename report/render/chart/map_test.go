package chart

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

// Tiverton (north-east of the centre of Devon's bounding box, which runs
// from Lundy to Lyme Regis and from Bideford Bay to Start Point),
// Barnstaple (north-west), Totnes (south-east), Tavistock (south-west),
// and a point in Paris, which is not placed.
const mapSample = `type: map
title: Care homes in Devon by rating
boundary: Devon
category: Rating
categories: Outstanding | Good | Requires Improvement | Inadequate
Good | -3.4900 | 50.9020
Inadequate | -3.4700 | 50.9100
Outstanding | -4.0580 | 51.0800
Requires Improvement | -3.6870 | 50.4310
Good | -4.1440 | 50.5500
Good | 2.3522 | 48.8566
`

func TestParseMap(t *testing.T) {
	c, err := Parse([]byte(mapSample))
	if err != nil {
		t.Fatal(err)
	}
	m := c.Map
	if m == nil || m.Boundary != "Devon" || len(m.Points) != 6 || len(m.Polygons) == 0 {
		t.Fatalf("map %+v", m)
	}
	// Devon's box: about -4.68 to -2.89 east, 50.20 to 51.25 north, so the
	// centre is near (-3.78, 50.73).
	f := m.Frame
	if f.Centre.Lon < -3.9 || f.Centre.Lon > -3.7 || f.Centre.Lat < 50.6 || f.Centre.Lat > 50.8 {
		t.Fatalf("centre %v", f.Centre)
	}
	want := [][4]int{{1, 0, 0, 0}, {0, 1, 1, 0}, {0, 0, 0, 1}, {0, 1, 0, 0}}
	for i := range want {
		if m.Counts[i] != want[i] {
			t.Errorf("%s: %v, want %v", m.Categories[i], m.Counts[i], want[i])
		}
	}
	if m.Unplaced[1] != 1 {
		t.Errorf("the point in France is placed: %v", m.Unplaced)
	}
	// The data table: a row per category, a column per quarter.
	if len(c.Rows) != 4 || strings.Join(c.Series, ",") != "North-west,North-east,South-west,South-east" || c.Rows[1].Values[2].Raw != "1" || c.Category != "Rating" {
		t.Errorf("table %v %+v", c.Series, c.Rows)
	}
	desc := c.Description()
	for _, w := range []string{
		"Map of Devon with 5 points, each marked by its category (Outstanding: dark green circles; Good: blue squares; Requires Improvement: orange triangles; Inadequate: red diamonds).",
		"In the north-west quarter of the map (divided at the centre of the authority's extent): 1 Outstanding;",
		"north-east: 1 Good and 1 Inadequate; south-west: 1 Good; south-east: 1 Requires Improvement.",
		"1 point lies outside the map and is not drawn.",
	} {
		if !strings.Contains(desc, w) {
			t.Errorf("description lacks %q:\n%s", w, desc)
		}
	}
	// The drawing: the boundary, and one mark per placed point, each
	// category its own shape (a different number of corners or a turn).
	d := c.Layout(450)
	marks := map[int]int{}
	legend := 0
	for _, it := range d.Items {
		if it.Kind == KindPath && it.Role == "marker" {
			marks[len(it.Points)]++
		}
		if it.Role == "legend" {
			legend++
		}
	}
	// Legend marks and map marks: circle 16 corners (1 + 1), squares and
	// diamonds 4 (1 + 2 Good, 1 + 1 Inadequate), triangle 3 (1 + 1).
	if marks[16] != 2 || marks[4] != 5 || marks[3] != 2 || legend != 4 {
		t.Errorf("marks by corners %v, legend %d", marks, legend)
	}
	if d.Height <= 0 || d.Height > mapMaxHeight+60 {
		t.Errorf("height %v", d.Height)
	}
	svg := d.SVG("m", "cap", desc)
	checkXML(t, svg)
	if bytes.Count(svg, []byte("<polygon ")) < 10 {
		t.Error("the SVG draws no polygons")
	}
	b, err := d.PNG(150)
	if err != nil {
		t.Fatal(err)
	}
	if img, err := png.Decode(bytes.NewReader(b)); err != nil || img.Bounds().Dx() < 900 {
		t.Errorf("PNG: %v", err)
	}
	// Same source, same bytes.
	c2, _ := Parse([]byte(mapSample))
	if !bytes.Equal(c2.Layout(450).SVG("m", "cap", desc), svg) {
		t.Error("two layouts of one map differ")
	}
}

func TestParseMapErrors(t *testing.T) {
	head := "type: map\ntitle: T\n"
	for _, c := range []struct{ src, want string }{
		{head + "categories: A\nA | 1 | 50\n", `line 1: a map needs a "boundary:" line`},
		{head + "boundary: Devon\nA | 1 | 50\n", `line 1: a map needs a "categories:" line`},
		{head + "boundary: Midshire\ncategories: A\n", `line 3: ONS boundaries (December 2023): no upper-tier authority named "Midshire"`},
		{head + "boundary: Devon\ncategories: A | B\nC | -3 | 50\n", `line 5: row "C" is not one of the categories (A, B)`},
		{head + "boundary: Devon\ncategories: A\nA | -3 | 95\n", `line 5: row "A": "-3" and "95" are not a longitude and a latitude`},
		{head + "boundary: Devon\ncategories: A\nA | x | 50\n", `are not a longitude and a latitude`},
		{head + "boundary: Devon\ncategories: A\nA | -3\n", `line 5: a map row is "category | longitude | latitude"`},
		{head + "boundary: Devon\ncategories: A | A\n", `line 4: category "A" given twice`},
		{head + "boundary: Devon\ncategories: A\nhighlight: A\n", `line 5: unknown key "highlight"`},
		{head + "boundary: Devon\nboundary: Devon\n", `line 4: "boundary" given twice (first on line 3)`},
		{"type: map\nboundary: Devon\ncategories: A\n", `line 1: chart has no title`},
	} {
		_, err := Parse([]byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got %v\nwant %s", c.src, err, c.want)
		}
	}
	var b strings.Builder
	b.WriteString(head + "boundary: Devon\ncategories: A\n")
	for range MaxMapPoints + 1 {
		b.WriteString("A | -3.5 | 50.7\n")
	}
	if _, err := Parse([]byte(b.String())); err == nil || !strings.Contains(err.Error(), "too many rows") {
		t.Errorf("too many points: %v", err)
	}
}
