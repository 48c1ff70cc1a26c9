package load

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/load/sheet"
)

// maxPreamble is how many rows may stand above the header.
const maxPreamble = 50

// normCol normalises a column name for matching: case, surrounding and
// repeated spaces, and a non-breaking space do not matter.
func normCol(s string) string {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// header maps normalised column names to their index.
type header struct {
	names []string
	index map[string]int
	row   int
}

// col returns the index of a column, or -1.
func (h *header) col(name string) int {
	if i, ok := h.index[normCol(name)]; ok {
		return i
	}
	return -1
}

// findHeader reads rows until it finds the header: the first row that
// holds the key column and at least one other wanted column. The rows
// above it are returned as the preamble.
func findHeader(rows sheet.Rows, file, key string, wanted []string) (*header, [][]string, error) {
	var preamble [][]string
	nkey := normCol(key)
	for i := 0; i < maxPreamble; i++ {
		cells, row, err := rows.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		h := &header{index: make(map[string]int, len(cells)), row: row}
		for j, c := range cells {
			n := normCol(c)
			h.names = append(h.names, strings.TrimSpace(c))
			if _, dup := h.index[n]; !dup && n != "" {
				h.index[n] = j
			}
		}
		if _, ok := h.index[nkey]; ok {
			others := 0
			for _, w := range wanted {
				if h.col(w) >= 0 && normCol(w) != nkey {
					others++
				}
			}
			if others > 0 || len(wanted) <= 1 {
				return h, preamble, nil
			}
		}
		preamble = append(preamble, append([]string(nil), cells...))
	}
	return nil, nil, &Error{File: file, Err: fmt.Errorf("%w: no row in the first %d names the column %q", ErrNoHeader, maxPreamble, key)}
}

// require returns the index of each named column, or an error naming
// the first one missing.
func (h *header) require(file string, names ...string) ([]int, error) {
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = h.col(n)
		if idx[i] < 0 {
			return nil, &Error{File: file, Row: h.row, Err: fmt.Errorf("%w: the header has no column %q", ErrMissingColumn, n)}
		}
	}
	return idx, nil
}

var (
	reAsAt     = regexp.MustCompile(`(?i)\bas at\s+(\d{1,2}[ _][A-Za-z]+[ _]\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})`)
	reFileDate = regexp.MustCompile(`(\d{1,2})[ _-]([A-Za-z]+)[ _-](\d{4})`)
)

// asAtDate finds the snapshot date: first in the preamble ("Source: CQC
// database as at 01 November 2019"), then in the file name
// ("01_November_2019_HSCA_Active_Locations.ods").
func asAtDate(file string, preamble [][]string) (report.Date, string) {
	for _, row := range preamble {
		for _, c := range row {
			if m := reAsAt.FindStringSubmatch(c); m != nil {
				if d, err := report.ParseDate(m[1]); err == nil {
					return d, "preamble"
				}
			}
		}
	}
	if m := reFileDate.FindStringSubmatch(filepath.Base(file)); m != nil {
		if d, err := report.ParseDate(m[1] + " " + m[2] + " " + m[3]); err == nil {
			return d, "file name"
		}
	}
	return 0, ""
}
