package pipeline

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// wordParas are the paragraphs of a Word document.xml: each one's text
// and the w:numId of its numbering ("" when it has none).
func wordParas(t *testing.T, docx []byte) (paras []struct{ text, num string }, numbering string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	part := func(name string) string {
		for _, f := range zr.File {
			if f.Name == name {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				defer rc.Close()
				b, err := io.ReadAll(rc)
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
		}
		t.Fatalf("the Word file has no %s", name)
		return ""
	}
	reP := regexp.MustCompile(`(?s)<w:p[ >].*?</w:p>`)
	reT := regexp.MustCompile(`(?s)<w:t(?: [^>]*)?>(.*?)</w:t>`)
	reNum := regexp.MustCompile(`<w:numId w:val="(\d+)"/>`)
	for _, p := range reP.FindAllString(part("word/document.xml"), -1) {
		var text strings.Builder
		for _, m := range reT.FindAllStringSubmatch(p, -1) {
			text.WriteString(m[1])
		}
		num := ""
		if m := reNum.FindStringSubmatch(p); m != nil {
			num = m[1]
		}
		paras = append(paras, struct{ text, num string }{text.String(), num})
	}
	return paras, part("word/numbering.xml")
}

// An officer's own ordered list in a narrative file keeps its own
// numbering in Word (from 1, a numbering of its own), while the paper's
// numbered paragraphs, before and after it, share the one numbering that
// runs on across the paper: so Word shows the list as the Markdown,
// HTML and PDF do, and only the paper's paragraphs in the paper's
// numbers. (The list ends the file: a numbered paragraph straight after
// an ordered list is read as the list's next item by Markdown itself, in
// every format; issue 18's document model is to end that.)
func TestOfficerListKeepsItsWordNumbering(t *testing.T) {
	c := loadConfig(t, "../../config/example.yaml")
	p := filepath.Join(t.TempDir(), "commentary.md")
	narrative := "Officers note three things the figures show.\n\n### What the Committee is asked to do\n\n" +
		"1. note the ratings;\n2. ask for a further report in six months.\n"
	if err := os.WriteFile(p, []byte(narrative), 0o644); err != nil {
		t.Fatal(err)
	}
	c.Report.Narrative = map[string]string{"commentary": p}
	files := renderConfig(t, c, "md", "docx")
	md := string(files["midshire.md"])
	if !strings.Contains(md, "\n\n1. note the ratings;\n2. ask for a further report in six months.\n") {
		t.Fatalf("the Markdown does not hold the officer's list as written")
	}
	paras, numbering := wordParas(t, files["midshire.docx"])
	numOf := func(text string) string {
		t.Helper()
		for _, p := range paras {
			if p.text == text {
				return p.num
			}
		}
		t.Fatalf("no Word paragraph %q", text)
		return ""
	}
	paper := numOf("Officers note three things the figures show.")
	own := numOf("note the ratings;")
	if paper == "" || own == "" {
		t.Fatalf("numIds: the paper's paragraphs %q, the officer's list %q; both should be numbered", paper, own)
	}
	if own == paper {
		t.Errorf("the officer's list is in the paper's numbering (numId %s): Word numbers it on from the paragraphs", own)
	}
	if got := numOf("ask for a further report in six months."); got != own {
		t.Errorf("the officer's second item has numId %s, the first %s", got, own)
	}
	// The paper's next numbered paragraph, under the next heading, is
	// back in the paper's numbering.
	after := ""
	for i, p := range paras {
		if p.text == "ask for a further report in six months." {
			for _, q := range paras[i+1:] {
				if q.num != "" {
					after = q.num
					break
				}
			}
		}
	}
	if after != paper {
		t.Errorf("the numbered paragraph after the officer's list has numId %q, not the paper's %s", after, paper)
	}
	// The officer's numbering starts at 1.
	if !regexp.MustCompile(`<w:num w:numId="` + own + `">.*?<w:startOverride w:val="1"/>`).MatchString(numbering) {
		t.Errorf("numbering.xml does not start numId %s at 1", own)
	}
	// Every numbered paragraph of the Markdown, and no other, is in the
	// paper's numbering.
	want := len(regexp.MustCompile(`(?m)^\d+\. `).FindAllString(md, -1)) - 2
	got := 0
	for _, p := range paras {
		if p.num == paper {
			got++
		}
	}
	if got != want || want < 10 {
		t.Errorf("%d Word paragraphs in the paper's numbering, %d numbered paragraphs in the Markdown", got, want)
	}
}
