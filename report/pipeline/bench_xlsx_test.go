package pipeline

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/carereport/carereport/config"
)

// nationalXLSX is the national HSCA file as XLSX in $CARE_BENCH_DIR,
// written once from the CSV there (gen_hsca.py writes CSV and ODS only):
// the preamble and header as text, numbers as numbers, publication dates
// as date cells, as CQC's own XLSX has them.
func nationalXLSX(b *testing.B) string {
	csvPath := nationalCSV(b)
	p := filepath.Join(filepath.Dir(csvPath), "01_November_2019_HSCA_Active_Locations.xlsx")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	f, err := os.Open(csvPath)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	dateStyle, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if err != nil {
			break
		}
		cells := make([]any, len(rec))
		for i, v := range rec {
			if n, err := strconv.Atoi(v); err == nil && row > 6 {
				cells[i] = n
			} else if len(v) == 10 && v[2] == '/' && v[5] == '/' && row > 6 {
				d, _ := strconv.Atoi(v[:2])
				m, _ := strconv.Atoi(v[3:5])
				y, _ := strconv.Atoi(v[6:])
				cells[i] = excelize.Cell{StyleID: dateStyle, Value: float64(daysFrom1899(y, m, d))}
			} else {
				cells[i] = v
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(row), cells); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	x.SetSheetName("Sheet1", "HSCA_Active_Locations")
	if err := x.SaveAs(p); err != nil {
		b.Fatal(err)
	}
	return p
}

// daysFrom1899 is Excel's serial number of a date.
func daysFrom1899(y, m, d int) int {
	days := 0
	for yy := 1900; yy < y; yy++ {
		days += 365
		if yy%4 == 0 && (yy%100 != 0 || yy%400 == 0) {
			days++
		}
	}
	mdays := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		mdays[1] = 29
	}
	for i := 0; i < m-1; i++ {
		days += mdays[i]
	}
	return days + d + 1 // Excel counts 1900-02-29
}

// BenchmarkNationalXLSX: the national HSCA file as XLSX (about 57,000
// rows by 122 columns) to every table, read by carereport's own streaming
// XLSX reader.
func BenchmarkNationalXLSX(b *testing.B) {
	c := config.Default()
	c.Data.Locations = nationalXLSX(b)
	benchTables(b, &c, nil)
}
