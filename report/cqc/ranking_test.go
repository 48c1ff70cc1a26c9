package cqc

import (
	"fmt"
	"strings"
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

// With a threshold of 0, ties share a rank and skip the next ("1, 2, 2,
// 4"), on the exact shares.
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

// Rule 11: ranks are judged on the unrounded shares with the threshold
// report.similar_within: a rank is 1 + the number of others better by at
// least the threshold, and joint when another is within it.
func TestRankingJointUnderThreshold(t *testing.T) {
	var cur, prev []report.Location
	add := func(name string, good, n, pgood, pn int) {
		cur = append(cur, areaOf(name, good, n)...)
		prev = append(prev, areaOf(name, pgood, pn)...)
	}
	// Now: A 90%, B 88%, C 86%, D 80.4%, E 80.6% (printed 80 and 81).
	// Change: A is the "rank 4 for a 0.7-point fall while the count of
	// Good or Outstanding rose" case: 80 of 100 -> 90 of 100 is +10; the
	// others move as below.
	add("A", 90, 100, 80, 100)    // +10
	add("B", 88, 100, 80, 100)    // +8
	add("C", 86, 100, 87, 100)    // -1
	add("D", 402, 500, 403, 500)  // 80.4, -0.2
	add("E", 403, 500, 400, 500)  // 80.6, +0.6
	add("F", 747, 1000, 105, 130) // 74.7%, was 80.8%: -6.1
	ps := snap(prev...)
	ps.AsAt = d("2018-11-01")
	r := compute(t, snap(cur...), ps, Options{Authority: "C", Comparators: []string{"A", "B", "D", "E", "F"}, SimilarWithin: 3})
	got := map[string]RankRow{}
	for _, row := range r.Ranking {
		got[row.Authority] = row
	}
	type want struct {
		rank  int
		joint bool
		imp   int
		jimp  bool
	}
	// Shares: A 90 (nobody 3 points ahead: 1st, B within); B 88 (1st,
	// A within); C 86 (A is 4 ahead: 2nd, B within); D 80.4 and E 80.6
	// (A, B, C ahead: 4th, each within the other); F 74.7 (6th alone).
	// Changes: A +10 (1st, B within 2); B +8 (1st: A only 2 ahead); C -1
	// (A, B ahead: 3rd, D/E within); D -0.2, E +0.6 (3rd, joint); F
	// -6.1 (A, B, C, D, E all 3 or more ahead: 6th, alone).
	wants := map[string]want{
		"A": {1, true, 1, true}, "B": {1, true, 1, true}, "C": {2, true, 3, true},
		"D": {4, true, 3, true}, "E": {4, true, 3, true}, "F": {6, false, 6, false},
	}
	for name, w := range wants {
		g := got[name]
		if g.Rank != w.rank || g.Joint != w.joint || g.ImprovementRank != w.imp || g.JointImprovement != w.jimp {
			t.Errorf("%s: rank %d joint %v, improvement %d joint %v; want %+v", name, g.Rank, g.Joint, g.ImprovementRank, g.JointImprovement, w)
		}
	}
	// On the printed figures D (80) and E (81) were ranked apart, and C's
	// fall of 1 point ranked 3rd alone behind D's 0: under the threshold
	// they are joint.
	if got["D"].Pct != 80 || got["E"].Pct != 81 {
		t.Fatalf("printed shares %v, %v: the case no longer tests rounding", got["D"].Pct, got["E"].Pct)
	}
	// Best first by the exact share, so E (80.6) before D (80.4).
	var order []string
	for _, row := range r.Ranking {
		order = append(order, row.Authority)
	}
	if fmt.Sprint(order) != "[A B C E D F]" {
		t.Errorf("order %v", order)
	}
	// The table carries the joint flags, each authority's services and
	// a comparator's share of the comparator group's services.
	rt := table(t, r, TRanking)
	for _, c := range []struct{ row, col, want string }{
		{"C", "rank", "2"}, {"C", "rank_joint", "1"}, {"F", "rank_joint", "0"},
		{"F", "improvement_rank", "6"}, {"F", "improvement_rank_joint", "0"}, {"D", "improvement_rank_joint", "1"},
		{"F", "services", "1000"}, {"C", "services", "100"},
		{"F", "comparators_share_pct", "45"}, // 1,000 of the 2,200 services of A, B, D, E and F
		{"C", "comparators_share_pct", ""},   // the authority is not a comparator
	} {
		if g := cell(t, rt, c.row, c.col); g != c.want {
			t.Errorf("ranking %s/%s = %q, want %q", c.row, c.col, g, c.want)
		}
	}
	if _, _, ok := r.DominantComparator(); ok {
		t.Error("no comparator holds more than half the group's services, yet one is dominant")
	}
	// Without a threshold the same figures rank on the exact shares.
	r = compute(t, snap(cur...), ps, Options{Authority: "C", Comparators: []string{"A", "B", "D", "E", "F"}})
	for _, row := range r.Ranking {
		if row.Authority == "D" && (row.Rank != 5 || row.Joint) {
			t.Errorf("threshold 0: D rank %d joint %v, want 5 alone", row.Rank, row.Joint)
		}
	}
}

// DominantComparator: one comparator holding more than half of the
// comparator group's services is named with its share, read from the
// ranking table; exactly half is not most.
func TestDominantComparator(t *testing.T) {
	r := &Result{Authority: &Area{Name: "Devon"}, Comparators: &Area{Name: "Comparator authorities"}, Ranking: []RankRow{
		{Authority: "Devon", IsAuthority: true, Share: report.ShareOf(300, 322, 0)},
		{Authority: "Somerset", Share: report.ShareOf(180, 220, 0)},
		{Authority: "Plymouth", Share: report.ShareOf(90, 100, 0)},
		{Authority: "Torbay", Share: report.ShareOf(60, 80, 0)},
	}}
	r.DeclareTables()
	name, share, ok := r.DominantComparator()
	if !ok || name != "Somerset" || share.String() != "55%" || share.N != 220 || share.Of != 400 {
		t.Errorf("DominantComparator = %q %v (%d of %d) %v, want Somerset 55%% (220 of 400)", name, share, share.N, share.Of, ok)
	}
	r.Ranking[1].Share = report.ShareOf(150, 180, 0) // 180 of 360: half, not most
	r.DeclareTables()
	if name, _, ok := r.DominantComparator(); ok {
		t.Errorf("half the group called most: %s", name)
	}
	r.Ranking = []RankRow{r.Ranking[0], {Authority: "Somerset", Share: report.ShareOf(180, 220, 0)}}
	r.DeclareTables()
	if _, _, ok := r.DominantComparator(); ok {
		t.Error("a group of one comparator is dominated by itself")
	}
	r.Comparators, r.Ranking = nil, nil
	r.DeclareTables()
	if _, _, ok := r.DominantComparator(); ok {
		t.Error("no ranking, yet a dominant comparator")
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
	// Four authorities are not England: their total is all_areas_*.
	if len(ct.Columns) != 10 || ct.Columns[4] != "comparators_all_pct" || ct.Columns[8] != "all_areas_care_home_pct" {
		t.Errorf("columns %v", ct.Columns)
	}
	for _, c := range []struct{ row, col, want string }{
		{"good", "authority_all_pct", "25"}, {"good", "comparators_all_pct", "67"}, {"good", "all_areas_care_home_pct", "42"},
		{"requires_improvement", "all_areas_all_pct", "58"},
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
		{"comparators", "nursing_beds", "20"}, {"all_areas", "care_homes", "3"}, {"all_areas", "residential_beds", "20"},
	} {
		if got := cell(t, bt, c.row, c.col); got != c.want {
			t.Errorf("beds %s/%s = %s, want %s", c.row, c.col, got, c.want)
		}
	}
	if r.Comparators.Members[0] != "B" {
		t.Errorf("comparators as spelt in the data: %v", r.Comparators.Members)
	}
}

// Column names say what the figures are: england_* only for England
// (a national file or published counts), all_areas_* for the total of a
// file that covers some authorities, none without figures beyond the
// comparators; the CSV headers are the same names.
func TestAreaColumnNames(t *testing.T) {
	var locs []report.Location
	for _, n := range []string{"A", "B", "C"} {
		locs = append(locs, areaOf(n, 3, 4)...)
	}
	for i := range locs {
		locs[i].Current.HasKQ = true
		locs[i].Current.KQ[report.Safe] = report.Good
	}
	cur := snap(locs...)
	cur.KeyQuestions = true
	prev := snap(locs...)
	prev.AsAt = d("2018-11-01")
	pub := &Published{CareHome: Counts{report.Good: 70, report.Inadequate: 30}}
	for _, c := range []struct {
		name      string
		england   bool
		published *Published
		prefix    string // the prefix wanted; "" for no such columns
	}{
		{"three authorities", true, nil, "all_areas_"},
		{"published England counts", true, pub, "england_"},
		{"england: false", false, nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := Options{Authority: "A", Comparators: []string{"B"}, England: c.england, PublishedEngland: c.published,
				Trend: []Dated{{Date: d("2018-11-01"), Areas: Aggregate(prev, false, Period{})}, {Date: d("2019-11-01"), Areas: Aggregate(cur, false, Period{})}}}
			r := compute(t, cur, prev, o)
			seen := map[string]bool{}
			for _, tb := range r.Tables {
				for _, col := range tb.Columns {
					for _, p := range []string{"england_", "all_areas_"} {
						if strings.HasPrefix(col, p) {
							seen[p] = true
							if p != c.prefix {
								t.Errorf("table %s has column %s", tb.ID, col)
							}
						}
					}
				}
				csv, err := tb.CSV()
				if err != nil {
					t.Fatal(err)
				}
				header, _, _ := strings.Cut(string(csv), "\n")
				if header != strings.Join(tb.Columns, ",") {
					t.Errorf("%s: CSV header %q, columns %v", tb.ID, header, tb.Columns)
				}
			}
			if c.prefix != "" && !seen[c.prefix] {
				t.Errorf("no %s* column in any table", c.prefix)
			}
			want := map[string]string{"all_areas_": "all_areas", "england_": "england"}[c.prefix]
			bt := table(t, r, TBeds)
			if want != "" && c.published == nil {
				if _, ok := bt.Cell(want, "beds"); !ok {
					t.Errorf("beds has no %s row: %v", want, bt.Rows)
				}
			}
			if c.prefix == "all_areas_" {
				for _, id := range []string{TComparison, TYearOnYear, TKeyQuestionsCompar, TTrend} {
					tb := table(t, r, id)
					if strings.Contains(tb.Title, "England") {
						t.Errorf("%s: title %q names England", id, tb.Title)
					}
				}
				if got := cell(t, table(t, r, TYearOnYear), "good", "all_areas_current"); got != "9" {
					t.Errorf("year_on_year good/all_areas_current = %s, want 9", got)
				}
			}
		})
	}
}

func TestMeanCellHalfUp(t *testing.T) {
	for _, c := range []struct{ sum, n, want int }{{5, 2, 3}, {7, 2, 4}, {1, 3, 0}, {2, 3, 1}, {0, 4, 0}} {
		if got := MeanCell(c.sum, c.n); int(got.Num) != c.want {
			t.Errorf("MeanCell(%d, %d) = %v, want %d", c.sum, c.n, got.Num, c.want)
		}
	}
}
