package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// HSCADate gives the date HSCA gives, reading only as far as the header:
// from the preamble (which wins over the name), from the name, or none;
// through a BOM and Windows-1252 bytes; in CSV, ODS and XLSX. A file whose
// header it does not find in what it reads says so (ok false), and the
// caller loads it whole.
func TestHSCADateAgreesWithHSCA(t *testing.T) {
	dir := t.TempDir()
	head := "Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n"
	row := "1-1,Y,Adult social care,Good,Heath\n"
	files := map[string]string{
		"01_March_2020_HSCA_Active_Locations.csv":   "Care directory\nSource: CQC database as at 01 February 2020\n\n" + head + row,
		"01_April_2020_HSCA_Active_Locations.csv":   "\xef\xbb\xbf" + head + row,
		"01_May_2020_HSCA_Active_Locations.csv":     "Caf\xe9 directory\nas at 01/06/2020\n" + head + row,
		"no_date.csv":                               head + row,
		"01_August_2020_HSCA_Active_Locations.csv":  "as at 01 July 2020\n" + strings.Repeat("x", 2<<20) + "\n" + head + row,
		"01_October_2020_HSCA_Active_Locations.csv": "Source: as at 01 September 2020\n" + head + "1-1,Maybe,Adult social care,Good,Heath\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ods := filepath.Join(dir, "1 November 2020 HSCA Active Locations.ods")
	odsFile(t, ods, `<table:table table:name="HSCA Active Locations">`+odsRow("Source: CQC database as at 01 October 2020")+
		odsRow("Location ID", "Care home?", "Location Inspection Directorate", "Location Latest Overall Rating", "Location Local Authority")+
		odsRow("1-1", "Y", "Adult social care", "Good", "Heath")+`</table:table>`)
	xlsx := filepath.Join(dir, "1 December 2020 HSCA Active Locations.xlsx")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "HSCA_Active_Locations")
	f.SetSheetRow("HSCA_Active_Locations", "A1", &[]any{"Location ID", "Care home?", "Location Inspection Directorate", "Location Latest Overall Rating", "Location Local Authority"})
	f.SetSheetRow("HSCA_Active_Locations", "A2", &[]any{"1-1", "Y", "Adult social care", "Good", "Heath"})
	if err := f.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, want string
		ok         bool
	}{
		{"01_March_2020_HSCA_Active_Locations.csv", "2020-02-01", true},
		{"01_April_2020_HSCA_Active_Locations.csv", "2020-04-01", true},
		{"01_May_2020_HSCA_Active_Locations.csv", "2020-06-01", true},
		{"no_date.csv", "", true},
		{"01_August_2020_HSCA_Active_Locations.csv", "", false},           // the header is past the first megabyte
		{"01_October_2020_HSCA_Active_Locations.csv", "2020-09-01", true}, // a bad row after the header is not read
		{filepath.Base(ods), "2020-10-01", true},
		{filepath.Base(xlsx), "2020-12-01", true},
		{"missing.csv", "", false},
	} {
		p := filepath.Join(dir, c.name)
		d, ok := HSCADate(p)
		if ok != c.ok || (ok && d.String() != c.want) {
			t.Errorf("%s: %s, %v; want %s, %v", c.name, d, ok, c.want, c.ok)
		}
		if !ok {
			continue
		}
		s, err := HSCA(p)
		if err != nil {
			if c.name != "01_October_2020_HSCA_Active_Locations.csv" {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if s.AsAt != d {
			t.Errorf("%s: HSCADate %s, HSCA %s", c.name, d, s.AsAt)
		}
	}
}

// Whatever the bytes, HSCADate does not panic, and when both it and HSCA
// read a file they agree on its date.
func FuzzHSCADate(f *testing.F) {
	f.Add([]byte("Source: CQC database as at 01 February 2020\n\nLocation ID,Care home?\n1-1,Y\n"))
	f.Add([]byte("\xef\xbb\xbfLocation ID,Location Local Authority\n1-1,Heath\n"))
	f.Add([]byte("as at 2020-02-31\nLocation ID,Care home?,\"as at 01/02/2020\"\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "01_March_2021_HSCA_Active_Locations.csv")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		d, ok := HSCADate(p)
		s, err := HSCA(p)
		if ok && err == nil && s.AsAt != d {
			t.Fatalf("HSCADate %s, HSCA %s", d, s.AsAt)
		}
	})
}
