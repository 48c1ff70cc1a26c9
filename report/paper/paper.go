package paper

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/doc"
	dmd "github.com/carereport/carereport/report/doc/markdown"
	"github.com/carereport/carereport/report/since"
	"github.com/carereport/carereport/templates"
)

// Officer is a contact, escaped for Markdown.
type Officer struct {
	Name, Role, Team, Phone, Email string
}

// Doc is what a template sees. Text from the data and the config is
// escaped for Markdown already, and sentences are Markdown ready to
// print; tables, charts and the narrative are typed blocks, placed where
// the template prints them.
type Doc struct {
	Style       string
	Title       string
	Committee   string
	MeetingDate string
	Author      string
	Council     string
	Authority   string
	AsAt        string
	Previous    string
	Period      string
	Synthetic   bool
	// Item is the agenda item number; Scope names what the paper covers
	// ("regulated adult social care services", or "care homes" when the
	// data holds nothing else); England names the England figures
	// ("England", or "the 4 authorities in the data").
	Item     string
	Scope    string
	England  string
	Officers []Officer
	// Notes say where figures came from (published counts, rebuilt
	// history); Missing says which sections lack data, by section id.
	Notes   []string
	Missing map[string]string
	Has     map[string]bool
	// Tables and Charts are the paper's tables and charts by name (nil
	// where the data has none); S are sentences by name; N are formatted
	// figures by name; Narrative are the officers' sections by id.
	Tables    map[string]*Blocks
	Charts    map[string]*Blocks
	S         map[string]string
	N         map[string]string
	Narrative map[string]*Blocks
	// sections are the section ids a narrative file may be given for.
	sections []string
	// out is the builder of the template running; own are the paper's
	// own tables and charts, which the numbering pass numbers; quiet is
	// above 0 while a value is measured, not printed.
	out   *builder
	own   map[doc.Block]bool
	quiet int
}

// Settings are the report: settings of the config a paper needs, as
// plain values (not yet escaped).
type Settings struct {
	Style string
	// Title is the paper's title, its default already applied.
	Title       string
	Committee   string
	MeetingDate report.Date
	Author      string
	Council     string
	Item        string
	Officers    []Officer
	Synthetic   bool
	// Appendix is report.appendix, its default applied.
	Appendix bool
}

// Source is one file's text, read when loading: a narrative file (ID is
// its section id) or a template (ID is its file name). Path names it in
// errors.
type Source struct {
	ID, Path string
	Text     []byte
}

// Inputs to Build.
type Inputs struct {
	Settings Settings
	// Narrative are the officers' narrative files, in the order of
	// Sections; Sections are every section id a narrative file may be
	// given for.
	Narrative []Source
	Sections  []string
	// TemplatesDir is report.templates ("" without one); Templates are
	// its *.tmpl files, sorted by name, which replace the built-in ones
	// of the same names.
	TemplatesDir string
	Templates    []Source
	Result       *cqc.Result
	// Notes are plain sentences from loading (not yet escaped).
	Notes []string
	// Since is what changed since the paper of report.previous_paper,
	// or nil.
	Since *since.Changes
}

// The options text is read with. A template's own text, the paper's
// sentences among it, needs no convention: the paper numbers its
// paragraphs with {{para}} and places its tables and charts typed, each
// with its lead-in and total row set. A table a template writes in its
// own Markdown marks its total row by the word "Total", the only way
// hand-written Markdown can. An officer's narrative is hand-written
// throughout: its paragraph ending with a colon introduces what follows
// it. An ordered list in either stays a list, never the paper's
// numbering.
var (
	templateText  = dmd.Options{Totals: true}
	narrativeText = dmd.Options{Totals: true, LeadIns: true}
)

// Build fills the style's template and returns the paper as a document:
// the paragraphs numbered, the tables and charts numbered in the order
// the paper shows them.
func Build(in Inputs) (*doc.Document, error) {
	set := in.Settings
	tmpl, err := templateSet(in.TemplatesDir, in.Templates)
	if err != nil {
		return nil, err
	}
	d, err := newDoc(in)
	if err != nil {
		return nil, err
	}
	// Officers' narrative files are templates too, over the same Doc,
	// each run within the limits of guard.go. Every file is parsed and
	// its fields checked before any runs, so that every misspelt field
	// of every file is reported at once.
	d.Narrative = map[string]*Blocks{}
	type narrFile struct {
		id, path string
		t        *template.Template
		g        *guard
		src      []byte
	}
	var narr []narrFile
	var bad FieldErrors
	for _, n := range in.Narrative {
		id, path, b := n.ID, n.Path, n.Text
		if err := checkNarrativeSource(b); err != nil {
			return nil, narrativeError(id, path, err)
		}
		g := newGuard(narrativeLimits)
		g.d = d
		nt, err := template.New(filepath.Base(path)).Funcs(g.funcs()).Option("missingkey=error").Parse(string(b))
		if err != nil {
			bad = append(bad, fmt.Sprintf("report.narrative.%s: %s", id, parseErrorAt(err, filepath.Base(path), path)))
			continue
		}
		bad = append(bad, checkFields(nt, d, path)...)
		narr = append(narr, narrFile{id, path, nt, g, b})
	}
	if in.TemplatesDir != "" {
		bad = append(bad, checkFields(tmpl, d, filepath.Join(in.TemplatesDir, "*.tmpl"))...)
	}
	if len(bad) > 0 {
		return nil, bad
	}
	for _, n := range narr {
		// Each file runs into a builder of its own: the blocks it makes
		// are placed where the template prints the section.
		b := newBuilder(d, n.g, narrativeText)
		if err := b.run(n.t, n.t.Name(), d); err != nil {
			var le *limitError
			if errors.As(err, &le) && le.line > 0 {
				return nil, fmt.Errorf("report.narrative.%s: %s:%d: %v", n.id, n.path, le.line, err)
			}
			return nil, fmt.Errorf("report.narrative.%s: %s: %v", n.id, n.path, err)
		}
		if err := checkNarrativeText(n.src, b.text); err != nil {
			return nil, narrativeError(n.id, n.path, err)
		}
		bs, err := b.blocks()
		if err != nil {
			return nil, fmt.Errorf("report.narrative.%s: %s: %v", n.id, n.path, err)
		}
		if len(bs) > 0 || strings.TrimSpace(string(b.text)) != "" {
			// A file that makes nothing leaves the section to the
			// template's own text.
			d.Narrative[n.id] = &Blocks{d: d, blocks: bs}
		}
	}
	name := set.Style + ".md.tmpl"
	if tmpl.Lookup(name) == nil {
		return nil, fmt.Errorf("report.style: no template %s", name)
	}
	g := newGuard(paperLimits)
	g.d = d
	b := newBuilder(d, g, templateText)
	if err := b.run(tmpl.Funcs(g.funcs()), name, d); err != nil {
		return nil, fmt.Errorf("template %s: %v", name, err)
	}
	bs, err := b.blocks()
	if err != nil {
		return nil, fmt.Errorf("template %s: %v", name, err)
	}
	numberBlocks(bs, d.own)
	return &doc.Document{Blocks: bs}, nil
}

// narrativeError names the narrative file and the line of a lineError:
// of the file itself, or of the text it made (which differs from the
// file's where a template action above made more than one line).
func narrativeError(id, path string, err error) error {
	var le *lineError
	if !errors.As(err, &le) {
		return fmt.Errorf("report.narrative.%s: %s: %v", id, path, err)
	}
	if le.source {
		return fmt.Errorf("report.narrative.%s: %s:%d: %s", id, path, le.line, le.msg)
	}
	return fmt.Errorf("report.narrative.%s: %s: line %d of the text it makes: %s", id, path, le.line, le.msg)
}

// templateSet parses the built-in templates, then the files of
// report.templates (dir), which replace them one by one.
func templateSet(dir string, files []Source) (*template.Template, error) {
	t := template.New("").Funcs(docFuncs(nil)).Option("missingkey=error")
	if _, err := t.ParseFS(templates.FS, "*.tmpl"); err != nil {
		return nil, fmt.Errorf("built-in templates: %v", err)
	}
	for _, f := range files {
		if _, err := t.New(f.ID).Parse(string(f.Text)); err != nil {
			return nil, fmt.Errorf("report.templates: %s: %v", f.Path, err)
		}
	}
	return t, nil
}

// docFuncs are the template functions: para numbers the paragraph after
// it, numbered places a narrative section (or reads text) numbering its
// top-level paragraphs. d is the document being written (nil when only
// parsing).
func docFuncs(d *Doc) template.FuncMap {
	return template.FuncMap{
		"para": func() string {
			if d != nil && d.out != nil && d.quiet == 0 {
				d.out.para()
			}
			return ""
		},
		"numbered": d.numbered,
		"md":       escapeMD,
		"upper":    strings.ToUpper,
		"num":      num,
	}
}

func newDoc(in Inputs) (*Doc, error) {
	c, r := in.Settings, in.Result
	a := escapeMD(r.Authority.Name)
	d := &Doc{
		Style:       c.Style,
		Title:       escapeMD(c.Title),
		Committee:   escapeMD(c.Committee),
		MeetingDate: c.MeetingDate.Long(),
		Author:      escapeMD(c.Author),
		Council:     escapeMD(c.Council),
		Authority:   a,
		AsAt:        r.Opts.AsAt.Long(),
		Period:      fmt.Sprintf("%s to %s", r.Opts.Inspections.From.Long(), r.Opts.Inspections.To.Long()),
		Synthetic:   c.Synthetic,
		Item:        escapeMD(c.Item),
		Scope:       Scope(r),
		England:     englandName(r),
		Has:         map[string]bool{},
		Missing:     map[string]string{},
		sections:    in.Sections,
		own:         map[doc.Block]bool{},
	}
	if r.Prev != nil {
		d.Previous = r.Prev.AsAt.Long()
	}
	for _, o := range c.Officers {
		d.Officers = append(d.Officers, Officer{Name: escapeMD(o.Name), Role: escapeMD(o.Role), Team: escapeMD(o.Team),
			Phone: escapeMD(o.Phone), Email: escapeMD(o.Email)})
	}
	for _, n := range in.Notes {
		d.Notes = append(d.Notes, escapeMD(n))
	}
	if p := r.Opts.PublishedComparators; p != nil {
		d.Notes = append(d.Notes, "The comparator authorities' figures are CQC's published counts"+sourceOf(p)+", not computed from the data file.")
	}
	if p := r.Opts.PublishedEngland; p != nil {
		d.Notes = append(d.Notes, "The England figures are CQC's published counts"+sourceOf(p)+", not computed from the data file.")
	} else if r.England != nil && !isEngland(r) {
		if r.EnglandAuthorities == 1 {
			d.Notes = append(d.Notes, "The data covers one local authority, not the whole of England, so no England figures are given; the figures for the one authority in the data are its own.")
		} else {
			d.Notes = append(d.Notes, fmt.Sprintf("The data covers %d local authorities, not the whole of England, so no England figures are given; the figures for all %d authorities are their total.", r.EnglandAuthorities, r.EnglandAuthorities))
		}
	}
	if r.CareHomesOnly {
		d.Notes = append(d.Notes, "The data holds care homes only: home care, supported living and other community-based services are not in it, so this paper does not cover them.")
	}

	if cm := r.Commissioned; cm != nil && len(cm.Unmatched) > 0 {
		n := len(cm.Unmatched)
		d.Notes = append(d.Notes, fmt.Sprintf("%s of the %s on the council's list of commissioned services %s not %s in %s, and %s left out of the commissioning figures.",
			num(n), num(cm.Listed), plural(n, "is", "are"), plural(n, "an active adult social care location", "active adult social care locations"),
			escapeMD(r.Authority.Name), plural(n, "is", "are")))
	}
	tm := newTableMaker(r, a)
	d.Has["comparators"] = r.Comparators != nil
	d.Has["england"] = r.England != nil || r.Opts.PublishedEngland != nil
	d.Has["previous"] = r.Prev != nil
	d.Has["key_questions"] = r.KeyQuestions != nil && r.KeyQuestions.Locations > 0
	d.Has["commissioned"] = r.Commissioned != nil
	d.Has["comparison"] = r.Comparators != nil || r.England != nil
	d.Has["ranking"] = len(r.Ranking) > 0
	d.Has["community"] = r.Authority.Ratings.Community.Total() > 0
	if !d.Has["previous"] {
		d.Missing["previous"] = "No earlier date was given to compare with, so this paper shows no change over time."
		if r.Trend != nil {
			d.Missing["previous"] = "No earlier date was given to compare with, so this paper gives no year-on-year change and no count of services whose rating went up or down; the trend shows the share rated Good or Outstanding over time."
		}
	}
	if !d.Has["key_questions"] {
		d.Missing["key_questions"] = "The data gives no ratings of the five key questions, so the key question profile is left out."
	}
	if !d.Has["commissioned"] {
		d.Missing["commissioned"] = "No list of the services the council commissions was given, so the paper has no figures on commissioned services."
	}
	if !d.Has["comparison"] {
		d.Missing["comparison"] = "No comparator authorities or national figures were asked for, so there is no comparison."
	}
	if !d.Has["ranking"] {
		d.Missing["ranking"] = "No comparator authorities were named, so there is no ranking."
	}

	// Tables and charts are numbered where the template places them.
	d.Tables = map[string]*Blocks{
		"comparison": d.blocks(false, tm.comparison()),
	}
	for _, tv := range tm.views() {
		d.Tables[tv.Name] = d.blocks(false, tm.show(tv.Table, tv.View))
	}
	d.Charts = map[string]*Blocks{}
	d.Charts["ranking"] = d.blocks(false, tm.rankingChart()...)
	d.Charts["trend"] = d.blocks(false, tm.trendChart())
	d.Has["trend"] = r.Trend != nil && len(r.Trend.Points) > 1
	d.Tables["key_questions_comparison"] = d.blocks(false, tm.keyQuestionsComparison())
	d.Tables["commissioned_by_type"] = d.blocks(false, tm.commissionedByType())
	d.Charts["by_type"] = d.blocks(false, tm.byTypeCharts()...)
	d.Has["activity"] = d.Tables["activity"] != nil
	d.Has["by_type"] = d.Charts["by_type"] != nil
	d.Has["key_questions_comparison"] = d.Tables["key_questions_comparison"] != nil
	d.Has["appendix"] = c.Appendix && r.Named != nil
	d.Has["named"] = d.Has["appendix"] && d.Tables["named"] != nil
	// The health section: every table and sentence key is set, empty
	// when the data has none, so a template can test for it.
	ht := tm.healthTables()
	for _, k := range []string{"health_ratings", "health_key_questions", "nhs_trusts", "hospital_services", "gp_population_groups"} {
		d.Tables[k] = d.blocks(false, ht[k])
	}
	d.Has["health"] = r.Health != nil && len(r.Health.Sectors) > 0
	// The chart of the sectors' shares rated Good or Outstanding, with
	// health_ratings after it as its data table.
	hc := tm.healthChart()
	d.Charts["health"] = d.blocks(false, hc, ht["health_ratings"])
	d.Has["health_chart"] = hc != nil
	s := newSentences(r, r.Opts.SimilarWithin) // the threshold the result was computed with, as the tables use it
	d.S = s.all()
	// The sentences that end "The current ratings are:" and "These
	// ratings were:" introduce their tables.
	if t := d.Tables["ratings"]; t != nil {
		t.leadIn = s.ratedLeadsIn()
	}
	if t := d.Tables["inspections"]; t != nil {
		t.leadIn = s.inspectionsLeadIn()
	}
	d.S["trend"] = s.trend()
	d.S["activity"] = s.activity()
	d.S["by_type_ranking"] = s.byTypeRanking()
	d.S["key_questions_comparison"] = s.keyQuestionsComparison()
	d.S["commissioned_change"] = s.commissionedChange()
	d.S["overlap"] = s.overlap()
	d.S["named_note"] = s.namedNote()
	hs := s.health()
	for _, k := range []string{"health_gp", "health_hospitals", "health_other", "trusts", "hospital_services", "gp_groups"} {
		d.S[k] = hs[k]
	}
	d.S["trend_note"] = ""
	if r.Trend != nil && r.Trend.ClosuresMissing {
		d.S["trend_note"] = "The earlier figures are rebuilt from the records of services still registered when the data was taken: services that closed in the meantime are missing from them, so they may differ from the figures published at the time."
	}
	addFair(d, tm, s)
	d.setSince(in.Since)
	// The figures a template prints on its own, from the tables that
	// hold them (the kinds of care home and extra care from the counts:
	// no table holds them).
	ra, rt, beds := r.Authority, r.Ratings(), r.BedsOfAuthority()
	d.N = map[string]string{
		"services":         num(rt.Total(cqc.All)),
		"care_homes":       num(beds.Homes()),
		"nursing_homes":    num(ra.NursingHomes),
		"residential":      num(ra.ResidentialHomes),
		"community":        num(rt.Total(cqc.Community)),
		"extra_care":       num(ra.ExtraCare),
		"beds":             num(beds.Beds()),
		"rated":            num(rt.Rated(cqc.All)),
		"not_rated":        num(rt.Count(report.NotRated, cqc.All)),
		"inspected":        num(r.Inspected().Total(cqc.All)),
		"good_or_better":   rt.GoodOrBetter(cqc.All).String(),
		"comparator_count": strconv.Itoa(len(r.Opts.Comparators)),
	}
	if tm.err != nil {
		return nil, tm.err
	}
	return d, nil
}

func sourceOf(p *cqc.Published) string {
	if p.Source == "" {
		return ""
	}
	return " (" + escapeMD(p.Source) + ")"
}
