package pipeline

import (
	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/cqc"
)

// Check runs everything generate would run on a result short of writing:
// the templates and the officers' narrative files against the computed
// figures, and the Markdown through the HTML renderer (charts included).
// validate calls it so that whatever generate would reject, validate
// rejects first, naming the file and line.
func Check(c *config.Config, in *Inputs, r *cqc.Result) error {
	_, err := Render(c, in, r, []string{"md", "html"})
	return err
}
