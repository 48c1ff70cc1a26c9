package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// The workbook's small parts (workbook, relationships, styles) are read
// whole with encoding/xml, each under a size limit; the shared strings are
// streamed token by token; the worksheet, the large part, goes through the
// byte scanner in scan.go.

// Limits on the parts read whole or held: a styles part that inflates to
// gigabytes is refused after maxSmallPart, not inflated.
const (
	maxSmallPart   = 32 << 20
	maxBookPart    = 8 << 20   // workbook.xml and its relationships
	maxSharedBytes = 512 << 20 // XML of the shared strings
	maxSharedText  = 64 << 20  // their text (a national file has a few MB)
	maxSharedCount = 4_000_000 // strings (one has about 200,000)
	maxSharedRun   = 1 << 20   // text or tag without a break (see runLimiter)
)

// sharedTextLimit is maxSharedText; tests lower it.
var sharedTextLimit = maxSharedText

type book struct {
	zr       *zip.Reader
	label    string
	files    map[string]*zip.File
	sheets   []bookSheet
	date1904 bool
	shared   string // part names, "" if absent
	styles   string
}

type bookSheet struct{ name, part string }

// readPart inflates a small part, refusing one larger than limit.
func (b *book) readPart(name string, limit int64) ([]byte, error) {
	f := b.files[name]
	if f == nil {
		return nil, fmt.Errorf("%s: not a readable XLSX file (no %s)", b.label, name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %v", b.label, name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %s is damaged (%v)", b.label, name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: %s inflates to more than %d MB; refusing it", b.label, name, limit>>20)
	}
	return data, nil
}

type xRel struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

// openBook reads the workbook's sheet list and where its parts are.
func openBook(zr *zip.Reader, label string) (*book, error) {
	b := &book{zr: zr, label: label, files: map[string]*zip.File{}}
	for _, f := range zr.File {
		b.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	data, err := b.readPart("xl/workbook.xml", maxBookPart)
	if err != nil {
		return nil, err
	}
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(data, &wb); err != nil {
		return nil, fmt.Errorf("%s: xl/workbook.xml is not readable (%v)", label, err)
	}
	b.date1904 = wb.Pr.Date1904 == "1" || strings.EqualFold(wb.Pr.Date1904, "true")
	rels := map[string]xRel{}
	// No relationships part: sheets are found by their usual part names.
	// One that is there but too large or damaged is an error, since
	// guessing could read another sheet's rows.
	if b.files["xl/_rels/workbook.xml.rels"] != nil {
		data, err := b.readPart("xl/_rels/workbook.xml.rels", maxBookPart)
		if err != nil {
			return nil, err
		}
		var rs struct {
			Rels []xRel `xml:"Relationship"`
		}
		if err := xml.Unmarshal(data, &rs); err != nil {
			return nil, fmt.Errorf("%s: xl/_rels/workbook.xml.rels is not readable (%v)", label, err)
		}
		for _, r := range rs.Rels {
			rels[r.ID] = r
			switch {
			case strings.HasSuffix(r.Type, "/sharedStrings"):
				b.shared = partName(r.Target)
			case strings.HasSuffix(r.Type, "/styles"):
				b.styles = partName(r.Target)
			}
		}
	}
	if b.shared == "" && b.files["xl/sharedStrings.xml"] != nil {
		b.shared = "xl/sharedStrings.xml"
	}
	if b.styles == "" && b.files["xl/styles.xml"] != nil {
		b.styles = "xl/styles.xml"
	}
	for i, s := range wb.Sheets {
		var rid string
		for _, a := range s.Attrs {
			if a.Name.Local == "id" {
				rid = a.Value
			}
		}
		part := ""
		if r, ok := rels[rid]; ok {
			part = partName(r.Target)
		} else {
			part = fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		}
		b.sheets = append(b.sheets, bookSheet{name: s.Name, part: part})
	}
	return b, nil
}

// partName resolves a relationship target against xl/.
func partName(target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return path.Clean(path.Join("xl", target))
}

// styleKinds reads each cell style's number format kind (by style index).
func (b *book) styleKinds() ([]fmtKind, error) {
	if b.styles == "" {
		return nil, nil
	}
	data, err := b.readPart(b.styles, maxSmallPart)
	if err != nil {
		return nil, err
	}
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := xml.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("%s: %s is not readable (%v)", b.label, b.styles, err)
	}
	custom := map[int]fmtKind{}
	codes := map[int]string{} // the first code given for each id
	for _, nf := range st.NumFmts {
		custom[nf.ID] = classifyCode(nf.Code)
		if _, ok := codes[nf.ID]; !ok {
			codes[nf.ID] = nf.Code
		}
	}
	kinds := make([]fmtKind, len(st.Xfs))
	for i, xf := range st.Xfs {
		k, ok := custom[xf.NumFmtID]
		if !ok {
			k = classifyBuiltIn(xf.NumFmtID)
			if k == fmtDateTime && xf.NumFmtID == 22 {
				k = fmtDateTimeHM // Excel's built-in 22 shows hours and minutes
			}
			if k == fmtKeep && isTimeBuiltIn(xf.NumFmtID) {
				k = fmtTime
			}
		} else if k == fmtKeep && isTimeCode(codes[xf.NumFmtID]) {
			k = fmtTime
		}
		kinds[i] = k
	}
	return kinds, nil
}

func isTimeBuiltIn(id int) bool { return id >= 18 && id <= 21 || id >= 45 && id <= 47 }

func isTimeCode(code string) bool {
	lc := strings.ToLower(code)
	return strings.ContainsAny(lc, "hs") && !strings.Contains(lc, "@")
}

// sharedTable is the shared string table: every string's text in one
// arena, and where each starts and ends in it. Strings handed out are
// slices of the arena, so a cell costs no allocation, and the table costs
// its text plus 8 bytes a string, however many strings there are.
type sharedTable struct {
	text string
	ends []uint32 // ends[2i], ends[2i+1]: string i is text[ends[2i]:ends[2i+1]]
}

func (t *sharedTable) len() int {
	if t == nil {
		return 0
	}
	return len(t.ends) / 2
}

func (t *sharedTable) get(i int) (string, bool) {
	if i < 0 || i >= t.len() {
		return "", false
	}
	return t.text[t.ends[2*i]:t.ends[2*i+1]], true
}

// runLimiter passes bytes through but fails once more than limit bytes
// go by without a '<' or without a '>': encoding/xml gathers a whole text
// run or tag in memory before handing it over, so an unbroken run of
// gigabytes would be held whole. Excel's longest cell is 32,767
// characters, far below the limit.
type runLimiter struct {
	r                   io.Reader
	sinceLT, sinceGT, n int
	limit               int
}

var errLongRun = errors.New("an unbroken run of text or a tag beyond the limit")

func (l *runLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		l.sinceLT++
		l.sinceGT++
		switch c {
		case '<':
			l.sinceLT = 0
		case '>':
			l.sinceGT = 0
		}
	}
	if l.sinceLT > l.limit || l.sinceGT > l.limit {
		return n, errLongRun
	}
	return n, err
}

// sharedStrings reads the shared string table, streaming, within limits.
// The text of a string is its <t> elements (rich text runs joined), less
// phonetic hints (<rPh>).
func (b *book) sharedStrings() (*sharedTable, error) {
	if b.shared == "" {
		return nil, nil
	}
	f := b.files[b.shared]
	if f == nil {
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %v", b.label, b.shared, err)
	}
	defer rc.Close()
	lr := &io.LimitedReader{R: rc, N: maxSharedBytes + 1}
	dec := xml.NewDecoder(&runLimiter{r: lr, limit: maxSharedRun})
	tooBig := func() error {
		return fmt.Errorf("%s: %s inflates to more than %d MB; refusing it", b.label, b.shared, maxSharedBytes>>20)
	}
	var arena []byte
	var ends []uint32
	start := 0
	inSI, inT, inRPh := false, false, 0
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			switch {
			case lr.N <= 0:
				return nil, tooBig()
			case errors.Is(err, errLongRun):
				return nil, fmt.Errorf("%s: %s holds a string or tag of more than %d MB; refusing it", b.label, b.shared, maxSharedRun>>20)
			}
			var se *xml.SyntaxError
			if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, fmt.Errorf("%s: %s is damaged or cut short (%v)", b.label, b.shared, err)
			}
			return nil, fmt.Errorf("%s: %s is damaged (%v)", b.label, b.shared, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				arena = arena[:start] // drop the text of an <si> never closed
			case "t":
				inT = inSI && inRPh == 0
			case "rPh":
				inRPh++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				if len(ends)/2 >= maxSharedCount {
					return nil, fmt.Errorf("%s: more than %d shared strings; refusing them", b.label, maxSharedCount)
				}
				ends = append(ends, uint32(start), uint32(len(arena)))
				start = len(arena)
				inSI = false
			case "t":
				inT = false
			case "rPh":
				inRPh--
			}
		case xml.CharData:
			if inT {
				if len(arena)+len(t) > sharedTextLimit {
					return nil, fmt.Errorf("%s: %s holds more than %d MB of text; refusing it", b.label, b.shared, sharedTextLimit>>20)
				}
				arena = append(arena, t...)
			}
		}
	}
	if lr.N <= 0 {
		return nil, tooBig()
	}
	return &sharedTable{text: string(arena[:start]), ends: ends}, nil
}
