package load

import (
	"fmt"

	"github.com/carereport/carereport/report"
)

// maxPerKind is how many findings of one kind a file reports one by one;
// the rest are counted in one more finding. A file with a row repeated
// two million times gives a dozen lines, not two million.
const maxPerKind = 10

// capped gathers findings, keeping the first maxPerKind of each kind and
// counting the others.
type capped struct {
	file  string
	list  []report.Finding
	count map[string]int
	order []string
}

func (c *capped) add(f report.Finding) {
	if c.count == nil {
		c.count = map[string]int{}
	}
	if c.count[f.Kind] == 0 {
		c.order = append(c.order, f.Kind)
	}
	c.count[f.Kind]++
	if c.count[f.Kind] <= maxPerKind {
		c.list = append(c.list, f)
	}
}

// done returns the findings, with "and N more" for each kind over the cap.
func (c *capped) done() []report.Finding {
	out := c.list
	for _, k := range c.order {
		if n := c.count[k] - maxPerKind; n > 0 {
			out = append(out, report.Finding{File: c.file, Kind: k,
				Message: fmt.Sprintf("and %d more %s like those above", n, report.Plural(n, "row", "rows"))})
		}
	}
	return out
}
