package cqc

import (
	"fmt"
	"math/big"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// The typed accessors the paper's charts and their sentences read: a
// ranking's bars, the trend's lines and the map's counts are the cells
// of the declared tables (comparator_ranking*, trend, services_map), the
// same cells the JSON and CSV hold. A row is asked for by its index in
// the table (the order the chart draws) or by a typed value (a rating, a
// TrendLine), never by a name the caller makes up.

// Ranking reads a comparator group's ranking: a row per authority, best
// first, as rankSpec declares it.
type Ranking struct {
	t         *spec.Table
	authority string
	prev      bool
}

// rankingIDs are the ranking tables by the service type ranked.
var rankingIDs = [numServices]string{All: TRanking, CareHome: TRankingCareHomes, Community: TRankingCommunity}

// RankingOf is the ranking on the services of type s (All: the ranking of
// all services), and false when the result has none.
func (r *Result) RankingOf(s Service) (Ranking, bool) {
	s.check()
	t := r.specs[rankingIDs[s]]
	return Ranking{t: t, authority: r.Authority.Name, prev: r.Prev != nil}, t != nil
}

// ID is the ranking table's id (its view and JSON table).
func (x Ranking) ID() string { return x.t.ID }

// Len is the number of authorities ranked.
func (x Ranking) Len() int { return len(x.t.Rows) }

// row is the id of row i.
func (x Ranking) row(i int) string { return x.t.Rows[i].ID }

// Authority is the name of the authority of row i, as the paper prints it.
func (x Ranking) Authority(i int) string { return x.t.Rows[i].Label }

// IsAuthority says row i is the paper's own authority (the others are its
// comparators).
func (x Ranking) IsAuthority(i int) bool { return x.row(i) == x.authority }

// Share is row i's share rated Good or Outstanding now, with the count
// and total behind it.
func (x Ranking) Share(i int) report.Share { return x.t.ShareAt(x.row(i), "good_or_better_pct") }

// Previous is row i's share at the previous date: not OK without a
// previous date, or when the authority had no services then.
func (x Ranking) Previous(i int) report.Share {
	return x.t.ShareAt(x.row(i), "previous_good_or_better_pct")
}

// Rank is row i's place on the share now, and whether another authority
// is within report.similar_within points of it ("joint 2nd").
func (x Ranking) Rank(i int) (rank int, joint bool) {
	n, _ := x.t.CountAt(x.row(i), "rank")
	return n, x.t.FlagAt(x.row(i), "rank_joint")
}

// Dates are the headings of the share columns, earliest first: the
// previous date (when the paper has one) and the as-at date, the series
// of the ranking's chart.
func (x Ranking) Dates() []string {
	var out []string
	for _, name := range []string{"previous_good_or_better_pct", "good_or_better_pct"}[x.from():] {
		j, _ := x.t.Col(name)
		out = append(out, x.t.Columns[j].Label)
	}
	return out
}

// Shares are row i's shares at the Dates, in the same order.
func (x Ranking) Shares(i int) []report.Share {
	return []report.Share{x.Previous(i), x.Share(i)}[x.from():]
}

// from is where the Dates start among the previous and current columns.
func (x Ranking) from() int {
	if x.prev {
		return 0
	}
	return 1
}

// TrendLine is one line of the trend: the share rated Good or Outstanding
// of the authority, of its comparators, or of England (or the authorities
// in the data).
type TrendLine uint8

// The trend's lines, in the order the chart draws them.
const (
	LineAuthority TrendLine = iota
	LineComparators
	LineEngland
	numLines
)

// TrendTable reads the trend table: a row per date, earliest first.
type TrendTable struct {
	t *spec.Table
	// cols are the columns of each line ("" for a line the table has
	// no column of).
	cols [numLines]string
	dec  int // the paper's decimals, for the shares made from counts
}

// TrendTable is the trend, and false without one.
func (r *Result) TrendTable() (TrendTable, bool) {
	t := r.specs[TTrend]
	if t == nil {
		return TrendTable{}, false
	}
	x := TrendTable{t: t, dec: r.Opts.Decimals}
	x.cols[LineAuthority] = "good_or_better_pct"
	x.cols[LineComparators] = "comparators_good_or_better_pct"
	if r.England != nil {
		x.cols[LineEngland] = r.YearOnYearPrefix("england") + "good_or_better_pct"
	}
	return x, true
}

// Len is the number of dates.
func (x TrendTable) Len() int { return len(x.t.Rows) }

// Date is the date of row i.
func (x TrendTable) Date(i int) report.Date {
	d, err := report.ParseDate(x.t.Rows[i].ID)
	if err != nil {
		panic(fmt.Sprintf("cqc: trend row %q is not a date: %v", x.t.Rows[i].ID, err))
	}
	return d
}

// Label is row i's date as the chart and table print it ("1 Feb 2021").
func (x TrendTable) Label(i int) string { return x.t.Rows[i].Label }

// Lines are the lines the trend has figures for: the authority's, then
// the comparators' and England's when their column holds a share at
// some date.
func (x TrendTable) Lines() []TrendLine {
	out := []TrendLine{LineAuthority}
	for _, l := range []TrendLine{LineComparators, LineEngland} {
		if x.cols[l] == "" {
			continue
		}
		for i := range x.t.Rows {
			if x.Share(i, l).OK {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// Name is the line's name, its column's heading: the authority, the
// comparator authorities, England (or "All 3 authorities").
func (x TrendTable) Name(l TrendLine) string {
	j, _ := x.t.Col(x.col(l))
	return x.t.Columns[j].Label
}

// Share is the line's share rated Good or Outstanding at row i, with its
// count and total; not OK where the data gives none.
func (x TrendTable) Share(i int, l TrendLine) report.Share {
	return x.t.ShareAt(x.t.Rows[i].ID, x.col(l))
}

// NotRated is the share of the authority's services not yet rated at
// row i, from the row's not_rated and total counts (not OK when it has no
// services).
func (x TrendTable) NotRated(i int) report.Share {
	return report.ShareOf(x.NotRatedCount(i), x.Services(i), x.dec)
}

// NotRatedCount is the number of the authority's services not yet rated
// at row i.
func (x TrendTable) NotRatedCount(i int) int {
	return wholeNumber(x.t, x.t.Rows[i].ID, report.NotRated.ID())
}

// Services is the number of the authority's services at row i.
func (x TrendTable) Services(i int) int { return wholeNumber(x.t, x.t.Rows[i].ID, totalRow.ID) }

// RatedGoodOrBetter is the share of the authority's services rated at row
// i (not yet rated left out of the total) that are rated Good or
// Outstanding, from the row's counts; not OK when none is rated.
func (x TrendTable) RatedGoodOrBetter(i int) report.Share {
	row := x.t.Rows[i].ID
	good := wholeNumber(x.t, row, report.Outstanding.ID()) + wholeNumber(x.t, row, report.Good.ID())
	return report.ShareOf(good, x.Services(i)-x.NotRatedCount(i), x.dec)
}

func (x TrendTable) col(l TrendLine) string {
	if l >= numLines || x.cols[l] == "" {
		panic(fmt.Sprintf("cqc: the trend has no line %d", l))
	}
	return x.cols[l]
}

// MapTable reads services_map: the authority's services by rating and
// quarter of the map.
type MapTable struct{ t *spec.Table }

// MapTable is the map's table, and false without a map.
func (r *Result) MapTable() (MapTable, bool) {
	t := r.specs[TMap]
	return MapTable{t}, t != nil
}

// Label is the rating's row label, the map's name for its category.
func (x MapTable) Label(rt report.Rating) string { return x.t.LabelOf(rt.ID()) }

// Placed is the number of services on the map, of every rating.
func (x MapTable) Placed() int {
	all, _ := x.t.CountAt(totalRow.ID, "total")
	return all - x.NotPlaced()
}

// NotPlaced is the number of services of every rating not on the map:
// no position in the data, or one outside the authority's frame.
func (x MapTable) NotPlaced() int {
	n, _ := x.t.CountAt(totalRow.ID, "not_placed")
	return n
}

// ChangePts is row i's change in percentage points since the previous
// date, of the printed shares (the figure the table prints), and false
// without a previous share.
func (x Ranking) ChangePts(i int) (float64, bool) {
	c := x.t.At(x.row(i), "change_pts")
	return c.Num, !c.IsNull()
}

// Change is row i's change since the previous date in exact percentage
// points, from the counts behind the two shares (rule 11 judges a change
// on these); nil when either share is missing or has no count behind it.
func (x Ranking) Change(i int) *big.Rat {
	now, then := x.Share(i), x.Previous(i)
	if !now.OK || !then.OK || now.Of == 0 || then.Of == 0 {
		return nil
	}
	return new(big.Rat).Sub(PointsOf(now), PointsOf(then))
}

// Place is the authority's rank and whether it is joint; false when the
// authority has no rank (it is not in the table, or has no share).
func (x Ranking) Place() (rank int, joint bool, ok bool) {
	i, in := x.t.RowIndex(x.authority)
	if !in {
		return 0, false, false
	}
	if _, ok = x.t.CountAt(x.row(i), "rank"); !ok {
		return 0, false, false
	}
	rank, joint = x.Rank(i)
	return rank, joint, true
}
