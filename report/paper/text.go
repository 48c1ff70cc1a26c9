// Package paper builds a committee paper as a document (report/doc): it
// fills a template (text/template; a missing key is an error) with the
// figures of a cqc.Result, plain-English sentences made from them, tables
// and charts laid out as the reference papers lay them out, and the
// officers' own narrative. Every format (Markdown, HTML, PDF, Word) is
// written from this one document.
package paper

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/carereport/carereport/report"
)

// escapeMD makes text from the data or the config safe to put into
// Markdown: characters that would start emphasis, links, HTML, tables or
// other syntax are backslash-escaped, and line breaks become spaces.
func escapeMD(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '!', '{', '}', '~', '&':
			b.WriteByte('\\')
		case '\n', '\r', '\t':
			b.WriteByte(' ')
			continue
		case '-', '+', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			// "1. " at the start of a line would start a list.
			if i > 0 && isDigits(s[:i]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plain is text from the data or the config as a table, caption or
// chart shows it: plain text, which each writer escapes for its format,
// on one line.
func plain(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(s)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// num formats a count with thousands separators: 5144 -> "5,144".
func num(n int) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// pct formats a percentage as printed: "75%" or "74.6%".
func pct(v float64, dec int) string {
	return strconv.FormatFloat(v, 'f', dec, 64) + "%"
}

// ordinal writes 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st...
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// arrow writes a change with its arrow: ↑42, ↓16, ↔ 0.
func arrow(n int) string {
	switch {
	case n > 0:
		return "↑" + num(n)
	case n < 0:
		return "↓" + num(-n)
	}
	return "↔ 0"
}

// arrowPts writes a change in percentage points with its arrow.
func arrowPts(v float64, dec int) string {
	s := strconv.FormatFloat(abs(v), 'f', dec, 64)
	switch {
	case v > 0:
		return "↑" + s
	case v < 0:
		return "↓" + s
	}
	return "↔ " + s
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// joinAnd and plural are report's, under the short names the
// sentences use.
var (
	joinAnd = report.JoinAnd
	plural  = report.Plural
)

// count writes "1 service" or "3 services".
func count(n int, one, many string) string {
	return fmt.Sprintf("%s %s", num(n), plural(n, one, many))
}

// capitalise upper-cases the first letter.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
