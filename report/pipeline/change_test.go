package pipeline

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
)

// genHSCA writes a synthetic national HSCA CSV with ../shared's generator,
// or skips the test when the generator or python3 is missing.
func genHSCA(t *testing.T, dir, asAt string, rows int) string {
	t.Helper()
	gen, _ := filepath.Abs("../../../shared/tools/gen_hsca.py")
	if _, err := os.Stat(gen); err != nil {
		t.Skipf("the synthetic data generator is not at %s (../shared beside the repository): %v", gen, err)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed; it runs ../shared/tools/gen_hsca.py")
	}
	out := filepath.Join(dir, asAt)
	cmd := exec.Command(py, gen, "--as-at", asAt, "--rows", strconv.Itoa(rows), "--format", "csv", "--out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen_hsca: %v\n%s", err, b)
	}
	m, _ := filepath.Glob(filepath.Join(out, "*HSCA_Active_Locations.csv"))
	if len(m) != 1 {
		t.Fatalf("gen_hsca wrote %v", m)
	}
	return m[0]
}

// inScopeIDs reads an HSCA CSV with encoding/csv alone and returns the
// authority's in-scope Location IDs (adult social care, not dormant) and
// whether each is rated.
func inScopeIDs(t *testing.T, path, authority string) map[string]bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	ids := map[string]bool{}
	for _, rec := range recs {
		if len(col) == 0 {
			if len(rec) > 0 && rec[0] == "Location ID" {
				for i, c := range rec {
					col[c] = i
				}
			}
			continue
		}
		if rec[col["Location Local Authority"]] != authority || rec[col["Location Inspection Directorate"]] != "Adult social care" ||
			rec[col["Dormant (Y/N)"]] == "Y" {
			continue
		}
		rating := rec[col["Location Latest Overall Rating"]]
		ids[rec[col["Location ID"]]] = rating != ""
	}
	return ids
}

// Two synthetic national snapshots a year apart (same seed, so locations
// keep their IDs): the change tables come out of the HSCA path, and every
// location in either snapshot is counted in exactly one movement.
func TestHSCAChangeOverTime(t *testing.T) {
	dir := t.TempDir()
	prevPath := genHSCA(t, dir, "2018-11-01", 4000)
	curPath := genHSCA(t, dir, "2019-11-01", 4000)
	c := config.Default()
	c.Path = filepath.Join(dir, "c.yaml")
	c.Authority = "Leicestershire"
	c.Comparators.Region = "East Midlands"
	c.Data.Locations = curPath
	c.Data.PreviousLocations = prevPath
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	in, err := Load(&c)
	if err != nil {
		t.Fatal(err)
	}
	if in.AsAt != report.MustDate("2019-11-01") || in.Previous.AsAt != report.MustDate("2018-11-01") {
		t.Fatalf("dates from the files' preambles: %s and %s", in.AsAt, in.Previous.AsAt)
	}
	r, err := Compute(&c, in, "")
	if err != nil {
		t.Fatal(err)
	}
	set := TableSet(r)
	for _, id := range []string{"year_on_year", "movements", "comparator_ranking"} {
		if set.Find(id) == nil {
			t.Fatalf("no %s table", id)
		}
	}
	before := inScopeIDs(t, prevPath, "Leicestershire")
	after := inScopeIDs(t, curPath, "Leicestershire")
	union := map[string]bool{}
	newN, closedN := 0, 0
	for id := range after {
		union[id] = true
		if _, ok := before[id]; !ok {
			newN++
		}
	}
	for id := range before {
		union[id] = true
		if _, ok := after[id]; !ok {
			closedN++
		}
	}
	mv := set.Find("movements")
	cell := func(row, col string) int {
		c, ok := mv.Cell(row, col)
		if !ok {
			t.Fatalf("movements has no %s/%s", row, col)
		}
		return int(c.Num)
	}
	sum := 0
	for _, row := range mv.Rows {
		n := cell(row[0].Text, "all")
		if n != cell(row[0].Text, "care_home")+cell(row[0].Text, "community") {
			t.Errorf("%s: all != care_home + community", row[0].Text)
		}
		sum += n
	}
	if sum != len(union) {
		t.Errorf("movements add up to %d, but %d locations are in either snapshot", sum, len(union))
	}
	if got := cell("new", "all"); got != newN {
		t.Errorf("new: got %d, want %d", got, newN)
	}
	if got := cell("closed", "all"); got != closedN {
		t.Errorf("closed: got %d, want %d", got, closedN)
	}
	yoy := set.Find("year_on_year")
	if c, _ := yoy.Cell("total", "previous"); int(c.Num) != len(before) {
		t.Errorf("year_on_year previous total %v, want %d", c.Num, len(before))
	}
	if c, _ := yoy.Cell("total", "current"); int(c.Num) != len(after) {
		t.Errorf("year_on_year current total %v, want %d", c.Num, len(after))
	}
	if len(union) < 20 || cell("improved", "all")+cell("declined", "all") == 0 {
		t.Errorf("too little change to test: %d locations, movements %v", len(union), mv.Rows)
	}
}
