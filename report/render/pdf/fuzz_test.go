package pdf

import (
	"testing"
	"time"

	dmd "github.com/carereport/carereport/report/doc/markdown"
)

// Any document lays out without an internal error (a panic in the walk
// over the blocks, the lead of what follows a block, a numbered run, a
// chart with its table, text fpdf cannot take). Documents come from
// Markdown read with the paper's conventions, so numbered paragraphs,
// lead-ins and total rows occur. (Where pages end is not checked: a table
// row taller than a page is drawn past its foot, as rows never split.)
func FuzzLayout(f *testing.F) {
	f.Add("# T\n\n1. a:\n\n| a | b |\n|--:|:-:|\n| Total | 2 |\n\n2. b\n\n1. c\n2. d\n")
	f.Add("```chart\ntitle: x\ndata: below\nA | 1\n```\n\n| a |\n|---|\n| 1 |\n\n> quote\n> 3. n\n> - item\n\n---\n\n***x*** `code` <b>raw</b>\\\nnext")
	f.Add("- a\n  1. nested:\n\n  ```chart\n  title: y\n  A | 1\n  ```\n- b\n\n     code\n\n7. last:\n")
	f.Add("## H\n\n### H2\n\n#### H3\n\n> ## H4\n\n- \n- x\n\n[t](mailto:a@b.c) <https://x.example> ![alt](i.png)\n")
	opt := Options{Date: time.Date(2021, 3, 9, 0, 0, 0, 0, time.UTC)}
	f.Fuzz(func(t *testing.T, md string) {
		if len(md) > 4000 {
			return
		}
		d, err := dmd.Read([]byte(md), dmd.Paper)
		if err != nil {
			return // a malformed chart block
		}
		if _, err := PageFill(d, opt); err != nil {
			t.Fatalf("layout: %v", err)
		}
	})
}
