package pdf

import (
	"github.com/carereport/carereport/report/render/pdf/tag"
	"math"

	"github.com/carereport/carereport/report/doc"
	"github.com/carereport/carereport/report/render/chart"
)

// tcell is a table cell: its text and, once laid out, its lines.
type tcell struct {
	runs  []run
	toks  []tok
	lines []line
}

type trow struct {
	cells []tcell
	shade bool // highlighted row
	h     float64
}

// tmodel is a table ready to lay out, whether it came from a doc.Table or
// from a chart's data.
type tmodel struct {
	caption string
	aligns  []align
	header  trow
	rows    []trow
	widths  []float64
	size    float64 // font size chosen by layoutTable
	// laidWidth is the width layoutTable laid it out for.
	laidWidth float64
}

func alignOf(a doc.Align) align {
	switch a {
	case doc.AlignRight:
		return alignRight
	case doc.AlignCenter:
		return alignCenter
	}
	return alignLeft
}

// layoutKey is a table at a width.
type layoutKey struct {
	t     *doc.Table
	width float64
}

// laidOutTable is the table's model laid out for box b, made once: the
// lead of a heading or paragraph before it, its own lead and its drawing
// all use the same.
func (w *writer) laidOutTable(t *doc.Table, b box) *tmodel {
	k := layoutKey{t, b.width()}
	if m, ok := w.laidOut[k]; ok {
		return m
	}
	m := w.tableModel(t)
	w.layoutTable(m, b.width())
	if w.laidOut == nil {
		w.laidOut = map[layoutKey]*tmodel{}
	}
	w.laidOut[k] = m
	return m
}

// tableModel is t ready to lay out: every row, the header too, has a
// cell for each column (empty where t has none), and the total row
// (doc.Row.Total) is set in bold.
func (w *writer) tableModel(t *doc.Table) *tmodel {
	m := &tmodel{caption: t.Caption}
	cols := len(t.Header)
	for _, r := range t.Rows {
		cols = max(cols, len(r.Cells))
	}
	for i := range cols {
		a := doc.AlignDefault
		if i < len(t.Align) {
			a = t.Align[i]
		}
		m.aligns = append(m.aligns, alignOf(a))
	}
	cells := func(row []doc.Cell, st style) []tcell {
		out := make([]tcell, cols)
		for i := range out {
			if i < len(row) {
				out[i].runs = w.inlines(row[i], st)
			}
		}
		return out
	}
	m.header = trow{cells: cells(t.Header, style{size: tableSize, bold: true})}
	for _, r := range t.Rows {
		m.rows = append(m.rows, trow{cells: cells(r.Cells, style{size: tableSize, bold: r.Total})})
	}
	return m
}

// chartTableModel is the data table printed under a chart, the same as the
// HTML's.
func (w *writer) chartTableModel(c *chart.Chart) *tmodel {
	m := &tmodel{caption: chart.DataCaption(c.Title)}
	text := func(s string, st style) tcell {
		return tcell{runs: []run{{text: s, st: st}}}
	}
	hs := style{size: tableSize, bold: true}
	m.aligns = append(m.aligns, alignLeft)
	m.header.cells = append(m.header.cells, text(c.Category, hs))
	for i := range c.Series {
		name := "Value"
		if c.HasLegend() {
			name = c.Series[i]
		}
		m.aligns = append(m.aligns, alignRight)
		m.header.cells = append(m.header.cells, text(name, hs))
	}
	for _, r := range c.Rows {
		st := style{size: tableSize, bold: r.Highlight}
		row := trow{shade: r.Highlight}
		row.cells = append(row.cells, text(r.Label, st))
		for _, v := range r.Values {
			row.cells = append(row.cells, text(c.Format(v), st))
		}
		m.rows = append(m.rows, row)
	}
	return m
}

func (m *tmodel) ncols() int {
	n := len(m.aligns)
	n = max(n, len(m.header.cells))
	for _, r := range m.rows {
		n = max(n, len(r.cells))
	}
	return n
}

func (m *tmodel) align(i int) align {
	if i < len(m.aligns) {
		return m.aligns[i]
	}
	return alignLeft
}

// Table font sizes to try, largest first: a table too wide for the page
// at one size is set smaller before any number is cut.
var tableSizes = []float64{tableSize, 10, 9, 8}

// retoken measures every cell at the given font size.
func (w *writer) retoken(m *tmodel, size float64) (minSum float64) {
	n := m.ncols()
	minW := make([]float64, n)
	for _, r := range m.allRows() {
		for i := range r.cells {
			c := &r.cells[i]
			runs := make([]run, len(c.runs))
			for k, rn := range c.runs {
				rn.st.size = size
				runs[k] = rn
			}
			c.toks = w.tokens(runs)
			_, widest := w.natural(c.toks, size)
			minW[i] = max(minW[i], widest+2*cellPadX)
		}
	}
	return sum(minW)
}

func (m *tmodel) allRows() []*trow {
	rows := []*trow{&m.header}
	for i := range m.rows {
		rows = append(rows, &m.rows[i])
	}
	return rows
}

// layoutTable sets the font size and column widths from the content and
// wraps every cell. Columns get their natural width when the table fits;
// otherwise each gets at least its longest word and the rest of the room
// goes to the columns with the most text.
//
// The font is the largest of tableSizes at which every column's longest
// word fits, unless a smaller one (down to minWrapSize) wraps the cells so
// much less that the table needs a fifth fewer lines, and at least
// minLinesSaved fewer: a wide table of names and text, such as the
// appendix of services, is then set smaller rather than running to a page
// per handful of rows.
func (w *writer) layoutTable(m *tmodel, width float64) {
	m.laidWidth = width
	if m.ncols() == 0 {
		return
	}
	start := len(tableSizes) - 1
	for i, size := range tableSizes {
		if w.retoken(m, size) <= width {
			start = i
			break
		}
	}
	best := tableSizes[start]
	bestLines := w.layoutAt(m, width, best)
	for _, size := range tableSizes[start+1:] {
		// A row takes a line at least, so a table within minLinesSaved
		// of that cannot save enough to be set smaller.
		if size < minWrapSize || bestLines-len(m.rows)-1 < minLinesSaved {
			break
		}
		w.retoken(m, size)
		if lines := w.layoutAt(m, width, size); float64(lines) <= 0.8*float64(bestLines) && bestLines-lines >= minLinesSaved {
			best, bestLines = size, lines
		}
	}
	if best != m.size {
		w.retoken(m, best)
		w.layoutAt(m, width, best)
	}
}

// minLinesSaved is how many lines a smaller font must save: a short table
// whose labels wrap keeps the size of the tables around it.
const minLinesSaved = 8

// minWrapSize is the smallest font a table is set in to save wrapping
// (smaller sizes are only for tables whose words do not fit otherwise).
const minWrapSize = 9.0

// layoutAt lays the table out at one font size, its cells measured by
// retoken at that size, and returns the number of text lines it takes.
func (w *writer) layoutAt(m *tmodel, width, size float64) int {
	n := m.ncols()
	m.size = size
	full := make([]float64, n) // natural width, headers on one line
	maxW := make([]float64, n) // natural width of the body, headers wrapped
	minW := make([]float64, n) // longest word
	for ri, r := range m.allRows() {
		for i, c := range r.cells {
			nat, widest := w.natural(c.toks, size)
			full[i] = max(full[i], nat+2*cellPadX)
			minW[i] = max(minW[i], widest+2*cellPadX)
			if ri > 0 {
				maxW[i] = max(maxW[i], nat+2*cellPadX)
			}
		}
	}
	for i := range maxW {
		minW[i] = max(minW[i], 8)
		maxW[i] = max(maxW[i], minW[i])
		full[i] = max(full[i], maxW[i])
	}
	m.widths = make([]float64, n)
	switch {
	case sum(full) <= width:
		// Everything fits on one line: the spare room goes evenly to every
		// column, so short numeric columns do not stretch more than text.
		extra := (width - sum(full)) / float64(n)
		for i := range full {
			m.widths[i] = full[i] + extra
		}
	case sum(maxW) <= width:
		// The body fits if some headings wrap: spend the spare room on the
		// headings, always shortening the tallest one that can be
		// shortened, and share what is left evenly.
		copy(m.widths, maxW)
		w.fitHeadings(m, full, width-sum(maxW), size)
	case sum(minW) <= width:
		fairShare(m.widths, minW, maxW, width)
		w.lessWrapping(m, minW, full, width, size)
	default:
		for i := range minW {
			m.widths[i] = minW[i] * width / sum(minW)
		}
	}
	lh := lineHeight(size)
	total := 0
	wrapRow := func(r *trow) {
		lines := 1
		for i := range r.cells {
			c := &r.cells[i]
			c.lines = w.wrap(c.toks, m.widths[i]-2*cellPadX, size)
			lines = max(lines, len(c.lines))
		}
		r.h = float64(lines)*lh + 2*cellPadY
		total += lines
	}
	wrapRow(&m.header)
	for i := range m.rows {
		wrapRow(&m.rows[i])
	}
	return total
}

// fitHeadings widens columns, within extra mm in all, so the header row
// takes as few lines as it can; the rest of extra is shared evenly.
func (w *writer) fitHeadings(m *tmodel, full []float64, extra, size float64) {
	n := len(m.widths)
	if len(m.header.cells) == 0 {
		for i := range m.widths {
			m.widths[i] += extra / float64(n)
		}
		return
	}
	linesAt := func(i int, width float64) int {
		if i >= len(m.header.cells) {
			return 1
		}
		return len(w.wrap(m.header.cells[i].toks, width-2*cellPadX, size))
	}
	const step = 0.5
	for extra > 0 {
		// Columns by header height, tallest first.
		best, bestCost, bestLines := -1, 0.0, 1
		for i := range m.widths {
			lines := linesAt(i, m.widths[i])
			if lines <= 1 {
				continue
			}
			// Room needed to lose one line.
			cost := 0.0
			for wd := m.widths[i] + step; wd <= full[i]+step; wd += step {
				if linesAt(i, wd) < lines {
					cost = wd - m.widths[i]
					break
				}
			}
			if cost == 0 || cost > extra {
				continue
			}
			if lines > bestLines || lines == bestLines && cost < bestCost {
				best, bestCost, bestLines = i, cost, lines
			}
		}
		if best < 0 {
			break
		}
		m.widths[best] += bestCost
		extra -= bestCost
	}
	for i := range m.widths {
		m.widths[i] += extra / float64(n)
	}
}

// fairShare sets widths when the table cannot have every column at its
// natural width. Columns whose text fits within an even share of the room
// left keep their natural width (so short labels, numbers and dates never
// wrap); the remaining columns, those with the most text, share what is
// left in proportion to how much they would need, never below their
// longest word.
func fairShare(widths, minW, maxW []float64, width float64) {
	n := len(widths)
	fixed := make([]bool, n)
	room, open := width, n
	for changed := true; changed && open > 0; {
		changed = false
		fair := room / float64(open)
		for i := range widths {
			if !fixed[i] && maxW[i] <= fair {
				widths[i] = maxW[i]
				fixed[i] = true
				room -= maxW[i]
				open--
				changed = true
			}
		}
	}
	var sMin, sMax float64
	for i := range widths {
		if !fixed[i] {
			sMin += minW[i]
			sMax += maxW[i]
		}
	}
	if open == 0 {
		return
	}
	if sMin > room {
		// The wide columns' longest words do not fit in what is left:
		// share the whole width by longest word instead.
		total := sum(minW)
		for i := range widths {
			widths[i] = minW[i] * width / total
		}
		return
	}
	k := 0.0
	if sMax > sMin {
		k = (room - sMin) / (sMax - sMin)
	}
	for i := range widths {
		if !fixed[i] {
			widths[i] = minW[i] + (maxW[i]-minW[i])*k
		}
	}
}

// lessWrapping improves on fairShare's widths for a table that must wrap:
// the columns fairShare left short of their natural width start again from
// their longest word, and the room is spent a millimetre at a time where it
// saves the most lines of the table (a row is as tall as its tallest cell,
// so widening a cell that is not the tallest in its row saves nothing).
// Room that saves no more lines is shared as fairShare would.
func (w *writer) lessWrapping(m *tmodel, minW, full []float64, width, size float64) {
	n := len(m.widths)
	rows := m.allRows()
	var open []int
	base := append([]float64(nil), m.widths...)
	for i := range base {
		if base[i] < full[i]-0.01 {
			open = append(open, i)
			base[i] = minW[i]
		}
	}
	room := width - sum(base)
	if len(open) == 0 || room < 0 {
		return
	}
	const step = 1.0     // mm
	const lookahead = 25 // steps tried per column and round
	type key struct{ col, k int }
	memo := map[key][]int{}
	linesAt := func(c, k int) []int {
		if v, ok := memo[key{c, k}]; ok {
			return v
		}
		wd := base[c] + float64(k)*step - 2*cellPadX
		v := make([]int, len(rows))
		for r, row := range rows {
			v[r] = 1
			if c < len(row.cells) {
				v[r] = max(1, len(w.wrap(row.cells[c].toks, wd, size)))
			}
		}
		memo[key{c, k}] = v
		return v
	}
	steps := make([]int, n)
	cur := make([][]int, n) // lines of each column's cells, by row
	for c := range n {
		cur[c] = linesAt(c, 0)
	}
	first, second := make([]int, len(rows)), make([]int, len(rows))
	firstCol := make([]int, len(rows))
	for room >= step {
		for r := range rows {
			first[r], second[r], firstCol[r] = 0, 0, -1
			for c := range n {
				switch l := cur[c][r]; {
				case l > first[r]:
					first[r], second[r], firstCol[r] = l, first[r], c
				case l > second[r]:
					second[r] = l
				}
			}
		}
		best, bestK, bestRatio := -1, 0, 0.0
		for _, c := range open {
			for dk := 1; dk <= lookahead && float64(dk)*step <= room+1e-9 && base[c]+float64(steps[c]+dk-1)*step < full[c]; dk++ {
				nl := linesAt(c, steps[c]+dk)
				gain := 0
				for r := range rows {
					other := first[r]
					if firstCol[r] == c {
						other = second[r]
					}
					gain += max(other, cur[c][r]) - max(other, nl[r])
				}
				if ratio := float64(gain) / float64(dk); gain > 0 && ratio > bestRatio {
					best, bestK, bestRatio = c, dk, ratio
				}
			}
		}
		if best < 0 {
			break
		}
		steps[best] += bestK
		room -= float64(bestK) * step
		cur[best] = linesAt(best, steps[best])
	}
	for _, c := range open {
		base[c] += float64(steps[c]) * step
	}
	// What is left goes to the open columns in proportion to what they
	// still lack of their natural width, then evenly.
	lack := 0.0
	for _, c := range open {
		lack += max(0, full[c]-base[c])
	}
	if lack > 0 {
		give := min(room, lack)
		for _, c := range open {
			base[c] += give * max(0, full[c]-base[c]) / lack
		}
		room -= give
	}
	for i := range base {
		base[i] += room / float64(n)
	}
	copy(m.widths, base)
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

const captionGap = 1.5

func (w *writer) captionLines(text string, b box) []line {
	if text == "" {
		return nil
	}
	return w.wrap(w.tokens([]run{{text: text, st: style{size: bodySize, bold: true}}}), b.width(), bodySize)
}

// keepRows is the number of rows up to which a table is kept whole when
// it can be: one that does not fit at the foot of a page starts the next,
// unless that would leave the page less than minFill full (see moveFill),
// in which case it splits as a longer table does.
const keepRows = 8

// headRows and tailRows are how many rows of a table must be on each side
// of a page break: the caption and header start a page only with the first
// headRows rows, and the last page of a table holds at least its last
// tailRows rows, so no row or two is left alone under a repeated header.
// A table of fewer than headRows+tailRows rows is never split.
const (
	headRows = 2
	tailRows = 3
)

// tableHeight is the height of the caption, header and rows [0, n).
func (w *writer) tableHeight(m *tmodel, b box, n int) float64 {
	h := m.header.h
	if cl := w.captionLines(m.caption, b); len(cl) > 0 {
		h += float64(len(cl))*lineHeight(bodySize) + captionGap
	}
	// A row taller than a page starts on the page it comes to, when a
	// few of its lines fit there (splitRows): only those count.
	tall := w.bottom() - marginT - m.header.h
	for i := 0; i < n; i++ {
		h += pieceHeight(minSplitLines, lineHeight(m.size), m.rows[i].h, tall)
	}
	return h
}

// pieceHeight is the height of the first n lines of a row of height h,
// or h itself when the row fits a page (room).
func pieceHeight(n int, lh, h, room float64) float64 {
	if h <= room+1e-6 {
		return h
	}
	return float64(n)*lh + 2*cellPadY
}

// tableLead is the height that must fit before the table starts on a page:
// the whole table when it is kept whole (it is short, and moving it leaves
// the page full enough), else the caption, header and first headRows rows.
func (w *writer) tableLead(m *tmodel, b box) float64 {
	if m.widths == nil || m.laidWidth != b.width() {
		w.layoutTable(m, b.width())
	}
	n := len(m.rows)
	if n >= headRows+tailRows && (n > keepRows || w.moveFill < minFill) {
		n = headRows
	}
	return w.tableHeight(m, b, n)
}

// table draws m with its caption above. A row never splits across pages;
// when a row does not fit, it moves to a new page under a repeated header
// (an artifact: the header is tagged once).
func (w *writer) table(m *tmodel, b box) {
	if m.ncols() == 0 {
		return
	}
	lead := w.tableLead(m, b)
	w.space(paraSpace)
	w.ensure(lead)
	w.tree.Open("Table")
	defer w.tree.Close()
	if cl := w.captionLines(m.caption, b); len(cl) > 0 {
		w.tagged("Caption", func() { w.drawLines(cl, b, lineHeight(bodySize), alignLeft) })
		w.y += captionGap
	}
	w.flushMarker(w.y + lineHeight(bodySize)*0.75)
	w.tree.Open("THead")
	w.drawRow(m, &m.header, b, true, true)
	w.tree.Close()
	pageRoom := w.bottom() - marginT - m.header.h
	pieces := splitRows(m.rows, w.bottom()-w.y, pageRoom, lineHeight(m.size))
	heights := make([]float64, len(pieces))
	for i := range pieces {
		heights[i] = pieces[i].row.h
	}
	breaks := rowBreaks(heights, w.bottom()-w.y, pageRoom)
	w.tree.Open("TBody")
	var tds []*tag.Elem
	for i := range pieces {
		if len(breaks) > 0 && breaks[0] == i {
			breaks = breaks[1:]
			w.newPage()
			w.artifact(func() { w.drawRow(m, &m.header, b, true, false) })
		}
		p := &pieces[i]
		if !p.more {
			w.tree.Open("TR")
			tds = []*tag.Elem{}
		}
		tds = w.drawCells(m, &p.row, b, false, tds)
		if !p.last {
			continue
		}
		w.tree.Close()
	}
	w.tree.Close()
	w.drew()
	w.space(paraSpace + 1)
}

// rowBreaks plans where a table's body breaks across pages: the rows of
// the given heights fill the room left on the first page, then pages of
// pageRoom each (under a repeated header); it returns the index of each
// row that starts a new page. Every page takes at least one row. When the
// last page would hold fewer than tailRows rows, rows move to it from the
// page before, as long as that page keeps headRows rows and the last page
// can take them.
func rowBreaks(heights []float64, firstRoom, pageRoom float64) []int {
	var breaks []int
	room, onPage := firstRoom, 0
	for i, h := range heights {
		if onPage > 0 && h > room+1e-6 {
			breaks = append(breaks, i)
			room, onPage = pageRoom, 0
		}
		room -= h
		onPage++
	}
	if len(breaks) == 0 {
		return nil
	}
	last := breaks[len(breaks)-1]
	prev := 0 // the first row of the page before the last
	if len(breaks) > 1 {
		prev = breaks[len(breaks)-2]
	}
	if tail := len(heights) - last; tail < tailRows {
		to := len(heights) - tailRows // the last page starts here instead
		need := 0.0
		for _, h := range heights[to:] {
			need += h
		}
		if to-prev >= headRows && need <= pageRoom+1e-6 {
			breaks[len(breaks)-1] = to
		}
	}
	return breaks
}

// piece is a row, or one page's part of a row taller than a page: more
// says it continues the row before, last that the row ends with it.
type piece struct {
	row        trow
	more, last bool
}

// minSplitLines is how many lines of a row taller than a page must fit
// in the room left on a page for the row to start there.
const minSplitLines = 3

// splitRows gives the rows as pieces no taller than a page: a row that
// is (a cell of text longer than a page, from hostile data or an
// officer's table of long text) is cut between its lines, its first
// piece filling the room left on its page (firstRoom, then pages of
// pageRoom, as rowBreaks fills them) when minSplitLines lines fit there,
// so that every line is drawn on a page rather than past its foot. The
// pieces of a row are one row in the tag tree.
func splitRows(rows []trow, firstRoom, pageRoom, lh float64) []piece {
	out := make([]piece, 0, len(rows))
	linesIn := func(room float64) int { return int((room - 2*cellPadY + 1e-6) / lh) }
	room, onPage := firstRoom, 0
	for _, r := range rows {
		if r.h <= pageRoom+1e-6 {
			if onPage > 0 && r.h > room+1e-6 {
				room, onPage = pageRoom, 0
			}
			out = append(out, piece{row: r, last: true})
			room -= r.h
			onPage++
			continue
		}
		most := 0
		for _, c := range r.cells {
			most = max(most, len(c.lines))
		}
		if onPage > 0 && linesIn(room) < minSplitLines {
			room, onPage = pageRoom, 0
		}
		for from := 0; from < most; {
			n := min(max(linesIn(room), 1), most-from)
			p := piece{row: trow{shade: r.shade}, more: from > 0, last: from+n >= most}
			tallest := 0
			for _, c := range r.cells {
				part := c
				part.lines = nil
				if from < len(c.lines) {
					part.lines = c.lines[from:min(from+n, len(c.lines))]
				}
				tallest = max(tallest, len(part.lines))
				p.row.cells = append(p.row.cells, part)
			}
			p.row.h = float64(tallest)*lh + 2*cellPadY
			out = append(out, p)
			from += n
			room -= p.row.h
			onPage++
			if from < most {
				room, onPage = pageRoom, 0
			}
		}
	}
	return out
}

func (w *writer) drawRow(m *tmodel, r *trow, b box, header, tagged bool) {
	if tagged {
		w.tree.Open("TR")
		defer w.tree.Close()
	}
	if !tagged {
		w.drawCells(m, r, b, header, nil)
		return
	}
	w.drawCells(m, r, b, header, []*tag.Elem{})
}

// drawCells draws a row's cells. tds nil draws them outside the
// structure (a repeated header); empty makes a TD (or TH) element of each
// cell under the open TR and returns them; holding a row's elements, it
// marks this piece's text as theirs (the rest of a row split across
// pages).
func (w *writer) drawCells(m *tmodel, r *trow, b box, header bool, tds []*tag.Elem) []*tag.Elem {
	tagged := tds != nil
	fresh := tagged && len(tds) == 0
	lh := lineHeight(m.size)
	x := b.left
	w.f.SetLineWidth(0.2)
	w.setDraw(borderColor)
	for i, width := range m.widths {
		style := "D"
		switch {
		case header:
			w.setFill(headColor)
			style = "FD"
		case r.shade:
			w.setFill(shadeColor)
			style = "FD"
		}
		rect := func() { w.f.Rect(x, w.y, width, r.h, style) }
		cell := func() {
			if i < len(r.cells) {
				y := w.y + cellPadY
				for _, l := range r.cells[i].lines {
					baseline := y + lh/2 + lineHeightBaseline(l, lh)
					w.drawLine(l, x+cellPadX, width-2*cellPadX, baseline, m.align(i))
					y += lh
				}
			}
		}
		switch {
		case fresh:
			w.artifact(rect)
			typ := "TD"
			if header {
				typ = "TH"
			}
			e := w.tagged(typ, cell)
			if header {
				e.Scope = "Column"
			}
			tds = append(tds, e)
		case tagged && i < len(tds):
			w.artifact(rect)
			w.retag(tds[i], cell)
		default:
			rect()
			cell()
		}
		x += width
	}
	w.y += r.h
	return tds
}

// chartHeight is the height of a chart's caption and drawing, which are
// kept on one page.
func (w *writer) chartHeight(c *chart.Chart, b box) float64 {
	d := c.Layout(b.width() / ptToMM)
	return float64(len(w.captionLines(c.Title, b)))*lineHeight(bodySize) + captionGap + d.Height*ptToMM
}

// chartLead is the height that must fit before the chart starts on a page:
// the chart with the start of its data table (or, for data: below, of the
// block next), so the two are read together; or the chart alone when
// moving both to the next page would leave this one less than minFill
// full (the data table, whose caption names the figure, then starts the
// next page).
func (w *writer) chartLead(c *chart.Chart, b box, next *flow) float64 {
	h := w.chartHeight(c, b)
	if w.moveFill < minFill {
		return h
	}
	if c.DataBelow {
		return h + paraSpace + w.lead(next, b, 0)
	}
	return h + paraSpace + w.tableLead(w.chartData(c, b), b)
}

// tableFirst says whether a chart whose figures are in the table that
// follows it (data: below) should let that table go first: when the chart
// does not fit in the room left on the page, even drawn smaller, moving it
// would leave the page less than minFill full, and the whole table fits
// there. The chart then starts the next page; the table's caption and the
// chart's title name the same figures, so they still read together.
func (w *writer) tableFirst(c *chart.Chart, m *tmodel, b box) bool {
	if !c.DataBelow || w.atTop() || w.fill() >= minFill {
		return false
	}
	h := w.chartHeight(c, b)
	d := c.Layout(b.width() / ptToMM)
	capH := h - d.Height*ptToMM
	room := w.bottom() - w.y - paraSpace
	if capH+d.Height*ptToMM*minChartScale <= room {
		return false // the chart fits, drawn smaller if need be
	}
	return w.tableHeight(m, b, len(m.rows)) <= room
}

// chartData is the chart's own data table, laid out for b once.
func (w *writer) chartData(c *chart.Chart, b box) *tmodel {
	k := chartKey{c, b.width()}
	if m, ok := w.chartTables[k]; ok {
		return m
	}
	m := w.chartTableModel(c)
	w.layoutTable(m, b.width())
	if w.chartTables == nil {
		w.chartTables = map[chartKey]*tmodel{}
	}
	w.chartTables[k] = m
	return m
}

// chartKey is a chart at a width.
type chartKey struct {
	c     *chart.Chart
	width float64
}

// chart draws the chart with its title, then its data table; the chart
// starts a page unless the start of its data table fits under it (see
// chartLead). A chart whose figures are in the table that follows it
// (data: below) keeps with the start of that table, next, and draws no
// table of its own.
func (w *writer) chart(c *chart.Chart, b box, next *flow) {
	d := c.Layout(b.width() / ptToMM)
	w.space(paraSpace)
	lead := w.chartLead(c, b, next)
	// A chart a little taller than the room left is drawn with a shorter
	// plot (a line chart, down to chart.MinLineHeight) or smaller (down to
	// minChartScale) rather than moved, when moving it would leave the
	// page less than minFill full; its data table then starts the next
	// page, as for any chart that fills a page.
	scale := 1.0
	if capH := w.chartHeight(c, b) - d.Height*ptToMM; !w.atTop() && w.y+lead > w.bottom()+1e-6 && w.fill() < minFill {
		room := w.bottom() - w.y - capH
		// A line chart's plot can be drawn shorter at the same type size.
		if c.Line && d.Height*ptToMM > room {
			short := *c
			short.PlotHeight = max(chart.LineHeight-(d.Height-room/ptToMM), chart.MinLineHeight)
			if sd := short.Layout(b.width() / ptToMM); sd.Height*ptToMM*minChartScale <= room {
				c, d = &short, sd
				lead = capH + d.Height*ptToMM
			}
		}
		if d.Height*ptToMM > room && room >= d.Height*ptToMM*minChartScale {
			scale = math.Min(1, room/(d.Height*ptToMM))
			lead = capH + d.Height*ptToMM*scale
		}
	}
	w.ensure(lead)
	keepFrom := w.moveFill
	if w.atTop() {
		keepFrom = 0
	}
	var data *tmodel // the chart's own data table
	if !c.DataBelow {
		data = w.chartData(c, b)
	}
	// The Figure holds its Caption, then the drawing.
	open := w.mc
	w.unmark()
	fig := w.tree.Open("Figure")
	fig.Alt = c.Title + ". " + c.Description()
	w.tagged("Caption", func() { w.drawLines(w.captionLines(c.Title, b), b, lineHeight(bodySize), alignLeft) })
	w.y += captionGap
	w.flushMarker(w.y + lineHeight(bodySize)*0.75)
	w.mark(fig)
	w.chartScale = scale
	w.drawChart(d, b.left+(1-scale)*d.Width*ptToMM/2, w.y)
	w.chartScale = 1
	w.unmark()
	w.tree.Close()
	if open != nil {
		w.mark(open)
	}
	w.y += d.Height * ptToMM * scale
	w.drew()
	w.space(paraSpace)
	// The chart and what it keeps with move together: the data table (or
	// the table next) sees the page as the chart found it.
	w.moveFill = keepFrom
	if data != nil {
		w.table(data, b)
	} else {
		w.keepWithNext(keepFrom)
	}
}

// drawChart draws the chart's shapes with vector operations, with the
// drawing's top left corner at (x0, y0) mm.
func (w *writer) drawChart(d *chart.Drawing, x0, y0 float64) {
	k := w.chartScale
	if k <= 0 {
		k = 1
	}
	mm := func(v float64) float64 { return v * ptToMM * k }
	for _, it := range d.Items {
		switch it.Kind {
		case chart.KindRect:
			style := ""
			if it.Fill != chart.None {
				w.setFill(it.Fill)
				style += "F"
			}
			if it.Stroke != chart.None && it.StrokeWidth > 0 {
				w.setDraw(it.Stroke)
				w.f.SetLineWidth(mm(it.StrokeWidth))
				style += "D"
			}
			if style != "" && it.W > 0 && it.H > 0 {
				w.f.Rect(x0+mm(it.X), y0+mm(it.Y), mm(it.W), mm(it.H), style)
			}
		case chart.KindLine:
			w.setDraw(it.Stroke)
			w.f.SetLineWidth(mm(it.StrokeWidth))
			w.f.Line(x0+mm(it.X), y0+mm(it.Y), x0+mm(it.X2), y0+mm(it.Y2))
		case chart.KindPath:
			if len(it.Points) < 2 {
				continue
			}
			style := ""
			if it.Closed && it.Fill != chart.None {
				w.setFill(it.Fill)
				style += "F"
			}
			if it.Stroke != chart.None && it.StrokeWidth > 0 {
				w.setDraw(it.Stroke)
				w.f.SetLineWidth(mm(it.StrokeWidth))
				style += "D"
			}
			if style == "" {
				continue
			}
			dash := make([]float64, len(it.Dash))
			for i, v := range it.Dash {
				dash[i] = mm(v)
			}
			w.f.SetDashPattern(dash, 0)
			if !it.Closed {
				w.f.SetLineJoinStyle("round")
			}
			w.f.MoveTo(x0+mm(it.Points[0].X), y0+mm(it.Points[0].Y))
			for _, p := range it.Points[1:] {
				w.f.LineTo(x0+mm(p.X), y0+mm(p.Y))
			}
			if it.Closed {
				w.f.ClosePath()
			}
			w.f.DrawPath(style)
			w.f.SetDashPattern(nil, 0)
			if !it.Closed {
				w.f.SetLineJoinStyle("miter")
			}
		case chart.KindText:
			st := style{size: it.Size * k, bold: it.Bold}
			tw := w.textWidth(fontSafe(validUTF8(it.Text)), st)
			x := x0 + mm(it.X)
			switch it.Anchor {
			case chart.AnchorMiddle:
				x -= tw / 2
			case chart.AnchorEnd:
				x -= tw
			}
			w.setColor(it.Fill)
			w.f.Text(x, y0+mm(it.Y), fontSafe(validUTF8(it.Text)))
		}
	}
	w.setColor(inkColor)

}
