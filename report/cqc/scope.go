// Package cqc holds carereport's counting rules (cqc-data.md) and derives
// every table a quality report needs. Its functions are pure: snapshots
// and options in, counts and tables out.
package cqc

import (
	"github.com/carereport/carereport/report"
)

// At returns the snapshot as at date d. A snapshot file is already as at
// its own date and is returned as it is. From API records it keeps the
// locations present at d (rule 3: registered on or before d and not
// deregistered on or before d), marks each dormant or not by its dormancy
// dates as at d (rule 3), and sets each one's rating to the latest
// of the four real ratings published on or before d (rule 4), with the key
// question ratings of that same report; none means not rated.
func At(s *report.Snapshot, d report.Date) *report.Snapshot {
	if s.Kind != report.FromAPI {
		return s
	}
	full := s
	if s.Full != nil {
		full = s.Full
	}
	out := &report.Snapshot{AsAt: d, Source: s.Source, Kind: s.Kind, Findings: s.Findings,
		KeyQuestions: s.KeyQuestions, HasDeregistered: s.HasDeregistered, HasReports: s.HasReports, Full: full, Locations: make([]report.Location, 0, len(s.Locations))}
	for _, l := range s.Locations {
		if !l.Deregistered.IsZero() {
			out.HasDeregistered = true
		}
		if !PresentAt(&l, d) {
			continue
		}
		l.Current = RatingAt(l.History, d)
		l.Dormant = DormantAt(&l, d)
		out.Locations = append(out.Locations, l)
	}
	return out
}

// PresentAt reports whether an API location is registered at d.
func PresentAt(l *report.Location, d report.Date) bool {
	if !l.Registered.IsZero() && l.Registered > d {
		return false
	}
	if !l.Deregistered.IsZero() && l.Deregistered <= d {
		return false
	}
	return true
}

// DormantAt applies rule 3's dormancy to an API location: dormant on d
// when its dormancy started on or before d and had not ended by d (an end
// date is the first day it traded again). A dormancy of Y with no dates
// applies to every date; a record with neither is never dormant.
func DormantAt(l *report.Location, d report.Date) bool {
	if l.DormantUndated {
		return true
	}
	sp := l.DormantSpan
	if sp.Start.IsZero() {
		return false
	}
	return sp.Start <= d && (sp.End.IsZero() || d < sp.End)
}

// RatingAt picks from a history (oldest first) the latest real rating
// published on or before d. A key question that the record dates after d
// (re-rated by a later inspection) is left out rather than taken from the
// future.
func RatingAt(h []report.Assessment, d report.Date) report.Assessment {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Date <= d && h[i].Overall.IsRated() {
			a := h[i]
			for q, kd := range a.KQDate {
				if !kd.IsZero() && kd > d {
					a.KQ[q] = report.NotRated
				}
			}
			return a
		}
	}
	return report.Assessment{}
}

// key normalises an authority or region name for matching.
func key(s string) string { return report.NameKey(s) }

// InScope is rule 1 without the authority: adult social care, and not
// dormant unless dormant locations are asked for.
func InScope(l *report.Location, includeDormant bool) bool {
	return l.AdultSocialCare && (includeDormant || !l.Dormant)
}

// InspectedIn applies rule 6: whether the location had a rating
// published in the period (and by the snapshot's date), and the latest
// such rating. A snapshot file knows only the latest rating; API records
// know every one, so a service inspected in the period and again after it
// still counts, by the rating the period published.
func InspectedIn(l *report.Location, p Period, asAt report.Date) (report.Rating, bool) {
	if l.History == nil {
		r := l.Current.Overall
		return r, r.IsRated() && p.Contains(l.Current.Date)
	}
	for i := len(l.History) - 1; i >= 0; i-- {
		h := l.History[i]
		if h.Overall.IsRated() && p.Contains(h.Date) && (asAt.IsZero() || h.Date <= asAt) {
			return h.Overall, true
		}
	}
	return report.NotRated, false
}

// Counts are numbers of locations by rating, indexed by report.Rating.
type Counts [5]int

// Total is the sum over every rating, not rated included.
func (c Counts) Total() int { return c[0] + c[1] + c[2] + c[3] + c[4] }

// Rated is the sum over the four real ratings.
func (c Counts) Rated() int { return c.Total() - c[report.NotRated] }

// GoodOrBetter is Outstanding plus Good.
func (c Counts) GoodOrBetter() int { return c[report.Outstanding] + c[report.Good] }

// Share is the share of rating r among all (not rated included).
func (c Counts) Share(r report.Rating, dec int) report.Share {
	return report.ShareOf(c[r], c.Total(), dec)
}

// GoodOrBetterShare is the share rated Good or Outstanding of all (not
// rated included), as the tables print it.
func (c Counts) GoodOrBetterShare(dec int) report.Share {
	return report.ShareOf(c.GoodOrBetter(), c.Total(), dec)
}

// Add returns c + o.
func (c Counts) Add(o Counts) Counts {
	for i := range c {
		c[i] += o[i]
	}
	return c
}

// ByType splits counts by service type (rule 2).
type ByType struct {
	All, CareHome, Community Counts
}

func (b *ByType) add(l *report.Location, r report.Rating) {
	b.All[r]++
	if l.CareHome {
		b.CareHome[r]++
	} else {
		b.Community[r]++
	}
}

// Of returns the counts of one service type.
func (b *ByType) Of(s Service) Counts {
	switch s {
	case All:
		return b.All
	case CareHome:
		return b.CareHome
	case Community:
		return b.Community
	}
	s.check()
	return Counts{}
}

func (b ByType) plus(o ByType) ByType {
	return ByType{All: b.All.Add(o.All), CareHome: b.CareHome.Add(o.CareHome), Community: b.Community.Add(o.Community)}
}

// Area is what the tables need of one authority or group of authorities.
type Area struct {
	// Name is the authority as spelt in the data, or a group's label.
	Name string
	// Members are the authorities summed (one for an authority).
	Members []string
	Region  string
	Ratings ByType
	// Inspected counts locations whose rating was published in the
	// inspection period, by that rating (rule 6).
	Inspected ByType
	// Homes split by nursing (rule 2) and their beds.
	NursingHomes, ResidentialHomes int
	NursingBeds, ResidentialBeds   int
	ExtraCare                      int
}

// Locations is the number of in-scope locations.
func (a *Area) Locations() int { return a.Ratings.All.Total() }

// Homes is the number of care homes.
func (a *Area) Homes() int { return a.NursingHomes + a.ResidentialHomes }

// Beds is the number of care home beds.
func (a *Area) Beds() int { return a.NursingBeds + a.ResidentialBeds }

func (a *Area) add(o *Area) {
	a.Members = append(a.Members, o.Members...)
	a.Ratings = a.Ratings.plus(o.Ratings)
	a.Inspected = a.Inspected.plus(o.Inspected)
	a.NursingHomes += o.NursingHomes
	a.ResidentialHomes += o.ResidentialHomes
	a.NursingBeds += o.NursingBeds
	a.ResidentialBeds += o.ResidentialBeds
	a.ExtraCare += o.ExtraCare
}

// Period is an inclusive range of publication dates.
type Period struct{ From, To report.Date }

// Contains reports whether d is in the period.
func (p Period) Contains(d report.Date) bool {
	return !d.IsZero() && d >= p.From && d <= p.To
}

// Areas is every authority in a snapshot, aggregated in one pass.
type Areas struct {
	byKey map[string]*Area
	// Keys in the order first seen, for stable output.
	order []string
}

// Aggregate counts every in-scope location of s into its authority.
func Aggregate(s *report.Snapshot, includeDormant bool, p Period) *Areas {
	as := &Areas{byKey: map[string]*Area{}}
	// byName finds an area by its name as spelt on the row, so that key()
	// runs once per spelling rather than once per row (rows of a national
	// file come in no order of authority).
	byName := map[string]*Area{}
	for i := range s.Locations {
		l := &s.Locations[i]
		if !InScope(l, includeDormant) {
			continue
		}
		a := byName[l.LocalAuthority]
		if a == nil {
			k := key(l.LocalAuthority)
			a = as.byKey[k]
			if a == nil {
				a = &Area{Name: l.LocalAuthority, Members: []string{l.LocalAuthority}, Region: l.Region}
				as.byKey[k] = a
				as.order = append(as.order, k)
			}
			byName[l.LocalAuthority] = a
		}
		r := l.Current.Overall
		a.Ratings.add(l, r)
		if ir, ok := InspectedIn(l, p, s.AsAt); ok {
			a.Inspected.add(l, ir)
		}
		if l.CareHome {
			if l.Nursing {
				a.NursingHomes++
				a.NursingBeds += l.Beds
			} else {
				a.ResidentialHomes++
				a.ResidentialBeds += l.Beds
			}
		} else if l.ExtraCare {
			a.ExtraCare++
		}
	}
	return as
}

// Get returns an authority's area, matching the name loosely.
func (as *Areas) Get(name string) *Area { return as.byKey[key(name)] }

// Names returns every authority's name as spelt in the data.
func (as *Areas) Names() []string {
	out := make([]string, 0, len(as.order))
	for _, k := range as.order {
		out = append(out, as.byKey[k].Name)
	}
	return out
}

// InRegion returns the authorities of a region, as spelt in the data.
func (as *Areas) InRegion(region string) []string {
	var out []string
	for _, k := range as.order {
		if key(as.byKey[k].Region) == key(region) {
			out = append(out, as.byKey[k].Name)
		}
	}
	return out
}

// Sum adds up the named authorities into one area called label; names
// not in the data are skipped (they are checked elsewhere).
func (as *Areas) Sum(label string, names []string) *Area {
	out := &Area{Name: label}
	for _, n := range names {
		if a := as.Get(n); a != nil {
			out.add(a)
		}
	}
	return out
}

// All adds up every authority.
func (as *Areas) All(label string) *Area {
	out := &Area{Name: label}
	for _, k := range as.order {
		out.add(as.byKey[k])
	}
	return out
}
