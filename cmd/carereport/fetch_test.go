package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/fetch"
	"github.com/carereport/carereport/report/fetch/fetchtest"
	"github.com/carereport/carereport/report/load"
)

const fetchTestKey = "cmd-test-key-93be1f"

func init() { backoffBase = time.Millisecond }

// samplePath is the real CQC sample beside the repository (four
// authorities), or else the real subset in testdata (Plymouth and Torbay).
func samplePath(t *testing.T) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "data", "cqc", "api-locations-southwest-2021-02.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	return filepath.Join("..", "..", "testdata", "cqc", "api-sample-2021-02.jsonl")
}

// sampleAuthorities counts the records of each authority in the sample.
func sampleAuthorities(t *testing.T) (names []string, count map[string]int, total int) {
	t.Helper()
	snap, err := load.API(samplePath(t))
	if err != nil {
		t.Fatal(err)
	}
	count = map[string]int{}
	for _, l := range snap.Locations {
		if count[l.LocalAuthority] == 0 {
			names = append(names, l.LocalAuthority)
		}
		count[l.LocalAuthority]++
	}
	return names, count, len(snap.Locations)
}

// fetchServer serves the real CQC sample.
func fetchServer(t *testing.T) *fetchtest.Server {
	t.Helper()
	srv, err := fetchtest.New(samplePath(t), fetchTestKey)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// runFetch runs "carereport fetch args..." with key in the environment.
func runFetch(t *testing.T, key string, terminal bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	en := &env{
		Stdout: &o,
		Stderr: &e,
		Getenv: func(k string) string {
			if k == keyEnv {
				return key
			}
			return ""
		},
		StderrIsTerminal: terminal,
	}
	code = run(context.Background(), en, append([]string{"fetch"}, args...))
	return code, o.String(), e.String()
}

func TestCmdFetch(t *testing.T) {
	srv := fetchServer(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "sw.jsonl")
	names, _, total := sampleAuthorities(t)
	// -out before -authority, and spaces after commas, as a user might type them.
	code, stdout, stderr := runFetch(t, fetchTestKey, false,
		"-out", out, "-authority", strings.Join(names, ", "), "-base-url", srv.URL, "-rate", "100000", "-jobs", "8")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout should be empty, got %q", stdout)
	}
	if want := fmt.Sprintf("fetched %d, skipped 0 (already in %s), failed 0\n", total, out); stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
	// What fetch writes is what the loader reads.
	snap, err := load.API(out)
	if err != nil {
		t.Fatalf("loader rejects the fetched file: %v", err)
	}
	if len(snap.Locations) != total {
		t.Errorf("loader read %d locations, want %d", len(snap.Locations), total)
	}
	// The loader notices the same things in it as in the source file
	// (pre-2014 values such as "No action"), and nothing else.
	src, err := load.API(samplePath(t))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := findingMessages(snap), findingMessages(src); got != want {
		t.Errorf("loader findings differ from the source file's:\n got %s\nwant %s", got, want)
	}

	// Again: nothing to fetch.
	code, _, stderr = runFetch(t, fetchTestKey, false,
		"-authority", "Torbay", "-out", out, "-base-url", srv.URL, "-rate", "100000")
	if code != 0 || !strings.Contains(stderr, "fetched 0, skipped 85 (already in "+out+"), failed 0") {
		t.Errorf("rerun: exit %d, stderr %q", code, stderr)
	}
}

func findingMessages(s *report.Snapshot) string {
	var msgs []string
	for _, f := range s.Findings {
		msgs = append(msgs, f.Kind+": "+f.Message)
	}
	sort.Strings(msgs)
	return strings.Join(msgs, "; ")
}

func TestCmdFetchProgress(t *testing.T) {
	srv := fetchServer(t)
	for _, tc := range []struct {
		name     string
		terminal bool
		quiet    bool
		want     bool
	}{
		{"terminal", true, false, true},
		{"terminal quiet", true, true, false},
		{"not a terminal, quiet", false, true, false},
		{"not a terminal", false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"-authority", "Torbay", "-out", filepath.Join(t.TempDir(), "t.jsonl"), "-base-url", srv.URL, "-rate", "100000"}
			if tc.quiet {
				args = append(args, []string{"-quiet", "-q"}[len(tc.name)%2])
			}
			code, _, stderr := runFetch(t, fetchTestKey, tc.terminal, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if got := strings.Contains(stderr, "\r"); got != tc.want {
				t.Errorf("progress shown = %v, want %v; stderr %q", got, tc.want, stderr)
			}
			switch {
			case tc.quiet && stderr != "":
				t.Errorf("-quiet: stderr %q, want nothing", stderr)
			case !tc.quiet && !strings.HasSuffix(stderr, "fetched 85, skipped 0 (already in "+args[3]+"), failed 0\n"):
				t.Errorf("no summary line at the end: %q", stderr)
			case !tc.terminal && !tc.quiet && strings.Count(stderr, "\n") != 1:
				t.Errorf("off a terminal, want one summary line: %q", stderr)
			case tc.want && !strings.Contains(stderr, "\rrecords 85/85"):
				t.Errorf("the progress line does not reach 85/85: %q", stderr)
			}
		})
	}
}

func TestCmdFetchKeyProblems(t *testing.T) {
	srv := fetchServer(t)
	out := filepath.Join(t.TempDir(), "t.jsonl")

	code, stdout, stderr := runFetch(t, "", false, "-authority", "Torbay", "-out", out, "-base-url", srv.URL)
	if code != 1 || !strings.Contains(stderr, keyEnv) || strings.Count(stderr, "\n") != 1 || stdout != "" {
		t.Errorf("no key: exit %d, stderr %q; want 1 and one line naming %s", code, stderr, keyEnv)
	}
	if srv.Requests() != 0 {
		t.Errorf("%d requests made without a key", srv.Requests())
	}

	const wrong = "wrong-key-0c4d77e2"
	code, stdout, stderr = runFetch(t, wrong, true, "-authority", "Torbay", "-out", out, "-base-url", srv.URL)
	if code != 1 {
		t.Errorf("wrong key: exit %d, want 1", code)
	}
	if !strings.Contains(stderr, "key") || !strings.Contains(stderr, keyEnv) {
		t.Errorf("wrong key: stderr %q should say the key was refused", stderr)
	}
	if strings.Contains(stdout+stderr, wrong) {
		t.Errorf("the key was printed: %q", stdout+stderr)
	}
	if srv.Requests() != 1 {
		t.Errorf("%d requests after a 401, want 1", srv.Requests())
	}
}

func TestCmdFetchFailure(t *testing.T) {
	srv := fetchServer(t)
	bad := srv.IDs("Torbay")[5]
	srv.InjectAlways(fetchtest.DetailPath(bad), fetchtest.Fault{Kind: fetchtest.ServerError})
	out := filepath.Join(t.TempDir(), "t.jsonl")
	code, _, stderr := runFetch(t, fetchTestKey, false,
		"-authority", "Torbay", "-out", out, "-base-url", srv.URL, "-rate", "100000", "-max-attempts", "2")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{bad, "fetched 84, skipped 0 (already in " + out + "), failed 1; 1 retry\n", ".part"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(fetch.PartPath(out)); err != nil {
		t.Errorf("no .part kept: %v", err)
	}
	if strings.Contains(stderr, fetchTestKey) {
		t.Error("the key was printed")
	}
}

func TestCmdFetchUsage(t *testing.T) {
	for _, args := range [][]string{
		{"-out", "x.jsonl"},
		{"-authority", "Devon"},
		{"-authority", " , ", "-out", "x.jsonl"},
		{"-authority", "Devon", "-out", "x.jsonl", "-rate", "0"},
		{"-authority", "Devon", "-out", "x.jsonl", "-jobs", "0"},
		{"-authority", "Devon", "-out", "x.jsonl", "-timeout", "0s"},
		{"-authority", "Devon", "-out", "x.jsonl", "stray"},
		{"-authority", "Devon", "-out", "x.jsonl", "-nosuchflag"},
	} {
		code, _, stderr := runFetch(t, fetchTestKey, false, args...)
		if code != 2 {
			t.Errorf("%q: exit %d, want 2 (stderr %q)", args, code, stderr)
		}
	}
	if code, _, stderr := runFetch(t, fetchTestKey, false, "-h"); code != 0 || !strings.Contains(stderr, "-authority") {
		t.Errorf("-h: exit %d, stderr %q", code, stderr)
	}
}

// -base-url over plain http to another machine is refused at once, as a
// usage error of one line; to this machine it is allowed.
func TestCmdFetchPlainHTTPRefused(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sub", "t.jsonl")
	code, stdout, stderr := runFetch(t, fetchTestKey, false, "-authority", "Torbay", "-out", out, "-base-url", "http://example.org/public/v1")
	if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "-base-url http://example.org/public/v1") || !strings.Contains(stderr, "use https") {
		t.Errorf("exit %d, stderr %q; want 2 and one line refusing plain http", code, stderr)
	}
	if _, err := os.Stat(filepath.Dir(out)); err == nil {
		t.Error("the -out folder was made before the refusal")
	}
	srv := fetchServer(t)
	local := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	if code, _, stderr := runFetch(t, fetchTestKey, false, "-authority", "Torbay", "-out", out, "-base-url", local, "-rate", "100000"); code != 0 {
		t.Errorf("%s: exit %d, %s", local, code, stderr)
	}
}

// longestKeyRun is the longest run of key's characters that s shows,
// ignoring case, white space and written-out \n.
func longestKeyRun(s, key string) int {
	s = strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, `\n`, "")), ""))
	key = strings.ToLower(key)
	for n := len(key); n > 0; n-- {
		for i := 0; i+n <= len(key); i++ {
			if strings.Contains(s, key[i:i+n]) {
				return n
			}
		}
	}
	return 0
}

// Every message fetch prints (a failure's error, a warning, the progress
// line) goes through the redactor: a server echoing the key upper-cased
// and split over lines, and a key pasted into -authority, show no 8
// characters of it together.
func TestCmdFetchMessagesRedacted(t *testing.T) {
	const key = "0d5e8a1f9c2b47e6a3f8d1c0b9e7a654"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/1-1"):
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, "subscription "+strings.ToUpper(key[:12])+"\r\n"+key[12:]+" is not allowed here")
		case r.URL.Query().Get("localAuthority") == "Torbay":
			fmt.Fprint(w, `{"page":1,"totalPages":1,"locations":[{"locationId":"1-1"}]}`)
		default:
			fmt.Fprint(w, `{"page":1,"totalPages":1,"locations":[]}`)
		}
	}))
	defer srv.Close()
	out := filepath.Join(t.TempDir(), "t.jsonl")
	code, stdout, stderr := runFetch(t, key, true, "-authority", "Torbay,x"+key, "-out", out, "-base-url", srv.URL, "-rate", "100000")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if n := longestKeyRun(stdout+stderr, key); n >= 8 {
		t.Errorf("%d characters of the key shown:\n%s", n, stderr)
	}
	for _, want := range []string{"location 1-1 (Torbay): HTTP 400 Bad Request", "[key]", "listing x[key]", `for "x[key]"`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%q", want, stderr)
		}
	}
}

// A usage error that quotes an argument holding the key does not show it.
func TestCmdFetchUsageErrorRedacted(t *testing.T) {
	const key = "0d5e8a1f9c2b47e6a3f8d1c0b9e7a654"
	code, _, stderr := runFetch(t, key, false, "-authority", `"Torbay`+key, "-out", "x.jsonl")
	if code != 2 || longestKeyRun(stderr, key) >= 8 || !strings.Contains(stderr, "[key]") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
