package paper

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/doc"
	"github.com/carereport/carereport/report/spec"
)

// The paper's parts on what members ask for: how old the ratings are, the
// comparators by service type, the key questions against the comparators,
// the commissioned services by type, and the services by name.

// activity says how old the ratings in force are, and what inspections
// gave no rating.
func (s *sentences) activity() string {
	a, ok := s.r.ActivityTable()
	if !ok {
		return ""
	}
	rated := 0 // the services rated: the ratings table's four ratings
	for _, rt := range report.RealRatings {
		rated += s.r.Ratings().Count(rt, cqc.All)
	}
	asAt := s.r.Opts.AsAt.Long()
	var parts []string
	if rated > 0 {
		two, _ := a.Count(cqc.RatingOver2Years, cqc.All)
		four, _ := a.Count(cqc.RatingOver4Years, cqc.All)
		switch {
		case two == 0:
			parts = append(parts, fmt.Sprintf("Every rating in force in %s was published in the two years before %s.", s.a, asAt))
		default:
			sent := fmt.Sprintf("Of the %s rated, %s %s a rating published more than two years before %s", s.w.n(rated), countWord(two), plural(two, "holds", "hold"), asAt)
			if four > 0 {
				sent += fmt.Sprintf(", %s of them more than four years before", countWord(four))
			}
			parts = append(parts, sent+". A rating stays in force until CQC inspects again, so an old rating may not describe the service today.")
		}
	}
	if n, ok := a.Count(cqc.InspectedNotRated, cqc.All); ok && n > 0 {
		sent := fmt.Sprintf("In the period %s %s inspected without a new rating being given (a report of \"Inspected but not rated\")", s.w.n(n), wasWere(n))
		if both, _ := a.Count(cqc.RatedAndInspectedNotRated, cqc.All); both > 0 {
			sent += fmt.Sprintf("; %s of them also had a report that rated %s, so %s counted both as rated and as inspected but not rated", num(both), plural(both, "it", "them"), plural(both, "it is", "they are"))
		}
		parts = append(parts, sent+".")
	}
	if n, _ := a.Count(cqc.NeverRated, cqc.All); n > 0 {
		parts = append(parts, fmt.Sprintf("%s %s never been rated.", capFirst(s.w.n(n)), hasHave(n)))
	}
	if !s.r.Activity.FromHistory {
		parts = append(parts, "The data gives each service's latest rating only, so reports that gave no rating cannot be counted.")
	}
	return strings.Join(parts, " ")
}

// byTypeRanking says where the authority stands for each service type
// (care homes, community-based services), as the Leeds account does.
func (s *sentences) byTypeRanking() string {
	if s.r.CareHomesOnly {
		return "" // the overall ranking is the care home ranking
	}
	var parts []string
	for _, t := range []struct {
		what string
		of   cqc.Service
	}{{"care homes", cqc.CareHome}, {"community-based services", cqc.Community}} {
		x, ok := s.r.RankingOf(t.of)
		if !ok {
			continue
		}
		if rank, joint, ok := x.Place(); ok {
			j := ""
			if joint {
				j = "joint "
			}
			parts = append(parts, fmt.Sprintf("%s%s of %d for %s", j, ordinal(rank), x.Len(), t.what))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("By type of service, %s is %s, on the share rated Good or Outstanding.", s.a, joinAnd(parts))
}

func (m *tableMaker) byTypeCharts() []doc.Block {
	if m.careOnly {
		return nil
	}
	return append(m.rankFigure(cqc.CareHome, "Care homes"), m.rankFigure(cqc.Community, "Community-based services")...)
}

// keyQuestionsComparison says, key question by key question, how the
// authority's share rated Good or Outstanding compares.
func (s *sentences) keyQuestionsComparison() string {
	k := s.r.KQShares
	x, ok := s.r.KQComparison()
	if !ok || k.Authority.Locations == 0 {
		return ""
	}
	// Against the comparators, else England: the shares are the table's,
	// compared unrounded (rule 11).
	theirs, whose := x.Comparators, "its comparator authorities"
	if k.Comparators == nil {
		theirs, whose = x.England, s.eng
	}
	if k.Comparators == nil && k.England == nil {
		return ""
	}
	by := map[Relation][]string{}
	for q := range report.NumKeyQuestions {
		rel := Compare(x.Authority(q), theirs(q), s.within)
		by[rel] = append(by[rel], report.KeyQuestionNames[q])
	}
	var parts []string
	for _, rel := range []Relation{Higher, Lower, Similar} {
		if qs := by[rel]; len(qs) > 0 {
			parts = append(parts, fmt.Sprintf("%s on %s", strings.TrimSuffix(strings.TrimSuffix(rel.Than(), " than"), " to"), joinAnd(qs)))
		}
	}
	return fmt.Sprintf("Against %s, the share of %s in %s rated Good or Outstanding is %s (by the shares of the services rated on each key question).",
		whose, s.w.many, s.a, joinAnd(parts))
}

// keyQuestionsComparison is the key_questions_comparison table as the
// paper shows it (also listed in views).
func (m *tableMaker) keyQuestionsComparison() *doc.Table {
	return m.show(m.keyQuestionsComparisonView())
}

// keyQuestionsComparisonView shows the comparators' and England's
// columns when the data has their figures.
func (m *tableMaker) keyQuestionsComparisonView() (*spec.Table, spec.View) {
	t := m.r.Spec(cqc.TKeyQuestionsCompar)
	if t == nil {
		return nil, spec.View{}
	}
	k := m.r.KQShares
	v := spec.View{Caption: fmt.Sprintf("%s rated Good or Outstanding on each key question", capFirst(m.w.many)),
		Stub: "Key question", Columns: []spec.ViewColumn{{Heading: m.a, Names: []string{"authority_good_or_better_pct"}}}}
	if k.Comparators != nil {
		v.Columns = append(v.Columns, spec.Show("comparators_good_or_better_pct"))
	}
	if k.England != nil {
		v.Columns = append(v.Columns, spec.ViewColumn{Heading: englandLabel(m.r), Names: []string{m.r.YearOnYearPrefix("england") + "good_or_better_pct"}})
	}
	return t, v
}

// commissionedByType is the commissioned_by_type table as the paper
// shows it (also listed in views).
func (m *tableMaker) commissionedByType() *doc.Table {
	return m.show(m.commissionedByTypeView())
}

// commissionedByTypeView leaves out community-based services when the
// data holds care homes only, and the previous date's columns when there
// is none.
func (m *tableMaker) commissionedByTypeView() (*spec.Table, spec.View) {
	t := m.r.Spec(cqc.TCommissionedByType)
	if t == nil {
		return nil, spec.View{}
	}
	v := spec.View{Caption: fmt.Sprintf("Services the council commissions in %s, by type", m.a), Stub: "Services",
		Columns: []spec.ViewColumn{spec.Show("commissioned"), spec.Show("good_or_better_pct")}}
	if m.r.Prev != nil {
		v.Columns = append(v.Columns, spec.Show("previous_commissioned"), spec.Show("previous_good_or_better_pct"))
	}
	if m.careOnly {
		v.Skip = func(_ int, row spec.Row) bool { return row.ID == "community" }
	}
	return t, v
}

// commissionedChange says how the commissioned services' share rated Good
// or Outstanding moved since the previous date.
func (s *sentences) commissionedChange() string {
	c, ok := s.r.CommissionedTypes()
	if !ok || s.r.Prev == nil {
		return ""
	}
	a, b := c.All()
	if !a.OK || !b.OK {
		return ""
	}
	since := s.r.Prev.AsAt.Long()
	switch Compare(a, b, s.within) {
	case Higher:
		return fmt.Sprintf("That share has risen since %s, when it was %s.", since, b)
	case Lower:
		return fmt.Sprintf("That share has fallen since %s, when it was %s.", since, b)
	}
	return fmt.Sprintf("That share is little changed since %s, when it was %s.", since, b)
}

// overlap notes that a home can serve both groups.
func (s *sentences) overlap() string {
	n, ok := s.r.UserGroups().BothGroupsCareHomes()
	if !ok {
		return ""
	}
	if n == 0 {
		return "No care home in " + s.a + " is registered for both older people and working age adults, so none is counted in both tables."
	}
	return fmt.Sprintf("A care home can be registered for both older people and working age adults: %s of the %s care homes in %s %s registered for both, and so counted in both tables.",
		num(n), num(s.r.BedsTable().CareHomes()), s.a, plural(n, "is", "are"))
}

// namedNote points to the appendix.
func (s *sentences) namedNote() string {
	x, ok := s.r.NamedTable()
	if !ok {
		return ""
	}
	// A service is named for a rating below Good, or for a Good or
	// Outstanding rating that fell.
	below, fell := x.Rated(report.Inadequate, report.RequiresImprovement), x.Rated(report.Good, report.Outstanding)
	if below == 0 && fell == 0 {
		return fmt.Sprintf("No %s in %s is rated Inadequate or Requires Improvement, so the appendix names none.", s.w.one, s.a)
	}
	var parts []string
	if below > 0 {
		parts = append(parts, fmt.Sprintf("the %s rated Inadequate or Requires Improvement", s.w.n(below)))
	}
	if fell > 0 { // only with an earlier date
		parts = append(parts, fmt.Sprintf("the %s rated Good or Outstanding whose rating has fallen since %s", s.w.n(fell), s.r.Prev.AsAt.Long()))
	}
	out := "The appendix names " + strings.Join(parts, ", and ")
	return out + ", with the key questions each was rated below Good on."
}

// namedView shows the appendix of services named, a row for each
// labelled by its name. From rating history the column after the date is
// the report before the one in force (rule 9), with its date, or "None
// before"; a snapshot file knows only the latest rating, so the column is
// the rating on the earlier date and its heading says so (none without
// an earlier date). A rating held at several reports running says so; the
// key questions below Good are "Not published" when the data gives none
// for the report in force, "–" when none is below Good.
func (m *tableMaker) namedView() (*spec.Table, spec.View) {
	t := m.r.Spec(cqc.TNamed)
	if t == nil {
		return nil, spec.View{}
	}
	stub, _ := t.Col("name")
	v := spec.View{Caption: fmt.Sprintf("Services in %s rated Inadequate or Requires Improvement, or rated lower than before", m.a),
		Stub: t.Columns[stub].Label,
		Columns: []spec.ViewColumn{spec.Show("provider"), spec.Show("service_type"),
			{Names: []string{"rating", "reports_below_good_running"}, Format: ratingRunning}, spec.Show("rating_date")}}
	switch {
	case m.r.Activity != nil && m.r.Activity.FromHistory:
		v.Columns = append(v.Columns, spec.ViewColumn{Names: []string{"previous_rating", "previous_rating_date"}, Format: ratingBefore})
	case m.r.Prev != nil:
		v.Columns = append(v.Columns, spec.Show("rating_on_previous_date"))
	}
	v.Columns = append(v.Columns, spec.ViewColumn{Names: []string{"key_questions_below_good", "key_questions_published"}, Format: kqBelowGood})
	return t, v
}

// ratingLabel is a rating cell as the paper prints it: "–" for none.
func ratingLabel(c report.Cell) string {
	if c.IsNull() {
		return "–"
	}
	rt, _ := report.RatingByID(c.Text)
	return rt.Label()
}

// ratingRunning prints a rating and, from two reports running below Good,
// how many: "Inadequate (below Good at 2 reports running)".
func ratingRunning(_ int, c []report.Cell) string {
	out := ratingLabel(c[0])
	if n := int(c[1].Num); c[1].IsNum && n >= 2 {
		out += fmt.Sprintf(" (below Good at %s reports running)", num(n))
	}
	return out
}

// ratingBefore prints the report before the one in force with its date,
// "Requires Improvement (9 Feb 2019)", or "None before".
func ratingBefore(_ int, c []report.Cell) string {
	if c[0].IsNull() {
		return "None before"
	}
	d, _ := report.ParseDate(c[1].Text)
	return ratingLabel(c[0]) + " (" + shortDate(d) + ")"
}

// kqBelowGood prints the key questions below Good ("Safe, Well-led"), "–"
// for none and "Not published" when the data gives no key question
// ratings for the report in force.
func kqBelowGood(_ int, c []report.Cell) string {
	switch {
	case c[1].Text == "no":
		return "Not published"
	case c[0].IsNull():
		return "–"
	}
	return strings.Join(strings.Split(c[0].Text, "; "), ", ")
}
