package cqc

import (
	"sort"

	"github.com/carereport/carereport/report"
)

// RankRow is one authority's place in its comparator group.
type RankRow struct {
	Authority string
	// Pct and PrevPct are the good-or-better percentages as printed
	// (rounded to the report's decimals); PrevOK is false when the
	// authority had no locations at the previous date.
	Pct, PrevPct float64
	PrevOK       bool
	// ChangePts is Pct - PrevPct in percentage points.
	ChangePts float64
	// Rank and ImprovementRank are 1 for the best; ties share a rank
	// ("joint 7th") and the next rank is skipped (1, 2, 2, 4).
	Rank, ImprovementRank   int
	Joint, JointImprovement bool
	IsAuthority             bool
}

// GoodOrBetterPct is the share of all in-scope locations (not rated
// included, rule 5) rated Good or Outstanding, rounded as printed.
func GoodOrBetterPct(a *Area, dec int) (float64, bool) {
	return report.Pct(a.Ratings.All.GoodOrBetter(), a.Ratings.All.Total(), dec)
}

// rank places the authority among its comparators on the good-or-better
// percentage now, and on its change since the previous date. Ranks are
// taken on the printed (rounded) figures, so that two authorities shown
// with the same figure share a rank.
func rank(cur, prev *Areas, authority string, comps []string, dec int) []RankRow {
	return rankBy(cur, prev, authority, comps, dec, func(b ByType) Counts { return b.All })
}

// rankBy is rank on the counts of one service type.
func rankBy(cur, prev *Areas, authority string, comps []string, dec int, of func(ByType) Counts) []RankRow {
	share := func(a *Area) (float64, bool) {
		c := of(a.Ratings)
		return report.Pct(c.GoodOrBetter(), c.Total(), dec)
	}
	names := append([]string{authority}, comps...)
	rows := make([]RankRow, 0, len(names))
	for i, n := range names {
		row := RankRow{Authority: n, IsAuthority: i == 0}
		row.Pct, _ = share(cur.Get(n))
		if prev == nil {
			// No previous snapshot: no change to rank.
		} else if pa := prev.Get(n); pa != nil {
			row.PrevPct, row.PrevOK = share(pa)
		}
		if row.PrevOK {
			row.ChangePts = roundTo(row.Pct-row.PrevPct, dec)
		}
		rows = append(rows, row)
	}
	competitionRank(rows, func(r *RankRow) (float64, bool) { return r.Pct, true },
		func(r *RankRow, rank int, joint bool) { r.Rank, r.Joint = rank, joint })
	competitionRank(rows, func(r *RankRow) (float64, bool) { return r.ChangePts, r.PrevOK },
		func(r *RankRow, rank int, joint bool) { r.ImprovementRank, r.JointImprovement = rank, joint })
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Rank != rows[j].Rank {
			return rows[i].Rank < rows[j].Rank
		}
		return rows[i].Authority < rows[j].Authority
	})
	return rows
}

func roundTo(v float64, dec int) float64 {
	s := 1.0
	if dec == 1 {
		s = 10
	}
	if v < 0 {
		return -float64(int(-v*s+0.5)) / s
	}
	return float64(int(v*s+0.5)) / s
}

// competitionRank gives each row 1 + the number of rows with a strictly
// higher value; rows without a value get rank 0.
func competitionRank(rows []RankRow, val func(*RankRow) (float64, bool), set func(*RankRow, int, bool)) {
	for i := range rows {
		v, ok := val(&rows[i])
		if !ok {
			set(&rows[i], 0, false)
			continue
		}
		higher, same := 0, 0
		for j := range rows {
			w, ok := val(&rows[j])
			if !ok {
				continue
			}
			if w > v {
				higher++
			} else if w == v {
				same++
			}
		}
		set(&rows[i], higher+1, same > 1)
	}
}
