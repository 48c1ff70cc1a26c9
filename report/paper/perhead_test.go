package paper

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/report/cqc"
)

// The sentence on services per head, worked by hand on the made-up Heath
// (8 care homes, 7 community-based services) and its comparators:
//
//	Heath:       8 / 8,000 aged 65+ x 10,000 = 10.0;   7 / 20,000 aged 18+ x 10,000 = 3.5
//	Comparators: 10 / 6,000 = 16.66..., 16.7 (Heath 40% lower: fewer);
//	             10 / 28,000 = 3.57..., 3.6 (Heath 2% lower: similar)
//	All 3:       30 / 30,000 = 10.0 (similar);   25 / 70,000 = 3.57..., 3.6 (similar)
func TestServicesPerHeadSentence(t *testing.T) {
	r := result()
	r.England, r.EnglandAuthorities = mkArea("England", counts(2, 20, 2, 0, 0), counts(2, 20, 3, 0, 0)), 3
	r.PerHead = &cqc.PerHead{Year: 2021,
		Authority:   &cqc.HeadCount{Homes: 8, Community: 7, Pop65: 8000, Pop18: 20000, N: 1},
		Comparators: &cqc.HeadCount{Homes: 10, Community: 10, Pop65: 6000, Pop18: 28000, N: 2},
		England:     &cqc.HeadCount{Homes: 30, Community: 25, Pop65: 30000, Pop18: 70000, N: 3}}
	r.DeclareTables()
	got := newSentences(r, 3).servicesPerHead()
	want := "By ONS's mid-2021 population estimates, Heath has 10.0 care homes for every 10,000 people aged 65 and over, fewer than its comparator authorities taken together (16.7) and similar to the 3 authorities in the data (10.0); and 3.5 community-based services for every 10,000 adults aged 18 and over, similar to its comparator authorities taken together (3.6) and similar to the 3 authorities in the data (3.6)."
	if got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	// The view: both rates, each area's row.
	tm := newTableMaker(r, "Heath")
	tab, v := tm.servicesPerHeadView()
	s, err := tab.Resolve(v)
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(s.Headings, "|"); h != "Area|Care homes per 10,000 aged 65 and over|Community-based services per 10,000 aged 18 and over" || len(s.Rows) != 3 {
		t.Errorf("view: %s, %d rows", h, len(s.Rows))
	}

	// Judged on the unrounded rates: both cases print 11.0 against 10.0
	// (a printed gap of exactly 10%), but 10.96 against 10.04 is 9.2%
	// apart (similar) and 10.95 against 9.95 is 10.05% (more).
	r.England, r.EnglandAuthorities, r.PerHead.England = nil, 0, nil
	for _, c := range []struct {
		mine, theirs int
		words        string
	}{{1096, 1004, "similar to"}, {1095, 995, "more than"}} {
		r.PerHead.Authority = &cqc.HeadCount{Homes: c.mine, Community: 7, Pop65: 1000000, Pop18: 20000, N: 1}
		r.PerHead.Comparators = &cqc.HeadCount{Homes: c.theirs, Community: 10, Pop65: 1000000, Pop18: 28000, N: 2}
		r.DeclareTables()
		want := "Heath has 11.0 care homes for every 10,000 people aged 65 and over, " + c.words + " its comparator authorities taken together (10.0);"
		if got := newSentences(r, 3).servicesPerHead(); !strings.Contains(got, want) {
			t.Errorf("%d against %d per million:\n got %q\nwant %q", c.mine, c.theirs, got, want)
		}
	}

	// No care homes: "no", with the rate.
	r.PerHead.Authority = &cqc.HeadCount{Homes: 0, Community: 7, Pop65: 8000, Pop18: 20000, N: 1}
	r.PerHead.Comparators = &cqc.HeadCount{Homes: 10, Community: 10, Pop65: 6000, Pop18: 28000, N: 2}
	r.DeclareTables()
	if got := newSentences(r, 3).servicesPerHead(); !strings.HasPrefix(got, "By ONS's mid-2021 population estimates, Heath has no care homes (0.0 for every 10,000 people aged 65 and over), fewer than its comparator authorities taken together (16.7); and 3.5 ") {
		t.Errorf("no care homes: %q", got)
	}

	// Care homes only: no community part, and no table (the sentence
	// gives its one rate for each area).
	r.PerHead.Authority.Homes = 8
	r.CareHomesOnly = true
	r.DeclareTables()
	got = newSentences(r, 3).servicesPerHead()
	if want := "By ONS's mid-2021 population estimates, Heath has 10.0 care homes for every 10,000 people aged 65 and over, fewer than its comparator authorities taken together (16.7)."; got != want {
		t.Errorf("care homes only:\n got %q\nwant %q", got, want)
	}
	if tab, _ := newTableMaker(r, "Heath").servicesPerHeadView(); tab != nil {
		t.Error("care homes only: a table")
	}
	r.CareHomesOnly = false

	// A comparator ONS lacks: no group rate, so no comparison (the beds
	// sentence before it says why: fair_test.go).
	r.PerHead.Comparators, r.PerHead.Missing = nil, []string{"Moor"}
	r.DeclareTables()
	if got := newSentences(r, 3).servicesPerHead(); got != "By ONS's mid-2021 population estimates, Heath has 10.0 care homes for every 10,000 people aged 65 and over; and 3.5 community-based services for every 10,000 adults aged 18 and over." {
		t.Errorf("missing comparator: %q", got)
	}

	// The authority missing: no sentence and no table (the beds sentence
	// says that nothing is given per head: fair_test.go).
	r.PerHead = &cqc.PerHead{Year: 2021, Missing: []string{"Heath"}}
	r.DeclareTables()
	if got := newSentences(r, 3).servicesPerHead(); got != "" {
		t.Errorf("authority missing: %q", got)
	}
	if tab, _ := newTableMaker(r, "Heath").servicesPerHeadView(); tab != nil {
		t.Error("authority missing: a table")
	}
	// population: false: nothing.
	r.PerHead = nil
	r.DeclareTables()
	if got := newSentences(r, 3).servicesPerHead(); got != "" {
		t.Errorf("population off: %q", got)
	}
}
