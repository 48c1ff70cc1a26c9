// Package xlsx streams the rows of one sheet of an Office Open XML
// workbook (.xlsx) with a reader of its own: the workbook, relationships
// and styles parts are small and read whole (each under a size limit), the
// shared strings are streamed, and the worksheet goes through a byte
// scanner that holds one row at a time. It is strict: a worksheet that is
// cut short or fails the zip's checksum is an error naming the file.
//
// Values come back as follows:
//   - text cells: their text; booleans: "TRUE" or "FALSE".
//   - numbers: the value as stored in the file (e.g. "0.5" for 50%,
//     "1234.5" for "1,234.50"), not as displayed.
//   - cells whose number format is a date: "YYYY-MM-DD"; a date-time
//     format gives "YYYY-MM-DD hh:mm:ss" ("YYYY-MM-DD hh:mm" for Excel's
//     built-in format 22), shortened to "YYYY-MM-DD" at midnight.
//   - cells with a time-of-day format: "hh:mm:ss".
package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	kflate "github.com/klauspost/compress/flate"

	"github.com/carereport/carereport/report/load/sheet"
)

// pipeThreshold is the declared worksheet size from which inflating runs
// in its own goroutine.
const pipeThreshold = 4 << 20

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
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, "", err
	}
	rows, name, err := OpenSheetReader(f, st.Size(), path, want, lim)
	if err != nil {
		f.Close()
		return nil, "", err
	}
	rows.(*sheetReader).file = f // closed with the rows
	return rows, name, nil
}

// OpenSheetReader is OpenSheet for an .xlsx file held in r, size bytes
// long; label names the file in error messages. Only the chosen sheet's
// rows are inflated as they are read.
func OpenSheetReader(r io.ReaderAt, size int64, label string, want []string, lim sheet.Limits) (rows sheet.Rows, name string, err error) {
	lim = lim.WithDefaults()
	if err := precheck(r, size, label, lim); err != nil {
		return nil, "", err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, "", fmt.Errorf("%s: not a readable XLSX file (%v)", label, err)
	}
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return kflate.NewReader(r) })
	b, err := openBook(zr, label)
	if err != nil {
		return nil, "", err
	}
	var chosen *bookSheet
	var names []string
	for i, s := range b.sheets {
		names = append(names, s.name)
		if chosen == nil && matches(s.name, want) {
			chosen = &b.sheets[i]
		}
	}
	if chosen == nil {
		return nil, "", noSheetError(label, want, names)
	}
	kinds, err := b.styleKinds()
	if err != nil {
		return nil, "", err
	}
	shared, err := b.sharedStrings()
	if err != nil {
		return nil, "", err
	}
	zf := b.files[chosen.part]
	if zf == nil {
		return nil, "", fmt.Errorf("%s: sheet %q: its part %s is missing from the workbook", label, chosen.name, chosen.part)
	}
	if zf.UncompressedSize64 > uint64(lim.MaxUncompressed) {
		return nil, "", fmt.Errorf("%s: sheet %q: the worksheet declares more than %d bytes uncompressed (limit)", label, chosen.name, lim.MaxUncompressed)
	}
	src, err := zf.Open()
	if err != nil {
		return nil, "", fmt.Errorf("%s: sheet %q: %v", label, chosen.name, err)
	}
	sr := &sheetReader{label: label, sheet: chosen.name, lim: lim, src: src, shared: shared, kinds: kinds, date1904: b.date1904}
	var in io.Reader = &countReader{r: src, limit: lim.MaxUncompressed}
	if zf.UncompressedSize64 >= pipeThreshold {
		// A large worksheet inflates in its own goroutine, overlapping
		// the scan; a small one is read directly.
		sr.pipe = sheet.NewPipe(in)
		in = sr.pipe
	}
	sr.in = in
	sr.buf = make([]byte, min(scanBuf, int(max(zf.UncompressedSize64, 4096))))
	return sr, chosen.name, nil
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
		return &sheet.NoSheetError{Msg: fmt.Sprintf("%s: no sheet named %q (sheets: %s)", label, want[0], q(seen))}
	}
	return &sheet.NoSheetError{Msg: fmt.Sprintf("%s: no sheet named any of %s (sheets: %s)", label, q(want), q(seen))}
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
