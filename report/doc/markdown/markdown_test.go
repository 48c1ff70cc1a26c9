package markdown

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/carereport/carereport/report/doc"
)

// The golden papers read and written again come out byte for byte: the
// writer writes the dialect the papers are written in.
func TestGoldenPapersRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("../../../testdata/golden/*.md")
	if len(files) == 0 {
		t.Fatal("no golden papers found")
	}
	for _, f := range files {
		md, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Read(md, Paper)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out := Write(d)
		if string(out) != string(md) {
			os.WriteFile(filepath.Join(t.TempDir(), "out.md"), out, 0o644)
			t.Errorf("%s: written again differs:\n%s", f, firstDiff(string(md), string(out)))
		}
		d2, err := Read(out, Paper)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(clean(d), clean(d2)) {
			t.Errorf("%s: read again differs", f)
		}
	}
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return "want: " + a[lo:min(len(a), i+80)] + "\n got: " + b[lo:min(len(b), i+80)]
}

// clean drops the chart fields that say where a row was written.
func clean(d *doc.Document) *doc.Document {
	var walk func(bs []doc.Block)
	walk = func(bs []doc.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *doc.Figure:
				for i := range b.Chart.Rows {
					b.Chart.Rows[i].Line = 0
				}
			case *doc.List:
				for _, it := range b.Items {
					walk(it.Blocks)
				}
			case *doc.Quote:
				walk(b.Blocks)
			}
		}
	}
	walk(d.Blocks)
	return d
}
