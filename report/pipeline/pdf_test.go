package pipeline

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
)

// pdfText returns the text of a PDF through pdftotext, or skips.
func pdfText(t *testing.T, pdf []byte) (text, info string) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (Debian: poppler-utils; .ci/run installs it)")
	}
	p := filepath.Join(t.TempDir(), "paper.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	inf, err := exec.Command("pdfinfo", p).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return string(out), string(inf)
}

// The PDF of each style says what the Markdown says: its headings, every
// figure of its tables, page numbers, and the document's metadata.
func TestPDFMatchesMarkdown(t *testing.T) {
	for _, cfgPath := range []string{"../../config/example.yaml", "../../config/example-quality-account.yaml"} {
		t.Run(filepath.Base(cfgPath), func(t *testing.T) {
			files := renderConfig(t, loadConfig(t, cfgPath), "md", "pdf")
			md := string(files["midshire.md"])
			text, info := pdfText(t, files["midshire.pdf"])
			flat := strings.Join(strings.Fields(text), " ")
			for _, line := range strings.Split(md, "\n") {
				if h, ok := strings.CutPrefix(line, "## "); ok {
					if !strings.Contains(flat, strings.Join(strings.Fields(h), " ")) {
						t.Errorf("heading %q is not in the PDF", h)
					}
				}
			}
			figures := 0
			for caption, rows := range mdTables(md) {
				for _, row := range rows[1:] {
					// A row's figures must appear in the PDF on one line, in
					// order (a label may wrap within its cell, so it is
					// checked word by word).
					for _, w := range strings.Fields(strings.Trim(row[0], "*")) {
						if !strings.Contains(flat, w) {
							t.Errorf("%q: label word %q is not in the PDF", caption, w)
						}
					}
					re := make([]string, 0, len(row))
					for _, c := range row[1:] {
						c = strings.ReplaceAll(strings.Trim(c, "*"), `\`, "")
						if c == "" {
							continue
						}
						if regexp.MustCompile(`[A-Za-z]`).MatchString(c) {
							// Text (a name, a date) may wrap within its cell:
							// checked word by word.
							for _, w := range strings.Fields(c) {
								if !strings.Contains(flat, w) {
									t.Errorf("%q: word %q is not in the PDF", caption, w)
								}
							}
							continue
						}
						// pdftotext may drop the space after an arrow glyph.
						re = append(re, strings.ReplaceAll(regexp.QuoteMeta(c), " ", `\s*`))
						figures++
					}
					if !regexp.MustCompile(strings.Join(re, `\s+`)).MatchString(text) {
						t.Errorf("%q: the figures of row %q are not a line of the PDF", caption, row)
					}
				}
			}
			if figures < 150 {
				t.Errorf("only %d table cells checked", figures)
			}
			pages := regexp.MustCompile(`Page (\d+) of (\d+)`).FindAllStringSubmatch(text, -1)
			if len(pages) < 3 || pages[0][1] != "1" || pages[len(pages)-1][1] != pages[0][2] {
				t.Errorf("page numbers: %v", pages)
			}
			for _, want := range []string{"Title:", "Author:          Director of Adults and Communities, Midshire County Council",
				"Subject:         Synthetic sample data, not CQC's: ratings of regulated adult social care services in Midshire as at 1 November 2025",
				"Creator:         carereport", "Page size:       595.28 x 841.89 pts (A4)", "CreationDate:    Mon Nov 24 00:00:00 2025"} {
				if !strings.Contains(info, want) {
					t.Errorf("pdfinfo lacks %q:\n%s", want, info)
				}
			}
		})
	}
}

// Both styles of the real papers are tagged PDFs that pass pdfinfo's and
// qpdf's checks, with every heading, paragraph, list, table and figure in
// the structure.
func TestRealPDFTagged(t *testing.T) {
	for _, tool := range []string{"pdfinfo", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian: poppler-utils, qpdf)", tool)
		}
	}
	rs := realSample(t)
	for _, style := range []string{"scrutiny", "quality-account"} {
		t.Run(style, func(t *testing.T) {
			c := realConfig(t, rs, style)
			files := renderConfig(t, c, "md", "pdf")
			f := filepath.Join(t.TempDir(), "p.pdf")
			os.WriteFile(f, files[config.Slug(rs.authority)+".pdf"], 0o644)
			info, _ := exec.Command("pdfinfo", f).CombinedOutput()
			if !strings.Contains(string(info), "Tagged:          yes") {
				t.Fatalf("not tagged:\n%s", info)
			}
			if out, err := exec.Command("qpdf", "--check", f).CombinedOutput(); err != nil {
				t.Errorf("qpdf --check: %v\n%s", err, out)
			}
			st, err := exec.Command("pdfinfo", "-struct-text", f).CombinedOutput()
			if err != nil {
				t.Fatal(err)
			}
			tree := string(st)
			md := string(files[config.Slug(rs.authority)+".md"])
			counts := map[string]int{
				"H2 (block)":    len(regexp.MustCompile(`(?m)^## `).FindAllString(md, -1)),
				"Table (block)": len(regexp.MustCompile(`(?m)^Table: `).FindAllString(md, -1)) + strings.Count(md, "```chart") - strings.Count(md, "\ndata: below\n"),
				"Figure\n":      strings.Count(md, "```chart"),
				// Each figure holds its caption.
				"Figure\n    Caption\n": strings.Count(md, "```chart"),
			}
			for el, want := range counts {
				if got := strings.Count(tree, el); got != want || want == 0 {
					t.Errorf("%d %s in the structure, want %d", got, el, want)
				}
			}
		})
	}
}
