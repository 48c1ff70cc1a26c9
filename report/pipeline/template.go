package pipeline

import (
	"path/filepath"
	"strings"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/render/docx"
)

// LoadTemplate reads and parses report.reference_docx (nil without one).
// Any fault in it is an error naming the config key, the template as the
// config gives it, and the part at fault.
func LoadTemplate(c *config.Config) (*docx.Template, error) {
	p := c.Report.ReferenceDocx
	if p == "" {
		return nil, nil
	}
	t, err := docx.LoadTemplate(p, templateName(c.Path, p))
	if err != nil {
		return nil, &config.Error{File: c.Path, Key: "report.reference_docx", Msg: err.Error()}
	}
	return t, nil
}

// templateName is the template's path as the config gives it: relative to
// the config's folder when it lies below it.
func templateName(configPath, p string) string {
	if configPath == "" {
		return p
	}
	dir, err := filepath.Abs(filepath.Dir(configPath))
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(dir, p); err == nil && filepath.IsLocal(rel) && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return p
}
