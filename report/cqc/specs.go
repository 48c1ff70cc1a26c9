package cqc

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// The tables declared by spec: each one's columns (name, kind, the
// heading the paper prints) and rows (id, the label the paper prints)
// are given here once. The JSON and CSV tables are built from them
// (buildTables), the paper's Markdown tables show their cells through a
// spec.View (report/paper), and the sentences read the same typed
// figures (Movements.Count, Activity.Count, Reinspection.Count, ...).

// Spec returns the declared table id as computed, or nil when the result
// has none (no previous date for year_on_year, say) or the table is not
// declared by spec.
func (r *Result) Spec(id string) *spec.Table { return r.specs[id] }

// ratingRow is a rating's row: its id and the label the paper prints.
func ratingRow(rt report.Rating) spec.Row { return spec.Row{ID: rt.ID(), Label: rt.Label()} }

// The rows after the ratings.
var (
	totalRow        = spec.Row{ID: "total", Label: "Total"}
	goodOrBetterRow = spec.Row{ID: GoodOrBetterRow, Label: "Good or Outstanding"}
)

// serviceLabels are the paper's headings of the service type columns.
var serviceLabels = [numServices]string{All: "All services", CareHome: "Care homes", Community: "Community-based services"}

// byServiceCounts are a count column per service type, headed by the
// service type.
func byServiceCounts(order ...Service) []spec.Column {
	out := make([]spec.Column, len(order))
	for i, s := range order {
		out[i] = spec.Column{Name: s.ID(), Kind: spec.Count, Label: serviceLabels[s]}
	}
	return out
}

func ratingsSpec(r *Result) *spec.Table {
	a, dec := r.Authority, r.Opts.Decimals
	var cols []spec.Column
	for _, s := range Services {
		cols = append(cols, spec.Column{Name: s.ID(), Kind: spec.Count, Label: serviceLabels[s]},
			spec.Column{Name: s.ID() + "_pct", Kind: spec.Share, Label: "Percentage"})
	}
	t := spec.New(TRatings, fmt.Sprintf("Current ratings of adult social care services in %s, %s", a.Name, r.Opts.AsAt.Long()), "rating", cols...)
	row := func(rw spec.Row, count func(Counts) int) {
		var cells []report.Cell
		for _, s := range Services {
			c := a.Ratings.Of(s)
			sh := report.ShareOf(count(c), c.Total(), dec)
			cells = append(cells, report.Int(sh.N), sh.Cell())
		}
		t.Add(rw, cells...)
	}
	for _, rt := range report.Ratings {
		row(ratingRow(rt), func(c Counts) int { return c[rt] })
	}
	row(totalRow, Counts.Total)
	row(goodOrBetterRow, Counts.GoodOrBetter)
	return t
}

func inspectionsSpec(r *Result) *spec.Table {
	a, dec, p := r.Authority, r.Opts.Decimals, r.Opts.Inspections
	in := a.Inspected
	cols := append(byServiceCounts(All), spec.Column{Name: "all_pct", Kind: spec.Share, Label: "Percentage"})
	cols = append(cols, byServiceCounts(CareHome, Community)...)
	cols = append(cols, spec.Column{Name: "care_home_pct", Kind: spec.Share, Label: "Percentage of care homes"},
		spec.Column{Name: "community_pct", Kind: spec.Share, Label: "Percentage of community-based services"})
	t := spec.New(TInspections, fmt.Sprintf("Ratings published from %s to %s, %s", p.From.Long(), p.To.Long(), a.Name), "rating", cols...)
	row := func(rw spec.Row, count func(Counts) int) {
		t.Add(rw, report.Int(count(in.All)), report.PctCell(count(in.All), in.All.Total(), dec),
			report.Int(count(in.CareHome)), report.Int(count(in.Community)),
			report.PctCell(count(in.CareHome), in.CareHome.Total(), dec),
			report.PctCell(count(in.Community), in.Community.Total(), dec))
	}
	for _, rt := range report.RealRatings {
		row(ratingRow(rt), func(c Counts) int { return c[rt] })
	}
	row(totalRow, Counts.Total)
	return t
}

// YearOnYearPrefix is the prefix of year_on_year's columns for an area:
// "" for the authority, "comparators_", and "england_" or "all_areas_"
// for the figures beyond the comparators, as the JSON names them.
func (r *Result) YearOnYearPrefix(area string) string {
	if area == "england" && !r.IsEngland() {
		return allAreasPrefix
	}
	if area == "authority" {
		return ""
	}
	return area + "_"
}

func yearOnYearSpec(r *Result) *spec.Table {
	if r.Prev == nil {
		return nil
	}
	dec := r.Opts.Decimals
	type pair struct {
		prefix    string
		prev, cur *Area
	}
	areas := []pair{{"", r.Prev.Authority, r.Authority}}
	if r.Comparators != nil && r.Prev.Comparators != nil {
		areas = append(areas, pair{r.YearOnYearPrefix("comparators"), r.Prev.Comparators, r.Comparators})
	}
	if r.England != nil && r.Prev.England != nil {
		areas = append(areas, pair{r.YearOnYearPrefix("england"), r.Prev.England, r.England})
	}
	then, now := r.Prev.AsAt.Long(), r.Opts.AsAt.Long()
	var cols []spec.Column
	for _, a := range areas {
		cols = append(cols, spec.Column{Name: a.prefix + "previous", Kind: spec.Count, Label: then},
			spec.Column{Name: a.prefix + "previous_pct", Kind: spec.Share, Label: then},
			spec.Column{Name: a.prefix + "current", Kind: spec.Count, Label: now},
			spec.Column{Name: a.prefix + "current_pct", Kind: spec.Share, Label: now},
			spec.Column{Name: a.prefix + "change", Kind: spec.Change, Label: "Change"})
	}
	// The Good-or-Outstanding share of the services rated, at both dates:
	// on the good_or_better row (null on the others).
	cols = append(cols, spec.Column{Name: "previous_rated_good_or_better_pct", Kind: spec.Share, Label: then},
		spec.Column{Name: "rated_good_or_better_pct", Kind: spec.Share, Label: now})
	t := spec.New(TYearOnYear, fmt.Sprintf("Ratings in %s on %s and %s", r.Authority.Name, then, now), "rating", cols...)
	row := func(rw spec.Row, count func(Counts) int) {
		var cells []report.Cell
		for _, a := range areas {
			prev, cur := a.prev.Ratings.All, a.cur.Ratings.All
			pn, cn := count(prev), count(cur)
			cells = append(cells, report.Int(pn), report.PctCell(pn, prev.Total(), dec),
				report.Int(cn), report.PctCell(cn, cur.Total(), dec), report.Int(cn-pn))
		}
		if rw == goodOrBetterRow {
			cells = append(cells, RatedGoodOrBetter(r.Prev.Authority.Ratings.All, dec).Cell(), RatedGoodOrBetter(r.Authority.Ratings.All, dec).Cell())
		} else {
			cells = append(cells, report.Null(), report.Null())
		}
		t.Add(rw, cells...)
	}
	for _, rt := range report.Ratings {
		row(ratingRow(rt), func(c Counts) int { return c[rt] })
	}
	row(totalRow, Counts.Total)
	row(goodOrBetterRow, Counts.GoodOrBetter)
	return t
}

// ratingColumns are a count column per real rating, headed by it.
func ratingColumn(rt report.Rating) spec.Column {
	return spec.Column{Name: rt.ID(), Kind: spec.Count, Label: rt.Label()}
}

func keyQuestionsSpec(r *Result) *spec.Table {
	k := r.KeyQuestions
	if k == nil {
		return nil
	}
	t := spec.New(TKeyQuestions, fmt.Sprintf("Key question ratings of the %d rated services in %s", k.Locations, r.Authority.Name), "key_question",
		ratingColumn(report.Outstanding), ratingColumn(report.Good),
		spec.Column{Name: "good_or_better_pct", Kind: spec.Share, Label: "Good or better"},
		ratingColumn(report.RequiresImprovement), ratingColumn(report.Inadequate),
		spec.Column{Name: "total", Kind: spec.Count, Label: "Total"})
	row := func(rw spec.Row, c Counts) {
		t.Add(rw, report.Int(c[report.Outstanding]), report.Int(c[report.Good]),
			report.PctCell(c.GoodOrBetter(), c.Rated(), r.Opts.Decimals), report.Int(c[report.RequiresImprovement]),
			report.Int(c[report.Inadequate]), report.Int(c.Rated()))
	}
	var sum Counts
	for q := range report.NumKeyQuestions {
		c := k.ByQuestion[q]
		sum = sum.Add(c)
		name := report.KeyQuestionNames[q]
		row(spec.Row{ID: name, Label: name}, c)
	}
	row(totalRow, sum)
	return t
}

func movementsSpec(r *Result) *spec.Table {
	if r.Prev == nil {
		return nil
	}
	m := &r.Prev.Movements
	t := spec.New(TMovements, fmt.Sprintf("Changes in rating in %s between %s and %s", r.Authority.Name, r.Prev.AsAt.Long(), r.Opts.AsAt.Long()), "movement",
		append(byServiceCounts(CareHome, Community, All), spec.Column{Name: "care_home_beds", Kind: spec.Count, Label: "Care home beds"})...)
	for mv := range numMovements {
		if !m.Seen(mv, r.Prev.ClosuresSeen) {
			// The data cannot show closures (or re-registrations): an
			// empty row, not 0.
			t.Add(mv.Row(), report.Null(), report.Null(), report.Null(), report.Null())
			continue
		}
		beds := report.Null() // beds are given where homes came, went or changed hands
		if mv == New || mv == Closed || mv == ReRegistered {
			beds = report.Int(m.Beds[mv])
		}
		t.Add(mv.Row(), report.Int(m.Count(mv, CareHome)), report.Int(m.Count(mv, Community)), report.Int(m.Count(mv, All)), beds)
	}
	return t
}

// commissionedRows are the commissioned and other services' columns.
func commissionedSpec(r *Result) *spec.Table {
	c := r.Commissioned
	if c == nil {
		return nil
	}
	dec := r.Opts.Decimals
	t := spec.New(TCommissioned, fmt.Sprintf("Ratings of services the council commissions and of other services in %s", r.Authority.Name), "rating",
		spec.Column{Name: "commissioned", Kind: spec.Count, Label: "Commissioned by the council"},
		spec.Column{Name: "commissioned_pct", Kind: spec.Share, Label: "Commissioned by the council"},
		spec.Column{Name: "not_commissioned", Kind: spec.Count, Label: "Not commissioned"},
		spec.Column{Name: "not_commissioned_pct", Kind: spec.Share, Label: "Not commissioned"})
	row := func(rw spec.Row, count func(Counts) int) {
		in, out := c.In.All, c.Out.All
		t.Add(rw, report.Int(count(in)), report.PctCell(count(in), in.Total(), dec),
			report.Int(count(out)), report.PctCell(count(out), out.Total(), dec))
	}
	for _, rt := range report.Ratings {
		row(ratingRow(rt), func(c Counts) int { return c[rt] })
	}
	row(totalRow, Counts.Total)
	row(goodOrBetterRow, Counts.GoodOrBetter)
	return t
}

func groupsSpec(r *Result) *spec.Table {
	t := spec.New(TGroups, fmt.Sprintf("Ratings by service user group in %s (a service can be in more than one group)", r.Authority.Name), "group",
		ratingColumn(report.Outstanding), ratingColumn(report.Good), ratingColumn(report.RequiresImprovement),
		ratingColumn(report.Inadequate), ratingColumn(report.NotRated), spec.Column{Name: "total", Kind: spec.Count, Label: "Total"})
	for _, g := range r.Groups {
		c := g.Counts
		t.Add(g.Row(), report.Int(c[report.Outstanding]), report.Int(c[report.Good]),
			report.Int(c[report.RequiresImprovement]), report.Int(c[report.Inadequate]), report.Int(c[report.NotRated]), report.Int(c.Total()))
	}
	return t
}

func activitySpec(r *Result) *spec.Table {
	a := r.Activity
	if a == nil {
		return nil
	}
	p := r.Opts.Inspections
	t := spec.New(TActivity, fmt.Sprintf("Inspection activity in %s, %s to %s, and the age of the ratings in force on %s", r.Authority.Name, p.From.Long(), p.To.Long(), r.Opts.AsAt.Long()), "measure",
		byServiceCounts(CareHome, Community, All)...)
	for _, m := range a.Measures() {
		c := &a.Counts[m]
		t.Add(m.Row(), report.Int(c.Of(CareHome)), report.Int(c.Of(Community)), report.Int(c.Of(All)))
	}
	return t
}

func reinspectionSpec(r *Result) *spec.Table {
	ri := r.Reinspection
	if ri == nil {
		return nil
	}
	dec := r.Opts.Decimals
	t := spec.New(TReinspection, fmt.Sprintf("Outcomes of the ratings published from %s to %s in %s, against each service's rating before (%d of its %d services were rated)",
		ri.Period.From.Long(), ri.Period.To.Long(), r.Authority.Name, ri.Rated(All), ri.Services), "outcome",
		append(byServiceCounts(CareHome, Community, All), spec.Column{Name: "all_pct", Kind: spec.Share, Label: "Percentage"})...)
	n := ri.Rated(All)
	for o := range numOutcomes {
		t.Add(o.Row(), report.Int(ri.Count(o, CareHome)), report.Int(ri.Count(o, Community)), report.Int(ri.Count(o, All)),
			report.PctCell(ri.Count(o, All), n, dec))
	}
	t.Add(totalRow, report.Int(ri.Rated(CareHome)), report.Int(ri.Rated(Community)), report.Int(n), report.PctCell(n, n, dec))
	return t
}

// kqComparisonSpec is the share of the services rated on each key
// question that are Good or Outstanding, in the authority, its
// comparators and England (or all the authorities in the data, named so
// here). With no figures beyond the comparators there is no such column.
func kqComparisonSpec(r *Result) *spec.Table {
	k := r.KQShares
	if k == nil || k.Authority == nil || (k.Comparators == nil && k.England == nil) {
		return nil
	}
	title := fmt.Sprintf("Key questions rated Good or Outstanding in %s, its comparators and England", r.Authority.Name)
	cols := []spec.Column{{Name: "authority_good_or_better_pct", Kind: spec.Share, Label: r.Authority.Name},
		{Name: "comparators_good_or_better_pct", Kind: spec.Share, Label: "Comparator authorities"}}
	areas := []*KeyQuestionCounts{k.Authority, k.Comparators}
	if r.England != nil {
		p := r.YearOnYearPrefix("england")
		if p == allAreasPrefix {
			title = strings.Replace(title, " and England", " and "+allAreasName(r), 1)
		}
		cols = append(cols, spec.Column{Name: p + "good_or_better_pct", Kind: spec.Share, Label: "England"})
		areas = append(areas, k.England)
	}
	t := spec.New(TKeyQuestionsCompar, title, "key_question", cols...)
	for q := range report.NumKeyQuestions {
		cells := make([]report.Cell, len(areas))
		for i, c := range areas {
			cells[i] = report.Null()
			if c != nil {
				x := c.ByQuestion[q]
				cells[i] = report.ShareOf(x.GoodOrBetter(), x.Rated(), r.Opts.Decimals).Cell()
			}
		}
		name := report.KeyQuestionNames[q]
		t.Add(spec.Row{ID: name, Label: name}, cells...)
	}
	return t
}

// commissionedTypeLabels are the paper's labels of commissioned_by_type's
// rows.
var commissionedTypeLabels = map[string]string{
	"residential": "Residential homes", "nursing": "Nursing homes", "community": "Community-based services", "all": "All commissioned services",
}

// commissionedByTypeSpec is the commissioned services by type, now and
// (null without a previous date) at the previous date.
func commissionedByTypeSpec(r *Result) *spec.Table {
	if r.Commissioned == nil || r.Commissioned.ByType == nil {
		return nil
	}
	dec := r.Opts.Decimals
	then := ""
	if r.Prev != nil {
		then = r.Prev.AsAt.Long()
	}
	t := spec.New(TCommissionedByType, fmt.Sprintf("Services the council commissions in %s by type", r.Authority.Name), "service_type",
		spec.Column{Name: "commissioned", Kind: spec.Count, Label: "Commissioned"},
		spec.Column{Name: "good_or_better", Kind: spec.Count},
		spec.Column{Name: "good_or_better_pct", Kind: spec.Share, Label: "Good or Outstanding"},
		spec.Column{Name: "previous_commissioned", Kind: spec.Count, Label: "Commissioned on " + then},
		spec.Column{Name: "previous_good_or_better_pct", Kind: spec.Share, Label: "Good or Outstanding then"})
	for _, c := range r.Commissioned.ByType {
		before, beforePct := report.Null(), report.Null()
		if c.HasBefore {
			before, beforePct = report.Int(c.Before.Total()), c.Before.GoodOrBetterShare(dec).Cell()
		}
		t.Add(spec.Row{ID: c.ID, Label: commissionedTypeLabels[c.ID]}, report.Int(c.Now.Total()), report.Int(c.Now.GoodOrBetter()),
			c.Now.GoodOrBetterShare(dec).Cell(), before, beforePct)
	}
	return t
}

// ratedGoodOrBetterRow is the comparison's row of the share rated Good
// or Outstanding of the services rated.
var ratedGoodOrBetterRow = spec.Row{ID: RatedGoodOrBetterRow, Label: "Good or Outstanding, of those rated"}

// comparisonSpec is the share of each rating in the authority, its
// comparators and England (all_areas_ for all the authorities in the
// data), by service type.
func comparisonSpec(r *Result) *spec.Table {
	ids, counts := comparisonAreas(r)
	if len(ids) < 2 {
		return nil
	}
	dec := r.Opts.Decimals
	var cols []spec.Column
	for _, id := range ids {
		p := id + "_"
		if id == "england" {
			p = r.YearOnYearPrefix(id)
		}
		for _, s := range Services {
			cols = append(cols, spec.Column{Name: p + s.ID() + "_pct", Kind: spec.Share, Label: serviceLabels[s]})
		}
	}
	t := spec.New(TComparison, fmt.Sprintf("Ratings in %s compared with %s", r.Authority.Name, comparedWith(ids, r)), "rating", cols...)
	row := func(rw spec.Row, share func(Counts) report.Share) {
		var cells []report.Cell
		for i := range ids {
			for _, s := range Services {
				cells = append(cells, share(counts[i].Of(s)).Cell())
			}
		}
		t.Add(rw, cells...)
	}
	for _, rt := range report.Ratings {
		row(ratingRow(rt), func(c Counts) report.Share { return report.ShareOf(c[rt], c.Total(), dec) })
	}
	row(goodOrBetterRow, func(c Counts) report.Share { return c.GoodOrBetterShare(dec) })
	// The same share of the services rated, so that an area with many
	// services not yet rated is compared on its ratings too.
	row(ratedGoodOrBetterRow, func(c Counts) report.Share { return RatedGoodOrBetter(c, dec) })
	return t
}

// The typed accessors of the declared tables: the sentences read the
// figures the tables show through these, by a rating or a service type,
// never by a row or column name that could silently miss (spec.Table.At
// panics on a row or column the table lacks).

// RatingsTable reads ratings_by_service_type.
type RatingsTable struct{ t *spec.Table }

// Ratings is the ratings_by_service_type table as computed.
func (r *Result) Ratings() RatingsTable { return RatingsTable{r.specs[TRatings]} }

// Count is the number of services of type s rated rt.
func (x RatingsTable) Count(rt report.Rating, s Service) int {
	return int(x.t.At(rt.ID(), s.ID()).Num)
}

// YearOnYear reads year_on_year: the authority's ratings at the previous
// date and now.
type YearOnYear struct {
	t *spec.Table
	r *Result
}

// YearOnYear is the year_on_year table, and false without a previous
// date.
func (r *Result) YearOnYear() (YearOnYear, bool) {
	t := r.specs[TYearOnYear]
	return YearOnYear{t, r}, t != nil
}

// Previous is the authority's number of services rated rt at the
// previous date.
func (y YearOnYear) Previous(rt report.Rating) int { return int(y.t.At(rt.ID(), "previous").Num) }

// Current is the authority's number of services rated rt now.
func (y YearOnYear) Current(rt report.Rating) int { return int(y.t.At(rt.ID(), "current").Num) }
