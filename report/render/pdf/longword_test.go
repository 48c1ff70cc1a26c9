package pdf

import (
	"strings"
	"testing"
	"time"

	"github.com/carereport/carereport/report/doc"
)

// A very long unbroken word (a 1 MB title) is cut across lines in linear
// work: the text measured for a word four times as long is about four
// times as much, not sixteen (when each cut measured the rest of the word
// again, it was quadratic). The work is counted, not timed.
func TestLongWordLinear(t *testing.T) {
	work := func(n int) int {
		d := &doc.Document{Blocks: []doc.Block{
			&doc.Heading{Level: 1, Content: []doc.Inline{doc.Text{S: strings.Repeat("x", n)}}},
			&doc.Para{Content: []doc.Inline{doc.Text{S: "Text."}}},
		}}
		w, err := drawWriter(d, Options{Date: time.Date(2021, 3, 9, 0, 0, 0, 0, time.UTC)}, 0)
		if err != nil {
			t.Fatal(err)
		}
		return w.measured
	}
	short, long := work(20_000), work(80_000)
	if long > 5*short {
		t.Errorf("a word of 80,000 characters measured %d bytes, one of 20,000 %d: more than linear", long, short)
	}
}
