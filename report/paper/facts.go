package paper

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// sentences writes the paper's sentences from the figures, by the rules
// of words.go: comparisons only beyond report.similar_within, changes
// weighed over every rating, no zero printed as a number, coverage words
// from the data. Every percentage is a report.Share the tables print too.
type sentences struct {
	r      *cqc.Result
	a      string // the authority, escaped
	dec    int
	within float64
	w      noun   // "services", or "care homes" when the data holds only those
	eng    string // "England", or "the 4 authorities in the data"
}

// isEngland reports whether the England figures really are England's:
// published national counts, or a file that covers every authority. The
// JSON names its columns by the same test (england_* or all_areas_*).
func isEngland(r *cqc.Result) bool { return r.IsEngland() }

// englandName is how prose names the England figures.
func englandName(r *cqc.Result) string {
	if isEngland(r) {
		return "England"
	}
	if r.EnglandAuthorities == 1 {
		return "the one authority in the data"
	}
	return fmt.Sprintf("the %d authorities in the data", r.EnglandAuthorities)
}

// englandLabel is how a table heading names them.
func englandLabel(r *cqc.Result) string {
	if isEngland(r) {
		return "England"
	}
	if r.EnglandAuthorities == 1 {
		return "The one authority in the data"
	}
	return fmt.Sprintf("All %d authorities", r.EnglandAuthorities)
}

// Scope names what the paper covers, in the paper's words and its
// metadata's: "care homes" when the data holds nothing else.
func Scope(r *cqc.Result) string {
	if r.CareHomesOnly {
		return "care homes"
	}
	return "regulated adult social care services"
}

func newSentences(r *cqc.Result, within float64) *sentences {
	s := &sentences{r: r, a: escapeMD(r.Authority.Name), dec: r.Opts.Decimals, within: within, w: nounServices}
	if r.CareHomesOnly {
		s.w = nounCareHomes
	}
	s.eng = englandName(r)
	return s
}

func (s *sentences) all() map[string]string {
	cmp := s.comparison()
	return map[string]string{
		"services":         s.services(),
		"beds":             s.beds(),
		"rated":            s.rated(),
		"comparison":       cmp,
		"headline":         cmp,
		"good":             cmp,
		"outstanding":      s.outstanding(),
		"inadequate":       s.inadequate(),
		"inspections":      s.inspections(),
		"key_questions":    s.keyQuestions(),
		"movements":        s.movements(),
		"ranking":          s.ranking(),
		"year_on_year":     s.yearOnYear(),
		"england_change":   s.englandChange(),
		"commissioned":     s.commissioned(),
		"older_people":     s.group(cqc.OlderPeopleCareHomes, "care homes for older people"),
		"working_age":      s.group(cqc.WorkingAgeCareHomes, "care homes for working age adults"),
		"no_age_group":     s.noAgeGroup(),
		"conclusion":       s.conclusion(),
		"comparators_note": s.comparatorsNote(),
	}
}

// homesSplit: "65 with nursing and 257 without", "all with nursing",
// "none with nursing".
func homesSplit(homes, nursing, residential int) string {
	switch {
	case homes == 1 && nursing == 1:
		return "with nursing"
	case homes == 1:
		return "without nursing"
	case residential == 0:
		return "all with nursing"
	case nursing == 0:
		return "none with nursing"
	}
	return fmt.Sprintf("%s with nursing and %s without", num(nursing), num(residential))
}

func (s *sentences) services() string {
	a, rt := s.r.Authority, s.r.Ratings()
	homes, comm := rt.Total(cqc.CareHome), rt.Total(cqc.Community)
	if s.r.CareHomesOnly {
		if homes == 0 {
			return fmt.Sprintf("The data holds no care homes in %s.", s.a)
		}
		return fmt.Sprintf("There %s %s in %s registered with the Care Quality Commission (CQC), %s. The data holds care homes only, so this paper does not cover home care, supported living or other community-based services.",
			isAre(homes), nounCareHomes.n(homes), s.a, homesSplit(homes, a.NursingHomes, a.ResidentialHomes))
	}
	total := rt.Total(cqc.All)
	var b strings.Builder
	fmt.Fprintf(&b, "There %s %s in %s registered with the Care Quality Commission (CQC)",
		isAre(total), noun{"regulated adult social care service", "regulated adult social care services"}.n(total), s.a)
	switch {
	case total == 0:
		b.WriteString(".")
		return b.String()
	case comm == 0:
		fmt.Fprintf(&b, ", all of them care homes (%s).", homesSplit(homes, a.NursingHomes, a.ResidentialHomes))
		return b.String()
	case homes == 0:
		b.WriteString(", all of them community-based (such as home care and supported living); none is a care home")
	default:
		fmt.Fprintf(&b, ": %s (%s) and %s community-based (such as home care and supported living)",
			nounCareHomes.n(homes), homesSplit(homes, a.NursingHomes, a.ResidentialHomes), num(comm))
	}
	if a.ExtraCare > 0 {
		fmt.Fprintf(&b, ", of which %s %s extra care housing", num(a.ExtraCare), isAre(a.ExtraCare))
	}
	b.WriteString(".")
	return b.String()
}

// beds counts the authority's care home beds, then (fair.go) gives them
// per head of the older population and compares that rate, never the
// count, with other authorities, which differ in size.
func (s *sentences) beds() string {
	b := s.r.BedsOfAuthority()
	if b.Homes() == 0 {
		return fmt.Sprintf("There are no care homes registered in %s, so no care home beds.", s.a)
	}
	var out string
	switch {
	case b.Nursing() == 0:
		out = fmt.Sprintf("There are %s care home beds registered in %s, none of them in nursing homes.", num(b.Beds()), s.a)
	case b.Residential() == 0:
		out = fmt.Sprintf("There are %s care home beds registered in %s, all of them in nursing homes.", num(b.Beds()), s.a)
	default:
		out = fmt.Sprintf("There are %s care home beds registered in %s: %s in nursing homes and %s in residential homes.",
			num(b.Beds()), s.a, num(b.Nursing()), num(b.Residential()))
	}
	return out + s.bedsPerHead()
}

// ratedLeadsIn says whether rated's sentence introduces the ratings
// table ("The current ratings are:"): when any service is rated.
func (s *sentences) ratedLeadsIn() bool { return s.r.Ratings().Rated(cqc.All) > 0 }

func (s *sentences) rated() string {
	rt := s.r.Ratings()
	total, rated := rt.Total(cqc.All), rt.Rated(cqc.All)
	switch {
	case total == 0:
		return ""
	case rated == total:
		if total == 1 {
			return fmt.Sprintf("The %s has been rated by CQC. Its current rating is:", s.w.one)
		}
		return fmt.Sprintf("All %s %s have been rated by CQC. Their current ratings are:", num(total), s.w.many)
	case rated == 0 && total == 1:
		return fmt.Sprintf("The only %s has not yet been rated by CQC.", s.w.one)
	case rated == 0:
		return fmt.Sprintf("None of the %s %s has yet been rated by CQC.", num(total), s.w.many)
	}
	unrated := total - rated
	return fmt.Sprintf("Of the %s %s, %s %s been rated by CQC and %s %s not yet been rated. The current ratings are:",
		num(total), s.w.many, num(rated), hasHave(rated), num(unrated), hasHave(unrated))
}

// others are the areas a share is compared with: comparators, then
// England (or all authorities in the data).
type other struct {
	name  string    // "its comparator authorities", "England"
	place cqc.Place // its columns of the comparison table
	comps bool      // the comparator authorities
}

func (s *sentences) others() []other {
	var out []other
	if s.r.Comparators != nil {
		out = append(out, other{"its comparator authorities", cqc.PlaceComparators, true})
	}
	if s.r.England != nil {
		out = append(out, other{s.eng, cqc.PlaceEngland, false})
	}
	return out
}

// compared is the comparison table, which holds the shares of every
// area s.others lists (it is there whenever there is one).
func (s *sentences) compared() cqc.ComparisonTable {
	c, _ := s.r.Comparison()
	return c
}

// compareShare writes "similar to its comparator authorities (84%) and
// higher than England (80%)".
func (s *sentences) compareShare(mine report.Share, theirs func(o other) report.Share) string {
	var parts []string
	for _, o := range s.others() {
		t := theirs(o)
		if !t.OK {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s (%s)", Compare(mine, t, s.within).Than(), o.name, t))
	}
	return joinAnd(parts)
}

// comparison is the headline: the share rated Good or Outstanding by
// service type, against the comparators and England, by the printed
// figures of the comparison table.
func (s *sentences) comparison() string {
	rt, cmp := s.r.Ratings(), s.compared()
	var sents []string
	types := []struct {
		what string
		svc  cqc.Service
	}{
		{"care homes", cqc.CareHome},
		{"community-based services", cqc.Community},
	}
	for _, t := range types {
		if rt.Total(t.svc) == 0 {
			continue
		}
		share := rt.GoodOrBetter(t.svc)
		sent := fmt.Sprintf("%s of %s in %s are rated Good or Outstanding", capFirst(share.String()), t.what, s.a)
		if c := s.compareShare(share, func(o other) report.Share { return cmp.GoodOrBetter(o.place, t.svc) }); c != "" {
			sent += ", " + c
		}
		sents = append(sents, sent+".")
	}
	if len(sents) == 0 {
		return fmt.Sprintf("There are no services in %s to compare.", s.a)
	}
	if r := s.ratedComparison(); r != "" {
		sents = append(sents, r)
	}
	if d := s.dominance(); d != "" {
		sents = append(sents, d)
	}
	return strings.Join(sents, " ")
}

// ratedComparison compares the share of the services CQC has rated that
// are Good or Outstanding (the comparison table's rated_good_or_better
// row) when the services not yet rated change the picture, by service
// type as the headline and the printed table give it (care homes and
// community-based services, each when the authority has any): against an
// area compared, the relation (higher, similar, lower, by Compare) on the
// services rated differs from the one on all services of the type; or
// the authority's share not yet rated is higher, beyond the threshold,
// than that of the first area compared (its comparators, else England).
// For each type where either holds for some area, the sentence names
// those areas with each one's share not yet rated; it is empty when it
// holds for no type.
func (s *sentences) ratedComparison() string {
	cmp, ok := s.r.Comparison()
	if !ok {
		return ""
	}
	rt := s.r.Ratings()
	var parts []ratedPart
	for _, t := range []struct {
		w   noun
		svc cqc.Service
	}{{nounCareHomes, cqc.CareHome}, {nounCommunity, cqc.Community}} {
		if rt.Total(t.svc) == 0 {
			continue
		}
		if p, ok := s.ratedOf(cmp, t.svc, t.w); ok {
			parts = append(parts, p)
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		p := parts[0]
		return fmt.Sprintf("Counting only the %s CQC has rated, %s are Good or Outstanding, %s: %s.", p.w.many, p.rated, p.rel, p.notRated(s.a))
	}
	a, b := parts[0], parts[1]
	return fmt.Sprintf("Counting only the services CQC has rated, %s of %s are Good or Outstanding, %s, and %s of %s, %s: %s, and %s.",
		a.rated, a.w.many, a.rel, b.rated, b.w.many, b.rel, a.notRated(s.a), b.notRated(""))
}

// nounCommunity names the community-based services in the sentences that
// give them apart from care homes.
var nounCommunity = noun{"community-based service", "community-based services"}

// ratedPart is what ratedComparison says of one service type.
type ratedPart struct {
	w     noun
	rated report.Share // the authority's share of those rated
	rel   string       // "similar to its comparator authorities (91%)"
	nr    report.Share // the authority's share not yet rated
	nrs   string       // "3% in its comparator authorities", "none in England"
}

// notRated is the part's clause on the shares not yet rated, in area a
// ("" when the sentence has named it already).
func (p ratedPart) notRated(a string) string {
	in := ""
	if a != "" {
		in = " in " + a
	}
	if p.nr.N == 0 {
		// Then every area named has services not yet rated: with none on
		// either side, both shares would be the same.
		return fmt.Sprintf("every %s%s has been rated, while %s are not yet rated", p.w.one, in, p.nrs)
	}
	return fmt.Sprintf("%s of %s%s are not yet rated, against %s", p.nr, p.w.many, in, p.nrs)
}

// ratedOf applies ratedComparison's rule to the services of type svc: the
// part to say, and false when no area is named.
func (s *sentences) ratedOf(cmp cqc.ComparisonTable, svc cqc.Service, w noun) (ratedPart, bool) {
	mine, mineRated, mineNR := cmp.GoodOrBetter(cqc.PlaceAuthority, svc), cmp.RatedGoodOrBetter(cqc.PlaceAuthority, svc),
		cmp.NotRated(cqc.PlaceAuthority, svc)
	if !mine.OK || !mineRated.OK {
		return ratedPart{}, false
	}
	var rel, nr []string
	for i, o := range s.others() {
		all, rated, theirNR := cmp.GoodOrBetter(o.place, svc), cmp.RatedGoodOrBetter(o.place, svc), cmp.NotRated(o.place, svc)
		if !all.OK || !rated.OK {
			continue
		}
		onRated := Compare(mineRated, rated, s.within)
		differs := onRated != Compare(mine, all, s.within)
		gap := i == 0 && Compare(mineNR, theirNR, s.within) == Higher
		if !differs && !gap {
			continue
		}
		rel = append(rel, fmt.Sprintf("%s %s (%s)", onRated.Than(), o.name, rated))
		if theirNR.N == 0 {
			nr = append(nr, "none in "+o.name)
		} else {
			nr = append(nr, fmt.Sprintf("%s in %s", theirNR, o.name))
		}
	}
	if len(rel) == 0 {
		return ratedPart{}, false
	}
	return ratedPart{w: w, rated: mineRated, rel: joinAnd(rel), nr: mineNR, nrs: joinAnd(nr)}, true
}

// dominance says when one authority holds most (more than half) of the
// comparator group's services, whose pooled figures then mostly reflect
// that one authority.
func (s *sentences) dominance() string {
	if s.r.Comparators == nil || s.r.Opts.PublishedComparators != nil {
		return ""
	}
	name, share, ok := s.r.DominantComparator()
	if !ok {
		return ""
	}
	n := escapeMD(name)
	return fmt.Sprintf("%s holds %s of the comparator authorities' %s (%s of %s), so the comparator figures mostly reflect %s's.",
		n, share, s.w.many, num(share.N), num(share.Of), n)
}

// outstanding compares both ends of the scale for care homes, the shares
// rated Outstanding and Inadequate, with the first area compared
// (comparators, else England): both, the larger gap first, so that a
// favourable gap is never given without an unfavourable one. When the
// authority has more than its share of the Inadequate care homes of its
// comparator group, it says how many of them it has.
func (s *sentences) outstanding() string {
	rt := s.r.Ratings()
	if rt.Total(cqc.CareHome) == 0 {
		return ""
	}
	share := rt.Share(report.Outstanding, cqc.CareHome)
	os := s.others()
	if len(os) == 0 {
		if share.N == 0 {
			return fmt.Sprintf("No care home in %s is rated Outstanding.", s.a)
		}
		return fmt.Sprintf("%s of care homes in %s are rated Outstanding.", capFirst(share.String()), s.a)
	}
	o, cmp := os[0], s.compared()
	theirs := cmp.Share(o.place, report.Outstanding, cqc.CareHome)
	var out string
	switch Compare(share, theirs, s.within) {
	case Higher:
		out = fmt.Sprintf("The share of care homes rated Outstanding is higher in %s than in %s (%s against %s).", s.a, o.name, share, theirs)
	case Lower:
		out = fmt.Sprintf("The share of care homes rated Outstanding is lower in %s than in %s (%s against %s).", s.a, o.name, share, theirs)
	default:
		out = fmt.Sprintf("The share of care homes rated Outstanding in %s is similar to that in %s (%s against %s).", s.a, o.name, share, theirs)
	}
	inad := s.inadequateAgainst(o)
	if inad == "" {
		return out
	}
	gap := func(a, b report.Share) *big.Rat {
		return new(big.Rat).Abs(new(big.Rat).Sub(cqc.PointsOf(a), cqc.PointsOf(b)))
	}
	if gap(rt.Share(report.Inadequate, cqc.CareHome), cmp.Share(o.place, report.Inadequate, cqc.CareHome)).Cmp(gap(share, theirs)) > 0 {
		return inad + " " + out
	}
	return out + " " + inad
}

// inadequateAgainst compares the share of care homes rated Inadequate
// with another area's: "higher" or "lower" only beyond the threshold
// (rule 11); under it the two figures are given side by side, since a
// few points are a large difference at this end of the scale.
func (s *sentences) inadequateAgainst(o other) string {
	ms, ts := s.r.Ratings().Share(report.Inadequate, cqc.CareHome), s.compared().Share(o.place, report.Inadequate, cqc.CareHome)
	if !ts.OK {
		return ""
	}
	if ms.N == 0 && ts.N == 0 {
		return fmt.Sprintf("No care home is rated Inadequate in %s or in %s.", s.a, o.name)
	}
	var out string
	switch Compare(ms, ts, s.within) {
	case Higher:
		out = fmt.Sprintf("The share of care homes rated Inadequate is higher in %s than in %s (%s against %s).", s.a, o.name, ms, ts)
	case Lower:
		out = fmt.Sprintf("The share of care homes rated Inadequate is lower in %s than in %s (%s against %s).", s.a, o.name, ms, ts)
	default:
		out = fmt.Sprintf("%s of care homes in %s are rated Inadequate, against %s in %s.", capFirst(ms.String()), s.a, ts, o.name)
	}
	// The authority's part of the comparator group's Inadequate homes,
	// when it is more than its part of the group's homes (so its share
	// is above the comparators').
	c := s.r.Comparators
	if c == nil || !o.comps || s.r.Opts.PublishedComparators != nil || ms.N == 0 ||
		cqc.PointsOf(ms).Cmp(cqc.PointsOf(ts)) <= 0 {
		return out
	}
	k, all := ms.N, ms.N+ts.N
	areas := 1 + len(c.Members)
	return out + fmt.Sprintf(" %s has %s of the %s care homes rated Inadequate in the %s %s of its comparator group.",
		s.a, num(k), num(all), num(areas), plural(areas, "authority", "authorities"))
}

func (s *sentences) inadequate() string {
	now := s.r.Ratings().Count(report.Inadequate, cqc.All)
	var out string
	if now == 0 {
		out = fmt.Sprintf("No %s in %s is currently rated Inadequate", s.w.one, s.a)
	} else {
		out = fmt.Sprintf("There %s currently %s rated Inadequate", isAre(now), s.w.n(now))
	}
	if yoy, ok := s.r.YearOnYear(); ok {
		then := yoy.Previous(report.Inadequate)
		out += fmt.Sprintf(", against %s on %s", countWord(then), s.r.Prev.AsAt.Long())
	}
	return out + "."
}

// inspectionsLeadIn says whether inspections' sentence introduces the
// table of the period's ratings ("These ratings were:"): when CQC
// published any.
func (s *sentences) inspectionsLeadIn() bool { return s.r.Inspected().Total(cqc.All) > 0 }

func (s *sentences) inspections() string {
	in := s.r.Inspected()
	p := s.r.Opts.Inspections
	n := in.Total(cqc.All)
	if n == 0 {
		return fmt.Sprintf("CQC published no ratings of %s in %s between %s and %s.", s.w.many, s.a, p.From.Long(), p.To.Long())
	}
	out := fmt.Sprintf("Between %s and %s, CQC published a rating for %s in %s", p.From.Long(), p.To.Long(), s.w.n(n), s.a)
	if !s.r.CareHomesOnly {
		switch h, c := in.Total(cqc.CareHome), in.Total(cqc.Community); {
		case c == 0:
			out += ", all of them care homes"
		case h == 0:
			out += ", all of them community-based services"
		default:
			out += fmt.Sprintf(": %s and %s community-based %s", nounCareHomes.n(h), num(c), plural(c, "service", "services"))
		}
	}
	return out + ". These ratings were:"
}

// keyQuestions: "Safe is the key question most often rated Requires
// Improvement or Inadequate (46 care homes)".
func (s *sentences) keyQuestions() string {
	k := s.r.KeyQuestions
	if k == nil || k.Locations == 0 {
		return ""
	}
	kq, _ := s.r.KeyQuestionRatings()
	worst, most := []string{}, -1
	best, bestPct := []string{}, report.Share{}
	for q := range report.NumKeyQuestions {
		below := kq.Count(q, report.RequiresImprovement) + kq.Count(q, report.Inadequate)
		switch {
		case below > most:
			worst, most = []string{report.KeyQuestionNames[q]}, below
		case below == most:
			worst = append(worst, report.KeyQuestionNames[q])
		}
		v := kq.GoodOrBetter(q)
		switch {
		case !bestPct.OK || v.Pct > bestPct.Pct:
			best, bestPct = []string{report.KeyQuestionNames[q]}, v
		case v.Pct == bestPct.Pct:
			best = append(best, report.KeyQuestionNames[q])
		}
	}
	var b strings.Builder
	if most > 0 {
		each := ""
		if len(worst) > 1 {
			each = " each"
		}
		fmt.Fprintf(&b, "%s %s the key %s most often rated Requires Improvement or Inadequate (%s%s).",
			joinAnd(worst), isAre(len(worst)), plural(len(worst), "question", "questions"), s.w.n(most), each)
	} else {
		fmt.Fprintf(&b, "No key question is rated below Good at any %s.", s.w.one)
	}
	if len(best) == int(report.NumKeyQuestions) {
		fmt.Fprintf(&b, " Each key question is rated Good or Outstanding at %s of the %s rated on it.", bestPct, s.w.many)
	} else {
		fmt.Fprintf(&b, " %s %s most often rated Good or Outstanding (%s of the %s rated on it).",
			joinAnd(best), isAre(len(best)), bestPct, s.w.many)
	}
	return b.String()
}

func (s *sentences) movements() string {
	p := s.r.Prev
	if p == nil {
		return ""
	}
	m, _ := s.r.MovementCounts()
	matched := m.Matched()
	from, to := p.AsAt.Long(), s.r.Opts.AsAt.Long()
	var b strings.Builder
	if matched == 0 {
		fmt.Fprintf(&b, "No %s in %s was rated both on %s and on %s.", s.w.one, s.a, from, to)
	} else {
		down, same, up := m.Count(cqc.Declined, cqc.All), m.Count(cqc.Unchanged, cqc.All), m.Count(cqc.Improved, cqc.All)
		fmt.Fprintf(&b, "Of the %s rated both on %s and on %s, %s a lower rating, %s the same rating and %s a higher one.",
			s.w.n(matched), from, to, countHad(down, matched), countKept(same, matched), countHad(up, matched))
	}
	var since []string
	newN := m.Count(cqc.New, cqc.All)
	since = append(since, fmt.Sprintf("%s %s registered", capFirst(s.w.n(newN)), wasWere(newN)))
	if m.Seen(cqc.ReRegistered) { // and dormancy: both need the links between records
		if re := m.Count(cqc.ReRegistered, cqc.All); re > 0 {
			what := plural(re, "the same "+s.w.one+" carrying on", "the same "+s.w.many+" carrying on")
			if b := m.Beds(cqc.ReRegistered); b > 0 {
				what += fmt.Sprintf(", with %s %s", num(b), plural(b, "bed", "beds"))
			}
			since = append(since, fmt.Sprintf("%s %s re-registered under a new provider or at a new address (%s)", countWord(re), wasWere(re), what))
		}
		if n := m.Count(cqc.BackFromDormant, cqc.All); n > 0 {
			since = append(since, fmt.Sprintf("%s dormant on %s %s trading again", countWord(n), from, plural(n, "is", "are")))
		}
		if n := m.Count(cqc.NowDormant, cqc.All); n > 0 {
			since = append(since, fmt.Sprintf("%s %s dormant (registered but not providing care)", countWord(n), plural(n, "has become", "have become")))
		}
	}
	if m.Seen(cqc.Closed) {
		c := m.Count(cqc.Closed, cqc.All)
		since = append(since, fmt.Sprintf("%s closed", countWord(c)))
	}
	fr := m.Count(cqc.FirstRated, cqc.All)
	since = append(since, fmt.Sprintf("%s %s rated for the first time", countWord(fr), wasWere(fr)))
	fmt.Fprintf(&b, " In the same period %s.", joinAnd(since))
	if n := m.Count(cqc.StillNotRated, cqc.All); n > 0 {
		fmt.Fprintf(&b, " %s %s not rated at either date.", capFirst(s.w.n(n)), wasWere(n))
	}
	if n := m.Count(cqc.NoLongerRated, cqc.All); n > 0 {
		fmt.Fprintf(&b, " %s rated before %s no rating now.", capFirst(s.w.n(n)), hasHave(n))
	}
	return b.String()
}

// countHad: "none had", "all 15 had", "15 had".
func countHad(k, total int) string {
	switch {
	case k == 0:
		return "none had"
	case k == total && total > 1:
		return "all had"
	}
	return num(k) + " had"
}

func countKept(k, total int) string {
	switch {
	case k == 0:
		return "none kept"
	case k == total && total > 1:
		return "all kept"
	}
	return num(k) + " kept"
}

func (s *sentences) ranking() string {
	x, ok := s.r.RankingOf(cqc.All)
	if !ok || x.Len() == 0 {
		return ""
	}
	me := -1
	for i := range x.Len() {
		if x.IsAuthority(i) {
			me = i
		}
	}
	if me < 0 {
		return ""
	}
	rank, joint := x.Rank(me)
	jointWord := ""
	if joint {
		jointWord = "joint "
	}
	out := fmt.Sprintf("%s is %s%s of %d in its comparator group for the share of %s rated Good or Outstanding.",
		s.a, jointWord, ordinal(rank), x.Len(), s.w.many)
	// Say which authorities' shares are too close to call.
	var close []string
	for i := range x.Len() {
		if i == me {
			continue
		}
		if Compare(x.Share(me), x.Share(i), s.within) == Similar {
			close = append(close, escapeMD(x.Authority(i)))
		}
	}
	switch {
	case len(close) == x.Len()-1 && len(close) > 1:
		out += fmt.Sprintf(" The shares of the whole group are within %s of one another, so the order means little.", pointsText(s.within, 0))
	case len(close) > 0:
		sort.Strings(close)
		out += fmt.Sprintf(" %s %s a similar share (within %s).", joinAnd(close), hasHave(len(close)), pointsText(s.within, 0))
	}
	d, prevOK := x.ChangePts(me)
	if !prevOK {
		return out
	}
	// The sizes printed are the changes of the printed shares; whether a
	// change is little or not is judged on the unrounded shares.
	w := cqc.WithinRat(s.within)
	lo, hi, n := 0.0, 0.0, 0
	allLittle := true
	for i := range x.Len() {
		pts, ok := x.ChangePts(i)
		if i == me || !ok {
			continue
		}
		if n == 0 || pts < lo {
			lo = pts
		}
		if n == 0 || pts > hi {
			hi = pts
		}
		if c := x.Change(i); c != nil && cqc.Beyond(c, w) != 0 {
			allLittle = false
		}
		n++
	}
	since := s.r.Prev.AsAt.Long()
	change := x.Change(me)
	if change == nil {
		return out
	}
	switch {
	case change.Sign() == 0:
		out += fmt.Sprintf(" Its share is the same as on %s", since)
	case cqc.Beyond(change, w) == 0:
		// A move within the threshold is not called a rise or a fall.
		dir := "up"
		if change.Sign() < 0 {
			dir = "down"
		}
		out += fmt.Sprintf(" Since %s its share is little changed (%s %s)", since, dir, pointsText(d, s.dec))
	case d > 0:
		out += fmt.Sprintf(" Since %s its share has risen by %s", since, pointsText(d, s.dec))
	default:
		out += fmt.Sprintf(" Since %s its share has fallen by %s", since, pointsText(d, s.dec))
	}
	if n > 0 {
		out += "; " + othersChanged(lo, hi, n, s.dec, allLittle)
	}
	return out + "."
}

// othersChanged says how the other authorities' shares moved, from the
// smallest and largest printed change among n of them; little is true
// when every change is within the threshold (judged unrounded). Changes
// all within it are "little changed", with their size; larger ones rose
// or fell, or ranged from a fall to a rise.
func othersChanged(lo, hi float64, n int, dec int, little bool) string {
	subj, were := "the other authorities' shares", "were"
	if n == 1 {
		subj, were = "the other authority's share", "was"
	}
	switch {
	case lo == 0 && hi == 0 && little:
		return subj + " " + were + " unchanged"
	case little:
		var size string
		switch {
		case lo >= 0:
			size = "up " + span(lo, hi, dec)
		case hi <= 0:
			size = "down " + span(-hi, -lo, dec)
		default:
			size = "from down " + bare(-lo, dec) + " to up " + pointsText(hi, dec)
		}
		return subj + " " + were + " little changed (" + size + ")"
	case lo >= 0:
		return subj + " rose by " + span(lo, hi, dec)
	case hi <= 0:
		return subj + " fell by " + span(-hi, -lo, dec)
	}
	return subj + " changed by " + changeRange(lo, hi, dec)
}

// span writes a range of sizes of change, smallest first: "2 percentage
// points", "0 to 2 percentage points", "1 to 2 percentage points".
func span(a, b float64, dec int) string {
	if a == b {
		return pointsText(b, dec)
	}
	return bare(a, dec) + " to " + pointsText(b, dec)
}

// bare is a number of points without the unit.
func bare(v float64, dec int) string {
	return strings.TrimSuffix(strings.TrimSuffix(pointsText(v, dec), " percentage points"), " percentage point")
}

// changeRange writes the span of changes: "between a fall of 1 and a rise
// of 2 percentage points", "a rise of 2 percentage points".
func changeRange(lo, hi float64, dec int) string {
	if lo == hi {
		return signedPoints(lo, dec)
	}
	return "between " + signedPointsShort(lo, dec) + " and " + signedPoints(hi, dec)
}

func signedPoints(v float64, dec int) string {
	switch {
	case v > 0:
		return "a rise of " + pointsText(v, dec)
	case v < 0:
		return "a fall of " + pointsText(v, dec)
	}
	return "nothing"
}

func signedPointsShort(v float64, dec int) string {
	t := bare(v, dec)
	switch {
	case v > 0:
		return "a rise of " + t
	case v < 0:
		return "a fall of " + t
	}
	return "no change"
}

func (s *sentences) yearOnYear() string {
	p := s.r.Prev
	if p == nil {
		return ""
	}
	yoy, _ := s.r.YearOnYear()
	b, a := yoy.PreviousCounts(), yoy.CurrentCounts()
	gb, ga := yoy.PreviousGoodOrBetter(cqc.PlaceAuthority), yoy.CurrentGoodOrBetter(cqc.PlaceAuthority)
	since := p.AsAt.Long()
	share := fmt.Sprintf("the share of %s rated Good or Outstanding", s.w.many)
	rel := Compare(ga, gb, s.within)
	// What moved for the better and for the worse, share first.
	var better, worse []string
	switch rel {
	case Higher:
		better = append(better, fmt.Sprintf("%s rose from %s to %s", share, gb, ga))
	case Lower:
		worse = append(worse, fmt.Sprintf("%s fell from %s to %s", share, gb, ga))
	}
	for _, r := range []report.Rating{report.Inadequate, report.RequiresImprovement} {
		then, now := yoy.Previous(r), yoy.Current(r)
		c := fmt.Sprintf("the number rated %s %s", r.Label(), movedFromTo(then, now))
		switch {
		case now > then:
			worse = append(worse, c)
		case now < then:
			better = append(better, c)
		}
	}
	flat := ""
	if rel == Similar {
		flat = fmt.Sprintf("%s is little changed (%s then, %s now)", share, gb, ga)
	}
	var out string
	switch Judge(b, a, s.dec, s.within) {
	case Improved:
		out = fmt.Sprintf("Ratings in %s have improved since %s: %s", s.a, since, joinAnd(better))
	case Worsened:
		out = fmt.Sprintf("Ratings in %s have worsened since %s: %s", s.a, since, joinAnd(worse))
	case Mixed:
		out = fmt.Sprintf("Since %s the picture in %s is mixed: %s, but %s", since, s.a, joinAnd(better), joinAnd(worse))
		if flat != "" {
			out += ". " + capFirst(flat)
		}
	default:
		out = fmt.Sprintf("Since %s, in %s, %s", since, s.a, flat)
		if len(better)+len(worse) > 0 {
			out += "; " + joinAnd(append(worse, better...))
		}
	}
	out += "."
	// Whether the share moved because ratings changed or because the set
	// of services did: said whenever the printed share moved.
	if ga.Pct != gb.Pct {
		if c := s.shareCause(); c != "" {
			out += " Between the two dates " + c + "."
		}
	}
	// When the share moved beyond the threshold while the services not
	// yet rated grew or shrank, the share of those rated says how much of
	// the move the unrated explain (issue 19: a share can fall only
	// because new services wait for their first inspection).
	if rel != Similar && a[report.NotRated] != b[report.NotRated] {
		rb, ra := yoy.PreviousRatedGoodOrBetter(), yoy.CurrentRatedGoodOrBetter()
		if rb.OK && ra.OK {
			out += " " + s.ratedShare(rb, ra, b[report.NotRated], a[report.NotRated])
		}
	}
	return out
}

// ratedShare says the Good-or-Outstanding share of the services rated at
// both dates, and whether the services not yet rated explain the move of
// the share of all.
func (s *sentences) ratedShare(rb, ra report.Share, nrb, nra int) string {
	out := fmt.Sprintf("Of the %s rated, %s were rated Good or Outstanding then and %s now", s.w.many, rb, ra)
	switch Compare(ra, rb, s.within) {
	case Similar:
		out += fmt.Sprintf(", little changed: the move in the share of all %s comes from the %s not yet rated, %s then and %s now",
			s.w.many, s.w.many, num(nrb), num(nra))
	case Higher:
		out += fmt.Sprintf(", higher: with %s not yet rated then and %s now, the ratings themselves improved", num(nrb), num(nra))
	case Lower:
		out += fmt.Sprintf(", lower: with %s not yet rated then and %s now, the ratings themselves worsened", num(nrb), num(nra))
	}
	return out + "."
}

// shareCause says what moved the share between the two dates, from the
// movements: ratings that rose, fell or stayed the same, services rated
// for the first time or no longer rated, and the set of services itself
// (new services, and whether they are rated yet; closures). "1 rating
// fell and 70 stayed the same, while 10 new services are not yet rated".
func (s *sentences) shareCause() string {
	p := s.r.Prev
	if p == nil {
		return ""
	}
	m, _ := s.r.MovementCounts()
	get := func(mv cqc.Movement) int { return m.Count(mv, cqc.All) }
	var ratings []string
	first := true
	rating := func(n int, verb string) {
		if n == 0 {
			return
		}
		if first {
			ratings = append(ratings, fmt.Sprintf("%s %s", plural0(n, "rating", "ratings"), verb))
			first = false
			return
		}
		ratings = append(ratings, fmt.Sprintf("%s %s", num(n), verb))
	}
	rating(get(cqc.Declined), "fell")
	rating(get(cqc.Improved), "rose")
	rating(get(cqc.Unchanged), "stayed the same")
	if n := get(cqc.FirstRated); n > 0 {
		ratings = append(ratings, fmt.Sprintf("%s %s rated for the first time", s.w.n(n), wasWere(n)))
	}
	if n := get(cqc.NoLongerRated); n > 0 {
		ratings = append(ratings, fmt.Sprintf("%s rated before %s no rating now", s.w.n(n), hasHave(n)))
	}
	var set []string
	if n := get(cqc.New); n > 0 {
		newNoun := noun{"new " + s.w.one, "new " + s.w.many}
		u := p.Movements.NewNotRated
		switch {
		case u < 0 || u > n:
			set = append(set, fmt.Sprintf("%s %s registered", newNoun.n(n), wasWere(n)))
		case u == n:
			set = append(set, fmt.Sprintf("%s %s not yet rated", newNoun.n(n), isAre(n)))
		case u == 0:
			set = append(set, fmt.Sprintf("%s %s already rated", newNoun.n(n), isAre(n)))
		default:
			set = append(set, fmt.Sprintf("%s %s registered (%s of them not yet rated)", newNoun.n(n), wasWere(n), num(u)))
		}
	}
	if n := get(cqc.ReRegistered); n > 0 {
		set = append(set, fmt.Sprintf("%s %s re-registered under a new provider or at a new address", s.w.n(n), wasWere(n)))
	}
	if n := get(cqc.BackFromDormant); n > 0 {
		set = append(set, fmt.Sprintf("%s dormant before %s trading again", s.w.n(n), isAre(n)))
	}
	if n := get(cqc.NowDormant); n > 0 {
		set = append(set, fmt.Sprintf("%s %s dormant", s.w.n(n), plural(n, "has become", "have become")))
	}
	if m.Seen(cqc.Closed) {
		if n := get(cqc.Closed); n > 0 {
			set = append(set, fmt.Sprintf("%s closed", s.w.n(n)))
		}
	}
	switch {
	case len(ratings) > 0 && len(set) > 0:
		return joinAnd(ratings) + ", while " + joinAnd(set)
	case len(ratings) > 0 && m.Seen(cqc.Closed):
		return joinAnd(ratings) + ", and no " + s.w.one + " opened or closed"
	case len(ratings) > 0:
		return joinAnd(ratings) + ", and no new " + s.w.one + " was registered"
	case len(set) > 0:
		return "no rating changed, while " + joinAnd(set)
	}
	return ""
}

// plural0 is a count with its noun: "1 rating", "3 ratings".
func plural0(n int, one, many string) string { return num(n) + " " + plural(n, one, many) }

func (s *sentences) englandChange() string {
	p := s.r.Prev
	yoy, ok := s.r.YearOnYear()
	if !ok || !yoy.Has(cqc.PlaceEngland) {
		return ""
	}
	b, a := yoy.PreviousGoodOrBetter(cqc.PlaceEngland), yoy.CurrentGoodOrBetter(cqc.PlaceEngland)
	from, to := p.AsAt.Long(), s.r.Opts.AsAt.Long()
	switch Compare(a, b, s.within) {
	case Higher:
		return fmt.Sprintf("Across %s, the share of %s rated Good or Outstanding rose from %s on %s to %s on %s.", s.eng, s.w.many, b, from, a, to)
	case Lower:
		return fmt.Sprintf("Across %s, the share of %s rated Good or Outstanding fell from %s on %s to %s on %s.", s.eng, s.w.many, b, from, a, to)
	}
	return fmt.Sprintf("Across %s, the share of %s rated Good or Outstanding is little changed: %s on %s and %s on %s.", s.eng, s.w.many, b, from, a, to)
}

func (s *sentences) commissioned() string {
	c := s.r.Commissioned
	if c == nil {
		return ""
	}
	rt := s.r.Ratings()
	var parts []string
	if h := rt.Total(cqc.CareHome); h > 0 {
		parts = append(parts, fmt.Sprintf("%s care homes", of(c.In.CareHome.Total(), h)))
	}
	if m := rt.Total(cqc.Community); m > 0 {
		parts = append(parts, fmt.Sprintf("%s community-based services", of(c.In.Community.Total(), m)))
	}
	if len(parts) == 0 {
		return ""
	}
	out := fmt.Sprintf("The council contracts with %s in %s.", joinAnd(parts), s.a)
	ct, _ := s.r.CommissionedRatings()
	in, outc := ct.GoodOrBetter(cqc.ByTheCouncil), ct.GoodOrBetter(cqc.NotByTheCouncil)
	switch {
	case !in.OK:
		return out
	case !outc.OK:
		return out + fmt.Sprintf(" %s of them are rated Good or Outstanding.", capFirst(in.String()))
	}
	return out + fmt.Sprintf(" %s of the services it commissions are rated Good or Outstanding, %s the services it does not commission (%s).",
		capFirst(in.String()), Compare(in, outc, s.within).Than(), outc)
}

func (s *sentences) group(id cqc.GroupID, what string) string {
	g := s.r.GroupRatings()
	if !g.Has(id) {
		return ""
	}
	n := g.Total(id)
	if n == 0 {
		return fmt.Sprintf("There are no %s in %s in the data.", what, s.a)
	}
	out := fmt.Sprintf("There %s %s %s in %s: %s rated Outstanding, %s Good, %s Requires Improvement and %s Inadequate",
		isAre(n), num(n), what, s.a, countWord(g.Count(id, report.Outstanding)), countWord(g.Count(id, report.Good)),
		countWord(g.Count(id, report.RequiresImprovement)), countWord(g.Count(id, report.Inadequate)))
	if k := g.Count(id, report.NotRated); k > 0 {
		out += fmt.Sprintf("; %s %s not yet rated", num(k), isAre(k))
	}
	return out + "."
}

// noAgeGroup is the line for the care homes the data gives no age
// group, which the sections on older people and working age adults
// cannot show, so that those sections with it cover every care home.
func (s *sentences) noAgeGroup() string {
	homes := s.r.Ratings().Total(cqc.CareHome)
	g, id := s.r.GroupRatings(), cqc.NoAgeGroupCareHomes
	if homes == 0 || !g.Has(id) {
		return ""
	}
	n := g.Total(id)
	if n == 0 {
		return fmt.Sprintf("Every care home in %s is registered for older people, working age adults or both, so the two sections cover them all.", s.a)
	}
	out := fmt.Sprintf("The data gives no age group (older people or working age adults) for %s, so %s in neither section: %s rated Outstanding, %s Good, %s Requires Improvement and %s Inadequate",
		of(n, homes)+" care homes in "+s.a, plural(n, "it is", "they are"), countWord(g.Count(id, report.Outstanding)), countWord(g.Count(id, report.Good)),
		countWord(g.Count(id, report.RequiresImprovement)), countWord(g.Count(id, report.Inadequate)))
	if k := g.Count(id, report.NotRated); k > 0 {
		out += fmt.Sprintf("; %s %s not yet rated", num(k), isAre(k))
	}
	return out + "."
}

func (s *sentences) comparatorsNote() string {
	c := s.r.Comparators
	if c == nil {
		return ""
	}
	names := make([]string, len(c.Members))
	for i, m := range c.Members {
		names[i] = escapeMD(m)
	}
	label := escapeMD(s.r.Opts.ComparatorLabel)
	if s.r.Opts.ComparatorRegion != "" {
		return fmt.Sprintf("%s: the other authorities of %s (%s).", label, escapeMD(s.r.Opts.ComparatorRegion), joinAnd(names))
	}
	return fmt.Sprintf("%s: %s.", label, joinAnd(names))
}

// conclusion sums up in words, referring back to the figures given
// above rather than stating them again.
func (s *sentences) conclusion() string {
	rt, compared := s.r.Ratings(), s.compared()
	mine := rt.GoodOrBetter(cqc.All)
	var cmp []string
	for _, o := range s.others() {
		t := compared.GoodOrBetter(o.place, cqc.All)
		if !t.OK {
			continue
		}
		switch Compare(mine, t, s.within) {
		case Higher:
			cmp = append(cmp, "better than those of "+o.name)
		case Lower:
			cmp = append(cmp, "worse than those of "+o.name)
		default:
			cmp = append(cmp, "similar to those of "+o.name)
		}
	}
	var out string
	if len(cmp) > 0 {
		out = fmt.Sprintf("On the share rated Good or Outstanding, the ratings of %s in %s are %s.", s.w.many, s.a, joinAnd(cmp))
	}
	if p := s.r.Prev; p != nil {
		yoy, _ := s.r.YearOnYear()
		b, a := yoy.PreviousCounts(), yoy.CurrentCounts()
		// What got better and what got worse: a "mixed" picture always
		// names both.
		var better, worse []string
		switch Compare(yoy.CurrentGoodOrBetter(cqc.PlaceAuthority), yoy.PreviousGoodOrBetter(cqc.PlaceAuthority), s.within) {
		case Higher:
			better = append(better, "the share rated Good or Outstanding rose")
		case Lower:
			worse = append(worse, "the share rated Good or Outstanding fell")
		}
		for _, r := range []report.Rating{report.Inadequate, report.RequiresImprovement} {
			switch {
			case a[r] > b[r]:
				worse = append(worse, "more are rated "+r.Label())
			case a[r] < b[r]:
				better = append(better, "fewer are rated "+r.Label())
			}
		}
		var sent string
		since := p.AsAt.Long()
		switch Judge(b, a, s.dec, s.within) {
		case Improved:
			sent = fmt.Sprintf("Since %s they have improved: %s", since, joinAnd(better))
		case Worsened:
			sent = fmt.Sprintf("Since %s they have worsened: %s", since, joinAnd(worse))
		case Mixed:
			sent = fmt.Sprintf("Since %s the picture is mixed: %s, but %s", since, joinAnd(better), joinAnd(worse))
		default:
			sent = fmt.Sprintf("Since %s they are little changed overall", since)
			if moves := append(worse, better...); len(moves) > 0 {
				sent += ": " + joinAnd(moves)
			}
		}
		out = strings.TrimSpace(out + " " + sent + ".")
	}
	below := rt.Count(report.RequiresImprovement, cqc.All) + rt.Count(report.Inadequate, cqc.All)
	if below == 0 {
		out = strings.TrimSpace(out + fmt.Sprintf(" No %s in %s is rated Requires Improvement or Inadequate.", s.w.one, s.a))
	}
	return out
}
