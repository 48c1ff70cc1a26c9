package paper

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/render/chart"
)

// tableMaker lays out the paper's tables from the typed figures of a
// cqc.Result: the counts and report.Shares that the JSON tables are made
// from too, so the document and the JSON cannot disagree (a test on real
// data holds them to it). Nothing here looks a figure up by column name.
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

// share is a row's count as a share of all in c.
func (m *tableMaker) share(rw row, c cqc.Counts) report.Share {
	return report.ShareOf(rw.count(c), c.Total(), m.dec)
}

// countPct writes "143 (78%)"; a column with no services at all is "–".
func (m *tableMaker) countPct(rw row, c cqc.Counts) string {
	s := m.share(rw, c)
	if !s.OK {
		return "–"
	}
	return fmt.Sprintf("%s (%s)", num(s.N), s)
}

// byTypeTable is the layout of the current ratings and the ratings
// published in the period: all services, then care homes and
// community-based services.
func (m *tableMaker) byTypeTable(caption string, b cqc.ByType, rows []row) string {
	md := &mdTable{Caption: m.caption(caption),
		Header: []string{"Rating", "Number of " + m.w.many, "Percentage"},
		Right:  []bool{false, true, true}}
	if !m.careOnly {
		md.Header = append(md.Header, "Care homes", "Community-based services")
		md.Right = append(md.Right, true, true)
	}
	for _, rw := range rows {
		s := m.share(rw, b.All)
		cells := []string{rw.label, num(rw.count(b.All)), s.String()}
		if !m.careOnly {
			cells = append(cells, m.countPct(rw, b.CareHome), m.countPct(rw, b.Community))
		}
		md.Rows = append(md.Rows, cells)
	}
	return md.String()
}

func (m *tableMaker) ratings() string {
	what := "regulated adult social care services"
	if m.careOnly {
		what = "care homes"
	}
	return m.byTypeTable(fmt.Sprintf("Current CQC ratings of %s in %s", what, m.a),
		m.r.Authority.Ratings, ratingRows(report.Ratings, true, true))
}

func (m *tableMaker) inspections() string {
	p := m.r.Opts.Inspections
	return m.byTypeTable(fmt.Sprintf("Ratings published from %s to %s", p.From.Long(), p.To.Long()),
		m.r.Authority.Inspected, ratingRows(report.RealRatings, true, false))
}

// area is one column group of the comparison: its heading and counts.
type area struct {
	name string
	c    cqc.ByType
}

func (m *tableMaker) areas() []area {
	out := []area{{m.a, m.r.Authority.Ratings}}
	if c := m.r.Comparators; c != nil {
		out = append(out, area{"Comparator authorities", c.Ratings})
	}
	if e := m.r.England; e != nil {
		out = append(out, area{englandLabel(m.r), e.Ratings})
	}
	return out
}

func (m *tableMaker) comparison() string {
	areas := m.areas()
	if len(areas) < 2 {
		return ""
	}
	var with []string
	if m.r.Comparators != nil {
		with = append(with, "comparator authorities")
	}
	if m.r.England != nil {
		with = append(with, englandName(m.r))
	}
	md := &mdTable{Caption: m.caption(fmt.Sprintf("Percentage of %s by rating in %s compared with %s", m.w.many, m.a, joinAnd(with))),
		Header: []string{"Rating"}, Right: []bool{false}}
	for _, a := range areas {
		if m.careOnly {
			md.Header = append(md.Header, a.name)
			md.Right = append(md.Right, true)
		} else {
			md.Header = append(md.Header, a.name+": care homes", a.name+": community")
			md.Right = append(md.Right, true, true)
		}
	}
	for _, rw := range ratingRows(report.Ratings, false, true) {
		cells := []string{rw.label}
		for _, a := range areas {
			cells = append(cells, m.share(rw, a.c.CareHome).String())
			if !m.careOnly {
				cells = append(cells, m.share(rw, a.c.Community).String())
			}
		}
		md.Rows = append(md.Rows, cells)
	}
	return md.String()
}

// yearOnYear lays out the ratings of an area at both dates.
func (m *tableMaker) yearOnYear(name string, before, after *cqc.Area) string {
	p := m.r.Prev
	if p == nil || before == nil || after == nil {
		return ""
	}
	md := &mdTable{Caption: m.caption(fmt.Sprintf("Ratings in %s on %s and %s", name, p.AsAt.Long(), m.r.Opts.AsAt.Long())),
		Header: []string{"CQC rating", p.AsAt.Long(), m.r.Opts.AsAt.Long(), "Change"},
		Right:  []bool{false, true, true, true}}
	b, a := before.Ratings.All, after.Ratings.All
	for _, rw := range ratingRows(report.Ratings, true, true) {
		md.Rows = append(md.Rows, []string{rw.label, m.countPct(rw, b), m.countPct(rw, a), arrow(rw.count(a) - rw.count(b))})
	}
	return md.String()
}

func (m *tableMaker) keyQuestions() string {
	k := m.r.KeyQuestions
	if k == nil {
		return ""
	}
	md := &mdTable{Caption: m.caption(fmt.Sprintf("Key question ratings of the %s rated %s in %s", num(k.Locations), m.w.many, m.a)),
		Header: []string{"Key question", "Outstanding", "Good", "Good or better", "Requires Improvement", "Inadequate", "Total"},
		Right:  []bool{false, true, true, true, true, true, true}}
	line := func(label string, c cqc.Counts) {
		md.Rows = append(md.Rows, []string{label, num(c[report.Outstanding]), num(c[report.Good]),
			report.ShareOf(c.GoodOrBetter(), c.Rated(), m.dec).String(), num(c[report.RequiresImprovement]),
			num(c[report.Inadequate]), num(c.Rated())})
	}
	var sum cqc.Counts
	for q := range report.NumKeyQuestions {
		sum = sum.Add(k.ByQuestion[q])
		line(report.KeyQuestionNames[q], k.ByQuestion[q])
	}
	line("Total", sum)
	return md.String()
}

var movementLabels = [...]string{
	cqc.Improved:        "Rating went up",
	cqc.Declined:        "Rating went down",
	cqc.Unchanged:       "Rating stayed the same",
	cqc.FirstRated:      "Rated for the first time",
	cqc.New:             "Newly registered",
	cqc.Closed:          "Closed",
	cqc.ReRegistered:    "Re-registered (new provider or address)",
	cqc.BackFromDormant: "Trading again after being dormant",
	cqc.NowDormant:      "Dormant now",
	cqc.StillNotRated:   "Not rated at either date",
	cqc.NoLongerRated:   "Rated before, not now",
}

func (m *tableMaker) movements() string {
	p := m.r.Prev
	if p == nil {
		return ""
	}
	md := &mdTable{Caption: m.caption(fmt.Sprintf("How ratings changed between %s and %s", p.AsAt.Long(), m.r.Opts.AsAt.Long())),
		Header: []string{"Change", "Care homes", "Community-based services", "All services"},
		Right:  []bool{false, true, true, true}}
	if m.careOnly {
		md.Header, md.Right = []string{"Change", "Care homes"}, []bool{false, true}
	}
	for mv := range movementLabels {
		if (mv == cqc.Closed && !p.ClosuresSeen) || (!p.Movements.LinksSeen && (mv == cqc.ReRegistered || mv == cqc.BackFromDormant || mv == cqc.NowDormant)) {
			continue // the data cannot show closures (or re-registrations): no row, not a 0
		}
		if (mv == cqc.BackFromDormant || mv == cqc.NowDormant) && p.Movements.Get(mv, "all") == 0 {
			continue // rare: a row only when there is something to say
		}
		if mv == cqc.NoLongerRated && p.Movements.LinksSeen && p.Movements.Get(mv, "all") == 0 {
			continue // rating history never takes a rating away: always 0 from API records
		}
		cells := []string{movementLabels[mv], num(p.Movements.Get(mv, "care_home"))}
		if !m.careOnly {
			cells = append(cells, num(p.Movements.Get(mv, "community")), num(p.Movements.Get(mv, "all")))
		}
		md.Rows = append(md.Rows, cells)
	}
	return md.String()
}

func (m *tableMaker) ranking() string {
	return m.rankingTable(capFirst(m.w.many), m.r.Ranking)
}

// rankingTable is a comparator group's ranking: the share rated Good or
// Outstanding and the rank, and with a previous date the share then, the
// change and the rank for improvement.
func (m *tableMaker) rankingTable(what string, rows []cqc.RankRow) string {
	if len(rows) == 0 {
		return ""
	}
	p := m.r.Prev
	md := &mdTable{Caption: m.caption(fmt.Sprintf("%s rated Good or Outstanding in the comparator group", what)),
		Header: []string{"Authority", m.r.Opts.AsAt.Long(), "Rank"},
		Right:  []bool{false, true, true}}
	if p != nil {
		md.Header = []string{"Authority", p.AsAt.Long(), m.r.Opts.AsAt.Long(), "Rank", "Change (points)", "Rank for improvement"}
		md.Right = []bool{false, true, true, true, true, true}
	}
	for _, row := range rows {
		name := escapeMD(row.Authority)
		if row.IsAuthority {
			name = "**" + name + "**"
		}
		rank := fmt.Sprint(row.Rank)
		if row.Joint {
			rank += "="
		}
		if p == nil {
			md.Rows = append(md.Rows, []string{name, pct(row.Pct, m.dec), rank})
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
	}
	return md.String()
}

func (m *tableMaker) commissioned() string {
	c := m.r.Commissioned
	if c == nil {
		return ""
	}
	md := &mdTable{Caption: m.caption(fmt.Sprintf("Ratings of services the council commissions in %s, and of the others", m.a)),
		Header: []string{"Rating", "Commissioned by the council", "Not commissioned"},
		Right:  []bool{false, true, true}}
	for _, rw := range ratingRows(report.Ratings, true, true) {
		md.Rows = append(md.Rows, []string{rw.label, m.countPct(rw, c.In.All), m.countPct(rw, c.Out.All)})
	}
	return md.String()
}

var groupLabels = map[string]string{
	"older_people_care_homes":         "All care homes for older people",
	"older_people_residential":        "Residential homes",
	"older_people_nursing":            "Nursing homes",
	"working_age_care_homes":          "All care homes for working age adults",
	"working_age_residential":         "Residential homes",
	"working_age_nursing":             "Nursing homes",
	"working_age_learning_disability": "Learning disability",
	"working_age_mental_health":       "Mental health",
	"working_age_physical_sensory":    "Physical or sensory impairment",
	"older_people_community":          "Community services for older people",
	"working_age_community":           "Community services for working age adults",
}

// groups lays out the service user groups whose ids start with prefix.
func (m *tableMaker) groups(prefix, caption string) string {
	md := &mdTable{Caption: m.caption(caption),
		Header: []string{"Services", "Outstanding", "Good", "Requires Improvement", "Inadequate", "Not yet rated", "Total"},
		Right:  []bool{false, true, true, true, true, true, true}}
	for _, g := range m.r.Groups {
		if !strings.HasPrefix(g.ID, prefix) {
			continue
		}
		if m.careOnly && strings.HasSuffix(g.ID, "_community") {
			continue
		}
		c := g.Counts
		md.Rows = append(md.Rows, []string{groupLabels[g.ID], num(c[report.Outstanding]), num(c[report.Good]),
			num(c[report.RequiresImprovement]), num(c[report.Inadequate]), num(c[report.NotRated]), num(c.Total())})
	}
	return md.String()
}

func (m *tableMaker) beds() string {
	md := &mdTable{Caption: m.caption("Care homes and beds"),
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
	return md.String()
}

// rankingChart is a bar chart of the comparator group's share rated Good
// or Outstanding, at both dates when there are two, followed by the
// ranking table, which holds the chart's figures (and the ranks).
func (m *tableMaker) rankingChart() string {
	return m.rankFigure(capFirst(m.w.many), m.r.Ranking)
}

// rankFigure is a ranking's chart followed by its table, which is the
// chart's data table (data: below): the same shares, and the ranks.
func (m *tableMaker) rankFigure(what string, rows []cqc.RankRow) string {
	if len(rows) == 0 {
		return ""
	}
	title := fmt.Sprintf("%s rated Good or Outstanding: %s and its comparator authorities", what, chartText(m.r.Authority.Name))
	return rankChart(title, m.r.Authority.Name, rows, m.r.Prev, m.r.Opts.AsAt, m.dec, true) + "\n" + m.rankingTable(what, rows)
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
