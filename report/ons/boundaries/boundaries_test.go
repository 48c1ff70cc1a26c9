package boundaries

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/carereport/carereport/report/ons"
)

func mustDefault(t testing.TB) *Set {
	t.Helper()
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The 153 features are exactly the authorities of the population file's
// mid-2023 rows (the same April 2023 boundaries), code for code and name for
// name.
func TestBoundariesMatchPopulation(t *testing.T) {
	s := mustDefault(t)
	all := s.Authorities()
	if len(all) != 153 {
		t.Fatalf("%d authorities, want 153", len(all))
	}
	pop, err := ons.Default()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, r := range pop.Rows(2023) {
		if r.Code != ons.EnglandCode {
			want[r.Code] = r.Name
		}
	}
	for _, a := range all {
		if !regexp.MustCompile(`^E(06|08|09|10)\d{6}$`).MatchString(a.Code) {
			t.Errorf("%s %s is not an English upper-tier code", a.Code, a.Name)
		}
		if want[a.Code] != a.Name {
			t.Errorf("%s: boundary name %q, population name %q", a.Code, a.Name, want[a.Code])
		}
		if len(a.Polygons) == 0 {
			t.Errorf("%s has no polygons", a.Name)
		}
		got, err := s.Authority(a.Name)
		if err != nil || got.Code != a.Code {
			t.Errorf("%q does not resolve to itself: %v", a.Name, err)
		}
		delete(want, a.Code)
	}
	if len(want) != 0 {
		t.Errorf("population authorities without a boundary: %v", want)
	}
}

func TestAliasesResolve(t *testing.T) {
	s := mustDefault(t)
	for other, name := range ons.Aliases() {
		if name == "England" {
			continue
		}
		a, err := s.Authority(other)
		if err != nil || a.Name != name {
			t.Errorf("alias %q: %v %v, want %q", other, a, err, name)
		}
	}
}

// Every authority name of the national synthetic generator (CQC's
// spellings) has a boundary, except the two abolished before December 2023.
func TestGeneratorNamesResolve(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "shared", "tools", "gen_hsca.py"))
	if err != nil {
		t.Skipf("../shared/tools/gen_hsca.py not found (%v): the national name list is checked only where ../shared is present", err)
	}
	block := regexp.MustCompile(`(?s)REGIONS = \{(.*?)\n\}`).FindSubmatch(src)
	if block == nil {
		t.Fatal("gen_hsca.py: no REGIONS block")
	}
	var names []string
	for _, m := range regexp.MustCompile(`"[^"]+": "([^"]+)"`).FindAllSubmatch(block[1], -1) {
		names = append(names, strings.Split(string(m[1]), "|")...)
	}
	if len(names) < 140 {
		t.Fatalf("only %d names read", len(names))
	}
	s := mustDefault(t)
	gone := map[string]bool{"Cumbria": true, "Northamptonshire": true}
	var missing []string
	for _, n := range names {
		_, err := s.Authority(n)
		var nf *NotFoundError
		switch {
		case err == nil && gone[n]:
			t.Errorf("%s has a December 2023 boundary", n)
		case err != nil && !gone[n]:
			t.Errorf("%v", err)
		case err != nil && !errors.As(err, &nf):
			t.Errorf("%s: %v is not a NotFoundError", n, err)
		case err != nil:
			missing = append(missing, n)
		}
	}
	t.Logf("%d of %d generator names have a boundary; not found: %v", len(names)-len(missing), len(names), missing)
}

// Known places lie in their own authority and in no other: the enclaves
// (Leicester in Leicestershire, York in North Yorkshire, Nottingham) test
// the holes.
func TestKnownPoints(t *testing.T) {
	s := mustDefault(t)
	for _, c := range []struct {
		place    string
		lat, lon float64
		want     string
	}{
		{"Exeter", 50.7236, -3.5275, "Devon"},
		{"Leicester Clock Tower", 52.6364, -1.1345, "Leicester"},
		{"Loughborough", 52.7721, -1.2062, "Leicestershire"},
		{"York Minster", 53.9623, -1.0819, "York"},
		{"Northallerton", 54.3390, -1.4340, "North Yorkshire"},
		{"Nottingham Old Market Square", 52.9530, -1.1500, "Nottingham"},
		{"Bristol Temple Meads", 51.4492, -2.5813, "Bristol"},
		{"Hull Paragon", 53.7440, -0.3460, "Kingston upon Hull"},
		{"Durham Cathedral", 54.7733, -1.5765, "Durham"},
		{"Truro", 50.2632, -5.0510, "Cornwall"},
		{"Hugh Town, St Mary's", 49.9146, -6.3150, "Isles of Scilly"},
		{"Carlisle", 54.8925, -2.9329, "Cumberland"},
		{"Kendal", 54.3280, -2.7460, "Westmorland and Furness"},
		{"Birmingham New Street", 52.4778, -1.8990, "Birmingham"},
	} {
		p := Point{Lon: c.lon, Lat: c.lat}
		want, err := s.Authority(c.want)
		if err != nil {
			t.Fatal(err)
		}
		var in []string
		for _, a := range s.Authorities() {
			if a.Contains(p) {
				in = append(in, a.Name)
			}
		}
		if len(in) != 1 || in[0] != want.Name {
			t.Errorf("%s (%v, %v) lies in %v, want only %s", c.place, c.lat, c.lon, in, want.Name)
		}
	}
	// A point at sea, off Land's End, lies in no authority.
	for _, a := range s.Authorities() {
		if a.Contains(Point{Lon: -6.5, Lat: 50.5}) {
			t.Errorf("a point at sea lies in %s", a.Name)
		}
	}
}

func TestPolygonContains(t *testing.T) {
	sq := func(x0, y0, x1, y1 float64) Ring {
		return Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
	}
	donut := Polygon{sq(0, 0, 10, 10), sq(4, 4, 6, 6)}
	island := Polygon{sq(20, 0, 21, 1)}
	a := Authority{Polygons: []Polygon{donut, island}}
	for _, c := range []struct {
		p    Point
		want bool
	}{
		{Point{1, 1}, true},
		{Point{5, 5}, false}, // in the hole
		{Point{9.9, 5}, true},
		{Point{11, 5}, false},
		{Point{-1, 5}, false},
		{Point{20.5, 0.5}, true}, // the second polygon
		{Point{15, 0.5}, false},
	} {
		if got := a.Contains(c.p); got != c.want {
			t.Errorf("Contains(%v) = %v, want %v", c.p, got, c.want)
		}
	}
	sw, ne := a.Bounds()
	if sw != (Point{0, 0}) || ne != (Point{21, 10}) {
		t.Errorf("Bounds = %v %v", sw, ne)
	}
}

func TestNotFound(t *testing.T) {
	s := mustDefault(t)
	for _, n := range []string{"Cumbria", "Northamptonshire", "Midshire", "Wales", "Cardiff", "Devo"} {
		_, err := s.Authority(n)
		var nf *NotFoundError
		if !errors.As(err, &nf) || !strings.Contains(err.Error(), `no upper-tier authority named "`+n+`"`) {
			t.Errorf("%s: %v", n, err)
		}
	}
	if _, err := Polygons("Cumbria"); err == nil {
		t.Error("Polygons(Cumbria) found")
	}
	p, err := Polygons("devon")
	if err != nil || len(p) == 0 || len(p[0][0]) < 4 {
		t.Errorf("Polygons(devon) = %d polygons, %v", len(p), err)
	}
}

const sqRing = `[[0,0],[1,0],[1,1],[0,1],[0,0]]`

func feature(code, name, geom string) string {
	return `{"type":"Feature","properties":{"CTYUA23CD":"` + code + `","CTYUA23NM":"` + name + `"},"geometry":` + geom + `}`
}

func collection(fs ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(fs, ",") + `]}`
}

func TestParseErrors(t *testing.T) {
	poly := `{"type":"Polygon","coordinates":[` + sqRing + `]}`
	good := collection(feature("E06000001", "Hartlepool", poly),
		feature("E06000002", "Middlesbrough", `{"type":"MultiPolygon","coordinates":[[`+sqRing+`],[`+sqRing+`]]}`))
	s, err := Parse(strings.NewReader(good), "b.geojson")
	if err != nil {
		t.Fatalf("good file: %v", err)
	}
	if a, err := s.Authority("middlesbrough"); err != nil || len(a.Polygons) != 2 {
		t.Errorf("Middlesbrough: %v %v", a, err)
	}
	for _, c := range []struct{ in, want string }{
		{``, "b.geojson: not GeoJSON: unexpected end of JSON input"},
		{`{"type":"Feature"}`, `b.geojson: type is "Feature", want FeatureCollection`},
		{collection(), "b.geojson: no features"},
		{collection(`{"type":"Fish"}`), `b.geojson: feature 1 (): type is "Fish", want Feature`},
		{collection(feature("E6", "A", poly)), `feature 1 (E6): CTYUA23CD "E6" is not an ONS code`},
		{collection(feature("E06000001", " ", poly)), `feature 1 (E06000001): CTYUA23NM " " is empty`},
		{collection(feature("E06000001", "A", poly), feature("E06000001", "B", poly)), "feature 2 (E06000001): code given twice"},
		{collection(feature("E06000001", "Bristol", poly), feature("E06000002", "Bristol, City of", poly)), `feature 2 (E06000002): name "Bristol, City of" given twice`},
		{collection(feature("E06000001", "A", `null`)), "feature 1 (E06000001): no geometry"},
		{collection(feature("E06000001", "A", `{"type":"Point","coordinates":[0,0]}`)), `geometry type "Point", want Polygon or MultiPolygon`},
		{collection(feature("E06000001", "A", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`)), "polygon 1 ring 1: 3 points, a ring needs at least 4"},
		{collection(feature("E06000001", "A", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,2]]]}`)), "polygon 1 ring 1: not closed"},
		{collection(feature("E06000001", "A", `{"type":"Polygon","coordinates":[[[0,0],[1],[1,1],[0,0]]]}`)), "polygon 1 ring 1: point 2 has 1 numbers"},
		{collection(feature("E06000001", "A", `{"type":"Polygon","coordinates":[[[0,0],[181,0],[1,1],[0,0]]]}`)), "point 2 (181, 0) is not a longitude and latitude"},
		{collection(feature("E06000001", "A", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1e999],[0,0]]]}`)), "Polygon coordinates"},
		{collection(feature("E06000001", "A", `{"type":"Polygon","coordinates":[]}`)), "feature 1 (E06000001): polygon 1 has no rings"},
		{collection(feature("E06000001", "A", `{"type":"MultiPolygon","coordinates":[]}`)), "feature 1 (E06000001): no polygons"},
		{collection(feature("E06000001", "A", `{"type":"MultiPolygon","coordinates":[[]]}`)), "polygon 1 has no rings"},
		{collection(feature("E06000001", "A", `{"type":"Polygon","coordinates":"x"}`)), "Polygon coordinates: json: cannot unmarshal string"},
		{strings.Repeat(" ", maxBytes+1), "larger than"},
	} {
		_, err := Parse(strings.NewReader(c.in), "b.geojson")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%.80q) = %v, want %q", c.in, err, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(string(cty2023[:strings.Index(string(cty2023), "\n{\"type\":\"Feature\",\"properties\":{\"CTYUA23CD\":\"E06000003\"")-1]) + "]}")
	f.Add(collection(feature("E06000002", "M", `{"type":"MultiPolygon","coordinates":[[`+sqRing+`,`+sqRing+`]]}`)))
	f.Fuzz(func(t *testing.T, s string) {
		set, err := Parse(strings.NewReader(s), "f.geojson")
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error of more than one line: %q", err)
			}
			return
		}
		for _, a := range set.Authorities() {
			got, err := set.Authority(a.Name)
			if err != nil || got.Code != a.Code {
				t.Fatalf("%q not found by its own name: %v", a.Name, err)
			}
			for _, p := range a.Polygons {
				for _, r := range p {
					if len(r) < 4 || r[0] != r[len(r)-1] {
						t.Fatalf("%s: bad ring accepted: %v", a.Code, r)
					}
					_ = a.Contains(r[0])
				}
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(cty2023), "cty_2023.geojson"); err != nil {
			b.Fatal(err)
		}
	}
}
