package ons

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestPopulationReproducible reruns scripts/ons/extract_population.py on
// the source workbooks and checks it gives the embedded file byte for byte.
// It needs the sources' repositories mirrored (ONS_MIRROR, e.g.
// /work/.mirror, as the fetch tool leaves them) and a python3 with xlrd
// and openpyxl (ONS_PYTHON, default python3); without them it skips.
func TestPopulationReproducible(t *testing.T) {
	mirror := os.Getenv("ONS_MIRROR")
	if mirror == "" {
		t.Skip("ONS_MIRROR not set: the extraction is rerun only where the source repositories are mirrored")
	}
	py := os.Getenv("ONS_PYTHON")
	if py == "" {
		py = "python3"
	}
	if err := exec.Command(py, "-c", "import xlrd, openpyxl").Run(); err != nil {
		t.Skipf("%s has no xlrd or openpyxl (%v): install Debian python3-xlrd python3-openpyxl", py, err)
	}
	out := filepath.Join(t.TempDir(), "population.csv")
	cmd := exec.Command(py, filepath.Join("..", "..", "scripts", "ons", "extract_population.py"),
		"--mirror", mirror, "--out", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("extract_population.py: %v\n%s", err, msg)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, populationCSV) {
		t.Error("extract_population.py no longer makes the embedded population.csv")
	}
}
