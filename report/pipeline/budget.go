package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// A Budget bounds the memory of work in flight: each piece of work
// acquires its estimated bytes before it starts and releases them when
// done, so how much runs at once follows the memory it needs, not the
// number of cores. A piece larger than the whole budget runs alone.
type Budget struct {
	mu    sync.Mutex
	cond  *sync.Cond
	limit int64
	used  int64
	peak  int64 // the most ever admitted at once, for tests
}

// NewBudget makes a budget of limit bytes.
func NewBudget(limit int64) *Budget {
	b := &Budget{limit: max(limit, 1)}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// Acquire waits until n bytes fit in the budget (n is cut to the whole
// budget) or ctx is done, and returns what it took, to give to Release.
func (b *Budget) Acquire(ctx context.Context, n int64) (int64, error) {
	n = min(max(n, 1), b.limit)
	b.mu.Lock()
	defer b.mu.Unlock()
	if ctx.Done() != nil {
		// Wake the waiters when ctx ends, so they can give up.
		stop := context.AfterFunc(ctx, func() {
			b.mu.Lock()
			b.cond.Broadcast()
			b.mu.Unlock()
		})
		defer stop()
	}
	for b.used+n > b.limit {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		b.cond.Wait()
	}
	b.used += n
	b.peak = max(b.peak, b.used)
	return n, nil
}

// Release gives back what Acquire took.
func (b *Budget) Release(n int64) {
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
	b.cond.Broadcast()
}

// Peak is the most that was admitted at once.
func (b *Budget) Peak() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.peak
}

// HistoryBudget is the memory the history files of a trend may take while
// they load at once: national monthly CSVs (about 25 MB, 37 MB estimated)
// load three at a time whatever the number of cores.
var HistoryBudget int64 = 128 << 20

// loadEstimate is what loading a data file is expected to take in
// memory: its size times a factor for its format. Measured on the
// national synthetic files (58,000 rows) with the garbage collector off,
// so counting everything allocated: the 25 MB CSV took 27 MB, the 8.4 MB
// ODS 65 MB; XLSX, zipped XML like ODS, is given ODS's factor.
func loadEstimate(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 1
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ods", ".xlsx":
		return fi.Size() * 8
	case ".csv", ".txt":
		return fi.Size() * 3 / 2
	}
	return fi.Size() * 2
}

// BatchBudget is the memory the papers of a batch may take while they are
// made at once: with the estimates below, three papers in md, html, pdf,
// csv and json, or one with docx as well, whatever -jobs says.
var BatchBudget int64 = 160 << 20

// PaperEstimate is what making one paper in the formats is expected to
// take in memory at its peak, above the data every paper shares. Measured
// on the national synthetic file (heap in use, sampled while one paper
// was made): 30-38 MB for md, html, pdf, csv and json whatever the
// authority's size (Rutland's 20 services or Worcestershire's 461), and
// 47-98 MB with docx as well.
func PaperEstimate(formats []string) int64 {
	n := int64(8 << 20) // the figures, the Markdown, the tables
	for _, f := range formats {
		switch f {
		case "pdf":
			n += 32 << 20
		case "docx":
			n += 64 << 20
		case "html":
			n += 4 << 20
		}
	}
	return n
}
