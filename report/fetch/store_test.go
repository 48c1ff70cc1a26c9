package fetch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResumeRepairsPart(t *testing.T) {
	const good = `{"locationId":"1-a","x":1}` + "\n" + `{"locationId":"1-b"}` + "\n"
	for _, tc := range []struct {
		name, part string
		wantLen    int
		wantIDs    []string
	}{
		{"whole", good, len(good), []string{"1-a", "1-b"}},
		{"half line", good + `{"locationId":"1-c","na`, len(good), []string{"1-a", "1-b"}},
		{"whole record without newline", good + `{"locationId":"1-c"}`, len(good), []string{"1-a", "1-b"}},
		{"bad last line", good + `{"locationId":` + "\n", len(good), []string{"1-a", "1-b"}},
		{"no id", good + `{"name":"x"}` + "\n", len(good), []string{"1-a", "1-b"}},
		{"empty", "", 0, nil},
		{"only half", `{"loc`, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "x.jsonl")
			if err := os.WriteFile(PartPath(out), []byte(tc.part), 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := resume(out, false)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(PartPath(out))
			if len(data) != tc.wantLen || string(data) != tc.part[:tc.wantLen] {
				t.Errorf("part is now %q, want %q", data, tc.part[:tc.wantLen])
			}
			if len(s.done) != len(tc.wantIDs) {
				t.Errorf("done = %v, want %v", s.done, tc.wantIDs)
			}
			for _, id := range tc.wantIDs {
				if !s.has(id) {
					t.Errorf("%s not counted as done", id)
				}
			}
		})
	}
}

func TestResumeRejectsDamage(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.jsonl")
	// A bad line in the middle of .part is not the trace of a stopped
	// write: say where it is rather than guess.
	os.WriteFile(PartPath(out), []byte("{\"locationId\":\"1-a\"}\nnot json\n{\"locationId\":\"1-b\"}\n"), 0o644)
	_, err := resume(out, false)
	if err == nil || !strings.Contains(err.Error(), "x.jsonl.part:2") {
		t.Errorf("err = %v, want one naming x.jsonl.part:2", err)
	}
	os.Remove(PartPath(out))
	// The finished file is written whole, so any bad line is an error.
	os.WriteFile(out, []byte("{\"locationId\":\"1-a\"}\n{\"locationId\""), 0o644)
	_, err = resume(out, false)
	if err == nil || !strings.Contains(err.Error(), "x.jsonl:2") {
		t.Errorf("err = %v, want one naming x.jsonl:2", err)
	}
}
