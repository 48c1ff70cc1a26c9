package load

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/carereport/carereport/report/load/sheet"
)

// OpenRows opens a spreadsheet file as a stream of rows: CSV by itself,
// ODS and XLSX on the sheet whose name matches one of sheets.
func OpenRows(path string, sheets []string) (sheet.Rows, string, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".csv", ".txt":
		r, err := openCSV(path)
		if err != nil {
			return nil, "", err
		}
		return r, "", nil
	default:
		return openSpreadsheet(path, ext, sheets)
	}
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func unsupported(path, ext string) error {
	return &Error{File: path, Err: fmt.Errorf("unsupported file type %q (use .csv, .ods or .xlsx)", ext)}
}
