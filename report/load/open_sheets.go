package load

import "github.com/carereport/carereport/report/load/sheet"

// openSpreadsheet opens ODS and XLSX files. Until those readers land,
// only CSV is supported.
func openSpreadsheet(path, ext string, sheets []string) (sheet.Rows, string, error) {
	return nil, "", unsupported(path, ext)
}
