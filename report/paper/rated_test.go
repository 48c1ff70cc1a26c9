package paper

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// ratedResult is Heath (care homes as given, no community-based
// services) against comparators and, when england is not empty, England
// (152 authorities, so named England).
func ratedResult(heath, comps, england cqc.Counts) *cqc.Result {
	none := cqc.Counts{}
	return ratedByType(heath, none, comps, none, england, none)
}

// ratedByType is ratedResult with care homes (h) and community-based
// services (c) in each area.
func ratedByType(heathH, heathC, compsH, compsC, englandH, englandC cqc.Counts) *cqc.Result {
	r := &cqc.Result{Opts: cqc.Options{ComparatorLabel: "Comparator authorities"}, Authority: mkArea("Heath", heathH, heathC)}
	if compsH.Total()+compsC.Total() > 0 {
		r.Comparators = mkArea("Comparator authorities", compsH, compsC)
		r.Comparators.Members = []string{"Vale", "Moor"}
	}
	if englandH.Total()+englandC.Total() > 0 {
		r.England = mkArea("England", englandH, englandC)
		r.EnglandAuthorities = 152
	}
	r.DeclareTables()
	return r
}

// The rated-share sentence of the comparison paragraph, one case for each
// branch of its rule, on care homes alone (the sentence then speaks of
// care homes, as the headline does). Figures worked by hand:
// counts(outstanding, good, requires improvement, inadequate, not rated).
func TestRatedComparisonRule(t *testing.T) {
	none := cqc.Counts{}
	cases := []struct {
		name                  string
		heath, comps, england cqc.Counts
		want                  string
	}{
		// All services: 87/100 = 87% against 80/100 = 80%, higher (7
		// points). Rated: 87/99 = 87.88% against 80/92 = 86.96%, similar
		// (0.92 points). Not rated 1% against 8%: lower, so only the
		// relation's change names the comparators.
		{"relation differs", counts(0, 87, 12, 0, 1), counts(0, 80, 12, 0, 8), none,
			"Counting only the care homes CQC has rated, 88% are Good or Outstanding, similar to its comparator authorities (87%): 1% of care homes in Heath are not yet rated, against 8% in its comparator authorities."},
		// All: 72/100 against 85/100, lower. Rated: 72/90 = 80% against
		// 85/95 = 89.47%, lower too. Not rated: 10% against 5%, 5 points
		// higher.
		{"not-rated gap", counts(0, 72, 18, 0, 10), counts(0, 85, 10, 0, 5), none,
			"Counting only the care homes CQC has rated, 80% are Good or Outstanding, lower than its comparator authorities (89%): 10% of care homes in Heath are not yet rated, against 5% in its comparator authorities."},
		// The brief's example: all 78% against 86%, lower; rated 78/86 =
		// 90.70% against 86/94 = 91.49%, similar; not rated 14% against 6%.
		{"both", counts(0, 78, 8, 0, 14), counts(0, 86, 8, 0, 6), none,
			"Counting only the care homes CQC has rated, 91% are Good or Outstanding, similar to its comparator authorities (91%): 14% of care homes in Heath are not yet rated, against 6% in its comparator authorities."},
		// All 88% against 80%, higher; rated 88/98 = 89.80% against 80/97
		// = 82.47%, higher; not rated 2% against 3%: nothing to say.
		{"neither", counts(0, 88, 10, 0, 2), counts(0, 80, 17, 0, 3), none, ""},
		// Not rated 8/100 against 5/100: exactly 3 points is higher
		// (rule 11). All 80% against 85%, lower; rated 80/92 = 86.96%
		// against 85/95 = 89.47%, similar: named for both reasons.
		{"gap at the threshold", counts(0, 80, 12, 0, 8), counts(0, 85, 10, 0, 5), none,
			"Counting only the care homes CQC has rated, 87% are Good or Outstanding, similar to its comparator authorities (89%): 8% of care homes in Heath are not yet rated, against 5% in its comparator authorities."},
		// Not rated 79/1000 against 50/1000: 2.9 points, not higher. All
		// 760/1000 = 76% against 85%, lower; rated 760/921 = 82.52%
		// against 850/950 = 89.47%, lower too: nothing to say.
		{"gap under the threshold", counts(0, 760, 161, 0, 79), counts(0, 850, 100, 0, 50), none, ""},
		// The comparators as in "relation differs". England: all 87%
		// against 840/1000 = 84%, higher (3 points, the threshold); rated
		// 87.88% against 840/980 = 85.71%, similar (2.16): England is
		// named too, with its 2% not rated.
		{"comparators and England", counts(0, 87, 12, 0, 1), counts(0, 80, 12, 0, 8), counts(0, 840, 140, 0, 20),
			"Counting only the care homes CQC has rated, 88% are Good or Outstanding, similar to its comparator authorities (87%) and similar to England (86%): 1% of care homes in Heath are not yet rated, against 8% in its comparator authorities and 2% in England."},
		// England's relation unchanged: all 87% against 700/1000 = 70%,
		// higher; rated 87.88% against 700/990 = 70.71%, higher; England's
		// not rated 1% is not the first area compared, so only the
		// comparators are named.
		{"England's relation the same", counts(0, 87, 12, 0, 1), counts(0, 80, 12, 0, 8), counts(0, 700, 290, 0, 10),
			"Counting only the care homes CQC has rated, 88% are Good or Outstanding, similar to its comparator authorities (87%): 1% of care homes in Heath are not yet rated, against 8% in its comparator authorities."},
		// With comparators, the gap is tested against them only: England's
		// 20/1000 not rated is 8 points under Heath's 10%, but its
		// relation is the same (all 72% against 600/1000 = 60%, higher;
		// rated 80% against 600/980 = 61.22%, higher), so it is not named.
		{"England's gap not tested", counts(0, 72, 18, 0, 10), counts(0, 85, 10, 0, 5), counts(0, 600, 380, 0, 20),
			"Counting only the care homes CQC has rated, 80% are Good or Outstanding, lower than its comparator authorities (89%): 10% of care homes in Heath are not yet rated, against 5% in its comparator authorities."},
		// England alone: the gap is tested against it. All 72% against
		// 850/1000 = 85%, lower; rated 80% against 850/950 = 89.47%,
		// lower; not rated 10% against 5%.
		{"England alone, gap", counts(0, 72, 18, 0, 10), none, counts(0, 850, 100, 0, 50),
			"Counting only the care homes CQC has rated, 80% are Good or Outstanding, lower than England (89%): 10% of care homes in Heath are not yet rated, against 5% in England."},
		// Only England's relation differs (the comparators' all 88/100
		// against Heath's 87%, similar; rated 88/99, similar; not rated
		// the same): England alone is named, without the comparators.
		{"England only differs", counts(0, 87, 12, 0, 1), counts(0, 88, 11, 0, 1), counts(0, 840, 140, 0, 20),
			"Counting only the care homes CQC has rated, 88% are Good or Outstanding, similar to England (86%): 1% of care homes in Heath are not yet rated, against 2% in England."},
		// Every service in Heath rated: all 87% against 80%, higher; rated
		// 87% against 80/92 = 86.96%, similar.
		{"none not rated", counts(0, 87, 13, 0, 0), counts(0, 80, 12, 0, 8), none,
			"Counting only the care homes CQC has rated, 87% are Good or Outstanding, similar to its comparator authorities (87%): every care home in Heath has been rated, while 8% in its comparator authorities are not yet rated."},
		// A comparator group with none not rated: "none".
		{"comparators none not rated", counts(0, 72, 18, 0, 10), counts(0, 85, 15, 0, 0), none,
			"Counting only the care homes CQC has rated, 80% are Good or Outstanding, lower than its comparator authorities (85%): 10% of care homes in Heath are not yet rated, against none in its comparator authorities."},
		// No area to compare with: no comparison table, no sentence.
		{"nothing compared", counts(0, 72, 18, 0, 10), none, none, ""},
		// Nothing in Heath rated: no rated share to give.
		{"nothing rated", counts(0, 0, 0, 0, 5), counts(0, 85, 15, 0, 0), none, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ratedResult(c.heath, c.comps, c.england)
			s := newSentences(r, 3)
			if got := s.ratedComparison(); got != c.want {
				t.Errorf("\n got %q\nwant %q", got, c.want)
			}
			// The comparison paragraph carries it after the headline.
			cmp := s.comparison()
			if c.want == "" && strings.Contains(cmp, "Counting only") || c.want != "" && !strings.HasSuffix(cmp, " "+c.want) {
				t.Errorf("comparison paragraph: %q", cmp)
			}
		})
	}
}

// The rated-share sentence with care homes and community-based services:
// the rule applies to each type (the comparison table's care_home and
// community columns, which the paper prints), one sentence covering the
// types for which an area is named. Figures by hand, as above.
func TestRatedComparisonByType(t *testing.T) {
	none := cqc.Counts{}
	const both = "Counting only the services CQC has rated, "
	cases := []struct {
		name                                       string
		heathH, heathC, compsH, compsC, engH, engC cqc.Counts
		want                                       string
	}{
		// Care homes: all 78% against 86%, lower; rated 78/86 = 90.70%
		// against 86/94 = 91.49%, similar; not rated 14% against 6%.
		// Community: all 87% against 80%, higher; rated 87/99 = 87.88%
		// against 80/92 = 86.96%, similar. All services together would
		// say nothing: 165/200 against 166/200, similar; rated 165/185 =
		// 89.19% against 166/186 = 89.25%, similar; not rated 7.5% against
		// 7%.
		{"both types", counts(0, 78, 8, 0, 14), counts(0, 87, 12, 0, 1), counts(0, 86, 8, 0, 6), counts(0, 80, 12, 0, 8), none, none,
			both + "91% of care homes are Good or Outstanding, similar to its comparator authorities (91%), and 88% of community-based services, similar to its comparator authorities (87%): " +
				"14% of care homes in Heath are not yet rated, against 6% in its comparator authorities, and 1% of community-based services are not yet rated, against 8% in its comparator authorities."},
		// Care homes: all 88% against 80%, higher; rated 88/98 = 89.80%
		// against 80/97 = 82.47%, higher; not rated 2% against 3%:
		// nothing. Community: all 72% against 85%, lower; rated 72/90 =
		// 80% against 85/95 = 89.47%, lower; not rated 10% against 5%.
		// (All services: 160/200 against 165/200, similar; rated 160/188 =
		// 85.11% against 165/192 = 85.94%, similar; not rated 6% against
		// 4%: nothing.)
		{"community only", counts(0, 88, 10, 0, 2), counts(0, 72, 18, 0, 10), counts(0, 80, 17, 0, 3), counts(0, 85, 10, 0, 5), none, none,
			"Counting only the community-based services CQC has rated, 80% are Good or Outstanding, lower than its comparator authorities (89%): 10% of community-based services in Heath are not yet rated, against 5% in its comparator authorities."},
		// The types the other way round: care homes only.
		{"care homes only", counts(0, 72, 18, 0, 10), counts(0, 88, 10, 0, 2), counts(0, 85, 10, 0, 5), counts(0, 80, 17, 0, 3), none, none,
			"Counting only the care homes CQC has rated, 80% are Good or Outstanding, lower than its comparator authorities (89%): 10% of care homes in Heath are not yet rated, against 5% in its comparator authorities."},
		// Care homes as in "both types"; every community-based service
		// rated: all 87% against 80%, higher; rated 87% against 80/92 =
		// 86.96%, similar.
		{"community all rated", counts(0, 78, 8, 0, 14), counts(0, 87, 13, 0, 0), counts(0, 86, 8, 0, 6), counts(0, 80, 12, 0, 8), none, none,
			both + "91% of care homes are Good or Outstanding, similar to its comparator authorities (91%), and 87% of community-based services, similar to its comparator authorities (87%): " +
				"14% of care homes in Heath are not yet rated, against 6% in its comparator authorities, and every community-based service has been rated, while 8% in its comparator authorities are not yet rated."},
		// Care homes: the comparators as in "relation differs" above, and
		// England all 840/1000 = 84% (Heath 87%, higher), rated 840/980 =
		// 85.71% (Heath 87.88%, similar): both named. Community: the
		// comparators' gap (10% against 5%; rated 80% against 89.47%,
		// lower); England all 600/1000 = 60% against 72%, higher, rated
		// 600/980 = 61.22% against 80%, higher: the comparators alone.
		{"areas named by type", counts(0, 87, 12, 0, 1), counts(0, 72, 18, 0, 10), counts(0, 80, 12, 0, 8), counts(0, 85, 10, 0, 5),
			counts(0, 840, 140, 0, 20), counts(0, 600, 380, 0, 20),
			both + "88% of care homes are Good or Outstanding, similar to its comparator authorities (87%) and similar to England (86%), and 80% of community-based services, lower than its comparator authorities (89%): " +
				"1% of care homes in Heath are not yet rated, against 8% in its comparator authorities and 2% in England, and 10% of community-based services are not yet rated, against 5% in its comparator authorities."},
		// Each type alike in Heath and its comparators (care homes 8/10
		// and 72/90, all rated; community 72/90 and 8/10, 10% not rated
		// in each), so nothing to say by type; all services together
		// would differ (not rated 9% against 1%; rated 80/91 = 87.91%
		// against 80/99 = 80.81%, higher, while 80% against 80% of all).
		{"all services only", counts(0, 8, 2, 0, 0), counts(0, 72, 9, 0, 9), counts(0, 72, 18, 0, 0), counts(0, 8, 1, 0, 1), none, none, ""},
		// No care homes in Heath: community-based services alone, as the
		// headline.
		{"no care homes", none, counts(0, 72, 18, 0, 10), counts(0, 85, 10, 0, 5), counts(0, 85, 10, 0, 5), none, none,
			"Counting only the community-based services CQC has rated, 80% are Good or Outstanding, lower than its comparator authorities (89%): 10% of community-based services in Heath are not yet rated, against 5% in its comparator authorities."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newSentences(ratedByType(c.heathH, c.heathC, c.compsH, c.compsC, c.engH, c.engC), 3)
			if got := s.ratedComparison(); got != c.want {
				t.Errorf("\n got %q\nwant %q", got, c.want)
			}
			cmp := s.comparison()
			if c.want == "" && strings.Contains(cmp, "Counting only") || c.want != "" && !strings.HasSuffix(cmp, " "+c.want) {
				t.Errorf("comparison paragraph: %q", cmp)
			}
		})
	}
}

// The rated shares come from the comparison table's rated_good_or_better
// row, whose figures differ from the good_or_better row's (a reader of
// the wrong row prints the share of all services).
func TestRatedComparisonReadsRatedRow(t *testing.T) {
	r := ratedResult(counts(0, 78, 8, 0, 14), counts(0, 86, 8, 0, 6), cqc.Counts{})
	c, ok := r.Comparison()
	if !ok {
		t.Fatal("no comparison table")
	}
	for _, p := range []cqc.Place{cqc.PlaceAuthority, cqc.PlaceComparators} {
		all, rated := c.GoodOrBetter(p, cqc.All), c.RatedGoodOrBetter(p, cqc.All)
		if rated.N != all.N || rated.Of != all.Of-c.NotRated(p, cqc.All).N {
			t.Errorf("place %d: rated share %d/%d, all %d/%d, not rated %d", p, rated.N, rated.Of, all.N, all.Of, c.NotRated(p, cqc.All).N)
		}
	}
	// 78/86 and 86/94; 14/100 and 6/100.
	if got := c.RatedGoodOrBetter(cqc.PlaceAuthority, cqc.All); got.N != 78 || got.Of != 86 {
		t.Errorf("Heath's rated share is %d/%d, want 78/86", got.N, got.Of)
	}
	if got := c.NotRated(cqc.PlaceComparators, cqc.All); got.N != 6 || got.Of != 100 {
		t.Errorf("the comparators' share not rated is %d/%d, want 6/100", got.N, got.Of)
	}
}

// The trend's note on the services not yet rated: only when their share
// moved by at least the threshold between the first and last dates and
// the share of the services rated moved otherwise than that of all
// services, with the counts at each date. counts(outstanding, good,
// requires improvement, inadequate, not rated).
func TestTrendNotRatedNote(t *testing.T) {
	const lead = "Between 1 January 2020 and 1 April 2020 the share of services in Heath rated Good or Outstanding "
	at := func(day string, c cqc.Counts) cqc.TrendPoint {
		return cqc.TrendPoint{Date: report.MustDate(day), Authority: cqc.ByType{All: c}}
	}
	cases := []struct {
		name        string
		first, last cqc.Counts
		want        string
	}{
		// Not rated 2% to 14%: rose. All 80% to 70%, fell; rated 80/98 =
		// 81.63% to 70/86 = 81.40%, little changed.
		{"line fell, rated flat", counts(0, 80, 18, 0, 2), counts(0, 70, 16, 0, 14),
			lead + "fell by 10 percentage points from 80%. The share of services in Heath not yet rated rose over the period, from 2 of 100 to 14 of 100; counting only the services rated, the share rated Good or Outstanding changed little."},
		// Not rated 10% to 2%: fell. All 76% to 78%, little changed; rated
		// 76/90 = 84.44% to 78/98 = 79.59%, fell (4.85 points).
		{"line flat, rated fell", counts(0, 76, 14, 0, 10), counts(0, 78, 20, 0, 2),
			lead + "changed little, moving within 2 percentage points. The share of services in Heath not yet rated fell over the period, from 10 of 100 to 2 of 100; counting only the services rated, the share rated Good or Outstanding fell."},
		// None not rated at first. All 80% to 75%, fell; rated 80% to
		// 75/90 = 83.33%, rose.
		{"none at first", counts(0, 80, 20, 0, 0), counts(0, 75, 15, 0, 10),
			lead + "fell by 5 percentage points from 80%. The share of services in Heath not yet rated rose over the period, from none of 100 to 10 of 100; counting only the services rated, the share rated Good or Outstanding rose."},
		// Not rated 2% to 5%: 3 points, the threshold. All 80% to 77%,
		// fell (3 points); rated 81.63% to 77/95 = 81.05%, little changed.
		{"at the threshold", counts(0, 80, 18, 0, 2), counts(0, 77, 18, 0, 5),
			lead + "fell by 3 percentage points from 80%. The share of services in Heath not yet rated rose over the period, from 2 of 100 to 5 of 100; counting only the services rated, the share rated Good or Outstanding changed little."},
		// Not rated 2% to 4%: 2 points, under the threshold, though all
		// 80% to 77% fell and rated 81.63% to 77/96 = 80.21% did not.
		{"under the threshold", counts(0, 80, 18, 0, 2), counts(0, 77, 19, 0, 4),
			lead + "fell by 3 percentage points from 80%."},
		// Not rated 10% to 2%, but both shares rose: all 76% to 88%, rated
		// 84.44% to 88/98 = 89.80%. The line tells it: no note.
		{"both rose", counts(0, 76, 14, 0, 10), counts(0, 88, 10, 0, 2),
			lead + "rose by 12 percentage points from 76%."},
		// Nothing rated at first: no share of the rated to compare.
		{"none rated at first", counts(0, 0, 0, 0, 5), counts(0, 80, 15, 0, 5),
			lead + "rose by 80 percentage points from 0%."},
	}
	r := result()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r.Trend = &cqc.Trend{Points: []cqc.TrendPoint{at("2020-01-01", c.first), at("2020-04-01", c.last)}}
			r.DeclareTables()
			if got := newSentences(r, 3).trend(); got != c.want {
				t.Errorf("\n got %q\nwant %q", got, c.want)
			}
		})
	}
	// A first date without the authority: its line and the note start
	// at the next, 1 April.
	r.Trend = &cqc.Trend{Points: []cqc.TrendPoint{at("2020-01-01", cqc.Counts{}), at("2020-04-01", counts(0, 76, 14, 0, 10)),
		at("2020-07-01", counts(0, 78, 20, 0, 2))}}
	r.DeclareTables()
	got := newSentences(r, 3).trend()
	if want := "The share of services in Heath not yet rated fell over the period, from 10 of 100 to 2 of 100;"; !strings.Contains(got, want) {
		t.Errorf("a trend starting without the authority:\n got %q\nwant it to hold %q", got, want)
	}
}
