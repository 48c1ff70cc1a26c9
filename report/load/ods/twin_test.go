package ods

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/carereport/carereport/report/load/sheet"
)

// sharedDir is the project's shared folder, beside the repository.
const sharedDir = "../../../../shared"

// generate runs the synthetic-data tool and returns the files it wrote.
func generate(t testing.TB, dir string, args ...string) []string {
	t.Helper()
	tool := filepath.Join(sharedDir, "tools", "gen_hsca.py")
	if _, err := os.Stat(tool); err != nil {
		t.Skipf("skipping: %s not found (the shared folder is not beside the repository)", tool)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("skipping: python3 is not installed")
	}
	cmd := exec.Command(py, append([]string{tool, "--out", dir}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen_hsca.py: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	return files
}

func findFile(t testing.TB, files []string, suffix string) string {
	t.Helper()
	for _, f := range files {
		if strings.HasSuffix(f, suffix) {
			return f
		}
	}
	t.Fatalf("no *%s among %q", suffix, files)
	return ""
}

var ukDate = regexp.MustCompile(`^(\d\d)/(\d\d)/(\d{4})$`)

// TestSyntheticTwin reads the generated ODS files and their CSV twins and
// requires the same rows, row numbers and cells. The CSV writes dates as
// dd/mm/yyyy where the ODS date cells give yyyy-mm-dd.
func TestSyntheticTwin(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: runs an external generator")
	}
	dir := t.TempDir()
	common := []string{"--as-at", "2019-11-01", "--rows", "2000", "--seed", "7", "--ratings"}
	odsFiles := generate(t, filepath.Join(dir, "ods"), append(common, "--format", "ods")...)
	csvFiles := generate(t, filepath.Join(dir, "csv"), append(common, "--format", "csv")...)
	for _, c := range []struct{ suffix, sheet string }{
		{"_HSCA_Active_Locations", "HSCA_Active_Locations"},
		{"_Latest_ratings", "Locations"},
	} {
		t.Run(c.sheet, func(t *testing.T) {
			odsPath := findFile(t, odsFiles, c.suffix+".ods")
			csvPath := findFile(t, csvFiles, c.suffix+".csv")
			want := readCSV(t, csvPath)
			rows, name, err := OpenSheet(odsPath, []string{c.sheet}, sheet.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			if name != c.sheet {
				t.Errorf("sheet %q", name)
			}
			i, dates := 0, 0
			for ; ; i++ {
				cells, n, err := rows.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if i >= len(want) {
					t.Fatalf("ODS has more rows than the CSV (%d)", len(want))
				}
				w := want[i]
				if n != w.n {
					t.Fatalf("row %d: ODS row number %d, CSV line %d", i, n, w.n)
				}
				if len(cells) != len(w.cells) {
					t.Fatalf("row %d: %d cells in ODS, %d in CSV\n ods %q\n csv %q", n, len(cells), len(w.cells), cells, w.cells)
				}
				for j, wc := range w.cells {
					if m := ukDate.FindStringSubmatch(wc); m != nil {
						wc = m[3] + "-" + m[2] + "-" + m[1]
						dates++
					}
					if cells[j] != wc {
						t.Fatalf("row %d column %d: ODS %q, CSV %q", n, j+1, cells[j], wc)
					}
				}
			}
			if i != len(want) {
				t.Fatalf("ODS has %d rows, CSV %d", i, len(want))
			}
			if i < 2000 || dates == 0 {
				t.Fatalf("only %d rows and %d dates compared", i, dates)
			}
		})
	}
}

// readCSV returns the non-empty rows of a CSV file with trailing empty
// cells dropped, numbered by line.
func readCSV(t *testing.T, path string) []gotRow {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	var out []gotRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		line, _ := cr.FieldPos(0)
		n := len(rec)
		for n > 0 && rec[n-1] == "" {
			n--
		}
		if n > 0 {
			out = append(out, gotRow{line, rec[:n]})
		}
	}
}

// BenchmarkODSNational reads the national-scale generated files end to
// end. It needs CARE_BENCH_DIR to name a folder holding them, made with
//
//	python3 shared/tools/gen_hsca.py --as-at 2019-11-01 --format ods --ratings --out DIR
//
// and skips otherwise (generating them takes about half a minute).
func BenchmarkODSNational(b *testing.B) {
	dir := os.Getenv("CARE_BENCH_DIR")
	if dir == "" {
		b.Skip("skipping: set CARE_BENCH_DIR to a folder of national files from gen_hsca.py")
	}
	for _, c := range []struct{ glob, sheet string }{
		{"*_HSCA_Active_Locations.ods", "HSCA_Active_Locations"},
		{"*_Latest_ratings.ods", "Locations"},
	} {
		files, _ := filepath.Glob(filepath.Join(dir, c.glob))
		if len(files) == 0 {
			b.Logf("no %s in %s", c.glob, dir)
			continue
		}
		b.Run(c.sheet, func(b *testing.B) {
			b.ReportAllocs()
			var rowsRead int
			for b.Loop() {
				rows, _, err := OpenSheet(files[0], []string{c.sheet}, sheet.DefaultLimits())
				if err != nil {
					b.Fatal(err)
				}
				rowsRead = 0
				for {
					_, _, err := rows.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					rowsRead++
				}
				rows.Close()
			}
			b.ReportMetric(float64(rowsRead), "rows")
		})
	}
}
