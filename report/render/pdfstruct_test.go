package render

import (
	"fmt"
	"strings"
	"testing"
)

// structElem is one element of a PDF's structure tree as
// `pdfinfo -struct` prints it: its type (a whole token: "TH" is not
// "THead"), its attributes ("/Scope /Column") and its children.
type structElem struct {
	typ   string
	attrs []string
	kids  []*structElem
}

// parseStruct reads `pdfinfo -struct` output: one element a line, indented
// two spaces a level, its type first ("TH:" when attributes follow, "P
// (block)"), and each attribute on a line of its own that starts with "/".
func parseStruct(t *testing.T, out string) *structElem {
	t.Helper()
	root := &structElem{typ: "(root)"}
	type open struct {
		indent int
		e      *structElem
	}
	stack := []open{{-1, root}}
	var last *structElem
	for i, line := range strings.Split(out, "\n") {
		body := strings.TrimLeft(line, " ")
		if body == "" {
			continue
		}
		indent := len(line) - len(body)
		if strings.HasPrefix(body, "/") {
			if last == nil {
				t.Fatalf("pdfinfo -struct line %d: an attribute before any element: %q", i+1, line)
			}
			last.attrs = append(last.attrs, strings.Join(strings.Fields(body), " "))
			continue
		}
		typ := strings.TrimSuffix(strings.Fields(body)[0], ":")
		for stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		e := &structElem{typ: typ}
		parent := stack[len(stack)-1].e
		parent.kids = append(parent.kids, e)
		stack = append(stack, open{indent, e})
		last = e
	}
	return root
}

func (e *structElem) all(typ string) []*structElem {
	var out []*structElem
	var walk func(*structElem)
	walk = func(e *structElem) {
		if e.typ == typ {
			out = append(out, e)
		}
		for _, k := range e.kids {
			walk(k)
		}
	}
	walk(e)
	return out
}

func (e *structElem) kidTypes() []string {
	var out []string
	for _, k := range e.kids {
		out = append(out, k.typ)
	}
	return out
}

// tableShape checks one Table element, exactly: an optional Caption, then
// THead with one TR of TH cells, each with /Scope /Column, then TBody
// with TRs of TD cells, as many in each row as there are headers. It
// returns "columns x rows".
func tableShape(t *testing.T, tb *structElem) string {
	t.Helper()
	kids := tb.kidTypes()
	if len(kids) > 0 && kids[0] == "Caption" {
		kids = kids[1:]
	}
	if fmt.Sprint(kids) != "[THead TBody]" {
		t.Errorf("a Table holds %v, want [Caption] THead TBody", tb.kidTypes())
		return ""
	}
	head, body := tb.kids[len(tb.kids)-2], tb.kids[len(tb.kids)-1]
	if len(head.kids) != 1 || head.kids[0].typ != "TR" {
		t.Errorf("a THead holds %v, want one TR", head.kidTypes())
		return ""
	}
	cols := len(head.kids[0].kids)
	for _, th := range head.kids[0].kids {
		if th.typ != "TH" {
			t.Errorf("a header row holds %s, want TH only: %v", th.typ, head.kids[0].kidTypes())
		} else if fmt.Sprint(th.attrs) != "[/Scope /Column]" {
			t.Errorf("a TH has attributes %v, want /Scope /Column", th.attrs)
		}
	}
	for _, tr := range body.kids {
		if tr.typ != "TR" {
			t.Errorf("a TBody holds %s, want TR only", tr.typ)
			continue
		}
		if got := tr.kidTypes(); fmt.Sprint(got) != fmt.Sprint(repeat("TD", cols)) {
			t.Errorf("a body row holds %v, want %d TD", got, cols)
		}
	}
	return fmt.Sprintf("%dx%d", cols, len(body.kids))
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// The tables of a tagged PDF have the exact structure PDF/UA asks of
// them, checked element by element on the tree pdfinfo reads back (not by
// searching its text, where "TH" is found inside "THead"): header cells
// are TH with a column scope, body cells TD, a table that runs over a
// page is one table with one header row (the repeated header is an
// artifact), and a chart's data table is a table too.
func TestPDFTableStructure(t *testing.T) {
	var long strings.Builder
	long.WriteString("Table: Table 3: Services\n\n| Service | Rating |\n| --- | --- |\n")
	for i := 1; i <= 70; i++ {
		fmt.Fprintf(&long, "| Home %d | Good |\n", i)
	}
	md := []byte("# Tables\n\n1. The ratings are:\n\nTable: Table 1: Ratings\n\n| Rating | Number | Percentage |\n| --- | ---: | ---: |\n| Good | 248 | 77% |\n| Total | 322 | 100% |\n\n" +
		"```chart\ntitle: Figure 1: Homes rated Good\nseries: 2020 | 2021\nHeath | 80 | 85\nVale | 70 | 72\n```\n\n" +
		"Table: Table 2: Change\n\n| Rating | 2020 | 2021 | Change |\n| --- | ---: | ---: | ---: |\n| Good | 245 | 248 | ↑3 |\n| Inadequate | 3 | 8 | ↑5 |\n| Total | 317 | 322 | ↑5 |\n\n" +
		long.String())
	out := renderPDF(t, md)
	tree := parseStruct(t, poppler(t, "pdfinfo", out, "-struct"))
	var shapes []string
	for _, tb := range tree.all("Table") {
		shapes = append(shapes, tableShape(t, tb))
	}
	// Table 1, the chart's data table, Table 2, and Table 3 over pages.
	if got, want := fmt.Sprint(shapes), "[3x2 3x2 4x3 2x70]"; got != want {
		t.Errorf("tables (columns x rows) %s, want %s", got, want)
	}
	if n := pageCount(t, out); n < 2 {
		t.Errorf("the long table fits on %d page; the test needs it to run over", n)
	}
	// No cell is outside a row, and no row outside a table.
	for _, typ := range []string{"TH", "TD", "TR", "THead", "TBody"} {
		if got, want := len(tree.all(typ)), map[string]int{"TH": 3 + 3 + 4 + 2, "TD": 3*2 + 3*2 + 4*3 + 2*70, "TR": 3 + 3 + 4 + 71, "THead": 4, "TBody": 4}[typ]; got != want {
			t.Errorf("%d %s in the tree, want %d", got, typ, want)
		}
	}
}

// The parser reads whole element types, and attributes to their element.
func TestParseStruct(t *testing.T) {
	out := "Document\n  Table (block)\n    THead\n      TR\n        TH:\n           /Scope /Column\n        TD\n    TBody\n      TR\n        TD\n"
	tree := parseStruct(t, out)
	if got := fmt.Sprint(len(tree.all("TH")), len(tree.all("THead")), len(tree.all("TD"))); got != "1 1 2" {
		t.Errorf("TH, THead, TD counts %s, want 1 1 2", got)
	}
	if th := tree.all("TH")[0]; fmt.Sprint(th.attrs) != "[/Scope /Column]" {
		t.Errorf("TH attributes %v", th.attrs)
	}
	if head := tree.all("THead")[0]; fmt.Sprint(head.kids[0].kidTypes()) != "[TH TD]" {
		t.Errorf("header row %v", head.kids[0].kidTypes())
	}
}
