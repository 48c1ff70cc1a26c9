package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/carereport/carereport/report/load/sheet"
)

// sheetReader streams the rows of a worksheet part with a byte scanner:
// it looks only at the elements that carry cells (sheetData, row, c, v,
// is, t) and skips the rest. It is strict: the part must reach
// </sheetData>, and it is read to its end so that the zip's checksum is
// checked, so a cut or damaged worksheet is an error, never a shorter
// table. Inflating runs in its own goroutine (sheet.Pipe), overlapping the
// scan.
type sheetReader struct {
	label, sheet string
	lim          sheet.Limits
	in           io.Reader
	pipe         *sheet.Pipe
	src          io.ReadCloser
	file         io.Closer // the file, when OpenSheet opened it
	shared       *sharedTable
	term         []byte // the end tag skipTo looks for
	kinds        []fmtKind
	date1904     bool
	pick         []bool // if not nil, the columns kept (1-based index)

	buf      []byte
	pos, end int
	srcErr   error

	inData  bool
	done    bool
	err     error
	row     int // number of the current row
	rowText int // bytes of text kept by the row's finished cells
	cells   []string
	typ     []byte
	val     []byte
}

// countReader counts inflated bytes, to hold the part to its limit.
type countReader struct {
	r     io.Reader
	n     int64
	limit int64
}

var errTooBig = errors.New("too big")

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.limit {
		return n, errTooBig
	}
	return n, err
}

func (r *sheetReader) errorf(format string, args ...any) error {
	if r.row > 0 {
		return fmt.Errorf("%s: sheet %q: row %d: %s", r.label, r.sheet, r.row, fmt.Sprintf(format, args...))
	}
	return fmt.Errorf("%s: sheet %q: %s", r.label, r.sheet, fmt.Sprintf(format, args...))
}

// readErr describes a failure of the inflated stream.
func (r *sheetReader) readErr(err error) error {
	switch {
	case errors.Is(err, errTooBig):
		return r.errorf("the worksheet inflates to more than %d bytes (limit)", r.lim.MaxUncompressed)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return r.errorf("the worksheet is cut short (it ends before </sheetData>)")
	}
	return r.errorf("the worksheet is damaged (%v)", err)
}

const (
	scanBuf = 1 << 20
	maxTag  = 1 << 20
	maxText = 32 << 20
	// maxRowText bounds the text of the cells one row keeps, as the ods
	// reader does: a cell of gigabytes is refused, not gathered.
	maxRowText = 16 << 20
)

// quoteShort quotes a value for an error message, cut to 40 bytes so
// that a huge value never makes a huge error line.
func quoteShort(b []byte) string {
	if len(b) > 40 {
		return strconv.Quote(string(b[:40])) + "..."
	}
	return strconv.Quote(string(b))
}

// textCheck refuses a row whose kept text has grown past maxRowText.
func (r *sheetReader) textCheck() error {
	if r.rowText+len(r.val) > maxRowText {
		return r.errorf("the row holds more than %d MB of text", maxRowText>>20)
	}
	return nil
}

// fill keeps buf[keep:end] (moved to the start) and reads more; it
// returns the shift applied to positions.
func (r *sheetReader) fill(keep int) (int, error) {
	if r.srcErr != nil {
		return 0, r.srcErr
	}
	if keep > 0 {
		copy(r.buf, r.buf[keep:r.end])
		r.end -= keep
		r.pos -= keep
	}
	if r.end == len(r.buf) {
		if len(r.buf) >= maxText+maxTag {
			return keep, errors.New("a text or tag too long to be a cell")
		}
		r.buf = append(r.buf, make([]byte, len(r.buf))...)
	}
	n, err := r.in.Read(r.buf[r.end:])
	r.end += n
	if err != nil {
		r.srcErr = err
		if n > 0 {
			return keep, nil
		}
		return keep, err
	}
	return keep, nil
}

// Pick makes Next keep only the cells of the given 0-based columns
// (negative ones are ignored); the others read as "", and their values are
// never decoded.
func (r *sheetReader) Pick(cols []int) {
	n := 0
	for _, c := range cols {
		n = max(n, c+1)
	}
	r.pick = make([]bool, n+1)
	for _, c := range cols {
		if c >= 0 {
			r.pick[c+1] = true
		}
	}
}

func (r *sheetReader) keep(col int) bool {
	return r.pick == nil || (col < len(r.pick) && r.pick[col])
}

// cell is the state of the cell being read.
type cell struct {
	col   int
	style int
	hasV  bool
	keep  bool
}

// Next implements sheet.Rows.
func (r *sheetReader) Next() ([]string, int, error) {
	if r.err != nil {
		return nil, 0, r.err
	}
	cells, row, err := r.next()
	if err != nil {
		r.err = err
		return nil, 0, err
	}
	return cells, row, nil
}

// tagEnd finds the '>' that ends the tag starting at buf[from] (after its
// '<'), outside quoted values; -1 if the buffer ends first.
func tagEnd(b []byte, from int) int {
	var q byte
	for i := from; i < len(b); i++ {
		c := b[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '>':
			return i
		case c == '"' || c == '\'':
			q = c
		}
	}
	return -1
}

// cellAttrs reads the r, s and t attributes of a c or row tag in one pass.
func cellAttrs(tag []byte) (ref, style, typ []byte) {
	i := 0
	for i < len(tag) {
		for i < len(tag) && tag[i] != '=' {
			i++
		}
		if i >= len(tag) {
			return
		}
		k := i - 1
		for k >= 0 && (tag[k] == ' ' || tag[k] == '\t' || tag[k] == '\n' || tag[k] == '\r') {
			k--
		}
		ks := k
		for ks >= 0 && tag[ks] != ' ' && tag[ks] != '\t' && tag[ks] != '\n' && tag[ks] != '\r' && tag[ks] != ':' {
			ks--
		}
		name := tag[ks+1 : k+1]
		j := i + 1
		for j < len(tag) && tag[j] != '"' && tag[j] != '\'' {
			j++
		}
		if j >= len(tag) {
			return
		}
		e := bytes.IndexByte(tag[j+1:], tag[j])
		if e < 0 {
			return
		}
		v := tag[j+1 : j+1+e]
		if len(name) == 1 {
			switch name[0] {
			case 'r':
				ref = v
			case 's':
				style = v
			case 't':
				typ = v
			}
		}
		i = j + 1 + e + 1
	}
	return
}

// tagName splits a tag (the bytes between '<' and '>') into its local
// name and whether it is an end tag or an empty one.
// qualified is a start tag's name with its prefix: "c", "x:c".
func qualified(tag []byte) []byte {
	i := 0
	for i < len(tag) && !nameEnds(tag[i]) {
		i++
	}
	return tag[:i]
}

// nameEnds reports whether c can follow a tag's name.
func nameEnds(c byte) bool {
	return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

func tagName(tag []byte) (name []byte, end, empty bool) {
	if len(tag) > 0 && tag[0] == '/' {
		end = true
		tag = tag[1:]
	}
	if n := len(tag); n > 0 && tag[n-1] == '/' {
		empty = true
		tag = tag[:n-1]
	}
	i := 0
	colon := -1
	for i < len(tag) && tag[i] != ' ' && tag[i] != '\t' && tag[i] != '\n' && tag[i] != '\r' {
		if tag[i] == ':' {
			colon = i
		}
		i++
	}
	return tag[colon+1 : i], end, empty
}

func (r *sheetReader) next() ([]string, int, error) {
	if r.done {
		return nil, 0, io.EOF
	}
	var c cell
	inCell, collect, inIS := false, false, false
	col := 0
	rowOpen := false
	r.cells = r.cells[:0]
	for {
		// Text up to the next '<'.
		i := bytes.IndexByte(r.buf[r.pos:r.end], '<')
		if i < 0 {
			if collect {
				r.val = appendDecoded(r.val, r.buf[r.pos:r.end])
				if err := r.textCheck(); err != nil {
					return nil, 0, err
				}
			}
			r.pos = r.end
			if _, err := r.fill(r.pos); err != nil {
				if errors.Is(err, io.EOF) && !r.inData {
					return nil, 0, r.errorf("the worksheet has no <sheetData>: not a worksheet, or cut short")
				}
				return nil, 0, r.readErr(err)
			}
			continue
		}
		if collect {
			r.val = appendDecoded(r.val, r.buf[r.pos:r.pos+i])
			if err := r.textCheck(); err != nil {
				return nil, 0, err
			}
		}
		start := r.pos + i + 1
		e := tagEnd(r.buf[:r.end], start)
		for e < 0 {
			shift, err := r.fill(start - 1)
			if err != nil {
				return nil, 0, r.readErr(err)
			}
			start -= shift
			if r.end-start > maxTag {
				return nil, 0, r.errorf("a tag of more than %d kB", maxTag>>10)
			}
			e = tagEnd(r.buf[:r.end], start)
		}
		tag := r.buf[start:e]
		r.pos = e + 1
		if len(tag) > 0 && (tag[0] == '!' || tag[0] == '?') {
			if err := r.special(tag, start, collect); err != nil {
				return nil, 0, err
			}
			continue
		}
		name, end, empty := tagName(tag)
		switch string(name) {
		case "c":
			if !rowOpen {
				continue
			}
			if end {
				if c.hasV && c.keep {
					if err := r.putCell(&c); err != nil {
						return nil, 0, err
					}
				}
				inCell, collect = false, false
				continue
			}
			ref, style, typ := cellAttrs(tag[1:])
			c = cell{col: col + 1}
			if ref != nil {
				k, ok := colNumber(ref)
				if !ok {
					return nil, 0, r.errorf("a cell reference %s", quoteShort(ref))
				}
				c.col = k
			}
			if c.col > r.lim.MaxCols {
				return nil, 0, r.errorf("too many columns (limit %d)", r.lim.MaxCols)
			}
			col = c.col
			c.keep = r.keep(c.col)
			if !c.keep {
				// A cell not picked is passed over to its end tag
				// without reading the tags inside it.
				if !empty {
					if err := r.skipToTerm(append(append(r.term[:0], "</"...), qualified(tag)...)); err != nil {
						return nil, 0, r.readErr(err)
					}
				}
				continue
			}
			r.typ = append(r.typ[:0], typ...)
			if style != nil {
				k, err := strconv.Atoi(string(style))
				if err != nil || k < 0 {
					return nil, 0, r.errorf("a cell style %s", quoteShort(style))
				}
				c.style = k
			}
			inCell = !empty
		case "v":
			if !inCell {
				continue
			}
			switch {
			case end:
				collect = false
			case !empty && c.keep:
				collect, c.hasV = true, true
				r.val = r.val[:0]
			}
		case "row":
			if !r.inData {
				continue
			}
			if end {
				rowOpen = false
				if cells := r.trim(); len(cells) > 0 {
					return cells, r.row, nil
				}
				continue
			}
			n := r.row + 1
			if ref, _, _ := cellAttrs(tag[3:]); ref != nil {
				k, err := strconv.Atoi(string(ref))
				if err != nil || k < 1 {
					return nil, 0, r.errorf("a row numbered %s", quoteShort(ref))
				}
				if k <= r.row {
					return nil, 0, r.errorf("rows out of order (row %d after row %d)", k, r.row)
				}
				n = k
			}
			r.row = n
			if n > r.lim.MaxRows {
				return nil, 0, r.errorf("too many rows (limit %d)", r.lim.MaxRows)
			}
			col = 0
			r.rowText = 0
			r.cells = r.cells[:0]
			rowOpen = !empty
		case "is":
			if inCell && c.keep {
				inIS = !end && !empty
				if inIS {
					r.val, c.hasV = r.val[:0], true
				}
			}
		case "t":
			if inIS {
				collect = !end && !empty
			}
		case "rPh":
			if inIS && !end && !empty {
				// Phonetic hints are not part of the text: skip them.
				collect = false
				if err := r.skipTo("rPh"); err != nil {
					return nil, 0, r.readErr(err)
				}
			}
		case "sheetData":
			switch {
			case end:
				if rowOpen {
					return nil, 0, r.errorf("the row is not closed before </sheetData>")
				}
				return nil, 0, r.finish()
			case empty:
				r.inData = true
				return nil, 0, r.finish()
			default:
				r.inData = true
			}
		}
	}
}

// special passes a comment, processing instruction or CDATA section whose
// tag starts at buf[start] (CDATA text is kept when collecting).
func (r *sheetReader) special(tag []byte, start int, collect bool) error {
	var term []byte
	switch {
	case bytes.HasPrefix(tag, []byte("!--")):
		term = []byte("-->")
	case bytes.HasPrefix(tag, []byte("![CDATA[")):
		term = []byte("]]>")
	default:
		return nil // <?xml ...?> and <!DOCTYPE> end at their '>'
	}
	for {
		k := bytes.Index(r.buf[start:r.end], term)
		if k >= 0 {
			if collect && term[0] == ']' {
				r.val = append(r.val, r.buf[start+len("![CDATA["):start+k]...)
				if err := r.textCheck(); err != nil {
					return err
				}
			}
			r.pos = start + k + len(term)
			return nil
		}
		shift, err := r.fill(start - 1)
		if err != nil {
			return r.readErr(err)
		}
		start -= shift
		if r.end-start > maxText {
			return r.errorf("a comment or CDATA section of more than %d MB", maxText>>20)
		}
	}
}

// skipTo passes everything up to the end tag </want>.
func (r *sheetReader) skipTo(want string) error {
	return r.skipToTerm(append(append(r.term[:0], "</"...), want...))
}

// skipToTerm is skipTo with the end tag's start ("</c") given.
func (r *sheetReader) skipToTerm(term []byte) error {
	r.term = term
	for {
		k := bytes.Index(r.buf[r.pos:r.end], term)
		if k >= 0 {
			if after := r.pos + k + len(term); after < r.end && !nameEnds(r.buf[after]) {
				// A longer name ("</cols" for "</c"): search on.
				r.pos = after
				continue
			}
			e := tagEnd(r.buf[:r.end], r.pos+k+1)
			if e >= 0 {
				r.pos = e + 1
				return nil
			}
		}
		// Keep only the tail that could hold the start of the end tag:
		// what comes before it has been searched and is passed over.
		if r.end-r.pos > len(term)+maxTag {
			r.pos = r.end - len(term) - maxTag
		}
		if _, err := r.fill(r.pos); err != nil {
			return err
		}
	}
}

// finish reads the part to its end, so that the zip's checksum is checked
// (a flipped byte anywhere in it is an error), then reports the end.
func (r *sheetReader) finish() error {
	r.done = true
	if r.srcErr == nil {
		if _, err := io.Copy(io.Discard, r.in); err != nil {
			return r.readErr(err)
		}
	} else if !errors.Is(r.srcErr, io.EOF) {
		return r.readErr(r.srcErr)
	}
	return io.EOF
}

// trim returns the row's cells without trailing empty ones.
func (r *sheetReader) trim() []string {
	n := len(r.cells)
	for n > 0 && r.cells[n-1] == "" {
		n--
	}
	return r.cells[:n]
}

// putCell stores the finished cell's text in the row.
func (r *sheetReader) putCell(c *cell) error {
	s, err := r.value(c)
	if err != nil {
		return r.errorf("cell %s: %v", cellRef(c.col, r.row), err)
	}
	if string(r.typ) != "s" {
		r.rowText += len(s) // a shared string is held once already
	}
	for len(r.cells) < c.col {
		r.cells = append(r.cells, "")
	}
	r.cells[c.col-1] = s
	return nil
}

func (r *sheetReader) value(c *cell) (string, error) {
	val := r.val
	switch string(r.typ) {
	case "s":
		i, err := strconv.Atoi(string(bytes.TrimSpace(val)))
		str, ok := r.shared.get(i)
		if err != nil || !ok {
			return "", fmt.Errorf("shared string %s is not in the workbook's table of %d", quoteShort(val), r.shared.len())
		}
		return str, nil
	case "b":
		switch string(bytes.TrimSpace(val)) {
		case "1", "true":
			return "TRUE", nil
		case "0", "false":
			return "FALSE", nil
		}
		return "", fmt.Errorf("a boolean %s", quoteShort(val))
	case "inlineStr", "str", "e":
		if !utf8.Valid(val) {
			return string(bytes.ToValidUTF8(val, []byte("\uFFFD"))), nil
		}
		return string(val), nil
	case "", "n", "d":
	default:
		return "", fmt.Errorf("an unknown cell type %s", quoteShort(r.typ))
	}
	v := bytes.TrimSpace(val)
	if len(v) == 0 {
		return "", nil
	}
	if string(r.typ) == "d" { // an ISO 8601 date cell
		return trimMidnight(isoFromText(string(v))), nil
	}
	kind := fmtKeep
	if c.style < len(r.kinds) {
		kind = r.kinds[c.style]
	}
	switch kind {
	case fmtNumber, fmtKeep:
		if _, err := strconv.ParseFloat(string(v), 64); err != nil {
			return "", fmt.Errorf("a number %s", quoteShort(v))
		}
		return string(v), nil
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 2958465 {
		return "", fmt.Errorf("a date %s", quoteShort(v))
	}
	t := excelTime(f, r.date1904)
	switch kind {
	case fmtDate:
		return t.Format("2006-01-02"), nil
	case fmtDateTimeHM:
		return trimMidnight(t.Format("2006-01-02 15:04")), nil
	case fmtDateTime:
		return trimMidnight(t.Format("2006-01-02 15:04:05")), nil
	case fmtTime:
		return t.Format("15:04:05"), nil
	}
	return string(v), nil
}

// excelTime turns a serial date (days since 1899-12-30, or 1904-01-01)
// into a time, to the nearest second.
func excelTime(f float64, date1904 bool) time.Time {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	days := math.Floor(f)
	secs := math.Round((f - days) * 86400)
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
}

func isoFromText(s string) string {
	if len(s) >= 19 && s[10] == 'T' {
		return s[:10] + " " + s[11:19]
	}
	return s
}

// colNumber reads the column of a reference such as "AB12".
func colNumber(ref []byte) (int, bool) {
	n, i := 0, 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		n = n*26 + int(ref[i]-'A'+1)
		if n > 1<<20 {
			return 0, false
		}
	}
	return n, i > 0
}

func cellRef(col, row int) string {
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b) + strconv.Itoa(row)
}

// appendDecoded appends XML text with its entity and character
// references decoded.
func appendDecoded(dst, b []byte) []byte {
	for {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		b = b[i:]
		j := bytes.IndexByte(b, ';')
		if j < 0 || j > 12 {
			dst = append(dst, '&')
			b = b[1:]
			continue
		}
		ref := b[1:j]
		switch string(ref) {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			var n uint64
			var err error
			switch {
			case bytes.HasPrefix(ref, []byte("#x")):
				n, err = strconv.ParseUint(string(ref[2:]), 16, 32)
			case bytes.HasPrefix(ref, []byte("#")):
				n, err = strconv.ParseUint(string(ref[1:]), 10, 32)
			default:
				err = errors.New("unknown")
			}
			if err != nil || n > utf8.MaxRune {
				dst = append(dst, b[:j+1]...)
			} else {
				dst = utf8.AppendRune(dst, rune(n))
			}
		}
		b = b[j+1:]
	}
}

// Close implements sheet.Rows.
func (r *sheetReader) Close() error {
	if r.src == nil {
		return nil
	}
	if r.pipe != nil {
		r.pipe.Close()
	}
	err := r.src.Close()
	r.src = nil
	if r.file != nil {
		if e := r.file.Close(); err == nil {
			err = e
		}
		r.file = nil
	}
	if r.err == nil {
		r.err = errors.New(r.label + ": read after Close")
	}
	return err
}
