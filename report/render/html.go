package render

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/carereport/carereport/report/doc"
	"github.com/carereport/carereport/report/render/chart"
)

// chartWidth is the width, in points, at which charts are laid out: the
// text width of an A4 page with 20 mm margins. The SVG scales to the page.
const chartWidth = 170 / 25.4 * 72

// htmlBody writes the blocks of d as the body of the page. Every string
// of the document is escaped on its way out; nothing in it is markup.
func htmlBody(d *doc.Document) []byte {
	var w htmlWriter
	w.blocks(d.Blocks, false)
	return w.b.Bytes()
}

// htmlWriter writes the document model as HTML. charts counts the charts
// written, which gives each its id.
type htmlWriter struct {
	b      bytes.Buffer
	charts int
}

// blocks writes bs. In a tight list item (tight) a plain paragraph is
// written as its bare text, as CommonMark writes the items of a tight
// list.
func (w *htmlWriter) blocks(bs []doc.Block, tight bool) {
	for i := 0; i < len(bs); i++ {
		if p, ok := bs[i].(*doc.Para); ok && p.Number > 0 {
			i += w.numbered(bs[i:]) - 1
			continue
		}
		if p, ok := bs[i].(*doc.Para); ok && tight {
			w.inlines(p.Content)
			if i+1 < len(bs) && len(p.Content) > 0 {
				w.b.WriteByte('\n')
			}
			continue
		}
		w.block(bs[i])
	}
}

// numbered writes the run of numbered paragraphs that bs starts with,
// each numbered one more than the one before, as one ordered list
// starting at the first's number, and returns how many it wrote. A run of
// one paragraph is a tight list item, a longer run a list of paragraphs
// (the markup the page has always had).
func (w *htmlWriter) numbered(bs []doc.Block) int {
	run := []*doc.Para{bs[0].(*doc.Para)}
	for _, b := range bs[1:] {
		p, ok := b.(*doc.Para)
		if !ok || p.Number != run[len(run)-1].Number+1 {
			break
		}
		run = append(run, p)
	}
	w.olStart(run[0].Number)
	for _, p := range run {
		if len(run) == 1 {
			w.b.WriteString("<li>")
			w.inlines(p.Content)
			w.b.WriteString("</li>\n")
			continue
		}
		w.b.WriteString("<li>\n<p>")
		w.inlines(p.Content)
		w.b.WriteString("</p>\n</li>\n")
	}
	w.b.WriteString("</ol>\n")
	return len(run)
}

// olStart opens an ordered list whose first item is numbered n.
func (w *htmlWriter) olStart(n int) {
	if n == 1 {
		w.b.WriteString("<ol>\n")
		return
	}
	w.b.WriteString("<ol start=\"" + strconv.Itoa(n) + "\">\n")
}

func (w *htmlWriter) block(b doc.Block) {
	switch b := b.(type) {
	case *doc.Heading:
		tag := "h" + strconv.Itoa(max(1, min(b.Level, 6)))
		w.b.WriteString("<" + tag + ">")
		w.inlines(b.Content)
		w.b.WriteString("</" + tag + ">\n")
	case *doc.Para:
		if len(b.Content) == 0 {
			// An empty paragraph shows nothing (Markdown has none).
			return
		}
		w.b.WriteString("<p>")
		w.inlines(b.Content)
		w.b.WriteString("</p>\n")
	case *doc.List:
		w.list(b)
	case *doc.Quote:
		w.b.WriteString("<blockquote>\n")
		w.blocks(b.Blocks, false)
		w.b.WriteString("</blockquote>\n")
	case *doc.Rule:
		w.b.WriteString("<hr>\n")
	case *doc.Code:
		w.b.WriteString("<pre><code>")
		w.text(b.Text)
		if b.Text != "" && !strings.HasSuffix(b.Text, "\n") {
			w.b.WriteByte('\n')
		}
		w.b.WriteString("</code></pre>\n")
	case *doc.Table:
		w.table(b)
	case *doc.Figure:
		if b.Chart != nil {
			w.figure(b.Chart)
		}
	}
}

func (w *htmlWriter) list(l *doc.List) {
	tag := "ul"
	if l.Ordered {
		tag = "ol"
		w.olStart(l.Start)
	} else {
		w.b.WriteString("<ul>\n")
	}
	for _, it := range l.Items {
		w.b.WriteString("<li>")
		if len(it.Blocks) > 0 {
			if p, ok := it.Blocks[0].(*doc.Para); !l.Tight || !ok || p.Number > 0 {
				w.b.WriteByte('\n')
			}
		}
		w.blocks(it.Blocks, l.Tight)
		w.b.WriteString("</li>\n")
	}
	w.b.WriteString("</" + tag + ">\n")
}

// inlines writes the content of a block. A line break at its end ends
// no line, and is left out.
func (w *htmlWriter) inlines(in []doc.Inline) {
	for len(in) > 0 {
		if _, ok := in[len(in)-1].(doc.Break); !ok {
			break
		}
		in = in[:len(in)-1]
	}
	w.spans(in)
}

func (w *htmlWriter) spans(in []doc.Inline) {
	for _, x := range in {
		switch x := x.(type) {
		case doc.Text:
			w.text(x.S)
		case *doc.Emph:
			w.b.WriteString("<em>")
			w.spans(x.Content)
			w.b.WriteString("</em>")
		case *doc.Strong:
			w.b.WriteString("<strong>")
			w.spans(x.Content)
			w.b.WriteString("</strong>")
		case *doc.Link:
			w.b.WriteString("<a href=\"")
			w.text(safeHref(x.Dest))
			w.b.WriteByte('"')
			if showURL(x) {
				w.b.WriteString(` class="show-url"`)
			}
			w.b.WriteByte('>')
			w.spans(x.Content)
			w.b.WriteString("</a>")
		case doc.CodeSpan:
			w.b.WriteString("<code>")
			w.text(x.S)
			w.b.WriteString("</code>")
		case doc.Image:
			// The page is self-contained: an image is its alt text.
			w.b.WriteString("<span class=\"image-alt\">")
			w.b.WriteString(esc(x.Alt))
			w.b.WriteString("</span>")
		case doc.Break:
			if x.Hard {
				w.b.WriteString("<br>")
			}
			w.b.WriteByte('\n')
		}
	}
}

// text writes s escaped for HTML text or a quoted attribute value: &, <,
// > and " as references, NUL and bytes that are not UTF-8 as U+FFFD.
func (w *htmlWriter) text(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '&':
				w.b.WriteString("&amp;")
			case '<':
				w.b.WriteString("&lt;")
			case '>':
				w.b.WriteString("&gt;")
			case '"':
				w.b.WriteString("&quot;")
			case 0:
				w.b.WriteString("\uFFFD")
			default:
				w.b.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		w.b.WriteRune(r) // utf8.RuneError for a byte that is not UTF-8
		i += n
	}
}

// safeHref is a link's destination as an href: characters a URL may not
// hold percent-encoded (escapes already there kept), and empty for a
// scheme other than http, https, mailto and tel, so that a link in an
// officer's text can never run script (javascript:, vbscript:, data:)
// or reach the reader's own files (file:). A destination without a
// scheme (a relative path, a "#fragment") is kept.
func safeHref(dest string) string {
	var b strings.Builder
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		switch {
		case urlSafe(c):
			b.WriteByte(c)
		case c == '%' && i+2 < len(dest) && isHex(dest[i+1]) && isHex(dest[i+2]):
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	u := b.String()
	if scheme, ok := urlScheme(u); ok {
		switch strings.ToLower(scheme) {
		case "http", "https", "mailto", "tel":
		default:
			return ""
		}
	}
	return u
}

// urlSafe reports whether c may stand in an href as it is: letters,
// digits and the punctuation of URLs.
func urlSafe(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("!#$&'()*+,-./:;=?@_~", c) >= 0
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// urlScheme returns the scheme of u, as a browser reads it: a letter,
// then letters, digits, "+", "-" or ".", then ":", before any "/", "?"
// or "#".
func urlScheme(u string) (string, bool) {
	end := strings.IndexAny(u, ":/?#")
	if end <= 0 || u[end] != ':' {
		return "", false
	}
	s := u[:end]
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return "", false
		}
	}
	return s, true
}

// showURL reports whether a printed page should spell out a link's
// destination after its text, because the text alone does not say it.
func showURL(l *doc.Link) bool {
	dest := l.Dest
	if dest == "" || strings.HasPrefix(dest, "#") {
		return false
	}
	text := strings.TrimSpace(doc.PlainText(l.Content))
	bare := strings.TrimPrefix(strings.TrimPrefix(dest, "mailto:"), "tel:")
	return text != dest && text != bare
}

func esc(s string) string { return html.EscapeString(s) }

func alignClass(a doc.Align) string {
	switch a {
	case doc.AlignRight:
		return ` class="right"`
	case doc.AlignCenter:
		return ` class="center"`
	}
	return ""
}

// keepWhole: a row label of up to 12 characters ("1 Feb 2019", "Torbay")
// or any cell that is one word of up to 14 ("1-2383808299") does not
// wrap; longer text may.
func keepWhole(s string, rowLabel bool) bool {
	n := utf8.RuneCountInString(s)
	return rowLabel && n <= 12 || !strings.ContainsAny(s, " \t") && n <= 14
}

// table writes t: its caption, a header row of column headers, and body
// rows whose first cell is the row's header; the total row (Row.Total)
// has its own class. Every row has as many cells as the widest.
func (w *htmlWriter) table(t *doc.Table) {
	cols := len(t.Header)
	for _, r := range t.Rows {
		cols = max(cols, len(r.Cells))
	}
	align := func(i int) doc.Align {
		if i < len(t.Align) {
			return t.Align[i]
		}
		return doc.AlignDefault
	}
	cell := func(cells []doc.Cell, i int) doc.Cell {
		if i < len(cells) {
			return cells[i]
		}
		return nil
	}
	w.b.WriteString("<div class=\"table-wrap\">\n<table>\n")
	if t.Caption != "" {
		fmt.Fprintf(&w.b, "<caption>%s</caption>\n", esc(t.Caption))
	}
	w.b.WriteString("<thead>\n<tr>\n")
	for i := 0; i < cols; i++ {
		fmt.Fprintf(&w.b, `<th scope="col"%s>`, alignClass(align(i)))
		w.inlines(cell(t.Header, i))
		w.b.WriteString("</th>\n")
	}
	w.b.WriteString("</tr>\n</thead>\n")
	if len(t.Rows) > 0 {
		w.b.WriteString("<tbody>\n")
	}
	for _, r := range t.Rows {
		if r.Total {
			w.b.WriteString("<tr class=\"total\">\n")
		} else {
			w.b.WriteString("<tr>\n")
		}
		for i := 0; i < cols; i++ {
			c := cell(r.Cells, i)
			tag, scope := "td", ""
			if i == 0 {
				tag, scope = "th", ` scope="row"`
			}
			class := alignClass(align(i))
			if class == "" && keepWhole(doc.PlainText(c), i == 0) {
				// A short row label (a date, "Total") or a short word (a
				// CQC ID, which would break at its hyphen) stays on one
				// line.
				class = ` class="nowrap"`
			}
			fmt.Fprintf(&w.b, "<%s%s%s>", tag, scope, class)
			w.inlines(c)
			fmt.Fprintf(&w.b, "</%s>\n", tag)
		}
		w.b.WriteString("</tr>\n")
	}
	if len(t.Rows) > 0 {
		w.b.WriteString("</tbody>\n")
	}
	w.b.WriteString("</table>\n</div>\n")
}

// figure writes a chart as inline SVG in a figure, then its data table
// (the chart's text alternative), unless the table after the chart holds
// its figures (DataBelow).
func (w *htmlWriter) figure(c *chart.Chart) {
	w.charts++
	id := fmt.Sprintf("chart-%d", w.charts)
	capID := id + "-caption"
	fmt.Fprintf(&w.b, "<figure class=\"chart\" id=\"%s-figure\">\n<figcaption id=\"%s\">%s</figcaption>\n", id, capID, esc(c.Title))
	d := c.Layout(chartWidth)
	w.b.Write(d.SVG(id, capID, c.Description()))
	w.b.WriteString("\n</figure>\n")
	if !c.DataBelow {
		writeChartTable(&w.b, c)
	}
}

// chartTableCaption is the caption of the data table that follows a chart.
func chartTableCaption(c *chart.Chart) string { return chart.DataCaption(c.Title) }

func chartSeriesHeader(c *chart.Chart, i int) string {
	if !c.HasLegend() {
		return "Value"
	}
	return c.Series[i]
}

func writeChartTable(w *bytes.Buffer, c *chart.Chart) {
	w.WriteString("<div class=\"table-wrap\">\n<table class=\"chart-data\">\n")
	fmt.Fprintf(w, "<caption>%s</caption>\n<thead>\n<tr>\n<th scope=\"col\">%s</th>\n", esc(chartTableCaption(c)), esc(c.Category))
	for i := range c.Series {
		fmt.Fprintf(w, "<th scope=\"col\" class=\"right\">%s</th>\n", esc(chartSeriesHeader(c, i)))
	}
	w.WriteString("</tr>\n</thead>\n<tbody>\n")
	for _, row := range c.Rows {
		if row.Highlight {
			w.WriteString("<tr class=\"highlight\">\n")
		} else {
			w.WriteString("<tr>\n")
		}
		fmt.Fprintf(w, "<th scope=\"row\">%s</th>\n", esc(row.Label))
		for _, v := range row.Values {
			fmt.Fprintf(w, "<td class=\"right\">%s</td>\n", esc(c.Format(v)))
		}
		w.WriteString("</tr>\n")
	}
	w.WriteString("</tbody>\n</table>\n</div>\n")
}

func writeHTMLPage(body []byte, m Meta) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", esc(m.Lang))
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(m.Title))
	meta := func(name, content string) {
		if content != "" {
			fmt.Fprintf(&b, "<meta name=\"%s\" content=\"%s\">\n", name, esc(content))
		}
	}
	meta("author", m.Author)
	meta("description", m.Subject)
	meta("keywords", m.Keywords)
	meta("generator", m.Generator)
	if !m.Date.IsZero() {
		meta("dcterms.date", m.Date.Format("2006-01-02"))
	}
	b.WriteString("<style>\n")
	b.WriteString(css)
	if m.Draft {
		b.WriteString(draftCSS)
	}
	b.WriteString("</style>\n</head>\n<body>\n")
	// The first thing a keyboard or screen reader user meets: a link past
	// anything before the paper itself.
	b.WriteString("<a class=\"skip-link\" href=\"#main\">Skip to the paper</a>\n<main id=\"main\" tabindex=\"-1\">\n")
	if m.Draft {
		// Inside main, so that a reader who skips to the paper meets it.
		b.WriteString("<p class=\"draft-banner\" role=\"note\"><strong>Draft</strong>: not the final paper; its figures and text may change.</p>\n")
	}
	b.Write(body)
	b.WriteString("</main>\n")
	if m.Footer != "" {
		fmt.Fprintf(&b, "<footer>\n<p>%s</p>\n</footer>\n", esc(m.Footer))
	}
	b.WriteString("</body>\n</html>\n")
	return b.Bytes()
}

// css is the page's only style sheet: readable on screen, A4 in print.
// draftCSS styles the banner of a draft, on screen and in print.
const draftCSS = `.draft-banner { margin: 0 0 1.5rem; padding: .6rem 1rem; border: 2px solid #8a1c1c; color: #8a1c1c; background: #fff; font-weight: normal; }
`

var css = strings.TrimLeft(`
body {
  margin: 0;
  background: #fff;
  color: #1a1a1a;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, Helvetica, sans-serif;
  font-size: 1.0625rem;
  line-height: 1.5;
}
main, body > footer { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 1.5rem 0 1rem; }
h2 { font-size: 1.375rem; line-height: 1.3; margin: 2rem 0 .75rem; }
h3 { font-size: 1.125rem; line-height: 1.3; margin: 1.5rem 0 .5rem; }
p { margin: 0 0 1rem; }
ol, ul { margin: 0 0 1rem; padding-left: 2.5rem; }
li { margin: 0 0 .5rem; }
li > p { margin: 0 0 .75rem; }
li > ul, li > ol { margin-top: .5rem; }
ul ul, ol ul { list-style-type: disc; }
blockquote { margin: 0 2rem 1rem; font-style: italic; }
hr { border: 0; border-top: 1px solid #8c8c8c; margin: 1.5rem 0; }
a { color: #0b4f9c; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; }
pre { background: #f4f4f4; padding: .5rem .75rem; overflow-x: auto; }
.table-wrap { margin: 0 0 1.25rem; overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: .9375rem; }
caption { caption-side: top; padding: 0 0 .4rem; text-align: left; font-weight: bold; }
th, td { border: 1px solid #808080; padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #e6e6e6; font-weight: bold; }
tbody th { font-weight: normal; }
.right { text-align: right; font-variant-numeric: tabular-nums; }
td.right, .nowrap { white-space: nowrap; }
.center { text-align: center; }
tr.total th, tr.total td, tr.highlight th, tr.highlight td { font-weight: bold; }
tr.highlight th, tr.highlight td { background: #f0f0f0; }
figure.chart { margin: 0 0 .75rem; }
figure.chart figcaption { margin: 0 0 .4rem; font-weight: bold; }
figure.chart svg { display: block; width: 100%; height: auto; }
.image-alt { font-style: italic; }
body > footer { border-top: 1px solid #ccc; color: #555; font-size: .875rem; }
.skip-link { position: absolute; left: -999rem; top: .5rem; padding: .5rem 1rem; background: #fff; color: #0b4f9c; border: 2px solid #0b4f9c; z-index: 10; }
.skip-link:focus { left: .5rem; }
main:focus { outline: none; }
@page { size: A4; margin: 20mm; }
@media print {
  .skip-link { display: none; }
  body { font-size: 12pt; line-height: 1.35; }
  main, body > footer { max-width: none; margin: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
  a.show-url::after { content: " (" attr(href) ")"; }
  .table-wrap { overflow: visible; }
  thead { display: table-header-group; }
  tr, figure, pre, blockquote { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, caption, figcaption { break-after: avoid; page-break-after: avoid; }
  h1 + *, h2 + *, h3 + * { break-before: avoid; page-break-before: avoid; }
  figure.chart { break-after: avoid; page-break-after: avoid; }
  thead th, tr.highlight th, tr.highlight td { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`, "\n")
