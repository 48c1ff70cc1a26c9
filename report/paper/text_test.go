package paper

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark"
)

func TestFormatting(t *testing.T) {
	cases := []struct{ got, want string }{
		{num(5144), "5,144"}, {num(0), "0"}, {num(-1234567), "-1,234,567"}, {num(999), "999"},
		{ordinal(1), "1st"}, {ordinal(2), "2nd"}, {ordinal(3), "3rd"}, {ordinal(4), "4th"},
		{ordinal(11), "11th"}, {ordinal(12), "12th"}, {ordinal(13), "13th"}, {ordinal(21), "21st"}, {ordinal(112), "112th"},
		{arrow(42), "↑42"}, {arrow(-16), "↓16"}, {arrow(0), "↔ 0"}, {arrow(1305), "↑1,305"},
		{arrowPts(2.5, 1), "↑2.5"}, {arrowPts(-1, 0), "↓1"},
		{signedPoints(2, 0), "a rise of 2 percentage points"}, {signedPoints(-1, 0), "a fall of 1 percentage point"},
		{signedPoints(1, 1), "a rise of 1.0 percentage point"}, {changeRange(-1, 2, 0), "between a fall of 1 and a rise of 2 percentage points"},
		{joinAnd([]string{"Safe"}), "Safe"}, {joinAnd([]string{"Safe", "Well-led"}), "Safe and Well-led"},
		{joinAnd([]string{"A", "B", "C"}), "A, B and C"},
		{pct(74.5, 1), "74.5%"}, {pct(75, 0), "75%"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// Text from the data must come out of Markdown as the same text: no
// emphasis, links, HTML or lists made from it.
func TestEscapeMD(t *testing.T) {
	for _, s := range []string{
		"Heath <script>alert(1)</script>",
		"*Oak* _House_ [link](http://x) `code`",
		"1. Not a list",
		"# not a heading",
		"- not a bullet",
		"a | b & c \\ d",
		"=HYPERLINK(\"http://x\")",
		"St Mary's & St John's",
	} {
		var b strings.Builder
		if err := goldmark.Convert([]byte(escapeMD(s)), &b); err != nil {
			t.Fatal(err)
		}
		html := strings.TrimSpace(b.String())
		if strings.Contains(html, "<script") || strings.Contains(html, "<em>") || strings.Contains(html, "<a ") ||
			strings.Contains(html, "<code>") || strings.Contains(html, "<ol") || strings.Contains(html, "<h1") || strings.Contains(html, "<ul") {
			t.Errorf("%q made markup: %s", s, html)
		}
		if !strings.HasPrefix(html, "<p>") {
			t.Errorf("%q is not one paragraph: %s", s, html)
		}
	}
}

// The other authorities' changes: a rise or fall only beyond the
// threshold; within it, "little changed" with the size.
func TestOthersChanged(t *testing.T) {
	cases := []struct {
		lo, hi float64
		n      int
		want   string
	}{
		{1, 2, 3, "the other authorities' shares were little changed (up 1 to 2 percentage points)"},
		{0, 2, 3, "the other authorities' shares were little changed (up 0 to 2 percentage points)"},
		{-2, -1, 3, "the other authorities' shares were little changed (down 1 to 2 percentage points)"},
		{-1, 2, 3, "the other authorities' shares were little changed (from down 1 to up 2 percentage points)"},
		{0, 0, 3, "the other authorities' shares were unchanged"},
		{1, 1, 1, "the other authority's share was little changed (up 1 percentage point)"},
		{3, 5, 3, "the other authorities' shares rose by 3 to 5 percentage points"},
		{1, 5, 3, "the other authorities' shares rose by 1 to 5 percentage points"},
		{-6, -4, 2, "the other authorities' shares fell by 4 to 6 percentage points"},
		{-4, 5, 2, "the other authorities' shares changed by between a fall of 4 and a rise of 5 percentage points"},
	}
	// Printed as 3 points but 2.6 unrounded: little changed (rule 11).
	if got, want := othersChanged(1, 3, 2, 0, true), "the other authorities' shares were little changed (up 1 to 3 percentage points)"; got != want {
		t.Errorf("a printed 3-point change under the threshold unrounded:\n got %q\nwant %q", got, want)
	}
	for _, c := range cases {
		// In these cases the printed changes are the unrounded ones.
		little := c.lo > -3 && c.hi < 3
		if got := othersChanged(c.lo, c.hi, c.n, 0, little); got != c.want {
			t.Errorf("othersChanged(%v, %v, %d):\n got %q\nwant %q", c.lo, c.hi, c.n, got, c.want)
		}
	}
}
