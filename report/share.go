package report

import "strconv"

// Share is a count out of a total with its percentage rounded once, by
// rule 5 of the counting rules. Tables, sentences and charts all print a
// percentage from a Share, so none of them rounds it again or another way.
type Share struct {
	N, Of int
	// Pct is the percentage as printed (Dec decimals); OK is false when
	// Of is zero and there is no percentage.
	Pct float64
	Dec int
	OK  bool
}

// ShareOf makes the Share n of total, rounded to dec decimals (0 or 1).
func ShareOf(n, total, dec int) Share {
	v, ok := Pct(n, total, dec)
	return Share{N: n, Of: total, Pct: v, Dec: dec, OK: ok}
}

// Cell is the percentage as a table cell (empty when there is none),
// keeping the count and total behind it (Cell.Share).
func (s Share) Cell() Cell {
	if !s.OK {
		return Null()
	}
	c := Num(s.Pct, s.Dec)
	c.N, c.Of = s.N, s.Of
	return c
}

// String is the percentage as the paper prints it: "87%", "87.4%", or
// "–" when there is none.
func (s Share) String() string {
	if !s.OK {
		return "–"
	}
	return strconv.FormatFloat(s.Pct, 'f', s.Dec, 64) + "%"
}

// Points is the difference b - a in percentage points, of the printed
// figures (so a reader subtracting the printed shares gets the same).
func Points(a, b Share) float64 {
	d := b.Pct - a.Pct
	if a.Dec == 0 && b.Dec == 0 {
		return d
	}
	// One decimal: round away float noise (87.4 - 86.1 = 1.3000000000000114).
	v, _ := strconv.ParseFloat(strconv.FormatFloat(d, 'f', 1, 64), 64)
	return v
}
