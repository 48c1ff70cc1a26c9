package paper

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
)

// mdTable is a table as the document shows it: a caption, a header row,
// the alignment of each column and the cells as text (already escaped).
type mdTable struct {
	Caption string
	Header  []string
	Right   []bool
	Rows    [][]string
}

// String writes the table as a GFM pipe table under a "Table: " caption
// line, which the renderer turns into the table's caption.
func (t *mdTable) String() string {
	var b strings.Builder
	if t.Caption != "" {
		fmt.Fprintf(&b, "Table: %s\n\n", t.Caption)
	}
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" ")
			b.WriteString(strings.ReplaceAll(c, "|", `\|`))
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	row(t.Header)
	b.WriteString("|")
	for i := range t.Header {
		if i < len(t.Right) && t.Right[i] {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		row(r)
	}
	return b.String()
}

// cellText formats one cell of a derived table as the document prints
// it: counts with thousands separators, percentages with a % sign, and
// an empty cell as a dash.
func cellText(t *report.Table, key, col string) string {
	c, ok := t.Cell(key, col)
	if !ok || c.IsNull() {
		return "–"
	}
	if strings.HasSuffix(col, "_pct") {
		return pct(c.Num, c.Dec)
	}
	if c.IsNum && c.Dec == 0 {
		return num(int(c.Num))
	}
	return escapeMD(c.String())
}

// withPct writes "143 (78%)": a count and its percentage.
func withPct(t *report.Table, key, col, pctCol string) string {
	n := cellText(t, key, col)
	p, ok := t.Cell(key, pctCol)
	if !ok || p.IsNull() {
		return n
	}
	return fmt.Sprintf("%s (%s)", n, pct(p.Num, p.Dec))
}

// intCell reads a count from a table; 0 when absent.
func intCell(t *report.Table, key, col string) int {
	c, ok := t.Cell(key, col)
	if !ok || !c.IsNum {
		return 0
	}
	return int(c.Num)
}

// ratingLabel is how a row id reads in the document.
func ratingLabel(id string) string {
	for _, r := range report.Ratings {
		if r.ID() == id {
			return r.Label()
		}
	}
	if id == "total" {
		return "Total"
	}
	return id
}
