package cqc

import (
	"testing"

	"github.com/carereport/carereport/report"
)

// Rule 7: every location of either date falls in exactly one movement, so
// the movements add up to the union of both sets.
func TestMovements(t *testing.T) {
	G, RI, O, I, NR := report.Good, report.RequiresImprovement, report.Outstanding, report.Inadequate, report.NotRated
	before := []report.Location{
		loc("1-1", "Devon", true, RI),  // improved
		loc("1-2", "Devon", false, G),  // declined
		loc("1-3", "Devon", true, G),   // unchanged
		loc("1-4", "Devon", true, NR),  // first rated
		loc("1-5", "Devon", false, O),  // closed
		loc("1-6", "Devon", false, NR), // still not rated
		loc("1-7", "Devon", true, G),   // no longer rated
		loc("1-8", "Devon", true, I),   // improved, community now? type from now
		loc("1-9", "Devon", true, NR),  // closed, never rated
	}
	after := []report.Location{
		loc("1-1", "Devon", true, G),
		loc("1-2", "Devon", false, I),
		loc("1-3", "Devon", true, G),
		loc("1-4", "Devon", true, O),
		loc("1-6", "Devon", false, NR),
		loc("1-7", "Devon", true, NR),
		loc("1-8", "Devon", false, O),
		loc("2-1", "Devon", false, G), // new
		loc("2-2", "Devon", true, NR), // new, not rated yet
	}
	ptrs := func(ls []report.Location) []*report.Location {
		var out []*report.Location
		for i := range ls {
			out = append(out, &ls[i])
		}
		return out
	}
	m := CountMovements(ptrs(before), ptrs(after), nil, d("2018-11-01"), d("2019-11-01"))
	want := map[string][2]int{
		"improved": {1, 1}, "declined": {0, 1}, "unchanged": {1, 0}, "first_rated": {1, 0},
		"new": {1, 1}, "closed": {1, 1}, "re_registered": {0, 0}, "back_from_dormant": {0, 0}, "now_dormant": {0, 0}, "still_not_rated": {0, 1}, "no_longer_rated": {1, 0},
	}
	for mv := range numMovements {
		id := mv.Row().ID
		if got := [2]int{m.Count(mv, CareHome), m.Count(mv, Community)}; got != want[id] {
			t.Errorf("%s = %v, want %v", id, got, want[id])
		}
	}
	union := map[string]bool{}
	for _, l := range append(append([]report.Location(nil), before...), after...) {
		union[l.ID] = true
	}
	if m.Total() != len(union) || m.Total() != 11 {
		t.Errorf("movements add up to %d, union is %d", m.Total(), len(union))
	}
	if m.Matched() != 4 {
		t.Errorf("matched %d, want 4", m.Matched())
	}

	// Through Compute: the movements table, and its sum.
	prev := snap(before...)
	prev.AsAt = d("2018-11-01")
	r := compute(t, snap(after...), prev, Options{Authority: "Devon"})
	mt := table(t, r, TMovements)
	sum := 0
	for _, row := range mt.Rows {
		c, _ := mt.Cell(row[0].Text, "all")
		sum += int(c.Num)
	}
	if sum != 11 || cell(t, mt, "improved", "all") != "2" || cell(t, mt, "new", "community") != "1" {
		t.Errorf("movements table: sum %d\n%v", sum, mt.Rows)
	}
	// Year on year: counts, percentages and change.
	yy := table(t, r, TYearOnYear)
	for _, c := range []struct{ row, col, want string }{
		{"good", "previous", "3"}, {"good", "current", "3"}, {"good", "change", "0"}, {"inadequate", "previous", "1"},
		{"not_rated", "previous", "3"}, {"not_rated", "previous_pct", "33"}, {"not_rated", "current", "3"},
		{"total", "previous", "9"}, {"total", "current", "9"}, {"total", "change", "0"},
		{"outstanding", "current_pct", "22"}, {"inadequate", "change", "0"},
	} {
		if got := cell(t, yy, c.row, c.col); got != c.want {
			t.Errorf("year_on_year %s/%s = %s, want %s", c.row, c.col, got, c.want)
		}
	}
}
