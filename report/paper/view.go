package paper

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/doc"
	"github.com/carereport/carereport/report/spec"
)

// TableView is one of the paper's tables declared by spec, as the paper
// shows it: the computed table (whose cells the JSON and CSV hold too)
// and the view that picks its columns and rows.
type TableView struct {
	// Name is the Doc's name for it ({{.Tables.movements}}).
	Name  string
	Table *spec.Table
	View  spec.View
}

// Views are the tables the paper shows from spec declarations, in the
// Doc's order, for a result: what TestDocumentFiguresEqualJSON checks
// the printed paper against, table by table.
func Views(r *cqc.Result) []TableView {
	var out []TableView
	for _, tv := range newTableMaker(r, plain(r.Authority.Name)).views() {
		if tv.Table != nil {
			out = append(out, tv)
		}
	}
	return out
}

// views lists the tables shown from spec declarations, each under its
// Doc name; Table is nil for a table the result lacks.
func (m *tableMaker) views() []TableView {
	var out []TableView
	add := func(name string) func(*spec.Table, spec.View) {
		return func(t *spec.Table, v spec.View) {
			out = append(out, TableView{Name: name, Table: t, View: v})
		}
	}
	add("ratings")(m.ratingsView())
	add("comparison")(m.comparisonView())
	add("inspections")(m.inspectionsView())
	add("year_on_year")(m.yearOnYearView(m.a, "authority"))
	add("england_year_on_year")(m.yearOnYearView(englandName(m.r), "england"))
	add("movements")(m.movementsView())
	add("key_questions")(m.keyQuestionsView())
	add("commissioned")(m.commissionedView())
	add("older_people")(m.groupsView("older_people_", "Services for older people, by rating"))
	add("working_age")(m.groupsView("working_age_", "Services for working age adults, by rating"))
	add("activity")(m.activityView())
	add("reinspection")(m.reinspectionView())
	add("key_questions_comparison")(m.keyQuestionsComparisonView())
	add("commissioned_by_type")(m.commissionedByTypeView())
	add("named")(m.namedView())
	add("ranking")(m.rankingView(cqc.TRanking, capFirst(m.w.many)))
	add("beds")(m.bedsView())
	add("beds_per_head")(m.bedsPerHeadView())
	add("services_per_head")(m.servicesPerHeadView())
	add("trend")(m.trendView())
	add("map")(m.mapView())
	add("council")(m.councilView())
	add("health_ratings")(m.healthRatingsView())
	add("health_key_questions")(m.healthKeyQuestionsView())
	add("nhs_trusts")(m.nhsTrustsView())
	add("hospital_services")(m.hospitalServicesView())
	add("gp_population_groups")(m.gpGroupsView())
	if !m.careOnly { // the care homes' ranking is then the ranking itself
		add("ranking_care_homes")(m.rankingView(cqc.TRankingCareHomes, "Care homes"))
		add("ranking_community")(m.rankingView(cqc.TRankingCommunity, "Community-based services"))
	}
	return out
}

// show lays out a declared table as the view shows it: each cell by its
// column's kind ("143 (78%)" for a count shown with its share), the row
// of totals (row id "total") as the total row. A table the result lacks,
// or one the view leaves no row of, is nil.
func (m *tableMaker) show(t *spec.Table, v spec.View) *doc.Table {
	if t == nil {
		return nil
	}
	s, err := t.Resolve(v)
	if err != nil {
		// A view names the columns of a table declared in code: a
		// mistake here is the program's, and TestViewsResolve finds it.
		panic(err)
	}
	if len(s.Rows) == 0 {
		return nil // a table with no row to show is left out, not printed as a heading alone
	}
	md := &docTable{Caption: v.Caption, Header: s.Headings, Right: make([]bool, len(s.Headings))}
	for i, cols := range s.Cols {
		// Figures align right; text, ratings and dates left.
		switch t.Columns[cols[0]].Kind {
		case spec.Text, spec.Rating, spec.Date:
		default:
			md.Right[i+1] = true
		}
	}
	for _, row := range s.Rows {
		cells := []string{row.Row.Label}
		for k, cs := range row.Cells {
			if f := s.Format[k]; f != nil {
				cells = append(cells, f(row.Index, cs))
				continue
			}
			cells = append(cells, cellText(t, s.Cols[k], cs))
		}
		md.Rows = append(md.Rows, cells)
		if row.Bold {
			md.bold()
		}
		if row.Row.ID == "total" {
			md.total()
		}
	}
	return md.doc()
}

// cellText prints the cells of one view column: a figure by its kind, a
// count and its share together ("143 (78%)"), or a rank and whether it is
// joint ("3="); "–" for a share of nothing or a figure the data lacks.
func cellText(t *spec.Table, cols []int, cs []report.Cell) string {
	if len(cs) == 2 && t.Columns[cols[0]].Kind == spec.Count && t.Columns[cols[1]].Kind == spec.Share {
		if cs[1].IsNull() || cs[0].IsNull() {
			return "–"
		}
		return fmt.Sprintf("%s (%s)", num(int(cs[0].Num)), pct(cs[1].Num, cs[1].Dec))
	}
	if len(cs) == 2 && t.Columns[cols[0]].Kind == spec.Rank && t.Columns[cols[1]].Kind == spec.Flag {
		if cs[0].IsNull() {
			return "–"
		}
		if cs[1].IsNum && cs[1].Num == 1 {
			return strconv.Itoa(int(cs[0].Num)) + "="
		}
		return strconv.Itoa(int(cs[0].Num))
	}
	if len(cs) != 1 {
		panic(fmt.Sprintf("paper: table %s: a view column shows %d cells that are not a count and its share", t.ID, len(cs)))
	}
	c := cs[0]
	if c.IsNull() {
		return "–"
	}
	switch t.Columns[cols[0]].Kind {
	case spec.Count:
		return num(int(c.Num))
	case spec.Share:
		return pct(c.Num, c.Dec)
	case spec.Change:
		return arrow(int(c.Num))
	case spec.Rank:
		return strconv.Itoa(int(c.Num))
	case spec.Rate:
		return c.String()
	case spec.Points:
		return arrowPts(c.Num, c.Dec)
	case spec.Flag:
		if c.Num == 1 {
			return "Yes"
		}
		return "No"
	case spec.Rating:
		rt, _ := report.RatingByID(c.Text)
		return rt.Label()
	case spec.Date:
		if d, err := report.ParseDate(c.Text); err == nil {
			return shortDate(d)
		}
	}
	return c.Text
}

// byTypeColumns are the columns of the current ratings and the ratings
// published in the period: all services, then care homes and
// community-based services (left out when the data holds care homes only).
func (m *tableMaker) byTypeColumns() []spec.ViewColumn {
	cols := []spec.ViewColumn{{Heading: "Number of " + m.w.many, Names: []string{"all"}}, spec.Show("all_pct")}
	if !m.careOnly {
		cols = append(cols, spec.Show("care_home", "care_home_pct"), spec.Show("community", "community_pct"))
	}
	return cols
}

func (m *tableMaker) ratingsView() (*spec.Table, spec.View) {
	what := "regulated adult social care services"
	if m.careOnly {
		what = "care homes"
	}
	return m.r.Spec(cqc.TRatings), spec.View{Caption: fmt.Sprintf("Current CQC ratings of %s in %s", what, m.a),
		Stub: "Rating", Columns: m.byTypeColumns()}
}

func (m *tableMaker) inspectionsView() (*spec.Table, spec.View) {
	p := m.r.Opts.Inspections
	return m.r.Spec(cqc.TInspections), spec.View{Caption: fmt.Sprintf("Ratings published from %s to %s", p.From.Long(), p.To.Long()),
		Stub: "Rating", Columns: m.byTypeColumns()}
}

// yearOnYearView shows one area's ratings at both dates (area
// "authority" or "england", named name in the caption); nil when the
// table has no columns for it.
func (m *tableMaker) yearOnYearView(name, area string) (*spec.Table, spec.View) {
	t := m.r.Spec(cqc.TYearOnYear)
	p := m.r.YearOnYearPrefix(area)
	if t == nil {
		return nil, spec.View{}
	}
	if _, ok := t.Col(p + "previous"); !ok {
		return nil, spec.View{}
	}
	return t, spec.View{Caption: fmt.Sprintf("Ratings in %s on %s and %s", name, m.r.Prev.AsAt.Long(), m.r.Opts.AsAt.Long()),
		Stub: "CQC rating", Columns: []spec.ViewColumn{spec.Show(p+"previous", p+"previous_pct"), spec.Show(p+"current", p+"current_pct"), spec.Show(p + "change")}}
}

func (m *tableMaker) movementsView() (*spec.Table, spec.View) {
	t := m.r.Spec(cqc.TMovements)
	if t == nil {
		return nil, spec.View{}
	}
	v := spec.View{Caption: fmt.Sprintf("How ratings changed between %s and %s", m.r.Prev.AsAt.Long(), m.r.Opts.AsAt.Long()),
		Stub: "Change", Columns: []spec.ViewColumn{spec.Show("care_home"), spec.Show("community"), spec.Show("all")}}
	if m.careOnly {
		v.Columns = v.Columns[:1]
	}
	all, _ := t.Col("all")
	linksSeen := m.r.Prev.Movements.LinksSeen
	v.Skip = func(i int, row spec.Row) bool {
		n := t.Cell(i, all)
		switch row {
		case cqc.BackFromDormant.Row(), cqc.NowDormant.Row():
			return n.IsNull() || n.Num == 0 // rare: a row only when there is something to say
		case cqc.NoLongerRated.Row():
			return linksSeen && n.Num == 0 // rating history never takes a rating away: always 0 from API records
		}
		return n.IsNull() // the data cannot show closures (or re-registrations): no row, not a 0
	}
	return t, v
}

func (m *tableMaker) keyQuestionsView() (*spec.Table, spec.View) {
	k := m.r.KeyQuestions
	if k == nil {
		return nil, spec.View{}
	}
	return m.r.Spec(cqc.TKeyQuestions), spec.View{Caption: fmt.Sprintf("Key question ratings of the %s rated %s in %s", num(k.Locations), m.w.many, m.a),
		Stub: "Key question", Columns: []spec.ViewColumn{spec.Show("outstanding"), spec.Show("good"), spec.Show("good_or_better_pct"),
			spec.Show("requires_improvement"), spec.Show("inadequate"), spec.Show("total")}}
}

func (m *tableMaker) commissionedView() (*spec.Table, spec.View) {
	return m.r.Spec(cqc.TCommissioned), spec.View{Caption: fmt.Sprintf("Ratings of services the council commissions in %s, and of the others", m.a),
		Stub: "Rating", Columns: []spec.ViewColumn{spec.Show("commissioned", "commissioned_pct"), spec.Show("not_commissioned", "not_commissioned_pct")}}
}

// groupsView shows the service user groups whose ids start with prefix.
func (m *tableMaker) groupsView(prefix, caption string) (*spec.Table, spec.View) {
	return m.r.Spec(cqc.TGroups), spec.View{Caption: caption, Stub: "Services",
		Columns: []spec.ViewColumn{spec.Show("outstanding"), spec.Show("good"), spec.Show("requires_improvement"),
			spec.Show("inadequate"), spec.Show("not_rated"), spec.Show("total")},
		Skip: func(_ int, row spec.Row) bool {
			return !strings.HasPrefix(row.ID, prefix) || (m.careOnly && strings.HasSuffix(row.ID, "_community"))
		}}
}

func (m *tableMaker) activityView() (*spec.Table, spec.View) {
	p := m.r.Opts.Inspections
	v := spec.View{Caption: fmt.Sprintf("Inspection activity from %s to %s, and the age of the ratings in force on %s", p.From.Long(), p.To.Long(), m.r.Opts.AsAt.Long()),
		Stub: "Services", Columns: []spec.ViewColumn{spec.Show("care_home"), spec.Show("community"), spec.Show("all")}}
	if m.careOnly {
		v.Stub, v.Columns = "Care homes", []spec.ViewColumn{{Heading: "Number", Names: []string{"care_home"}}}
	}
	return m.r.Spec(cqc.TActivity), v
}

func (m *tableMaker) reinspectionView() (*spec.Table, spec.View) {
	ri := m.r.Reinspection
	if ri == nil || ri.Rated(cqc.All) == 0 {
		return nil, spec.View{}
	}
	p := ri.Period
	v := spec.View{Caption: fmt.Sprintf("Outcomes of the ratings published from %s to %s, against each %s's rating before", p.From.Long(), p.To.Long(), m.w.one),
		Stub: "Outcome"}
	if !m.careOnly {
		v.Columns = append(v.Columns, spec.Show("care_home"), spec.Show("community"))
	}
	v.Columns = append(v.Columns, spec.ViewColumn{Heading: "All " + m.w.many, Names: []string{"all"}}, spec.Show("all_pct"))
	return m.r.Spec(cqc.TReinspection), v
}
