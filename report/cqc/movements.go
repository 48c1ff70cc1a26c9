package cqc

import (
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// Movement is a row of the movements table.
type Movement uint8

// Movement categories (rule 7). Every location in either snapshot falls
// in exactly one of them (a re-registration's predecessor is counted with
// it, once), so they add up to the union of both less the predecessors.
const (
	Improved Movement = iota
	Declined
	Unchanged
	FirstRated
	New
	Closed
	// ReRegistered: registered between the two dates as the successor of
	// a service under another provider or at another address (rule 7):
	// the same service, neither new nor closed.
	ReRegistered
	// BackFromDormant: registered at both dates but dormant at the
	// earlier one (rule 3): not a new service.
	BackFromDormant
	// NowDormant: registered at both dates but dormant at the later one:
	// not a closure.
	NowDormant
	// StillNotRated: present at both dates, rated at neither.
	StillNotRated
	// NoLongerRated: present at both, rated before but not now (a
	// snapshot file can show this; API history cannot).
	NoLongerRated
	numMovements
)

// movementRows are the rows of the movements table: the id the JSON and
// CSV give and the label the paper prints.
var movementRows = [numMovements]spec.Row{
	Improved:        {ID: "improved", Label: "Rating went up"},
	Declined:        {ID: "declined", Label: "Rating went down"},
	Unchanged:       {ID: "unchanged", Label: "Rating stayed the same"},
	FirstRated:      {ID: "first_rated", Label: "Rated for the first time"},
	New:             {ID: "new", Label: "Newly registered"},
	Closed:          {ID: "closed", Label: "Closed"},
	ReRegistered:    {ID: "re_registered", Label: "Re-registered (new provider or address)"},
	BackFromDormant: {ID: "back_from_dormant", Label: "Trading again after being dormant"},
	NowDormant:      {ID: "now_dormant", Label: "Dormant now"},
	StillNotRated:   {ID: "still_not_rated", Label: "Not rated at either date"},
	NoLongerRated:   {ID: "no_longer_rated", Label: "Rated before, not now"},
}

// Row is the movement's row of the movements table.
func (mv Movement) Row() spec.Row { return movementRows[mv] }

// ReRegistrationWindow is how soon after its predecessor's deregistration
// a service must be registered to count as the same service (rule 7).
const ReRegistrationWindow = 92

// Movements count locations by movement and service type.
type Movements struct {
	Counts [numMovements]Tally
	// Beds are the care home beds of the homes in each movement: for
	// ReRegistered, the beds that changed hands.
	Beds [numMovements]int
	// NewNotRated is how many of the New services are not yet rated.
	NewNotRated int
	// LinksSeen is false for snapshot files: they carry neither links
	// between registrations nor dormancy dates, so re-registrations and
	// dormancy cannot be told from new services and closures.
	LinksSeen bool
	// ReRegisteredChange compares each re-registered service's rating now
	// with its predecessor's at the earlier date: index Improved,
	// Declined, Unchanged, or FirstRated when one of the two was not rated.
	ReRegisteredChange [4]int
}

// Seen reports whether the data can show a movement: closures only when
// closuresSeen (rule 7: API records without deregistered services cannot),
// re-registrations and dormancy only with the links between records.
func (m *Movements) Seen(mv Movement, closuresSeen bool) bool {
	switch mv {
	case Closed:
		return closuresSeen
	case ReRegistered, BackFromDormant, NowDormant:
		return m.LinksSeen
	}
	return true
}

// Count is how many services of a type made one movement.
func (m *Movements) Count(mv Movement, s Service) int { return m.Counts[mv].Of(s) }

// Matched is the number of locations present and rated at both dates.
func (m *Movements) Matched() int {
	return m.Count(Improved, All) + m.Count(Declined, All) + m.Count(Unchanged, All)
}

// Total is the number of locations in either snapshot, a re-registered
// service and its predecessor counted once.
func (m *Movements) Total() int {
	n := 0
	for mv := range numMovements {
		n += m.Count(mv, All)
	}
	return n
}

// Lineage answers what rule 7 needs beyond the two lists of one
// authority: the records of every location (any authority, any date), to
// check a predecessor's deregistration date. A nil Lineage knows no
// re-registrations (snapshot files carry no links).
type Lineage interface {
	// Record returns the location with this ID as the data holds it, or
	// nil when the data does not hold it.
	Record(id string) *report.Location
}

// reRegistration reports whether l (present now, not at the earlier date
// prev) is a re-registration of a service that was there at prev, and
// returns the predecessor's record when the data holds it. A predecessor
// in the data must have been present at prev and deregistered within
// ReRegistrationWindow days of l's registration. When the data does not
// hold the predecessor (API records of registered services only), CQC's
// link is taken when l's record carries a rating its predecessor was
// given on or before prev: the evidence that the service was there then.
// A link to a service that itself started after prev is a new service.
func reRegistration(l *report.Location, lin Lineage, prev report.Date) (bool, *report.Location) {
	if lin == nil || len(l.Predecessors) == 0 {
		return false, nil
	}
	for _, p := range l.Predecessors {
		rec := lin.Record(p.ID)
		if rec == nil {
			for _, h := range l.History {
				if h.Overall.IsRated() && h.Date <= prev && (l.Registered.IsZero() || h.Date < l.Registered) {
					return true, nil
				}
			}
			continue
		}
		if rec.Deregistered.IsZero() || l.Registered.IsZero() || !PresentAt(rec, prev) {
			continue
		}
		gap := l.Registered.DaysSince(rec.Deregistered)
		if gap < 0 {
			gap = -gap
		}
		if gap <= ReRegistrationWindow {
			return true, rec
		}
	}
	return false, nil
}

// CountMovements matches the authority's locations at two dates by
// Location ID, and a re-registered service to its predecessor through
// lin. A location's service type is taken from its latest record.
// ratingBefore gives a re-registered service's rating at the earlier date
// when its predecessor is not among before (the successor's record
// carries the ratings it inherited).
//
// Dormancy by its dates (rule 3) is told apart from opening and closing:
// a service dormant at the earlier date but registered then is
// BackFromDormant, not New; one dormant now but still registered is
// NowDormant, not Closed. (With dormant services included, they are in
// both lists and compared as any other.)
func CountMovements(before, after []*report.Location, lin Lineage, prevDate, asAt report.Date) Movements {
	m := Movements{LinksSeen: lin != nil}
	prev := make(map[string]*report.Location, len(before))
	for _, l := range before {
		prev[l.ID] = l
	}
	seen := make(map[string]bool, len(after))
	for _, l := range after {
		seen[l.ID] = true
		p, ok := prev[l.ID]
		now := l.Current.Overall
		var mv Movement
		switch {
		case !ok && lin != nil && PresentAt(l, prevDate) && DormantAt(l, prevDate):
			mv = BackFromDormant
		case !ok:
			mv = New
			if re, rec := reRegistration(l, lin, prevDate); re {
				mv = ReRegistered
				was := RatingAt(l.History, prevDate).Overall
				if rec != nil {
					if pp, in := prev[rec.ID]; in {
						seen[rec.ID] = true // the same service: not closed
						was = pp.Current.Overall
					}
				}
				m.ReRegisteredChange[compareRatings(was, now)]++
			}
		case !p.Current.Overall.IsRated() && !now.IsRated():
			mv = StillNotRated
		case !p.Current.Overall.IsRated():
			mv = FirstRated
		case !now.IsRated():
			mv = NoLongerRated
		default:
			mv = compareRatings(p.Current.Overall, now)
		}
		m.Counts[mv].Add(ServiceOf(l.CareHome))
		if mv == New && !now.IsRated() {
			m.NewNotRated++
		}
		if l.CareHome {
			m.Beds[mv] += l.Beds
		}
	}
	for _, p := range before {
		if seen[p.ID] {
			continue
		}
		if lin != nil {
			if rec := lin.Record(p.ID); rec != nil && PresentAt(rec, asAt) && DormantAt(rec, asAt) {
				m.Counts[NowDormant].Add(ServiceOf(p.CareHome))
				continue
			}
		}
		m.Counts[Closed].Add(ServiceOf(p.CareHome))
		if p.CareHome {
			m.Beds[Closed] += p.Beds
		}
	}
	return m
}

// compareRatings is Improved, Declined or Unchanged between two real
// ratings, and FirstRated when either is not a rating.
func compareRatings(was, now report.Rating) Movement {
	switch {
	case !was.IsRated() || !now.IsRated():
		return FirstRated
	case now > was:
		return Improved
	case now < was:
		return Declined
	}
	return Unchanged
}
