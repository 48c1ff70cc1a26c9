package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Exit statuses: 0 success, 1 wrong input or a failed step, 2 bad usage.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("authority: Heath\nperiod: {as_at: 2019-11-01}\ndata: {locations: hsca.csv}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "hsca.csv"), []byte(
		"Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n"+
			"1-001,Y,Adult social care,Good,Heath\n"), 0o644)
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("authority: Heath\ndata: {locations: missing.csv}\n"), 0o644)
	cases := []struct {
		name string
		args []string
		want int
	}{
		{"no command", nil, 2},
		{"help", []string{"-h"}, 0},
		{"unknown command", []string{"nope"}, 2},
		{"missing -config", []string{"tables"}, 2},
		{"unknown flag", []string{"generate", "-x"}, 2},
		{"subcommand help", []string{"tables", "-h"}, 0},
		{"tables ok", []string{"tables", "-config", cfg}, 0},
		{"missing data file", []string{"tables", "-config", bad}, 1},
		{"validate missing data", []string{"validate", "-config", bad}, 1},
		{"generate missing data", []string{"generate", "-config", bad, "-out", dir}, 1},
		{"batch unknown authority", []string{"batch", "-config", cfg, "-authorities", "Nowhere", "-out", dir, "-quiet"}, 1},
		{"fetch without key", []string{"fetch", "-authority", "Heath", "-out", filepath.Join(dir, "x.jsonl")}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			e := &env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
			if got := run(context.Background(), e, c.args); got != c.want {
				t.Errorf("exit %d, want %d; stderr: %s", got, c.want, errb.String())
			}
			if c.want == 1 {
				if n := strings.Count(strings.TrimSpace(errb.String()), "\n"); n > 1 {
					t.Errorf("want one error line, got:\n%s", errb.String())
				}
			}
		})
	}
}
