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
	maxSharedBytes = 512 << 20 // XML of the shared strings
	maxSharedCount = 20_000_000
)

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
	data, err := b.readPart("xl/workbook.xml", maxSmallPart)
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
	if data, err := b.readPart("xl/_rels/workbook.xml.rels", maxSmallPart); err == nil {
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
	customDT := map[int]bool{}
	for _, nf := range st.NumFmts {
		custom[nf.ID] = classifyCode(nf.Code)
		customDT[nf.ID] = true
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
		} else if k == fmtKeep && isTimeCode(customCode(st.NumFmts, xf.NumFmtID)) {
			k = fmtTime
		}
		kinds[i] = k
	}
	return kinds, nil
}

func customCode(nfs []struct {
	ID   int    `xml:"numFmtId,attr"`
	Code string `xml:"formatCode,attr"`
}, id int) string {
	for _, nf := range nfs {
		if nf.ID == id {
			return nf.Code
		}
	}
	return ""
}

func isTimeBuiltIn(id int) bool { return id >= 18 && id <= 21 || id >= 45 && id <= 47 }

func isTimeCode(code string) bool {
	lc := strings.ToLower(code)
	return strings.ContainsAny(lc, "hs") && !strings.Contains(lc, "@")
}

// sharedStrings reads the shared string table, streaming, within limits.
// The text of a string is its <t> elements (rich text runs joined), less
// phonetic hints (<rPh>).
func (b *book) sharedStrings() ([]string, error) {
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
	dec := xml.NewDecoder(lr)
	var out []string
	var cur strings.Builder
	inSI, inT, inRPh := false, false, 0
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			if lr.N <= 0 {
				return nil, fmt.Errorf("%s: %s inflates to more than %d MB; refusing it", b.label, b.shared, maxSharedBytes>>20)
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
				cur.Reset()
			case "t":
				inT = inSI && inRPh == 0
			case "rPh":
				inRPh++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				if len(out) >= maxSharedCount {
					return nil, fmt.Errorf("%s: more than %d shared strings; refusing them", b.label, maxSharedCount)
				}
				out = append(out, cur.String())
				inSI = false
			case "t":
				inT = false
			case "rPh":
				inRPh--
			}
		case xml.CharData:
			if inT {
				cur.Write(t)
			}
		}
	}
	if lr.N <= 0 {
		return nil, fmt.Errorf("%s: %s inflates to more than %d MB; refusing it", b.label, b.shared, maxSharedBytes>>20)
	}
	return out, nil
}
