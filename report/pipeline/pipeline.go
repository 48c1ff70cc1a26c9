// Package pipeline wires a config to the loaders and the counting rules:
// it loads every input a config names once, and computes one authority's
// result from them. The command line and batch runs both use it.
package pipeline

import (
	"fmt"
	"sort"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/load"
	"github.com/carereport/carereport/report/ons"
	"github.com/carereport/carereport/report/render/docx"
)

// Inputs are the loaded data of one config.
type Inputs struct {
	AsAt report.Date
	// Current is the snapshot as at AsAt; Previous as at the previous
	// date, or nil.
	Current  *report.Snapshot
	Previous *report.Snapshot
	// Commissioned is the council's list, or nil.
	Commissioned map[string]bool
	// Findings gathers what the loaders noticed, for validate.
	Findings []report.Finding
	// Notes are plain sentences about where figures came from.
	Notes []string
	// Trend is the per-authority aggregate at each date of period.trend,
	// oldest first (nil without one); TrendClosuresMissing says it is
	// rebuilt from API records that hold no closed services.
	Trend                []cqc.Dated
	TrendClosuresMissing bool
	// Health is every health location of the data, for the health
	// section (nil without health: in the config).
	Health *report.Health
	// Files are the data files read, in the order of the config's keys,
	// with how each was read: the manifest lists and hashes them.
	Files []InputFile
	// stamps are the data files' sizes and times when loaded, and hashes
	// their hashes once taken (see digest).
	stamps map[string]stamp
	hashes digests
	// Template is report.reference_docx, read and parsed once and shared
	// by every paper of the run (nil without one).
	Template *docx.Template
	// templates are report.templates' files, read by the first paper
	// and shared by the rest.
	templates *templateFiles
	// Population is the ONS population file (nil with population:
	// false); Councils are the rows of data.council_assessments.
	Population *ons.Populations
	Councils   []report.CouncilAssessment
}

// InputFile is one data file a run read.
type InputFile struct {
	// Key is the config key that names it, e.g. data.locations or
	// data.history[2].
	Key string
	// Path is the path carereport opened (the config's own, resolved
	// against the config's folder).
	Path string
	Read report.Reading
}

func (in *Inputs) addFile(key, path string, rd report.Reading) {
	in.Files = append(in.Files, InputFile{Key: key, Path: path, Read: rd})
	if st, ok := stampOf(path); ok {
		if in.stamps == nil {
			in.stamps = map[string]stamp{}
		}
		in.stamps[path] = st
	}
}

// Load reads every file the config names.
func Load(c *config.Config) (*Inputs, error) {
	in := &Inputs{AsAt: c.Period.AsAt.Date}
	var api *report.Snapshot
	if c.Data.API != "" {
		s, err := load.API(c.Data.API)
		if err != nil {
			return nil, err
		}
		api = s
		in.Findings = append(in.Findings, s.Findings...)
		in.addFile("data.api", c.Data.API, s.Read)
	}
	// cur is the current file's own dates, which every earlier file's
	// must precede.
	var cur fileDates
	if c.Data.Locations != "" {
		s, err := load.HSCA(c.Data.Locations)
		if err != nil {
			return nil, err
		}
		in.Findings = append(in.Findings, s.Findings...)
		in.addFile("data.locations", c.Data.Locations, s.Read)
		cur = snapshotDates("data.locations", s)
		asAtBy := c.Period.KeyOf("as_at")
		switch {
		case in.AsAt.IsZero() && s.AsAt.IsZero():
			return nil, &config.Error{File: c.Path, Key: "period.as_at",
				Msg: fmt.Sprintf("%s gives no as-at date in its preamble or name; set period.as_at", c.Data.Locations)}
		case in.AsAt.IsZero():
			in.AsAt, asAtBy = s.AsAt, "data.locations"
			if err := cur.agree(c, in.AsAt, ""); err != nil {
				return nil, err
			}
		default:
			if err := cur.agree(c, in.AsAt, asAtBy); err != nil {
				return nil, err
			}
			if !s.AsAt.IsZero() && s.AsAt != in.AsAt {
				in.Findings = append(in.Findings, report.Finding{File: c.Data.Locations, Kind: "as_at_mismatch",
					Message: fmt.Sprintf("the file is as at %s but %s gives %s; the file's ratings are used, dated %s", s.AsAt, asAtBy, in.AsAt, in.AsAt)})
			}
		}
		s.AsAt = in.AsAt
		if c.Data.Ratings != "" {
			// One pass over the Latest ratings file gives the key
			// questions and, when asked for, the health section.
			f, h, err := mergeRatingsAndHealth(c, in, s, "data.ratings", c.Data.Ratings, c.Data.RatingsProviders, c.Health != nil, asAtBy)
			if err != nil {
				return nil, err
			}
			in.Health = h
			in.Findings = append(in.Findings, f...)
		} else if api != nil {
			mergeAPIKeyQuestions(s, cqc.At(api, in.AsAt))
		}
		in.Current = s
	} else {
		in.Current = cqc.At(api, in.AsAt)
		in.Notes = append(in.Notes, fmt.Sprintf("Ratings as at %s are rebuilt from the CQC API records' rating history.", in.AsAt.Long()))
	}
	prevDate, prevBy := c.Period.Previous.Date, c.Period.KeyOf("previous")
	switch {
	case c.Data.PreviousLocations != "":
		s, err := load.HSCA(c.Data.PreviousLocations)
		if err != nil {
			return nil, err
		}
		in.Findings = append(in.Findings, s.Findings...)
		in.addFile("data.previous_locations", c.Data.PreviousLocations, s.Read)
		prev := snapshotDates("data.previous_locations", s)
		if prevDate.IsZero() {
			prevDate, prevBy = s.AsAt, "data.previous_locations"
		}
		if prevDate.IsZero() {
			return nil, &config.Error{File: c.Path, Key: "period.previous",
				Msg: fmt.Sprintf("%s gives no as-at date; set period.previous", c.Data.PreviousLocations)}
		}
		if prevDate >= in.AsAt {
			return nil, &config.Error{File: c.Path, Key: "data.previous_locations",
				Msg: fmt.Sprintf("is as at %s, not before the current snapshot (%s)", prevDate, in.AsAt)}
		}
		by := prevBy
		if by == "data.previous_locations" {
			by = ""
		}
		if err := prev.agree(c, prevDate, by); err != nil {
			return nil, err
		}
		if err := prev.before(c, cur); err != nil {
			return nil, err
		}
		s.AsAt = prevDate
		if c.Data.PreviousRatings != "" {
			f, err := mergeRatings(c, in, s, "data.previous_ratings", c.Data.PreviousRatings, prevBy)
			if err != nil {
				return nil, err
			}
			in.Findings = append(in.Findings, f...)
		}
		in.Previous = s
	case !prevDate.IsZero() && api != nil:
		in.Previous = cqc.At(api, prevDate)
		if in.Previous.HasDeregistered {
			in.Notes = append(in.Notes, fmt.Sprintf("Ratings as at %s are rebuilt from the API records' rating history.", prevDate.Long()))
		} else {
			in.Notes = append(in.Notes, fmt.Sprintf("Ratings as at %s are rebuilt from the API records' history. The records hold only services still registered when they were taken, so services that closed since %s cannot be seen, and the paper gives no count of closures.", prevDate.Long(), prevDate.Long()))
		}
	case !prevDate.IsZero():
		return nil, &config.Error{File: c.Path, Key: "period.previous",
			Msg: "needs data.previous_locations (an earlier HSCA file) or data.api records to rebuild it from"}
	}
	if c.Period.Trend != nil {
		if err := loadTrend(c, in, api, cur); err != nil {
			return nil, err
		}
	}
	if c.Health != nil {
		if err := loadHealth(c, in, api); err != nil {
			return nil, err
		}
	}
	if err := loadFair(c, in); err != nil {
		return nil, err
	}
	if c.Data.Commissioned != "" {
		var rd report.Reading
		ids, err := load.Commissioned(c.Data.Commissioned, &rd)
		if err != nil {
			return nil, err
		}
		in.addFile("data.commissioned", c.Data.Commissioned, rd)
		in.Commissioned = ids
	}
	t, err := LoadTemplate(c)
	if err != nil {
		return nil, err
	}
	in.Template = t
	in.templates = &templateFiles{dir: c.Report.Templates}
	return in, nil
}

// mergeRatings reads the Latest ratings file named by key into s, once
// its own dates agree with the date s is given (by the config key by).
func mergeRatings(c *config.Config, in *Inputs, s *report.Snapshot, key, path, by string) ([]report.Finding, error) {
	f, _, err := mergeRatingsAndHealth(c, in, s, key, path, "", false, by)
	return f, err
}

// mergeRatingsAndHealth is mergeRatings that, with health, also reads
// the health section from the same pass over the file.
func mergeRatingsAndHealth(c *config.Config, in *Inputs, s *report.Snapshot, key, path, providers string, health bool, by string) ([]report.Finding, *report.Health, error) {
	ids := make(map[string]bool, len(s.Locations))
	for i := range s.Locations {
		ids[s.Locations[i].ID] = true
	}
	var rd report.Reading
	kq, h, findings, err := load.RatingsAndHealth(path, providers, func(id string) bool { return ids[id] }, health, &rd)
	if err != nil {
		return nil, nil, err
	}
	in.addFile(key, path, rd)
	fd := fileDates{key: key, file: path, own: rd.AsAt}
	for _, a := range kq {
		if a.Date > fd.newest {
			fd.newest = a.Date
		}
	}
	if err := fd.agree(c, s.AsAt, by); err != nil {
		return nil, nil, err
	}
	return append(findings, load.MergeKeyQuestions(s, kq, path)...), h, nil
}

// mergeAPIKeyQuestions takes key questions from API records for the
// locations of a snapshot file whose overall rating is the same report.
func mergeAPIKeyQuestions(s, api *report.Snapshot) {
	byID := make(map[string]*report.Location, len(api.Locations))
	for i := range api.Locations {
		byID[api.Locations[i].ID] = &api.Locations[i]
	}
	for i := range s.Locations {
		l := &s.Locations[i]
		if a := byID[l.ID]; a != nil && a.Current.HasKQ && a.Current.Date == l.Current.Date {
			l.Current.KQ, l.Current.HasKQ = a.Current.KQ, true
		}
	}
	s.KeyQuestions = true
}

// Options turns a config into counting options for one authority ("" for
// the config's own).
func Options(c *config.Config, in *Inputs, authority string) cqc.Options {
	if authority == "" {
		authority = c.Authority
	}
	o := cqc.Options{
		Authority:        authority,
		Comparators:      without(c.Comparators.Authorities, authority),
		ComparatorRegion: c.Comparators.Region,
		ComparatorLabel:  c.Comparators.Label,
		England:          c.England,
		AsAt:             in.AsAt,
		Inspections:      InspectionPeriod(c, in.AsAt),
		IncludeDormant:   c.Data.IncludeDormant,
		Decimals:         c.Report.Decimals,
		SimilarWithin:    c.Report.Similar(),
		Commissioned:     in.Commissioned,

		Trend:                in.Trend,
		TrendClosuresMissing: in.TrendClosuresMissing,
	}
	if c.Health != nil && in.Health != nil {
		o.Health = &cqc.HealthOptions{Data: in.Health, Sectors: c.Health.Sectors}
	}
	if in.Previous != nil {
		o.Previous = in.Previous.AsAt
	}
	fairOptions(c, in, &o)
	if p := c.Published; p != nil {
		o.PublishedEngland = published(p.England)
		o.PublishedComparators = published(p.Comparators)
	}
	return o
}

// InspectionPeriod is the configured period, or by default the year up
// to the as-at date.
func InspectionPeriod(c *config.Config, asAt report.Date) cqc.Period {
	from, to := c.Period.InspectionsFrom.Date, c.Period.InspectionsTo.Date
	if to.IsZero() {
		to = asAt
	}
	if from.IsZero() {
		from = to.AddDate(-1, 0, 1)
	}
	return cqc.Period{From: from, To: to}
}

func published(a *config.AreaCounts) *cqc.Published {
	if a == nil {
		return nil
	}
	p := &cqc.Published{Source: a.Source}
	for _, r := range report.Ratings {
		p.CareHome[r] = a.CareHome[r.ID()]
		p.Community[r] = a.Community[r.ID()]
	}
	return p
}

// Compute derives one authority's result.
func Compute(c *config.Config, in *Inputs, authority string) (*cqc.Result, error) {
	r, err := cqc.Compute(in.Current, in.Previous, Options(c, in, authority))
	if err != nil {
		return nil, configError(c, err)
	}
	return r, nil
}

// TableSet is the JSON document of a result's tables.
func TableSet(r *cqc.Result) *report.TableSet {
	return &report.TableSet{Authority: r.Authority.Name, AsAt: r.Opts.AsAt.String(), Tables: r.Tables}
}

// without returns names less any that is the authority itself: a
// comparator group may list its own members, and a batch reuses one list
// for every member.
//
// A name listed twice is kept once.
func without(names []string, authority string) []string {
	norm := report.NameKey
	seen := map[string]bool{norm(authority): true}
	out := make([]string, 0, len(names))
	for _, n := range names {
		if !seen[norm(n)] {
			seen[norm(n)] = true
			out = append(out, n)
		}
	}
	return out
}

// loadHealth reads the health sectors: from the Latest ratings file (every
// sector, its core services and population groups, and the trusts' own
// ratings from its Providers sheet), or else from API records as at the
// paper's date (each location's own ratings only).
func loadHealth(c *config.Config, in *Inputs, api *report.Snapshot) error {
	if in.Health != nil {
		return nil // read with the key questions
	}
	if c.Data.Ratings != "" {
		h, err := load.HealthRatings(c.Data.Ratings, c.Data.RatingsProviders)
		if err != nil {
			return err
		}
		in.Health = h
		in.Findings = append(in.Findings, h.Findings...)
		return nil
	}
	if api == nil {
		return nil
	}
	h := &report.Health{Source: c.Data.API}
	unknown := map[string]int{}
	at := cqc.At(api, in.AsAt)
	for i := range at.Locations {
		l := &at.Locations[i]
		if l.AdultSocialCare || l.Category == "" {
			continue
		}
		sector, ok := report.SectorOf(l.Category)
		if !ok {
			unknown[l.Category]++
			continue
		}
		if sector == report.SectorSocialCare {
			continue
		}
		h.Locations = append(h.Locations, report.HealthLocation{ID: l.ID, Name: l.Name, LocalAuthority: l.LocalAuthority,
			Region: l.Region, Category: l.Category, Sector: sector, ProviderID: l.ProviderID, ProviderName: l.Provider, Overall: l.Current, Row: l.Row})
	}
	cats := make([]string, 0, len(unknown))
	for cat := range unknown {
		cats = append(cats, cat)
	}
	sort.Strings(cats)
	for _, cat := range cats {
		n := unknown[cat]
		in.Findings = append(in.Findings, report.Finding{File: c.Data.API, Kind: "unknown_category",
			Message: fmt.Sprintf("inspection category %q is not one carereport knows (%d %s): not counted in any sector", cat, n, report.Plural(n, "record", "records"))})
	}
	// Provider records (fetch -providers) give the trusts' own ratings.
	if len(api.Providers) > 0 {
		h.Providers, h.HasProviders = api.Providers, true
	}
	in.Health = h
	return nil
}
