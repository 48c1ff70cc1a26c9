package fetch

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func keyOptions(base string, hc *http.Client) Options {
	return Options{BaseURL: base, Key: testKey + "-0123456789abcdef0123456789", Rate: 100000, Jobs: 1,
		Timeout: 2 * time.Second, MaxAttempts: 1, BackoffBase: time.Millisecond, HTTPClient: hc}
}

// An https base redirected to http on the same host is not followed: the
// key would travel in clear.
func TestFetchRefusesRedirectToHTTP(t *testing.T) {
	var plainHits atomic.Int32
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainHits.Add(1)
		fmt.Fprint(w, `{"locations":[]}`)
	}))
	defer plain.Close()
	tls := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Same host name and port scheme swap: the client must not go.
		http.Redirect(w, r, "http://"+r.Host+r.URL.RequestURI(), http.StatusFound)
	}))
	defer tls.Close()
	out := filepath.Join(t.TempDir(), "x.jsonl")
	_, err := Fetch(context.Background(), keyOptions(tls.URL+"/public/v1", tls.Client()), []string{"Heath"}, out)
	if err == nil || !strings.Contains(err.Error(), "refusing to follow a redirect from https to http") {
		t.Errorf("err = %v", err)
	}
	if plainHits.Load() != 0 {
		t.Error("the http server was asked")
	}
}

// An error body that echoes the key never shows any of it, however the
// message is cut.
func TestFetchErrorBodyNeverShowsTheKey(t *testing.T) {
	key := testKey + "-0123456789abcdef0123456789"
	for _, pad := range []int{0, 150, 169, 190, 4080} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, strings.Repeat("x", pad)+" key="+key+" end")
		}))
		out := filepath.Join(t.TempDir(), "x.jsonl")
		_, err := Fetch(context.Background(), keyOptions(srv.URL, nil), []string{"Heath"}, out)
		srv.Close()
		if err == nil {
			t.Fatalf("pad %d: no error", pad)
		}
		msg := err.Error()
		for n := 6; n <= len(key); n++ {
			if strings.Contains(msg, key[:n]) {
				t.Errorf("pad %d: the message shows %d characters of the key: %s", pad, n, msg)
				break
			}
		}
	}
}

// A list that names something other than a location ID (a path such as
// ../../sink) stops the run before any request carries the key there.
func TestFetchRefusesBadLocationIDs(t *testing.T) {
	var sinkHits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "sink") {
			sinkHits.Add(1)
		}
		fmt.Fprint(w, `{"page":1,"totalPages":1,"locations":[{"locationId":"1-123"},{"locationId":"../../sink"}]}`)
	}))
	defer srv.Close()
	out := filepath.Join(t.TempDir(), "x.jsonl")
	_, err := Fetch(context.Background(), keyOptions(srv.URL, nil), []string{"Heath"}, out)
	if err == nil || !strings.Contains(err.Error(), `"../../sink", which is not a CQC location ID`) {
		t.Errorf("err = %v", err)
	}
	if sinkHits.Load() != 0 {
		t.Error("a request went to the sink")
	}
	for id, ok := range map[string]bool{"1-104456550": true, "1-1": true, "1-": false, "2-123": false, "1-12a": false, "1-1/../x": false} {
		if ValidLocationID(id) != ok {
			t.Errorf("ValidLocationID(%q) = %v", id, !ok)
		}
	}
}

// A list that never ends is stopped, and a body that is too large is
// refused rather than read into memory.
func TestFetchBounds(t *testing.T) {
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		fmt.Fprintf(w, `{"page":%d,"totalPages":0,"nextPageUri":"locations?page=%d","locations":[{"locationId":"1-%d"}]}`, n, n+1, n)
	}))
	defer srv.Close()
	opt := keyOptions(srv.URL, nil)
	opt.PerPage = 1000
	_, err := Fetch(context.Background(), opt, []string{"Heath"}, filepath.Join(t.TempDir(), "x.jsonl"))
	if err == nil || !strings.Contains(err.Error(), "the list goes on past 52 pages") || n > 60 {
		t.Errorf("endless list: %d pages, err %v", n, err)
	}
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"locations":[`))
		chunk := []byte(strings.Repeat(" ", 1<<20))
		for i := 0; i < 40; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer big.Close()
	_, err = Fetch(context.Background(), keyOptions(big.URL, nil), []string{"Heath"}, filepath.Join(t.TempDir(), "y.jsonl"))
	if err == nil || !strings.Contains(err.Error(), "larger than 16 MB") {
		t.Errorf("large body: %v", err)
	}
}

// A record body the loader would refuse (over 16 MB, its limit on one
// record line) is refused by fetch too, not written; one that declares
// gigabytes is refused at once, before any of it is read.
func TestFetchBodyLimitMatchesTheLoader(t *testing.T) {
	list := `{"page":1,"totalPages":1,"locations":[{"locationId":"1-1"}]}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/1-1") {
			fmt.Fprint(w, list)
			return
		}
		fmt.Fprint(w, `{"locationId":"1-1","name":"`+strings.Repeat("x", 20<<20)+`"}`)
	}))
	defer srv.Close()
	out := filepath.Join(t.TempDir(), "x.jsonl")
	sum, err := Fetch(context.Background(), keyOptions(srv.URL, nil), []string{"Heath"}, out)
	if err == nil || sum.Fetched != 0 || len(sum.Failures) != 1 || !strings.Contains(sum.Failures[0].String(), "larger than 16 MB") {
		t.Errorf("20 MB record: fetched %d, failures %v, err %v", sum.Fetched, sum.Failures, err)
	}

	release := make(chan struct{})
	declared := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/1-1") {
			fmt.Fprint(w, list)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(3<<30))
		w.Write([]byte(`{"locationId":"1-1","name":"`))
		w.(http.Flusher).Flush()
		select { // the rest never comes
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer declared.Close()
	defer close(release)
	opt := keyOptions(declared.URL, nil)
	opt.Timeout = 10 * time.Second
	start := time.Now()
	sum, _ = Fetch(context.Background(), opt, []string{"Heath"}, filepath.Join(t.TempDir(), "y.jsonl"))
	if len(sum.Failures) != 1 || !strings.Contains(sum.Failures[0].String(), "larger than 16 MB") {
		t.Errorf("3 GB declared: failures %v", sum.Failures)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("3 GB declared: took %v (it waited for the body)", d)
	}
}
