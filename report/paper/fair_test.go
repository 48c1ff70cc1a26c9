package paper

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

func TestCompareRate(t *testing.T) {
	for _, c := range []struct {
		mine, theirs float64
		want         Relation
	}{
		{50, 40, Higher}, {44, 40, Higher}, {43.99, 40, Similar}, {36.01, 40, Similar}, {36, 40, Lower},
		{40, 40, Similar}, {10, 0, Similar},
	} {
		if got := CompareRate(c.mine, c.theirs); got != c.want {
			t.Errorf("%v against %v: %v, want %v", c.mine, c.theirs, got, c.want)
		}
	}
}

// The beds sentence compares rates, never counts: Heath has 250 beds for
// 5,000 people aged 65 and over (50.0 per 1,000) against its comparators'
// 1,000 for 25,000 (40.0): 25% higher, though its count is lower.
func TestBedsPerHeadSentence(t *testing.T) {
	r := result()
	r.PerHead = &cqc.PerHead{Year: 2021,
		Authority:   &cqc.HeadCount{Beds: 250, Pop65: 5000, Pop75: 2500, N: 1},
		Comparators: &cqc.HeadCount{Beds: 1000, Pop65: 25000, Pop75: 12000, N: 2}}
	r.DeclareTables()
	got := newSentences(r, 3).beds()
	want := "There are 250 care home beds registered in Heath: 100 in nursing homes and 150 in residential homes. That is 50.0 beds for every 1,000 people aged 65 and over, and 100.0 for every 1,000 aged 75 and over (ONS mid-2021 population estimates); for people aged 65 and over this is higher than its comparator authorities taken together (40.0)."
	if got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	// Within 10%: similar.
	r.PerHead.Comparators.Beds = 1200 // 48.0: Heath is 4% above
	r.DeclareTables()
	if got := newSentences(r, 3).beds(); !strings.Contains(got, "similar to its comparator authorities taken together (48.0)") {
		t.Errorf("within 10%%: %q", got)
	}
	// A comparator ONS lacks: no group rate, and the sentence says why.
	r.PerHead.Comparators, r.PerHead.Missing = nil, []string{"Moor"}
	r.DeclareTables()
	if got := newSentences(r, 3).beds(); !strings.HasSuffix(got, "(ONS mid-2021 population estimates). ONS publishes no mid-2021 estimate for Moor, so no rate per head is given for the comparator authorities.") {
		t.Errorf("missing comparator: %q", got)
	}
	// The authority itself missing: counts only, said in one sentence.
	r.PerHead = &cqc.PerHead{Year: 2021, Missing: []string{"Heath"}}
	r.DeclareTables()
	got = newSentences(r, 3).beds()
	if !strings.HasSuffix(got, " ONS publishes no mid-2021 population estimate for Heath, so neither its beds nor its services are given per head of population, and its beds are not compared with other authorities.") {
		t.Errorf("authority missing: %q", got)
	}
	for _, bad := range []string{"more than", "fewer than", "average"} {
		if strings.Contains(got, bad) {
			t.Errorf("counts compared: %q", got)
		}
	}
	// population: false: counts only, nothing said.
	r.PerHead = nil
	r.DeclareTables()
	if got := newSentences(r, 3).beds(); got != "There are 250 care home beds registered in Heath: 100 in nursing homes and 150 in residential homes." {
		t.Errorf("population off: %q", got)
	}
}

func TestReinspectionSentence(t *testing.T) {
	r := result()
	ri := &cqc.Reinspection{Period: cqc.Period{From: report.MustDate("2024-01-01"), To: report.MustDate("2024-12-31")}, Services: 400}
	ri.ByType[cqc.OutcomeDown] = cqc.TallyOf(15, 5) // 20
	ri.ByType[cqc.OutcomeSame] = cqc.TallyOf(8, 3)  // 11
	ri.ByType[cqc.OutcomeUp] = cqc.TallyOf(6, 1)    // 7
	ri.ByType[cqc.OutcomeFirst] = cqc.TallyOf(0, 1) // 1
	r.Reinspection = ri
	r.DeclareTables()
	got := newSentences(r, 3).reinspection()
	want := "Between 1 January 2024 and 31 December 2024 CQC rated 39 of the 400 services in Heath: 20 (51%) had a lower rating than the one they held before, 11 (28%) kept the same rating, 7 (18%) had a higher one and 1 (3%) was rated for the first time. CQC now chooses which services to inspect largely by risk, going first where it expects problems, so these shares describe the services it inspected, not all services in Heath."
	if got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	// Only first ratings: no shares of re-inspections, no warning.
	ri.ByType = [4]cqc.Tally{}
	ri.ByType[cqc.OutcomeFirst] = cqc.TallyOf(2, 0)
	r.DeclareTables()
	if got := newSentences(r, 3).reinspection(); got != "Between 1 January 2024 and 31 December 2024 CQC rated 2 of the 400 services in Heath: 2 (100%) were rated for the first time." {
		t.Errorf("first ratings only: %q", got)
	}
	ri.ByType = [4]cqc.Tally{}
	r.DeclareTables()
	if got := newSentences(r, 3).reinspection(); got != "" {
		t.Errorf("nothing rated: %q", got)
	}
}

func TestCouncilSentence(t *testing.T) {
	r := result()
	r.Opts.Comparators = []string{"Vale", "Moor"}
	r.Council = []report.CouncilAssessment{
		{Authority: "Heath", Rating: report.RequiresImprovement, Published: report.MustDate("2025-09-01"), MonthOnly: true,
			Score: 53, HasScore: true, Themes: [4]int{2, 0, 2, 3}, URL: "https://www.cqc.org.uk/x"},
		{Authority: "Vale", Rating: report.Good, Published: report.MustDate("2024-11-20")},
	}
	r.DeclareTables()
	got := newSentences(r, 3).council()
	want := "CQC has assessed how the council meets its duties to adults under the Care Act 2014 and rated it Requires Improvement (published September 2025; score 53%). CQC scored its themes out of 4: working with people 2, how the council ensures safety within the system 2 and leadership 3. The report is at <https://www.cqc.org.uk/x>. Of its comparator authorities, CQC has rated Vale Good (published 20 November 2024). No assessment of the other one was given."
	if got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	r.Council = nil
	r.DeclareTables()
	if got := newSentences(r, 3).council(); got != "" {
		t.Errorf("no assessment: %q", got)
	}
}
