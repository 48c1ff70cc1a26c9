package cqc

import (
	"testing"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// membersMadeUp is Heath (Ash, Birch, Cedar, Damson) against Vale, from
// snapshot files a year apart, with three services commissioned.
func membersMadeUp(t *testing.T) *Result {
	t.Helper()
	nursing := func(l report.Location) report.Location { l.Nursing = true; return l }
	bands := func(l report.Location, b report.Band) report.Location { l.Bands = b; return l }
	named := func(l report.Location, n string) report.Location { l.Name, l.Provider = n, "Prov "+n; return l }
	cur := snap(
		named(nursing(loc("1-1", "Heath", true, report.Inadequate)), "Ash"),
		named(bands(loc("1-2", "Heath", true, report.Good), report.BandOlderPeople|report.BandYoungerAdults), "Birch"),
		named(loc("1-3", "Heath", false, report.Good), "Cedar"),
		named(loc("1-4", "Heath", false, report.RequiresImprovement), "Damson"),
		loc("2-1", "Vale", false, report.Good), loc("2-2", "Vale", false, report.Inadequate), loc("2-3", "Vale", true, report.Good),
	)
	prev := snap(
		named(nursing(loc("1-1", "Heath", true, report.Good)), "Ash"),
		named(loc("1-2", "Heath", true, report.Outstanding), "Birch"),
		named(loc("1-3", "Heath", false, report.Good), "Cedar"),
		loc("2-1", "Vale", false, report.Good), loc("2-2", "Vale", false, report.Good), loc("2-3", "Vale", true, report.Good),
	)
	prev.AsAt = d("2018-11-01")
	return compute(t, cur, prev, Options{Authority: "Heath", Comparators: []string{"Vale"},
		Commissioned: map[string]bool{"1-1": true, "1-3": true, "1-4": true}, Inspections: Period{From: d("2019-01-01"), To: d("2019-10-31")}})
}

// Made-up figures for the tables of services by type: the community
// ranking, the commissioned services by type with the change since the
// previous date, the overlap of service user groups, and the named
// services from a snapshot file (where the previous rating comes from the
// earlier file).
func TestMembersTablesMadeUp(t *testing.T) {
	r := membersMadeUp(t)

	// Community: Heath 1 of 2 Good or better (50%), Vale 1 of 2 (50%):
	// joint first. Care homes: Heath 1 of 2 (50%), Vale 1 of 1 (100%).
	com := table(t, r, TRankingCommunity)
	if cell(t, com, "Heath", "good_or_better_pct") != "50" || cell(t, com, "Heath", "rank") != "1" || cell(t, com, "Vale", "rank") != "1" {
		t.Errorf("community ranking %v", com.Rows)
	}
	ch := table(t, r, TRankingCareHomes)
	if cell(t, ch, "Heath", "rank") != "2" || cell(t, ch, "Vale", "good_or_better_pct") != "100" || cell(t, ch, "Heath", "previous_good_or_better_pct") != "100" {
		t.Errorf("care home ranking %v", ch.Rows)
	}
	// Commissioned: nursing 1-1 (Inadequate, was Good), community 1-3
	// (Good) and 1-4 (RI, new); no residential.
	ct := table(t, r, TCommissionedByType)
	for _, w := range []struct{ row, col, want string }{
		{"nursing", "commissioned", "1"}, {"nursing", "good_or_better_pct", "0"}, {"nursing", "previous_good_or_better_pct", "100"},
		{"community", "commissioned", "2"}, {"community", "good_or_better_pct", "50"}, {"community", "previous_commissioned", "1"},
		{"residential", "commissioned", "0"}, {"residential", "good_or_better_pct", ""},
		{"all", "commissioned", "3"}, {"all", "previous_commissioned", "2"},
	} {
		if got := cell(t, ct, w.row, w.col); got != w.want {
			t.Errorf("commissioned %s/%s = %q, want %q", w.row, w.col, got, w.want)
		}
	}
	// The one home for both older and working age people is counted in
	// the overlap row.
	if got := cell(t, table(t, r, TGroups), "both_groups_care_homes", "total"); got != "1" {
		t.Errorf("overlap %s", got)
	}
	// Named: Ash (Inadequate, was Good), Damson (RI, new), Birch (Good,
	// was Outstanding: fell); worst first.
	nt := table(t, r, TNamed)
	var got []string
	for _, row := range nt.Rows {
		// From a snapshot file the rating before (rule 9) is unknown;
		// the rating on the earlier date comes from the earlier file and
		// is a column of its own.
		if row[6].Text != "" || row[7].Text != "" {
			t.Errorf("%s: a snapshot file cannot give the report before: %v", row[1].Text, row)
		}
		got = append(got, row[1].Text+"/"+row[2].Text+"/"+row[3].Text+"/"+row[4].Text+"/"+row[9].Text)
	}
	want := []string{"Ash/Prov Ash/care home with nursing/inadequate/good", "Damson/Prov Damson/community/requires_improvement/",
		"Birch/Prov Birch/care home/good/outstanding"}
	if len(got) != len(want) {
		t.Fatalf("named %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("named[%d] = %s, want %s", i, got[i], want[i])
		}
	}
	// From a snapshot file, activity has no rows it cannot know.
	a := table(t, r, TActivity)
	if _, ok := a.Cell("services_with_a_report", "all"); ok {
		t.Error("a snapshot file cannot show reports that gave no rating")
	}
	if cell(t, a, "never_rated", "all") != "0" {
		t.Errorf("never rated %v", a.Rows)
	}
}

// The provider column is headed "Provider ID" when the data gave only
// CQC IDs (API records), so an ID is not taken for a name.
func TestProviderLabel(t *testing.T) {
	ids := []NamedService{{Provider: "1-101716644"}, {Provider: "1-2383808299"}}
	if got := providerLabel(ids); got != "Provider ID" {
		t.Errorf("providers given only as IDs: heading %q, want \"Provider ID\"", got)
	}
	names := append(ids, NamedService{Provider: "Heatherside Care Limited"})
	if got := providerLabel(names); got != "Provider" {
		t.Errorf("a provider name among IDs: heading %q, want \"Provider\"", got)
	}
	for _, s := range []string{"1-", "1-12a", "2-123", ""} {
		if report.IsCQCID(s) {
			t.Errorf("%q taken for a CQC ID", s)
		}
	}
}

// The typed accessors read the tables' cells: the rankings by type, the
// commissioned share with its count and total (for rule 11), the care
// homes in both groups, the services named by rating, and no activity
// row a snapshot file cannot give. A column read as the wrong kind is a
// programming error and panics.
func TestReadMembers(t *testing.T) {
	r := membersMadeUp(t)
	for _, c := range []struct {
		s          Service
		rank, of   int
		joint, has bool
	}{{CareHome, 2, 2, false, true}, {Community, 1, 2, true, true}} {
		x, ok := r.RankingOf(c.s)
		if !ok {
			t.Fatalf("no ranking of %s", c.s.ID())
		}
		rank, joint, has := x.Place()
		if rank != c.rank || joint != c.joint || has != c.has || x.Len() != c.of {
			t.Errorf("%s: rank %d joint %v (%v) of %d, want %d %v of %d", c.s.ID(), rank, joint, has, x.Len(), c.rank, c.joint, c.of)
		}
	}
	ct, ok := r.CommissionedTypes()
	if !ok {
		t.Fatal("no commissioned_by_type")
	}
	// Now Ash (Inadequate), Cedar (Good), Damson (RI): 1 of 3; before
	// Ash (Good) and Cedar (Good): 2 of 2.
	if now, before := ct.All(); now.N != 1 || now.Of != 3 || before.N != 2 || before.Of != 2 || now.String() != "33%" {
		t.Errorf("commissioned now %+v, before %+v", now, before)
	}
	if n, ok := r.UserGroups().BothGroupsCareHomes(); n != 1 || !ok {
		t.Errorf("both groups %d %v", n, ok)
	}
	if got := r.BedsTable().CareHomes(); got != 2 {
		t.Errorf("care homes %d, want 2", got)
	}
	nt, ok := r.NamedTable()
	if !ok || nt.Rated(report.Inadequate, report.RequiresImprovement) != 2 || nt.Rated(report.Good, report.Outstanding) != 1 || nt.Rated(report.Inadequate) != 1 {
		t.Errorf("named by rating: %v", ok)
	}
	a, ok := r.ActivityTable()
	if !ok {
		t.Fatal("no inspection_activity")
	}
	if _, known := a.Count(WithReport, All); known {
		t.Error("a snapshot file cannot show reports that gave no rating")
	}
	if n, known := a.Count(NeverRated, All); n != 0 || !known {
		t.Errorf("never rated %d %v", n, known)
	}
	if _, ok := r.Outcomes(); ok {
		t.Error("outcomes from a snapshot file")
	}
	defer func() {
		if recover() == nil {
			t.Error("a count column read as a rate did not panic")
		}
	}()
	r.Spec(TBeds).ColumnOf("care_homes", spec.Rate)
}
