package paper

import (
	"fmt"
	"strings"
	"testing"
	"text/template"

	"github.com/carereport/carereport/report/doc"
)

// FuzzNarrativeText: the narrative checks never panic, refuse what they
// say at a line inside the text, and pass no control character.
func FuzzNarrativeText(f *testing.F) {
	for _, s := range []string{"a\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "- - - x", "> > x", "```chart\ntitle: T\nA | 1\n```\n",
		"```chart\ntitle: T\nA | x\n", "1. a\n   2. b\n", "---\n* * *\n", "~~~\n```\n~~~\n", "\x1b", "\xff", "\r\n"} {
		f.Add(s, s)
		f.Add("{{.X}}", s)
	}
	f.Fuzz(func(t *testing.T, src, out string) {
		err := checkNarrativeText([]byte(src), []byte(out))
		if err == nil {
			if e := checkText([]byte(out), false); e != nil {
				t.Fatalf("passed text that checkText refuses: %v", e)
			}
			return
		}
		le, ok := err.(*lineError)
		if !ok {
			t.Fatalf("not a line error: %v", err)
		}
		lines := strings.Count(out, "\n") + 1
		if le.source {
			lines = strings.Count(src, "\n") + 1 + strings.Count(out, "\n") + 1 // a chart's line runs on from its fence
		}
		if le.line < 1 || le.line > lines {
			t.Fatalf("line %d outside the text (%d lines): %v", le.line, lines, err)
		}
	})
}

// FuzzPrintf: a format printf takes makes no more than the guard allowed
// for it, and a runaway one is refused before fmt runs.
func FuzzPrintf(f *testing.F) {
	for _, s := range []string{"%d", "%5.1f%%", "%[1]v %[1]q", "%01000000d", "%.*f", "%-10s|%+d", "%", "%!", "%[3]*.[2]*[1]f", "%0999d%0999d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, format string) {
		lim := narrativeLimits
		lim.output = 1 << 16
		g := newGuard(lim)
		printf := g.funcs()["printf"].(func(string, ...any) (string, error))
		args := []any{1, 2.5, "abc"}
		out, err := printf(format, args...)
		if err != nil {
			return
		}
		if len(out) > lim.output {
			t.Fatalf("%q made %d bytes", format, len(out))
		}
		if want := fmt.Sprintf(format, args...); out != want {
			t.Fatalf("%q: %q, fmt gives %q", format, out, want)
		}
		// The same through a template.
		g2 := newGuard(lim)
		nt, perr := template.New("n").Funcs(g2.funcs()).Parse("{{printf .F 1 2.5 \"abc\"}}")
		if perr != nil {
			t.Fatal(perr)
		}
		if _, err := execute(nt, g2, "n", map[string]string{"F": format}); err != nil && !strings.Contains(err.Error(), "printf") {
			t.Fatalf("%q: %v", format, err)
		}
	})
}

// FuzzBuilder: whatever Markdown a template writes around its {{para}}s
// (\x01 in the input), tables (\x02) and charts (\x03), the builder
// places every table and chart once, in order, numbered 1, 2, 3 ...;
// numbers paragraphs 1, 2, 3 ... with no more numbers than {{para}}s;
// and fails only on a chart block it cannot read, naming a line of the
// text.
func FuzzBuilder(f *testing.F) {
	for _, s := range []string{"# T\n\n\x01 Intro.\n\n\x02\n\nText\n\x03", "\x01\x01\x02\x02", "- a\n\x02- b", "> q\x03\n\n```chart\ntitle: A\nB | 1\n```\n",
		"```chart\ntitle: A\nB | x\n```\n\x02", "1. a\n\n\x01 b\n\n2. c", "| a |\n| - |\n| Total |\n\x02"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4000 {
			return
		}
		src := strings.NewReplacer("{{", "{ {", "}}", "} }", "\x01", "{{para}}", "\x02", "{{.Tables.beds}}", "\x03", "{{.Charts.shares}}").Replace(s)
		d := testDoc()
		g := newGuard(paperLimits)
		g.d = d
		tm, err := template.New("t").Funcs(g.funcs()).Parse(src)
		if err != nil {
			t.Skip() // a stray delimiter left by the replacements
		}
		b := newBuilder(d, g, templateText)
		if err := b.run(tm, "t", d); err != nil {
			t.Fatalf("run: %v", err)
		}
		bs, err := b.blocks()
		if err != nil {
			var line int
			if _, e := fmt.Sscanf(err.Error(), "line %d of the text it makes:", &line); e != nil || line < 1 || line > strings.Count(string(b.text), "\n")+1 {
				t.Fatalf("error %v names no line of the %d-line text", err, strings.Count(string(b.text), "\n")+1)
			}
			return
		}
		numberBlocks(bs, d.own)
		tables, figures, paras := 0, 0, 0
		for _, x := range bs {
			switch x := x.(type) {
			case *doc.Table:
				if d.own[x] {
					if tables++; x.Caption != fmt.Sprintf("Table %d: Beds", tables) {
						t.Fatalf("table %d captioned %q", tables, x.Caption)
					}
				}
			case *doc.Figure:
				if d.own[x] {
					if figures++; x.Chart.Title != fmt.Sprintf("Figure %d: Shares", figures) {
						t.Fatalf("figure %d titled %q", figures, x.Chart.Title)
					}
				}
			case *doc.Para:
				if x.Number > 0 {
					if paras++; x.Number != paras {
						t.Fatalf("paragraph %d numbered %d", paras, x.Number)
					}
				}
			}
		}
		if tables != strings.Count(s, "\x02") || figures != strings.Count(s, "\x03") || paras > strings.Count(s, "\x01") {
			t.Fatalf("%d tables, %d figures, %d numbered paragraphs from %q", tables, figures, paras, s)
		}
	})
}
