package paper

import (
	"fmt"

	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/spec"
)

// servicesPerHead is the sentence on services per head of population:
// "By ONS's mid-2021 population estimates, Heath has 9.8 care homes for
// every 10,000 people aged 65 and over, fewer than its comparator
// authorities taken together (12.1) and similar to England (10.0); and
// 5.2 community-based services for every 10,000 adults aged 18 and over,
// similar to its comparator authorities taken together (5.4)." The rates
// are read from services_per_head as it prints them, and compared by
// CompareRate on the unrounded rates the cells keep (the groups' services
// over their population). The community part is left out when the data
// holds care homes only. An area without a rate (ONS lacks one of its
// authorities) is not compared with; the beds sentence, which the
// templates place just before this one, says why. Empty without the
// authority's population: the beds sentence then says that nothing is
// given per head.
func (s *sentences) servicesPerHead() string {
	x, ok := s.r.ServicesPerHead()
	if !ok {
		return ""
	}
	if _, ok := x.Rate(cqc.BedsAuthority, cqc.HomesPer65); !ok {
		return ""
	}
	year, _ := x.Year()
	part := func(m cqc.PerHeadMeasure, what, per string) string {
		mine, _ := x.Rate(cqc.BedsAuthority, m)
		out := fmt.Sprintf("%s %s %s", mine.Printed, what, per)
		if mine.Value == 0 {
			out = fmt.Sprintf("no %s (0.0 %s)", what, per)
		}
		var cmp []string
		if c, ok := x.Rate(cqc.BedsComparators, m); ok {
			cmp = append(cmp, fmt.Sprintf("%s its comparator authorities taken together (%s)", fewerThan(CompareRate(mine.Value, c.Value)), c.Printed))
		}
		if e, ok := x.Rate(cqc.BedsEngland, m); ok {
			cmp = append(cmp, fmt.Sprintf("%s %s (%s)", fewerThan(CompareRate(mine.Value, e.Value)), s.eng, e.Printed))
		}
		if len(cmp) > 0 {
			out += ", " + joinAnd(cmp)
		}
		return out
	}
	out := fmt.Sprintf("By ONS's mid-%d population estimates, %s has %s", year, s.a,
		part(cqc.HomesPer65, "care homes", "for every 10,000 people aged 65 and over"))
	if _, ok := x.Rate(cqc.BedsAuthority, cqc.CommunityPer18); ok && !s.r.CareHomesOnly {
		out += "; and " + part(cqc.CommunityPer18, "community-based services", "for every 10,000 adults aged 18 and over")
	}
	return out + "."
}

// fewerThan is a relation between two numbers of services per head:
// "more than", "fewer than" or "similar to".
func fewerThan(r Relation) string {
	switch r {
	case Higher:
		return "more than"
	case Lower:
		return "fewer than"
	}
	return "similar to"
}

// servicesPerHeadView is the table of services per head: the two rates
// of the authority, its comparators and England, from services_per_head
// (the counts are in the ratings and beds tables). None without the
// authority's population, and none when the data holds care homes only:
// the table would then hold one rate for each area, which the sentence
// gives (as the council's own assessment is not a table).
func (m *tableMaker) servicesPerHeadView() (*spec.Table, spec.View) {
	ph := m.r.PerHead
	if ph == nil || ph.Authority == nil || m.careOnly {
		return nil, spec.View{}
	}
	return m.r.Spec(cqc.TServicesPerHead), spec.View{Caption: fmt.Sprintf("Services per 10,000 people (ONS mid-%d population estimates)", ph.Year),
		Stub: "Area", Columns: []spec.ViewColumn{spec.Show("care_homes_per_10000_65plus"), spec.Show("community_per_10000_18plus")}}
}
