package paper

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/doc"
	"github.com/carereport/carereport/report/render/chart"
	"github.com/carereport/carereport/report/spec"
)

// tableMaker lays out the paper's tables from the typed figures of a
// cqc.Result. A table declared by spec (view.go) is shown from the very
// cells the JSON is built from, through a spec.View that names its
// columns; the others are laid out here from the counts and
// report.Shares the JSON tables are made from too. A test on real data
// holds the document to the JSON.
type tableMaker struct {
	r   *cqc.Result
	a   string // authority, as plain text
	dec int
	w   noun
	// err is the first chart the data could not make (Build's error).
	err error
	// careOnly leaves out the community columns when the data holds
	// care homes only: a column of zeros would say "none" where the
	// data cannot tell.
	careOnly bool
}

func newTableMaker(r *cqc.Result, a string) *tableMaker {
	m := &tableMaker{r: r, a: a, dec: r.Opts.Decimals, w: nounServices, careOnly: r.CareHomesOnly}
	if r.CareHomesOnly {
		m.w = nounCareHomes
	}
	return m
}

// figure finishes a chart the paper draws (its axis, a map's placing)
// as its block; a chart that cannot be drawn is kept as m.err.
func (m *tableMaker) figure(c *chart.Chart) *doc.Figure {
	if err := c.Finish(); err != nil {
		if m.err == nil {
			m.err = fmt.Errorf("chart %q: %v", c.Title, err)
		}
		return nil
	}
	return &doc.Figure{Chart: c}
}

// area is one column group of the comparison: its heading and counts.
type area struct {
	name string
	c    cqc.ByType
	// prefix starts the comparison's JSON columns of the area.
	prefix string
}

func (m *tableMaker) areas() []area {
	out := []area{{m.a, m.r.Authority.Ratings, "authority_"}}
	if c := m.r.Comparators; c != nil {
		out = append(out, area{"Comparator authorities", c.Ratings, "comparators_"})
	}
	if e := m.r.England; e != nil {
		out = append(out, area{englandLabel(m.r), e.Ratings, m.r.YearOnYearPrefix("england")})
	}
	return out
}

// comparison is the comparison table as the paper shows it (also listed
// in views).
func (m *tableMaker) comparison() *doc.Table {
	return m.show(m.comparisonView())
}

// comparisonView shows each area's care homes and community-based
// services (care homes only when the data holds no others); the share of
// the services rated only when the comparison paragraph gives it (the
// rated-share sentence, whose figures must be in the table), not to add
// a row of figures no sentence speaks of.
func (m *tableMaker) comparisonView() (*spec.Table, spec.View) {
	t := m.r.Spec(cqc.TComparison)
	if t == nil {
		return nil, spec.View{}
	}
	var with []string
	if m.r.Comparators != nil {
		with = append(with, "comparator authorities")
	}
	if m.r.England != nil {
		with = append(with, englandName(m.r))
	}
	v := spec.View{Caption: fmt.Sprintf("Percentage of %s by rating in %s compared with %s", m.w.many, m.a, joinAnd(with)), Stub: "Rating"}
	if newSentences(m.r, m.r.Opts.SimilarWithin).ratedComparison() == "" {
		v.Skip = func(_ int, row spec.Row) bool { return row.ID == cqc.RatedGoodOrBetterRow }
	}
	for _, a := range m.areas() {
		if m.careOnly {
			v.Columns = append(v.Columns, spec.ViewColumn{Heading: a.name, Names: []string{a.prefix + "care_home_pct"}})
		} else {
			v.Columns = append(v.Columns, spec.ViewColumn{Heading: a.name + ": care homes", Names: []string{a.prefix + "care_home_pct"}},
				spec.ViewColumn{Heading: a.name + ": community", Names: []string{a.prefix + "community_pct"}})
		}
	}
	return t, v
}

// rankingView shows a comparator group's ranking (table id, of what):
// the share rated Good or Outstanding and the rank, and with a previous
// date the share then first, the change and the rank for improvement; a
// joint rank is printed "3=", and the authority's own row in bold.
func (m *tableMaker) rankingView(id, what string) (*spec.Table, spec.View) {
	t := m.r.Spec(id)
	if t == nil {
		return nil, spec.View{}
	}
	v := spec.View{Caption: fmt.Sprintf("%s rated Good or Outstanding in the comparator group", what), Stub: "Authority",
		Columns: []spec.ViewColumn{spec.Show("good_or_better_pct"), spec.Show("rank", "rank_joint")},
		Bold:    func(_ int, row spec.Row) bool { return row.ID == m.r.Authority.Name }}
	if m.r.Prev != nil {
		v.Columns = []spec.ViewColumn{spec.Show("previous_good_or_better_pct"), spec.Show("good_or_better_pct"), spec.Show("rank", "rank_joint"),
			spec.Show("change_pts"), spec.Show("improvement_rank", "improvement_rank_joint")}
	}
	return t, v
}

// bedsView shows the care homes and beds of the authority, and the mean
// per authority of its comparators and England.
func (m *tableMaker) bedsView() (*spec.Table, spec.View) {
	return m.r.Spec(cqc.TBeds), spec.View{Caption: "Care homes and beds", Stub: "Area",
		Columns: []spec.ViewColumn{spec.Show("care_homes"), spec.Show("beds"), spec.Show("nursing_beds"), spec.Show("residential_beds")}}
}

// rankingChart is a bar chart of the comparator group's share rated Good
// or Outstanding, at both dates when there are two, followed by the
// ranking table, which holds the chart's figures (and the ranks).
func (m *tableMaker) rankingChart() []doc.Block {
	return m.rankFigure(cqc.All, capFirst(m.w.many))
}

// rankFigure is the chart of the ranking of services of type s followed
// by its table, which is the chart's data table (data: below): the same
// shares, read from the same cells, and the ranks.
func (m *tableMaker) rankFigure(s cqc.Service, what string) []doc.Block {
	x, ok := m.r.RankingOf(s)
	if !ok {
		return nil
	}
	title := fmt.Sprintf("%s rated Good or Outstanding: %s and its comparator authorities", what, chartText(m.r.Authority.Name))
	return []doc.Block{m.rankChart(title, x), m.show(m.rankingView(x.ID(), what))}
}

// rankChart is a ranking as a bar chart, a bar for each share column of
// its table (the dates) and a group of bars for each row, the
// authority's highlighted; a group too large to chart gets a sentence
// saying so instead (the table gives every authority).
func (m *tableMaker) rankChart(title string, x cqc.Ranking) doc.Block {
	if x.Len() > chart.MaxRows {
		return &doc.Para{Content: []doc.Inline{doc.Text{S: fmt.Sprintf("The group of %d authorities is too large to chart (%s); the figures are in the table.",
			x.Len(), title)}}}
	}
	c := &chart.Chart{Title: title, Category: "Authority", Unit: "%", Max: 100, DataBelow: true, Series: x.Dates()}
	for i := range x.Len() {
		r := chart.Row{Label: chartText(x.Authority(i)), Highlight: x.IsAuthority(i)}
		for _, v := range x.Shares(i) {
			r.Values = append(r.Values, m.shareValue(v))
		}
		c.Rows = append(c.Rows, r)
	}
	if f := m.figure(c); f != nil {
		return f
	}
	return nil
}

// shareValue is a share as a chart shows it: rounded as the paper prints
// it, "n/a" when there is none.
func (m *tableMaker) shareValue(s report.Share) chart.Value {
	if !s.OK {
		return chart.Value{Raw: "n/a", Missing: true}
	}
	raw := fmtNum(s.Pct, m.dec)
	n, _ := strconv.ParseFloat(raw, 64)
	return chart.Value{Raw: raw, V: n}
}

// chartText keeps a name on one line and free of the chart's separator.
func chartText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", "/")
}

func fmtNum(v float64, dec int) string { return strings.TrimSuffix(pct(v, dec), "%") }
