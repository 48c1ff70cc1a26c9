package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/pipeline"
)

// On a terminal, batch draws a progress line on stderr and clears it; with
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
		{"terminal q", true, []string{"-q"}, false},
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
			if has := strings.Contains(got, "\rpapers "); has != c.bar {
				t.Errorf("progress line drawn: %v, want %v; stderr %q", has, c.bar, got)
			}
			if !c.bar && strings.ContainsAny(got, "\r\x1b") {
				t.Errorf("control characters off a terminal: %q", got)
			}
			if c.bar && !strings.Contains(got, "papers 2/2") {
				t.Errorf("the progress line does not reach 2/2: %q", got)
			}
			summary := strings.Contains(got, "batch: 2 authorities, 2 written")
			if summary == (slices.Contains(c.args, "-quiet") || slices.Contains(c.args, "-q")) {
				t.Errorf("summary line shown: %v with args %v", summary, c.args)
			}
		})
	}
}

// batch -jobs 4 over every authority of the example writes the same bytes
// as -jobs 1: nothing shared between the papers made at once (CI runs
// this under -race).
func TestBatchJobsAgree(t *testing.T) {
	dirs := map[string]string{"1": t.TempDir(), "4": t.TempDir()}
	for jobs, dir := range dirs {
		var out, errb bytes.Buffer
		e := &env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
		args := []string{"batch", "-config", "../../config/example.yaml", "-authorities", "all",
			"-formats", "md,html,pdf,csv,json", "-out", dir, "-jobs", jobs, "-quiet"}
		if code := run(context.Background(), e, args); code != 0 {
			t.Fatalf("-jobs %s: exit %d: %s", jobs, code, errb.String())
		}
	}
	files := map[string][]byte{}
	n := 0
	err := filepath.WalkDir(dirs["1"], func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dirs["1"], p)
		b, err := os.ReadFile(p)
		files[rel] = b
		n++
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if pdfs, _ := filepath.Glob(filepath.Join(dirs["4"], "*.pdf")); len(pdfs) != 6 {
		t.Fatalf("%d papers, want the example's 6 authorities", len(pdfs))
	}
	for rel, want := range files {
		got, err := os.ReadFile(filepath.Join(dirs["4"], rel))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs between -jobs 1 and -jobs 4 (%v)", rel, err)
		}
	}
	if n < 6*4 {
		t.Errorf("only %d files written", n)
	}
}

// batch -jobs 6 makes no more papers at once than the memory budget
// holds (two papers' worth here), counted as the papers start and end;
// before, -jobs alone decided and all six ran together.
func TestBatchPapersInFlightWithinBudget(t *testing.T) {
	fmts := []string{"md", "csv"}
	oldBudget, oldPaper := pipeline.BatchBudget, batchPaper
	defer func() { pipeline.BatchBudget, batchPaper = oldBudget, oldPaper }()
	pipeline.BatchBudget = 2 * pipeline.PaperEstimate(fmts)
	var mu sync.Mutex
	inFlight, worst, made := 0, 0, 0
	batchPaper = func(c *config.Config, in *pipeline.Inputs, sh *pipeline.Shared, name string, f []string, dir string, run pipeline.Run) error {
		mu.Lock()
		inFlight++
		worst = max(worst, inFlight)
		made++
		mu.Unlock()
		time.Sleep(20 * time.Millisecond) // long enough for the others to pile in
		defer func() { mu.Lock(); inFlight--; mu.Unlock() }()
		return oldPaper(c, in, sh, name, f, dir, run)
	}
	var out, errb bytes.Buffer
	e := &env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	args := []string{"batch", "-config", "../../config/example.yaml", "-authorities", "all",
		"-formats", strings.Join(fmts, ","), "-out", t.TempDir(), "-jobs", "6", "-quiet"}
	if code := run(context.Background(), e, args); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if made != 6 || worst > 2 || worst < 1 {
		t.Errorf("%d papers, at most %d at once; want 6, at most 2", made, worst)
	}
}
