package pipeline

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/carereport/carereport/config"
)

// The map of Devon's services is a picture in every format, with its text
// alternative: an SVG with a <desc> in the HTML, a tagged Figure with /Alt
// in the PDF, a PNG with descr in Word.
func TestMapInEveryFormat(t *testing.T) {
	rs := realSample(t)
	c := realConfig(t, rs, "scrutiny")
	files := renderConfig(t, c, "md", "html", "pdf", "docx", "json")
	set := files["devon-tables.json"]
	if !bytes.Contains(set, []byte(`"id": "services_map"`)) {
		t.Fatal("no services_map table")
	}
	md := string(files["devon.md"])
	alt := chartDescriptions(t, md)
	want := "Figure 1: Care homes in Devon by rating. Map of Devon with "
	if !strings.Contains(alt, want) {
		t.Fatalf("the map's text alternative does not start %q: %s", want, alt)
	}
	mapAlt := alt[strings.Index(alt, want):]
	mapAlt = mapAlt[:strings.Index(mapAlt, "The table below gives the same figures.")]
	// HTML: an inline SVG, labelled by its caption and described.
	html := string(files["devon.html"])
	if !strings.Contains(html, `<figcaption id="chart-1-caption">Figure 1: Care homes in Devon by rating</figcaption>`) ||
		!regexp.MustCompile(`<desc id="chart-1-desc">Map of Devon with \d+ points`).MatchString(html) ||
		strings.Count(html[strings.Index(html, `id="chart-1"`):strings.Index(html, `id="chart-2"`)], "<polygon ") < 300 {
		t.Error("the HTML has no SVG map with its description and a mark per care home")
	}
	// Word: a PNG, with the text alternative as descr.
	zr, err := zip.NewReader(bytes.NewReader(files["devon.docx"]), int64(len(files["devon.docx"])))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		switch f.Name {
		case "word/media/chart1.png":
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil || img.Bounds().Dx() < 1000 {
				t.Errorf("word/media/chart1.png: %v", err)
			}
		case "word/document.xml":
			doc = string(b)
		}
	}
	if !strings.Contains(doc, `descr="Figure 1: Care homes in Devon by rating. Map of Devon with `) {
		t.Error("the Word picture has no text alternative")
	}
	// PDF: a Figure in the structure tree whose /Alt is the same text.
	pdf := files["devon.pdf"]
	found := false
	for _, m := range regexp.MustCompile(`/Alt <FEFF([0-9A-Fa-f]+)>`).FindAllSubmatch(pdf, -1) {
		b, err := hex.DecodeString(string(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		if s := string(utf16.Decode(u)); strings.HasPrefix(s, strings.TrimSpace(mapAlt)) {
			found = true
		}
	}
	if !found {
		t.Errorf("no /Alt in the PDF is the map's text alternative %q", mapAlt)
	}
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("pdfinfo is not installed (Debian: poppler-utils)")
	}
	p := filepath.Join(t.TempDir(), "devon.pdf")
	os.WriteFile(p, pdf, 0o644)
	out, err := exec.Command("pdfinfo", "-struct", p).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^  Figure\n    Caption\n  Table`).Match(out) {
		t.Errorf("pdfinfo -struct shows no Figure with its Caption before the map's table:\n%.2000s", out)
	}
}

// No positions in the data (this snapshot file has no Location Latitude
// or Longitude columns): no map, and nothing said of one.
func TestMapAbsentWithoutPositions(t *testing.T) {
	c, err := config.Load("testdata/leics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := renderConfig(t, c, "md", "json")
	if strings.Contains(string(files["leicestershire.md"]), "type: map") || strings.Contains(string(files["leicestershire-tables.json"]), "services_map") {
		t.Error("a map from data without positions")
	}
}
