package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/carereport/carereport/report/load/sheet"
)

// csvRows reads CSV as sheet.Rows. The whole file is decoded up front:
// UTF-8 with or without a byte order mark, or Windows-1252 (what Excel
// writes when an officer saves "CSV" rather than "CSV UTF-8").
//
// Most lines of a national file hold no quotes at all; those are split
// on commas here, with one string made per line. A line with a quote (or
// a carriage return inside it) is handed to encoding/csv, which reads
// that one record, however many lines it spans, and reports malformed
// quoting. Both paths give what encoding/csv alone would give.
type csvRows struct {
	data []byte
	pos  int // offset of the first byte not yet read
	line int // lines read so far
	file string
	rec  []string
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
	return &csvRows{data: decodeText(data), file: file}
}

func (c *csvRows) Next() ([]string, int, error) {
	for c.pos < len(c.data) {
		rest := c.data[c.pos:]
		body, next := rest, len(rest)
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			body, next = rest[:nl], nl+1
		}
		// encoding/csv drops the \r of \r\n, and a lone \r at the very end.
		if n := len(body); n > 0 && body[n-1] == '\r' {
			body = body[:n-1]
		}
		startLine := c.line + 1
		var rec []string
		if bytes.IndexByte(body, '"') < 0 && bytes.IndexByte(body, '\r') < 0 {
			c.pos += next
			c.line++
			if len(body) == 0 {
				continue
			}
			rec = c.split(string(body))
		} else {
			r, err := c.quoted(rest)
			if err != nil {
				return nil, 0, err
			}
			rec = r
		}
		n := len(rec)
		for n > 0 && rec[n-1] == "" {
			n--
		}
		if n == 0 {
			continue
		}
		return rec[:n], startLine, nil
	}
	return nil, 0, io.EOF
}

// split cuts a line without quotes at its commas, reusing c.rec.
func (c *csvRows) split(s string) []string {
	rec := c.rec[:0]
	for {
		i := strings.IndexByte(s, ',')
		if i < 0 {
			rec = append(rec, s)
			break
		}
		rec = append(rec, s[:i])
		s = s[i+1:]
	}
	c.rec = rec
	return rec
}

// quoted reads one record starting at rest with encoding/csv.
func (c *csvRows) quoted(rest []byte) ([]string, error) {
	r := csv.NewReader(bytes.NewReader(rest))
	r.FieldsPerRecord = -1
	// Quotes are strict: with LazyQuotes a stray opening quote would
	// swallow every later row into one cell and the counts would be wrong
	// without a word. Excel and LibreOffice always quote correctly.
	r.LazyQuotes = false
	rec, err := r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{File: c.file, Row: c.line + pe.Line, Err: fmt.Errorf("malformed CSV: %v", pe.Err)}
		}
		return nil, &Error{File: c.file, Err: err}
	}
	used := int(r.InputOffset())
	c.line += bytes.Count(rest[:used], []byte{'\n'})
	if used > 0 && rest[used-1] != '\n' {
		c.line++ // the last line of the file, without a newline
	}
	c.pos += used
	return rec, nil
}

func (c *csvRows) Close() error { return nil }
