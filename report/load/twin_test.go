package load

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

// genTwin writes the synthetic HSCA and Latest ratings files in one
// format with ../shared's generator, or skips when it cannot.
func genTwin(t *testing.T, dir, format string) (hsca, ratings string) {
	t.Helper()
	gen, _ := filepath.Abs("../../../shared/tools/gen_hsca.py")
	if _, err := os.Stat(gen); err != nil {
		t.Skipf("the synthetic data generator is not at %s (../shared beside the repository)", gen)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed; it runs ../shared/tools/gen_hsca.py")
	}
	out := filepath.Join(dir, format)
	if b, err := exec.Command(py, gen, "--as-at", "2019-11-01", "--rows", "1500", "--format", format, "--ratings", "--out", out).CombinedOutput(); err != nil {
		t.Fatalf("gen_hsca: %v\n%s", err, b)
	}
	return filepath.Join(out, "01_November_2019_HSCA_Active_Locations."+format), filepath.Join(out, "01_November_2019_Latest_ratings."+format)
}

// The synthetic ODS and its CSV twin load to identical snapshots and
// identical key question ratings.
func TestODSAndCSVTwinsGiveTheSameSnapshot(t *testing.T) {
	if testing.Short() {
		t.Skip("generates synthetic files")
	}
	dir := t.TempDir()
	odsH, odsR := genTwin(t, dir, "ods")
	csvH, csvR := genTwin(t, dir, "csv")
	a, err := HSCA(odsH)
	if err != nil {
		t.Fatal(err)
	}
	b, err := HSCA(csvH)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Locations) < 500 {
		t.Fatalf("only %d adult social care locations read from the ODS", len(a.Locations))
	}
	if a.AsAt != b.AsAt || a.AsAt.String() != "2019-11-01" {
		t.Errorf("as-at dates: ODS %s, CSV %s", a.AsAt, b.AsAt)
	}
	if !reflect.DeepEqual(a.Locations, b.Locations) {
		for i := range a.Locations {
			if i < len(b.Locations) && !reflect.DeepEqual(a.Locations[i], b.Locations[i]) {
				t.Fatalf("location %d differs:\n ODS %+v\n CSV %+v", i, a.Locations[i], b.Locations[i])
			}
		}
		t.Fatalf("ODS has %d locations, CSV %d", len(a.Locations), len(b.Locations))
	}
	ka, _, err := Ratings(odsR, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	kb, _, err := Ratings(csvR, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ka) < 500 || !reflect.DeepEqual(ka, kb) {
		t.Errorf("key question ratings differ: ODS %d locations, CSV %d", len(ka), len(kb))
	}
}
