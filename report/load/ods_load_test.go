package load

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// odsFile builds a small ODS whose sheets are given as raw table XML.
func odsFile(t *testing.T, path string, tables string) {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = z.Create("content.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ` +
		`xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
		`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
		`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>` +
		tables + `</office:spreadsheet></office:body></office:document-content>`))
	z.Close()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func odsRow(cells ...string) string {
	var b strings.Builder
	b.WriteString("<table:table-row>")
	for _, c := range cells {
		switch {
		case c == "":
			b.WriteString("<table:table-cell/>")
		case strings.HasPrefix(c, "date:"):
			b.WriteString(`<table:table-cell office:value-type="date" office:date-value="` + c[5:] + `"><text:p>x</text:p></table:table-cell>`)
		default:
			b.WriteString(`<table:table-cell office:value-type="string"><text:p>` + c + `</text:p></table:table-cell>`)
		}
	}
	b.WriteString("</table:table-row>")
	return b.String()
}

// An HSCA ODS as the 2020-21 files are: the data on a sheet called "HSCA
// Active Locations" after another sheet, the header on row 8 under a
// preamble (so the first location is on row 9), a date cell, and
// repeated empty rows.
func TestHSCAFromODS(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "1 November 2020 HSCA Active Locations.ods")
	header := odsRow("Location ID", "Care home?", "Location Inspection Directorate", "Location Latest Overall Rating",
		"Location Local Authority", "Publication Date", "Dormant (Y/N)")
	odsFile(t, path,
		`<table:table table:name="Notes">`+odsRow("Read me")+`</table:table>`+
			`<table:table table:name="HSCA Active Locations">`+
			odsRow("Care directory with filters")+odsRow("Source: CQC database as at 01 October 2020")+
			`<table:table-row table:number-rows-repeated="5"><table:table-cell/></table:table-row>`+
			header+
			odsRow("1-001", "Y", "Adult social care", "Good", "Heath", "date:2020-03-04", "N")+
			odsRow("1-002", "N", "Adult social care", "Requires improvement", "Heath", "date:2019-12-31T00:00:00", "N")+
			`<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16000"/></table:table-row>`+
			`</table:table>`+
			`<table:table table:name="Dual_Registration_Locations">`+header+odsRow("1-999", "Y", "Adult social care", "Good", "Heath")+`</table:table>`)
	s, err := HSCA(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Locations) != 2 {
		t.Fatalf("got %d locations, want 2 (the dual registration sheet is not read)", len(s.Locations))
	}
	if s.AsAt.String() != "2020-10-01" {
		t.Errorf("as at %s, want the preamble's 2020-10-01 (not the name's)", s.AsAt)
	}
	l := s.Locations[0]
	if l.Row != 9 || l.Current.Date.String() != "2020-03-04" || !l.CareHome {
		t.Errorf("first location: row %d, date %s, care home %v", l.Row, l.Current.Date, l.CareHome)
	}
	if d := s.Locations[1].Current.Date.String(); d != "2019-12-31" {
		t.Errorf("date-time cell read as %s", d)
	}
}

func TestODSErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.ods")
	odsFile(t, good, `<table:table table:name="HSCA_Active_Locations">`+
		odsRow("Location ID", "Care home?", "Location Inspection Directorate", "Location Latest Overall Rating", "Location Local Authority")+
		strings.Repeat(odsRow("1-001", "Y", "Adult social care", "Good", "Heath"), 2000)+`</table:table>`)
	b, _ := os.ReadFile(good)
	cut := filepath.Join(dir, "cut.ods")
	os.WriteFile(cut, b[:len(b)/2], 0o644)
	notzip := filepath.Join(dir, "notzip.ods")
	os.WriteFile(notzip, []byte("Location ID,Care home?\n"), 0o644)
	wrong := filepath.Join(dir, "wrong.ods")
	odsFile(t, wrong, `<table:table table:name="Providers">`+odsRow("x")+`</table:table>`)
	for _, c := range []struct{ path, want string }{
		{cut, "cut.ods"},
		{notzip, "notzip.ods"},
		{wrong, `no sheet named any of "HSCA_Active_Locations", "HSCA Active Locations" (sheets: "Providers")`},
	} {
		_, err := HSCA(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", filepath.Base(c.path), err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error is not one line: %q", filepath.Base(c.path), err)
		}
	}
}
