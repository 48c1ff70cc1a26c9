// Package pdf draws a carereport document (package doc) as an A4 PDF. It
// walks the document's blocks itself and lays out text, numbered
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

	"github.com/carereport/carereport/report/doc"
	"github.com/carereport/carereport/report/render/chart"
	"github.com/carereport/carereport/report/render/pdf/tag"
	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/go-pdf/fpdf"
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
	// link is the Link element of the clickable link to linkDest being
	// drawn, in element linkIn, and annots counts the link annotations of each page
	// (0-based), in the order fpdf writes them.
	link     *tag.Elem
	linkIn   *tag.Elem
	linkDest string
	annots   map[int]int

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

// PageFill lays d out as Render would and returns how far down each page
// its content reaches, as a share of the page's height: a test holds pages
// other than the last to a minimum, so no page is left part empty.
func PageFill(d *doc.Document, o Options) (fills []float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			fills, err = nil, fmt.Errorf("pdf: internal error: %v", r)
		}
	}()
	w, err := drawWriter(d, o, 0)
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

// Render draws d and returns the PDF. The same input always gives the
// same bytes.
func Render(d *doc.Document, o Options) (out []byte, err error) {
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
	counter, err := drawWriter(d, o, 0)
	if err != nil {
		return nil, err
	}
	w, err := drawWriter(d, o, counter.f.PageCount())
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

func drawWriter(d *doc.Document, o Options, total int) (*writer, error) {
	f := newDoc(o)
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: setting up fonts: %w", err)
	}
	w := &writer{f: f, opt: o, total: total, outline: -1, tree: tag.New()}
	f.SetFooterFunc(w.footer)
	if o.Draft {
		f.SetHeaderFunc(w.watermark)
	}
	f.AddPage()
	w.y = marginT
	w.lastSpace = 1e9
	w.blocks(numberedAsLists(d.Blocks), nil, false, box{marginL, pageW - marginR})
	w.unmark() // before fpdf draws the last footer
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return w, nil
}

// numberedAsLists returns bs with the paper's numbered paragraphs as the
// lists they are drawn as: each run of them, every one numbered one more
// than the one before, becomes an ordered list of one-paragraph items
// that starts at the run's first number, so that each number hangs in the
// margin and is tagged as its item's label (L, LI, Lbl, LBody). A lone
// numbered paragraph is set as the item of a tight list (no space of its
// own after it), a run as a loose list, as the paper has always been set.
// Lists and quotes are copied with their numbered paragraphs so too; bs
// itself is not changed, and its other blocks are the same pointers (the
// layout of a table is kept by its pointer).
func numberedAsLists(bs []doc.Block) []doc.Block {
	out := make([]doc.Block, 0, len(bs))
	for i := 0; i < len(bs); i++ {
		switch b := bs[i].(type) {
		case *doc.Para:
			if b.Number <= 0 {
				out = append(out, b)
				continue
			}
			l := &doc.List{Ordered: true, Start: b.Number}
			for next := b.Number; i < len(bs); i++ {
				p, ok := bs[i].(*doc.Para)
				if !ok || p.Number != next {
					break
				}
				plain := &doc.Para{KeepWithNext: p.KeepWithNext, Content: p.Content}
				l.Items = append(l.Items, doc.Item{Blocks: []doc.Block{plain}})
				next++
			}
			i-- // the block after the run
			l.Tight = len(l.Items) == 1
			out = append(out, l)
		case *doc.List:
			c := *b
			c.Items = make([]doc.Item, len(b.Items))
			for k, it := range b.Items {
				c.Items[k] = doc.Item{Blocks: numberedAsLists(it.Blocks)}
			}
			out = append(out, &c)
		case *doc.Quote:
			out = append(out, &doc.Quote{Blocks: numberedAsLists(b.Blocks)})
		default:
			out = append(out, b)
		}
	}
	return out
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

// flow is where a block stands in reading order: bs[0] is the block, the
// rest of bs the blocks after it in the same container (the document, a
// list item, a quote), and up what follows the container. up is nil at
// the end of the document and for a list item with items after it: the
// next item starts no block that a block could keep with.
type flow struct {
	bs []doc.Block
	up *flow
	// tight says bs are the blocks of an item of a tight list: its
	// paragraphs are set close together.
	tight bool
}

// block is the block at f, or nil.
func (f *flow) block() doc.Block {
	if f == nil || len(f.bs) == 0 {
		return nil
	}
	return f.bs[0]
}

// next is the block after f's in reading order: the next one in its
// container, else what follows the container (a paragraph that ends the
// last numbered paragraph's item is followed by what follows the list).
func (f *flow) next() *flow {
	if s := f.sibling(); s != nil {
		return s
	}
	if f == nil {
		return nil
	}
	return f.up
}

// sibling is the block after f's in its container, or nil.
func (f *flow) sibling() *flow {
	if f == nil || len(f.bs) < 2 {
		return nil
	}
	return &flow{bs: f.bs[1:], up: f.up, tight: f.tight}
}

// item is the flow of the blocks of l's item i, where l is the block at f.
func (f *flow) item(l *doc.List, i int) *flow {
	it := &flow{bs: l.Items[i].Blocks, tight: l.Tight}
	if i == len(l.Items)-1 {
		it.up = f.next()
	}
	return it
}

// blocks draws bs inside b; up is what follows them (see flow).
func (w *writer) blocks(bs []doc.Block, up *flow, tight bool, b box) {
	for i := 0; i < len(bs); i++ {
		if w.block(&flow{bs: bs[i:], up: up, tight: tight}, b) {
			i++ // a chart's data table drawn before it (see tableFirst)
		}
	}
}

// block draws the block at f inside b; it reports whether it drew the
// block after it too.
func (w *writer) block(f *flow, b box) (drewNext bool) {
	w.moveFill = w.fill()
	if w.kept {
		w.moveFill = w.keptFill
	}
	w.kept = false
	switch n := f.block().(type) {
	case *doc.Heading:
		w.heading(n, f, b)
	case *doc.Para:
		w.para(n, f, b)
	case *doc.List:
		w.list(n, f, b)
	case *doc.Quote:
		w.quote++
		w.tree.Open("BlockQuote")
		w.blocks(n.Blocks, f.next(), false, b.indent(listIndent, listIndent))
		w.tree.Close()
		w.quote--
		w.space(paraSpace)
	case *doc.Rule:
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
	case *doc.Code:
		w.code(n, b)
	case *doc.Figure:
		if t, ok := f.sibling().block().(*doc.Table); ok && w.tableFirst(n.Chart, w.laidOutTable(t, b), b) {
			w.table(w.laidOutTable(t, b), b)
			w.chart(n.Chart, b, nil)
			return true
		}
		w.chart(n.Chart, b, f.next())
	case *doc.Table:
		w.table(w.laidOutTable(n, b), b)
	}
	return false
}

// para draws a paragraph. In an item of a tight list it is set close to
// the block after it; elsewhere a block of short lines (see keptWhole) is
// kept on one page, and space follows.
func (w *writer) para(p *doc.Para, f *flow, b box) {
	runs := w.inlines(p.Content, w.bodyStyle())
	lines := w.wrap(w.tokens(runs), b.width(), bodySize)
	if !f.tight && keptWhole(runs, lines) {
		w.ensure(float64(len(lines)) * lineHeight(bodySize))
	}
	keep := w.keepLeadIn(p, f, len(lines), b)
	from := w.keepFrom()
	w.tagged("P", func() { w.drawLines(lines, b, lineHeight(bodySize), alignLeft) })
	if !f.tight {
		w.space(paraSpace)
	}
	if keep {
		w.keepWithNext(from)
	}
	if f.tight && f.sibling() != nil {
		w.space(itemSpace)
	}
}

// keepLeadIn keeps a paragraph of n lines that introduces a table or
// chart ("The current ratings are:") on the page where that starts; it
// returns whether it does, and then the paragraph keeps with what follows
// once drawn.
func (w *writer) keepLeadIn(p *doc.Para, f *flow, n int, b box) bool {
	need, ok := w.leadInNeed(p, f, n, b, 0)
	if ok {
		w.ensure(need)
	}
	return ok
}

// leadInNeed is the height a paragraph of n lines kept with the table or
// chart after it needs (itself and that block's lead), and whether it is
// kept so: the heading before such a paragraph must keep company with all
// of it.
func (w *writer) leadInNeed(p *doc.Para, f *flow, n int, b box, depth int) (float64, bool) {
	next := f.next()
	if next == nil || !p.KeepWithNext && (n > maxLeadIn || w.moveFill < minFill) {
		return 0, false
	}
	switch next.block().(type) {
	case *doc.Table, *doc.Figure:
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

// maxLeadIn is the most lines a paragraph just before a table or chart
// may have to be kept on the page where that starts: such a paragraph
// says what the table shows. It is kept when moving it leaves the page
// minFill full; a longer one is let break as any other; a lead-in
// (doc.Para.KeepWithNext) is always kept.
const maxLeadIn = 6

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

func (w *writer) heading(h *doc.Heading, f *flow, b box) {
	size, before, after := headingStyle(h.Level)
	st := style{size: size, bold: true, italic: h.Level > 3}
	runs := w.inlines(h.Content, st)
	lines := w.wrap(w.tokens(runs), b.width(), size)
	lh := lineHeight(size)
	w.space(before)
	// Keep the heading with the start of what follows it.
	need := float64(len(lines))*lh + after + w.lead(f.sibling(), b, 0)
	w.ensure(need)
	w.space(before)
	from := w.keepFrom()
	defer w.keepWithNext(from)
	text := doc.PlainText(h.Content)
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

// lead estimates the height of the first lines of the block at f, which a
// heading before it must keep company with. A run of headings is followed
// at most a few deep.
func (w *writer) lead(f *flow, b box, depth int) float64 {
	if f == nil || depth > 3 {
		return 0
	}
	switch n := f.block().(type) {
	case *doc.Para:
		runs := w.inlines(n.Content, w.bodyStyle())
		lines := w.wrap(w.tokens(runs), b.width(), bodySize)
		if !f.tight && keptWhole(runs, lines) {
			// The heading must keep company with the whole block.
			return float64(len(lines)) * lineHeight(bodySize)
		}
		if need, ok := w.leadInNeed(n, f, len(lines), b, depth); ok {
			// And with a paragraph kept with the table after it.
			return need
		}
		return float64(min(len(lines), 2)) * lineHeight(bodySize)
	case *doc.List:
		if len(n.Items) > 0 {
			return w.lead(f.item(n, 0), b.indent(listIndent, 0), depth+1)
		}
	case *doc.Quote:
		return w.lead(&flow{bs: n.Blocks, up: f.next()}, b.indent(listIndent, listIndent), depth+1)
	case *doc.Heading:
		size, before, after := headingStyle(n.Level)
		lines := w.wrap(w.tokens(w.inlines(n.Content, style{size: size, bold: true})), b.width(), size)
		return before + float64(len(lines))*lineHeight(size) + after + w.lead(f.sibling(), b, depth+1)
	case *doc.Figure:
		return w.chartLead(n.Chart, b, f.next())
	case *doc.Table:
		return w.tableLead(w.laidOutTable(n, b), b)
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
			w.endLink(fr.st)
			w.setFont(fr.st)
			if fr.st.link != "" {
				w.setColor(linkColor)
			} else {
				w.setColor(inkColor)
			}
			if k == 0 && space != "" && w.startsLink(fr.st) {
				// The space before a link is the text's around it.
				w.f.Text(x-w.f.GetStringWidth(" "), baseline, " ")
				space = ""
			}
			w.beginLink(fr.st)
			if k == 0 && space != "" {
				w.f.Text(x-w.f.GetStringWidth(" "), baseline, " "+fr.text)
			} else {
				w.f.Text(x, baseline, fr.text)
			}
			if safeLink(fr.st.link) && w.mc == w.link && w.link != nil {
				h := fr.st.size * ptToMM
				w.f.LinkString(x, baseline-h*0.8, fr.w, h, fr.st.link)
				page := w.f.PageNo() - 1
				if w.annots == nil {
					w.annots = map[int]int{}
				}
				w.tree.Annot(w.link, page, w.annots[page], fr.st.linkText)
				w.annots[page]++
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

// The text of a clickable link is marked as a Link element of its own,
// which holds the link's annotations too (a tagged PDF has each
// annotation in the structure); the text after it goes on in the element
// the link is in. A link in page furniture (an artifact) is neither
// tagged nor made clickable.

// endLink ends the Link element being drawn, unless text in style st
// goes on with its link.
func (w *writer) endLink(st style) {
	if w.link == nil || w.mc != w.link {
		w.link = nil
		return
	}
	if st.link == w.linkDest {
		return
	}
	w.mark(w.linkIn)
	w.link = nil
}

// startsLink reports whether text in style st starts a Link element
// (once endLink has ended any other).
func (w *writer) startsLink(st style) bool {
	return w.link == nil && w.mc != nil && safeLink(st.link)
}

// beginLink starts a Link element for text in style st, if it starts one.
func (w *writer) beginLink(st style) {
	if !w.startsLink(st) {
		return
	}
	w.linkIn, w.linkDest = w.mc, st.link
	w.link = w.tree.Child(w.mc, "Link")
	w.mark(w.link)
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

// list draws l, the block at f.
func (w *writer) list(l *doc.List, f *flow, b box) {
	n := l.Start
	tight := l.Tight
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
	for i, item := range l.Items {
		w.tree.Open("LI")
		w.lbl = w.tree.Open("Lbl")
		w.tree.Close()
		w.tree.Open("LBody")
		var m marker
		if l.Ordered {
			m = marker{text: fmt.Sprintf("%d.", n), x: b.left}
			n++
		} else {
			m = marker{text: "•", x: b.left + 4}
		}
		w.marker = &m
		inner := b.indent(listIndent, 0)
		if len(item.Blocks) == 0 {
			w.ensure(lineHeight(bodySize))
			w.flushMarker(w.y + lineHeight(bodySize)*0.75)
			w.y += lineHeight(bodySize)
			w.drew()
		}
		it := f.item(l, i)
		w.blocks(it.bs, it.up, it.tight, inner)
		w.marker = nil
		w.lbl = nil
		w.tree.Close() // LBody
		w.tree.Close() // LI
		if i < len(l.Items)-1 {
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

func (w *writer) code(c *doc.Code, b box) {
	st := style{size: 10, mono: true}
	lh := lineHeight(10)
	var lines []line
	var src []string
	if c.Text != "" {
		src = strings.Split(strings.TrimSuffix(c.Text, "\n"), "\n")
	}
	for _, text := range src {
		// As for other text: fpdf cannot take invalid UTF-8.
		text = fontSafe(validUTF8(strings.TrimRight(text, "\r")))
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

// retag draws more content of an element made before (the rest of a
// table cell on the next page), marked as that element's.
func (w *writer) retag(e *tag.Elem, draw func()) {
	open := w.mc
	w.unmark()
	w.mark(e)
	draw()
	w.unmark()
	if open != nil {
		w.mark(open)
	}
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
