package cqc

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// RankRow is one authority's place in its comparator group.
type RankRow struct {
	Authority string
	// Share and PrevShare are the good-or-better shares, counts and
	// totals kept: ranks are judged on them unrounded (rule 11).
	Share, PrevShare report.Share
	// Pct and PrevPct are the good-or-better percentages as printed
	// (rounded to the report's decimals); PrevOK is false when the
	// authority had no locations at the previous date.
	Pct, PrevPct float64
	PrevOK       bool
	// ChangePts is Pct - PrevPct in percentage points, as printed.
	ChangePts float64
	// Rank and ImprovementRank are 1 for the best: 1 + the number of
	// others better by at least the threshold (Options.SimilarWithin),
	// judged on the unrounded shares and changes. Joint (and
	// JointImprovement) say another authority is within the threshold,
	// so the order between them means little ("joint 2nd").
	Rank, ImprovementRank   int
	Joint, JointImprovement bool
	IsAuthority             bool
	// Rated and PrevRated are the shares rated Good or Outstanding of the
	// services rated (not yet rated left out): a share that moves only
	// because new services are not yet rated shows here as unmoved.
	Rated, PrevRated report.Share
}

// Change is the unrounded change in percentage points since the previous
// date (nil without one).
func (r RankRow) Change() *big.Rat {
	if !r.PrevOK || !r.Share.OK || !r.PrevShare.OK {
		return nil
	}
	return new(big.Rat).Sub(PointsOf(r.Share), PointsOf(r.PrevShare))
}

// PointsOf is a share as an exact number of percentage points: 100 N / Of.
// A share without a total is 0.
func PointsOf(s report.Share) *big.Rat {
	if s.Of == 0 {
		return new(big.Rat)
	}
	return big.NewRat(100*int64(s.N), int64(s.Of))
}

// WithinRat is the threshold report.similar_within as an exact number:
// the decimal the config wrote (2.5 is 5/2), not its binary float.
func WithinRat(within float64) *big.Rat {
	w, ok := new(big.Rat).SetString(strconv.FormatFloat(within, 'f', -1, 64))
	if !ok || w.Sign() < 0 {
		return new(big.Rat)
	}
	return w
}

// Beyond judges a difference d (in percentage points, unrounded) against
// the threshold w: +1 when d >= w, -1 when d <= -w, 0 when it is under the
// threshold. A difference of exactly nothing is 0 whatever the threshold.
func Beyond(d, w *big.Rat) int {
	switch {
	case d.Sign() == 0:
		return 0
	case d.Cmp(w) >= 0:
		return 1
	case new(big.Rat).Neg(d).Cmp(w) >= 0:
		return -1
	}
	return 0
}

// ShareGap compares two shares by rule 11: on the unrounded shares (the
// counts), +1 when a is higher than b by at least within percentage
// points, -1 when lower by at least that, 0 when similar. A share
// without a total is never higher or lower.
func ShareGap(a, b report.Share, within float64) int {
	if !a.OK || !b.OK || a.Of == 0 || b.Of == 0 {
		return 0
	}
	return Beyond(new(big.Rat).Sub(PointsOf(a), PointsOf(b)), WithinRat(within))
}

// rank places the authority among its comparators on the good-or-better
// share now, and on its change since the previous date.
func rank(cur, prev *Areas, authority string, comps []string, dec int, within float64) []RankRow {
	return rankBy(cur, prev, authority, comps, dec, within, func(b ByType) Counts { return b.All })
}

// rankBy is rank on the counts of one service type.
func rankBy(cur, prev *Areas, authority string, comps []string, dec int, within float64, of func(ByType) Counts) []RankRow {
	share := func(a *Area) report.Share {
		return of(a.Ratings).GoodOrBetterShare(dec)
	}
	names := append([]string{authority}, comps...)
	rows := make([]RankRow, 0, len(names))
	for i, n := range names {
		row := RankRow{Authority: n, IsAuthority: i == 0}
		row.Share = share(cur.Get(n))
		row.Rated = RatedGoodOrBetter(of(cur.Get(n).Ratings), dec)
		row.Pct = row.Share.Pct
		if prev == nil {
			// No previous snapshot: no change to rank.
		} else if pa := prev.Get(n); pa != nil {
			row.PrevShare = share(pa)
			row.PrevRated = RatedGoodOrBetter(of(pa.Ratings), dec)
			row.PrevPct, row.PrevOK = row.PrevShare.Pct, row.PrevShare.OK
		}
		if row.PrevOK {
			row.ChangePts = report.Points(row.PrevShare, row.Share)
		}
		rows = append(rows, row)
	}
	w := WithinRat(within)
	shareOf := func(r *RankRow) *big.Rat { return PointsOf(r.Share) }
	thresholdRank(rows, w, shareOf, func(r *RankRow, rank int, joint bool) { r.Rank, r.Joint = rank, joint })
	thresholdRank(rows, w, func(r *RankRow) *big.Rat { return r.Change() },
		func(r *RankRow, rank int, joint bool) { r.ImprovementRank, r.JointImprovement = rank, joint })
	// Best first: a higher share never has a worse rank, so this order
	// is also the order of the ranks.
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Rank != rows[j].Rank {
			return rows[i].Rank < rows[j].Rank
		}
		if c := shareOf(&rows[i]).Cmp(shareOf(&rows[j])); c != 0 {
			return c > 0
		}
		return rows[i].Authority < rows[j].Authority
	})
	return rows
}

// thresholdRank gives each row 1 + the number of rows better than it by
// at least the threshold w (rule 11), so a rank never rests on a gap
// under the threshold; a row is joint when another row is within the
// threshold of it (or equal). With a threshold of 0 this is the usual
// competition ranking (1, 2, 2, 4) on the exact values. Rows without a
// value (nil) get rank 0.
func thresholdRank(rows []RankRow, w *big.Rat, val func(*RankRow) *big.Rat, set func(*RankRow, int, bool)) {
	vals := make([]*big.Rat, len(rows))
	for i := range rows {
		vals[i] = val(&rows[i])
	}
	d := new(big.Rat)
	for i := range rows {
		if vals[i] == nil {
			set(&rows[i], 0, false)
			continue
		}
		better, joint := 0, false
		for j := range rows {
			if j == i || vals[j] == nil {
				continue
			}
			switch Beyond(d.Sub(vals[j], vals[i]), w) {
			case 1:
				better++
			case 0:
				joint = true
			}
		}
		set(&rows[i], better+1, joint)
	}
}

// rankSpec declares a comparator group's ranking (rows the authorities,
// best first): the share rated Good or Outstanding and its rank, and with
// a previous date the share then, the change in points and the rank for
// improvement; then what the ranks rest on: whether each rank is joint
// (another authority within report.similar_within points), each
// authority's number of services, a comparator's share of the comparator
// group's services (the pooled figures lean on the largest), and the
// shares of the services rated. Nil for a group of no rows.
func rankSpec(r *Result, id, what string, rows []RankRow) *spec.Table {
	if len(rows) == 0 {
		return nil
	}
	dec := r.Opts.Decimals
	then := ""
	if r.Prev != nil {
		then = r.Prev.AsAt.Long()
	}
	t := spec.New(id, fmt.Sprintf("%s rated Good or Outstanding: %s and its comparator authorities", what, r.Authority.Name), "authority",
		spec.Column{Name: "good_or_better_pct", Kind: spec.Share, Label: r.Opts.AsAt.Long()},
		spec.Column{Name: "rank", Kind: spec.Rank, Label: "Rank"},
		spec.Column{Name: "previous_good_or_better_pct", Kind: spec.Share, Label: then},
		spec.Column{Name: "change_pts", Kind: spec.Points, Label: "Change (points)"},
		spec.Column{Name: "improvement_rank", Kind: spec.Rank, Label: "Rank for improvement"},
		spec.Column{Name: "rank_joint", Kind: spec.Flag},
		spec.Column{Name: "improvement_rank_joint", Kind: spec.Flag},
		spec.Column{Name: "services", Kind: spec.Count},
		spec.Column{Name: "comparators_share_pct", Kind: spec.Share},
		spec.Column{Name: "rated_good_or_better_pct", Kind: spec.Share},
		spec.Column{Name: "previous_rated_good_or_better_pct", Kind: spec.Share})
	pool := 0
	for _, row := range rows {
		if !row.IsAuthority {
			pool += row.Share.Of
		}
	}
	for _, row := range rows {
		prev, change, imp, impJoint, prevRated := report.Null(), report.Null(), report.Null(), report.Null(), report.Null()
		if row.PrevOK {
			prev, change, imp = row.PrevShare.Cell(), report.Num(row.ChangePts, dec), report.Int(row.ImprovementRank)
			impJoint, prevRated = flag(row.JointImprovement), row.PrevRated.Cell()
		}
		part := report.Null()
		if !row.IsAuthority {
			part = report.PctCell(row.Share.Of, pool, dec)
		}
		// The share keeps its count and total (rule 11); an authority
		// with no services of the type ranked is printed 0, as ranked.
		share := row.Share.Cell()
		if !row.Share.OK {
			share = report.Num(row.Pct, dec)
		}
		t.Add(spec.Row{ID: row.Authority, Label: row.Authority}, share, report.Int(row.Rank), prev, change, imp,
			flag(row.Joint), impJoint, report.Int(row.Share.Of), part, row.Rated.Cell(), prevRated)
	}
	return t
}

// flag is a yes/no column: 1 or 0, so that a CSV reader can sum it.
func flag(b bool) report.Cell {
	if b {
		return report.Int(1)
	}
	return report.Int(0)
}

// RatedGoodOrBetter is the share rated Good or Outstanding of the services
// rated (not yet rated left out of the total).
func RatedGoodOrBetter(c Counts, dec int) report.Share {
	return report.ShareOf(c.GoodOrBetter(), c.Rated(), dec)
}
