package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/carereport/carereport/report/load/sheet"
)

// csvRows reads CSV as sheet.Rows. The whole file is decoded up front:
// UTF-8 with or without a byte order mark, or Windows-1252 (what Excel
// writes when an officer saves "CSV" rather than "CSV UTF-8").
type csvRows struct {
	r    *csv.Reader
	file string
	row  int
}

var _ sheet.Rows = (*csvRows)(nil)

// decodeText returns b as UTF-8: a BOM is dropped, and bytes that are not
// valid UTF-8 are read as Windows-1252.
func decodeText(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return b
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil { // cannot happen: every byte has a Windows-1252 meaning
		return b
	}
	return out
}

func newCSVRows(file string, data []byte) *csvRows {
	r := csv.NewReader(bytes.NewReader(decodeText(data)))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	// Quotes are strict: with LazyQuotes a stray opening quote would
	// swallow every later row into one cell and the counts would be wrong
	// without a word. Excel and LibreOffice always quote correctly.
	r.LazyQuotes = false
	return &csvRows{r: r, file: file}
}

func (c *csvRows) Next() ([]string, int, error) {
	for {
		rec, err := c.r.Read()
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, 0, &Error{File: c.file, Row: pe.Line, Err: fmt.Errorf("malformed CSV: %v", pe.Err)}
			}
			return nil, 0, &Error{File: c.file, Err: err}
		}
		line, _ := c.r.FieldPos(0)
		n := len(rec)
		for n > 0 && rec[n-1] == "" {
			n--
		}
		if n == 0 {
			continue
		}
		return rec[:n], line, nil
	}
}

func (c *csvRows) Close() error { return nil }
