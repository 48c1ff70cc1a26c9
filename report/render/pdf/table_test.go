package pdf

import (
	"strings"
	"testing"
	"time"
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
