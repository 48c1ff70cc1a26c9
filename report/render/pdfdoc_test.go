package render

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/carereport/carereport/report/doc"
)

// The PDF tests below build the document's blocks directly: what the PDF
// draws comes from the model's fields (a paragraph's Number, a lead-in's
// KeepWithNext), never from the text.

func pdfWords(s string) []doc.Inline { return []doc.Inline{doc.Text{S: s}} }

func pdfDoc(t *testing.T, blocks ...doc.Block) []byte {
	t.Helper()
	out, err := PDF(&doc.Document{Blocks: blocks}, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A numbered paragraph prints its own number (7, not a count from 1),
// hanging as its list item's label; an ordered list just after numbered
// paragraphs is a list of its own, numbered from its Start, and the
// numbering of the paragraphs after it goes by their Number.
func TestPDFNumberedParasFromModel(t *testing.T) {
	out := pdfDoc(t,
		&doc.Heading{Level: 1, Content: pdfWords("Paper")},
		&doc.Para{Number: 7, Content: pdfWords("Seventh paragraph of the paper.")},
		&doc.Para{Number: 8, Content: pdfWords("The Committee is asked to:")},
		&doc.List{Ordered: true, Start: 1, Tight: true, Items: []doc.Item{
			{Blocks: []doc.Block{&doc.Para{Content: pdfWords("note the ratings;")}}},
			{Blocks: []doc.Block{&doc.Para{Content: pdfWords("agree the plan.")}}},
		}},
		&doc.Para{Number: 12, Content: pdfWords("Twelfth paragraph.")},
	)
	page := poppler(t, "pdftotext", out, "-layout")
	for _, want := range []string{`7\.\s+Seventh paragraph of the paper\.`, `8\.\s+The Committee is asked to:`,
		`1\.\s+note the ratings;`, `2\.\s+agree the plan\.`, `12\.\s+Twelfth paragraph\.`} {
		if !regexp.MustCompile(want).MatchString(page) {
			t.Errorf("the page has no line matching %s:\n%s", want, page)
		}
	}
	st := poppler(t, "pdfinfo", out, "-struct-text")
	var labels []string
	for _, m := range regexp.MustCompile(`Lbl \(block\)\n\s*"([^"]*)"`).FindAllStringSubmatch(st, -1) {
		labels = append(labels, m[1])
	}
	if got, want := fmt.Sprint(labels), "[7. 8. 1. 2. 12.]"; got != want {
		t.Errorf("list labels %s, want %s", got, want)
	}
	// Three lists: paragraphs 7 and 8, the officer's list, paragraph 12.
	var items []int
	for _, l := range parseStruct(t, poppler(t, "pdfinfo", out, "-struct")).all("L") {
		items = append(items, len(l.all("LI")))
	}
	if got, want := fmt.Sprint(items), "[2 2 1]"; got != want {
		t.Errorf("items of each list %s, want %s", got, want)
	}
}

// A paragraph marked KeepWithNext starts on the page its table starts
// on, wherever it falls, though it is too long (eight lines) for the
// layout's own rule for short paragraphs before a table; one that is not
// marked lets the page break between them even when it ends in a colon.
func TestPDFKeepWithNextFromModel(t *testing.T) {
	long := strings.Repeat("The ratings of the services in the area have changed over the year in several ways. ", 8)
	table := &doc.Table{Caption: "Table 1: Ratings", Header: []doc.Cell{pdfWords("Rating"), pdfWords("Number")},
		Align: []doc.Align{doc.AlignLeft, doc.AlignRight}}
	for _, r := range []string{"Outstanding", "Good", "Requires Improvement", "Inadequate", "Not yet rated", "Total"} {
		table.Rows = append(table.Rows, doc.Row{Cells: []doc.Cell{pdfWords(r), pdfWords("1")}, Total: r == "Total"})
	}
	pages := func(keep bool, lead string, filler int) (leadPage, tablePage int) {
		var fill []doc.Inline
		for i := 1; i <= filler; i++ {
			fill = append(fill, doc.Text{S: fmt.Sprintf("Line %d of filler.", i)}, doc.Break{Hard: true})
		}
		fill = append(fill, doc.Text{S: "Last filler line."})
		out := pdfDoc(t, &doc.Heading{Level: 1, Content: pdfWords("Title")}, &doc.Para{Content: fill},
			&doc.Para{Number: 5, KeepWithNext: keep, Content: pdfWords(lead)}, table)
		for p := 1; p <= pageCount(t, out); p++ {
			page := squash(poppler(t, "pdftotext", out, "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p)))
			if strings.Contains(page, "The ratings of the services") && leadPage == 0 {
				leadPage = p
			}
			if strings.Contains(page, "Table 1: Ratings") {
				tablePage = p
			}
		}
		return leadPage, tablePage
	}
	split := 0
	for filler := 14; filler <= 44; filler += 2 {
		if l, tb := pages(true, long+"And so on.", filler); l == 0 || l != tb {
			t.Errorf("filler %d: the paragraph kept with its table starts on page %d, the table on page %d", filler, l, tb)
		}
		if l, tb := pages(false, long+"These are:", filler); l != tb {
			split++
		}
	}
	if split == 0 {
		t.Error("a long paragraph not marked KeepWithNext always started on its table's page: the test shows nothing")
	}
}

// A link can be clicked when it is a web, e-mail or phone link; its
// address follows its text in brackets only when the text does not say
// it (an e-mail address shown as itself is not repeated).
func TestPDFLinksFromModel(t *testing.T) {
	link := func(dest, s string) *doc.Link { return &doc.Link{Dest: dest, Content: pdfWords(s)} }
	out := pdfDoc(t, &doc.Para{Content: []doc.Inline{
		doc.Text{S: "Email: "}, link("mailto:sam@council.example", "sam@council.example"),
		doc.Text{S: ", the "}, link("https://www.cqc.org.uk/", "CQC website"),
		doc.Text{S: ", call "}, link("tel:01632960000", "01632 960000"),
		doc.Text{S: " or "}, link("javascript:alert(1)", "this"), doc.Text{S: "."},
	}})
	for _, want := range []string{"/URI (mailto:sam@council.example)", "/URI (https://www.cqc.org.uk/)", "/URI (tel:01632960000)"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("no link annotation %s", want)
		}
	}
	if bytes.Contains(out, []byte("/URI (javascript")) {
		t.Error("a javascript: link was made clickable")
	}
	page := squash(poppler(t, "pdftotext", out, "-layout"))
	for _, want := range []string{"Email: sam@council.example, the CQC website (https://www.cqc.org.uk/), call 01632 960000 (tel:01632960000) or this (javascript:alert(1))."} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not read %q:\n%s", want, page)
		}
	}
}

// Each clickable link is in the structure tree, as PDF/UA asks: its text
// is a Link element (the space before it stays in the paragraph), and
// each of its annotations is in that element (/StructParent, an OBJR)
// with a /Contents saying the link's text. A link that is not made
// clickable is no Link element.
func TestPDFLinksTagged(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf (Debian: qpdf) is not installed")
	}
	link := func(dest, s string) *doc.Link { return &doc.Link{Dest: dest, Content: pdfWords(s)} }
	out := pdfDoc(t,
		&doc.Para{Content: []doc.Inline{doc.Text{S: "Email: "}, link("mailto:sam@council.example", "sam@council.example"),
			doc.Text{S: " or see the "}, link("https://www.cqc.org.uk/", "CQC website"), doc.Text{S: " and "},
			link("javascript:alert(1)", "this"), doc.Text{S: "."}}},
		&doc.Table{Header: []doc.Cell{pdfWords("Contact")}, Rows: []doc.Row{{Cells: []doc.Cell{{link("tel:01632960000", "01632 960000")}}}}},
	)
	st := poppler(t, "pdfinfo", out, "-struct-text")
	links := regexp.MustCompile(`Link \(inline\)\n\s*"([^"]*)"`).FindAllStringSubmatch(st, -1)
	var texts []string
	for _, m := range links {
		texts = append(texts, strings.TrimSpace(m[1]))
	}
	if got, want := fmt.Sprint(texts), "[sam@council.example CQC website 01632 960000]"; got != want {
		t.Errorf("Link elements read %s, want %s:\n%s", got, want, st)
	}
	if !strings.Contains(st, `"Email: "`) {
		t.Errorf("the paragraph does not keep the space before the link:\n%s", st)
	}
	// The annotations: one a word, each in the structure.
	dir := t.TempDir()
	in, qdf := filepath.Join(dir, "t.pdf"), filepath.Join(dir, "q.pdf")
	if err := os.WriteFile(in, out, 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", in, qdf).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, b)
	}
	data, err := os.ReadFile(qdf)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	annots := strings.Count(s, "/Subtype /Link")
	if annots != 5 {
		t.Errorf("%d link annotations, want 5 (one for each word of a clickable link)", annots)
	}
	if n := len(regexp.MustCompile(`/StructParent \d+\n`).FindAllString(s, -1)); n != annots {
		t.Errorf("%d of %d link annotations have a /StructParent", n, annots)
	}
	if n := strings.Count(s, "/Type /OBJR"); n != annots {
		t.Errorf("%d OBJRs in the structure for %d link annotations", n, annots)
	}
	if n := strings.Count(s, "/Contents <feff"); n != annots {
		t.Errorf("%d of %d link annotations have /Contents", n, annots)
	}
}
