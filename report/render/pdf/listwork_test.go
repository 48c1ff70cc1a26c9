package pdf

import (
	"testing"
	"time"

	"github.com/carereport/carereport/report/doc"
)

// Lists nested n deep ("- - - ... x") are placed in linear work: each
// list looked at its every ancestor to learn whether it was nested, so
// 100,000 markers took minutes. The work is counted, not timed: the nodes
// looked at, and the allocations of the whole layout.
func TestNestedListsLinear(t *testing.T) {
	work := func(n int) (looked int, allocs float64) {
		// "# T", then a list in a list ... n deep holding "x", then the
		// numbered paragraphs 1 and 2.
		inner := []doc.Block{&doc.Para{Content: []doc.Inline{doc.Text{S: "x"}}}}
		for range n {
			inner = []doc.Block{&doc.List{Tight: true, Items: []doc.Item{{Blocks: inner}}}}
		}
		d := &doc.Document{Blocks: append(append([]doc.Block{&doc.Heading{Level: 1, Content: []doc.Inline{doc.Text{S: "T"}}}}, inner...),
			&doc.Para{Number: 1, Content: []doc.Inline{doc.Text{S: "one"}}}, &doc.Para{Number: 2, Content: []doc.Inline{doc.Text{S: "two"}}})}
		opt := Options{Date: time.Date(2021, 3, 9, 0, 0, 0, 0, time.UTC)}
		var w *writer
		var err error
		allocs = testing.AllocsPerRun(1, func() {
			if w, err = drawWriter(d, opt, 0); err != nil {
				t.Fatal(err)
			}
		})
		return w.listWork, allocs
	}
	shortWork, shortAllocs := work(1000)
	longWork, longAllocs := work(4000)
	if shortWork < 1000 || longWork > 5*shortWork {
		t.Errorf("lists 4,000 deep looked at %d nodes, 1,000 deep %d: more than linear", longWork, shortWork)
	}
	if longAllocs > 5*shortAllocs {
		t.Errorf("lists 4,000 deep made %.0f allocations, 1,000 deep %.0f: more than linear", longAllocs, shortAllocs)
	}
}
