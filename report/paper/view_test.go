package paper

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/doc"
	dmd "github.com/carereport/carereport/report/doc/markdown"
	"github.com/carereport/carereport/report/spec"
)

// The paper prints each kind of cell its own way: a joint rank "3=", a
// change in points with its arrow, a rate with its decimals, a rating by
// its label, a date short; the rows Bold marks in bold, and a column's
// Format over its kinds.
func TestShowKinds(t *testing.T) {
	tb := spec.New("t", "", "authority",
		spec.Column{Name: "rank", Kind: spec.Rank, Label: "Rank"}, spec.Column{Name: "rank_joint", Kind: spec.Flag},
		spec.Column{Name: "change_pts", Kind: spec.Points, Label: "Change"}, spec.Column{Name: "rate", Kind: spec.Rate, Label: "Rate"},
		spec.Column{Name: "rating", Kind: spec.Rating, Label: "Rating"}, spec.Column{Name: "date", Kind: spec.Date, Label: "Date"},
		spec.Column{Name: "n", Kind: spec.Count, Label: "N"})
	tb.Add(spec.Row{ID: "a", Label: "A_1"}, report.Int(3), report.Int(1), report.Num(-2.5, 1), report.Num(38, 1),
		report.Str("requires_improvement"), report.Str("2020-05-01"), report.Int(1234))
	tb.Add(spec.Row{ID: "b", Label: "B"}, report.Int(4), report.Int(0), report.Null(), report.Null(), report.Null(), report.Null(), report.Int(2))
	m := &tableMaker{}
	got := m.show(tb, spec.View{Stub: "Who",
		Columns: []spec.ViewColumn{spec.Show("rank", "rank_joint"), spec.Show("change_pts"), spec.Show("rate"), spec.Show("rating"), spec.Show("date"),
			{Heading: "Twice", Names: []string{"n"}, Format: func(i int, c []report.Cell) string { return num(2 * int(c[0].Num)) }}},
		Bold: func(_ int, r spec.Row) bool { return r.ID == "a" }})
	md := string(dmd.Write(&doc.Document{Blocks: []doc.Block{got}}))
	for _, want := range []string{
		"| Who | Rank | Change | Rate | Rating | Date | Twice |",
		`| **A\_1** | 3= | ↓2.5 | 38.0 | Requires Improvement | 1 May 2020 | 2,468 |`,
		"| B | 4 | – | – | – | – | 4 |",
	} {
		if !strings.Contains(md, want+"\n") {
			t.Errorf("the table lacks %q:\n%s", want, md)
		}
	}
}
