package cqc

import (
	"fmt"
	"sort"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/ons"
	"github.com/carereport/carereport/report/spec"
)

// EnglandMinAuthorities is how many authorities a data file must cover
// before its total is England's: England has 153 councils with social
// care duties, and a national CQC file names all of them (the paper's
// words follow the same rule).
const EnglandMinAuthorities = 150

// maxPopulationGapDays bounds how far the mid-year estimate used may lie
// from the as-at date: beyond two years there is no estimate for the
// paper's date, and beds are given as counts only.
const maxPopulationGapDays = 2 * 366

// PerHead is care home beds per head of the older population: the
// authority's, its comparators' as a group (their beds over their
// population) and England's (ONS's England row, when the data covers
// England; else the authorities in the data, summed the same way). A nil
// area has no rate: an authority of it is not in the ONS file that year.
type PerHead struct {
	// Year is the mid-year of the ONS estimates used (2021 is the
	// estimate for 30 June 2021); zero when no year is near enough.
	Year        int
	Authority   *HeadCount
	Comparators *HeadCount
	England     *HeadCount
	// Missing names the authorities the ONS file does not hold that year
	// (the authority, a comparator, or an authority of the data).
	Missing []string
}

// HeadCount is an area's care home beds and population, each a total
// over the area's N authorities; Homes and Community are its care homes
// and community-based services, and Pop18 its adults (ONS's 18 to 64 and
// 65 and over), for services per head (services_per_head).
type HeadCount struct {
	Beds, Pop65, Pop75, N   int
	Homes, Community, Pop18 int
}

// RateCell is beds per 1,000 of pop rounded half up to one decimal with
// integer arithmetic, as the tables print it; empty without a population.
// It keeps beds and pop behind the figure (perCell), so that the
// sentence compares the unrounded rates from the cell.
func RateCell(beds, pop int) report.Cell { return perCell(beds, pop, 1000) }

// PopulationYear picks the ONS mid-year for a paper as at asAt: the
// nearest the file holds, if its 30 June is within two years of asAt.
// The finding, when not nil, says why no year is used, or that a nearer
// year is not yet in the file.
func PopulationYear(p *ons.Populations, asAt report.Date) (int, *report.Finding) {
	year := p.NearestYear(asAt)
	mid := report.NewDate(year, 6, 30)
	gap := asAt.DaysSince(mid)
	if gap < 0 {
		gap = -gap
	}
	if gap > maxPopulationGapDays {
		return 0, &report.Finding{Kind: "population_year", Message: fmt.Sprintf(
			"the ONS population file has no mid-year estimate within two years of %s (nearest: mid-%d), so beds are given as counts only",
			asAt, year)}
	}
	// The mid-year nearest the date on the calendar, whether or not the
	// file has it (of two equally near, the earlier, as NearestYear).
	want, best := 0, -1
	for y := asAt.Year() - 1; y <= asAt.Year()+1; y++ {
		d := asAt.DaysSince(report.NewDate(y, 6, 30))
		if d < 0 {
			d = -d
		}
		if best < 0 || d < best {
			want, best = y, d
		}
	}
	if want != year {
		return year, &report.Finding{Kind: "population_year", Message: fmt.Sprintf(
			"the ONS population file has no mid-%d estimate, the nearest to %s; beds per head use mid-%d, and the paper says so",
			want, asAt, year)}
	}
	return year, nil
}

// computePerHead finds the populations of the authority, its comparators
// and England (or the authorities in the data) in the ONS file.
func computePerHead(r *Result, as *Areas, p *ons.Populations) (*PerHead, []report.Finding) {
	year, f := PopulationYear(p, r.Opts.AsAt)
	var findings []report.Finding
	if f != nil {
		findings = append(findings, *f)
	}
	ph := &PerHead{Year: year}
	if year == 0 {
		return ph, findings
	}
	missing := map[string]bool{}
	sum := func(names []string, g *Area) *HeadCount {
		h := &HeadCount{Beds: g.Beds(), N: len(names), Homes: g.Ratings.CareHome.Total(), Community: g.Ratings.Community.Total()}
		ok := len(names) > 0
		for _, n := range names {
			row, err := p.InYear(n, year)
			if err != nil {
				missing[n] = true
				ok = false
				continue
			}
			h.Pop65 += row.Age65Plus
			h.Pop75 += row.Age75Plus
			h.Pop18 += row.Age18to64 + row.Age65Plus
		}
		if !ok {
			return nil
		}
		return h
	}
	ph.Authority = sum([]string{r.Authority.Name}, r.Authority)
	if c := r.Comparators; c != nil && r.Opts.PublishedComparators == nil && len(c.Members) > 0 {
		ph.Comparators = sum(c.Members, c)
	}
	if e := r.England; e != nil && r.Opts.PublishedEngland == nil && r.EnglandAuthorities > 0 {
		if r.EnglandAuthorities >= EnglandMinAuthorities {
			if row, err := p.InYear("England", year); err == nil {
				ph.England = &HeadCount{Beds: e.Beds(), Pop65: row.Age65Plus, Pop75: row.Age75Plus, N: r.EnglandAuthorities,
					Homes: e.Ratings.CareHome.Total(), Community: e.Ratings.Community.Total(), Pop18: row.Age18to64 + row.Age65Plus}
			}
		} else {
			ph.England = sum(as.Names(), e)
		}
	}
	for n := range missing {
		ph.Missing = append(ph.Missing, n)
	}
	sort.Strings(ph.Missing)
	if len(ph.Missing) > 0 {
		q := make([]string, len(ph.Missing))
		for i, n := range ph.Missing {
			q[i] = fmt.Sprintf("%q", n)
		}
		findings = append(findings, report.Finding{Kind: "population_not_found", Message: fmt.Sprintf(
			"the ONS population file has no mid-%d estimate for %s (not %s on that year's boundaries, or not spelt as ONS or CQC spell %s), so no beds or services per head are given for %s; population: false leaves them out",
			year, report.JoinAnd(q), report.Plural(len(q), "an upper-tier authority", "upper-tier authorities"), report.Plural(len(q), "it", "them"), report.Plural(len(q), "it", "them"))})
	}
	return ph, findings
}

// perHeadColumns are the beds table's columns for beds per head: the
// populations (mean per authority), the ONS mid-year, and the rates.
var perHeadColumns = []spec.Column{{Name: "population_65plus", Kind: spec.Count}, {Name: "population_75plus", Kind: spec.Count},
	{Name: "population_year", Kind: spec.Count}, {Name: "beds_per_1000_65plus", Kind: spec.Rate, Label: "Beds per 1,000 aged 65 and over"},
	{Name: "beds_per_1000_75plus", Kind: spec.Rate, Label: "Beds per 1,000 aged 75 and over"}}

// perHeadCells are an area's cells of those columns: its population as the
// mean per authority (as the row's other figures are), the year, and its
// beds over its population (which is the same as its mean beds over its
// mean population). Empty when the area has no population.
func perHeadCells(ph *PerHead, h *HeadCount) []report.Cell {
	if ph == nil || h == nil || h.N == 0 {
		return []report.Cell{report.Null(), report.Null(), report.Null(), report.Null(), report.Null()}
	}
	return []report.Cell{MeanCell(h.Pop65, h.N), MeanCell(h.Pop75, h.N), report.Int(ph.Year),
		RateCell(h.Beds, h.Pop65), RateCell(h.Beds, h.Pop75)}
}

func perHeadArea(ph *PerHead, pick func(*PerHead) *HeadCount) *HeadCount {
	if ph == nil {
		return nil
	}
	return pick(ph)
}

// bedsPerHeadTitle says, in the beds table's title, which ONS year the
// rates use and how the rows are made.
func bedsPerHeadTitle(ph *PerHead) string {
	if ph.Year == 0 {
		return " (no ONS population estimate near the date, so no beds per head)"
	}
	if ph.Authority == nil && ph.Comparators == nil && ph.England == nil {
		return fmt.Sprintf(" (ONS's mid-%d population estimates hold none of these authorities, so no beds per head)", ph.Year)
	}
	return fmt.Sprintf("; beds per 1,000 people aged 65 and over and 75 and over by ONS mid-%d population estimates (comparators and England: mean per authority, and the group's beds over its population)", ph.Year)
}

// TServicesPerHead is the table of care homes per 10,000 people aged 65
// and over and community-based services per 10,000 adults.
const TServicesPerHead = "services_per_head"

// ServicesPer is the population the services per head are given for:
// per 10,000 people.
const ServicesPer = 10000

// perCell is n per per of pop, rounded half up to one decimal with
// integer arithmetic, as the tables print it; it keeps n and pop (the
// cell's N and Of, not written) so that a sentence compares the unrounded
// rates. Empty without a population.
func perCell(n, pop, per int) report.Cell {
	if pop <= 0 {
		return report.Null()
	}
	v := (20*int64(per)*int64(n) + int64(pop)) / (2 * int64(pop))
	c := report.Num(float64(v)/10, 1)
	c.N, c.Of = n, pop
	return c
}

// servicesPerHeadSpec declares services per head of population, with
// population figures (perhead.go): for the authority, its comparators
// and England (or the authorities in the data) as in the beds table, the
// care homes and community-based services (the mean per authority for a
// group), the populations aged 65 and over and 18 and over (the same
// mean), the ONS mid-year, and the group's care homes per 10,000 people
// aged 65 and over and community-based services per 10,000 aged 18 and
// over (its services over its population, which is its mean over its
// mean). Community-based services are null when the data holds care
// homes only; the populations and rates where ONS has no estimate.
func servicesPerHeadSpec(r *Result) *spec.Table {
	ph := r.PerHead
	if ph == nil {
		return nil
	}
	what, rates := "Care homes and community-based services", "Care homes per 10,000 people aged 65 and over and community-based services per 10,000 aged 18 and over"
	if r.CareHomesOnly {
		what, rates = "Care homes", "Care homes per 10,000 people aged 65 and over"
	}
	var title string
	switch {
	case ph.Year == 0:
		title = fmt.Sprintf("%s in %s (no ONS population estimate near the date, so none per head)", what, r.Authority.Name)
	case ph.Authority == nil && ph.Comparators == nil && ph.England == nil:
		title = fmt.Sprintf("%s in %s (ONS's mid-%d population estimates hold none of these authorities, so none per head)", what, r.Authority.Name, ph.Year)
	default:
		title = fmt.Sprintf("%s in %s, by ONS mid-%d population estimates (comparators and England: mean per authority, and the group's services over its population)", rates, r.Authority.Name, ph.Year)
	}
	t := spec.New(TServicesPerHead, title, "area",
		spec.Column{Name: "care_homes", Kind: spec.Count, Label: "Care homes"},
		spec.Column{Name: "community", Kind: spec.Count, Label: "Community-based services"},
		spec.Column{Name: "population_65plus", Kind: spec.Count}, spec.Column{Name: "population_18plus", Kind: spec.Count},
		spec.Column{Name: "population_year", Kind: spec.Count},
		spec.Column{Name: "care_homes_per_10000_65plus", Kind: spec.Rate, Label: "Care homes per 10,000 aged 65 and over"},
		spec.Column{Name: "community_per_10000_18plus", Kind: spec.Rate, Label: "Community-based services per 10,000 aged 18 and over"})
	row := func(rw spec.Row, g *Area, n int, h *HeadCount) {
		if g == nil || n == 0 {
			return
		}
		community := func(c report.Cell) report.Cell {
			if r.CareHomesOnly {
				return report.Null() // the data holds none: not 0
			}
			return c
		}
		cells := []report.Cell{MeanCell(g.Ratings.CareHome.Total(), n), community(MeanCell(g.Ratings.Community.Total(), n))}
		if h == nil || h.N == 0 {
			cells = append(cells, report.Null(), report.Null(), report.Null(), report.Null(), report.Null())
		} else {
			cells = append(cells, MeanCell(h.Pop65, h.N), MeanCell(h.Pop18, h.N), report.Int(ph.Year),
				perCell(h.Homes, h.Pop65, ServicesPer), community(perCell(h.Community, h.Pop18, ServicesPer)))
		}
		t.Add(rw, cells...)
	}
	row(spec.Row{ID: authorityRow, Label: r.Authority.Name}, r.Authority, 1, ph.Authority)
	if r.Comparators != nil && r.Opts.PublishedComparators == nil {
		row(spec.Row{ID: "comparators", Label: "Comparator authorities (average)"}, r.Comparators, len(r.Comparators.Members), ph.Comparators)
	}
	if r.England != nil {
		id := "england"
		if !r.IsEngland() {
			id = allAreasRow
		}
		row(spec.Row{ID: id, Label: r.EnglandLabel() + " (average per authority)"}, r.England, r.EnglandAuthorities, ph.England)
	}
	return t
}
