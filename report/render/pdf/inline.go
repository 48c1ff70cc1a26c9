package pdf

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/sfnt"

	"github.com/carereport/carereport/report/doc"
)

// style is the look of a stretch of text.
type style struct {
	bold, italic, mono bool
	size               float64 // points
	link               string
	// linkText is the whole text of the link, the description of its
	// annotation (a word of it is drawn at a time).
	linkText string
}

func (s style) fontStyle() string {
	switch {
	case s.bold && s.italic:
		return "BI"
	case s.bold:
		return "B"
	case s.italic:
		return "I"
	}
	return ""
}

// run is text in one style, or a hard line break.
type run struct {
	text string
	st   style
	brk  bool
}

// frag is part of a word in one style, measured.
type frag struct {
	text string
	st   style
	w    float64
}

// word is text between spaces, possibly in several styles ("**5**.").
type word struct {
	frags []frag
	w     float64
}

// tok is a word or a forced line break.
type tok struct {
	word *word
	brk  bool
}

// line is a laid-out line of words.
type line struct {
	words []*word
	w     float64 // width including inner spaces
}

// inlines collects the runs of inline content in, in style st.
func (w *writer) inlines(in []doc.Inline, st style) []run {
	var out []run
	collect(in, st, &out)
	return out
}

func collect(in []doc.Inline, st style, out *[]run) {
	for _, x := range in {
		switch x := x.(type) {
		case doc.Text:
			*out = append(*out, run{text: x.S, st: st})
		case doc.Break:
			if x.Hard {
				*out = append(*out, run{brk: true})
			} else {
				*out = append(*out, run{text: " ", st: st})
			}
		case *doc.Emph:
			s := st
			s.italic = !st.italic // emphasis in italic text is upright
			collect(x.Content, s, out)
		case *doc.Strong:
			s := st
			s.bold = true
			collect(x.Content, s, out)
		case doc.CodeSpan:
			s := st
			s.mono = true
			*out = append(*out, run{text: x.S, st: s})
		case *doc.Link:
			s := st
			s.link = x.Dest
			s.linkText = strings.TrimSpace(doc.PlainText(x.Content))
			collect(x.Content, s, out)
			if showURL(x) {
				*out = append(*out, run{text: " (" + x.Dest + ")", st: st})
			}
		case doc.Image:
			s := st
			s.italic = true
			*out = append(*out, run{text: x.Alt, st: s})
		}
	}
}

// showURL reports whether a link's address is printed after its text
// (paper cannot be clicked): when the text alone does not say it. Links
// within the document (#...) never are.
func showURL(l *doc.Link) bool {
	if l.Dest == "" || strings.HasPrefix(l.Dest, "#") {
		return false
	}
	text := strings.TrimSpace(doc.PlainText(l.Content))
	bare := strings.TrimPrefix(strings.TrimPrefix(l.Dest, "mailto:"), "tel:")
	return text != l.Dest && text != bare
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// tokens splits runs into measured words and breaks.
func (w *writer) tokens(runs []run) []tok {
	var toks []tok
	cur := &word{}
	flush := func() {
		if len(cur.frags) > 0 {
			toks = append(toks, tok{word: cur})
			cur = &word{}
		}
	}
	add := func(s string, st style) {
		if s == "" {
			return
		}
		if k := len(cur.frags); k > 0 && cur.frags[k-1].st == st {
			cur.frags[k-1].text += s
			return
		}
		cur.frags = append(cur.frags, frag{text: s, st: st})
	}
	for _, r := range runs {
		if r.brk {
			flush()
			toks = append(toks, tok{brk: true})
			continue
		}
		text := fontSafe(strings.ToValidUTF8(r.text, "\uFFFD"))
		start := 0
		for i, ch := range text {
			if isSpace(ch) {
				add(text[start:i], r.st)
				flush()
				start = i + utf8.RuneLen(ch)
			}
		}
		add(text[start:], r.st)
	}
	flush()
	for _, t := range toks {
		if t.word != nil {
			w.measureWord(t.word)
		}
	}
	return toks
}

func (w *writer) measureWord(wd *word) {
	wd.w = 0
	for i := range wd.frags {
		fr := &wd.frags[i]
		fr.w = w.textWidth(fr.text, fr.st)
		wd.w += fr.w
	}
}

func (w *writer) spaceWidth(size float64) float64 {
	return w.runeWidth(' ', style{size: size})
}

// wrap breaks tokens into lines no wider than width. A word wider than a
// whole line is cut between characters.
func (w *writer) wrap(toks []tok, width, size float64) []line {
	sp := w.spaceWidth(size)
	var lines []line
	cur := line{}
	push := func() {
		lines = append(lines, cur)
		cur = line{}
	}
	var place func(wd *word)
	place = func(wd *word) {
		need := wd.w
		if len(cur.words) > 0 {
			need += sp
		}
		if cur.w+need <= width+1e-6 {
			cur.words = append(cur.words, wd)
			cur.w += need
			return
		}
		if len(cur.words) > 0 {
			push()
			place(wd)
			return
		}
		// An over-long word on an empty line: cut it.
		head, tail := w.cutWord(wd, width)
		cur.words = append(cur.words, head)
		cur.w = head.w
		if tail != nil {
			push()
			place(tail)
		}
	}
	for _, t := range toks {
		if t.brk {
			push()
			continue
		}
		place(t.word)
	}
	if len(cur.words) > 0 || len(lines) == 0 {
		push()
	}
	return lines
}

// cutWord splits wd so that the head fits width (at least one character).
// The tail's width is the word's less the head's, not measured again, so
// breaking a very long word is linear in its length.
func (w *writer) cutWord(wd *word, width float64) (head, tail *word) {
	head = &word{}
	used := 0.0
	for fi, fr := range wd.frags {
		inFrag := 0.0
		for i, ch := range fr.text {
			cw := w.runeWidth(ch, fr.st)
			if used+cw > width && (used > 0) {
				// Cut here.
				if i > 0 {
					head.frags = append(head.frags, frag{text: fr.text[:i], st: fr.st})
				}
				tail = &word{}
				tail.frags = append(tail.frags, frag{text: fr.text[i:], st: fr.st, w: max(fr.w-inFrag, 0)})
				tail.frags = append(tail.frags, wd.frags[fi+1:]...)
				w.measureWord(head)
				tail.w = max(wd.w-head.w, 0)
				return head, tail
			}
			used += cw
			inFrag += cw
		}
		head.frags = append(head.frags, fr)
	}
	w.measureWord(head)
	return head, nil
}

// natural returns the width of the tokens on one line and the widest word.
func (w *writer) natural(toks []tok, size float64) (nat, widest float64) {
	sp := w.spaceWidth(size)
	lineW := 0.0
	first := true
	for _, t := range toks {
		if t.brk {
			nat = max(nat, lineW)
			lineW, first = 0, true
			continue
		}
		if !first {
			lineW += sp
		}
		lineW += t.word.w
		first = false
		widest = max(widest, t.word.w)
	}
	return max(nat, lineW), widest
}

var (
	glyphOnce sync.Once
	glyphFont *sfnt.Font
)

// substitutes replaces characters the embedded font lacks by ones it has.
var substitutes = map[rune]string{
	'\u2010': "-", // hyphen
	'\u2011': "-", // non-breaking hyphen
	'\u2012': "–", // figure dash
	'\u2015': "—", // horizontal bar
	'\u2009': "\u00a0",
	'\u200a': "\u00a0",
	'\u202f': "\u00a0",
	'\u2007': "\u00a0",
	'\u200b': "", // zero-width space
	'\u200c': "",
	'\u200d': "",
	'\u2060': "",
	'\ufeff': "",
	'\u2713': "√", // check mark
	'\u2714': "√",
	'\u2717': "×", // ballot x
	'\u2718': "×",
}

// fontSafe replaces characters the embedded font cannot draw: with a
// close equivalent where one exists, else with the replacement character
// U+FFFD (drawn as a box-like glyph). Characters above U+FFFF (emoji and
// the like) are never handed to fpdf, which cannot encode them.
func fontSafe(s string) string {
	has := glyphChecker()
	if has == nil {
		return s
	}
	var b strings.Builder
	changed := false
	for _, r := range s {
		if r < 0x80 || (r <= 0xFFFF && has(r)) {
			b.WriteRune(r)
			continue
		}
		changed = true
		if sub, ok := substitutes[r]; ok {
			b.WriteString(sub)
			continue
		}
		if has('\uFFFD') {
			b.WriteRune('\uFFFD')
		} else {
			b.WriteByte('?')
		}
	}
	if !changed {
		return s
	}
	return b.String()
}

// glyphChecker returns a function that reports whether the body font has
// a glyph for r, or nil when the font cannot be read.
func glyphChecker() func(r rune) bool {
	glyphOnce.Do(func() {
		f, err := sfnt.Parse(liberationsansregular.TTF)
		if err == nil {
			glyphFont = f
		}
	})
	if glyphFont == nil {
		return nil
	}
	var buf sfnt.Buffer // one per checker: the font is shared, buffers are not
	return func(r rune) bool {
		i, err := glyphFont.GlyphIndex(&buf, r)
		return err == nil && i != 0
	}
}

// Undrawable lists, once each in order of appearance, the characters of s
// that the PDF cannot draw as written (they are drawn as a substitute or
// as the replacement character), so validate can report them.
func Undrawable(s string) []rune {
	has := glyphChecker()
	if has == nil {
		return nil
	}
	seen := map[rune]bool{}
	var out []rune
	for _, r := range s {
		if r < 0x80 || seen[r] || r == '\n' {
			continue
		}
		if r > 0xFFFF || !has(r) {
			if _, ok := substitutes[r]; ok {
				continue
			}
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

type runeKey struct {
	r                  rune
	bold, italic, mono bool
	size               float64
}

// runeWidth is the width of one character, remembered: breaking a long
// word measures its characters one by one.
func (w *writer) runeWidth(r rune, st style) float64 {
	k := runeKey{r, st.bold, st.italic, st.mono, st.size}
	if v, ok := w.widths[k]; ok {
		return v
	}
	if w.widths == nil {
		w.widths = map[runeKey]float64{}
	}
	v := w.textWidth(string(r), st)
	w.widths[k] = v
	return v
}
