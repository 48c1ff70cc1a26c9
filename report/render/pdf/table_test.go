package pdf

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/carereport/carereport/report/doc"
)

func testWriter(t *testing.T) *writer {
	t.Helper()
	f := newDoc(Options{Date: time.Date(2019, 11, 11, 0, 0, 0, 0, time.UTC)})
	f.AddPage()
	return &writer{f: f}
}

func cellsOf(texts ...string) []tcell {
	var out []tcell
	for _, s := range texts {
		out = append(out, tcell{runs: []run{{text: s, st: style{size: tableSize}}}})
	}
	return out
}

func TestTableWidths(t *testing.T) {
	w := testWriter(t)
	cases := map[string]*tmodel{
		"fits": {header: trow{cells: cellsOf("Rating", "Number")}, rows: []trow{{cells: cellsOf("Good", "12")}}},
		"headings wrap": {
			header: trow{cells: cellsOf("Key question", "Outstanding", "Good", "Good or better", "Requires Improvement", "Inadequate", "Total")},
			rows:   []trow{{cells: cellsOf("Responsive", "14", "91", "94%", "6", "1", "112")}},
		},
		"long text": {
			header: trow{cells: cellsOf("Care home", "Locality", "Beds", "Rating", "Report published")},
			rows: []trow{
				{cells: cellsOf("Brookfield Residential Care Home with a name that goes on", "Ottery St Mary", "19", "Requires Improvement", "28 February 2019")},
			},
		},
		"too wide": {
			header: trow{cells: cellsOf(strings.Split("Area 2012 2013 2014 2015 2016 2017 2018 2019 2020 2021 2022 2023 2024 2025", " ")...)},
			rows:   []trow{{cells: cellsOf(strings.Split("Devon 1,234 1,234 1,234 1,234 1,234 1,234 1,234 1,234 1,234 1,234 1,234 1,234 1,234 1,234", " ")...)}},
		},
	}
	const width = 170.0
	for name, m := range cases {
		t.Run(name, func(t *testing.T) {
			w.layoutTable(m, width)
			if got := sum(m.widths); got < width-0.01 || got > width+0.01 {
				t.Errorf("widths add up to %.2f, want %.0f", got, width)
			}
			for _, r := range m.allRows() {
				for i, c := range r.cells {
					for _, l := range c.lines {
						if l.w > m.widths[i]-2*cellPadX+0.01 {
							t.Errorf("column %d: line %.1f mm wider than its cell %.1f mm", i, l.w, m.widths[i])
						}
					}
				}
			}
			// Numbers and short words are never cut.
			for i, c := range m.rows[0].cells {
				if len(c.lines) != 1 && len(strings.Fields(c.runs[0].text)) == 1 {
					t.Errorf("cell %d %q was cut across lines", i, c.runs[0].text)
				}
			}
		})
	}
	if m := cases["too wide"]; m.size >= tableSize {
		t.Errorf("a too-wide table should be set smaller, got %v pt", m.size)
	}
	if m := cases["headings wrap"]; len(m.header.cells[0].lines) != 1 {
		t.Errorf("\"Key question\" should stay on one line when other headings can wrap")
	}
}

// A wide table of names and text is set smaller when that saves a fifth
// of its lines; a table that fits keeps the body size.
func TestTableSizeSavesWrapping(t *testing.T) {
	w := testWriter(t)
	header := cellsOf("Service", "Provider", "Type", "Rating", "Published", "Previous rating", "Key questions below Good")
	var rows []trow
	for range 10 {
		rows = append(rows, trow{cells: cellsOf("Heatherside House Care Centre", "Heatherside Care Limited", "care home with nursing",
			"Requires Improvement", "13 Jan 2021", "Requires Improvement", "Safe, Effective, Caring, Responsive, Well-led")})
	}
	wide := &tmodel{header: trow{cells: header}, rows: rows}
	w.layoutTable(wide, 170)
	if wide.size >= tableSize || wide.size < minWrapSize {
		t.Errorf("wide table of text: %v pt, want below %v and at least %v", wide.size, tableSize, minWrapSize)
	}
	// At the size chosen, its lines are no more than four fifths of
	// those at the body size.
	chosen := 0
	for _, r := range wide.allRows() {
		chosen += int((r.h-2*cellPadY)/lineHeight(wide.size) + 0.5)
	}
	w.retoken(wide, tableSize)
	if full := w.layoutAt(wide, 170, tableSize); float64(chosen) > 0.8*float64(full) {
		t.Errorf("%v pt takes %d lines against %d at %v pt: not worth the smaller font", wide.size, chosen, full, tableSize)
	}
	plain := &tmodel{header: trow{cells: cellsOf("Rating", "Number of care homes", "Percentage")},
		rows: []trow{{cells: cellsOf("Requires Improvement", "30", "9%")}}}
	w.layoutTable(plain, 170)
	if plain.size != tableSize {
		t.Errorf("a table that fits is set at %v pt, want %v", plain.size, tableSize)
	}
}

// lessWrapping spends the room where it saves lines (a row is as tall as
// its tallest cell): the appendix of services takes fewer lines than with
// fairShare's widths alone.
func TestLessWrapping(t *testing.T) {
	w := testWriter(t)
	var rows []trow
	for range 5 {
		rows = append(rows, trow{cells: cellsOf("Heatherside House Care Centre", "Heatherside Care Limited", "care home with nursing",
			"Requires Improvement", "13 Jan 2021", "Requires Improvement", "Safe, Effective, Caring, Responsive, Well-led")})
	}
	m := &tmodel{header: trow{cells: cellsOf("Service", "Provider", "Type", "Rating", "Published", "Previous rating", "Key questions below Good")}, rows: rows}
	w.retoken(m, tableSize)
	got := w.layoutAt(m, 170, tableSize)
	// The same table with fairShare's widths alone.
	n := m.ncols()
	minW, maxW := make([]float64, n), make([]float64, n)
	for ri, r := range m.allRows() {
		for i, c := range r.cells {
			nat, widest := w.natural(c.toks, tableSize)
			minW[i] = max(minW[i], widest+2*cellPadX, 8)
			if ri > 0 {
				maxW[i] = max(maxW[i], nat+2*cellPadX)
			}
		}
	}
	for i := range maxW {
		maxW[i] = max(maxW[i], minW[i])
	}
	fair := make([]float64, n)
	fairShare(fair, minW, maxW, 170)
	before := 0
	for _, r := range m.allRows() {
		lines := 1
		for i, c := range r.cells {
			lines = max(lines, len(w.wrap(c.toks, fair[i]-2*cellPadX, tableSize)))
		}
		before += lines
	}
	if got >= before {
		t.Errorf("lessWrapping: %d lines, fairShare alone %d: no lines saved", got, before)
	}
	if s := sum(m.widths); s < 169.99 || s > 170.01 {
		t.Errorf("widths add up to %.2f, want 170", s)
	}
}

// Rows break across pages where they stop fitting, but the last page of a
// table never holds only its last row or two: rows move to it from the
// page before while that keeps headRows.
func TestRowBreaks(t *testing.T) {
	rows := func(n int) []float64 {
		h := make([]float64, n)
		for i := range h {
			h[i] = 10
		}
		return h
	}
	cases := []struct {
		name       string
		heights    []float64
		first, all float64
		want       string
	}{
		{"fits", rows(7), 70, 200, "[]"},
		{"one row over", rows(7), 65, 200, "[4]"},       // 6 + 1 would leave 1: 4 + 3
		{"two rows over", rows(7), 55, 200, "[4]"},      // 5 + 2 would leave 2: 4 + 3
		{"three rows over", rows(7), 45, 200, "[4]"},    // 4 + 3 as it comes
		{"five rows", rows(5), 45, 200, "[2]"},          // 4 + 1 would leave 1: 2 + 3
		{"too short to give", rows(4), 35, 200, "[3]"},  // 3 + 1: the first page cannot give 2 and keep 2
		{"many pages", rows(25), 45, 100, "[4 14 22]"},  // 4, 10, 8 + 3 rather than 4, 10, 10, 1
		{"last page too small", rows(7), 65, 25, "[6]"}, // the last page cannot take 3 rows
		{"tall row", []float64{10, 10, 10, 300, 10}, 100, 280, "[3 4]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(rowBreaks(c.heights, c.first, c.all)); got != c.want && !(got == "[]" && c.want == "[]") {
			t.Errorf("%s: breaks %s, want %s", c.name, got, c.want)
		}
	}
}

// A short table whose labels wrap keeps the body size, as the tables
// beside it do.
func TestShortTableKeepsSize(t *testing.T) {
	w := testWriter(t)
	m := &tmodel{header: trow{cells: cellsOf("Services", "Outstanding", "Good", "Requires Improvement", "Inadequate", "Not yet rated", "Total")}}
	for _, g := range []string{"All care homes for working age adults", "Residential homes", "Nursing homes", "Learning disability", "Physical or sensory impairment"} {
		m.rows = append(m.rows, trow{cells: cellsOf(g, "7", "95", "8", "2", "2", "114")})
	}
	w.layoutTable(m, 170)
	if m.size != tableSize {
		t.Errorf("short table set at %v pt, want %v", m.size, tableSize)
	}
}

// The total row is the row marked Total, set in bold across the row,
// whatever its first cell reads: "All services" marked so is bold, a row
// reading "Total" that is not marked is not.
func TestTotalRowFromModel(t *testing.T) {
	w := testWriter(t)
	words := func(s string) doc.Cell { return doc.Cell{doc.Text{S: s}} }
	m := w.tableModel(&doc.Table{
		Header: []doc.Cell{words("Service"), words("Number")},
		Rows: []doc.Row{
			{Cells: []doc.Cell{words("Care homes"), words("10")}},
			{Cells: []doc.Cell{words("All services"), words("12")}, Total: true},
			{Cells: []doc.Cell{words("Total"), words("22")}},
		},
	})
	for i, want := range []bool{false, true, false} {
		for c, cell := range m.rows[i].cells {
			for _, r := range cell.runs {
				if r.st.bold != want {
					t.Errorf("row %d cell %d %q: bold %v, want %v", i, c, r.text, r.st.bold, want)
				}
			}
		}
	}
}

// A row taller than a page is cut between its lines into pieces that
// each fit a page, keeping every line once and in order; shorter rows
// stay whole.
func TestSplitRowsTallerThanPage(t *testing.T) {
	lh := 5.0
	cell := func(n int) tcell {
		c := tcell{}
		for i := range n {
			c.lines = append(c.lines, line{w: float64(i)})
		}
		return c
	}
	rows := []trow{
		{cells: []tcell{cell(1), cell(2)}, h: 2*lh + 2*cellPadY},
		{cells: []tcell{cell(3), cell(95)}, h: 95*lh + 2*cellPadY, shade: true},
		{cells: []tcell{cell(1)}, h: lh + 2*cellPadY},
	}
	room := 40*lh + 2*cellPadY
	ps := splitRows(rows, room, room, lh)
	if len(ps) != 5 { // 1 + ceil(95/40) + 1
		t.Fatalf("%d pieces, want 5", len(ps))
	}
	got := 0
	for i, p := range ps {
		if p.row.h > room+1e-6 {
			t.Errorf("piece %d is %.1f tall, more than the page's %.1f", i, p.row.h, room)
		}
		if i >= 1 && i <= 3 {
			if !p.row.shade || p.more != (i > 1) || p.last != (i == 3) {
				t.Errorf("piece %d: shade %v more %v last %v", i, p.row.shade, p.more, p.last)
			}
			for _, l := range p.row.cells[1].lines {
				if int(l.w) != got {
					t.Fatalf("piece %d: line %d where %d was next", i, int(l.w), got)
				}
				got++
			}
		}
	}
	if got != 95 {
		t.Errorf("%d of the 95 lines drawn", got)
	}
	if len(ps[1].row.cells[0].lines) != 3 || len(ps[2].row.cells[0].lines) != 0 {
		t.Errorf("the short cell of the tall row: %d then %d lines", len(ps[1].row.cells[0].lines), len(ps[2].row.cells[0].lines))
	}
	if !ps[0].last || ps[0].more || !ps[4].last {
		t.Error("a row that fits is not one whole piece")
	}
	// The first piece fills the room left under the first row; with
	// under minSplitLines lines of room left it starts on the next page.
	if left := room - rows[0].h; ps[1].row.h > left+1e-6 || ps[1].row.h < left-lh {
		t.Errorf("the first piece is %.1f tall in %.1f of room", ps[1].row.h, left)
	}
	ps = splitRows(rows[:2], 4*lh+2*cellPadY, room, lh)
	if n := len(ps[1].row.cells[1].lines); n != 40 {
		t.Errorf("with two lines of room the first piece has %d lines, want a page's 40", n)
	}
}
