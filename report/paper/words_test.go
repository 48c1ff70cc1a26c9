package paper

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// devonLike is the Devon 2021 case: Outstanding 32 of 322 care homes
// (9.9%) against 26 of 402 (6.5%), Inadequate 8 of 322 (2.5%) against 3
// of 402 (0.7%), three comparators.
func devonLike() *cqc.Result {
	r := result()
	r.CareHomesOnly = true
	r.Authority = mkArea("Heath", counts(32, 248, 31, 8, 3), cqc.Counts{})
	r.Comparators = mkArea("Comparator authorities", counts(26, 311, 52, 3, 10), cqc.Counts{})
	r.Comparators.Members = []string{"Vale", "Moor", "Fen"}
	r.DeclareTables()
	return r
}

// A paragraph comparing the authority names both ends of the scale: the
// Inadequate share beside the Outstanding share, the larger gap first,
// and the authority's part of its group's Inadequate homes when it is
// more than its part of the homes.
func TestInadequateBesideOutstanding(t *testing.T) {
	got := newSentences(devonLike(), 3).outstanding()
	want := "The share of care homes rated Outstanding is higher in Heath than in its comparator authorities (10% against 6%). " +
		"2% of care homes in Heath are rated Inadequate, against 1% in its comparator authorities. " +
		"Heath has 8 of the 11 care homes rated Inadequate in the 4 authorities of its comparator group."
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// A larger Inadequate gap, beyond the threshold, comes first.
	r := devonLike()
	r.Authority = mkArea("Heath", counts(8, 60, 12, 20, 0), cqc.Counts{})
	r.DeclareTables()
	got = newSentences(r, 3).outstanding()
	if !strings.HasPrefix(got, "The share of care homes rated Inadequate is higher in Heath than in its comparator authorities (20% against 1%).") ||
		!strings.Contains(got, "Heath has 20 of the 23 care homes rated Inadequate") {
		t.Errorf("larger Inadequate gap: %q", got)
	}
	// Fewer Inadequate than the comparators: said, with no count of the
	// group's Inadequate homes.
	r = devonLike()
	r.Authority = mkArea("Heath", counts(32, 258, 32, 0, 0), cqc.Counts{})
	r.DeclareTables()
	got = newSentences(r, 3).outstanding()
	if !strings.Contains(got, "0% of care homes in Heath are rated Inadequate, against 1% in its comparator authorities.") || strings.Contains(got, " of the 3 care homes") {
		t.Errorf("favourable Inadequate share: %q", got)
	}
}

// When one comparator holds most of the comparator group's services,
// the comparison says so; not when none does, nor for published counts.
func TestDominantComparatorSentence(t *testing.T) {
	r := devonLike()
	r.Ranking = []cqc.RankRow{
		{Authority: "Heath", IsAuthority: true, Share: report.ShareOf(280, 322, 0)},
		{Authority: "Vale", Share: report.ShareOf(180, 220, 0)},
		{Authority: "Moor", Share: report.ShareOf(90, 100, 0)},
		{Authority: "Fen", Share: report.ShareOf(60, 80, 0)},
	}
	r.DeclareTables()
	want := "Vale holds 55% of the comparator authorities' care homes (220 of 400), so the comparator figures mostly reflect Vale's."
	if got := newSentences(r, 3).comparison(); !strings.HasSuffix(got, " "+want) {
		t.Errorf("comparison lacks the dominant comparator:\n got %q\nwant it to end %q", got, want)
	}
	r.Ranking[1].Share = report.ShareOf(150, 180, 0) // half, not most
	r.DeclareTables()
	if got := newSentences(r, 3).comparison(); strings.Contains(got, " holds ") {
		t.Errorf("half the group called most: %q", got)
	}
	r.Ranking[1].Share = report.ShareOf(180, 220, 0)
	r.DeclareTables()
	r.Opts.PublishedComparators = &cqc.Published{}
	if got := newSentences(r, 3).comparison(); strings.Contains(got, " holds ") {
		t.Errorf("published comparator counts have no members' figures: %q", got)
	}
}

// "Mixed" always states both sides: what got better and what got worse.
// The share rose beyond the threshold while more are rated Inadequate and
// Requires Improvement is unchanged: before, the conclusion gave only the
// worse side ("mixed: more are rated Inadequate").
func TestMixedNamesBothSides(t *testing.T) {
	r := prevResult(counts(10, 60, 20, 10, 0), counts(20, 80, 20, 11, 0)) // 70% -> 76.3%
	got := newSentences(r, 3).conclusion()
	if want := "the picture is mixed: the share rated Good or Outstanding rose, but more are rated Inadequate."; !strings.Contains(got, want) {
		t.Errorf("conclusion:\n got %q\nwant it to contain %q", got, want)
	}
	yoy := newSentences(r, 3).yearOnYear()
	if want := "mixed: the share of services rated Good or Outstanding rose from 70% to 76%, but the number rated Inadequate rose from 10 to 11"; !strings.Contains(yoy, want) {
		t.Errorf("year on year:\n got %q\nwant it to contain %q", yoy, want)
	}
	// Every mixed judgement in either sentence has a "but".
	for _, s := range []string{got, yoy} {
		if i := strings.Index(s, "mixed: "); i >= 0 && !strings.Contains(s[i:], ", but ") {
			t.Errorf("mixed without both sides: %q", s)
		}
	}
}

// A share's change says whether ratings changed or the set of services
// did: here one rating fell, 70 stayed the same and 10 new services are
// not yet rated, so the share fell from 77% to 67% with almost no
// rating going down.
func TestShareChangeSaysWhy(t *testing.T) {
	r := prevResult(counts(5, 50, 14, 2, 0), counts(5, 49, 15, 2, 10))
	m := &r.Prev.Movements
	m.Counts[cqc.Declined], m.Counts[cqc.Unchanged], m.Counts[cqc.New], m.NewNotRated = cqc.TallyOf(1, 0), cqc.TallyOf(70, 0), cqc.TallyOf(10, 0), 10
	r.DeclareTables()
	got := newSentences(r, 3).yearOnYear()
	want := "Ratings in Heath have worsened since 1 February 2020: the share of services rated Good or Outstanding fell from 77% to 67% and the number rated Requires Improvement rose from 14 to 15. " +
		"Between the two dates 1 rating fell and 70 stayed the same, while 10 new services are not yet rated. " +
		"Of the services rated, 77% were rated Good or Outstanding then and 76% now, little changed: the move in the share of all services comes from the services not yet rated, 0 then and 10 now."
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// Some new services rated, closures seen, one first rated.
	r = prevResult(counts(5, 50, 14, 2, 3), counts(5, 52, 12, 2, 3))
	m = &r.Prev.Movements
	for mv, n := range map[cqc.Movement]int{cqc.Improved: 2, cqc.Unchanged: 66, cqc.FirstRated: 1, cqc.New: 3, cqc.Closed: 2, cqc.StillNotRated: 2} {
		m.Counts[mv] = cqc.TallyOf(n, 0)
	}
	m.NewNotRated = 1
	r.Prev.ClosuresSeen = true
	r.DeclareTables()
	got = newSentences(r, 3).yearOnYear()
	if want := "Between the two dates 2 ratings rose, 66 stayed the same and 1 service was rated for the first time, while 3 new services were registered (1 of them not yet rated) and 2 services closed."; !strings.Contains(got, want) {
		t.Errorf("got  %q\nwant it to contain %q", got, want)
	}
	// The printed share did not move: no explanation is needed.
	r = prevResult(counts(10, 75, 10, 5, 0), counts(10, 75, 10, 5, 0))
	r.Prev.Movements.Counts[cqc.Unchanged] = cqc.TallyOf(100, 0)
	r.DeclareTables()
	if got := newSentences(r, 3).yearOnYear(); strings.Contains(got, "Between the two dates") {
		t.Errorf("an unmoved share explained: %q", got)
	}
}

// The sections by age cover every care home: a line for the care homes
// the data gives no age group.
func TestNoAgeGroupLine(t *testing.T) {
	r := devonLike()
	r.Authority.ResidentialHomes = 322
	r.Groups = []cqc.Group{{ID: "no_age_group_care_homes", Counts: counts(3, 28, 2, 1, 0)}}
	r.DeclareTables()
	want := "The data gives no age group (older people or working age adults) for 34 of the 322 care homes in Heath, so they are in neither section: 3 rated Outstanding, 28 Good, 2 Requires Improvement and 1 Inadequate."
	if got := newSentences(r, 3).all()["no_age_group"]; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	r.Groups = []cqc.Group{{ID: "no_age_group_care_homes"}}
	r.DeclareTables()
	if got := newSentences(r, 3).noAgeGroup(); !strings.HasPrefix(got, "Every care home in Heath is registered for older people, working age adults or both") {
		t.Errorf("every home has an age group: %q", got)
	}
}

// The ranking sentence judges the authority's change on the unrounded
// shares: 804 to 830 of 1,000 and 795 to 825 of 1,000 both print 80% to
// 83% (3 points), but the first is 2.6 points unrounded (little changed)
// and the second 3.0 (a rise).
func TestRankingChangeUnrounded(t *testing.T) {
	row := func(name string, me bool, prev, now int) cqc.RankRow {
		r := cqc.RankRow{Authority: name, IsAuthority: me, Share: report.ShareOf(now, 1000, 0), PrevShare: report.ShareOf(prev, 1000, 0), PrevOK: true}
		r.Pct, r.PrevPct = r.Share.Pct, r.PrevShare.Pct
		r.ChangePts = report.Points(r.PrevShare, r.Share)
		r.Rank = 1
		return r
	}
	for _, c := range []struct {
		prev, now int
		want      string
	}{
		{804, 830, "Since 1 February 2020 its share is little changed (up 3 percentage points)"},
		{795, 825, "Since 1 February 2020 its share has risen by 3 percentage points"},
	} {
		r := result()
		r.Prev = &cqc.PrevResult{AsAt: report.MustDate("2020-02-01"), Authority: r.Authority}
		r.Ranking = []cqc.RankRow{row("Heath", true, c.prev, c.now), row("Vale", false, 500, 700)}
		r.DeclareTables()
		if got := newSentences(r, 3).ranking(); !strings.Contains(got, c.want) {
			t.Errorf("%d -> %d of 1,000:\n got %q\nwant it to contain %q", c.prev, c.now, got, c.want)
		}
	}
}
