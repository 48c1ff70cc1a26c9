package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkBatchAll is `carereport batch -authorities all` on the national
// HSCA ODS with its Latest ratings, writing every format for every
// authority. Needs $CARE_BENCH_DIR (scripts/bench makes the files).
func BenchmarkBatchAll(b *testing.B) {
	dir := os.Getenv("CARE_BENCH_DIR")
	if dir == "" {
		b.Skip("set CARE_BENCH_DIR to a folder of national synthetic files; scripts/bench makes them")
	}
	hsca := filepath.Join(dir, "01_November_2019_HSCA_Active_Locations.ods")
	if _, err := os.Stat(hsca); err != nil {
		b.Skip(err)
	}
	cfg := filepath.Join(b.TempDir(), "batch.yaml")
	os.WriteFile(cfg, []byte("authority: Leicestershire\nperiod: {inspections_from: 2019-01-01, inspections_to: 2019-10-31}\n"+
		"data:\n  locations: "+hsca+"\n  ratings: "+filepath.Join(dir, "01_November_2019_Latest_ratings.ods")+"\n"), 0o644)
	for b.Loop() {
		out := b.TempDir()
		e := &env{Stdout: io.Discard, Stderr: io.Discard, Getenv: os.Getenv}
		if code := run(context.Background(), e, []string{"batch", "-config", cfg, "-authorities", "all", "-out", out, "-quiet"}); code != 0 {
			b.Fatalf("exit %d", code)
		}
		pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
		if len(pdfs) < 150 {
			b.Fatalf("only %d PDFs", len(pdfs))
		}
		b.ReportMetric(float64(len(pdfs)), "papers")
	}
}
