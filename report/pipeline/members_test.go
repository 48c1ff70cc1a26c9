package pipeline

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/carereport/carereport/report/cqc"
)

// The tables members ask for, counted independently on the real sample:
// the named services, inspection activity and the age of ratings, the
// comparator rankings by service type and key questions against the
// comparators and all authorities.
func TestRealSampleMemberTables(t *testing.T) {
	rs := realSample(t)
	locs := readSample(t, rs.path)
	asAt, prev, from, to := "2021-02-01", "2020-02-01", "2020-02-01", "2021-01-31"
	yaml := fmt.Sprintf("authority: %s\ncomparators: {authorities: [%s]}\nperiod: {as_at: %s, previous: %s, inspections_from: %s, inspections_to: %s}\ndata: {api: %s}\n",
		rs.authority, strings.Join(rs.comps, ", "), asAt, prev, from, to, rs.path)
	_, _, r := compute(t, "m.yaml", yaml)
	set := TableSet(r)

	// Named services: rated Inadequate or Requires Improvement now, or
	// rated lower than a year before.
	var wantNamed []string
	act := map[string][3]int{}
	bump := func(id string, home bool) {
		c := act[id]
		c[0]++
		if home {
			c[1]++
		} else {
			c[2]++
		}
		act[id] = c
	}
	for i := range locs {
		l := &locs[i]
		if l.la != rs.authority || !l.asc || l.dormantOn(asAt) {
			continue
		}
		present, now := l.at(t, asAt)
		if !present {
			continue
		}
		wasThere, then := l.at(t, prev)
		cur, before := "not_rated", ""
		if now != nil {
			cur = now.overall
		}
		if wasThere {
			before = "not_rated"
			if then != nil {
				before = then.overall
			}
		}
		fell := now != nil && then != nil && order[now.overall] < order[then.overall]
		if cur == "inadequate" || cur == "requires_improvement" || fell {
			// Rule 9: the rating before is the real rating of the report
			// before the one in force (the sample's re-registered homes
			// carry the ratings they inherited).
			var real []indRating
			for _, h := range l.ratings {
				if h.overall != "" && h.date <= asAt {
					real = append(real, h)
				}
			}
			sort.SliceStable(real, func(i, j int) bool { return real[i].date < real[j].date })
			// A report listed both as current and in the history is one
			// report.
			real = slices.CompactFunc(real, func(a, b indRating) bool { return a.date == b.date })
			reportBefore, beforeDate := "", ""
			if len(real) >= 2 {
				reportBefore, beforeDate = real[len(real)-2].overall, real[len(real)-2].date
			}
			run := 0
			for i := len(real) - 1; i >= 0 && (real[i].overall == "inadequate" || real[i].overall == "requires_improvement"); i-- {
				run++
			}
			wantNamed = append(wantNamed, fmt.Sprintf("%s %s before=%s(%s) run=%d on-prev=%s", l.id, cur, reportBefore, beforeDate, run, before))
		}
		// Rule 10: a report is any reports[] entry or rating history
		// entry in the period; inspected but not rated is an entry whose
		// overall value says so and that is not part of a rated report.
		in := func(d string) bool { return d >= from && d <= to }
		ratedLinks := map[string]bool{}
		for _, h := range l.ratings {
			if h.overall != "" && h.link != "" {
				ratedLinks[h.link] = true
			}
		}
		report, rated, notRated := false, false, false
		for _, d := range l.reports {
			if in(d) {
				report = true
			}
		}
		for _, h := range l.ratings {
			if !in(h.date) {
				continue
			}
			report = true
			switch {
			case h.overall != "":
				rated = true
			case h.ibnr && (h.link == "" || !ratedLinks[h.link]):
				notRated = true
			}
		}
		if rated && notRated {
			bump("rated_and_inspected_not_rated", l.home)
		}
		if report {
			bump("services_with_a_report", l.home)
		}
		if rated {
			bump("rated_in_period", l.home)
		}
		if notRated {
			bump("inspected_not_rated", l.home)
		}
		switch {
		case now == nil:
			bump("never_rated", l.home)
		case now.date < "2017-02-01":
			bump("rating_over_4_years_old", l.home)
			bump("rating_over_2_years_old", l.home)
		case now.date < "2019-02-01":
			bump("rating_over_2_years_old", l.home)
		}
	}
	var gotNamed []string
	named := set.Find(cqc.TNamed)
	if named == nil {
		t.Fatal("no named_services table")
	}
	for _, row := range named.Rows {
		gotNamed = append(gotNamed, fmt.Sprintf("%s %s before=%s(%s) run=%s on-prev=%s", row[0].Text, row[4].Text, row[6].Text, row[7].Text, row[8], row[9].Text))
	}
	sort.Strings(wantNamed)
	sort.Strings(gotNamed)
	if strings.Join(gotNamed, "\n") != strings.Join(wantNamed, "\n") {
		t.Errorf("named services:\n got %v\nwant %v", gotNamed, wantNamed)
	}
	if len(wantNamed) < 5 {
		t.Errorf("only %d named services: the test checks too little", len(wantNamed))
	}
	want := [][]string{{"measure", "care_home", "community", "all"}}
	// The rows of inspection_activity, in order, as interface.md lists them.
	for _, id := range []string{"services_with_a_report", "rated_in_period", "inspected_not_rated",
		"rated_and_inspected_not_rated", "rating_over_2_years_old", "rating_over_4_years_old", "never_rated"} {
		c := act[id]
		want = append(want, []string{id, fmt.Sprint(c[1]), fmt.Sprint(c[2]), fmt.Sprint(c[0])})
	}
	if act["services_with_a_report"][0] == 0 || act["rating_over_2_years_old"][0] == 0 {
		t.Errorf("activity counts too few to test: %v", act)
	}
	// Key questions: the share rated Good or Outstanding of those rated
	// on each, for the authority, its comparators and every authority.
	all := map[string]bool{}
	for _, l := range locs {
		all[l.la] = true
	}
	var england []string
	for la := range all {
		england = append(england, la)
	}
	me := figures(t, locs, []string{rs.authority}, asAt, from)
	co := figures(t, locs, rs.comps, asAt, from)
	en := figures(t, locs, england, asAt, from)
	kq := [][]string{{"key_question", "authority_good_or_better_pct", "comparators_good_or_better_pct", "all_areas_good_or_better_pct"}}
	for _, q := range kqNames {
		row := []string{q}
		for _, a := range []*areaFigures{me, co, en} {
			k := a.kq[q]
			row = append(row, pct(k["outstanding"]+k["good"], k["outstanding"]+k["good"]+k["requires_improvement"]+k["inadequate"]))
		}
		kq = append(kq, row)
	}
	compareTables(t, rs.authority+" members' tables", set, map[string][][]string{
		cqc.TActivity:           want,
		cqc.TKeyQuestionsCompar: kq,
	})
	// The ranking of care homes equals the overall ranking's figures
	// here (the data holds care homes only), and there is no community
	// ranking for a file without community services.
	if set.Find(cqc.TRankingCommunity) != nil {
		t.Error("a community ranking from data of care homes only")
	}
	if fmt.Sprint(tableStrings(set.Find(cqc.TRankingCareHomes))[1:]) != fmt.Sprint(tableStrings(set.Find(cqc.TRanking))[1:]) {
		t.Error("the care home ranking differs from the overall one on data of care homes only")
	}
}
