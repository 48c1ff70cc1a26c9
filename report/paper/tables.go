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

// row is one row of a rating table: a label and how to read its count
// from a set of counts.
type row struct {
	label string
	count func(cqc.Counts) int
}

// ratingRows are a row per rating, then (optionally) the total and the
// Good-or-Outstanding row. Each call makes new slices: tables are laid
// out concurrently in a batch.
func ratingRows(ratings []report.Rating, total, goodOrBetter bool) []row {
	out := make([]row, 0, len(ratings)+2)
	for _, rt := range ratings {
		out = append(out, row{rt.Label(), func(c cqc.Counts) int { return c[rt] }})
	}
	if total {
		out = append(out, row{"Total", cqc.Counts.Total})
	}
	if goodOrBetter {
		out = append(out, row{"Good or Outstanding", cqc.Counts.GoodOrBetter})
	}
	return out
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
// services (care homes only when the data holds no others), and leaves
// out the share of the services rated.
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
	v := spec.View{Caption: fmt.Sprintf("Percentage of %s by rating in %s compared with %s", m.w.many, m.a, joinAnd(with)), Stub: "Rating",
		Skip: func(_ int, row spec.Row) bool { return row.ID == cqc.RatedGoodOrBetterRow }}
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

func (m *tableMaker) ranking() *doc.Table {
	return m.rankingTable(capFirst(m.w.many), m.r.Ranking)
}

// rankingTable is a comparator group's ranking: the share rated Good or
// Outstanding and the rank, and with a previous date the share then, the
// change and the rank for improvement.
func (m *tableMaker) rankingTable(what string, rows []cqc.RankRow) *doc.Table {
	if len(rows) == 0 {
		return nil
	}
	p := m.r.Prev
	md := &docTable{Caption: fmt.Sprintf("%s rated Good or Outstanding in the comparator group", what),
		Header: []string{"Authority", m.r.Opts.AsAt.Long(), "Rank"},
		Right:  []bool{false, true, true}}
	if p != nil {
		md.Header = []string{"Authority", p.AsAt.Long(), m.r.Opts.AsAt.Long(), "Rank", "Change (points)", "Rank for improvement"}
		md.Right = []bool{false, true, true, true, true, true}
	}
	for _, row := range rows {
		name := row.Authority
		rank := fmt.Sprint(row.Rank)
		if row.Joint {
			rank += "="
		}
		if p == nil {
			md.Rows = append(md.Rows, []string{name, pct(row.Pct, m.dec), rank})
			if row.IsAuthority {
				md.bold()
			}
			continue
		}
		prev, change, imp := "–", "–", "–"
		if row.PrevOK {
			prev = pct(row.PrevPct, m.dec)
			change = arrowPts(row.ChangePts, m.dec)
			imp = fmt.Sprint(row.ImprovementRank)
			if row.JointImprovement {
				imp += "="
			}
		}
		md.Rows = append(md.Rows, []string{name, prev, pct(row.Pct, m.dec), rank, change, imp})
		if row.IsAuthority {
			md.bold()
		}
	}
	return md.doc()
}

func (m *tableMaker) beds() *doc.Table {
	md := &docTable{Caption: "Care homes and beds",
		Header: []string{"Area", "Care homes", "Beds", "Nursing beds", "Residential beds"},
		Right:  []bool{false, true, true, true, true}}
	line := func(label string, g *cqc.Area, n int) {
		md.Rows = append(md.Rows, []string{label, num(meanInt(g.Homes(), n)), num(meanInt(g.Beds(), n)),
			num(meanInt(g.NursingBeds, n)), num(meanInt(g.ResidentialBeds, n))})
	}
	line(m.a, m.r.Authority, 1)
	if c := m.r.Comparators; c != nil && m.r.Opts.PublishedComparators == nil && len(c.Members) > 0 {
		line("Comparator authorities (average)", c, len(c.Members))
	}
	if e := m.r.England; e != nil && m.r.EnglandAuthorities > 0 {
		line(englandLabel(m.r)+" (average per authority)", e, m.r.EnglandAuthorities)
	}
	return md.doc()
}

// rankingChart is a bar chart of the comparator group's share rated Good
// or Outstanding, at both dates when there are two, followed by the
// ranking table, which holds the chart's figures (and the ranks).
func (m *tableMaker) rankingChart() []doc.Block {
	return m.rankFigure(capFirst(m.w.many), m.r.Ranking)
}

// rankFigure is a ranking's chart followed by its table, which is the
// chart's data table (data: below): the same shares, and the ranks.
func (m *tableMaker) rankFigure(what string, rows []cqc.RankRow) []doc.Block {
	if len(rows) == 0 {
		return nil
	}
	title := fmt.Sprintf("%s rated Good or Outstanding: %s and its comparator authorities", what, chartText(m.r.Authority.Name))
	return []doc.Block{m.rankChart(title, rows), m.rankingTable(what, rows)}
}

// rankChart is a ranking as a bar chart; a group too large to chart
// gets a sentence saying so instead (the table gives every authority).
func (m *tableMaker) rankChart(title string, rows []cqc.RankRow) doc.Block {
	if len(rows) > chart.MaxRows {
		return &doc.Para{Content: []doc.Inline{doc.Text{S: fmt.Sprintf("The group of %d authorities is too large to chart (%s); the figures are in the table.",
			len(rows), title)}}}
	}
	prev, asAt := m.r.Prev, m.r.Opts.AsAt
	c := &chart.Chart{Title: title, Category: "Authority", Unit: "%", Max: 100, DataBelow: true}
	if prev != nil {
		c.Series = []string{prev.AsAt.Long(), asAt.Long()}
	} else {
		c.Series = []string{asAt.Long()}
	}
	for _, row := range rows {
		r := chart.Row{Label: chartText(row.Authority), Highlight: row.IsAuthority}
		if prev != nil {
			if row.PrevOK {
				r.Values = append(r.Values, m.value(row.PrevPct))
			} else {
				r.Values = append(r.Values, chart.Value{Raw: "n/a", Missing: true})
			}
		}
		r.Values = append(r.Values, m.value(row.Pct))
		c.Rows = append(c.Rows, r)
	}
	if f := m.figure(c); f != nil {
		return f
	}
	return nil
}

// value is a share as a chart shows it: rounded as the paper prints it.
func (m *tableMaker) value(v float64) chart.Value {
	raw := fmtNum(v, m.dec)
	n, _ := strconv.ParseFloat(raw, 64)
	return chart.Value{Raw: raw, V: n}
}

// chartText keeps a name on one line and free of the chart's separator.
func chartText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", "/")
}

func fmtNum(v float64, dec int) string { return strings.TrimSuffix(pct(v, dec), "%") }
