package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The health tables' cells the kinds alone cannot print: a trust the
// Providers file lacks ("Not in the data", and a sentence saying so), a
// trust's key question not rated ("–"), a core service with no key
// question ratings ("Not published"). The sample's files with a hospital
// of an unknown trust added and one trust's Safe rating made "Not rated";
// every view is held to the JSON (checkViews).
func TestHealthTrustsTheDataLacks(t *testing.T) {
	c := loadConfig(t, "../../config/example-health.yaml")
	dir := t.TempDir()
	ratings, err := os.ReadFile(c.Data.Ratings)
	if err != nil {
		t.Fatal(err)
	}
	const hosp = "1-899999999,Zed Test Hospital,Midshire,Sample Region,Acute hospital - NHS non-specialist,NHS Healthcare Organisation,RZ9,Zed Health NHS Trust,"
	extra := hosp + "Overall,Overall,Requires improvement,03/03/2023,Location\n" +
		hosp + "Surgery,Overall,Requires improvement,03/03/2023,CoreService\n" +
		hosp + "Maternity,Overall,Good,03/03/2023,CoreService\n"
	providers, err := os.ReadFile(c.Data.RatingsProviders)
	if err != nil {
		t.Fatal(err)
	}
	const safe = "RX2,Vale and Moor NHS Trust,Overall,Safe,Requires improvement,"
	if !strings.Contains(string(providers), safe) {
		t.Fatal("the sample's Providers file has changed: update the test")
	}
	c.Data.Ratings = filepath.Join(dir, "ratings.csv")
	c.Data.RatingsProviders = filepath.Join(dir, "providers.csv")
	if err := os.WriteFile(c.Data.Ratings, append(ratings, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.Data.RatingsProviders, []byte(strings.Replace(string(providers), safe, "RX2,Vale and Moor NHS Trust,Overall,Safe,Not rated,", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	p := renderPaper(t, "sample with an unknown trust", c)
	md, r := p.md, p.r
	for _, w := range []string{
		"| Zed Health NHS Trust | Not in the data | – | – | – | – | – | – | 1 |",
		"| Vale and Moor NHS Trust | Requires Improvement | – | Requires Improvement | Requires Improvement | Good | Requires Improvement | 1 Nov 2022 | 1 |",
		"| Zed Test Hospital | Zed Health NHS Trust | Surgery | Requires Improvement | Not published |",
		"Zed Health NHS Trust runs 1 hospital in Midshire; the data gives no rating of the trust itself.",
		"Vale and Moor NHS Trust, which runs 1 hospital in Midshire, is rated Requires Improvement overall: Good for responsive and Requires Improvement for effective, caring and well-led (published 1 November 2022).",
		"At Zed Test Hospital, 1 of the 2 rated core services is below Good: surgery (Requires Improvement).",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("the paper lacks %q", w)
		}
	}
	if strings.Contains(md, "| Zed Test Hospital | Zed Health NHS Trust | Maternity |") {
		t.Error("a core service rated Good is in the table of those below Good")
	}
	checked, shown := checkViews(t, r, mdTables(md), TableSet(r))
	for _, v := range []string{"health_key_questions", "nhs_trusts", "hospital_services"} {
		if !slices.Contains(shown, v) {
			t.Errorf("checkViews did not find %s (found %v)", v, shown)
		}
	}
	if checked < 30 {
		t.Errorf("only %d rows checked", checked)
	}
}
