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

// healthTables writes the health section's tables, and gives those
// declared by spec as such too.
func healthTables(r *Result) (out []*report.Table, specs []*spec.Table) {
	h := r.Health
	if h == nil {
		return nil, nil
	}
	dec := r.Opts.Decimals
	area := r.Authority.Name
	rc := []string{"outstanding", "good", "requires_improvement", "inadequate", "not_rated", "total"}
	counts := func(c Counts) []report.Cell {
		var cells []report.Cell
		for _, rt := range report.Ratings {
			cells = append(cells, report.Int(c[rt]))
		}
		return append(cells, report.Int(c.Total()))
	}
	if t := healthRatingsSpec(r); t != nil {
		specs = append(specs, t)
		out = append(out, t.Report())
	}

	kq := &report.Table{ID: THealthKeyQuestions, Title: fmt.Sprintf("Key question ratings of health services in %s", area),
		Columns: append(append([]string{"sector", "key_question"}, rc...), "good_or_better_pct")}
	for _, s := range h.Sectors {
		for q := range report.NumKeyQuestions {
			c := s.KQ[q]
			row := append([]report.Cell{report.Str(s.Sector), report.Str(report.KeyQuestionNames[q])}, counts(c)...)
			kq.Rows = append(kq.Rows, append(row, report.PctCell(c.GoodOrBetter(), c.Rated(), dec)))
		}
	}
	out = append(out, kq)

	rating := func(a report.Assessment, q int) report.Cell {
		r := a.Overall
		has := a.Overall.IsRated() || a.Raw != ""
		if q >= 0 {
			r, has = a.KQ[q], a.HasKQ
		}
		if !has {
			return report.Null()
		}
		return report.Str(r.ID())
	}
	if h.WantTrusts {
		tt := &report.Table{ID: TNHSTrusts, Title: fmt.Sprintf("NHS trusts with hospitals in %s", area),
			Columns: []string{"provider_id", "name", "overall", "safe", "effective", "caring", "responsive", "well_led", "published", "locations_in_area"}}
		for _, tr := range h.Trusts {
			row := []report.Cell{report.Str(tr.ID), report.Str(tr.Name)}
			if tr.Known {
				row = append(row, rating(tr.Overall, -1))
				for q := range int(report.NumKeyQuestions) {
					row = append(row, rating(tr.Overall, q))
				}
				if tr.Overall.Date.IsZero() {
					row = append(row, report.Null())
				} else {
					row = append(row, report.Str(tr.Overall.Date.String()))
				}
			} else {
				// Only the trust's locations are known: its own ratings
				// are left empty, never guessed from them.
				for range 7 {
					row = append(row, report.Null())
				}
			}
			tt.Rows = append(tt.Rows, append(row, report.Int(tr.Locations)))
		}
		out = append(out, tt)
	}
	if h.WantHospitals {
		st := &report.Table{ID: THospitalServices, Title: fmt.Sprintf("Core services of NHS hospitals in %s", area),
			Columns: []string{"location_id", "location", "trust", "service", "overall", "safe", "effective", "caring", "responsive", "well_led"}}
		for _, s := range h.Services {
			row := []report.Cell{report.Str(s.LocationID), report.Str(s.Location), report.Str(s.Trust), report.Str(s.Service), rating(s.Rating, -1)}
			for q := range int(report.NumKeyQuestions) {
				row = append(row, rating(s.Rating, q))
			}
			st.Rows = append(st.Rows, row)
		}
		out = append(out, st)
	}
	if t := gpGroupsSpec(r); t != nil {
		specs = append(specs, t)
		out = append(out, t.Report())
	}
	return out, specs
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
