package cqc

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/ons"
)

func TestPopulationYear(t *testing.T) {
	p, err := ons.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		asAt    string
		year    int
		finding string
	}{
		{"2021-02-01", 2021, ""},              // 149 days to mid-2021, 216 to mid-2020
		{"2020-02-01", 2020, ""},              // 150 to mid-2020
		{"2019-11-01", 2019, ""},              // 124 to mid-2019
		{"2025-11-01", 2024, "no mid-2025"},   // mid-2025 is nearest, not in the file: mid-2024, said
		{"2026-06-01", 2024, "no mid-2026"},   // 701 days after mid-2024: used, and said
		{"2026-08-01", 0, "within two years"}, // 762 days: too far
		{"2027-01-01", 0, "within two years"}, // too far
		{"2015-01-01", 0, "within two years"},
	} {
		y, f := PopulationYear(p, report.MustDate(c.asAt))
		msg := ""
		if f != nil {
			msg = f.Message
		}
		if y != c.year || (c.finding == "") != (msg == "") || !strings.Contains(msg, c.finding) {
			t.Errorf("%s: year %d, finding %q; want %d, %q", c.asAt, y, msg, c.year, c.finding)
		}
	}
}

func TestRateCellRoundsHalfUp(t *testing.T) {
	for _, c := range []struct {
		beds, pop int
		want      string
	}{
		{8021, 210941, "38.0"}, {8021, 101842, "78.8"}, {1, 20, "50.0"},
		{5, 10000, "0.5"}, // exactly 0.5 per 1,000
		{1, 2223, "0.4"},  // 0.44984 -> 0.4
		{1, 2222, "0.5"},  // 0.45004 -> 0.5
		{1, 20000, "0.1"}, // exactly 0.05: half up

	} {
		if got := RateCell(c.beds, c.pop).String(); got != c.want {
			t.Errorf("%d over %d: %s, want %s", c.beds, c.pop, got, c.want)
		}
	}
	if !RateCell(10, 0).IsNull() {
		t.Error("a rate over no population is not empty")
	}
}

func hist(entries ...any) []report.Assessment {
	var h []report.Assessment
	for i := 0; i < len(entries); i += 2 {
		h = append(h, report.Assessment{Date: report.MustDate(entries[i].(string)), Overall: entries[i+1].(report.Rating)})
	}
	return h
}

func TestOutcomeOf(t *testing.T) {
	p := Period{From: report.MustDate("2024-01-01"), To: report.MustDate("2024-12-31")}
	asAt := report.MustDate("2025-01-01")
	G, RI, I, O, NR := report.Good, report.RequiresImprovement, report.Inadequate, report.Outstanding, report.NotRated
	for name, c := range map[string]struct {
		h    []report.Assessment
		want Outcome
		ok   bool
	}{
		"down":                                   {hist("2021-05-01", G, "2024-03-01", RI), OutcomeDown, true},
		"up":                                     {hist("2021-05-01", RI, "2024-03-01", G), OutcomeUp, true},
		"same":                                   {hist("2021-05-01", G, "2024-03-01", G), OutcomeSame, true},
		"first":                                  {hist("2024-03-01", G), OutcomeFirst, true},
		"not rated in the period":                {hist("2021-05-01", G), 0, false},
		"after the period only":                  {hist("2021-05-01", G, "2025-01-01", I), 0, false},
		"rated on the first day":                 {hist("2023-12-31", O, "2024-01-01", G), OutcomeDown, true},
		"rated on the last day":                  {hist("2023-12-31", RI, "2024-12-31", G), OutcomeUp, true},
		"twice: latest against before the first": {hist("2020-01-01", G, "2024-02-01", I, "2024-09-01", G), OutcomeSame, true},
		"inspected but not rated is no rating":   {hist("2020-01-01", RI, "2023-06-01", NR, "2024-09-01", G), OutcomeUp, true},
		"only an unrated report in the period":   {hist("2020-01-01", RI, "2024-06-01", NR), 0, false},
	} {
		got, ok := OutcomeOf(c.h, p, asAt)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: %v %v, want %v %v", name, got, ok, c.want, c.ok)
		}
	}
}

// Beds per head: an authority the ONS file lacks gives no rate for it
// (never a rate from another year or name), and a finding names it.
func TestPerHeadMissingAuthority(t *testing.T) {
	p, err := ons.Default()
	if err != nil {
		t.Fatal(err)
	}
	mk := func(la string, beds int) report.Location {
		return report.Location{ID: "1-" + la, LocalAuthority: la, AdultSocialCare: true, CareHome: true, Beds: beds}
	}
	s := &report.Snapshot{AsAt: report.MustDate("2024-04-01"), Locations: []report.Location{mk("Devon", 100), mk("Cumbria", 50), mk("Torbay", 30)}}
	r, err := Compute(s, nil, Options{Authority: "Devon", Comparators: []string{"Cumbria", "Torbay"}, AsAt: s.AsAt, England: true, Population: p})
	if err != nil {
		t.Fatal(err)
	}
	ph := r.PerHead
	if ph.Year != 2024 || ph.Authority == nil || ph.Comparators != nil || ph.England != nil {
		t.Fatalf("per head %+v: want Devon's alone (Cumbria is no authority in mid-2024)", ph)
	}
	if len(ph.Missing) != 1 || ph.Missing[0] != "Cumbria" {
		t.Errorf("missing %v", ph.Missing)
	}
	found := false
	for _, f := range r.Findings {
		found = found || (f.Kind == "population_not_found" && strings.Contains(f.Message, `"Cumbria"`))
	}
	if !found {
		t.Errorf("no finding for Cumbria: %v", r.Findings)
	}
	b := r.Tables[len(r.Tables)-1]
	for _, tb := range r.Tables {
		if tb.ID == TBeds {
			b = tb
		}
	}
	if c, _ := b.Cell("comparators", "beds_per_1000_65plus"); !c.IsNull() {
		t.Errorf("comparators' rate %v without Cumbria's population", c)
	}
	row, _ := p.InYear("Devon", 2024)
	if c, _ := b.Cell("authority", "beds_per_1000_65plus"); c.String() != RateCell(100, row.Age65Plus).String() || c.IsNull() {
		t.Errorf("Devon: %v", c)
	}
	// population: false is no Population: no columns at all.
	r, _ = Compute(s, nil, Options{Authority: "Devon", AsAt: s.AsAt})
	for _, tb := range r.Tables {
		if tb.ID == TBeds && len(tb.Columns) != 5 {
			t.Errorf("population off: beds columns %v", tb.Columns)
		}
	}
}

// A national file: England's rate is over ONS's England row.
func TestPerHeadEnglandRow(t *testing.T) {
	p, _ := ons.Default()
	var locs []report.Location
	for _, r := range p.Rows(2021) {
		if r.Code == ons.EnglandCode {
			continue
		}
		locs = append(locs, report.Location{ID: "1-" + r.Code, LocalAuthority: r.Name, AdultSocialCare: true, CareHome: true, Beds: 10})
	}
	s := &report.Snapshot{AsAt: report.MustDate("2021-05-01"), Locations: locs}
	r, err := Compute(s, nil, Options{Authority: "Devon", AsAt: s.AsAt, England: true, Population: p})
	if err != nil {
		t.Fatal(err)
	}
	eng, _ := p.InYear("England", 2021)
	if e := r.PerHead.England; e == nil || e.Pop65 != eng.Age65Plus || e.Beds != 10*len(locs) {
		t.Errorf("England per head %+v, want the England row's %d", e, eng.Age65Plus)
	}
}

func TestCountMap(t *testing.T) {
	at := func(id, la string, lon, lat float64, r report.Rating) report.Location {
		return report.Location{ID: id, LocalAuthority: la, AdultSocialCare: true, Lon: lon, Lat: lat, HasPosition: true,
			Current: report.Assessment{Overall: r}}
	}
	s := &report.Snapshot{AsAt: report.MustDate("2024-04-01"), Locations: []report.Location{
		at("1-1", "Devon", -4.058, 51.08, report.Good),              // Barnstaple: north-west
		at("1-2", "Devon", -3.49, 50.90, report.Inadequate),         // Tiverton: north-east
		at("1-3", "Devon", 2.35, 48.86, report.Good),                // Paris: not placed
		{ID: "1-4", LocalAuthority: "Devon", AdultSocialCare: true}, // no position: not placed
		at("1-5", "Midshire", -1, 52, report.Good),
	}}
	r, err := Compute(s, nil, Options{Authority: "Devon", AsAt: s.AsAt, Map: true})
	if err != nil {
		t.Fatal(err)
	}
	m := r.Map
	if m == nil || len(m.Points) != 2 || m.Boundary != "Devon" {
		t.Fatalf("map %+v", m)
	}
	if m.Counts[report.Good] != [5]int{1, 0, 0, 0, 1} || m.Counts[report.Inadequate] != [5]int{0, 1, 0, 0, 0} || m.Counts[report.NotRated][notPlaced] != 1 {
		t.Errorf("counts %v", m.Counts)
	}
	// An invented authority has no boundary: no map, and a finding.
	r, _ = Compute(s, nil, Options{Authority: "Midshire", AsAt: s.AsAt, Map: true})
	if r.Map != nil || len(r.Findings) != 1 || r.Findings[0].Kind != "map_no_boundary" {
		t.Errorf("Midshire: map %v, findings %v", r.Map, r.Findings)
	}
	// No positions: no map, nothing to say.
	for i := range s.Locations {
		s.Locations[i].HasPosition = false
	}
	r, _ = Compute(s, nil, Options{Authority: "Devon", AsAt: s.AsAt, Map: true})
	if r.Map != nil || len(r.Findings) != 0 {
		t.Errorf("no positions: map %v, findings %v", r.Map, r.Findings)
	}
}
