package cqc

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
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

// Services are the service type columns, in the order tables show them.
var Services = []string{"all", "care_home", "community"}

func buildTables(r *Result) []*report.Table {
	var ts []*report.Table
	add := func(t *report.Table) {
		if t != nil {
			ts = append(ts, t)
		}
	}
	add(ratingsTable(r))
	add(comparisonTable(r))
	add(inspectionsTable(r))
	add(yearOnYearTable(r))
	add(keyQuestionTable(r))
	add(movementsTable(r))
	add(rankingTable(r))
	add(commissionedTable(r))
	add(groupsTable(r))
	add(bedsTable(r))
	add(trendTable(r))
	add(namedTable(r))
	add(servicesTable(r))
	add(activityTable(r))
	add(rankTable(TRankingCareHomes, fmt.Sprintf("Care homes rated Good or Outstanding: %s and its comparator authorities", r.Authority.Name), r.RankingCareHomes, r.Opts.Decimals))
	add(rankTable(TRankingCommunity, fmt.Sprintf("Community-based services rated Good or Outstanding: %s and its comparator authorities", r.Authority.Name), r.RankingCommunity, r.Opts.Decimals))
	add(kqComparisonTable(r))
	add(commissionedByTypeTable(r))
	for _, t := range healthTables(r) {
		add(t)
	}
	nameAreas(r, ts)
	return ts
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
		if t.ID == TBeds {
			for _, row := range t.Rows {
				if row[0].Text == "england" {
					row[0] = report.Str(allAreasRow)
				}
			}
		}
		if t.ID == TKeyQuestionsCompar {
			t.Title = strings.Replace(t.Title, " and England", " and "+allAreasName(r), 1)
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

func ratingsTable(r *Result) *report.Table {
	a, dec := r.Authority, r.Opts.Decimals
	t := &report.Table{ID: TRatings,
		Title:   fmt.Sprintf("Current ratings of adult social care services in %s, %s", a.Name, r.Opts.AsAt.Long()),
		Columns: []string{"rating", "all", "all_pct", "care_home", "care_home_pct", "community", "community_pct"}}
	for _, rt := range report.Ratings {
		row := []report.Cell{report.Str(rt.ID())}
		for _, s := range Services {
			c := a.Ratings.Of(s)
			row = append(row, report.Int(c[rt]), report.PctCell(c[rt], c.Total(), dec))
		}
		t.Rows = append(t.Rows, row)
	}
	row := []report.Cell{report.Str("total")}
	for _, s := range Services {
		c := a.Ratings.Of(s)
		row = append(row, report.Int(c.Total()), report.PctCell(c.Total(), c.Total(), dec))
	}
	t.Rows = append(t.Rows, row)
	row = []report.Cell{report.Str(GoodOrBetterRow)}
	for _, s := range Services {
		g := a.Ratings.Of(s).GoodOrBetterShare(dec)
		row = append(row, report.Int(g.N), g.Cell())
	}
	t.Rows = append(t.Rows, row)
	return t
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

func comparisonTable(r *Result) *report.Table {
	ids, counts := comparisonAreas(r)
	if len(ids) < 2 {
		return nil
	}
	t := &report.Table{ID: TComparison,
		Title:   fmt.Sprintf("Ratings in %s compared with %s", r.Authority.Name, comparedWith(ids, r)),
		Columns: []string{"rating"}}
	for _, id := range ids {
		for _, s := range Services {
			t.Columns = append(t.Columns, id+"_"+s+"_pct")
		}
	}
	for _, rt := range report.Ratings {
		row := []report.Cell{report.Str(rt.ID())}
		for i := range ids {
			for _, s := range Services {
				c := counts[i].Of(s)
				row = append(row, report.PctCell(c[rt], c.Total(), r.Opts.Decimals))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	row := []report.Cell{report.Str(GoodOrBetterRow)}
	for i := range ids {
		for _, s := range Services {
			row = append(row, counts[i].Of(s).GoodOrBetterShare(r.Opts.Decimals).Cell())
		}
	}
	t.Rows = append(t.Rows, row)
	return t
}

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

func inspectionsTable(r *Result) *report.Table {
	a, dec, p := r.Authority, r.Opts.Decimals, r.Opts.Inspections
	t := &report.Table{ID: TInspections,
		Title:   fmt.Sprintf("Ratings published from %s to %s, %s", p.From.Long(), p.To.Long(), a.Name),
		Columns: []string{"rating", "all", "all_pct", "care_home", "community", "care_home_pct", "community_pct"}}
	in := a.Inspected
	for _, rt := range report.RealRatings {
		t.Rows = append(t.Rows, []report.Cell{report.Str(rt.ID()),
			report.Int(in.All[rt]), report.PctCell(in.All[rt], in.All.Total(), dec),
			report.Int(in.CareHome[rt]), report.Int(in.Community[rt]),
			report.PctCell(in.CareHome[rt], in.CareHome.Total(), dec),
			report.PctCell(in.Community[rt], in.Community.Total(), dec)})
	}
	t.Rows = append(t.Rows, []report.Cell{report.Str("total"),
		report.Int(in.All.Total()), report.PctCell(in.All.Total(), in.All.Total(), dec),
		report.Int(in.CareHome.Total()), report.Int(in.Community.Total()),
		report.PctCell(in.CareHome.Total(), in.CareHome.Total(), dec),
		report.PctCell(in.Community.Total(), in.Community.Total(), dec)})
	return t
}

// goodOrBetter stands for the Good-or-Outstanding row where a rating's
// index would go.
const goodOrBetter = 100

func yearOnYearTable(r *Result) *report.Table {
	if r.Prev == nil {
		return nil
	}
	dec := r.Opts.Decimals
	t := &report.Table{ID: TYearOnYear,
		Title:   fmt.Sprintf("Ratings in %s on %s and %s", r.Authority.Name, r.Prev.AsAt.Long(), r.Opts.AsAt.Long()),
		Columns: []string{"rating", "previous", "previous_pct", "current", "current_pct", "change"}}
	type pair struct {
		id        string
		prev, cur *Area
	}
	extra := []pair{}
	if r.Comparators != nil && r.Prev.Comparators != nil {
		extra = append(extra, pair{"comparators", r.Prev.Comparators, r.Comparators})
	}
	if r.England != nil && r.Prev.England != nil {
		extra = append(extra, pair{"england", r.Prev.England, r.England})
	}
	for _, e := range extra {
		t.Columns = append(t.Columns, e.id+"_previous", e.id+"_previous_pct", e.id+"_current", e.id+"_current_pct", e.id+"_change")
	}
	cells := func(prev, cur Counts, i int) []report.Cell {
		pn, cn := prev.Total(), cur.Total()
		switch {
		case i == goodOrBetter:
			pn, cn = prev.GoodOrBetter(), cur.GoodOrBetter()
		case i >= 0:
			pn, cn = prev[i], cur[i]
		}
		return []report.Cell{report.Int(pn), report.PctCell(pn, prev.Total(), dec),
			report.Int(cn), report.PctCell(cn, cur.Total(), dec), report.Int(cn - pn)}
	}
	for _, rt := range append(append([]report.Rating(nil), report.Ratings...), 255, 254) {
		id, i := "total", -1
		switch rt {
		case 254:
			id, i = GoodOrBetterRow, goodOrBetter
		case 255:
		default:
			id, i = rt.ID(), int(rt)
		}
		row := []report.Cell{report.Str(id)}
		row = append(row, cells(r.Prev.Authority.Ratings.All, r.Authority.Ratings.All, i)...)
		for _, e := range extra {
			row = append(row, cells(e.prev.Ratings.All, e.cur.Ratings.All, i)...)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func keyQuestionTable(r *Result) *report.Table {
	k := r.KeyQuestions
	if k == nil {
		return nil
	}
	t := &report.Table{ID: TKeyQuestions,
		Title:   fmt.Sprintf("Key question ratings of the %d rated services in %s", k.Locations, r.Authority.Name),
		Columns: []string{"key_question", "outstanding", "good", "good_or_better_pct", "requires_improvement", "inadequate", "total"}}
	var sum Counts
	for q := range report.NumKeyQuestions {
		c := k.ByQuestion[q]
		sum = sum.Add(c)
		t.Rows = append(t.Rows, kqRow(report.KeyQuestionNames[q], c, r.Opts.Decimals))
	}
	t.Rows = append(t.Rows, kqRow("total", sum, r.Opts.Decimals))
	return t
}

func kqRow(name string, c Counts, dec int) []report.Cell {
	return []report.Cell{report.Str(name), report.Int(c[report.Outstanding]), report.Int(c[report.Good]),
		report.PctCell(c.GoodOrBetter(), c.Rated(), dec), report.Int(c[report.RequiresImprovement]),
		report.Int(c[report.Inadequate]), report.Int(c.Rated())}
}

func movementsTable(r *Result) *report.Table {
	if r.Prev == nil {
		return nil
	}
	m := &r.Prev.Movements
	t := &report.Table{ID: TMovements,
		Title:   fmt.Sprintf("Changes in rating in %s between %s and %s", r.Authority.Name, r.Prev.AsAt.Long(), r.Opts.AsAt.Long()),
		Columns: []string{"movement", "care_home", "community", "all", "care_home_beds"}}
	for mv, id := range MovementIDs {
		if (mv == Closed && !r.Prev.ClosuresSeen) || (!m.LinksSeen && (mv == ReRegistered || mv == BackFromDormant || mv == NowDormant)) {
			// The data cannot show closures (or re-registrations): an
			// empty row, not 0.
			t.Rows = append(t.Rows, []report.Cell{report.Str(id), report.Null(), report.Null(), report.Null(), report.Null()})
			continue
		}
		beds := report.Null() // beds are given where homes came, went or changed hands
		if mv == New || mv == Closed || mv == ReRegistered {
			beds = report.Int(m.Beds[mv])
		}
		t.Rows = append(t.Rows, []report.Cell{report.Str(id), report.Int(m.Get(mv, "care_home")),
			report.Int(m.Get(mv, "community")), report.Int(m.Get(mv, "all")), beds})
	}
	return t
}

func rankingTable(r *Result) *report.Table {
	if r.Comparators == nil {
		return nil
	}
	return rankTable(TRanking, fmt.Sprintf("Services rated Good or Outstanding: %s and its comparator authorities", r.Authority.Name), r.Ranking, r.Opts.Decimals)
}

func commissionedTable(r *Result) *report.Table {
	c := r.Commissioned
	if c == nil {
		return nil
	}
	dec := r.Opts.Decimals
	t := &report.Table{ID: TCommissioned,
		Title:   fmt.Sprintf("Ratings of services the council commissions and of other services in %s", r.Authority.Name),
		Columns: []string{"rating", "commissioned", "commissioned_pct", "not_commissioned", "not_commissioned_pct"}}
	for _, rt := range report.Ratings {
		t.Rows = append(t.Rows, []report.Cell{report.Str(rt.ID()),
			report.Int(c.In.All[rt]), report.PctCell(c.In.All[rt], c.In.All.Total(), dec),
			report.Int(c.Out.All[rt]), report.PctCell(c.Out.All[rt], c.Out.All.Total(), dec)})
	}
	t.Rows = append(t.Rows, []report.Cell{report.Str("total"),
		report.Int(c.In.All.Total()), report.PctCell(c.In.All.Total(), c.In.All.Total(), dec),
		report.Int(c.Out.All.Total()), report.PctCell(c.Out.All.Total(), c.Out.All.Total(), dec)})
	in, out := c.In.All.GoodOrBetterShare(dec), c.Out.All.GoodOrBetterShare(dec)
	t.Rows = append(t.Rows, []report.Cell{report.Str(GoodOrBetterRow), report.Int(in.N), in.Cell(), report.Int(out.N), out.Cell()})
	return t
}

func groupsTable(r *Result) *report.Table {
	t := &report.Table{ID: TGroups,
		Title:   fmt.Sprintf("Ratings by service user group in %s (a service can be in more than one group)", r.Authority.Name),
		Columns: []string{"group", "outstanding", "good", "requires_improvement", "inadequate", "not_rated", "total"}}
	for _, g := range r.Groups {
		c := g.Counts
		t.Rows = append(t.Rows, []report.Cell{report.Str(g.ID), report.Int(c[report.Outstanding]), report.Int(c[report.Good]),
			report.Int(c[report.RequiresImprovement]), report.Int(c[report.Inadequate]), report.Int(c[report.NotRated]), report.Int(c.Total())})
	}
	return t
}

func bedsTable(r *Result) *report.Table {
	t := &report.Table{ID: TBeds,
		Title:   fmt.Sprintf("Care homes and beds in %s", r.Authority.Name),
		Columns: []string{"area", "care_homes", "beds", "nursing_beds", "residential_beds"}}
	a := r.Authority
	t.Rows = append(t.Rows, []report.Cell{report.Str("authority"), report.Int(a.Homes()), report.Int(a.Beds()),
		report.Int(a.NursingBeds), report.Int(a.ResidentialBeds)})
	mean := func(id string, g *Area, n int) {
		if g == nil || n == 0 {
			return
		}
		t.Rows = append(t.Rows, []report.Cell{report.Str(id), MeanCell(g.Homes(), n), MeanCell(g.Beds(), n),
			MeanCell(g.NursingBeds, n), MeanCell(g.ResidentialBeds, n)})
	}
	if r.Comparators != nil && r.Opts.PublishedComparators == nil {
		mean("comparators", r.Comparators, len(r.Comparators.Members))
	}
	if r.England != nil {
		mean("england", r.England, r.EnglandAuthorities)
	}
	return t
}

// MeanCell is sum/n rounded half up to a whole number.
func MeanCell(sum, n int) report.Cell {
	return report.Int((2*sum + n) / (2 * n))
}
