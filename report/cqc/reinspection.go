package cqc

import (
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// TReinspection is the table of the period's rating outcomes.
const TReinspection = "reinspection_outcomes"

// Outcome is what a rating published in the period did to a service's
// overall rating.
type Outcome int

// Outcomes, in the order the table shows them.
const (
	OutcomeDown Outcome = iota
	OutcomeSame
	OutcomeUp
	OutcomeFirst
	numOutcomes
)

// outcomeRows are the table's rows: id and the label the paper prints.
var outcomeRows = [numOutcomes]spec.Row{
	OutcomeDown:  {ID: "down", Label: "Lower rating than before"},
	OutcomeSame:  {ID: "same", Label: "Same rating as before"},
	OutcomeUp:    {ID: "up", Label: "Higher rating than before"},
	OutcomeFirst: {ID: "first_rating", Label: "First rating"},
}

// Row is the outcome's row of reinspection_outcomes.
func (o Outcome) Row() spec.Row { return outcomeRows[o] }

// Reinspection counts the outcomes of the ratings CQC published in the
// inspection period, among the authority's services present at the as-at
// date: of those rated in the period that held a rating before it, whose
// latest rating in the period is below, equal to or above the rating in
// force the day before the period's first rating of them; and those
// rated for the first time. Only API records, which keep every rating,
// can show it.
type Reinspection struct {
	Period Period
	// ByType counts by outcome and service type.
	ByType [numOutcomes]Tally
	// Services is how many in-scope services the authority has at the
	// as-at date (the M of "N of the M services").
	Services int
}

// Count is how many services of a type had an outcome.
func (ri *Reinspection) Count(o Outcome, s Service) int { return ri.ByType[o].Of(s) }

// Rated is how many services were rated in the period (every outcome).
func (ri *Reinspection) Rated(s Service) int {
	n := 0
	for o := range numOutcomes {
		n += ri.Count(o, s)
	}
	return n
}

// countReinspection applies the definition to the authority's locations
// as at asAt (rebuilt from API records, so each carries its history).
func countReinspection(mine []*report.Location, p Period, asAt report.Date) *Reinspection {
	ri := &Reinspection{Period: p, Services: len(mine)}
	for _, l := range mine {
		o, ok := OutcomeOf(l.History, p, asAt)
		if !ok {
			continue
		}
		ri.ByType[o].Add(ServiceOf(l.CareHome))
	}
	return ri
}

// OutcomeOf is one service's outcome in the period, from its history
// (oldest first): false when no real rating was published in the period
// (by asAt). The rating before is the one in force the day before the
// period's first rating of the service (rule 4, so an "Inspected but not
// rated" report does not count as one); its absence makes a first rating.
func OutcomeOf(h []report.Assessment, p Period, asAt report.Date) (Outcome, bool) {
	var first report.Date
	var latest report.Rating
	for _, a := range h {
		if !a.Overall.IsRated() || !p.Contains(a.Date) || (!asAt.IsZero() && a.Date > asAt) {
			continue
		}
		if first.IsZero() || a.Date < first {
			first = a.Date
		}
		latest = a.Overall // history is oldest first: the last one wins
	}
	if first.IsZero() {
		return 0, false
	}
	before := RatingAt(h, first.AddDate(0, 0, -1)).Overall
	switch {
	case !before.IsRated():
		return OutcomeFirst, true
	case latest < before:
		return OutcomeDown, true
	case latest > before:
		return OutcomeUp, true
	}
	return OutcomeSame, true
}
