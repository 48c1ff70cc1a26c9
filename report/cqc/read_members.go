package cqc

import (
	"fmt"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// The typed accessors of the tables the paper's sentences on what
// members ask for read (inspection activity, the rankings by service
// type, key questions against the comparators, commissioned services by
// type, the service user groups, beds per head, the outcomes of the
// period's ratings, CQC's assessment of the council and the services
// named): each asks by a typed value (a Service, a Measure, an Outcome,
// a key question, an area of the beds table), never by a row or column
// name a sentence makes up. A row or column the table lacks, or a column
// of another kind, is the program's mistake and panics (spec.Table.At).

// ActivityTable reads inspection_activity.
type ActivityTable struct{ t *spec.Table }

// ActivityTable is the inspection_activity table, and false when the
// result has none.
func (r *Result) ActivityTable() (ActivityTable, bool) {
	t := r.specs[TActivity]
	return ActivityTable{t}, t != nil
}

// Count is the number of services of type s a measure counts, and false
// when the data cannot give the measure (the table has no row for it: a
// snapshot file shows no reports that gave no rating).
func (x ActivityTable) Count(m Measure, s Service) (int, bool) {
	if _, ok := x.t.RowIndex(m.Row().ID); !ok {
		return 0, false
	}
	return x.t.CountAt(m.Row().ID, s.ID())
}

// KQComparison reads key_questions_comparison: each key question's share
// rated Good or Outstanding (of the services rated on it), counts kept,
// in the authority, its comparators and England (or the authorities in
// the data).
type KQComparison struct {
	t       *spec.Table
	england string
}

// KQComparison is the key_questions_comparison table, and false when the
// result has none.
func (r *Result) KQComparison() (KQComparison, bool) {
	t := r.specs[TKeyQuestionsCompar]
	return KQComparison{t, r.YearOnYearPrefix("england") + "good_or_better_pct"}, t != nil
}

func kqRow(q report.KeyQuestion) string { return report.KeyQuestionNames[q] }

// Authority is the authority's share on key question q.
func (x KQComparison) Authority(q report.KeyQuestion) report.Share {
	return x.t.ShareAt(kqRow(q), "authority_good_or_better_pct")
}

// Comparators is the comparator authorities' share on q (not OK when
// the data has none).
func (x KQComparison) Comparators(q report.KeyQuestion) report.Share {
	return x.t.ShareAt(kqRow(q), "comparators_good_or_better_pct")
}

// England is England's share on q, or the authorities' in the data (not
// OK when the table has no such column).
func (x KQComparison) England(q report.KeyQuestion) report.Share {
	if _, ok := x.t.Col(x.england); !ok {
		return report.Share{}
	}
	return x.t.ShareAt(kqRow(q), x.england)
}

// CommissionedTypes reads commissioned_by_type.
type CommissionedTypes struct{ t *spec.Table }

// CommissionedTypes is the commissioned_by_type table, and false when
// the result has none (no list of commissioned services).
func (r *Result) CommissionedTypes() (CommissionedTypes, bool) {
	t := r.specs[TCommissionedByType]
	return CommissionedTypes{t}, t != nil
}

// All is the share of all the commissioned services rated Good or
// Outstanding now and at the previous date (not OK without one), counts
// kept.
func (x CommissionedTypes) All() (now, before report.Share) {
	return x.t.ShareAt("all", "good_or_better_pct"), x.t.ShareAt("all", "previous_good_or_better_pct")
}

// UserGroups reads service_user_groups.
type UserGroups struct{ t *spec.Table }

// UserGroups is the service_user_groups table.
func (r *Result) UserGroups() UserGroups { return UserGroups{r.specs[TGroups]} }

// BothGroupsCareHomes is the number of care homes registered for both
// older people and working age adults, and false when the table has no
// such row.
func (x UserGroups) BothGroupsCareHomes() (int, bool) {
	const row = "both_groups_care_homes"
	if x.t == nil {
		return 0, false
	}
	if _, ok := x.t.RowIndex(row); !ok {
		return 0, false
	}
	return x.t.CountAt(row, "total")
}

// BedsArea is a row of the beds table (and of services_per_head, whose
// rows are the same areas).
type BedsArea uint8

// The areas of the beds table.
const (
	BedsAuthority BedsArea = iota
	BedsComparators
	BedsEngland
)

// BedsTable reads the beds table: care homes, beds and beds per head.
type BedsTable struct {
	t       *spec.Table
	england string
}

// BedsTable is the beds table.
func (r *Result) BedsTable() BedsTable {
	e := "england"
	if !r.IsEngland() {
		e = allAreasRow
	}
	return BedsTable{r.specs[TBeds], e}
}

func (x BedsTable) row(a BedsArea) string {
	switch a {
	case BedsAuthority:
		return "authority"
	case BedsComparators:
		return "comparators"
	case BedsEngland:
		return x.england
	}
	panic(fmt.Sprintf("cqc: no area %d of the beds table", a))
}

// CareHomes is the authority's number of care homes.
func (x BedsTable) CareHomes() int {
	n, _ := x.t.CountAt("authority", "care_homes")
	return n
}

// PopulationYear is the ONS mid-year of the authority's beds per head,
// and false when there is none.
func (x BedsTable) PopulationYear() (int, bool) {
	return x.t.CountAt("authority", "population_year")
}

// Per1000 is an area's beds per 1,000 people aged 65 and over (over75
// false) or 75 and over, as the table prints it ("38.0") and unrounded;
// false when the table has no row for the area or no population for it.
func (x BedsTable) Per1000(a BedsArea, over75 bool) (PerHeadRate, bool) {
	col := "beds_per_1000_65plus"
	if over75 {
		col = "beds_per_1000_75plus"
	}
	if _, ok := x.t.RowIndex(x.row(a)); !ok {
		return PerHeadRate{}, false
	}
	return perHeadRate(x.t, x.row(a), col, 1000)
}

// Outcomes reads reinspection_outcomes.
type Outcomes struct{ t *spec.Table }

// Outcomes is the reinspection_outcomes table, and false when the result
// has none (a snapshot file).
func (r *Result) Outcomes() (Outcomes, bool) {
	t := r.specs[TReinspection]
	return Outcomes{t}, t != nil
}

// Count is how many services of type s had outcome o.
func (x Outcomes) Count(o Outcome, s Service) int {
	n, _ := x.t.CountAt(o.Row().ID, s.ID())
	return n
}

// Share is the share of all the services rated in the period that had
// outcome o, counts kept.
func (x Outcomes) Share(o Outcome) report.Share { return x.t.ShareAt(o.Row().ID, "all_pct") }

// Rated is how many services of type s were rated in the period.
func (x Outcomes) Rated(s Service) int {
	n, _ := x.t.CountAt(totalRow.ID, s.ID())
	return n
}

// CouncilTable reads council_assessment: the council's own assessment
// first, then its comparators' where known.
type CouncilTable struct{ t *spec.Table }

// CouncilTable is the council_assessment table, and false when the
// council's own assessment is not known.
func (r *Result) CouncilTable() (CouncilTable, bool) {
	t := r.specs[TCouncil]
	return CouncilTable{t}, t != nil
}

// CouncilRow is one authority's assessment as the table holds it.
type CouncilRow struct {
	Authority string
	Rating    report.Rating
	// Published is as the JSON gives it: 2025-09 for a month, else a
	// day, 2025-09-18.
	Published string
	// Score is the score as the table holds it ("53"), "" when none
	// was given.
	Score string
}

// Len is how many authorities the table holds (the council first).
func (x CouncilTable) Len() int { return len(x.t.Rows) }

// Row is the i-th authority's assessment (0: the council's own).
func (x CouncilTable) Row(i int) CouncilRow {
	id := x.t.Rows[i].ID
	rt, _ := report.RatingByID(x.t.TextAt(id, "rating"))
	score := x.t.RateAt(id, "score")
	return CouncilRow{Authority: x.t.Rows[i].Label, Rating: rt, Published: x.t.TextAt(id, "published"), Score: score.String()}
}

// NamedTable reads named_services.
type NamedTable struct{ t *spec.Table }

// NamedTable is the named_services table, and false when the result has
// none.
func (r *Result) NamedTable() (NamedTable, bool) {
	t := r.specs[TNamed]
	return NamedTable{t}, t != nil
}

// Rated is how many of the services named are rated one of rts.
func (x NamedTable) Rated(rts ...report.Rating) int {
	j := x.t.ColumnOf("rating", spec.Rating)
	n := 0
	for i := range x.t.Rows {
		for _, rt := range rts {
			if x.t.Cell(i, j).Text == rt.ID() {
				n++
			}
		}
	}
	return n
}
