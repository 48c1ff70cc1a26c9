package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
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
