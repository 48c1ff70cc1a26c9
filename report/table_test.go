package report

import (
	"encoding/json"
	"strings"
	"testing"
)

// Percentages are rounded half up, with integers so that no float error
// can turn 12.5 into 12.
func TestPctHalfUp(t *testing.T) {
	cases := []struct {
		n, d, dec int
		want      float64
	}{
		{1, 8, 0, 13},     // 12.5
		{3, 8, 0, 38},     // 37.5
		{5, 8, 0, 63},     // 62.5
		{1, 3, 0, 33},     // 33.33
		{2, 3, 0, 67},     // 66.67
		{149, 200, 0, 75}, // 74.5
		{0, 7, 0, 0},
		{7, 7, 0, 100},
		{1, 8, 1, 12.5},
		{1, 16, 1, 6.3}, // 6.25
		{1, 3, 1, 33.3},
		{2, 3, 1, 66.7},
		{1, 2000, 1, 0.1}, // 0.05
		{1, 2001, 1, 0},   // 0.049975
		{-1, 8, 0, -13},
	}
	for _, c := range cases {
		got, ok := Pct(c.n, c.d, c.dec)
		if !ok || got != c.want {
			t.Errorf("Pct(%d, %d, %d) = %v, %v; want %v", c.n, c.d, c.dec, got, ok, c.want)
		}
	}
	if _, ok := Pct(1, 0, 0); ok {
		t.Error("Pct of nothing should not be ok")
	}
	if !PctCell(0, 0, 0).IsNull() {
		t.Error("PctCell of nothing should be empty")
	}
	if s := PctCell(1, 8, 1).String(); s != "12.5" {
		t.Errorf("one decimal prints %q", s)
	}
	if s := PctCell(1, 2, 1).String(); s != "50.0" {
		t.Errorf("one decimal prints %q", s)
	}
	if s := PctCell(1, 8, 0).String(); s != "13" {
		t.Errorf("no decimals prints %q", s)
	}
}

func TestTableCSVAndJSON(t *testing.T) {
	tb := &Table{ID: "x", Columns: []string{"rating", "all", "all_pct"},
		Rows: [][]Cell{{Str("good"), Int(3), PctCell(3, 8, 0)}, {Str("=cmd"), Int(0), Null()}}}
	b, err := tb.CSV()
	if err != nil {
		t.Fatal(err)
	}
	if want := "rating,all,all_pct\ngood,3,38\n'=cmd,0,\n"; string(b) != want {
		t.Errorf("CSV:\n%s\nwant\n%s", b, want)
	}
	set := &TableSet{Authority: "A", AsAt: "2019-11-01", Tables: []*Table{tb}}
	j, err := set.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Tables []struct {
			Rows [][]any `json:"rows"`
		} `json:"tables"`
	}
	if err := json.Unmarshal(j, &back); err != nil {
		t.Fatal(err)
	}
	row := back.Tables[0].Rows[0]
	if row[1] != 3.0 || row[2] != 38.0 {
		t.Errorf("counts and percentages should be JSON numbers: %v", row)
	}
	if back.Tables[0].Rows[1][2] != nil {
		t.Errorf("an empty cell should be null")
	}
	if !strings.HasSuffix(string(j), "\n") {
		t.Error("JSON should end with a newline")
	}
	if c, ok := tb.Cell("good", "all_pct"); !ok || c.Num != 38 {
		t.Errorf("Cell lookup: %v %v", c, ok)
	}
}
