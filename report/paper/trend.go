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

// trendChart is a line chart of the share rated Good or Outstanding at
// each date, a line for each of the trend table's share columns that has
// figures (the authority, its comparators, England), read from its
// cells; the chart prints its own data table.
func (m *tableMaker) trendChart() *doc.Figure {
	x, ok := m.r.TrendTable()
	if !ok || x.Len() == 0 {
		return nil
	}
	lines := x.Lines()
	// The title names the lines the chart draws: without comparators
	// the second line is England's.
	var names []string
	for _, l := range lines {
		switch l {
		case cqc.LineAuthority:
			names = append(names, chartText(m.r.Authority.Name))
		case cqc.LineComparators:
			names = append(names, "its comparator authorities")
		case cqc.LineEngland:
			names = append(names, chartText(englandName(m.r)))
		}
	}
	title := fmt.Sprintf("%s rated Good or Outstanding over time: %s", capFirst(m.w.many), joinAnd(names))
	c := &chart.Chart{Title: title, Line: true, Category: "Date", Unit: "%", Max: 100}
	for _, l := range lines {
		c.Series = append(c.Series, chartText(x.Name(l)))
	}
	for i := range x.Len() {
		r := chart.Row{Label: x.Label(i)}
		for _, l := range lines {
			r.Values = append(r.Values, m.shareValue(x.Share(i, l)))
		}
		c.Rows = append(c.Rows, r)
	}
	return m.figure(c)
}

// trendView is the table of the trend: the authority's ratings at each
// date. The shares rated Good or Outstanding are in the chart's data
// table, so no figure is in both.
func (m *tableMaker) trendView() (*spec.Table, spec.View) {
	t := m.r.Spec(cqc.TTrend)
	if t == nil || len(t.Rows) == 0 {
		return nil, spec.View{}
	}
	return t, spec.View{Caption: fmt.Sprintf("Ratings of %s in %s at each date", m.w.many, m.a), Stub: "Date",
		Columns: []spec.ViewColumn{spec.Show("outstanding"), spec.Show("good"), spec.Show("requires_improvement"),
			spec.Show("inadequate"), spec.Show("not_rated"), spec.Show("total")}}
}

// trend says what the lines show, by the sentence rules: "rose" or
// "fell" only beyond report.similar_within points between the first and
// last dates, judged on the unrounded shares of the trend table's cells.
// The last date is the paper's as-at date, whose shares the paper has
// already given, so the sentence gives the first share and the size of
// the change, not the last share again.
func (s *sentences) trend() string {
	x, ok := s.r.TrendTable()
	if !ok || x.Len() < 2 {
		return ""
	}
	from, to := x.Date(0).Long(), x.Date(x.Len()-1).Long()
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
	span := func(line cqc.TrendLine) (f, l, lo, hi report.Share) {
		for i := range x.Len() {
			v := x.Share(i, line)
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
			if i == x.Len()-1 {
				l = v
			}
		}
		return
	}
	f, l, lo, hi := span(cqc.LineAuthority)
	if !f.OK || !l.OK {
		return ""
	}
	out := fmt.Sprintf("Between %s and %s the share of %s in %s rated Good or Outstanding %s.", from, to, s.w.many, s.a, move(f, l, lo, hi))
	var others []string
	for _, line := range x.Lines()[1:] {
		f, l, lo, hi := span(line)
		if !f.OK || !l.OK {
			continue
		}
		who := "its comparator authorities"
		if line == cqc.LineEngland {
			who = s.eng
		}
		others = append(others, "that of "+who+" "+move(f, l, lo, hi))
	}
	if len(others) > 0 {
		out += " Over the same time " + joinAnd(others) + "."
	}
	if n := s.trendNotRated(x, Compare(l, f, s.within)); n != "" {
		out += " " + n
	}
	return out
}

// trendNotRated says, when the services not yet rated change what the
// authority's line shows, how many were not yet rated at its first and
// last dates (counts of the trend table) and how the share rated Good or
// Outstanding of the services rated moved: when the share not yet rated
// moved by at least the threshold between the two dates, and the share
// of the services rated moved otherwise than that of all services
// (relation all): rose, fell or changed little, judged on the unrounded
// shares. Empty otherwise: a share of the rated that moved as the line
// did changes nothing the line says.
func (s *sentences) trendNotRated(x cqc.TrendTable, all Relation) string {
	first, last := -1, x.Len()-1
	for i := range x.Len() {
		if x.Share(i, cqc.LineAuthority).OK {
			first = i
			break
		}
	}
	if first < 0 || first == last {
		return ""
	}
	nf, nl := x.NotRated(first), x.NotRated(last)
	move := Compare(nl, nf, s.within)
	rf, rl := x.RatedGoodOrBetter(first), x.RatedGoodOrBetter(last)
	rated := Compare(rl, rf, s.within)
	if move == Similar || !rf.OK || !rl.OK || rated == all {
		return ""
	}
	return fmt.Sprintf("The share of %s in %s not yet rated %s over the period, from %s of %s to %s of %s; counting only the %s rated, the share rated Good or Outstanding %s.",
		s.w.many, s.a, movedWord(move), countWord(nf.N), num(nf.Of), countWord(nl.N), num(nl.Of), s.w.many, movedWord(rated))
}

// movedWord is a move between two dates: "rose", "fell" or "changed
// little".
func movedWord(r Relation) string {
	switch r {
	case Higher:
		return "rose"
	case Lower:
		return "fell"
	}
	return "changed little"
}
