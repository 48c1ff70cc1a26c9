package docx

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/carereport/carereport/report/render/chart"
)

var (
	reRow  = regexp.MustCompile(`(?s)<w:tr>.*?</w:tr>`)
	reCell = regexp.MustCompile(`(?s)<w:tc>.*?</w:tc>`)
	reTbl  = regexp.MustCompile(`(?s)<w:tbl>.*?</w:tbl>`)
)

// rowsKept lists, for each row of a table, whether it keeps with the next.
func rowsKept(tbl string) []bool {
	var out []bool
	for _, r := range reRow.FindAllString(tbl, -1) {
		out = append(out, strings.Contains(r, "<w:keepNext/>"))
	}
	return out
}

// A short table keeps every row but its last with the next, so Word and
// LibreOffice move it whole rather than leave its last rows alone on the
// next page; a long one keeps its header with its first three rows and
// its last three rows together. A paragraph that introduces a table (it
// ends with a colon) keeps with it.
func TestTableKeeps(t *testing.T) {
	table := func(caption string, n int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "Table: %s\n\n| Rating | Number |\n| --- | ---: |\n", caption)
		for i := range n {
			fmt.Fprintf(&b, "| Row %d | %d |\n", i+1, i)
		}
		return b.String()
	}
	md := "1. The current ratings are:\n\n" + table("Table 1: Short", 7) + "\n2. A paragraph that does not introduce it.\n\n" + table("Table 2: Long", 40) +
		"\n- a bullet that leads in:\n\n" + table("Table 3: After a list", 2)
	doc := parts(t, render(t, md, Options{}))["word/document.xml"]
	tables := reTbl.FindAllString(doc, -1)
	if len(tables) != 3 {
		t.Fatalf("%d tables", len(tables))
	}
	// Table 1: 7 rows, a third of a page at most: all but the last kept.
	for i, k := range rowsKept(tables[0]) {
		if want := i < 7; k != want {
			t.Errorf("table 1 row %d keeps with next: %v, want %v", i, k, want)
		}
	}
	// Table 2: header and rows 1-2 keep with the next, rows 38-39 too.
	for i, k := range rowsKept(tables[1]) {
		if want := i <= 2 || i == 38 || i == 39; k != want {
			t.Errorf("table 2 row %d keeps with next: %v, want %v", i, k, want)
		}
	}
	paras := regexp.MustCompile(`(?s)<w:p>.*?</w:p>`).FindAllString(strings.Join(reTbl.Split(doc, -1), ""), -1)
	for _, p := range paras {
		text := docWords(p)
		kept := strings.Contains(p, "<w:keepNext/>")
		switch {
		case strings.HasSuffix(text, "are:"), strings.HasSuffix(text, "leads in:"), strings.HasPrefix(text, "Table "):
			if !kept {
				t.Errorf("%q does not keep with the table it introduces", text)
			}
		case strings.HasPrefix(text, "A paragraph"):
			if kept {
				t.Errorf("%q keeps with the next though it introduces nothing", text)
			}
		}
	}
}

// The appendix's seven columns on a council's Letter page with 1.5-inch
// margins: every word fits its column at the table's type size and cell
// margins (LibreOffice showed "Publish|ed", "Improveme|nt"), hyphens
// inside words do not break, and the columns fill the text width. With
// LibreOffice installed, the converted page holds every word whole.
func TestNarrowPageColumns(t *testing.T) {
	md := appendixMD
	base := parts(t, render(t, paper, Options{}))
	docXML := regexp.MustCompile(`<w:pgSz [^>]*/><w:pgMar [^>]*/>`).ReplaceAllString(base["word/document.xml"],
		`<w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="2160" w:bottom="1440" w:left="2160" w:header="720" w:footer="720" w:gutter="0"/>`)
	tm := template(t, zipOf(t, "word/styles.xml", base["word/styles.xml"], "word/document.xml", docXML), "letter.dotx")
	out := render(t, md, Options{Template: tm})
	doc := parts(t, out)["word/document.xml"]
	const textW = 12240 - 2*2160
	tbl := reTbl.FindString(doc)
	var widths []int
	sum := 0
	for _, g := range regexp.MustCompile(`<w:gridCol w:w="(\d+)"/>`).FindAllStringSubmatch(tbl, -1) {
		n, _ := strconv.Atoi(g[1])
		widths = append(widths, n)
		sum += n
	}
	if sum != textW {
		t.Errorf("columns add up to %d twips, the text is %d", sum, textW)
	}
	size := tableSize
	if m := regexp.MustCompile(`<w:sz w:val="(\d+)"/>`).FindStringSubmatch(tbl); m != nil {
		n, _ := strconv.Atoi(m[1])
		size = float64(n) / 2
	}
	if size < minTableSize {
		t.Errorf("type of %.1f pt, below %.0f pt", size, minTableSize)
	}
	margins := 2 * 108
	if m := regexp.MustCompile(`<w:tblCellMar><w:left w:w="(\d+)"`).FindStringSubmatch(tbl); m != nil {
		n, _ := strconv.Atoi(m[1])
		margins = 2 * n
	}
	for ri, row := range reRow.FindAllString(tbl, -1) {
		bold := strings.Contains(row, "<w:tblHeader/>")
		for ci, cell := range reCell.FindAllString(row, -1) {
			for _, word := range strings.Fields(docWords(cell)) {
				if need := chart.TextWidth(word, size, bold)*20 + float64(margins); float64(widths[ci]) < need {
					t.Errorf("row %d: %q needs %.0f twips at %.1f pt, its column has %d", ri, word, need, size, widths[ci])
				}
			}
			if strings.Contains(cell, "Well-led") || strings.Contains(cell, "1-19") {
				t.Errorf("row %d: a hyphen inside a word may break: %s", ri, docWords(cell))
			}
		}
	}
	wordsWhole(t, out, md)
}

// appendixMD is the appendix's table, as the paper gives it.
const appendixMD = "Table: Table 10: Services in Devon rated Inadequate or Requires Improvement\n\n| Service | Provider ID | Type | Rating | Published | Previous rating | Key questions below Good |\n| --- | --- | --- | --- | --- | --- | --- |\n" +
	"| Eastleigh Care Homes - Raleigh Mead Limited | 1-1986666272 | care home with nursing | Requires Improvement | 15 Feb 2020 | Outstanding | Safe, Effective, Caring, Responsive, Well-led |\n" +
	"| Greenhill Residential Care Home | 1-4942326198 | care home | Inadequate | 6 Sep 2019 | Requires Improvement | Safe, Well-led |\n"

// wordsWhole converts a paper to PDF with LibreOffice, when installed, and
// checks that every word it shows is a word of md: none is broken across
// lines.
func wordsWhole(t *testing.T, out []byte, md string) {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Log("soffice (Debian: libreoffice-writer-nogui) is not installed: the converted page is not checked")
		return
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext (Debian: poppler-utils) is not installed: the converted page is not checked")
		return
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "appendix.docx")
	os.WriteFile(f, out, 0o644)
	if b, err := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--convert-to", "pdf", "--outdir", dir, f).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	text, err := exec.Command(pdftotext, filepath.Join(dir, "appendix.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{"Page": true, "of": true, "1": true} // the footer
	for _, w := range strings.Fields(md) {
		words[strings.Trim(w, ",|")] = true
	}
	for _, w := range strings.Fields(strings.ReplaceAll(string(text), "\u2011", "-")) {
		if w = strings.Trim(w, ","); !words[w] {
			t.Errorf("LibreOffice shows %q, not a word of the table (a word broken across lines?)", w)
		}
	}
}
