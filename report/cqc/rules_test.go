package cqc

import (
	"fmt"
	"testing"

	"github.com/carereport/carereport/report"
)

var d = report.MustDate

// loc is an in-scope adult social care location for fixtures.
func loc(id, la string, careHome bool, r report.Rating) report.Location {
	return report.Location{ID: id, LocalAuthority: la, AdultSocialCare: true, CareHome: careHome,
		Current: report.Assessment{Overall: r}}
}

func snap(locs ...report.Location) *report.Snapshot {
	return &report.Snapshot{AsAt: d("2019-11-01"), Kind: report.FromSnapshot, Locations: locs}
}

// cell returns a table cell as printed, failing if it does not exist.
func cell(t *testing.T, tb *report.Table, row, col string) string {
	t.Helper()
	c, ok := tb.Cell(row, col)
	if !ok {
		t.Fatalf("table %s has no cell %s/%s", tb.ID, row, col)
	}
	return c.String()
}

func table(t *testing.T, r *Result, id string) *report.Table {
	t.Helper()
	for _, tb := range r.Tables {
		if tb.ID == id {
			return tb
		}
	}
	t.Fatalf("no table %s", id)
	return nil
}

func compute(t *testing.T, cur, prev *report.Snapshot, o Options) *Result {
	t.Helper()
	if o.AsAt == 0 {
		o.AsAt = cur.AsAt
	}
	r, err := Compute(cur, prev, o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Rule 1: adult social care, not dormant unless asked, in the authority.
func TestScope(t *testing.T) {
	dormant := loc("1-2", "Devon", false, report.Good)
	dormant.Dormant = true
	hospital := loc("1-3", "Devon", false, report.Good)
	hospital.AdultSocialCare = false
	s := snap(loc("1-1", "Devon", false, report.Good), dormant, hospital,
		loc("1-4", "Torbay", false, report.Good), loc("1-5", " devon ", true, report.Inadequate))
	as := Aggregate(s, false, Period{})
	if n := as.Get("DEVON").Locations(); n != 2 {
		t.Errorf("Devon without dormant: %d, want 2 (1-1 and 1-5)", n)
	}
	as = Aggregate(s, true, Period{})
	if n := as.Get("Devon").Locations(); n != 3 {
		t.Errorf("Devon with dormant: %d, want 3", n)
	}
	if as.Get("Torbay").Locations() != 1 || len(as.Names()) != 2 {
		t.Errorf("authorities %v", as.Names())
	}
	r := compute(t, s, nil, Options{Authority: "devon"})
	if got := cell(t, table(t, r, TRatings), "total", "all"); got != "2" {
		t.Errorf("ratings table total %s, want 2", got)
	}
	r = compute(t, s, nil, Options{Authority: "Devon", IncludeDormant: true})
	if got := cell(t, table(t, r, TRatings), "good", "community"); got != "2" {
		t.Errorf("with dormant, good community = %s, want 2", got)
	}
	if _, err := Compute(s, nil, Options{Authority: "Devn"}); err == nil || err.Error() != `authority: "Devn" has no adult social care locations in the data (did you mean "Devon"?)` {
		t.Errorf("unknown authority: %v", err)
	}
	if _, err := Compute(s, nil, Options{Authority: "Devon", Comparators: []string{"Torbay", "Plymouth"}}); err == nil ||
		err.Error() != `comparators.authorities[1]: "Plymouth" has no adult social care locations in the data` {
		t.Errorf("unknown comparator: %v", err)
	}
}

// Rule 2: care homes (nursing or residential, with beds) and community
// services; extra care is community.
func TestServiceTypes(t *testing.T) {
	nursing := loc("1-1", "Devon", true, report.Good)
	nursing.Nursing, nursing.Beds = true, 40
	res := loc("1-2", "Devon", true, report.Outstanding)
	res.Beds = 12
	res2 := loc("1-3", "Devon", true, report.NotRated)
	res2.Beds = 8
	extra := loc("1-4", "Devon", false, report.Good)
	extra.ExtraCare = true
	dom := loc("1-5", "Devon", false, report.RequiresImprovement)
	dom.Beds = 99 // beds on a community service are not care home beds
	// Dual registered with both a care home and a domiciliary flag:
	// "Care home?" is Y, so it is one care home.
	dual := loc("1-6", "Devon", true, report.Good)
	dual.DualRegistered, dual.Beds = true, 20
	s := snap(nursing, res, res2, extra, dom, dual)
	a := Aggregate(s, false, Period{}).Get("Devon")
	if a.NursingHomes != 1 || a.ResidentialHomes != 3 || a.NursingBeds != 40 || a.ResidentialBeds != 40 || a.ExtraCare != 1 {
		t.Errorf("homes %d+%d beds %d+%d extra care %d", a.NursingHomes, a.ResidentialHomes, a.NursingBeds, a.ResidentialBeds, a.ExtraCare)
	}
	if a.Ratings.CareHome.Total() != 4 || a.Ratings.Community.Total() != 2 || a.Ratings.All.Total() != 6 {
		t.Errorf("split %v / %v", a.Ratings.CareHome, a.Ratings.Community)
	}
	r := compute(t, s, nil, Options{Authority: "Devon"})
	rt := table(t, r, TRatings)
	for _, c := range []struct{ row, col, want string }{
		{"good", "care_home", "2"}, {"good", "community", "1"}, {"good", "all", "3"},
		{"outstanding", "care_home", "1"}, {"not_rated", "care_home", "1"}, {"requires_improvement", "community", "1"},
		{"good", "care_home_pct", "50"}, {"good", "community_pct", "50"}, {"good", "all_pct", "50"},
		{"total", "care_home", "4"}, {"total", "community", "2"}, {"total", "all_pct", "100"},
	} {
		if got := cell(t, rt, c.row, c.col); got != c.want {
			t.Errorf("%s/%s = %s, want %s", c.row, c.col, got, c.want)
		}
	}
	beds := table(t, r, TBeds)
	if got := fmt.Sprint(cell(t, beds, "authority", "care_homes"), "/", cell(t, beds, "authority", "beds"), "/",
		cell(t, beds, "authority", "nursing_beds"), "/", cell(t, beds, "authority", "residential_beds")); got != "4/80/40/40" {
		t.Errorf("beds row %s", got)
	}
}

// Rule 5: percentages of the column total, not rated included, half up.
func TestPercentages(t *testing.T) {
	// 8 care homes: 1 outstanding (12.5%), 3 good (37.5%), 1 RI (12.5%),
	// 3 not rated (37.5%).
	var locs []report.Location
	for i, r := range []report.Rating{report.Outstanding, report.Good, report.Good, report.Good,
		report.RequiresImprovement, report.NotRated, report.NotRated, report.NotRated} {
		locs = append(locs, loc(fmt.Sprint("1-", i), "Devon", true, r))
	}
	s := snap(locs...)
	r := compute(t, s, nil, Options{Authority: "Devon"})
	rt := table(t, r, TRatings)
	want0 := map[string]string{"outstanding": "13", "good": "38", "requires_improvement": "13", "inadequate": "0", "not_rated": "38", "total": "100"}
	for row, w := range want0 {
		if got := cell(t, rt, row, "care_home_pct"); got != w {
			t.Errorf("%s = %s%%, want %s", row, got, w)
		}
	}
	if !rt.Row("good")[6].IsNull() {
		t.Error("a percentage of no community services should be empty, not 0")
	}
	r = compute(t, s, nil, Options{Authority: "Devon", Decimals: 1})
	rt = table(t, r, TRatings)
	want1 := map[string]string{"outstanding": "12.5", "good": "37.5", "inadequate": "0.0", "total": "100.0"}
	for row, w := range want1 {
		if got := cell(t, rt, row, "care_home_pct"); got != w {
			t.Errorf("one decimal: %s = %s%%, want %s", row, got, w)
		}
	}
}

// Rule 6: inspections in a period, inclusive at both ends, counted by
// the rating published; not rated is not an inspection outcome.
func TestInspectionsPeriod(t *testing.T) {
	at := func(id string, careHome bool, r report.Rating, date string) report.Location {
		l := loc(id, "Devon", careHome, r)
		if date != "" {
			l.Current.Date = d(date)
		}
		return l
	}
	s := snap(
		at("1-1", true, report.Good, "2018-11-01"),        // first day: in
		at("1-2", false, report.Inadequate, "2019-10-31"), // last day: in
		at("1-3", true, report.Good, "2018-10-31"),        // day before: out
		at("1-4", true, report.Outstanding, "2019-11-01"), // day after: out
		at("1-5", true, report.NotRated, "2019-05-05"),    // not a rating
		at("1-6", false, report.Good, ""),                 // no date
		at("1-7", true, report.RequiresImprovement, "2019-06-30"),
	)
	r := compute(t, s, nil, Options{Authority: "Devon", Inspections: Period{From: d("2018-11-01"), To: d("2019-10-31")}})
	it := table(t, r, TInspections)
	for _, c := range []struct{ row, col, want string }{
		{"good", "all", "1"}, {"good", "care_home", "1"}, {"inadequate", "community", "1"},
		{"requires_improvement", "care_home", "1"}, {"outstanding", "all", "0"},
		{"total", "all", "3"}, {"good", "all_pct", "33"}, {"inadequate", "all_pct", "33"},
	} {
		if got := cell(t, it, c.row, c.col); got != c.want {
			t.Errorf("%s/%s = %s, want %s", c.row, c.col, got, c.want)
		}
	}
	if it.Row("not_rated") != nil {
		t.Error("inspections table has no not_rated row")
	}
}

// A trend by month from the 31st has one date in every month, the last
// day of a shorter one (time's AddDate would skip February and give 2 and
// 31 March); by quarter from 30 November, 29 February then the 30th.
func TestTrendDatesFromMonthEnd(t *testing.T) {
	for _, c := range []struct {
		from, asAt string
		months     int
		want       string
	}{
		{"2020-01-31", "2020-06-01", 1, "[2020-01-31 2020-02-29 2020-03-31 2020-04-30 2020-05-31 2020-06-01]"},
		{"2019-11-30", "2020-12-01", 3, "[2019-11-30 2020-02-29 2020-05-30 2020-08-30 2020-11-30 2020-12-01]"},
		{"2020-11-01", "2021-06-01", 3, "[2020-11-01 2021-02-01 2021-05-01 2021-06-01]"},
	} {
		got := TrendDates(report.MustDate(c.from), report.MustDate(c.asAt), c.months)
		if fmt.Sprint(got) != c.want {
			t.Errorf("TrendDates(%s, %s, %d) = %v, want %s", c.from, c.asAt, c.months, got, c.want)
		}
	}
}
