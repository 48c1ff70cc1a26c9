package load

import (
	"fmt"
	"io"
	"strings"

	"github.com/carereport/carereport/report"
)

// Commissioned reads a council's list of the locations it contracts with:
// a CSV (or spreadsheet) with a "Location ID" column; other columns are
// ignored. It returns the set of IDs; rd, if not nil, is told how the file
// was read.
func Commissioned(path string, rd *report.Reading) (map[string]bool, error) {
	if rd == nil {
		rd = &report.Reading{}
	}
	rows, sheetName, err := OpenRows(path, nil)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	h, _, err := findHeader(rows, path, colID, []string{colID})
	if err != nil {
		return nil, withSheet(err, sheetName)
	}
	c := h.col(colID)
	*rd = report.Reading{Layout: "commissioned services list", Sheet: sheetName, HeaderRow: h.row}
	ids := map[string]bool{}
	for {
		cells, row, err := rows.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, withSheet(err, sheetName)
		}
		rd.Rows++
		id := ""
		if c < len(cells) {
			id = strings.TrimSpace(cells[c])
		}
		if id == "" {
			rd.Skip("no Location ID")
			continue
		}
		if ids[id] {
			rd.Skip("Location ID listed before")
		}
		if !report.IsCQCID(id) {
			return nil, &Error{File: path, Sheet: sheetName, Row: row, Column: h.names[c],
				Err: valueErr("value %q is not a CQC Location ID (like 1-123456789)", id)}
		}
		ids[id] = true
	}
	if len(ids) == 0 {
		return nil, &Error{File: path, Err: fmt.Errorf("no Location IDs listed")}
	}
	return ids, nil
}
