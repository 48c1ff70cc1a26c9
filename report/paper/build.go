package paper

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/template"

	"github.com/carereport/carereport/report/doc"
	dmd "github.com/carereport/carereport/report/doc/markdown"
)

// A template's output becomes the paper's blocks as it runs: its text
// (the template's own and what it prints: sentences, figures, names) is
// Markdown, read into blocks with doc/markdown; the paper's tables and
// charts and the officers' narrative are typed blocks, which a template
// places where it prints them. Nothing the paper makes itself is written
// as Markdown and read back, and no number, total row or lead-in is
// found again from text.

// Blocks are typed blocks a template places where it prints them: one of
// the paper's tables or charts ({{.Tables.ratings}}, {{.Charts.map}}) or
// an officer's narrative section ({{.Narrative.background}}). A name
// whose data is missing holds nil, so {{if .Tables.NAME}} is false and
// {{.Tables.NAME}} prints nothing.
type Blocks struct {
	d      *Doc
	blocks []doc.Block
	// leadIn says that the paragraph just before the blocks, where the
	// template puts one, is the sentence that introduces them (the
	// paper's "The current ratings are:"): it is kept with them.
	leadIn bool
}

// String places the blocks in the document the template is writing,
// after the text before them, and prints nothing: text/template prints a
// value with fmt, which calls String.
func (b *Blocks) String() string {
	if b == nil || b.d == nil || b.d.out == nil || b.d.quiet > 0 {
		return ""
	}
	b.d.out.place(b.blocks, b.leadIn, false)
	return ""
}

// blocks makes the Blocks value of the paper's own tables and charts
// (numbered "Table N:" and "Figure N:" where placed); nil blocks are left
// out, and nil is returned when none is left.
func (d *Doc) blocks(leadIn bool, bs ...doc.Block) *Blocks {
	var out []doc.Block
	for _, b := range bs {
		switch x := b.(type) {
		case *doc.Table:
			if x == nil {
				continue
			}
			d.own[x] = true
		case *doc.Figure:
			if x == nil {
				continue
			}
			d.own[x] = true
		case *doc.Para:
			if x == nil {
				continue
			}
		case nil:
			continue
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		return nil
	}
	return &Blocks{d: d, blocks: out, leadIn: leadIn}
}

// builder is the io.Writer a template runs into. Text is kept as it
// comes; a typed block placed, or a {{para}}, ends the text before it.
// blocks then reads each run of text with doc/markdown and puts the
// typed blocks between.
type builder struct {
	d    *Doc
	g    *guard
	opts dmd.Options
	// text is all the text the template made; start is where the text
	// not yet ended by a placement starts.
	text  []byte
	start int
	segs  []segment
}

// segment is a run of text, a {{para}} or placed blocks.
type segment struct {
	from, to int
	para     bool
	placed   []doc.Block
	leadIn   bool
}

func newBuilder(d *Doc, g *guard, opts dmd.Options) *builder {
	return &builder{d: d, g: g, opts: opts}
}

// Write keeps text, failing once the template's text passes its limit.
func (b *builder) Write(p []byte) (int, error) {
	if len(b.text)+len(p) > b.g.lim.output {
		return 0, b.g.fail("its text comes to more than %d bytes", b.g.lim.output)
	}
	if err := b.g.late(); err != nil {
		return 0, err
	}
	b.text = append(b.text, p...)
	return len(p), nil
}

// end ends the run of text before a placement.
func (b *builder) end() {
	if b.start < len(b.text) {
		b.segs = append(b.segs, segment{from: b.start, to: len(b.text)})
		b.start = len(b.text)
	}
}

// para numbers the next paragraph.
func (b *builder) para() {
	b.end()
	b.segs = append(b.segs, segment{para: true})
}

// place puts a copy of bs here: each placement is a block of its own,
// numbered where it stands. number makes each top-level paragraph a
// numbered one.
func (b *builder) place(bs []doc.Block, leadIn, number bool) {
	b.end()
	var cp []doc.Block
	for _, x := range bs {
		y := copyBlock(x)
		if b.d != nil && b.d.own[x] {
			b.d.own[y] = true
		}
		if p, ok := y.(*doc.Para); ok && number && p.Number == 0 {
			p.Number = 1
		}
		cp = append(cp, y)
	}
	b.segs = append(b.segs, segment{placed: cp, leadIn: leadIn})
}

// copyBlock copies the top level of a block, which the numbering pass
// writes to (a paragraph's number, a table's caption, a chart's title).
func copyBlock(x doc.Block) doc.Block {
	switch x := x.(type) {
	case *doc.Para:
		c := *x
		return &c
	case *doc.Table:
		c := *x
		return &c
	case *doc.Figure:
		c := *x
		if x.Chart != nil {
			ch := *x.Chart
			c.Chart = &ch
		}
		return &c
	}
	return x
}

// blocks reads the text and puts the placed blocks between: a {{para}}
// numbers the paragraph after it (a paragraph's Number is 1 until the
// numbering pass), a lead-in placement keeps the paragraph before it
// with it.
func (b *builder) blocks() ([]doc.Block, error) {
	b.end()
	var out []doc.Block
	numberNext := false
	add := func(x doc.Block) {
		if numberNext {
			if p, ok := x.(*doc.Para); ok && p.Number == 0 {
				p.Number = 1
			}
			numberNext = false
		}
		out = append(out, x)
	}
	for _, s := range b.segs {
		switch {
		case s.para:
			numberNext = true
		case s.placed != nil:
			if s.leadIn && len(out) > 0 {
				if p, ok := out[len(out)-1].(*doc.Para); ok {
					p.KeepWithNext = true
				}
			}
			for _, x := range s.placed {
				add(x)
			}
		default:
			d, err := dmd.Read(b.text[s.from:s.to], b.opts)
			if err != nil {
				return nil, textError(err, b.text[:s.from], b.text[s.from:s.to])
			}
			for _, x := range d.Blocks {
				add(x)
			}
		}
	}
	return out, nil
}

// textError names the line of the whole text an error of doc/markdown
// names in a run of it ("line 3: chart: ..."): before is the text
// before the run. A line past the run's end (an empty chart block at
// its end is named on the line after its fence) is the run's last.
func textError(err error, before, run []byte) error {
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return err
	}
	n, tail, ok := strings.Cut(rest, ":")
	line, aerr := strconv.Atoi(n)
	if !ok || aerr != nil {
		return err
	}
	line = min(line, strings.Count(string(run), "\n")+1)
	return fmt.Errorf("line %d of the text it makes:%s", line+strings.Count(string(before), "\n"), tail)
}

// run executes t (named name) on data into b, under b's guard.
func (b *builder) run(t *template.Template, name string, data any) error {
	if err := instrument(t); err != nil {
		return err
	}
	if b.d != nil {
		prev := b.d.out
		b.d.out = b
		defer func() { b.d.out = prev }()
	}
	if err := t.ExecuteTemplate(b, name, data); err != nil {
		var le *limitError
		if errors.As(err, &le) {
			return le
		}
		return err
	}
	return nil
}

// numberBlocks numbers the finished document in reading order: the
// numbered paragraphs 1, 2, 3 ... across sections, and the paper's own
// tables and charts (own) "Table N: " and "Figure N: " before their
// captions and titles. Tables and charts of an officer's own are left as
// they are.
func numberBlocks(bs []doc.Block, own map[doc.Block]bool) {
	para, table, figure := 0, 0, 0
	for _, b := range bs {
		switch x := b.(type) {
		case *doc.Para:
			if x.Number > 0 {
				para++
				x.Number = para
			}
		case *doc.Table:
			if own[x] {
				table++
				x.Caption = "Table " + strconv.Itoa(table) + ": " + x.Caption
			}
		case *doc.Figure:
			if own[x] && x.Chart != nil {
				figure++
				x.Chart.Title = "Figure " + strconv.Itoa(figure) + ": " + x.Chart.Title
			}
		}
	}
}

// numbered places narrative blocks, or reads text (the paragraphs of
// .S.since), numbering each top-level paragraph; lists, tables, headings
// and quotes are left as they are, so that an officer's own ordered list
// stays a list.
func (d *Doc) numbered(v any) (string, error) {
	if d == nil || d.out == nil || d.quiet > 0 {
		return "", nil
	}
	switch v := v.(type) {
	case *Blocks:
		if v != nil {
			d.out.place(v.blocks, false, true)
		}
	case string:
		r, err := dmd.Read([]byte(v), d.out.opts)
		if err != nil {
			return "", err
		}
		d.out.place(r.Blocks, false, true)
	default:
		return "", fmt.Errorf("numbered takes a narrative section or text, not %T", v)
	}
	return "", nil
}
