// Package since compares the tables of two papers of one authority: the
// services whose rating changed, that were rated for the first time,
// registered or closed, and the figures that moved. It reads a paper's
// tables JSON (SLUG-tables.json) with Parse, an outside input checked
// strictly and read within limits, and compares two with Compare.
package since

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/carereport/carereport/report"
)

// Limits of what Parse accepts. A real tables JSON is tens of kB: a
// large authority's services table has about a thousand rows, and a
// long trend a row a quarter.
const (
	MaxSize     = 8 << 20   // bytes of JSON
	MaxTables   = 500       // tables in one file
	MaxColumns  = 200       // columns of one table
	MaxCells    = 1_000_000 // cells in all the tables together
	MaxTextLen  = 64 << 10  // bytes of one text cell, id, title or name
	maxDecimals = 6
)

// Error is a problem with a tables JSON: the file, the line where it is
// (0 when it is about the whole file), the key it is about (such as
// tables[3].rows[12][4]), and what is wrong.
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *Error) Error() string { return report.Located(e.File, e.Line, e.Key, e.Msg) }

// parser walks the JSON token by token, so that the limits hold while it
// reads, not after.
type parser struct {
	name  string
	b     []byte
	dec   *json.Decoder
	cells int
}

func (p *parser) fail(key, format string, a ...any) error {
	return &Error{File: p.name, Line: lineAt(p.b, p.dec.InputOffset()), Key: oneLine(key), Msg: oneLine(fmt.Sprintf(format, a...))}
}

// token reads the next token, turning the decoder's errors into ours.
func (p *parser) token(key string) (json.Token, error) {
	t, err := p.dec.Token()
	if err == nil {
		return t, nil
	}
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return nil, &Error{File: p.name, Line: lineAt(p.b, int64(len(p.b))), Key: key, Msg: "the JSON ends too soon"}
	case errors.As(err, &se):
		return nil, &Error{File: p.name, Line: lineAt(p.b, se.Offset), Key: key, Msg: oneLine(strings.TrimPrefix(se.Error(), "json: "))}
	}
	return nil, p.fail(key, "%s", strings.TrimPrefix(err.Error(), "json: "))
}

func (p *parser) delim(key string, want json.Delim, what string) error {
	t, err := p.token(key)
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return p.fail(key, "expected %s, found %s", what, describe(t))
	}
	return nil
}

func (p *parser) str(key string) (string, error) {
	t, err := p.token(key)
	if err != nil {
		return "", err
	}
	s, ok := t.(string)
	if !ok {
		return "", p.fail(key, "expected text, found %s", describe(t))
	}
	if len(s) > MaxTextLen {
		return "", p.fail(key, "longer than %d kB", MaxTextLen>>10)
	}
	return s, nil
}

// Parse reads a paper's tables JSON, as carereport writes it:
// {"authority": ..., "as_at": "YYYY-MM-DD", "synthetic": true (only when
// it is), "tables": [{"id", "title", "columns", "rows"}]}. Every key is
// known, each once; a row has a cell for each column; a cell is a number,
// text or null. Errors are one line naming the file, the line and the key.
func Parse(name string, b []byte) (*report.TableSet, error) {
	if len(b) > MaxSize {
		return nil, &Error{File: name, Msg: fmt.Sprintf("larger than %d MB; a paper's tables JSON is tens of kB", MaxSize>>20)}
	}
	if !utf8.Valid(b) {
		return nil, &Error{File: name, Line: lineAt(b, int64(firstInvalid(b))), Msg: "not valid UTF-8"}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, &Error{File: name, Msg: "empty: not a carereport tables JSON"}
	}
	p := &parser{name: name, b: b, dec: json.NewDecoder(bytes.NewReader(b))}
	p.dec.UseNumber()
	if err := p.delim("", '{', "an object (a carereport tables JSON)"); err != nil {
		return nil, err
	}
	set := &report.TableSet{}
	seen := map[string]bool{}
	for p.dec.More() {
		k, err := p.str("")
		if err != nil {
			return nil, err
		}
		if seen[k] {
			return nil, p.fail(k, "given twice")
		}
		seen[k] = true
		switch k {
		case "authority":
			if set.Authority, err = p.str(k); err != nil {
				return nil, err
			}
		case "as_at":
			if set.AsAt, err = p.str(k); err != nil {
				return nil, err
			}
		case "synthetic":
			t, err := p.token(k)
			if err != nil {
				return nil, err
			}
			v, ok := t.(bool)
			if !ok {
				return nil, p.fail(k, "expected true or false, found %s", describe(t))
			}
			set.Synthetic = v
		case "tables":
			if set.Tables, err = p.tables(); err != nil {
				return nil, err
			}
		default:
			return nil, p.fail(k, "not a key of a carereport tables JSON (authority, as_at, synthetic, tables)")
		}
	}
	if err := p.delim("", '}', "the end of the object"); err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, p.fail("", "more after the closing brace")
	}
	for _, k := range []string{"authority", "as_at", "tables"} {
		if !seen[k] {
			return nil, &Error{File: name, Key: k, Msg: "missing: not a carereport tables JSON (SLUG-tables.json)"}
		}
	}
	if strings.TrimSpace(set.Authority) == "" {
		return nil, &Error{File: name, Key: "authority", Msg: "is empty"}
	}
	if _, err := report.ParseDate(set.AsAt); err != nil || len(set.AsAt) != len("2006-01-02") {
		return nil, &Error{File: name, Key: "as_at", Msg: fmt.Sprintf("%q is not a date such as 2021-02-01", set.AsAt)}
	}
	return set, nil
}

func (p *parser) tables() ([]*report.Table, error) {
	if err := p.delim("tables", '[', "a list of tables"); err != nil {
		return nil, err
	}
	out := []*report.Table{}
	ids := map[string]bool{}
	for i := 0; p.dec.More(); i++ {
		if i == MaxTables {
			return nil, p.fail("tables", "more than %d tables", MaxTables)
		}
		key := fmt.Sprintf("tables[%d]", i)
		t, err := p.table(key)
		if err != nil {
			return nil, err
		}
		if ids[t.ID] {
			return nil, p.fail(key+".id", "%q is given twice", t.ID)
		}
		ids[t.ID] = true
		out = append(out, t)
	}
	if err := p.delim("tables", ']', "the end of the list"); err != nil {
		return nil, err
	}
	return out, nil
}

func (p *parser) table(key string) (*report.Table, error) {
	if err := p.delim(key, '{', "a table (an object)"); err != nil {
		return nil, err
	}
	t := &report.Table{}
	seen := map[string]bool{}
	for p.dec.More() {
		k, err := p.str(key)
		if err != nil {
			return nil, err
		}
		fk := key + "." + k
		if seen[k] {
			return nil, p.fail(fk, "given twice")
		}
		seen[k] = true
		switch k {
		case "id":
			if t.ID, err = p.str(fk); err != nil {
				return nil, err
			}
			if t.ID == "" {
				return nil, p.fail(fk, "is empty")
			}
		case "title":
			if t.Title, err = p.str(fk); err != nil {
				return nil, err
			}
		case "columns":
			if err := p.delim(fk, '[', "a list of column names"); err != nil {
				return nil, err
			}
			cols := map[string]bool{}
			for j := 0; p.dec.More(); j++ {
				if j == MaxColumns {
					return nil, p.fail(fk, "more than %d columns", MaxColumns)
				}
				c, err := p.str(fmt.Sprintf("%s[%d]", fk, j))
				if err != nil {
					return nil, err
				}
				if c == "" || cols[c] {
					return nil, p.fail(fmt.Sprintf("%s[%d]", fk, j), "column %q is empty or given twice", c)
				}
				cols[c] = true
				t.Columns = append(t.Columns, c)
			}
			if err := p.delim(fk, ']', "the end of the list"); err != nil {
				return nil, err
			}
		case "rows":
			if !seen["columns"] {
				return nil, p.fail(fk, "come before columns; the columns say how long a row is")
			}
			if t.Rows, err = p.rows(fk, len(t.Columns)); err != nil {
				return nil, err
			}
		default:
			return nil, p.fail(fk, "not a key of a table (id, title, columns, rows)")
		}
	}
	if err := p.delim(key, '}', "the end of the table"); err != nil {
		return nil, err
	}
	for _, k := range []string{"id", "columns", "rows"} {
		if !seen[k] {
			return nil, p.fail(key, "has no %s", k)
		}
	}
	return t, nil
}

func (p *parser) rows(key string, width int) ([][]report.Cell, error) {
	if err := p.delim(key, '[', "a list of rows"); err != nil {
		return nil, err
	}
	rows := [][]report.Cell{}
	for i := 0; p.dec.More(); i++ {
		rk := fmt.Sprintf("%s[%d]", key, i)
		if err := p.delim(rk, '[', "a row (a list of cells)"); err != nil {
			return nil, err
		}
		row := make([]report.Cell, 0, width)
		for j := 0; p.dec.More(); j++ {
			ck := fmt.Sprintf("%s[%d]", rk, j)
			if j == width {
				return nil, p.fail(ck, "more cells than the table's %d columns", width)
			}
			if p.cells++; p.cells > MaxCells {
				return nil, p.fail(ck, "more than %d cells in all", MaxCells)
			}
			c, err := p.cell(ck)
			if err != nil {
				return nil, err
			}
			row = append(row, c)
		}
		if err := p.delim(rk, ']', "the end of the row"); err != nil {
			return nil, err
		}
		if len(row) != width {
			return nil, p.fail(rk, "%d cells for the table's %d columns", len(row), width)
		}
		rows = append(rows, row)
	}
	if err := p.delim(key, ']', "the end of the rows"); err != nil {
		return nil, err
	}
	return rows, nil
}

// cell reads a number (with the decimals it is written with), text or
// null, as Cell.MarshalJSON writes them.
func (p *parser) cell(key string) (report.Cell, error) {
	t, err := p.token(key)
	if err != nil {
		return report.Cell{}, err
	}
	switch v := t.(type) {
	case nil:
		return report.Null(), nil
	case string:
		if len(v) > MaxTextLen {
			return report.Cell{}, p.fail(key, "longer than %d kB", MaxTextLen>>10)
		}
		return report.Str(v), nil
	case json.Number:
		s := string(v)
		if strings.ContainsAny(s, "eE") {
			return report.Cell{}, p.fail(key, "%s: a figure is written without an exponent", s)
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return report.Cell{}, p.fail(key, "%s is not a number", s)
		}
		dec := 0
		if i := strings.IndexByte(s, '.'); i >= 0 {
			dec = len(s) - i - 1
		}
		if dec > maxDecimals {
			return report.Cell{}, p.fail(key, "%s has more than %d decimals", s, maxDecimals)
		}
		return report.Num(f, dec), nil
	}
	return report.Cell{}, p.fail(key, "expected a number, text or null, found %s", describe(t))
}

func describe(t json.Token) string {
	switch v := t.(type) {
	case json.Delim:
		switch v {
		case '{':
			return "an object"
		case '[':
			return "a list"
		}
		return fmt.Sprintf("%q", string(v))
	case string:
		if len(v) > 40 {
			v = v[:40] + "..."
		}
		return fmt.Sprintf("text %q", v)
	case json.Number:
		return "the number " + string(v)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return "null"
	}
	return fmt.Sprint(t)
}

// lineAt is the line (from 1) of byte offset off.
func lineAt(b []byte, off int64) int {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	if off < 0 {
		off = 0
	}
	return 1 + bytes.Count(b[:off], []byte{'\n'})
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// oneLine keeps a message on one line, control characters shown as
// escapes, and not too long.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		b.WriteRune(r)
	}
	out := []rune(b.String())
	if len(out) > 300 {
		return string(out[:300]) + "..."
	}
	return string(out)
}

// Read reads and parses the tables JSON at path, refusing a file larger
// than MaxSize before reading it all.
func Read(path string) (*report.TableSet, error) {
	b, err := readLimited(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, b)
}
