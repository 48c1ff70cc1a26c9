package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/carereport/carereport/report"
)

// progressState is where a long command has got to.
type progressState struct {
	// Label says what is happening now: "listing Torbay", or the item
	// just done ("Devon").
	Label string
	// Done of Total items (Total 0: not counting yet), Failed of them.
	Done, Total, Failed int
	// Retries and RateLimited count requests tried again and 429s.
	Retries, RateLimited int
	// PausedUntil is the end of a rate-limit pause, zero if none.
	PausedUntil time.Time
}

// progressLine draws progress on one line of a terminal, redrawn in
// place (carriage return, the text, clear to the end of the line), and
// cleared when the command ends, which then prints its one summary line.
// Off a terminal, or with -q, it draws nothing. While it shows a count,
// a ticker redraws it each second, so the time left and a rate-limit
// pause count down between events.
type progressLine struct {
	mu    sync.Mutex
	w     io.Writer
	on    bool
	noun  string              // "records", "papers"
	clean func(string) string // makes data safe to show: escapes, the key taken out
	now   func() time.Time

	st       progressState
	started  time.Time // when counting began
	drawn    bool      // the line shows something
	finished bool
	stop     chan struct{}
}

// progressWidth is the most a progress line shows, so that it never
// wraps on an 80-column terminal (a wrapped line cannot be redrawn).
const progressWidth = 79

func newProgressLine(w io.Writer, on bool, noun string, clean func(string) string) *progressLine {
	if clean == nil {
		clean = termSafe
	}
	return &progressLine{w: w, on: on, noun: noun, clean: clean, now: time.Now}
}

// set records the new state and redraws.
func (p *progressLine) set(st progressState) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	if st.Total > 0 && p.started.IsZero() {
		p.started = p.now()
		p.stop = make(chan struct{})
		go p.tick(p.stop)
	}
	p.st = st
	p.draw()
}

func (p *progressLine) tick(stop chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.draw()
			p.mu.Unlock()
		}
	}
}

// draw writes the line; the caller holds mu.
func (p *progressLine) draw() {
	if p.finished {
		return
	}
	fmt.Fprintf(p.w, "\r%s\x1b[K", p.text())
	p.drawn = true
}

// text is the line: "records 40/85, 1 failed, 3 retries, waiting 12s
// (rate limit), about 1m20s left: Torbay".
func (p *progressLine) text() string {
	st := p.st
	if st.Total == 0 {
		return cut(p.clean(st.Label), progressWidth)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d/%d", p.noun, st.Done, st.Total)
	if st.Failed > 0 {
		fmt.Fprintf(&b, ", %d failed", st.Failed)
	}
	if st.Retries > 0 {
		fmt.Fprintf(&b, ", %d %s", st.Retries, report.Plural(st.Retries, "retry", "retries"))
	}
	now := p.now()
	if d := st.PausedUntil.Sub(now); d > 0 {
		fmt.Fprintf(&b, ", waiting %s (rate limit)", roundDuration(d))
	} else if st.RateLimited > 0 {
		fmt.Fprintf(&b, ", %d rate-limited", st.RateLimited)
	}
	if st.Done > 0 && st.Done < st.Total {
		per := now.Sub(p.started) / time.Duration(st.Done)
		fmt.Fprintf(&b, ", about %s left", roundDuration(per*time.Duration(st.Total-st.Done)))
	}
	if st.Label != "" {
		b.WriteString(": " + p.clean(st.Label))
	}
	return cut(b.String(), progressWidth)
}

// finish clears the line and stops the ticker.
func (p *progressLine) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop != nil {
		close(p.stop)
		p.stop = nil
	}
	p.finished = true
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// roundDuration writes d as "45s", "3m20s" or "2h05m".
func roundDuration(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second) // up: "0s left" is never shown early
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
}

// cut shortens s to n characters, ending "..." if cut.
func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-3]) + "..."
	}
	return s
}
