package cqc

import "github.com/carereport/carereport/report"

// Movement categories (rule 7). Every location in either snapshot falls
// in exactly one of them, so they add up to the union of both.
const (
	Improved = iota
	Declined
	Unchanged
	FirstRated
	New
	Closed
	// StillNotRated: present at both dates, rated at neither.
	StillNotRated
	// NoLongerRated: present at both, rated before but not now (a
	// snapshot file can show this; API history cannot).
	NoLongerRated
	numMovements
)

// MovementIDs are the row ids of the movements table.
var MovementIDs = [numMovements]string{"improved", "declined", "unchanged", "first_rated", "new", "closed", "still_not_rated", "no_longer_rated"}

// Movements count locations by movement and service type (index 0 care
// homes, 1 community).
type Movements [numMovements][2]int

// Get returns the count of one movement: service "care_home",
// "community" or "all".
func (m *Movements) Get(mv int, service string) int {
	switch service {
	case "care_home":
		return m[mv][0]
	case "community":
		return m[mv][1]
	}
	return m[mv][0] + m[mv][1]
}

// Matched is the number of locations present and rated at both dates.
func (m *Movements) Matched() int {
	return m.Get(Improved, "all") + m.Get(Declined, "all") + m.Get(Unchanged, "all")
}

// Total is the number of locations in either snapshot.
func (m *Movements) Total() int {
	n := 0
	for mv := range numMovements {
		n += m.Get(mv, "all")
	}
	return n
}

// CountMovements matches the authority's locations at two dates by
// Location ID. A location's service type is taken from its latest record.
func CountMovements(before, after []*report.Location) Movements {
	var m Movements
	prev := make(map[string]*report.Location, len(before))
	for _, l := range before {
		prev[l.ID] = l
	}
	typ := func(l *report.Location) int {
		if l.CareHome {
			return 0
		}
		return 1
	}
	seen := make(map[string]bool, len(after))
	for _, l := range after {
		seen[l.ID] = true
		p, ok := prev[l.ID]
		now := l.Current.Overall
		var mv int
		switch {
		case !ok:
			mv = New
		case !p.Current.Overall.IsRated() && !now.IsRated():
			mv = StillNotRated
		case !p.Current.Overall.IsRated():
			mv = FirstRated
		case !now.IsRated():
			mv = NoLongerRated
		case now > p.Current.Overall:
			mv = Improved
		case now < p.Current.Overall:
			mv = Declined
		default:
			mv = Unchanged
		}
		m[mv][typ(l)]++
	}
	for _, p := range before {
		if !seen[p.ID] {
			m[Closed][typ(p)]++
		}
	}
	return m
}
