package pipeline

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/carereport/carereport/config"
)

// nationalComparators are Leicestershire's 15 comparator authorities.
var nationalComparators = []string{"Buckinghamshire", "Cumbria", "Devon", "Derbyshire", "Gloucestershire",
	"Hampshire", "Northamptonshire", "North Yorkshire", "Nottinghamshire", "Oxfordshire", "Somerset",
	"Staffordshire", "Suffolk", "Warwickshire", "Worcestershire"}

// nationalCSV finds the national HSCA CSV in $CARE_BENCH_DIR.
func nationalCSV(b *testing.B) string {
	dir := os.Getenv("CARE_BENCH_DIR")
	if dir == "" {
		b.Skip("set CARE_BENCH_DIR to a folder holding a national HSCA CSV; make one with: " +
			"python3 ../shared/tools/gen_hsca.py --as-at 2019-11-01 --format csv --out DIR (or run scripts/bench)")
	}
	p := filepath.Join(dir, "01_November_2019_HSCA_Active_Locations.csv")
	if _, err := os.Stat(p); err != nil {
		b.Skipf("%v; make it with: python3 ../shared/tools/gen_hsca.py --as-at 2019-11-01 --format csv --out %s", err, dir)
	}
	return p
}

// BenchmarkNationalCSV loads the national HSCA CSV (about 57,000 rows by
// 122 columns) and computes every table for Leicestershire with 15
// comparators and England: what `carereport tables` does.
func BenchmarkNationalCSV(b *testing.B) {
	path := nationalCSV(b)
	c := config.Default()
	c.Path = filepath.Join(filepath.Dir(path), "bench.yaml")
	c.Authority = "Leicestershire"
	c.Comparators.Authorities = nationalComparators
	c.England = true
	c.Data.Locations = path
	if err := c.Validate(); err != nil {
		b.Fatal(err)
	}
	var peak uint64
	b.ReportAllocs()
	for b.Loop() {
		in, err := Load(&c)
		if err != nil {
			b.Fatal(err)
		}
		r, err := Compute(&c, in, "")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := TableSet(r).JSON(); err != nil {
			b.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		if len(r.Tables) < 5 || r.England.Locations() < 20000 {
			b.Fatalf("%d tables, %d England locations", len(r.Tables), r.England.Locations())
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "heapMB")
}
