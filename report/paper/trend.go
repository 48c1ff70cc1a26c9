package paper

import (
	"fmt"
	"github.com/carereport/carereport/report/render/chart"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/doc"
	"github.com/carereport/carereport/report/spec"
)

// shortDate writes a trend date as the chart and table label it:
// "1 Jan 2021".
func shortDate(d report.Date) string { return d.Short() }

// trendSeries are the lines of the trend: the authority, then the
// comparators and England where the data gives them.
type trendSeries struct {
	name  string
	share func(p cqc.TrendPoint) report.Share
}

func (m *tableMaker) trendSeries() []trendSeries {
	t := m.r.Trend
	out := []trendSeries{{m.r.Authority.Name, func(p cqc.TrendPoint) report.Share {
		return p.Authority.All.GoodOrBetterShare(m.dec)
	}}}
	if len(t.Points) > 0 && t.Points[0].Comparators != nil {
		out = append(out, trendSeries{"Comparator authorities", func(p cqc.TrendPoint) report.Share {
			return p.Comparators.All.GoodOrBetterShare(m.dec)
		}})
	}
	if len(t.Points) > 0 && t.Points[0].England != nil {
		out = append(out, trendSeries{englandLabel(m.r), func(p cqc.TrendPoint) report.Share {
			return p.England.All.GoodOrBetterShare(m.dec)
		}})
	}
	return out
}

// trendChart is a line chart of the share rated Good or Outstanding at
// each date, with its data table.
func (m *tableMaker) trendChart() *doc.Figure {
	t := m.r.Trend
	if t == nil || len(t.Points) == 0 {
		return nil
	}
	series := m.trendSeries()
	title := fmt.Sprintf("%s rated Good or Outstanding over time: %s", capFirst(m.w.many), chartText(m.r.Authority.Name))
	if len(series) > 1 {
		title += ", its comparator authorities"
		if len(series) > 2 {
			title += " and " + chartText(englandName(m.r))
		}
	}
	c := &chart.Chart{Title: title, Line: true, Category: "Date", Unit: "%", Max: 100}
	for _, s := range series {
		c.Series = append(c.Series, chartText(s.name))
	}
	for _, p := range t.Points {
		r := chart.Row{Label: shortDate(p.Date)}
		for _, s := range series {
			if v := s.share(p); v.OK {
				r.Values = append(r.Values, m.value(v.Pct))
			} else {
				r.Values = append(r.Values, chart.Value{Raw: "n/a", Missing: true})
			}
		}
		c.Rows = append(c.Rows, r)
	}
	return m.figure(c)
}

// trendView is the table of the trend: the authority's ratings at each
// date. The shares rated Good or Outstanding are in the chart's data
// table, so no figure is in both.
func (m *tableMaker) trendView() (*spec.Table, spec.View) {
	t := m.r.Trend
	if t == nil || len(t.Points) == 0 {
		return nil, spec.View{}
	}
	return m.r.Spec(cqc.TTrend), spec.View{Caption: fmt.Sprintf("Ratings of %s in %s at each date", m.w.many, m.a), Stub: "Date",
		Columns: []spec.ViewColumn{spec.Show("outstanding"), spec.Show("good"), spec.Show("requires_improvement"),
			spec.Show("inadequate"), spec.Show("not_rated"), spec.Show("total")}}
}

// trend says what the lines show, by the sentence rules: "rose" or
// "fell" only beyond report.similar_within points between the first and
// last dates. The last date is the paper's as-at date, whose shares the
// paper has already given, so the sentence gives the first share and the
// size of the change, not the last share again.
func (s *sentences) trend() string {
	t := s.r.Trend
	if t == nil || len(t.Points) < 2 {
		return ""
	}
	first, last := t.Points[0], t.Points[len(t.Points)-1]
	from, to := first.Date.Long(), last.Date.Long()
	move := func(f, l report.Share, lo, hi report.Share) string {
		d, spread := report.Points(f, l), report.Points(lo, hi)
		switch Compare(l, f, s.within) {
		case Higher:
			return fmt.Sprintf("rose by %s from %s", pointsText(d, s.dec), f)
		case Lower:
			return fmt.Sprintf("fell by %s from %s", pointsText(d, s.dec), f)
		}
		// The spread is judged on the unrounded shares too (rule 11).
		little := cqc.ShareGap(hi, lo, s.within) == 0
		switch {
		case spread == 0 && little:
			return "did not change"
		case little:
			return fmt.Sprintf("changed little, moving within %s", pointsText(spread, s.dec))
		case d == 0:
			return fmt.Sprintf("ended where it began, having moved over %s on the way", pointsText(spread, s.dec))
		}
		return fmt.Sprintf("ended close to where it began (%s %s), having moved over %s on the way",
			map[bool]string{true: "up", false: "down"}[d > 0], pointsText(d, s.dec), pointsText(spread, s.dec))
	}
	span := func(share func(cqc.TrendPoint) report.Share) (f, l, lo, hi report.Share) {
		for i, p := range t.Points {
			v := share(p)
			if !v.OK {
				continue
			}
			if !lo.OK || cqc.PointsOf(v).Cmp(cqc.PointsOf(lo)) < 0 {
				lo = v
			}
			if !hi.OK || cqc.PointsOf(v).Cmp(cqc.PointsOf(hi)) > 0 {
				hi = v
			}
			if !f.OK {
				f = v
			}
			if i == len(t.Points)-1 {
				l = v
			}
		}
		return
	}
	mine := func(p cqc.TrendPoint) report.Share { return p.Authority.All.GoodOrBetterShare(s.dec) }
	f, l, lo, hi := span(mine)
	if !f.OK || !l.OK {
		return ""
	}
	out := fmt.Sprintf("Between %s and %s the share of %s in %s rated Good or Outstanding %s.", from, to, s.w.many, s.a, move(f, l, lo, hi))
	var others []string
	if first.Comparators != nil {
		f, l, lo, hi := span(func(p cqc.TrendPoint) report.Share { return p.Comparators.All.GoodOrBetterShare(s.dec) })
		if f.OK && l.OK {
			others = append(others, "that of its comparator authorities "+move(f, l, lo, hi))
		}
	}
	if first.England != nil {
		f, l, lo, hi := span(func(p cqc.TrendPoint) report.Share { return p.England.All.GoodOrBetterShare(s.dec) })
		if f.OK && l.OK {
			others = append(others, "that of "+s.eng+" "+move(f, l, lo, hi))
		}
	}
	if len(others) > 0 {
		out += " Over the same time " + joinAnd(others) + "."
	}
	return out
}
