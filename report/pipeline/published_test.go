package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
)

// Where the data covers only some authorities, CQC's published England
// counts given in the config replace the computed column, and the paper
// says so.
func TestPublishedEnglandCounts(t *testing.T) {
	dir := t.TempDir()
	csv := "Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n" +
		"1-001,Y,Adult social care,Good,Heath\n1-002,N,Adult social care,Outstanding,Heath\n"
	os.WriteFile(filepath.Join(dir, "h.csv"), []byte(csv), 0o644)
	yaml := `authority: Heath
period: {as_at: 2019-11-01}
data: {locations: h.csv}
published:
  england:
    source: CQC, State of Care 2018/19
    care_home: {outstanding: 600, good: 11000, requires_improvement: 2300, inadequate: 250, not_rated: 850}
    community: {outstanding: 450, good: 7500, requires_improvement: 1000, inadequate: 100, not_rated: 950}
`
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte(yaml), 0o644)
	c, err := config.Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	files := renderConfig(t, c, "md", "json")
	in, _ := Load(c)
	r, _ := Compute(c, in, "")
	cmp := TableSet(r).Find("comparison")
	// care homes: 11000 of 15000 = 73.3 -> 73; community 1000 of 10000 = 10.
	for _, w := range []struct {
		row, col string
		want     float64
	}{{"good", "england_care_home_pct", 73}, {"requires_improvement", "england_community_pct", 10}, {"good", "authority_care_home_pct", 100}} {
		if got, _ := cmp.Cell(w.row, w.col); got.Num != w.want {
			t.Errorf("%s %s: got %v, want %v", w.row, w.col, got.Num, w.want)
		}
	}
	md := string(files["heath.md"])
	// The headline sentence uses the same published figures: (11000 +
	// 600 + 7500 + 450) of 25000 = 78.2 -> 78% Good or Outstanding.
	// The headline sentence uses the same published figures: care homes
	// (600 + 11000) of 15000 = 77.3 -> 77% Good or Outstanding.
	if g, _ := cmp.Cell("good_or_better", "england_care_home_pct"); g.Num != 77 {
		t.Errorf("published England care homes Good or Outstanding: %v, want 77", g.Num)
	}
	if !strings.Contains(md, "England (77%).") {
		t.Error("the headline does not use the published England figure")
	}
	if strings.Contains(md, "average authority in England") {
		t.Error("beds compared with an England computed from partial data")
	}
	if !strings.Contains(md, "The England figures are CQC's published counts (CQC, State of Care 2018/19), not computed from the data file.") {
		t.Error("the paper does not say the England figures are published counts")
	}
	if strings.Contains(md, "figures headed England are the total of those authorities") {
		t.Error("the paper also says England is computed from the data")
	}
	// A rating id that is not one is an error naming the key.
	os.WriteFile(cfg, []byte(strings.Replace(yaml, "not_rated: 850", "unrated: 850", 1)), 0o644)
	if _, err := config.Load(cfg); err == nil || !strings.Contains(err.Error(), "published.england.care_home.unrated") {
		t.Errorf("bad published key: %v", err)
	}
}

// Published comparator counts: the comparators need not be in the data;
// their names go in the note, and there is no ranking or bed average.
func TestPublishedComparatorCounts(t *testing.T) {
	dir := t.TempDir()
	csv := "Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n" +
		"1-001,Y,Adult social care,Good,Heath\n1-002,N,Adult social care,Outstanding,Heath\n"
	os.WriteFile(filepath.Join(dir, "h.csv"), []byte(csv), 0o644)
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte(`authority: Heath
comparators: {authorities: [Farshire, Nearshire]}
england: false
period: {as_at: 2019-11-01}
data: {locations: h.csv}
published:
  comparators:
    care_home: {good: 30, requires_improvement: 10}
    community: {good: 20}
`), 0o644)
	c, err := config.Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	files := renderConfig(t, c, "md", "json")
	md := string(files["heath.md"])
	for _, want := range []string{"Comparator authorities: Farshire and Nearshire.", "The comparator authorities' figures are CQC's published counts",
		"higher than its comparator authorities (75%)"} { // care homes: 30 of 40 Good or better
		if !strings.Contains(md, want) {
			t.Errorf("paper lacks %q", want)
		}
	}
	js := string(files["heath-tables.json"])
	if strings.Contains(js, `"comparator_ranking"`) || strings.Contains(js, `"comparators",`) {
		t.Error("a ranking or bed average made without the comparators' data")
	}
	if !strings.Contains(js, `"comparators_care_home_pct"`) {
		t.Error("no comparator columns in the comparison table")
	}
}
