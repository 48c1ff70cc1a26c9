package pipeline

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/render/pdf"
)

// Check runs everything generate would run on a result short of writing:
// the templates and the officers' narrative files against the computed
// figures, and the Markdown through the HTML renderer (charts included).
// validate calls it so that whatever generate would reject, validate
// rejects first, naming the file and line. Its findings are what would
// not fail the run but a reader should know: characters the PDF font
// cannot draw.
func Check(p *Plan, in *Inputs) ([]report.Finding, error) {
	files, err := Render(p, in, []string{"md", "html"}, Run{})
	if err != nil {
		return nil, err
	}
	var out []report.Finding
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".md") {
			continue
		}
		if rs := pdf.Undrawable(string(f.Data)); len(rs) > 0 {
			var parts []string
			for i, r := range rs {
				if i == 10 {
					parts = append(parts, fmt.Sprintf("and %d more", len(rs)-10))
					break
				}
				parts = append(parts, fmt.Sprintf("U+%04X", r))
			}
			out = append(out, report.Finding{Kind: "undrawable_characters", Message: fmt.Sprintf(
				"the PDF's font has no glyph for %d %s in the paper (%s); the PDF shows a replacement mark for each, the HTML and Markdown keep them",
				len(rs), report.Plural(len(rs), "character", "characters"), strings.Join(parts, ", "))})
		}
	}
	return out, nil
}
