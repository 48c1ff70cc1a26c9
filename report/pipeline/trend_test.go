package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// The trend from API records equals an independent count at every date:
// the authority's ratings, its shares by service type, and the
// comparators' and all authorities' shares.
func TestRealSampleTrend(t *testing.T) {
	rs := realSample(t)
	path := rs.path
	locs := readSample(t, path)
	comps := rs.comps
	yaml := fmt.Sprintf("authority: %s\ncomparators: {authorities: [%s]}\nperiod:\n  quarter: 2020-Q4\n  trend: {from: 2018-01-01, every: quarter}\ndata:\n  api: %s\n", rs.authority, strings.Join(comps, ", "), path)
	_, _, r := compute(t, "devon.yaml", yaml)
	all := map[string]bool{}
	for _, l := range locs {
		all[l.la] = true
	}
	var england []string
	for la := range all {
		england = append(england, la)
	}
	tb := TableSet(r).Find(cqc.TTrend)
	if tb == nil {
		t.Fatal("no trend table")
	}
	if len(tb.Rows) != 13 {
		t.Fatalf("%d rows from 2018-01-01 to 2021-01-01 by quarter, want 13", len(tb.Rows))
	}
	want := [][]string{tb.Columns}
	for y := 2018; y <= 2021; y++ {
		for m := 1; m <= 10; m += 3 {
			day := fmt.Sprintf("%d-%02d-01", y, m)
			if day > "2021-01-01" {
				break
			}
			me := figures(t, locs, []string{rs.authority}, day, day)
			co := figures(t, locs, comps, day, day)
			en := figures(t, locs, england, day, day)
			gob := func(a *areaFigures, s string) string {
				return pct(a.ratings[s]["outstanding"]+a.ratings[s]["good"], a.ratings.total(s))
			}
			row := []string{day}
			for _, id := range ratingIDs {
				row = append(row, fmt.Sprint(me.ratings["all"][id]))
			}
			row = append(row, fmt.Sprint(me.ratings.total("all")), gob(me, "all"), gob(me, "care_home"), gob(me, "community"),
				gob(co, "all"), gob(en, "all"))
			want = append(want, row)
		}
	}
	compareTables(t, rs.authority+" trend", TableSet(r), map[string][][]string{cqc.TTrend: want})
	if !r.Trend.ClosuresMissing {
		t.Error("the sample holds no deregistered records, but the trend does not say closures are missing")
	}
}

// data.history: the dates the files are as at, then the current file.
func TestTrendFromHistoryFiles(t *testing.T) {
	dir := t.TempDir()
	file := func(name, asAt string, rows ...string) {
		body := "Care directory with filters\nSource: CQC database as at " + asAt + "\n\n" +
			"Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n" +
			strings.Join(rows, "\n") + "\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file("now.csv", "01 January 2021", "1-1,Y,Adult social care,Good,Heath", "1-2,N,Adult social care,Good,Heath", "1-3,Y,Adult social care,Good,Vale")
	file("q3.csv", "01 October 2020", "1-1,Y,Adult social care,Good,Heath", "1-2,N,Adult social care,Inadequate,Heath", "1-3,Y,Adult social care,Inadequate,Vale")
	file("q2.csv", "01 July 2020", "1-1,Y,Adult social care,Requires improvement,Heath", "1-2,N,Adult social care,Inadequate,Heath", "1-3,Y,Adult social care,Good,Vale")
	file("old.csv", "01 July 2019", "1-1,Y,Adult social care,Good,Heath")
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("authority: Heath\ncomparators: {authorities: [Vale]}\nperiod: {trend: {from: 2020-01-01}}\n"+
		"data: {locations: now.csv, history: [q3.csv, old.csv, q2.csv]}\n"), 0o644)
	c, err := config.Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	in, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(c, in, "")
	if err != nil {
		t.Fatal(err)
	}
	got := tableStrings(TableSet(r).Find(cqc.TTrend))
	want := [][]string{
		{"date", "outstanding", "good", "requires_improvement", "inadequate", "not_rated", "total", "good_or_better_pct",
			"care_home_good_or_better_pct", "community_good_or_better_pct", "comparators_good_or_better_pct", "all_areas_good_or_better_pct"},
		{"2020-07-01", "0", "0", "1", "1", "0", "2", "0", "0", "0", "100", "33"},
		{"2020-10-01", "0", "1", "0", "1", "0", "2", "50", "100", "0", "0", "33"},
		{"2021-01-01", "0", "2", "0", "0", "0", "2", "100", "100", "100", "100", "100"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("trend:\n got %q\nwant %q", got, want)
	}
	// Two files as at one date is an error naming both.
	os.WriteFile(cfg, []byte("authority: Heath\nperiod: {trend: {from: 2020-01-01}}\ndata: {locations: now.csv, history: [q3.csv, q3.csv]}\n"), 0o644)
	c, err = config.Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(c); err == nil || !strings.Contains(err.Error(), "data.history[1]") || !strings.Contains(err.Error(), "q3.csv is as at 2020-10-01, as is") {
		t.Errorf("duplicate date: %v", err)
	}
}

// Monthly files with every: quarter give one row a quarter (the first
// file of each quarter from period.trend.from, at its own date); with
// every: month, one a month.
func TestTrendFromMonthlyFilesEveryQuarter(t *testing.T) {
	dir := t.TempDir()
	var hist []string
	for _, m := range []string{"July", "August", "September", "October", "November", "December", "January"} {
		y := "2020"
		if m == "January" {
			y = "2021"
		}
		name := m + ".csv"
		body := "Care directory with filters\nSource: CQC database as at 01 " + m + " " + y + "\n\n" +
			"Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n" +
			"1-1,Y,Adult social care,Good,Heath\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if m != "January" {
			hist = append(hist, name)
		}
	}
	for _, c := range []struct{ every, want string }{
		{"quarter", "[2020-07-01 2020-10-01 2021-01-01]"},
		{"month", "[2020-07-01 2020-08-01 2020-09-01 2020-10-01 2020-11-01 2020-12-01 2021-01-01]"},
	} {
		cfg := filepath.Join(dir, "c.yaml")
		os.WriteFile(cfg, []byte("authority: Heath\nperiod: {trend: {from: 2020-07-01, every: "+c.every+"}}\n"+
			"data: {locations: January.csv, history: ["+strings.Join(hist, ", ")+"]}\n"), 0o644)
		c2, err := config.Load(cfg)
		if err != nil {
			t.Fatal(err)
		}
		in, err := Load(c2)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range in.Trend {
			got = append(got, d.Date.String())
		}
		if fmt.Sprint(got) != c.want {
			t.Errorf("every %s: dates %v, want %s", c.every, got, c.want)
		}
	}
}

// A trend from data.history with more dates than its chart holds is an
// error naming period.trend.from (it failed as "chart: too many rows" on a
// line of the paper); 60 dates, the current file's among them, are drawn.
func TestTrendFromHistoryBounded(t *testing.T) {
	dir := t.TempDir()
	var hist []string
	first := report.NewDate(2021, 1, 1)
	for i := 0; i < 60; i++ {
		d := first.AddMonths(i)
		name := fmt.Sprintf("h%02d.csv", i)
		body := "Source: CQC database as at " + d.Long() + "\n\nLocation ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n1-1,Y,Adult social care,Good,Heath\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		hist = append(hist, name)
	}
	// h59 is as at 2025-12-01; the current file a month later.
	os.WriteFile(filepath.Join(dir, "now.csv"), []byte("Source: CQC database as at 1 January 2026\n\nLocation ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n1-1,Y,Adult social care,Good,Heath\n"), 0o644)
	load := func(files []string) (*Inputs, error) {
		cfg := filepath.Join(dir, "c.yaml")
		os.WriteFile(cfg, []byte("authority: Heath\nperiod: {trend: {from: 2020-01-01, every: month}}\n"+
			"data: {locations: now.csv, history: ["+strings.Join(files, ", ")+"]}\n"), 0o644)
		c, err := config.Load(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return Load(c)
	}
	in, err := load(hist[1:])
	if err != nil || len(in.Trend) != 60 {
		t.Fatalf("59 files and the current one: %v", err)
	}
	_, err = load(hist)
	want := "period.trend.from: 2020-01-01 gives 61 dates with data.history and data.locations, more than the 60 the trend's chart can show; start at 2021-02-01 or later"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("60 files and the current one: got %v, want ...%s", err, want)
	}
}
