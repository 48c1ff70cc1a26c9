package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// hexKey is shaped like a CQC subscription key: 32 hex characters.
const hexKey = "9f3ab2c47d1e4f0a8b6c5d2e7f109a3b"

// shown is the longest run of the key's characters that msg shows in any
// form the tests echo it in: upper or lower case, percent-encoded (upper
// or lower hex), split by white space or by a quoted string's \n. It is
// worked out independently of the Redactor: every run of the key is
// written in each form and looked for.
func shown(msg, key string) int {
	flat := strings.NewReplacer(`\n`, "", `\r`, "", `\t`, "").Replace(msg)
	flat = strings.ToLower(strings.Join(strings.Fields(flat), ""))
	pct := func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			fmt.Fprintf(&b, "%%%02x", s[i])
		}
		return b.String()
	}
	key = strings.ToLower(key)
	for n := len(key); n > 0; n-- {
		for i := 0; i+n <= len(key); i++ {
			run := key[i : i+n]
			if strings.Contains(flat, run) || strings.Contains(flat, pct(run)) {
				return n
			}
		}
	}
	return 0
}

// recorder is a transport that answers every request itself and counts
// them: no request leaves the machine.
type recorder struct {
	n    atomic.Int32
	body string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.n.Add(1)
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(r.body)), Request: req}, nil
}

// The key goes over plain http only to this machine: any other host is
// refused with one line before any request; https goes anywhere.
func TestFetchPlainHTTPOnlyToLoopback(t *testing.T) {
	for _, c := range []struct {
		base string
		ok   bool
	}{
		{"http://example.org/public/v1", false},
		{"http://api.service.cqc.org.uk/public/v1", false},
		{"http://127.0.0.1.example.org", false},
		{"http://localhost.example.org:8080", false},
		{"http://10.0.0.1:8080", false},
		{"http://[::ffff:10.0.0.1]:8080", false},
		{"http://2130706433", false}, // 127.0.0.1 as a number: a name, not trusted
		{"http://0x7f000001", false},
		{"https://example.org/public/v1", true},
		{"https://10.0.0.1:8443", true},
		{"http://127.0.0.1:8080", true},
		{"http://127.9.8.7:8080", true},
		{"http://localhost:8080/public/v1", true},
		{"http://LOCALHOST.:8080", true},
		{"http://[::1]:8080", true},
		{"http://[::ffff:127.0.0.1]:8080", true},
	} {
		rec := &recorder{body: `{"page":1,"totalPages":1,"locations":[]}`}
		opt := keyOptions(c.base, &http.Client{Transport: rec})
		_, err := Fetch(context.Background(), opt, []string{"Heath"}, filepath.Join(t.TempDir(), "x.jsonl"))
		if c.ok {
			if err != nil || rec.n.Load() != 1 {
				t.Errorf("%s: %d requests, err %v; want it allowed", c.base, rec.n.Load(), err)
			}
			continue
		}
		if !errors.Is(err, ErrPlainHTTP) || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "use https") {
			t.Errorf("%s: err %v; want one line refusing plain http", c.base, err)
		}
		if n := rec.n.Load(); n != 0 {
			t.Errorf("%s: %d requests made", c.base, n)
		}
	}
	for addr, ok := range map[string]bool{"127.0.0.1:80": true, "[::1]:80": true, "127.3.2.1:9": true,
		"10.1.2.3:80": false, "[2001:db8::1]:80": false, "localhost:80": false, "bad": false} {
		if loopbackAddr(addr) != ok {
			t.Errorf("loopbackAddr(%q) = %v", addr, !ok)
		}
	}
}

// A base of http://localhost is allowed and works with the built-in
// transport, whose dialer checks the address is this machine's.
func TestFetchPlainHTTPLocalhostDials(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"page":1,"totalPages":1,"locations":[]}`)
	}))
	defer srv.Close()
	base := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	sum, err := Fetch(context.Background(), keyOptions(base, nil), []string{"Heath"}, filepath.Join(t.TempDir(), "x.jsonl"))
	if err != nil || len(sum.Empty) != 1 {
		t.Errorf("localhost: %+v, %v", sum, err)
	}
}

// echoForms are the ways a server or a proxy might echo the key back.
func echoForms(key string) map[string]string {
	pct := func(s, hex string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			fmt.Fprintf(&b, "%%"+hex, s[i])
		}
		return b.String()
	}
	return map[string]string{
		"as is":             key,
		"upper case":        strings.ToUpper(key),
		"percent, upper":    pct(key, "%02X"),
		"percent, lower":    pct(key, "%02x"),
		"percent, mixed":    pct(key[:16], "%02X") + strings.ToUpper(key[16:]),
		"split by newline":  key[:11] + "\n" + key[11:23] + "\n" + key[23:],
		"split by CRLF":     key[:16] + "\r\n  " + key[16:],
		"split by spaces":   key[:5] + " " + key[5:13] + " " + key[13:21] + " " + key[21:],
		"one per line":      strings.Join(strings.Split(key, ""), "\n"),
		"upper, split":      strings.ToUpper(key[:20]) + "\n\t" + key[20:],
		"twice overlapping": key[:20] + key[15:],
		"7 then 25":         key[:7] + "\n" + key[7:],
	}
}

// An error body that echoes the key in any of those forms never shows 8
// of its characters together.
func TestFetchRedactsEchoedKeyForms(t *testing.T) {
	for name, echo := range echoForms(hexKey) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, "bad request for key="+echo+" end")
		}))
		opt := keyOptions(srv.URL, nil)
		opt.Key = hexKey
		_, err := Fetch(context.Background(), opt, []string{"Heath"}, filepath.Join(t.TempDir(), "x.jsonl"))
		srv.Close()
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		if n := shown(err.Error(), hexKey); n >= MinKeyFragment {
			t.Errorf("%s: the message shows %d characters of the key: %s", name, n, err)
		}
		if !strings.Contains(err.Error(), "[key]") || !strings.Contains(err.Error(), "end") {
			t.Errorf("%s: %s", name, err)
		}
	}
}

// A location ID of 9 characters followed by the key was cut to 40
// characters before the key was taken out, which left 31 of its 32
// characters in the message; the key is now taken out first.
func TestFetchRedactsBeforeCutting(t *testing.T) {
	for name, echo := range echoForms(hexKey) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"page":1,"totalPages":1,"locations":[{"locationId":%q}]}`, "123456789"+echo)
		}))
		opt := keyOptions(srv.URL, nil)
		opt.Key = hexKey
		_, err := Fetch(context.Background(), opt, []string{"Heath"}, filepath.Join(t.TempDir(), "x.jsonl"))
		srv.Close()
		if err == nil || !strings.Contains(err.Error(), "not a CQC location ID") {
			t.Fatalf("%s: %v", name, err)
		}
		if n := shown(err.Error(), hexKey); n >= MinKeyFragment {
			t.Errorf("%s: the message shows %d characters of the key: %s", name, n, err)
		}
	}
}

// The Redactor on its own: what it leaves, and that it leaves text
// without the key alone.
func TestRedactor(t *testing.T) {
	r := NewRedactor(hexKey)
	for in, want := range map[string]string{
		"no key here, location 1-123456789":     "no key here, location 1-123456789",
		"k=" + hexKey + "&x=1":                  "k=[key]&x=1",
		"k=" + strings.ToUpper(hexKey) + ".":    "k=[key].",
		"a " + hexKey[:16] + "\n" + hexKey[16:]: "a [key]",
		"tail " + hexKey[:8]:                    "tail [key]",
		"tail " + hexKey[:7]:                    "tail " + hexKey[:7],
		"id 123456789" + hexKey[:31]:            "id 123456789[key]",
		"%" + hexKey:                            "%9f[key]", // read as %9f, then 30 characters of the key
		"":                                      "",
	} {
		if got := r.String(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
	if got := (*Redactor)(nil).String("x" + hexKey); got != "x"+hexKey {
		t.Errorf("nil Redactor changed the text: %q", got)
	}
	if NewRedactor("  ") != nil {
		t.Error("an empty key makes a Redactor")
	}
	wrapped := r.Error(fmt.Errorf("HTTP 401: %w: %s", ErrUnauthorized, hexKey))
	if !errors.Is(wrapped, ErrUnauthorized) || strings.Contains(wrapped.Error(), hexKey[:8]) {
		t.Errorf("Error: %v", wrapped)
	}
}

// Whatever surrounds it, no run of MinKeyFragment characters of the key
// survives in any form the skeleton knows (checked here independently of
// it), and text with no run of the key is left as it was.
func FuzzRedact(f *testing.F) {
	for _, e := range echoForms(hexKey) {
		f.Add([]byte("x "+e+" y"), uint64(1))
	}
	f.Add([]byte("1-123456789 plain text"), uint64(7))
	f.Fuzz(func(t *testing.T, text []byte, seed uint64) {
		// A hex key drawn from the seed, and the text with pieces of it.
		rng := rand.New(rand.NewPCG(seed, seed>>7))
		k := make([]byte, 32)
		for i := range k {
			k[i] = "0123456789abcdef"[rng.IntN(16)]
		}
		key := string(k)
		s := string(text)
		if len(s) > 0 {
			at := int(seed % uint64(len(s)+1))
			i, j := int(seed>>8%32), int(seed>>16%33)
			s = s[:at] + key[min(i, j):max(i, j)] + s[at:]
		}
		out := NewRedactor(key).String(s)
		if n := shown(out, key); n >= MinKeyFragment {
			t.Fatalf("shows %d characters of %s: %q -> %q", n, key, s, out)
		}
		if shown(s, key) < MinKeyFragment && !strings.Contains(s, "%") && out != s {
			t.Fatalf("changed text without the key: %q -> %q", s, out)
		}
	})
}
