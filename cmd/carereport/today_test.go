package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carereport/carereport/report/fetch/fetchtest"
)

// Records of today's shape (a service never rated, a deregistered home,
// ISO dates, an "Inspected but not rated" history entry; one of them
// real) go through fetch, validate and generate with nothing refused, and
// the figures follow the counting rules.
func TestFetchValidateGenerateTodaysRecords(t *testing.T) {
	srv, err := fetchtest.New(filepath.Join("..", "..", "testdata", "cqc", "api-2025-ealing.jsonl"), fetchTestKey)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	data := filepath.Join(dir, "ealing.jsonl")
	code, _, stderr := runFetch(t, fetchTestKey, false, "-authority", "Ealing", "-out", data, "-base-url", srv.URL, "-rate", "100000")
	if code != 0 {
		t.Fatalf("fetch: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "fetched 5") {
		t.Errorf("fetch: %s", stderr)
	}
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("authority: Ealing\nengland: false\nperiod: {quarter: 2025-Q1, previous: 2024-04-01}\ndata: {api: ealing.jsonl}\n"), 0o644)
	runCmd := func(args ...string) (int, string, string) {
		var o, e bytes.Buffer
		en := &env{Stdout: &o, Stderr: &e, Getenv: func(string) string { return "" }}
		return run(context.Background(), en, args), o.String(), e.String()
	}
	code, out, errs := runCmd("validate", "-config", cfg)
	if code != 0 {
		t.Fatalf("validate: exit %d: %s%s", code, out, errs)
	}
	// As at 2025-04-01: the real home (Good, 2017), the never-rated
	// service, the Good and the Outstanding services; the home that closed
	// on 2024-12-31 is gone, the Unspecified record out of scope.
	if !strings.Contains(out, "ok: Ealing, 4 in-scope locations as at 2025-04-01") {
		t.Errorf("validate:\n%s", out)
	}
	code, out, errs = runCmd("generate", "-config", cfg, "-out", filepath.Join(dir, "out"), "-formats", "md,json", "-quiet")
	if code != 0 {
		t.Fatalf("generate: exit %d: %s%s", code, out, errs)
	}
	md, err := os.ReadFile(filepath.Join(dir, "out", "ealing.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"There are 4 regulated adult social care services in Ealing",
		"Of the 4 services, 3 have been rated by CQC and 1 has not yet been rated.",
		// A year before (2024-04-01) the closed home was there, rated
		// Inadequate: the records hold deregistered services, so its
		// closure is seen.
		"1 closed",
	} {
		if !strings.Contains(strings.Join(strings.Fields(string(md)), " "), want) {
			t.Errorf("paper lacks %q", want)
		}
	}
}

// A new user's first steps: init for a real authority, the fetch command
// it prints, then generate, with nothing edited in between.
func TestInitFetchGenerate(t *testing.T) {
	srv, err := fetchtest.New(samplePath(t), fetchTestKey)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "mypaper")
	var o, e bytes.Buffer
	en := &env{Stdout: &o, Stderr: &e, Getenv: func(string) string { return "" }}
	if code := run(context.Background(), en, []string{"init", dir, "-authority", "Torbay"}); code != 0 {
		t.Fatalf("init: %s", e.String())
	}
	// The next step it prints is the fetch that writes the file the
	// config reads.
	want := "carereport fetch -authority Torbay -out " + filepath.Join(dir, "data", "torbay.jsonl")
	if !strings.Contains(o.String(), want) {
		t.Fatalf("init says %q, want the step %q", o.String(), want)
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "carereport.yaml"))
	if !strings.Contains(string(cfg), "api: data/torbay.jsonl") || strings.Contains(string(cfg), "synthetic: true") {
		t.Errorf("config:\n%s", cfg)
	}
	code, _, stderr := runFetch(t, fetchTestKey, false, "-authority", "Torbay", "-out", filepath.Join(dir, "data", "torbay.jsonl"),
		"-base-url", srv.URL, "-rate", "100000")
	if code != 0 {
		t.Fatalf("fetch: %s", stderr)
	}
	o.Reset()
	e.Reset()
	if code := run(context.Background(), en, []string{"generate", "-config", filepath.Join(dir, "carereport.yaml"), "-formats", "md"}); code != 0 {
		t.Fatalf("generate: %s", e.String())
	}
	md, err := os.ReadFile(filepath.Join(dir, "out", "torbay.md"))
	if err != nil || !strings.Contains(string(md), "care homes in Torbay") {
		t.Errorf("paper: %v\n%.400s", err, md)
	}
}
