package spec

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
)

func sample() *Table {
	t := New("t", "A table", "rating",
		Column{Name: "n", Kind: Count, Label: "Number"},
		Column{Name: "n_pct", Kind: Share, Label: "Percentage"},
		Column{Name: "change", Kind: Change, Label: "Change"})
	t.Add(Row{ID: "good", Label: "Good"}, report.Int(3), report.Num(75, 0), report.Int(-1))
	t.Add(Row{ID: "total", Label: "Total"}, report.Int(4), report.Null(), report.Int(2))
	return t
}

// The JSON and CSV table is the key column, then the declared columns,
// each row's id first.
func TestReport(t *testing.T) {
	b, err := json.Marshal(sample().Report())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"t","title":"A table","columns":["rating","n","n_pct","change"],"rows":[["good",3,75,-1],["total",4,null,2]]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

// A view picks columns by name, heads them by their label unless it
// names a heading, and leaves out the rows Skip says.
func TestResolve(t *testing.T) {
	tb := sample()
	s, err := tb.Resolve(View{Stub: "Rating", Columns: []ViewColumn{Show("n", "n_pct"), {Heading: "Moved", Names: []string{"change"}}},
		Skip: func(i int, r Row) bool { return r.ID == "total" }})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(s.Headings, "|") != "Rating|Number|Moved" {
		t.Errorf("headings %v", s.Headings)
	}
	if len(s.Rows) != 1 || s.Rows[0].Row.Label != "Good" || s.Rows[0].Index != 0 {
		t.Fatalf("rows %+v", s.Rows)
	}
	c := s.Rows[0].Cells
	if len(c) != 2 || len(c[0]) != 2 || c[0][0].Num != 3 || c[0][1].Num != 75 || c[1][0].Num != -1 {
		t.Errorf("cells %+v", c)
	}
	if j := s.Cols[1]; len(j) != 1 || j[0] != 2 {
		t.Errorf("cols %v", s.Cols)
	}
	if _, err := tb.Resolve(View{Columns: []ViewColumn{Show("nope")}}); err == nil || !strings.Contains(err.Error(), "no column nope") {
		t.Errorf("a column the table lacks: %v", err)
	}
	if _, err := tb.Resolve(View{Columns: []ViewColumn{{Heading: "Empty"}}}); err == nil {
		t.Error("a view column of no column resolved")
	}
}

// A cell that does not fit its column, or a row of the wrong length,
// stops at once.
func TestAddChecksKinds(t *testing.T) {
	for name, add := range map[string]func(*Table){
		"text in a count":     func(t *Table) { t.Add(Row{ID: "x"}, report.Str("three"), report.Null(), report.Null()) },
		"fraction in a count": func(t *Table) { t.Add(Row{ID: "x"}, report.Num(2.5, 1), report.Null(), report.Null()) },
		"text in a share":     func(t *Table) { t.Add(Row{ID: "x"}, report.Null(), report.Str("75%"), report.Null()) },
		"too few cells":       func(t *Table) { t.Add(Row{ID: "x"}, report.Int(1)) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: accepted", name)
				}
			}()
			add(sample())
		}()
	}
	tx := New("t", "", "k", Column{Name: "d", Kind: Date})
	func() {
		defer func() {
			if recover() == nil {
				t.Error("a number in a date column: accepted")
			}
		}()
		tx.Add(Row{ID: "x"}, report.Int(2020))
	}()
	tx.Add(Row{ID: "y"}, report.Str("1 February 2021"))
	if tx.Cell(0, 0).Text != "1 February 2021" {
		t.Error("a date cell lost")
	}
}

// The kinds added for the ranking, beds and named tables hold what they
// say: a rate or points with decimals, a flag 1 or 0, a rating's id.
func TestNewKinds(t *testing.T) {
	tb := New("t", "", "k",
		Column{Name: "rate", Kind: Rate}, Column{Name: "pts", Kind: Points},
		Column{Name: "joint", Kind: Flag}, Column{Name: "rating", Kind: Rating})
	tb.Add(Row{ID: "a"}, report.Num(38.0, 1), report.Num(-2.5, 1), report.Int(1), report.Str("requires_improvement"))
	tb.Add(Row{ID: "b"}, report.Null(), report.Null(), report.Int(0), report.Null())
	if tb.At("a", "rate").String() != "38.0" || tb.At("a", "pts").Num != -2.5 || tb.At("b", "joint").Num != 0 {
		t.Errorf("cells lost: %+v", tb.Report().Rows)
	}
	for name, cells := range map[string][]report.Cell{
		"text in a rate":      {report.Str("38"), report.Null(), report.Null(), report.Null()},
		"text in points":      {report.Null(), report.Str("up"), report.Null(), report.Null()},
		"2 in a flag":         {report.Null(), report.Null(), report.Int(2), report.Null()},
		"a fraction flag":     {report.Null(), report.Null(), report.Num(0.5, 1), report.Null()},
		"text in a flag":      {report.Null(), report.Null(), report.Str("yes"), report.Null()},
		"a label as a rating": {report.Null(), report.Null(), report.Null(), report.Str("Requires Improvement")},
		"a number as rating":  {report.Null(), report.Null(), report.Null(), report.Int(2)},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: accepted", name)
				}
			}()
			tb.Add(Row{ID: "x"}, cells...)
		}()
	}
}

// At finds a cell by row id and column name, and stops at once on a row
// or column the table lacks: a typed accessor never reads an empty cell
// by mistake.
func TestAt(t *testing.T) {
	tb := sample()
	if c := tb.At("total", "n"); c.Num != 4 {
		t.Errorf("total/n = %v", c)
	}
	if c := tb.At("good", "change"); c.Num != -1 {
		t.Errorf("good/change = %v", c)
	}
	for _, rc := range [][2]string{{"nope", "n"}, {"good", "nope"}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("At(%q, %q) did not stop", rc[0], rc[1])
				}
			}()
			tb.At(rc[0], rc[1])
		}()
	}
}

// A view marks the rows Bold says, and keeps a column's Format.
func TestResolveBoldAndFormat(t *testing.T) {
	tb := sample()
	f := func(int, []report.Cell) string { return "x" }
	s, err := tb.Resolve(View{Columns: []ViewColumn{{Names: []string{"n"}, Format: f}},
		Bold: func(_ int, r Row) bool { return r.ID == "total" }})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Format) != 1 || s.Format[0] == nil || s.Format[0](0, nil) != "x" {
		t.Error("the column's Format is lost")
	}
	if s.Rows[0].Bold || !s.Rows[1].Bold {
		t.Errorf("bold rows: %v %v", s.Rows[0].Bold, s.Rows[1].Bold)
	}
	if s2, _ := tb.Resolve(View{Columns: []ViewColumn{Show("n")}}); s2.Rows[0].Bold || s2.Rows[1].Bold {
		t.Error("rows bold without Bold")
	}
}

// A pivoted view makes one paper row of the rows sharing an id, a column
// of each text of the By column, "–" (null) where a row lacks it, and
// drops the rows with nothing to show when asked.
func TestPivot(t *testing.T) {
	tb := New("kq", "Key questions", "sector",
		Column{Name: "key_question", Kind: Text},
		Column{Name: "good_pct", Kind: Share, Label: "Good"})
	tb.Add(Row{ID: "gp", Label: "GP practices"}, report.Str("Safe"), report.Num(90, 0))
	tb.Add(Row{ID: "gp", Label: "GP practices"}, report.Str("Caring"), report.Num(95, 0))
	tb.Add(Row{ID: "dentist", Label: "Dentists"}, report.Str("Safe"), report.Null())
	tb.Add(Row{ID: "hospice", Label: "Hospices"}, report.Str("Caring"), report.Num(100, 0))
	tb.Add(Row{ID: "hospice", Label: "Hospices"}, report.Str("Safe"), report.Num(50, 0))
	s, err := tb.Resolve(View{Stub: "Sector", Pivot: &Pivot{By: "key_question", Value: "good_pct", DropEmpty: true}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Headings, "|"); got != "Sector|Safe|Caring" {
		t.Errorf("headings %s", got)
	}
	var got []string
	for _, r := range s.Rows {
		line := r.Row.Label
		for _, cs := range r.Cells {
			line += "|" + cs[0].String()
		}
		got = append(got, line)
	}
	if want := "GP practices|90|95;Hospices|50|100"; strings.Join(got, ";") != want {
		t.Errorf("rows %q, want %q", strings.Join(got, ";"), want)
	}
	s, _ = tb.Resolve(View{Stub: "Sector", Pivot: &Pivot{By: "key_question", Value: "good_pct"}})
	if len(s.Rows) != 3 || s.Rows[1].Row.ID != "dentist" || !s.Rows[1].Cells[1][0].IsNull() {
		t.Errorf("without DropEmpty: %+v", s.Rows)
	}
	if got := fmt.Sprint(s.Rows[0].From, s.Rows[1].From, s.Rows[2].From); got != "[0 1] [2 -1] [4 3]" {
		t.Errorf("the rows each cell comes from: %s", got)
	}
	for name, v := range map[string]View{
		"by a count":      {Pivot: &Pivot{By: "good_pct", Value: "good_pct"}},
		"no such value":   {Pivot: &Pivot{By: "key_question", Value: "nope"}},
		"columns as well": {Pivot: &Pivot{By: "key_question", Value: "good_pct"}, Columns: []ViewColumn{Show("good_pct")}},
	} {
		if _, err := tb.Resolve(v); err == nil {
			t.Errorf("%s: resolved", name)
		}
	}
}

// The typed accessors read a cell by the kind its column holds: a share
// keeps the count and total it was made from, a null is not OK, and a
// column read as the wrong kind or a row the table lacks stops at once.
func TestTypedAccessors(t *testing.T) {
	tb := New("t", "A table", "rating",
		Column{Name: "n", Kind: Count}, Column{Name: "n_pct", Kind: Share}, Column{Name: "since", Kind: Date})
	tb.Add(Row{ID: "good"}, report.Int(3), report.PctCell(3, 7, 0), report.Str("2020-01-02"))
	tb.Add(Row{ID: "none"}, report.Null(), report.PctCell(0, 0, 0), report.Null())
	if n, ok := tb.CountAt("good", "n"); n != 3 || !ok {
		t.Errorf("CountAt good = %d, %v", n, ok)
	}
	if _, ok := tb.CountAt("none", "n"); ok {
		t.Error("a null count read as a figure")
	}
	if s := tb.ShareAt("good", "n_pct"); !s.OK || s.N != 3 || s.Of != 7 || s.Pct != 43 {
		t.Errorf("ShareAt good = %+v", s)
	}
	if s := tb.ShareAt("none", "n_pct"); s.OK {
		t.Errorf("a share of nothing is %+v", s)
	}
	if d := tb.TextAt("good", "since"); d != "2020-01-02" {
		t.Errorf("TextAt = %q", d)
	}
	for name, read := range map[string]func(){
		"a share read as a count": func() { tb.CountAt("good", "n_pct") },
		"a count read as a share": func() { tb.ShareAt("good", "n") },
		"a row the table lacks":   func() { tb.CountAt("fair", "n") },
		"a column it lacks":       func() { tb.TextAt("good", "until") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			read()
		}()
	}
}

// A rate keeps its decimals, a flag reads as yes or no (a null is no),
// and ColumnOf names a column by the kind its reader expects.
func TestRateAndFlag(t *testing.T) {
	tb := New("t", "A table", "area",
		Column{Name: "per_1000", Kind: Rate}, Column{Name: "joint", Kind: Flag})
	tb.Add(Row{ID: "heath"}, report.Num(38, 1), report.Int(1))
	tb.Add(Row{ID: "vale"}, report.Null(), report.Null())
	if c := tb.RateAt("heath", "per_1000"); c.String() != "38.0" {
		t.Errorf("RateAt = %s, want 38.0", c.String())
	}
	if !tb.RateAt("vale", "per_1000").IsNull() {
		t.Error("a null rate read as a figure")
	}
	if !tb.FlagAt("heath", "joint") || tb.FlagAt("vale", "joint") {
		t.Error("flags read wrong")
	}
	if j := tb.ColumnOf("joint", Flag, Count); j != 1 {
		t.Errorf("ColumnOf = %d", j)
	}
	tb.Rows[0].Label = "Heath"
	if l := tb.LabelOf("heath"); l != "Heath" {
		t.Errorf("LabelOf = %q", l)
	}
	for name, read := range map[string]func(){
		"a flag read as a rate": func() { tb.RateAt("heath", "joint") },
		"a rate read as a flag": func() { tb.FlagAt("heath", "per_1000") },
		"a column it lacks":     func() { tb.ColumnOf("beds", Rate) },
		"a row it lacks":        func() { tb.LabelOf("moor") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			read()
		}()
	}
}
