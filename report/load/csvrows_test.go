package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

// refRow is what encoding/csv alone makes of a file, as sheet.Rows does:
// trailing empty cells dropped, rows of nothing skipped.
type refRow struct {
	cells []string
	line  int
	err   bool
}

func referenceRows(data []byte) []refRow {
	text := decodeText(data)
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	var out []refRow
	for {
		off := r.InputOffset()
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
				// A quoted cell that runs to the end of the file is
				// named at the row it opens on, not at the last row.
				if errors.Is(err, csv.ErrQuote) && neverClosed(text[off:]) {
					line = pe.StartLine
				}
			}
			return append(out, refRow{line: line, err: true})
		}
		line, _ := r.FieldPos(0)
		n := len(rec)
		for n > 0 && rec[n-1] == "" {
			n--
		}
		if n > 0 {
			out = append(out, refRow{cells: rec[:n], line: line})
		}
	}
}

// neverClosed reports whether a record starting at rest has an odd count
// of quotes at every line end up to the end of the file: a quoted cell
// opened in it is never closed.
func neverClosed(rest []byte) bool {
	// encoding/csv's offset is before any blank lines it skips.
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 || len(bytes.TrimRight(rest[:i], "\r")) > 0 {
			break
		}
		rest = rest[i+1:]
	}
	q := 0
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			return (q+bytes.Count(rest, []byte{'"'}))%2 == 1
		}
		q += bytes.Count(rest[:i+1], []byte{'"'})
		if q%2 == 0 {
			return false
		}
		rest = rest[i+1:]
	}
}

func ourRows(data []byte) []refRow {
	c := newCSVRows("f.csv", data)
	var out []refRow
	for {
		rec, line, err := c.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			var le *Error
			if !errors.As(err, &le) {
				return append(out, refRow{line: -1, err: true})
			}
			return append(out, refRow{line: le.Row, err: true})
		}
		out = append(out, refRow{cells: slices.Clone(rec), line: line})
	}
}

func sameRows(a, b []refRow) bool {
	return slices.EqualFunc(a, b, func(x, y refRow) bool {
		return x.line == y.line && x.err == y.err && slices.Equal(x.cells, y.cells)
	})
}

var csvSeeds = []string{
	"a,b,c\n1,2,3\n",
	"a,b\r\n1,2\r\n\r\n\n3,4",
	"x,\"y, z\",w\n\"multi\nline\",2\nlast,row\n",
	"a,\"b\"\"c\",d\n",
	"a,\"b\"c,d\n1,2\n",
	"a,b\"c\n",
	"\"open\n1,2\n3,4\n",
	"a\rb,c\nd,e\r",
	",,,\n,,\n1,,\n",
	"\xef\xbb\xbfLocation ID,Name\n1-1,Caf\xe9\n",
	"\n\n\"q\"\n",
}

func TestCSVRowsMatchEncodingCSV(t *testing.T) {
	// Quoted records longer than encoding/csv's buffer, between others.
	long := strings.Repeat("z", 9000)
	big := "a,\"" + long + "\"\n1,2\n\"x\ny" + long + "\",\"q\"\n\"\"\"\",3\nlast," + long + "\n\"" + long + "\"x\n"
	for _, s := range append(slices.Clone(csvSeeds), big, big[:len(big)-3]) {
		want, got := referenceRows([]byte(s)), ourRows([]byte(s))
		if !sameRows(want, got) {
			t.Errorf("%q:\n got %+v\nwant %+v", s, got, want)
		}
	}
}

// FuzzCSVRows checks the quick path against encoding/csv on any input.
func FuzzCSVRows(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ref := referenceRows(data)
		if got := ourRows(data); !sameRows(ref, got) {
			t.Fatalf("%q:\n got %+v\nwant %+v", data, got, ref)
		}
		for _, cols := range pickSets {
			if got, want := pickedRows(data, cols), blankExcept(ref, cols); !sameRows(want, got) {
				t.Fatalf("%q pick %v:\n got %+v\nwant %+v", data, cols, got, want)
			}
		}
	})
}

// Files are streamed: the encoding is decided over the whole file, even
// when the first character that settles it is far in, or a character is
// cut by a read.
func TestCSVFileEncodingAcrossChunks(t *testing.T) {
	dir := t.TempDir()
	head := "Location ID,Location Name\n"
	pad := strings.Repeat("1-1,plain ascii name\n", 5000) // ~105 kB
	for _, c := range []struct {
		name, body, want string
	}{
		{"late 1252", head + pad + "1-2,Caf\xe9\n", "Café"},
		{"late utf8", head + pad + "1-2,Café\n", "Café"},
		{"bom late 1252", "\xef\xbb\xbf" + head + pad + "1-2,St Mary\x92s\n", "St Mary\u2019s"},
	} {
		p := writeFile(t, dir, "x.csv", []byte(c.body))
		rows, _, err := OpenRows(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		var last []string
		first := true
		for {
			rec, _, err := rows.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if first && rec[0] != "Location ID" {
				t.Errorf("%s: header %q", c.name, rec[0])
			}
			first = false
			last = slices.Clone(rec)
		}
		rows.Close()
		if last[1] != c.want {
			t.Errorf("%s: last name %q, want %q", c.name, last[1], c.want)
		}
	}
	// A two-byte character at every offset around the 64 KiB read size
	// stays valid UTF-8.
	for off := 65530; off < 65540; off++ {
		body := head + strings.Repeat("x", off-len(head)) + "é\n"
		hasBOM, valid, lines, err := sniffText(strings.NewReader(body))
		if err != nil || hasBOM || !valid || lines != 2 {
			t.Errorf("offset %d: bom %v valid %v err %v", off, hasBOM, valid, err)
		}
	}
	// A line longer than the read buffer.
	long := strings.Repeat("y", 200000)
	p := writeFile(t, dir, "long.csv", []byte("a,b\n1,"+long+"\n2,\"q\n"+long+"\"\n"))
	got := ourFileRows(t, p)
	if len(got) != 3 || got[1].cells[1] != long || got[2].cells[1] != "q\n"+long || got[2].line != 3 {
		t.Errorf("long lines: %d rows", len(got))
	}
}

func ourFileRows(t *testing.T, p string) []refRow {
	rows, _, err := OpenRows(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []refRow
	for {
		rec, line, err := rows.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, refRow{cells: slices.Clone(rec), line: line})
	}
}

// pickedRows is ourRows with Pick: reference rows with the other cells
// blanked must come out.
func pickedRows(data []byte, cols []int) []refRow {
	c := newCSVRows("f.csv", data)
	c.Pick(cols)
	var out []refRow
	for {
		rec, line, err := c.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			var le *Error
			errors.As(err, &le)
			return append(out, refRow{line: le.Row, err: true})
		}
		out = append(out, refRow{cells: slices.Clone(rec), line: line})
	}
}

func blankExcept(rows []refRow, cols []int) []refRow {
	var out []refRow
	for _, r := range rows {
		if r.err {
			out = append(out, r)
			continue
		}
		cells := make([]string, len(r.cells))
		for i := range cells {
			if slices.Contains(cols, i) {
				cells[i] = r.cells[i]
			}
		}
		n := len(cells)
		for n > 0 && cells[n-1] == "" {
			n--
		}
		if n > 0 {
			out = append(out, refRow{cells: cells[:n], line: r.line})
		}
	}
	return out
}

var pickSets = [][]int{{0, 2}, {1}, {0, 1, 2, 3, 4, 5, 6, 7}, {3, -1, 0}, {}}

func TestCSVRowsPick(t *testing.T) {
	for _, s := range csvSeeds {
		for _, cols := range pickSets {
			want, got := blankExcept(referenceRows([]byte(s)), cols), pickedRows([]byte(s), cols)
			if !sameRows(want, got) {
				t.Errorf("%q pick %v:\n got %+v\nwant %+v", s, cols, got, want)
			}
		}
	}
}

// A quote never closed at row 11 of a file under the record limit is
// named at row 11, not at the file's last row.
func TestUnclosedQuoteNamedWhereItOpens(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&b, "1-%d,Home %d\n", i, i)
	}
	b.WriteString("1-11,\"Rose Cottage\n")
	for i := 12; i <= 60; i++ {
		fmt.Fprintf(&b, "1-%d,Home %d\n", i, i)
	}
	c := newCSVRows("f.csv", []byte(b.String()))
	for {
		_, _, err := c.Next()
		if err == io.EOF {
			t.Fatal("no error for a quote never closed")
		}
		if err != nil {
			var le *Error
			if !errors.As(err, &le) || le.Row != 11 || !strings.Contains(err.Error(), "runs to the end of the file") {
				t.Fatalf("got %v, want row 11", err)
			}
			return
		}
	}
}
