package paper

import (
	"strings"
	"testing"

	dmd "github.com/carereport/carereport/report/doc/markdown"
)

// Build takes its templates and narrative as text: a template of
// report.templates replaces the built-in one of its name, narrative runs
// into .Narrative, and a misspelt section is named with the nearest of
// Inputs.Sections.
func TestBuildFromSources(t *testing.T) {
	in := Inputs{
		Settings:     Settings{Style: "committee", Title: "T & C"},
		Sections:     []string{"purpose", "conclusions"},
		TemplatesDir: "tdir",
		Templates:    []Source{{ID: "committee.md.tmpl", Path: "tdir/committee.md.tmpl", Text: []byte("# {{.Title}}\n\n{{.Narrative.purpose}}\n")}},
		Narrative:    []Source{{ID: "purpose", Path: "p.md", Text: []byte("Why {{.Authority}}.")}},
		Result:       result(),
	}
	d, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	md := dmd.Write(d)
	want := "# T & C\n\nWhy " + in.Result.Authority.Name + ".\n"
	if string(md) != want {
		t.Errorf("got %q, want %q", md, want)
	}
	in.Templates[0].Text = []byte("{{.Narrative.conclusion}}\n")
	if _, err := Build(in); err == nil || !strings.Contains(err.Error(), "tdir/committee.md.tmpl:1:") || !strings.Contains(err.Error(), `(did you mean "conclusions"?)`) {
		t.Errorf("misspelt section: %v", err)
	}
	in.Templates[0].Text = []byte("{{.Title\n")
	if _, err := Build(in); err == nil || !strings.HasPrefix(err.Error(), "report.templates: tdir/committee.md.tmpl: ") {
		t.Errorf("bad template: %v", err)
	}
}

// A chart of a template's own Markdown that cannot be read is an error
// naming its line in the whole text the template made, though the text
// is read a run at a time between the tables.
func TestTemplateChartErrorLine(t *testing.T) {
	in := Inputs{
		Settings:     Settings{Style: "committee", Title: "T"},
		TemplatesDir: "tdir",
		Templates: []Source{{ID: "committee.md.tmpl", Path: "tdir/committee.md.tmpl",
			Text: []byte("# T\n\n{{.Tables.beds}}\n\nText.\n\n> ```chart\n> title: X\n> A | lots\n> ```\n")}},
		Result: result(),
	}
	_, err := Build(in)
	if err == nil || !strings.Contains(err.Error(), "template committee.md.tmpl: line 9 of the text it makes: chart: ") {
		t.Errorf("got %v", err)
	}
	in.Templates = nil
	in.Narrative = []Source{{ID: "purpose", Path: "p.md", Text: []byte("{{.Tables.beds}}\n\n> ```chart\n> title: X\n> A | lots\n> ```\n")}}
	_, err = Build(in)
	if err == nil || !strings.Contains(err.Error(), "report.narrative.purpose: p.md: line 5 of the text it makes: chart: ") {
		t.Errorf("narrative: got %v", err)
	}
}
