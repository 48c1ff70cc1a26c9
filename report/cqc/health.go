package cqc

import (
	"fmt"
	"sort"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// The health section: GP practices, hospitals, NHS trusts and the other
// health sectors of CQC's files, counted by the same rules as social care
// (a location counts once, by its own overall rating; the values that are
// not ratings count as not rated).

// Table ids of the health section.
const (
	THealthRatings      = "health_ratings"
	THealthKeyQuestions = "health_key_questions"
	TNHSTrusts          = "nhs_trusts"
	THospitalServices   = "hospital_services"
	TGPGroups           = "gp_population_groups"
)

// HealthOptions say what the health section covers: the data, and the
// sectors the config asks for.
type HealthOptions struct {
	Data    *report.Health
	Sectors []string
}

// SectorCounts are one sector's locations by overall rating in the
// authority, its comparators and every authority, and how many of the
// authority's ratings are more than four years old.
type SectorCounts struct {
	Sector                          string
	Authority, Comparators, England Counts
	KQ                              [report.NumKeyQuestions]Counts
	OverFourYears                   int
}

// Trust is an NHS trust with at least one location in the authority: its
// own ratings where the data has them (Known false otherwise: never
// guessed from its locations).
type Trust struct {
	ID, Name  string
	Overall   report.Assessment
	Known     bool
	Locations int
}

// HospitalService is one core service of an NHS hospital in the area.
type HospitalService struct {
	LocationID, Location, Trust, Service string
	Rating                               report.Assessment
}

// GPGroup is GP practices' ratings for one population group.
type GPGroup struct {
	Name   string
	Counts Counts
}

// HealthResult is every figure of the health section.
type HealthResult struct {
	Sectors      []SectorCounts
	Trusts       []Trust
	HasProviders bool
	Services     []HospitalService
	GPGroups     []GPGroup
	// WantTrusts and WantHospitals say whether the config asked for the
	// trusts' table and the hospitals' core services.
	WantTrusts, WantHospitals bool
}

// Sector returns the counts of one sector, or nil.
func (h *HealthResult) Sector(id string) *SectorCounts {
	for i := range h.Sectors {
		if h.Sectors[i].Sector == id {
			return &h.Sectors[i]
		}
	}
	return nil
}

// computeHealth counts the health sectors for the authority, its
// comparators and every authority in the data.
func computeHealth(o HealthOptions, authority string, comps []string, asAt report.Date) *HealthResult {
	if o.Data == nil {
		return nil
	}
	want := map[string]bool{}
	for _, s := range o.Sectors {
		want[s] = true
	}
	me, cs := key(authority), map[string]bool{}
	for _, c := range comps {
		cs[key(c)] = true
	}
	hr := &HealthResult{HasProviders: o.Data.HasProviders, WantTrusts: want[report.SectorNHSTrust], WantHospitals: want[report.SectorNHSHospital]}
	idx := map[string]int{}
	for _, s := range report.HealthSectors {
		if want[s] && s != report.SectorNHSTrust {
			idx[s] = len(hr.Sectors)
			hr.Sectors = append(hr.Sectors, SectorCounts{Sector: s})
		}
	}
	four := asAt.AddYears(-4)
	trusts := map[string]*Trust{}
	groups := map[string]*GPGroup{}
	var groupOrder []string
	laKey := map[string]string{}
	for i := range o.Data.Locations {
		l := &o.Data.Locations[i]
		k, ok := laKey[l.LocalAuthority]
		if !ok {
			k = key(l.LocalAuthority)
			laKey[l.LocalAuthority] = k
		}
		si, counted := idx[l.Sector]
		r := l.Overall.Overall
		if counted {
			sc := &hr.Sectors[si]
			sc.England[r]++
			if cs[k] {
				sc.Comparators[r]++
			}
		}
		if k != me {
			continue
		}
		if counted {
			sc := &hr.Sectors[si]
			sc.Authority[r]++
			if r.IsRated() && !l.Overall.Date.IsZero() && l.Overall.Date < four {
				sc.OverFourYears++
			}
			if l.Overall.HasKQ {
				for q := range report.NumKeyQuestions {
					sc.KQ[q][l.Overall.KQ[q]]++
				}
			}
		}
		if l.Sector == report.SectorNHSHospital && l.ProviderID != "" {
			t := trusts[l.ProviderID]
			if t == nil {
				t = &Trust{ID: l.ProviderID, Name: l.ProviderName}
				if p := o.Data.Providers[l.ProviderID]; p != nil {
					t.Overall, t.Known = p.Overall, true
					if p.Name != "" {
						t.Name = p.Name
					}
				}
				trusts[l.ProviderID] = t
			}
			t.Locations++
			if hr.WantHospitals {
				trust := l.ProviderName
				if trust == "" {
					trust = l.ProviderID
				}
				for _, g := range l.Groups {
					hr.Services = append(hr.Services, HospitalService{LocationID: l.ID, Location: l.Name, Trust: trust, Service: g.Name, Rating: g.Rating})
				}
			}
		}
		if l.Sector == report.SectorGP && want[report.SectorGP] {
			for _, g := range l.Groups {
				if strings.EqualFold(g.Name, "General Practice") {
					continue // the newer framework's own rows, not a population group
				}
				gg := groups[g.Name]
				if gg == nil {
					gg = &GPGroup{Name: g.Name}
					groups[g.Name] = gg
					groupOrder = append(groupOrder, g.Name)
				}
				gg.Counts[g.Rating.Overall]++
			}
		}
	}
	if hr.WantTrusts {
		for _, t := range trusts {
			hr.Trusts = append(hr.Trusts, *t)
		}
		sort.Slice(hr.Trusts, func(i, j int) bool { return hr.Trusts[i].Name+hr.Trusts[i].ID < hr.Trusts[j].Name+hr.Trusts[j].ID })
	}
	sort.SliceStable(hr.Services, func(i, j int) bool {
		a, b := hr.Services[i], hr.Services[j]
		if a.Location != b.Location {
			return a.Location < b.Location
		}
		return a.LocationID < b.LocationID
	})
	for _, n := range groupOrder {
		hr.GPGroups = append(hr.GPGroups, *groups[n])
	}
	return hr
}

// healthTables writes the health section's tables, each declared by
// spec.
func healthTables(r *Result) (out []*report.Table, specs []*spec.Table) {
	if r.Health == nil {
		return nil, nil
	}
	for _, t := range []*spec.Table{healthRatingsSpec(r), healthKeyQuestionsSpec(r), nhsTrustsSpec(r), hospitalServicesSpec(r), gpGroupsSpec(r)} {
		if t != nil {
			specs = append(specs, t)
			out = append(out, t.Report())
		}
	}
	return out, specs
}

// kqColumns are the key questions' columns of the trusts' and the core
// services' tables, in the order of report.KeyQuestionNames.
var kqColumns = [report.NumKeyQuestions]string{"safe", "effective", "caring", "responsive", "well_led"}

// ratingColumns are a Rating column for the overall rating and one for
// each key question, headed by its name.
func ratingColumns() []spec.Column {
	cols := []spec.Column{{Name: "overall", Kind: spec.Rating, Label: "Overall"}}
	for q, n := range kqColumns {
		cols = append(cols, spec.Column{Name: n, Kind: spec.Rating, Label: report.KeyQuestionNames[q]})
	}
	return cols
}

// ratingCells are the cells of ratingColumns: a rating's id, null where
// the data gives none (no overall rating, or no key question ratings).
func ratingCells(a report.Assessment) []report.Cell {
	cells := []report.Cell{report.Null()}
	if a.Overall.IsRated() || a.Raw != "" {
		cells[0] = report.Str(a.Overall.ID())
	}
	for q := range report.NumKeyQuestions {
		if a.HasKQ {
			cells = append(cells, report.Str(a.KQ[q].ID()))
		} else {
			cells = append(cells, report.Null())
		}
	}
	return cells
}

// healthKeyQuestionsSpec declares each health sector's locations in the
// authority by rating on each key question: a row per sector and key
// question (rows share the sector's id), with the share of those rated
// that are Good or Outstanding.
func healthKeyQuestionsSpec(r *Result) *spec.Table {
	cols := append([]spec.Column{{Name: "key_question", Kind: spec.Text, Label: "Key question"}}, ratingCountColumns()...)
	cols = append(cols, spec.Column{Name: "good_or_better_pct", Kind: spec.Share, Label: "Good or Outstanding"})
	t := spec.New(THealthKeyQuestions, fmt.Sprintf("Key question ratings of health services in %s", r.Authority.Name), "sector", cols...)
	for _, s := range r.Health.Sectors {
		for q := range report.NumKeyQuestions {
			c := s.KQ[q]
			cells := append([]report.Cell{report.Str(report.KeyQuestionNames[q])}, ratingCountCells(c)...)
			t.Add(sectorRow(s.Sector), append(cells, report.PctCell(c.GoodOrBetter(), c.Rated(), r.Opts.Decimals))...)
		}
	}
	return t
}

// nhsTrustsSpec declares the NHS trusts with a hospital in the authority:
// each trust's own ratings where the data has them (null otherwise: never
// guessed from its hospitals), and its hospitals in the area. None when
// the config does not ask for trusts.
func nhsTrustsSpec(r *Result) *spec.Table {
	h := r.Health
	if !h.WantTrusts {
		return nil
	}
	cols := append([]spec.Column{{Name: "name", Kind: spec.Text}}, ratingColumns()...)
	cols = append(cols, spec.Column{Name: "published", Kind: spec.Date, Label: "Published"},
		spec.Column{Name: "locations_in_area", Kind: spec.Count, Label: "Hospitals in the area"})
	t := spec.New(TNHSTrusts, fmt.Sprintf("NHS trusts with hospitals in %s", r.Authority.Name), "provider_id", cols...)
	for _, tr := range h.Trusts {
		cells := []report.Cell{report.Str(tr.Name)}
		if tr.Known {
			cells = append(cells, ratingCells(tr.Overall)...)
			if tr.Overall.Date.IsZero() {
				cells = append(cells, report.Null())
			} else {
				cells = append(cells, report.Str(tr.Overall.Date.String()))
			}
		} else {
			// Only the trust's locations are known: its own ratings
			// are left empty, never guessed from them.
			for range 1 + report.NumKeyQuestions + 1 {
				cells = append(cells, report.Null())
			}
		}
		t.Add(spec.Row{ID: tr.ID, Label: tr.Name}, append(cells, report.Int(tr.Locations))...)
	}
	return t
}

// hospitalServicesSpec declares the core services of the NHS hospitals
// in the authority, a row each (a hospital's rows share its location id),
// with their ratings. None when the config does not ask for hospitals.
func hospitalServicesSpec(r *Result) *spec.Table {
	h := r.Health
	if !h.WantHospitals {
		return nil
	}
	cols := append([]spec.Column{{Name: "location", Kind: spec.Text}, {Name: "trust", Kind: spec.Text, Label: "Trust"},
		{Name: "service", Kind: spec.Text, Label: "Service"}}, ratingColumns()...)
	t := spec.New(THospitalServices, fmt.Sprintf("Core services of NHS hospitals in %s", r.Authority.Name), "location_id", cols...)
	for _, s := range h.Services {
		cells := []report.Cell{report.Str(s.Location), report.Str(s.Trust), report.Str(s.Service)}
		t.Add(spec.Row{ID: s.LocationID, Label: s.Location}, append(cells, ratingCells(s.Rating)...)...)
	}
	return t
}

// sectorRow is a sector's row: its id and the paper's name for it.
func sectorRow(id string) spec.Row {
	if l, ok := report.SectorLabels[id]; ok {
		return spec.Row{ID: id, Label: l}
	}
	return spec.Row{ID: id, Label: id}
}

// ratingCountColumns are a count column per rating, then the total (a
// health location without a rating is "Not rated": many never will be).
func ratingCountColumns() []spec.Column {
	var cols []spec.Column
	for _, rt := range report.Ratings {
		c := ratingColumn(rt)
		if rt == report.NotRated {
			c.Label = "Not rated"
		}
		cols = append(cols, c)
	}
	return append(cols, spec.Column{Name: "total", Kind: spec.Count, Label: "Total"})
}

// ratingCountCells are the cells of ratingCountColumns.
func ratingCountCells(c Counts) []report.Cell {
	var cells []report.Cell
	for _, rt := range report.Ratings {
		cells = append(cells, report.Int(c[rt]))
	}
	return append(cells, report.Int(c.Total()))
}

// healthRatingsSpec declares each health sector's locations in the
// authority by overall rating, the share rated Good or Outstanding there,
// among the comparators and in England (all_areas_ for the authorities a
// partial file covers; null from published national counts), and how
// many of the authority's ratings are more than four years old.
func healthRatingsSpec(r *Result) *spec.Table {
	h, dec := r.Health, r.Opts.Decimals
	cols := append(ratingCountColumns(), spec.Column{Name: "good_or_better_pct", Kind: spec.Share, Label: "Good or Outstanding"},
		spec.Column{Name: "comparators_good_or_better_pct", Kind: spec.Share, Label: "Comparators: Good or Outstanding"})
	if r.England != nil {
		cols = append(cols, spec.Column{Name: r.YearOnYearPrefix("england") + "good_or_better_pct", Kind: spec.Share, Label: r.EnglandLabel() + ": Good or Outstanding"})
	}
	cols = append(cols, spec.Column{Name: "rating_over_4_years_old", Kind: spec.Count})
	t := spec.New(THealthRatings, fmt.Sprintf("Ratings of health services in %s, %s", r.Authority.Name, r.Opts.AsAt.Long()), "sector", cols...)
	for _, s := range h.Sectors {
		cells := append(ratingCountCells(s.Authority), s.Authority.GoodOrBetterShare(dec).Cell())
		if r.Comparators != nil {
			cells = append(cells, s.Comparators.GoodOrBetterShare(dec).Cell())
		} else {
			cells = append(cells, report.Null())
		}
		if r.England != nil {
			if r.Opts.PublishedEngland == nil {
				cells = append(cells, s.England.GoodOrBetterShare(dec).Cell())
			} else {
				cells = append(cells, report.Null())
			}
		}
		t.Add(sectorRow(s.Sector), append(cells, report.Int(s.OverFourYears))...)
	}
	return t
}

// gpGroupsSpec declares GP practices' ratings by population group; none
// when GP practices are not among the sectors.
func gpGroupsSpec(r *Result) *spec.Table {
	h := r.Health
	if h.Sector(report.SectorGP) == nil {
		return nil
	}
	t := spec.New(TGPGroups, fmt.Sprintf("GP practices in %s by population group", r.Authority.Name), "group", ratingCountColumns()...)
	for _, g := range h.GPGroups {
		t.Add(spec.Row{ID: g.Name, Label: g.Name}, ratingCountCells(g.Counts)...)
	}
	return t
}
