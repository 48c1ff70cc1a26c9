package load

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// An older month's XLSX: the data on the second sheet, the header under a
// preamble, a real date cell.
func TestHSCAFromXLSX(t *testing.T) {
	path := filepath.Join(t.TempDir(), "1 November 2019 HSCA Active Locations.xlsx")
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Notes")
	if _, err := f.NewSheet("HSCA_Active_Locations"); err != nil {
		t.Fatal(err)
	}
	s := "HSCA_Active_Locations"
	f.SetSheetRow(s, "A1", &[]any{"Care directory with filters"})
	f.SetSheetRow(s, "A4", &[]any{"Location ID", "Care home?", "Location Inspection Directorate", "Location Latest Overall Rating", "Location Local Authority", "Publication Date", "Care homes beds"})
	f.SetSheetRow(s, "A5", &[]any{"1-001", "Y", "Adult social care", "Outstanding", "Heath", time.Date(2019, 3, 4, 0, 0, 0, 0, time.UTC), 28})
	f.SetSheetRow(s, "A6", &[]any{"1-002", "N", "Adult social care", "Good", "Heath", "05/06/2018", nil})
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle(s, "F5", "F5", style)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	snap, err := HSCA(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Locations) != 2 || snap.AsAt.String() != "2019-11-01" {
		t.Fatalf("got %d locations as at %s", len(snap.Locations), snap.AsAt)
	}
	a, b := snap.Locations[0], snap.Locations[1]
	if a.Current.Date.String() != "2019-03-04" || a.Beds != 28 || a.Row != 5 {
		t.Errorf("first: date %s, beds %d, row %d", a.Current.Date, a.Beds, a.Row)
	}
	if b.Current.Date.String() != "2018-06-05" || b.CareHome {
		t.Errorf("second: date %s, care home %v", b.Current.Date, b.CareHome)
	}
}
