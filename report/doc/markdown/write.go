package markdown

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/carereport/carereport/report/doc"
	"github.com/carereport/carereport/report/render/chart"
)

// Write writes d as CommonMark with GFM pipe tables, in the paper's
// dialect: a numbered paragraph as an ordered list item with its number,
// a table's caption as a "Table:" line before it, a chart as a ```chart
// block (chart.Marshal), a link whose text is its address as an autolink.
// Text is escaped where Markdown would read it as markup, so Read gives
// back the same text. Emphasis is written with asterisks; where
// CommonMark's rules cannot read it back (emphasis that starts with a
// punctuation mark straight after a letter, say), its asterisks read as
// text. Equal documents give equal bytes; the output ends with one
// newline.
func Write(d *doc.Document) []byte {
	var w writer
	w.blocks(d.Blocks, "")
	s := strings.TrimRight(w.b.String(), "\n")
	return []byte(s + "\n")
}

type writer struct {
	b strings.Builder
	// depth is how many lists the writer is inside: bullets change with
	// it ("-", "*", "+"), so that nested markers on one line ("- * +")
	// never read as a rule.
	depth int
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
// of prev's list: two lists of a kind, or numbered paragraphs and ordered
// lists in a row (but for a numbered paragraph straight after the one
// before it, which Markdown reads as the next item of the same list and
// so with its own number).
func listEnds(prev, b doc.Block) bool {
	ordered := func(x doc.Block) (num int, ok bool) {
		switch x := x.(type) {
		case *doc.Para:
			return x.Number, x.Number > 0
		case *doc.List:
			return 0, x.Ordered
		}
		return 0, false
	}
	if l, ok := b.(*doc.List); ok && !l.Ordered {
		p, ok := prev.(*doc.List)
		return ok && !p.Ordered
	}
	n1, ok1 := ordered(prev)
	n2, ok2 := ordered(b)
	if !ok1 || !ok2 {
		return false
	}
	return n1 == 0 || n2 != n1+1
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
			marker := []string{"- ", "* ", "+ "}[w.depth%3]
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
			sub := writer{depth: w.depth + 1}
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
		if len(b.Blocks) == 0 {
			w.b.WriteString(indent + ">\n")
			break
		}
		w.blocks(b.Blocks, indent+"> ")
	case *doc.Rule:
		w.b.WriteString(indent + "---\n")
	case *doc.Code:
		fence := "```"
		for strings.Contains(b.Text, fence) {
			fence += "`"
		}
		w.b.WriteString(indent + fence + "\n")
		if b.Text != "" {
			w.lines(indent, indent, strings.TrimSuffix(b.Text, "\n"))
		}
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
				w.b.WriteString(oneLine(inlines(cells[i], inCell)))
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

// where is where inline content is written.
type where int

const (
	lineStart where = iota // at the start of a line
	midLine                // after other text
	inCell                 // in a table cell
)

// inlines writes inline content.
func inlines(in []doc.Inline, at where) string {
	var b strings.Builder
	start := at == lineStart
	sub := midLine
	if at == inCell {
		sub = inCell
	}
	// Adjacent texts are escaped as one: "1" then ". x" still starts a
	// list at the start of a line.
	var merged []doc.Inline
	for _, x := range in {
		merged = appendInline(merged, x)
	}
	in = merged
	for _, x := range in {
		switch x := x.(type) {
		case doc.Text:
			if x.S == "" {
				continue
			}
			b.WriteString(escapeText(x.S, start))
		case doc.Break:
			if x.Hard && start {
				// Two spaces on an empty line would not be read as a
				// break.
				b.WriteString("\\\n")
			} else if x.Hard {
				b.WriteString("  \n")
			} else {
				b.WriteString("\n")
			}
			start = true
			continue
		case *doc.Emph:
			b.WriteString("*" + inlines(x.Content, sub) + "*")
		case *doc.Strong:
			b.WriteString("**" + inlines(x.Content, sub) + "**")
		case *doc.Link:
			if a := autolink(x); a != "" {
				b.WriteString(a)
				break
			}
			dest := x.Dest
			if strings.ContainsAny(dest, " ()<>\\\n") || dest == "" {
				dest = "<" + strings.NewReplacer(`\`, `\\`, "<", `\<`, ">", `\>`, "\n", " ").Replace(dest) + ">"
			}
			b.WriteString("[" + inlines(x.Content, sub) + "](" + dest + ")")
		case doc.CodeSpan:
			ticks := "`"
			for strings.Contains(x.S, ticks) {
				ticks += "`"
			}
			s := x.S
			if at == inCell {
				s = strings.ReplaceAll(s, "|", `\|`)
			}
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
			if c == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www") {
				break
			}
			if atStart && i > 0 && i <= 9 && strings.Trim(s[:i], "0123456789") == "" {
				b.WriteByte('\\')
			}
		case '@':
			// Not to be read as an e-mail address (GFM's autolinks).
			b.WriteByte('\\')
		case ':':
			if strings.HasPrefix(s[i:], "://") {
				b.WriteByte('\\')
			}
		case '\n', '\r':
			b.WriteString(" ")
			continue
		}
		if (c == '.') && i >= 3 && strings.EqualFold(s[i-3:i], "www") {
			b.WriteByte('\\')
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

// autolink returns how a link is written as a CommonMark autolink
// ("<https://...>", "<name@example.org>"), which every Markdown reader
// takes for the same link, when its text is its address; else "".
func autolink(l *doc.Link) string {
	if len(l.Content) != 1 {
		return ""
	}
	t, ok := l.Content[0].(doc.Text)
	if !ok || t.S == "" || strings.ContainsAny(t.S, " \t\n<>\\") {
		return ""
	}
	if l.Dest == "mailto:"+t.S && emailRE.MatchString(t.S) {
		return "<" + t.S + ">"
	}
	if l.Dest == t.S && uriRE.MatchString(t.S) {
		return "<" + t.S + ">"
	}
	return ""
}

// The forms of CommonMark's autolinks.
var (
	uriRE   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>]*$`)
	emailRE = regexp.MustCompile(`^[a-zA-Z0-9.!#$%&'*+/=?^_\x60{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$`)
)
