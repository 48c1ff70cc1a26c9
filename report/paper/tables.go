package paper

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// tableMaker lays out the derived tables as the document shows them.
// Every figure is read from the derived table's cells, so the document
// and the JSON cannot disagree.
type tableMaker struct {
	r      *cqc.Result
	tables map[string]*report.Table
	a      string // authority, escaped
}

func (m *tableMaker) caption(s string) string {
	return strings.TrimPrefix(tableMarker, "Table: ") + " " + s
}

var ratingIDs = func() []string {
	out := make([]string, 0, len(report.Ratings)+1)
	for _, r := range report.Ratings {
		out = append(out, r.ID())
	}
	return out
}()

func (m *tableMaker) ratings() string {
	t := m.tables[cqc.TRatings]
	md := &mdTable{Caption: m.caption(fmt.Sprintf("Current CQC ratings of adult social care services in %s", m.a)),
		Header: []string{"Rating", "Number of services", "Percentage", "Care homes", "Community-based services"},
		Right:  []bool{false, true, true, true, true}}
	for _, id := range append(ratingIDs, "total") {
		md.Rows = append(md.Rows, []string{ratingLabel(id), cellText(t, id, "all"), cellText(t, id, "all_pct"),
			withPct(t, id, "care_home", "care_home_pct"), withPct(t, id, "community", "community_pct")})
	}
	return md.String()
}

func (m *tableMaker) comparison() string {
	t := m.tables[cqc.TComparison]
	if t == nil {
		return ""
	}
	md := &mdTable{Caption: m.caption(fmt.Sprintf("Percentage of services by rating in %s compared with %s", m.a, comparedLabel(t))),
		Header: []string{"Rating"}, Right: []bool{false}}
	var areas []string
	for _, a := range []string{"authority", "comparators", "england"} {
		if hasColumn(t, a+"_care_home_pct") {
			areas = append(areas, a)
		}
	}
	for _, a := range areas {
		name := map[string]string{"authority": m.a, "comparators": "Comparator authorities", "england": "England"}[a]
		md.Header = append(md.Header, name+": care homes", name+": community")
		md.Right = append(md.Right, true, true)
	}
	for _, id := range ratingIDs {
		row := []string{ratingLabel(id)}
		for _, a := range areas {
			row = append(row, cellText(t, id, a+"_care_home_pct"), cellText(t, id, a+"_community_pct"))
		}
		md.Rows = append(md.Rows, row)
	}
	return md.String()
}

func comparedLabel(t *report.Table) string {
	switch {
	case hasColumn(t, "comparators_all_pct") && hasColumn(t, "england_all_pct"):
		return "comparator authorities and England"
	case hasColumn(t, "comparators_all_pct"):
		return "comparator authorities"
	}
	return "England"
}

func hasColumn(t *report.Table, col string) bool {
	for _, c := range t.Columns {
		if c == col {
			return true
		}
	}
	return false
}

func (m *tableMaker) inspections() string {
	t := m.tables[cqc.TInspections]
	p := m.r.Opts.Inspections
	md := &mdTable{Caption: m.caption(fmt.Sprintf("Ratings published from %s to %s", p.From.Long(), p.To.Long())),
		Header: []string{"Rating", "Number of services", "Percentage", "Care homes", "Community-based services"},
		Right:  []bool{false, true, true, true, true}}
	for _, id := range append(ratingIDs[:4:4], "total") {
		md.Rows = append(md.Rows, []string{ratingLabel(id), cellText(t, id, "all"), cellText(t, id, "all_pct"),
			withPct(t, id, "care_home", "care_home_pct"), withPct(t, id, "community", "community_pct")})
	}
	return md.String()
}

// yearOnYear lays out the year-on-year table for an area: "" (the
// authority), "comparators_" or "england_".
func (m *tableMaker) yearOnYear(prefix, name string) string {
	t := m.tables[cqc.TYearOnYear]
	if t == nil || !hasColumn(t, prefix+"current") {
		return ""
	}
	p := m.r.Prev
	md := &mdTable{Caption: m.caption(fmt.Sprintf("Ratings in %s on %s and %s", name, p.AsAt.Long(), m.r.Opts.AsAt.Long())),
		Header: []string{"CQC rating", p.AsAt.Long(), m.r.Opts.AsAt.Long(), "Change"},
		Right:  []bool{false, true, true, true}}
	for _, id := range append(ratingIDs, "total") {
		md.Rows = append(md.Rows, []string{ratingLabel(id),
			withPct(t, id, prefix+"previous", prefix+"previous_pct"),
			withPct(t, id, prefix+"current", prefix+"current_pct"),
			arrow(intCell(t, id, prefix+"change"))})
	}
	return md.String()
}

func (m *tableMaker) keyQuestions() string {
	t := m.tables[cqc.TKeyQuestions]
	if t == nil {
		return ""
	}
	md := &mdTable{Caption: m.caption(fmt.Sprintf("Key question ratings of the %s rated services in %s", num(m.r.KeyQuestions.Locations), m.a)),
		Header: []string{"Key question", "Outstanding", "Good", "Good or better", "Requires Improvement", "Inadequate", "Total"},
		Right:  []bool{false, true, true, true, true, true, true}}
	for _, q := range append(report.KeyQuestionNames[:], "total") {
		label := q
		if q == "total" {
			label = "Total"
		}
		md.Rows = append(md.Rows, []string{label, cellText(t, q, "outstanding"), cellText(t, q, "good"),
			cellText(t, q, "good_or_better_pct"), cellText(t, q, "requires_improvement"), cellText(t, q, "inadequate"), cellText(t, q, "total")})
	}
	return md.String()
}

var movementLabels = map[string]string{
	"improved":        "Rating went up",
	"declined":        "Rating went down",
	"unchanged":       "Rating stayed the same",
	"first_rated":     "Rated for the first time",
	"new":             "Newly registered",
	"closed":          "Closed",
	"still_not_rated": "Not rated at either date",
	"no_longer_rated": "Rated before, not now",
}

func (m *tableMaker) movements() string {
	t := m.tables[cqc.TMovements]
	if t == nil {
		return ""
	}
	p := m.r.Prev
	md := &mdTable{Caption: m.caption(fmt.Sprintf("How ratings changed between %s and %s", p.AsAt.Long(), m.r.Opts.AsAt.Long())),
		Header: []string{"Change", "Care homes", "Community-based services", "All services"},
		Right:  []bool{false, true, true, true}}
	for _, id := range cqc.MovementIDs {
		md.Rows = append(md.Rows, []string{movementLabels[id], cellText(t, id, "care_home"), cellText(t, id, "community"), cellText(t, id, "all")})
	}
	return md.String()
}

func (m *tableMaker) ranking() string {
	t := m.tables[cqc.TRanking]
	if t == nil {
		return ""
	}
	p := m.r.Prev
	md := &mdTable{Caption: m.caption("Services rated Good or Outstanding in the comparator group"),
		Header: []string{"Authority", p.AsAt.Long(), m.r.Opts.AsAt.Long(), "Rank", "Change (points)", "Rank for improvement"},
		Right:  []bool{false, true, true, true, true, true}}
	for _, row := range m.r.Ranking {
		key := row.Authority
		name := escapeMD(key)
		if row.IsAuthority {
			name = "**" + name + "**"
		}
		rank := cellText(t, key, "rank")
		if row.Joint {
			rank += "="
		}
		imp := cellText(t, key, "improvement_rank")
		if row.JointImprovement {
			imp += "="
		}
		change := "–"
		if c, ok := t.Cell(key, "change_pts"); ok && !c.IsNull() {
			change = arrowPts(c.Num, c.Dec)
		}
		md.Rows = append(md.Rows, []string{name, cellText(t, key, "previous_good_or_better_pct"),
			cellText(t, key, "good_or_better_pct"), rank, change, imp})
	}
	return md.String()
}

func (m *tableMaker) commissioned() string {
	t := m.tables[cqc.TCommissioned]
	if t == nil {
		return ""
	}
	md := &mdTable{Caption: m.caption(fmt.Sprintf("Ratings of services the council commissions in %s, and of the others", m.a)),
		Header: []string{"Rating", "Commissioned by the council", "Not commissioned"},
		Right:  []bool{false, true, true}}
	for _, id := range append(ratingIDs, "total") {
		md.Rows = append(md.Rows, []string{ratingLabel(id),
			withPct(t, id, "commissioned", "commissioned_pct"), withPct(t, id, "not_commissioned", "not_commissioned_pct")})
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

// groups lays out the service user group rows whose ids start with prefix.
func (m *tableMaker) groups(prefix, caption string) string {
	t := m.tables[cqc.TGroups]
	md := &mdTable{Caption: m.caption(caption),
		Header: []string{"Services", "Outstanding", "Good", "Requires Improvement", "Inadequate", "Not yet rated", "Total"},
		Right:  []bool{false, true, true, true, true, true, true}}
	for _, row := range t.Rows {
		id := row[0].Text
		if !strings.HasPrefix(id, prefix) {
			continue
		}
		md.Rows = append(md.Rows, []string{groupLabels[id], cellText(t, id, "outstanding"), cellText(t, id, "good"),
			cellText(t, id, "requires_improvement"), cellText(t, id, "inadequate"), cellText(t, id, "not_rated"), cellText(t, id, "total")})
	}
	return md.String()
}

func (m *tableMaker) beds() string {
	t := m.tables[cqc.TBeds]
	md := &mdTable{Caption: m.caption("Care homes and beds"),
		Header: []string{"Area", "Care homes", "Beds", "Nursing beds", "Residential beds"},
		Right:  []bool{false, true, true, true, true}}
	labels := map[string]string{"authority": m.a, "comparators": "Comparator authorities (average)", "england": "England (average per authority)"}
	for _, row := range t.Rows {
		id := row[0].Text
		md.Rows = append(md.Rows, []string{labels[id], cellText(t, id, "care_homes"), cellText(t, id, "beds"),
			cellText(t, id, "nursing_beds"), cellText(t, id, "residential_beds")})
	}
	return md.String()
}

// rankingChart is a bar chart of the comparator group's share of services
// rated Good or Outstanding, at both dates when there are two.
func (m *tableMaker) rankingChart() string {
	if len(m.r.Ranking) == 0 {
		return ""
	}
	dec := m.r.Opts.Decimals
	var b strings.Builder
	b.WriteString("```chart\n")
	fmt.Fprintf(&b, "title: Services rated Good or Outstanding: %s and its comparator authorities\n", chartText(m.r.Authority.Name))
	b.WriteString("category: Authority\n")
	b.WriteString("unit: %\n")
	b.WriteString("max: 100\n")
	if m.r.Prev != nil {
		fmt.Fprintf(&b, "series: %s | %s\n", m.r.Prev.AsAt.Long(), m.r.Opts.AsAt.Long())
	} else {
		fmt.Fprintf(&b, "series: %s\n", m.r.Opts.AsAt.Long())
	}
	fmt.Fprintf(&b, "highlight: %s\n", chartText(m.r.Authority.Name))
	for _, row := range m.r.Ranking {
		fmt.Fprintf(&b, "%s", chartText(row.Authority))
		if m.r.Prev != nil {
			if row.PrevOK {
				fmt.Fprintf(&b, " | %s", fmtNum(row.PrevPct, dec))
			} else {
				b.WriteString(" | 0")
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

func fmtNum(v float64, dec int) string { return strings.TrimSuffix(pct(v, dec), "%") }
