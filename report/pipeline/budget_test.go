package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
)

// What the budget admits at once never exceeds it, counted independently
// of its own bookkeeping; a piece larger than the budget runs alone; a
// waiter gives up when its context ends.
func TestBudgetBoundsWorkInFlight(t *testing.T) {
	b := NewBudget(100)
	var inFlight, worst atomic.Int64
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			want := int64(10 + 13*i%60)
			if i == 7 {
				want = 1000 // larger than the budget
			}
			n, err := b.Acquire(context.Background(), want)
			if err != nil {
				t.Error(err)
				return
			}
			now := inFlight.Add(n)
			for {
				w := worst.Load()
				if now <= w || worst.CompareAndSwap(w, now) {
					break
				}
			}
			time.Sleep(time.Millisecond)
			inFlight.Add(-n)
			b.Release(n)
		}()
	}
	wg.Wait()
	if w := worst.Load(); w > 100 || w < 60 {
		t.Errorf("at most %d admitted at once, want up to 100 (and some together)", w)
	}
	if p := b.Peak(); p != worst.Load() && p > 100 {
		t.Errorf("Peak %d", p)
	}
	n, _ := b.Acquire(context.Background(), 100)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := b.Acquire(ctx, 1); err == nil {
		t.Error("Acquire did not give up when its context ended")
	}
	b.Release(n)
}

// writeMonthly writes national-looking monthly HSCA CSVs (a few rows
// each) from January 2010 to December 2019, and a current file as at
// 1 January 2020; it returns the history file names, oldest first.
func writeMonthly(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	d := report.MustDate("2010-01-01")
	for ; d < report.MustDate("2020-02-01"); d = d.AddDate(0, 1, 0) {
		name := fmt.Sprintf("%s_HSCA_Active_Locations.csv", d.Time().Format("02_January_2006"))
		body := "Care directory with filters\nSource: CQC database as at " + d.Time().Format("02 January 2006") + "\n\n" +
			"Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n"
		for i := range 200 {
			rating := "Good"
			if (i+d.Time().Year())%5 == 0 {
				rating = "Inadequate"
			}
			body += fmt.Sprintf("1-%d,Y,Adult social care,%s,%s\n", 1000+i, rating, []string{"Heath", "Vale"}[i%2])
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	return names
}

// 120 monthly history files with a quarterly trend over two years: only
// the 8 files the trend uses are loaded whole, and with 16 cores the
// files loading at once stay within the memory budget (two files' worth
// here), counted at the loader. Before, all 120 were loaded, 16 at once.
func TestTrendLoadsOnlyWhatItNeedsWithinBudget(t *testing.T) {
	dir := t.TempDir()
	files := writeMonthly(t, dir)
	cur, hist := files[len(files)-1], files[:len(files)-1]
	c := config.Default()
	c.Data.Locations = filepath.Join(dir, cur)
	for _, h := range hist {
		c.Data.History = append(c.Data.History, filepath.Join(dir, h))
	}
	c.Period.Trend = &config.Trend{From: config.Date{Date: report.MustDate("2018-01-01")}, Every: "quarter"}

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(16))
	oldBudget, oldLoad := HistoryBudget, loadHSCA
	defer func() { HistoryBudget, loadHSCA = oldBudget, oldLoad }()
	HistoryBudget = 2 * loadEstimate(c.Data.History[0])
	var mu sync.Mutex
	var loaded []string
	inFlight, worst := 0, 0
	loadHSCA = func(p string) (*report.Snapshot, error) {
		mu.Lock()
		loaded = append(loaded, filepath.Base(p))
		inFlight++
		worst = max(worst, inFlight)
		mu.Unlock()
		time.Sleep(5 * time.Millisecond) // long enough for others to pile in
		defer func() { mu.Lock(); inFlight--; mu.Unlock() }()
		return oldLoad(p)
	}
	in, err := Load(&c)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(loaded)
	var want []string
	for _, y := range []string{"2018", "2019"} {
		for _, m := range []string{"January", "April", "July", "October"} {
			want = append(want, "01_"+m+"_"+y+"_HSCA_Active_Locations.csv")
		}
	}
	slices.Sort(want)
	if fmt.Sprint(loaded) != fmt.Sprint(want) {
		t.Errorf("loaded %d files %v,\nwant %v", len(loaded), loaded, want)
	}
	if worst > 2 {
		t.Errorf("%d files loading at once; the budget holds two", worst)
	}
	var dates []string
	for _, d := range in.Trend {
		dates = append(dates, d.Date.String())
	}
	if fmt.Sprint(dates) != "[2018-01-01 2018-04-01 2018-07-01 2018-10-01 2019-01-01 2019-04-01 2019-07-01 2019-10-01 2020-01-01]" {
		t.Errorf("trend dates %v", dates)
	}
}
