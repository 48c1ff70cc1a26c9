// Package spec declares the paper's tables once: a table's id, title,
// columns (name, kind of figure, the heading the paper prints) and rows
// (id and the label the paper prints), with a typed cell at each row and
// column. The JSON and CSV tables are built from it (Table.Report), and
// the paper's Markdown tables show its cells through a View, so the two
// print the same figures by construction.
package spec

import (
	"fmt"

	"github.com/carereport/carereport/report"
)

// Kind is what a column's cells hold.
type Kind uint8

// The kinds of figure a column holds.
const (
	// Count is a whole number (services, beds), or null where the data
	// cannot give it.
	Count Kind = iota + 1
	// Share is a percentage as report.Share rounds it, null when it is
	// a share of nothing.
	Share
	// Change is the difference of two counts.
	Change
	// Rank is a place in a ranking.
	Rank
	// Date is a date, as text.
	Date
	// Text is text (from the data or the declaration).
	Text
	// Rate is a figure with the decimals its cell carries (beds per
	// 1,000 people), not a percentage.
	Rate
	// Points is a change in percentage points, with its decimals.
	Points
	// Flag is 1 or 0: yes or no (a rank that is joint).
	Flag
	// Rating is a rating's id ("requires_improvement"), as text.
	Rating
)

var kindNames = [...]string{Count: "count", Share: "share", Change: "change", Rank: "rank", Date: "date", Text: "text",
	Rate: "rate", Points: "points", Flag: "flag", Rating: "rating"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Column is one column of a table after its key column: its name in the
// JSON and CSV, what its cells hold, and the heading the paper prints over
// it ("" for a column the paper never shows under its own heading).
type Column struct {
	Name  string
	Kind  Kind
	Label string
}

// Row is one row: its id (the key cell of the row in the JSON and CSV)
// and the label the paper prints.
type Row struct {
	ID, Label string
}

// Table is one table as computed.
type Table struct {
	ID, Title string
	// Key names the column of row ids ("rating", "movement").
	Key     string
	Columns []Column
	Rows    []Row
	cells   [][]report.Cell
}

// New starts a table with its columns; rows are added with Add.
func New(id, title, key string, cols ...Column) *Table {
	return &Table{ID: id, Title: title, Key: key, Columns: cols}
}

// Add appends a row with one cell per column. A cell that does not fit
// its column's kind, or a wrong number of cells, is a programming error
// and panics: the declaration and the cells are made together in code.
func (t *Table) Add(r Row, cells ...report.Cell) {
	if len(cells) != len(t.Columns) {
		panic(fmt.Sprintf("spec: table %s row %s: %d cells for %d columns", t.ID, r.ID, len(cells), len(t.Columns)))
	}
	for i, c := range cells {
		if err := fits(t.Columns[i].Kind, c); err != nil {
			panic(fmt.Sprintf("spec: table %s row %s column %s: %v", t.ID, r.ID, t.Columns[i].Name, err))
		}
	}
	t.Rows = append(t.Rows, r)
	t.cells = append(t.cells, cells)
}

// fits checks a cell against its column's kind: counts, changes and
// ranks are whole numbers, shares numbers, dates and text text; any may
// be null.
func fits(k Kind, c report.Cell) error {
	if c.IsNull() {
		return nil
	}
	switch k {
	case Count, Change, Rank:
		if !c.IsNum || c.Dec != 0 || c.Num != float64(int64(c.Num)) {
			return fmt.Errorf("a %s cell holds %q, not a whole number", k, c.String())
		}
	case Share, Rate, Points:
		if !c.IsNum {
			return fmt.Errorf("a %s cell holds text %q", k, c.Text)
		}
	case Flag:
		if !c.IsNum || c.Dec != 0 || (c.Num != 0 && c.Num != 1) {
			return fmt.Errorf("a flag cell holds %q, not 1 or 0", c.String())
		}
	case Rating:
		if c.IsNum {
			return fmt.Errorf("a rating cell holds the number %s", c.String())
		}
		if _, ok := report.RatingByID(c.Text); !ok {
			return fmt.Errorf("a rating cell holds %q, not a rating's id", c.Text)
		}
	case Date, Text:
		if c.IsNum {
			return fmt.Errorf("a %s cell holds the number %s", k, c.String())
		}
	default:
		return fmt.Errorf("the column has no kind")
	}
	return nil
}

// Col is the index of the column named name, and whether there is one.
func (t *Table) Col(name string) (int, bool) {
	for i, c := range t.Columns {
		if c.Name == name {
			return i, true
		}
	}
	return 0, false
}

// Cell is the cell at row i and column j.
func (t *Table) Cell(i, j int) report.Cell { return t.cells[i][j] }

// RowIndex is the index of the row with id, and whether there is one.
func (t *Table) RowIndex(id string) (int, bool) {
	for i, r := range t.Rows {
		if r.ID == id {
			return i, true
		}
	}
	return 0, false
}

// At is the cell at the row with id row and the column named col. The
// typed accessors of a table (cqc's YearOnYear, say) make both from
// typed values, so a row or column the table lacks is the program's
// mistake: it panics rather than give an empty cell that a sentence
// would print as nothing.
func (t *Table) At(row, col string) report.Cell {
	i, ok := t.RowIndex(row)
	if !ok {
		panic(fmt.Sprintf("spec: table %s has no row %s", t.ID, row))
	}
	j, ok := t.Col(col)
	if !ok {
		panic(fmt.Sprintf("spec: table %s has no column %s", t.ID, col))
	}
	return t.cells[i][j]
}

// Report is the table as the JSON and CSV write it: the key column, then
// the columns in order; a row's key cell is its id.
func (t *Table) Report() *report.Table {
	out := &report.Table{ID: t.ID, Title: t.Title, Columns: make([]string, 0, len(t.Columns)+1)}
	out.Columns = append(out.Columns, t.Key)
	for _, c := range t.Columns {
		out.Columns = append(out.Columns, c.Name)
	}
	out.Rows = make([][]report.Cell, len(t.Rows))
	for i, r := range t.Rows {
		row := make([]report.Cell, 0, len(t.Columns)+1)
		row = append(row, report.Str(r.ID))
		out.Rows[i] = append(row, t.cells[i]...)
	}
	return out
}

// View is how the paper shows a table: its caption, the heading over the
// row labels, the columns it shows and the rows it leaves out.
type View struct {
	Caption string
	Stub    string
	Columns []ViewColumn
	// Skip leaves a row out of the paper (nil: every row is shown).
	Skip func(i int, r Row) bool
	// Bold marks the rows the paper sets in bold (the authority's own
	// row of a ranking); nil: none.
	Bold func(i int, r Row) bool
	// Pivot, when set, turns rows into columns (and Columns must be
	// empty): see Pivot.
	Pivot *Pivot
}

// Pivot lays out a long table as a grid: the table's rows that share an
// id become one row of the paper (labelled by the first one's label),
// each distinct text of the column By becomes a column (headed by that
// text, in the order first met), and the cell where they meet is the
// row's cell in the column Value ("–" where no row has it: a null).
// Skip is applied to the table's rows before they are grouped.
type Pivot struct {
	By, Value string
	// DropEmpty leaves out a paper row whose cells are all null (a
	// sector with no service rated on any key question).
	DropEmpty bool
}

// ViewColumn is one column of the paper's table: one column of the
// Table, or a count and its share shown together ("143 (78%)"), named by
// the Table's column names. Its heading is Heading, or else the Label of
// the first column it shows.
type ViewColumn struct {
	Heading string
	Names   []string
	// Format, when set, prints the column's cells (row i) where their
	// kinds alone cannot say how (a rating and how many reports running
	// it has held, say); nil: by their kinds.
	Format func(i int, cells []report.Cell) string
}

// Show names the table's columns for a view column headed by their label.
func Show(names ...string) ViewColumn { return ViewColumn{Names: names} }

// Shown is a view resolved against its table: the headings, and for each
// row shown its row and the cells of each view column.
type Shown struct {
	Headings []string
	// Cols are, for each view column, the indexes of the Table's columns.
	Cols [][]int
	// Format is each view column's Format (nil: by the kinds).
	Format []func(i int, cells []report.Cell) string
	Rows   []ShownRow
}

// ShownRow is one row as the paper shows it.
type ShownRow struct {
	Index int
	Row   Row
	Bold  bool
	Cells [][]report.Cell
	// From is, for each view column, the index of the table's row its
	// cells come from: Index, except in a pivoted view (-1 where no row
	// gives the cell).
	From []int
}

// Resolve lays the table out as the view says. A view that names a
// column the table lacks, or shows no column, is an error (a view and its
// table are declared in code, so a test of every view finds it).
func (t *Table) Resolve(v View) (*Shown, error) {
	if v.Pivot != nil {
		return t.pivot(v)
	}
	s := &Shown{Headings: []string{v.Stub}}
	for _, vc := range v.Columns {
		if len(vc.Names) == 0 {
			return nil, fmt.Errorf("spec: table %s: a view column %q shows no column", t.ID, vc.Heading)
		}
		var idx []int
		for _, n := range vc.Names {
			j, ok := t.Col(n)
			if !ok {
				return nil, fmt.Errorf("spec: table %s has no column %s", t.ID, n)
			}
			idx = append(idx, j)
		}
		h := vc.Heading
		if h == "" {
			h = t.Columns[idx[0]].Label
		}
		s.Headings = append(s.Headings, h)
		s.Cols = append(s.Cols, idx)
		s.Format = append(s.Format, vc.Format)
	}
	for i, r := range t.Rows {
		if v.Skip != nil && v.Skip(i, r) {
			continue
		}
		sr := ShownRow{Index: i, Row: r, Bold: v.Bold != nil && v.Bold(i, r)}
		for _, idx := range s.Cols {
			cs := make([]report.Cell, len(idx))
			for k, j := range idx {
				cs[k] = t.cells[i][j]
			}
			sr.Cells = append(sr.Cells, cs)
			sr.From = append(sr.From, i)
		}
		s.Rows = append(s.Rows, sr)
	}
	return s, nil
}

// pivot resolves a view with a Pivot: every shown column is the Value
// column, one per distinct text of the By column.
func (t *Table) pivot(v View) (*Shown, error) {
	p := v.Pivot
	if len(v.Columns) > 0 {
		return nil, fmt.Errorf("spec: table %s: a pivoted view names its columns by the data, not by Columns", t.ID)
	}
	by, ok := t.Col(p.By)
	if !ok {
		return nil, fmt.Errorf("spec: table %s has no column %s", t.ID, p.By)
	}
	val, ok := t.Col(p.Value)
	if !ok {
		return nil, fmt.Errorf("spec: table %s has no column %s", t.ID, p.Value)
	}
	if k := t.Columns[by].Kind; k != Text {
		return nil, fmt.Errorf("spec: table %s: pivot column %s holds %s, not text", t.ID, p.By, k)
	}
	s := &Shown{Headings: []string{v.Stub}}
	colOf := map[string]int{}
	rowOf := map[string]int{}
	var rows []ShownRow
	for i, r := range t.Rows {
		if v.Skip != nil && v.Skip(i, r) {
			continue
		}
		name := t.cells[i][by].Text
		k, ok := colOf[name]
		if !ok {
			k = len(s.Headings) - 1
			colOf[name] = k
			s.Headings = append(s.Headings, name)
			s.Cols = append(s.Cols, []int{val})
			s.Format = append(s.Format, nil)
			for j := range rows {
				rows[j].Cells = append(rows[j].Cells, []report.Cell{report.Null()})
				rows[j].From = append(rows[j].From, -1)
			}
		}
		ri, ok := rowOf[r.ID]
		if !ok {
			ri = len(rows)
			rowOf[r.ID] = ri
			sr := ShownRow{Index: i, Row: r, Bold: v.Bold != nil && v.Bold(i, r)}
			for range s.Cols {
				sr.Cells = append(sr.Cells, []report.Cell{report.Null()})
				sr.From = append(sr.From, -1)
			}
			rows = append(rows, sr)
		}
		rows[ri].Cells[k] = []report.Cell{t.cells[i][val]}
		rows[ri].From[k] = i
	}
	for _, r := range rows {
		if p.DropEmpty && allNull(r.Cells) {
			continue
		}
		s.Rows = append(s.Rows, r)
	}
	return s, nil
}

func allNull(cells [][]report.Cell) bool {
	for _, cs := range cells {
		for _, c := range cs {
			if !c.IsNull() {
				return false
			}
		}
	}
	return true
}

// ColumnOf is the index of the column named name, which must hold one of
// kinds: a typed reader names a column by the kind it expects, so a
// missing column or one of another kind is the program's mistake and
// panics.
func (t *Table) ColumnOf(name string, kinds ...Kind) int {
	j, ok := t.Col(name)
	if !ok {
		panic(fmt.Sprintf("spec: table %s has no column %s", t.ID, name))
	}
	for _, k := range kinds {
		if t.Columns[j].Kind == k {
			return j
		}
	}
	panic(fmt.Sprintf("spec: table %s column %s holds %s, not %v", t.ID, name, t.Columns[j].Kind, kinds))
}

// kindAt is the cell at row and col after checking that col holds one of
// kinds.
func (t *Table) kindAt(row, col string, kinds ...Kind) report.Cell {
	t.ColumnOf(col, kinds...)
	return t.At(row, col)
}

// CountAt is the whole number at row and col (a count, change or rank),
// and false when the cell is null (the data cannot give it).
func (t *Table) CountAt(row, col string) (int, bool) {
	c := t.kindAt(row, col, Count, Change, Rank)
	return int(c.Num), !c.IsNull()
}

// ShareAt is the percentage at row and col as the Share it was made from
// (count and total kept, so sentences compare unrounded shares); a share
// of nothing (a null) is a Share that is not OK.
func (t *Table) ShareAt(row, col string) report.Share {
	c := t.kindAt(row, col, Share)
	if c.IsNull() {
		return report.Share{}
	}
	if s, ok := c.Share(); ok {
		return s
	}
	// A percentage not made from a count here (CQC's published
	// national figures): as printed, with no count behind it.
	return report.Share{Pct: c.Num, Dec: c.Dec, OK: true}
}

// TextAt is the text at row and col (text, a date or a rating's id), ""
// for a null.
func (t *Table) TextAt(row, col string) string {
	return t.kindAt(row, col, Text, Date, Rating).Text
}

// RateAt is the figure at row and col of a Rate column (beds per 1,000
// people, a score), with the decimals it is printed with; a null when
// the table gives none.
func (t *Table) RateAt(row, col string) report.Cell { return t.kindAt(row, col, Rate) }

// FlagAt is the yes or no of a Flag column (a joint rank); a null is no.
func (t *Table) FlagAt(row, col string) bool {
	c := t.kindAt(row, col, Flag)
	return c.IsNum && c.Num == 1
}

// LabelOf is the label the paper prints for the row with id; a row the
// table lacks panics, as At does.
func (t *Table) LabelOf(id string) string {
	i, ok := t.RowIndex(id)
	if !ok {
		panic(fmt.Sprintf("spec: table %s has no row %s", t.ID, id))
	}
	return t.Rows[i].Label
}
