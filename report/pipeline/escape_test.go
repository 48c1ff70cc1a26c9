package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
)

// Names in the data are public but not trusted: an authority called
// "<script>" or "=HYPERLINK(...)" must come out as text in every format.
func TestHostileNamesAreEscaped(t *testing.T) {
	dir := t.TempDir()
	bad := `=HYPERLINK("http://x")`
	tag := `Heath <script>alert(1)</script> *x*`
	csv := "Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority,Location Region\n" +
		"1-001,Y,Adult social care,Good,\"" + tag + "\",East\n" +
		"1-002,N,Adult social care,Good,\"" + strings.ReplaceAll(bad, `"`, `""`) + "\",East\n"
	if err := os.WriteFile(filepath.Join(dir, "h.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	c := config.Default()
	c.Path = filepath.Join(dir, "c.yaml")
	c.Authority = tag
	c.Comparators.Authorities = []string{bad}
	c.Period.AsAt.Date = 20191101
	c.Data.Locations = filepath.Join(dir, "h.csv")
	c.Data.PreviousLocations = filepath.Join(dir, "h.csv")
	c.Period.Previous.Date = 20181101
	files := renderConfig(t, &c, "md", "html", "csv", "json")
	slug := config.Slug(tag)
	html := string(files[slug+".html"])
	if strings.Contains(html, "<script>alert") {
		t.Errorf("HTML holds a live script tag")
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("HTML lost the name's text")
	}
	md := string(files[slug+".md"])
	if !strings.Contains(md, `Heath \<script\>alert(1)\</script\> \*x\*`) {
		t.Errorf("Markdown does not escape the name")
	}
	rank := string(files[filepath.Join(slug+"-tables", "comparator_ranking.csv")])
	if !strings.Contains(rank, `"'=HYPERLINK(""http://x"")"`) {
		t.Errorf("a formula-like name is not defused in CSV:\n%s", rank)
	}
	if strings.Contains(rank, "\n=") || strings.Contains(rank, ",=") {
		t.Errorf("a CSV cell starts with =:\n%s", rank)
	}
}
