package cqc

import (
	"fmt"

	"github.com/carereport/carereport/report"
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

// OutcomeIDs are the table's row ids.
var OutcomeIDs = [numOutcomes]string{"down", "same", "up", "first_rating"}

// Reinspection counts the outcomes of the ratings CQC published in the
// inspection period, among the authority's services present at the as-at
// date: of those rated in the period that held a rating before it, whose
// latest rating in the period is below, equal to or above the rating in
// force the day before the period's first rating of them; and those
// rated for the first time. Only API records, which keep every rating,
// can show it.
type Reinspection struct {
	Period Period
	// ByType counts by outcome, care homes [0] and community [1].
	ByType [numOutcomes][2]int
	// Services is how many in-scope services the authority has at the
	// as-at date (the M of "N of the M services").
	Services int
}

// Get is the count of an outcome for "care_home", "community" or "all".
func (ri *Reinspection) Get(o Outcome, service string) int {
	switch service {
	case "care_home":
		return ri.ByType[o][0]
	case "community":
		return ri.ByType[o][1]
	}
	return ri.ByType[o][0] + ri.ByType[o][1]
}

// Rated is how many services were rated in the period (every outcome).
func (ri *Reinspection) Rated(service string) int {
	n := 0
	for o := range numOutcomes {
		n += ri.Get(o, service)
	}
	return n
}

// Reinspected is how many of them held a rating before.
func (ri *Reinspection) Reinspected(service string) int {
	return ri.Rated(service) - ri.Get(OutcomeFirst, service)
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
		t := 1
		if l.CareHome {
			t = 0
		}
		ri.ByType[o][t]++
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

func reinspectionTable(r *Result) *report.Table {
	ri := r.Reinspection
	if ri == nil {
		return nil
	}
	t := &report.Table{ID: TReinspection,
		Title: fmt.Sprintf("Outcomes of the ratings published from %s to %s in %s, against each service's rating before (%d of its %d services were rated)",
			ri.Period.From.Long(), ri.Period.To.Long(), r.Authority.Name, ri.Rated("all"), ri.Services),
		Columns: []string{"outcome", "care_home", "community", "all", "all_pct"}}
	for o := range numOutcomes {
		t.Rows = append(t.Rows, []report.Cell{report.Str(OutcomeIDs[o]), report.Int(ri.Get(o, "care_home")),
			report.Int(ri.Get(o, "community")), report.Int(ri.Get(o, "all")),
			report.PctCell(ri.Get(o, "all"), ri.Rated("all"), r.Opts.Decimals)})
	}
	t.Rows = append(t.Rows, []report.Cell{report.Str("total"), report.Int(ri.Rated("care_home")),
		report.Int(ri.Rated("community")), report.Int(ri.Rated("all")),
		report.PctCell(ri.Rated("all"), ri.Rated("all"), r.Opts.Decimals)})
	return t
}
