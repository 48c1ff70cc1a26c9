package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A key Validate refuses is named with its line, and a misspelt narrative
// id with the nearest one.
func TestValidateErrorsHaveLines(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("authority: Devon\nperiod:\n  as_at: 2021-02-01\ndata:\n  api: x.jsonl\nreport:\n  narrative:\n    purpose: a.md\n    comentary: b.md\n"), 0o644)
	_, err := Load(p)
	if err == nil || !strings.Contains(err.Error(), "c.yaml:9: report.narrative.comentary: is not a section id") ||
		!strings.Contains(err.Error(), `(did you mean "commentary"?)`) {
		t.Fatalf("got %v", err)
	}
	os.WriteFile(p, []byte("authority: Devon\ncomparators:\n  authorities:\n    - Somerset\n    - ''\ndata:\n  api: x.jsonl\nperiod: {as_at: 2021-02-01}\n"), 0o644)
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "c.yaml:5: comparators.authorities[1]: is empty") {
		t.Fatalf("got %v", err)
	}
}
