package cqc

import (
	"fmt"

	"github.com/carereport/carereport/report"
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

func trendTable(r *Result) *report.Table {
	t := r.Trend
	if t == nil {
		return nil
	}
	dec := r.Opts.Decimals
	tb := &report.Table{ID: TTrend,
		Title: fmt.Sprintf("Ratings in %s over time", r.Authority.Name),
		Columns: []string{"date", "outstanding", "good", "requires_improvement", "inadequate", "not_rated", "total",
			"good_or_better_pct", "care_home_good_or_better_pct", "community_good_or_better_pct",
			"comparators_good_or_better_pct", "england_good_or_better_pct"}}
	for _, p := range t.Points {
		a := p.Authority.All
		row := []report.Cell{report.Str(p.Date.String()),
			report.Int(a[report.Outstanding]), report.Int(a[report.Good]), report.Int(a[report.RequiresImprovement]),
			report.Int(a[report.Inadequate]), report.Int(a[report.NotRated]), report.Int(a.Total()),
			a.GoodOrBetterShare(dec).Cell(), p.Authority.CareHome.GoodOrBetterShare(dec).Cell(),
			p.Authority.Community.GoodOrBetterShare(dec).Cell()}
		for _, o := range []*ByType{p.Comparators, p.England} {
			if o == nil {
				row = append(row, report.Null())
			} else {
				row = append(row, o.All.GoodOrBetterShare(dec).Cell())
			}
		}
		tb.Rows = append(tb.Rows, row)
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
