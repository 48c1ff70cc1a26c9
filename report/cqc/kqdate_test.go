package cqc

import (
	"testing"

	"github.com/carereport/carereport/report"
)

// CQC's current ratings can carry a key question re-rated by a later
// focused inspection. Rebuilt as at a date before that inspection, the
// key question is left out rather than taken from the future; after it,
// it counts.
func TestKeyQuestionFromLaterReportNotUsedEarly(t *testing.T) {
	a := report.Assessment{Date: report.MustDate("2019-01-11"), Overall: report.Good, HasKQ: true}
	for q := range a.KQ {
		a.KQ[q] = report.Good
	}
	a.KQ[report.Safe] = report.RequiresImprovement
	a.KQDate[report.Safe] = report.MustDate("2020-10-30")
	h := []report.Assessment{a}
	before := RatingAt(h, report.MustDate("2020-02-01"))
	if before.KQ[report.Safe] != report.NotRated || before.KQ[report.Caring] != report.Good {
		t.Errorf("as at 2020-02-01: Safe %v, Caring %v; want Safe left out, Caring Good", before.KQ[report.Safe], before.KQ[report.Caring])
	}
	after := RatingAt(h, report.MustDate("2021-02-01"))
	if after.KQ[report.Safe] != report.RequiresImprovement {
		t.Errorf("as at 2021-02-01: Safe %v, want Requires Improvement", after.KQ[report.Safe])
	}
	if h[0].KQ[report.Safe] != report.RequiresImprovement {
		t.Error("RatingAt changed the history it was given")
	}
}

// Rule 6 on API history: a service inspected in the period and again
// after it counts once, by the rating the period published; one rated
// only after the snapshot's date does not count.
func TestInspectedInUsesHistory(t *testing.T) {
	p := Period{From: report.MustDate("2020-01-01"), To: report.MustDate("2020-12-31")}
	asAt := report.MustDate("2021-02-01")
	l := &report.Location{History: []report.Assessment{
		{Date: report.MustDate("2019-05-01"), Overall: report.Good},
		{Date: report.MustDate("2020-03-01"), Overall: report.RequiresImprovement},
		{Date: report.MustDate("2020-09-01"), Overall: report.Outstanding, Raw: "x"},
		{Date: report.MustDate("2020-11-01"), Overall: report.NotRated},
		{Date: report.MustDate("2021-01-15"), Overall: report.Good},
	}}
	if r, ok := InspectedIn(l, p, asAt); !ok || r != report.Outstanding {
		t.Errorf("got %v %v, want Outstanding (the latest real rating in the period)", r, ok)
	}
	late := &report.Location{History: []report.Assessment{{Date: report.MustDate("2020-12-01"), Overall: report.Good}}}
	if _, ok := InspectedIn(late, p, report.MustDate("2020-11-01")); ok {
		t.Error("a rating published after the snapshot's date was counted")
	}
	snap := &report.Location{Current: report.Assessment{Date: report.MustDate("2020-12-31"), Overall: report.Inadequate}}
	if r, ok := InspectedIn(snap, p, asAt); !ok || r != report.Inadequate {
		t.Errorf("snapshot row on the period's last day: %v %v", r, ok)
	}
}
