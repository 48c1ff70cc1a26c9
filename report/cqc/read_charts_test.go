package cqc

import (
	"fmt"
	"testing"

	"github.com/carereport/carereport/report"
)

// The ranking reader gives back, from the table's cells, each row's
// figures as the ranking computed them: the authority, which row is the
// paper's own, the shares with their counts and totals (rule 11), the rank
// and whether it is joint, and the dates the chart draws.
func TestRankingReader(t *testing.T) {
	var cur, prev []report.Location
	add := func(name string, good, n, pgood, pn int) {
		cur = append(cur, areaOf(name, good, n)...)
		prev = append(prev, areaOf(name, pgood, pn)...)
	}
	add("A", 90, 100, 80, 100)
	add("B", 88, 100, 80, 100)
	add("C", 86, 100, 87, 100)
	add("D", 402, 500, 403, 500) // 80.4%: printed 80, read back as 402 of 500
	add("E", 403, 500, 400, 500)
	// A service not yet rated: A's share is 90 of 101, not the 90 of 100
	// rated.
	cur = append(cur, loc("A-new", "A", true, report.NotRated))
	prev = append(prev, loc("B-new", "B", true, report.NotRated))
	ps := snap(prev...)
	ps.AsAt = d("2018-11-01")
	for _, withPrev := range []bool{true, false} {
		t.Run(fmt.Sprintf("previous %v", withPrev), func(t *testing.T) {
			p := ps
			if !withPrev {
				p = nil
			}
			r := compute(t, snap(cur...), p, Options{Authority: "C", Comparators: []string{"A", "B", "D", "E"}, SimilarWithin: 3})
			x, ok := r.RankingOf(All)
			if !ok || x.ID() != TRanking || x.Len() != len(r.Ranking) || x.Len() != 5 {
				t.Fatalf("RankingOf(All): %v, %d rows for %d", ok, x.Len(), len(r.Ranking))
			}
			wantDates := fmt.Sprint([]string{"1 November 2019"})
			if withPrev {
				wantDates = fmt.Sprint([]string{"1 November 2018", "1 November 2019"})
			}
			if got := fmt.Sprint(x.Dates()); got != wantDates {
				t.Errorf("dates %s, want %s", got, wantDates)
			}
			authority := 0
			for i, row := range r.Ranking {
				if x.Authority(i) != row.Authority || x.IsAuthority(i) != row.IsAuthority {
					t.Errorf("row %d: %s (authority %v), want %s (%v)", i, x.Authority(i), x.IsAuthority(i), row.Authority, row.IsAuthority)
				}
				if x.IsAuthority(i) {
					authority++
				}
				if got := x.Share(i); got != row.Share {
					t.Errorf("%s: share %+v, want %+v", row.Authority, got, row.Share)
				}
				if got := x.Previous(i); got != row.PrevShare {
					t.Errorf("%s: previous share %+v, want %+v", row.Authority, got, row.PrevShare)
				}
				if got := x.Previous(i).OK; got != withPrev {
					t.Errorf("%s: a previous share %v with a previous date %v", row.Authority, got, withPrev)
				}
				if rank, joint := x.Rank(i); rank != row.Rank || joint != row.Joint {
					t.Errorf("%s: rank %d joint %v, want %d %v", row.Authority, rank, joint, row.Rank, row.Joint)
				}
				want := []report.Share{row.Share}
				if withPrev {
					want = []report.Share{row.PrevShare, row.Share}
				}
				if got := x.Shares(i); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s: shares %v, want %v", row.Authority, got, want)
				}
			}
			if authority != 1 {
				t.Errorf("%d rows are the authority's", authority)
			}
			if d := x.Share(4); d.N != 402 || d.Of != 500 || d.Pct != 80 {
				t.Errorf("D's share %+v: the count and total are lost", d)
			}
			if _, ok := r.RankingOf(Community); ok {
				t.Error("a ranking of community-based services where the data holds care homes only")
			}
		})
	}
}

// The trend reader's lines are the trend table's share columns that hold
// figures, each named by its heading, with the shares the trend computed.
func TestTrendReader(t *testing.T) {
	var prev, cur []report.Location
	for _, a := range []struct {
		name        string
		good, pgood int
	}{{"A", 7, 5}, {"B", 9, 8}, {"C", 6, 6}} {
		prev = append(prev, areaOf(a.name, a.pgood, 10)...)
		cur = append(cur, areaOf(a.name, a.good, 10)...)
	}
	ps, cs := snap(prev...), snap(cur...)
	ps.AsAt = d("2018-11-01")
	trend := []Dated{{Date: ps.AsAt, Areas: Aggregate(ps, false, Period{})}, {Date: cs.AsAt, Areas: Aggregate(cs, false, Period{})}}
	for _, c := range []struct {
		name    string
		comps   []string
		england bool
		lines   []TrendLine
		names   string
	}{
		{"all three", []string{"B"}, true, []TrendLine{LineAuthority, LineComparators, LineEngland}, "[A Comparator authorities All 3 authorities]"},
		{"no comparators", nil, true, []TrendLine{LineAuthority, LineEngland}, "[A All 3 authorities]"},
		{"no England", []string{"B", "C"}, false, []TrendLine{LineAuthority, LineComparators}, "[A Comparator authorities]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := compute(t, cs, nil, Options{Authority: "A", Comparators: c.comps, England: c.england, Trend: trend, ComparatorLabel: "Comparator authorities"})
			x, ok := r.TrendTable()
			if !ok || x.Len() != 2 {
				t.Fatalf("TrendTable: %v, %d rows", ok, x.Len())
			}
			lines := x.Lines()
			var names []string
			for _, l := range lines {
				names = append(names, x.Name(l))
			}
			if fmt.Sprint(lines) != fmt.Sprint(c.lines) || fmt.Sprint(names) != c.names {
				t.Errorf("lines %v %v, want %v %s", lines, names, c.lines, c.names)
			}
			for i, p := range r.Trend.Points {
				if x.Date(i) != p.Date || x.Label(i) != p.Date.Short() {
					t.Errorf("row %d: %s %q, want %s", i, x.Date(i), x.Label(i), p.Date)
				}
				want := map[TrendLine]report.Share{LineAuthority: p.Authority.All.GoodOrBetterShare(0)}
				if p.Comparators != nil {
					want[LineComparators] = p.Comparators.All.GoodOrBetterShare(0)
				}
				if p.England != nil {
					want[LineEngland] = p.England.All.GoodOrBetterShare(0)
				}
				for _, l := range lines {
					if got := x.Share(i, l); got != want[l] || !got.OK {
						t.Errorf("%s, line %s: %+v, want %+v", p.Date, x.Name(l), got, want[l])
					}
				}
			}
		})
	}
}

// The map reader names each rating's category by its row and counts the
// services on the map and off it from the table's total row.
func TestMapReader(t *testing.T) {
	at := func(id string, lon, lat float64, r report.Rating) report.Location {
		return report.Location{ID: id, LocalAuthority: "Devon", AdultSocialCare: true, Lon: lon, Lat: lat, HasPosition: true,
			Current: report.Assessment{Overall: r}}
	}
	s := &report.Snapshot{AsAt: report.MustDate("2024-04-01"), Locations: []report.Location{
		at("1-1", -4.058, 51.08, report.Good),
		at("1-2", -3.49, 50.90, report.Inadequate),
		at("1-3", -3.5, 50.7, report.Good),
		at("1-4", 2.35, 48.86, report.Good),                         // Paris: not placed
		{ID: "1-5", LocalAuthority: "Devon", AdultSocialCare: true}, // no position
	}}
	r, err := Compute(s, nil, Options{Authority: "Devon", AsAt: s.AsAt, Map: true})
	if err != nil {
		t.Fatal(err)
	}
	x, ok := r.MapTable()
	if !ok {
		t.Fatal("no map table")
	}
	if x.Placed() != len(r.Map.Points) || x.Placed() != 3 || x.NotPlaced() != 2 {
		t.Errorf("placed %d, not placed %d; the map has %d points", x.Placed(), x.NotPlaced(), len(r.Map.Points))
	}
	for _, rt := range report.Ratings {
		if x.Label(rt) != rt.Label() {
			t.Errorf("%s: category %q", rt.ID(), x.Label(rt))
		}
	}
}
