package pipeline

import (
	"fmt"
	"strings"
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
			yaml := fmt.Sprintf("authority: %s\ncomparators: {authorities: [%s]}\nperiod: {as_at: 2021-02-01, previous: 2020-02-01, inspections_from: 2020-02-01, inspections_to: 2021-01-31}\ndata: {api: %s}\nreport: {style: %s, committee: Scrutiny, meeting_date: 2021-03-09}\n",
				rs.authority, strings.Join(rs.comps, ", "), rs.path, style)
			c, err := config.Parse("f.yaml", []byte(yaml))
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
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
