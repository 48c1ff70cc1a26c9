package ods

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/carereport/carereport/report/load/sheet"
)

const (
	bufSize     = 256 << 10 // scan buffer; grows only for very long tags
	maxTagBytes = 4 << 20   // longest start or end tag accepted
	maxRowBytes = 16 << 20  // most text one row may hold
	maxRepeat   = 1 << 40   // repeat counts are clamped to this
)

// event is what run stopped for.
type event int

const (
	evTable event = iota + 1 // the chosen table has started
	evRow                    // a non-empty row is ready
	evEnd                    // the chosen table has ended
	evEOF                    // the document ended
)

// tag kinds set by parseTag.
const (
	kStart = iota + 1 // <name ...>
	kEmpty            // <name .../>
	kEnd              // </name>
)

// parseTag results.
const (
	tagOK      = iota
	tagMore    // the tag runs past the buffered data
	tagBad     // not well-formed
	tagPI      // <? ... ?>
	tagComment // <!-- ... -->
	tagCDATA   // <![CDATA[ ... ]]>
	tagDecl    // <!DOCTYPE ...> and the like
)

type attr struct{ name, val []byte }

type span struct{ a, b int }

// reader is the streaming ODS sheet reader. Its fields fall in groups: the
// zip and input buffer, the tag just parsed, the position in the document,
// and the row being built.
type reader struct {
	label  string
	want   []string
	lim    sheet.Limits
	zc     io.ReadCloser
	closer io.Closer
	pipe   *sheet.Pipe
	closed bool
	err    error // sticky error returned by Next

	src    io.Reader
	buf    []byte
	pos    int // next unread byte
	end    int // end of buffered data
	srcErr error
	total  int64 // bytes of content.xml read so far

	// tag just parsed
	kind  int
	name  []byte
	attrs []attr
	next  int // position after the tag

	// namespaces: with std set the document uses the usual prefixes and
	// names are compared as written; otherwise canon rewrites them.
	rootSeen bool
	std      bool
	prefixes map[string]string
	qbuf     []byte

	// where we are
	seen       []string
	sheetName  string
	inTable    bool // inside the chosen table
	endPending bool // the chosen table was self-closing
	tableDone  bool
	skipName   string // element whose subtree is being skipped
	skipDepth  int
	inRow      bool
	rowRep     int64
	inCell     bool
	cellRep    int64
	cellStart  int
	fixed      bool // the cell's value came from an attribute
	pDepth     int  // open text:p / text:h elements in the cell
	paras      int  // paragraphs started in the cell
	capture    bool // character data goes into the cell

	// the row being built and the last row returned
	rowNum       int64 // number of the last row consumed
	rowBuf       []byte
	spans        []span
	pendingEmpty int64
	rowStr       string
	repeatLeft   int64
	cells        []string
}

func (r *reader) init(src io.Reader) {
	r.src = src
	r.buf = make([]byte, bufSize)
	r.std = true
}

// findSheet scans up to the start of the chosen table.
func (r *reader) findSheet() error {
	ev, err := r.run()
	if err != nil {
		return err
	}
	if ev != evTable {
		return r.noSheetError()
	}
	return nil
}

// fill keeps the unread bytes, moves them to the front of the buffer and
// reads more. It returns the source's error (io.EOF at the end) only when no
// new byte was added.
func (r *reader) fill() error {
	if r.srcErr != nil {
		return r.srcErr
	}
	if r.pos > 0 {
		r.end = copy(r.buf, r.buf[r.pos:r.end])
		r.pos = 0
	}
	if r.end == len(r.buf) {
		if len(r.buf) >= maxTagBytes {
			return r.errorf("XML tag longer than %d bytes", maxTagBytes)
		}
		nb := make([]byte, 2*len(r.buf))
		copy(nb, r.buf[:r.end])
		r.buf = nb
	}
	for {
		n, err := r.src.Read(r.buf[r.end:])
		r.end += n
		r.total += int64(n)
		if r.total > r.lim.MaxUncompressed {
			r.srcErr = fmt.Errorf("%s: content.xml is larger than %d bytes uncompressed", r.label, r.lim.MaxUncompressed)
			return r.srcErr
		}
		if err != nil {
			r.srcErr = err
			if n > 0 {
				return nil
			}
			return err
		}
		if n > 0 {
			return nil
		}
	}
}

// atEnd turns the end of input into an event or an error.
func (r *reader) atEnd(err error) (event, error) {
	if err != io.EOF {
		if r.total > r.lim.MaxUncompressed {
			return 0, err
		}
		if err == io.ErrUnexpectedEOF {
			return 0, r.errorf("content.xml is truncated (unexpected end of compressed data)")
		}
		return 0, r.errorf("reading content.xml: %v", err)
	}
	if r.inTable {
		return 0, r.errorf("content.xml ends inside the sheet (file truncated?)")
	}
	return evEOF, nil
}

// run scans until something the caller wants happens.
func (r *reader) run() (event, error) {
	if r.endPending {
		r.endPending = false
		r.inTable = false
		return evEnd, nil
	}
	for {
		b := r.buf[r.pos:r.end]
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			if r.capture {
				keep := textHold(b)
				r.appendText(b[:len(b)-keep])
				r.pos = r.end - keep
				if len(r.rowBuf) > maxRowBytes {
					return 0, r.errorf("row holds more than %d bytes of text", maxRowBytes)
				}
			} else {
				r.pos = r.end
			}
			if err := r.fill(); err != nil {
				return r.atEnd(err)
			}
			continue
		}
		if i > 0 {
			if r.capture {
				r.appendText(b[:i])
				if len(r.rowBuf) > maxRowBytes {
					return 0, r.errorf("row holds more than %d bytes of text", maxRowBytes)
				}
			}
			r.pos += i
		}
		switch r.parseTag() {
		case tagOK:
		case tagMore:
			if err := r.fill(); err != nil {
				if err == io.EOF {
					return 0, r.errorf("content.xml ends inside an XML tag (file truncated?)")
				}
				return r.atEnd(err)
			}
			continue
		case tagBad:
			return 0, r.errorf("malformed XML in content.xml at byte %d", r.total-int64(r.end-r.pos))
		case tagPI:
			if err := r.skipPast(2, "?>", false); err != nil {
				return 0, err
			}
			continue
		case tagComment:
			if err := r.skipPast(4, "-->", false); err != nil {
				return 0, err
			}
			continue
		case tagCDATA:
			if err := r.skipPast(9, "]]>", r.capture); err != nil {
				return 0, err
			}
			continue
		case tagDecl:
			if err := r.skipPast(2, ">", false); err != nil {
				return 0, err
			}
			continue
		}
		r.pos = r.next
		ev, err := r.act()
		if err != nil {
			return 0, err
		}
		if ev != 0 {
			return ev, nil
		}
	}
}

// skipPast consumes a construct that starts at r.pos with an opening of
// open bytes and ends with term, feeding its content to the cell when
// capture is set (CDATA).
func (r *reader) skipPast(open int, term string, capture bool) error {
	r.pos += open
	t := []byte(term)
	for {
		b := r.buf[r.pos:r.end]
		if i := bytes.Index(b, t); i >= 0 {
			if capture {
				r.rowBuf = append(r.rowBuf, b[:i]...)
			}
			r.pos += i + len(t)
			return nil
		}
		// Keep what could be the start of the terminator.
		keep := len(t) - 1
		if keep > len(b) {
			keep = len(b)
		}
		if capture {
			r.rowBuf = append(r.rowBuf, b[:len(b)-keep]...)
			if len(r.rowBuf) > maxRowBytes {
				return r.errorf("row holds more than %d bytes of text", maxRowBytes)
			}
		}
		r.pos = r.end - keep
		if err := r.fill(); err != nil {
			if err == io.EOF {
				return r.errorf("content.xml ends inside %q construct (file truncated?)", term)
			}
			_, err = r.atEnd(err)
			return err
		}
	}
}

// nameEnd marks the bytes that end an element or attribute name.
var nameEnd = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '/': true, '>': true, '=': true}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// parseTag parses the markup at r.pos, which is '<'. For an ordinary tag it
// sets kind, name, attrs and next, all pointing into the buffer.
func (r *reader) parseTag() int {
	b := r.buf[r.pos:r.end]
	if len(b) < 2 {
		return tagMore
	}
	switch b[1] {
	case '/':
		j := bytes.IndexByte(b, '>')
		if j < 0 {
			return tagMore
		}
		name := b[2:j]
		for len(name) > 0 && isSpace(name[len(name)-1]) {
			name = name[:len(name)-1]
		}
		if len(name) == 0 {
			return tagBad
		}
		r.kind, r.name, r.next = kEnd, name, r.pos+j+1
		return tagOK
	case '?':
		return tagPI
	case '!':
		if len(b) < 9 {
			// Could be a short declaration; wait for more unless the
			// source is done.
			if r.srcErr == nil {
				return tagMore
			}
		}
		if bytes.HasPrefix(b, []byte("<!--")) {
			return tagComment
		}
		if bytes.HasPrefix(b, []byte("<![CDATA[")) {
			return tagCDATA
		}
		return tagDecl
	}
	i := 1
	for i < len(b) && !nameEnd[b[i]] {
		i++
	}
	if i == len(b) {
		return tagMore
	}
	if i == 1 {
		return tagBad
	}
	r.name = b[1:i]
	r.attrs = r.attrs[:0]
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return tagMore
		}
		switch b[i] {
		case '>':
			r.kind, r.next = kStart, r.pos+i+1
			return tagOK
		case '/':
			if i+1 == len(b) {
				return tagMore
			}
			if b[i+1] != '>' {
				return tagBad
			}
			r.kind, r.next = kEmpty, r.pos+i+2
			return tagOK
		}
		// attribute name
		ns := i
		for i < len(b) && !nameEnd[b[i]] {
			i++
		}
		if i == ns {
			return tagBad
		}
		an := b[ns:i]
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return tagMore
		}
		if b[i] != '=' {
			return tagBad
		}
		i++
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return tagMore
		}
		q := b[i]
		if q != '"' && q != '\'' {
			return tagBad
		}
		i++
		j := bytes.IndexByte(b[i:], q)
		if j < 0 {
			return tagMore
		}
		r.attrs = append(r.attrs, attr{name: an, val: b[i : i+j]})
		i += j + 1
	}
}

// canon returns a qualified name with the usual ODF prefix.
func (r *reader) canon(name []byte) []byte {
	if r.std {
		return name
	}
	i := bytes.IndexByte(name, ':')
	if i < 0 {
		return name
	}
	p, ok := r.prefixes[string(name[:i])]
	if !ok {
		return name
	}
	r.qbuf = append(append(append(r.qbuf[:0], p...), ':'), name[i+1:]...)
	return r.qbuf
}

// usual prefixes of the ODF namespaces this reader looks at.
var odfPrefix = map[string]string{
	"urn:oasis:names:tc:opendocument:xmlns:office:1.0":  "office",
	"urn:oasis:names:tc:opendocument:xmlns:table:1.0":   "table",
	"urn:oasis:names:tc:opendocument:xmlns:text:1.0":    "text",
	"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0": "draw",
}

// readNamespaces looks at the root element's declarations.
func (r *reader) readNamespaces() {
	m := map[string]string{}
	std := true
	for _, a := range r.attrs {
		if !bytes.HasPrefix(a.name, []byte("xmlns:")) {
			continue
		}
		p := string(a.name[len("xmlns:"):])
		want, known := odfPrefix[string(a.val)]
		switch {
		case known:
			m[p] = want
			if p != want {
				std = false
			}
		default:
			m[p] = "\x00" + p // a foreign namespace: never matches
			for _, u := range odfPrefix {
				if u == p {
					std = false
				}
			}
		}
	}
	r.std = std
	if !std {
		r.prefixes = m
	}
}

// startSkip ignores the subtree of the element just opened.
func (r *reader) startSkip(name []byte) {
	r.skipName = string(name)
	r.skipDepth = 1
	r.capture = false
}

func (r *reader) setCapture() {
	r.capture = r.inCell && r.pDepth > 0 && !r.fixed && r.skipDepth == 0
}

// act applies the tag just parsed to the reader's state.
func (r *reader) act() (event, error) {
	name := r.canon(r.name)
	if r.skipDepth > 0 {
		if string(name) == r.skipName {
			switch r.kind {
			case kStart:
				r.skipDepth++
			case kEnd:
				r.skipDepth--
				if r.skipDepth == 0 {
					r.skipName = ""
					r.setCapture()
				}
			}
		}
		return 0, nil
	}
	if !r.rootSeen && r.kind != kEnd {
		r.rootSeen = true
		r.readNamespaces()
		name = r.canon(r.name)
	}
	if r.kind == kEnd {
		return r.actEnd(name)
	}
	empty := r.kind == kEmpty
	switch string(name) {
	case "table:table-cell":
		if !r.inRow || r.inCell {
			break
		}
		r.startCell()
		if empty {
			return 0, r.finishCell()
		}
	case "text:p", "text:h":
		if !r.inCell {
			break
		}
		if r.paras > 0 && !r.fixed {
			r.rowBuf = append(r.rowBuf, '\n')
		}
		r.paras++
		if !empty {
			r.pDepth++
			r.setCapture()
		}
	case "text:span", "text:a":
		// text inside is kept as it comes
	case "text:s":
		if r.capture {
			n := int64(1)
			for _, a := range r.attrs {
				if string(r.canon(a.name)) == "text:c" {
					n = parseCount(a.val)
				}
			}
			if n > int64(maxRowBytes-len(r.rowBuf)) {
				return 0, r.errorf("row holds more than %d bytes of text", maxRowBytes)
			}
			// Spaces made from a count are charged to the same budget as
			// inflated bytes, so a small file cannot expand without bound.
			r.total += n
			if r.total > r.lim.MaxUncompressed {
				return 0, r.errorf("content.xml expands to more than %d bytes", r.lim.MaxUncompressed)
			}
			for ; n > 0; n-- {
				r.rowBuf = append(r.rowBuf, ' ')
			}
		}
	case "text:tab":
		if r.capture {
			r.rowBuf = append(r.rowBuf, '\t')
		}
	case "text:line-break":
		if r.capture {
			r.rowBuf = append(r.rowBuf, '\n')
		}
	case "table:covered-table-cell":
		if !r.inRow || r.inCell {
			break
		}
		rep := int64(1)
		for _, a := range r.attrs {
			if string(r.canon(a.name)) == "table:number-columns-repeated" {
				rep = parseCount(a.val)
			}
		}
		r.pendingEmpty = min(r.pendingEmpty+rep, maxRepeat)
		if !empty {
			r.startSkip(name)
		}
	case "table:table-row":
		if !r.inTable || r.inRow {
			break
		}
		r.rowRep = 1
		for _, a := range r.attrs {
			if string(r.canon(a.name)) == "table:number-rows-repeated" {
				r.rowRep = parseCount(a.val)
			}
		}
		r.inRow = true
		r.rowBuf = r.rowBuf[:0]
		r.spans = r.spans[:0]
		r.pendingEmpty = 0
		r.rowStr = ""
		if empty {
			return r.finishRow(), nil
		}
	case "office:annotation":
		if !empty {
			r.startSkip(name)
		}
	case "table:table":
		if r.inTable {
			if !empty {
				r.startSkip(name) // a table nested in a cell
			}
			break
		}
		var tn string
		for _, a := range r.attrs {
			if string(r.canon(a.name)) == "table:name" {
				tn = string(appendAttr(nil, a.val))
			}
		}
		if r.sheetName == "" && r.matches(tn) {
			r.sheetName = tn
			r.inTable = true
			if empty {
				r.endPending = true
			}
			return evTable, nil
		}
		r.seen = append(r.seen, tn)
		if !empty {
			r.startSkip(name)
		}
	default:
		if bytes.HasPrefix(name, []byte("draw:")) && !empty {
			// Shapes and images anchored in a cell carry text of their own.
			r.startSkip(name)
		}
	}
	return 0, nil
}

func (r *reader) actEnd(name []byte) (event, error) {
	switch string(name) {
	case "table:table-cell":
		if r.inCell {
			return 0, r.finishCell()
		}
	case "text:p", "text:h":
		if r.pDepth > 0 {
			r.pDepth--
			r.setCapture()
		}
	case "table:table-row":
		if r.inRow {
			if r.inCell {
				if err := r.finishCell(); err != nil {
					return 0, err
				}
			}
			return r.finishRow(), nil
		}
	case "table:table":
		if r.inTable {
			r.inTable = false
			r.inRow, r.inCell = false, false
			return evEnd, nil
		}
	}
	return 0, nil
}

// startCell reads a table:table-cell's attributes. A value carried by an
// attribute is written at once and the cell's text is then ignored.
func (r *reader) startCell() {
	var vtype, value, date, boolv, strv []byte
	hasStr := false
	r.cellRep = 1
	for _, a := range r.attrs {
		switch string(r.canon(a.name)) {
		case "table:number-columns-repeated":
			r.cellRep = parseCount(a.val)
		case "office:value-type":
			vtype = a.val
		case "office:value":
			value = a.val
		case "office:date-value":
			date = a.val
		case "office:boolean-value":
			boolv = a.val
		case "office:string-value":
			strv, hasStr = a.val, true
		}
	}
	r.inCell = true
	r.cellStart = len(r.rowBuf)
	r.fixed = false
	r.pDepth, r.paras = 0, 0
	switch string(vtype) {
	case "float", "percentage", "currency":
		if value != nil {
			r.rowBuf = appendAttr(r.rowBuf, value)
			r.fixed = true
		}
	case "date":
		if date != nil {
			r.rowBuf = appendDate(r.rowBuf, date)
			r.fixed = true
		}
	case "boolean":
		switch string(boolv) {
		case "true", "1":
			r.rowBuf = append(r.rowBuf, "TRUE"...)
			r.fixed = true
		case "false", "0":
			r.rowBuf = append(r.rowBuf, "FALSE"...)
			r.fixed = true
		}
	case "string":
		if hasStr {
			r.rowBuf = appendAttr(r.rowBuf, strv)
			r.fixed = true
		}
	}
	r.capture = false
}

// finishCell records the cell just closed, repeated as asked. Empty cells
// are only counted, so trailing runs of empty cells cost nothing.
func (r *reader) finishCell() error {
	r.inCell = false
	r.capture = false
	r.pDepth = 0
	end := len(r.rowBuf)
	if end == r.cellStart {
		r.pendingEmpty = min(r.pendingEmpty+r.cellRep, maxRepeat)
		return nil
	}
	if int64(len(r.spans))+r.pendingEmpty+r.cellRep > int64(r.lim.MaxCols) {
		return r.errorf("too many columns (limit %d)", r.lim.MaxCols)
	}
	for ; r.pendingEmpty > 0; r.pendingEmpty-- {
		r.spans = append(r.spans, span{r.cellStart, r.cellStart})
	}
	for n := r.cellRep; n > 0; n-- {
		r.spans = append(r.spans, span{r.cellStart, end})
	}
	return nil
}

// finishRow ends a row: an empty one only moves the row number on.
func (r *reader) finishRow() event {
	r.inRow = false
	if len(r.spans) == 0 {
		r.rowNum = min(r.rowNum+r.rowRep, maxRepeat)
		return 0
	}
	r.repeatLeft = r.rowRep - 1
	return evRow
}

// parseCount reads a repeat count; anything unusable counts as 1.
func parseCount(b []byte) int64 {
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 1
		}
		n = n*10 + int64(c-'0')
		if n > maxRepeat {
			return maxRepeat
		}
	}
	if n < 1 {
		return 1
	}
	return n
}

// appendDate writes an ODF date value, dropping a midnight time part.
func appendDate(dst, v []byte) []byte {
	if t := bytes.IndexByte(v, 'T'); t >= 0 {
		midnight := true
		for _, c := range v[t+1:] {
			if c != '0' && c != ':' && c != '.' {
				midnight = false
				break
			}
		}
		if midnight {
			return append(dst, v[:t]...)
		}
	}
	return appendAttr(dst, v)
}

// textHold returns how many bytes at the end of b must wait for more input:
// an entity reference cut short, or a carriage return that may start CRLF.
func textHold(b []byte) int {
	n := len(b)
	if n == 0 {
		return 0
	}
	if b[n-1] == '\r' {
		return 1
	}
	lo := max(n-12, 0)
	if i := bytes.LastIndexByte(b[lo:], '&'); i >= 0 {
		if bytes.IndexByte(b[lo+i:], ';') < 0 {
			return n - (lo + i)
		}
	}
	return 0
}

// appendText adds character data to the row, decoding references and
// turning CRLF and lone CR into LF as XML requires.
func (r *reader) appendText(b []byte) {
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		r.rowBuf = append(r.rowBuf, b...)
		return
	}
	r.rowBuf = appendDecoded(r.rowBuf, b, false)
}

// appendAttr adds an attribute value, decoded.
func appendAttr(dst, v []byte) []byte {
	if bytes.IndexByte(v, '&') < 0 && bytes.IndexAny(v, "\t\n\r") < 0 {
		return append(dst, v...)
	}
	return appendDecoded(dst, v, true)
}

// appendDecoded decodes character and entity references. In attribute
// values, raw tabs and line ends become spaces (XML value normalisation).
// An ampersand that starts no known reference is kept as it is.
func appendDecoded(dst, b []byte, inAttr bool) []byte {
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\r':
			if inAttr {
				dst = append(dst, ' ')
			} else {
				dst = append(dst, '\n')
			}
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		case inAttr && (c == '\n' || c == '\t'):
			dst = append(dst, ' ')
		case c == '&':
			end := bytes.IndexByte(b[i:min(i+12, len(b))], ';')
			if end < 0 {
				dst = append(dst, c)
				continue
			}
			ref := b[i+1 : i+end]
			if d, ok := decodeRef(dst, ref); ok {
				dst = d
				i += end
				continue
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

func decodeRef(dst, ref []byte) ([]byte, bool) {
	switch string(ref) {
	case "lt":
		return append(dst, '<'), true
	case "gt":
		return append(dst, '>'), true
	case "amp":
		return append(dst, '&'), true
	case "quot":
		return append(dst, '"'), true
	case "apos":
		return append(dst, '\''), true
	}
	if len(ref) < 2 || ref[0] != '#' {
		return dst, false
	}
	var n rune
	digits := ref[1:]
	base := rune(10)
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	if len(digits) == 0 {
		return dst, false
	}
	for _, c := range digits {
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return dst, false
		}
		n = n*base + d
		if n > utf8.MaxRune {
			n = utf8.RuneError
			break
		}
	}
	if !utf8.ValidRune(n) || n == 0 {
		n = utf8.RuneError
	}
	return utf8.AppendRune(dst, n), true
}
