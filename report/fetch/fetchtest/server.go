// Package fetchtest runs a fake CQC public API for tests: it serves the
// records of a JSONL file (one API location record a line) as the
// paginated /locations list and as /locations/{id} detail records, checks
// the subscription key, and can be told to misbehave in the ways the real
// service does (429 with Retry-After, 5xx, slow or cut-off responses).
//
// It also notes when each request arrived, so a test can check a client's
// request rate.
package fetchtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// BasePath is the path the fake API lives under, as on the real service.
const BasePath = "/public/v1"

// KeyHeader is the header that carries the subscription key.
const KeyHeader = "Ocp-Apim-Subscription-Key"

// ListPath is the key Inject takes for the list endpoint (any page).
const ListPath = "list"

// FaultKind is a way for one response to go wrong.
type FaultKind int

const (
	// TooManyRequests answers 429 with the fault's RetryAfter header.
	TooManyRequests FaultKind = iota + 1
	// ServerError answers 500.
	ServerError
	// BadGateway answers 502 with an HTML body, as a proxy would.
	BadGateway
	// Slow waits for the fault's Delay (or until the client gives up)
	// before answering normally.
	Slow
	// Truncated answers 200 with only the first half of the body; the
	// response itself is well-formed, so the client sees JSON that does
	// not parse.
	Truncated
	// Cut declares the full Content-Length, sends half the body and
	// closes the connection.
	Cut
	// Unauthorized answers 401 as if the key were wrong.
	Unauthorized
	// NotFound answers 404.
	NotFound
)

// Fault is one injected misbehaviour.
type Fault struct {
	Kind FaultKind
	// RetryAfter is the Retry-After header for TooManyRequests: seconds
	// or an HTTP-date. Empty sends no header.
	RetryAfter string
	// Delay is how long Slow waits.
	Delay time.Duration
}

// NextPageStyle is how the list's nextPageUri is written.
type NextPageStyle int

const (
	// HostRelative writes "/public/v1/locations?page=2&...".
	HostRelative NextPageStyle = iota
	// BaseRelative writes "locations?page=2&...".
	BaseRelative
	// Absolute writes "http://127.0.0.1:port/public/v1/locations?page=2&...".
	Absolute
	// NoNextPage leaves nextPageUri out; clients must use totalPages.
	NoNextPage
)

// Server is a running fake CQC API.
type Server struct {
	// URL is the base URL to give a client: the server's address plus
	// BasePath.
	URL string
	// Key is the only subscription key accepted.
	Key string

	srv *httptest.Server

	ids     []string          // every record, in file order
	records map[string][]byte // id -> record as in the file (compacted)
	// providers are /providers/{id} records (SetProvider).
	providers map[string][]byte
	fields    map[string]map[string]string

	mu sync.Mutex
	// settings, guarded by mu
	style      NextPageStyle
	maxPerPage int
	faults     map[string][]Fault // path (or ListPath) -> faults still to apply, in order
	always     map[string]Fault   // path -> fault applied to every request
	hook       func(*http.Request)
	// observations, guarded by mu
	times   []time.Time
	perPath map[string]int
}

// New starts a fake API serving the records in the JSONL file at path,
// accepting only key. The caller must Close it.
func New(path, key string) (*Server, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return NewFromReader(f, key)
}

// NewFromReader is New for records read from r.
func NewFromReader(r io.Reader, key string) (*Server, error) {
	s := &Server{
		Key:        key,
		records:    map[string][]byte{},
		fields:     map[string]map[string]string{},
		maxPerPage: 1000,
		faults:     map[string][]Fault{},
		always:     map[string]Fault{},
		perPath:    map[string]int{},
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<26)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(raw, &top); err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		var id string
		if err := json.Unmarshal(top["locationId"], &id); err != nil || id == "" {
			return nil, fmt.Errorf("line %d: no locationId", line)
		}
		if _, dup := s.records[id]; dup {
			return nil, fmt.Errorf("line %d: locationId %s seen twice", line, id)
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		// Top-level string fields, for list filters.
		fs := map[string]string{}
		for k, v := range top {
			var str string
			if json.Unmarshal(v, &str) == nil {
				fs[k] = str
			}
		}
		s.ids = append(s.ids, id)
		s.records[id] = buf.Bytes()
		s.fields[id] = fs
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + BasePath
	return s, nil
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// SetNextPageStyle chooses how nextPageUri is written.
func (s *Server) SetNextPageStyle(st NextPageStyle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.style = st
}

// SetMaxPerPage caps the page size, whatever the client asks for.
func (s *Server) SetMaxPerPage(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxPerPage = n
}

// Inject queues faults for the next requests to path: the first request
// gets the first fault, and so on; after them the path answers normally.
// path is "/locations/ID" (without BasePath) or ListPath.
func (s *Server) Inject(path string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[path] = append(s.faults[path], faults...)
}

// InjectAlways makes every request to path fail with f, until Clear.
func (s *Server) InjectAlways(path string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.always[path] = f
}

// Clear removes every injected fault.
func (s *Server) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = map[string][]Fault{}
	s.always = map[string]Fault{}
}

// OnRequest sets a function called at the start of every request, before
// any answer is written (for example to cancel a client part-way).
func (s *Server) OnRequest(f func(*http.Request)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = f
}

// SetProvider serves rec as the /providers/{id} record of id.
func (s *Server) SetProvider(id string, rec []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.providers == nil {
		s.providers = map[string][]byte{}
	}
	s.providers[id] = rec
}

// ProviderPath is a provider record's path (without BasePath).
func ProviderPath(id string) string { return "/providers/" + id }

// DetailPath is the path Inject takes for one location's record.
func DetailPath(id string) string { return "/locations/" + id }

// IDs returns the location IDs of the records whose localAuthority is one
// of authorities (all records if none are given), in file order.
func (s *Server) IDs(authorities ...string) []string {
	var out []string
	for _, id := range s.ids {
		if len(authorities) == 0 || containsFold(authorities, s.fields[id]["localAuthority"]) {
			out = append(out, id)
		}
	}
	return out
}

// Requests returns how many requests arrived, of every kind.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.times)
}

// RequestsTo returns how many requests arrived for path (as for Inject).
func (s *Server) RequestsTo(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.perPath[path]
}

// PerSecond returns how many requests arrived in each whole second of
// the clock (Unix seconds).
func (s *Server) PerSecond() map[int64]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[int64]int{}
	for _, t := range s.times {
		m[t.Unix()]++
	}
	return m
}

// MaxInWindow returns the largest number of requests that arrived within
// any interval of length d (a sliding window, stricter than PerSecond).
func (s *Server) MaxInWindow(d time.Duration) int {
	s.mu.Lock()
	ts := append([]time.Time(nil), s.times...)
	s.mu.Unlock()
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	best, lo := 0, 0
	for hi := range ts {
		for ts[hi].Sub(ts[lo]) >= d {
			lo++
		}
		best = max(best, hi-lo+1)
	}
	return best
}

// ResetCounts forgets the requests seen so far.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.times = nil
	s.perPath = map[string]int{}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, BasePath)
	key := path
	if path == "/locations" {
		key = ListPath
	}

	s.mu.Lock()
	s.times = append(s.times, time.Now())
	s.perPath[key]++
	hook := s.hook
	var fault *Fault
	if f, ok := s.always[key]; ok {
		fault = &f
	} else if q := s.faults[key]; len(q) > 0 {
		f := q[0]
		s.faults[key] = q[1:]
		fault = &f
	}
	s.mu.Unlock()

	if hook != nil {
		hook(r)
	}
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if got := r.Header.Get(KeyHeader); got != s.Key {
		unauthorized(w)
		return
	}
	if !strings.HasPrefix(r.URL.Path, BasePath+"/") {
		jsonError(w, http.StatusNotFound, "Resource not found")
		return
	}

	var body []byte
	switch {
	case path == "/locations":
		b, status := s.list(r.URL.Query())
		if status != http.StatusOK {
			jsonError(w, status, string(b))
			return
		}
		body = b
	case strings.HasPrefix(path, "/providers/"):
		id := strings.TrimPrefix(path, "/providers/")
		s.mu.Lock()
		rec, ok := s.providers[id]
		s.mu.Unlock()
		if !ok {
			jsonError(w, http.StatusNotFound, "Provider not found")
			return
		}
		body = rec
	case strings.HasPrefix(path, "/locations/"):
		id := strings.TrimPrefix(path, "/locations/")
		rec, ok := s.records[id]
		if !ok {
			jsonError(w, http.StatusNotFound, "Location not found")
			return
		}
		// Detail records are sent indented, so clients must compact them.
		var buf bytes.Buffer
		json.Indent(&buf, rec, "", "  ")
		body = buf.Bytes()
	default:
		jsonError(w, http.StatusNotFound, "Resource not found")
		return
	}

	if fault != nil {
		if done := s.misbehave(w, r, *fault, body); done {
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

// misbehave applies f and reports whether the response is finished.
func (s *Server) misbehave(w http.ResponseWriter, r *http.Request, f Fault, body []byte) bool {
	switch f.Kind {
	case TooManyRequests:
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		jsonError(w, http.StatusTooManyRequests, "Rate limit is exceeded.")
	case ServerError:
		jsonError(w, http.StatusInternalServerError, "Internal server error")
	case BadGateway:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, "<html><body>502 Bad Gateway</body></html>")
	case Slow:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
			return false
		case <-r.Context().Done():
		}
	case Truncated:
		w.Header().Set("Content-Type", "application/json")
		w.Write(body[:len(body)/2])
	case Cut:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body[:len(body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		}
	case Unauthorized:
		unauthorized(w)
	case NotFound:
		jsonError(w, http.StatusNotFound, "Location not found")
	default:
		return false
	}
	return true
}

// listPage is the shape of a /locations answer.
type listPage struct {
	Total           int         `json:"total"`
	FirstPageURI    string      `json:"firstPageUri"`
	Page            int         `json:"page"`
	PreviousPageURI string      `json:"previousPageUri,omitempty"`
	LastPageURI     string      `json:"lastPageUri"`
	NextPageURI     string      `json:"nextPageUri,omitempty"`
	PerPage         int         `json:"perPage"`
	TotalPages      int         `json:"totalPages"`
	Locations       []listEntry `json:"locations"`
}

type listEntry struct {
	LocationID   string `json:"locationId"`
	LocationName string `json:"locationName"`
	PostalCode   string `json:"postalCode"`
}

// list answers a /locations query. Parameters other than page, perPage
// and partnerCode filter on the record's top-level string field of the
// same name, ignoring case.
func (s *Server) list(q url.Values) ([]byte, int) {
	s.mu.Lock()
	style, maxPer := s.style, s.maxPerPage
	s.mu.Unlock()

	page, perPage := 1, 500
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return []byte("page must be a positive whole number"), http.StatusBadRequest
		}
		page = n
	}
	if v := q.Get("perPage"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return []byte("perPage must be a positive whole number"), http.StatusBadRequest
		}
		perPage = n
	}
	perPage = min(perPage, maxPer)

	var matched []string
	for _, id := range s.ids {
		if s.matches(id, q) {
			matched = append(matched, id)
		}
	}
	totalPages := int(math.Ceil(float64(len(matched)) / float64(perPage)))
	p := listPage{
		Total:      len(matched),
		Page:       page,
		PerPage:    perPage,
		TotalPages: totalPages,
		Locations:  []listEntry{},
	}
	uri := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(n))
		v.Set("perPage", strconv.Itoa(perPage))
		rel := "locations?" + v.Encode()
		switch style {
		case BaseRelative:
			return rel
		case Absolute:
			return s.URL + "/" + rel
		default:
			return BasePath + "/" + rel
		}
	}
	p.FirstPageURI = uri(1)
	p.LastPageURI = uri(max(totalPages, 1))
	if page > 1 {
		p.PreviousPageURI = uri(page - 1)
	}
	if page < totalPages && style != NoNextPage {
		p.NextPageURI = uri(page + 1)
	}
	start := (page - 1) * perPage
	for i := start; i < len(matched) && i < start+perPage; i++ {
		id := matched[i]
		p.Locations = append(p.Locations, listEntry{
			LocationID:   id,
			LocationName: s.fields[id]["name"],
			PostalCode:   s.fields[id]["postalCode"],
		})
	}
	b, err := json.Marshal(p)
	if err != nil {
		return []byte(err.Error()), http.StatusInternalServerError
	}
	return b, http.StatusOK
}

func (s *Server) matches(id string, q url.Values) bool {
	for k, vs := range q {
		switch k {
		case "page", "perPage", "partnerCode":
			continue
		}
		v, ok := s.fields[id][k]
		if !ok || !containsFold(vs, v) {
			return false
		}
	}
	return true
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(s)) {
			return true
		}
	}
	return false
}

func unauthorized(w http.ResponseWriter) {
	jsonError(w, http.StatusUnauthorized,
		"Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.")
}

func jsonError(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal(struct {
		StatusCode int    `json:"statusCode"`
		Message    string `json:"message"`
	}{status, msg})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}
