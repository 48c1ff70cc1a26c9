package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/carereport/carereport/report/fetch/fetchtest"
	"github.com/carereport/carereport/report/load"
)

// fetch -providers: after the locations, the provider record of every
// provider the locations name, written after them; a failed provider is
// an incomplete run that a rerun resumes, fetching only what is missing;
// the loader reads the names and the trusts' ratings from them.
func TestFetchProviders(t *testing.T) {
	srv, s := startServer(t)
	// The providers of Torbay's homes, as the real records name them.
	seen := map[string]bool{}
	var ids []string
	for _, line := range s.byAuth["Torbay"] {
		var head struct{ ProviderID string }
		if err := json.Unmarshal(line, &head); err != nil {
			t.Fatal(err)
		}
		if head.ProviderID != "" && !seen[head.ProviderID] {
			seen[head.ProviderID] = true
			ids = append(ids, head.ProviderID)
		}
	}
	sort.Strings(ids)
	if len(ids) < 10 {
		t.Fatalf("only %d providers in Torbay", len(ids))
	}
	for _, id := range ids {
		srv.SetProvider(id, []byte(fmt.Sprintf(`{"providerId":%q,"organisationType":"Provider","name":"Provider %s","currentRatings":{"overall":{"rating":"Good","reportDate":"2020-01-01","keyQuestionRatings":[{"name":"Safe","rating":"Requires improvement"}]}}}`, id, id)))
	}
	out := filepath.Join(t.TempDir(), "torbay.jsonl")
	opt := fastOptions(srv)
	opt.Providers = true
	failing := ids[3]
	srv.InjectAlways(fetchtest.ProviderPath(failing), fetchtest.Fault{Kind: fetchtest.ServerError})
	sum, err := Fetch(context.Background(), opt, []string{"Torbay"}, out)
	if !errors.Is(err, ErrIncomplete) || sum.Failed != 1 || sum.Providers != len(ids) || sum.ProvidersFetched != len(ids)-1 {
		t.Fatalf("with one provider failing: %v, %+v", err, sum)
	}
	srv.Clear()
	srv.ResetCounts()
	sum, err = Fetch(context.Background(), opt, []string{"Torbay"}, out)
	if err != nil || sum.ProvidersFetched != 1 || sum.Fetched != 0 {
		t.Fatalf("the rerun: %v, %+v (want only the missing provider fetched)", err, sum)
	}
	if n := srv.RequestsTo(fetchtest.ProviderPath(failing)); n != 1 {
		t.Errorf("the missing provider asked for %d times", n)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	if want := s.count("Torbay") + len(ids); len(lines) != want {
		t.Fatalf("%d lines, want %d locations and providers", len(lines), want)
	}
	// The locations first, as without -providers, then the providers
	// in ID order.
	if !bytes.HasPrefix(data, s.want("Torbay")) {
		t.Error("the location records are not first, in their usual order")
	}
	for k, id := range ids {
		line := lines[s.count("Torbay")+k]
		if !bytes.Contains(line, []byte(`"providerId":"`+id+`"`)) {
			t.Errorf("line %d: %s, want provider %s", s.count("Torbay")+k+1, line, id)
		}
	}
	snap, err := load.API(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Providers) != len(ids) || snap.Providers[ids[0]].Overall.KQ[0].ID() != "requires_improvement" {
		t.Errorf("providers read: %d, %+v", len(snap.Providers), snap.Providers[ids[0]])
	}
	for _, l := range snap.Locations {
		if l.Provider != "Provider "+l.ProviderID {
			t.Errorf("%s: provider %q, want the provider record's name", l.ID, l.Provider)
			break
		}
	}
	// Without -providers a file with providers keeps them on a rerun.
	opt.Providers = false
	if _, err := Fetch(context.Background(), opt, []string{"Torbay"}, out); err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(out)
	if !bytes.Equal(again, data) {
		t.Error("a rerun without -providers changed the file")
	}
}

// -all-sectors lists locations of every inspection directorate; by
// default the list asks for adult social care only.
func TestFetchAllSectors(t *testing.T) {
	srv, _ := startServer(t)
	var (
		mu      sync.Mutex
		queries []string
	)
	srv.OnRequest(func(r *http.Request) { mu.Lock(); queries = append(queries, r.URL.RawQuery); mu.Unlock() })
	opt := fastOptions(srv)
	opt.AllSectors = true
	if _, err := Fetch(context.Background(), opt, []string{"Torbay"}, filepath.Join(t.TempDir(), "a.jsonl")); err != nil {
		t.Fatal(err)
	}
	for _, q := range queries {
		if bytes.Contains([]byte(q), []byte("inspectionDirectorate")) {
			t.Fatalf("-all-sectors still filters by directorate: %s", q)
		}
	}
	queries = nil
	opt.AllSectors = false
	if _, err := Fetch(context.Background(), opt, []string{"Torbay"}, filepath.Join(t.TempDir(), "b.jsonl")); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, q := range queries {
		found = found || bytes.Contains([]byte(q), []byte("inspectionDirectorate"))
	}
	if !found {
		t.Error("the default list does not ask for adult social care")
	}
}
