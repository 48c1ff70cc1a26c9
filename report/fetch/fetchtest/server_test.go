package fetchtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

const records = `{"locationId":"1-a","name":"A House","postalCode":"EX1 1AA","localAuthority":"Devon","careHome":"Y"}
{"locationId":"1-b","name":"B House","postalCode":"EX1 1AB","localAuthority":"Devon","careHome":"N"}
{"locationId":"1-c","name":"C House","postalCode":"TQ1 1AA","localAuthority":"Torbay","careHome":"Y"}
{"locationId":"1-d","name":"D House","postalCode":"EX2 1AA","localAuthority":"Devon","careHome":"Y"}
`

func get(t *testing.T, s *Server, path, key string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
	req.Header.Set(KeyHeader, key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

func TestServer(t *testing.T) {
	s, err := NewFromReader(strings.NewReader(records), "k")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	if code, _, _ := get(t, s, "/locations/1-a", "nope"); code != http.StatusUnauthorized {
		t.Errorf("wrong key: %d", code)
	}
	code, _, body := get(t, s, "/locations?localAuthority=devon&careHome=Y&perPage=1&page=2", "k")
	var page listPage
	if code != 200 || json.Unmarshal(body, &page) != nil {
		t.Fatalf("list: %d %s", code, body)
	}
	if page.Total != 2 || page.TotalPages != 2 || page.Page != 2 || len(page.Locations) != 1 ||
		page.Locations[0] != (listEntry{"1-d", "D House", "EX2 1AA"}) || page.NextPageURI != "" {
		t.Errorf("page 2 of Devon care homes: %+v", page)
	}
	_, _, body = get(t, s, "/locations?localAuthority=Devon&perPage=2", "k")
	json.Unmarshal(body, &page)
	if !strings.HasPrefix(page.NextPageURI, BasePath+"/locations?") || !strings.Contains(page.NextPageURI, "page=2") {
		t.Errorf("nextPageUri %q", page.NextPageURI)
	}
	if got := s.IDs("Devon"); strings.Join(got, ",") != "1-a,1-b,1-d" {
		t.Errorf("IDs(Devon) = %v", got)
	}

	s.Inject(DetailPath("1-c"), Fault{Kind: TooManyRequests, RetryAfter: "3"}, Fault{Kind: Truncated})
	code, h, _ := get(t, s, "/locations/1-c", "k")
	if code != http.StatusTooManyRequests || h.Get("Retry-After") != "3" {
		t.Errorf("first: %d, Retry-After %q", code, h.Get("Retry-After"))
	}
	if code, _, body := get(t, s, "/locations/1-c", "k"); code != 200 || json.Valid(body) {
		t.Errorf("second: %d %q, want a cut-off body", code, body)
	}
	if code, _, body := get(t, s, "/locations/1-c", "k"); code != 200 || !json.Valid(body) {
		t.Errorf("third: %d %q, want the record", code, body)
	}
	if got := s.RequestsTo(DetailPath("1-c")); got != 3 {
		t.Errorf("RequestsTo = %d", got)
	}
	if got := s.MaxInWindow(time.Minute); got != s.Requests() {
		t.Errorf("MaxInWindow(1m) = %d, want all %d", got, s.Requests())
	}
}
