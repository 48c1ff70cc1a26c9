package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// diff's statuses are diff(1)'s: 0 the same, 1 different, 2 trouble
// (bad usage, or a file it cannot read or compare).
func TestDiffExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cols := `"columns": ["location_id", "name", "service_type", "rating", "rating_date"]`
	old := write("old.json", `{"authority": "Heath", "as_at": "2020-02-01", "tables": [{"id": "services", "title": "", `+cols+`, "rows": [["1-1", "A", "care home", "good", "2019-01-01"]]}]}`)
	cur := write("new.json", `{"authority": "Heath", "as_at": "2021-02-01", "tables": [{"id": "services", "title": "", `+cols+`, "rows": [["1-1", "A", "care home", "inadequate", "2020-01-01"]]}]}`)
	notJSON := write("notes.txt", "hello\n")
	cases := []struct {
		name string
		args []string
		want int
	}{
		{"same", []string{"diff", old, old}, 0},
		{"same json", []string{"diff", "-format", "json", cur, cur}, 0},
		{"differs", []string{"diff", old, cur}, 1},
		{"differs json", []string{"diff", old, cur, "-format", "json"}, 1},
		{"not a tables JSON", []string{"diff", old, notJSON}, 2},
		{"missing file", []string{"diff", old, filepath.Join(dir, "none.json")}, 2},
		{"later first", []string{"diff", cur, old}, 2},
		{"one file", []string{"diff", old}, 2},
		{"bad format", []string{"diff", "-format", "xml", old, cur}, 2},
		{"bad flag", []string{"diff", "-x", old, cur}, 2},
		{"help", []string{"diff", "-h"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			e := &env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
			if got := run(context.Background(), e, c.args); got != c.want {
				t.Errorf("exit %d, want %d; stderr: %s", got, c.want, errb.String())
			}
			if (c.want == 0 || c.want == 1) && c.name != "help" && errb.Len() > 0 {
				t.Errorf("stderr not empty: %s", errb.String())
			}
		})
	}
}
