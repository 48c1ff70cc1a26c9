package cqc

import (
	"fmt"

	"github.com/carereport/carereport/report/spec"
)

// The typed reader of services_per_head, which the sentence on services
// per head of population reads: a rate by its area (a row of the beds
// table, whose rows services_per_head shares) and its measure, as the
// table prints it and unrounded (from the count and population the cell
// keeps), never by a row or column name the sentence makes up.

// ServicesPerHead reads services_per_head.
type ServicesPerHead struct {
	t       *spec.Table
	england string
}

// ServicesPerHead is the services_per_head table, and false when the
// result has none (population: false).
func (r *Result) ServicesPerHead() (ServicesPerHead, bool) {
	t := r.specs[TServicesPerHead]
	e := "england"
	if !r.IsEngland() {
		e = allAreasRow
	}
	return ServicesPerHead{t, e}, t != nil
}

// PerHeadMeasure is one of the rates of services_per_head.
type PerHeadMeasure uint8

// The rates of services_per_head.
const (
	// HomesPer65 is care homes per 10,000 people aged 65 and over.
	HomesPer65 PerHeadMeasure = iota
	// CommunityPer18 is community-based services per 10,000 people aged
	// 18 and over.
	CommunityPer18
)

func (m PerHeadMeasure) column() string {
	switch m {
	case HomesPer65:
		return "care_homes_per_10000_65plus"
	case CommunityPer18:
		return "community_per_10000_18plus"
	}
	panic(fmt.Sprintf("cqc: no measure %d of services_per_head", m))
}

// PerHeadRate is a rate of services_per_head: as the table prints it
// ("9.8") and unrounded (the area's services over its population, times
// 10,000), which is what sentences compare.
type PerHeadRate struct {
	Printed string
	Value   float64
}

// Rate is area a's rate m, and false when the table gives none: no row
// for the area (no comparators), no population for it, or community-based
// services in data of care homes only.
func (x ServicesPerHead) Rate(a BedsArea, m PerHeadMeasure) (PerHeadRate, bool) {
	return perHeadRate(x.t, BedsTable{england: x.england}.row(a), m.column(), ServicesPer)
}

// perHeadRate is the rate per per people at row and col of a table of
// rates per head (beds, services_per_head), as printed and unrounded
// from the count and population the cell keeps; false when the table
// has no row for the area or no population for it.
func perHeadRate(t *spec.Table, row, col string, per int) (PerHeadRate, bool) {
	j := t.ColumnOf(col, spec.Rate)
	i, ok := t.RowIndex(row)
	if !ok {
		return PerHeadRate{}, false
	}
	c := t.Cell(i, j)
	if c.IsNull() {
		return PerHeadRate{}, false
	}
	if c.Of <= 0 {
		panic(fmt.Sprintf("cqc: %s %s/%s holds %s without the population it was made from", t.ID, row, col, c.String()))
	}
	return PerHeadRate{Printed: c.String(), Value: float64(c.N) * float64(per) / float64(c.Of)}, true
}

// Year is the ONS mid-year of the authority's rates, and false when it
// has none.
func (x ServicesPerHead) Year() (int, bool) {
	return x.t.CountAt(authorityRow, "population_year")
}
