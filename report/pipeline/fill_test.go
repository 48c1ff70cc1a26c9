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

// No page but the last of the papers ends above 78% of the page: a table
// too long to move whole splits under a repeated header, and a chart moves
// only with the start of its data table. Each style is tried on the real
// data (Devon when ../shared is there, else the subset in testdata) as it
// comes and with a two-year quarterly trend and its line chart, and on the
// built-in sample. A chart a little taller than the room left is drawn
// smaller rather than leave a page short (the sample quality account's
// ranking chart of seven authorities left its page at 66%).
func TestPagesAreFull(t *testing.T) {
	rs := realSample(t)
	if !rs.full {
		t.Logf("../shared is absent: the real papers are of %s from %s", rs.authority, subsetPath)
	}
	cases := []string{"scrutiny", "quality-account", "scrutiny+trend", "quality-account+trend", "sample:scrutiny", "sample:quality-account", "sample:health"}
	for _, name := range cases {
		t.Run(name, func(t *testing.T) {
			var c *config.Config
			if style, ok := strings.CutPrefix(name, "sample:"); ok {
				path := "../../config/example.yaml"
				switch style {
				case "quality-account":
					path = "../../config/example-quality-account.yaml"
				case "health":
					path = "../../config/example-health.yaml"
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
			files, err := Render(&Plan{Config: c, Result: r}, in, []string{"md"}, Run{Program: testProgram})
			if err != nil {
				t.Fatal(err)
			}
			var md []byte
			for _, f := range files {
				if strings.HasSuffix(f.Name, ".md") {
					md = f.Data
				}
			}
			d, err := render.ReadMarkdown(md)
			if err != nil {
				t.Fatal(err)
			}
			fills, err := render.PDFPageFill(d, Meta(c, r))
			if err != nil {
				t.Fatal(err)
			}
			if len(fills) < 3 {
				t.Fatalf("%d pages", len(fills))
			}
			t.Logf("pages end at %.1f%%", percents(fills))
			for i, f := range fills[:len(fills)-1] {
				if f < minFill {
					t.Errorf("page %d of %d ends at %.1f%% of its height", i+1, len(fills), f*100)
				}
			}
		})
	}
}

func percents(fills []float64) []float64 {
	out := make([]float64, len(fills))
	for i, f := range fills {
		out[i] = f * 100
	}
	return out
}
