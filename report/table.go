package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
)

// Cell is one value of a derived table: a number (count or percentage)
// or text. Numbers keep the decimals they are shown with, so the JSON, the
// CSV and the document print the same figure.
type Cell struct {
	Text  string
	Num   float64
	IsNum bool
	Dec   int
	// N and Of are, for a percentage made from a count (Share.Cell,
	// PctCell), the count and the total behind it, so that a sentence
	// reading the cell compares the unrounded shares (rule 11), and for a
	// rate of services per head (cqc's services_per_head) the services and
	// the population; 0 and 0 otherwise. They are not written: the JSON
	// and CSV hold the figure as printed.
	N, Of int
}

// Str is a text cell.
func Str(s string) Cell { return Cell{Text: s} }

// Int is a count cell.
func Int(n int) Cell { return Cell{Num: float64(n), IsNum: true} }

// Num is a number cell shown with dec decimals.
func Num(v float64, dec int) Cell { return Cell{Num: v, IsNum: true, Dec: dec} }

// Null is an empty cell (a figure that cannot be computed, such as a
// percentage of nothing).
func Null() Cell { return Cell{} }

// IsNull reports whether c is an empty cell.
func (c Cell) IsNull() bool { return !c.IsNum && c.Text == "" }

// String formats the cell as it is printed: numbers with their decimals.
func (c Cell) String() string {
	if c.IsNum {
		return strconv.FormatFloat(c.Num, 'f', c.Dec, 64)
	}
	return c.Text
}

// MarshalJSON writes numbers as JSON numbers, text as strings and empty
// cells as null.
func (c Cell) MarshalJSON() ([]byte, error) {
	if c.IsNum {
		return []byte(c.String()), nil
	}
	if c.Text == "" {
		return []byte("null"), nil
	}
	return json.Marshal(c.Text)
}

// Pct returns n as a percentage of d, rounded half up to dec decimals (0
// or 1) with integer arithmetic, so 74.5 rounds to 75 exactly. A zero d
// gives 0 and false.
func Pct(n, d, dec int) (float64, bool) {
	if d <= 0 {
		return 0, false
	}
	scale := 100
	div := 1.0
	if dec == 1 {
		scale, div = 1000, 10
	}
	neg := n < 0
	if neg {
		n = -n
	}
	v := (2*scale*n + d) / (2 * d)
	if neg {
		v = -v
	}
	return float64(v) / div, true
}

// PctCell is Pct as a cell, which keeps n and d; an empty cell when d is
// zero.
func PctCell(n, d, dec int) Cell { return ShareOf(n, d, dec).Cell() }

// Share is the percentage cell as the Share it was made from, and false
// for a cell that is not a percentage of a count (a null, a count, a
// percentage read back from a file).
func (c Cell) Share() (Share, bool) {
	if !c.IsNum || c.Of <= 0 {
		return Share{}, false
	}
	return Share{N: c.N, Of: c.Of, Pct: c.Num, Dec: c.Dec, OK: true}, true
}

// Table is one derived table, as written to JSON and CSV.
type Table struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Columns []string `json:"columns"`
	Rows    [][]Cell `json:"rows"`
}

// Row returns the row whose first cell is key, or nil.
func (t *Table) Row(key string) []Cell {
	for _, r := range t.Rows {
		if len(r) > 0 && r[0].Text == key {
			return r
		}
	}
	return nil
}

// Cell returns the cell at row key and column col, and whether both exist.
func (t *Table) Cell(key, col string) (Cell, bool) {
	r := t.Row(key)
	if r == nil {
		return Cell{}, false
	}
	for i, c := range t.Columns {
		if c == col && i < len(r) {
			return r[i], true
		}
	}
	return Cell{}, false
}

// CSV writes the table with a header row. Text that a spreadsheet would
// take for a formula (starting with = + - @, a tab or a carriage return)
// is prefixed with an apostrophe.
func (t *Table) CSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = false
	if err := w.Write(t.Columns); err != nil {
		return nil, err
	}
	rec := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for i := range rec {
			rec[i] = ""
			if i < len(r) {
				if r[i].IsNum {
					rec[i] = r[i].String()
				} else {
					rec[i] = SafeCSV(r[i].Text)
				}
			}
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// SafeCSV defuses text that spreadsheet programs would run as a formula.
func SafeCSV(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// TableSet is the JSON document of every derived table.
type TableSet struct {
	Authority string `json:"authority"`
	AsAt      string `json:"as_at"`
	// Synthetic is true when the figures come from invented data (the
	// sample): written only then, so real papers' JSON is unchanged.
	Synthetic bool     `json:"synthetic,omitempty"`
	Tables    []*Table `json:"tables"`
}

// JSON writes the set, indented, with a final newline.
func (s *TableSet) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Find returns the table with the given id, or nil.
func (s *TableSet) Find(id string) *Table {
	for _, t := range s.Tables {
		if t.ID == id {
			return t
		}
	}
	return nil
}
