// Package xlsx streams the rows of one sheet of an Office Open XML
// workbook (.xlsx) through excelize's row iterator.
//
// Values come back as follows:
//   - text cells: their text; booleans: "TRUE" or "FALSE".
//   - numbers: the value as stored in the file (e.g. "0.5" for 50%,
//     "1234.5" for "1,234.50"), not as displayed.
//   - cells whose number format is a date: "YYYY-MM-DD"; a date-time
//     format gives "YYYY-MM-DD hh:mm:ss" ("YYYY-MM-DD hh:mm" for Excel's
//     built-in format 22), shortened to "YYYY-MM-DD" at midnight.
//   - cells with a time-only or text ("@") format: the displayed text.
//
// To get this, the workbook's cell formats are rewritten in memory before
// reading (the file is never saved): date formats become ISO dates and
// other numeric formats are replaced by an id excelize does not know, for
// which it returns the stored value.
package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/carereport/carereport/report/load/sheet"
)

// OpenSheet opens the .xlsx file at path and returns a stream of the rows of
// the chosen sheet and that sheet's name.
//
// The first sheet in workbook order whose name matches any of want (see
// sheet.MatchName) is chosen, as the ods package does; with want empty,
// the first sheet. When none matches, the error lists the sheet names.
//
// The caller must Close the returned rows.
func OpenSheet(path string, want []string, lim sheet.Limits) (sheet.Rows, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, "", err
	}
	return OpenSheetReader(f, st.Size(), path, want, lim)
}

// OpenSheetReader is OpenSheet for an .xlsx file held in r, size bytes
// long; label names the file in error messages. The compressed file is read
// into memory; large worksheets are inflated to temporary files by
// excelize, which Close removes.
func OpenSheetReader(r io.ReaderAt, size int64, label string, want []string, lim sheet.Limits) (rows sheet.Rows, name string, err error) {
	defer func() {
		if p := recover(); p != nil {
			rows, name, err = nil, "", fmt.Errorf("%s: not a readable XLSX file (excelize failed: %v)", label, p)
		}
	}()
	lim = lim.WithDefaults()
	if err := precheck(r, size, label, lim); err != nil {
		return nil, "", err
	}
	xmlLimit := min(lim.MaxUncompressed, 16<<20)
	opts := excelize.Options{
		UnzipSizeLimit:    max(lim.MaxUncompressed, size),
		UnzipXMLSizeLimit: xmlLimit,
		ShortDatePattern:  "yyyy-mm-dd",
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), opts)
	if err != nil {
		return nil, "", fmt.Errorf("%s: not a readable XLSX file (%v)", label, err)
	}
	list := f.GetSheetList()
	for _, s := range list {
		if matches(s, want) {
			name = s
			break
		}
	}
	if name == "" {
		f.Close()
		return nil, "", noSheetError(label, want, list)
	}
	if err := rewriteFormats(f); err != nil {
		f.Close()
		return nil, "", fmt.Errorf("%s: reading styles: %v", label, err)
	}
	it, err := f.Rows(name)
	if err != nil {
		f.Close()
		return nil, "", fmt.Errorf("%s: sheet %q: %v", label, name, err)
	}
	return &reader{label: label, sheet: name, lim: lim, f: f, rows: it}, name, nil
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// precheck looks at the zip directory before excelize inflates anything.
func precheck(r io.ReaderAt, size int64, label string, lim sheet.Limits) error {
	head := make([]byte, 8)
	if n, _ := r.ReadAt(head, 0); n == 8 && bytes.Equal(head, oleMagic) {
		return fmt.Errorf("%s: not a readable XLSX file (it is a password-protected workbook or an old .xls)", label)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("%s: not a readable XLSX file (%v)", label, err)
	}
	var total uint64
	types := false
	for _, zf := range zr.File {
		if zf.Name == "[Content_Types].xml" {
			types = true
		}
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > uint64(lim.MaxUncompressed) || total > uint64(lim.MaxUncompressed) {
			return fmt.Errorf("%s: the workbook declares more than %d bytes uncompressed (limit %d)", label, lim.MaxUncompressed, lim.MaxUncompressed)
		}
	}
	if !types {
		return fmt.Errorf("%s: not an XLSX workbook: it has no [Content_Types].xml", label)
	}
	return nil
}

func matches(name string, want []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, w := range want {
		if sheet.MatchName(name, w) {
			return true
		}
	}
	return false
}

func noSheetError(label string, want, seen []string) error {
	q := func(ss []string) string {
		var out []string
		for i, s := range ss {
			if i == 10 {
				out = append(out, fmt.Sprintf("and %d more", len(ss)-10))
				break
			}
			if rs := []rune(s); len(rs) > 40 {
				s = string(rs[:40]) + "..."
			}
			out = append(out, fmt.Sprintf("%q", s))
		}
		return strings.Join(out, ", ")
	}
	if len(seen) == 0 {
		return fmt.Errorf("%s: the workbook has no sheets", label)
	}
	if len(want) == 1 {
		return fmt.Errorf("%s: no sheet named %q (sheets: %s)", label, want[0], q(seen))
	}
	return fmt.Errorf("%s: no sheet named any of %s (sheets: %s)", label, q(want), q(seen))
}

type reader struct {
	label  string
	sheet  string
	lim    sheet.Limits
	f      *excelize.File
	rows   *excelize.Rows
	row    int
	err    error
	closed bool
}

// Next implements sheet.Rows. The returned slice is not reused, but callers
// should not rely on that.
func (r *reader) Next() (cells []string, row int, err error) {
	defer func() {
		// excelize is not known to panic on bad input, but a malformed
		// workbook must never bring the whole run down.
		if p := recover(); p != nil {
			r.err = r.errorf("malformed worksheet (excelize failed: %v)", p)
			cells, row, err = nil, 0, r.err
		}
	}()
	if r.err != nil {
		return nil, 0, r.err
	}
	for r.rows.Next() {
		r.row++
		cells, err := r.rows.Columns()
		if err != nil {
			r.err = r.errorf("%v", err)
			return nil, 0, r.err
		}
		n := len(cells)
		for n > 0 && cells[n-1] == "" {
			n--
		}
		if n == 0 {
			continue
		}
		if r.row > r.lim.MaxRows {
			r.err = r.errorf("too many rows (limit %d)", r.lim.MaxRows)
			return nil, 0, r.err
		}
		if n > r.lim.MaxCols {
			r.err = r.errorf("too many columns (limit %d)", r.lim.MaxCols)
			return nil, 0, r.err
		}
		cells = cells[:n]
		for i, c := range cells {
			cells[i] = trimMidnight(c)
		}
		return cells, r.row, nil
	}
	if err := r.rows.Error(); err != nil {
		r.row++
		r.err = r.errorf("%v", err)
		return nil, 0, r.err
	}
	r.err = io.EOF
	return nil, 0, io.EOF
}

func (r *reader) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: sheet %q: row %d: %s", r.label, r.sheet, r.row, fmt.Sprintf(format, args...))
}

// Close implements sheet.Rows and removes excelize's temporary files.
func (r *reader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	if r.err == nil {
		r.err = errors.New(r.label + ": read after Close")
	}
	err := r.rows.Close()
	if e := r.f.Close(); err == nil {
		err = e
	}
	return err
}

// trimMidnight shortens "YYYY-MM-DD 00:00" and "YYYY-MM-DD 00:00:00",
// which the rewritten date-time formats give at midnight, to the date.
func trimMidnight(s string) string {
	if (len(s) != 16 && len(s) != 19) || !isISODate(s[:10]) {
		return s
	}
	if s[10:] == " 00:00" || s[10:] == " 00:00:00" {
		return s[:10]
	}
	return s
}

func isISODate(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 4 || i == 7 {
			if c != '-' {
				return false
			}
		} else if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
