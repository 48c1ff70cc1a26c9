// Package pdf draws a carereport Markdown AST (see package markdown) as an
// A4 PDF. It walks the goldmark AST itself and lays out text, numbered
// paragraphs, tables and charts with its own line breaking and page
// breaking; github.com/go-pdf/fpdf only writes the page content, fonts and
// metadata, and stays behind this package's API.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/carereport/carereport/report/render/chart"
	"github.com/carereport/carereport/report/render/markdown"
	"github.com/carereport/carereport/report/render/pdf/tag"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-pdf/fpdf"
	"github.com/yuin/goldmark/ast"
)

// Options are the document-wide settings.
type Options struct {
	Title, Author, Subject, Keywords string
	Lang                             string // BCP 47 tag, already validated
	Date                             time.Time
	Footer                           string // printed at the foot of every page
	// Generator names the program, as the document's Producer and
	// Creator ("carereport" when empty).
	Generator string
	// Draft puts a diagonal DRAFT watermark on every page, marked as an
	// artifact so that it is not read out.
	Draft bool
}

// Page geometry in millimetres.
const (
	pageW      = 210.0
	pageH      = 297.0
	marginL    = 20.0
	marginR    = 20.0
	marginT    = 20.0
	marginB    = 22.0 // bottom of the text area is pageH-marginB; the footer sits below
	ptToMM     = 25.4 / 72
	bodySize   = 12.0
	lineFactor = 1.3 // line height as a multiple of the font size
	paraSpace  = 3.5 // space after a paragraph
	itemSpace  = 1.5 // space after an item of a tight list
	listIndent = 10.0
	tableSize  = 11.0
	cellPadX   = 1.6
	cellPadY   = 1.1
)

var (
	inkColor    = chart.Color{R: 0x1a, G: 0x1a, B: 0x1a}
	linkColor   = chart.Color{R: 0x0b, G: 0x4f, B: 0x9c}
	mutedColor  = chart.Color{R: 0x55, G: 0x55, B: 0x55}
	ruleColor   = chart.Color{R: 0x8c, G: 0x8c, B: 0x8c}
	borderColor = chart.Color{R: 0x80, G: 0x80, B: 0x80}
	headColor   = chart.Color{R: 0xe6, G: 0xe6, B: 0xe6}
	shadeColor  = chart.Color{R: 0xf0, G: 0xf0, B: 0xf0}
	codeBg      = chart.Color{R: 0xf4, G: 0xf4, B: 0xf4}
)

const (
	family     = "liberationsans"
	monoFamily = "liberationmono"
)

// box is the horizontal extent of the current block, in mm.
type box struct{ left, right float64 }

func (b box) width() float64 { return b.right - b.left }

// indent narrows b by l mm on the left and r on the right, unless that
// would leave less than minWidth (deeply nested lists and quotes).
func (b box) indent(l, r float64) box {
	const minWidth = 40
	if b.width()-l-r < minWidth {
		return b
	}
	return box{b.left + l, b.right - r}
}

// marker is a list number or bullet waiting for the first line of its item.
type marker struct {
	text string
	x    float64
}

type writer struct {
	f     *fpdf.Fpdf
	src   []byte
	opt   Options
	total int // number of pages, 0 on the counting pass
	// measured counts the bytes of text measured, the work of the
	// layout: tests hold it linear in the text.
	measured int

	y         float64 // top of the next thing to draw
	lastSpace float64 // vertical space already left after the last block
	quote     int     // block quote depth: text is italic inside
	marker    *marker
	outline   int // level of the last bookmark, -1 before the first
	// fills is how far down each finished page its content reaches, as
	// a share of the page's height (see PageFill).
	fills []float64
	// widths remembers character widths (see runeWidth).
	widths map[runeKey]float64
	// laidOut keeps each table laid out at a width, for the lead of what
	// comes before it, its own lead and its drawing.
	laidOut map[layoutKey]*tmodel
	// chartTables keeps each chart's data table laid out at a width.
	chartTables map[chartKey]*tmodel
	// moveFill is how full the page would be left if the block being
	// placed moved to the next page, with the heading or lead-in before it
	// that keeps with it (kept, keptFill: the last block drawn keeps with
	// the next, and how full the page was before it). A keep that would
	// leave a page less than minFill full gives way (see tableLead and
	// chartLead).
	moveFill float64
	// drawnEarly is a chart's data table drawn before the chart (see
	// tableFirst), which the loop over blocks then passes over.
	drawnEarly ast.Node
	// chartScale is the scale a chart is being drawn at (1, or down to
	// minChartScale to fit the room left on a page).
	chartScale float64
	kept       bool
	keptFill   float64
	// tree is the structure tree being built; mc is the element whose
	// marked content is open on the page (nil for none); lbl is the label
	// element of the list item whose marker is pending.
	tree *tag.Tree
	mc   *tag.Elem
	lbl  *tag.Elem

	// lists is the list depth: a list inside another's item is nested.
	// listWork counts the nodes looked at to place lists (one a list; it
	// was every ancestor of each list, quadratic in the depth): tests
	// hold it linear.
	lists, listWork int
}

// fill is how far down the current page the content reaches, as a share
// of the page's height (the measure of pdftotext -bbox: where the last
// line or table rule ends, from the top of the paper).
func (w *writer) fill() float64 {
	y := w.y
	if w.lastSpace < 1e8 {
		y -= w.lastSpace
	}
	return y / pageH
}

// PageFill lays doc out as Render would and returns how far down each page
// its content reaches, as a share of the page's height: a test holds pages
// other than the last to a minimum, so no page is left part empty.
func PageFill(doc ast.Node, src []byte, o Options) (fills []float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			fills, err = nil, fmt.Errorf("pdf: internal error: %v", r)
		}
	}()
	w, err := drawWriter(doc, src, o, 0)
	if err != nil {
		return nil, err
	}
	return append(w.fills, w.fill()), nil
}

// minFill is how far down the page (a share of its height) every page
// but the last should be filled: a short table or a chart with its data
// table moves to the next page whole only when that leaves the page at
// least this full.
const minFill = 0.78

// minChartScale is the smallest a chart is drawn, to fit the room left on
// a page: its 7 pt labels stay above 5.5 pt.
const minChartScale = 0.8

// keepWithNext records that the block just drawn keeps with the next one;
// from is how full the page was before it (0 when it started the page).
func (w *writer) keepWithNext(from float64) {
	w.kept, w.keptFill = true, from
}

func (w *writer) bottom() float64 { return pageH - marginB }
func (w *writer) atTop() bool     { return w.y <= marginT+0.01 }

// Render draws doc (parsed from src by markdown.Parse) and returns the PDF.
// The same input always gives the same bytes.
func Render(doc ast.Node, src []byte, o Options) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("pdf: internal error: %v", r)
		}
	}()
	if o.Date.IsZero() {
		return nil, errors.New("pdf: a document date is required")
	}
	// First pass counts the pages for "Page N of M"; the footer does not
	// change the layout, so the second pass has the same pages.
	counter, err := draw(doc, src, o, 0)
	if err != nil {
		return nil, err
	}
	w, err := drawWriter(doc, src, o, counter.PageCount())
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := w.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	// The structure tree goes on as an incremental update.
	out, err = w.tree.Apply(buf.Bytes(), tag.Options{Title: validUTF8(o.Title), Lang: o.Lang})
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return out, nil
}

func newDoc(o Options) *fpdf.Fpdf {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(marginL, marginT, marginR)
	f.SetAutoPageBreak(false, marginB)
	f.SetCompression(true)
	f.SetCatalogSort(true)
	f.SetCreationDate(o.Date)
	f.SetModificationDate(o.Date)
	f.SetTitle(validUTF8(o.Title), true)
	f.SetAuthor(validUTF8(o.Author), true)
	f.SetSubject(validUTF8(o.Subject), true)
	f.SetKeywords(validUTF8(o.Keywords), true)
	gen := validUTF8(o.Generator)
	if strings.TrimSpace(gen) == "" {
		gen = "carereport"
	}
	f.SetCreator(gen, true)
	f.SetProducer(gen, true)
	if validLang(o.Lang) {
		f.SetLang(o.Lang)
	}
	// fpdf writes into the font bytes it is given (seen with Go Mono),
	// which would change the shared x/image font data and make the next
	// document differ: hand it copies.
	f.AddUTF8FontFromBytes(family, "", bytes.Clone(liberationsansregular.TTF))
	f.AddUTF8FontFromBytes(family, "B", bytes.Clone(liberationsansbold.TTF))
	f.AddUTF8FontFromBytes(family, "I", bytes.Clone(liberationsansitalic.TTF))
	f.AddUTF8FontFromBytes(family, "BI", bytes.Clone(liberationsansbolditalic.TTF))
	f.AddUTF8FontFromBytes(monoFamily, "", bytes.Clone(liberationmonoregular.TTF))
	return f
}

func draw(doc ast.Node, src []byte, o Options, total int) (*fpdf.Fpdf, error) {
	w, err := drawWriter(doc, src, o, total)
	if err != nil {
		return nil, err
	}
	return w.f, nil
}

func drawWriter(doc ast.Node, src []byte, o Options, total int) (*writer, error) {
	f := newDoc(o)
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: setting up fonts: %w", err)
	}
	w := &writer{f: f, src: src, opt: o, total: total, outline: -1, tree: tag.New()}
	f.SetFooterFunc(w.footer)
	if o.Draft {
		f.SetHeaderFunc(w.watermark)
	}
	f.AddPage()
	w.y = marginT
	w.lastSpace = 1e9
	w.blocks(doc, box{marginL, pageW - marginR})
	w.unmark() // before fpdf draws the last footer
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return w, nil
}

func (w *writer) setColor(c chart.Color) { w.f.SetTextColor(int(c.R), int(c.G), int(c.B)) }
func (w *writer) setFill(c chart.Color)  { w.f.SetFillColor(int(c.R), int(c.G), int(c.B)) }
func (w *writer) setDraw(c chart.Color)  { w.f.SetDrawColor(int(c.R), int(c.G), int(c.B)) }

func (w *writer) setFont(st style) {
	if st.mono {
		w.f.SetFont(monoFamily, "", st.size*0.92)
		return
	}
	w.f.SetFont(family, st.fontStyle(), st.size)
}

func (w *writer) textWidth(s string, st style) float64 {
	w.measured += len(s)
	w.setFont(st)
	return w.f.GetStringWidth(s)
}

func (w *writer) footer() {
	// Page furniture: not part of the structure.
	w.f.RawWriteStr("/Artifact BMC\n")
	defer w.f.RawWriteStr("EMC\n")
	const size = 9.0
	y := pageH - 12.0
	w.setDraw(ruleColor)
	w.f.SetLineWidth(0.2)
	w.f.Line(marginL, y-4.5, pageW-marginR, y-4.5)
	w.setColor(mutedColor)
	st := style{size: size}
	page := fmt.Sprintf("Page %d of %d", w.f.PageNo(), w.total)
	if w.total == 0 {
		page = fmt.Sprintf("Page %d of %d", w.f.PageNo(), w.f.PageNo())
	}
	pw := w.textWidth(page, st)
	w.f.Text(pageW-marginR-pw, y, page)
	if w.opt.Footer != "" {
		room := pageW - marginL - marginR - pw - 6
		text := fitText(w, fontSafe(validUTF8(w.opt.Footer)), st, room)
		w.setFont(st)
		w.f.Text(marginL, y, text)
	}
	w.setColor(inkColor)
}

// watermarkColor is light enough to read the paper through: the
// watermark is drawn first, under the page's content.
var watermarkColor = chart.Color{R: 0xd4, G: 0xd4, B: 0xd4}

// watermark draws a diagonal DRAFT across the page, from corner to
// corner, before anything else on it. It is page furniture: an artifact
// (of subtype Watermark), outside the structure tree, so a screen reader
// does not read it out while the text still shows it.
func (w *writer) watermark() {
	const word = "DRAFT"
	st := style{bold: true, size: 120}
	width := w.textWidth(word, st)
	cx, cy := pageW/2, pageH/2
	angle := math.Atan2(pageH-marginT-marginB, pageW-marginL-marginR) * 180 / math.Pi
	w.f.RawWriteStr("/Artifact <</Type /Pagination /Subtype /Watermark>> BDC\n")
	w.f.TransformBegin()
	w.f.TransformRotate(angle, cx, cy)
	w.setColor(watermarkColor)
	w.setFont(st)
	// The cap height of Liberation Sans is about 0.73 of the size: centre
	// the capitals on the page's middle.
	w.f.Text(cx-width/2, cy+0.73*st.size*ptToMM/2, word)
	w.f.TransformEnd()
	w.f.RawWriteStr("EMC\n")
	w.setColor(inkColor)
}

// validLang accepts language tags of letters, digits and hyphens; fpdf
// writes the tag into the catalog unescaped.
func validLang(s string) bool {
	if s == "" || len(s) > 35 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// validUTF8 replaces invalid UTF-8, which fpdf cannot take.
func validUTF8(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// fitText shortens s with an ellipsis until it fits width.
func fitText(w *writer, s string, st style, width float64) string {
	if w.textWidth(s, st) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && w.textWidth(string(r)+"…", st) > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// newPage starts a new page; the space above the first block is dropped.
func (w *writer) newPage() {
	w.fills = append(w.fills, w.fill())
	open := w.mc
	w.unmark()
	w.f.AddPage()
	if open != nil {
		defer w.mark(open) // the element goes on on the new page
	}
	w.y = marginT
	w.lastSpace = 1e9
}

// ensure starts a new page unless h mm fit below the current position.
func (w *writer) ensure(h float64) {
	if w.y+h > w.bottom()+1e-6 && !w.atTop() {
		w.newPage()
	}
}

// space leaves at least s mm after the previous block (spaces do not add
// up, the larger wins) and none at the top of a page.
func (w *writer) space(s float64) {
	if w.atTop() {
		return
	}
	if s > w.lastSpace {
		w.y += s - w.lastSpace
		w.lastSpace = s
	}
}

// drew records that content was drawn down to the current y.
func (w *writer) drew() { w.lastSpace = 0 }

func lineHeight(size float64) float64 { return size * lineFactor * ptToMM }

func (w *writer) bodyStyle() style {
	return style{size: bodySize, italic: w.quote > 0}
}

// blocks draws the block children of n inside b.
func (w *writer) blocks(n ast.Node, b box) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c == w.drawnEarly {
			continue // a chart's data table drawn before it (see tableFirst)
		}
		w.block(c, b)
	}
}

func (w *writer) block(n ast.Node, b box) {
	w.moveFill = w.fill()
	if w.kept {
		w.moveFill = w.keptFill
	}
	w.kept = false
	switch n := n.(type) {
	case *ast.Heading:
		w.heading(n, b)
	case *ast.Paragraph:
		runs := w.inlines(n, w.bodyStyle())
		lines := w.wrap(w.tokens(runs), b.width(), bodySize)
		if keptWhole(runs, lines) {
			w.ensure(float64(len(lines)) * lineHeight(bodySize))
		}
		keep := w.keepLeadIn(n, len(lines), b)
		from := w.keepFrom()
		w.tagged("P", func() { w.drawLines(lines, b, lineHeight(bodySize), alignLeft) })
		w.space(paraSpace)
		if keep {
			w.keepWithNext(from)
		}
	case *ast.TextBlock:
		runs := w.inlines(n, w.bodyStyle())
		lines := w.wrap(w.tokens(runs), b.width(), bodySize)
		keep := w.keepLeadIn(n, len(lines), b)
		from := w.keepFrom()
		w.tagged("P", func() { w.drawLines(lines, b, lineHeight(bodySize), alignLeft) })
		if keep {
			w.keepWithNext(from)
		}
		if n.NextSibling() != nil {
			w.space(itemSpace)
		}
	case *ast.List:
		w.list(n, b)
	case *ast.Blockquote:
		w.quote++
		w.tree.Open("BlockQuote")
		w.blocks(n, b.indent(listIndent, listIndent))
		w.tree.Close()
		w.quote--
		w.space(paraSpace)
	case *ast.ThematicBreak:
		w.space(paraSpace)
		w.ensure(2)
		w.flushMarker(w.y + lineHeight(bodySize)*0.75)
		w.artifact(func() {
			w.setDraw(ruleColor)
			w.f.SetLineWidth(0.3)
			w.f.Line(b.left, w.y+1, b.right, w.y+1)
		})
		w.y += 2
		w.drew()
		w.space(paraSpace + 1)
	case *ast.FencedCodeBlock:
		w.code(n, b)
	case *ast.CodeBlock:
		w.code(n, b)
	case *markdown.Chart:
		next := following(n)
		if t, ok := tableOf(next); ok && next.Parent() == n.Parent() && w.tableFirst(n.Chart, w.laidOutTable(t, b), b) {
			w.table(w.laidOutTable(t, b), b)
			w.drawnEarly = next
			w.chart(n.Chart, b, nil)
			return
		}
		w.chart(n.Chart, b, next)
	default:
		if t, ok := tableOf(n); ok {
			w.table(w.laidOutTable(t, b), b)
			return
		}
		// HTML blocks and anything unknown are left out, as in the HTML.
	}
}

// keepLeadIn keeps a paragraph of n lines that introduces a table or
// chart ("The current ratings are:") on the page where that starts; it
// returns whether it does, and then the paragraph keeps with what follows
// once drawn.
func (w *writer) keepLeadIn(p ast.Node, n int, b box) bool {
	need, ok := w.leadInNeed(p, n, b, 0)
	if ok {
		w.ensure(need)
	}
	return ok
}

// leadInNeed is the height a paragraph of n lines kept with the table or
// chart after it needs (itself and that block's lead), and whether it is
// kept so: the heading before such a paragraph must keep company with all
// of it.
func (w *writer) leadInNeed(p ast.Node, n int, b box, depth int) (float64, bool) {
	next := following(p)
	if next == nil || !leadsIn(p, w.src) && (n > maxLeadIn || w.moveFill < minFill) {
		return 0, false
	}
	_, isTable := tableOf(next)
	if _, isChart := next.(*markdown.Chart); isTable || isChart {
		return float64(n)*lineHeight(bodySize) + paraSpace + w.lead(next, b, depth+1), true
	}
	return 0, false
}

// keepFrom is how full the page was before the block about to be drawn,
// for keepWithNext: 0 when the block starts the page.
func (w *writer) keepFrom() float64 {
	if w.atTop() {
		return 0
	}
	return w.moveFill
}

// following returns the block after n in reading order: its next
// sibling, or that of the nearest ancestor that has one (a paragraph that
// ends a numbered list item is followed by what follows the list).
func following(n ast.Node) ast.Node {
	for ; n != nil && n.Kind() != ast.KindDocument; n = n.Parent() {
		if s := n.NextSibling(); s != nil {
			return s
		}
	}
	return nil
}

// maxLeadIn is the most lines a paragraph just before a table or chart
// may have to be kept on the page where that starts: such a paragraph
// says what the table shows. It is kept when moving it leaves the page
// minFill full; a longer one is let break as any other; one ending in a
// colon is always kept.
const maxLeadIn = 6

// leadsIn reports whether a paragraph introduces what follows: it ends
// with a colon.
func leadsIn(p ast.Node, src []byte) bool {
	return strings.HasSuffix(strings.TrimSpace(markdown.PlainText(p, src)), ":")
}

// headingStyle returns the font size, the space before and after.
func headingStyle(level int) (size, before, after float64) {
	switch level {
	case 1:
		return 18, 4, 5
	case 2:
		return 14, 6, 3
	case 3:
		return 12.5, 4.5, 2
	default:
		return 12, 4, 1.5
	}
}

func (w *writer) heading(h *ast.Heading, b box) {
	size, before, after := headingStyle(h.Level)
	st := style{size: size, bold: true, italic: h.Level > 3}
	runs := w.inlines(h, st)
	lines := w.wrap(w.tokens(runs), b.width(), size)
	lh := lineHeight(size)
	w.space(before)
	// Keep the heading with the start of what follows it.
	need := float64(len(lines))*lh + after + w.lead(h.NextSibling(), b, 0)
	w.ensure(need)
	w.space(before)
	from := w.keepFrom()
	defer w.keepWithNext(from)
	text := markdown.PlainText(h, w.src)
	level := h.Level - 1
	if level > w.outline+1 {
		level = w.outline + 1
	}
	w.outline = level
	w.setFont(st)
	w.f.Bookmark(validUTF8(text), level, w.y)
	w.tagged(fmt.Sprintf("H%d", min(h.Level, 6)), func() { w.drawLines(lines, b, lh, alignLeft) })
	w.space(after)
}

// lead estimates the height of the first lines of block n, which a heading
// before it must keep company with. A run of headings is followed at most
// a few deep.
func (w *writer) lead(n ast.Node, b box, depth int) float64 {
	if n == nil || depth > 3 {
		return 0
	}
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		runs := w.inlines(n, w.bodyStyle())
		lines := w.wrap(w.tokens(runs), b.width(), bodySize)
		if _, ok := n.(*ast.Paragraph); ok && keptWhole(runs, lines) {
			// The heading must keep company with the whole block.
			return float64(len(lines)) * lineHeight(bodySize)
		}
		if need, ok := w.leadInNeed(n, len(lines), b, depth); ok {
			// And with a paragraph kept with the table after it.
			return need
		}
		return float64(min(len(lines), 2)) * lineHeight(bodySize)
	case *ast.List:
		if item := n.FirstChild(); item != nil {
			return w.lead(item.FirstChild(), b.indent(listIndent, 0), depth+1)
		}
	case *ast.Blockquote:
		return w.lead(n.FirstChild(), b.indent(listIndent, listIndent), depth+1)
	case *ast.Heading:
		size, before, after := headingStyle(n.Level)
		lines := w.wrap(w.tokens(w.inlines(n, style{size: size, bold: true})), b.width(), size)
		return before + float64(len(lines))*lineHeight(size) + after + w.lead(n.NextSibling(), b, depth+1)
	case *markdown.Chart:
		return w.chartLead(n.Chart, b, following(n))
	default:
		if t, ok := tableOf(n); ok {
			return w.tableLead(w.laidOutTable(t, b), b)
		}
	}
	return 0
}

type align int

const (
	alignLeft align = iota
	alignCenter
	alignRight
)

// keptWhole reports whether a paragraph is a block of short lines (an
// address, officer contacts) that stays on one page.
func keptWhole(runs []run, lines []line) bool {
	return hasBreaks(runs) && len(lines) <= 10
}

func hasBreaks(runs []run) bool {
	for _, r := range runs {
		if r.brk {
			return true
		}
	}
	return false
}

// drawLines draws lines from w.y down, moving to a new page when the next
// line does not fit. It keeps at least two lines of a paragraph together at
// the foot and at the head of a page where it can.
func (w *writer) drawLines(lines []line, b box, lh float64, al align) {
	i := 0
	for i < len(lines) {
		fit := int((w.bottom() - w.y + 1e-6) / lh)
		left := len(lines) - i
		switch {
		case fit >= left:
			fit = left
		case fit < 2 && left >= 2 && !w.atTop():
			fit = 0 // one lonely line at the foot: move on
		case left-fit == 1 && fit >= 3:
			fit-- // leave two lines for the next page
		}
		if fit <= 0 {
			if w.atTop() {
				fit = 1 // a page cannot hold even one line: draw anyway
			} else {
				w.newPage()
				continue
			}
		}
		for k := 0; k < fit; k++ {
			baseline := w.y + lh/2 + lineHeightBaseline(lines[i+k], lh)
			w.flushMarker(baseline)
			w.drawLine(lines[i+k], b.left, b.width(), baseline, al)
			w.y += lh
		}
		w.drew()
		i += fit
		if i < len(lines) {
			w.newPage()
		}
	}
}

// lineHeightBaseline is the distance from the middle of a line box to the
// baseline: about half the cap height of the line's largest text.
func lineHeightBaseline(l line, lh float64) float64 {
	size := 0.0
	for _, wd := range l.words {
		for _, fr := range wd.frags {
			size = max(size, fr.st.size)
		}
	}
	if size == 0 {
		size = lh / lineFactor / ptToMM
	}
	return size * ptToMM * 0.35
}

// drawLine draws one line with its left edge at x within width.
func (w *writer) drawLine(l line, x, width, baseline float64, al align) {
	switch al {
	case alignRight:
		x += width - l.w
	case alignCenter:
		x += (width - l.w) / 2
	}
	for i, wd := range l.words {
		// The space before a word is drawn as a character, at the start of
		// its first piece, so that text taken from the PDF (by a screen
		// reader, or copied) keeps its spaces.
		space := ""
		if i > 0 {
			size := bodySize
			if len(wd.frags) > 0 {
				size = wd.frags[0].st.size
			}
			space = " "
			x += w.spaceWidth(size)
		}
		for k, fr := range wd.frags {
			w.setFont(fr.st)
			if fr.st.link != "" {
				w.setColor(linkColor)
			} else {
				w.setColor(inkColor)
			}
			if k == 0 && space != "" {
				w.f.Text(x-w.f.GetStringWidth(" "), baseline, " "+fr.text)
			} else {
				w.f.Text(x, baseline, fr.text)
			}
			if safeLink(fr.st.link) {
				h := fr.st.size * ptToMM
				w.f.LinkString(x, baseline-h*0.8, fr.w, h, fr.st.link)
			}
			x += fr.w
		}
	}
	if len(l.words) > 0 {
		// A space after the line's last word (invisible), so the words of
		// two lines do not run together when the text is read out.
		w.f.Text(x, baseline, " ")
	}
	w.setColor(inkColor)
}

// safeLink reports whether a link gets a clickable annotation: only web,
// mail and phone links do.
func safeLink(u string) bool {
	l := strings.ToLower(strings.TrimSpace(u))
	for _, p := range []string{"https://", "http://", "mailto:", "tel:"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// flushMarker draws a pending list marker on the given baseline.
func (w *writer) flushMarker(baseline float64) {
	if w.marker == nil {
		return
	}
	m := w.marker
	w.marker = nil
	st := style{size: bodySize}
	w.setFont(st)
	w.setColor(inkColor)
	draw := func() { w.f.Text(m.x, baseline, m.text) }
	if lbl := w.lbl; lbl != nil {
		// The marker is the list item's label, apart from its body.
		w.lbl = nil
		open := w.mc
		w.unmark()
		w.mark(lbl)
		draw()
		w.unmark()
		if open != nil {
			w.mark(open)
		}
		return
	}
	w.artifact(draw)
}

func (w *writer) list(l *ast.List, b box) {
	n := l.Start
	tight := l.IsTight
	// Lists are drawn from the outside in, so a list drawn while another
	// is open is inside one of its items.
	nested := w.lists > 0
	w.listWork++
	w.lists++
	defer func() { w.lists-- }()
	if !nested {
		w.space(0)
	}
	w.tree.Open("L")
	defer w.tree.Close()
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		w.tree.Open("LI")
		w.lbl = w.tree.Open("Lbl")
		w.tree.Close()
		w.tree.Open("LBody")
		var m marker
		if l.IsOrdered() {
			m = marker{text: fmt.Sprintf("%d%c", n, l.Marker), x: b.left}
			n++
		} else {
			m = marker{text: "•", x: b.left + 4}
		}
		w.marker = &m
		inner := b.indent(listIndent, 0)
		if item.FirstChild() == nil {
			w.ensure(lineHeight(bodySize))
			w.flushMarker(w.y + lineHeight(bodySize)*0.75)
			w.y += lineHeight(bodySize)
			w.drew()
		}
		w.blocks(item, inner)
		w.marker = nil
		w.lbl = nil
		w.tree.Close() // LBody
		w.tree.Close() // LI
		if item.NextSibling() != nil {
			if tight {
				w.space(itemSpace)
			} else {
				w.space(paraSpace)
			}
		}
	}
	if nested && tight {
		w.space(itemSpace)
	} else {
		w.space(paraSpace)
	}
}

func (w *writer) code(n ast.Node, b box) {
	st := style{size: 10, mono: true}
	lh := lineHeight(10)
	var lines []line
	src := n.Lines()
	for i := 0; i < src.Len(); i++ {
		seg := src.At(i)
		text := string(seg.Value(w.src))
		for len(text) > 0 && (text[len(text)-1] == '\n' || text[len(text)-1] == '\r') {
			text = text[:len(text)-1]
		}
		if text == "" {
			lines = append(lines, line{})
			continue
		}
		// Keep the spacing of code: cut by characters, not at spaces.
		wd := &word{frags: []frag{{text: text, st: st}}}
		w.measureWord(wd)
		for wd != nil {
			head, tail := w.cutWord(wd, b.width()-4)
			lines = append(lines, line{words: []*word{head}, w: head.w})
			wd = tail
		}
	}
	w.space(0)
	e := w.tree.Open("P")
	for _, l := range lines {
		w.ensure(lh)
		w.artifact(func() {
			w.setFill(codeBg)
			w.f.Rect(b.left, w.y, b.width(), lh, "F")
		})
		baseline := w.y + lh/2 + 10*ptToMM*0.35
		w.flushMarker(baseline)
		w.mark(e)
		w.drawLine(l, b.left+2, b.width()-4, baseline, alignLeft)
		w.unmark()
		w.y += lh
	}
	w.tree.Close()
	w.drew()
	w.space(paraSpace)
}

// mark opens marked content for element e on the current page (closing
// any other first).
func (w *writer) mark(e *tag.Elem) {
	if w.mc == e {
		return
	}
	w.unmark()
	id := w.tree.MCID(e, w.f.PageNo()-1)
	w.f.RawWriteStr(fmt.Sprintf("/%s <</MCID %d>> BDC\n", e.Type, id))
	w.mc = e
}

// unmark closes the open marked content, if any.
func (w *writer) unmark() {
	if w.mc != nil {
		w.f.RawWriteStr("EMC\n")
		w.mc = nil
	}
}

// tagged draws a leaf element of type typ: a structure element whose
// content is marked on every page it reaches.
func (w *writer) tagged(typ string, draw func()) *tag.Elem {
	open := w.mc
	w.unmark()
	e := w.tree.Open(typ)
	w.mark(e)
	draw()
	w.unmark()
	w.tree.Close()
	if open != nil {
		w.mark(open)
	}
	return e
}

// artifact draws page furniture (rules, backgrounds, repeated headers)
// outside the structure.
func (w *writer) artifact(draw func()) {
	open := w.mc
	w.unmark()
	w.f.RawWriteStr("/Artifact BMC\n")
	draw()
	w.f.RawWriteStr("EMC\n")
	if open != nil {
		w.mark(open)
	}
}
