package paper

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/doc"
	"github.com/carereport/carereport/report/render/chart"
	"github.com/carereport/carereport/report/spec"
)

// The health section: GP practices, hospitals, NHS trusts and the other
// health sectors, in the manner of CQC's own reports on them, by the same
// sentence rules as the rest of the paper.

// kqShortNames are the key questions as a sentence names them.
var kqShortNames = [report.NumKeyQuestions]string{"safe", "effective", "caring", "responsive", "well-led"}

// sectorName is a sector in a sentence: "GP practices", "NHS hospitals".
func sectorName(id string) string {
	if l, ok := report.SectorLabels[id]; ok {
		return l
	}
	return id
}

// healthTables lays out the health section's tables.
func (m *tableMaker) healthTables() map[string]*doc.Table {
	out := map[string]*doc.Table{}
	if m.r.Health == nil {
		return out
	}
	out["health_ratings"] = m.show(m.healthRatingsView())
	out["health_key_questions"] = m.show(m.healthKeyQuestionsView())
	out["nhs_trusts"] = m.show(m.nhsTrustsView())
	out["hospital_services"] = m.show(m.hospitalServicesView())
	out["gp_population_groups"] = m.show(m.gpGroupsView())
	return out
}

// healthRatingsView shows each sector's locations by overall rating, with
// the comparators' share rated Good or Outstanding and England's (not from
// published national counts, which give no health sectors).
func (m *tableMaker) healthRatingsView() (*spec.Table, spec.View) {
	t := m.r.Spec(cqc.THealthRatings)
	if t == nil {
		return nil, spec.View{}
	}
	v := spec.View{Caption: fmt.Sprintf("Health services in %s by overall rating, %s", m.a, m.r.Opts.AsAt.Long()), Stub: "Sector"}
	for _, rt := range report.Ratings {
		v.Columns = append(v.Columns, spec.Show(rt.ID()))
	}
	v.Columns = append(v.Columns, spec.Show("total"))
	hr := m.r.HealthRatings()
	for _, p := range m.healthPlaces() {
		col, _ := hr.Column(p)
		v.Columns = append(v.Columns, spec.Show(col))
	}
	return t, v
}

// healthPlaces are the areas health_ratings is shown with a share rated
// Good or Outstanding for, in its view's columns and as its chart's
// series: the authority, its comparators when it has some, and England
// (or all the authorities in the data) when the table has its share from
// the data (CQC's published national counts give no health sectors).
func (m *tableMaker) healthPlaces() []cqc.Place {
	out := []cqc.Place{cqc.PlaceAuthority}
	if m.r.Comparators != nil {
		out = append(out, cqc.PlaceComparators)
	}
	if _, ok := m.r.HealthRatings().Column(cqc.PlaceEngland); ok && m.r.Opts.England && m.r.Opts.PublishedEngland == nil {
		out = append(out, cqc.PlaceEngland)
	}
	return out
}

// healthChart is a bar chart of the share of each health sector's
// locations rated Good or Outstanding, read from the cells of
// health_ratings: a group of bars for each sector with a rated location
// in the authority, in the table's order, and a bar for each area the
// table shows a share for (healthPlaces), the authority's in bold. The
// table follows it as its data table (data: below). Nil when no sector
// has a rated location.
func (m *tableMaker) healthChart() *doc.Figure {
	if m.r.Health == nil {
		return nil
	}
	hr := m.r.HealthRatings()
	places := m.healthPlaces()
	authority := chartText(m.r.Authority.Name)
	c := &chart.Chart{Category: "Sector", Unit: "%", Max: 100, DataBelow: true, HighlightSeries: authority}
	var names []string
	for _, p := range places {
		switch p {
		case cqc.PlaceAuthority:
			names = append(names, authority)
			c.Series = append(c.Series, authority)
		case cqc.PlaceComparators:
			names = append(names, "its comparator authorities")
			c.Series = append(c.Series, "Comparator authorities")
		case cqc.PlaceEngland:
			names = append(names, chartText(englandName(m.r)))
			c.Series = append(c.Series, chartText(englandLabel(m.r)))
		}
	}
	c.Title = "Health services rated Good or Outstanding: " + joinAnd(names)
	for _, sector := range hr.Sectors() {
		if hr.Rated(sector) == 0 {
			continue
		}
		r := chart.Row{Label: chartText(hr.Label(sector))}
		for _, p := range places {
			r.Values = append(r.Values, m.shareValue(hr.Share(sector, p)))
		}
		c.Rows = append(c.Rows, r)
	}
	if len(c.Rows) == 0 {
		return nil
	}
	return m.figure(c)
}

// gpGroupsView shows GP practices' ratings by population group.
func (m *tableMaker) gpGroupsView() (*spec.Table, spec.View) {
	t := m.r.Spec(cqc.TGPGroups)
	if t == nil || len(m.r.Health.GPGroups) == 0 {
		return nil, spec.View{}
	}
	v := spec.View{Caption: fmt.Sprintf("GP practices in %s by population group", m.a), Stub: "Population group"}
	for _, rt := range report.Ratings {
		v.Columns = append(v.Columns, spec.Show(rt.ID()))
	}
	v.Columns = append(v.Columns, spec.Show("total"))
	return t, v
}

// healthKeyQuestionsView shows each sector's share rated Good or
// Outstanding on each key question, a column per key question; a sector
// with nothing rated on any is left out.
func (m *tableMaker) healthKeyQuestionsView() (*spec.Table, spec.View) {
	return m.r.Spec(cqc.THealthKeyQuestions), spec.View{Caption: fmt.Sprintf("Health services in %s rated Good or Outstanding on each key question", m.a),
		Stub: "Sector", Pivot: &spec.Pivot{By: "key_question", Value: "good_or_better_pct", DropEmpty: true}}
}

// nhsTrustsView shows the trusts' own ratings: "Not in the data" for a
// trust the data holds no record of, "–" for a key question not rated.
func (m *tableMaker) nhsTrustsView() (*spec.Table, spec.View) {
	t := m.r.Spec(cqc.TNHSTrusts)
	if t == nil {
		return nil, spec.View{}
	}
	trusts := m.r.NHSTrusts()
	overall := func(i int, c []report.Cell) string {
		switch {
		case !trusts.Known(t.Rows[i].ID):
			return "Not in the data"
		case c[0].IsNull():
			return report.NotRated.Label()
		}
		return ratingLabel(c[0])
	}
	kq := func(_ int, c []report.Cell) string {
		if rt, _ := report.RatingByID(c[0].Text); c[0].IsNull() || !rt.IsRated() {
			return "–"
		}
		return ratingLabel(c[0])
	}
	v := spec.View{Caption: fmt.Sprintf("NHS trusts running hospitals in %s: the trusts' own ratings", m.a), Stub: "Trust",
		Columns: []spec.ViewColumn{{Names: []string{"overall"}, Format: overall}}}
	for q := range report.NumKeyQuestions {
		v.Columns = append(v.Columns, spec.ViewColumn{Names: []string{cqc.KQColumn(q)}, Format: kq})
	}
	v.Columns = append(v.Columns, spec.Show("published"), spec.Show("locations_in_area"))
	return t, v
}

// hospitalServicesView shows the core services rated Requires
// Improvement or Inadequate, with the key questions each is rated below
// Good on ("Not published" when the data gives none).
func (m *tableMaker) hospitalServicesView() (*spec.Table, spec.View) {
	t := m.r.Spec(cqc.THospitalServices)
	if t == nil {
		return nil, spec.View{}
	}
	hs := m.r.HospitalServices()
	var names []string
	for q := range report.NumKeyQuestions {
		names = append(names, cqc.KQColumn(q))
	}
	below := func(_ int, cs []report.Cell) string {
		var out []string
		published := false
		for k, c := range cs {
			published = published || !c.IsNull()
			if rt, _ := report.RatingByID(c.Text); belowGood(rt) {
				j, _ := t.Col(names[k])
				out = append(out, t.Columns[j].Label)
			}
		}
		switch {
		case !published:
			return "Not published"
		case len(out) == 0:
			return "–"
		}
		return strings.Join(out, ", ")
	}
	return t, spec.View{Caption: fmt.Sprintf("Core services of NHS hospitals in %s rated below Good", m.a), Stub: "Hospital",
		Columns: []spec.ViewColumn{spec.Show("trust"), spec.Show("service"), spec.Show("overall"),
			{Heading: "Key questions below Good", Names: names, Format: below}},
		Skip: func(i int, _ spec.Row) bool { return !belowGood(hs.Overall(i)) }}
}

// belowGood is whether a rating is Requires Improvement or Inadequate.
func belowGood(r report.Rating) bool {
	return r == report.RequiresImprovement || r == report.Inadequate
}

// health writes the health section's sentences, from the cells of its
// tables.
func (s *sentences) health() map[string]string {
	h := s.r.Health
	out := map[string]string{}
	if h == nil {
		return out
	}
	// A paragraph each: GP practices, hospitals, the rest.
	hr := s.r.HealthRatings()
	para := map[string][]string{}
	for _, sector := range hr.Sectors() {
		k := "health_other"
		switch sector {
		case report.SectorGP:
			k = "health_gp"
		case report.SectorNHSHospital, report.SectorIndependentHospital:
			k = "health_hospitals"
		}
		para[k] = append(para[k], s.sectorSentence(hr, sector))
	}
	for _, k := range []string{"health_gp", "health_hospitals", "health_other"} {
		out[k] = strings.Join(para[k], " ")
	}
	nt := s.r.NHSTrusts()
	var trusts []string
	for _, id := range nt.IDs() {
		if !nt.Known(id) {
			n := nt.Hospitals(id)
			trusts = append(trusts, fmt.Sprintf("%s runs %s %s in %s; the data gives no rating of the trust itself.",
				escapeMD(nt.Name(id)), num(n), plural(n, "hospital", "hospitals"), s.a))
			continue
		}
		trusts = append(trusts, trustSentence(nt, id, s.a))
	}
	if len(trusts) > 0 && !h.HasProviders {
		trusts = append(trusts, "The data holds no trust's own ratings (the Providers sheet of CQC's Latest ratings file, or data.ratings_providers): only its hospitals are counted.")
	}
	out["trusts"] = strings.Join(trusts, " ")
	if h.WantHospitals {
		out["hospital_services"] = s.hospitalServices()
	}
	gp := s.r.GPGroups()
	if groups := gp.Groups(); len(groups) > 0 {
		worst, worstN := "", 0
		for _, g := range groups {
			if n := gp.Count(g, report.RequiresImprovement) + gp.Count(g, report.Inadequate); n > worstN {
				worst, worstN = g, n
			}
		}
		if worstN == 0 {
			out["gp_groups"] = "No GP practice is rated below Good for any population group."
		} else {
			out["gp_groups"] = fmt.Sprintf("CQC also rates GP practices for each population group they serve; the group most often rated below Good is %s (%s %s).",
				strings.ToLower(escapeMD(worst)), num(worstN), plural(worstN, "practice", "practices"))
		}
	}
	return out
}

// sectorSentence says how one sector's locations are rated, against the
// comparators, and how old the ratings are.
func (s *sentences) sectorSentence(hr cqc.HealthRatings, sector string) string {
	total, rated := hr.Total(sector), hr.Rated(sector)
	old := hr.OverFourYears(sector)
	if total == 0 {
		return fmt.Sprintf("There are no %s in %s in the data.", sectorNoun(sector, 0), s.a)
	}
	if total == 1 {
		r := report.NotRated
		for _, x := range report.Ratings {
			if hr.Count(sector, x) == 1 {
				r = x
			}
		}
		if !r.IsRated() {
			return fmt.Sprintf("The one %s in %s has no rating.", sectorNoun(sector, 1), s.a)
		}
		sent := fmt.Sprintf("The one %s in %s is rated %s", sectorNoun(sector, 1), s.a, r.Label())
		if old > 0 {
			sent += ", a rating more than four years old"
		}
		return sent + "."
	}
	share := hr.GoodOrBetter(sector)
	sent := fmt.Sprintf("Of the %s %s in %s, %s rated Good or Outstanding (%s)",
		num(total), sectorNoun(sector, total), s.a, ofRated(hr.Count(sector, report.Outstanding)+hr.Count(sector, report.Good)), share)
	ri, inad := hr.Count(sector, report.RequiresImprovement), hr.Count(sector, report.Inadequate)
	if ri+inad > 0 {
		sent += fmt.Sprintf(", %s Requires Improvement and %s Inadequate", countWord(ri), countWord(inad))
	}
	if nr := hr.Count(sector, report.NotRated); nr > 0 {
		sent += fmt.Sprintf("; %s %s no rating", countWord(nr), plural(nr, "has", "have"))
	}
	sent += "."
	// The comparators' share is OK only with comparators that have
	// locations of the sector.
	if cs := hr.ComparatorsGoodOrBetter(sector); cs.OK && rated > 0 {
		sent += fmt.Sprintf(" That is %s the comparator authorities (%s).", Compare(share, cs, s.within).Than(), cs)
	}
	if old > 0 {
		sent += fmt.Sprintf(" %s of the %s ratings %s more than four years old: a rating stays in force until CQC inspects again.",
			capFirst(num(old)), num(rated), plural(old, "is", "are"))
	}
	return sent
}

// ofRated is "none was", "1 was", "3 were".
func ofRated(n int) string {
	return countWord(n) + " " + wasWere(n)
}

// sectorNoun is a sector's locations as a sentence counts them: "GP
// practices", "NHS hospitals", "hospices", and for one "NHS hospital",
// "mental health service".
func sectorNoun(sector string, n int) string {
	if n == 1 {
		if one, ok := report.SectorSingular[sector]; ok {
			return one
		}
	}
	name := sectorName(sector)
	if strings.HasPrefix(name, "GP") || strings.HasPrefix(name, "NHS") {
		return name
	}
	return strings.ToLower(name[:1]) + name[1:]
}

// trustSentence says a trust's ratings as CQC's reports do: "is rated
// Requires Improvement overall: Good for caring, Requires Improvement for
// effective, responsive and well-led, and Inadequate for safe".
func trustSentence(nt cqc.NHSTrusts, id, area string) string {
	by := map[report.Rating][]string{}
	for q := range report.NumKeyQuestions {
		if r, ok := nt.KeyQuestion(id, q); ok && r.IsRated() {
			by[r] = append(by[r], kqShortNames[q])
		}
	}
	var parts []string
	for _, r := range []report.Rating{report.Outstanding, report.Good, report.RequiresImprovement, report.Inadequate} {
		if len(by[r]) > 0 {
			parts = append(parts, fmt.Sprintf("%s for %s", r.Label(), joinAnd(by[r])))
		}
	}
	n := nt.Hospitals(id)
	sent := fmt.Sprintf("%s, which runs %s %s in %s, is rated %s overall", escapeMD(nt.Name(id)), num(n),
		plural(n, "hospital", "hospitals"), area, nt.Overall(id).Label())
	if len(parts) > 0 {
		sent += ": " + joinSerial(parts)
	}
	if d := nt.Published(id); !d.IsZero() {
		sent += fmt.Sprintf(" (published %s)", d.Long())
	}
	return sent + "."
}

// hospitalServices names each hospital's core services below Good.
func (s *sentences) hospitalServices() string {
	hs := s.r.HospitalServices()
	type hosp struct {
		name  string
		below []string
		rated int
	}
	var order []string
	by := map[string]*hosp{}
	for i := range hs.Len() {
		id, name := hs.Hospital(i)
		x := by[id]
		if x == nil {
			x = &hosp{name: escapeMD(name)}
			by[id] = x
			order = append(order, id)
		}
		r := hs.Overall(i)
		if r.IsRated() {
			x.rated++
		}
		if belowGood(r) {
			x.below = append(x.below, fmt.Sprintf("%s (%s)", strings.ToLower(escapeMD(hs.Service(i))), r.Label()))
		}
	}
	if len(order) == 0 {
		return ""
	}
	var parts []string
	for _, id := range order {
		x := by[id]
		if len(x.below) == 0 {
			parts = append(parts, fmt.Sprintf("At %s no core service is rated below Good.", x.name))
			continue
		}
		parts = append(parts, fmt.Sprintf("At %s, %s of the %s rated core services %s below Good: %s.", x.name, num(len(x.below)), num(x.rated),
			plural(len(x.below), "is", "are"), joinAnd(x.below)))
	}
	return strings.Join(parts, " ")
}

// joinSerial joins clauses that may hold "and" themselves with commas and
// a final ", and" ("Good for caring, Requires Improvement for effective
// and responsive, and Inadequate for safe"), so each clause reads whole.
func joinSerial(parts []string) string {
	if len(parts) < 3 {
		return joinAnd(parts)
	}
	return strings.Join(parts[:len(parts)-1], ", ") + ", and " + parts[len(parts)-1]
}
