// Package pipeline wires a config to the loaders and the counting rules:
// it loads every input a config names once, and computes one authority's
// result from them. The command line and batch runs both use it.
package pipeline

import (
	"fmt"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/load"
	"github.com/carereport/carereport/report/ons"
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
	// Population is the ONS population file (nil with population:
	// false); Councils are the rows of data.council_assessments.
	Population *ons.Populations
	Councils   []report.CouncilAssessment
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
	}
	if c.Data.Locations != "" {
		s, err := load.HSCA(c.Data.Locations)
		if err != nil {
			return nil, err
		}
		in.Findings = append(in.Findings, s.Findings...)
		switch {
		case in.AsAt.IsZero() && s.AsAt.IsZero():
			return nil, &config.Error{File: c.Path, Key: "period.as_at",
				Msg: fmt.Sprintf("%s gives no as-at date in its preamble or name; set period.as_at", c.Data.Locations)}
		case in.AsAt.IsZero():
			in.AsAt = s.AsAt
		case !s.AsAt.IsZero() && s.AsAt != in.AsAt:
			in.Findings = append(in.Findings, report.Finding{File: c.Data.Locations, Kind: "as_at_mismatch",
				Message: fmt.Sprintf("the file is as at %s but period.as_at is %s; the file's ratings are used, dated %s", s.AsAt, in.AsAt, in.AsAt)})
		}
		s.AsAt = in.AsAt
		if c.Data.Ratings != "" {
			f, err := mergeRatings(s, c.Data.Ratings)
			if err != nil {
				return nil, err
			}
			in.Findings = append(in.Findings, f...)
		} else if api != nil {
			mergeAPIKeyQuestions(s, cqc.At(api, in.AsAt))
		}
		in.Current = s
	} else {
		in.Current = cqc.At(api, in.AsAt)
		in.Notes = append(in.Notes, fmt.Sprintf("Ratings as at %s are rebuilt from the CQC API records' rating history.", in.AsAt.Long()))
	}
	prevDate := c.Period.Previous.Date
	switch {
	case c.Data.PreviousLocations != "":
		s, err := load.HSCA(c.Data.PreviousLocations)
		if err != nil {
			return nil, err
		}
		in.Findings = append(in.Findings, s.Findings...)
		if prevDate.IsZero() {
			prevDate = s.AsAt
		}
		if prevDate.IsZero() {
			return nil, &config.Error{File: c.Path, Key: "period.previous",
				Msg: fmt.Sprintf("%s gives no as-at date; set period.previous", c.Data.PreviousLocations)}
		}
		if prevDate >= in.AsAt {
			return nil, &config.Error{File: c.Path, Key: "data.previous_locations",
				Msg: fmt.Sprintf("is as at %s, not before the current snapshot (%s)", prevDate, in.AsAt)}
		}
		s.AsAt = prevDate
		if c.Data.PreviousRatings != "" {
			f, err := mergeRatings(s, c.Data.PreviousRatings)
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
		if err := loadTrend(c, in, api); err != nil {
			return nil, err
		}
	}
	if err := loadFair(c, in); err != nil {
		return nil, err
	}
	if c.Data.Commissioned != "" {
		ids, err := load.Commissioned(c.Data.Commissioned)
		if err != nil {
			return nil, err
		}
		in.Commissioned = ids
	}
	return in, nil
}

func mergeRatings(s *report.Snapshot, path string) ([]report.Finding, error) {
	ids := make(map[string]bool, len(s.Locations))
	for i := range s.Locations {
		ids[s.Locations[i].ID] = true
	}
	kq, findings, err := load.Ratings(path, func(id string) bool { return ids[id] })
	if err != nil {
		return nil, err
	}
	return append(findings, load.MergeKeyQuestions(s, kq, path)...), nil
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
		Commissioned:     in.Commissioned,

		Trend:                in.Trend,
		TrendClosuresMissing: in.TrendClosuresMissing,
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
