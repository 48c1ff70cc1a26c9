package pipeline

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/manifest"
)

// paperFiles runs the pipeline as generate does, manifest included.
func paperFiles(t *testing.T, c *config.Config, run Run, formats ...string) map[string][]byte {
	t.Helper()
	in, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := PlanFor(c, in, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Paper(plan, in, formats, run)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[filepath.ToSlash(f.Name)] = f.Data
	}
	return out
}

func zipPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatalf("no %s in the zip", name)
	return ""
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// The manifest lists every other output with its size and SHA-256 (as
// sha256sum gives it), every input with what was read in it, and the
// program; it names no absolute path, and two runs give the same bytes.
func TestManifestOfTheSample(t *testing.T) {
	c := loadConfig(t, "../../config/example.yaml")
	run := Run{Program: testProgram}
	files := paperFiles(t, c, run, "md", "html", "pdf", "docx", "csv", "json")
	raw := files["midshire-manifest.json"]
	m, err := manifest.Parse("midshire-manifest.json", raw)
	if err != nil {
		t.Fatal(err)
	}
	if m.Program != testProgram || m.Status != "final" || m.Authority != "Midshire" {
		t.Errorf("program %q, status %q, authority %q", m.Program, m.Status, m.Authority)
	}
	if len(m.Outputs) != len(files)-1 {
		t.Errorf("%d outputs listed, %d written besides the manifest", len(m.Outputs), len(files)-1)
	}
	dir := t.TempDir()
	for _, o := range m.Outputs {
		data, ok := files[o.Name]
		if !ok {
			t.Errorf("%s is listed but not written", o.Name)
			continue
		}
		if o.Size != int64(len(data)) || o.SHA256 != sha(data) {
			t.Errorf("%s: size %d sha %s, want %d %s", o.Name, o.Size, o.SHA256, len(data), sha(data))
		}
		p := filepath.Join(dir, filepath.FromSlash(o.Name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, data, 0o644)
	}
	if _, ok := m.NotHashed["midshire-manifest.json"]; !ok {
		t.Error("the manifest does not say it cannot hash itself")
	}
	// sha256sum agrees, where it is installed.
	if _, err := exec.LookPath("sha256sum"); err == nil {
		out, err := exec.Command("sha256sum", filepath.Join(dir, "midshire.pdf"), filepath.Join(c.Data.Locations)).Output()
		if err != nil {
			t.Fatal(err)
		}
		sums := strings.Fields(string(out))
		var pdfSum, inSum string
		for _, o := range m.Outputs {
			if o.Name == "midshire.pdf" {
				pdfSum = o.SHA256
			}
		}
		for _, in := range m.Inputs {
			if in.Key == "data.locations" {
				inSum = in.SHA256
			}
		}
		if sums[0] != pdfSum || sums[2] != inSum {
			t.Errorf("sha256sum gives %s and %s; the manifest %s and %s", sums[0], sums[2], pdfSum, inSum)
		}
	}
	keys := map[string]manifest.Input{}
	for _, in := range m.Inputs {
		keys[in.Key] = in
		if filepath.IsAbs(in.Path) {
			t.Errorf("%s: absolute path %s", in.Key, in.Path)
		}
	}
	loc := keys["data.locations"]
	if loc.Path != "../testdata/sample/01_November_2025_HSCA_Active_Locations.csv" || loc.Layout != "HSCA Active Locations" ||
		loc.AsAt != "2025-11-01" || loc.AsAtFrom != "preamble" || loc.RowsRead == nil || *loc.RowsRead != 571 ||
		*loc.RowsSkipped != 24 || loc.Skipped["another inspection directorate"] != 24 {
		t.Errorf("data.locations: %+v", loc)
	}
	for _, k := range []string{"data.ratings", "data.previous_locations", "data.commissioned", "report.narrative.commentary"} {
		if keys[k].SHA256 == "" {
			t.Errorf("no input %s", k)
		}
	}
	if m.Config.Path != "../../config/example.yaml" {
		t.Errorf("config path %q, want it as given", m.Config.Path)
	}
	wd, _ := os.Getwd()
	if bytes.Contains(raw, []byte(wd)) || bytes.Contains(raw, []byte(filepath.Dir(filepath.Dir(wd)))) {
		t.Error("the manifest names an absolute path of this machine")
	}
	if len(m.Tables) == 0 || m.Tables[0] != "ratings_by_service_type" {
		t.Errorf("tables %v", m.Tables)
	}
	if got := m.Settings["report"].(map[string]any)["status"]; got != "final" {
		t.Errorf("settings report.status %v", got)
	}
	again := paperFiles(t, loadConfig(t, "../../config/example.yaml"), run, "md", "html", "pdf", "docx", "csv", "json")
	if !bytes.Equal(again["midshire-manifest.json"], raw) {
		t.Error("two runs gave different manifests")
	}
	// verify agrees with the files as written (the config is given as
	// ../../config/example.yaml, out of this folder: Outside follows it).
	for _, ch := range manifest.Verify(m, manifest.VerifyOptions{Dir: ".", OutDir: dir, Outside: true}) {
		if ch.Status != manifest.Same {
			t.Errorf("verify: %+v", ch)
		}
	}
}

// The program's version string reaches the metadata of every document.
func TestProgramInEveryOutput(t *testing.T) {
	c := loadConfig(t, "../../config/example.yaml")
	const prog = "carereport v7.3.1 (0123456789abcdef0123456789abcdef01234567, modified) go1.99"
	files := paperFiles(t, c, Run{Program: prog}, "html", "pdf", "docx")
	if want := `<meta name="generator" content="` + prog + `">`; !bytes.Contains(files["midshire.html"], []byte(want)) {
		t.Errorf("the HTML lacks %s", want)
	}
	app := zipPart(t, files["midshire.docx"], "docProps/app.xml")
	if !strings.Contains(app, "<Application>"+prog+"</Application><AppVersion>07.0003</AppVersion>") {
		t.Errorf("docProps/app.xml: %s", app)
	}
	pdfInfo(t, files["midshire.pdf"], func(info string) {
		for _, k := range []string{"Creator", "Producer"} {
			if !regexp.MustCompile(`(?m)^` + k + `:\s+` + regexp.QuoteMeta(prog) + `$`).MatchString(info) {
				t.Errorf("pdfinfo has no %s %q:\n%s", k, prog, info)
			}
		}
	})
	if m, _ := manifest.Parse("m", files["midshire-manifest.json"]); m == nil || m.Program != prog {
		t.Error("the manifest does not name the program")
	}
}

func pdfInfo(t *testing.T, pdf []byte, check func(string)) {
	t.Helper()
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Log("pdfinfo (poppler-utils) is not installed: the PDF's metadata is not checked")
		return
	}
	p := filepath.Join(t.TempDir(), "p.pdf")
	os.WriteFile(p, pdf, 0o644)
	out, err := exec.Command("pdfinfo", p).Output()
	if err != nil {
		t.Fatal(err)
	}
	check(string(out))
}

// A draft (report.status: draft) shows DRAFT on every PDF page and in
// the title of each format; the manifest says draft. A final paper shows
// none of it.
func TestDraftPaper(t *testing.T) {
	c := loadConfig(t, "../../config/example.yaml")
	c.Report.Status = "draft"
	files := paperFiles(t, c, Run{Program: testProgram}, "md", "html", "pdf", "docx")
	if !bytes.Contains(files["midshire.md"], []byte("\n# DRAFT: QUALITY OF CARE IN MIDSHIRE\n")) {
		t.Error("the Markdown title does not start DRAFT:")
	}
	if !bytes.Contains(files["midshire.html"], []byte("<title>DRAFT: Quality of Care in Midshire</title>")) ||
		!bytes.Contains(files["midshire.html"], []byte("<h1>DRAFT: QUALITY OF CARE IN MIDSHIRE</h1>")) ||
		!bytes.Contains(files["midshire.html"], []byte(`class="draft-banner"`)) {
		t.Error("the HTML's title, heading or banner does not say DRAFT")
	}
	docx := files["midshire.docx"]
	if core := zipPart(t, docx, "docProps/core.xml"); !strings.Contains(core, "<dc:title>DRAFT: Quality of Care in Midshire</dc:title>") {
		t.Errorf("the Word title: %s", core)
	}
	if doc := zipPart(t, docx, "word/document.xml"); !strings.Contains(doc, "DRAFT: QUALITY OF CARE IN MIDSHIRE") {
		t.Error("the Word paper's title paragraph does not start DRAFT:")
	}
	if ftr := zipPart(t, docx, "word/footer1.xml"); !strings.Contains(ftr, "DRAFT: Sample data (synthetic): Adults and Communities Overview and Scrutiny Committee") {
		t.Errorf("the Word footer: %s", ftr)
	}
	if m, _ := manifest.Parse("m", files["midshire-manifest.json"]); m == nil || m.Status != "draft" {
		t.Error("the manifest does not say draft")
	}
	pdf := files["midshire.pdf"]
	pdfInfo(t, pdf, func(info string) {
		if !regexp.MustCompile(`(?m)^Title:\s+DRAFT: Quality of Care in Midshire$`).MatchString(info) {
			t.Errorf("the PDF title:\n%s", info)
		}
		n := 0
		fmt.Sscanf(regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info)[1], "%d", &n)
		p := filepath.Join(t.TempDir(), "p.pdf")
		os.WriteFile(p, pdf, 0o644)
		for i := 1; i <= n; i++ {
			out, err := exec.Command("pdftotext", "-f", fmt.Sprint(i), "-l", fmt.Sprint(i), p, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(out, []byte("DRAFT")) {
				t.Errorf("page %d of %d does not show DRAFT", i, n)
			}
		}
		st, err := exec.Command("pdfinfo", "-struct-text", p).Output()
		if err != nil {
			t.Fatal(err)
		}
		if k := strings.Count(string(st), "DRAFT"); k != 1 {
			t.Errorf("the structure reads DRAFT %d times, want once (the title)", k)
		}
	})

	final := paperFiles(t, loadConfig(t, "../../config/example.yaml"), Run{Program: testProgram}, "md", "html", "docx")
	for name, data := range final {
		if name != "midshire-manifest.json" && bytes.Contains(data, []byte("DRAFT")) || bytes.Contains(data, []byte("draft-banner")) {
			t.Errorf("the final %s says DRAFT", name)
		}
	}
}
