package cqc

import (
	"fmt"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// TTrend is the id of the trend table.
const TTrend = "trend"

// Dated is the per-authority aggregate of one snapshot, by its date: the
// input of the trend. A trend keeps only these, not the snapshots, so a
// dozen national files cost a dozen small aggregates.
type Dated struct {
	Date  report.Date
	Areas *Areas
}

// TrendPoint is one date of the trend: the authority's counts by service
// type, and the comparators' and England's where the data gives them.
type TrendPoint struct {
	Date        report.Date
	Authority   ByType
	Comparators *ByType
	England     *ByType
}

// Trend is ratings over time.
type Trend struct {
	Points []TrendPoint
	// ClosuresMissing is true when the trend is rebuilt from API records
	// of services still registered: services that closed are missing from
	// the earlier dates.
	ClosuresMissing bool
}

// computeTrend takes the authority, its comparators and England at every
// date, by the same rules as the paper's other figures.
func computeTrend(in []Dated, authority string, comps []string, england bool) *Trend {
	t := &Trend{}
	for _, d := range in {
		p := TrendPoint{Date: d.Date}
		if a := d.Areas.Get(authority); a != nil {
			p.Authority = a.Ratings
		}
		if len(comps) > 0 {
			c := d.Areas.Sum("", comps).Ratings
			p.Comparators = &c
		}
		if england {
			e := d.Areas.All("").Ratings
			p.England = &e
		}
		t.Points = append(t.Points, p)
	}
	return t
}

// trendSpec declares the ratings over time: a row per date (labelled
// "1 Feb 2021"), the authority's counts by rating, and the shares rated
// Good or Outstanding of the authority (all services, care homes,
// community-based services), its comparators and England (all_areas_ for
// the authorities a partial file covers; no such column without them).
func trendSpec(r *Result) *spec.Table {
	t := r.Trend
	if t == nil {
		return nil
	}
	dec := r.Opts.Decimals
	cols := []spec.Column{ratingColumn(report.Outstanding), ratingColumn(report.Good), ratingColumn(report.RequiresImprovement),
		ratingColumn(report.Inadequate), ratingColumn(report.NotRated), {Name: "total", Kind: spec.Count, Label: "Total"},
		{Name: "good_or_better_pct", Kind: spec.Share, Label: r.Authority.Name},
		{Name: "care_home_good_or_better_pct", Kind: spec.Share, Label: serviceLabels[CareHome]},
		{Name: "community_good_or_better_pct", Kind: spec.Share, Label: serviceLabels[Community]},
		{Name: "comparators_good_or_better_pct", Kind: spec.Share, Label: "Comparator authorities"}}
	if r.England != nil {
		cols = append(cols, spec.Column{Name: r.YearOnYearPrefix("england") + "good_or_better_pct", Kind: spec.Share, Label: r.EnglandLabel()})
	}
	tb := spec.New(TTrend, fmt.Sprintf("Ratings in %s over time", r.Authority.Name), "date", cols...)
	for _, p := range t.Points {
		a := p.Authority.All
		cells := []report.Cell{report.Int(a[report.Outstanding]), report.Int(a[report.Good]), report.Int(a[report.RequiresImprovement]),
			report.Int(a[report.Inadequate]), report.Int(a[report.NotRated]), report.Int(a.Total()),
			a.GoodOrBetterShare(dec).Cell(), p.Authority.CareHome.GoodOrBetterShare(dec).Cell(),
			p.Authority.Community.GoodOrBetterShare(dec).Cell()}
		others := []*ByType{p.Comparators}
		if r.England != nil {
			others = append(others, p.England)
		}
		for _, o := range others {
			if o == nil {
				cells = append(cells, report.Null())
			} else {
				cells = append(cells, o.All.GoodOrBetterShare(dec).Cell())
			}
		}
		tb.Add(spec.Row{ID: p.Date.String(), Label: p.Date.Short()}, cells...)
	}
	return tb
}

// TrendDates are the dates of a trend from from to asAt, every months
// months apart (from the 31st, the last day of a shorter month, so no
// month is skipped); asAt itself ends the list.
func TrendDates(from, asAt report.Date, months int) []report.Date {
	var out []report.Date
	for i := 0; ; i++ {
		d := from.AddMonths(i * months)
		if d >= asAt || i > 1200 {
			break
		}
		out = append(out, d)
	}
	return append(out, asAt)
}
