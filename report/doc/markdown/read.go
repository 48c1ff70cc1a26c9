// Package markdown reads Markdown into carereport's document model and
// writes a document back as Markdown. Reading uses goldmark with the
// committee-paper dialect of package render/markdown (GFM tables, a
// "Table:" paragraph as the caption of the table after it, ```chart
// blocks); writing is one writer beside the HTML, PDF and Word ones.
package markdown

import (
	"strings"

	"github.com/carereport/carereport/report/doc"
	dialect "github.com/carereport/carereport/report/render/markdown"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// Options say which of the committee-paper conventions of hand-written
// Markdown a reading applies. Text the paper builds itself sets these
// fields on its blocks directly and needs none of them.
type Options struct {
	// Numbered reads a top-level ordered list that starts at 1 or more,
	// and whose every item is one paragraph, as the paper's numbered
	// paragraphs: each item becomes a doc.Para with the item's number.
	Numbered bool
	// Totals marks a table row whose first cell reads "Total" as the
	// total row.
	Totals bool
	// LeadIns marks a paragraph ending with a colon as introducing the
	// block after it (KeepWithNext).
	LeadIns bool
}

// Paper is every convention: how a whole paper written as Markdown (a
// custom template's output, an earlier paper) is read.
var Paper = Options{Numbered: true, Totals: true, LeadIns: true}

// Read parses md into a document. A malformed chart block is an error
// naming its line; anything else is read as CommonMark reads it (raw HTML
// is dropped, an image becomes its alt text).
func Read(md []byte, o Options) (*doc.Document, error) {
	root, err := dialect.Parse(md)
	if err != nil {
		return nil, err
	}
	r := reader{src: md, o: o}
	return &doc.Document{Blocks: r.blocks(root, 0)}, nil
}

type reader struct {
	src []byte
	o   Options
}

func (r *reader) blocks(parent ast.Node, depth int) []doc.Block {
	var out []doc.Block
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		out = append(out, r.block(n, depth)...)
	}
	return out
}

func (r *reader) block(n ast.Node, depth int) []doc.Block {
	switch n := n.(type) {
	case *ast.Heading:
		return []doc.Block{&doc.Heading{Level: n.Level, Content: trimEnds(unbroken(r.inlines(n)))}}
	case *ast.Paragraph, *ast.TextBlock:
		p := &doc.Para{Content: trimEnds(r.inlines(n))}
		if r.o.LeadIns && strings.HasSuffix(strings.TrimSpace(doc.PlainText(p.Content)), ":") {
			p.KeepWithNext = true
		}
		return []doc.Block{p}
	case *ast.List:
		if n.IsOrdered() && n.Start >= 1 && depth == 0 && r.o.Numbered {
			if paras, ok := r.numbered(n); ok {
				return paras
			}
		}
		l := &doc.List{Ordered: n.IsOrdered(), Tight: n.IsTight}
		if l.Ordered {
			l.Start = n.Start
		}
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			l.Items = append(l.Items, doc.Item{Blocks: r.blocks(it, depth+1)})
		}
		return []doc.Block{l}
	case *ast.Blockquote:
		return []doc.Block{&doc.Quote{Blocks: r.blocks(n, depth+1)}}
	case *ast.ThematicBreak:
		return []doc.Block{&doc.Rule{}}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(r.src))
		}
		return []doc.Block{&doc.Code{Text: b.String()}}
	case *dialect.Chart:
		return []doc.Block{&doc.Figure{Chart: n.Chart}}
	case *extast.Table:
		return []doc.Block{r.table(n)}
	}
	// HTML blocks and anything else are left out, as every writer did.
	return nil
}

// numbered reads an ordered list whose every item is one paragraph as
// numbered paragraphs; it reports false, reading nothing, for any other
// list, which stays a list.
func (r *reader) numbered(l *ast.List) ([]doc.Block, bool) {
	var out []doc.Block
	num := l.Start
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		if it.ChildCount() != 1 {
			return nil, false
		}
		inner := r.blocks(it, 1)
		if len(inner) != 1 {
			return nil, false
		}
		p, ok := inner[0].(*doc.Para)
		if !ok {
			return nil, false
		}
		p.Number = num
		out = append(out, p)
		num++
	}
	return out, true
}

func (r *reader) table(t *extast.Table) *doc.Table {
	out := &doc.Table{Caption: dialect.Caption(t)}
	for _, a := range t.Alignments {
		switch a {
		case extast.AlignLeft:
			out.Align = append(out.Align, doc.AlignLeft)
		case extast.AlignRight:
			out.Align = append(out.Align, doc.AlignRight)
		case extast.AlignCenter:
			out.Align = append(out.Align, doc.AlignCenter)
		default:
			out.Align = append(out.Align, doc.AlignDefault)
		}
	}
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []doc.Cell
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, doc.Cell(trimEnds(r.inlines(c))))
		}
		switch row := row.(type) {
		case *extast.TableHeader:
			out.Header = cells
		case *extast.TableRow:
			out.Rows = append(out.Rows, doc.Row{Cells: cells, Total: r.o.Totals && dialect.IsTotalRow(row, r.src)})
		}
	}
	return out
}

// inlines reads the inline children of n, joining adjacent text.
func (r *reader) inlines(n ast.Node) []doc.Inline {
	var out []doc.Inline
	add := func(x doc.Inline) {
		if t, ok := x.(doc.Text); ok && strings.ContainsAny(t.S, "\r\n") {
			// A line ending left in text (a lone carriage return) reads
			// as a space.
			x = doc.Text{S: strings.NewReplacer("\r", " ", "\n", " ").Replace(t.S)}
		}
		if _, ok := x.(doc.Break); ok && len(out) > 0 {
			// Spaces at the end of a line are not text.
			if prev, ok := out[len(out)-1].(doc.Text); ok {
				out[len(out)-1] = doc.Text{S: strings.TrimRight(prev.S, " \t")}
			}
		}
		if t, ok := x.(doc.Text); ok && len(out) > 0 {
			if _, ok := out[len(out)-1].(doc.Break); ok {
				x = doc.Text{S: strings.TrimLeft(t.S, " \t")}
			}
		}
		if t, ok := x.(doc.Text); ok && t.S == "" {
			return
		}
		out = appendInline(out, x)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			add(doc.Text{S: dialect.TextValue(c, r.src)})
			switch {
			case c.HardLineBreak():
				add(doc.Break{Hard: true})
			case c.SoftLineBreak():
				add(doc.Break{})
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				add(doc.Text{S: string(c.Value)})
			} else {
				add(doc.Text{S: dialect.Unescape(c.Value)})
			}
		case *ast.Emphasis:
			// Emphasis within emphasis of its kind reads as one: italics
			// in italics are italics.
			in := r.inlines(c)
			var flat []doc.Inline
			for _, x := range in {
				switch y := x.(type) {
				case *doc.Strong:
					if c.Level >= 2 {
						flat = append(flat, y.Content...)
						continue
					}
				case *doc.Emph:
					if c.Level < 2 {
						flat = append(flat, y.Content...)
						continue
					}
				}
				flat = append(flat, x)
			}
			if c.Level >= 2 {
				add(&doc.Strong{Content: flat})
			} else {
				add(&doc.Emph{Content: flat})
			}
		case *ast.Link:
			add(&doc.Link{Dest: dialect.Unescape(c.Destination), Content: r.inlines(c)})
		case *ast.AutoLink:
			label := string(c.Label(r.src))
			dest := string(c.URL(r.src))
			if c.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				dest = "mailto:" + dest
			}
			add(&doc.Link{Dest: dest, Content: []doc.Inline{doc.Text{S: label}}})
		case *ast.CodeSpan:
			// Line endings in code are spaces (CommonMark).
			add(doc.CodeSpan{S: strings.ReplaceAll(dialect.PlainText(c, r.src), "\n", " ")})
		case *ast.Image:
			add(doc.Image{Alt: dialect.PlainText(c, r.src)})
		case *ast.RawHTML:
			// dropped, as every writer did
		default:
			for _, x := range r.inlines(c) {
				add(x)
			}
		}
	}
	return out
}

// unbroken turns line breaks into spaces: a heading is one line.
func unbroken(in []doc.Inline) []doc.Inline {
	var out []doc.Inline
	for _, x := range in {
		switch y := x.(type) {
		case doc.Break:
			x = doc.Text{S: " "}
		case *doc.Emph:
			x = &doc.Emph{Content: unbroken(y.Content)}
		case *doc.Strong:
			x = &doc.Strong{Content: unbroken(y.Content)}
		case *doc.Link:
			x = &doc.Link{Dest: y.Dest, Content: unbroken(y.Content)}
		}
		out = appendInline(out, x)
	}
	return out
}

// trimEnds drops the spaces a block's text starts or ends with (left
// where raw HTML was dropped), which Markdown would not keep either.
func trimEnds(in []doc.Inline) []doc.Inline {
	if len(in) > 0 {
		if t, ok := in[0].(doc.Text); ok {
			in[0] = doc.Text{S: strings.TrimLeft(t.S, " \t")}
		}
		if t, ok := in[len(in)-1].(doc.Text); ok {
			in[len(in)-1] = doc.Text{S: strings.TrimRight(t.S, " \t")}
		}
	}
	out := in[:0]
	for _, x := range in {
		if t, ok := x.(doc.Text); ok && t.S == "" {
			continue
		}
		out = append(out, x)
	}
	return out
}

// appendInline appends x to in, joining it to text just before it.
func appendInline(in []doc.Inline, x doc.Inline) []doc.Inline {
	if t, ok := x.(doc.Text); ok && len(in) > 0 {
		if prev, ok := in[len(in)-1].(doc.Text); ok {
			in[len(in)-1] = doc.Text{S: prev.S + t.S}
			return in
		}
	}
	return append(in, x)
}
