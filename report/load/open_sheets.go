package load

import (
	"github.com/carereport/carereport/report/load/ods"
	"github.com/carereport/carereport/report/load/sheet"
	"github.com/carereport/carereport/report/load/xlsx"
)

// openSpreadsheet opens an ODS or XLSX file on the first sheet whose name
// matches one of sheets (the first sheet when sheets is empty), with the
// default limits against zip bombs.
func openSpreadsheet(path, ext string, sheets []string) (sheet.Rows, string, error) {
	switch ext {
	case ".ods":
		return ods.OpenSheet(path, sheets, sheet.DefaultLimits())
	case ".xlsx":
		return xlsx.OpenSheet(path, sheets, sheet.DefaultLimits())
	}
	return nil, "", unsupported(path, ext)
}
