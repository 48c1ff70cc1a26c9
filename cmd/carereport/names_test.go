package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/carereport/carereport/report/fetch/fetchtest"
)

func TestSplitNames(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Devon", "[Devon]"},
		{"Devon,Somerset", "[Devon Somerset]"},
		{" Devon , Somerset ,", "[Devon Somerset]"},
		{`"Bournemouth, Christchurch and Poole"`, "[Bournemouth, Christchurch and Poole]"},
		{`Dorset, "Bournemouth, Christchurch and Poole", Devon`, "[Dorset Bournemouth, Christchurch and Poole Devon]"},
		{`"A ""quoted"" name"`, `[A "quoted" name]`},
	} {
		got, err := splitNames("-authority", c.in)
		if err != nil || fmt.Sprint(got) != c.want {
			t.Errorf("splitNames(%q) = %q, %v; want %s", c.in, got, err, c.want)
		}
	}
	if _, err := splitNames("-authority", `"Bournemouth, Christchurch`); err == nil || !strings.Contains(err.Error(), "-authority") {
		t.Errorf("an unclosed quote: %v", err)
	}
	for _, n := range []string{"Devon", "Bournemouth, Christchurch and Poole", `A "quoted" name`} {
		if got, err := splitNames("-authority", nameArg(n)+",Devon"); err != nil || len(got) != 2 || got[0] != n {
			t.Errorf("nameArg(%q) does not read back: %q, %v", n, got, err)
		}
	}
	known := func(n string) bool { return n == "Devon" || n == "Bournemouth, Christchurch and Poole" }
	if got := joinKnown([]string{"Devon", "Bournemouth", "Christchurch and Poole", "Nowhere"}, known); fmt.Sprint(got) != "[Devon Bournemouth, Christchurch and Poole Nowhere]" {
		t.Errorf("joinKnown: %q", got)
	}
}

// shellArgs splits a command line as sh would, for the quoting init
// uses: plain words and single-quoted parts.
func shellArgs(line string) []string {
	var out []string
	for _, w := range regexp.MustCompile(`(?:[^\s']+|'[^']*')+`).FindAllString(line, -1) {
		out = append(out, regexp.MustCompile(`'([^']*)'`).ReplaceAllString(w, "$1"))
	}
	return out
}

// An authority whose name holds a comma: the fetch init prints as the
// next step, run as printed, fetches its records and the paper follows.
func TestInitFetchGenerateNameWithComma(t *testing.T) {
	const bcp = "Bournemouth, Christchurch and Poole"
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "cqc", "api-sample-2021-02.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var recs bytes.Buffer
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		if m["localAuthority"] == "Torbay" {
			m["localAuthority"] = bcp
		}
		j, _ := json.Marshal(m)
		recs.Write(append(j, '\n'))
	}
	srv, err := fetchtest.NewFromReader(&recs, fetchTestKey)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	paper := filepath.Join(dir, "mypaper")
	var o, e bytes.Buffer
	en := &env{Stdout: &o, Stderr: &e, Getenv: func(string) string { return "" }}
	if code := run(context.Background(), en, []string{"init", paper, "-authority", bcp}); code != 0 {
		t.Fatalf("init: %s", e.String())
	}
	m := regexp.MustCompile(`carereport (fetch .*)`).FindStringSubmatch(o.String())
	if m == nil {
		t.Fatalf("init prints no fetch step: %q", o.String())
	}
	args := shellArgs(m[1])[1:]
	code, _, stderr := runFetch(t, fetchTestKey, false, append(args, "-base-url", srv.URL, "-rate", "100000")...)
	if code != 0 || !strings.Contains(stderr, "fetched 85,") {
		t.Fatalf("fetch %q: exit %d: %s", args, code, stderr)
	}
	o.Reset()
	e.Reset()
	if code := run(context.Background(), en, []string{"generate", "-config", filepath.Join(paper, "carereport.yaml"), "-formats", "md"}); code != 0 {
		t.Fatalf("generate: %s", e.String())
	}
	// batch finds the name unquoted, since the data holds it.
	e.Reset()
	out := filepath.Join(dir, "batch")
	if code := run(context.Background(), en, []string{"batch", "-config", filepath.Join(paper, "carereport.yaml"), "-authorities", bcp,
		"-formats", "md", "-out", out, "-quiet"}); code != 0 {
		t.Fatalf("batch: %s", e.String())
	}
	for _, f := range []string{"bournemouth-christchurch-and-poole.md"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("batch: %v", err)
		}
	}
	// The name as a user types it, unquoted: fetch finds nothing for its
	// two halves, says so, and gives the list quoted.
	code, _, stderr = runFetch(t, fetchTestKey, false, "-authority", "Plymouth, "+bcp, "-out", filepath.Join(dir, "x.jsonl"), "-base-url", srv.URL, "-rate", "100000")
	if code != 0 || !strings.Contains(stderr, `CQC lists no adult social care locations for "Bournemouth"`) ||
		!strings.Contains(stderr, `if "Bournemouth, Christchurch and Poole" is one authority, give it in double quotes: -authority 'Plymouth,"Bournemouth, Christchurch and Poole"'`) {
		t.Errorf("fetch of the name unquoted: exit %d: %s", code, stderr)
	}
}
