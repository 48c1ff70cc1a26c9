package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// The progress line's text: done/total, failures, retries, a rate-limit
// pause counting down, the time left from the rate so far, the label
// made safe, all within 79 columns; cleared at the end; nothing when off.
func TestProgressLine(t *testing.T) {
	var b bytes.Buffer
	now := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	p := newProgressLine(&b, true, "records", func(s string) string { return termSafe(strings.ReplaceAll(s, "SECRET", "[key]")) })
	p.now = func() time.Time { return now }
	p.set(progressState{Label: "listing Torbay\x1b[2J SECRET"})
	if got := b.String(); got != "\rlisting Torbay\\x1b[2J [key]\x1b[K" {
		t.Errorf("listing: %q", got)
	}
	p.set(progressState{Total: 100})
	now = now.Add(20 * time.Second)
	p.set(progressState{Done: 40, Total: 100, Failed: 1, Retries: 3, RateLimited: 1, PausedUntil: now.Add(12 * time.Second)})
	want := "records 40/100, 1 failed, 3 retries, waiting 12s (rate limit), about 30s left"
	if got := p.text(); got != want {
		t.Errorf("text %q\nwant %q", got, want)
	}
	now = now.Add(13 * time.Second) // the pause is over
	if got := p.text(); got != "records 40/100, 1 failed, 3 retries, 1 rate-limited, about 50s left" {
		t.Errorf("after the pause: %q", got)
	}
	p.set(progressState{Done: 1, Total: 5000, Label: strings.Repeat("Bournemouth, Christchurch and Poole ", 3)})
	if got := p.text(); len([]rune(got)) != progressWidth || !strings.HasSuffix(got, "...") || !strings.Contains(got, "about 45h49m left") {
		t.Errorf("long line: %q", got)
	}
	p.finish()
	if !strings.HasSuffix(b.String(), "\r\x1b[K") {
		t.Errorf("not cleared: %q", b.String())
	}
	n := b.Len()
	p.set(progressState{Done: 2, Total: 5})
	if b.Len() != n {
		t.Error("drew after finish")
	}

	var off bytes.Buffer
	q := newProgressLine(&off, false, "papers", nil)
	q.set(progressState{Done: 1, Total: 2, Label: "Devon"})
	q.finish()
	if off.Len() != 0 {
		t.Errorf("off: %q", off.String())
	}
	for d, want := range map[time.Duration]string{0: "0s", 400 * time.Millisecond: "1s", 59 * time.Second: "59s",
		200 * time.Second: "3m20s", 2*time.Hour + 5*time.Minute: "2h05m"} {
		if got := roundDuration(d); got != want {
			t.Errorf("roundDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
