package pipeline

import (
	"testing"

	dmd "github.com/carereport/carereport/report/doc/markdown"
)

// draftTitle puts "DRAFT: " before the title, the first level-one
// heading, else the first heading; a document without one, or already a
// draft, is left as it is.
func TestDraftTitle(t *testing.T) {
	cases := []struct{ in, want string }{
		{"**Committee**\n\n# QUALITY OF CARE\n\nText.\n", "**Committee**\n\n# DRAFT: QUALITY OF CARE\n\nText.\n"},
		{"## Section\n\n# Title\n", "## Section\n\n# DRAFT: Title\n"},
		{"Title\n=====\n", "# DRAFT: Title\n"},
		{"## Only a section\n", "## DRAFT: Only a section\n"},
		{"# DRAFT: Already\n", "# DRAFT: Already\n"},
		{"# draft: already, in small letters\n", "# draft: already, in small letters\n"},
		{"No heading at all.\n", "No heading at all.\n"},
		{"```\n# not a heading\n```\n\n#   Spaced title\n", "```\n# not a heading\n```\n\n# DRAFT: Spaced title\n"},
		{"# *Emphasised* title\n", "# DRAFT: *Emphasised* title\n"},
	}
	for _, c := range cases {
		d, err := dmd.Read([]byte(c.in), dmd.Paper)
		if err != nil {
			t.Fatal(err)
		}
		draftTitle(d)
		if got := string(dmd.Write(d)); got != c.want {
			t.Errorf("draftTitle(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
