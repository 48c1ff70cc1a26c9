package fetch

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/carereport/carereport/report/fetch/fetchtest"
)

// Options.Progress is told the authority being listed, then the records
// done of the total, the failures, the retries and a 429's pause; the
// Summary carries the same counts.
func TestFetchReportsProgress(t *testing.T) {
	srv, s := startServer(t)
	ids := srv.IDs("Torbay")
	srv.Inject(fetchtest.DetailPath(ids[3]), fetchtest.Fault{Kind: fetchtest.TooManyRequests, RetryAfter: "1"})
	srv.Inject(fetchtest.DetailPath(ids[7]), fetchtest.Fault{Kind: fetchtest.ServerError})
	srv.InjectAlways(fetchtest.DetailPath(ids[9]), fetchtest.Fault{Kind: fetchtest.ServerError})
	opt := fastOptions(srv)
	opt.MaxAttempts = 2
	var seen []Progress
	opt.Progress = func(p Progress) { seen = append(seen, p) } // called one at a time
	sum, _ := Fetch(context.Background(), opt, []string{"Torbay"}, filepath.Join(t.TempDir(), "t.jsonl"))
	total := s.count("Torbay")
	if len(seen) == 0 || seen[0].Listing != "Torbay" || seen[0].Total != 0 {
		t.Fatalf("first report %+v, want listing Torbay", seen)
	}
	last := seen[len(seen)-1]
	if last.Total != total || last.Done != total || last.Failed != 1 || last.Listing != "" {
		t.Errorf("last report %+v, want %d done of %d, 1 failed", last, total, total)
	}
	// 429 then 500 then two tries of the one that always fails: 3 retries.
	if last.Retries != 3 || last.RateLimited != 1 || last.PausedUntil.IsZero() {
		t.Errorf("retries %d, rate-limited %d, paused until %v; want 3, 1, set", last.Retries, last.RateLimited, last.PausedUntil)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Done < seen[i-1].Done || seen[i].Retries < seen[i-1].Retries {
			t.Fatalf("went backwards: %+v then %+v", seen[i-1], seen[i])
		}
	}
	if sum.Retries != 3 || sum.RateLimited != 1 {
		t.Errorf("summary retries %d, rate-limited %d", sum.Retries, sum.RateLimited)
	}
}
