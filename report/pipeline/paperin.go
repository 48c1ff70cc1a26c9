package pipeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/paper"
)

// PaperInputs is what paper.Build needs of a plan's config, as plain
// values: the report: settings with their defaults applied, and the text
// of the officers' narrative files and of the report.templates folder,
// read here (within config.MaxFile each) so that paper reads no file.
// Errors name the config key and the file, as they did when paper read
// them.
func PaperInputs(c *config.Config, r *cqc.Result) (paper.Inputs, error) {
	rp := &c.Report
	in := paper.Inputs{
		Settings: paper.Settings{
			Style:         rp.Style,
			Title:         rp.TitleFor(r.Authority.Name),
			Committee:     rp.Committee,
			MeetingDate:   rp.MeetingDate.Date,
			Author:        rp.Author,
			Council:       rp.Council,
			Item:          rp.Item,
			SimilarWithin: rp.Similar(),
			Synthetic:     rp.Synthetic,
			Appendix:      rp.WithAppendix(),
		},
		Sections:     config.NarrativeSections,
		TemplatesDir: rp.Templates,
		Result:       r,
	}
	for _, o := range rp.Officers {
		in.Settings.Officers = append(in.Settings.Officers, paper.Officer{Name: o.Name, Role: o.Role, Team: o.Team, Phone: o.Phone, Email: o.Email})
	}
	ts, err := readTemplates(rp.Templates)
	if err != nil {
		return paper.Inputs{}, err
	}
	in.Templates = ts
	for _, id := range config.NarrativeSections {
		path, ok := rp.Narrative[id]
		if !ok {
			continue
		}
		b, err := config.ReadLimited(path, config.MaxFile)
		if err != nil {
			return paper.Inputs{}, fmt.Errorf("report.narrative.%s: %w", id, err)
		}
		in.Narrative = append(in.Narrative, paper.Source{ID: id, Path: path, Text: b})
	}
	return in, nil
}

// readTemplates reads the *.tmpl files of report.templates, sorted by
// name (none without a folder).
func readTemplates(dir string) ([]paper.Source, error) {
	if dir == "" {
		return nil, nil
	}
	files, err := fs.Glob(os.DirFS(dir), "*.tmpl")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("report.templates: %s has no *.tmpl files", dir)
	}
	sort.Strings(files)
	var out []paper.Source
	for _, f := range files {
		p := filepath.Join(dir, f)
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("report.templates: %v", err)
		}
		out = append(out, paper.Source{ID: f, Path: p, Text: b})
	}
	return out, nil
}
