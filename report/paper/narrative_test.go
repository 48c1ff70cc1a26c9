package paper

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/render/chart"
)

func lineErr(t *testing.T, err error) *lineError {
	t.Helper()
	var le *lineError
	if !errors.As(err, &le) {
		t.Fatalf("got %v, want a line error", err)
	}
	return le
}

// Bytes that are not UTF-8, and control characters, are refused on the
// file's line; tab, CR LF and ordinary text pass.
func TestNarrativeSourceText(t *testing.T) {
	for src, want := range map[string]string{
		"One.\n\nTwo \xff.\n":         "3:byte 0xFF is not UTF-8 text",
		"One.\nTwo \x1b[31mred.\n":    "2:control character U+001B",
		"\x00":                        "1:control character U+0000",
		"a\n\nb\n\nc \u0085":          "5:control character U+0085",
		"a\x7f":                       "1:control character U+007F",
		"para \uE000 mark":            "", // no longer kept for a mark
		"ok\r\n\tindented\r\n£ ↑ ’ é": "",
	} {
		err := checkNarrativeSource([]byte(src))
		if want == "" {
			if err != nil {
				t.Errorf("%q: %v", src, err)
			}
			continue
		}
		le := lineErr(t, err)
		if got := strings.Join([]string{itoa(le.line), le.msg}, ":"); !strings.HasPrefix(got, want) || !le.source {
			t.Errorf("%q: got %q, want %q", src, got, want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// The Markdown a narrative makes is bounded: table rows, list items and
// nesting, each named at its line of the text.
func TestNarrativeMarkdownBounds(t *testing.T) {
	rows := func(n int) string { return "Intro.\n\n| a | b |\n|---|---|\n" + strings.Repeat("| 1 | 2 |\n", n-2) }
	items := func(n int) string { return strings.Repeat("- item\n", n) }
	for _, c := range []struct {
		text string
		line int
		want string
	}{
		{rows(MaxNarrativeTableRows), 0, ""},
		{rows(MaxNarrativeTableRows + 1), 3, "a table of more than 2000 rows"},
		{items(MaxNarrativeListItems), 0, ""},
		{items(MaxNarrativeListItems + 1), 2001, "more than 2000 list items"},
		{strings.Repeat("- ", MaxNarrativeListItems+1) + "x", 1, "nest more than 16 deep"},
		{strings.Repeat(">", 16) + " x", 0, ""},
		{"a\n\n" + strings.Repeat(">", 17) + " x", 3, "quotes and lists nest more than 16 deep"},
		{strings.Repeat("> ", 200000), 1, "nest more than 16 deep"},
		{"- a\n" + strings.Repeat(" ", 34) + "- deep", 2, "nest more than 16 deep"},
		{"---\n***\n- - -\n* * *", 0, ""},                                                        // thematic breaks, not lists
		{"```\n" + strings.Repeat("| x |\n", 3000) + strings.Repeat(">", 40) + "\n```\n", 0, ""}, // code is left alone
	} {
		err := checkNarrativeText([]byte("{{.Text}}"), []byte(c.text))
		if c.want == "" {
			if err != nil {
				t.Errorf("%.40q: %v", c.text, err)
			}
			continue
		}
		le := lineErr(t, err)
		if le.line != c.line || !strings.Contains(le.msg, c.want) || le.source {
			t.Errorf("%.40q: got line %d %q, want line %d %q", c.text, le.line, le.msg, c.line, c.want)
		}
	}
}

// A file with no template actions makes itself: its errors are on the
// file's own lines.
func TestNarrativeLiteralLines(t *testing.T) {
	text := "a\n\n" + strings.Repeat(">", 17) + " x"
	le := lineErr(t, checkNarrativeText([]byte(text), []byte(text)))
	if !le.source || le.line != 3 {
		t.Errorf("got line %d (source %v), want line 3 of the file", le.line, le.source)
	}
}

// A mistake in a narrative's chart block is named on the file's line
// (found by the fence's order), not on a line of the whole paper.
func TestNarrativeChartLine(t *testing.T) {
	src := "{{.Intro}}\n\n```chart\ntitle: Beds\nHeath | 12\nVale | lots\n```\n\n```chart\ntitle: B\nX | 1\n```\n"
	out := "Line one.\nLine two.\nLine three.\n\n```chart\ntitle: Beds\nHeath | 12\nVale | lots\n```\n\n```chart\ntitle: B\nX | 1\n```\n"
	le := lineErr(t, checkNarrativeText([]byte(src), []byte(out)))
	if !le.source || le.line != 6 || !strings.HasPrefix(le.msg, "chart: row \"Vale\"") {
		t.Errorf("got line %d (source %v) %q, want line 6 of the file", le.line, le.source, le.msg)
	}
	// A chart the template made (no fence in the file) is named on the
	// line of the text.
	le = lineErr(t, checkNarrativeText([]byte("{{.Chart}}"), []byte(out)))
	if le.source || le.line != 8 {
		t.Errorf("template's chart: got line %d (source %v) %q, want line 8 of the text", le.line, le.source, le.msg)
	}
	// A chart in a quote is left to the renderer (its lines carry the
	// quote's markers), not refused here.
	quoted := "> ```chart\n> title: Beds\n> Heath | 12\n> ```\n"
	if err := checkNarrativeText([]byte(quoted), []byte(quoted)); err != nil {
		t.Errorf("chart in a quote: %v", err)
	}
	if err := checkNarrativeText([]byte(src), []byte(strings.Replace(out, "lots", "7", 1))); err != nil {
		t.Errorf("good charts: %v", err)
	}
}

// The trend's chart holds every date config allows.
func TestTrendDatesFitChart(t *testing.T) {
	if config.MaxTrendDates > chart.MaxRows {
		t.Errorf("config.MaxTrendDates %d, but a chart holds %d rows", config.MaxTrendDates, chart.MaxRows)
	}
}
