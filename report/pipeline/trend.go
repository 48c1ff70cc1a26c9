package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/load"
)

// loadTrend gathers the figures at each date of period.trend: from the
// monthly files of data.history when given (the dates they are as at, the
// first file of each quarter or month from period.trend.from), else
// rebuilt from the API records at each quarter or month. Each date
// keeps only its per-authority aggregate. Every history file must be
// older than the current one (cur, and the paper's date): a later one is
// an error, not left out. Each history file's date is read first from as
// far as its header, and only the files the trend uses are loaded whole,
// as many at once as HistoryBudget holds.
func loadTrend(c *config.Config, in *Inputs, api *report.Snapshot, cur fileDates) error {
	tr := c.Period.Trend
	from, asAt := tr.From.Date, in.AsAt
	if len(c.Data.History) == 0 {
		// The paper's date may have come from the data.
		if err := c.CheckTrend(asAt); err != nil {
			return err
		}
		dates := cqc.TrendDates(from, asAt, config.TrendSteps[tr.Every])
		in.Trend = make([]cqc.Dated, len(dates))
		parallel(len(dates), func(i int) error {
			in.Trend[i] = cqc.Dated{Date: dates[i], Areas: cqc.Aggregate(cqc.At(api, dates[i]), c.Data.IncludeDormant, cqc.Period{})}
			return nil
		})
		in.TrendClosuresMissing = !hasDeregistered(api)
		return nil
	}
	files := c.Data.History
	// Each file's date first, from as far as its header: only the files
	// the trend uses are then loaded whole. A file whose header the probe
	// does not find is loaded whole to learn why.
	dates := make([]report.Date, len(files))
	probed := make([]bool, len(files))
	for i, f := range files {
		dates[i], probed[i] = probeDate(f)
	}
	budget := NewBudget(HistoryBudget)
	got := make([]cqc.Dated, len(files))
	reads := make([]report.Reading, len(files))
	load1 := func(i int) error {
		n, _ := budget.Acquire(context.Background(), loadEstimate(files[i]))
		defer budget.Release(n)
		s, err := loadHSCA(files[i])
		if err != nil {
			return err
		}
		if probed[i] && s.AsAt != dates[i] {
			// Cannot happen: the probe reads the date as the loader does.
			return fmt.Errorf("%s: its header gives %s, the whole file %s", files[i], dates[i], s.AsAt)
		}
		dates[i] = s.AsAt
		reads[i] = s.Read
		if s.AsAt.IsZero() {
			return nil // reported below, with the others' dates
		}
		// The file's ratings must agree with its own date.
		if err := snapshotDates(fmt.Sprintf("data.history[%d]", i), s).agree(c, s.AsAt, ""); err != nil {
			return err
		}
		got[i] = cqc.Dated{Date: s.AsAt, Areas: cqc.Aggregate(s, c.Data.IncludeDormant, cqc.Period{})}
		return nil
	}
	var unprobed []int
	for i := range files {
		if !probed[i] {
			unprobed = append(unprobed, i)
		}
	}
	if err := parallel(len(unprobed), func(k int) error { return load1(unprobed[k]) }); err != nil {
		return err
	}
	seen := map[report.Date]int{}
	var inRange []int
	for i, d := range dates {
		key := fmt.Sprintf("data.history[%d]", i)
		if d.IsZero() {
			return &config.Error{File: c.Path, Key: key,
				Msg: fmt.Sprintf("%s gives no as-at date in its preamble or name", files[i])}
		}
		if err := (fileDates{key: key, file: files[i], own: d}).before(c, cur); err != nil {
			return err
		}
		if d >= asAt {
			return &config.Error{File: c.Path, Key: key, Msg: fmt.Sprintf("%s is as at %s, not before the paper's date %s (%s)",
				filepath.Base(files[i]), d, asAt, c.Period.KeyOf("as_at"))}
		}
		if j, ok := seen[d]; ok {
			return &config.Error{File: c.Path, Key: key,
				Msg: fmt.Sprintf("%s is as at %s, as is %s (data.history[%d])", files[i], d, files[j], j)}
		}
		seen[d] = i
		if d >= from {
			inRange = append(inRange, i)
		}
	}
	sort.Slice(inRange, func(a, b int) bool { return dates[inRange[a]] < dates[inRange[b]] })
	steps := cqc.TrendDates(from, asAt, config.TrendSteps[tr.Every])
	kept := keepEveryStep(len(inRange), func(k int) report.Date { return dates[inRange[k]] }, steps)
	var need []int
	for _, k := range kept {
		if i := inRange[k]; got[i].Areas == nil {
			need = append(need, i)
		}
	}
	if err := parallel(len(need), func(k int) error { return load1(need[k]) }); err != nil {
		return err
	}
	for i, f := range files {
		rd := reads[i]
		if rd.Layout == "" {
			// Read only as far as its header: its date, for the manifest.
			rd = report.Reading{Layout: "HSCA Active Locations", AsAt: dates[i], AsAtFrom: "header"}
		}
		in.addFile(fmt.Sprintf("data.history[%d]", i), f, rd)
	}
	for _, k := range kept {
		in.Trend = append(in.Trend, got[inRange[k]])
	}
	in.Trend = append(in.Trend, cqc.Dated{Date: asAt, Areas: cqc.Aggregate(in.Current, c.Data.IncludeDormant, cqc.Period{})})
	if n := len(in.Trend); n > config.MaxTrendDates {
		return &config.Error{File: c.Path, Key: "period.trend.from", Msg: fmt.Sprintf(
			"%s gives %d dates with data.history and data.locations, more than the %d the trend's chart can show; start at %s or later",
			from, n, config.MaxTrendDates, in.Trend[n-config.MaxTrendDates].Date)}
	}
	return nil
}

// probeDate and loadHSCA are load.HSCADate and load.HSCA; tests count
// the calls.
var (
	probeDate = load.HSCADate
	loadHSCA  = load.HSCA
)

// keepEveryStep keeps, of n files sorted by date, the first in each step
// of the trend (from one of steps to the next), so that monthly files
// with every: quarter give one row a quarter; it returns their indexes.
// Each row keeps its file's own date; a step with no file has no row.
func keepEveryStep(n int, date func(k int) report.Date, steps []report.Date) []int {
	var out []int
	last := -1 // the step of the last file kept
	for k := range n {
		d := date(k)
		s := sort.Search(len(steps), func(i int) bool { return steps[i] > d }) - 1
		if s > last {
			out = append(out, k)
			last = s
		}
	}
	return out
}

func hasDeregistered(s *report.Snapshot) bool {
	for i := range s.Locations {
		if !s.Locations[i].Deregistered.IsZero() {
			return true
		}
	}
	return false
}

// parallel runs f(0..n-1) on up to GOMAXPROCS goroutines and returns the
// error of the lowest index that failed, so the message does not depend on
// timing.
func parallel(n int, f func(i int) error) error {
	errs := make([]error, n)
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				errs[i] = f(i)
			}
		}()
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
