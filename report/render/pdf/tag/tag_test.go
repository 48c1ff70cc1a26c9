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
	f.Add([]byte("%PDF-1.4\n1 0 obj\n<</Type /Pages /Kids [3 0 R ] >>\nendobj\n3 0 obj\n<</Type /Page /Annots [<</A <</URI (x\\)[)>>>> <</A 1>>] >>\nendobj\n5 0 obj\n<< /Pages 1 0 R >>\nendobj\ntrailer\n<< /Size 6 /Root 5 0 R >>\nstartxref\n1\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr := New()
		e := tr.Open("P")
		tr.MCID(e, 0)
		l := tr.Child(e, "Link")
		tr.Annot(l, 0, 1, "x")
		tr.Annot(l, 0, 0, "y")
		_, _ = tr.Apply(data, Options{Title: "x"}) // an error, never a panic
	})
}

// A link annotation claimed by a Link element leaves its page's /Annots
// for an object of its own, with /StructParent (its key in the parent
// tree, after the pages') and /Contents; the element holds it as an OBJR.
// An annotation no element claims stays as it was.
func TestApplyLinkAnnotation(t *testing.T) {
	ann0 := "<</Type /Annot /Subtype /Link /Rect [1 2 3 4] /Border [0 0 0] /A <</S /URI /URI (https://a.example/?q=[1]&r=\\(x\\) \\\\)>>>>"
	ann1 := "<</Type /Annot /Subtype /Link /Rect [5 6 7 8] /Border [0 0 0] /A <</S /URI /URI (mailto:b@c.example)>>>>"
	pdf := "%PDF-1.4\n1 0 obj\n<</Type /Pages\n/Kids [3 0 R ]\n/Count 1\n>>\nendobj\n3 0 obj\n<</Type /Page\n/Parent 1 0 R\n/Annots [" + ann0 + ann1 + "]\n>>\nendobj\n5 0 obj\n<<\n/Type /Catalog\n/Pages 1 0 R\n>>\nendobj\nxref\n0 6\ntrailer\n<<\n/Size 6\n/Root 5 0 R\n>>\nstartxref\n170\n%%EOF\n"
	tr := New()
	p := tr.Open("P")
	tr.MCID(p, 0)
	link := tr.Child(p, "Link")
	tr.MCID(link, 0)
	tr.Annot(link, 0, 1, "b@c.example")
	tr.Annot(link, 0, 7, "no such annotation")
	tr.Close()
	out, err := tr.Apply([]byte(pdf), Options{Title: "T"})
	if err != nil {
		t.Fatal(err)
	}
	update := string(out[len(pdf):])
	// Objects 6 (Document), 7 (P), 8 (Link), 9 root, 10 parent tree,
	// 11 metadata, then 12 the annotation.
	for _, want := range []string{
		"12 0 obj\n<</Type /Annot /Subtype /Link /Rect [5 6 7 8] /Border [0 0 0] /A <</S /URI /URI (mailto:b@c.example)>> /Contents " + pdfText("b@c.example") + " /StructParent 1 >>\nendobj",
		"/Annots [" + ann0 + "12 0 R]",
		"/S /Link /P 7 0 R /K [ << /Type /MCR /Pg 3 0 R /MCID 1 >> << /Type /OBJR /Pg 3 0 R /Obj 12 0 R >> ]",
		"/K [ << /Type /MCR /Pg 3 0 R /MCID 0 >> 8 0 R ]",
		"/Nums [ 0 [ 7 0 R 8 0 R ] 1 8 0 R ]",
		"/ParentTreeNextKey 2",
	} {
		if !strings.Contains(update, want) {
			t.Errorf("the update lacks %s\n%s", want, update)
		}
	}
	if strings.Contains(update, "no such annotation") {
		t.Error("an annotation the page does not have was written")
	}
}

// annotsArray finds each annotation dictionary in a page's /Annots,
// past strings that hold brackets, parentheses and ">>", and declines an
// array it cannot read as dictionaries.
func TestAnnotsArray(t *testing.T) {
	for _, c := range []struct {
		page string
		n    int
		ok   bool
	}{
		{"/Type /Page /Annots [<</A <</URI (a]b>>c\\)d)>>>> <</X <41>>>]", 2, true},
		{"/Annots [ ] /Other 1", 0, true},
		{"/Annots [12 0 R]", 0, false},
		{"/Annots 12 0 R", 0, false},
		{"/Annots [<</A (unclosed>>]", 0, false},
		{"/Annots [<</A 1>>", 0, false},
		{"/Type /Page", 0, false},
	} {
		start, end, dicts, ok := annotsArray(c.page)
		if ok != c.ok || len(dicts) != c.n {
			t.Errorf("%q: %d dictionaries, ok %v; want %d, %v", c.page, len(dicts), ok, c.n, c.ok)
			continue
		}
		if ok && c.page[end] != ']' || ok && c.page[start-1] != '[' {
			t.Errorf("%q: span %d-%d is not the array's inside", c.page, start, end)
		}
	}
}
