package pipeline

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/render"
)

// No page but the last of the real papers ends above 78% of its height:
// a table too long to move whole splits under a repeated header, and a
// chart moves only with the start of its data table. Each style is tried
// as it comes and with a two-year quarterly trend and its line chart.
func TestPagesAreFull(t *testing.T) {
	rs := realSample(t)
	for _, name := range []string{"scrutiny", "quality-account", "scrutiny+trend", "quality-account+trend"} {
		t.Run(name, func(t *testing.T) {
			style, trend := strings.CutSuffix(name, "+trend")
			c := realConfig(t, rs, style)
			if trend {
				c.Period.Trend = &config.Trend{From: config.Date{Date: report.MustDate("2019-02-01")}, Every: "quarter"}
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
