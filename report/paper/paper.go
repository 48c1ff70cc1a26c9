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
	"github.com/carereport/carereport/report/since"
	"github.com/carereport/carereport/templates"
)

// Officer is a contact, escaped for Markdown.
type Officer struct {
	Name, Role, Team, Phone, Email string
}

// Doc is what a template sees. Text from the data and the config is
// escaped for Markdown already; tables, charts and sentences are
// Markdown ready to print.
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
	// Tables and Charts are Markdown by name; S are sentences by name;
	// N are formatted figures by name.
	Tables    map[string]string
	Charts    map[string]string
	S         map[string]string
	N         map[string]string
	Narrative map[string]string
	// sections are the section ids a narrative file may be given for.
	sections []string
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
	// SimilarWithin is report.similar_within, its default applied.
	SimilarWithin float64
	Synthetic     bool
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

// Build fills the style's template and returns the Markdown.
func Build(in Inputs) ([]byte, error) {
	set := in.Settings
	tmpl, err := templateSet(in.TemplatesDir, in.Templates)
	if err != nil {
		return nil, err
	}
	doc := newDoc(in)
	// Officers' narrative files are templates too, over the same Doc,
	// each run within the limits of guard.go. Every file is parsed and
	// its fields checked before any runs, so that every misspelt field
	// of every file is reported at once.
	doc.Narrative = map[string]string{}
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
		nt, err := template.New(filepath.Base(path)).Funcs(g.funcs()).Option("missingkey=error").Parse(string(b))
		if err != nil {
			bad = append(bad, fmt.Sprintf("report.narrative.%s: %s", id, parseErrorAt(err, filepath.Base(path), path)))
			continue
		}
		bad = append(bad, checkFields(nt, doc, path)...)
		narr = append(narr, narrFile{id, path, nt, g, b})
	}
	if in.TemplatesDir != "" {
		bad = append(bad, checkFields(tmpl, doc, filepath.Join(in.TemplatesDir, "*.tmpl"))...)
	}
	if len(bad) > 0 {
		return nil, bad
	}
	for _, n := range narr {
		out, err := execute(n.t, n.g, n.t.Name(), doc)
		if err != nil {
			var le *limitError
			if errors.As(err, &le) && le.line > 0 {
				return nil, fmt.Errorf("report.narrative.%s: %s:%d: %v", n.id, n.path, le.line, err)
			}
			return nil, fmt.Errorf("report.narrative.%s: %s: %v", n.id, n.path, err)
		}
		if err := checkNarrativeText(n.src, out); err != nil {
			return nil, narrativeError(n.id, n.path, err)
		}
		doc.Narrative[n.id] = strings.TrimSpace(string(out))
	}
	name := set.Style + ".md.tmpl"
	if tmpl.Lookup(name) == nil {
		return nil, fmt.Errorf("report.style: no template %s", name)
	}
	g := newGuard(paperLimits)
	out, err := execute(tmpl.Funcs(g.funcs()), g, name, doc)
	if err != nil {
		return nil, fmt.Errorf("template %s: %v", name, err)
	}
	return tidy(out), nil
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
	t := template.New("").Funcs(docFuncs()).Option("missingkey=error")
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

// paraMarker stands for a paragraph number until tidy numbers the
// paragraphs in the order the document shows them: the officers' narrative
// files run before the template that places them, so numbering as the
// templates run would put their numbers out of order. escapeMD removes the
// rune from text taken from the data or the config.
const paraMarker = "\uE000"

// docFuncs are the template functions. para marks a numbered paragraph.
func docFuncs() template.FuncMap {
	para := func() string { return paraMarker }
	return template.FuncMap{
		"para": para,
		// numbered numbers each plain paragraph of officer text, leaving
		// lists, tables, headings and quotes as they are.
		"numbered": func(s string) string {
			blocks := strings.Split(strings.TrimSpace(s), "\n\n")
			for i, b := range blocks {
				b = strings.TrimSpace(b)
				if b == "" || strings.ContainsAny(b[:1], "#|>-*+`") || startsNumbered(b) || strings.HasPrefix(b, "Table:") ||
					strings.HasPrefix(b, paraMarker) { // numbered by the officer's own {{para}}
					blocks[i] = b
					continue
				}
				blocks[i] = para() + " " + b
			}
			return strings.Join(blocks, "\n\n")
		},
		"md":    escapeMD,
		"upper": strings.ToUpper,
		"num":   num,
	}
}

func startsNumbered(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')')
}

// figureMarker begins a chart's title line until tidy numbers it.
const figureMarker = "title: Figure #:"

// tableMarker begins a table's caption line until tidy numbers it.
const tableMarker = "Table: Table #:"

// tidy collapses runs of blank lines left by template actions, numbers
// the tables, and ends the document with one newline.
func tidy(b []byte) []byte {
	lines := strings.Split(string(b), "\n")
	var out []string
	blank := 0
	table, para, figure := 0, 0, 0
	for _, l := range lines {
		if strings.HasPrefix(l, figureMarker) {
			figure++
			l = "title: Figure " + strconv.Itoa(figure) + ":" + strings.TrimPrefix(l, figureMarker)
		}
		for strings.Contains(l, paraMarker) {
			para++
			l = strings.Replace(l, paraMarker, strconv.Itoa(para)+".", 1)
		}
		if strings.TrimSpace(l) == "" {
			blank++
			continue
		}
		if blank > 0 && len(out) > 0 {
			out = append(out, "")
		}
		blank = 0
		// Number the tables in the order the document shows them.
		if strings.HasPrefix(l, tableMarker) {
			table++
			l = "Table: Table " + strconv.Itoa(table) + ":" + strings.TrimPrefix(l, tableMarker)
		}
		out = append(out, l)
	}
	return []byte(strings.Join(out, "\n") + "\n")
}

func newDoc(in Inputs) *Doc {
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

	// Tables are numbered by tidy in the order the template shows them.
	d.Tables = map[string]string{
		"comparison": tm.comparison(),
	}
	for _, tv := range tm.views() {
		d.Tables[tv.Name] = tm.show(tv.Table, tv.View)
	}
	d.Charts = map[string]string{}
	d.Charts["ranking"] = tm.rankingChart()
	d.Charts["trend"] = tm.trendChart()
	d.Has["trend"] = r.Trend != nil && len(r.Trend.Points) > 1
	d.Tables["key_questions_comparison"] = tm.keyQuestionsComparison()
	d.Tables["commissioned_by_type"] = tm.commissionedByType()
	d.Tables["named"] = tm.named()
	d.Charts["by_type"] = tm.byTypeCharts()
	d.Has["activity"] = d.Tables["activity"] != ""
	d.Has["by_type"] = d.Charts["by_type"] != ""
	d.Has["key_questions_comparison"] = d.Tables["key_questions_comparison"] != ""
	d.Has["appendix"] = c.Appendix && r.Named != nil
	d.Has["named"] = d.Has["appendix"] && d.Tables["named"] != ""
	// The health section: every table and sentence key is set, empty
	// when the data has none, so a template can test for it.
	ht := tm.healthTables()
	for _, k := range []string{"health_ratings", "health_key_questions", "nhs_trusts", "hospital_services", "gp_population_groups"} {
		d.Tables[k] = ht[k]
	}
	d.Has["health"] = r.Health != nil && len(r.Health.Sectors) > 0
	s := newSentences(r, c.SimilarWithin)
	d.S = s.all()
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
	ra := r.Authority
	d.N = map[string]string{
		"services":         num(ra.Locations()),
		"care_homes":       num(ra.Homes()),
		"nursing_homes":    num(ra.NursingHomes),
		"residential":      num(ra.ResidentialHomes),
		"community":        num(ra.Ratings.Community.Total()),
		"extra_care":       num(ra.ExtraCare),
		"beds":             num(ra.Beds()),
		"rated":            num(ra.Ratings.All.Rated()),
		"not_rated":        num(ra.Ratings.All[report.NotRated]),
		"inspected":        num(ra.Inspected.All.Total()),
		"good_or_better":   ra.Ratings.All.GoodOrBetterShare(r.Opts.Decimals).String(),
		"comparator_count": strconv.Itoa(len(r.Opts.Comparators)),
	}
	return d
}

func sourceOf(p *cqc.Published) string {
	if p.Source == "" {
		return ""
	}
	return " (" + escapeMD(p.Source) + ")"
}
