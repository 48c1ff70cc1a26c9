package paper

import (
	"fmt"
	"strings"
	"testing"
	"text/template"
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
