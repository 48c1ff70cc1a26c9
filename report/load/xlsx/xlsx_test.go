package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/carereport/carereport/report/load/sheet"
)

type gotRow struct {
	n     int
	cells []string
}

func r(n int, cells ...string) gotRow { return gotRow{n, cells} }

// book builds a workbook; build fills it.
func mkBook(t testing.TB, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	build(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func set(t testing.TB, f *excelize.File, sh, cell string, v any, style int) {
	t.Helper()
	if err := f.SetCellValue(sh, cell, v); err != nil {
		t.Fatal(err)
	}
	if style != 0 {
		if err := f.SetCellStyle(sh, cell, cell, style); err != nil {
			t.Fatal(err)
		}
	}
}

func style(t testing.TB, f *excelize.File, s *excelize.Style) int {
	t.Helper()
	id, err := f.NewStyle(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func readAll(t testing.TB, data []byte, want []string, lim sheet.Limits) (string, []gotRow, error) {
	t.Helper()
	rows, name, err := OpenSheetReader(bytes.NewReader(data), int64(len(data)), "test.xlsx", want, lim)
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	out, err := drain(rows)
	return name, out, err
}

// drain reads every row left in rows.
func drain(rows sheet.Rows) ([]gotRow, error) {
	var out []gotRow
	for {
		c, n, err := rows.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, gotRow{n, append([]string(nil), c...)})
	}
}

func checkRows(t *testing.T, got []gotRow, want ...gotRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d:\n got %v\nwant %v", len(got), len(want), got, want)
	}
	for i := range want {
		if got[i].n != want[i].n || !reflect.DeepEqual(got[i].cells, want[i].cells) {
			t.Errorf("row %d: got %d %q, want %d %q", i, got[i].n, got[i].cells, want[i].n, want[i].cells)
		}
	}
}

func TestSheetChosenByName(t *testing.T) {
	data := mkBook(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Notes")
		f.NewSheet("HSCA Active Locations")
		f.NewSheet("Dual_Registration_Locations")
		set(t, f, "Notes", "A1", "read me", 0)
		set(t, f, "HSCA Active Locations", "A1", "Location ID", 0)
		set(t, f, "HSCA Active Locations", "A2", "1-1", 0)
		set(t, f, "Dual_Registration_Locations", "A1", "dual", 0)
	})
	name, got, err := readAll(t, data, []string{"HSCA_Active_Locations"}, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if name != "HSCA Active Locations" {
		t.Errorf("name %q", name)
	}
	checkRows(t, got, r(1, "Location ID"), r(2, "1-1"))

	name, _, _ = readAll(t, data, nil, sheet.DefaultLimits())
	if name != "Notes" {
		t.Errorf("no want: %q", name)
	}
	name, _, _ = readAll(t, data, []string{"Dual_Registration_Locations", "hsca active locations"}, sheet.DefaultLimits())
	if name != "HSCA Active Locations" {
		t.Errorf("two wanted: %q", name)
	}
	_, _, err = readAll(t, data, []string{"Locations"}, sheet.DefaultLimits())
	want := `test.xlsx: no sheet named "Locations" (sheets: "Notes", "HSCA Active Locations", "Dual_Registration_Locations")`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestHeaderUnderPreambleAndGaps(t *testing.T) {
	data := mkBook(t, func(f *excelize.File) {
		// A stream writer, because SetCellValue far down the sheet
		// fills every row in between.
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			cell string
			vals []any
		}{
			{"A1", []any{"Care directory with filters"}},
			{"A2", []any{"Source: CQC database as at 01 November 2019"}},
			{"A3", []any{nil, ""}},
			{"A4", []any{"Notice"}},
			{"A8", []any{"Location ID", nil, "Location Name"}},
			{"A9", []any{"1-101", "", "Rose House\nAnnexe", nil, ""}},
			{"A1048000", []any{"far down"}},
		} {
			if err := sw.SetRow(c.cell, c.vals); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
	})
	_, got, err := readAll(t, data, nil, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, got,
		r(1, "Care directory with filters"),
		r(2, "Source: CQC database as at 01 November 2019"),
		r(4, "Notice"),
		r(8, "Location ID", "", "Location Name"),
		r(9, "1-101", "", "Rose House\nAnnexe"),
		r(1048000, "far down"),
	)
	// The gap is read, not timed: speed is for the benchmarks.
}

func TestValues(t *testing.T) {
	ddmm := "dd/mm/yyyy"
	dmyhm := `d/m/yyyy\ h:mm:ss`
	money := `"£"#,##0.00`
	data := mkBook(t, func(f *excelize.File) {
		date := style(t, f, &excelize.Style{NumFmt: 14})
		dateTime := style(t, f, &excelize.Style{NumFmt: 22})
		custom := style(t, f, &excelize.Style{CustomNumFmt: &ddmm})
		customDT := style(t, f, &excelize.Style{CustomNumFmt: &dmyhm})
		pct := style(t, f, &excelize.Style{NumFmt: 10})
		thousands := style(t, f, &excelize.Style{NumFmt: 4})
		gbp := style(t, f, &excelize.Style{CustomNumFmt: &money})
		timeOnly := style(t, f, &excelize.Style{NumFmt: 21})
		d := time.Date(2019, 11, 1, 0, 0, 0, 0, time.UTC)
		set(t, f, "Sheet1", "A1", d, date)
		set(t, f, "Sheet1", "B1", d, dateTime)
		set(t, f, "Sheet1", "C1", d.Add(13*time.Hour+45*time.Minute), dateTime)
		set(t, f, "Sheet1", "D1", d.AddDate(0, 0, 1), custom)
		set(t, f, "Sheet1", "E1", d.Add(13*time.Hour+45*time.Minute+7*time.Second), customDT)
		set(t, f, "Sheet1", "F1", 0.25, pct)
		set(t, f, "Sheet1", "G1", 1234.5, thousands)
		set(t, f, "Sheet1", "H1", -3, gbp)
		set(t, f, "Sheet1", "I1", true, 0)
		set(t, f, "Sheet1", "J1", false, 0)
		set(t, f, "Sheet1", "K1", "text styled as a date", custom)
		set(t, f, "Sheet1", "L1", 0.5, timeOnly)
		set(t, f, "Sheet1", "M1", 51.5074, 0)
		set(t, f, "Sheet1", "N1", "Tom & Jerry <x>", 0)
	})
	_, got, err := readAll(t, data, nil, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, got, r(1,
		"2019-11-01", "2019-11-01", "2019-11-01 13:45", "2019-11-02", "2019-11-01 13:45:07",
		"0.25", "1234.5", "-3", "TRUE", "FALSE", "text styled as a date", "12:00:00", "51.5074", "Tom & Jerry <x>"))
}

func TestClassifyCode(t *testing.T) {
	for code, want := range map[string]fmtKind{
		"General":                fmtKeep,
		"@":                      fmtKeep,
		"0.00":                   fmtNumber,
		"#,##0;[Red]-#,##0":      fmtNumber,
		"0.00E+00":               fmtNumber,
		`"£"#,##0.00`:            fmtNumber,
		`"days "0`:               fmtNumber,
		"[$-809]dd/mm/yyyy":      fmtDate,
		"mmm-yy":                 fmtDate,
		"d mmmm yyyy":            fmtDate,
		"yyyy-mm-dd hh:mm":       fmtDateTime,
		"m/d/yyyy h:mm:ss AM/PM": fmtDateTime,
		"hh:mm":                  fmtKeep,
		"[h]:mm:ss":              fmtKeep,
		"mm:ss":                  fmtKeep,
	} {
		if got := classifyCode(code); got != want {
			t.Errorf("%q: got %v, want %v", code, got, want)
		}
	}
}

func TestLimits(t *testing.T) {
	data := mkBook(t, func(f *excelize.File) {
		set(t, f, "Sheet1", "A1", "ok", 0)
		set(t, f, "Sheet1", "L2", "twelfth", 0)
		for i := 3; i <= 6; i++ {
			set(t, f, "Sheet1", "A"+string(rune('0'+i)), "x", 0)
		}
	})
	_, got, err := readAll(t, data, nil, sheet.Limits{MaxCols: 11})
	want := `test.xlsx: sheet "Sheet1": row 2: too many columns (limit 11)`
	if err == nil || err.Error() != want || len(got) != 1 {
		t.Errorf("columns: got %d rows, %v; want %s", len(got), err, want)
	}
	_, got, err = readAll(t, data, nil, sheet.Limits{MaxRows: 4})
	want = `test.xlsx: sheet "Sheet1": row 5: too many rows (limit 4)`
	if err == nil || err.Error() != want || len(got) != 4 {
		t.Errorf("rows: got %d rows, %v; want %s", len(got), err, want)
	}
	_, _, err = readAll(t, data, nil, sheet.Limits{MaxUncompressed: 1000})
	if err == nil || !strings.HasPrefix(err.Error(), "test.xlsx: the workbook declares more than 1000 bytes uncompressed") {
		t.Errorf("size: got %v", err)
	}
	if _, _, err := readAll(t, data, nil, sheet.Limits{}); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

func TestBadFiles(t *testing.T) {
	good := mkBook(t, func(f *excelize.File) { set(t, f, "Sheet1", "A1", "x", 0) })
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"not a zip": {[]byte("Location ID,Name\n"), "test.xlsx: not a readable XLSX file"},
		"empty":     {nil, "test.xlsx: not a readable XLSX file"},
		"truncated": {good[:len(good)/2], "test.xlsx: not a readable XLSX file"},
		"ole":       {ole, "test.xlsx: not a readable XLSX file (it is a password-protected workbook or an old .xls)"},
		"ods":       {odsLike(t), "test.xlsx: not an XLSX workbook: it has no [Content_Types].xml"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := readAll(t, c.data, nil, sheet.DefaultLimits())
			if err == nil {
				t.Fatal("no error")
			}
			t.Log(err)
			if !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("got %q, want prefix %q", err, c.want)
			}
		})
	}
}

// odsLike is a zip with no workbook in it.
func odsLike(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"mimetype", "content.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, "<office:document-content/>")
	}
	zw.Close()
	return buf.Bytes()
}

func TestOpenSheetFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.xlsx")
	os.WriteFile(p, mkBook(t, func(f *excelize.File) { set(t, f, "Sheet1", "B2", "v", 0) }), 0o644)
	rows, name, err := OpenSheet(p, []string{"sheet1"}, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	c, n, err := rows.Next()
	if name != "Sheet1" || err != nil || n != 2 || !reflect.DeepEqual(c, []string{"", "v"}) {
		t.Errorf("got %q %q %d %v", name, c, n, err)
	}
	if _, _, err := rows.Next(); err != io.EOF {
		t.Errorf("want EOF, got %v", err)
	}
	if err := rows.Close(); err != nil {
		t.Error(err)
	}
	_, _, err = OpenSheet(p, []string{"HSCA_Active_Locations"}, sheet.DefaultLimits())
	if want := p + `: no sheet named "HSCA_Active_Locations" (sheets: "Sheet1")`; err == nil || err.Error() != want {
		t.Errorf("got %v", err)
	}
}

func FuzzXLSX(f *testing.F) {
	f.Add(mkBook(f, func(x *excelize.File) {
		set(f, x, "Sheet1", "A1", "x", 0)
		set(f, x, "Sheet1", "C3", 3.5, 0)
	}))
	lim := sheet.Limits{MaxUncompressed: 4 << 20, MaxRows: 5000, MaxCols: 500}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, _, err := OpenSheetReader(bytes.NewReader(data), int64(len(data)), "fuzz.xlsx", nil, lim)
		if err != nil {
			return
		}
		defer rows.Close()
		for {
			c, n, err := rows.Next()
			if err != nil {
				return
			}
			if len(c) == 0 || c[len(c)-1] == "" || n < 1 || n > lim.MaxRows || len(c) > lim.MaxCols {
				t.Fatalf("row %d: %q", n, c)
			}
		}
	})
}

// rezip writes the zip again with the part name's data replaced.
func rezip(t testing.TB, data []byte, part string, replace func([]byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == part {
			b = replace(b)
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

func bigBook(t testing.TB, rows int) []byte {
	return mkBook(t, func(f *excelize.File) {
		for i := 1; i <= rows; i++ {
			set(t, f, "Sheet1", "A"+itoa(i), "1-"+itoa(i), 0)
			set(t, f, "Sheet1", "B"+itoa(i), i*7, 0)
			set(t, f, "Sheet1", "C"+itoa(i), "Heath", 0)
		}
	})
}

func itoa(i int) string { return strconv.Itoa(i) }

// A damaged worksheet is an error, never a shorter table: the XML cut
// at 85% (in a well-formed zip), or bytes flipped in the compressed data
// near its end.
func TestDamagedWorksheet(t *testing.T) {
	good := bigBook(t, 3000)
	_, all, err := readAll(t, good, nil, sheet.DefaultLimits())
	if err != nil || len(all) != 3000 {
		t.Fatalf("good book: %d rows, %v", len(all), err)
	}
	cut := rezip(t, good, "xl/worksheets/sheet1.xml", func(b []byte) []byte { return b[:len(b)*85/100] })
	if _, got, err := readAll(t, cut, nil, sheet.DefaultLimits()); err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("cut at 85%%: %d rows, err %v", len(got), err)
	}
	// Flip 40 bytes at 95% of the compressed worksheet.
	zr, _ := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	var off int64
	var csize uint64
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			off, _ = f.DataOffset()
			csize = f.CompressedSize64
		}
	}
	bad := append([]byte(nil), good...)
	at := off + int64(csize)*95/100
	for i := int64(0); i < 40 && at+i < off+int64(csize); i++ {
		bad[at+i] ^= 0x5a
	}
	if _, got, err := readAll(t, bad, nil, sheet.DefaultLimits()); err == nil {
		t.Errorf("flipped bytes: read %d rows without an error", len(got))
	} else if !strings.Contains(err.Error(), "test.xlsx") {
		t.Errorf("the error does not name the file: %v", err)
	}
}

// A styles part that inflates to far more than any real one is refused
// without being inflated whole (excelize held every part in memory).
func TestStylesBombRefused(t *testing.T) {
	good := mkBook(t, func(f *excelize.File) { set(t, f, "Sheet1", "A1", "x", 0) })
	bomb := rezip(t, good, "xl/styles.xml", func(b []byte) []byte {
		return append(b, bytes.Repeat([]byte(" "), 64<<20)...)
	})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, _, err := readAll(t, bomb, nil, sheet.DefaultLimits())
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "xl/styles.xml inflates to more than 32 MB") {
		t.Errorf("styles bomb: %v", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 200<<20 {
		t.Errorf("reading it allocated %d MB", grew>>20)
	}
}

// withSheet is a one-sheet workbook whose worksheet part is xml (and
// whose other parts are replaced as given).
func withSheet(t testing.TB, xml string, parts map[string][]byte) []byte {
	t.Helper()
	good := mkBook(t, func(f *excelize.File) { set(t, f, "Sheet1", "A1", "x", 0) })
	data := rezip(t, good, "xl/worksheets/sheet1.xml", func([]byte) []byte { return []byte(xml) })
	for name, b := range parts {
		data = rezip(t, data, name, func([]byte) []byte { return b })
	}
	return data
}

// Hostile worksheets are refused with a short error line and without
// gathering what they inflate to: a cell of 17 MB of text, a
// phonetic hint that runs on for megabytes (this panicked), a value too
// long to quote whole.
func TestHostileWorksheet(t *testing.T) {
	const head = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">`
	const tail = `</row></sheetData></worksheet>`
	big := strings.Repeat("a", 17<<20)
	for name, c := range map[string]struct{ xml, want string }{
		"inline text":    {head + `<c r="A1" t="inlineStr"><is><t>` + big + `</t></is></c>` + tail, "row 1: the row holds more than 16 MB of text"},
		"str value":      {head + `<c r="A1" t="str"><v>` + big + `</v></c>` + tail, "row 1: the row holds more than 16 MB of text"},
		"many cells":     {head + strings.Repeat(`<c t="str"><v>`+strings.Repeat("b", 1<<20)+`</v></c>`, 20) + tail, "row 1: the row holds more than 16 MB of text"},
		"digits":         {head + `<c r="A1"><v>` + strings.Repeat("1", 100<<10) + `</v></c>` + tail, `cell A1: a number "1111111111111111111111111111111111111111"...`},
		"rPh runs on":    {head + `<c r="A1" t="inlineStr"><is><rPh>` + strings.Repeat("p", 3<<20), "cut short"},
		"long cell type": {head + `<c r="A1" t="` + strings.Repeat("z", 100<<10) + `"><v>1</v></c>` + tail, `an unknown cell type "zzzz`},
	} {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, _, err := readAll(t, withSheet(t, c.xml, nil), nil, sheet.DefaultLimits())
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %.300v, want %q", err, c.want)
			}
			if n := len(err.Error()); n > 200 {
				t.Errorf("the error line is %d bytes long", n)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 400<<20 {
				t.Errorf("reading it allocated %d MB", grew>>20)
			}
		})
	}
	// A long phonetic hint that does end is passed over.
	xml := head + `<c r="A1" t="inlineStr"><is><t>Heath</t><rPh><t>` + strings.Repeat("p", 3<<20) + `</t></rPh></is></c>` + tail
	_, got, err := readAll(t, withSheet(t, xml, nil), nil, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, got, r(1, "Heath"))
}

// The shared strings are held within bounds: an unbroken string of
// megabytes, or more text in all than any real workbook has, is refused.
func TestHostileSharedStrings(t *testing.T) {
	const sheetXML = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`
	sst := func(body string) []byte {
		return []byte(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + body + `</sst>`)
	}
	// The text limit (64 MB) lowered to 8 MB, to keep the test quick.
	defer func(n int) { sharedTextLimit = n }(sharedTextLimit)
	sharedTextLimit = 8 << 20
	for name, c := range map[string]struct {
		sst  []byte
		want string
	}{
		"one long string": {sst(`<si><t>` + strings.Repeat("a", 2<<20) + `</t></si>`), "xl/sharedStrings.xml holds a string or tag of more than 1 MB"},
		"too much text":   {sst(strings.Repeat(`<si><t>`+strings.Repeat("a", 4000)+`</t></si>`, 2200)), "xl/sharedStrings.xml holds more than 8 MB of text"},
	} {
		t.Run(name, func(t *testing.T) {
			data := withSheet(t, sheetXML, map[string][]byte{"xl/sharedStrings.xml": c.sst})
			_, _, err := readAll(t, data, nil, sheet.DefaultLimits())
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %.300v, want %q", err, c.want)
			}
		})
	}
	// Rich text runs are joined, phonetic hints left out, and an <si>
	// never closed does not lend its text to the next.
	data := withSheet(t, `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>`,
		map[string][]byte{"xl/sharedStrings.xml": sst(`<si><r><t>Oak </t></r><r><t>House</t></r><rPh><t>oku</t></rPh></si><si><t>lost<si><t>Heath</t></si>`)})
	_, got, err := readAll(t, data, nil, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, got, r(1, "Oak House", "Heath"))
}

// The workbook's small parts: a workbook.xml or relationships part of
// megabytes is refused (a 32 MB one took 390 MB to read), a damaged
// relationships part is an error rather than a guess at which part is
// the sheet, and a styles part with many custom formats is read in
// linear time (each cell style once looked through every format).
func TestHostileBookParts(t *testing.T) {
	const sheetXML = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`
	good := withSheet(t, sheetXML, nil)
	zr, _ := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	var wb, rels []byte
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		switch f.Name {
		case "xl/workbook.xml":
			wb = b
		case "xl/_rels/workbook.xml.rels":
			rels = b
		}
	}
	pad := func(b []byte, end string) []byte {
		i := bytes.LastIndex(b, []byte(end))
		return append(append(append([]byte(nil), b[:i]...), bytes.Repeat([]byte("<!-- padding -->"), 9<<16)...), b[i:]...)
	}
	for name, c := range map[string]struct {
		part string
		data []byte
		want string
	}{
		"big workbook":      {"xl/workbook.xml", pad(wb, "</workbook>"), "xl/workbook.xml inflates to more than 8 MB"},
		"big relationships": {"xl/_rels/workbook.xml.rels", pad(rels, "</Relationships>"), "xl/_rels/workbook.xml.rels inflates to more than 8 MB"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := readAll(t, withSheet(t, sheetXML, map[string][]byte{c.part: c.data}), nil, sheet.DefaultLimits())
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %.300v, want %q", err, c.want)
			}
		})
	}
	// The relationships part with a byte flipped in its compressed data.
	zr, _ = zip.NewReader(bytes.NewReader(good), int64(len(good)))
	bad := append([]byte(nil), good...)
	for _, f := range zr.File {
		if f.Name == "xl/_rels/workbook.xml.rels" {
			off, _ := f.DataOffset()
			bad[off+int64(f.CompressedSize64)/2] ^= 0x20
		}
	}
	if _, _, err := readAll(t, bad, nil, sheet.DefaultLimits()); err == nil || !strings.Contains(err.Error(), "xl/_rels/workbook.xml.rels") {
		t.Errorf("damaged relationships: %v", err)
	}
	// 60,000 cell styles over as many custom formats are read (a lookup
	// that was quadratic hung for minutes; BenchmarkManyStyles times it).
	if _, _, err := readAll(t, withSheet(t, sheetXML, map[string][]byte{"xl/styles.xml": manyStyles(60_000, 60999)}), nil, sheet.DefaultLimits()); err != nil {
		t.Fatal(err)
	}
}

// manyStyles is a styles part of n custom number formats and n cell
// styles, each using format xfID.
func manyStyles(n, xfID int) []byte {
	var st strings.Builder
	st.WriteString(`<styleSheet><numFmts>`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&st, `<numFmt numFmtId="%d" formatCode="General"/>`, 1000+i)
	}
	st.WriteString(`</numFmts><cellXfs>`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&st, `<xf numFmtId="%06d"/>`, xfID)
	}
	st.WriteString(`</cellXfs></styleSheet>`)
	return []byte(st.String())
}

// BenchmarkManyStyles reads a workbook whose styles part has 60,000 cell
// styles over 60,000 custom formats.
func BenchmarkManyStyles(b *testing.B) {
	data := withSheet(b, `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`,
		map[string][]byte{"xl/styles.xml": manyStyles(60_000, 60999)})
	for b.Loop() {
		if _, _, err := readAll(b, data, nil, sheet.DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}

// Cells not picked are passed over to their end tag, prefixed or not,
// whatever they hold; the picked ones around them are read.
func TestPickSkipsCells(t *testing.T) {
	xml := `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>keep</x:t></x:is></x:c>` +
		`<x:c r="B1" t="inlineStr"><x:is><x:t><![CDATA[</x:cols> </x:c and more]]></x:t><x:rPh><x:t>k</x:t></x:rPh></x:is></x:c>` +
		`<x:c r="C1" t="inlineStr"><x:is><x:t>also</x:t></x:is></x:c></x:row>` +
		`<x:row r="2"><x:c r="B2"><x:v>9</x:v></x:c><x:c r="C2" t="inlineStr"><x:is><x:t>last</x:t></x:is></x:c></x:row>` +
		`</x:sheetData></x:worksheet>`
	data := withSheet(t, xml, nil)
	rows, _, err := OpenSheetReader(bytes.NewReader(data), int64(len(data)), "test.xlsx", nil, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	rows.(interface{ Pick([]int) }).Pick([]int{0, 2})
	got, err := drain(rows)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, got, r(1, "keep", "", "also"), r(2, "", "", "last"))
}
