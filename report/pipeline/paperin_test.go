package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/cqc"
)

// PaperInputs reads the narrative files and the templates folder, naming
// the config key and the file when it cannot, and gives the report
// settings their defaults.
func TestPaperInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	r := &cqc.Result{Authority: &cqc.Area{Name: "Midshire"}}
	c := config.Default()
	c.Report.Narrative = map[string]string{"conclusions": write("c.md", "C"), "purpose": write("p.md", "P")}
	tdir := filepath.Join(dir, "t")
	if err := os.Mkdir(tdir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"b.tmpl", "a.tmpl", "x.txt"} {
		write(filepath.Join("t", n), n)
	}
	c.Report.Templates = tdir
	run := &Inputs{Notes: []string{"a note"}, templates: &templateFiles{dir: tdir}}
	in, err := PaperInputs(&Plan{Config: &c, Result: r}, run)
	if err != nil {
		t.Fatal(err)
	}
	s := in.Settings
	if s.Title != "Quality of Care in Midshire" || !s.Appendix || s.Style != c.Report.Style {
		t.Errorf("defaults: %+v", s)
	}
	if m := Meta(&c, r); m.Title != s.Title {
		t.Errorf("metadata title %q, paper title %q", m.Title, s.Title)
	}
	var got []string
	for _, n := range in.Narrative {
		got = append(got, n.ID+"="+string(n.Text))
	}
	if strings.Join(got, " ") != "purpose=P conclusions=C" {
		t.Errorf("narrative in section order: %v", got)
	}
	got = nil
	for _, f := range in.Templates {
		got = append(got, f.ID+"="+string(f.Text))
	}
	if strings.Join(got, " ") != "a.tmpl=a.tmpl b.tmpl=b.tmpl" {
		t.Errorf("templates, *.tmpl sorted: %v", got)
	}
	if len(in.Sections) != len(config.NarrativeSections) || len(in.Notes) != 1 {
		t.Errorf("sections %v, notes %v", in.Sections, in.Notes)
	}
	// The templates folder is read once a run: the second paper has the
	// files as the first read them.
	if err := os.Remove(filepath.Join(tdir, "a.tmpl")); err != nil {
		t.Fatal(err)
	}
	if in, err := PaperInputs(&Plan{Config: &c, Result: r}, run); err != nil || len(in.Templates) != 2 {
		t.Errorf("second paper of a run: %v, %d templates", err, len(in.Templates))
	}
	if in, err := PaperInputs(&Plan{Config: &c, Result: r}, &Inputs{}); err != nil || len(in.Templates) != 1 {
		t.Errorf("inputs made without Load read the folder: %v, %d templates", err, len(in.Templates))
	}

	c.Report.Title = "Care in Midshire"
	if in, _ := PaperInputs(&Plan{Config: &c, Result: r}, &Inputs{}); in.Settings.Title != "Care in Midshire" {
		t.Errorf("title given: %q", in.Settings.Title)
	}

	big := write("big.md", strings.Repeat("x", config.MaxFile+1))
	for _, tc := range []struct {
		narr, templates, want string
	}{
		{filepath.Join(dir, "none.md"), "", "report.narrative.commentary: " + filepath.Join(dir, "none.md") + ": no such file"},
		{big, "", "report.narrative.commentary: " + big + ": larger than 1024 kB"},
		{"", dir + "/empty", "report.templates: " + dir + "/empty has no *.tmpl files"},
	} {
		c := config.Default()
		if tc.narr != "" {
			c.Report.Narrative = map[string]string{"commentary": tc.narr}
		}
		if tc.templates != "" {
			os.Mkdir(tc.templates, 0o755)
			c.Report.Templates = tc.templates
		}
		if _, err := PaperInputs(&Plan{Config: &c, Result: r}, &Inputs{}); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("got %v, want %s...", err, tc.want)
		}
	}
}
