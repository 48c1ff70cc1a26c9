package pipeline

import (
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/render"
)

// No page but the last of the real papers ends above 78% of its height:
// a table too long to move whole splits under a repeated header, and a
// chart moves only with the start of its data table.
func TestPagesAreFull(t *testing.T) {
	rs := realSample(t)
	for _, style := range []string{"scrutiny", "quality-account"} {
		t.Run(style, func(t *testing.T) {
			c := realConfig(t, rs, style)
			files := renderConfig(t, c, "md")
			md := files[config.Slug(rs.authority)+".md"]
			in, _ := Load(c)
			r, _ := Compute(c, in, "")
			fills, err := render.PDFPageFill(md, Meta(c, r))
			if err != nil {
				t.Fatal(err)
			}
			if len(fills) < 3 {
				t.Fatalf("%d pages", len(fills))
			}
			for i, f := range fills[:len(fills)-1] {
				if f < 0.78 {
					t.Errorf("page %d of %d ends at %.0f%% of its height", i+1, len(fills), f*100)
				}
			}
		})
	}
}
