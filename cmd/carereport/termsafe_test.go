package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// escData writes a config and data whose authority names carry terminal
// escape sequences (a colour, a clear-screen, a right-to-left override).
func escData(t *testing.T) (cfg string) {
	t.Helper()
	dir := t.TempDir()
	csv := "Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n" +
		"1-001,Y,Adult social care,Good,\"Heath\x1b[31m\"\n" +
		"1-002,N,Adult social care,Good,\"Heath\x1b[31m\"\n" +
		"1-003,Y,Adult social care,Requires improvement,\"Vale\x1b[2J\u202e\"\n"
	yaml := "authority: \"Heath\\e[31m\"\nperiod: {as_at: 2019-11-01}\ndata:\n  locations: hsca.csv\noutput:\n  formats: [json]\n"
	if err := os.WriteFile(filepath.Join(dir, "hsca.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg = filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// rawControl reports whether s holds a control character other than
// newline (or an escape the progress line itself draws, when allowed).
func rawControl(s string, progress bool) bool {
	if progress {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r", ""), "\x1b[K", "")
	}
	return strings.IndexFunc(s, func(r rune) bool { return r != '\n' && unsafeRune(r) }) >= 0
}

// generate and batch print authority names from the data with their
// control characters escaped: the terminal never gets the sequence.
func TestMessagesEscapeControlCharacters(t *testing.T) {
	cfg := escData(t)
	var out, errb bytes.Buffer
	e := &env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if code := run(context.Background(), e, []string{"generate", "-config", cfg, "-out", t.TempDir()}); code != 0 {
		t.Fatalf("generate: exit %d: %q", code, errb.String())
	}
	if rawControl(out.String()+errb.String(), false) || !strings.Contains(out.String(), `Heath\x1b[31m`) {
		t.Errorf("generate printed %q, %q", out.String(), errb.String())
	}

	for _, terminal := range []bool{false, true} {
		out.Reset()
		errb.Reset()
		e := &env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, StderrIsTerminal: terminal}
		code := run(context.Background(), e, []string{"batch", "-config", cfg, "-out", t.TempDir(), "-jobs", "1",
			"-authorities", "Heath\x1b[31m,Vale\x1b[2J\u202e,Nowhere\x1b]0;pwned\x07"})
		if code != 1 {
			t.Errorf("batch: exit %d, want 1 for the unknown authority", code)
		}
		got := out.String() + errb.String()
		if rawControl(got, terminal) {
			t.Errorf("terminal %v: batch printed a control character: %q", terminal, got)
		}
		if !strings.Contains(got, `Nowhere\x1b]0;pwned\x07`) {
			t.Errorf("terminal %v: the failure does not name the authority, escaped: %q", terminal, got)
		}
		if terminal && !strings.Contains(got, `Vale\x1b[2J\u202e`) {
			t.Errorf("the progress line does not name the authority, escaped: %q", got)
		}
	}
}
