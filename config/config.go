// Package config reads a carereport YAML file: strictly (an unknown key is
// an error naming its line), over defaults, with paths made relative to
// the file; ApplyDefaults then fills in what it implies, and Validate
// checks it, its errors naming the key.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/carereport/carereport/report"
)

// Styles are the document styles the templates provide.
var Styles = []string{"scrutiny", "quality-account"}

// Formats are the output formats, in the order they are written.
var Formats = []string{"md", "html", "pdf", "docx", "csv", "json"}

// DefaultFormats are written when the config names none.
var DefaultFormats = []string{"md", "html", "pdf", "csv", "json"}

// Config is one report's settings.
type Config struct {
	Authority   string      `yaml:"authority"`
	Comparators Comparators `yaml:"comparators"`
	England     bool        `yaml:"england"`
	Period      Period      `yaml:"period"`
	Data        Data        `yaml:"data"`
	Report      Report      `yaml:"report"`
	Output      Output      `yaml:"output"`
	// Published gives CQC's published counts for England or the
	// comparator group, for when the data covers only some authorities.
	Published *Published `yaml:"published"`
	// Health asks for the health section (GP practices, hospitals, NHS
	// trusts ...) from the Latest ratings file or API records.
	Health *Health `yaml:"health"`
	// Population (default true) gives care home beds per head of the
	// older population, from the ONS estimates carereport ships.
	Population *bool `yaml:"population"`
	// CouncilAssessment is CQC's assessment of the council itself.
	CouncilAssessment *CouncilAssessment `yaml:"council_assessment"`

	// Path is the file the config was read from ("" if none).
	Path string `yaml:"-"`
}

// Comparators names the authorities the report compares against: a list,
// or every other authority in a region.
type Comparators struct {
	Label       string   `yaml:"label"`
	Authorities []string `yaml:"authorities"`
	Region      string   `yaml:"region"`
}

// Period holds the report's dates.
type Period struct {
	AsAt            Date `yaml:"as_at"`
	InspectionsFrom Date `yaml:"inspections_from"`
	InspectionsTo   Date `yaml:"inspections_to"`
	Previous        Date `yaml:"previous"`
	// Quarter (e.g. 2020-Q4) sets the dates of a quarterly paper: as_at
	// the day after the quarter, the inspections the quarter itself, and
	// previous a year before as_at. Each may still be set by hand.
	Quarter string `yaml:"quarter"`
	// Trend asks for ratings over time, one row per quarter or month.
	Trend *Trend `yaml:"trend"`

	// fromQuarter marks the dates applyQuarter set (by their key, such
	// as "as_at"), so that an error about one names period.quarter.
	fromQuarter map[string]bool
}

// KeyOf names the key that gave the date field ("as_at", "previous",
// "inspections_from", "inspections_to"): period.quarter when the quarter
// set it, else period.<field>.
func (p *Period) KeyOf(field string) string {
	if p.fromQuarter[field] {
		return "period.quarter"
	}
	return "period." + field
}

// Trend is period.trend: the first date, and the step.
type Trend struct {
	From  Date   `yaml:"from"`
	Every string `yaml:"every"` // quarter (the default) or month
}

// MaxTrendDates is the most dates a trend may have, period.as_at
// included: its line chart holds at most this many points (the chart
// package's MaxRows).
const MaxTrendDates = 60

// CheckTrend checks that period.trend gives no more dates up to asAt
// than its chart can show, as when they are rebuilt from data.api; the
// error names period.trend.from and the latest start that fits. (From
// data.history files, only the dates that have a file count: the pipeline
// checks those.)
func (c *Config) CheckTrend(asAt report.Date) error {
	tr := c.Period.Trend
	if tr == nil || asAt.IsZero() || tr.From.IsZero() || tr.From.Date >= asAt {
		return nil
	}
	months := TrendSteps[tr.Every]
	if months == 0 {
		return nil
	}
	n := 1 // asAt itself
	for i := 0; n <= MaxTrendDates && tr.From.Date.AddMonths(i*months) < asAt; i++ {
		n++
	}
	if n <= MaxTrendDates {
		return nil
	}
	step := map[int]string{1: "monthly", 3: "quarterly"}[months]
	return &Error{File: c.Path, Key: "period.trend.from", Msg: fmt.Sprintf(
		"%s gives more than %d %s dates up to %s, more than the trend's chart can show; start at %s or later",
		tr.From, MaxTrendDates, step, asAt, asAt.AddMonths(-(MaxTrendDates-1)*months))}
}

// TrendSteps are the values period.trend.every takes, with their length
// in months.
var TrendSteps = map[string]int{"quarter": 3, "month": 1}

// Data names the input files; relative paths are resolved against the
// config file's folder by Load.
type Data struct {
	Locations         string `yaml:"locations"`
	PreviousLocations string `yaml:"previous_locations"`
	Ratings           string `yaml:"ratings"`
	PreviousRatings   string `yaml:"previous_ratings"`
	API               string `yaml:"api"`
	Commissioned      string `yaml:"commissioned"`
	IncludeDormant    bool   `yaml:"include_dormant"`
	// History lists earlier HSCA Active Locations files (any format),
	// one per date, for the trend.
	History []string `yaml:"history"`
	// RatingsProviders is the Latest ratings file's Providers sheet saved
	// on its own (a CSV), for data.ratings given as a CSV of the
	// Locations sheet: the NHS trusts' own ratings.
	RatingsProviders string `yaml:"ratings_providers"`
	// CouncilAssessments is a CSV of CQC's assessments of councils
	// (authority, rating, published, score), for the comparators'.
	CouncilAssessments string `yaml:"council_assessments"`
}

// Health is the health: section: the sectors the paper covers.
type Health struct {
	Sectors []string `yaml:"sectors"`
}

// Officer is one contact listed at the end of a paper.
type Officer struct {
	Name  string `yaml:"name"`
	Role  string `yaml:"role"`
	Team  string `yaml:"team"`
	Phone string `yaml:"phone"`
	Email string `yaml:"email"`
}

// Report holds the document's settings.
type Report struct {
	Style       string            `yaml:"style"`
	Title       string            `yaml:"title"`
	Committee   string            `yaml:"committee"`
	MeetingDate Date              `yaml:"meeting_date"`
	Author      string            `yaml:"author"`
	Council     string            `yaml:"council"`
	Narrative   map[string]string `yaml:"narrative"`
	Officers    []Officer         `yaml:"officers"`
	// Templates is a folder whose files override the built-in templates
	// one by one.
	Templates string `yaml:"templates"`
	// Decimals is 0 (whole per cent, the default) or 1.
	Decimals int `yaml:"decimals"`
	// Synthetic marks the data as invented, and the paper says so.
	Synthetic bool `yaml:"synthetic"`
	// Item is the agenda item number the committee gives the paper.
	Item string `yaml:"item"`
	// SimilarWithin is how many percentage points two printed shares
	// must differ by before the paper calls one higher or lower than the
	// other (default 3).
	SimilarWithin *float64 `yaml:"similar_within"`
	// ReferenceDocx is a council's .docx or .dotx whose styles, theme,
	// fonts, page size and margins the Word paper takes.
	ReferenceDocx string `yaml:"reference_docx"`
	// Appendix names, in an appendix, the services rated Inadequate or
	// Requires Improvement and those whose rating fell (default true).
	Appendix *bool `yaml:"appendix"`
	// Status is final (the default) or draft: a draft's title starts
	// "DRAFT: ", its PDF pages carry a DRAFT watermark, and its manifest
	// says so.
	Status string `yaml:"status"`
	// Map draws the services on a map of the authority (default true).
	Map *bool `yaml:"map"`
	// PreviousPaper is the tables JSON (SLUG-tables.json) of the paper
	// before this one: the paper then says what changed since.
	PreviousPaper string `yaml:"previous_paper"`
	// NarrativeDir holds one folder per authority, named by its slug,
	// with that authority's narrative files (SECTION.md) and officers
	// (officers.yaml): how each paper of a batch gets its own text.
	NarrativeDir string `yaml:"narrative_dir"`
}

// Statuses are the values report.status takes.
var Statuses = []string{"final", "draft"}

// Draft says whether the paper is a draft (report.status: draft).
func (r *Report) Draft() bool { return r.Status == "draft" }

// StatusName is report.status, "final" when not set.
func (r *Report) StatusName() string {
	if r.Status == "" {
		return "final"
	}
	return r.Status
}

// DefaultTitle is the title of a paper on authority when report.title
// is not set.
func DefaultTitle(authority string) string { return "Quality of Care in " + authority }

// TitleFor is report.title, or DefaultTitle(authority) when it is blank.
func (r *Report) TitleFor(authority string) string {
	if strings.TrimSpace(r.Title) == "" {
		return DefaultTitle(authority)
	}
	return r.Title
}

// WithAppendix is report.appendix, true unless set false.
func (r *Report) WithAppendix() bool { return r.Appendix == nil || *r.Appendix }

// DefaultSimilarWithin is report.similar_within when the config is silent.
const DefaultSimilarWithin = 3.0

// Similar returns report.similar_within, or its default.
func (r *Report) Similar() float64 {
	if r.SimilarWithin == nil {
		return DefaultSimilarWithin
	}
	return *r.SimilarWithin
}

// Output says where and in which formats files are written.
type Output struct {
	Dir     string   `yaml:"dir"`
	Formats []string `yaml:"formats"`
}

// Counts are published counts by canonical rating id.
type Counts map[string]int

// AreaCounts are published counts by service type.
type AreaCounts struct {
	CareHome  Counts `yaml:"care_home"`
	Community Counts `yaml:"community"`
	Source    string `yaml:"source"`
}

// Published holds aggregate counts from CQC's publications.
type Published struct {
	England     *AreaCounts `yaml:"england"`
	Comparators *AreaCounts `yaml:"comparators"`
}

// Date is a report.Date read from YAML.
type Date struct{ report.Date }

// UnmarshalYAML reads a date such as 2019-11-01.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: expected a date such as 2019-11-01", n.Line)
	}
	v, err := report.ParseDate(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %v", n.Line, err)
	}
	d.Date = v
	return nil
}

// MarshalYAML writes the date as YYYY-MM-DD.
func (d Date) MarshalYAML() (any, error) { return d.Date.String(), nil }

// Default returns the settings a config starts from.
func Default() Config {
	return Config{
		England: true,
		Comparators: Comparators{
			Label: "Comparator authorities",
		},
		Report: Report{
			Style:  "scrutiny",
			Author: "",
		},
		Output: Output{
			Dir:     "out",
			Formats: append([]string(nil), DefaultFormats...),
		},
	}
}

// Error is a config problem: the file, and the line or key it is about.
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *Error) Error() string { return report.Located(e.File, e.Line, e.Key, e.Msg) }

// Load reads and decodes the config at path, fills in what it implies
// (ApplyDefaults) and validates it.
func Load(path string) (*Config, error) {
	b, err := ReadLimited(path, MaxFile)
	if err != nil {
		return nil, err
	}
	c, err := Parse(path, b)
	if err != nil {
		return nil, err
	}
	if err := c.ApplyDefaults(); err != nil {
		return nil, withLine(err, b)
	}
	if err := c.Validate(); err != nil {
		return nil, withLine(err, b)
	}
	return c, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

var (
	reUnknown = regexp.MustCompile(`^line (\d+): field (\S+) not found in type (\S+)$`)
	reLine    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
)

// Parse decodes YAML over Default() and resolves relative paths against
// the folder of name. It does not validate.
func Parse(name string, b []byte) (*Config, error) {
	c := Default()
	c.Path = name
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(name, err)
	}
	// A second document is a mistake worth naming.
	var extra any
	if err := dec.Decode(&extra); err == nil {
		return nil, &Error{File: name, Msg: "more than one YAML document; put everything in one"}
	}
	c.resolvePaths(filepath.Dir(name))
	return &c, nil
}

// yamlError turns yaml.v3's errors into one "file:line: message".
func yamlError(name string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg := te.Errors[0]
		if m := reUnknown.FindStringSubmatch(msg); m != nil {
			line := atoi(m[1])
			return &Error{File: name, Line: line, Msg: fmt.Sprintf("unknown key %q%s", m[2], suggestKey(m[2], m[3]))}
		}
		if m := reLine.FindStringSubmatch(msg); m != nil {
			return &Error{File: name, Line: atoi(m[1]), Msg: tidyTypeMsg(m[2])}
		}
		return &Error{File: name, Msg: msg}
	}
	s := err.Error()
	if m := reLine.FindStringSubmatch(s); m != nil {
		return &Error{File: name, Line: atoi(m[1]), Msg: tidyTypeMsg(m[2])}
	}
	return &Error{File: name, Msg: strings.TrimPrefix(s, "yaml: ")}
}

func tidyTypeMsg(s string) string {
	s = strings.ReplaceAll(s, "!!str", "text")
	s = strings.ReplaceAll(s, "!!seq", "a list")
	s = strings.ReplaceAll(s, "!!map", "a mapping")
	s = strings.ReplaceAll(s, "!!int", "a number")
	s = strings.ReplaceAll(s, "!!bool", "true/false")
	return s
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// knownKeys are the YAML keys of each struct type a config holds, by the
// type's name as yaml.v3 gives it in an unknown-key error
// ("config.Period"): read from the struct tags, so a new field is known,
// and suggested, without a second list.
var knownKeys = yamlKeys(reflect.TypeOf(Config{}))

// yamlKeys walks t and every struct type reachable from it (through
// pointers, slices and map values) and lists each one's keys. A map's own
// keys are free (report.narrative's section ids are checked by Validate,
// a rating id under published by Validate too), so only its values are
// walked.
func yamlKeys(t reflect.Type) map[string][]string {
	out := map[string][]string{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || t == reflect.TypeOf(Date{}) {
			return // a value: Date reads itself from a scalar
		}
		if _, seen := out[t.String()]; seen {
			return
		}
		out[t.String()] = nil
		var fields func(st reflect.Type)
		fields = func(st reflect.Type) {
			for i := range st.NumField() {
				f := st.Field(i)
				if !f.IsExported() {
					continue
				}
				name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
				if name == "-" {
					continue
				}
				if strings.Contains(","+opts+",", ",inline,") {
					ft := f.Type
					for ft.Kind() == reflect.Pointer {
						ft = ft.Elem()
					}
					if ft.Kind() == reflect.Struct {
						fields(ft) // an inline struct's keys are its parent's
					}
					continue // an inline map's keys are free
				}
				if name == "" {
					name = strings.ToLower(f.Name) // yaml.v3's default
				}
				out[t.String()] = append(out[t.String()], name)
				walk(f.Type)
			}
		}
		fields(t)
	}
	walk(t)
	return out
}

func suggestKey(key, typ string) string {
	best, bestD := "", 3
	for _, k := range knownKeys[typ] {
		if d := report.EditDistance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func (c *Config) resolvePaths(dir string) {
	abs := func(p *string) {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
	abs(&c.Data.Locations)
	abs(&c.Data.PreviousLocations)
	abs(&c.Data.Ratings)
	abs(&c.Data.PreviousRatings)
	abs(&c.Data.API)
	abs(&c.Data.Commissioned)
	abs(&c.Data.RatingsProviders)
	abs(&c.Data.CouncilAssessments)
	for i := range c.Data.History {
		abs(&c.Data.History[i])
	}
	abs(&c.Report.Templates)
	abs(&c.Report.ReferenceDocx)
	abs(&c.Report.PreviousPaper)
	abs(&c.Report.NarrativeDir)
	abs(&c.Output.Dir)
	for k, v := range c.Report.Narrative {
		abs(&v)
		c.Report.Narrative[k] = v
	}
}

// StyleSections are the narrative section ids each style's template
// places, in the order the paper shows them. This is the one list: the
// config is checked against it, and a test checks that each built-in
// template places every id of its style and no other.
var StyleSections = map[string][]string{
	"scrutiny": {"purpose", "recommendations", "policy", "background", "changes", "key_questions",
		"commentary", "resources", "conclusions", "circulation", "equality", "background_papers"},
	"quality-account": {"introduction", "changes", "key_questions", "comparison", "commissioned",
		"older_people", "working_age", "improvement", "conclusion"},
}

// NarrativeSections are the section ids a narrative file may be given
// for in any style.
var NarrativeSections = func() []string {
	var out []string
	for _, st := range Styles {
		for _, id := range StyleSections[st] {
			if !contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}()

// ApplyDefaults fills in what the config implies but does not say: the
// dates period.quarter gives (those not set by hand),
// period.trend.every (quarter) and health.sectors (the default list). It runs after Parse and before Validate,
// which only checks; Load runs both. Its error is a period.quarter that is
// no quarter or that contradicts a date set by hand, and names that key.
func (c *Config) ApplyDefaults() error {
	if err := c.applyQuarter(); err != nil {
		return err
	}
	if tr := c.Period.Trend; tr != nil && tr.Every == "" {
		tr.Every = "quarter"
	}
	if h := c.Health; h != nil && len(h.Sectors) == 0 {
		h.Sectors = append([]string(nil), report.DefaultHealthSectors...)
	}
	return nil
}

// Validate checks values that decoding cannot: required keys, choices,
// and dates in order. It changes nothing (defaults are ApplyDefaults'),
// and its error names the key.
func (c *Config) Validate() error {
	bad := func(key, format string, a ...any) error {
		return &Error{File: c.Path, Key: key, Msg: fmt.Sprintf(format, a...)}
	}
	if strings.TrimSpace(c.Authority) == "" {
		return bad("authority", "is required: the local authority as spelt in the data")
	}
	if len(c.Comparators.Authorities) > 0 && c.Comparators.Region != "" {
		return bad("comparators", "give either authorities or region, not both")
	}
	for i, a := range c.Comparators.Authorities {
		if strings.TrimSpace(a) == "" {
			return bad(fmt.Sprintf("comparators.authorities[%d]", i), "is empty")
		}
	}
	if c.Data.Locations == "" && c.Data.API == "" {
		return bad("data", "give data.locations (an HSCA Active Locations file) or data.api (CQC API records)")
	}
	if err := c.validateHealth(); err != nil {
		return err
	}
	p := c.Period
	if c.Data.Locations == "" && p.AsAt.IsZero() {
		return bad("period.as_at", "is required with data.api (the date to rebuild ratings at)")
	}
	if !p.InspectionsFrom.IsZero() && !p.InspectionsTo.IsZero() && p.InspectionsFrom.Date > p.InspectionsTo.Date {
		return bad("period.inspections_from", "%s is after period.inspections_to %s", p.InspectionsFrom, p.InspectionsTo)
	}
	if !p.Previous.IsZero() && !p.AsAt.IsZero() && p.Previous.Date >= p.AsAt.Date {
		return bad("period.previous", "%s must be before period.as_at %s", p.Previous, p.AsAt)
	}
	if tr := p.Trend; tr != nil {
		if _, ok := TrendSteps[tr.Every]; !ok {
			return bad("period.trend.every", "%q is not quarter or month", tr.Every)
		}
		if tr.From.IsZero() {
			return bad("period.trend.from", "is required: the first date of the trend")
		}
		if !p.AsAt.IsZero() && tr.From.Date >= p.AsAt.Date {
			return bad("period.trend.from", "%s must be before period.as_at %s", tr.From, p.AsAt)
		}
		if c.Data.API != "" && len(c.Data.History) == 0 {
			// Rebuilt from the records, every step is a date of the trend.
			if err := c.CheckTrend(p.AsAt.Date); err != nil {
				return err
			}
		}
		if c.Data.API == "" && len(c.Data.History) == 0 {
			return bad("period.trend", "needs data.api records, or data.history files (earlier HSCA files), to give figures at earlier dates")
		}
	}
	if len(c.Data.History) > 0 && c.Data.Locations == "" {
		return bad("data.history", "needs data.locations for the current snapshot")
	}
	if c.Data.PreviousLocations != "" && c.Data.Locations == "" {
		return bad("data.previous_locations", "needs data.locations for the current snapshot")
	}
	if c.Data.PreviousRatings != "" && c.Data.PreviousLocations == "" {
		return bad("data.previous_ratings", "needs data.previous_locations")
	}
	if !contains(Styles, c.Report.Style) {
		return bad("report.style", "%q is not one of %s", c.Report.Style, strings.Join(Styles, ", "))
	}
	if c.Report.Status != "" && !contains(Statuses, c.Report.Status) {
		return bad("report.status", "%q is not draft or final", c.Report.Status)
	}
	if c.Report.Decimals != 0 && c.Report.Decimals != 1 {
		return bad("report.decimals", "must be 0 or 1, not %d", c.Report.Decimals)
	}
	if w := c.Report.SimilarWithin; w != nil && (*w < 0 || *w > 100 || *w != *w) {
		return bad("report.similar_within", "must be a number of percentage points from 0 to 100, not %v", *w)
	}
	narr := make([]string, 0, len(c.Report.Narrative))
	for k := range c.Report.Narrative {
		narr = append(narr, k)
	}
	sort.Strings(narr)
	for _, k := range narr {
		if ids := StyleSections[c.Report.Style]; !contains(ids, k) {
			if contains(NarrativeSections, k) {
				return bad("report.narrative."+k, "is not a section of the %s style, so it would not be printed (its sections: %s)", c.Report.Style, strings.Join(ids, ", "))
			}
			return bad("report.narrative."+k, "is not a section id (one of %s)%s", strings.Join(ids, ", "), didYouMean(k, ids))
		}
	}
	if err := c.validateFair(); err != nil {
		return err
	}
	if err := CheckFormats(c.Output.Formats); err != nil {
		return bad("output.formats", "%v", err)
	}
	if c.Published != nil {
		for name, a := range map[string]*AreaCounts{"england": c.Published.England, "comparators": c.Published.Comparators} {
			if a == nil {
				continue
			}
			for typ, counts := range map[string]Counts{"care_home": a.CareHome, "community": a.Community} {
				keys := make([]string, 0, len(counts))
				for k := range counts {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					if !validRatingID(k) {
						return bad("published."+name+"."+typ+"."+k, "is not a rating id (outstanding, good, requires_improvement, inadequate, not_rated)")
					}
					if counts[k] < 0 {
						return bad("published."+name+"."+typ+"."+k, "is negative")
					}
					if counts[k] > MaxPublished {
						return bad("published."+name+"."+typ+"."+k, "is %d, more than the %d services England has ever had", counts[k], MaxPublished)
					}
				}
			}
		}
	}
	return nil
}

// MaxPublished bounds a published count: England has some 30,000 adult
// social care services, so a larger figure is a mistake (and sums of such
// figures could overflow).
const MaxPublished = 1_000_000

// CheckFormats checks a list of output formats.
func CheckFormats(fs []string) error {
	if len(fs) == 0 {
		return fmt.Errorf("no formats given")
	}
	for _, f := range fs {
		if !contains(Formats, f) {
			return fmt.Errorf("%q is not a format (one of %s)", f, strings.Join(Formats, ", "))
		}
	}
	return nil
}

func validRatingID(s string) bool {
	for _, r := range report.Ratings {
		if r.ID() == s {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Slug is an authority's name lower-cased with runs of non-letters as
// "-": "Kingston upon Hull" -> "kingston-upon-hull".
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// applyQuarter sets the dates period.quarter implies, leaving any set by
// hand; a date set by hand that contradicts the quarter is an error naming
// both keys.
func (c *Config) applyQuarter() error {
	q := strings.TrimSpace(c.Period.Quarter)
	if q == "" {
		return nil
	}
	bad := func(format string, a ...any) error {
		return &Error{File: c.Path, Key: "period.quarter", Msg: fmt.Sprintf(format, a...)}
	}
	var year, n int
	if _, err := fmt.Sscanf(strings.ToUpper(q), "%d-Q%d", &year, &n); err != nil || n < 1 || n > 4 || year < 1990 || year > 2200 ||
		fmt.Sprintf("%d-Q%d", year, n) != strings.ToUpper(q) {
		return bad("%q is not a quarter such as 2020-Q4", q)
	}
	start := report.NewDate(year, 3*(n-1)+1, 1)
	asAt := start.AddDate(0, 3, 0)
	set := []struct {
		field string
		d     *Date
		want  report.Date
	}{
		{"as_at", &c.Period.AsAt, asAt},
		{"inspections_from", &c.Period.InspectionsFrom, start},
		{"inspections_to", &c.Period.InspectionsTo, asAt.AddDate(0, 0, -1)},
	}
	mark := func(field string) {
		if c.Period.fromQuarter == nil {
			c.Period.fromQuarter = map[string]bool{}
		}
		c.Period.fromQuarter[field] = true
	}
	for _, s := range set {
		switch {
		case s.d.IsZero():
			s.d.Date = s.want
			mark(s.field)
		case s.d.Date != s.want:
			return bad("%s gives %s, but period.%s is %s; set one of them", q, s.want, s.field, s.d)
		}
	}
	if c.Period.Previous.IsZero() && (c.Data.API != "" || c.Data.PreviousLocations != "") {
		// A year before, when there is data to rebuild or read it from.
		c.Period.Previous.Date = asAt.AddYears(-1)
		mark("previous")
	}
	return nil
}

// MaxFile bounds a config or narrative file: a real one is a few kB.
const MaxFile = 1 << 20

// ReadLimited reads a small text file, refusing one larger than max (so
// that -config /dev/zero ends with an error, not a full memory).
func ReadLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s: larger than %d kB; a config or narrative file is a few kB of text", path, max>>10)
	}
	return b, nil
}

// validateHealth checks health.sectors (ApplyDefaults gives the default
// list when health: has none) and that the data can give them.
func (c *Config) validateHealth() error {
	h := c.Health
	if h == nil {
		if c.Data.RatingsProviders != "" {
			return &Error{File: c.Path, Key: "data.ratings_providers", Msg: "is for the health section: add health:"}
		}
		return nil
	}
	seen := map[string]bool{}
	for i, s := range h.Sectors {
		key := fmt.Sprintf("health.sectors[%d]", i)
		if !slices.Contains(report.HealthSectors, s) {
			msg := fmt.Sprintf("%q is not a sector (one of %s)", s, strings.Join(report.HealthSectors, ", "))
			best, bestD := "", 3
			for _, k := range report.HealthSectors {
				if d := report.EditDistance(s, k); d < bestD {
					best, bestD = k, d
				}
			}
			if best != "" {
				msg += fmt.Sprintf("; did you mean %q?", best)
			}
			return &Error{File: c.Path, Key: key, Msg: msg}
		}
		if seen[s] {
			return &Error{File: c.Path, Key: key, Msg: fmt.Sprintf("%q is listed twice", s)}
		}
		seen[s] = true
	}
	if c.Data.Ratings == "" && c.Data.API == "" {
		return &Error{File: c.Path, Key: "health", Msg: "needs data.ratings (the Latest ratings file, which lists every sector) or data.api (CQC API records)"}
	}
	if c.Data.RatingsProviders != "" && c.Data.Ratings == "" {
		return &Error{File: c.Path, Key: "data.ratings_providers", Msg: "needs data.ratings (its Locations sheet)"}
	}
	return nil
}
