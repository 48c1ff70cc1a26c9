package pipeline

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/carereport/carereport/config"
)

// benchFile finds a national synthetic file in $CARE_BENCH_DIR (made by
// scripts/bench), or skips.
func benchFile(b *testing.B, name string) string {
	dir := os.Getenv("CARE_BENCH_DIR")
	if dir == "" {
		b.Skip("set CARE_BENCH_DIR to a folder of national synthetic files; scripts/bench makes them")
	}
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err != nil {
		b.Skipf("%v; make it with: python3 ../shared/tools/gen_hsca.py --as-at 2019-11-01 --format ods --ratings --out %s", err, dir)
	}
	return p
}

// benchTables loads the config's data and computes every table for
// Leicestershire with 15 comparators and England, reporting peak heap.
func benchTables(b *testing.B, c *config.Config, check func(*testing.B, *Inputs)) {
	c.Path = filepath.Join(os.TempDir(), "bench.yaml")
	c.Authority = "Leicestershire"
	c.Comparators.Authorities = nationalComparators
	c.England = true
	if err := c.ApplyDefaults(); err != nil {
		b.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		b.Fatal(err)
	}
	var peak uint64
	b.ReportAllocs()
	for b.Loop() {
		in, err := Load(c)
		if err != nil {
			b.Fatal(err)
		}
		r, err := Compute(c, in, "")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := TableSet(r).JSON(); err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		if r.England.Locations() < 20000 {
			b.Fatalf("only %d England locations", r.England.Locations())
		}
		if check != nil {
			check(b, in)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "heapMB")
}

// BenchmarkNationalODS: the national HSCA ODS (57,000 rows by 122
// columns, a content.xml of a few hundred MB) to every table.
func BenchmarkNationalODS(b *testing.B) {
	c := config.Default()
	c.Data.Locations = benchFile(b, "01_November_2019_HSCA_Active_Locations.ods")
	benchTables(b, &c, nil)
}

// BenchmarkNationalRatingsODS: the national HSCA ODS plus the Latest
// ratings ODS (long format, about 260,000 rows) for key questions.
func BenchmarkNationalRatingsODS(b *testing.B) {
	c := config.Default()
	c.Data.Locations = benchFile(b, "01_November_2019_HSCA_Active_Locations.ods")
	c.Data.Ratings = benchFile(b, "01_November_2019_Latest_ratings.ods")
	benchTables(b, &c, func(b *testing.B, in *Inputs) {
		if !in.Current.KeyQuestions {
			b.Fatal("no key questions merged")
		}
	})
}
