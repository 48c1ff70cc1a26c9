package pipeline

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/render"
)

// minFill is how far down the page (a share of its height, as pdftotext
// -bbox measures it) the content of every page but the last must reach.
const minFill = 0.78

// sampleFloor is what the built-in sample's pages are held to: two pages
// of its quality account end at 67% and 70% because what comes next cannot
// be cut and is taller than the room left (a bar chart of seven
// authorities, about 80 mm with its caption; the appendix heading with its
// table's caption, header and first two rows of four lines each). Its
// worst page ended at 56% before tables split with rows on each side of
// the break and keeps gave way to the page's fill.
const sampleFloor = 0.67

// No page but the last of the papers ends above 78% of the page: a table
// too long to move whole splits under a repeated header, and a chart moves
// only with the start of its data table. Each style is tried on the real
// data (Devon when ../shared is there, else the subset in testdata) as it
// comes and with a two-year quarterly trend and its line chart, and on the
// built-in sample.
func TestPagesAreFull(t *testing.T) {
	rs := realSample(t)
	if !rs.full {
		t.Logf("../shared is absent: the real papers are of %s from %s", rs.authority, subsetPath)
	}
	cases := []string{"scrutiny", "quality-account", "scrutiny+trend", "quality-account+trend", "sample:scrutiny", "sample:quality-account"}
	for _, name := range cases {
		t.Run(name, func(t *testing.T) {
			var c *config.Config
			floor := minFill
			if style, ok := strings.CutPrefix(name, "sample:"); ok {
				floor = sampleFloor
				path := "../../config/example.yaml"
				if style == "quality-account" {
					path = "../../config/example-quality-account.yaml"
				}
				c = loadConfig(t, path)
			} else {
				style, trend := strings.CutSuffix(name, "+trend")
				c = realConfig(t, rs, style)
				if trend {
					c.Period.Trend = &config.Trend{From: config.Date{Date: report.MustDate("2019-02-01")}, Every: "quarter"}
				}
			}
			in, err := Load(c)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Compute(c, in, "")
			if err != nil {
				t.Fatal(err)
			}
			files, err := Render(c, in, r, []string{"md"})
			if err != nil {
				t.Fatal(err)
			}
			var md []byte
			for _, f := range files {
				if strings.HasSuffix(f.Name, ".md") {
					md = f.Data
				}
			}
			fills, err := render.PDFPageFill(md, Meta(c, r))
			if err != nil {
				t.Fatal(err)
			}
			if len(fills) < 3 {
				t.Fatalf("%d pages", len(fills))
			}
			for i, f := range fills[:len(fills)-1] {
				switch {
				case f < floor:
					t.Errorf("page %d of %d ends at %.1f%% of its height", i+1, len(fills), f*100)
				case f < minFill:
					t.Logf("page %d of %d ends at %.1f%% of its height (under %.0f%%, over the sample's floor)", i+1, len(fills), f*100, minFill*100)
				}
			}
		})
	}
}
