package fetch

import (
	"errors"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// MinKeyFragment is the shortest run of the key's characters that a
// Redactor takes out of a text. A 32-character key can thus show at most
// 7 characters together anywhere, and ordinary text (a location ID, a
// word) is unlikely to hold 8 characters of a random key in order.
const MinKeyFragment = 8

// A Redactor takes a secret out of text in the forms a server or a
// transport could echo it in: whole or in part, upper or lower case,
// percent-encoded (either case of hex), and split by white space or line
// breaks (also as the \n, \r, \t a quoted string prints).
//
// It works on a skeleton of the text: white space and escaped white space
// are dropped, %XX is decoded, and ASCII letters are lower-cased, each
// skeleton character remembering the bytes of the text it came from. Any
// run of at least MinKeyFragment skeleton characters that occurs in the
// key (lower-cased) is marked, and each marked stretch of the text (with
// the white space inside it) is replaced by "[key]". The marking looks at
// every start position, not only after the last match, so two echoes that
// overlap cannot leave a tail of 8 or more characters behind.
type Redactor struct {
	key string // lower-cased
	min int
}

// NewRedactor returns a Redactor for key; a nil or empty one changes
// nothing.
func NewRedactor(key string) *Redactor {
	key = lowerASCII(strings.Join(strings.Fields(key), ""))
	if key == "" {
		return nil
	}
	return &Redactor{key: key, min: min(MinKeyFragment, len(key))}
}

// String returns s with every fragment of the key replaced by "[key]".
func (r *Redactor) String(s string) string {
	if r == nil || len(s) < r.min {
		return s
	}
	sk, from, to := skeleton(s)
	if len(sk) < r.min {
		return s
	}
	// mark[i] is the end (exclusive, in sk) of the stretch marked from i.
	var spans [][2]int // in s: start, end
	end := -1          // the end in sk of the stretch being grown
	start := 0
	for i := 0; i+r.min <= len(sk); i++ {
		if !strings.Contains(r.key, sk[i:i+r.min]) {
			continue
		}
		n := r.longest(sk[i:])
		if i > end { // a new stretch
			if end >= 0 {
				spans = append(spans, [2]int{from[start], to[end-1]})
			}
			start = i
		}
		end = max(end, i+n)
	}
	if end < 0 {
		return s
	}
	spans = append(spans, [2]int{from[start], to[end-1]})
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp[0] < last { // overlapping stretches: merge
			sp[0] = last
		}
		b.WriteString(s[last:sp[0]])
		b.WriteString("[key]")
		last = sp[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// longest is the length of the longest prefix of t that occurs in the key.
func (r *Redactor) longest(t string) int {
	best := 0
	for j := 0; j < len(r.key); j++ {
		n := 0
		for n < len(t) && j+n < len(r.key) && t[n] == r.key[j+n] {
			n++
		}
		best = max(best, n)
	}
	return best
}

// Error returns err with its message redacted; it still unwraps to err,
// so errors.Is keeps working. nil stays nil.
func (r *Redactor) Error(err error) error {
	if err == nil || r == nil {
		return err
	}
	msg := err.Error()
	if red := r.String(msg); red != msg {
		return redactedError{msg: red, err: err}
	}
	return err
}

// redactedError shows a cleaned message but still unwraps to the
// original, so errors.Is keeps working.
type redactedError struct {
	msg string
	err error
}

func (r redactedError) Error() string { return r.msg }
func (r redactedError) Unwrap() error { return r.err }

// skeleton drops white space (and \n, \r, \t written out), then
// decodes %XX (dropping what decodes to white space) and lower-cases
// ASCII; from[i] and to[i] are the bytes of s that skeleton character i
// came from. White space is dropped first, so "%4\n1" decodes too.
func skeleton(s string) (sk string, from, to []int) {
	// Pass 1: the bytes that are not white space, with their offsets.
	kept := make([]byte, 0, len(s))
	at := make([]int, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) && (s[i+1] == 'n' || s[i+1] == 'r' || s[i+1] == 't') {
			i++
			continue
		}
		if isSpace(c) {
			continue
		}
		kept = append(kept, c)
		at = append(at, i)
	}
	// Pass 2: decode and fold.
	b := make([]byte, 0, len(kept))
	from = make([]int, 0, len(kept))
	to = make([]int, 0, len(kept))
	for i := 0; i < len(kept); {
		c, n := kept[i], 1
		if c == '%' && i+2 < len(kept) && isHex(kept[i+1]) && isHex(kept[i+2]) {
			c, n = unhex(kept[i+1])<<4|unhex(kept[i+2]), 3
		}
		if !isSpace(c) {
			b = append(b, lowerByte(c))
			from = append(from, at[i])
			to = append(to, at[i+n-1]+1)
		}
		i += n
	}
	return string(b), from, to
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i := range b {
		b[i] = lowerByte(b[i])
	}
	return string(b)
}

// ErrPlainHTTP is wrapped by the error for a base URL that would send the
// key in clear to another machine.
var ErrPlainHTTP = errors.New("the key is sent over plain http only to this machine")

// CheckBaseURL says whether the key may be sent to base: over https to
// any host, over plain http only to a loopback host (localhost,
// 127.0.0.0/8, ::1), for a fake server on this machine.
func CheckBaseURL(base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return errors.New("want http(s)://host/path")
	}
	if u.Scheme == "http" && !loopbackHost(u.Hostname()) {
		return errPlainHTTP{host: u.Hostname()}
	}
	return nil
}

type errPlainHTTP struct{ host string }

func (e errPlainHTTP) Error() string {
	return "http to " + e.host + " would send the key in clear: use https (plain http is allowed only to localhost, 127.0.0.0/8 or ::1)"
}
func (e errPlainHTTP) Unwrap() error { return ErrPlainHTTP }

// loopbackHost: "localhost", or a literal address in 127.0.0.0/8 or ::1
// (an IPv4-mapped one too). A name is not looked up: only "localhost"
// is trusted, and the dialer checks the address it gets for it.
func loopbackHost(h string) bool {
	if strings.EqualFold(strings.TrimSuffix(h, "."), "localhost") {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.Unmap().IsLoopback()
}

// loopbackAddr checks an address the dialer is about to connect to
// ("ip:port").
func loopbackAddr(address string) bool {
	h, _, err := net.SplitHostPort(address)
	if err != nil {
		return false
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.Unmap().IsLoopback()
}
