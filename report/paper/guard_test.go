package paper

import (
	"errors"
	"strings"
	"testing"
	"text/template"
	"time"
)

// run parses src as a narrative file and runs it under lim.
func run(t *testing.T, lim limits, src string) (string, error) {
	t.Helper()
	g := newGuard(lim)
	// A clock that stands still: the tests hold the counted limits, not
	// the time (the race detector runs templates many times slower).
	stopped := time.Unix(0, 0)
	g.now = func() time.Time { return stopped }
	g.deadline = stopped.Add(lim.time)
	nt, err := template.New("n.md").Funcs(g.funcs()).Option("missingkey=error").Parse(src)
	if err != nil {
		t.Fatalf("%q: %v", src, err)
	}
	out, err := execute(nt, g, "n.md", map[string]any{"Officers": []string{"a", "b"}, "N": map[string]string{"services": "12"}})
	return string(out), err
}

// Runaway templates end in an error naming the limit and the line, with
// little made on the way: each of these took gigabytes or ran for minutes.
func TestNarrativeLimits(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"{{range 100000000}}xxx{{end}}", "more than 100000 steps of work"},
		{"{{range 100000000}}" + strings.Repeat("x", 100) + "{{end}}", "its text comes to more than 1048576 bytes"},
		{"\n{{range 100000000}}{{end}}", "more than 100000 steps of work"},
		{`{{range 2000}}{{printf "%01000000d" 1}}{{end}}`, "printf: a width or precision of more than 1000"},
		{`{{printf "%.5000f" 1.0}}`, "printf: a width or precision of more than 1000"},
		{`{{printf "%0*d" 100000000 1}}`, "printf: a width or precision given by an argument"},
		{"{{range 100000}}{{range 100000}}{{range 100000}}{{end}}{{end}}{{end}}", "more than 100000 steps of work"},
		{`{{$a := "<<<<<<<<"}}{{range 60}}{{$a = print $a $a}}{{end}}`, "print would make more than the 1048576 bytes"},
		{`{{$a := "<<<<<<<<"}}{{range 60}}{{$a = printf "%s%s" $a $a}}{{end}}`, "printf would make more than the 1048576 bytes"},
		{`{{$a := "<<<<<<<<"}}{{range 60}}{{$a = html $a $a}}{{end}}`, "html would make more than the 1048576 bytes"},
		{`{{$a := "<<<<<<<<"}}{{range 60}}{{$a = md (print $a $a)}}{{end}}`, "more than the 1048576 bytes"},
		{`{{define "a"}}{{range 10}}{{template "a"}}{{end}}{{end}}{{template "a"}}`, `template "a" calls itself`},
		{`{{define "a"}}{{template "b"}}{{end}}{{define "b"}}{{template "a"}}{{end}}{{template "a"}}`, `calls itself`},
		{strings.Repeat("{{range 1}}", 40) + strings.Repeat("{{end}}", 40), "nest more than 32 deep"},
		{strings.Repeat("{{if true}}", 40) + strings.Repeat("{{end}}", 40), "nest more than 32 deep"},
	} {
		_, err := run(t, narrativeLimits, c.src)
		var le *limitError
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.As(err, &le) || le.line < 1 {
			t.Errorf("%.60q: got %v, want a limit error with a line, saying %q", c.src, err, c.want)
		}
	}
	// The line is that of the loop.
	if _, err := run(t, narrativeLimits, "Officers add this.\n\n{{range 100000000}}{{end}}"); err == nil || err.(*limitError).line != 3 {
		t.Errorf("line of the loop: %#v", err)
	}
}

// Templates of the normal kind run as text/template runs them.
func TestNarrativeWithinLimits(t *testing.T) {
	for src, want := range map[string]string{
		"There are {{.N.services}} services.":                                         "There are 12 services.",
		`{{range $i, $o := .Officers}}{{$i}}:{{$o}} {{end}}`:                          "0:a 1:b ",
		`{{printf "%5.1f%%|%-4s|%[1]v" 12.34 "ab"}}`:                                  " 12.3%|ab  |12.34",
		`{{print 1 "a"}} {{println "b"}}{{html "<b>"}} {{js "'"}} {{urlquery "a b"}}`: "1a b\n&lt;b&gt; \\' a+b",
		`{{range 3}}x{{end}}{{range 0}}y{{else}}z{{end}}`:                             "xxxz",
		`{{define "p"}}[{{.}}]{{end}}{{template "p" "a"}}{{template "p" "b"}}`:        "[a][b]",
		`{{md "*x*"}} {{upper "a"}} {{num 1234}}`:                                     `\*x\* A 1,234`,
		strings.Repeat("{{if true}}", 30) + "ok" + strings.Repeat("{{end}}", 30):      "ok",
	} {
		got, err := run(t, narrativeLimits, src)
		if err != nil || got != want {
			t.Errorf("%q: got %q, %v; want %q", src, got, err, want)
		}
	}
	// 1 MB of text is allowed, a byte more is not.
	if got, err := run(t, narrativeLimits, `{{range 1024}}`+strings.Repeat("x", 1024)+`{{end}}`); err != nil || len(got) != MaxNarrativeOutput {
		t.Errorf("1 MB: %d bytes, %v", len(got), err)
	}
	if _, err := run(t, narrativeLimits, `{{range 1024}}`+strings.Repeat("x", 1024)+`{{end}}y`); err == nil {
		t.Error("1 MB and a byte: no error")
	}
}

// Work the steps do not count stops at the time limit.
func TestNarrativeTimeLimit(t *testing.T) {
	g := newGuard(narrativeLimits)
	now := time.Unix(0, 0)
	g.now = func() time.Time { now = now.Add(time.Second); return now }
	g.deadline = now.Add(narrativeTime)
	nt := template.Must(template.New("n.md").Funcs(g.funcs()).Parse(`{{range 1000}}{{print "x"}}{{end}}`))
	if _, err := execute(nt, g, "n.md", nil); err == nil || !strings.Contains(err.Error(), "still running after 5s") {
		t.Errorf("got %v", err)
	}
}
