package render

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/carereport/carereport/report/doc"
)

// corePart is the docProps/core.xml of a Word file.
func corePart(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "docProps/core.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			s, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(s)
		}
	}
	t.Fatal("no docProps/core.xml")
	return ""
}

// DOCX takes the document as built: with no title in Meta, the Word
// file's title is the document's level-1 heading (not an earlier level-2
// one), and the language defaults to en-GB.
func TestDOCXTitleFromDocument(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Heading{Level: 2, Content: []doc.Inline{doc.Text{S: "Item 7"}}},
		&doc.Heading{Level: 1, Content: []doc.Inline{doc.Text{S: "Quality of care "}, &doc.Emph{Content: []doc.Inline{doc.Text{S: "in Heath"}}}}},
		&doc.Para{Number: 1, Content: []doc.Inline{doc.Text{S: "One."}}},
	}}
	m := testMeta
	m.Title, m.Lang = "", ""
	b, err := DOCX(d, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	core := corePart(t, b)
	for _, want := range []string{"<dc:title>Quality of care in Heath</dc:title>", "<dc:language>en-GB</dc:language>"} {
		if !strings.Contains(core, want) {
			t.Errorf("core.xml lacks %s:\n%s", want, core)
		}
	}
	m.Title = "Set by the config"
	if b, err = DOCX(d, m, nil); err != nil {
		t.Fatal(err)
	}
	if core := corePart(t, b); !strings.Contains(core, "<dc:title>Set by the config</dc:title>") {
		t.Errorf("the Meta's title is not the file's:\n%s", core)
	}
}
