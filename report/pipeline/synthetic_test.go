package pipeline

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The sample's synthetic data is marked wherever a part of the paper can
// go alone: each PDF page's footer, the Word footer, the documents'
// properties, the JSON (a top-level field) and each CSV (a last column,
// so the file stays one table); its notes never cite CQC.
func TestSyntheticMarkedEverywhere(t *testing.T) {
	c := loadConfig(t, "../../config/example.yaml")
	if !c.Report.Synthetic {
		t.Fatal("the example is not marked synthetic")
	}
	files := paperFiles(t, c, Run{Program: "carereport test"}, "md", "html", "pdf", "docx", "csv", "json")
	md := string(files["midshire.md"])
	if strings.Contains(md, "Open Government Licence") || strings.Contains(md, "Source: Care Quality Commission") {
		t.Error("the sample paper cites CQC or the Open Government Licence")
	}
	if !strings.Contains(md, "Source: synthetic sample data made by carereport") {
		t.Error("the notes do not say the source is synthetic")
	}
	var js struct {
		Synthetic *bool `json:"synthetic"`
	}
	if err := json.Unmarshal(files["midshire-tables.json"], &js); err != nil || js.Synthetic == nil || !*js.Synthetic {
		t.Errorf("the JSON has no \"synthetic\": true (%v)", err)
	}
	ncsv := 0
	for name, b := range files {
		if !strings.HasSuffix(name, ".csv") {
			continue
		}
		ncsv++
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s is not valid CSV: %v", name, err)
		}
		if h := recs[0]; h[len(h)-1] != SyntheticColumn {
			t.Errorf("%s: header %v does not end with %s", name, h, SyntheticColumn)
		}
		for _, r := range recs[1:] {
			if r[len(r)-1] != "yes" {
				t.Errorf("%s: row %v not marked", name, r)
			}
		}
	}
	if ncsv < 10 {
		t.Fatalf("only %d CSV files", ncsv)
	}
	if ftr := zipPart(t, files["midshire.docx"], "word/footer1.xml"); !strings.Contains(ftr, "Sample data (synthetic): ") {
		t.Errorf("the Word footer: %s", ftr)
	}
	if core := zipPart(t, files["midshire.docx"], "docProps/core.xml"); !strings.Contains(core, "Synthetic sample data, not CQC") {
		t.Errorf("the Word properties: %s", core)
	}
	pdfInfo(t, files["midshire.pdf"], func(info string) {
		if !strings.Contains(info, "Subject:         Synthetic sample data, not CQC's") {
			t.Errorf("the PDF's subject:\n%s", info)
		}
	})
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext is not installed: the PDF's pages are not checked")
		return
	}
	p := filepath.Join(t.TempDir(), "p.pdf")
	os.WriteFile(p, files["midshire.pdf"], 0o644)
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
	for i, pg := range pages {
		if !strings.Contains(pg, "Sample data (synthetic)") {
			t.Errorf("page %d of %d has no synthetic mark", i+1, len(pages))
		}
	}
}
