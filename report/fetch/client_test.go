package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2021, 2, 19, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{" 7 ", 7 * time.Second, true},
		{"-3", 0, false},
		{"soon", 0, false},
		{"Fri, 19 Feb 2021 10:00:30 GMT", 30 * time.Second, true},
		{"Fri, 19 Feb 2021 09:59:00 GMT", 0, true}, // already past
		{"999999999", 24 * time.Hour, true},
	} {
		got, ok := retryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoffSchedule(t *testing.T) {
	c := &client{opt: Options{BackoffBase: 10 * time.Millisecond, BackoffMax: 50 * time.Millisecond}}
	want := []time.Duration{10, 20, 40, 50, 50, 50}
	for i, w := range want {
		if got := c.backoff(i + 1); got != w*time.Millisecond {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w*time.Millisecond)
		}
	}
	c.opt.BackoffMax = time.Hour
	if got := c.backoff(100); got != time.Hour {
		t.Errorf("backoff(100) = %v, want the cap, not an overflow", got)
	}
}

func TestResolveNext(t *testing.T) {
	c, err := newClient(Options{BaseURL: "https://api.example.org/public/v1", Key: "k"}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	filters := url.Values{"localAuthority": {"Devon"}, "inspectionDirectorate": {"Adult social care"}, "perPage": {"1000"}}
	const full = "inspectionDirectorate=Adult%20social%20care&localAuthority=Devon&page=2&perPage=1000"
	for _, tc := range []struct{ in, want string }{
		{"/public/v1/locations?page=2&perPage=1000&localAuthority=Devon&inspectionDirectorate=Adult%20social%20care",
			"https://api.example.org/public/v1/locations?" + full},
		{"locations?page=2&perPage=1000&localAuthority=Devon&inspectionDirectorate=Adult+social+care",
			"https://api.example.org/public/v1/locations?" + full},
		{"/locations?page=2&perPage=1000&localAuthority=Devon",
			"https://api.example.org/public/v1/locations?" + full},
		{"https://api.example.org/public/v1/locations?page=2",
			"https://api.example.org/public/v1/locations?" + full},
		// A filter the server sent is kept over ours.
		{"locations?page=2&localAuthority=Torbay",
			"https://api.example.org/public/v1/locations?inspectionDirectorate=Adult%20social%20care&localAuthority=Torbay&page=2&perPage=1000"},
	} {
		got, err := c.resolveNext(tc.in, filters)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if got.String() != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
	for _, bad := range []string{
		"https://evil.example.com/public/v1/locations?page=2",
		"//evil.example.com/locations?page=2",
		"http://api.example.org/public/v1/locations?page=2", // downgraded scheme
	} {
		if _, err := c.resolveNext(bad, filters); err == nil {
			t.Errorf("%q: followed a link away from the API", bad)
		}
	}
}

// The key must not follow a redirect to another host.
func TestKeyNotSentToAnotherHost(t *testing.T) {
	var leaked atomic.Bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(KeyHeader) != "" {
			leaked.Store(true)
		}
		w.Write([]byte(`{"locationId":"1-1"}`))
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// 127.0.0.1 and localhost are different hosts to the client.
		u := strings.Replace(other.URL, "127.0.0.1", "localhost", 1) + r.URL.Path
		http.Redirect(w, r, u, http.StatusFound)
	}))
	defer api.Close()

	c, err := newClient(Options{BaseURL: api.URL, Key: "secret-k", MaxAttempts: 1}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.detail(context.Background(), "1-1")
	if err == nil {
		t.Error("followed a redirect to another host")
	}
	if leaked.Load() {
		t.Error("the key was sent to another host")
	}
}

func TestRedactKeepsErrorIdentity(t *testing.T) {
	c := &client{opt: Options{Key: "s3cret"}}
	err := c.redact(errors.Join(ErrUnauthorized, errors.New("server said s3cret")))
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("key left in %q", err)
	}
	if !errors.Is(err, ErrUnauthorized) {
		t.Error("redacting lost the wrapped error")
	}
}

func TestPermanentErrorsNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		switch r.URL.Path {
		case "/locations/1-404":
			http.Error(w, `{"message":"Location not found"}`, http.StatusNotFound)
		default:
			w.Write([]byte(`{"locationId":"1-other"}`))
		}
	}))
	defer srv.Close()
	c, err := newClient(Options{BaseURL: srv.URL, Key: "k", BackoffBase: time.Millisecond}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"1-404", "1-mismatch"} {
		n.Store(0)
		if _, err := c.detail(context.Background(), id); err == nil {
			t.Errorf("%s: no error", id)
		} else {
			t.Logf("%s: %v", id, err)
		}
		if got := n.Load(); got != 1 {
			t.Errorf("%s: %d attempts, want 1", id, got)
		}
	}
}
