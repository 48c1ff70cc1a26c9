package paper

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
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
	a   string // authority, escaped
	dec int
	w   noun
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

func (m *tableMaker) caption(s string) string {
	return strings.TrimPrefix(tableMarker, "Table: ") + " " + s
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
func (m *tableMaker) comparison() string {
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
func (m *tableMaker) rankingChart() string {
	return m.rankFigure(cqc.TRanking, capFirst(m.w.many), m.r.Ranking)
}

// rankFigure is a ranking's chart followed by its table, which is the
// chart's data table (data: below): the same shares, and the ranks.
func (m *tableMaker) rankFigure(id, what string, rows []cqc.RankRow) string {
	if len(rows) == 0 {
		return ""
	}
	title := fmt.Sprintf("%s rated Good or Outstanding: %s and its comparator authorities", what, chartText(m.r.Authority.Name))
	return rankChart(title, m.r.Authority.Name, rows, m.r.Prev, m.r.Opts.AsAt, m.dec, true) + "\n" + m.show(m.rankingView(id, what))
}

// rankChart writes a ranking as a bar chart block; a group too large to
// chart gets a sentence saying so instead (the table gives every
// authority).
func rankChart(title, authority string, rows []cqc.RankRow, prev *cqc.PrevResult, asAt report.Date, dec int, dataBelow bool) string {
	if len(rows) > chart.MaxRows {
		return fmt.Sprintf("The group of %d authorities is too large to chart (%s); the figures are in the table.\n",
			len(rows), strings.TrimPrefix(title, figureMarker+" "))
	}
	var b strings.Builder
	b.WriteString("```chart\n")
	fmt.Fprintf(&b, "%s %s\n", figureMarker, title)
	b.WriteString("category: Authority\n")
	b.WriteString("unit: %\n")
	b.WriteString("max: 100\n")
	if prev != nil {
		fmt.Fprintf(&b, "series: %s | %s\n", prev.AsAt.Long(), asAt.Long())
	} else {
		fmt.Fprintf(&b, "series: %s\n", asAt.Long())
	}
	fmt.Fprintf(&b, "highlight: %s\n", chartText(authority))
	if dataBelow {
		b.WriteString("data: below\n")
	}
	for _, row := range rows {
		fmt.Fprintf(&b, "%s", chartLabel(row.Authority))
		if prev != nil {
			if row.PrevOK {
				fmt.Fprintf(&b, " | %s", fmtNum(row.PrevPct, dec))
			} else {
				b.WriteString(" | -")
			}
		}
		fmt.Fprintf(&b, " | %s\n", fmtNum(row.Pct, dec))
	}
	b.WriteString("```\n")
	return b.String()
}

// chartText keeps a name on one line and free of the chart's separator.
func chartText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", "/")
}

// chartLabel is chartText for a data row's label, escaped so that a name
// such as "Title: x" is read as a label, not a key.
func chartLabel(s string) string { return chart.EscapeLabel(chartText(s)) }

func fmtNum(v float64, dec int) string { return strings.TrimSuffix(pct(v, dec), "%") }
