package pipeline

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
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

// trendDates are the 12 quarterly as-at dates of the trend benchmark.
var trendDates = []string{"01_February_2018", "01_May_2018", "01_August_2018", "01_November_2018",
	"01_February_2019", "01_May_2019", "01_August_2019", "01_November_2019",
	"01_February_2020", "01_May_2020", "01_August_2020", "01_November_2020"}

// BenchmarkTrend12CSV: a 12-quarter trend from 12 national monthly HSCA
// CSV files (the last is the current snapshot), for Leicestershire with 15
// comparators and England: every table, the trend included.
func BenchmarkTrend12CSV(b *testing.B) {
	dir := os.Getenv("CARE_BENCH_DIR")
	var files []string
	for _, d := range trendDates {
		p := filepath.Join(dir, d+"_HSCA_Active_Locations.csv")
		if _, err := os.Stat(p); dir == "" || err != nil {
			b.Skipf("set CARE_BENCH_DIR to a folder holding national HSCA CSVs as at the first of Feb, May, Aug and Nov 2018-2020; "+
				"make each with: python3 ../shared/tools/gen_hsca.py --as-at 2018-02-01 --format csv --out DIR (or run scripts/bench): %s missing", p)
		}
		files = append(files, p)
	}
	c := config.Default()
	c.Data.Locations = files[len(files)-1]
	c.Data.History = files[:len(files)-1]
	c.Period.Trend = &config.Trend{From: config.Date{Date: report.MustDate("2018-02-01")}, Every: "quarter"}
	benchTables(b, &c, func(b *testing.B, in *Inputs) {
		if len(in.Trend) != 12 {
			b.Fatalf("%d trend dates, want 12", len(in.Trend))
		}
	})
}

// BenchmarkNationalHealthCSV: the national HSCA CSV with the national
// Latest ratings CSV (every sector), to every table with the health
// section: what `tables` does for a "Health and Adult Care" paper. The
// Latest ratings file is read once for both the key questions and the
// health section.
func BenchmarkNationalHealthCSV(b *testing.B) {
	c := config.Default()
	c.Data.Locations = nationalCSV(b)
	c.Data.Ratings = filepath.Join(filepath.Dir(c.Data.Locations), "01_November_2019_Latest_ratings.csv")
	if _, err := os.Stat(c.Data.Ratings); err != nil {
		b.Skipf("%v; make it with: python3 ../shared/tools/gen_hsca.py --as-at 2019-11-01 --format csv --ratings --out DIR", err)
	}
	c.Health = &config.Health{}
	benchTables(b, &c, func(b *testing.B, in *Inputs) {
		if in.Health == nil || len(in.Health.Locations) < 10000 {
			b.Fatalf("the health section read too few locations: %v", in.Health != nil)
		}
	})
}
