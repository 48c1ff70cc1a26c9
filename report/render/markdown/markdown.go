// Package markdown holds the Markdown dialect of carereport's committee
// papers: the goldmark parser set up with GFM tables and autolinks, and two
// AST transformers that turn a "Table: ..." paragraph into the caption of the
// table after it and a fenced code block with info string "chart" into a
// Chart node. Both the HTML and the PDF renderer walk the AST made here.
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/carereport/carereport/report/render/chart"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindChart is the node kind of a chart block.
var KindChart = ast.NewNodeKind("Chart")

// Chart is a block node made from a ```chart fenced code block.
type Chart struct {
	ast.BaseBlock
	Chart *chart.Chart
	Line  int // line of the opening fence in the Markdown source, 1-based
}

// Kind implements ast.Node.
func (n *Chart) Kind() ast.NodeKind { return KindChart }

// Dump implements ast.Node.
func (n *Chart) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Title": n.Chart.Title}, nil)
}

// captionAttr is the attribute under which a table's caption is kept.
var captionAttr = []byte("carereport-caption")

// Caption returns the caption of a table, or "".
func Caption(t *extast.Table) string {
	if v, ok := t.AttributeString(string(captionAttr)); ok {
		if s, ok := v.(string); ok {
			return s
		}
	}
	return ""
}

func setCaption(t *extast.Table, s string) { t.SetAttribute(captionAttr, s) }

// Extensions used by New, for renderers that build their own goldmark.
func options() []goldmark.Option {
	return []goldmark.Option{
		goldmark.WithExtensions(extension.Table, extension.Linkify),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(
				util.Prioritized(captionTransformer{}, 100),
				util.Prioritized(chartTransformer{}, 100),
			),
		),
	}
}

// New returns a goldmark instance with the carereport dialect; extra options
// (such as renderer settings) are applied after the dialect's own.
func New(extra ...goldmark.Option) goldmark.Markdown {
	return goldmark.New(append(options(), extra...)...)
}

var errKey = parser.NewContextKey()

// Parse parses md into an AST. Errors in chart blocks are reported here,
// with the line number in md.
func Parse(md []byte) (ast.Node, error) {
	return ParseWith(New(), md)
}

// ParseWith parses md with a goldmark instance made by New.
func ParseWith(g goldmark.Markdown, md []byte) (ast.Node, error) {
	ctx := parser.NewContext()
	doc := g.Parser().Parse(text.NewReader(md), parser.WithContext(ctx))
	if err, ok := ctx.Get(errKey).(error); ok && err != nil {
		return nil, err
	}
	return doc, nil
}

func lineOf(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	if off < 0 {
		off = 0
	}
	return 1 + bytes.Count(src[:off], []byte{'\n'})
}

// chartTransformer replaces ```chart blocks by Chart nodes.
type chartTransformer struct{}

func (chartTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if fc, ok := n.(*ast.FencedCodeBlock); ok {
				if strings.EqualFold(string(fc.Language(src)), "chart") {
					blocks = append(blocks, fc)
				}
				return ast.WalkSkipChildren, nil
			}
		}
		return ast.WalkContinue, nil
	})
	for _, fc := range blocks {
		var body bytes.Buffer
		lines := fc.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			body.Write(seg.Value(src))
		}
		fence := 1
		if fc.Info != nil {
			fence = lineOf(src, fc.Info.Segment.Start)
		} else if lines.Len() > 0 {
			fence = lineOf(src, lines.At(0).Start) - 1
		}
		c, err := chart.Parse(body.Bytes())
		if err != nil {
			if pc.Get(errKey) == nil {
				if pe, ok := err.(*chart.ParseError); ok {
					err = fmt.Errorf("line %d: chart: %s", fence+pe.Line, pe.Msg)
				} else {
					err = fmt.Errorf("line %d: chart: %w", fence, err)
				}
				pc.Set(errKey, err)
			}
			continue
		}
		node := &Chart{Chart: c, Line: fence}
		fc.Parent().ReplaceChild(fc.Parent(), fc, node)
	}
}

// captionTransformer moves "Table: ..." paragraphs onto the following
// table.
type captionTransformer struct{}

func (captionTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var tables []*extast.Table
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*extast.Table); ok && entering {
			tables = append(tables, t)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, t := range tables {
		p, ok := t.PreviousSibling().(*ast.Paragraph)
		if !ok {
			continue
		}
		s := strings.TrimSpace(PlainText(p, src))
		rest, ok := cutPrefixFold(s, "Table:")
		if !ok {
			continue
		}
		setCaption(t, strings.TrimSpace(rest))
		p.Parent().RemoveChild(p.Parent(), p)
	}
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return "", false
}

// TextValue returns the text of a Text node as a reader sees it: backslash
// escapes removed and entity references resolved, exactly as goldmark's
// HTML writer treats them.
func TextValue(t *ast.Text, src []byte) string {
	v := t.Segment.Value(src)
	if t.IsRaw() {
		return string(v)
	}
	return Unescape(v)
}

// Unescape resolves backslash escapes and entity references in inline
// Markdown text.
func Unescape(v []byte) string {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	ghtml.DefaultWriter.Write(w, v)
	_ = w.Flush()
	return html.UnescapeString(b.String())
}

// PlainText returns the text content of n and its descendants: soft line
// breaks become spaces, markup is dropped, raw HTML is left out.
func PlainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.WriteString(TextValue(c, src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				b.Write(c.Value)
			} else {
				b.WriteString(Unescape(c.Value))
			}
		case *ast.AutoLink:
			b.WriteString(string(c.Label(src)))
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// IsTotalRow reports whether a row's first cell reads "Total" (a table
// may have a row after its total, such as Good or Outstanding); renderers
// set such a row in bold.
func IsTotalRow(row *extast.TableRow, src []byte) bool {
	if row.FirstChild() == nil {
		return false
	}
	return strings.EqualFold(strings.TrimSpace(PlainText(row.FirstChild(), src)), "total")
}
