package paper

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

func counts(o, g, ri, in, nr int) cqc.Counts {
	var c cqc.Counts
	c[report.Outstanding], c[report.Good], c[report.RequiresImprovement], c[report.Inadequate], c[report.NotRated] = o, g, ri, in, nr
	return c
}

func result() *cqc.Result {
	a := &cqc.Area{Name: "Heath", NursingHomes: 2, ResidentialHomes: 6, NursingBeds: 100, ResidentialBeds: 150}
	a.Ratings.CareHome = counts(0, 6, 2, 0, 0)
	a.Ratings.Community = counts(1, 4, 1, 0, 1)
	a.Ratings.All = a.Ratings.CareHome.Add(a.Ratings.Community)
	comp := &cqc.Area{Name: "Comparator authorities", Members: []string{"Vale", "Moor"}, NursingHomes: 10, NursingBeds: 600, ResidentialBeds: 400}
	comp.Ratings.CareHome = counts(2, 6, 2, 0, 0)
	comp.Ratings.Community = counts(1, 8, 1, 0, 0)
	comp.Ratings.All = comp.Ratings.CareHome.Add(comp.Ratings.Community)
	kq := &cqc.KeyQuestionCounts{Locations: 14}
	kq.ByQuestion[report.Safe] = counts(0, 10, 3, 1, 0)
	kq.ByQuestion[report.Effective] = counts(0, 13, 1, 0, 0)
	kq.ByQuestion[report.Caring] = counts(2, 12, 0, 0, 0)
	kq.ByQuestion[report.Responsive] = counts(1, 12, 1, 0, 0)
	kq.ByQuestion[report.WellLed] = counts(0, 10, 4, 0, 0)
	return &cqc.Result{Opts: cqc.Options{ComparatorLabel: "Comparator authorities"}, Authority: a, Comparators: comp, KeyQuestions: kq}
}

func TestSentences(t *testing.T) {
	s := &sentences{r: result(), a: "Heath"}
	cases := map[string]string{
		// 11 of 15 Good or better = 73%; comparators 17 of 20 = 85%.
		"headline": "73% of services in Heath are rated Good or Outstanding (67% Good, 7% Outstanding), against 85% in comparator authorities.",
		// Care homes Outstanding: 0 of 8 against 2 of 10.
		"outstanding": "Heath has a smaller share of care homes rated Outstanding than its comparator authorities (0% against 20%).",
		// Safe and Well-led both have 4 below Good; Caring 14 of 14.
		"key_questions": "Safe and Well-led are the key questions most often rated Requires Improvement or Inadequate (4 services each). Caring is most often rated Good or Outstanding (100% of the services rated on it).",
		// 250 beds against a mean of 1,000/2 = 500.
		// Nursing: 100 against 600/2 = 300, 67% fewer; residential: 150
		// against 400/2 = 200, 25% fewer.
		"beds": "There are 250 care home beds registered in Heath: 100 in nursing homes and 150 in residential homes. This is 250 fewer than the average comparator authority (500). Heath has 67% fewer nursing beds than the average comparator authority (300) and 25% fewer residential beds (200).",
		// Good: 10 of 15 against 14 of 20.
		"good":       "67% of services in Heath are rated Good, against 70% in comparator authorities.",
		"services":   "Across Heath there are 15 regulated adult social care services. 8 of these are care homes (2 with nursing and 6 without); 7 are community-based (including domiciliary care and supported living).",
		"inadequate": "There are currently 0 services rated Inadequate.",
	}
	all := s.all()
	for k, want := range cases {
		if got := all[k]; got != want {
			t.Errorf("%s:\n got %q\nwant %q", k, got, want)
		}
	}
	if all["movements"] != "" || all["ranking"] != "" {
		t.Errorf("sentences about change written without a previous snapshot")
	}
	if !strings.Contains(all["comparators_note"], "Vale; Moor") {
		t.Errorf("comparators note: %q", all["comparators_note"])
	}
}
