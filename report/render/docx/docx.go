// Package docx writes the paper as a Word document (WordprocessingML in a
// zip, written with archive/zip and plain XML text: the Go libraries for
// .docx found are young forks or LGPL, and what a paper needs is small).
// It walks the document model (report/doc) as the other writers do, so the
// formats cannot drift: headings become Word's Title and Heading 1-3
// styles (the navigation pane works), the paper's numbered paragraphs
// (doc.Para with a Number) real Word numbering that runs on across the
// paper, other ordered lists numberings of their own, tables Word tables
// whose header row repeats on each page, whose rows do not split and whose
// total row (doc.Row.Total) is bold, lead-ins (doc.Para.KeepWithNext) kept
// with what follows, and charts pictures (drawn from the same layout as
// the SVG and PDF) with their text alternative, followed by their data
// table.
//
// A council's own .docx or .dotx (Options.Reference) lends the paper its
// styles, theme, fonts, page size and margins, as pandoc's --reference-doc
// does. The same input gives the same bytes.
package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/carereport/carereport/report/doc"
	"github.com/carereport/carereport/report/render/chart"
)

// Options are the document's properties and footer.
type Options struct {
	Title, Author, Subject, Keywords string
	Lang                             string // e.g. en-GB
	Date                             time.Time
	Footer                           string // e.g. "Scrutiny Committee, 9 March 2021"
	// Generator names the program and its version: the Application of
	// docProps/app.xml ("carereport" when empty).
	Generator string
	// Template is a council's .docx or .dotx (from LoadTemplate or
	// ParseTemplate) whose styles, theme, fonts, numbering, page size and
	// margins the paper takes; nil for the built-in style. It is not
	// changed, so papers made at once may share it.
	Template *Template
}

// Numbering ids in numbering.xml.
const (
	numParas   = 1 // the paper's numbered paragraphs: 1., 2., ... across the paper
	numBullets = 2
	numOrdered = 3 // other numbered lists: each restarts (see w:num overrides)
)

// Page geometry of the built-in style, in twentieths of a point: A4, 20 mm
// margins, as the PDF.
const (
	pageW   = 11906
	pageH   = 16838
	margin  = 1134
	textW   = pageW - 2*margin
	textH   = pageH - 2*margin
	emuPerT = 635 // EMU per twip
)

type writer struct {
	o     Options
	body  bytes.Buffer
	rels  []rel
	media []media
	nums  []numOverride
	// paper are the numberings of the paper's numbered paragraphs and the
	// number each expects next; parasStart is where the first (numParas)
	// starts when not at 1.
	paper      []paperRun
	parasStart int
	titled     bool
	figures    int
	err        error
	ref        *Template // the council's template, or nil
	// numBase and absBase are the highest numbering ids (w:numId,
	// w:abstractNumId) of the council's numbering; the paper's come after.
	numBase, absBase int
	textW            int    // the text width, in twips: the council's page less its margins
	textH            int    // the text height, in twips
	runSize          string // run properties giving a table's smaller type, or ""
	inCell           bool   // writing a table cell
}

type rel struct{ id, typ, target, mode string }

type media struct {
	name string
	data []byte
}

// numOverride is a numbering (w:num) that starts at start. own says it
// has an abstract numbering of its own, a copy of the paper's paragraph
// numbering, with id abstract.
type numOverride struct {
	id, abstract, start int
	own                 bool
}

// paperRun is a numbering of the paper's paragraphs and the number it
// shows next.
type paperRun struct{ id, next int }

// Render writes d as a .docx.
func Render(d *doc.Document, o Options) ([]byte, error) {
	w := &writer{o: o}
	if w.o.Lang == "" {
		w.o.Lang = "en-GB"
	}
	w.textW, w.textH = textW, textH
	if ref := o.Template; ref != nil {
		w.ref = ref
		if ref.textW > 0 {
			w.textW, w.textH = ref.textW, ref.textH
		}
		w.numBase, w.absBase = ref.numBase, ref.absBase
	}
	w.blocks(d.Blocks, 0, false)
	if w.err != nil {
		return nil, w.err
	}
	return w.pack()
}

// esc escapes text for XML and drops characters XML 1.0 forbids.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteRune(r)
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF, r == utf8.RuneError:
			// not allowed in XML 1.0
			if r == utf8.RuneError {
				b.WriteRune(r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// run is a piece of inline text with its formatting.
type run struct {
	text         string
	bold, italic bool
	mono         bool
	br           bool
	link         string
}

// inlines appends the runs of in, formatted as its markup says, to out.
func inlines(in []doc.Inline, bold, italic, mono bool, link string, out *[]run) {
	for _, x := range in {
		switch x := x.(type) {
		case doc.Text:
			*out = append(*out, run{text: x.S, bold: bold, italic: italic, mono: mono, link: link})
		case doc.Break:
			if x.Hard {
				*out = append(*out, run{br: true})
			} else {
				*out = append(*out, run{text: " ", bold: bold, italic: italic, mono: mono, link: link})
			}
		case *doc.Emph:
			inlines(x.Content, bold, true, mono, link, out)
		case *doc.Strong:
			inlines(x.Content, true, italic, mono, link, out)
		case doc.CodeSpan:
			*out = append(*out, run{text: x.S, bold: bold, italic: italic, mono: true, link: link})
		case *doc.Link:
			inlines(x.Content, bold, italic, mono, x.Dest, out)
		case doc.Image:
			// The paper shows no pictures of its own: the alt text, in
			// italics.
			*out = append(*out, run{text: x.Alt, italic: true})
		}
	}
}

// runs are the runs of a block's text.
func runs(in []doc.Inline) []run {
	var out []run
	inlines(in, false, false, false, "", &out)
	return out
}

// linkRel returns the relationship id of an external link.
func (w *writer) linkRel(url string) string {
	for _, r := range w.rels {
		if r.target == url && r.mode == "External" {
			return r.id
		}
	}
	id := fmt.Sprintf("rIdL%d", len(w.rels)+1)
	w.rels = append(w.rels, rel{id: id, typ: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", target: url, mode: "External"})
	return id
}

// merge joins neighbouring runs of the same formatting (a soft break's
// space, say, and the text either side), so Word gets one run per
// formatting.
func merge(runs []run) []run {
	var out []run
	for _, r := range runs {
		if n := len(out); n > 0 && !r.br && !out[n-1].br && out[n-1].bold == r.bold && out[n-1].italic == r.italic &&
			out[n-1].mono == r.mono && out[n-1].link == r.link {
			out[n-1].text += r.text
			continue
		}
		out = append(out, r)
	}
	return out
}

func (w *writer) writeRuns(b *bytes.Buffer, runs []run, forceBold bool) {
	for _, r := range merge(runs) {
		if r.br {
			b.WriteString("<w:r><w:br/></w:r>")
			continue
		}
		if r.text == "" {
			continue
		}
		// Run properties in the schema's order.
		var rpr strings.Builder
		if r.link != "" {
			rpr.WriteString(`<w:rStyle w:val="Hyperlink"/>`)
		}
		if r.mono {
			rpr.WriteString(`<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>`)
		}
		if r.bold || forceBold {
			rpr.WriteString("<w:b/><w:bCs/>")
		}
		if r.italic {
			rpr.WriteString("<w:i/><w:iCs/>")
		}
		rpr.WriteString(w.runSize)
		runXML := "<w:r>"
		if rpr.Len() > 0 {
			runXML += "<w:rPr>" + rpr.String() + "</w:rPr>"
		}
		if w.inCell {
			runXML += cellText(r.text) + "</w:r>"
		} else {
			runXML += `<w:t xml:space="preserve">` + esc(r.text) + "</w:t></w:r>"
		}
		if r.link != "" && safeURL(r.link) {
			fmt.Fprintf(b, `<w:hyperlink r:id="%s">%s</w:hyperlink>`, w.linkRel(r.link), runXML)
		} else {
			b.WriteString(runXML)
		}
	}
}

// cellText is a table cell's text with each hyphen inside a word ("Well-
// led", "1-101716644") a non-breaking one, so that a line of a narrow
// column breaks only at a space.
func cellText(s string) string {
	var b strings.Builder
	start := 0
	for i := 1; i < len(s)-1; i++ {
		if s[i] == '-' && s[i-1] != ' ' && s[i+1] != ' ' {
			b.WriteString(`<w:t xml:space="preserve">` + esc(s[start:i]) + `</w:t><w:noBreakHyphen/>`)
			start = i + 1
		}
	}
	b.WriteString(`<w:t xml:space="preserve">` + esc(s[start:]) + `</w:t>`)
	return b.String()
}

var urlScheme = regexp.MustCompile(`^(?i)(https?|mailto):`)

func safeURL(u string) bool { return urlScheme.MatchString(u) }

// para writes one paragraph.
func (w *writer) para(style string, runs []run, extra string) {
	w.body.WriteString("<w:p>")
	if style != "" || extra != "" {
		w.body.WriteString("<w:pPr>")
		if style != "" {
			fmt.Fprintf(&w.body, `<w:pStyle w:val="%s"/>`, style)
		}
		w.body.WriteString(extra)
		w.body.WriteString("</w:pPr>")
	}
	w.writeRuns(&w.body, runs, false)
	w.body.WriteString("</w:p>")
}

// blocks writes blocks in order.
func (w *writer) blocks(bs []doc.Block, depth int, quote bool) {
	for _, b := range bs {
		w.block(b, depth, quote)
	}
}

// keepNext is the paragraph property that keeps a lead-in (a paragraph
// the document marks KeepWithNext) on the page where the block after it
// starts.
func keepNext(p *doc.Para) string {
	if p.KeepWithNext {
		return "<w:keepNext/>"
	}
	return ""
}

// block writes one block. depth is the list depth; in a quotation
// (quote) a paragraph or heading takes the Quote style.
func (w *writer) block(b doc.Block, depth int, quote bool) {
	switch b := b.(type) {
	case *doc.Heading:
		style := "Heading1"
		switch {
		case quote:
			style = "Quote"
		case b.Level == 1 && !w.titled:
			style, w.titled = "Title", true
		case b.Level == 2:
			style = "Heading1"
		case b.Level == 3:
			style = "Heading2"
		case b.Level >= 4:
			style = "Heading3"
		}
		w.para(style, runs(b.Content), "")
	case *doc.Para:
		switch {
		case quote:
			w.para("Quote", runs(b.Content), "")
		case b.Number > 0 && depth == 0:
			w.para("ListParagraph", runs(b.Content), keepNext(b)+fmt.Sprintf(`<w:numPr><w:ilvl w:val="0"/><w:numId w:val="%d"/></w:numPr>`, w.paperNum(b.Number)))
		default:
			w.para("", runs(b.Content), keepNext(b))
		}
	case *doc.List:
		w.list(b, depth)
	case *doc.Quote:
		w.blocks(b.Blocks, depth, true)
	case *doc.Rule:
		w.para("", nil, `<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="8C8C8C"/></w:pBdr>`)
	case *doc.Code:
		for _, line := range codeLines(b.Text) {
			w.para("", []run{{text: line, mono: true}}, "")
		}
	case *doc.Table:
		w.table(b)
	case *doc.Figure:
		w.chart(b.Chart)
	}
}

// codeLines are the lines of a code block.
func codeLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// paperNum returns the Word numbering (w:numId) that shows the paper's
// paragraph number n. The paper's paragraphs share one numbering, which
// runs on across the paper, so that an officer who inserts a paragraph in
// Word sees the numbers after it follow. A paragraph whose number does not
// follow on from any numbering so far (a paper that starts at 7, or
// numbers again from 1) starts a numbering of its own at n, an instance
// of its own abstract numbering so that Word counts it apart; paragraphs
// that follow on from a numbering join it, the first such (the paper's
// own) when more than one would do.
func (w *writer) paperNum(n int) int {
	for i := range w.paper {
		if w.paper[i].next == n {
			w.paper[i].next++
			return w.paper[i].id
		}
	}
	id := w.numBase + numParas
	if len(w.paper) == 0 {
		if n != 1 {
			w.parasStart = n
		}
	} else {
		id = w.numBase + 10 + len(w.nums)
		w.nums = append(w.nums, numOverride{id: id, abstract: 10 + len(w.nums), start: n, own: true})
	}
	w.paper = append(w.paper, paperRun{id: id, next: n + 1})
	return id
}

// list writes a list's items as bulleted or numbered paragraphs. An
// ordered list is numbered on its own, from its start: it is never part
// of the paper's paragraph numbering, wherever it stands.
func (w *writer) list(l *doc.List, depth int) {
	num := w.numBase + numBullets
	if l.Ordered {
		num = w.restart(l.Start)
	}
	for _, item := range l.Items {
		first := true
		for _, c := range item.Blocks {
			var rs []run
			extra := ""
			switch c := c.(type) {
			case *doc.List:
				w.list(c, depth+1)
				continue
			case *doc.Table, *doc.Figure:
				w.block(c, depth, false)
				continue
			case *doc.Para:
				rs, extra = runs(c.Content), keepNext(c)
			case *doc.Heading:
				rs = runs(c.Content)
			case *doc.Code:
				for i, line := range codeLines(c.Text) {
					if i > 0 {
						rs = append(rs, run{br: true})
					}
					rs = append(rs, run{text: line, mono: true})
				}
			case *doc.Quote:
				rs = flat(c.Blocks)
			case *doc.Rule:
				continue
			}
			if first {
				w.para("ListParagraph", rs, extra+fmt.Sprintf(`<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>`, min(depth, 8), num))
				first = false
			} else {
				w.para("ListParagraph", rs, extra+fmt.Sprintf(`<w:ind w:left="%d"/>`, 567*(depth+1)))
			}
		}
	}
}

// flat is the text of blocks as runs, a line break between blocks: a
// quotation inside a list item.
func flat(bs []doc.Block) []run {
	var out []run
	for _, b := range bs {
		var rs []run
		switch b := b.(type) {
		case *doc.Para:
			rs = runs(b.Content)
		case *doc.Heading:
			rs = runs(b.Content)
		case *doc.Code:
			for _, line := range codeLines(b.Text) {
				rs = append(rs, run{text: line, mono: true}, run{br: true})
			}
			if len(rs) > 0 {
				rs = rs[:len(rs)-1]
			}
		case *doc.Quote:
			rs = flat(b.Blocks)
		case *doc.List:
			for _, it := range b.Items {
				if len(rs) > 0 {
					rs = append(rs, run{br: true})
				}
				rs = append(rs, flat(it.Blocks)...)
			}
		}
		if len(rs) == 0 {
			continue
		}
		if len(out) > 0 {
			out = append(out, run{br: true})
		}
		out = append(out, rs...)
	}
	return out
}

// restart makes a numbering that starts at start.
func (w *writer) restart(start int) int {
	id := w.numBase + 10 + len(w.nums)
	w.nums = append(w.nums, numOverride{id: id, abstract: numOrdered, start: max(start, 1)})
	return id
}

func (w *writer) caption(text string, keepNext bool) {
	extra := ""
	if keepNext {
		extra = "<w:keepNext/>"
	}
	w.para("Caption", []run{{text: text}}, extra)
}

// table writes a Word table: caption above (kept with the table), header
// row repeated on each page, rows that do not split, right-aligned columns
// as the document aligns them, the total row bold.
func (w *writer) table(t *doc.Table) {
	if t.Caption != "" {
		w.caption(t.Caption, true)
	}
	ncol := len(t.Header)
	for _, r := range t.Rows {
		ncol = max(ncol, len(r.Cells))
	}
	if ncol == 0 {
		return
	}
	w.tableXML(ncol, func(i int) bool { return i < len(t.Align) && t.Align[i] == doc.AlignRight },
		func(emit func(cells [][]run, header, bold bool)) {
			var hr [][]run
			for _, c := range t.Header {
				hr = append(hr, runs(c))
			}
			emit(hr, true, true)
			for _, r := range t.Rows {
				var cr [][]run
				for _, c := range r.Cells {
					cr = append(cr, runs(c))
				}
				emit(cr, false, r.Total)
			}
		})
}

// tableXML writes the table frame; rows come from fill.
func (w *writer) tableXML(ncol int, right func(int) bool, fill func(emit func(cells [][]run, header, bold bool))) {
	b := &w.body
	var rows []tableRow
	fill(func(cells [][]run, header, bold bool) { rows = append(rows, tableRow{cells, header, bold}) })
	fit := fitColumns(rows, ncol, w.textW)
	widths := fit.widths
	colW := func(i int) int { return widths[i] }
	keep := keepRows(rows, fit, w.textH)
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>`)
	b.WriteString(`<w:tblBorders><w:top w:val="single" w:sz="4" w:color="808080"/><w:left w:val="single" w:sz="4" w:color="808080"/><w:bottom w:val="single" w:sz="4" w:color="808080"/><w:right w:val="single" w:sz="4" w:color="808080"/><w:insideH w:val="single" w:sz="4" w:color="808080"/><w:insideV w:val="single" w:sz="4" w:color="808080"/></w:tblBorders>`)
	if fit.narrow {
		fmt.Fprintf(b, `<w:tblCellMar><w:left w:w="%d" w:type="dxa"/><w:right w:w="%d" w:type="dxa"/></w:tblCellMar>`, narrowMargin, narrowMargin)
	}
	b.WriteString(`<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	// A smaller type than Table Text's, on each run and paragraph mark.
	sz := ""
	if fit.size != tableSize {
		sz = fmt.Sprintf(`<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, int(fit.size*2), int(fit.size*2))
	}
	for i := 0; i < ncol; i++ {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, colW(i))
	}
	b.WriteString("</w:tblGrid>")
	for ri, r := range rows {
		cells, header, bold := r.cells, r.header, r.bold
		b.WriteString("<w:tr><w:trPr><w:cantSplit/>")
		if header {
			b.WriteString("<w:tblHeader/>")
		}
		b.WriteString("</w:trPr>")
		for i := 0; i < ncol; i++ {
			b.WriteString("<w:tc><w:tcPr>")
			fmt.Fprintf(b, `<w:tcW w:w="%d" w:type="dxa"/>`, colW(i))
			if header {
				b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="E6E6E6"/>`)
			}
			b.WriteString("</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>")
			if keep[ri] {
				b.WriteString("<w:keepNext/>")
			}
			if right(i) {
				b.WriteString(`<w:jc w:val="right"/>`)
			}
			if sz != "" {
				b.WriteString("<w:rPr>" + sz + "</w:rPr>")
			}
			b.WriteString("</w:pPr>")
			if i < len(cells) {
				w.runSize, w.inCell = sz, true
				w.writeRuns(b, cells[i], bold)
				w.runSize, w.inCell = "", false
			}
			b.WriteString("</w:p></w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	// Word needs a paragraph between two tables, and a little space after.
	w.para("", nil, `<w:spacing w:before="0" w:after="0"/>`)
}

// A short table is never split: Word keeps each of its rows with the
// next, so the whole table moves to the next page rather than leave its
// last rows there alone (LibreOffice left Table 5's last row and Table
// 8's last two so). A table is short when it has up to shortRows body
// rows, as in the PDF, or when it takes at most a third of the page's
// text height. A longer one starts where it is once its header and first
// leadRows rows fit, and its last three rows stay together.
const (
	shortRows = 6
	leadRows  = 3
)

// keepRows says which rows (the header first) keep with the next: Word's
// keep-with-next on every paragraph of the row.
func keepRows(rows []tableRow, fit tableFit, textH int) []bool {
	keep := make([]bool, len(rows))
	body, height := 0, 0.0
	for _, r := range rows {
		if !r.header {
			body++
		}
		height += rowHeight(r, fit)
	}
	short := body <= shortRows || height <= float64(textH)/3
	seen := 0
	for i, r := range rows {
		if r.header {
			keep[i] = true
			continue
		}
		seen++
		if short {
			keep[i] = seen < body
		} else {
			keep[i] = seen < leadRows || seen >= body-2 && seen < body
		}
	}
	return keep
}

// rowHeight estimates a row's height in twips: its tallest cell's lines,
// wrapped at spaces in its column, at Table Text's single spacing (about
// 1.15 times the type size a line) with 1 pt above and below.
func rowHeight(r tableRow, fit tableFit) float64 {
	pad := cellPad
	if fit.narrow {
		pad = narrowPad
	}
	lines := 1
	for i := 0; i < len(fit.widths) && i < len(r.cells); i++ {
		room := float64(fit.widths[i]-pad) / 20
		n, used := 1, 0.0
		for _, c := range r.cells[i] {
			if c.br {
				n, used = n+1, 0
				continue
			}
			for _, word := range strings.Fields(c.text) {
				wd := chart.TextWidth(word, fit.size, r.bold || c.bold)
				sp := 0.0
				if used > 0 {
					sp = chart.TextWidth(" ", fit.size, false)
				}
				if used > 0 && used+sp+wd > room {
					n, used = n+1, wd
				} else {
					used += sp + wd
				}
			}
		}
		lines = max(lines, n)
	}
	return float64(lines)*fit.size*1.15*20 + 40
}

// tableRow is one row of a table being written.
type tableRow struct {
	cells        [][]run
	header, bold bool
}

// Table text is 9.5 pt; a cell's left and right margins (108 twips each)
// and its borders come on top of its text. A table too wide for the page
// at that (seven columns on a Letter page with 1.5-inch margins) first
// takes narrow cell margins (57 twips), then a smaller type, down to 7 pt.
const (
	tableSize    = 9.5
	minTableSize = 7.0
	cellPad      = 250
	narrowMargin = 57
	narrowPad    = cellPad - 2*(108-narrowMargin)
)

// tableFit is how a table's columns fit the text width.
type tableFit struct {
	widths []int   // twips
	size   float64 // the type size, in points
	narrow bool    // narrow cell margins
}

// fitColumns shares the text width (in twips) among the columns from
// what they hold, so that no column is narrower than its longest word:
// LibreOffice breaks a word that does not fit in the middle
// ("Inadequat|e", "Publish|ed", "1-10164739|8") or at its hyphen, where
// Word's autofit would widen the column. Each column first gets its
// longest word; what is left goes to the columns whose text would
// otherwise wrap, by how much more they want (a header may wrap between
// its words, a cell is wanted on one line); a table whose cells all fit
// on one line shares the rest by width, so the table fills the text width
// as the PDF's does. When the longest words do not fit side by side, the
// cell margins narrow and then the type shrinks until they do; only below
// 7 pt are words broken.
func fitColumns(rows []tableRow, ncol, textW int) tableFit {
	// Widths at tableSize, in twips, without padding; a little room
	// (2%) for the difference between these metrics and the renderer's.
	words := make([]float64, ncol)
	text := make([]float64, ncol)
	for _, r := range rows {
		for i := 0; i < ncol && i < len(r.cells); i++ {
			var b strings.Builder
			bold := r.bold
			for _, c := range r.cells[i] {
				if c.br {
					b.WriteString(" ")
				}
				b.WriteString(c.text)
				bold = bold || c.bold
			}
			t := b.String()
			if !r.header { // a heading may wrap, as in the PDF
				text[i] = max(text[i], chart.TextWidth(t, tableSize, bold)*20*1.02)
			}
			for _, word := range strings.Fields(t) {
				words[i] = max(words[i], chart.TextWidth(word, tableSize, bold)*20*1.02)
			}
		}
	}
	var sumWords float64
	for _, v := range words {
		sumWords += v
	}
	total := float64(textW)
	fit := tableFit{size: tableSize}
	pad := float64(cellPad)
	switch {
	case sumWords+float64(ncol)*cellPad <= total:
	case sumWords+float64(ncol)*narrowPad <= total:
		fit.narrow, pad = true, narrowPad
	default:
		fit.narrow, pad = true, narrowPad
		// The largest half-point size at which the words fit.
		size := math.Floor(2*tableSize*(total-float64(ncol)*narrowPad)/sumWords) / 2
		fit.size = max(size, minTableSize)
	}
	scale := fit.size / tableSize
	minW := make([]float64, ncol)
	want := make([]float64, ncol)
	var sumMin, sumWant float64
	for i := range minW {
		minW[i] = words[i]*scale + pad
		want[i] = min(max(text[i]*scale+pad, minW[i]), total)
		sumMin += minW[i]
		sumWant += want[i]
	}
	out := make([]float64, ncol)
	switch {
	case sumWant <= total:
		for i := range out {
			out[i] = want[i] * total / sumWant
		}
	case sumMin <= total:
		for i := range out {
			out[i] = minW[i] + (total-sumMin)*(want[i]-minW[i])/(sumWant-sumMin)
		}
	default: // words must break: the narrowest share that keeps the proportions
		for i := range out {
			out[i] = minW[i] * total / sumMin
		}
	}
	fit.widths = make([]int, ncol)
	used := 0
	for i := range out {
		fit.widths[i] = int(out[i])
		used += fit.widths[i]
	}
	fit.widths[ncol-1] += textW - used
	return fit
}

// chart writes the chart's title, its picture with the text alternative,
// then its data table.
func (w *writer) chart(c *chart.Chart) {
	w.figures++
	w.caption(c.Title, true)
	// The chart is as wide as the text (the built-in page's, or the
	// council's if narrower), so it stays inside the margins.
	widthPt := min(453.5, float64(w.textW)/20)
	d := c.Layout(widthPt)
	png, err := d.PNG(200)
	if err != nil {
		w.err = fmt.Errorf("docx: chart %q: %w", c.Title, err)
		return
	}
	name := fmt.Sprintf("chart%d.png", w.figures)
	w.media = append(w.media, media{name: name, data: png})
	id := fmt.Sprintf("rIdImg%d", w.figures)
	w.rels = append(w.rels, rel{id: id, typ: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", target: "media/" + name})
	cx := int64(widthPt * 12700)
	cy := int64(d.Height * 12700)
	alt := c.Title + ". " + c.Description()
	fmt.Fprintf(&w.body, `<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/><wp:docPr id="%d" name="Figure %d" descr="%s"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="%d" name="%s" descr="%s"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`,
		cx, cy, w.figures, w.figures, esc(alt), w.figures, name, esc(alt), id, cx, cy)
	if c.DataBelow {
		return // the table that follows holds the figures
	}
	// The data table, as the HTML and PDF give it.
	w.caption(chart.DataCaption(c.Title), true)
	ncol := 1 + len(c.Series)
	w.tableXML(ncol, func(i int) bool { return i > 0 }, func(emit func(cells [][]run, header, bold bool)) {
		hr := [][]run{{{text: c.Category}}}
		for i := range c.Series {
			name := "Value"
			if c.HasLegend() {
				name = c.Series[i]
			}
			hr = append(hr, []run{{text: name}})
		}
		emit(hr, true, true)
		for _, r := range c.Rows {
			cr := [][]run{{{text: r.Label}}}
			for _, v := range r.Values {
				cr = append(cr, []run{{text: c.Format(v)}})
			}
			emit(cr, false, r.Highlight)
		}
	})
}

// writeZip adds a part with a fixed time, so the bytes do not change.
func writeZip(zw *zip.Writer, name string, data []byte, mod time.Time) error {
	f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mod})
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return err
}
