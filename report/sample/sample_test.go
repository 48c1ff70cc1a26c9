package sample

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The committed sample must be exactly what this package makes, so the
// README's first command always shows data made by the project's code.
func TestCommittedSampleIsGenerated(t *testing.T) {
	for name, want := range Files() {
		got, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sample", name))
		if err != nil {
			t.Fatalf("%s: %v (run go run ./cmd/mksample)", name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("testdata/sample/%s differs from report/sample's output; run go run ./cmd/mksample", name)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := Files(), Files()
	for n := range a {
		if !bytes.Equal(a[n], b[n]) {
			t.Errorf("%s: two runs differ", n)
		}
	}
	if len(a) != 5 {
		t.Errorf("got %d files, want 5", len(a))
	}
}
