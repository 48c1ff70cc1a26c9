package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
)

// leicsWithCouncil is the Leicestershire fixture with the council's real
// assessment (reference 003: Requires improvement, September 2025) and a
// CSV of other councils' (Rutland's row is invented for the test).
func leicsWithCouncil(t *testing.T, style string) *config.Config {
	t.Helper()
	c, err := config.Load("testdata/leics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	csv := filepath.Join(dir, "councils.csv")
	if err := os.WriteFile(csv, []byte("authority,rating,published,score\nRutland,Good,2024-12-05,66\nDevon,Good,2024-05,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.Data.CouncilAssessments = csv
	c.CouncilAssessment = &config.CouncilAssessment{Rating: "Requires improvement", Published: "2025-09"}
	c.Report.Style = style
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCouncilAssessmentSection(t *testing.T) {
	for _, style := range []string{"scrutiny", "quality-account"} {
		t.Run(style, func(t *testing.T) {
			c := leicsWithCouncil(t, style)
			in, err := Load(c)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Compute(c, in, "")
			if err != nil {
				t.Fatal(err)
			}
			files, err := Render(&Plan{Config: c, Result: r}, in, []string{"md", "json"}, Run{Program: testProgram})
			if err != nil {
				t.Fatal(err)
			}
			md := string(files[0].Data)
			set := TableSet(r)
			tb := set.Find("council_assessment")
			if tb == nil {
				t.Fatal("no council_assessment table")
			}
			want := [][]string{{"authority", "rating", "published", "score"},
				{"Leicestershire", "requires_improvement", "2025-09", ""},
				{"Rutland", "good", "2024-12-05", "66"}}
			if g := tableStrings(tb); strings.Join(flat(g), "|") != strings.Join(flat(want), "|") {
				t.Errorf("council_assessment\n got %q\nwant %q", g, want)
			}
			heading := map[string]string{"scrutiny": "## CQC's Assessment of the Council", "quality-account": "### 1.1 CQC's assessment of the council"}[style]
			i := strings.Index(md, heading)
			if i < 0 {
				t.Fatalf("no heading %q", heading)
			}
			// After Background (scrutiny) or the introduction (quality
			// account), before the next section.
			after := map[string]string{"scrutiny": "## Background", "quality-account": "## 1. Our goal"}[style]
			next := map[string]string{"scrutiny": "## Resource Implications", "quality-account": "## 2. All"}[style]
			if j, k := strings.Index(md, after), strings.Index(md, next); j < 0 || j > i || k < i {
				t.Errorf("the section is not between %q and %q", after, next)
			}
			// The sentence's figures are the JSON's.
			label := map[string]string{"requires_improvement": "Requires Improvement", "good": "Good"}
			own, _ := tb.Cell("Leicestershire", "rating")
			comp, _ := tb.Cell("Rutland", "rating")
			for _, w := range []string{
				"CQC has assessed how the council meets its duties to adults under the Care Act 2014 and rated it " + label[own.Text] + " (published September 2025).",
				"Of its comparator authorities, CQC has rated Rutland " + label[comp.Text] + " (published 5 December 2024).",
				"| Rutland | Good | 5 December 2024 | 66% |",
				"| Leicestershire | Requires Improvement | September 2025 | – |",
			} {
				if !strings.Contains(md, w) {
					t.Errorf("the paper lacks %q", w)
				}
			}
			if _, shown := checkViews(t, r, mdTables(md), set); !slices.Contains(shown, "council") {
				t.Errorf("the spec check did not find the council table (found %v)", shown)
			}
			if strings.Contains(md, "Devon") {
				t.Error("a council that is no comparator is shown")
			}
		})
	}
}

func flat(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, ","))
	}
	return out
}

// Without the key (and without the council in the CSV): no section, no
// heading, no table.
func TestCouncilAssessmentAbsent(t *testing.T) {
	for _, style := range []string{"scrutiny", "quality-account"} {
		c, err := config.Load("testdata/leics.yaml")
		if err != nil {
			t.Fatal(err)
		}
		c.Report.Style = style
		files := renderConfig(t, c, "md", "json")
		md := string(files["leicestershire.md"])
		if strings.Contains(strings.ToLower(md), "assessment of the council") || strings.Contains(md, "Care Act") {
			t.Errorf("%s: a council assessment section without the key", style)
		}
		if strings.Contains(string(files["leicestershire-tables.json"]), "council_assessment") {
			t.Errorf("%s: a council_assessment table without the key", style)
		}
	}
}

// In a batch, the config's council_assessment is its own authority's:
// another authority's paper takes its own row of the CSV or none.
func TestCouncilAssessmentInBatch(t *testing.T) {
	c := leicsWithCouncil(t, "scrutiny")
	in, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	p, err := PlanFor(c, in, nil, "Rutland")
	if err != nil {
		t.Fatal(err)
	}
	rows := p.Result.Council
	if len(rows) != 1 || rows[0].Authority != "Rutland" || rows[0].Rating != report.Good {
		t.Errorf("Rutland's paper: %+v (Leicestershire's own assessment must not be Rutland's, nor its comparator's from the config)", rows)
	}
	// A config rating outside its score's band is a finding.
	c.CouncilAssessment.Score = new(float64)
	*c.CouncilAssessment.Score = 70
	in, err = Load(c)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range in.Findings {
		found = found || (f.Kind == "council_score_band" && strings.Contains(f.Message, "council_assessment: Leicestershire: score 70% is in CQC's band for Good"))
	}
	if !found {
		t.Errorf("no finding for a score outside its band: %v", in.Findings)
	}
}
