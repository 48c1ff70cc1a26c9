package docx

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
)

// Template is a council's .docx or .dotx, read and parsed once: what the
// paper takes from it (styles, numbering, theme, fonts table, page size
// and margins), each part parsed within limits. Nothing changes it after
// it is made, so the papers of a batch share one.
type Template struct {
	name             string
	styles           *node
	numbering        *node  // nil without one
	theme, fontTable []byte // written from their parsed trees; nil without
	pgSz, pgMar      string // written from the parsed numbers; "" without a page
	textW, textH     int    // between the margins, in twips; 0 without a page
	numBase, absBase int    // the highest w:numId and w:abstractNumId of its numbering
}

// Limits on the template file itself. A council's template or old paper
// is a few hundred kB, a few MB with pictures; its zip directory lists a
// few dozen entries.
const (
	MaxTemplateSize = 64 << 20
	maxZipEntries   = 5000
	maxZipDirectory = 1 << 20
	maxPartsTotal   = 24 << 20 // all the parts read, uncompressed
)

// LoadTemplate reads the template at path, naming it name in errors. Only
// a regular file is read (a device, a pipe or a folder is an error before
// anything is opened), only up to MaxTemplateSize, and only the parts the
// paper takes.
func LoadTemplate(path, name string) (*Template, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, pathErr(err))
	}
	if err := checkFileInfo(st, name); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, pathErr(err))
	}
	defer f.Close()
	fst, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, pathErr(err))
	}
	if !os.SameFile(st, fst) {
		return nil, fmt.Errorf("%s: the file changed while it was being read", name)
	}
	if err := checkFileInfo(fst, name); err != nil {
		return nil, err
	}
	// The reads stop at the size the file had when it was opened.
	return parseTemplate(io.NewSectionReader(f, 0, fst.Size()), fst.Size(), name)
}

func checkFileInfo(st fs.FileInfo, name string) error {
	switch {
	case st.IsDir():
		return fmt.Errorf("%s: a folder, not a Word document (.docx or .dotx)", name)
	case !st.Mode().IsRegular():
		return fmt.Errorf("%s: not a regular file (a device, pipe or socket), so not a Word document (.docx or .dotx)", name)
	case st.Size() == 0:
		return fmt.Errorf("%s: the file is empty, not a Word document (.docx or .dotx)", name)
	case st.Size() > MaxTemplateSize:
		return fmt.Errorf("%s: larger than %d MB; a Word template is a few MB at most (save a copy without its pictures)", name, MaxTemplateSize>>20)
	}
	return nil
}

func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ParseTemplate parses a template held in memory, naming it name in
// errors.
func ParseTemplate(data []byte, name string) (*Template, error) {
	switch {
	case len(data) == 0:
		return nil, fmt.Errorf("%s: the file is empty, not a Word document (.docx or .dotx)", name)
	case len(data) > MaxTemplateSize:
		return nil, fmt.Errorf("%s: larger than %d MB; a Word template is a few MB at most (save a copy without its pictures)", name, MaxTemplateSize>>20)
	}
	return parseTemplate(bytes.NewReader(data), int64(len(data)), name)
}

func parseTemplate(r io.ReaderAt, size int64, name string) (*Template, error) {
	notWord := func(why string) error {
		return fmt.Errorf("%s: not a Word document (.docx or .dotx): %s", name, why)
	}
	if err := checkZipDirectory(r, size); err != nil {
		return nil, notWord(err.Error())
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, notWord(err.Error())
	}
	if len(zr.File) > maxZipEntries {
		return nil, notWord(fmt.Sprintf("its zip lists %d entries, more than the %d a Word document could need", len(zr.File), maxZipEntries))
	}
	total := 0
	read := func(part string, lim partLimits) ([]byte, error) {
		for _, f := range zr.File {
			if f.Name != part {
				continue
			}
			if f.UncompressedSize64 > uint64(lim.maxBytes) {
				return nil, fmt.Errorf("%s: %s: larger than %d MB uncompressed, more than a Word template's part needs", name, part, lim.maxBytes>>20)
			}
			rc, err := f.Open()
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %v", name, part, err)
			}
			defer rc.Close()
			// The header's size (checked above) sizes the buffer; a
			// header that lies is caught by the limit.
			buf := bytes.NewBuffer(make([]byte, 0, f.UncompressedSize64+bytes.MinRead))
			_, err = buf.ReadFrom(io.LimitReader(rc, lim.maxBytes+1))
			b := buf.Bytes()
			if err != nil {
				return nil, fmt.Errorf("%s: %s is damaged: %v", name, part, err)
			}
			if int64(len(b)) > lim.maxBytes {
				return nil, fmt.Errorf("%s: %s: larger than %d MB uncompressed, more than a Word template's part needs", name, part, lim.maxBytes>>20)
			}
			if total += len(b); total > maxPartsTotal {
				return nil, fmt.Errorf("%s: %s: the parts read come to more than %d MB uncompressed, more than a Word template needs", name, part, maxPartsTotal>>20)
			}
			return b, nil
		}
		return nil, nil
	}
	// parse reads and parses one part the paper keeps; root names the
	// element it must be (nil without the part).
	parse := func(part, rootNS, rootLocal, what string) (*node, error) {
		b, err := read(part, keptPart)
		if err != nil || b == nil {
			return nil, err
		}
		n, err := parsePart(b, keptPart, true, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %v", name, part, err)
		}
		if !n.is(rootNS, rootLocal) {
			return nil, fmt.Errorf("%s: %s: not %s (its root element is <%s> in %q)", name, part, what, n.local, n.ns)
		}
		dropRels(n)
		return n, nil
	}
	t := &Template{name: name}
	if t.styles, err = parse("word/styles.xml", nsW, "styles", "a Word style sheet"); err != nil {
		return nil, err
	}
	if t.styles == nil {
		return nil, notWord("it has no word/styles.xml")
	}
	// The council's numbering stays, so its own list and heading styles
	// keep their numbers; picture bullets go (their pictures would need
	// the numbering part's relationships) and fall back to their text.
	if t.numbering, err = parse("word/numbering.xml", nsW, "numbering", "a Word numbering part"); err != nil {
		return nil, err
	}
	if t.numbering != nil {
		dropElements(t.numbering, nsW, "numPicBullet", "lvlPicBulletId")
		t.numBase, t.absBase = numberingIDs(t.numbering)
	}
	theme, err := parse("word/theme/theme1.xml", nsA, "theme", "a theme")
	if err != nil {
		return nil, err
	}
	if theme != nil {
		t.theme = serialise(theme)
	}
	fonts, err := parse("word/fontTable.xml", nsW, "fonts", "a Word fonts table")
	if err != nil {
		return nil, err
	}
	if fonts != nil {
		// Embedded fonts would need the part's relationships.
		dropElements(fonts, nsW, "embedRegular", "embedBold", "embedItalic", "embedBoldItalic")
		t.fontTable = serialise(fonts)
	}
	// The document itself is read only for its last page size and
	// margins (those of its final section), and not kept.
	doc, err := read("word/document.xml", scannedPart)
	if err != nil {
		return nil, err
	}
	if doc != nil {
		var pgSz, pgMar *node
		if _, err := parsePart(doc, scannedPart, false, func(n *node) {
			switch {
			case n.is(nsW, "pgSz"):
				pgSz = n
			case n.is(nsW, "pgMar"):
				pgMar = n
			}
		}); err != nil {
			return nil, fmt.Errorf("%s: word/document.xml: %v", name, err)
		}
		if pgSz != nil || pgMar != nil {
			if err := t.setPage(pgSz, pgMar); err != nil {
				return nil, fmt.Errorf("%s: word/document.xml: %v", name, err)
			}
		}
	}
	return t, nil
}

// checkZipDirectory reads the zip's end record (the last 64 kB at most)
// and refuses, before archive/zip lists the entries, a directory too big
// for a Word document: archive/zip reads every entry from the directory's
// start to the end of the file, whatever count the end record gives.
func checkZipDirectory(r io.ReaderAt, size int64) error {
	const endLen = 22
	n := min(size, endLen+65535)
	tail := make([]byte, n)
	if _, err := r.ReadAt(tail, size-n); err != nil && err != io.EOF {
		return err
	}
	end := -1
	for i := len(tail) - endLen; i >= 0; i-- {
		if tail[i] == 'P' && tail[i+1] == 'K' && tail[i+2] == 5 && tail[i+3] == 6 {
			if c := int(binary.LittleEndian.Uint16(tail[i+20:])); i+endLen+c <= len(tail) {
				end = i
				break
			}
		}
	}
	if end < 0 {
		return errors.New("not a zip file")
	}
	e := tail[end:]
	endAt := size - n + int64(end)
	records := uint64(binary.LittleEndian.Uint16(e[10:]))
	dirSize := uint64(binary.LittleEndian.Uint32(e[12:]))
	dirOffset := uint64(binary.LittleEndian.Uint32(e[16:]))
	if records == 0xFFFF || dirSize == 0xFFFF || dirSize == 0xFFFFFFFF || dirOffset == 0xFFFFFFFF {
		// zip64: a locator just before the end record points at the
		// zip64 end record.
		if end >= 20 && bytes.Equal(tail[end-20:end-16], []byte("PK\x06\x07")) {
			at := binary.LittleEndian.Uint64(tail[end-20+8:])
			rec := make([]byte, 56)
			if at < uint64(size) && at+56 <= uint64(size) {
				if _, err := r.ReadAt(rec, int64(at)); err == nil && bytes.Equal(rec[:4], []byte("PK\x06\x06")) {
					records = binary.LittleEndian.Uint64(rec[32:])
					dirSize = binary.LittleEndian.Uint64(rec[40:])
					dirOffset = binary.LittleEndian.Uint64(rec[48:])
					endAt = int64(at)
				}
			}
		}
	}
	if records == 0 {
		return errors.New("an empty zip")
	}
	if records > maxZipEntries {
		return fmt.Errorf("its zip lists %d entries, more than the %d a Word document could need", records, maxZipEntries)
	}
	// archive/zip starts at the offset given, or at the end record less
	// the directory's size: the earlier of the two bounds what it reads.
	start := int64(0)
	if dirOffset <= uint64(endAt) && dirSize <= uint64(endAt) {
		start = min(int64(dirOffset), endAt-int64(dirSize))
	} else if dirSize <= uint64(endAt) {
		start = endAt - int64(dirSize)
	}
	if size-start > maxZipDirectory {
		return fmt.Errorf("its zip directory takes %d kB, more than the %d kB a Word document could need", (size-start)>>10, maxZipDirectory>>10)
	}
	return nil
}

// dropRels takes out attributes that point into a relationships part
// (r:id, r:embed): the parts the paper takes are written without theirs.
func dropRels(n *node) {
	n.walk(func(e *node) {
		kept := e.attrs[:0]
		for _, a := range e.attrs {
			if a.ns != nsR {
				kept = append(kept, a)
			}
		}
		e.attrs = kept
	})
}

// dropElements takes out every element in ns with one of the names.
func dropElements(n *node, ns string, names ...string) {
	n.walk(func(e *node) {
		kept := e.kids[:0]
		for _, k := range e.kids {
			drop := false
			for _, name := range names {
				drop = drop || k.is(ns, name)
			}
			if !drop {
				kept = append(kept, k)
			}
		}
		e.kids = kept
	})
}

// numberingIDs returns the highest w:numId and w:abstractNumId of a
// numbering part.
func numberingIDs(numbering *node) (num, abs int) {
	hi := func(n *node, local string, cur int) int {
		if v, ok := n.attr(nsW, local); ok {
			if i, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && i < 1<<20 {
				return max(cur, i)
			}
		}
		return cur
	}
	for _, k := range numbering.kids {
		switch {
		case k.is(nsW, "num"):
			num = hi(k, "numId", num)
		case k.is(nsW, "abstractNum"):
			abs = hi(k, "abstractNumId", abs)
		}
	}
	return num, abs
}

// Word's own bounds on a page: 0.1 to 22 inches a side, margins up to 22
// inches.
const (
	minPage   = 144
	maxPage   = 31680
	minTextSz = 1440 // an inch between the margins, at least
)

// setPage takes the page size and margins, as numbers within Word's
// bounds; a missing value is the built-in page's.
func (t *Template) setPage(pgSz, pgMar *node) error {
	measure := func(n *node, local string, def, lo, hi int, what string) (int, error) {
		if n == nil {
			return def, nil
		}
		s, ok := n.attr(nsW, local)
		if !ok {
			return def, nil
		}
		v, ok := twipsOf(s)
		if !ok {
			return 0, fmt.Errorf("the %s w:%s=%q is not a measure", what, local, s)
		}
		if v < float64(lo) || v > float64(hi) {
			return 0, fmt.Errorf("the %s w:%s=%q is outside Word's bounds of %d to %d twips (%.1f to %.0f inches)", what, local, s, lo, hi, float64(lo)/1440, float64(hi)/1440)
		}
		return int(math.Round(v)), nil
	}
	var vals [9]int
	specs := []struct {
		n          *node
		local      string
		def, lo, h int
		what       string
	}{
		{pgSz, "w", pageW, minPage, maxPage, "page width"},
		{pgSz, "h", pageH, minPage, maxPage, "page height"},
		{pgMar, "top", margin, -maxPage, maxPage, "top margin"},
		{pgMar, "right", margin, 0, maxPage, "right margin"},
		{pgMar, "bottom", margin, -maxPage, maxPage, "bottom margin"},
		{pgMar, "left", margin, 0, maxPage, "left margin"},
		{pgMar, "header", 567, 0, maxPage, "header distance"},
		{pgMar, "footer", 567, 0, maxPage, "footer distance"},
		{pgMar, "gutter", 0, 0, maxPage, "gutter"},
	}
	for i, s := range specs {
		v, err := measure(s.n, s.local, s.def, s.lo, s.h, s.what)
		if err != nil {
			return err
		}
		vals[i] = v
	}
	w, h, top, right, bottom, left, header, footer, gutter := vals[0], vals[1], vals[2], vals[3], vals[4], vals[5], vals[6], vals[7], vals[8]
	tw := w - left - right - gutter
	th := h - abs(top) - abs(bottom)
	if tw < minTextSz || th < minTextSz {
		return fmt.Errorf("the page (%d by %d twips) leaves %d by %d twips inside its margins; a paper needs at least an inch (1440) each way", w, h, tw, th)
	}
	extra := ""
	if pgSz != nil {
		if o, _ := pgSz.attr(nsW, "orient"); o == "landscape" || o == "portrait" {
			extra += ` w:orient="` + o + `"`
		}
		if c, ok := pgSz.attr(nsW, "code"); ok {
			if v, err := strconv.Atoi(c); err == nil && v >= 0 && v <= 255 {
				extra += fmt.Sprintf(` w:code="%d"`, v)
			}
		}
	}
	t.pgSz = fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d"%s/>`, w, h, extra)
	t.pgMar = fmt.Sprintf(`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="%d"/>`,
		top, right, bottom, left, header, footer, gutter)
	t.textW, t.textH = tw, th
	return nil
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// twipsOf reads a measure in twips: a whole number, or a number with a
// unit (mm, cm, in, pt, pc, pi) as the schema allows.
func twipsOf(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	per := 1.0
	for _, u := range []struct {
		unit string
		per  float64
	}{{"mm", 1440 / 25.4}, {"cm", 1440 / 2.54}, {"in", 1440}, {"pt", 20}, {"pc", 240}, {"pi", 240}} {
		if strings.HasSuffix(s, u.unit) {
			s, per = strings.TrimSuffix(s, u.unit), u.per
			break
		}
	}
	if s == "" || len(s) > 20 || strings.ContainsAny(s, "eExXpP_") || strings.EqualFold(s, "inf") || strings.EqualFold(s, "nan") {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v * per, true
}
