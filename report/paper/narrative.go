package paper

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/carereport/carereport/report/render/chart"
)

// Bounds on the Markdown a narrative file makes. Each renderer walks the
// Markdown's structure, and some of that work grows faster than the text:
// a 60,000-row table took 626 MB, 200,000 nested quote markers 325 MB and
// a minute. A narrative file is a few paragraphs, so:
const (
	// MaxNarrativeDepth bounds how deep quotes (>) and lists nest, counted
	// on each line as its markers and its indent (two columns a level).
	MaxNarrativeDepth = 16
	// MaxNarrativeListItems bounds the list items in one file.
	MaxNarrativeListItems = 2000
	// MaxNarrativeTableRows bounds the rows of one table (lines running
	// together that hold a |).
	MaxNarrativeTableRows = 2000
)

// lineError is a problem on a line of a narrative file (source true) or
// of the text it makes (source false).
type lineError struct {
	line   int
	source bool
	msg    string
}

func (e *lineError) Error() string { return e.msg }

// checkNarrativeSource refuses bytes that would pass into the paper as
// they are: text that is not UTF-8, and control characters other than
// tab, line feed and carriage return (a file saved on Windows ends its
// lines with CR LF). They are refused rather than removed, so the officer
// sees where they were.
func checkNarrativeSource(src []byte) error {
	return checkText(src, true)
}

func checkText(b []byte, source bool) error {
	line := 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return &lineError{line: line, source: source, msg: fmt.Sprintf("byte 0x%02X is not UTF-8 text; save the file as UTF-8", b[i])}
		case r == '\n':
			line++
		case r == '\t' || r == '\r':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return &lineError{line: line, source: source, msg: fmt.Sprintf("control character U+%04X; remove it", r)}
		}
		i += size
	}
	return nil
}

// fence is an open fenced code block.
type fence struct {
	ch    byte
	n     int
	chart bool
	line  int
	body  strings.Builder
}

// containers strips a line's quote and list markers, giving how deep it
// nests (its markers, and its indent at two columns a level), how many
// list items it opens, and the rest.
func containers(l string) (depth, items int, rest string) {
	cols := 0
	for i := 0; i < len(l) && (l[i] == ' ' || l[i] == '\t'); i++ {
		if cols++; l[i] == '\t' {
			cols += 3
		}
	}
	// Past the bound the line is refused, so its markers need not all be
	// read (each step looks at the rest of the line).
	for depth <= MaxNarrativeDepth {
		l = strings.TrimLeft(l, " \t")
		if strings.HasPrefix(l, ">") {
			depth++
			l = l[1:]
			continue
		}
		if isBreak(l) {
			break
		}
		if len(l) >= 1 && strings.IndexByte("-*+", l[0]) >= 0 && (len(l) == 1 || l[1] == ' ' || l[1] == '\t') {
			depth++
			items++
			l = l[1:]
			continue
		}
		j := 0
		for j < len(l) && j < 9 && l[j] >= '0' && l[j] <= '9' {
			j++
		}
		if j > 0 && j < len(l) && (l[j] == '.' || l[j] == ')') && (j+1 == len(l) || l[j+1] == ' ' || l[j+1] == '\t') {
			depth++
			items++
			l = l[j+1:]
			continue
		}
		break
	}
	return depth + cols/2, items, l
}

// isBreak reports whether l is a thematic break (- - -, ***, ___), which
// is not a list.
func isBreak(l string) bool {
	n := 0
	for i := 0; i < len(l); i++ {
		switch {
		case l[i] == ' ' || l[i] == '\t':
		case strings.IndexByte("-*_", l[i]) >= 0 && l[i] == l[0]:
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// checkNarrativeText bounds the Markdown a narrative file made, and parses
// its chart blocks so that a mistake in one is named on the file's line
// (the chart's fence is found in the file by its order), not on a line of
// the whole paper.
func checkNarrativeText(src, out []byte) error {
	err := checkMarkdown(src, out)
	var le *lineError
	if errors.As(err, &le) && bytes.Equal(src, out) {
		le.source = true // the file made itself: its lines are the text's
	}
	return err
}

func checkMarkdown(src, out []byte) error {
	if err := checkText(out, false); err != nil {
		return err
	}
	srcCharts := chartFences(string(src))
	var open *fence
	charts, items, rows, rowStart := 0, 0, 0, 0
	for n, l := range strings.Split(string(out), "\n") {
		line := n + 1
		depth, its, rest := containers(l)
		if open != nil {
			if end, ok := fenceOf(rest); ok && end.ch == open.ch && end.n >= open.n && strings.TrimSpace(rest[end.n:]) == "" {
				if open.chart {
					if err := checkChart(open, srcCharts, charts); err != nil {
						return err
					}
					charts++
				}
				open = nil
				continue
			}
			if open.chart {
				open.body.WriteString(l)
				open.body.WriteByte('\n')
			}
			continue
		}
		if depth > MaxNarrativeDepth {
			return &lineError{line: line, msg: fmt.Sprintf("quotes and lists nest more than %d deep", MaxNarrativeDepth)}
		}
		if items += its; items > MaxNarrativeListItems {
			return &lineError{line: line, msg: fmt.Sprintf("more than %d list items", MaxNarrativeListItems)}
		}
		if strings.Contains(rest, "|") {
			if rows == 0 {
				rowStart = line
			}
			if rows++; rows > MaxNarrativeTableRows {
				return &lineError{line: rowStart, msg: fmt.Sprintf("a table of more than %d rows", MaxNarrativeTableRows)}
			}
		} else {
			rows = 0
		}
		if f, ok := fenceOf(rest); ok {
			f.line = line
			// Only a chart at the top level is read here (one in a quote
			// or list has their markers on its lines; the renderer reads
			// it, naming a line of the paper).
			f.chart = rest == l && strings.EqualFold(strings.TrimSpace(rest[f.n:]), "chart")
			open = &f
		}
	}
	if open != nil && open.chart {
		return checkChart(open, srcCharts, charts)
	}
	return nil
}

// fenceOf reads a code fence (``` or ~~~, three or more) at the start of l.
func fenceOf(l string) (fence, bool) {
	if len(l) < 3 || (l[0] != '`' && l[0] != '~') {
		return fence{}, false
	}
	n := 0
	for n < len(l) && l[n] == l[0] {
		n++
	}
	if n < 3 || (l[0] == '`' && strings.Contains(l[n:], "`")) {
		return fence{}, false
	}
	return fence{ch: l[0], n: n}, true
}

// chartFences are the lines of the chart fences in a narrative file.
func chartFences(src string) []int {
	var out []int
	var open *fence
	for n, l := range strings.Split(src, "\n") {
		_, _, rest := containers(l)
		f, ok := fenceOf(rest)
		switch {
		case open != nil:
			if ok && f.ch == open.ch && f.n >= open.n && strings.TrimSpace(rest[f.n:]) == "" {
				open = nil
			}
		case ok:
			open = &f
			if rest == l && strings.EqualFold(strings.TrimSpace(rest[f.n:]), "chart") {
				out = append(out, n+1)
			}
		}
	}
	return out
}

// checkChart parses the k-th chart block of a narrative's text, naming a
// mistake on the file's own line when the file has its fence.
func checkChart(f *fence, srcCharts []int, k int) error {
	_, err := chart.Parse([]byte(f.body.String()))
	if err == nil {
		return nil
	}
	pe, ok := err.(*chart.ParseError)
	if !ok {
		return &lineError{line: f.line, msg: "chart: " + err.Error()}
	}
	off := pe.Line
	if off > strings.Count(f.body.String(), "\n") {
		off = 0 // past the block's last line (an empty block): its fence
	}
	if k < len(srcCharts) {
		return &lineError{line: srcCharts[k] + off, source: true, msg: "chart: " + pe.Msg}
	}
	return &lineError{line: f.line + off, msg: "chart: " + pe.Msg}
}
