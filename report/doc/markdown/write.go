package markdown

import (
	"strconv"
	"strings"

	"github.com/carereport/carereport/report/doc"
	"github.com/carereport/carereport/report/render/chart"
)

// Write writes d as CommonMark with GFM pipe tables, in the paper's
// dialect: a numbered paragraph as an ordered list item with its number,
// a table's caption as a "Table:" line before it, a chart as a ```chart
// block (chart.Marshal). Text is escaped where Markdown would read it as
// markup, so Read gives back the same text. Equal documents give equal
// bytes; the output ends with one newline.
func Write(d *doc.Document) []byte {
	var w writer
	w.blocks(d.Blocks, "")
	s := strings.TrimRight(w.b.String(), "\n")
	return []byte(s + "\n")
}

type writer struct {
	b strings.Builder
}

// blocks writes bs, each line prefixed by indent (the continuation
// indent of a list item or the "> " of a quote), with a blank line
// between blocks.
func (w *writer) blocks(bs []doc.Block, indent string) {
	for i, b := range bs {
		if i > 0 {
			w.b.WriteString(strings.TrimRight(indent, " "))
			w.b.WriteByte('\n')
			if listEnds(bs[i-1], b) {
				// Two lists in a row, or a numbered paragraph then an
				// ordered list: an HTML comment keeps Markdown from
				// joining them into one list.
				w.b.WriteString(indent + "<!-- -->\n")
				w.b.WriteString(strings.TrimRight(indent, " ") + "\n")
			}
		}
		w.block(b, indent)
	}
}

// listEnds reports whether b, written after prev, would be read as more
// of prev's list.
func listEnds(prev, b doc.Block) bool {
	l, ok := b.(*doc.List)
	if !ok {
		return false
	}
	switch p := prev.(type) {
	case *doc.Para:
		return p.Number > 0 && l.Ordered
	case *doc.List:
		return p.Ordered == l.Ordered
	}
	return false
}

func (w *writer) block(b doc.Block, indent string) {
	switch b := b.(type) {
	case *doc.Heading:
		w.b.WriteString(indent + strings.Repeat("#", max(1, min(b.Level, 6))) + " ")
		w.b.WriteString(oneLine(inlines(b.Content, midLine)))
		w.b.WriteByte('\n')
	case *doc.Para:
		lead := ""
		if b.Number > 0 {
			lead = strconv.Itoa(b.Number) + ". "
		}
		text := inlines(b.Content, lineStart)
		w.lines(indent+lead, indent+strings.Repeat(" ", len(lead)), text)
	case *doc.List:
		for i, it := range b.Items {
			marker := "- "
			if b.Ordered {
				marker = strconv.Itoa(b.Start+i) + ". "
			}
			if i > 0 && !b.Tight {
				w.b.WriteString(strings.TrimRight(indent, " ") + "\n")
			}
			inner := indent + strings.Repeat(" ", len(marker))
			if len(it.Blocks) == 0 {
				w.b.WriteString(indent + strings.TrimRight(marker, " ") + "\n")
				continue
			}
			// The first line takes the marker; the rest of the item is
			// indented under its text.
			var sub writer
			if b.Tight {
				sub.tight(it.Blocks)
			} else {
				sub.blocks(it.Blocks, "")
			}
			text := strings.TrimRight(sub.b.String(), "\n")
			for j, l := range strings.Split(text, "\n") {
				switch {
				case j == 0:
					w.b.WriteString(indent + marker + l)
				case l == "":
					w.b.WriteString(strings.TrimRight(inner, " "))
				default:
					w.b.WriteString(inner + l)
				}
				w.b.WriteByte('\n')
			}
		}
	case *doc.Quote:
		w.blocks(b.Blocks, indent+"> ")
	case *doc.Rule:
		w.b.WriteString(indent + "---\n")
	case *doc.Code:
		fence := "```"
		for strings.Contains(b.Text, fence) {
			fence += "`"
		}
		w.b.WriteString(indent + fence + "\n")
		w.lines(indent, indent, strings.TrimSuffix(b.Text, "\n"))
		w.b.WriteString(indent + fence + "\n")
	case *doc.Figure:
		w.b.WriteString(indent + "```chart\n")
		w.lines(indent, indent, strings.TrimSuffix(string(chart.Marshal(b.Chart)), "\n"))
		w.b.WriteString(indent + "```\n")
	case *doc.Table:
		w.table(b, indent)
	}
}

// tight writes a tight list item's blocks with no blank line between
// them.
func (w *writer) tight(bs []doc.Block) {
	for _, b := range bs {
		w.block(b, "")
	}
}

// lines writes text, its first line after first and the others after
// rest.
func (w *writer) lines(first, rest, text string) {
	for i, l := range strings.Split(text, "\n") {
		if i == 0 {
			w.b.WriteString(first)
		} else {
			w.b.WriteString(rest)
		}
		w.b.WriteString(l)
		w.b.WriteByte('\n')
	}
}

func (w *writer) table(t *doc.Table, indent string) {
	if t.Caption != "" {
		w.b.WriteString(indent + "Table: " + oneLine(escapeText(t.Caption, true)) + "\n")
		w.b.WriteString(strings.TrimRight(indent, " ") + "\n")
	}
	cols := len(t.Header)
	for _, r := range t.Rows {
		cols = max(cols, len(r.Cells))
	}
	row := func(cells []doc.Cell) {
		w.b.WriteString(indent + "|")
		for i := 0; i < cols; i++ {
			w.b.WriteString(" ")
			if i < len(cells) {
				w.b.WriteString(oneLine(inlines(cells[i], midLine)))
			}
			w.b.WriteString(" |")
		}
		w.b.WriteByte('\n')
	}
	row(t.Header)
	w.b.WriteString(indent + "|")
	for i := 0; i < cols; i++ {
		a := doc.AlignDefault
		if i < len(t.Align) {
			a = t.Align[i]
		}
		switch a {
		case doc.AlignLeft:
			w.b.WriteString(" :--- |")
		case doc.AlignRight:
			w.b.WriteString(" ---: |")
		case doc.AlignCenter:
			w.b.WriteString(" :---: |")
		default:
			w.b.WriteString(" --- |")
		}
	}
	w.b.WriteByte('\n')
	for _, r := range t.Rows {
		row(r.Cells)
	}
}

// oneLine keeps a heading, caption or cell on one line.
func oneLine(s string) string {
	return strings.ReplaceAll(s, "\n", " ")
}

const (
	lineStart = true
	midLine   = false
)

// inlines writes inline content; atStart says the text begins a line.
func inlines(in []doc.Inline, atStart bool) string {
	var b strings.Builder
	start := atStart
	for _, x := range in {
		switch x := x.(type) {
		case doc.Text:
			b.WriteString(escapeText(x.S, start))
		case doc.Break:
			if x.Hard {
				b.WriteString("  \n")
			} else {
				b.WriteString("\n")
			}
			start = true
			continue
		case *doc.Emph:
			b.WriteString("*" + inlines(x.Content, false) + "*")
		case *doc.Strong:
			b.WriteString("**" + inlines(x.Content, false) + "**")
		case *doc.Link:
			if bare(x) {
				b.WriteString(doc.PlainText(x.Content))
				break
			}
			dest := x.Dest
			if strings.ContainsAny(dest, " ()<>\n") {
				dest = "<" + strings.NewReplacer("<", "%3C", ">", "%3E", "\n", "%0A").Replace(dest) + ">"
			}
			b.WriteString("[" + inlines(x.Content, false) + "](" + dest + ")")
		case doc.CodeSpan:
			ticks := "`"
			for strings.Contains(x.S, ticks) {
				ticks += "`"
			}
			s := strings.ReplaceAll(x.S, "|", `\|`)
			if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") && strings.Trim(s, " ") != "" {
				s = " " + s + " "
			}
			b.WriteString(ticks + s + ticks)
		case doc.Image:
			b.WriteString("![" + escapeText(x.Alt, false) + "]()")
		}
		start = false
	}
	return b.String()
}

// escapeText backslash-escapes what Markdown would read as markup: the
// characters of emphasis, links, code, HTML, tables and entities
// anywhere, and at the start of a line what would begin a heading, a
// quote, a list or a rule.
func escapeText(s string, atStart bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '*', '_', '`', '[', ']', '<', '>', '|':
			b.WriteByte('\\')
		case '&':
			if entityAt(s[i:]) {
				b.WriteByte('\\')
			}
		case '#', '-', '+', '=', '~':
			if i == 0 && atStart {
				b.WriteByte('\\')
			}
		case '.', ')':
			if atStart && i > 0 && i <= 9 && strings.Trim(s[:i], "0123456789") == "" {
				b.WriteByte('\\')
			}
		case '\n':
			b.WriteString(" ")
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// entityAt reports whether s starts with what could be read as an entity
// reference: "&" then a name or "#" and a number, then ";".
func entityAt(s string) bool {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 40 {
		return false
	}
	for _, r := range s[1:end] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '#') {
			return false
		}
	}
	return true
}

// bare reports whether a link is written as its address alone, which
// Markdown reads back as the same link: its text is its destination (an
// e-mail address for a mailto: one) and has nothing to escape.
func bare(l *doc.Link) bool {
	if len(l.Content) != 1 {
		return false
	}
	t, ok := l.Content[0].(doc.Text)
	if !ok || escapeText(t.S, false) != t.S || strings.ContainsAny(t.S, " \t") {
		return false
	}
	switch {
	case strings.HasPrefix(l.Dest, "mailto:"):
		return "mailto:"+t.S == l.Dest && strings.Count(t.S, "@") == 1
	case strings.HasPrefix(l.Dest, "https://"), strings.HasPrefix(l.Dest, "http://"):
		return t.S == l.Dest
	}
	return false
}
