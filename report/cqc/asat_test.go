package cqc

import (
	"testing"

	"github.com/carereport/carereport/report"
)

func assess(date string, r report.Rating, kq ...report.Rating) report.Assessment {
	a := report.Assessment{Date: d(date), Overall: r}
	for i, k := range kq {
		a.KQ[i] = k
		a.HasKQ = true
	}
	return a
}

func apiLoc(id string, reg, dereg string, h ...report.Assessment) report.Location {
	l := loc(id, "Devon", true, report.NotRated)
	if reg != "" {
		l.Registered = d(reg)
	}
	if dereg != "" {
		l.Deregistered = d(dereg)
	}
	l.History = h
	return l
}

// Rules 3 and 4 on API records.
func TestAtRebuild(t *testing.T) {
	G, RI, O, NR := report.Good, report.RequiresImprovement, report.Outstanding, report.NotRated
	api := &report.Snapshot{Kind: report.FromAPI, KeyQuestions: true, Locations: []report.Location{
		// Latest report "Inspected but not rated": the earlier rating stands,
		// with its own key questions.
		apiLoc("1-1", "2013-11-04", "",
			assess("2015-04-20", G, G, G, G, RI, G),
			assess("2017-07-20", O, O, G, O, O, O),
			assess("2020-12-18", NR, NR)),
		// Registered after D: absent. Registered on D: present.
		apiLoc("1-2", "2019-11-02", "", assess("2019-12-01", G)),
		apiLoc("1-3", "2019-11-01", ""),
		// Deregistered on D: absent; the day after D: present.
		apiLoc("1-4", "2010-10-01", "2019-11-01", assess("2012-01-01", G)),
		apiLoc("1-5", "2010-10-01", "2019-11-02", assess("2012-01-01", RI)),
		// A rating published on D counts; one published the day after does not.
		apiLoc("1-6", "2010-10-01", "", assess("2016-01-01", RI, RI), assess("2019-11-01", G, G)),
		apiLoc("1-7", "2010-10-01", "", assess("2016-01-01", RI, RI), assess("2019-11-02", G, G)),
		// Only non-ratings before D: not rated.
		apiLoc("1-8", "2010-10-01", "", assess("2012-01-01", NR), assess("2020-01-01", O)),
		// No registration date: present at any date.
		apiLoc("1-9", "", "", assess("2014-01-01", report.Inadequate)),
	}}
	at := At(api, d("2019-11-01"))
	if at.AsAt != d("2019-11-01") || at.Kind != report.FromAPI || !at.KeyQuestions {
		t.Errorf("rebuilt snapshot %v %v", at.AsAt, at.Kind)
	}
	got := map[string]report.Assessment{}
	for _, l := range at.Locations {
		got[l.ID] = l.Current
	}
	want := map[string]struct {
		r    report.Rating
		date string
	}{
		"1-1": {O, "2017-07-20"}, "1-3": {NR, ""}, "1-5": {RI, "2012-01-01"}, "1-6": {G, "2019-11-01"},
		"1-7": {RI, "2016-01-01"}, "1-8": {NR, ""}, "1-9": {report.Inadequate, "2014-01-01"},
	}
	if len(got) != len(want) {
		t.Errorf("present: %v", got)
	}
	for id, w := range want {
		a, ok := got[id]
		if !ok {
			t.Errorf("%s should be present", id)
			continue
		}
		var wd report.Date
		if w.date != "" {
			wd = d(w.date)
		}
		if a.Overall != w.r || a.Date != wd {
			t.Errorf("%s: %s on %v, want %s on %v", id, a.Overall.ID(), a.Date, w.r.ID(), wd)
		}
	}
	// Key questions come from the same report as the overall rating.
	if kq := got["1-1"].KQ; kq != [report.NumKeyQuestions]report.Rating{O, G, O, O, O} {
		t.Errorf("1-1 key questions %v, want those of 2017-07-20", kq)
	}
	// The source is not changed.
	if api.Locations[0].Current.Overall != NR {
		t.Error("At changed its input")
	}
	// A snapshot file is as at its own date whatever D is asked.
	s := snap(loc("1-1", "Devon", true, G))
	if At(s, d("2001-01-01")) != s {
		t.Error("At should return a snapshot file as it is")
	}
	// After every report: the latest real rating.
	late := At(api, d("2030-01-01"))
	for _, l := range late.Locations {
		if l.ID == "1-8" && l.Current.Overall != O {
			t.Errorf("1-8 in 2030: %s", l.Current.Overall.ID())
		}
		if l.ID == "1-1" && l.Current.Overall != O {
			t.Errorf("1-1 in 2030: %s", l.Current.Overall.ID())
		}
	}
}

// Key question table: only locations rated overall, counted by the key
// questions' own ratings; good-or-better of those rated.
func TestKeyQuestions(t *testing.T) {
	G, RI, O, I := report.Good, report.RequiresImprovement, report.Outstanding, report.Inadequate
	mk := func(id string, a report.Assessment) report.Location {
		l := loc(id, "Devon", true, a.Overall)
		l.Current = a
		return l
	}
	s := snap(
		mk("1-1", assess("2019-01-01", G, G, G, O, G, RI)),
		mk("1-2", assess("2019-01-01", RI, I, RI, G, G, RI)),
		mk("1-3", assess("2019-01-01", O, O, O, O, O, O)),
		mk("1-4", assess("2019-01-01", G, G)), // only Safe known
		mk("1-5", assess("2019-01-01", report.NotRated, G, G, G, G, G)),
	)
	s.KeyQuestions = true
	r := compute(t, s, nil, Options{Authority: "Devon"})
	kq := table(t, r, TKeyQuestions)
	for _, c := range []struct{ row, col, want string }{
		{"Safe", "outstanding", "1"}, {"Safe", "good", "2"}, {"Safe", "inadequate", "1"}, {"Safe", "total", "4"},
		{"Safe", "good_or_better_pct", "75"}, {"Effective", "total", "3"}, {"Effective", "good_or_better_pct", "67"},
		{"Well-led", "requires_improvement", "2"}, {"Well-led", "good_or_better_pct", "33"},
		{"total", "total", "16"}, {"total", "outstanding", "6"},
	} {
		if got := cell(t, kq, c.row, c.col); got != c.want {
			t.Errorf("%s/%s = %s, want %s", c.row, c.col, got, c.want)
		}
	}
	if r.KeyQuestions.Locations != 4 {
		t.Errorf("%d locations with key questions, want 4", r.KeyQuestions.Locations)
	}
	s.KeyQuestions = false
	r = compute(t, s, nil, Options{Authority: "Devon"})
	for _, tb := range r.Tables {
		if tb.ID == TKeyQuestions {
			t.Error("no key question table without key question data")
		}
	}
}
