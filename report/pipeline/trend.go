package pipeline

import (
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
// an error, not left out.
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
	got := make([]cqc.Dated, len(files))
	reads := make([]report.Reading, len(files))
	err := parallel(len(files), func(i int) error {
		s, err := load.HSCA(files[i])
		if err != nil {
			return err
		}
		key := fmt.Sprintf("data.history[%d]", i)
		if s.AsAt.IsZero() {
			return &config.Error{File: c.Path, Key: key,
				Msg: fmt.Sprintf("%s gives no as-at date in its preamble or name", files[i])}
		}
		fd := snapshotDates(key, s)
		if err := fd.agree(c, s.AsAt, ""); err != nil {
			return err
		}
		if err := fd.before(c, cur); err != nil {
			return err
		}
		if s.AsAt >= asAt {
			return &config.Error{File: c.Path, Key: key, Msg: fmt.Sprintf("%s is as at %s, not before the paper's date %s (%s)",
				filepath.Base(files[i]), s.AsAt, asAt, c.Period.KeyOf("as_at"))}
		}
		got[i] = cqc.Dated{Date: s.AsAt, Areas: cqc.Aggregate(s, c.Data.IncludeDormant, cqc.Period{})}
		reads[i] = s.Read
		return nil
	})
	if err != nil {
		return err
	}
	for i, f := range files {
		in.addFile(fmt.Sprintf("data.history[%d]", i), f, reads[i])
	}
	seen := map[report.Date]int{}
	for i, d := range got {
		if j, ok := seen[d.Date]; ok {
			return &config.Error{File: c.Path, Key: fmt.Sprintf("data.history[%d]", i),
				Msg: fmt.Sprintf("%s is as at %s, as is %s (data.history[%d])", files[i], d.Date, files[j], j)}
		}
		seen[d.Date] = i
		if d.Date >= from {
			in.Trend = append(in.Trend, d)
		}
	}
	sort.Slice(in.Trend, func(i, j int) bool { return in.Trend[i].Date < in.Trend[j].Date })
	in.Trend = everyStep(in.Trend, cqc.TrendDates(from, asAt, config.TrendSteps[tr.Every]))
	in.Trend = append(in.Trend, cqc.Dated{Date: asAt, Areas: cqc.Aggregate(in.Current, c.Data.IncludeDormant, cqc.Period{})})
	if n := len(in.Trend); n > config.MaxTrendDates {
		return &config.Error{File: c.Path, Key: "period.trend.from", Msg: fmt.Sprintf(
			"%s gives %d dates with data.history and data.locations, more than the %d the trend's chart can show; start at %s or later",
			from, n, config.MaxTrendDates, in.Trend[n-config.MaxTrendDates].Date)}
	}
	return nil
}

// everyStep keeps, of files sorted by date, the first in each step of
// the trend (from one of steps to the next), so that monthly files with
// every: quarter give one row a quarter. Each row keeps its file's own
// date; a step with no file has no row.
func everyStep(files []cqc.Dated, steps []report.Date) []cqc.Dated {
	var out []cqc.Dated
	k := -1 // the step of the last file kept
	for _, f := range files {
		s := sort.Search(len(steps), func(i int) bool { return steps[i] > f.Date }) - 1
		if s > k {
			out = append(out, f)
			k = s
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
