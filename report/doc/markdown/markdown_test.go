package markdown

import (
	"fmt"
	"github.com/carereport/carereport/report/render/chart"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/carereport/carereport/report/doc"
)

// The golden papers read and written again come out byte for byte (the
// writer writes the dialect the papers are written in), but for the
// officers' e-mail addresses, which the writer makes CommonMark autolinks
// ("<a@b.org>") where the paper had them bare (a link only to GFM).
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
		md = regexp.MustCompile(`(?m)^(Email: )([^<\s]\S*@\S+)$`).ReplaceAll(md, []byte("$1<$2>")) // a golden of before the paper wrote autolinks
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

// Whatever Markdown is read, writing the document and reading it again
// gives the same blocks with the same text, numbers, links and charts:
// the writer escapes all that Markdown would read as markup. Emphasis is
// taken out first: CommonMark's delimiter rules cannot say every nesting
// of emphasis next to punctuation (see Write); TestEmphasisRoundTrip
// covers the emphasis a paper has.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{
		"# Title\n\n1. A *numbered* paragraph with **bold**.\n\n2. Another:\n\n| A | B |\n| --- | ---: |\n| Total | 3 |\n",
		"- a\n- b\n\n1. x\n2. y\n\n> quote\n\n---\n\n```\ncode\n```\n",
		"Text with \\* stars \\_ and [a link](https://example.org) and <https://x.org> and a@b.org.\n",
		"Line one  \nline two\\\nthree\n",
		"```chart\ntitle: T\nseries: a | b\nA | 1 | 2\nB | - | 3\n```\n",
		"Table: Caption\n\n| x |\n| :-: |\n| `a|b` |\n",
		"#5 is not a heading? 1) no. &amp; &copy; &#65;\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, md []byte) {
		d1, err := Read(md, Paper)
		if err != nil {
			return
		}
		d1.Blocks = plainBlocks(d1.Blocks)
		out := Write(d1)
		d2, err := Read(out, Paper)
		if err != nil {
			t.Fatalf("the written Markdown does not read: %v\n%s", err, out)
		}
		if a, b := skeleton(d1.Blocks), skeleton(d2.Blocks); a != b {
			t.Fatalf("read again differs\nin:\n%q\nout:\n%q\n%s\n%s", md, out, a, b)
		}
	})
}

// skeleton describes blocks by kind, number, plain text, links and
// table shape.
func skeleton(bs []doc.Block) string {
	var b strings.Builder
	var inl func(in []doc.Inline)
	inl = func(in []doc.Inline) {
		for _, x := range in {
			switch x := x.(type) {
			case *doc.Link:
				fmt.Fprintf(&b, "<link %q ", x.Dest)
				inl(x.Content)
				b.WriteString(">")
			case *doc.Emph:
				inl(x.Content)
			case *doc.Strong:
				inl(x.Content)
			case doc.Break:
				fmt.Fprintf(&b, "<br %v>", x.Hard)
			default:
				b.WriteString(doc.PlainText([]doc.Inline{x}))
			}
		}
	}
	for _, x := range bs {
		switch x := x.(type) {
		case *doc.Heading:
			fmt.Fprintf(&b, "H%d(", x.Level)
			inl(x.Content)
		case *doc.Para:
			fmt.Fprintf(&b, "P%d %v(", x.Number, x.KeepWithNext)
			inl(x.Content)
		case *doc.Table:
			fmt.Fprintf(&b, "T %q %v(", x.Caption, x.Align)
			for _, c := range x.Header {
				inl(c)
				b.WriteString("|")
			}
			for _, r := range x.Rows {
				fmt.Fprintf(&b, "\n%v:", r.Total)
				for _, c := range r.Cells {
					inl(c)
					b.WriteString("|")
				}
			}
		case *doc.Figure:
			fmt.Fprintf(&b, "F(%s", chart.Marshal(x.Chart))
		case *doc.List:
			fmt.Fprintf(&b, "L %v %d %v(", x.Ordered, x.Start, x.Tight)
			for _, it := range x.Items {
				b.WriteString("item(" + skeleton(it.Blocks) + ")")
			}
		case *doc.Quote:
			b.WriteString("Q(" + skeleton(x.Blocks))
		case *doc.Code:
			fmt.Fprintf(&b, "C(%q", x.Text)
		case *doc.Rule:
			b.WriteString("R(")
		}
		b.WriteString(")\n")
	}
	return b.String()
}

// plainBlocks takes the emphasis out of blocks.
func plainBlocks(bs []doc.Block) []doc.Block {
	var plain func(in []doc.Inline) []doc.Inline
	plain = func(in []doc.Inline) []doc.Inline {
		var out []doc.Inline
		for _, x := range in {
			switch y := x.(type) {
			case *doc.Emph:
				out = append(out, plain(y.Content)...)
				continue
			case *doc.Strong:
				out = append(out, plain(y.Content)...)
				continue
			case *doc.Link:
				x = &doc.Link{Dest: y.Dest, Content: plain(y.Content)}
			}
			if t, ok := x.(doc.Text); ok && len(out) > 0 {
				if p, ok := out[len(out)-1].(doc.Text); ok {
					out[len(out)-1] = doc.Text{S: p.S + t.S}
					continue
				}
			}
			out = append(out, x)
		}
		return out
	}
	for _, b := range bs {
		switch b := b.(type) {
		case *doc.Heading:
			b.Content = plain(b.Content)
		case *doc.Para:
			b.Content = plain(b.Content)
		case *doc.Table:
			for i := range b.Header {
				b.Header[i] = plain(b.Header[i])
			}
			for _, r := range b.Rows {
				for i := range r.Cells {
					r.Cells[i] = plain(r.Cells[i])
				}
			}
		case *doc.List:
			for _, it := range b.Items {
				plainBlocks(it.Blocks)
			}
		case *doc.Quote:
			plainBlocks(b.Blocks)
		}
	}
	return bs
}

// Emphasis as papers have it reads back as written.
func TestEmphasisRoundTrip(t *testing.T) {
	for _, md := range []string{
		"**Sample data.** The figures are *synthetic* and **not** real.\n",
		"A *very **strong** point* and **bold *italic* text**.\n",
		"**Note:** see [the *CQC* site](https://www.cqc.org.uk/).\n",
		"Literal \\*stars\\* stay *emphasis* next to them.\n",
	} {
		d, err := Read([]byte(md), Paper)
		if err != nil {
			t.Fatal(err)
		}
		out := Write(d)
		d2, err := Read(out, Paper)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d, d2) {
			t.Errorf("%q written as %q reads back otherwise", md, out)
		}
	}
}
