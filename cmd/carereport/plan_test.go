package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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
