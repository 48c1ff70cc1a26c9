package paper

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/doc"
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
	h := m.r.Health
	out := map[string]*doc.Table{}
	if h == nil {
		return out
	}
	dec := m.dec
	out["health_ratings"] = m.show(m.healthRatingsView())

	kt := &docTable{Caption: fmt.Sprintf("Health services in %s rated Good or Outstanding on each key question", m.a),
		Header: []string{"Sector"}, Right: []bool{false}}
	for _, n := range report.KeyQuestionNames {
		kt.Header, kt.Right = append(kt.Header, n), append(kt.Right, true)
	}
	for _, s := range h.Sectors {
		row := []string{sectorName(s.Sector)}
		any := false
		for q := range report.NumKeyQuestions {
			c := s.KQ[q]
			row = append(row, report.ShareOf(c.GoodOrBetter(), c.Rated(), dec).String())
			any = any || c.Rated() > 0
		}
		if any {
			kt.Rows = append(kt.Rows, row)
		}
	}
	if len(kt.Rows) > 0 {
		out["health_key_questions"] = kt.doc()
	}

	if h.WantTrusts && len(h.Trusts) > 0 {
		tt := &docTable{Caption: fmt.Sprintf("NHS trusts running hospitals in %s: the trusts' own ratings", m.a),
			Header: []string{"Trust", "Overall", "Safe", "Effective", "Caring", "Responsive", "Well-led", "Published", "Hospitals in the area"},
			Right:  []bool{false, false, false, false, false, false, false, false, true}}
		for _, t := range h.Trusts {
			row := []string{t.Name}
			if t.Known {
				row = append(row, t.Overall.Overall.Label())
				for q := range report.NumKeyQuestions {
					row = append(row, kqLabel(t.Overall, q))
				}
				row = append(row, dateOrDash(t.Overall.Date))
			} else {
				row = append(row, "Not in the data", "–", "–", "–", "–", "–", "–")
			}
			tt.Rows = append(tt.Rows, append(row, num(t.Locations)))
		}
		out["nhs_trusts"] = tt.doc()
	}
	if h.WantHospitals {
		st := &docTable{Caption: fmt.Sprintf("Core services of NHS hospitals in %s rated below Good", m.a),
			Header: []string{"Hospital", "Trust", "Service", "Overall", "Key questions below Good"},
			Right:  []bool{false, false, false, false, false}}
		for _, s := range h.Services {
			r := s.Rating.Overall
			if r != report.RequiresImprovement && r != report.Inadequate {
				continue
			}
			st.Rows = append(st.Rows, []string{s.Location, s.Trust, s.Service, r.Label(), belowGood(s.Rating)})
		}
		if len(st.Rows) > 0 {
			out["hospital_services"] = st.doc()
		}
	}
	if len(h.GPGroups) > 0 {
		out["gp_population_groups"] = m.show(m.gpGroupsView())
	}
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
	v.Columns = append(v.Columns, spec.Show("total"), spec.Show("good_or_better_pct"))
	if m.r.Comparators != nil {
		v.Columns = append(v.Columns, spec.Show("comparators_good_or_better_pct"))
	}
	if e := m.r.YearOnYearPrefix("england") + "good_or_better_pct"; m.r.Opts.England && m.r.Opts.PublishedEngland == nil {
		if _, ok := t.Col(e); ok {
			v.Columns = append(v.Columns, spec.Show(e))
		}
	}
	return t, v
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

func dateOrDash(d report.Date) string {
	if d.IsZero() {
		return "–"
	}
	return shortDate(d)
}

func kqLabel(a report.Assessment, q report.KeyQuestion) string {
	if !a.HasKQ || !a.KQ[q].IsRated() {
		return "–"
	}
	return a.KQ[q].Label()
}

func belowGood(a report.Assessment) string {
	if !a.HasKQ {
		return "Not published"
	}
	var out []string
	for q := range report.NumKeyQuestions {
		if k := a.KQ[q]; k == report.RequiresImprovement || k == report.Inadequate {
			out = append(out, report.KeyQuestionNames[q])
		}
	}
	if len(out) == 0 {
		return "–"
	}
	return strings.Join(out, ", ")
}

// health writes the health section's sentences.
func (s *sentences) health() map[string]string {
	h := s.r.Health
	out := map[string]string{}
	if h == nil {
		return out
	}
	// A paragraph each: GP practices, hospitals, the rest.
	para := map[string][]string{}
	for _, sc := range h.Sectors {
		k := "health_other"
		switch sc.Sector {
		case report.SectorGP:
			k = "health_gp"
		case report.SectorNHSHospital, report.SectorIndependentHospital:
			k = "health_hospitals"
		}
		para[k] = append(para[k], s.sectorSentence(sc))
	}
	for _, k := range []string{"health_gp", "health_hospitals", "health_other"} {
		out[k] = strings.Join(para[k], " ")
	}
	var trusts []string
	for _, t := range h.Trusts {
		if !t.Known {
			trusts = append(trusts, fmt.Sprintf("%s runs %s %s in %s; the data gives no rating of the trust itself.",
				escapeMD(t.Name), num(t.Locations), plural(t.Locations, "hospital", "hospitals"), s.a))
			continue
		}
		trusts = append(trusts, trustSentence(t, s.a))
	}
	if h.WantTrusts && len(h.Trusts) > 0 && !h.HasProviders {
		trusts = append(trusts, "The data holds no trust's own ratings (the Providers sheet of CQC's Latest ratings file, or data.ratings_providers): only its hospitals are counted.")
	}
	out["trusts"] = strings.Join(trusts, " ")
	if h.WantHospitals {
		out["hospital_services"] = s.hospitalServices()
	}
	if len(h.GPGroups) > 0 {
		worst, worstN := "", 0
		for _, g := range h.GPGroups {
			if n := g.Counts[report.RequiresImprovement] + g.Counts[report.Inadequate]; n > worstN {
				worst, worstN = g.Name, n
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
func (s *sentences) sectorSentence(sc cqc.SectorCounts) string {
	c := sc.Authority
	name := sectorName(sc.Sector)
	if c.Total() == 0 {
		return fmt.Sprintf("There are no %s in %s in the data.", lowerSector(name, 0), s.a)
	}
	if c.Total() == 1 {
		r := report.NotRated
		for _, x := range report.Ratings {
			if c[x] == 1 {
				r = x
			}
		}
		if !r.IsRated() {
			return fmt.Sprintf("The one %s in %s has no rating.", lowerSector(name, 1), s.a)
		}
		sent := fmt.Sprintf("The one %s in %s is rated %s", lowerSector(name, 1), s.a, r.Label())
		if sc.OverFourYears > 0 {
			sent += ", a rating more than four years old"
		}
		return sent + "."
	}
	sent := fmt.Sprintf("Of the %s %s in %s, %s rated Good or Outstanding (%s)",
		num(c.Total()), lowerSector(name, c.Total()), s.a, ofRated(c.GoodOrBetter()), c.GoodOrBetterShare(s.dec))
	if bad := c[report.RequiresImprovement] + c[report.Inadequate]; bad > 0 {
		sent += fmt.Sprintf(", %s Requires Improvement and %s Inadequate", countWord(c[report.RequiresImprovement]), countWord(c[report.Inadequate]))
	}
	if nr := c[report.NotRated]; nr > 0 {
		sent += fmt.Sprintf("; %s %s no rating", countWord(nr), plural(nr, "has", "have"))
	}
	sent += "."
	if s.r.Comparators != nil && sc.Comparators.Total() > 0 && c.Rated() > 0 {
		rel := Compare(c.GoodOrBetterShare(s.dec), sc.Comparators.GoodOrBetterShare(s.dec), s.within)
		sent += fmt.Sprintf(" That is %s the comparator authorities (%s).", rel.Than(), sc.Comparators.GoodOrBetterShare(s.dec))
	}
	if n := sc.OverFourYears; n > 0 {
		sent += fmt.Sprintf(" %s of the %s ratings %s more than four years old: a rating stays in force until CQC inspects again.",
			capFirst(num(n)), num(c.Rated()), plural(n, "is", "are"))
	}
	return sent
}

// ofRated is "none was", "1 was", "3 were".
func ofRated(n int) string {
	return countWord(n) + " " + wasWere(n)
}

// lowerSector is a sector's name for a count: "GP practices", "NHS
// hospitals", "hospices".
func lowerSector(name string, n int) string {
	if strings.HasPrefix(name, "GP") || strings.HasPrefix(name, "NHS") {
		return name
	}
	if n == 1 {
		name = strings.TrimSuffix(strings.TrimSuffix(name, "s"), "service")
	}
	return strings.ToLower(name[:1]) + name[1:]
}

// trustSentence says a trust's ratings as CQC's reports do: "is rated
// Requires Improvement overall: Good for caring, Requires Improvement for
// effective, responsive and well-led, and Inadequate for safe".
func trustSentence(t cqc.Trust, area string) string {
	by := map[report.Rating][]string{}
	for q := range report.NumKeyQuestions {
		if r := t.Overall.KQ[q]; t.Overall.HasKQ && r.IsRated() {
			by[r] = append(by[r], kqShortNames[q])
		}
	}
	var parts []string
	for _, r := range []report.Rating{report.Outstanding, report.Good, report.RequiresImprovement, report.Inadequate} {
		if len(by[r]) > 0 {
			parts = append(parts, fmt.Sprintf("%s for %s", r.Label(), joinAnd(by[r])))
		}
	}
	sent := fmt.Sprintf("%s, which runs %s %s in %s, is rated %s overall", escapeMD(t.Name), num(t.Locations),
		plural(t.Locations, "hospital", "hospitals"), area, t.Overall.Overall.Label())
	if len(parts) > 0 {
		sent += ": " + joinSerial(parts)
	}
	if !t.Overall.Date.IsZero() {
		sent += fmt.Sprintf(" (published %s)", t.Overall.Date.Long())
	}
	return sent + "."
}

// hospitalServices names each hospital's core services below Good.
func (s *sentences) hospitalServices() string {
	h := s.r.Health
	type hosp struct {
		name    string
		below   []string
		rated   int
		anyRows bool
	}
	var order []string
	by := map[string]*hosp{}
	for _, sv := range h.Services {
		x := by[sv.LocationID]
		if x == nil {
			x = &hosp{name: escapeMD(sv.Location)}
			by[sv.LocationID] = x
			order = append(order, sv.LocationID)
		}
		x.anyRows = true
		if sv.Rating.Overall.IsRated() {
			x.rated++
		}
		if r := sv.Rating.Overall; r == report.RequiresImprovement || r == report.Inadequate {
			x.below = append(x.below, fmt.Sprintf("%s (%s)", strings.ToLower(escapeMD(sv.Service)), r.Label()))
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
