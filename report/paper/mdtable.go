package paper

import (
	"fmt"
	"strings"
)

// mdTable is a table as the document shows it: a caption, a header row,
// the alignment of each column and the cells as text (already escaped).
type mdTable struct {
	Caption string
	Header  []string
	Right   []bool
	Rows    [][]string
}

// String writes the table as a GFM pipe table under a "Table: " caption
// line, which the renderer turns into the table's caption.
func (t *mdTable) String() string {
	var b strings.Builder
	if t.Caption != "" {
		fmt.Fprintf(&b, "Table: %s\n\n", t.Caption)
	}
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" ")
			b.WriteString(strings.ReplaceAll(c, "|", `\|`))
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	row(t.Header)
	b.WriteString("|")
	for i := range t.Header {
		if i < len(t.Right) && t.Right[i] {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		row(r)
	}
	return b.String()
}
