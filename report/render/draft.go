package render

import (
	"bytes"
	"strings"

	"github.com/carereport/carereport/report/render/markdown"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// DraftPrefix starts the title of a draft paper in every format.
const DraftPrefix = "DRAFT: "

// DraftTitle returns md with "DRAFT: " put before the text of its title,
// the first level-one heading (or, without one, the first heading), so
// that the Markdown, HTML, PDF and Word papers all show it. A document with
// no heading, or whose title already starts so, is returned as it is.
func DraftTitle(md []byte) []byte {
	doc := markdown.New().Parser().Parse(text.NewReader(md))
	var first, top *ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		if first == nil {
			first = h
		}
		if h.Level == 1 {
			top = h
			return ast.WalkStop, nil
		}
		return ast.WalkSkipChildren, nil
	})
	h := top
	if h == nil {
		h = first
	}
	if h == nil || h.Lines().Len() == 0 {
		return md
	}
	at := h.Lines().At(0).Start
	if strings.HasPrefix(strings.ToUpper(string(md[at:min(len(md), at+len(DraftPrefix))])), DraftPrefix) {
		return md
	}
	var b bytes.Buffer
	b.Grow(len(md) + len(DraftPrefix))
	b.Write(md[:at])
	b.WriteString(DraftPrefix)
	b.Write(md[at:])
	return b.Bytes()
}
