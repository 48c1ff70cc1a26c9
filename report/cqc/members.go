package cqc

import (
	"fmt"
	"sort"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/spec"
)

// What members ask for beyond the counts: the services by name, how old
// the ratings are, comparators by service type, key questions against
// comparators and England, and the commissioned services by type.

// Table ids.
const (
	TNamed              = "named_services"
	TActivity           = "inspection_activity"
	TRankingCareHomes   = "comparator_ranking_care_homes"
	TRankingCommunity   = "comparator_ranking_community"
	TKeyQuestionsCompar = "key_questions_comparison"
	TCommissionedByType = "commissioned_by_type"
)

// NamedService is one service the appendix names: rated Inadequate or
// Requires Improvement, or rated lower than at the previous date.
type NamedService struct {
	ID, Name, Provider string
	// Type is "care home with nursing", "care home" or "community".
	Type   string
	Rating report.Rating
	Date   report.Date
	// Before is the rating of the report before the one in force (rule
	// 9), with its date, carried from the predecessor for a
	// re-registration; HasBefore is false when there was none or the
	// data cannot say (a snapshot file knows only the latest rating).
	Before     report.Rating
	BeforeDate report.Date
	HasBefore  bool
	// AtPrevious is the rating on the paper's earlier date: another
	// thing from Before, and named so (HasAtPrevious false without an
	// earlier date, or when the service was not there then).
	AtPrevious    report.Rating
	HasAtPrevious bool
	// RunBelowGood is how many reports running, ending with the one in
	// force, rated the service Inadequate or Requires Improvement (0 or
	// 1 unless the history shows more; a snapshot file shows at most 1).
	RunBelowGood int
	// BelowGood are the key questions rated Requires Improvement or
	// Inadequate; KQPublished is false when the data gives no key
	// question ratings for the report in force.
	BelowGood   []string
	KQPublished bool
}

func serviceType(l *report.Location) string {
	switch {
	case l.CareHome && l.Nursing:
		return "care home with nursing"
	case l.CareHome:
		return "care home"
	}
	return "community"
}

// rank order: outstanding 4 ... inadequate 1.
func ratingOrder(r report.Rating) int {
	switch r {
	case report.Outstanding:
		return 4
	case report.Good:
		return 3
	case report.RequiresImprovement:
		return 2
	case report.Inadequate:
		return 1
	}
	return 0
}

// ratedHistory is a location's real ratings published on or before asAt,
// oldest first, with its predecessor's before them when its own record
// does not carry them (rule 9: a re-registration's rating before is its
// predecessor's last).
func ratedHistory(l *report.Location, lin Lineage, asAt report.Date) []report.Assessment {
	var own []report.Assessment
	for _, h := range l.History {
		if h.Overall.IsRated() && h.Date <= asAt {
			if k := len(own); k > 0 && own[k-1].Date == h.Date {
				own[k-1] = h // one report listed twice (current and historic): the later entry wins, as in rule 4
				continue
			}
			own = append(own, h)
		}
	}
	if lin == nil || len(l.Predecessors) == 0 {
		return own
	}
	if len(own) > 0 && !l.Registered.IsZero() && own[0].Date < l.Registered {
		return own // the record carries the ratings it inherited
	}
	for _, p := range l.Predecessors {
		rec := lin.Record(p.ID)
		if rec == nil || rec == l {
			continue
		}
		var theirs []report.Assessment
		for _, h := range rec.History {
			if h.Overall.IsRated() && h.Date <= asAt && (len(own) == 0 || h.Date < own[0].Date) {
				theirs = append(theirs, h)
			}
		}
		if len(theirs) > 0 {
			return append(theirs, own...)
		}
	}
	return own
}

func namedServices(mine, theirs []*report.Location, hasPrev bool, lin Lineage, asAt report.Date) []NamedService {
	before := map[string]report.Rating{}
	for _, l := range theirs {
		before[l.ID] = l.Current.Overall
	}
	var out []NamedService
	for _, l := range mine {
		r := l.Current.Overall
		prev, had := before[l.ID]
		fell := hasPrev && had && r.IsRated() && prev.IsRated() && ratingOrder(r) < ratingOrder(prev)
		if r != report.Inadequate && r != report.RequiresImprovement && !fell {
			continue
		}
		n := NamedService{ID: l.ID, Name: l.Name, Provider: l.Provider, Type: serviceType(l), Rating: r,
			Date: l.Current.Date, AtPrevious: prev, HasAtPrevious: hasPrev && had,
			KQPublished: l.Current.HasKQ}
		if l.History != nil {
			h := ratedHistory(l, lin, asAt)
			// The report in force is the last of h (rule 4); the one
			// before it is the previous rating (rule 9).
			if k := len(h); k >= 2 {
				n.Before, n.BeforeDate, n.HasBefore = h[k-2].Overall, h[k-2].Date, true
			}
			for i := len(h) - 1; i >= 0 && (h[i].Overall == report.Inadequate || h[i].Overall == report.RequiresImprovement); i-- {
				n.RunBelowGood++
			}
		} else if r == report.Inadequate || r == report.RequiresImprovement {
			n.RunBelowGood = 1
		}
		if l.Current.HasKQ {
			for q := range report.NumKeyQuestions {
				if k := l.Current.KQ[q]; k == report.RequiresImprovement || k == report.Inadequate {
					n.BelowGood = append(n.BelowGood, report.KeyQuestionNames[q])
				}
			}
		}
		out = append(out, n)
	}
	// Worst first, then by name.
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := ratingOrder(out[i].Rating), ratingOrder(out[j].Rating); a != b {
			return a < b
		}
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Activity is inspection activity: what the data can show of it. A
// measure the data cannot give is absent (Known false), never 0.
type Activity struct {
	Counts [numMeasures]Tally
	Known  [numMeasures]bool
	// FromHistory is true when the counts come from API rating history;
	// a snapshot file knows only each service's latest rating.
	FromHistory bool
}

// Measure is a row of inspection_activity.
type Measure uint8

// The measures of inspection activity, in table order.
const (
	WithReport Measure = iota
	RatedInPeriod
	InspectedNotRated
	RatedAndInspectedNotRated
	RatingOver2Years
	RatingOver4Years
	NeverRated
	numMeasures
)

// measureRows are the rows of inspection_activity: id and the paper's label.
var measureRows = [numMeasures]spec.Row{
	WithReport:                {ID: "services_with_a_report", Label: "With a report published in the period"},
	RatedInPeriod:             {ID: "rated_in_period", Label: "Rated in the period"},
	InspectedNotRated:         {ID: "inspected_not_rated", Label: "Inspected but not rated in the period"},
	RatedAndInspectedNotRated: {ID: "rated_and_inspected_not_rated", Label: "Both rated and inspected but not rated in the period"},
	RatingOver2Years:          {ID: "rating_over_2_years_old", Label: "Rating in force more than 2 years old"},
	RatingOver4Years:          {ID: "rating_over_4_years_old", Label: "Rating in force more than 4 years old"},
	NeverRated:                {ID: "never_rated", Label: "Never rated"},
}

// Row is the measure's row of inspection_activity.
func (m Measure) Row() spec.Row { return measureRows[m] }

func countActivity(mine []*report.Location, p Period, asAt report.Date, fromHistory bool) *Activity {
	a := &Activity{FromHistory: fromHistory}
	for m := range numMeasures {
		// A snapshot file cannot show reports that gave no rating.
		a.Known[m] = fromHistory || (m != WithReport && m != InspectedNotRated && m != RatedAndInspectedNotRated)
	}
	add := func(m Measure, l *report.Location) {
		if a.Known[m] {
			a.Counts[m].Add(ServiceOf(l.CareHome))
		}
	}
	two, four := asAt.AddYears(-2), asAt.AddYears(-4)
	for _, l := range mine {
		cur := l.Current
		if fromHistory {
			in := func(d report.Date) bool { return d >= p.From && d <= p.To && d <= asAt }
			// Rule 10: a report is any entry of reports[] (a focused
			// inspection that re-rated some key questions is one) or of
			// the rating history; "Inspected but not rated" counts only
			// when the entry is not part of a rated report (the same
			// reportLinkId).
			hadReport, rated, notRated := false, false, false
			for _, d := range l.Reports {
				if in(d) {
					hadReport = true
				}
			}
			ratedLinks := map[string]bool{}
			for _, h := range l.History {
				if h.Overall.IsRated() && h.Link != "" {
					ratedLinks[h.Link] = true
				}
			}
			for _, h := range l.History {
				if !in(h.Date) {
					continue
				}
				hadReport = true
				switch {
				case h.Overall.IsRated():
					rated = true
				case h.InspectedNotRated && (h.Link == "" || !ratedLinks[h.Link]):
					notRated = true
				}
			}
			if hadReport {
				add(WithReport, l)
			}
			if rated {
				add(RatedInPeriod, l)
			}
			if notRated {
				add(InspectedNotRated, l)
			}
			if rated && notRated {
				add(RatedAndInspectedNotRated, l)
			}
		} else if _, ok := InspectedIn(l, p, asAt); ok {
			add(RatedInPeriod, l)
		}
		switch {
		case !cur.Overall.IsRated():
			add(NeverRated, l)
		case !cur.Date.IsZero() && cur.Date < four:
			add(RatingOver4Years, l)
			add(RatingOver2Years, l)
		case !cur.Date.IsZero() && cur.Date < two:
			add(RatingOver2Years, l)
		}
	}
	return a
}

// Measures are the measures the data can give, in table order.
func (a *Activity) Measures() []Measure {
	var out []Measure
	for m := range numMeasures {
		if a.Known[m] {
			out = append(out, m)
		}
	}
	return out
}

// CommissionedType is the commissioned services of one type, now and at
// the previous date.
type CommissionedType struct {
	ID          string // residential, nursing, community, all
	Now, Before Counts
	HasBefore   bool
}

var commissionedTypeIDs = []string{"residential", "nursing", "community", "all"}

func commissionedByType(mine, theirs []*report.Location, ids map[string]bool, hasPrev bool) []CommissionedType {
	typ := func(l *report.Location) string {
		switch {
		case l.CareHome && l.Nursing:
			return "nursing"
		case l.CareHome:
			return "residential"
		}
		return "community"
	}
	out := make([]CommissionedType, len(commissionedTypeIDs))
	idx := map[string]int{}
	for i, id := range commissionedTypeIDs {
		out[i] = CommissionedType{ID: id, HasBefore: hasPrev}
		idx[id] = i
	}
	for _, l := range mine {
		if ids[l.ID] {
			out[idx[typ(l)]].Now[l.Current.Overall]++
			out[idx["all"]].Now[l.Current.Overall]++
		}
	}
	for _, l := range theirs {
		if ids[l.ID] {
			out[idx[typ(l)]].Before[l.Current.Overall]++
			out[idx["all"]].Before[l.Current.Overall]++
		}
	}
	return out
}

// KeyQuestionShares are each key question's share rated Good or
// Outstanding (of the services rated on it) in each area.
type KeyQuestionShares struct {
	Authority, Comparators, England *KeyQuestionCounts
}

// areaLocations returns the in-scope locations of several authorities,
// or of every authority when names is nil.
func areaLocations(s *report.Snapshot, names []string, includeDormant bool) []*report.Location {
	want := map[string]bool{}
	for _, n := range names {
		want[key(n)] = true
	}
	match := map[string]bool{}
	var out []*report.Location
	for i := range s.Locations {
		l := &s.Locations[i]
		if !InScope(l, includeDormant) {
			continue
		}
		if names != nil {
			m, seen := match[l.LocalAuthority]
			if !seen {
				m = want[key(l.LocalAuthority)]
				match[l.LocalAuthority] = m
			}
			if !m {
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// namedSpec declares the appendix of services named (namedServices):
// a row for each, keyed by its Location ID and labelled by its name. The
// rating before (rule 9) and the rating on the earlier date are columns
// of their own, as they are different things; the key questions below
// Good are null, not "none", when the data publishes none for the report
// in force (key_questions_published "no").
func namedSpec(r *Result) *spec.Table {
	if r.Named == nil {
		return nil
	}
	then := ""
	if r.Prev != nil {
		then = "Rating on " + r.Prev.AsAt.Long()
	}
	t := spec.New(TNamed, fmt.Sprintf("Services in %s rated Inadequate or Requires Improvement, or rated lower than before", r.Authority.Name), "location_id",
		spec.Column{Name: "name", Kind: spec.Text, Label: "Service"},
		spec.Column{Name: "provider", Kind: spec.Text, Label: providerLabel(r.Named)},
		spec.Column{Name: "service_type", Kind: spec.Text, Label: "Type"},
		spec.Column{Name: "rating", Kind: spec.Rating, Label: "Rating"},
		spec.Column{Name: "rating_date", Kind: spec.Date, Label: "Published"},
		spec.Column{Name: "previous_rating", Kind: spec.Rating, Label: "Rating before"},
		spec.Column{Name: "previous_rating_date", Kind: spec.Date},
		spec.Column{Name: "reports_below_good_running", Kind: spec.Count},
		spec.Column{Name: "rating_on_previous_date", Kind: spec.Rating, Label: then},
		spec.Column{Name: "key_questions_below_good", Kind: spec.Text, Label: "Key questions below Good"},
		spec.Column{Name: "key_questions_published", Kind: spec.Text})
	date := func(d report.Date) report.Cell {
		if d.IsZero() {
			return report.Null()
		}
		return report.Str(d.String())
	}
	for _, n := range r.Named {
		before, beforeDate, atPrev := report.Null(), report.Null(), report.Null()
		if n.HasBefore {
			before, beforeDate = report.Str(n.Before.ID()), date(n.BeforeDate)
		}
		if n.HasAtPrevious {
			atPrev = report.Str(n.AtPrevious.ID())
		}
		below, published := report.Str(strings.Join(n.BelowGood, "; ")), report.Str("yes")
		if !n.KQPublished { // no key question ratings published: not "none below Good"
			below, published = report.Null(), report.Str("no")
		}
		t.Add(spec.Row{ID: n.ID, Label: n.Name}, report.Str(n.Name), report.Str(n.Provider),
			report.Str(n.Type), report.Str(n.Rating.ID()), date(n.Date), before, beforeDate,
			report.Int(n.RunBelowGood), atPrev, below, published)
	}
	return t
}

// providerLabel heads the provider column "Provider ID" when the data
// gave no provider names (API records carry only the provider's CQC ID),
// so an ID is not taken for a name.
func providerLabel(named []NamedService) string {
	for _, n := range named {
		if !report.IsCQCID(n.Provider) {
			return "Provider"
		}
	}
	return "Provider ID"
}
