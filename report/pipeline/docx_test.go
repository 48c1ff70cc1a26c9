package pipeline

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
)

// Both styles on the real data give a Word paper with the Markdown's
// headings, tables and charts; python-docx (when installed: .ci/run
// installs it) opens it and counts the same.
func TestRealDocx(t *testing.T) {
	rs := realSample(t)
	for _, style := range []string{"scrutiny", "quality-account"} {
		t.Run(style, func(t *testing.T) {
			c := realConfig(t, rs, style)
			files := renderConfig(t, c, "md", "docx")
			slug := config.Slug(rs.authority)
			md, data := string(files[slug+".md"]), files[slug+".docx"]
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			var doc string
			pics := 0
			for _, f := range zr.File {
				if f.Name == "word/document.xml" {
					rc, _ := f.Open()
					b, _ := io.ReadAll(rc)
					rc.Close()
					doc = string(b)
				}
				if strings.HasPrefix(f.Name, "word/media/") {
					pics++
				}
			}
			charts := strings.Count(md, "```chart")
			// Each chart has its data table, unless the table after it is that.
			tables := len(regexp.MustCompile(`(?m)^Table: `).FindAllString(md, -1)) + charts - strings.Count(md, "\ndata: below\n")
			headings := len(regexp.MustCompile(`(?m)^#{2,} `).FindAllString(md, -1))
			if got := strings.Count(doc, "<w:tbl>"); got != tables {
				t.Errorf("%d Word tables, %d in the Markdown", got, tables)
			}
			if pics != charts || charts == 0 {
				t.Errorf("%d pictures for %d charts", pics, charts)
			}
			if got := len(regexp.MustCompile(`<w:pStyle w:val="Heading[123]"/>`).FindAllString(doc, -1)); got != headings {
				t.Errorf("%d Word headings, %d in the Markdown", got, headings)
			}
			py := ""
			for _, p := range []string{"/usr/bin/python3", "python3"} {
				if exec.Command(p, "-c", "import docx").Run() == nil {
					py = p
					break
				}
			}
			if py == "" {
				t.Log("python-docx is not installed: skipping the check that Word tools open it")
				return
			}
			f := filepath.Join(t.TempDir(), "p.docx")
			os.WriteFile(f, data, 0o644)
			out, err := exec.Command(py, "-c", `import sys, docx
d = docx.Document(sys.argv[1])
h = sum(1 for p in d.paragraphs if p.style.name.startswith("Heading"))
print(h, len(d.tables), len(d.inline_shapes))`, f).CombinedOutput()
			if err != nil {
				t.Fatalf("python-docx: %v %s", err, out)
			}
			if want := fmt.Sprintf("%d %d %d", headings, tables, charts); strings.TrimSpace(string(out)) != want {
				t.Errorf("python-docx counts %s, want %s", out, want)
			}
		})
	}
}
