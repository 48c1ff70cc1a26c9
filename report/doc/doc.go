// Package doc is carereport's document model: a paper as a list of typed
// blocks (headings, numbered and plain paragraphs, tables with a caption
// and a total row, charts with typed series, lists, quotes, rules) made of
// typed inline runs. The paper package builds a Document; the Markdown,
// HTML, PDF and Word writers each walk the same Document, so no writer
// parses another's output: a paragraph's number, a table's total row and a
// chart's figures are fields here, never found again from text.
//
// Officers' narrative, which is Markdown, is read into the same blocks by
// package doc/markdown.
package doc

import "github.com/carereport/carereport/report/render/chart"

// Document is a paper: its blocks in reading order.
type Document struct {
	Blocks []Block
}

// Block is one of Heading, Para, Table, Figure, List, Quote, Rule and
// Code.
type Block interface{ isBlock() }

// Heading is a section heading; Level 1 is the document's title.
type Heading struct {
	Level   int
	Content []Inline
}

// Para is a paragraph. Number > 0 makes it one of the paper's numbered
// paragraphs, which count on across sections (a committee paper's
// convention); 0 is a plain paragraph. KeepWithNext says the paragraph
// introduces the block after it (a table's lead-in), so a page should not
// fall between them.
type Para struct {
	Number       int
	KeepWithNext bool
	Content      []Inline
}

// Align is a table column's alignment.
type Align int

const (
	AlignDefault Align = iota
	AlignLeft
	AlignRight
	AlignCenter
)

// Cell is the content of one table cell.
type Cell []Inline

// Row is a table's body row. Total marks the row of totals (set in bold).
type Row struct {
	Cells []Cell
	Total bool
}

// Table is a table with an optional caption (already numbered, e.g.
// "Table 3: Ratings by service type"). The first cell of each body row is
// that row's heading.
type Table struct {
	Caption string
	Header  []Cell
	Align   []Align
	Rows    []Row
}

// Figure is a chart with its typed series. Its text alternative is the
// chart's own data table (chart.Chart.Rows), which every writer prints
// unless the chart says its data is in the table below (DataBelow).
type Figure struct {
	Chart *chart.Chart
}

// List is a bullet (Ordered false) or ordered list. An ordered list
// starts at Start. Tight lists have no space between items.
type List struct {
	Ordered bool
	Start   int
	Tight   bool
	Items   []Item
}

// Item is one list item.
type Item struct {
	Blocks []Block
}

// Quote is a block quotation.
type Quote struct {
	Blocks []Block
}

// Rule is a thematic break, a thin rule (never a page break).
type Rule struct{}

// Code is a block of preformatted text.
type Code struct {
	Text string
}

func (*Heading) isBlock() {}
func (*Para) isBlock()    {}
func (*Table) isBlock()   {}
func (*Figure) isBlock()  {}
func (*List) isBlock()    {}
func (*Quote) isBlock()   {}
func (*Rule) isBlock()    {}
func (*Code) isBlock()    {}

// Inline is one of Text, Emph, Strong, Link, CodeSpan, Image and Break.
type Inline interface{ isInline() }

// Text is plain text, as a reader sees it (no escapes).
type Text struct{ S string }

// Emph is emphasis (italic).
type Emph struct{ Content []Inline }

// Strong is strong emphasis (bold).
type Strong struct{ Content []Inline }

// Link is a link; Content is its text.
type Link struct {
	Dest    string
	Content []Inline
}

// CodeSpan is inline code.
type CodeSpan struct{ S string }

// Image is an image the paper does not show: writers print its alt
// text (in italics), so the page stays self-contained.
type Image struct{ Alt string }

// Break is a line break: Hard for a forced one (officers' contact
// blocks), else a soft break that reads as a space.
type Break struct{ Hard bool }

func (Text) isInline()     {}
func (*Emph) isInline()    {}
func (*Strong) isInline()  {}
func (*Link) isInline()    {}
func (CodeSpan) isInline() {}
func (Break) isInline()    {}
func (Image) isInline()    {}

// PlainText is the text of inlines as a reader hears it: breaks are
// spaces, markup is dropped.
func PlainText(in []Inline) string {
	var b []byte
	var walk func([]Inline)
	walk = func(in []Inline) {
		for _, x := range in {
			switch x := x.(type) {
			case Text:
				b = append(b, x.S...)
			case CodeSpan:
				b = append(b, x.S...)
			case Image:
				b = append(b, x.Alt...)
			case Break:
				b = append(b, ' ')
			case *Emph:
				walk(x.Content)
			case *Strong:
				walk(x.Content)
			case *Link:
				walk(x.Content)
			}
		}
	}
	walk(in)
	return string(b)
}

// Title is the text of the first level-1 heading, else of the first
// heading, else "".
func (d *Document) Title() string {
	first := ""
	for _, b := range d.Blocks {
		h, ok := b.(*Heading)
		if !ok {
			continue
		}
		if h.Level == 1 {
			return PlainText(h.Content)
		}
		if first == "" {
			first = PlainText(h.Content)
		}
	}
	return first
}
