package xlsx

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/report/load/sheet"
)

const (
	sheetHead = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	sheetTail = `</sheetData></worksheet>`
)

// xrow is a worksheet row numbered r (none if r is "") holding one text
// cell in column A.
func xrow(r, text string) string {
	if r == "" {
		return `<row><c t="str"><v>` + text + `</v></c></row>`
	}
	return `<row r="` + r + `"><c r="A` + r + `" t="str"><v>` + text + `</v></c></row>`
}

// A worksheet's rows must come in order: a row numbered at or before the
// row above it is damage (Excel never writes it), and reading on would
// give the rows in an order the file does not mean. Rows with gaps, or
// without numbers (each then follows the one above), are sound.
func TestRowsOutOfOrderRefused(t *testing.T) {
	for name, c := range map[string]struct {
		rows []string
		want string
	}{
		"5 before 3":       {[]string{xrow("5", "Heath"), xrow("3", "Vale")}, "rows out of order (row 3 after row 5)"},
		"a row twice":      {[]string{xrow("2", "Heath"), xrow("2", "Vale")}, "rows out of order (row 2 after row 2)"},
		"after unnumbered": {[]string{xrow("", "Heath"), xrow("", "Vale"), xrow("2", "Moor")}, "rows out of order (row 2 after row 2)"},
	} {
		t.Run(name, func(t *testing.T) {
			_, got, err := readAll(t, withSheet(t, sheetHead+strings.Join(c.rows, "")+sheetTail, nil), nil, sheet.DefaultLimits())
			if err == nil {
				t.Fatalf("read %v without an error", got)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), `test.xlsx: sheet "Sheet1": `) {
				t.Errorf("got %q, want the file, the sheet and %q", err, c.want)
			}
		})
	}
	// In order, with a gap and with unnumbered rows: read as numbered.
	xml := sheetHead + xrow("1", "Heath") + xrow("4", "Vale") + xrow("", "Moor") + xrow("9", "Fen") + sheetTail
	_, got, err := readAll(t, withSheet(t, xml, nil), nil, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, got, r(1, "Heath"), r(4, "Vale"), r(5, "Moor"), r(9, "Fen"))
}

// A tag longer than 1 MB is refused with an error naming the limit, not
// gathered (a real worksheet's longest tag is a few hundred bytes); one
// just under the limit is read.
func TestTagOverOneMBRefused(t *testing.T) {
	tag := func(n int) string {
		return sheetHead + `<row r="1"><c r="A1" t="str" x="` + strings.Repeat("a", n) + `"><v>Heath</v></c></row>` + sheetTail
	}
	_, got, err := readAll(t, withSheet(t, tag(1<<20+1<<10), nil), nil, sheet.DefaultLimits())
	if err == nil {
		t.Fatalf("a tag of 1 MB and 1 kB: read %v without an error", got)
	}
	if want := `test.xlsx: sheet "Sheet1": row 1: a tag of more than 1024 kB`; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %.200q, want %q", err, want)
	}
	_, got, err = readAll(t, withSheet(t, tag(1<<20-1<<10), nil), nil, sheet.DefaultLimits())
	if err != nil {
		t.Fatalf("a tag just under 1 MB: %.200v", err)
	}
	checkRows(t, got, r(1, "Heath"))
}
