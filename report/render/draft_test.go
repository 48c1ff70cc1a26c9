package render

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
)

// draftMarkdown runs to three pages or more.
func draftMarkdown() []byte {
	var md strings.Builder
	md.WriteString("# DRAFT: Quality of care in Heath\n\n## Background\n\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&md, "%d. Paragraph %d of the paper, long enough to take a line or two of the page so that the paper runs on.\n\n", i, i)
	}
	return []byte(md.String())
}

// A draft's PDF has, on every page, a diagonal DRAFT watermark that is
// an artifact (outside the structure, so not read out), drawn first, and
// the footer saying DRAFT; a final one has none.
func TestPDFDraftWatermark(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf (Debian: qpdf) is not installed")
	}
	meta := Meta{Title: "DRAFT: Quality of care in Heath", Lang: "en-GB", Date: report.MustDate("2021-03-09").Time(),
		Footer: "DRAFT: Scrutiny Committee", Draft: true}
	out, err := pdfMD(draftMarkdown(), meta)
	if err != nil {
		t.Fatal(err)
	}
	pages := contentStreams(t, out)
	if len(pages) < 3 {
		t.Fatalf("%d pages, want three or more", len(pages))
	}
	// The watermark: an artifact of subtype Watermark holding a rotation
	// (cm with non-zero b and c) and one string of five glyphs, D R A F T.
	mark := regexp.MustCompile(`/Artifact <</Type /Pagination /Subtype /Watermark>> BDC\s*q\s*(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) -?[\d.]+ -?[\d.]+ cm\s*BT [^\n]*Tf ET\s*q [\d.]+ g BT [-\d. ]+Td <([0-9A-Fa-f]{20})> Tj ET Q\s*Q\s*EMC`)
	for i, p := range pages {
		m := mark.FindStringSubmatchIndex(p)
		if m == nil {
			t.Errorf("page %d: no DRAFT watermark artifact", i+1)
			continue
		}
		if b, c := p[m[4]:m[5]], p[m[6]:m[7]]; b == "0.00000" || c == "0.00000" || b == "0" {
			t.Errorf("page %d: the watermark is not rotated (cm b=%s c=%s)", i+1, b, c)
		}
		// Nothing marked as content is open around it: it is drawn
		// before the page's tagged content.
		if before := p[:m[0]]; strings.Contains(before, "BDC") || strings.Contains(before, "Tj") {
			t.Errorf("page %d: the watermark is not the first thing drawn", i+1)
		}
	}
	pdftotext := func(pdf []byte, page int) string {
		return poppler(t, "pdftotext", pdf, "-f", fmt.Sprint(page), "-l", fmt.Sprint(page))
	}
	for i := range pages {
		if !strings.Contains(pdftotext(out, i+1), "DRAFT") {
			t.Errorf("page %d: pdftotext finds no DRAFT", i+1)
		}
	}
	// The structure (what a screen reader reads) has the title's DRAFT
	// and no other: not the watermark, not the footer.
	st := poppler(t, "pdfinfo", out, "-struct-text")
	if n := strings.Count(st, "DRAFT"); n != 1 {
		t.Errorf("the structure reads DRAFT %d times, want once (the title):\n%s", n, st)
	}

	final := meta
	final.Draft, final.Title, final.Footer = false, "Quality of care in Heath", "Scrutiny Committee"
	fout, err := pdfMD(draftMarkdown(), final)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range contentStreams(t, fout) {
		if strings.Contains(p, "/Watermark") {
			t.Errorf("page %d of a final paper has a watermark", i+1)
		}
	}
}

// contentStreams returns each page's content stream, decompressed by
// qpdf.
func contentStreams(t *testing.T, pdf []byte) []string {
	t.Helper()
	dir := t.TempDir()
	in, qdf := filepath.Join(dir, "t.pdf"), filepath.Join(dir, "q.pdf")
	os.WriteFile(in, pdf, 0o644)
	if b, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", in, qdf).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, b)
	}
	data, _ := os.ReadFile(qdf)
	var out []string
	for _, p := range regexp.MustCompile(`%% Contents for page (\d+)\n`).Split(string(data), -1)[1:] {
		m := regexp.MustCompile(`(?s)stream\n(.*?)endstream`).FindStringSubmatch(p)
		if m == nil {
			t.Fatal("a page has no content stream")
		}
		out = append(out, m[1])
	}
	return out
}

// The HTML of a draft has a banner saying so inside main, and its title
// (given by the caller) in <title>; a final one has neither banner nor
// its style.
func TestHTMLDraftBanner(t *testing.T) {
	md := []byte("# DRAFT: Quality of care in Heath\n\nText.\n")
	out, err := htmlMD(md, Meta{Title: "DRAFT: Quality of care in Heath", Draft: true, Generator: "carereport v9.9.9 (abc) go1"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{"<title>DRAFT: Quality of care in Heath</title>", `<meta name="generator" content="carereport v9.9.9 (abc) go1">`,
		"<main id=\"main\" tabindex=\"-1\">\n<p class=\"draft-banner\" role=\"note\"><strong>Draft</strong>", ".draft-banner {"} {
		if !strings.Contains(s, want) {
			t.Errorf("the draft HTML lacks %q", want)
		}
	}
	out, err = htmlMD(md, Meta{Title: "Quality of care in Heath"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "draft-banner") {
		t.Error("a final paper has the draft banner")
	}
	if !strings.Contains(string(out), `<meta name="generator" content="carereport">`) {
		t.Error("without a Generator the HTML does not name carereport")
	}
}
