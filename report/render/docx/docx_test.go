package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carereport/carereport/report/doc"
	dmd "github.com/carereport/carereport/report/doc/markdown"
	"github.com/carereport/carereport/report/render/chart"
)

const paper = `**ADULTS SCRUTINY COMMITTEE**  
**9 MARCH 2021**

# QUALITY OF CARE IN HEATH

## Purpose of the Report

1. The purpose of this report is to inform the Committee & others <now>.

## Background

2. There are 322 care homes in Heath, see [CQC](https://www.cqc.org.uk).

3. Of the 322 care homes, 319 have been rated.

Table: Table 1: Current ratings

| Rating | Number | Percentage |
| --- | ---: | ---: |
| Good | 248 | 77% |
| Total | 322 | 100% |
| Good or Outstanding | 281 | 87% |

4. The chart shows the group.

` + "```chart\ntitle: Figure 1: Homes rated Good or Outstanding\ncategory: Authority\nunit: %\nmax: 100\nseries: 2020 | 2021\nhighlight: Heath\nHeath | 88 | 87\nVale | 85 | 86\n```" + `

- a bullet
- another

### A sub-heading

5. Last paragraph.
`

// read reads a paper written as Markdown, with the committee-paper
// conventions.
func read(t testing.TB, md string) *doc.Document {
	t.Helper()
	d, err := dmd.Read([]byte(md), dmd.Paper)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func render(t testing.TB, md string, o Options) []byte {
	t.Helper()
	return renderDoc(t, read(t, md), o)
}

func renderDoc(t testing.TB, d *doc.Document, o Options) []byte {
	t.Helper()
	if o.Date.IsZero() {
		o.Date = time.Date(2021, 3, 9, 0, 0, 0, 0, time.UTC)
	}
	out, err := Render(d, o)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func parts(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

func wellFormed(t testing.TB, name, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

func TestDocxStructure(t *testing.T) {
	o := Options{Title: "Quality of Care in Heath", Author: "Director", Subject: "CQC ratings", Keywords: "CQC", Lang: "en-GB", Footer: "Adults Scrutiny Committee, 9 March 2021"}
	a := render(t, paper, o)
	if b := render(t, paper, o); !bytes.Equal(a, b) {
		t.Fatal("the same input gave different bytes")
	}
	p := parts(t, a)
	for name, s := range p {
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			wellFormed(t, name, s)
		}
	}
	doc := p["word/document.xml"]
	for _, want := range []string{
		`<w:pStyle w:val="Title"/></w:pPr><w:r><w:t xml:space="preserve">QUALITY OF CARE IN HEATH</w:t>`,
		`<w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t xml:space="preserve">Purpose of the Report</w:t>`,
		`<w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t xml:space="preserve">A sub-heading</w:t>`,
		`Committee &amp; others .`,
		`<w:tblHeader/>`, `<w:cantSplit/>`, `<w:jc w:val="right"/>`,
		`<w:pStyle w:val="Caption"/><w:keepNext/></w:pPr><w:r><w:t xml:space="preserve">Table 1: Current ratings</w:t>`,
		`descr="Figure 1: Homes rated Good or Outstanding. Horizontal bar chart of 2 rows, with bars for 2020 and 2021. The table below gives the same figures."`,
		`Data for Figure 1: Homes rated Good or Outstanding`,
		`<w:hyperlink r:id=`,
		`<w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	// The total row is bold, the row after it not.
	total := regexp.MustCompile(`<w:tr>.*?</w:tr>`).FindAllString(doc, -1)
	var totalRow, after string
	for i, r := range total {
		if strings.Contains(r, ">Total<") {
			totalRow = r
			if i+1 < len(total) {
				after = total[i+1]
			}
		}
	}
	if !strings.Contains(totalRow, "<w:b/>") || strings.Contains(after, "<w:b/>") {
		t.Errorf("total row bold: %v, next row bold: %v", strings.Contains(totalRow, "<w:b/>"), strings.Contains(after, "<w:b/>"))
	}
	// The five numbered paragraphs share one numbering, so Word numbers
	// them 1 to 5 across the paper.
	if n := strings.Count(doc, `<w:numId w:val="1"/>`); n != 5 {
		t.Errorf("%d paragraphs in the paper's numbering, want 5", n)
	}
	if !strings.Contains(doc, `<w:numId w:val="2"/>`) {
		t.Error("the bullets are not a bulleted list")
	}
	if !strings.Contains(p["word/numbering.xml"], `<w:lvlText w:val="%1."/>`) {
		t.Error("numbering.xml lacks the decimal numbering")
	}
	ftr := p["word/footer1.xml"]
	for _, want := range []string{"Adults Scrutiny Committee, 9 March 2021", " PAGE ", " NUMPAGES ", "Page </w:t>"} {
		if !strings.Contains(ftr, want) {
			t.Errorf("footer lacks %q", want)
		}
	}
	core := p["docProps/core.xml"]
	for _, want := range []string{"<dc:title>Quality of Care in Heath</dc:title>", "<dc:creator>Director</dc:creator>", "<dc:language>en-GB</dc:language>", "<cp:keywords>CQC</cp:keywords>"} {
		if !strings.Contains(core, want) {
			t.Errorf("core.xml lacks %s", want)
		}
	}
	if !strings.Contains(p["word/styles.xml"], `<w:lang w:val="en-GB"`) || !strings.Contains(p["word/styles.xml"], `<w:outlineLvl w:val="0"/>`) {
		t.Error("styles lack the language or heading outline levels")
	}
	if _, ok := p["word/media/chart1.png"]; !ok {
		t.Error("no chart picture")
	}
	// The text is the Markdown's, word for word.
	if got, want := docWords(doc), mdWords(t, paper); got != want {
		t.Errorf("text differs:\n got %s\nwant %s", got, want)
	}
}

var reT = regexp.MustCompile(`(?s)<w:t(?: [^>]*)?>(.*?)</w:t>|</w:p>|<w:tab/>|<w:br/>|<w:noBreakHyphen/>`)

// docWords is the document's text, word by word.
func docWords(doc string) string {
	var b strings.Builder
	for _, m := range reT.FindAllStringSubmatch(doc, -1) {
		if m[1] != "" {
			b.WriteString(m[1])
		} else if m[0] == "<w:noBreakHyphen/>" {
			b.WriteString("-")
		} else {
			b.WriteString(" ")
		}
	}
	s := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(b.String())
	return strings.Join(strings.Fields(s), " ")
}

// mdWords is the Markdown's text as a reader sees it, by an independent
// walk of the document: paragraph numbers aside (Word draws those), a
// chart as its title, the data caption and the data.
func mdWords(t testing.TB, md string) string {
	var parts []string
	var walk func(bs []doc.Block)
	walk = func(bs []doc.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *doc.Heading:
				parts = append(parts, doc.PlainText(b.Content))
			case *doc.Para:
				parts = append(parts, doc.PlainText(b.Content))
			case *doc.Table:
				parts = append(parts, b.Caption)
				for _, c := range b.Header {
					parts = append(parts, doc.PlainText(c))
				}
				for _, r := range b.Rows {
					for _, c := range r.Cells {
						parts = append(parts, doc.PlainText(c))
					}
				}
			case *doc.Figure:
				ch := b.Chart
				parts = append(parts, ch.Title, chart.DataCaption(ch.Title), ch.Category)
				parts = append(parts, ch.Series...)
				for _, r := range ch.Rows {
					parts = append(parts, r.Label)
					for _, v := range r.Values {
						parts = append(parts, ch.Format(v))
					}
				}
			case *doc.List:
				for _, it := range b.Items {
					walk(it.Blocks)
				}
			case *doc.Quote:
				walk(b.Blocks)
			case *doc.Code:
				parts = append(parts, b.Text)
			}
		}
	}
	walk(read(t, md).Blocks)
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// A council's own document lends its styles, theme and page: here a
// Letter page with 1-inch margins and a Georgia heading style.
func TestReferenceDocx(t *testing.T) {
	base := parts(t, render(t, paper, Options{}))
	styles := strings.Replace(base["word/styles.xml"], `<w:style w:type="paragraph" w:styleId="Heading1">`,
		`<w:style w:type="paragraph" w:styleId="Heading1"><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/></w:rPr>`, 1)
	docXML := strings.Replace(base["word/document.xml"], `<w:pgSz w:w="11906" w:h="16838"/>`, `<w:pgSz w:w="12240" w:h="15840"/>`, 1)
	docXML = regexp.MustCompile(`<w:pgMar [^>]*/>`).ReplaceAllString(docXML, `<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, s := range map[string]string{"word/styles.xml": styles, "word/document.xml": docXML, "word/theme/theme1.xml": `<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Council"/>`, "[Content_Types].xml": base["[Content_Types].xml"]} {
		w, _ := zw.Create(name)
		io.WriteString(w, s)
	}
	zw.Close()
	out := parts(t, render(t, paper, Options{Template: template(t, buf.Bytes(), "council.dotx")}))
	if out["word/styles.xml"] != styles {
		t.Error("the council's styles were not taken")
	}
	if !strings.Contains(out["word/document.xml"], `<w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440"`) {
		t.Error("the council's page size and margins were not taken")
	}
	if !strings.Contains(out["word/theme/theme1.xml"], `name="Council"`) || !strings.Contains(out["[Content_Types].xml"], "/word/theme/theme1.xml") {
		t.Error("the council's theme was not taken")
	}
	if _, err := ParseTemplate([]byte("not a zip"), "bad.docx"); err == nil || !strings.Contains(err.Error(), "bad.docx: not a Word document") {
		t.Errorf("bad reference: %v", err)
	}
}

// python-docx opens it and finds the headings, tables, numbering and
// pictures; LibreOffice converts it to PDF. Both are installed by .ci/run;
// locally the test skips without them.
func TestDocxOpensInWordTools(t *testing.T) {
	py := ""
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import docx").Run() == nil {
			py = p
			break
		}
	}
	if py == "" {
		t.Skip("python3 with python-docx (Debian: python3-docx) is not installed")
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "paper.docx")
	os.WriteFile(f, render(t, paper, Options{Title: "T", Footer: "Committee"}), 0o644)
	script := `
import sys, docx
d = docx.Document(sys.argv[1])
styles = [p.style.name for p in d.paragraphs]
assert "Title" in styles, styles
assert styles.count("Heading 1") == 2, styles
assert "Heading 2" in styles, styles
assert len(d.tables) == 2, len(d.tables)
assert d.tables[0].cell(0, 0).text == "Rating"
assert d.tables[0].rows[2].cells[0].text == "Total"
assert len(d.inline_shapes) == 1
numbered = [p for p in d.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
assert len(numbered) == 7, len(numbered)
print("ok")
`
	out, err := exec.Command(py, "-c", script, f).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ok") {
		t.Fatalf("python-docx: %v\n%s", err, out)
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Log("soffice (Debian: libreoffice-writer-nogui) is not installed: the conversion to PDF is not checked")
		return
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--convert-to", "pdf", "--outdir", dir, f)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	if st, err := os.Stat(filepath.Join(dir, "paper.pdf")); err != nil || st.Size() < 1000 {
		t.Fatalf("LibreOffice made no PDF: %v", err)
	}
}

func FuzzDocx(f *testing.F) {
	f.Add(paper)
	f.Add("# T\n\n| a |\n| - |\n| \x01 |\n\n1. x\n   - y\n\n> q\n\n---\n\n    code\n")
	f.Fuzz(func(t *testing.T, md string) {
		d, err := dmd.Read([]byte(md), dmd.Paper)
		if err != nil {
			return
		}
		out, err := Render(d, Options{Title: md, Footer: md, Date: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return
		}
		for name, s := range parts(t, out) {
			if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
				wellFormed(t, name, s)
			}
		}
	})
}

// A council's template made in Word or LibreOffice has no Table Text
// style and often no Hyperlink, and its language is often en-US: the paper
// adds the styles it uses that the template lacks (LibreOffice otherwise
// lays the table cells out below an empty table) and keeps its own
// language, while the template's own styles stay as they are.
func TestReferenceLacksStyles(t *testing.T) {
	base := parts(t, render(t, paper, Options{}))
	styles := base["word/styles.xml"]
	for _, id := range []string{"TableText", "Hyperlink"} {
		styles = regexp.MustCompile(`<w:style [^>]*w:styleId="`+id+`">.*?</w:style>`).ReplaceAllString(styles, "")
	}
	styles = strings.Replace(styles, `<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>`, `<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/>`, 1)
	// LibreOffice also writes the language into the Normal style.
	styles = strings.Replace(styles, `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>`,
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/><w:lang w:val="en-US" w:eastAsia="en-US"/></w:rPr>`, 1)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/styles.xml")
	io.WriteString(w, styles)
	zw.Close()
	out := parts(t, render(t, paper, Options{Lang: "en-GB", Template: template(t, buf.Bytes(), "council.docx")}))["word/styles.xml"]
	wellFormed(t, "styles.xml", out)
	for _, id := range []string{"TableText", "Hyperlink", "Normal", "Heading1"} {
		if n := strings.Count(out, `w:styleId="`+id+`"`); n != 1 {
			t.Errorf("style %s defined %d times, want 1", id, n)
		}
	}
	if !strings.Contains(out, `<w:name w:val="Normal"/><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/><w:lang w:val="en-GB" w:eastAsia="en-US"/>`) {
		t.Error("the council's Normal style was not kept")
	}
	if !strings.Contains(out, `<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>`) || strings.Contains(out, `w:val="en-US"`) {
		t.Errorf("the default language is not the paper's: %s", regexp.MustCompile(`<w:lang\b[^>]*/>`).FindAllString(out, -1))
	}
	if n := strings.Count(out, `w:default="1" w:styleId="Normal"`) + strings.Count(out, `w:type="paragraph" w:default="1"`); n != 2 {
		t.Errorf("%d default paragraph styles (counted twice), want one", n)
	}
	// A sheet without document defaults gets them, with the language.
	if got := langOf(t, `<w:styles xmlns:w="`+nsW+`"><w:style w:styleId="Normal"/></w:styles>`); !strings.Contains(got, `<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults><w:style`) {
		t.Errorf("no defaults: %s", got)
	}
	if got := langOf(t, `<w:styles xmlns:w="`+nsW+`"><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>`); !strings.Contains(got, `<w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr>`) {
		t.Errorf("defaults without a language: %s", got)
	}
}

// langOf is a style sheet with the paper's language (en-GB) set.
func langOf(t testing.TB, styles string) string {
	t.Helper()
	n, err := parsePart([]byte(styles), keptPart, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	withLang(n, "en-GB")
	return string(serialise(n))
}

// template parses a council's template, failing the test if it cannot.
func template(t testing.TB, data []byte, name string) *Template {
	t.Helper()
	tm, err := ParseTemplate(data, name)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// On a council's narrower page (Letter, 1.5-inch margins, attributes in
// LibreOffice's order) the footer's right tab, the chart picture and the
// tables stay inside the margins.
func TestReferencePageWidth(t *testing.T) {
	base := parts(t, render(t, paper, Options{}))
	docXML := regexp.MustCompile(`<w:pgSz [^>]*/><w:pgMar [^>]*/>`).ReplaceAllString(base["word/document.xml"],
		`<w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:left="2160" w:right="2160" w:gutter="0" w:header="0" w:top="1440" w:footer="0" w:bottom="1440"/>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, s := range map[string]string{"word/styles.xml": base["word/styles.xml"], "word/document.xml": docXML} {
		w, _ := zw.Create(name)
		io.WriteString(w, s)
	}
	zw.Close()
	out := parts(t, render(t, paper, Options{Footer: "Committee", Template: template(t, buf.Bytes(), "council.docx")}))
	const textW = 12240 - 2*2160
	if !strings.Contains(out["word/footer1.xml"], fmt.Sprintf(`<w:tab w:val="right" w:pos="%d"/>`, textW)) {
		t.Errorf("the footer's right tab is not at the council's right margin (%d)", textW)
	}
	doc := out["word/document.xml"]
	m := regexp.MustCompile(`<wp:extent cx="(\d+)" cy="(\d+)"/>`).FindStringSubmatch(doc)
	if m == nil {
		t.Fatal("no picture")
	}
	if cx, _ := strconv.Atoi(m[1]); cx > textW*635 {
		t.Errorf("the chart is %d EMU wide, the text %d", cx, textW*635)
	}
	for _, grid := range regexp.MustCompile(`<w:tblGrid>.*?</w:tblGrid>`).FindAllString(doc, -1) {
		sum := 0
		for _, g := range regexp.MustCompile(`w:w="(\d+)"`).FindAllStringSubmatch(grid, -1) {
			n, _ := strconv.Atoi(g[1])
			sum += n
		}
		if sum > textW {
			t.Errorf("a table's columns add up to %d twips, the text is %d", sum, textW)
		}
	}
}

// A council's template keeps its own numbering (its List Bullet style,
// say, points at its numId 1): the paper's numbering comes after the
// council's ids, so the paper's paragraphs do not take over the council's
// lists, and the council's lists still number as in its template.
func TestReferenceNumbering(t *testing.T) {
	base := parts(t, render(t, paper, Options{}))
	styles := strings.Replace(base["word/styles.xml"], `</w:styles>`,
		`<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>`, 1)
	numbering := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<w:numPicBullet w:numPicBulletId="0"><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:imagedata r:id="rId1"/></v:shape></w:pict></w:numPicBullet>` +
		`<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/><w:lvlPicBulletId w:val="0"/></w:lvl></w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>` +
		`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="4"><w:abstractNumId w:val="7"/></w:num>` +
		`<w:numIdMacAtCleanup w:val="2"/></w:numbering>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, s := range map[string]string{"word/styles.xml": styles, "word/numbering.xml": numbering} {
		w, _ := zw.Create(name)
		io.WriteString(w, s)
	}
	zw.Close()
	out := parts(t, render(t, paper, Options{Template: template(t, buf.Bytes(), "council.dotx")}))
	num, doc := out["word/numbering.xml"], out["word/document.xml"]
	wellFormed(t, "numbering.xml", num)
	for _, want := range []string{`<w:abstractNum w:abstractNumId="7">`, `<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`,
		`<w:num w:numId="5"><w:abstractNumId w:val="8"/></w:num>`, `<w:num w:numId="6"><w:abstractNumId w:val="9"/></w:num>`, `<w:abstractNum w:abstractNumId="10">`} {
		if !strings.Contains(num, want) {
			t.Errorf("numbering.xml lacks %s", want)
		}
	}
	if strings.Contains(num, "numPicBullet") || strings.Contains(num, "r:id=") {
		t.Error("a picture bullet was kept without its picture")
	}
	// The schema's order: abstractNums, then nums, then the cleanup entry.
	if a, n, c := strings.LastIndex(num, "<w:abstractNum "), strings.Index(num, "<w:num "), strings.Index(num, "<w:numIdMacAtCleanup"); !(a < n && n < c) {
		t.Errorf("numbering.xml out of order: last abstractNum %d, first num %d, cleanup %d", a, n, c)
	}
	if n := strings.Count(doc, `<w:numId w:val="5"/>`); n != 5 {
		t.Errorf("%d paragraphs in the paper's numbering (numId 5), want 5", n)
	}
	if strings.Contains(doc, `<w:numId w:val="1"/>`) {
		t.Error("the paper uses the council's numId 1")
	}
	if !strings.Contains(doc, `<w:numId w:val="6"/>`) {
		t.Error("the bullets do not use the paper's bullet numbering")
	}
}

// Columns are shared out by what they hold: no column is narrower than its
// longest word (LibreOffice breaks a word that does not fit in the middle:
// "Inadequat|e", "1-10164739|8"), a date stays on one line, and the table
// fills the text width.
func TestTableColumnWidths(t *testing.T) {
	md := "Table: Table 10: Services\n\n| Service | Provider | Type | Rating | Published | Previous rating | Key questions below Good |\n| --- | --- | --- | --- | --- | --- | --- |\n" +
		"| Eastleigh Care Homes - Raleigh Mead Limited | 1-101647398 | care home with nursing | Inadequate | 15 Feb 2020 | Requires Improvement | Safe, Effective, Caring, Responsive, Well-led |\n" +
		"| Ashfield | 1-1986666272 | care home | Requires Improvement | 6 Sep 2019 | Outstanding | Safe |\n\n" +
		"Table: Table 7: Ratings at each date\n\n| Date | Outstanding | Good | Requires Improvement | Inadequate | Not yet rated | Total | Good or Outstanding |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" +
		"| 1 Feb 2019 | 29 | 220 | 44 | 2 | 13 | 308 | 81% |\n"
	doc := parts(t, render(t, md, Options{}))["word/document.xml"]
	tables := regexp.MustCompile(`(?s)<w:tbl>.*?</w:tbl>`).FindAllString(doc, -1)
	if len(tables) != 2 {
		t.Fatalf("%d tables", len(tables))
	}
	for ti, tbl := range tables {
		var widths []int
		sum := 0
		for _, g := range regexp.MustCompile(`<w:gridCol w:w="(\d+)"/>`).FindAllStringSubmatch(tbl, -1) {
			n, _ := strconv.Atoi(g[1])
			widths = append(widths, n)
			sum += n
		}
		if sum != textW {
			t.Errorf("table %d: columns add up to %d twips, the text is %d", ti, sum, textW)
		}
		for ri, row := range regexp.MustCompile(`(?s)<w:tr>.*?</w:tr>`).FindAllString(tbl, -1) {
			header := strings.Contains(row, "<w:tblHeader/>")
			for ci, cell := range regexp.MustCompile(`(?s)<w:tc>.*?</w:tc>`).FindAllString(row, -1) {
				text := docWords(cell)
				bold := header || strings.Contains(cell, "<w:b/>")
				for _, word := range strings.Fields(text) {
					if need := chart.TextWidth(word, 9.5, bold)*20 + 216; float64(widths[ci]) < need {
						t.Errorf("table %d row %d: %q needs %.0f twips, its column has %d", ti, ri, word, need, widths[ci])
					}
				}
				if ti == 1 && ci == 0 && !header {
					if need := chart.TextWidth(text, 9.5, false)*20 + 216; float64(widths[0]) < need {
						t.Errorf("the date %q wraps: it needs %.0f twips, its column has %d", text, need, widths[0])
					}
				}
			}
		}
	}
}
