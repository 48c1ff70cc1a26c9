package config

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
)

func TestCouncilAssessmentKey(t *testing.T) {
	base := "authority: Leicestershire\ndata: {api: a.jsonl}\nperiod: {as_at: 2025-10-01}\n"
	// Leicestershire's real assessment (reference 003): Requires
	// improvement, published in September 2025.
	c, err := Parse("c.yaml", []byte(base+"council_assessment:\n  rating: Requires improvement\n  published: 2025-09\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	a, ok := c.Council()
	if !ok || a.Rating != report.RequiresImprovement || a.PublishedText() != "September 2025" || a.HasScore || a.Authority != "Leicestershire" {
		t.Errorf("council %+v %v", a, ok)
	}
	full := base + "council_assessment:\n  rating: good\n  published: 2024-11-20\n  score: 70.5\n  url: https://www.cqc.org.uk/r\n  themes: {working_with_people: 3, providing_support: 2, ensuring_safety: 3, leadership: 4}\n"
	c, err = Parse("c.yaml", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if a, _ := c.Council(); a.Themes != [4]int{3, 2, 3, 4} || a.Score != 70.5 || a.PublishedText() != "20 November 2024" || a.URL != "https://www.cqc.org.uk/r" {
		t.Errorf("council %+v", a)
	}
	c, _ = Parse("c.yaml", []byte(base))
	if _, ok := c.Council(); ok {
		t.Error("a council assessment without the key")
	}
	for _, bad := range []struct{ yaml, want string }{
		{"  rating: Fair\n  published: 2025-09\n", `c.yaml: council_assessment.rating: "Fair" is not Outstanding, Good, Requires improvement or Inadequate`},
		{"  published: 2025-09\n", "c.yaml: council_assessment.rating: is required"},
		{"  rating: Good\n", "c.yaml: council_assessment.published: is required"},
		{"  rating: Good\n  published: 2025-13\n", `c.yaml: council_assessment.published: "2025-13" is not a date`},
		{"  rating: Good\n  published: yesterday\n", `council_assessment.published: "yesterday"`},
		{"  rating: Good\n  published: 2025-09\n  score: 101\n", "c.yaml: council_assessment.score: 101 is not a percentage from 0 to 100"},
		{"  rating: Good\n  published: 2025-09\n  score: -1\n", "council_assessment.score: -1 is not a percentage"},
		{"  rating: Good\n  published: 2025-09\n  themes: {leadership: 5}\n", "c.yaml: council_assessment.themes.leadership: 5 is not one of CQC's theme scores, 1 to 4"},
		{"  rating: Good\n  published: 2025-09\n  themes: {working_with_people: 0}\n", "council_assessment.themes.working_with_people: 0 is not"},
		{"  rating: Good\n  published: 2025-09\n  url: javascript:alert(1)\n", `c.yaml: council_assessment.url: "javascript:alert(1)" is not a web address`},
		{"  rating: Good\n  published: 2025-09\n  url: https://x.org/a b\n", "council_assessment.url:"},
	} {
		c, err := Parse("c.yaml", []byte(base+"council_assessment:\n"+bad.yaml))
		if err == nil {
			err = c.Validate()
		}
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%q: error %v, want %q", bad.yaml, err, bad.want)
		}
	}
	// An unknown theme is an unknown key, with its line.
	_, err = Parse("c.yaml", []byte(base+"council_assessment:\n  rating: Good\n  published: 2025-09\n  themes: {leadershp: 2}\n"))
	if err == nil || !strings.Contains(err.Error(), "c.yaml:7") || !strings.Contains(err.Error(), "leadershp") {
		t.Errorf("unknown theme: %v", err)
	}
}

func TestPopulationAndMapKeys(t *testing.T) {
	base := "authority: Devon\ndata: {api: a.jsonl}\nperiod: {as_at: 2025-10-01}\n"
	c, _ := Parse("c.yaml", []byte(base))
	if !c.PopulationOn() || !c.Report.MapOn() {
		t.Error("population and report.map are on by default")
	}
	c, err := Parse("c.yaml", []byte(base+"population: false\nreport: {map: false}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.PopulationOn() || c.Report.MapOn() {
		t.Error("population: false or report.map: false not read")
	}
}
