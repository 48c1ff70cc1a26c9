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
