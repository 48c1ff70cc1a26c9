package paper

import (
	"strings"

	"github.com/carereport/carereport/report/doc"
)

// docTable is a table as the paper lays it out: a caption (numbered
// where the template places it), a header row, which columns are set
// to the right, and the cells as plain text (the writers escape it).
type docTable struct {
	Caption string
	Header  []string
	Right   []bool
	Rows    [][]string
	// totals are the rows of totals, by index; strong the rows whose
	// label is set in bold (the authority in a ranking).
	totals map[int]bool
	strong map[int]bool
}

// total marks the row added last as the table's total row.
func (t *docTable) total() {
	if t.totals == nil {
		t.totals = map[int]bool{}
	}
	t.totals[len(t.Rows)-1] = true
}

// bold sets the label of the row added last in bold.
func (t *docTable) bold() {
	if t.strong == nil {
		t.strong = map[int]bool{}
	}
	t.strong[len(t.Rows)-1] = true
}

// doc is the table as a document block. Each row has the header's
// cells, as a pipe table has.
func (t *docTable) doc() *doc.Table {
	out := &doc.Table{Caption: strings.TrimSpace(t.Caption)}
	for i, h := range t.Header {
		out.Header = append(out.Header, cell(h))
		a := doc.AlignDefault
		if i < len(t.Right) && t.Right[i] {
			a = doc.AlignRight
		}
		out.Align = append(out.Align, a)
	}
	for i, r := range t.Rows {
		row := doc.Row{Total: t.totals[i]}
		for j := range t.Header {
			var c doc.Cell
			if j < len(r) {
				c = cell(r[j])
			}
			if j == 0 && t.strong[i] && c != nil {
				c = doc.Cell{&doc.Strong{Content: c}}
			}
			row.Cells = append(row.Cells, c)
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// cell is plain text as a cell (none for an empty one).
func cell(s string) doc.Cell {
	if s = strings.TrimSpace(plain(s)); s == "" {
		return nil
	}
	return doc.Cell{doc.Text{S: s}}
}
