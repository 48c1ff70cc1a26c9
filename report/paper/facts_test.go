package paper

import (
	"fmt"
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

func mkArea(name string, home, comm cqc.Counts) *cqc.Area {
	a := &cqc.Area{Name: name}
	a.Ratings.CareHome, a.Ratings.Community = home, comm
	a.Ratings.All = home.Add(comm)
	return a
}

// result is a made-up authority: 8 care homes and 7 community services,
// against two comparators, with key questions.
func result() *cqc.Result {
	a := mkArea("Heath", counts(0, 6, 2, 0, 0), counts(1, 4, 1, 0, 1))
	a.NursingHomes, a.ResidentialHomes, a.NursingBeds, a.ResidentialBeds = 2, 6, 100, 150
	comp := mkArea("Comparator authorities", counts(2, 6, 2, 0, 0), counts(1, 8, 1, 0, 0))
	comp.Members = []string{"Vale", "Moor"}
	comp.NursingHomes, comp.NursingBeds, comp.ResidentialBeds = 10, 600, 400
	kq := &cqc.KeyQuestionCounts{Locations: 14}
	kq.ByQuestion[report.Safe] = counts(0, 10, 3, 1, 0)
	kq.ByQuestion[report.Effective] = counts(0, 13, 1, 0, 0)
	kq.ByQuestion[report.Caring] = counts(2, 12, 0, 0, 0)
	kq.ByQuestion[report.Responsive] = counts(1, 12, 1, 0, 0)
	kq.ByQuestion[report.WellLed] = counts(0, 10, 4, 0, 0)
	r := &cqc.Result{Opts: cqc.Options{ComparatorLabel: "Comparator authorities"}, Authority: a, Comparators: comp, KeyQuestions: kq}
	r.DeclareTables()
	return r
}

func TestSentences(t *testing.T) {
	s := newSentences(result(), 3)
	cases := map[string]string{
		// Care homes: 6 of 8 = 75% against 8 of 10 = 80%: 5 points lower.
		// Community: 5 of 7 = 71% against 9 of 10 = 90%. Not rated: 1 of
		// 15 = 6.7% against none of 20, beyond the threshold, so the
		// rated share too: 11 of 14 = 79% against 17 of 20 = 85%.
		"comparison": "75% of care homes in Heath are rated Good or Outstanding, lower than its comparator authorities (80%). 71% of community-based services in Heath are rated Good or Outstanding, lower than its comparator authorities (90%). Counting only the community-based services CQC has rated, 83% are Good or Outstanding, lower than its comparator authorities (90%): 14% of community-based services in Heath are not yet rated, against none in its comparator authorities.",
		// Outstanding: 0 of 8 against 2 of 10.
		"outstanding": "The share of care homes rated Outstanding is lower in Heath than in its comparator authorities (0% against 20%). No care home is rated Inadequate in Heath or in its comparator authorities.",
		// Safe and Well-led both have 4 below Good; Caring 14 of 14.
		"key_questions": "Safe and Well-led are the key questions most often rated Requires Improvement or Inadequate (4 services each). Caring is most often rated Good or Outstanding (100% of the services rated on it).",
		// A count only: no population figures to make it a rate (fair_test.go).
		"beds":       "There are 250 care home beds registered in Heath: 100 in nursing homes and 150 in residential homes.",
		"services":   "There are 15 regulated adult social care services in Heath registered with the Care Quality Commission (CQC): 8 care homes (2 with nursing and 6 without) and 7 community-based (such as home care and supported living).",
		"inadequate": "No service in Heath is currently rated Inadequate.",
		"rated":      "Of the 15 services, 14 have been rated by CQC and 1 has not yet been rated. The current ratings are:",
		// 11 of 15 = 73% against 17 of 20 = 85%.
		"conclusion":       "On the share rated Good or Outstanding, the ratings of services in Heath are worse than those of its comparator authorities.",
		"comparators_note": "Comparator authorities: Vale and Moor.",
	}
	all := s.all()
	for k, want := range cases {
		if got := all[k]; got != want {
			t.Errorf("%s:\n got %q\nwant %q", k, got, want)
		}
	}
	if all["movements"] != "" || all["ranking"] != "" || all["year_on_year"] != "" {
		t.Errorf("sentences about change written without a previous snapshot")
	}
}

// Rule 11: better / worse / higher / lower only where the unrounded
// shares differ by at least report.similar_within points, judged on the
// counts, never on the printed (rounded) figures.
func TestCompareNeedsTheThreshold(t *testing.T) {
	per1000 := func(n int) report.Share { return report.ShareOf(n, 1000, 0) }
	per1000d := func(n int) report.Share { return report.ShareOf(n, 1000, 1) }
	cases := []struct {
		name         string
		mine, theirs report.Share
		within       float64
		want         Relation
	}{
		{"one point is not better", per1000(860), per1000(850), 3, Similar}, // the Plymouth case
		{"exactly the threshold counts", per1000(870), per1000(840), 3, Higher},
		{"and the other way", per1000(840), per1000(870), 3, Lower},
		{"two points", per1000(870), per1000(850), 3, Similar},
		{"two points, threshold 2", per1000(870), per1000(850), 2, Higher},
		{"equal, threshold 0", per1000(850), per1000(850), 0, Similar},
		{"any difference, threshold 0", per1000(860), per1000(850), 0, Higher},
		{"2.9 points, one decimal", per1000d(874), per1000d(845), 3, Similar},
		{"3.0 points, one decimal", per1000d(875), per1000d(845), 3, Higher},
		{"nothing to compare with", per1000(900), report.Share{}, 3, Similar},
		// The Devon key questions: Effective 87.6% against 85.3% prints
		// 88% against 85% (3 points), Well-led 86.4% against 84.0%
		// prints 86% against 84% (2 points). On the printed figures the
		// smaller gap (2.3) was "higher" and the larger (2.4) "similar";
		// on the counts both are under 3 points.
		{"Effective +2.3, printed 3", per1000(876), per1000(853), 3, Similar},
		{"Well-led +2.4, printed 2", per1000(864), per1000(840), 3, Similar},
		{"+2.4 against threshold 2.4", per1000(864), per1000(840), 2.4, Higher},
		{"+2.3 against threshold 2.4", per1000(876), per1000(853), 2.4, Similar},
		// Different totals: 29 of 33 (87.8787...%) against 170 of 200
		// (85%): 2.8787... points, compared exactly.
		{"unequal totals", report.ShareOf(29, 33, 0), report.ShareOf(170, 200, 0), 2.87, Higher},
		{"unequal totals, just under", report.ShareOf(29, 33, 0), report.ShareOf(170, 200, 0), 2.88, Similar},
		// Printed the same: never higher, even under a threshold of 0.
		{"printed the same", per1000(853), per1000(847), 0, Similar},
	}
	for _, c := range cases {
		if got := Compare(c.mine, c.theirs, c.within); got != c.want {
			t.Errorf("%s: Compare(%d/%d, %d/%d, %v) = %v, want %v", c.name, c.mine.N, c.mine.Of, c.theirs.N, c.theirs.Of, c.within, got, c.want)
		}
	}
	// The printed figures of the Effective case are 3 points apart: the
	// old rule (printed figures) said Higher there.
	if d := report.Points(per1000(853), per1000(876)); d != 3 {
		t.Fatalf("the case no longer tests rounding: printed gap %v", d)
	}
	// The sentences use it: Heath 86% against 85% is "similar to".
	r := result()
	r.Authority = mkArea("Heath", counts(0, 86, 14, 0, 0), cqc.Counts{})
	r.Comparators = mkArea("Comparator authorities", counts(0, 85, 15, 0, 0), cqc.Counts{})
	r.Comparators.Members = []string{"Vale"}
	r.DeclareTables()
	all := newSentences(r, 3).all()
	if want := "86% of care homes in Heath are rated Good or Outstanding, similar to its comparator authorities (85%)."; all["comparison"] != want {
		t.Errorf("comparison: %q", all["comparison"])
	}
	if !strings.Contains(all["conclusion"], "similar to those of its comparator authorities") || strings.Contains(all["conclusion"], "better") {
		t.Errorf("conclusion claims more than one point shows: %q", all["conclusion"])
	}
	all = newSentences(r, 1).all()
	if !strings.Contains(all["conclusion"], "better than those of its comparator authorities") {
		t.Errorf("with similar_within 1, a one-point gap is a difference: %q", all["conclusion"])
	}
}

// Rule: a judgement of change weighs every rating.
func TestJudgeWeighsEveryRating(t *testing.T) {
	cases := []struct {
		name          string
		before, after cqc.Counts
		want          Trend
	}{
		// Devon: Good +3 and RI -3, but Inadequate 3 -> 8 and the share
		// 88% -> 87%: not an improvement.
		{"devon", counts(34, 245, 33, 3, 2), counts(33, 248, 30, 8, 3), Mixed},
		{"better all round", counts(10, 70, 15, 5, 0), counts(12, 76, 10, 2, 0), Improved},
		{"worse all round", counts(12, 76, 10, 2, 0), counts(10, 70, 15, 5, 0), Worsened},
		{"share up but inadequate up", counts(10, 70, 15, 5, 0), counts(12, 76, 6, 6, 0), Mixed},
		{"one-point wiggle", counts(10, 75, 10, 5, 0), counts(10, 76, 10, 5, 0), LittleChanged},
		{"share flat, fewer RI only", counts(10, 75, 10, 5, 0), counts(10, 76, 9, 5, 0), LittleChanged},
		{"nothing moved", counts(1, 2, 3, 4, 5), counts(1, 2, 3, 4, 5), LittleChanged},
	}
	for _, c := range cases {
		if got := Judge(c.before, c.after, 0, 3); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func prevResult(before, after cqc.Counts) *cqc.Result {
	r := result()
	r.Authority = mkArea("Heath", after, cqc.Counts{})
	r.Prev = &cqc.PrevResult{AsAt: report.MustDate("2020-02-01"), Authority: mkArea("Heath", before, cqc.Counts{})}
	r.Opts.AsAt = report.MustDate("2021-02-01")
	r.DeclareTables()
	return r
}

func TestYearOnYearSaysWhatRose(t *testing.T) {
	r := prevResult(counts(34, 245, 33, 3, 2), counts(33, 248, 30, 8, 3))
	r.CareHomesOnly = true
	got := newSentences(r, 3).yearOnYear()
	want := "Since 1 February 2020 the picture in Heath is mixed: the number rated Requires Improvement fell from 33 to 30, but the number rated Inadequate rose from 3 to 8. The share of care homes rated Good or Outstanding is little changed (88% then, 87% now)."
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	for _, bad := range []string{"improved", "has risen by 3", "better"} {
		if strings.Contains(got, bad) {
			t.Errorf("reads as improvement (%q): %s", bad, got)
		}
	}
	got = newSentences(prevResult(counts(10, 70, 15, 5, 0), counts(12, 76, 10, 2, 0)), 3).yearOnYear()
	if want := "Ratings in Heath have improved since 1 February 2020: the share of services rated Good or Outstanding rose from 80% to 88%, the number rated Inadequate fell from 5 to 2 and the number rated Requires Improvement fell from 15 to 10."; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	got = newSentences(prevResult(counts(10, 75, 10, 5, 0), counts(10, 76, 10, 5, 0)), 3).yearOnYear()
	if want := "Since 1 February 2020, in Heath, the share of services rated Good or Outstanding is little changed (85% then, 85% now)."; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// Rule: zero is "no" or "none", all is "all", one is singular; never "N of
// these are X" when N is all.
func TestZeroOneAll(t *testing.T) {
	r := result()
	r.CareHomesOnly = true
	r.Authority = mkArea("Heath", counts(3, 319, 0, 0, 0), cqc.Counts{})
	r.Authority.NursingHomes, r.Authority.ResidentialHomes = 0, 322
	r.Authority.ResidentialBeds = 5000
	r.DeclareTables()
	all := newSentences(r, 3).all()
	for k, want := range map[string]string{
		"services":   "There are 322 care homes in Heath registered with the Care Quality Commission (CQC), none with nursing. The data holds care homes only, so this paper does not cover home care, supported living or other community-based services.",
		"rated":      "All 322 care homes have been rated by CQC. Their current ratings are:",
		"inadequate": "No care home in Heath is currently rated Inadequate.",
		"beds":       "There are 5,000 care home beds registered in Heath, none of them in nursing homes.",
	} {
		if all[k] != want {
			t.Errorf("%s:\n got %q\nwant %q", k, all[k], want)
		}
	}
	for k, v := range all {
		for _, bad := range []string{" 0 ", "322 of these", "0 closed", "1 services", "1 care homes"} {
			if strings.Contains(" "+v+" ", bad) {
				t.Errorf("%s says %q: %s", k, bad, v)
			}
		}
	}
	// One service, not rated.
	r.Authority = mkArea("Heath", counts(0, 0, 0, 0, 1), cqc.Counts{})
	r.Authority.ResidentialHomes = 1
	r.DeclareTables()
	all = newSentences(r, 3).all()
	if want := "There is 1 care home in Heath registered with the Care Quality Commission (CQC), without nursing. The data holds care homes only, so this paper does not cover home care, supported living or other community-based services."; all["services"] != want {
		t.Errorf("services: %q", all["services"])
	}
	if want := "The only care home has not yet been rated by CQC."; all["rated"] != want {
		t.Errorf("rated: %q", all["rated"])
	}
}

// Rule: what the data cannot show is not printed as 0; a partial
// aggregate is never called England.
func TestCoverageWords(t *testing.T) {
	r := prevResult(counts(10, 70, 15, 5, 0), counts(10, 71, 15, 5, 0))
	r.Prev.Movements = cqc.Movements{}
	r.England = mkArea("England", counts(20, 140, 30, 10, 0), cqc.Counts{})
	r.EnglandAuthorities = 4
	r.DeclareTables()
	all := newSentences(r, 3).all()
	if strings.Contains(all["movements"], "closed") {
		t.Errorf("closures printed where the data cannot show them: %q", all["movements"])
	}
	for k, v := range all {
		if strings.Contains(v, "England") {
			t.Errorf("%s calls 4 authorities England: %q", k, v)
		}
	}
	if !strings.Contains(all["comparison"], "the 4 authorities in the data (80%)") {
		t.Errorf("comparison: %q", all["comparison"])
	}
	r.Prev.ClosuresSeen = true
	r.DeclareTables()
	if m := newSentences(r, 3).movements(); !strings.Contains(m, "none closed") {
		t.Errorf("closures seen: %q", m)
	}
	r.EnglandAuthorities = 152
	r.DeclareTables()
	if c := newSentences(r, 3).comparison(); !strings.Contains(c, "England (80%)") {
		t.Errorf("a national file is England: %q", c)
	}
	r.EnglandAuthorities = 1
	r.DeclareTables()
	if c := newSentences(r, 3).comparison(); !strings.Contains(c, "the one authority in the data (80%)") {
		t.Errorf("one authority in the data: %q", c)
	}
	if l := englandLabel(r); l != "The one authority in the data" {
		t.Errorf("one authority's heading: %q", l)
	}
}

// The trend sentence follows the rules: a one-point wiggle is not a
// rise; a rise beyond the threshold is. It never repeats the share at the
// as-at date (the last point), which the paper has given already.
func TestTrendSentence(t *testing.T) {
	point := func(day string, gob int) cqc.TrendPoint {
		return cqc.TrendPoint{Date: report.MustDate(day), Authority: cqc.ByType{All: counts(0, gob, 100-gob, 0, 0)}}
	}
	series := func(gobs ...int) []cqc.TrendPoint {
		var out []cqc.TrendPoint
		for i, g := range gobs {
			out = append(out, point(fmt.Sprintf("%d-%02d-01", 2020+i/4, 1+3*(i%4)), g))
		}
		return out
	}
	const lead = "Between 1 January 2020 and 1 October 2020 the share of services in Heath rated Good or Outstanding "
	r := result()
	for _, c := range []struct {
		gobs []int
		want string
	}{
		{[]int{80, 82, 79, 81}, lead + "ended close to where it began (up 1 percentage point), having moved over 3 percentage points on the way."},
		{[]int{80, 81, 80, 81}, lead + "changed little, moving within 1 percentage point."},
		{[]int{80, 80, 80, 80}, lead + "did not change."},
		{[]int{80, 76, 83, 80}, lead + "ended where it began, having moved over 7 percentage points on the way."},
		{[]int{80, 82, 79, 74}, lead + "fell by 6 percentage points from 80%."},
	} {
		r.Trend = &cqc.Trend{Points: series(c.gobs...)}
		r.DeclareTables() // the sentence reads the trend table
		if got := newSentences(r, 3).trend(); got != c.want {
			t.Errorf("%v:\ngot  %q\nwant %q", c.gobs, got, c.want)
		}
	}
	r.Trend = &cqc.Trend{Points: series(80, 82, 79, 81, 84)}
	r.DeclareTables()
	got := newSentences(r, 3).trend()
	if !strings.Contains(got, "rose by 4 percentage points from 80%") {
		t.Errorf("a four-point rise: %q", got)
	}
	if strings.Contains(got, "84%") {
		t.Errorf("the share at the as-at date is stated again: %q", got)
	}
	if got := newSentences(r, 5).trend(); strings.Contains(got, "rose") {
		t.Errorf("with similar_within 5, four points is not a rise: %q", got)
	}
}

// Without a previous date, the paper says what it lacks; with a trend it
// does not claim to show no change over time.
func TestMissingPreviousWithTrend(t *testing.T) {
	c := Settings{Style: "committee", Appendix: true}
	r := result()
	r.Prev = nil
	d, err := newDoc(Inputs{Settings: c, Result: r})
	if err != nil {
		t.Fatal(err)
	}
	if m := d.Missing["previous"]; !strings.Contains(m, "shows no change over time") {
		t.Errorf("no previous, no trend: %q", m)
	}
	r.Trend = &cqc.Trend{Points: []cqc.TrendPoint{{Date: report.MustDate("2020-01-01")}, {Date: report.MustDate("2020-04-01")}}}
	if d, err = newDoc(Inputs{Settings: c, Result: r}); err != nil {
		t.Fatal(err)
	}
	if m := d.Missing["previous"]; strings.Contains(m, "no change over time") || !strings.Contains(m, "trend") {
		t.Errorf("no previous, with a trend: %q", m)
	}
}

// The trend chart's title names the lines it draws: England's second
// line is not called the comparator authorities.
func TestTrendChartTitleNamesItsLines(t *testing.T) {
	at := func(day string, comps, eng bool) cqc.TrendPoint {
		p := cqc.TrendPoint{Date: report.MustDate(day), Authority: cqc.ByType{All: counts(0, 8, 2, 0, 0)}}
		if comps {
			p.Comparators = &cqc.ByType{All: counts(1, 7, 2, 0, 0)}
		}
		if eng {
			p.England = &cqc.ByType{All: counts(2, 6, 2, 0, 0)}
		}
		return p
	}
	for _, c := range []struct {
		comps, eng bool
		want       string
	}{
		{true, true, "over time: Heath, its comparator authorities and England"},
		{false, true, "over time: Heath and England"},
		{true, false, "over time: Heath and its comparator authorities"},
		{false, false, "over time: Heath"},
	} {
		r := result()
		r.Opts.England = c.eng
		if c.eng {
			r.England, r.EnglandAuthorities = mkArea("England", counts(2, 6, 2, 0, 0), counts(1, 8, 1, 0, 0)), 153
		}
		if !c.comps {
			r.Comparators = nil
		}
		r.Trend = &cqc.Trend{Points: []cqc.TrendPoint{at("2020-01-01", c.comps, c.eng), at("2020-04-01", c.comps, c.eng)}}
		r.DeclareTables()
		f := newTableMaker(r, "Heath").trendChart()
		if f == nil {
			t.Fatalf("comparators %v, England %v: no chart", c.comps, c.eng)
		}
		if !strings.HasSuffix(f.Chart.Title, c.want) {
			t.Errorf("comparators %v, England %v: title %q, want it to end %q", c.comps, c.eng, f.Chart.Title, c.want)
		}
	}
}
