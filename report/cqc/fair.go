package cqc

import (
	"fmt"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// TCouncil is the table of CQC's assessments of the council and its
// comparators.
const TCouncil = "council_assessment"

// computeFair adds the figures of issue 19 to a result: beds per head,
// the outcomes of the period's ratings and CQC's assessments of the
// council and its comparators.
func computeFair(r *Result, as *Areas, cur *report.Snapshot, mine []*report.Location) {
	o := r.Opts
	if o.Population != nil {
		ph, f := computePerHead(r, as, o.Population)
		r.PerHead = ph
		r.Findings = append(r.Findings, f...)
	}
	if cur.Kind == report.FromAPI {
		r.Reinspection = countReinspection(mine, o.Inspections, o.AsAt)
	}
	r.Council = councilRows(r, o.CouncilAssessments)
	if o.Map {
		m, f := countMap(r, mine)
		r.Map = m
		r.Findings = append(r.Findings, f...)
	}
}

// councilRows picks the council's own assessment, then its comparators'
// where known, in the comparators' order; nil when the council's own is
// not known (the paper then has no section on it).
func councilRows(r *Result, all []report.CouncilAssessment) []report.CouncilAssessment {
	find := func(name string) (report.CouncilAssessment, bool) {
		for _, a := range all {
			if report.SameName(a.Authority, name) {
				return a, true
			}
		}
		return report.CouncilAssessment{}, false
	}
	own, ok := find(r.Authority.Name)
	if !ok {
		return nil
	}
	own.Authority = r.Authority.Name
	out := []report.CouncilAssessment{own}
	if r.Opts.PublishedComparators == nil {
		for _, c := range r.Opts.Comparators {
			if a, ok := find(c); ok {
				a.Authority = c
				out = append(out, a)
			}
		}
	}
	return out
}

// councilSpec declares CQC's assessments of the council and of its
// comparators where known: the rating, when it was published (a month,
// 2025-09, or a day) and the score where given.
func councilSpec(r *Result) *spec.Table {
	if len(r.Council) == 0 {
		return nil
	}
	title := fmt.Sprintf("CQC's assessment of %s's adult social care duties", r.Authority.Name)
	if len(r.Council) > 1 {
		title = fmt.Sprintf("CQC's assessments of the adult social care duties of %s and its comparator authorities", r.Authority.Name)
	}
	t := spec.New(TCouncil, title, "authority", spec.Column{Name: "rating", Kind: spec.Rating, Label: "Rating"},
		spec.Column{Name: "published", Kind: spec.Date, Label: "Published"}, spec.Column{Name: "score", Kind: spec.Rate, Label: "Score"})
	for _, a := range r.Council {
		score := report.Null()
		if a.HasScore {
			score = report.Num(a.Score, decimalsOf(a.Score))
		}
		t.Add(spec.Row{ID: a.Authority, Label: a.Authority}, report.Str(a.Rating.ID()), report.Str(a.PublishedISO()), score)
	}
	return t
}

// decimalsOf is how many decimals (0 to 2) a score was given with.
func decimalsOf(v float64) int {
	for d := 0; d < 2; d++ {
		p := 1.0
		for range d {
			p *= 10
		}
		if v*p == float64(int64(v*p)) {
			return d
		}
	}
	return 2
}
