package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
)

// On a terminal, batch draws a progress bar on stderr and clears it; with
// -quiet or off a terminal it draws nothing.
func TestBatchProgress(t *testing.T) {
	for _, c := range []struct {
		name     string
		terminal bool
		args     []string
		bar      bool
	}{
		{"terminal", true, nil, true},
		{"terminal quiet", true, []string{"-quiet"}, false},
		{"not a terminal", false, nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			e := &env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, StderrIsTerminal: c.terminal}
			args := append([]string{"batch", "-config", "../../config/example.yaml", "-authorities", "Midshire,Eastmoor",
				"-formats", "json", "-out", t.TempDir(), "-jobs", "1"}, c.args...)
			if code := run(context.Background(), e, args); code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			got := errb.String()
			if has := strings.Contains(got, "\r[="); has != c.bar {
				t.Errorf("progress bar drawn: %v, want %v; stderr %q", has, c.bar, got)
			}
			if c.bar && !strings.Contains(got, "2/2") {
				t.Errorf("bar does not reach 2/2: %q", got)
			}
			summary := strings.Contains(got, "batch: 2 authorities, 2 written")
			if summary == slices.Contains(c.args, "-quiet") {
				t.Errorf("summary line shown: %v with args %v", summary, c.args)
			}
		})
	}
}
