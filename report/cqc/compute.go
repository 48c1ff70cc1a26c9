package cqc

import (
	"fmt"
	"sort"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/ons"
	"github.com/carereport/carereport/report/spec"
)

// Options say what to compute.
type Options struct {
	Authority string
	// Comparators lists the comparator authorities; ComparatorRegion
	// instead takes every other authority of a region.
	Comparators      []string
	ComparatorRegion string
	ComparatorLabel  string
	England          bool
	AsAt             report.Date
	Inspections      Period
	Previous         report.Date
	IncludeDormant   bool
	// Decimals is 0 or 1: how percentages are rounded.
	Decimals int
	// SimilarWithin is report.similar_within: two shares closer than
	// this many points (unrounded) are similar, and a rank that rests on
	// such a gap is joint (rule 11).
	SimilarWithin float64
	// Commissioned is the council's list of Location IDs, or nil.
	Commissioned map[string]bool
	// PublishedEngland and PublishedComparators replace the computed
	// figures of the comparison table with published counts.
	PublishedEngland     *Published
	PublishedComparators *Published
	// Trend is the per-authority aggregate at each date of a trend, oldest
	// first, or nil; TrendClosuresMissing says it is rebuilt from records
	// that lack closed services.
	Trend                []Dated
	TrendClosuresMissing bool
	// Health, if not nil, asks for the health section.
	Health *HealthOptions
	// Population is the ONS population file for beds per head, or nil
	// (config population: false); CouncilAssessments are CQC's
	// assessments of councils by authority (fair.go).
	Population         *ons.Populations
	CouncilAssessments []report.CouncilAssessment
	// Map places the authority's services on its boundary (report.map).
	Map bool
}

// Published are aggregate counts taken from a CQC publication.
type Published struct {
	CareHome, Community Counts
	Source              string
}

// Result is every figure of one authority's report.
type Result struct {
	Opts        Options
	Authority   *Area
	Comparators *Area
	England     *Area
	// EnglandAuthorities is how many authorities the England figures
	// cover (all those in the data).
	EnglandAuthorities int
	// DataAuthorities is how many authorities the data covers, and
	// CareHomesOnly is true when it holds no community-based services at
	// all (as the API records of care homes do): the paper's words for
	// what it covers come from these.
	DataAuthorities int
	CareHomesOnly   bool
	// Previous figures, when a previous snapshot was given.
	Prev *PrevResult
	// KeyQuestions is nil when the data has no key question ratings.
	KeyQuestions *KeyQuestionCounts
	Groups       []Group
	Commissioned *CommissionedCounts
	Ranking      []RankRow
	// Trend is ratings over time, or nil.
	Trend *Trend
	// Named are the services the appendix names; Activity is inspection
	// activity and the age of ratings; RankingCareHomes and
	// RankingCommunity rank the comparator group by service type;
	// KQShares compares key questions with comparators and England.
	Named            []NamedService
	Activity         *Activity
	RankingCareHomes []RankRow
	RankingCommunity []RankRow
	KQShares         *KeyQuestionShares
	// Services are every in-scope service of the authority (the table
	// services, for comparing one paper with the next).
	Services []ListedService
	// Health is the health section's figures, or nil.
	Health *HealthResult
	// PerHead is beds per head of the older population (nil without
	// population figures); Reinspection the outcomes of the period's
	// ratings (nil from snapshot files); Council CQC's assessments of the
	// council and its comparators (nil when the council's is not known).
	PerHead      *PerHead
	Reinspection *Reinspection
	Council      []report.CouncilAssessment
	// Map is the authority's services on its boundary (nil without
	// positions, a boundary, or with report.map: false).
	Map      *ServiceMap
	Tables   []*report.Table
	Findings []report.Finding
	// specs are the tables declared by spec (specs.go), by id.
	specs map[string]*spec.Table
}

// PrevResult holds the previous snapshot's figures and the movements.
type PrevResult struct {
	AsAt        report.Date
	Authority   *Area
	Comparators *Area
	England     *Area
	Movements   Movements
	// ClosuresSeen is false when the data cannot show services that
	// closed between the two dates: API records that hold only services
	// still registered.
	ClosuresSeen bool
}

// NotFoundError is an authority that is not in the data.
type NotFoundError struct {
	Key, Name, Nearest string
}

func (e *NotFoundError) Error() string {
	s := fmt.Sprintf("%s: %q has no adult social care locations in the data", e.Key, e.Name)
	if e.Nearest != "" {
		s += fmt.Sprintf(" (did you mean %q?)", e.Nearest)
	}
	return s
}

// Resolve checks the authority and comparators against the data and
// returns the comparator list as spelt in the data.
func Resolve(as *Areas, o Options) ([]string, error) {
	if as.Get(o.Authority) == nil {
		return nil, &NotFoundError{Key: "authority", Name: o.Authority, Nearest: Nearest(o.Authority, as.Names())}
	}
	var comps []string
	if o.ComparatorRegion != "" {
		found := false
		for _, n := range as.InRegion(o.ComparatorRegion) {
			found = true
			if key(n) != key(o.Authority) {
				comps = append(comps, n)
			}
		}
		if !found {
			return nil, &NotFoundError{Key: "comparators.region", Name: o.ComparatorRegion, Nearest: Nearest(o.ComparatorRegion, as.Regions())}
		}
		sort.Strings(comps)
		return comps, nil
	}
	seen := map[*Area]bool{as.Get(o.Authority): true}
	for i, c := range o.Comparators {
		a := as.Get(c)
		if a == nil {
			return nil, &NotFoundError{Key: fmt.Sprintf("comparators.authorities[%d]", i), Name: c, Nearest: Nearest(c, as.Names())}
		}
		if !seen[a] { // a name given twice, or the authority itself, counts once or not at all
			seen[a] = true
			comps = append(comps, a.Name)
		}
	}
	return comps, nil
}

// Regions lists the regions of the data's authorities, as spelt there.
func (as *Areas) Regions() []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range as.order {
		r := as.byKey[k].Region
		if r != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// Nearest returns the candidate closest in spelling to name, if it is
// close enough to be a likely typo.
func Nearest(name string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := report.EditDistance(key(name), key(c))
		if bestD < 0 || d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > max(3, len(name)/3) {
		// "Devon County" or "Torbay Council": the council's own name,
		// which the data spells without the council words.
		if short := withoutCouncilWords(name); short != "" {
			return Nearest(short, candidates)
		}
		return ""
	}
	return best
}

// Compute derives every figure and table for one authority. cur is the
// snapshot as at o.AsAt (already rebuilt with At for API records); prev,
// if not nil, is the snapshot as at o.Previous.
func Compute(cur, prev *report.Snapshot, o Options) (*Result, error) {
	as := Aggregate(cur, o.IncludeDormant, o.Inspections)
	return ComputeWith(as, cur, prev, nil, o)
}

// ComputeWith is Compute with the aggregation of cur (and, if not nil,
// of prev) done already, so that a batch can share it between
// authorities.
func ComputeWith(as *Areas, cur, prev *report.Snapshot, prevAreas *Areas, o Options) (*Result, error) {
	pubComps := o.PublishedComparators != nil
	if pubComps {
		// The comparators' figures are published counts: their names
		// are only for the note, and need not be in the data.
		o.ComparatorRegion = ""
	}
	comps, err := Resolve(as, o)
	if pubComps {
		if nf, ok := err.(*NotFoundError); ok && nf.Key != "authority" {
			err = nil
			comps = o.Comparators
		}
	}
	if err != nil {
		return nil, err
	}
	o.Comparators = comps
	if o.ComparatorLabel == "" {
		o.ComparatorLabel = "Comparator authorities"
	}
	r := &Result{Opts: o}
	r.Authority = as.Sum(as.Get(o.Authority).Name, []string{o.Authority})
	r.Authority.Region = as.Get(o.Authority).Region
	// Published counts, where given, stand in for the computed figures
	// everywhere (rule 8); there are no beds, previous figures or ranks
	// for them.
	switch {
	case pubComps:
		r.Comparators = &Area{Name: o.ComparatorLabel, Members: comps, Ratings: o.PublishedComparators.byType()}
	case len(comps) > 0:
		r.Comparators = as.Sum(o.ComparatorLabel, comps)
	}
	switch {
	case o.PublishedEngland != nil:
		r.England = &Area{Name: "England", Ratings: o.PublishedEngland.byType()}
	case o.England:
		r.England = as.All("England")
		r.EnglandAuthorities = len(as.order)
	}
	r.DataAuthorities = len(as.order)
	r.CareHomesOnly = true
	for _, k := range as.order {
		if as.byKey[k].Ratings.Community.Total() > 0 {
			r.CareHomesOnly = false
			break
		}
	}
	mine := authorityLocations(cur, r.Authority.Name, o.IncludeDormant)
	if cur.KeyQuestions {
		r.KeyQuestions = countKeyQuestions(mine)
	}
	r.Groups = countGroups(mine)
	if o.Commissioned != nil {
		r.Commissioned = countCommissioned(mine, o.Commissioned)
	}
	var theirs []*report.Location // the authority's locations at the previous date
	if prev != nil {
		if prevAreas == nil {
			prevAreas = Aggregate(prev, o.IncludeDormant, Period{})
		}
		p := &PrevResult{AsAt: prev.AsAt}
		if a := prevAreas.Get(o.Authority); a != nil {
			p.Authority = prevAreas.Sum(r.Authority.Name, []string{a.Name})
		} else {
			p.Authority = &Area{Name: r.Authority.Name}
		}
		if len(comps) > 0 && !pubComps {
			p.Comparators = prevAreas.Sum(o.ComparatorLabel, comps)
		}
		if o.England && o.PublishedEngland == nil {
			p.England = prevAreas.All("England")
		}
		theirs = authorityLocations(prev, r.Authority.Name, o.IncludeDormant)
		p.Movements = CountMovements(theirs, mine, lineage(cur), prev.AsAt, o.AsAt)
		p.ClosuresSeen = closuresSeen(prev)
		r.Prev = p
	}
	if len(comps) > 0 && !pubComps {
		r.Ranking = rank(as, prevAreas, r.Authority.Name, comps, o.Decimals, o.SimilarWithin)
		r.RankingCareHomes = rankBy(as, prevAreas, r.Authority.Name, comps, o.Decimals, o.SimilarWithin, func(b ByType) Counts { return b.CareHome })
		if !r.CareHomesOnly {
			r.RankingCommunity = rankBy(as, prevAreas, r.Authority.Name, comps, o.Decimals, o.SimilarWithin, func(b ByType) Counts { return b.Community })
		}
	}
	r.Named = namedServices(mine, theirs, prev != nil, lineage(cur), o.AsAt)
	r.Services = listServices(mine)
	r.Activity = countActivity(mine, o.Inspections, o.AsAt, cur.Kind == report.FromAPI)
	if r.Commissioned != nil {
		r.Commissioned.ByType = commissionedByType(mine, theirs, o.Commissioned, prev != nil)
	}
	if cur.KeyQuestions {
		k := &KeyQuestionShares{Authority: r.KeyQuestions}
		if len(comps) > 0 && !pubComps {
			k.Comparators = countKeyQuestions(areaLocations(cur, comps, o.IncludeDormant))
		}
		if o.England && o.PublishedEngland == nil {
			k.England = countKeyQuestions(areaLocations(cur, nil, o.IncludeDormant))
		}
		r.KQShares = k
	}
	if len(o.Trend) > 0 {
		var tc []string
		if !pubComps {
			tc = comps
		}
		r.Trend = computeTrend(o.Trend, r.Authority.Name, tc, o.England && o.PublishedEngland == nil)
		r.Trend.ClosuresMissing = o.TrendClosuresMissing
	}
	computeFair(r, as, cur, mine)
	if o.Health != nil {
		var hc []string
		if !pubComps {
			hc = comps
		}
		r.Health = computeHealth(*o.Health, r.Authority.Name, hc, o.AsAt)
	}
	r.DeclareTables()
	return r, nil
}

// DeclareTables builds the result's tables from its figures: the JSON and
// CSV tables and the tables declared by spec, which the paper's tables and
// sentences read. Compute calls it; a result made by hand (a test's)
// calls it once its figures are set.
func (r *Result) DeclareTables() { r.Tables, r.specs = buildTables(r) }

// authorityLocations returns the in-scope locations of one authority.
func authorityLocations(s *report.Snapshot, authority string, includeDormant bool) []*report.Location {
	k := key(authority)
	match := map[string]bool{} // by spelling, so key() runs once for each
	var out []*report.Location
	for i := range s.Locations {
		l := &s.Locations[i]
		if !InScope(l, includeDormant) {
			continue
		}
		m, seen := match[l.LocalAuthority]
		if !seen {
			m = key(l.LocalAuthority) == k
			match[l.LocalAuthority] = m
		}
		if m {
			out = append(out, l)
		}
	}
	return out
}

// KeyQuestionCounts counts each key question's ratings over the locations
// whose current report rated it.
type KeyQuestionCounts struct {
	ByQuestion [report.NumKeyQuestions]Counts
	// Locations is how many locations had key question ratings.
	Locations int
}

func countKeyQuestions(locs []*report.Location) *KeyQuestionCounts {
	k := &KeyQuestionCounts{}
	for _, l := range locs {
		if !l.Current.HasKQ || !l.Current.Overall.IsRated() {
			continue
		}
		k.Locations++
		for q := range report.NumKeyQuestions {
			if r := l.Current.KQ[q]; r.IsRated() {
				k.ByQuestion[q][r]++
			}
		}
	}
	return k
}

// Group is one service user group's ratings.
type Group struct {
	// ID and Label are the group's row of service_user_groups: the id
	// the JSON gives and the label the paper prints (within the section
	// on older people or working age adults, so "Residential homes").
	ID, Label string
	Counts    Counts
}

// Row is the group's row of service_user_groups.
func (g Group) Row() spec.Row { return spec.Row{ID: g.ID, Label: g.Label} }

// groupDefs define the service user groups (care homes, as the Leeds
// Quality Account splits them; then community services). A location can
// be in more than one group.
var groupDefs = []struct {
	id, label string
	match     func(l *report.Location) bool
}{
	{string(OlderPeopleCareHomes), "All care homes for older people", func(l *report.Location) bool { return l.CareHome && l.Bands&report.BandOlderPeople != 0 }},
	{"older_people_residential", "Residential homes", func(l *report.Location) bool {
		return l.CareHome && !l.Nursing && l.Bands&report.BandOlderPeople != 0
	}},
	{"older_people_nursing", "Nursing homes", func(l *report.Location) bool {
		return l.CareHome && l.Nursing && l.Bands&report.BandOlderPeople != 0
	}},
	{string(WorkingAgeCareHomes), "All care homes for working age adults", func(l *report.Location) bool {
		return l.CareHome && l.Bands&report.BandYoungerAdults != 0
	}},
	{"working_age_residential", "Residential homes", func(l *report.Location) bool {
		return l.CareHome && !l.Nursing && l.Bands&report.BandYoungerAdults != 0
	}},
	{"working_age_nursing", "Nursing homes", func(l *report.Location) bool {
		return l.CareHome && l.Nursing && l.Bands&report.BandYoungerAdults != 0
	}},
	{"working_age_learning_disability", "Learning disability", func(l *report.Location) bool {
		return l.CareHome && l.Bands&report.BandYoungerAdults != 0 && l.Bands&report.BandLearningDisability != 0
	}},
	{"working_age_mental_health", "Mental health", func(l *report.Location) bool {
		return l.CareHome && l.Bands&report.BandYoungerAdults != 0 && l.Bands&report.BandMentalHealth != 0
	}},
	{"working_age_physical_sensory", "Physical or sensory impairment", func(l *report.Location) bool {
		return l.CareHome && l.Bands&report.BandYoungerAdults != 0 && l.Bands&(report.BandPhysicalDisability|report.BandSensoryImpairment) != 0
	}},
	{"both_groups_care_homes", "Care homes for both older people and working age adults", func(l *report.Location) bool {
		return l.CareHome && l.Bands&report.BandOlderPeople != 0 && l.Bands&report.BandYoungerAdults != 0
	}},
	// The care homes the data gives neither age group: without this row
	// the sections by age would leave them out unseen.
	{string(NoAgeGroupCareHomes), "Care homes with no age group in the data", func(l *report.Location) bool {
		return l.CareHome && l.Bands&(report.BandOlderPeople|report.BandYoungerAdults) == 0
	}},
	{"older_people_community", "Community services for older people", func(l *report.Location) bool { return !l.CareHome && l.Bands&report.BandOlderPeople != 0 }},
	{"working_age_community", "Community services for working age adults", func(l *report.Location) bool {
		return !l.CareHome && l.Bands&report.BandYoungerAdults != 0
	}},
}

func countGroups(locs []*report.Location) []Group {
	out := make([]Group, len(groupDefs))
	for i, g := range groupDefs {
		out[i] = Group{ID: g.id, Label: g.label}
		for _, l := range locs {
			if g.match(l) {
				out[i].Counts[l.Current.Overall]++
			}
		}
	}
	return out
}

// CommissionedCounts split the authority's locations by whether the
// council contracts with them.
type CommissionedCounts struct {
	In, Out ByType
	// Listed is how many IDs the list has; Unmatched those of them that
	// are not in-scope locations of the authority.
	Listed    int
	Unmatched []string
	// ByType splits the commissioned services residential, nursing and
	// community (then all), now and at the previous date.
	ByType []CommissionedType
}

func countCommissioned(locs []*report.Location, ids map[string]bool) *CommissionedCounts {
	c := &CommissionedCounts{Listed: len(ids)}
	found := map[string]bool{}
	for _, l := range locs {
		if ids[l.ID] {
			c.In.add(l, l.Current.Overall)
			found[l.ID] = true
		} else {
			c.Out.add(l, l.Current.Overall)
		}
	}
	for id := range ids {
		if !found[id] {
			c.Unmatched = append(c.Unmatched, id)
		}
	}
	sort.Strings(c.Unmatched)
	return c
}

// lineage is what CountMovements needs to find re-registrations: the API
// records a snapshot was rebuilt from, or nil for a snapshot file, which
// carries no links between registrations.
func lineage(s *report.Snapshot) Lineage {
	if s.Kind != report.FromAPI {
		return nil
	}
	return s
}

// closuresSeen reports whether a previous snapshot can show closures: a
// snapshot file lists every service registered then, but API records
// rebuilt to that date hold a closed service only if the records include
// deregistered locations.
func closuresSeen(prev *report.Snapshot) bool {
	return prev.Kind != report.FromAPI || prev.HasDeregistered
}
