package ons

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
)

// England's all-ages total as published in each year's own workbook (the
// ENGLAND row, code E92000001, of sheet "MYE2 - Persons"; "MYE2-All" for
// mid-2018); SOURCES.md names the files. The mid-2022 figure is also the
// one issue 19 quotes.
var publishedEngland = map[int]int{
	2018: 55_977_178,
	2019: 56_286_961,
	2020: 56_550_138,
	2021: 56_536_419,
	2022: 57_106_398,
	2023: 57_690_323,
	2024: 58_620_101,
}

// Upper-tier authorities in England on each year's boundaries: 151 to
// mid-2019 (Northamptonshire a county; Buckinghamshire a county in
// mid-2018, unitary from mid-2019), 152 from mid-2020 (North and West
// Northamptonshire), 153 from mid-2022 (Cumberland, Westmorland and
// Furness; North Yorkshire and Somerset unitary).
var authoritiesIn = map[int]int{2018: 151, 2019: 151, 2020: 152, 2021: 152, 2022: 153, 2023: 153, 2024: 153}

func mustDefault(t testing.TB) *Populations {
	t.Helper()
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEmbeddedPopulationAddsUp(t *testing.T) {
	p := mustDefault(t)
	if got, want := p.Years(), []int{2018, 2019, 2020, 2021, 2022, 2023, 2024}; !slices.Equal(got, want) {
		t.Fatalf("years %v, want %v", got, want)
	}
	for _, year := range p.Years() {
		var eng Row
		var sum Row
		n := 0
		seen := map[string]bool{}
		for _, r := range p.Rows(year) {
			if seen[r.Code] {
				t.Errorf("%d: %s twice", year, r.Code)
			}
			seen[r.Code] = true
			if r.Age18to64+r.Age65Plus > r.AllAges || r.Age75Plus > r.Age65Plus ||
				r.Age0to17+r.Age18to64+r.Age65Plus != r.AllAges {
				t.Errorf("%d %s %s: bands inconsistent: %+v", year, r.Code, r.Name, r)
			}
			if r.Code == EnglandCode {
				eng = r
				continue
			}
			if !regexp.MustCompile(`^E(06|08|09|10)\d{6}$`).MatchString(r.Code) {
				t.Errorf("%d: %s %s is not an upper-tier authority code", year, r.Code, r.Name)
			}
			n++
			sum.AllAges += r.AllAges
			sum.Age0to17 += r.Age0to17
			sum.Age18to64 += r.Age18to64
			sum.Age65Plus += r.Age65Plus
			sum.Age75Plus += r.Age75Plus
		}
		if n != authoritiesIn[year] {
			t.Errorf("mid-%d: %d authorities, want %d", year, n, authoritiesIn[year])
		}
		if eng.AllAges != publishedEngland[year] {
			t.Errorf("mid-%d: England row %d, published %d", year, eng.AllAges, publishedEngland[year])
		}
		if sum.AllAges != publishedEngland[year] {
			t.Errorf("mid-%d: the %d authorities add up to %d, England's published total is %d",
				year, n, sum.AllAges, publishedEngland[year])
		}
		sum.Year, sum.Code, sum.Name = eng.Year, eng.Code, eng.Name
		if sum != eng {
			t.Errorf("mid-%d: authorities' bands add up to %+v, England row %+v", year, sum, eng)
		}
	}
}

func TestPopulationKnownFigures(t *testing.T) {
	p := mustDefault(t)
	for _, c := range []struct {
		name string
		year int
		code string
		all  int
	}{
		{"England", 2022, EnglandCode, 57_106_398},
		{"Leicestershire", 2022, "E10000018", 722_155}, // issue 19
		{"Leicestershire", 2019, "E10000018", 706_155},
		{"Devon", 2024, "E10000008", 0},
	} {
		r, err := p.InYear(c.name, c.year)
		if err != nil {
			t.Fatal(err)
		}
		if r.Code != c.code || r.Year != c.year || (c.all != 0 && r.AllAges != c.all) {
			t.Errorf("%s mid-%d: %+v, want code %s all ages %d", c.name, c.year, r, c.code, c.all)
		}
	}
}

func TestNearestYear(t *testing.T) {
	p := mustDefault(t)
	for _, c := range []struct {
		asAt string
		want int
	}{
		{"2019-11-01", 2019},
		{"2020-01-01", 2020}, // 185 days after mid-2019, 181 before mid-2020
		{"2019-12-30", 2019}, // 183 days from each: the earlier
		{"2019-12-31", 2020},
		{"2024-03-01", 2024},
		{"2023-06-30", 2023},
		{"2030-01-01", 2024}, // after the last year: the last, and Row.Year says so
		{"2001-01-01", 2018},
	} {
		if got := p.NearestYear(report.MustDate(c.asAt)); got != c.want {
			t.Errorf("NearestYear(%s) = %d, want %d", c.asAt, got, c.want)
		}
	}
}

func TestPopulationLookup(t *testing.T) {
	r, err := Population("Bristol", report.MustDate("2023-11-01"))
	if err != nil || r.Name != "Bristol, City of" || r.Year != 2023 || r.Code != "E06000023" {
		t.Errorf("Bristol 2023-11-01: %+v, %v", r, err)
	}
	r, err = Population("  kingston UPON hull ", report.MustDate("2019-11-01"))
	if err != nil || r.Name != "Kingston upon Hull, City of" || r.Year != 2019 {
		t.Errorf("Hull: %+v, %v", r, err)
	}
	// Cumbria was abolished in April 2023: mid-2022 on is on the new
	// boundaries, and no other year is put in its place.
	_, err = Population("Cumbria", report.MustDate("2024-03-01"))
	var nf *NotFoundError
	if !errors.As(err, &nf) || nf.Year != 2024 || !slices.Equal(nf.Years, []int{2018, 2019, 2020, 2021}) {
		t.Fatalf("Cumbria 2024: %v", err)
	}
	if want := `no mid-2024 estimate for "Cumbria" on that year's boundaries (the file has it for mid-2018, mid-2019, mid-2020 and mid-2021)`; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want it to contain %q", err, want)
	}
	r, err = Population("Cumbria", report.MustDate("2021-11-01"))
	if err != nil || r.Year != 2021 || r.Code != "E10000006" {
		t.Errorf("Cumbria 2021: %+v, %v", r, err)
	}
	_, err = Population("North Northamptonshire", report.MustDate("2019-11-01"))
	if !errors.As(err, &nf) || nf.Year != 2019 || nf.Years[0] != 2020 {
		t.Errorf("North Northamptonshire 2019: %v", err)
	}
	_, err = Population("Midshire", report.MustDate("2025-11-01"))
	if !errors.As(err, &nf) || len(nf.Years) != 0 || !strings.Contains(err.Error(), "in any year") {
		t.Errorf("Midshire: %v", err)
	}
	// No fuzzy matching: a near miss is not found.
	if _, err = Population("Leicestershir", report.MustDate("2022-11-01")); err == nil {
		t.Error("a misspelt name was found")
	}
}

// CQC's and councils' spellings that differ from ONS's.
func TestCQCSpellings(t *testing.T) {
	p := mustDefault(t)
	for cqc, want := range map[string]string{
		"Bristol":                            "Bristol, City of",
		"Herefordshire":                      "Herefordshire, County of",
		"Kingston upon Hull":                 "Kingston upon Hull, City of",
		"Durham":                             "County Durham",
		"County Durham":                      "County Durham",
		"St Helens":                          "St. Helens",
		"Southend":                           "Southend-on-Sea",
		"Stoke on Trent":                     "Stoke-on-Trent",
		"Bournemouth Christchurch and Poole": "Bournemouth, Christchurch and Poole",
		"City of York":                       "York",
	} {
		r, err := p.InYear(cqc, 2023)
		if err != nil || r.Name != want {
			t.Errorf("%q: %+v %v, want %q", cqc, r, err, want)
		}
	}
}

// Every alias points at a name ONS uses in some year, so the table cannot
// quietly rot.
func TestAliasesPointAtONSNames(t *testing.T) {
	p := mustDefault(t)
	for other, ons := range Aliases() {
		if other != report.NameKey(other) {
			t.Errorf("alias key %q is not a NameKey", other)
		}
		found := false
		for _, y := range p.Years() {
			if _, err := p.InYear(ons, y); err == nil {
				found = true
			}
		}
		if !found {
			t.Errorf("alias %q -> %q: ONS has no such authority", other, ons)
		}
	}
}

// genHSCANames reads the authority names of the national synthetic
// generator, which spells them as CQC's files do.
func genHSCANames(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "tools", "gen_hsca.py"))
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
		t.Fatalf("gen_hsca.py: only %d names read", len(names))
	}
	return names
}

func TestGeneratorNamesResolve(t *testing.T) {
	names := genHSCANames(t)
	p := mustDefault(t)
	// The generator's list is of the 2019 boundaries, so these are the
	// only names a later year may lack.
	gone := map[string]int{"Cumbria": 2022, "Northamptonshire": 2020}
	for _, y := range p.Years() {
		var missing []string
		for _, n := range names {
			_, err := p.InYear(n, y)
			if err == nil {
				if from, ok := gone[n]; ok && y >= from {
					t.Errorf("%s found in mid-%d, after it was abolished", n, y)
				}
				continue
			}
			missing = append(missing, n)
			if from, ok := gone[n]; !ok || y < from {
				t.Errorf("mid-%d: %v", y, err)
			}
		}
		t.Logf("mid-%d: %d of %d generator names found; not found: %v", y, len(names)-len(missing), len(names), missing)
	}
}

// The authorities of the project's real CQC records resolve; the invented
// ones of the synthetic sample do not.
func TestSampleNames(t *testing.T) {
	p := mustDefault(t)
	real := map[string]bool{}
	for _, f := range []string{
		filepath.Join("..", "..", "testdata", "cqc", "api-sample-2021-02.jsonl"),
		filepath.Join("..", "..", "testdata", "cqc", "api-2025-ealing.jsonl"),
		filepath.Join("..", "..", "..", "shared", "data", "cqc", "api-locations-southwest-2021-02.jsonl"),
	} {
		data, err := os.ReadFile(f)
		if os.IsNotExist(err) && strings.Contains(f, "shared") {
			t.Logf("%s absent: Devon and Somerset are checked only where ../shared is present", f)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var rec struct{ LocalAuthority string }
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatal(err)
			}
			real[rec.LocalAuthority] = true
		}
	}
	if len(real) < 3 {
		t.Fatalf("only %d authorities in the real records: %v", len(real), real)
	}
	t.Logf("authorities of the real CQC records: %v", real)
	for n := range real {
		if _, err := p.InYear(n, 2021); err != nil {
			t.Errorf("real authority %q: %v", n, err)
		}
	}
	for _, n := range []string{"Midshire", "Eastmoor", "Fenwick", "Northvale", "Southdown", "Westbury"} {
		if _, err := p.Population(n, report.MustDate("2025-11-01")); err == nil {
			t.Errorf("invented authority %q was found", n)
		}
	}
}

func TestParsePopulationErrors(t *testing.T) {
	const head = "year,code,name,all_ages,age_0_17,age_18_64,age_65_plus,age_75_plus\n"
	good := "2022,E10000018,Leicestershire,100,20,50,30,10\n"
	if _, err := ParsePopulation(strings.NewReader(head+good), "p.csv"); err != nil {
		t.Fatalf("good file: %v", err)
	}
	for _, c := range []struct{ in, want string }{
		{"", "p.csv: header: EOF"},
		{"year,code\n", "p.csv: header: line 1: wrong number of fields"},
		{strings.Replace(head, "age_75_plus", "age_85_plus", 1), `p.csv:1: column 8 is "age_85_plus", want "age_75_plus"`},
		{head, "p.csv: no rows"},
		{head + "2022,E10000018,Leicestershire,100,20,50,30\n", "p.csv: line 2: wrong number of fields"},
		{head + "22,E10000018,Leicestershire,100,20,50,30,10\n", `p.csv:2: year "22" is not a year`},
		{head + "2022,Leics,Leicestershire,100,20,50,30,10\n", `p.csv:2: code "Leics" is not an ONS code`},
		{head + "2022,E10000018, ,100,20,50,30,10\n", `p.csv:2: name " " is empty`},
		{head + "2022,E10000018,Leicestershire,100,20,50,30,-1\n", `p.csv:2: age_75_plus "-1" is not a count`},
		{head + "2022,E10000018,Leicestershire,1e2,20,50,30,10\n", `p.csv:2: all_ages "1e2" is not a count`},
		{head + "2022,E10000018,Leicestershire,0100,20,50,30,10\n", `p.csv:2: all_ages "0100" is not a count`},
		{head + "2022,E10000018,Leicestershire,101,20,50,30,10\n", "p.csv:2: age bands of E10000018 add up to 100, all_ages is 101"},
		{head + "2022,E10000018,Leicestershire,100,20,50,30,31\n", "p.csv:2: age_75_plus 31 is more than age_65_plus 30"},
		{head + good + good, "p.csv:3: E10000018 appears twice in 2022"},
		{head + good + "2022,E10000019,leicestershire,100,20,50,30,10\n", `p.csv:3: "leicestershire" appears twice in 2022`},
		{head + good + "2022,E06000023,Bristol,100,20,50,30,10\n2022,E06000024,\"Bristol, City of\",100,20,50,30,10\n", `p.csv:4: "Bristol, City of" appears twice in 2022`},
		{head + "2022,E10000018,\"Leic\n", "p.csv: line 2: extraneous or missing"},
		{head + strings.Repeat(good, 1) + strings.Repeat("x", maxPopulationBytes), "larger than"},
	} {
		_, err := ParsePopulation(strings.NewReader(c.in), "p.csv")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParsePopulation(%.60q) = %v, want %q", c.in, err, c.want)
		}
	}
}

func FuzzParsePopulation(f *testing.F) {
	f.Add(string(populationCSV[:2000]))
	f.Add("year,code,name,all_ages,age_0_17,age_18_64,age_65_plus,age_75_plus\n2022,E10000018,\"A, B\",100,20,50,30,10\n")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePopulation(strings.NewReader(s), "f.csv")
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error of more than one line: %q", err)
			}
			return
		}
		for _, y := range p.Years() {
			for _, r := range p.Rows(y) {
				if r.Age0to17+r.Age18to64+r.Age65Plus != r.AllAges || r.Age75Plus > r.Age65Plus {
					t.Fatalf("inconsistent row accepted: %+v", r)
				}
				if got, err := p.InYear(r.Name, y); err != nil || got != r {
					t.Fatalf("row %+v not found by its own name: %+v %v", r, got, err)
				}
			}
		}
	})
}

func BenchmarkParsePopulation(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParsePopulation(bytes.NewReader(populationCSV), "population.csv"); err != nil {
			b.Fatal(err)
		}
	}
}
