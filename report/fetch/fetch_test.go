package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carereport/carereport/report/fetch/fetchtest"
)

const (
	sampleRel = "../shared/data/cqc/api-locations-southwest-2021-02.jsonl"
	// subsetRel is the real subset in the repository (Devon, Plymouth
	// and Torbay), used when ../shared is not beside it.
	subsetRel = "testdata/cqc/api-sample-2021-02.jsonl"
	testKey   = "test-key-5f1c0e"
)

// The sample's authorities, set by samplePath: all four of the whole
// file, or Devon, Plymouth and Torbay of the subset. bigAuth is the largest (it
// takes several list pages), otherAuths two others than Torbay.
var (
	allFour    = []string{"Devon", "Somerset", "Plymouth", "Torbay"}
	bigAuth    = "Devon"
	otherAuths = []string{"Somerset", "Plymouth"}
)

// samplePath finds the real CQC sample beside the repository, or skips.
func samplePath(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test directory, so the sample cannot be found")
		}
		dir = parent
	}
	p := filepath.Join(dir, filepath.FromSlash(sampleRel))
	if _, err := os.Stat(p); err == nil {
		allFour, bigAuth, otherAuths = []string{"Devon", "Somerset", "Plymouth", "Torbay"}, "Devon", []string{"Somerset", "Plymouth"}
		return p
	}
	p = filepath.Join(dir, filepath.FromSlash(subsetRel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("neither the whole sample (%s) nor the subset in the repository (%s) is there: %v", sampleRel, subsetRel, err)
	}
	allFour, bigAuth, otherAuths = []string{"Devon", "Plymouth", "Torbay"}, "Devon", []string{"Devon", "Plymouth"}
	return p
}

// sample is the source file read independently of the fake server: the
// compacted lines of each authority.
type sample struct {
	byAuth map[string]map[string][]byte // authority -> id -> compacted line
	lines  int
}

func readSample(t *testing.T, path string) sample {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sample{byAuth: map[string]map[string][]byte{}}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		s.lines++
		var head struct{ LocationID, LocalAuthority string }
		if err := json.Unmarshal(line, &head); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, line); err != nil {
			t.Fatal(err)
		}
		if s.byAuth[head.LocalAuthority] == nil {
			s.byAuth[head.LocalAuthority] = map[string][]byte{}
		}
		s.byAuth[head.LocalAuthority][head.LocationID] = buf.Bytes()
	}
	return s
}

// want is the file Fetch should write for auths: each authority's
// records in locationId order.
func (s sample) want(auths ...string) []byte {
	var out bytes.Buffer
	for _, a := range auths {
		var ids []string
		for id := range s.byAuth[a] {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			out.Write(s.byAuth[a][id])
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}

func (s sample) count(auths ...string) int {
	n := 0
	for _, a := range auths {
		n += len(s.byAuth[a])
	}
	return n
}

func startServer(t *testing.T) (*fetchtest.Server, sample) {
	t.Helper()
	path := samplePath(t)
	srv, err := fetchtest.New(path, testKey)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv, readSample(t, path)
}

// fastOptions are Options for tests: no real rate limit, tiny backoff.
func fastOptions(srv *fetchtest.Server) Options {
	return Options{
		BaseURL:     srv.URL,
		Key:         testKey,
		Rate:        100000,
		Jobs:        8,
		Timeout:     2 * time.Second,
		MaxAttempts: 5,
		BackoffBase: time.Millisecond,
		BackoffMax:  10 * time.Millisecond,
	}
}

// checkFile compares the file at path with want, reporting which
// records are missing, extra or different rather than one huge diff.
func checkFile(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl := bytes.Split(bytes.TrimSuffix(got, []byte("\n")), []byte("\n"))
	wl := bytes.Split(bytes.TrimSuffix(want, []byte("\n")), []byte("\n"))
	t.Errorf("%s: %d lines, want %d", path, len(gl), len(wl))
	for i := 0; i < len(gl) && i < len(wl); i++ {
		if !bytes.Equal(gl[i], wl[i]) {
			t.Errorf("line %d differs:\n got %.120s\nwant %.120s", i+1, gl[i], wl[i])
			return
		}
	}
}

func checkNoLeftovers(t *testing.T, dir, out string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != filepath.Base(out) {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestFetchRealSample(t *testing.T) {
	srv, smp := startServer(t)
	srv.SetMaxPerPage(30) // every authority takes several pages
	out := filepath.Join(t.TempDir(), "locations.jsonl")

	sum, err := Fetch(context.Background(), fastOptions(srv), allFour, out)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	n := smp.count(allFour...)
	if lines := smp.lines; n != lines {
		t.Fatalf("the sample's authorities hold %d records, the file %d lines", n, lines)
	}
	if sum.Listed != n || sum.Fetched != n || sum.Skipped != 0 || sum.Failed != 0 || sum.Written != n {
		t.Errorf("summary %+v, want %d listed, fetched and written", sum, n)
	}
	checkFile(t, out, smp.want(allFour...))
	checkNoLeftovers(t, filepath.Dir(out), out)
	for _, a := range allFour {
		for id := range smp.byAuth[a] {
			if got := srv.RequestsTo(fetchtest.DetailPath(id)); got != 1 {
				t.Errorf("%s fetched %d times, want once", id, got)
			}
		}
	}
	// Each authority's records in pages of 30.
	pages := 0
	for _, a := range allFour {
		pages += (smp.count(a) + 29) / 30
	}
	if got := srv.RequestsTo(fetchtest.ListPath); got != pages {
		t.Errorf("%d list requests, want %d", got, pages)
	}
}

func TestFetchNextPageStyles(t *testing.T) {
	srv, smp := startServer(t)
	srv.SetMaxPerPage(10) // Torbay's 85 take 9 pages
	for _, tc := range []struct {
		name  string
		style fetchtest.NextPageStyle
	}{
		{"host-relative", fetchtest.HostRelative},
		{"base-relative", fetchtest.BaseRelative},
		{"absolute", fetchtest.Absolute},
		{"absent", fetchtest.NoNextPage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv.SetNextPageStyle(tc.style)
			srv.ResetCounts()
			out := filepath.Join(t.TempDir(), "torbay.jsonl")
			sum, err := Fetch(context.Background(), fastOptions(srv), []string{"Torbay"}, out)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Fetched != 85 {
				t.Errorf("fetched %d, want 85", sum.Fetched)
			}
			checkFile(t, out, smp.want("Torbay"))
			if got := srv.RequestsTo(fetchtest.ListPath); got != 9 {
				t.Errorf("%d list requests, want 9", got)
			}
		})
	}
}

func TestFetchSurvivesFaults(t *testing.T) {
	srv, smp := startServer(t)
	auths := []string{"Plymouth", "Torbay"}
	ids := srv.IDs(auths...)
	httpDate := time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)
	faults := map[string][]fetchtest.Fault{
		ids[3]:  {{Kind: fetchtest.TooManyRequests, RetryAfter: "1"}},
		ids[10]: {{Kind: fetchtest.TooManyRequests, RetryAfter: httpDate}},
		ids[20]: {{Kind: fetchtest.ServerError}, {Kind: fetchtest.BadGateway}, {Kind: fetchtest.ServerError}},
		ids[30]: {{Kind: fetchtest.Slow, Delay: 5 * time.Second}},
		ids[40]: {{Kind: fetchtest.Truncated}, {Kind: fetchtest.Truncated}},
		ids[50]: {{Kind: fetchtest.Cut}},
		ids[60]: {{Kind: fetchtest.TooManyRequests}}, // no Retry-After: plain backoff
	}
	for id, fs := range faults {
		srv.Inject(fetchtest.DetailPath(id), fs...)
	}
	srv.Inject(fetchtest.ListPath, fetchtest.Fault{Kind: fetchtest.ServerError}, fetchtest.Fault{Kind: fetchtest.Truncated})

	opt := fastOptions(srv)
	opt.Timeout = time.Second
	out := filepath.Join(t.TempDir(), "pt.jsonl")
	start := time.Now()
	sum, err := Fetch(context.Background(), opt, auths, out)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	n := smp.count(auths...)
	if sum.Fetched != n || sum.Failed != 0 {
		t.Errorf("summary %+v, want all %d fetched", sum, n)
	}
	checkFile(t, out, smp.want(auths...))
	for id, fs := range faults {
		if got := srv.RequestsTo(fetchtest.DetailPath(id)); got != len(fs)+1 {
			t.Errorf("%s: %d requests, want %d (faults then success)", id, got, len(fs)+1)
		}
	}
	// The first 429 asked for a second's pause and the other an HTTP-date
	// about two seconds ahead.
	if elapsed < time.Second {
		t.Errorf("took %v: Retry-After was not honoured", elapsed)
	}
}

func TestFetchGivesUpThenResumes(t *testing.T) {
	srv, smp := startServer(t)
	ids := srv.IDs("Torbay")
	bad := ids[7]
	srv.InjectAlways(fetchtest.DetailPath(bad), fetchtest.Fault{Kind: fetchtest.ServerError})

	dir := t.TempDir()
	out := filepath.Join(dir, "torbay.jsonl")
	// An older finished file, holding one record of another authority.
	devonID := srv.IDs(bigAuth)[0]
	old := append(append([]byte(nil), smp.byAuth[bigAuth][devonID]...), '\n')
	if err := os.WriteFile(out, old, 0o644); err != nil {
		t.Fatal(err)
	}

	opt := fastOptions(srv)
	opt.MaxAttempts = 3
	sum, err := Fetch(context.Background(), opt, []string{"Torbay"}, out)
	if !errors.Is(err, ErrIncomplete) {
		t.Fatalf("err = %v, want ErrIncomplete", err)
	}
	if sum.Failed != 1 || len(sum.Failures) != 1 || sum.Failures[0].LocationID != bad || sum.Failures[0].Authority != "Torbay" {
		t.Fatalf("summary %+v, want one failure for %s", sum, bad)
	}
	if !strings.Contains(sum.Failures[0].Err.Error(), "500") {
		t.Errorf("failure %q does not give the status", sum.Failures[0].Err)
	}
	if sum.Fetched != 84 {
		t.Errorf("fetched %d, want 84", sum.Fetched)
	}
	if got := srv.RequestsTo(fetchtest.DetailPath(bad)); got != 3 {
		t.Errorf("%d attempts at the failing location, want 3", got)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, old) {
		t.Error("the finished file changed although the run failed")
	}
	part, err := os.ReadFile(PartPath(out))
	if err != nil {
		t.Fatalf("no .part kept: %v", err)
	}
	if got := bytes.Count(part, []byte("\n")); got != 84 {
		t.Errorf(".part has %d lines, want 84", got)
	}

	srv.Clear()
	srv.ResetCounts()
	sum, err = Fetch(context.Background(), opt, []string{"Torbay"}, out)
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	if sum.Fetched != 1 || sum.Skipped != 84 || sum.Written != 86 {
		t.Errorf("rerun summary %+v, want 1 fetched, 84 skipped, 86 written", sum)
	}
	if got := srv.RequestsTo(fetchtest.DetailPath(bad)); got != srv.Requests()-1 || got != 1 {
		t.Errorf("rerun made %d requests, %d for %s; want one list and one detail", srv.Requests(), got, bad)
	}
	// Torbay in order, then the Devon record nobody listed.
	checkFile(t, out, append(smp.want("Torbay"), old...))
	checkNoLeftovers(t, dir, out)
}

func TestFetchWrongKey(t *testing.T) {
	srv, _ := startServer(t)
	opt := fastOptions(srv)
	opt.Key = "wrong-key-a8d2c7"
	out := filepath.Join(t.TempDir(), "x.jsonl")
	_, err := Fetch(context.Background(), opt, allFour, out)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "key") || strings.Contains(msg, opt.Key) {
		t.Errorf("error %q should mention the key without giving it", msg)
	}
	if got := srv.Requests(); got != 1 {
		t.Errorf("%d requests after a 401, want 1", got)
	}
	for _, p := range []string{out, PartPath(out)} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was written", p)
		}
	}
}

func TestFetchKeyRejectedMidway(t *testing.T) {
	srv, _ := startServer(t)
	ids := srv.IDs(bigAuth)
	srv.Inject(fetchtest.DetailPath(ids[20]), fetchtest.Fault{Kind: fetchtest.Unauthorized})
	// Everything after the 401 is slow, so a client that carried on
	// would take seconds.
	for _, id := range ids[21:] {
		srv.Inject(fetchtest.DetailPath(id), fetchtest.Fault{Kind: fetchtest.Slow, Delay: 200 * time.Millisecond})
	}
	opt := fastOptions(srv)
	opt.Jobs = 4
	out := filepath.Join(t.TempDir(), "devon.jsonl")
	start := time.Now()
	_, err := Fetch(context.Background(), opt, []string{bigAuth}, out)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to stop after a 401", d)
	}
	if got, limit := srv.Requests(), 1+21+opt.Jobs; got > limit {
		t.Errorf("%d requests, want at most %d: the 401 should stop the others", got, limit)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("finished file written despite the 401")
	}
}

func TestFetchRateLimit(t *testing.T) {
	srv, smp := startServer(t)
	auths := []string{"Plymouth", "Torbay"}
	opt := fastOptions(srv)
	opt.Rate = 50
	opt.Jobs = 4
	out := filepath.Join(t.TempDir(), "pt.jsonl")
	start := time.Now()
	if _, err := Fetch(context.Background(), opt, auths, out); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	checkFile(t, out, smp.want(auths...))
	n := srv.Requests()
	if n < 180 {
		t.Fatalf("only %d requests: too few to test the rate", n)
	}
	// Counted by the clock's seconds, as the brief for the rate has it.
	// (A sliding window is logged, not checked: on a busy machine the
	// requests' trip through the scheduler can bunch a few of them.)
	for sec, got := range srv.PerSecond() {
		if got > int(opt.Rate)+1 {
			t.Errorf("second %d: %d requests, limit %v/s", sec, got, opt.Rate)
		}
	}
	// And on average: n requests need at least (n-1)/rate seconds.
	if min := time.Duration(float64(n-1) / opt.Rate * float64(time.Second)); elapsed < min*9/10 {
		t.Errorf("%d requests in %v: faster than %v/s", n, elapsed, opt.Rate)
	}
	t.Logf("%d requests in %v; at most %d in any one-second window", n, elapsed, srv.MaxInWindow(time.Second))
}

func TestFetchInterruptedThenResumed(t *testing.T) {
	srv, smp := startServer(t)
	auths := otherAuths

	ref := filepath.Join(t.TempDir(), "ref.jsonl")
	if _, err := Fetch(context.Background(), fastOptions(srv), auths, ref); err != nil {
		t.Fatal(err)
	}
	checkFile(t, ref, smp.want(auths...))
	want, _ := os.ReadFile(ref)

	dir := t.TempDir()
	out := filepath.Join(dir, "sp.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen atomic.Int32
	stopAt := int32(smp.count(auths...) / 2) // part way through
	srv.OnRequest(func(r *http.Request) {
		if strings.Contains(r.URL.Path, "/locations/") && seen.Add(1) == stopAt {
			cancel()
		}
	})
	sum, err := Fetch(ctx, fastOptions(srv), auths, out)
	srv.OnRequest(nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("finished file written by an interrupted run")
	}
	part, err := os.ReadFile(PartPath(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(part) > 0 && part[len(part)-1] != '\n' {
		t.Error(".part ends in half a line")
	}
	lines := bytes.Count(part, []byte("\n"))
	if lines == 0 || lines >= smp.count(auths...) || lines != sum.Fetched {
		t.Fatalf(".part has %d lines, summary says %d fetched; want some but not all", lines, sum.Fetched)
	}
	for i, l := range bytes.Split(bytes.TrimSuffix(part, []byte("\n")), []byte("\n")) {
		if !json.Valid(l) {
			t.Fatalf(".part line %d is not JSON", i+1)
		}
	}

	sum, err = Fetch(context.Background(), fastOptions(srv), auths, out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != lines || sum.Fetched != smp.count(auths...)-lines {
		t.Errorf("rerun summary %+v, want %d skipped", sum, lines)
	}
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, want) {
		t.Error("interrupted and resumed run differs from an uninterrupted one")
	}
	checkNoLeftovers(t, dir, out)
}

func TestFetchRepairsHalfLine(t *testing.T) {
	srv, smp := startServer(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "torbay.jsonl")
	ids := srv.IDs("Torbay")
	var part []byte
	for _, id := range ids[:10] {
		part = append(append(part, smp.byAuth["Torbay"][id]...), '\n')
	}
	half := smp.byAuth["Torbay"][ids[10]]
	part = append(part, half[:len(half)/2]...)
	if err := os.WriteFile(PartPath(out), part, 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := Fetch(context.Background(), fastOptions(srv), []string{"Torbay"}, out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != 10 || sum.Fetched != 75 {
		t.Errorf("summary %+v, want 10 skipped and 75 fetched", sum)
	}
	if got := srv.RequestsTo(fetchtest.DetailPath(ids[10])); got != 1 {
		t.Errorf("the half-written location was fetched %d times, want 1", got)
	}
	checkFile(t, out, smp.want("Torbay"))
	checkNoLeftovers(t, dir, out)
}

func TestFetchNothingToDo(t *testing.T) {
	srv, smp := startServer(t)
	out := filepath.Join(t.TempDir(), "torbay.jsonl")
	if _, err := Fetch(context.Background(), fastOptions(srv), []string{"Torbay"}, out); err != nil {
		t.Fatal(err)
	}
	srv.ResetCounts()
	sum, err := Fetch(context.Background(), fastOptions(srv), []string{"Torbay"}, out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Fetched != 0 || sum.Skipped != 85 || srv.Requests() != 1 {
		t.Errorf("summary %+v after %d requests; want all skipped after one list request", sum, srv.Requests())
	}
	checkFile(t, out, smp.want("Torbay"))
}

func TestFetchOptionsChecked(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.jsonl")
	if _, err := Fetch(context.Background(), Options{BaseURL: "http://127.0.0.1:1"}, []string{"Devon"}, out); err == nil {
		t.Error("no error without a key")
	}
	if _, err := Fetch(context.Background(), Options{Key: "k", BaseURL: "ftp://x"}, []string{"Devon"}, out); err == nil {
		t.Error("no error for an ftp base URL")
	}
	if _, err := Fetch(context.Background(), Options{Key: "k", BaseURL: "http://127.0.0.1:1"}, []string{" ", ""}, out); err == nil {
		t.Error("no error without an authority")
	}
}

// A listed location whose record answers 404 is reported and left out:
// the finished file is written, and a rerun does not hang on it.
func TestFetchListedButNotFound(t *testing.T) {
	srv, smp := startServer(t)
	ids := srv.IDs("Torbay")
	gone := ids[3]
	srv.InjectAlways(fetchtest.DetailPath(gone), fetchtest.Fault{Kind: fetchtest.NotFound})
	out := filepath.Join(t.TempDir(), "t.jsonl")
	for run := 1; run <= 2; run++ {
		sum, err := Fetch(context.Background(), fastOptions(srv), []string{"Torbay"}, out)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if len(sum.NotFound) != 1 || sum.NotFound[0].LocationID != gone || sum.Failed != 0 {
			t.Errorf("run %d: %+v", run, sum)
		}
		if srv.RequestsTo(fetchtest.DetailPath(gone)) != run {
			t.Errorf("run %d: the 404 was asked %d times, want once a run", run, srv.RequestsTo(fetchtest.DetailPath(gone)))
		}
	}
	want := smp.want("Torbay")
	lines := bytes.Split(bytes.TrimSuffix(want, []byte("\n")), []byte("\n"))
	var keep [][]byte
	for _, l := range lines {
		if !bytes.Contains(l, []byte(`"locationId":"`+gone+`"`)) {
			keep = append(keep, l)
		}
	}
	checkFile(t, out, append(bytes.Join(keep, []byte("\n")), '\n'))
}
