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
	"unicode"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/render/markdown"
	"github.com/carereport/carereport/report/render/pdf"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// poppler runs a poppler-utils tool on pdf and returns its output; it skips
// the test when the tool is not installed.
func poppler(t *testing.T, tool string, pdf []byte, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		t.Skipf("%s not found: install poppler-utils (apt-get install -y poppler-utils) to run the PDF checks", tool)
	}
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args = append(args, file)
	if tool == "pdftotext" {
		args = append(args, "-")
	}
	out, err := exec.Command(path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
	}
	return string(out)
}

func renderPDF(t *testing.T, md []byte) []byte {
	t.Helper()
	out, err := pdfMD(md, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// squash collapses runs of white space, as pdftotext -layout spreads text
// out with spaces.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func pageCount(t *testing.T, pdf []byte) int {
	info := poppler(t, "pdfinfo", pdf)
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("no page count in pdfinfo output:\n%s", info)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestPDFDeterministic(t *testing.T) {
	md := fixture(t)
	a := renderPDF(t, md)
	for i := 0; i < 3; i++ {
		if b := renderPDF(t, md); !bytes.Equal(a, b) {
			t.Fatalf("rendering %d of the same input differs from the first", i+2)
		}
	}
	// Code uses the mono font, which fpdf once changed in place between runs.
	code := []byte("# T\n\n    x := 1\n\nSome `code` here.\n")
	if !bytes.Equal(renderPDF(t, code), renderPDF(t, code)) {
		t.Fatal("two renderings with code differ")
	}
	if !bytes.HasPrefix(a, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
}

func TestPDFNeedsDate(t *testing.T) {
	if _, err := pdfMD([]byte("# x"), Meta{Title: "x"}); err == nil || !strings.Contains(err.Error(), "Date") {
		t.Errorf("PDF without a date: err = %v", err)
	}
}

func TestPDFMetadata(t *testing.T) {
	pdf := renderPDF(t, fixture(t))
	info := poppler(t, "pdfinfo", pdf)
	for _, want := range []string{
		"Title:           Quality of care in Devon",
		"Author:          Director of Adults and Communities",
		"Subject:         CQC ratings of regulated adult social care",
		"Keywords:        CQC, adult social care, quality",
		"Creator:         carereport",
		"CreationDate:    Mon Nov 11 09:30:00 2019",
		"ModDate:         Mon Nov 11 09:30:00 2019",
		"Page size:       595.28 x 841.89 pts (A4)",
	} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	// Catalog language and one outline entry per heading (levels 1-3).
	if !bytes.Contains(pdf, []byte("/Lang (en-GB)")) {
		t.Error("no /Lang in the catalog")
	}
	if !bytes.Contains(pdf, []byte("/Type /Outlines")) {
		t.Error("no outline (bookmarks)")
	}
	doc, _ := Parse(fixture(t))
	headings := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := n.(*ast.Heading); ok && entering {
			headings++
		}
		return ast.WalkContinue, nil
	})
	if got := bytes.Count(pdf, []byte("/Dest [")); got != headings {
		t.Errorf("%d bookmarks, want %d (one per heading)", got, headings)
	}
}

func TestPDFText(t *testing.T) {
	md := fixture(t)
	pdf := renderPDF(t, md)
	text := poppler(t, "pdftotext", pdf, "-layout")
	checkNoOverflow(t, pdf)
	flat := squash(text)
	// pdftotext sometimes joins an arrow to the number after it ("↑4");
	// table figures are compared without spaces.
	tight := strings.Join(strings.Fields(text), "")
	pages := pageCount(t, pdf)

	for _, want := range []string{
		"ADULTS AND COMMUNITIES OVERVIEW AND SCRUTINY COMMITTEE",
		"QUALITY OF CARE IN DEVON",
		"REPORT OF THE DIRECTOR OF ADULTS AND COMMUNITIES",
		"Purpose of report", "Background", "Inspections in 2019", "Officers to Contact",
		"CQC ratings of regulated services in Devon, 1 November 2019",
		"Ratings from inspections published in 2019",
		"Services rated Good or Outstanding, comparator group",
		"1 November 2018", "Gloucestershire",
		"£212.4 million", "department’s budget", "↑ more services, ↓ fewer, ↔ no change",
		"“as required”", "Assistant Director – Strategic Commissioning",
		"Page 1 of " + strconv.Itoa(pages),
		fmt.Sprintf("Page %d of %d", pages, pages),
		"Adults and Communities Overview and Scrutiny Committee, 11 November 2019",
		"https://www.cqc.org.uk/search/services/care-homes",
		"• safe management of medicines",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	for _, r := range "↑↓↔£’" {
		if !strings.ContainsRune(text, r) {
			t.Errorf("glyph %q missing from the PDF text", r)
		}
	}
	if strings.ContainsRune(text, '\uFFFD') {
		t.Error("PDF text has replacement characters")
	}

	// Every figure in every table (and in the chart's data table) appears.
	doc, err := Parse(md)
	if err != nil {
		t.Fatal(err)
	}
	figures := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *extast.TableCell:
			cell := strings.TrimSpace(markdown.PlainText(n, md))
			if strings.IndexFunc(cell, unicode.IsDigit) >= 0 {
				figures++
				if !strings.Contains(tight, strings.Join(strings.Fields(cell), "")) {
					t.Errorf("table figure %q missing from the PDF text", cell)
				}
			}
		case *markdown.Chart:
			for _, r := range n.Chart.Rows {
				for _, v := range r.Values {
					figures++
					if !strings.Contains(flat, r.Label+" ") || !strings.Contains(flat, n.Chart.Format(v)) {
						t.Errorf("chart figure %s %s missing", r.Label, n.Chart.Format(v))
					}
				}
			}
		}
		return ast.WalkContinue, nil
	})
	if figures < 100 {
		t.Errorf("only %d figures checked; fixture changed?", figures)
	}

	// Numbered paragraphs: each number starts a line, in order.
	last := -1
	for n := 1; n <= 12; n++ {
		re := regexp.MustCompile(fmt.Sprintf(`(?m)^\s*%d\.\s+\S`, n))
		loc := re.FindStringIndex(text)
		if loc == nil {
			t.Errorf("numbered paragraph %d missing", n)
			continue
		}
		if loc[0] < last {
			t.Errorf("numbered paragraph %d out of order", n)
		}
		last = loc[0]
	}
}

func TestPDFLongTableRepeatsHeader(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Long table\n\nTable: Every care home\n\n| Care home | Locality | Beds | Rating |\n|:--|:--|--:|:--|\n")
	for i := 1; i <= 90; i++ {
		name := fmt.Sprintf("Home %03d", i)
		if i%7 == 0 {
			// Some rows wrap onto several lines.
			name += " with a much longer name that has to wrap onto a second and maybe a third line in its cell"
		}
		fmt.Fprintf(&b, "| %s | Town %03d | %d | Good |\n", name, i, 10+i)
	}
	pdf := renderPDF(t, []byte(b.String()))
	checkNoOverflow(t, pdf)
	pages := pageCount(t, pdf)
	if pages < 3 {
		t.Fatalf("table should span at least 3 pages, got %d", pages)
	}
	header := regexp.MustCompile(`(?m)^\s*Care home\s+Locality\s+Beds\s+Rating\s*$`)
	seen := map[int]int{} // row number -> page
	for p := 1; p <= pages; p++ {
		text := poppler(t, "pdftotext", pdf, "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p))
		if !header.MatchString(text) {
			t.Errorf("page %d does not repeat the header row:\n%s", p, text)
		}
		for _, m := range regexp.MustCompile(`Town (\d{3})`).FindAllStringSubmatch(text, -1) {
			n, _ := strconv.Atoi(m[1])
			seen[n] = p
		}
		// A wrapped row keeps all its lines on one page: the last words of
		// the long names never start a page without their row.
		for _, m := range regexp.MustCompile(`(?m)^\s*(Home (\d{3}))`).FindAllStringSubmatch(text, -1) {
			n, _ := strconv.Atoi(m[2])
			if n%7 == 0 && !strings.Contains(squash(text), fmt.Sprintf("Home %03d with a much", n)) {
				t.Errorf("row %d lost its first line on page %d", n, p)
			}
		}
		if p > 1 && regexp.MustCompile(`(?m)\A(\s*Care home.*\n)?\s*(second|third|line in its cell)`).MatchString(text) {
			t.Errorf("page %d starts with the tail of a split row", p)
		}
	}
	if len(seen) != 90 {
		t.Errorf("found %d of 90 rows", len(seen))
	}
	for p := 1; p <= pages; p++ {
		text := squash(poppler(t, "pdftotext", pdf, "-f", strconv.Itoa(p), "-l", strconv.Itoa(p)))
		for n := 7; n <= 90; n += 7 {
			if seen[n] == p && !strings.Contains(text, "in its cell") {
				t.Errorf("row %d is on page %d without its last line", n, p)
			}
		}
	}
}

func TestPDFKeepsHeadingWithText(t *testing.T) {
	// Move a heading down the page one line at a time: wherever it falls,
	// it must never be the last thing on a page.
	footer := regexp.MustCompile(`Page \d+ of \d+`)
	for filler := 36; filler <= 46; filler++ {
		var b strings.Builder
		b.WriteString("# Title\n\n")
		for i := 1; i <= filler; i++ {
			fmt.Fprintf(&b, "Line %d of filler.\\\n", i)
		}
		b.WriteString("Last filler line.\n\n## Lonely heading\n\nThe paragraph that belongs to the heading, long enough to wrap onto a second line of text on the page.\n")
		pdf := renderPDF(t, []byte(b.String()))
		checkNoOverflow(t, pdf)
		for p := 1; p <= pageCount(t, pdf); p++ {
			text := poppler(t, "pdftotext", pdf, "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p))
			var lines []string
			for _, l := range strings.Split(text, "\n") {
				if strings.TrimSpace(l) != "" && !footer.MatchString(l) {
					lines = append(lines, strings.TrimSpace(l))
				}
			}
			if len(lines) > 0 && lines[len(lines)-1] == "Lonely heading" {
				t.Errorf("filler %d: heading left alone at the foot of page %d", filler, p)
			}
		}
	}
}

// checkNoOverflow fails when text other than the footer is drawn below the
// text area (297 mm - 22 mm bottom margin).
func checkNoOverflow(t *testing.T, pdf []byte) {
	t.Helper()
	const bottom = (297 - 22) / 25.4 * 72 // pt from the top of the page
	const footerTop = (297 - 16) / 25.4 * 72
	bbox := poppler(t, "pdftotext", pdf, "-bbox")
	re := regexp.MustCompile(`<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>`)
	for _, m := range re.FindAllStringSubmatch(bbox, -1) {
		yMin, _ := strconv.ParseFloat(m[1], 64)
		yMax, _ := strconv.ParseFloat(m[2], 64)
		if yMax > bottom+1 && yMin < footerTop {
			t.Errorf("word %q drawn below the text area (y %.1f-%.1f pt)", m[3], yMin, yMax)
		}
	}
}

func TestPDFThematicBreakIsNotAPageBreak(t *testing.T) {
	pdf := renderPDF(t, []byte("# T\n\nBefore.\n\n---\n\nAfter.\n"))
	if n := pageCount(t, pdf); n != 1 {
		t.Errorf("pages = %d, want 1", n)
	}
}

func TestPDFKeepsLeadInWithTable(t *testing.T) {
	// A numbered paragraph ending in a colon introduces the table after it:
	// wherever it falls, the two start on the same page.
	for filler := 22; filler <= 46; filler += 2 {
		var b strings.Builder
		b.WriteString("# Title\n\n")
		for i := 1; i <= filler; i++ {
			fmt.Fprintf(&b, "Line %d of filler.\\\n", i)
		}
		b.WriteString("Last filler line.\n\n5. Across the area the current ratings are:\n\nTable: Table 1: Ratings\n\n| Rating | Number |\n| --- | ---: |\n")
		for _, r := range []string{"Outstanding", "Good", "Requires Improvement", "Inadequate", "Not yet rated", "Total"} {
			fmt.Fprintf(&b, "| %s | 1 |\n", r)
		}
		pdf := renderPDF(t, []byte(b.String()))
		leadPage, tablePage := 0, 0
		for p := 1; p <= pageCount(t, pdf); p++ {
			text := squash(poppler(t, "pdftotext", pdf, "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p)))
			if strings.Contains(text, "current ratings are:") {
				leadPage = p
			}
			if strings.Contains(text, "Table 1: Ratings") {
				tablePage = p
			}
		}
		if leadPage == 0 || leadPage != tablePage {
			t.Errorf("filler %d: the lead-in is on page %d, its table on page %d", filler, leadPage, tablePage)
		}
	}
}

func TestPDFKeepsHeadingWithContactBlock(t *testing.T) {
	// A contact block (short lines joined by hard breaks) stays on one
	// page, so the heading before it must move with all of it.
	footer := regexp.MustCompile(`Page \d+ of \d+`)
	for filler := 30; filler <= 46; filler++ {
		var b strings.Builder
		b.WriteString("# Title\n\n")
		for i := 1; i <= filler; i++ {
			fmt.Fprintf(&b, "Line %d of filler.\\\n", i)
		}
		b.WriteString("Last filler line.\n\n## Officers to Contact\n\nSam Example\\\nAssistant Director\\\nAdults Department\\\nTel: 01632 960000\\\nEmail: sam@example.org\n")
		pdf := renderPDF(t, []byte(b.String()))
		for p := 1; p <= pageCount(t, pdf); p++ {
			text := poppler(t, "pdftotext", pdf, "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p))
			var lines []string
			for _, l := range strings.Split(text, "\n") {
				if strings.TrimSpace(l) != "" && !footer.MatchString(l) {
					lines = append(lines, strings.TrimSpace(l))
				}
			}
			if len(lines) > 0 && lines[len(lines)-1] == "Officers to Contact" {
				t.Errorf("filler %d: heading left alone at the foot of page %d", filler, p)
			}
		}
	}
}

// A character above U+FFFF (an emoji) in a title, a paragraph, a table
// cell or a chart never fails the PDF: it is drawn as the replacement
// character, and Undrawable names it for validate.
func TestPDFCharactersBeyondTheFont(t *testing.T) {
	md := []byte("# Care in 🏠 Heath\n\nA paragraph with 😀 and 𝔘 in it.\n\n| Service | Rating |\n| --- | ---: |\n| Oak 🌳 House | Good |\n\n```chart\ntitle: Homes 🏠\nseries: x\nOak 🌳 | 5\n```\n")
	out, err := pdfMD(md, Meta{Title: "Care in 🏠", Date: report.MustDate("2021-03-09").Time(), Footer: "Committee 🏛"})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	if !bytes.HasPrefix(out, []byte("%PDF")) {
		t.Fatal("not a PDF")
	}
	got := string(pdf.Undrawable(string(md)))
	for _, r := range []rune{'🏠', '😀', '𝔘', '🌳'} {
		if !strings.ContainsRune(got, r) {
			t.Errorf("Undrawable misses %q: %q", r, got)
		}
	}
	if strings.Count(got, "🏠") != 1 {
		t.Errorf("a character is reported more than once: %q", got)
	}
}

// A very long unbroken word (a 1 MB title) renders; that its cutting is
// linear work is held by the pdf package's TestLongWordLinear, which
// counts the text measured rather than timing it.
func TestPDFLongWord(t *testing.T) {
	md := []byte("# " + strings.Repeat("x", 200_000) + "\n\nText.\n")
	if _, err := pdfMD(md, Meta{Title: "t", Date: report.MustDate("2021-03-09").Time()}); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkPDFLongWord(b *testing.B) {
	md := []byte("# " + strings.Repeat("x", 1<<20) + "\n\nText.\n")
	for b.Loop() {
		if _, err := pdfMD(md, Meta{Title: "t", Date: report.MustDate("2021-03-09").Time()}); err != nil {
			b.Fatal(err)
		}
	}
}

// The PDF is tagged (PDF/UA-1 in intent): pdfinfo sees the structure,
// every word on the page outside the footer is in it, qpdf finds the file
// sound, and the catalog has what a tagged PDF needs.
func TestPDFIsTagged(t *testing.T) {
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("pdfinfo (Debian: poppler-utils) is not installed")
	}
	md := []byte("# Quality of care in Heath\n\n## Background\n\n1. The first numbered paragraph, long enough to wrap onto a second line of the page so that line ends are tested too.\n\n2. The current ratings are:\n\nTable: Table 1: Ratings\n\n| Rating | Number |\n| --- | ---: |\n| Good | 248 |\n| Total | 322 |\n\n```chart\ntitle: Figure 1: Homes rated Good\nseries: 2020 | 2021\nHeath | 80 | 85\nVale | 70 | 72\n```\n\n```chart\ntype: line\ntitle: Figure 2: Over time\nunit: %\nmax: 100\nseries: Heath | Vale\n1 Jan 2020 | 80 | 79\n1 Apr 2020 | 84 | 81\n```\n\n- a bullet\n- another bullet\n\n### Notes\n\nSource: CQC.\n")
	out, err := pdfMD(md, Meta{Title: "Quality of care in Heath", Lang: "en-GB", Date: report.MustDate("2021-03-09").Time(), Footer: "Scrutiny Committee"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "t.pdf")
	os.WriteFile(f, out, 0o644)
	info, err := exec.Command("pdfinfo", f).CombinedOutput()
	if err != nil || !strings.Contains(string(info), "Tagged:          yes") {
		t.Fatalf("pdfinfo: %v\n%s", err, info)
	}
	st, err := exec.Command("pdfinfo", "-struct-text", f).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo -struct-text: %v", err)
	}
	tree := string(st)
	for _, want := range []string{"Document", "H1", "H2", "H3", "P (block)", "L (block)", "LI (block)", "Lbl (block)", "LBody (block)",
		"Table (block)", "THead", "TBody", "TR", "TH", "TD", "Figure", "Caption"} {
		if !strings.Contains(tree, want) {
			t.Errorf("the structure has no %s:\n%s", want, tree)
		}
	}
	// Every word pdftotext sees, less the footer, is in the structure.
	text, err := exec.Command("pdftotext", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	inTree := map[string]int{}
	for _, m := range regexp.MustCompile(`"([^"]*)"`).FindAllStringSubmatch(tree, -1) {
		for _, w := range strings.Fields(m[1]) {
			inTree[w]++
		}
	}
	// Text drawn inside the Figure (tick labels) is in the structure as
	// the figure's content, which pdfinfo does not list as text.
	doc, _ := markdown.Parse(md)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*markdown.Chart); ok && entering {
			for _, it := range c.Chart.Layout(170 / 0.3528).Items {
				for _, w := range strings.Fields(it.Text) {
					inTree[w]++
				}
			}
		}
		return ast.WalkContinue, nil
	})
	for _, line := range strings.Split(string(text), "\n") {
		if regexp.MustCompile(`Page \d+ of \d+`).MatchString(line) || strings.Contains(line, "Scrutiny Committee") {
			continue
		}
		for _, w := range strings.Fields(line) {
			if inTree[w] == 0 {
				t.Errorf("%q is on the page but not in the structure", w)
			}
		}
	}
	for _, want := range []string{"/MarkInfo << /Marked true >>", "/ViewerPreferences << /DisplayDocTitle true >>", "/StructTreeRoot", "/Tabs /S", "/StructParents 0",
		"<pdfuaid:part>1</pdfuaid:part>", "Quality of care in Heath</rdf:li>", "/Alt <FEFF", "/Scope /Column", "/Artifact BMC"} {
		if want == "/Artifact BMC" {
			continue // in compressed content streams; the footer's absence from the tree is checked above
		}
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("the PDF lacks %s", want)
		}
	}
	if _, err := exec.LookPath("qpdf"); err == nil {
		if out, err := exec.Command("qpdf", "--check", f).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	} else {
		t.Log("qpdf is not installed: the structure check is skipped")
	}
	again, _ := pdfMD(md, Meta{Title: "Quality of care in Heath", Lang: "en-GB", Date: report.MustDate("2021-03-09").Time(), Footer: "Scrutiny Committee"})
	if !bytes.Equal(out, again) {
		t.Error("the same input gave different bytes")
	}
}

// Every mark the PDF paints (text, pictures, lines, rectangles) is either
// real content in the structure (BDC with an MCID) or an artifact (the
// footer, page numbers, rules, repeated headers): PDF/UA allows nothing
// in between, and pdftotext cannot tell, so the content streams are read
// (decompressed by qpdf) on a paper that runs to a second page.
func TestPDFContentAllMarked(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf (Debian: qpdf) is not installed")
	}
	var md strings.Builder
	md.WriteString("# Quality of care in Heath\n\n## Background\n\n1. The first numbered paragraph.\n\n")
	md.WriteString("Table: Table 1: Ratings\n\n| Rating | Number |\n| --- | ---: |\n")
	for i := 0; i < 80; i++ { // long enough to carry on under a repeated header
		fmt.Fprintf(&md, "| Row %d | %d |\n", i, i)
	}
	md.WriteString("| Total | 322 |\n\n```chart\ntitle: Figure 1: Homes rated Good\nseries: 2020 | 2021\nHeath | 80 | 85\nVale | 70 | 72\n```\n\n```chart\ntype: line\ntitle: Figure 2: Over time\nunit: %\nmax: 100\nseries: Heath | Vale\n1 Jan 2020 | 80 | 79\n1 Apr 2020 | 84 | 81\n```\n\n- a bullet\n\n> a quote\n\n    code\n")
	out, err := pdfMD([]byte(md.String()), Meta{Title: "T", Lang: "en-GB", Date: report.MustDate("2021-03-09").Time(), Footer: "Scrutiny Committee"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in, qdf := filepath.Join(dir, "t.pdf"), filepath.Join(dir, "q.pdf")
	os.WriteFile(in, out, 0o644)
	if b, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", in, qdf).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, b)
	}
	data, _ := os.ReadFile(qdf)
	pages := regexp.MustCompile(`%% Contents for page (\d+)\n`).Split(string(data), -1)[1:]
	if len(pages) < 2 {
		t.Fatalf("%d pages, want two or more", len(pages))
	}
	// The line chart's second line is dashed: its pattern is set before
	// it is drawn, and solid lines again after.
	if !regexp.MustCompile(`\[[\d.]+ [\d.]+\] 0\.00 d`).MatchString(string(data)) || !strings.Contains(string(data), "[] 0.00 d") {
		t.Error("no dashed line in the PDF: the line chart's series look alike")
	}
	op := regexp.MustCompile(`/\w+\s*<<[^>]*>>\s*BDC|/\w+\s+BMC|\bEMC\b|\bT[jJ]\b|\bDo\b|\bre\b|\bl\b|\b[SBf]\b`)
	for i, p := range pages {
		m := regexp.MustCompile(`(?s)stream\n(.*?)endstream`).FindStringSubmatch(p)
		if m == nil {
			t.Fatalf("page %d: no content stream", i+1)
		}
		depth, artifacts := 0, 0
		for _, tok := range op.FindAllString(m[1], -1) {
			switch {
			case strings.HasSuffix(tok, "BDC"), strings.HasSuffix(tok, "BMC"):
				if depth > 0 {
					t.Errorf("page %d: marked content inside marked content (%s)", i+1, tok)
				}
				if strings.HasPrefix(tok, "/Artifact") {
					artifacts++
				}
				depth++
			case tok == "EMC":
				if depth == 0 {
					t.Errorf("page %d: EMC without BDC", i+1)
				} else {
					depth--
				}
			default:
				if depth == 0 {
					t.Errorf("page %d: %s drawn outside any marked content (neither tagged nor an artifact)", i+1, tok)
				}
			}
		}
		if depth != 0 {
			t.Errorf("page %d: marked content left open", i+1)
		}
		if artifacts == 0 {
			t.Errorf("page %d: no artifact (the footer)", i+1)
		}
	}
}

// Move a 7-row table down the page one line at a time: wherever it falls,
// its last rows are never left alone on the next page (one or two rows
// under a repeated header), as Table 1 of the Devon and Oldham scrutiny
// papers were; each page that holds part of it holds at least 3 of its
// rows.
func TestPDFTableLeavesNoRowsAlone(t *testing.T) {
	rows := []string{"Outstanding", "Good", "Requires Improvement", "Inadequate", "Not yet rated", "Total", "Good or Outstanding"}
	footer := regexp.MustCompile(`Page \d+ of \d+`)
	split := 0
	for filler := 30; filler <= 46; filler++ {
		var b strings.Builder
		b.WriteString("# Title\n\n")
		for i := 1; i <= filler; i++ {
			fmt.Fprintf(&b, "Line %d of filler.\\\n", i)
		}
		b.WriteString("Last filler line.\n\nTable: Table 1: Current ratings\n\n| Rating | Number | Percentage |\n| --- | ---: | ---: |\n")
		for i, r := range rows {
			fmt.Fprintf(&b, "| %s | %d | %d%% |\n", r, 10+i, 20+i)
		}
		pdf := renderPDF(t, []byte(b.String()))
		perPage := map[int]int{}
		for p := 1; p <= pageCount(t, pdf); p++ {
			text := poppler(t, "pdftotext", pdf, "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p))
			for _, l := range strings.Split(text, "\n") {
				for i, r := range rows {
					if !footer.MatchString(l) && strings.Contains(l, fmt.Sprintf("%d%%", 20+i)) && strings.Contains(l, r) {
						perPage[p]++
					}
				}
			}
		}
		total := 0
		for p, n := range perPage {
			total += n
			if len(perPage) > 1 && n < 3 {
				t.Errorf("filler %d: page %d holds %d of the table's rows: %v", filler, p, n, perPage)
			}
		}
		if total != len(rows) {
			t.Errorf("filler %d: found %d of %d rows: %v", filler, total, len(rows), perPage)
		}
		if len(perPage) > 1 {
			split++
		}
	}
	if split == 0 {
		t.Log("the table never split: it moved whole each time")
	}
}

// A short paragraph just before a table says what it shows: when the
// table moves to the next page and the page it leaves is full enough
// (78%), the paragraph goes with it, though it does not end in a colon.
func TestPDFKeepsParagraphWithTable(t *testing.T) {
	for filler := 38; filler <= 44; filler++ {
		var b strings.Builder
		b.WriteString("# Title\n\n")
		for i := 1; i <= filler; i++ {
			fmt.Fprintf(&b, "Line %d of filler.\\\n", i)
		}
		b.WriteString("Last filler line.\n\n5. Of the 319 care homes rated, 126 hold a rating published more than two years before.\n\nTable: Table 1: Age of ratings\n\n| Care homes | Number |\n| --- | ---: |\n")
		for _, r := range []string{"Rated in the period", "Older than 2 years", "Older than 4 years", "Never rated", "Total"} {
			fmt.Fprintf(&b, "| %s | 1 |\n", r)
		}
		pdf := renderPDF(t, []byte(b.String()))
		paraPage, tablePage := 0, 0
		for p := 1; p <= pageCount(t, pdf); p++ {
			text := squash(poppler(t, "pdftotext", pdf, "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p)))
			if strings.Contains(text, "more than two years before.") {
				paraPage = p
			}
			if strings.Contains(text, "Table 1: Age of ratings") {
				tablePage = p
			}
		}
		if paraPage == 0 || paraPage != tablePage {
			t.Errorf("filler %d: the paragraph is on page %d, its table on page %d", filler, paraPage, tablePage)
		}
	}
}

// A heading over a short paragraph that keeps with the table after it
// moves with both: it is never left at the foot of a page.
func TestPDFKeepsHeadingWithLeadInAndTable(t *testing.T) {
	footer := regexp.MustCompile(`Page \d+ of \d+`)
	for filler := 34; filler <= 46; filler++ {
		var b strings.Builder
		b.WriteString("# Title\n\n")
		for i := 1; i <= filler; i++ {
			fmt.Fprintf(&b, "Line %d of filler.\\\n", i)
		}
		b.WriteString("Last filler line.\n\n## Ratings now\n\nSince last year the picture is mixed, with fewer rated Requires Improvement and more rated Inadequate.\n\nTable: Table 2: Ratings\n\n| Rating | Then | Now |\n| --- | ---: | ---: |\n")
		for _, r := range []string{"Outstanding", "Good", "Requires Improvement", "Inadequate", "Not yet rated", "Total"} {
			fmt.Fprintf(&b, "| %s | 1 | 2 |\n", r)
		}
		pdf := renderPDF(t, []byte(b.String()))
		for p := 1; p <= pageCount(t, pdf); p++ {
			text := poppler(t, "pdftotext", pdf, "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p))
			var lines []string
			for _, l := range strings.Split(text, "\n") {
				if strings.TrimSpace(l) != "" && !footer.MatchString(l) {
					lines = append(lines, strings.TrimSpace(l))
				}
			}
			if len(lines) > 0 && lines[len(lines)-1] == "Ratings now" {
				t.Errorf("filler %d: heading left alone at the foot of page %d", filler, p)
			}
		}
	}
}

// A table cell longer than a page (a hostile service name, an officer's
// table of long text) runs on over the pages it needs, under a repeated
// header, instead of being drawn past the foot of the page: every one of
// its words is on a page, in order, and the structure holds it as one
// row with one cell of each column.
func TestPDFRowTallerThanPage(t *testing.T) {
	var words []string
	for i := range 1500 {
		words = append(words, fmt.Sprintf("w%04d", i))
	}
	md := "# Services\n\n| Service | Rating |\n|---|---|\n| Ashfield | Good |\n| " + strings.Join(words, " ") + " | Inadequate |\n| Birchwood | Good |\n"
	out := renderPDF(t, []byte(md))
	if n := pageCount(t, out); n < 2 {
		t.Fatalf("%d pages: the long cell did not run on", n)
	}
	text := poppler(t, "pdftotext", out)
	seen := regexp.MustCompile(`w\d{4}`).FindAllString(text, -1)
	if len(seen) != len(words) {
		t.Fatalf("%d of the %d words are on a page", len(seen), len(words))
	}
	for i, w := range seen {
		if w != words[i] {
			t.Fatalf("word %d is %s, want %s", i, w, words[i])
		}
	}
	if !strings.Contains(text, "Birchwood") {
		t.Error("the row after the long one is missing")
	}
	tree := poppler(t, "pdfinfo", out, "-struct-text")
	if n := strings.Count(tree, "TR"); n != 4 { // the header and three rows
		t.Errorf("%d TR elements, want 4:\n%s", n, tree)
	}
	if n := strings.Count(tree, "TD"); n != 6 {
		t.Errorf("%d TD elements, want 6 (the long cell is one element over its pages)", n)
	}
}
