package cqc

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// The table ids of interface.md.
const (
	TRatings      = "ratings_by_service_type"
	TComparison   = "comparison"
	TInspections  = "inspections_in_period"
	TYearOnYear   = "year_on_year"
	TKeyQuestions = "key_questions"
	TMovements    = "movements"
	TRanking      = "comparator_ranking"
	TCommissioned = "commissioned"
	TGroups       = "service_user_groups"
	TBeds         = "beds"
)

// GoodOrBetterRow is the id of the row, after the total, that gives the
// services rated Good or Outstanding as one figure: the paper states that
// share, so it is printed, never left to a reader to add from rounded
// parts.
const GoodOrBetterRow = "good_or_better"

func buildTables(r *Result) ([]*report.Table, map[string]*spec.Table) {
	var ts []*report.Table
	specs := map[string]*spec.Table{}
	add := func(t *report.Table) {
		if t != nil {
			ts = append(ts, t)
		}
	}
	// addSpec adds a table declared by spec (specs.go).
	addSpec := func(t *spec.Table) {
		if t != nil {
			specs[t.ID] = t
			ts = append(ts, t.Report())
		}
	}
	addSpec(ratingsSpec(r))
	addSpec(comparisonSpec(r))
	addSpec(inspectionsSpec(r))
	addSpec(yearOnYearSpec(r))
	addSpec(keyQuestionsSpec(r))
	addSpec(movementsSpec(r))
	if r.Comparators != nil {
		addSpec(rankSpec(r, TRanking, "Services", r.Ranking))
	}
	addSpec(commissionedSpec(r))
	addSpec(groupsSpec(r))
	addSpec(bedsSpec(r))
	addSpec(servicesPerHeadSpec(r))
	addSpec(trendSpec(r))
	addSpec(namedSpec(r))
	add(servicesTable(r))
	addSpec(activitySpec(r))
	addSpec(rankSpec(r, TRankingCareHomes, "Care homes", r.RankingCareHomes))
	addSpec(rankSpec(r, TRankingCommunity, "Community-based services", r.RankingCommunity))
	addSpec(kqComparisonSpec(r))
	addSpec(commissionedByTypeSpec(r))
	addSpec(reinspectionSpec(r))
	addSpec(councilSpec(r))
	addSpec(mapSpec(r))
	hts, hspecs := healthTables(r)
	ts = append(ts, hts...)
	for _, t := range hspecs {
		specs[t.ID] = t
	}
	nameAreas(r, ts)
	return ts, specs
}

// englandMinAuthorities is how many authorities a data file must cover
// before its total is called England: England has 153 councils with
// social care duties; a national CQC file names all of them.
const englandMinAuthorities = 150

// IsEngland reports whether the England figures really are England's:
// published national counts, or a file that covers every authority.
func (r *Result) IsEngland() bool {
	return r.Opts.PublishedEngland != nil || r.EnglandAuthorities >= englandMinAuthorities
}

// The prefix of the England columns, and what they are called when the
// figures are only those of the authorities in the data.
const (
	englandPrefix  = "england_"
	allAreasPrefix = "all_areas_"
	allAreasRow    = "all_areas"
)

// nameAreas makes the column names say what the figures are: england_*
// only for England's figures; all_areas_* (and the beds row all_areas)
// for the total of the authorities a partial file covers; no such
// columns at all when there are no figures beyond the comparators.
func nameAreas(r *Result, ts []*report.Table) {
	if r.England != nil && r.IsEngland() {
		return
	}
	for _, t := range ts {
		if r.England == nil {
			dropColumns(t, englandPrefix)
			continue
		}
		for i, c := range t.Columns {
			if rest, ok := strings.CutPrefix(c, englandPrefix); ok {
				t.Columns[i] = allAreasPrefix + rest
			}
		}
	}
}

// allAreasName names the total of the authorities in the data.
func allAreasName(r *Result) string {
	if r.EnglandAuthorities == 1 {
		return "the one authority in the data"
	}
	return fmt.Sprintf("the %d authorities in the data", r.EnglandAuthorities)
}

// dropColumns removes the columns whose names start with prefix.
func dropColumns(t *report.Table, prefix string) {
	keep := make([]int, 0, len(t.Columns))
	for i, c := range t.Columns {
		if !strings.HasPrefix(c, prefix) {
			keep = append(keep, i)
		}
	}
	if len(keep) == len(t.Columns) {
		return
	}
	cols := make([]string, len(keep))
	for j, i := range keep {
		cols[j] = t.Columns[i]
	}
	t.Columns = cols
	for ri, row := range t.Rows {
		out := make([]report.Cell, len(keep))
		for j, i := range keep {
			out[j] = row[i]
		}
		t.Rows[ri] = out
	}
}

// comparisonAreas lists the areas of the comparison table with their
// counts (published counts, where given, are already in the result).
func comparisonAreas(r *Result) (ids []string, counts []ByType) {
	ids = append(ids, "authority")
	counts = append(counts, r.Authority.Ratings)
	if r.Comparators != nil {
		ids = append(ids, "comparators")
		counts = append(counts, r.Comparators.Ratings)
	}
	if r.England != nil {
		ids = append(ids, "england")
		counts = append(counts, r.England.Ratings)
	}
	return ids, counts
}

// byType spreads published counts over the service type columns.
func (p *Published) byType() ByType {
	return ByType{All: p.CareHome.Add(p.Community), CareHome: p.CareHome, Community: p.Community}
}

// RatedGoodOrBetterRow is the comparison table's row of the share rated
// Good or Outstanding of the services rated.
const RatedGoodOrBetterRow = "rated_good_or_better"

func comparedWith(ids []string, r *Result) string {
	var parts []string
	for _, id := range ids[1:] {
		switch {
		case id == "comparators":
			parts = append(parts, "comparator authorities")
		case r.IsEngland():
			parts = append(parts, "England")
		default:
			parts = append(parts, allAreasName(r))
		}
	}
	return report.JoinAnd(parts)
}

// EnglandLabel is how a table's heading or row names the figures beyond
// the comparators: "England", or "All 4 authorities" for the authorities
// a partial file covers.
func (r *Result) EnglandLabel() string {
	switch {
	case r.IsEngland():
		return "England"
	case r.EnglandAuthorities == 1:
		return "The one authority in the data"
	}
	return fmt.Sprintf("All %d authorities", r.EnglandAuthorities)
}

// bedsSpec declares the care homes and beds of the authority, and the
// mean per authority of its comparators and England (all_areas for the
// authorities a partial file covers); with population figures, beds per
// 1,000 people aged 65 and over and 75 and over (perhead.go).
func bedsSpec(r *Result) *spec.Table {
	ph := r.PerHead
	title := fmt.Sprintf("Care homes and beds in %s", r.Authority.Name)
	cols := []spec.Column{{Name: "care_homes", Kind: spec.Count, Label: "Care homes"}, {Name: "beds", Kind: spec.Count, Label: "Beds"},
		{Name: "nursing_beds", Kind: spec.Count, Label: "Nursing beds"}, {Name: "residential_beds", Kind: spec.Count, Label: "Residential beds"}}
	if ph != nil {
		cols = append(cols, perHeadColumns...)
		title += bedsPerHeadTitle(ph)
	}
	t := spec.New(TBeds, title, "area", cols...)
	row := func(rw spec.Row, g *Area, n int, h *HeadCount) {
		if g == nil || n == 0 {
			return
		}
		cells := []report.Cell{MeanCell(g.Homes(), n), MeanCell(g.Beds(), n), MeanCell(g.NursingBeds, n), MeanCell(g.ResidentialBeds, n)}
		if ph != nil {
			cells = append(cells, perHeadCells(ph, h)...)
		}
		t.Add(rw, cells...)
	}
	row(spec.Row{ID: authorityRow, Label: r.Authority.Name}, r.Authority, 1, perHeadArea(ph, func(p *PerHead) *HeadCount { return p.Authority }))
	if r.Comparators != nil && r.Opts.PublishedComparators == nil {
		row(spec.Row{ID: "comparators", Label: "Comparator authorities (average)"}, r.Comparators, len(r.Comparators.Members),
			perHeadArea(ph, func(p *PerHead) *HeadCount { return p.Comparators }))
	}
	if r.England != nil {
		id := "england"
		if !r.IsEngland() {
			id = allAreasRow
		}
		row(spec.Row{ID: id, Label: r.EnglandLabel() + " (average per authority)"}, r.England, r.EnglandAuthorities,
			perHeadArea(ph, func(p *PerHead) *HeadCount { return p.England }))
	}
	return t
}

// MeanCell is sum/n rounded half up to a whole number.
func MeanCell(sum, n int) report.Cell {
	return report.Int((2*sum + n) / (2 * n))
}
