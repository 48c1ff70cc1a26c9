package pipeline

import (
	"testing"

	dmd "github.com/carereport/carereport/report/doc/markdown"
	"github.com/carereport/carereport/report/paper"
)

// BenchmarkPaperMarkdown builds the sample scrutiny paper as a document
// and writes its Markdown (the figures computed once).
func BenchmarkPaperMarkdown(b *testing.B) {
	c := loadConfig(&testing.T{}, "../../config/example.yaml")
	in, err := Load(c)
	if err != nil {
		b.Fatal(err)
	}
	r, err := Compute(c, in, "")
	if err != nil {
		b.Fatal(err)
	}
	p := &Plan{Config: c, Result: r}
	b.ReportAllocs()
	for b.Loop() {
		pin, err := PaperInputs(p, in)
		if err != nil {
			b.Fatal(err)
		}
		d, err := paper.Build(pin)
		if err != nil {
			b.Fatal(err)
		}
		_ = dmd.Write(d)
	}
}
