package cqc

import (
	"fmt"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// The typed accessors the paper's sentences (report/paper/facts.go) read
// the declared tables' figures through: by a report.Rating, a Service, a
// Movement, a report.KeyQuestion, a Place or a GroupID, never by a row
// or column name the sentence spells. Shares come back as the
// report.Share the cell was made from (count and total kept), so that a
// sentence compares them unrounded (rule 11). A row or column the table
// lacks panics (spec.Table.At): the reads are made in code.

// Place is an area a sentence compares: the authority, its comparator
// group, or England (the total of the authorities in the data when the
// file does not cover England, named all_areas_ in the JSON).
type Place uint8

// The places, in the order the comparison table shows them.
const (
	PlaceAuthority Place = iota
	PlaceComparators
	PlaceEngland
)

// columnPrefix is the start of the place's column names in a table whose
// authority columns start with authority (comparison: "authority_";
// year_on_year: "").
func (r *Result) columnPrefix(p Place, authority string) string {
	switch p {
	case PlaceAuthority:
		return authority
	case PlaceComparators:
		return r.YearOnYearPrefix("comparators")
	case PlaceEngland:
		return r.YearOnYearPrefix("england")
	}
	panic(fmt.Sprintf("cqc: place %d is not the authority, its comparators or England", p))
}

// has reports whether t has the column named col.
func has(t *spec.Table, col string) bool {
	_, ok := t.Col(col)
	return ok
}

// wholeNumber is the count at row and col; a null there is the program
// reading a figure the table does not give, and panics.
func wholeNumber(t *spec.Table, row, col string) int {
	n, ok := t.CountAt(row, col)
	if !ok {
		panic(fmt.Sprintf("cqc: table %s has no count at %s/%s", t.ID, row, col))
	}
	return n
}

// Total is the number of services of type s.
func (x RatingsTable) Total(s Service) int { return wholeNumber(x.t, totalRow.ID, s.ID()) }

// Rated is the number of services of type s that CQC has rated.
func (x RatingsTable) Rated(s Service) int { return x.Total(s) - x.Count(report.NotRated, s) }

// Share is the share of the services of type s rated rt.
func (x RatingsTable) Share(rt report.Rating, s Service) report.Share {
	return x.t.ShareAt(rt.ID(), s.ID()+"_pct")
}

// GoodOrBetter is the share of the services of type s rated Good or
// Outstanding.
func (x RatingsTable) GoodOrBetter(s Service) report.Share {
	return x.t.ShareAt(GoodOrBetterRow, s.ID()+"_pct")
}

// ComparisonTable reads comparison: each rating's share in the
// authority, its comparators and England, by service type.
type ComparisonTable struct {
	t *spec.Table
	r *Result
}

// Comparison is the comparison table, and false when there is none (no
// comparators and no England).
func (r *Result) Comparison() (ComparisonTable, bool) {
	t := r.specs[TComparison]
	return ComparisonTable{t, r}, t != nil
}

func (c ComparisonTable) col(p Place, s Service) string {
	return c.r.columnPrefix(p, "authority_") + s.ID() + "_pct"
}

// Share is the share of place p's services of type s rated rt.
func (c ComparisonTable) Share(p Place, rt report.Rating, s Service) report.Share {
	return c.t.ShareAt(rt.ID(), c.col(p, s))
}

// GoodOrBetter is the share of place p's services of type s rated Good or
// Outstanding.
func (c ComparisonTable) GoodOrBetter(p Place, s Service) report.Share {
	return c.t.ShareAt(GoodOrBetterRow, c.col(p, s))
}

// RatedGoodOrBetter is the share of place p's services of type s that
// CQC has rated (not yet rated left out of the total) rated Good or
// Outstanding: the table's rated_good_or_better row.
func (c ComparisonTable) RatedGoodOrBetter(p Place, s Service) report.Share {
	return c.t.ShareAt(RatedGoodOrBetterRow, c.col(p, s))
}

// NotRated is the share of place p's services of type s not yet rated.
func (c ComparisonTable) NotRated(p Place, s Service) report.Share {
	return c.Share(p, report.NotRated, s)
}

// yoyCol is the year_on_year column of place p: "previous_pct" for the
// authority, "comparators_current_pct", "england_previous_pct", ...
func (y YearOnYear) yoyCol(p Place, name string) string {
	return y.r.columnPrefix(p, "") + name
}

// Has reports whether year_on_year gives place p at both dates.
func (y YearOnYear) Has(p Place) bool { return has(y.t, y.yoyCol(p, "previous")) }

// PreviousGoodOrBetter is the share of place p's services rated Good or
// Outstanding at the previous date.
func (y YearOnYear) PreviousGoodOrBetter(p Place) report.Share {
	return y.t.ShareAt(GoodOrBetterRow, y.yoyCol(p, "previous_pct"))
}

// CurrentGoodOrBetter is the same share now.
func (y YearOnYear) CurrentGoodOrBetter(p Place) report.Share {
	return y.t.ShareAt(GoodOrBetterRow, y.yoyCol(p, "current_pct"))
}

// PreviousRatedGoodOrBetter is the share of the authority's services
// rated at the previous date that were rated Good or Outstanding.
func (y YearOnYear) PreviousRatedGoodOrBetter() report.Share {
	return y.t.ShareAt(GoodOrBetterRow, "previous_rated_good_or_better_pct")
}

// CurrentRatedGoodOrBetter is the same share now.
func (y YearOnYear) CurrentRatedGoodOrBetter() report.Share {
	return y.t.ShareAt(GoodOrBetterRow, "rated_good_or_better_pct")
}

// PreviousCounts are the authority's services by rating at the previous
// date, from the table's rating rows.
func (y YearOnYear) PreviousCounts() Counts { return y.counts("previous") }

// CurrentCounts are the authority's services by rating now.
func (y YearOnYear) CurrentCounts() Counts { return y.counts("current") }

func (y YearOnYear) counts(col string) Counts {
	var c Counts
	for _, rt := range report.Ratings {
		c[rt] = wholeNumber(y.t, rt.ID(), col)
	}
	return c
}

// InspectedTable reads inspections_in_period: the ratings CQC published
// in the inspection period.
type InspectedTable struct{ t *spec.Table }

// Inspected is the inspections_in_period table.
func (r *Result) Inspected() InspectedTable { return InspectedTable{r.specs[TInspections]} }

// Total is the number of services of type s rated in the period.
func (x InspectedTable) Total(s Service) int { return wholeNumber(x.t, totalRow.ID, s.ID()) }

// KeyQuestionsTable reads key_questions: each key question's ratings
// across the authority's rated services.
type KeyQuestionsTable struct{ t *spec.Table }

// KeyQuestionRatings is the key_questions table, and false when the data
// has no key question ratings.
func (r *Result) KeyQuestionRatings() (KeyQuestionsTable, bool) {
	t := r.specs[TKeyQuestions]
	return KeyQuestionsTable{t}, t != nil
}

// Count is the number of services whose key question q is rated rt (a
// real rating).
func (k KeyQuestionsTable) Count(q report.KeyQuestion, rt report.Rating) int {
	return wholeNumber(k.t, report.KeyQuestionNames[q], rt.ID())
}

// GoodOrBetter is the share of the services rated on q that are rated
// Good or Outstanding on it.
func (k KeyQuestionsTable) GoodOrBetter(q report.KeyQuestion) report.Share {
	return k.t.ShareAt(report.KeyQuestionNames[q], "good_or_better_pct")
}

// MovementsTable reads movements: how services moved between the
// previous date and now.
type MovementsTable struct{ t *spec.Table }

// MovementCounts is the movements table, and false without a previous
// date.
func (r *Result) MovementCounts() (MovementsTable, bool) {
	t := r.specs[TMovements]
	return MovementsTable{t}, t != nil
}

// Seen reports whether the data can show movement mv (its row is not
// empty): closures, re-registrations and dormancy need data that can
// show them.
func (m MovementsTable) Seen(mv Movement) bool {
	_, ok := m.t.CountAt(mv.Row().ID, All.ID())
	return ok
}

// Count is the number of services of type s that made movement mv, 0
// when the data cannot show it (Seen).
func (m MovementsTable) Count(mv Movement, s Service) int {
	n, _ := m.t.CountAt(mv.Row().ID, s.ID())
	return n
}

// Beds are the care home beds of the homes that made movement mv (new,
// closed or re-registered).
func (m MovementsTable) Beds(mv Movement) int { return wholeNumber(m.t, mv.Row().ID, "care_home_beds") }

// Matched is the number of services rated at both dates: those whose
// rating rose, fell or stayed the same.
func (m MovementsTable) Matched() int {
	return m.Count(Improved, All) + m.Count(Declined, All) + m.Count(Unchanged, All)
}

// Commissioning is a column group of commissioned: the services the
// council commissions, or the others.
type Commissioning uint8

// The two column groups of commissioned.
const (
	ByTheCouncil Commissioning = iota
	NotByTheCouncil
)

// CommissionedTable reads commissioned: the ratings of the services the
// council commissions and of the others.
type CommissionedTable struct{ t *spec.Table }

// CommissionedRatings is the commissioned table, and false when the
// config lists no commissioned services.
func (r *Result) CommissionedRatings() (CommissionedTable, bool) {
	t := r.specs[TCommissioned]
	return CommissionedTable{t}, t != nil
}

// GoodOrBetter is the share of the services in column group c rated Good
// or Outstanding.
func (x CommissionedTable) GoodOrBetter(c Commissioning) report.Share {
	col := "commissioned_pct"
	switch c {
	case ByTheCouncil:
	case NotByTheCouncil:
		col = "not_commissioned_pct"
	default:
		panic(fmt.Sprintf("cqc: commissioning %d is neither by the council nor not", c))
	}
	return x.t.ShareAt(GoodOrBetterRow, col)
}

// GroupID is a row of service_user_groups a sentence reads.
type GroupID string

// The groups the sentences name; groupDefs gives their rows.
const (
	OlderPeopleCareHomes GroupID = "older_people_care_homes"
	WorkingAgeCareHomes  GroupID = "working_age_care_homes"
	NoAgeGroupCareHomes  GroupID = "no_age_group_care_homes"
)

// GroupsTable reads service_user_groups: the ratings of each group.
type GroupsTable struct{ t *spec.Table }

// GroupRatings is the service_user_groups table.
func (r *Result) GroupRatings() GroupsTable { return GroupsTable{r.specs[TGroups]} }

// Has reports whether the table has group g's row (a result counted
// without groups has none).
func (g GroupsTable) Has(id GroupID) bool {
	_, ok := g.t.RowIndex(string(id))
	return ok
}

// Count is the number of the group's services rated rt.
func (g GroupsTable) Count(id GroupID, rt report.Rating) int {
	return wholeNumber(g.t, string(id), rt.ID())
}

// Total is the number of the group's services.
func (g GroupsTable) Total(id GroupID) int { return wholeNumber(g.t, string(id), "total") }

// AuthorityBeds reads the authority's row of beds: its care homes and
// their beds.
type AuthorityBeds struct{ t *spec.Table }

// BedsOfAuthority is the authority's row of the beds table.
func (r *Result) BedsOfAuthority() AuthorityBeds { return AuthorityBeds{r.specs[TBeds]} }

// Homes is the number of the authority's care homes.
func (b AuthorityBeds) Homes() int { return wholeNumber(b.t, authorityRow, "care_homes") }

// Beds is the number of their beds.
func (b AuthorityBeds) Beds() int { return wholeNumber(b.t, authorityRow, "beds") }

// Nursing is the number of beds in nursing homes.
func (b AuthorityBeds) Nursing() int { return wholeNumber(b.t, authorityRow, "nursing_beds") }

// Residential is the number of beds in residential homes.
func (b AuthorityBeds) Residential() int { return wholeNumber(b.t, authorityRow, "residential_beds") }

// authorityRow is the id of the authority's row of beds.
const authorityRow = "authority"

// DominantComparator reads comparator_ranking for the comparator that
// holds more than half of the comparator group's services, with its share
// of them (comparators_share_pct, count and total kept); ok is false when
// none does, when the group has one member (whose figures are its own),
// or without a ranking.
func (r *Result) DominantComparator() (name string, share report.Share, ok bool) {
	t := r.specs[TRanking]
	if t == nil {
		return "", report.Share{}, false
	}
	j := t.ColumnOf("comparators_share_pct", spec.Share)
	n := 0
	for i, row := range t.Rows {
		c := t.Cell(i, j)
		if c.IsNull() { // the authority's own row
			continue
		}
		n++
		if s, _ := c.Share(); 2*s.N > s.Of { // at most one row can be
			name, share, ok = row.Label, s, true
		}
	}
	if n < 2 {
		return "", report.Share{}, false
	}
	return name, share, ok
}
