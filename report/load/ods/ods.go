// Package ods streams the rows of one sheet of an OpenDocument spreadsheet
// (.ods) without building a document tree.
//
// An .ods file is a zip archive whose content.xml holds every sheet. The CQC
// national files inflate to several hundred megabytes of XML, so this
// package inflates content.xml in one goroutine and scans it in another
// with a small hand-written tokenizer that knows only what a spreadsheet
// body needs: elements, attributes (either quote), self-closing tags,
// comments, CDATA, processing instructions, and character and entity
// references. Nothing is kept but the current row.
//
// Cell text follows these rules:
//   - string cells, cells without a value type and time cells give their
//     displayed text; paragraphs are joined with "\n", text:s gives
//     spaces, text:tab a tab and text:line-break a newline; text inside
//     spans and links is kept; annotations (comments) and drawings are not.
//     White space inside a paragraph is kept as written, not collapsed.
//   - float, percentage and currency cells give office:value (so 50% is
//     "0.5"), date cells give office:date-value with a midnight time part
//     dropped ("2019-11-01"), boolean cells give "TRUE" or "FALSE".
//   - a covered cell (hidden by a merge) is an empty cell position.
//   - table:number-columns-repeated and table:number-rows-repeated are
//     honoured without materialising trailing empty cells or looping over
//     empty repeated rows.
//
// Namespace prefixes are taken from the declarations on the root element,
// so a file that binds the table namespace to another prefix still reads;
// prefixes rebound further down the tree are not followed.
package ods

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	kflate "github.com/klauspost/compress/flate"

	"github.com/carereport/carereport/report/load/sheet"
)

// pipeThreshold is the declared content.xml size from which inflating runs
// in its own goroutine. Small files are read directly.
var pipeThreshold uint64 = 4 << 20

// OpenSheet opens the .ods file at path and returns a stream of the rows of
// the chosen sheet and that sheet's name.
//
// Sheets are chosen by name with sheet.MatchName. Because content.xml is
// read as a stream, the first sheet in document order whose name matches
// any of want is chosen; the order of want does not rank the candidates.
// With want empty, the first sheet is chosen. When no sheet matches, the
// error lists the names of the sheets seen.
//
// The caller must Close the returned rows.
func OpenSheet(path string, want []string, lim sheet.Limits) (rows sheet.Rows, name string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, "", err
	}
	r, name, err := open(f, st.Size(), path, want, lim, f)
	if err != nil {
		f.Close()
		return nil, "", err
	}
	return r, name, nil
}

// OpenSheetReader is OpenSheet for an .ods file held in r, size bytes long.
// label names the file in error messages. Closing the rows does not close r.
func OpenSheetReader(r io.ReaderAt, size int64, label string, want []string, lim sheet.Limits) (sheet.Rows, string, error) {
	rows, name, err := open(r, size, label, want, lim, nil)
	if err != nil {
		return nil, "", err
	}
	return rows, name, nil
}

func open(ra io.ReaderAt, size int64, label string, want []string, lim sheet.Limits, closer io.Closer) (*reader, string, error) {
	lim = lim.WithDefaults()
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, "", fmt.Errorf("%s: not a readable ODS file (%v)", label, err)
	}
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return kflate.NewReader(r) })
	var content *zip.File
	for _, f := range zr.File {
		if f.Name == "content.xml" {
			content = f
			break
		}
	}
	if content == nil {
		return nil, "", fmt.Errorf("%s: not an ODS spreadsheet: it has no content.xml", label)
	}
	if content.UncompressedSize64 > uint64(lim.MaxUncompressed) {
		return nil, "", fmt.Errorf("%s: content.xml declares %d bytes uncompressed (limit %d)", label, content.UncompressedSize64, lim.MaxUncompressed)
	}
	if content.Method != zip.Store && content.Method != zip.Deflate {
		return nil, "", fmt.Errorf("%s: content.xml uses unsupported zip compression method %d", label, content.Method)
	}
	rc, err := content.Open()
	if err != nil {
		return nil, "", fmt.Errorf("%s: content.xml: %v", label, err)
	}
	r := &reader{
		label:  label,
		want:   want,
		lim:    lim,
		zc:     rc,
		closer: closer,
	}
	var src io.Reader = rc
	if content.UncompressedSize64 >= pipeThreshold {
		r.pipe = sheet.NewPipe(rc)
		src = r.pipe
	}
	r.init(src)
	if err := r.findSheet(); err != nil {
		r.release()
		return nil, "", err
	}
	return r, r.sheetName, nil
}

// Next implements sheet.Rows. The returned slice is reused by the next call.
func (r *reader) Next() ([]string, int, error) {
	if r.err != nil {
		return nil, 0, r.err
	}
	if r.repeatLeft > 0 {
		r.repeatLeft--
		r.rowNum++
		if err := r.emit(); err != nil {
			return nil, 0, err
		}
		return r.cells, int(r.rowNum), nil
	}
	if r.tableDone {
		return nil, 0, io.EOF
	}
	ev, err := r.run()
	if err != nil {
		r.err = err
		return nil, 0, err
	}
	if ev != evRow {
		r.tableDone = true
		return nil, 0, io.EOF
	}
	r.rowNum++
	if err := r.emit(); err != nil {
		return nil, 0, err
	}
	return r.cells, int(r.rowNum), nil
}

// emit fills r.cells from the finished row, after checking the row limit.
func (r *reader) emit() error {
	if r.rowNum > int64(r.lim.MaxRows) {
		r.err = fmt.Errorf("%s: sheet %q: row %d: too many rows (limit %d)", r.label, r.sheetName, r.rowNum, r.lim.MaxRows)
		return r.err
	}
	if r.rowStr == "" && len(r.spans) > 0 {
		r.rowStr = string(r.rowBuf)
	}
	r.cells = r.cells[:0]
	for _, sp := range r.spans {
		r.cells = append(r.cells, r.rowStr[sp.a:sp.b])
	}
	return nil
}

// Close implements sheet.Rows.
func (r *reader) Close() error {
	if r.closed {
		return nil
	}
	err := r.release()
	if r.err == nil {
		r.err = errors.New(r.label + ": read after Close")
	}
	return err
}

func (r *reader) release() error {
	r.closed = true
	if r.pipe != nil {
		r.pipe.Close()
	}
	r.zc.Close()
	if r.closer != nil {
		return r.closer.Close()
	}
	return nil
}

// errorf formats an error naming the file, the sheet and the row being read.
func (r *reader) errorf(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if r.sheetName == "" && !r.inTable {
		return fmt.Errorf("%s: %s", r.label, msg)
	}
	return fmt.Errorf("%s: sheet %q: row %d: %s", r.label, r.sheetName, r.rowNum+1, msg)
}

// noSheetError lists the sheets seen when none matched.
func (r *reader) noSheetError() error {
	// At most ten names, each cut short: a file of 200,000 sheets gives
	// one short line.
	var quoted []string
	for i, s := range r.seen {
		if i == 10 {
			quoted = append(quoted, fmt.Sprintf("and %d more", len(r.seen)-10))
			break
		}
		if rs := []rune(s); len(rs) > 40 {
			s = string(rs[:40]) + "..."
		}
		quoted = append(quoted, fmt.Sprintf("%q", s))
	}
	list := strings.Join(quoted, ", ")
	if len(r.seen) == 0 {
		return fmt.Errorf("%s: no sheets in content.xml", r.label)
	}
	if len(r.want) == 1 {
		return &sheet.NoSheetError{Msg: fmt.Sprintf("%s: no sheet named %q (sheets: %s)", r.label, r.want[0], list)}
	}
	wq := make([]string, len(r.want))
	for i, s := range r.want {
		wq[i] = fmt.Sprintf("%q", s)
	}
	return &sheet.NoSheetError{Msg: fmt.Sprintf("%s: no sheet named any of %s (sheets: %s)", r.label, strings.Join(wq, ", "), list)}
}

func (r *reader) matches(name string) bool {
	if len(r.want) == 0 {
		return true
	}
	for _, w := range r.want {
		if sheet.MatchName(name, w) {
			return true
		}
	}
	return false
}
