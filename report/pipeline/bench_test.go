package pipeline

import (
	"os"
	"path/filepath"
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
	c := config.Default()
	c.Data.Locations = nationalCSV(b)
	benchTables(b, &c, nil)
}
