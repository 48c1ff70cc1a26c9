package cqc

import (
	"fmt"
	"testing"

	"github.com/carereport/carereport/report"
)

// areaOf makes an authority with good good-or-better locations out of n.
func areaOf(name string, good, n int) []report.Location {
	var out []report.Location
	for i := range n {
		r := report.RequiresImprovement
		if i < good {
			r = report.Good
		}
		out = append(out, loc(fmt.Sprintf("%s-%d", name, i), name, true, r))
	}
	return out
}

// Ties share a rank and skip the next ("1, 2, 2, 4"); ranks are taken on
// the printed figures.
func TestRankingTies(t *testing.T) {
	var cur, prev []report.Location
	add := func(name string, good, n, pgood, pn int) {
		cur = append(cur, areaOf(name, good, n)...)
		prev = append(prev, areaOf(name, pgood, pn)...)
	}
	add("A", 8, 10, 7, 10)    // 80%, was 70: +10
	add("B", 9, 10, 8, 10)    // 90%, was 80: +10
	add("C", 8, 10, 8, 10)    // 80%, was 80: 0
	add("D", 7, 10, 5, 10)    // 70%, was 50: +20
	add("E", 161, 200, 8, 10) // 80.5% -> 81 printed: not tied with 80
	ps := snap(prev...)
	ps.AsAt = d("2018-11-01")
	r := compute(t, snap(cur...), ps, Options{Authority: "A", Comparators: []string{"B", "C", "D", "E"}})
	got := map[string]RankRow{}
	for _, row := range r.Ranking {
		got[row.Authority] = row
	}
	want := map[string]int{"B": 1, "E": 2, "A": 3, "C": 3, "D": 5}
	for name, w := range want {
		if g := got[name]; g.Rank != w {
			t.Errorf("%s: rank %d, want %d", name, g.Rank, w)
		}
	}
	if !got["A"].Joint || !got["C"].Joint || got["B"].Joint || got["E"].Joint {
		t.Errorf("joint flags wrong: %+v", got)
	}
	// Improvement: D +20 first; A and B +10 joint second; E +1; C 0.
	imp := map[string]int{"D": 1, "A": 2, "B": 2, "E": 4, "C": 5}
	for name, w := range imp {
		if g := got[name]; g.ImprovementRank != w {
			t.Errorf("%s: improvement rank %d (change %v), want %d", name, g.ImprovementRank, g.ChangePts, w)
		}
	}
	if !got["A"].JointImprovement || got["D"].JointImprovement {
		t.Error("joint improvement flags wrong")
	}
	if got["E"].Pct != 81 || got["E"].ChangePts != 1 {
		t.Errorf("E: %v%% change %v", got["E"].Pct, got["E"].ChangePts)
	}
	// The table lists them best first, ties by name.
	rt := table(t, r, TRanking)
	var order []string
	for _, row := range rt.Rows {
		order = append(order, row[0].Text)
	}
	if fmt.Sprint(order) != "[B E A C D]" {
		t.Errorf("order %v", order)
	}
	if cell(t, rt, "C", "rank") != "3" || cell(t, rt, "D", "change_pts") != "20" {
		t.Errorf("ranking table rows %v", rt.Rows)
	}
}

// The comparison table: authority, comparators summed, England over all.
func TestComparisonAndBeds(t *testing.T) {
	var locs []report.Location
	locs = append(locs, areaOf("A", 1, 4)...) // 25% good
	locs = append(locs, areaOf("B", 3, 4)...)
	locs = append(locs, areaOf("C", 1, 2)...)
	locs = append(locs, areaOf("Z", 0, 2)...) // only in England
	for i := range locs {
		locs[i].Beds = 10
		if locs[i].LocalAuthority == "B" {
			locs[i].Nursing = true
		}
	}
	r := compute(t, snap(locs...), nil, Options{Authority: "A", Comparators: []string{"b", "C"}, England: true})
	ct := table(t, r, TComparison)
	if len(ct.Columns) != 10 || ct.Columns[4] != "comparators_all_pct" || ct.Columns[8] != "england_care_home_pct" {
		t.Errorf("columns %v", ct.Columns)
	}
	for _, c := range []struct{ row, col, want string }{
		{"good", "authority_all_pct", "25"}, {"good", "comparators_all_pct", "67"}, {"good", "england_care_home_pct", "42"},
		{"requires_improvement", "england_all_pct", "58"},
	} {
		if got := cell(t, ct, c.row, c.col); got != c.want {
			t.Errorf("%s/%s = %s, want %s", c.row, c.col, got, c.want)
		}
	}
	if !ct.Row("good")[3].IsNull() {
		t.Error("authority community pct of nothing should be empty")
	}
	bt := table(t, r, TBeds)
	// Comparators: 6 homes, 60 beds over 2 authorities; England: 12 homes,
	// 120 beds over 4.
	for _, c := range []struct{ row, col, want string }{
		{"authority", "beds", "40"}, {"comparators", "care_homes", "3"}, {"comparators", "beds", "30"},
		{"comparators", "nursing_beds", "20"}, {"england", "care_homes", "3"}, {"england", "residential_beds", "20"},
	} {
		if got := cell(t, bt, c.row, c.col); got != c.want {
			t.Errorf("beds %s/%s = %s, want %s", c.row, c.col, got, c.want)
		}
	}
	if r.Comparators.Members[0] != "B" {
		t.Errorf("comparators as spelt in the data: %v", r.Comparators.Members)
	}
}

func TestMeanCellHalfUp(t *testing.T) {
	for _, c := range []struct{ sum, n, want int }{{5, 2, 3}, {7, 2, 4}, {1, 3, 0}, {2, 3, 1}, {0, 4, 0}} {
		if got := MeanCell(c.sum, c.n); int(got.Num) != c.want {
			t.Errorf("MeanCell(%d, %d) = %v, want %d", c.sum, c.n, got.Num, c.want)
		}
	}
}
