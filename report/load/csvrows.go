package load

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/carereport/carereport/report/load/sheet"
)

// csvRows reads CSV as sheet.Rows, streaming: a national file is never
// held whole in memory. Text is UTF-8 with or without a byte order mark,
// or Windows-1252 (what Excel writes when an officer saves "CSV" rather
// than "CSV UTF-8"); which one is decided for the whole file first.
//
// Most lines of a national file hold no quotes at all; those are split
// on commas here, with one string made per line and its cells substrings
// of it (after Pick, one string of the kept cells only). A line with a
// quote (or a carriage return inside it) starts a
// record that may span lines: lines are gathered until its quotes pair
// up, and encoding/csv reads the record and reports malformed quoting.
// Both paths give what encoding/csv alone would give on the whole file
// (FuzzCSVRows checks this).
type csvRows struct {
	br     *bufio.Reader
	closer io.Closer
	file   string
	line   int // lines read so far
	rec    []string
	long   []byte // a line longer than the buffer, or a multi-line record
	lines  int    // newlines in the whole file, if known
	pick   []bool // if not nil, the cells kept (see Pick)
	next   []int  // next[k]: the first kept cell at or after cell k
	cells  []int  // scratch for splitPicked: kept cells found
	ends   []int  // scratch for splitPicked: where each ends in buf
	buf    []byte // scratch for splitPicked

	// One encoding/csv reader serves every quoted record: each is fed to
	// it through qsrc. Its line and byte counts run on from record to
	// record, so those fed before are kept to subtract.
	qr           *csv.Reader
	qsrc         bytes.Reader
	acc          []byte
	qLines, qOff int
}

var _ sheet.Rows = (*csvRows)(nil)

var bom = []byte("\xef\xbb\xbf")

// decodeText returns b as UTF-8: a BOM is dropped, and bytes that are not
// valid UTF-8 are read as Windows-1252.
func decodeText(b []byte) []byte {
	b = bytes.TrimPrefix(b, bom)
	if utf8.Valid(b) {
		return b
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil { // cannot happen: every byte has a Windows-1252 meaning
		return b
	}
	return out
}

// newCSVRows reads CSV held in memory.
func newCSVRows(file string, data []byte) *csvRows {
	text := decodeText(data)
	c := newCSVStream(file, bytes.NewReader(text), nil)
	c.lines = bytes.Count(text, []byte{'\n'})
	return c
}

// SizeHint is how many lines the file has: at least its number of rows.
// A loader sizes its tables by it rather than growing them row by row,
// which on a national file touches several times the memory.
func (c *csvRows) SizeHint() int { return c.lines }

func newCSVStream(file string, r io.Reader, closer io.Closer) *csvRows {
	return &csvRows{br: bufio.NewReaderSize(r, 64<<10), closer: closer, file: file}
}

// openCSV opens a CSV file: one pass decides the encoding, a second
// streams the rows.
func openCSV(path string) (*csvRows, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Err: unwrapPath(err)}
	}
	var head [512]byte
	n, _ := io.ReadFull(f, head[:])
	if bytes.HasPrefix(head[:n], []byte{0xff, 0xfe}) || bytes.HasPrefix(head[:n], []byte{0xfe, 0xff}) || bytes.Count(head[:n], []byte{0}) > n/4 {
		f.Close()
		return nil, &Error{File: path, Err: errors.New("the file is UTF-16 text (as Excel's \"Unicode Text\" saves it), not CSV: save it as \"CSV UTF-8\" and try again")}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, &Error{File: path, Err: err}
	}
	hasBOM, valid, lines, err := sniffText(f)
	if err == nil {
		var skip int64
		if hasBOM {
			skip = int64(len(bom))
		}
		_, err = f.Seek(skip, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, &Error{File: path, Err: err}
	}
	var r io.Reader = f
	if !valid {
		r = charmap.Windows1252.NewDecoder().Reader(f)
	}
	c := newCSVStream(path, r, f)
	c.lines = lines
	return c, nil
}

// sniffText reads r to the end and reports whether it starts with a BOM,
// whether the rest is valid UTF-8, and how many newlines it has.
func sniffText(r io.Reader) (hasBOM, valid bool, lines int, err error) {
	buf := make([]byte, 64<<10)
	carry := 0 // bytes of an unfinished character kept at buf's start
	first := true
	for {
		n, err := io.ReadFull(r, buf[carry:])
		n += carry
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return false, false, 0, err
		}
		atEOF := err != nil
		chunk := buf[:n]
		lines += bytes.Count(chunk[carry:], []byte{'\n'})
		if first {
			first = false
			if bytes.HasPrefix(chunk, bom) {
				hasBOM = true
				chunk = chunk[len(bom):]
			}
		}
		// Keep back a character cut by the end of the chunk.
		cut := len(chunk)
		if !atEOF {
			for i := len(chunk) - 1; i >= 0 && i >= len(chunk)-utf8.UTFMax; i-- {
				if utf8.RuneStart(chunk[i]) {
					if !utf8.FullRune(chunk[i:]) {
						cut = i
					}
					break
				}
			}
		}
		if valid = utf8.Valid(chunk[:cut]); !valid || atEOF {
			if !valid { // count the rest of the lines
				for !atEOF {
					n, err := io.ReadFull(r, buf)
					if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
						return false, false, 0, err
					}
					atEOF = err != nil
					lines += bytes.Count(buf[:n], []byte{'\n'})
				}
			}
			return hasBOM, valid, lines, nil
		}
		carry = copy(buf, chunk[cut:])
	}
}

// readLine returns the next line with its newline, if it has one; the
// slice is valid until the next call.
func (c *csvRows) readLine() ([]byte, error) {
	b, err := c.br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return b, err
	}
	c.long = append(c.long[:0], b...)
	for err == bufio.ErrBufferFull {
		b, err = c.br.ReadSlice('\n')
		c.long = append(c.long, b...)
		if len(c.long) > maxCSVRecord {
			return nil, errLineTooLong
		}
	}
	return c.long, err
}

// maxCSVRecord bounds one record: a row of a national file is a couple
// of kB, so a megabyte means the file is not what it should be.
const maxCSVRecord = 1 << 20

var errLineTooLong = fmt.Errorf("a line longer than %d kB: not a row of a CQC file", maxCSVRecord>>10)

func (c *csvRows) readErr(err error) error {
	if err == errLineTooLong {
		return &Error{File: c.file, Row: c.line + 1, Err: err}
	}
	return &Error{File: c.file, Row: c.line + 1, Err: fmt.Errorf("reading: %w", err)}
}

func (c *csvRows) Next() ([]string, int, error) {
	for {
		raw, err := c.readLine()
		if err != nil && err != io.EOF {
			return nil, 0, c.readErr(err)
		}
		if len(raw) == 0 {
			return nil, 0, io.EOF
		}
		c.line++
		start := c.line
		// encoding/csv drops the \r of \r\n, and a lone \r at the very end.
		body := bytes.TrimSuffix(raw, []byte{'\n'})
		body = bytes.TrimSuffix(body, []byte{'\r'})
		var rec []string
		if bytes.IndexByte(body, '"') < 0 && bytes.IndexByte(body, '\r') < 0 {
			if len(body) == 0 {
				continue
			}
			if c.pick != nil {
				rec = c.splitPicked(body)
			} else {
				rec = c.split(string(body))
			}
		} else {
			rec, err = c.record(raw, start)
			if err != nil {
				return nil, 0, err
			}
			if c.pick != nil {
				for i := range rec {
					if i >= len(c.pick) || !c.pick[i] {
						rec[i] = ""
					}
				}
			}
		}
		n := len(rec)
		for n > 0 && rec[n-1] == "" {
			n--
		}
		if n == 0 {
			continue
		}
		return rec[:n], start, nil
	}
}

// split cuts a line without quotes at its commas, reusing c.rec. Cells
// are mostly short or empty, so a plain loop beats a search per cell.
func (c *csvRows) split(s string) []string {
	rec := c.rec[:0]
	from := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			rec = append(rec, s[from:i])
			from = i + 1
		}
	}
	rec = append(rec, s[from:])
	c.rec = rec
	return rec
}

// Pick makes Next keep only the cells at the given indexes (negative ones
// are ignored); the others read as "". A loader that has found its
// columns calls it, so that the hundred cells a row of a national file
// it does not use are never made into strings.
func (c *csvRows) Pick(cols []int) {
	n := 0
	for _, i := range cols {
		n = max(n, i+1)
	}
	c.pick = make([]bool, n)
	for _, i := range cols {
		if i >= 0 {
			c.pick[i] = true
		}
	}
	c.next = make([]int, n+1)
	c.next[n] = n
	for k := n - 1; k >= 0; k-- {
		c.next[k] = c.next[k+1]
		if c.pick[k] {
			c.next[k] = k
		}
	}
}

// splitPicked is split for a picked row: the kept cells are copied into
// one string, and the row's slice holds substrings of it. Commas are
// found eight bytes at a time, and a run of eight bytes whose cells are
// all unwanted is stepped over whole: a national row has some 120 cells,
// most of them empty, and only about 20 are wanted.
func (c *csvRows) splitPicked(line []byte) []string {
	const (
		ones   = 0x0101010101010101
		low7   = 0x7f7f7f7f7f7f7f7f
		commas = ',' * ones
	)
	pick, next := c.pick, c.next
	buf, cells, ends := c.buf[:0], c.cells[:0], c.ends[:0]
	cell, from, i := 0, 0, 0
words:
	for ; i+8 <= len(line); i += 8 {
		if cell >= len(pick) {
			break
		}
		x := binary.LittleEndian.Uint64(line[i:]) ^ commas
		// The high bit of each byte of m is set where x's byte is zero,
		// that is where line has a comma.
		m := ^(((x & low7) + low7) | x | low7)
		if m == 0 {
			continue
		}
		if n := bits.OnesCount64(m); next[cell] >= cell+n {
			cell += n // every cell ending here is unwanted
			from = i + (63-bits.LeadingZeros64(m))>>3 + 1
			continue
		}
		for ; m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)>>3
			if pick[cell] {
				buf = append(buf, line[from:j]...)
				cells, ends = append(cells, cell), append(ends, len(buf))
			}
			cell++
			from = j + 1
			if cell >= len(pick) {
				break words
			}
		}
	}
	for ; i < len(line) && cell < len(pick); i++ {
		if line[i] == ',' {
			if pick[cell] {
				buf = append(buf, line[from:i]...)
				cells, ends = append(cells, cell), append(ends, len(buf))
			}
			cell++
			from = i + 1
		}
	}
	if cell < len(pick) && pick[cell] { // the last cell
		buf = append(buf, line[from:]...)
		cells, ends = append(cells, cell), append(ends, len(buf))
	}
	text := string(buf)
	rec := c.rec[:0]
	if len(cells) > 0 {
		rec = append(rec, make([]string, cells[len(cells)-1]+1)...)
	}
	prev := 0
	for k, end := range ends {
		rec[cells[k]] = text[prev:end]
		prev = end
	}
	c.buf, c.cells, c.ends, c.rec = buf, cells, ends, rec
	return rec
}

// record reads a record that has quotes, starting with the line first
// (line number start). Inside a well-formed record quotes come in pairs,
// so while their count is odd a quoted cell goes on to the next line.
func (c *csvRows) record(first []byte, start int) ([]string, error) {
	acc := append(c.acc[:0], first...)
	quotes := bytes.Count(first, []byte{'"'})
	var err error
	for quotes%2 == 1 {
		var raw []byte
		raw, err = c.readLine()
		if err != nil && err != io.EOF {
			return nil, c.readErr(err)
		}
		if len(raw) == 0 {
			break
		}
		c.line++
		acc = append(acc, raw...)
		quotes += bytes.Count(raw, []byte{'"'})
		if len(acc) > maxCSVRecord {
			// Report where the record starts: a quote opened there is
			// most likely never closed.
			return nil, &Error{File: c.file, Row: start, Err: fmt.Errorf("malformed CSV: a quoted cell opened on this row runs on for more than %d kB (a quote that is never closed?)", maxCSVRecord>>10)}
		}
	}
	// Quotes still odd at the end of the file: a quote is missing or stray
	// somewhere in the record, most likely where it starts.
	toEOF := quotes%2 == 1
	c.acc = acc
	if c.qr == nil {
		c.qr = csv.NewReader(&c.qsrc)
		c.qr.FieldsPerRecord = -1
		c.qr.ReuseRecord = true
		// Quotes are strict: with LazyQuotes a stray opening quote would
		// swallow every later row into one cell and the counts would be
		// wrong without a word. Excel and LibreOffice always quote
		// correctly.
		c.qr.LazyQuotes = false
	}
	c.qsrc.Reset(acc)
	rec, err := c.qr.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if toEOF && errors.Is(pe.Err, csv.ErrQuote) {
				return nil, &Error{File: c.file, Row: start, Err: errors.New("malformed CSV: a quoted cell opened on this row runs to the end of the file (a quote missing or stray)")}
			}
			return nil, &Error{File: c.file, Row: start - 1 + pe.Line - c.qLines, Err: fmt.Errorf("malformed CSV: %v", pe.Err)}
		}
		return nil, &Error{File: c.file, Row: start, Err: fmt.Errorf("malformed CSV: %v", err)}
	}
	c.qLines += c.line - start + 1
	if used := int(c.qr.InputOffset()) - c.qOff; used != len(acc) { // cannot happen, by the pairing above
		return nil, &Error{File: c.file, Row: start, Err: errors.New("malformed CSV: a record ends inside a line")}
	}
	c.qOff += len(acc)
	return rec, nil
}

func (c *csvRows) Close() error {
	if c.closer == nil {
		return nil
	}
	err := c.closer.Close()
	c.closer = nil
	return err
}
