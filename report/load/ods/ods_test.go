package ods

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/carereport/carereport/report/load/sheet"
)

const docHead = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" office:version="1.2"><office:body><office:spreadsheet>`

const docTail = `</office:spreadsheet></office:body></office:document-content>`

// doc wraps tables in a content.xml document.
func doc(tables ...string) string { return docHead + strings.Join(tables, "") + docTail }

// table makes a table:table element from rows.
func table(name string, rows ...string) string {
	return `<table:table table:name="` + name + `"><table:table-column table:number-columns-repeated="5"/>` + strings.Join(rows, "") + `</table:table>`
}

// row makes a row of string cells; "" makes an empty cell.
func row(cells ...string) string {
	var b strings.Builder
	b.WriteString("<table:table-row>")
	for _, c := range cells {
		if c == "" {
			b.WriteString("<table:table-cell/>")
			continue
		}
		b.WriteString(`<table:table-cell office:value-type="string"><text:p>` + c + `</text:p></table:table-cell>`)
	}
	b.WriteString("</table:table-row>")
	return b.String()
}

// zipODS builds an .ods archive holding content.xml.
func zipODS(t testing.TB, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "application/vnd.oasis.opendocument.spreadsheet")
	w, err = zw.Create("content.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, content)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type gotRow struct {
	n     int
	cells []string
}

// readAll opens data and returns every row, or the first error.
func readAll(t testing.TB, data []byte, want []string, lim sheet.Limits) (string, []gotRow, error) {
	t.Helper()
	rows, name, err := OpenSheetReader(bytes.NewReader(data), int64(len(data)), "test.ods", want, lim)
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	var out []gotRow
	for {
		c, n, err := rows.Next()
		if err == io.EOF {
			return name, out, nil
		}
		if err != nil {
			return name, out, err
		}
		out = append(out, gotRow{n, append([]string(nil), c...)})
	}
}

func mustRead(t *testing.T, content string, want ...string) (string, []gotRow) {
	t.Helper()
	name, rows, err := readAll(t, zipODS(t, content), want, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	return name, rows
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

func r(n int, cells ...string) gotRow { return gotRow{n, cells} }

func TestRepeatedCellsAndRows(t *testing.T) {
	body := table("S",
		`<table:table-row><table:table-cell office:value-type="string" table:number-columns-repeated="3"><text:p>Y</text:p></table:table-cell>`+
			`<table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell>`+
			`<table:table-cell table:number-columns-repeated="1000"/></table:table-row>`,
		`<table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="string"><text:p>same</text:p></table:table-cell></table:table-row>`,
		`<table:table-row table:number-rows-repeated="5"><table:table-cell table:number-columns-repeated="20"/></table:table-row>`,
		row("last"),
	)
	_, got := mustRead(t, doc(body))
	checkRows(t, got,
		r(1, "Y", "Y", "Y", "", "", "7"),
		r(2, "same"), r(3, "same"), r(4, "same"),
		r(10, "last"),
	)
}

func TestHeaderUnderPreamble(t *testing.T) {
	body := table("HSCA_Active_Locations",
		row("Care directory with filters"),
		row("Source: CQC database as at 01 November 2019"),
		`<table:table-row><table:table-cell/></table:table-row>`,
		row("Notice"),
		`<table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>`,
		row("Location ID", "Location Name"),
		row("1-101", "Rose House"),
	)
	_, got := mustRead(t, doc(body), "HSCA_Active_Locations")
	checkRows(t, got,
		r(1, "Care directory with filters"),
		r(2, "Source: CQC database as at 01 November 2019"),
		r(4, "Notice"),
		r(8, "Location ID", "Location Name"),
		r(9, "1-101", "Rose House"),
	)
}

func TestSheetChosenByName(t *testing.T) {
	content := doc(
		table("Notes", row("read me")),
		table("HSCA Active Locations", row("Location ID"), row("1-1")),
		table("Dual_Registration_Locations", row("Location ID"), row("1-2")),
	)
	name, got := mustRead(t, content, "HSCA_Active_Locations")
	if name != "HSCA Active Locations" {
		t.Errorf("name %q", name)
	}
	checkRows(t, got, r(1, "Location ID"), r(2, "1-1"))

	name, got = mustRead(t, content, "dual registration locations ")
	if name != "Dual_Registration_Locations" {
		t.Errorf("name %q", name)
	}
	checkRows(t, got, r(1, "Location ID"), r(2, "1-2"))

	name, _ = mustRead(t, content)
	if name != "Notes" {
		t.Errorf("no want: got %q, want the first sheet", name)
	}

	// With two wanted names the first sheet in document order wins.
	name, _ = mustRead(t, content, "Dual_Registration_Locations", "HSCA_Active_Locations")
	if name != "HSCA Active Locations" {
		t.Errorf("two wanted: got %q", name)
	}

	_, _, err := readAll(t, zipODS(t, content), []string{"Locations"}, sheet.DefaultLimits())
	wantErr := `test.ods: no sheet named "Locations" (sheets: "Notes", "HSCA Active Locations", "Dual_Registration_Locations")`
	if err == nil || err.Error() != wantErr {
		t.Errorf("got error %v\nwant %s", err, wantErr)
	}
}

func TestValueTypes(t *testing.T) {
	cell := func(attrs, text string) string {
		return `<table:table-cell ` + attrs + `><text:p>` + text + `</text:p></table:table-cell>`
	}
	body := table("S", `<table:table-row>`+
		cell(`office:value-type="date" office:date-value="2019-11-01"`, "01/11/2019")+
		cell(`office:value-type="date" office:date-value="2019-11-01T00:00:00"`, "01/11/2019")+
		cell(`office:value-type="date" office:date-value="2019-11-01T13:45:00"`, "01/11/2019 13:45")+
		cell(`office:value-type="float" office:value="12.5"`, "12.50")+
		cell(`office:value-type="percentage" office:value="0.25"`, "25%")+
		cell(`office:value-type="currency" office:currency="GBP" office:value="-3"`, "-£3.00")+
		cell(`office:value-type="boolean" office:boolean-value="true"`, "TRUE")+
		cell(`office:value-type="boolean" office:boolean-value="false"`, "FALSE")+
		cell(`office:value-type="time" office:time-value="PT13H45M00S"`, "13:45:00")+
		cell(`office:value-type='string'`, "plain")+
		cell(``, "untyped")+
		`</table:table-row>`)
	_, got := mustRead(t, doc(body))
	checkRows(t, got, r(1, "2019-11-01", "2019-11-01", "2019-11-01T13:45:00", "12.5", "0.25", "-3", "TRUE", "FALSE", "13:45:00", "plain", "untyped"))
}

func TestTextMarkup(t *testing.T) {
	body := table("S", `<table:table-row>`+
		`<table:table-cell office:value-type="string"><text:p>first</text:p><text:p>second</text:p><text:p/><text:p>fourth</text:p></table:table-cell>`+
		`<table:table-cell office:value-type="string"><text:p>a<text:s/>b<text:s text:c="3"/>c<text:tab/>d<text:line-break/>e</text:p></table:table-cell>`+
		`<table:table-cell office:value-type="string"><text:p>Tom &amp; Jerry &lt;x&gt; &quot;q&quot; &apos;a&apos; &#163;5 &#x20AC;6 &bogus; &amp</text:p></table:table-cell>`+
		`<table:table-cell office:value-type="string"><text:p><text:span text:style-name="T1">bold</text:span> and <text:a xlink:href="http://x/?a=1&amp;b=2">link</text:a></text:p></table:table-cell>`+
		`<table:table-cell office:value-type="string"><text:p>one<![CDATA[ <raw> & ]]>two<!-- a comment --><?pi stuff?></text:p></table:table-cell>`+
		"<table:table-cell office:value-type=\"string\"><text:p>cr\r\nlf</text:p></table:table-cell>"+
		`</table:table-row>`)
	_, got := mustRead(t, doc(body))
	checkRows(t, got, r(1,
		"first\nsecond\n\nfourth",
		"a b   c\td\ne",
		`Tom & Jerry <x> "q" 'a' £5 €6 &bogus; &amp`,
		"bold and link",
		"one <raw> & two",
		"cr\nlf",
	))
}

func TestCoveredCellsAndAnnotations(t *testing.T) {
	body := table("S",
		`<table:table-row>`+
			`<table:table-cell office:value-type="string" table:number-columns-spanned="3"><text:p>merged</text:p></table:table-cell>`+
			`<table:covered-table-cell table:number-columns-repeated="2"/>`+
			`<table:table-cell office:value-type="string"><office:annotation><dc:creator>Officer</dc:creator><text:p>secret note</text:p></office:annotation><text:p>shown</text:p></table:table-cell>`+
			`<table:covered-table-cell><text:p>hidden under merge</text:p></table:covered-table-cell>`+
			`<table:table-cell office:value-type="string"><text:p>after</text:p><draw:frame><draw:text-box><text:p>shape text</text:p></draw:text-box></draw:frame></table:table-cell>`+
			`</table:table-row>`,
		`<table:table-row><table:table-cell><office:annotation><text:p>only a note</text:p></office:annotation></table:table-cell></table:table-row>`,
		row("end"),
	)
	_, got := mustRead(t, doc(body))
	checkRows(t, got, r(1, "merged", "", "", "shown", "", "after"), r(3, "end"))
}

func TestWrappersAndIgnoredParts(t *testing.T) {
	body := `<table:table table:name="S"><table:table-columns><table:table-column table:number-columns-repeated="2"/></table:table-columns>` +
		`<table:table-header-rows>` + row("Header") + `</table:table-header-rows>` +
		`<table:table-row-group>` + row("g1") + `<table:table-row-group>` + row("g2") + `</table:table-row-group></table:table-row-group>` +
		`<table:table-rows>` + row("r3") + `</table:table-rows>` +
		`<table:named-expressions/></table:table>`
	_, got := mustRead(t, doc(body))
	checkRows(t, got, r(1, "Header"), r(2, "g1"), r(3, "g2"), r(4, "r3"))
}

func TestOtherPrefixes(t *testing.T) {
	content := `<?xml version="1.0"?><!DOCTYPE x><o:document-content xmlns:o="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:p="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:example:not-odf"><o:body><o:spreadsheet>` +
		`<table:table table:name="Decoy"><table:table-row><table:table-cell><p:p>no</p:p></table:table-cell></table:table-row></table:table>` +
		`<t:table t:name = 'Real'><t:table-row><t:table-cell o:value-type="float" o:value="3"><p:p>3</p:p></t:table-cell><t:table-cell><p:p>x<p:s p:c="2"/>y</p:p></t:table-cell></t:table-row></t:table>` +
		`</o:spreadsheet></o:body></o:document-content>`
	name, got := mustRead(t, content)
	if name != "Real" {
		t.Errorf("name %q", name)
	}
	checkRows(t, got, r(1, "3", "x  y"))
}

func TestHugeTrailingRepeats(t *testing.T) {
	body := table("S",
		row("a", "b"),
		`<table:table-row><table:table-cell office:value-type="string"><text:p>c</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16000"/></table:table-row>`,
		`<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>`,
		`<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>`,
	)
	data := zipODS(t, doc(body))
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	_, got, err := readAll(t, data, nil, sheet.DefaultLimits())
	runtime.ReadMemStats(&ms1)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, got, r(1, "a", "b"), r(2, "c"))
	// A reader allocates its scan buffer and a little more; 16,000 empty
	// cells made into strings and spans would add over 500 kB.
	if alloc := ms1.TotalAlloc - ms0.TotalAlloc; alloc > bufSize+200<<10 {
		t.Errorf("allocated %d bytes", alloc)
	}
	if n := testing.AllocsPerRun(3, func() { readAll(t, data, nil, sheet.DefaultLimits()) }); n > 200 {
		t.Errorf("%v allocations per read", n)
	}
}

func TestNonEmptyRepeatsAfterGap(t *testing.T) {
	// A million empty rows, then data: row numbers must jump, not loop.
	body := table("S",
		`<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>`,
		`<table:table-row><table:table-cell table:number-columns-repeated="10000"/><table:table-cell office:value-type="string"><text:p>far</text:p></table:table-cell></table:table-row>`,
	)
	_, got := mustRead(t, doc(body))
	if len(got) != 1 || got[0].n != 1000001 || len(got[0].cells) != 10001 || got[0].cells[10000] != "far" {
		t.Fatalf("got %d rows", len(got))
	}
}

func TestLimits(t *testing.T) {
	wide := table("Wide", row("ok"), `<table:table-row><table:table-cell table:number-columns-repeated="10"/><table:table-cell office:value-type="string" table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell></table:table-row>`)
	_, got, err := readAll(t, zipODS(t, doc(wide)), nil, sheet.Limits{MaxCols: 11})
	want := `test.ods: sheet "Wide": row 2: too many columns (limit 11)`
	if err == nil || err.Error() != want {
		t.Errorf("columns: got %v, want %s", err, want)
	}
	if len(got) != 1 {
		t.Errorf("rows before the error: %d", len(got))
	}
	// Twelve columns is fine with the default limit.
	if _, _, err := readAll(t, zipODS(t, doc(wide)), nil, sheet.Limits{}); err != nil {
		t.Error(err)
	}

	tall := table("Tall", `<table:table-row table:number-rows-repeated="4"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>`)
	_, got, err = readAll(t, zipODS(t, doc(tall)), nil, sheet.Limits{MaxRows: 3})
	want = `test.ods: sheet "Tall": row 4: too many rows (limit 3)`
	if err == nil || err.Error() != want || len(got) != 3 {
		t.Errorf("rows: got %d rows and %v, want 3 and %s", len(got), err, want)
	}

	big := doc(table("Big", row(strings.Repeat("x", 5000))))
	_, _, err = readAll(t, zipODS(t, big), nil, sheet.Limits{MaxUncompressed: 1000})
	if err == nil || !strings.Contains(err.Error(), "content.xml declares") || !strings.HasPrefix(err.Error(), "test.ods: ") {
		t.Errorf("declared size: got %v", err)
	}
}

// TestLimitWhileInflating checks the byte count kept during the read, which
// matters when the zip directory cannot be trusted.
func TestLimitWhileInflating(t *testing.T) {
	content := doc(table("S", row("a"), row(strings.Repeat("y", 5000)), row("c")))
	rd := &reader{label: "x.ods", lim: sheet.Limits{MaxUncompressed: 2000}.WithDefaults(), zc: io.NopCloser(nil)}
	rd.init(iotest.OneByteReader(strings.NewReader(content)))
	if err := rd.findSheet(); err != nil {
		t.Fatal(err)
	}
	c, _, err := rd.Next()
	if err != nil || c[0] != "a" {
		t.Fatalf("first row: %q %v", c, err)
	}
	for err == nil {
		_, _, err = rd.Next()
	}
	if err == io.EOF || !strings.Contains(err.Error(), "x.ods: content.xml is larger than 2000 bytes uncompressed") {
		t.Errorf("got %v", err)
	}
}

func TestBadFiles(t *testing.T) {
	good := zipODS(t, doc(table("S", row("a", "b"), row("c"))))
	cases := map[string]struct {
		data []byte
		want string
	}{
		"not a zip":  {[]byte("Location ID,Name\n1-1,x\n"), "test.ods: not a readable ODS file"},
		"empty":      {nil, "test.ods: not a readable ODS file"},
		"truncated":  {good[:len(good)/2], "test.ods: not a readable ODS file"},
		"no content": {zipWith(t, "styles.xml", "<x/>"), "test.ods: not an ODS spreadsheet: it has no content.xml"},
		"no sheets":  {zipODS(t, doc()), "test.ods: no sheets in content.xml"},
		"cut xml":    {zipODS(t, cutAfter(doc(table("S", row("a"), row("b"))), "<text:p>b")), `test.ods: sheet "S": row 2: content.xml ends inside`},
		"bad xml":    {zipODS(t, doc(table("S", row("a"), "<table:table-row><table:table-cell =x>"))), `test.ods: sheet "S": row 2: malformed XML`},
	}
	// Corrupt the deflate stream of content.xml in place: the directory is
	// intact but inflating fails.
	bad := append([]byte(nil), good...)
	i := bytes.Index(bad, []byte("content.xml")) + len("content.xml")
	for j := i + 5; j < i+40 && j < len(bad); j++ {
		bad[j] ^= 0x5a
	}
	cases["corrupt deflate"] = struct {
		data []byte
		want string
	}{bad, "test.ods: "}

	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, err := readAll(t, c.data, nil, sheet.DefaultLimits())
			if err == nil {
				t.Fatalf("no error")
			}
			t.Log(err)
			if !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("got %q, want prefix %q", err, c.want)
			}
		})
	}
}

// TestTruncatedDeflate cuts the compressed content.xml short while leaving a
// readable zip directory, as a download that stopped early and was then
// repaired would.
func TestTruncatedDeflate(t *testing.T) {
	var rows []string
	for i := 0; i < 3000; i++ {
		rows = append(rows, row(fmt.Sprintf("1-%d", i), fmt.Sprintf("Location %06d", i*7919%100003)))
	}
	content := doc(table("S", rows...))
	var full bytes.Buffer
	zw := zip.NewWriter(&full)
	w, _ := zw.Create("content.xml")
	io.WriteString(w, content)
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(full.Bytes()), int64(full.Len()))
	if err != nil {
		t.Fatal(err)
	}
	f := zr.File[0]
	raw, _ := f.OpenRaw()
	comp, _ := io.ReadAll(raw)
	var cut bytes.Buffer
	zw = zip.NewWriter(&cut)
	hdr := f.FileHeader
	hdr.CompressedSize64 = uint64(len(comp) / 2)
	rw, err := zw.CreateRaw(&hdr)
	if err != nil {
		t.Fatal(err)
	}
	rw.Write(comp[:len(comp)/2])
	zw.Close()
	_, got, err := readAll(t, cut.Bytes(), nil, sheet.DefaultLimits())
	t.Log(err)
	if err == nil || !strings.Contains(err.Error(), `test.ods: sheet "S": row `) || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("got %v", err)
	}
	if len(got) == 0 || len(got) >= 3000 {
		t.Errorf("read %d rows before the error", len(got))
	}
}

// cutAfter returns s up to and including the first sep.
func cutAfter(s, sep string) string { return s[:strings.Index(s, sep)+len(sep)] }

func zipWith(t *testing.T, name, body string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	io.WriteString(w, body)
	zw.Close()
	return buf.Bytes()
}

// TestEveryBoundary feeds content.xml one byte at a time, so that every
// tag, reference and terminator is split across reads.
func TestEveryBoundary(t *testing.T) {
	content := doc(
		table("Skip", row("nope")),
		table("S",
			row("Tom &amp; Jerry", "&#x20AC;"),
			`<table:table-row><table:table-cell office:value-type="date" office:date-value="2020-02-29T00:00:00"/><!-- c --><table:table-cell><text:p>a<text:s text:c="2"/>b<![CDATA[<c>]]></text:p></table:table-cell></table:table-row>`,
			"<table:table-row><table:table-cell><text:p>x\r\ny</text:p></table:table-cell></table:table-row>",
		),
	)
	want := []gotRow{r(1, "Tom & Jerry", "€"), r(2, "2020-02-29", "a  b<c>"), r(3, "x\ny")}
	for _, src := range []io.Reader{iotest.OneByteReader(strings.NewReader(content)), iotest.HalfReader(strings.NewReader(content))} {
		rd := &reader{label: "x", want: []string{"S"}, lim: sheet.DefaultLimits(), zc: io.NopCloser(nil)}
		rd.init(src)
		if err := rd.findSheet(); err != nil {
			t.Fatal(err)
		}
		var got []gotRow
		for {
			c, n, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, gotRow{n, append([]string(nil), c...)})
		}
		checkRows(t, got, want...)
	}
}

// TestPipeline runs the two-goroutine path on a small file and closes
// readers part way through.
func TestPipeline(t *testing.T) {
	old := pipeThreshold
	pipeThreshold = 0
	defer func() { pipeThreshold = old }()
	var rows []string
	for i := 0; i < 20000; i++ {
		rows = append(rows, row(fmt.Sprint(i), "x"))
	}
	data := zipODS(t, doc(table("S", rows...)))
	_, got, err := readAll(t, data, nil, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 20000 || got[19999].cells[0] != "19999" || got[19999].n != 20000 {
		t.Fatalf("got %d rows", len(got))
	}
	before := runtime.NumGoroutine()
	for i := 0; i < 20; i++ {
		rs, _, err := OpenSheetReader(bytes.NewReader(data), int64(len(data)), "p.ods", nil, sheet.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		rs.Next()
		if err := rs.Close(); err != nil {
			t.Fatal(err)
		}
		if _, _, err := rs.Next(); err == nil || err == io.EOF {
			t.Errorf("Next after Close: %v", err)
		}
	}
	time.Sleep(10 * time.Millisecond)
	if after := runtime.NumGoroutine(); after > before+1 {
		t.Errorf("goroutines: %d before, %d after closing", before, after)
	}
}

func TestOpenSheetFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.ods")
	os.WriteFile(p, zipODS(t, doc(table("Notes", row("n")), table("Dual_Registration_Locations", row("d")))), 0o644)
	_, _, err := OpenSheet(p, []string{"HSCA_Active_Locations"}, sheet.DefaultLimits())
	want := p + `: no sheet named "HSCA_Active_Locations" (sheets: "Notes", "Dual_Registration_Locations")`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	rows, name, err := OpenSheet(p, []string{"dual_registration_locations"}, sheet.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	c, n, err := rows.Next()
	if name != "Dual_Registration_Locations" || err != nil || n != 1 || len(c) != 1 || c[0] != "d" {
		t.Errorf("got %q %q %d %v", name, c, n, err)
	}
	if _, _, err := rows.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("want EOF, got %v", err)
	}
	if _, _, err := OpenSheet(filepath.Join(dir, "missing.ods"), nil, sheet.DefaultLimits()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}
