package tag

import (
	"bytes"
	"strings"
	"testing"
)

// A minimal file in fpdf's layout gets its tree as an update: the catalog
// and page again with their new entries, a new xref section pointing back
// at the old one.
func TestApply(t *testing.T) {
	pdf := "%PDF-1.4\n1 0 obj\n<</Type /Pages\n/Kids [3 0 R ]\n/Count 1\n>>\nendobj\n3 0 obj\n<</Type /Page\n/Parent 1 0 R\n>>\nendobj\n5 0 obj\n<<\n/Type /Catalog\n/Pages 1 0 R\n/Lang (en-GB)\n>>\nendobj\nxref\n0 6\ntrailer\n<<\n/Size 6\n/Root 5 0 R\n>>\nstartxref\n170\n%%EOF\n"
	tr := New()
	p := tr.Open("P")
	tr.MCID(p, 0)
	tr.Close()
	fig := tr.Open("Figure")
	fig.Alt = "A chart"
	tr.MCID(fig, 0)
	tr.Close()
	out, err := tr.Apply([]byte(pdf), Options{Title: "T & U"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{"/StructTreeRoot", "/MarkInfo << /Marked true >>", "/StructParents 0", "/Tabs /S", "/Prev 170",
		"/S /Figure", "/Alt <FEFF", "<< /Type /MCR /Pg 3 0 R /MCID 1 >>", "T &amp; U</rdf:li>", "/Nums [ 0 [ 7 0 R 8 0 R ] ]", "/Version /1.7"} {
		if !strings.Contains(s, want) {
			t.Errorf("lacks %s", want)
		}
	}
	if !bytes.HasPrefix(out, []byte(pdf)) {
		t.Error("the original bytes were changed: an update only appends")
	}
}

func FuzzApply(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n1 0 obj\n<</Type /Pages /Kids [3 0 R ] >>\nendobj\n5 0 obj\n<< /Pages 1 0 R >>\nendobj\ntrailer\n<< /Size 6 /Root 5 0 R >>\nstartxref\n1\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr := New()
		e := tr.Open("P")
		tr.MCID(e, 0)
		_, _ = tr.Apply(data, Options{Title: "x"}) // an error, never a panic
	})
}
