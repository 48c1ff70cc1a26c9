package fetch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A rerun into a finished file skips what it holds; with Refresh it
// fetches everything again and replaces the file, keeping no record the
// lists no longer return.
func TestFetchRefresh(t *testing.T) {
	srv, smp := startServer(t)
	out := filepath.Join(t.TempDir(), "torbay.jsonl")
	if _, err := Fetch(context.Background(), fastOptions(srv), []string{"Torbay"}, out); err != nil {
		t.Fatal(err)
	}
	n := smp.count("Torbay")
	// A record that CQC no longer lists (a closed home) sits in last
	// month's file.
	f, err := os.OpenFile(out, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"locationId":"1-999999999","localAuthority":"Torbay"}` + "\n")
	f.Close()

	sum, err := Fetch(context.Background(), fastOptions(srv), []string{"Torbay"}, out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != n || sum.Fetched != 0 {
		t.Errorf("rerun: fetched %d, skipped %d; want 0 and %d", sum.Fetched, sum.Skipped, n)
	}

	opt := fastOptions(srv)
	opt.Refresh = true
	sum, err = Fetch(context.Background(), opt, []string{"Torbay"}, out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Fetched != n || sum.Skipped != 0 {
		t.Errorf("refresh: fetched %d, skipped %d; want %d and 0", sum.Fetched, sum.Skipped, n)
	}
	checkFile(t, out, smp.want("Torbay"))
}
