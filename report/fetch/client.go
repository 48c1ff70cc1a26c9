package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/carereport/carereport/report"
	"golang.org/x/time/rate"
)

// client makes the API requests: one rate limiter and one Retry-After
// pause for all of them, and the retry schedule.
type client struct {
	opt  Options
	base *url.URL
	http *http.Client
	lim  *rate.Limiter

	mu         sync.Mutex
	pauseUntil time.Time // set by a 429's Retry-After; every request waits for it

	turn chan struct{} // held while waiting on lim

	red *Redactor

	progMu sync.Mutex
	prog   Progress // where the run has got to, for opt.Progress
}

func newClient(opt Options) (*client, error) {
	if err := CheckBaseURL(opt.BaseURL); err != nil {
		return nil, fmt.Errorf("base URL %s: %w", opt.BaseURL, err)
	}
	base, err := url.Parse(opt.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("base URL %s: %w", opt.BaseURL, err)
	}
	// The default transport keeps only two idle connections per host;
	// keep one per worker so each request does not dial (and, on the
	// real API, shake hands) afresh.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = max(opt.Jobs, tr.MaxIdleConnsPerHost)
	if base.Scheme == "http" {
		// "localhost" is trusted by name: make sure it is this machine
		// the key goes to in clear, and that no proxy is in between.
		tr.Proxy = nil
		d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second,
			Control: func(network, address string, _ syscall.RawConn) error {
				if !loopbackAddr(address) {
					return fmt.Errorf("%s is not this machine: %w", address, ErrPlainHTTP)
				}
				return nil
			}}
		tr.DialContext = d.DialContext
	}
	hc := &http.Client{Transport: tr}
	if opt.HTTPClient != nil {
		copied := *opt.HTTPClient
		hc = &copied
	}
	// The key header would follow a redirect to any host: allow only
	// redirects that stay on the API's host.
	prev := hc.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		// The key goes with every request: never to another host, and
		// never over a weaker scheme (https to http would send it in clear).
		if req.URL.Host != base.Host {
			return fmt.Errorf("refusing to follow a redirect to another host (%s)", req.URL.Host)
		}
		if req.URL.Scheme != base.Scheme {
			return fmt.Errorf("refusing to follow a redirect from %s to %s", base.Scheme, req.URL.Scheme)
		}
		if prev != nil {
			return prev(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &client{
		opt:  opt,
		base: base,
		http: hc,
		lim:  rate.NewLimiter(rate.Limit(opt.Rate), 1),
		turn: make(chan struct{}, 1),
		red:  NewRedactor(opt.Key),
	}, nil
}

// redact removes the key, in any form the Redactor knows, from an
// error's text, in case a server or a transport ever echoes it.
func (c *client) redact(err error) error {
	if c.red == nil {
		c.red = NewRedactor(c.opt.Key)
	}
	return c.red.Error(err)
}

// report changes the progress under its lock and hands a copy to
// opt.Progress.
func (c *client) report(change func(p *Progress)) {
	c.progMu.Lock()
	defer c.progMu.Unlock()
	change(&c.prog)
	if c.opt.Progress != nil {
		c.opt.Progress(c.prog)
	}
}

// listResponse is the part of a /locations page that is used.
type listResponse struct {
	Page        int    `json:"page"`
	TotalPages  int    `json:"totalPages"`
	NextPageURI string `json:"nextPageUri"`
	Locations   []struct {
		LocationID string `json:"locationId"`
	} `json:"locations"`
}

// maxListed stops a list whose pages never end: no authority has had
// anywhere near this many adult social care locations.
const maxListed = 50_000

// list returns the location IDs of one authority's adult social care
// locations, in the order the API gives them.
func (c *client) list(ctx context.Context, authority string) ([]string, error) {
	filters := url.Values{}
	filters.Set("localAuthority", authority)
	if !c.opt.AllSectors {
		filters.Set("inspectionDirectorate", Directorate)
	}
	filters.Set("perPage", strconv.Itoa(c.opt.PerPage))
	first := url.Values{}
	for k, v := range filters {
		first[k] = v
	}
	first.Set("page", "1")
	u := c.base.JoinPath("locations")
	u.RawQuery = encodeQuery(first)

	var ids []string
	seen := map[string]bool{}
	visited := map[string]bool{}
	maxPages := maxListed/max(c.opt.PerPage, 1) + 2
	for pages := 1; ; pages++ {
		if pages > maxPages {
			return nil, permanent{fmt.Errorf("the list goes on past %d pages of %d (more than %d locations); stopped", maxPages, c.opt.PerPage, maxListed)}
		}
		visited[u.String()] = true
		var page listResponse
		_, err := c.get(ctx, u.String(), func(body []byte) error {
			page = listResponse{}
			return json.Unmarshal(body, &page)
		})
		if err != nil {
			return nil, err
		}
		for _, l := range page.Locations {
			if l.LocationID == "" || seen[l.LocationID] {
				continue
			}
			if !ValidLocationID(l.LocationID) {
				// It would become a request path carrying the key.
				return nil, permanent{fmt.Errorf("the list gives %q, which is not a CQC location ID", truncate(c.red.String(l.LocationID), 40))}
			}
			seen[l.LocationID] = true
			ids = append(ids, l.LocationID)
		}
		cur := page.Page
		if cur <= 0 {
			cur = pages
		}
		if len(page.Locations) == 0 || (page.TotalPages > 0 && cur >= page.TotalPages) {
			return ids, nil
		}
		var next *url.URL
		switch {
		case page.NextPageURI != "":
			next, err = c.resolveNext(page.NextPageURI, filters)
			if err != nil {
				return nil, err
			}
		case page.TotalPages > cur:
			// No link, but more pages: ask for the next one ourselves.
			q := u.Query()
			q.Set("page", strconv.Itoa(cur+1))
			next = c.base.JoinPath("locations")
			next.RawQuery = encodeQuery(q)
		default:
			return ids, nil
		}
		if visited[next.String()] {
			return ids, nil
		}
		u = next
	}
}

// resolveNext turns a nextPageUri into a URL on the API's host. The API
// has been seen to give it relative to the host ("/public/v1/locations?...")
// and relative to the base ("locations?..."); an absolute URL must be on
// the same host, since the key goes with it. Filters missing from it are
// put back, so a page never widens to all of England.
func (c *client) resolveNext(raw string, filters url.Values) (*url.URL, error) {
	ref, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("nextPageUri %q: %v", raw, err)
	}
	var next *url.URL
	switch {
	case ref.IsAbs() || ref.Host != "":
		next = c.base.ResolveReference(ref)
		if next.Host != c.base.Host || next.Scheme != c.base.Scheme {
			return nil, fmt.Errorf("nextPageUri %q points away from %s", raw, c.base.Host)
		}
	case strings.HasPrefix(ref.Path, "/"):
		next = c.base.ResolveReference(ref)
		// "/locations?..." would drop the base path: put it back.
		basePath := strings.TrimRight(c.base.Path, "/")
		if basePath != "" && next.Path != basePath && !strings.HasPrefix(next.Path, basePath+"/") {
			next.Path = basePath + next.Path
			next.RawPath = ""
		}
	default:
		b := *c.base
		b.Path = strings.TrimRight(b.Path, "/") + "/"
		b.RawPath = ""
		next = b.ResolveReference(ref)
	}
	q := next.Query()
	for k, v := range filters {
		if _, ok := q[k]; !ok {
			q[k] = v
		}
	}
	next.RawQuery = encodeQuery(q)
	return next, nil
}

// encodeQuery is url.Values.Encode with spaces as %20 rather than '+'
// (a literal '+' is already %2B).
func encodeQuery(v url.Values) string {
	return strings.ReplaceAll(v.Encode(), "+", "%20")
}

// detail returns one location's record, compacted.
func (c *client) detail(ctx context.Context, id string) ([]byte, error) {
	return c.record(ctx, "locations", "locationId", id)
}

// provider fetches one provider record (GET /providers/{id}): an NHS
// trust's own ratings, and the provider's name. The loader tells a
// provider record by its organisationType, which is added when the API
// leaves it out.
func (c *client) provider(ctx context.Context, id string) ([]byte, error) {
	rec, err := c.record(ctx, "providers", "providerId", id)
	if err == nil && !bytes.Contains(rec, []byte(`"organisationType"`)) {
		rec = append([]byte(`{"organisationType":"Provider",`), rec[1:]...)
	}
	return rec, err
}

// record fetches {base}/{kind}/{id} and checks that the record's own ID
// field (locationId, providerId) is id; a location record is never taken
// for a provider's.
func (c *client) record(ctx context.Context, kind, idField, id string) ([]byte, error) {
	u := c.base.JoinPath(kind, id)
	var rec []byte
	_, err := c.get(ctx, u.String(), func(body []byte) error {
		var buf bytes.Buffer
		if err := json.Compact(&buf, body); err != nil {
			return err
		}
		var head map[string]json.RawMessage
		if err := json.Unmarshal(buf.Bytes(), &head); err != nil {
			return err
		}
		raw, ok := head[idField]
		var got string
		if !ok || json.Unmarshal(raw, &got) != nil {
			return permanent{fmt.Errorf("the record has no %s", idField)}
		}
		if _, loc := head["locationId"]; kind == "providers" && loc {
			return permanent{fmt.Errorf("not a provider record")}
		}
		if got != id {
			return permanent{fmt.Errorf("asked for %s, got the record of %s", id, got)}
		}
		rec = buf.Bytes()
		return nil
	})
	return rec, err
}

// permanent marks an error that retrying will not cure.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// retryable is an attempt's failure that may succeed if tried again,
// after at least wait (zero: the usual backoff).
type retryable struct {
	err  error
	wait time.Duration
}

func (r retryable) Error() string { return r.err.Error() }
func (r retryable) Unwrap() error { return r.err }

// get fetches url, retrying on the schedule, and hands the body to parse;
// a parse error other than permanent counts as a truncated body and is
// retried. It returns the number of attempts made.
func (c *client) get(ctx context.Context, u string, parse func([]byte) error) (int, error) {
	var last error
	for attempt := 1; attempt <= c.opt.MaxAttempts; attempt++ {
		if attempt > 1 {
			wait := c.backoff(attempt - 1)
			var r retryable
			if errors.As(last, &r) && r.wait > 0 {
				wait = r.wait
			}
			c.report(func(p *Progress) { p.Retries++ })
			if err := sleep(ctx, wait); err != nil {
				return attempt - 1, err
			}
		}
		body, err := c.attempt(ctx, u)
		if err == nil {
			perr := parse(body)
			if perr == nil {
				return attempt, nil
			}
			var p permanent
			if errors.As(perr, &p) {
				return attempt, p
			}
			err = retryable{err: fmt.Errorf("response is not whole JSON (%v)", perr)}
		}
		if ctx.Err() != nil {
			return attempt, context.Cause(ctx)
		}
		var r retryable
		if !errors.As(err, &r) {
			return attempt, err
		}
		last = err
	}
	return c.opt.MaxAttempts, fmt.Errorf("gave up after %d attempts: %w", c.opt.MaxAttempts, last)
}

// backoff is the wait after the n-th failed attempt: base, 2*base,
// 4*base, ... up to BackoffMax.
func (c *client) backoff(n int) time.Duration {
	d := c.opt.BackoffBase
	for i := 1; i < n; i++ {
		d *= 2
		if d >= c.opt.BackoffMax || d <= 0 {
			return c.opt.BackoffMax
		}
	}
	return min(d, c.opt.BackoffMax)
}

// attempt makes one request. Its errors are retryable, permanent, or
// wrap ErrUnauthorized.
func (c *client) attempt(ctx context.Context, u string) ([]byte, error) {
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	actx, cancel := context.WithTimeout(ctx, c.opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u, nil)
	if err != nil {
		return nil, permanent{err}
	}
	req.Header.Set(KeyHeader, c.opt.Key)
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
		return nil, retryable{err: describeNetErr(err, actx, c.opt.Timeout)}
	}
	defer resp.Body.Close()
	// A location record is a few kB and a list page of 1,000 a few
	// hundred: a body beyond maxBody is a fault, not data to hold. One
	// that says it is larger is refused before any of it is read; an
	// error response is read only as far as its snippet.
	tooBig := permanent{fmt.Errorf("the response is larger than %d MB; refusing it", maxBody>>20)}
	limit := int64(maxBody)
	if resp.StatusCode != http.StatusOK {
		limit = snippetBytes
	} else if resp.ContentLength > maxBody {
		return nil, tooBig
	}
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if rerr == nil && int64(len(body)) > limit {
		if resp.StatusCode == http.StatusOK {
			return nil, tooBig
		}
		body = body[:limit]
	}

	switch code := resp.StatusCode; {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return nil, fmt.Errorf("HTTP %d: %w: check CQC_SUBSCRIPTION_KEY", code, ErrUnauthorized)
	case code == http.StatusTooManyRequests:
		wait, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now())
		if ok {
			wait = min(wait, c.opt.MaxRetryAfter)
			c.pause(wait)
		}
		c.report(func(p *Progress) {
			p.RateLimited++
			if until := time.Now().Add(wait); ok && until.After(p.PausedUntil) {
				p.PausedUntil = until
			}
		})
		return nil, retryable{err: errors.New("HTTP 429 Too Many Requests"), wait: wait}
	case code >= 500:
		return nil, retryable{err: fmt.Errorf("HTTP %d %s", code, http.StatusText(code))}
	case code == http.StatusNotFound:
		return nil, permanent{fmt.Errorf("HTTP 404: %w", ErrNotFound)}
	case code != http.StatusOK:
		return nil, permanent{fmt.Errorf("HTTP %d %s%s", code, http.StatusText(code), c.snippet(body))}
	}
	if rerr != nil {
		if ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
		return nil, retryable{err: fmt.Errorf("reading the response: %v", describeNetErr(rerr, actx, c.opt.Timeout))}
	}
	return body, nil
}

func describeNetErr(err error, actx context.Context, timeout time.Duration) error {
	if errors.Is(actx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("no complete response within %v", timeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// maxBody is the largest response body read: the loader's limit on one
// record line (load reads no API record longer than 16 MB), so that
// fetch never writes a record that generate would refuse.
const maxBody = 16 << 20

// snippetBytes is how much of an error response is read for its snippet.
const snippetBytes = 4096

// snippet quotes the start of an error body, on one line, with the key
// taken out first: cut before redacting, the cut could leave part of the
// key in the message.
func (c *client) snippet(body []byte) string {
	if len(body) > snippetBytes {
		body = body[:snippetBytes]
	}
	s := c.red.String(strings.ToValidUTF8(string(body), "?"))
	s = strings.Join(strings.Fields(s), " ")
	if c.opt.Key != "" {
		// A key cut at the 4 kB boundary still must not show in part,
		// even a prefix shorter than the Redactor's fragment.
		low := lowerASCII(s)
		key := lowerASCII(c.opt.Key)
		for n := min(len(key)-1, MinKeyFragment); n >= 4; n-- {
			if strings.HasSuffix(low, key[:n]) {
				s = s[:len(s)-n] + "[key]"
				break
			}
		}
	}
	if s == "" {
		return ""
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "..."
	}
	return ": " + strconv.Quote(s)
}

// wait blocks until any Retry-After pause is over and the limiter lets a
// request go.
func (c *client) wait(ctx context.Context) error {
	for {
		c.mu.Lock()
		d := time.Until(c.pauseUntil)
		c.mu.Unlock()
		if d <= 0 {
			break
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
	// One waiter at a time: rate.Limiter books future slots for every
	// caller, so if the process stalls, all the booked callers wake
	// together and their requests go out in a bunch. Queueing here
	// leaves at most one booking outstanding.
	select {
	case c.turn <- struct{}{}:
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	err := c.lim.Wait(ctx)
	<-c.turn
	if err != nil {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		return err
	}
	return nil
}

// pause holds every request back for d.
func (c *client) pause(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t := time.Now().Add(d); t.After(c.pauseUntil) {
		c.pauseUntil = t
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// retryAfter reads a Retry-After header: whole seconds or an HTTP-date.
func retryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(h, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// ValidLocationID reports whether id looks like a CQC location ID: "1-"
// then digits (e.g. 1-104456550).
func ValidLocationID(id string) bool {
	return len(id) <= 20 && report.IsCQCID(id)
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "..."
	}
	return s
}
