package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tables and generate make one authority's plan the same way, so the
// JSON each gives for another authority of the example is the same, table
// for table (comparison, year_on_year, comparator_ranking, commissioned
// and beds once differed).
func TestTablesAndGenerateAgreeForAnotherAuthority(t *testing.T) {
	cfg := filepath.Join("..", "..", "config", "example.yaml")
	for _, who := range []string{"Eastmoor", "eastmoor", "Midshire", ""} {
		var out, errb bytes.Buffer
		e := &env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
		args := []string{"tables", "-config", cfg}
		if who != "" {
			args = append(args, "-authority", who)
		}
		if code := run(context.Background(), e, args); code != 0 {
			t.Fatalf("tables %q: exit %d: %s", who, code, errb.String())
		}
		dir := t.TempDir()
		args = []string{"generate", "-config", cfg, "-out", dir, "-formats", "json", "-quiet"}
		if who != "" {
			args = append(args, "-authority", who)
		}
		var gout, gerr bytes.Buffer
		e = &env{Stdout: &gout, Stderr: &gerr, Getenv: func(string) string { return "" }}
		if code := run(context.Background(), e, args); code != 0 {
			t.Fatalf("generate %q: exit %d: %s", who, code, gerr.String())
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*-tables.json"))
		if len(files) != 1 {
			t.Fatalf("generate %q wrote %v", who, files)
		}
		b, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, out.Bytes()) {
			t.Errorf("authority %q: tables and generate give different JSON:\n--- tables\n%.600s\n--- generate\n%.600s", who, out.String(), b)
		}
	}
}

// What generate would refuse, validate refuses first: here a comparator
// group too large for the ranking chart (and an authority named like a
// chart key, which must not break the chart).
func TestValidateMeetsWhatGenerateMeets(t *testing.T) {
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n")
	var comps []string
	for i := 0; i <= 70; i++ {
		name := fmt.Sprintf("Shire %02d", i)
		if i == 1 {
			name = "Title: x"
		}
		if i > 0 {
			comps = append(comps, fmt.Sprintf("%q", name))
		}
		fmt.Fprintf(&csv, "1-%d,Y,Adult social care,Good,%s\n", i, name)
	}
	os.WriteFile(filepath.Join(dir, "h.csv"), []byte(csv.String()), 0o644)
	write := func(name string, comps []string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("authority: Shire 00\nperiod: {as_at: 2019-11-01}\ncomparators: {authorities: ["+strings.Join(comps, ", ")+"]}\ndata: {locations: h.csv}\nreport: {style: quality-account}\n"), 0o644)
		return p
	}
	runIt := func(args ...string) (int, string) {
		var o, e bytes.Buffer
		en := &env{Stdout: &o, Stderr: &e, Getenv: func(string) string { return "" }}
		return run(context.Background(), en, args), o.String() + e.String()
	}
	// 70 comparators: too many to chart (60), so the paper says so and
	// both commands succeed.
	big := write("big.yaml", comps)
	vcode, vout := runIt("validate", "-config", big)
	gcode, gout := runIt("generate", "-config", big, "-out", filepath.Join(dir, "out"), "-formats", "md,html")
	if vcode != 0 || gcode != 0 {
		t.Errorf("70 comparators: validate %d (%s), generate %d (%s)", vcode, vout, gcode, gout)
	}
	mds, _ := filepath.Glob(filepath.Join(dir, "out", "*.md"))
	if len(mds) != 1 {
		t.Fatalf("papers: %v", mds)
	}
	md, err := os.ReadFile(mds[0])
	if err != nil {
		t.Fatal(err, gout)
	}
	if !strings.Contains(string(md), "The group of 71 authorities is too large to chart") {
		t.Errorf("paper does not say the group is too large to chart:\n%s", md)
	}
	small := write("small.yaml", comps[:5])
	if code, out := runIt("validate", "-config", small); code != 0 {
		t.Errorf("5 comparators with one named like a key: %d %s", code, out)
	}
	if code, out := runIt("generate", "-config", small, "-out", filepath.Join(dir, "out2"), "-formats", "md,html,pdf"); code != 0 {
		t.Errorf("generate: %d %s", code, out)
	}
}
