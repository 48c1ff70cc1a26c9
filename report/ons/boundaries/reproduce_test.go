package boundaries

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBoundariesReproducible reruns scripts/ons/extract_boundaries.py on
// the source file and checks it gives the embedded file byte for byte. It
// needs the source repository mirrored (ONS_MIRROR, e.g. /work/.mirror)
// and python3 (ONS_PYTHON); without them it skips.
func TestBoundariesReproducible(t *testing.T) {
	mirror := os.Getenv("ONS_MIRROR")
	if mirror == "" {
		t.Skip("ONS_MIRROR not set: the extraction is rerun only where the source repository is mirrored")
	}
	py := os.Getenv("ONS_PYTHON")
	if py == "" {
		py = "python3"
	}
	out := filepath.Join(t.TempDir(), "cty_2023.geojson")
	cmd := exec.Command(py, filepath.Join("..", "..", "..", "scripts", "ons", "extract_boundaries.py"),
		"--mirror", mirror, "--out", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("extract_boundaries.py: %v\n%s", err, msg)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, cty2023) {
		t.Error("extract_boundaries.py no longer makes the embedded cty_2023.geojson")
	}
}
