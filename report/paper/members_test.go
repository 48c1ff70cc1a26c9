package paper

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/doc"
	dmd "github.com/carereport/carereport/report/doc/markdown"
)

// namedResult is result() with three services named: Ash (Inadequate at
// 2 reports running, Requires Improvement before), Birch (Requires
// Improvement, no report before, key questions not published) and Cedar
// (Good, fallen from Outstanding, no key question below Good).
func namedResult(fromHistory bool) *cqc.Result {
	r := result()
	r.Named = []cqc.NamedService{
		{ID: "1-1", Name: "Ash & Co", Provider: "Ash Care Ltd", Type: "care home", Rating: report.Inadequate, Date: report.MustDate("2020-12-03"),
			RunBelowGood: 2, BelowGood: []string{"Safe", "Well-led"}, KQPublished: true, AtPrevious: report.Good, HasAtPrevious: true},
		{ID: "1-2", Name: "Birch", Provider: "1-234", Type: "community", Rating: report.RequiresImprovement, RunBelowGood: 1},
		{ID: "1-3", Name: "Cedar", Provider: "Cedar Ltd", Type: "care home with nursing", Rating: report.Good, Date: report.MustDate("2020-06-30"),
			KQPublished: true, AtPrevious: report.Outstanding, HasAtPrevious: true},
	}
	if fromHistory {
		r.Named[0].Before, r.Named[0].BeforeDate, r.Named[0].HasBefore = report.RequiresImprovement, report.MustDate("2019-02-09"), true
		r.Named[2].Before, r.Named[2].BeforeDate, r.Named[2].HasBefore = report.Outstanding, report.MustDate("2017-04-01"), true
	}
	r.Activity = &cqc.Activity{FromHistory: fromHistory}
	r.Prev = &cqc.PrevResult{AsAt: report.MustDate("2020-02-01"), Authority: r.Authority}
	r.DeclareTables()
	return r
}

func namedMarkdown(t *testing.T, r *cqc.Result) string {
	t.Helper()
	m := newTableMaker(r, "Heath")
	tab := m.show(m.namedView())
	if tab == nil {
		t.Fatal("no table of the services named")
	}
	return string(dmd.Write(&doc.Document{Blocks: []doc.Block{tab}}))
}

// The appendix from rating history: the report before with its date, or
// "None before"; a rating held at reports running; key questions not
// published or none below Good.
func TestNamedViewFromHistory(t *testing.T) {
	md := namedMarkdown(t, namedResult(true))
	for _, want := range []string{
		"| Service | Provider | Type | Rating | Published | Rating before | Key questions below Good |",
		"| Ash & Co | Ash Care Ltd | care home | Inadequate (below Good at 2 reports running) | 3 Dec 2020 | Requires Improvement (9 Feb 2019) | Safe, Well-led |",
		"| Birch | 1-234 | community | Requires Improvement | – | None before | Not published |",
		"| Cedar | Cedar Ltd | care home with nursing | Good | 30 Jun 2020 | Outstanding (1 Apr 2017) | – |",
	} {
		if !strings.Contains(md, want+"\n") {
			t.Errorf("the table lacks %q:\n%s", want, md)
		}
	}
}

// From a snapshot file the column is the rating on the earlier date, and
// says so; without an earlier date there is no such column. Providers
// given only as CQC IDs are headed so.
func TestNamedViewFromSnapshot(t *testing.T) {
	r := namedResult(false)
	md := namedMarkdown(t, r)
	for _, want := range []string{
		"| Service | Provider | Type | Rating | Published | Rating on 1 February 2020 | Key questions below Good |",
		"| Ash & Co | Ash Care Ltd | care home | Inadequate (below Good at 2 reports running) | 3 Dec 2020 | Good | Safe, Well-led |",
		"| Birch | 1-234 | community | Requires Improvement | – | – | Not published |",
		"| Cedar | Cedar Ltd | care home with nursing | Good | 30 Jun 2020 | Outstanding | – |",
	} {
		if !strings.Contains(md, want+"\n") {
			t.Errorf("the table lacks %q:\n%s", want, md)
		}
	}
	r.Prev = nil
	for i, id := range []string{"1-101716644", "1-234", "1-2383808299"} {
		r.Named[i].Provider, r.Named[i].HasAtPrevious = id, false
	}
	r.DeclareTables()
	md = namedMarkdown(t, r)
	if want := "| Service | Provider ID | Type | Rating | Published | Key questions below Good |"; !strings.Contains(md, want+"\n") {
		t.Errorf("without an earlier date the table lacks %q:\n%s", want, md)
	}
}

// The note to the appendix counts, from the table, the services rated
// below Good and those whose Good or Outstanding rating fell.
func TestNamedNote(t *testing.T) {
	r := namedResult(true)
	want := "The appendix names the 2 services rated Inadequate or Requires Improvement, and the 1 service rated Good or Outstanding whose rating has fallen since 1 February 2020, with the key questions each was rated below Good on."
	if got := newSentences(r, 3).namedNote(); got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	r.Named = r.Named[2:]
	r.DeclareTables()
	want = "The appendix names the 1 service rated Good or Outstanding whose rating has fallen since 1 February 2020, with the key questions each was rated below Good on."
	if got := newSentences(r, 3).namedNote(); got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	r.Named = []cqc.NamedService{}
	r.DeclareTables()
	if got, want := newSentences(r, 3).namedNote(), "No service in Heath is rated Inadequate or Requires Improvement, so the appendix names none."; got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
}

// Key questions against the comparators, by the unrounded shares: Safe
// 82.6% against 80.4% prints 83% against 80%, 3 points apart, but is 2.2
// points apart and so similar; Well-led is lower, Caring higher. Without
// comparators the same sentence is against England, whose figures here
// differ.
func TestKeyQuestionsComparisonSentence(t *testing.T) {
	r := result()
	r.England = mkArea("England", counts(1, 6, 2, 0, 0), counts(1, 8, 1, 0, 0))
	r.EnglandAuthorities = 153
	kq := func(safe, caring, wellLed int) *cqc.KeyQuestionCounts {
		k := &cqc.KeyQuestionCounts{Locations: 1000}
		for q := range report.NumKeyQuestions {
			k.ByQuestion[q] = counts(0, 900, 100, 0, 0)
		}
		k.ByQuestion[report.Safe] = counts(0, safe, 1000-safe, 0, 0)
		k.ByQuestion[report.Caring] = counts(0, caring, 1000-caring, 0, 0)
		k.ByQuestion[report.WellLed] = counts(0, wellLed, 1000-wellLed, 0, 0)
		return k
	}
	r.KQShares = &cqc.KeyQuestionShares{Authority: kq(826, 950, 800), Comparators: kq(804, 900, 900), England: kq(700, 990, 800)}
	r.DeclareTables()
	got := newSentences(r, 3).keyQuestionsComparison()
	want := "Against its comparator authorities, the share of services in Heath rated Good or Outstanding is higher on Caring, lower on Well-led and similar on Safe, Effective and Responsive (by the shares of the services rated on each key question)."
	if got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	r.KQShares.Comparators = nil
	r.DeclareTables()
	got = newSentences(r, 3).keyQuestionsComparison()
	want = "Against England, the share of services in Heath rated Good or Outstanding is higher on Safe, lower on Caring and similar on Effective, Responsive and Well-led (by the shares of the services rated on each key question)."
	if got != want {
		t.Errorf("against England:\n got %q\nwant %q", got, want)
	}
}
