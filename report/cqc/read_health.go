package cqc

import (
	"fmt"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// Typed accessors of the health section's tables: a sentence reads its
// figures from the cells the JSON holds, by a sector id (report.SectorGP),
// a report.Rating or a report.KeyQuestion, never by a column name it
// makes up.

// KQColumn is the name of key question q's column in nhs_trusts and
// hospital_services ("well_led").
func KQColumn(q report.KeyQuestion) string { return kqColumns[q] }

// HealthRatings reads health_ratings: each sector's locations by overall
// rating.
type HealthRatings struct {
	t *spec.Table
	// england is the column of England's share (or all the
	// authorities' in the data).
	england string
}

// HealthRatings is the health_ratings table (no rows without a health
// section).
func (r *Result) HealthRatings() HealthRatings {
	t := r.specs[THealthRatings]
	if t == nil {
		t = spec.New(THealthRatings, "", "sector")
	}
	return HealthRatings{t, r.YearOnYearPrefix("england") + "good_or_better_pct"}
}

// Sectors are the sectors' ids, in the table's order.
func (x HealthRatings) Sectors() []string { return rowIDs(x.t) }

// Label is the sector's name as the table's row prints it ("GP
// practices").
func (x HealthRatings) Label(sector string) string { return x.t.LabelOf(sector) }

// Column is the name of place p's column of the share rated Good or
// Outstanding, and false when the table has none (England's, without
// England figures).
func (x HealthRatings) Column(p Place) (string, bool) {
	var col string
	switch p {
	case PlaceAuthority:
		col = "good_or_better_pct"
	case PlaceComparators:
		col = "comparators_good_or_better_pct"
	case PlaceEngland:
		col = x.england
	default:
		panic(fmt.Sprintf("cqc: place %d is not the authority, its comparators or England", p))
	}
	return col, has(x.t, col)
}

// Share is place p's share of the sector's locations rated Good or
// Outstanding, with its count and total: the authority's (of all of
// them, not rated included), its comparators' (not OK without
// comparators, or when they have none of the sector) or England's (or
// all the authorities' in the data; not OK from published national
// counts, which give no health sectors).
func (x HealthRatings) Share(sector string, p Place) report.Share {
	col, ok := x.Column(p)
	if !ok {
		panic(fmt.Sprintf("cqc: table %s has no share of place %d", x.t.ID, p))
	}
	return x.t.ShareAt(sector, col)
}

// Count is the number of the sector's locations in the authority rated rt
// (report.NotRated: those with no rating).
func (x HealthRatings) Count(sector string, rt report.Rating) int {
	return wholeNumber(x.t, sector, rt.ID())
}

// Total is the number of the sector's locations in the authority.
func (x HealthRatings) Total(sector string) int { return wholeNumber(x.t, sector, "total") }

// Rated is the number of the sector's locations in the authority that
// hold a rating.
func (x HealthRatings) Rated(sector string) int {
	return x.Total(sector) - x.Count(sector, report.NotRated)
}

// GoodOrBetter is the share of the sector's locations in the authority
// rated Good or Outstanding (of all of them, not rated included), with
// its count and total.
func (x HealthRatings) GoodOrBetter(sector string) report.Share {
	return x.Share(sector, PlaceAuthority)
}

// ComparatorsGoodOrBetter is the same share among the comparators' (not
// OK without comparators, or when they have none of the sector).
func (x HealthRatings) ComparatorsGoodOrBetter(sector string) report.Share {
	return x.Share(sector, PlaceComparators)
}

// OverFourYears is how many of the sector's ratings in the authority are
// more than four years old.
func (x HealthRatings) OverFourYears(sector string) int {
	return wholeNumber(x.t, sector, "rating_over_4_years_old")
}

// NHSTrusts reads nhs_trusts: the trusts with a hospital in the area and
// their own ratings.
type NHSTrusts struct {
	t *spec.Table
	// known says which trusts the data holds a record of: the table
	// leaves a trust's ratings empty both when it has none and when
	// the data does not hold it, so this is not a cell.
	known map[string]bool
}

// NHSTrusts is the nhs_trusts table (no rows when the config does not ask
// for trusts).
func (r *Result) NHSTrusts() NHSTrusts {
	t := r.specs[TNHSTrusts]
	if t == nil {
		t = spec.New(TNHSTrusts, "", "provider_id")
	}
	x := NHSTrusts{t: t, known: map[string]bool{}}
	if r.Health != nil {
		for _, tr := range r.Health.Trusts {
			x.known[tr.ID] = tr.Known
		}
	}
	return x
}

// IDs are the trusts' provider ids, in the table's order.
func (x NHSTrusts) IDs() []string { return rowIDs(x.t) }

// Name is the trust's name.
func (x NHSTrusts) Name(id string) string { return x.t.TextAt(id, "name") }

// Known is whether the data holds the trust's own record (its ratings
// may still be empty).
func (x NHSTrusts) Known(id string) bool { return x.known[id] }

// Overall is the trust's overall rating (report.NotRated when it has
// none).
func (x NHSTrusts) Overall(id string) report.Rating { return rating(x.t.TextAt(id, "overall")) }

// KeyQuestion is the trust's rating on key question q, and false when the
// data gives no key question ratings.
func (x NHSTrusts) KeyQuestion(id string, q report.KeyQuestion) (report.Rating, bool) {
	c := x.t.At(id, kqColumns[q])
	return rating(c.Text), !c.IsNull()
}

// Published is when the trust's ratings were published (zero when the
// data does not say).
func (x NHSTrusts) Published(id string) report.Date {
	v := x.t.TextAt(id, "published")
	if v == "" {
		return 0
	}
	d, err := report.ParseDate(v)
	if err != nil {
		panic(fmt.Sprintf("cqc: nhs_trusts %s: published %q: %v", id, v, err))
	}
	return d
}

// Hospitals is the number of the trust's hospitals in the area.
func (x NHSTrusts) Hospitals(id string) int { return wholeNumber(x.t, id, "locations_in_area") }

// HospitalServices reads hospital_services: a row per core service of an
// NHS hospital in the area, a hospital's rows together. Its rows share
// ids, so they are read by index.
type HospitalServices struct{ t *spec.Table }

// HospitalServices is the hospital_services table (no rows when the
// config does not ask for hospitals).
func (r *Result) HospitalServices() HospitalServices {
	t := r.specs[THospitalServices]
	if t == nil {
		t = spec.New(THospitalServices, "", "location_id")
	}
	return HospitalServices{t}
}

// Len is the number of rows.
func (x HospitalServices) Len() int { return len(x.t.Rows) }

// Hospital is row i's hospital: its location id and name.
func (x HospitalServices) Hospital(i int) (id, name string) {
	return x.t.Rows[i].ID, x.text(i, "location")
}

// Service is row i's core service ("Maternity").
func (x HospitalServices) Service(i int) string { return x.text(i, "service") }

// Overall is row i's overall rating (report.NotRated when it has none).
func (x HospitalServices) Overall(i int) report.Rating { return rating(x.text(i, "overall")) }

func (x HospitalServices) text(i int, col string) string {
	return x.t.Cell(i, x.t.ColumnOf(col, spec.Text, spec.Rating, spec.Date)).Text
}

// GPGroups reads gp_population_groups: GP practices' ratings by
// population group.
type GPGroups struct{ t *spec.Table }

// GPGroups is the gp_population_groups table (no rows when GP practices
// are not among the sectors).
func (r *Result) GPGroups() GPGroups {
	t := r.specs[TGPGroups]
	if t == nil {
		t = spec.New(TGPGroups, "", "group")
	}
	return GPGroups{t}
}

// Groups are the population groups, in the table's order.
func (x GPGroups) Groups() []string { return rowIDs(x.t) }

// Count is the number of practices rated rt for the group.
func (x GPGroups) Count(group string, rt report.Rating) int { return wholeNumber(x.t, group, rt.ID()) }

func rowIDs(t *spec.Table) []string {
	out := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = r.ID
	}
	return out
}

// rating is the rating of a rating cell's text: report.NotRated for a
// null.
func rating(id string) report.Rating {
	if id == "" {
		return report.NotRated
	}
	rt, ok := report.RatingByID(id)
	if !ok {
		panic(fmt.Sprintf("cqc: %q is not a rating's id", id))
	}
	return rt
}
