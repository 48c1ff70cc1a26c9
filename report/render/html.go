package render

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/carereport/carereport/report/render/chart"
	"github.com/carereport/carereport/report/render/markdown"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// chartWidth is the width, in points, at which charts are laid out: the
// text width of an A4 page with 20 mm margins. The SVG scales to the page.
const chartWidth = 170 / 25.4 * 72

// htmlNodes renders the nodes whose HTML differs from goldmark's: tables
// (caption, header scopes, alignment classes), charts, links (a class for
// print CSS) and images (alt text only: the page must stay self-contained).
type htmlNodes struct {
	charts int
}

func (r *htmlNodes) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTable, r.table)
	reg.Register(extast.KindTableHeader, r.tableHeader)
	reg.Register(extast.KindTableRow, r.tableRow)
	reg.Register(extast.KindTableCell, r.tableCell)
	reg.Register(markdown.KindChart, r.chart)
	reg.Register(ast.KindLink, r.link)
	reg.Register(ast.KindImage, r.image)
}

func esc(s string) string { return html.EscapeString(s) }

func alignClass(a extast.Alignment) string {
	switch a {
	case extast.AlignRight:
		return ` class="right"`
	case extast.AlignCenter:
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

func hasBodyRows(t ast.Node) bool {
	for c := t.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() == extast.KindTableRow {
			return true
		}
	}
	return false
}

func (r *htmlNodes) table(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	t := n.(*extast.Table)
	if entering {
		_, _ = w.WriteString("<div class=\"table-wrap\">\n<table>\n")
		if c := markdown.Caption(t); c != "" {
			fmt.Fprintf(w, "<caption>%s</caption>\n", esc(c))
		}
		return ast.WalkContinue, nil
	}
	if hasBodyRows(t) {
		_, _ = w.WriteString("</tbody>\n")
	}
	_, _ = w.WriteString("</table>\n</div>\n")
	return ast.WalkContinue, nil
}

func (r *htmlNodes) tableHeader(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<thead>\n<tr>\n")
	} else {
		_, _ = w.WriteString("</tr>\n</thead>\n")
	}
	return ast.WalkContinue, nil
}

func (r *htmlNodes) tableRow(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</tr>\n")
		return ast.WalkContinue, nil
	}
	if prev := n.PreviousSibling(); prev == nil || prev.Kind() != extast.KindTableRow {
		_, _ = w.WriteString("<tbody>\n")
	}
	if markdown.IsTotalRow(n.(*extast.TableRow), src) {
		_, _ = w.WriteString("<tr class=\"total\">\n")
	} else {
		_, _ = w.WriteString("<tr>\n")
	}
	return ast.WalkContinue, nil
}

func cellTag(n ast.Node) (tag, scope string) {
	if n.Parent() != nil && n.Parent().Kind() == extast.KindTableHeader {
		return "th", ` scope="col"`
	}
	if n.PreviousSibling() == nil {
		return "th", ` scope="row"`
	}
	return "td", ""
}

func (r *htmlNodes) tableCell(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	cell := n.(*extast.TableCell)
	tag, scope := cellTag(n)
	if entering {
		class := alignClass(cell.Alignment)
		if class == "" && scope != ` scope="col"` && keepWhole(markdown.PlainText(n, src), scope == ` scope="row"`) {
			// A short row label (a date, "Total") or a short word (a
			// CQC ID, which would break at its hyphen) stays on one line.
			class = ` class="nowrap"`
		}
		fmt.Fprintf(w, "<%s%s%s>", tag, scope, class)
	} else {
		fmt.Fprintf(w, "</%s>\n", tag)
	}
	return ast.WalkContinue, nil
}

func (r *htmlNodes) chart(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	c := n.(*markdown.Chart).Chart
	r.charts++
	id := fmt.Sprintf("chart-%d", r.charts)
	capID := id + "-caption"
	fmt.Fprintf(w, "<figure class=\"chart\" id=\"%s-figure\">\n<figcaption id=\"%s\">%s</figcaption>\n", id, capID, esc(c.Title))
	d := c.Layout(chartWidth)
	_, _ = w.Write(d.SVG(id, capID, c.Description()))
	_, _ = w.WriteString("\n</figure>\n")
	if !c.DataBelow {
		writeChartTable(w, c)
	}
	return ast.WalkSkipChildren, nil
}

// ChartTableCaption is the caption of the data table that follows a chart.
func chartTableCaption(c *chart.Chart) string { return chart.DataCaption(c.Title) }

func chartSeriesHeader(c *chart.Chart, i int) string {
	if !c.HasLegend() {
		return "Value"
	}
	return c.Series[i]
}

func writeChartTable(w util.BufWriter, c *chart.Chart) {
	_, _ = w.WriteString("<div class=\"table-wrap\">\n<table class=\"chart-data\">\n")
	fmt.Fprintf(w, "<caption>%s</caption>\n<thead>\n<tr>\n<th scope=\"col\">%s</th>\n", esc(chartTableCaption(c)), esc(c.Category))
	for i := range c.Series {
		fmt.Fprintf(w, "<th scope=\"col\" class=\"right\">%s</th>\n", esc(chartSeriesHeader(c, i)))
	}
	_, _ = w.WriteString("</tr>\n</thead>\n<tbody>\n")
	for _, row := range c.Rows {
		if row.Highlight {
			_, _ = w.WriteString("<tr class=\"highlight\">\n")
		} else {
			_, _ = w.WriteString("<tr>\n")
		}
		fmt.Fprintf(w, "<th scope=\"row\">%s</th>\n", esc(row.Label))
		for _, v := range row.Values {
			fmt.Fprintf(w, "<td class=\"right\">%s</td>\n", esc(c.Format(v)))
		}
		_, _ = w.WriteString("</tr>\n")
	}
	_, _ = w.WriteString("</tbody>\n</table>\n</div>\n")
}

func (r *htmlNodes) link(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	l := n.(*ast.Link)
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<a href=\"")
	dest := util.URLEscape(l.Destination, true)
	if !ghtml.IsDangerousURL(dest) {
		_, _ = w.Write(util.EscapeHTML(dest))
	}
	_ = w.WriteByte('"')
	if l.Title != nil {
		fmt.Fprintf(w, ` title="%s"`, esc(markdown.Unescape(l.Title)))
	}
	if markdown.ShowURL(l, src) {
		_, _ = w.WriteString(` class="show-url"`)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func (r *htmlNodes) image(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<span class=\"image-alt\">")
		_, _ = w.WriteString(esc(markdown.PlainText(n, src)))
		_, _ = w.WriteString("</span>")
	}
	return ast.WalkSkipChildren, nil
}

func renderHTMLBody(md []byte) ([]byte, error) {
	g := markdown.New(goldmark.WithRendererOptions(
		renderer.WithNodeRenderers(util.Prioritized(&htmlNodes{}, 100)),
	))
	doc, err := markdown.ParseWith(g, md)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := g.Renderer().Render(&b, md, doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
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
