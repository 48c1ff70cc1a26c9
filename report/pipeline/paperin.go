package pipeline

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/paper"
)

// PaperInputs is what paper.Build needs of a plan, as plain values: the
// report: settings with their defaults applied, the notes of loading, and
// the text of the officers' narrative files and of the report.templates
// folder, read here (narrative within config.MaxFile each) so that paper
// reads no file. The templates folder is read once for every paper made
// from in (when Load made it). Errors name the config key and the file,
// as they did when paper read them.
func PaperInputs(p *Plan, in *Inputs) (paper.Inputs, error) {
	c, r := p.Config, p.Result
	rp := &c.Report
	pin := paper.Inputs{
		Settings: paper.Settings{
			Style:       rp.Style,
			Title:       rp.TitleFor(r.Authority.Name),
			Committee:   rp.Committee,
			MeetingDate: rp.MeetingDate.Date,
			Author:      rp.Author,
			Council:     rp.Council,
			Item:        rp.Item,
			Synthetic:   rp.Synthetic,
			Appendix:    rp.WithAppendix(),
		},
		Sections:     config.NarrativeSections,
		TemplatesDir: rp.Templates,
		Result:       r,
		Notes:        in.Notes,
	}
	for _, o := range rp.Officers {
		pin.Settings.Officers = append(pin.Settings.Officers, paper.Officer{Name: o.Name, Role: o.Role, Team: o.Team, Phone: o.Phone, Email: o.Email})
	}
	ts, err := in.templateSources(rp.Templates)
	if err != nil {
		return paper.Inputs{}, err
	}
	pin.Templates = ts
	for _, id := range config.NarrativeSections {
		path, ok := rp.Narrative[id]
		if !ok {
			continue
		}
		b, err := config.ReadLimited(path, config.MaxFile)
		if err != nil {
			return paper.Inputs{}, fmt.Errorf("report.narrative.%s: %w", id, err)
		}
		pin.Narrative = append(pin.Narrative, paper.Source{ID: id, Path: path, Text: b})
	}
	return pin, nil
}

// templateFiles holds report.templates' files once read, for every paper
// of a run (a batch makes its papers at once).
type templateFiles struct {
	once  sync.Once
	dir   string
	files []paper.Source
	err   error
}

// templateSources reads dir's templates, once per Inputs made by Load.
func (in *Inputs) templateSources(dir string) ([]paper.Source, error) {
	tf := in.templates
	if tf == nil || tf.dir != dir {
		return readTemplates(dir)
	}
	tf.once.Do(func() { tf.files, tf.err = readTemplates(dir) })
	return tf.files, tf.err
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
