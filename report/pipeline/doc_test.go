package pipeline

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/doc"
	dmd "github.com/carereport/carereport/report/doc/markdown"
	"github.com/carereport/carereport/report/paper"
)

// buildDoc builds the paper of a config as a document.
func buildDoc(t *testing.T, c *config.Config) *doc.Document {
	t.Helper()
	in, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(c, in, "")
	if err != nil {
		t.Fatal(err)
	}
	p := &Plan{Config: c, Result: r}
	pin, err := PaperInputs(p, in)
	if err != nil {
		t.Fatal(err)
	}
	d, err := paper.Build(pin)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// noLines forgets where a chart's rows were written in Markdown.
func noLines(d *doc.Document) *doc.Document {
	for _, b := range d.Blocks {
		if f, ok := b.(*doc.Figure); ok {
			for i := range f.Chart.Rows {
				f.Chart.Rows[i].Line = 0
			}
		}
	}
	return d
}

// On the sample papers the paper sets, itself, every numbered paragraph,
// total row and lead-in that the conventions of hand-written Markdown
// (dmd.Paper: a list for numbers, the word "Total", a closing colon)
// would find in its Markdown, and no other: so the writers, which read
// the fields, lay the papers out as they did when they applied those
// conventions. The charts are the very charts the Markdown's chart blocks
// read back as.
func TestDocumentFieldsAsConventionsFound(t *testing.T) {
	for _, cfg := range []string{"example.yaml", "example-quality-account.yaml", "example-health.yaml"} {
		t.Run(cfg, func(t *testing.T) {
			d := buildDoc(t, loadConfig(t, "../../config/"+cfg))
			back, err := dmd.Read(dmd.Write(d), dmd.Paper)
			if err != nil {
				t.Fatal(err)
			}
			if len(back.Blocks) != len(d.Blocks) {
				t.Fatalf("%d blocks, read back %d", len(d.Blocks), len(back.Blocks))
			}
			totals, leads, numbers, figures := 0, 0, 0, 0
			for i, b := range noLines(d).Blocks {
				if !reflect.DeepEqual(b, noLines(back).Blocks[i]) {
					t.Errorf("block %d: %#v\nread back as %#v", i, b, back.Blocks[i])
				}
				switch x := b.(type) {
				case *doc.Table:
					for _, r := range x.Rows {
						if r.Total {
							totals++
						}
					}
				case *doc.Para:
					if x.KeepWithNext {
						leads++
					}
					if x.Number > 0 {
						numbers++
					}
				case *doc.Figure:
					figures++
				}
			}
			if totals < 3 || leads != 2 || figures < 1 || (cfg != "example-quality-account.yaml" && numbers < 20) {
				t.Errorf("%d total rows, %d lead-ins, %d numbered paragraphs, %d figures", totals, leads, numbers, figures)
			}
		})
	}
}

// An officer's ordered list straight after a numbered paragraph, with no
// heading between, is the officer's list in every format: in the
// Markdown (kept apart from the numbered paragraph), in HTML (its own
// <ol> from 1, the paper's numbers running on after it), in the PDF's
// text and in Word (not in the paper's numbering).
func TestOfficersListAfterNumberedParagraph(t *testing.T) {
	c := loadConfig(t, "../../config/example.yaml")
	p := filepath.Join(t.TempDir(), "purpose.md")
	os.WriteFile(p, []byte("1. note the ratings of {{.Authority}};\n2. agree the plan for the coming year.\n"), 0o644)
	c.Report.Narrative["purpose"] = p
	files := renderConfig(t, c, "md", "html", "pdf", "docx")

	// In Markdown an HTML comment keeps the list from running on from
	// the numbered paragraph (which would number it 2, 3).
	md := string(files["midshire.md"])
	if !strings.Contains(md, "\n1. The purpose of this report is to inform the Committee of the current Care Quality Commission (CQC) quality ratings of the regulated adult social care services in Midshire, as at 1 November 2025.\n\n<!-- -->\n\n1. note the ratings of Midshire;\n2. agree the plan for the coming year.\n\n## Recommendation\n\n2. The Committee") {
		t.Errorf("Markdown: the officer's list is not kept apart:\n%.700s", md[strings.Index(md, "## Purpose"):])
	}

	html := string(files["midshire.html"])
	officer := regexp.MustCompile(`(?s)</li>\s*</ol>\s*(?:<!--[^>]*-->\s*)?<ol>\s*<li>note the ratings of Midshire;</li>\s*<li>agree the plan for the coming year\.</li>\s*</ol>\s*<h2>Recommendation</h2>\s*<ol start="2">`)
	if !officer.MatchString(html) {
		i := strings.Index(html, "Purpose of the Report")
		t.Errorf("HTML: the officer's list is not an <ol> of its own, with the paper's numbers after it:\n%.900s", html[i:])
	}

	if text, _ := pdfText(t, files["midshire.pdf"]); true {
		for _, re := range []string{`(?m)^\s*1\.\s+The purpose of this report`, `(?m)^\s*1\.\s+note the ratings of Midshire;`,
			`(?m)^\s*2\.\s+agree the plan`, `(?m)^\s*2\.\s+The Committee is asked to note`} {
			if !regexp.MustCompile(re).MatchString(text) {
				i := strings.Index(text, "Purpose of the Report")
				t.Errorf("PDF: no %s in\n%.700s", re, text[i:])
			}
		}
	}

	zr, err := zip.NewReader(bytes.NewReader(files["midshire.docx"]), int64(len(files["midshire.docx"])))
	if err != nil {
		t.Fatal(err)
	}
	var body string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			body = string(b)
		}
	}
	numOf := func(text string) string {
		for _, p := range regexp.MustCompile(`(?s)<w:p>.*?</w:p>|<w:p .*?</w:p>`).FindAllString(body, -1) {
			if strings.Contains(p, text) {
				if m := regexp.MustCompile(`<w:numId w:val="(\d+)"/>`).FindStringSubmatch(p); m != nil {
					return m[1]
				}
				return "none"
			}
		}
		return "missing"
	}
	paperNum, note, agree, next := numOf("The purpose of this report"), numOf("note the ratings"), numOf("agree the plan"), numOf("The Committee is asked to note")
	if paperNum == "none" || paperNum == "missing" || next != paperNum {
		t.Errorf("Word: the numbered paragraphs have numbering %s and %s", paperNum, next)
	}
	if note == paperNum || agree == paperNum || note == "none" || note == "missing" || note != agree {
		t.Errorf("Word: the officer's list has numbering %s and %s, the paper's paragraphs %s", note, agree, paperNum)
	}
}
