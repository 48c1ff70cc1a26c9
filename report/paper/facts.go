package paper

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// sentences writes the paper's sentences from the figures. Each is plain
// English in the manner of the reference papers, and each number in it is
// one the tables print.
type sentences struct {
	r   *cqc.Result
	a   string // the authority, escaped
	dec int
}

func (s *sentences) pctOf(n, d int) string {
	v, ok := report.Pct(n, d, s.dec)
	if !ok {
		return "–"
	}
	return pct(v, s.dec)
}

func (s *sentences) all() map[string]string {
	out := map[string]string{
		"services":         s.services(),
		"beds":             s.beds(),
		"rated":            s.rated(),
		"headline":         s.headline(),
		"outstanding":      s.outstanding(),
		"good":             s.good(),
		"inadequate":       s.inadequate(),
		"inspections":      s.inspections(),
		"key_questions":    s.keyQuestions(),
		"movements":        s.movements(),
		"ranking":          s.ranking(),
		"year_on_year":     s.yearOnYear(),
		"england_change":   s.englandChange(),
		"commissioned":     s.commissioned(),
		"older_people":     s.group("older_people_care_homes", "care homes for older people"),
		"working_age":      s.group("working_age_care_homes", "care homes for working age adults"),
		"conclusion":       s.conclusion(),
		"comparators_note": s.comparatorsNote(),
	}
	return out
}

func (s *sentences) services() string {
	a := s.r.Authority
	c := a.Ratings.Community.Total()
	var b strings.Builder
	fmt.Fprintf(&b, "Across %s there are %s regulated adult social care services.", s.a, num(a.Locations()))
	fmt.Fprintf(&b, " %s of these are care homes (%s with nursing and %s without)",
		capitalise(num(a.Homes())), num(a.NursingHomes), num(a.ResidentialHomes))
	switch {
	case c == 0:
		b.WriteString("; the data holds no community-based services.")
	default:
		fmt.Fprintf(&b, "; %s %s community-based (including domiciliary care and supported living)", num(c), plural(c, "is", "are"))
		if a.ExtraCare > 0 {
			fmt.Fprintf(&b, ", of which %s %s extra care housing", num(a.ExtraCare), plural(a.ExtraCare, "is", "are"))
		}
		b.WriteString(".")
	}
	return b.String()
}

// compareBeds writes "1,110 fewer than the average comparator authority (6,254)".
func compareBeds(mine, theirs int, whose string) string {
	switch d := mine - theirs; {
	case d > 0:
		return fmt.Sprintf("%s more than %s (%s)", num(d), whose, num(theirs))
	case d < 0:
		return fmt.Sprintf("%s fewer than %s (%s)", num(-d), whose, num(theirs))
	}
	return fmt.Sprintf("the same as %s (%s)", whose, num(theirs))
}

func (s *sentences) beds() string {
	a := s.r.Authority
	if a.Homes() == 0 {
		return fmt.Sprintf("There are no care homes registered in %s.", s.a)
	}
	out := fmt.Sprintf("There are %s care home beds registered in %s: %s in nursing homes and %s in residential homes.",
		num(a.Beds()), s.a, num(a.NursingBeds), num(a.ResidentialBeds))
	var parts []string
	c := s.r.Comparators
	withComps := c != nil && len(c.Members) > 0 && s.r.Opts.PublishedComparators == nil
	if withComps {
		parts = append(parts, compareBeds(a.Beds(), meanInt(c.Beds(), len(c.Members)), "the average comparator authority"))
	}
	if e := s.r.England; e != nil && s.r.EnglandAuthorities > 0 {
		parts = append(parts, compareBeds(a.Beds(), meanInt(e.Beds(), s.r.EnglandAuthorities), "the average authority in England"))
	}
	if len(parts) > 0 {
		out += " This is " + joinAnd(parts) + "."
	}
	if withComps {
		n, r := meanInt(c.NursingBeds, len(c.Members)), meanInt(c.ResidentialBeds, len(c.Members))
		if n > 0 && r > 0 {
			out += fmt.Sprintf(" %s has %s nursing beds than the average comparator authority (%s) and %s residential beds (%s).",
				s.a, s.relative(a.NursingBeds, n), num(n), s.relative(a.ResidentialBeds, r), num(r))
		}
	}
	return out
}

// relative writes how mine compares with theirs as a share of theirs:
// "47% fewer", "12% more" or "as many".
func (s *sentences) relative(mine, theirs int) string {
	d := mine - theirs
	if d == 0 {
		return "as many"
	}
	word := "more"
	if d < 0 {
		word, d = "fewer", -d
	}
	return s.pctOf(d, theirs) + " " + word
}

func meanInt(sum, n int) int { return (2*sum + n) / (2 * n) }

func (s *sentences) rated() string {
	a := s.r.Authority
	rated := a.Ratings.All.Rated()
	insp := a.Inspected.All.Total()
	p := s.r.Opts.Inspections
	return fmt.Sprintf("%s of these services have been inspected and rated by CQC, %s of them with a report published between %s and %s. The current ratings are:",
		capitalise(num(rated)), num(insp), p.From.Long(), p.To.Long())
}

// headline: "75% of services are rated Good, against 74% in comparator
// authorities and 74% in England."
func (s *sentences) headline() string {
	a := s.r.Authority.Ratings.All
	out := fmt.Sprintf("%s of services in %s are rated Good or Outstanding (%s Good, %s Outstanding)",
		s.pctOf(a.GoodOrBetter(), a.Total()), s.a, s.pctOf(a[report.Good], a.Total()), s.pctOf(a[report.Outstanding], a.Total()))
	var others []string
	if c := s.r.Comparators; c != nil {
		others = append(others, fmt.Sprintf("%s in comparator authorities", s.pctOf(c.Ratings.All.GoodOrBetter(), c.Ratings.All.Total())))
	}
	if e := s.r.England; e != nil {
		others = append(others, fmt.Sprintf("%s in England", s.pctOf(e.Ratings.All.GoodOrBetter(), e.Ratings.All.Total())))
	}
	if len(others) > 0 {
		out += ", against " + joinAnd(others)
	}
	return out + "."
}

// compareShare says how the authority's share compares: "smaller",
// "larger" or "as many".
func (s *sentences) compareShare(mine, theirs cqc.Counts, r report.Rating) (word string, a, b string) {
	va, _ := report.Pct(mine[r], mine.Total(), s.dec)
	vb, _ := report.Pct(theirs[r], theirs.Total(), s.dec)
	a, b = pct(va, s.dec), pct(vb, s.dec)
	switch {
	case va < vb:
		return "smaller", a, b
	case va > vb:
		return "larger", a, b
	}
	return "as many", a, b
}

// good: "75% of services are rated Good, against 74% in comparator
// authorities and 74% in England."
func (s *sentences) good() string {
	a := s.r.Authority.Ratings.All
	out := fmt.Sprintf("%s of services in %s are rated Good", s.pctOf(a[report.Good], a.Total()), s.a)
	var others []string
	if c := s.r.Comparators; c != nil {
		others = append(others, fmt.Sprintf("%s in comparator authorities", s.pctOf(c.Ratings.All[report.Good], c.Ratings.All.Total())))
	}
	if e := s.r.England; e != nil {
		others = append(others, fmt.Sprintf("%s in England", s.pctOf(e.Ratings.All[report.Good], e.Ratings.All.Total())))
	}
	if len(others) > 0 {
		out += ", against " + joinAnd(others)
	}
	return out + "."
}

func (s *sentences) outstanding() string {
	c := s.r.Comparators
	if c == nil {
		a := s.r.Authority.Ratings.CareHome
		return fmt.Sprintf("%s of care homes in %s are rated Outstanding.", s.pctOf(a[report.Outstanding], a.Total()), s.a)
	}
	w, a, b := s.compareShare(s.r.Authority.Ratings.CareHome, c.Ratings.CareHome, report.Outstanding)
	if w == "as many" {
		return fmt.Sprintf("%s has the same share of care homes rated Outstanding as its comparator authorities (%s).", s.a, a)
	}
	return fmt.Sprintf("%s has a %s share of care homes rated Outstanding than its comparator authorities (%s against %s).", s.a, w, a, b)
}

func (s *sentences) inadequate() string {
	now := s.r.Authority.Ratings.All[report.Inadequate]
	out := fmt.Sprintf("There %s currently %s rated Inadequate", plural(now, "is", "are"), count(now, "service", "services"))
	if p := s.r.Prev; p != nil {
		then := p.Authority.Ratings.All[report.Inadequate]
		out += fmt.Sprintf(", against %s on %s", num(then), p.AsAt.Long())
	}
	return out + "."
}

func (s *sentences) inspections() string {
	in := s.r.Authority.Inspected
	p := s.r.Opts.Inspections
	n := in.All.Total()
	if n == 0 {
		return fmt.Sprintf("No ratings of services in %s were published between %s and %s.", s.a, p.From.Long(), p.To.Long())
	}
	return fmt.Sprintf("Of the %s published between %s and %s, %s %s of care homes and %s of community-based services. These ratings were:",
		count(n, "rating", "ratings"), p.From.Long(), p.To.Long(), num(in.CareHome.Total()), plural(n, "was", "were"), num(in.Community.Total()))
}

// keyQuestions: "Safe and Well-led are the key questions most often
// rated Requires Improvement".
func (s *sentences) keyQuestions() string {
	k := s.r.KeyQuestions
	if k == nil || k.Locations == 0 {
		return ""
	}
	worst, most := []string{}, -1
	best, bestPct := []string{}, -1.0
	for q := range report.NumKeyQuestions {
		c := k.ByQuestion[q]
		below := c[report.RequiresImprovement] + c[report.Inadequate]
		switch {
		case below > most:
			worst, most = []string{report.KeyQuestionNames[q]}, below
		case below == most:
			worst = append(worst, report.KeyQuestionNames[q])
		}
		v, _ := report.Pct(c.GoodOrBetter(), c.Rated(), s.dec)
		switch {
		case v > bestPct:
			best, bestPct = []string{report.KeyQuestionNames[q]}, v
		case v == bestPct:
			best = append(best, report.KeyQuestionNames[q])
		}
	}
	var b strings.Builder
	if most > 0 {
		fmt.Fprintf(&b, "%s %s the key %s most often rated Requires Improvement or Inadequate (%s).",
			joinAnd(worst), plural(len(worst), "is", "are"), plural(len(worst), "question", "questions"), count(most, "service", "services")+plural(len(worst), "", " each"))
	} else {
		b.WriteString("No key question is rated below Good at any service.")
	}
	fmt.Fprintf(&b, " %s %s most often rated Good or Outstanding (%s of the services rated on it).",
		joinAnd(best), plural(len(best), "is", "are"), pct(bestPct, s.dec))
	return b.String()
}

func (s *sentences) movements() string {
	p := s.r.Prev
	if p == nil {
		return ""
	}
	m := &p.Movements
	matched := m.Matched()
	var b strings.Builder
	if matched == 0 {
		fmt.Fprintf(&b, "No service in %s was rated both on %s and on %s.", s.a, p.AsAt.Long(), s.r.Opts.AsAt.Long())
	} else {
		fmt.Fprintf(&b, "Of the %s rated both on %s and on %s, %s had a lower rating, %s stayed the same and %s improved.",
			count(matched, "service", "services"), p.AsAt.Long(), s.r.Opts.AsAt.Long(),
			s.pctOf(m.Get(cqc.Declined, "all"), matched), s.pctOf(m.Get(cqc.Unchanged, "all"), matched), s.pctOf(m.Get(cqc.Improved, "all"), matched))
	}
	fmt.Fprintf(&b, " In the same period %s registered, %s closed and %s rated for the first time.",
		count(m.Get(cqc.New, "all"), "service was", "services were"), num(m.Get(cqc.Closed, "all")), num(m.Get(cqc.FirstRated, "all")))
	if n := m.Get(cqc.StillNotRated, "all"); n > 0 {
		fmt.Fprintf(&b, " %s %s not yet rated at either date.", capitalise(count(n, "service", "services")), plural(n, "was", "were"))
	}
	if n := m.Get(cqc.NoLongerRated, "all"); n > 0 {
		fmt.Fprintf(&b, " %s rated before %s no rating now.", capitalise(count(n, "service", "services")), plural(n, "has", "have"))
	}
	return b.String()
}

func (s *sentences) ranking() string {
	rows := s.r.Ranking
	if len(rows) == 0 {
		return ""
	}
	var me cqc.RankRow
	for _, r := range rows {
		if r.IsAuthority {
			me = r
		}
	}
	joint := ""
	if me.Joint {
		joint = "joint "
	}
	out := fmt.Sprintf("%s is %s%s of %d in its comparator group for the share of services rated Good or Outstanding (%s).",
		s.a, joint, ordinal(me.Rank), len(rows), pct(me.Pct, s.dec))
	if !me.PrevOK {
		return out
	}
	var better []string
	for _, r := range rows {
		if r.PrevOK && r.ChangePts > me.ChangePts {
			better = append(better, escapeMD(r.Authority))
		}
	}
	sort.Strings(better)
	change := pointsChange(me.ChangePts, s.dec)
	switch {
	case len(better) == 0 && me.JointImprovement:
		out += fmt.Sprintf(" Its change since %s (%s) is the joint largest improvement in the group.", s.r.Prev.AsAt.Long(), change)
	case len(better) == 0:
		out += fmt.Sprintf(" Its change since %s (%s) is the largest improvement in the group.", s.r.Prev.AsAt.Long(), change)
	case len(better) <= 2:
		out += fmt.Sprintf(" Its change since %s is %s; only %s %s improved more.", s.r.Prev.AsAt.Long(), change, joinAnd(better), plural(len(better), "has", "have"))
	default:
		out += fmt.Sprintf(" Its change since %s is %s, %s%s in the group; %d authorities improved more.", s.r.Prev.AsAt.Long(), change,
			map[bool]string{true: "joint ", false: ""}[me.JointImprovement], ordinal(me.ImprovementRank), len(better))
	}
	return out
}

// changeClause writes "the number rated Good has risen by 42 to 180".
func changeClause(label string, before, after int) string {
	switch d := after - before; {
	case d > 0:
		return fmt.Sprintf("the number rated %s has risen by %s to %s", label, num(d), num(after))
	case d < 0:
		return fmt.Sprintf("the number rated %s has fallen by %s to %s", label, num(-d), num(after))
	}
	return fmt.Sprintf("the number rated %s is unchanged at %s", label, num(after))
}

func (s *sentences) yearOnYear() string {
	p := s.r.Prev
	if p == nil {
		return ""
	}
	b, a := p.Authority.Ratings.All, s.r.Authority.Ratings.All
	return fmt.Sprintf("Since %s, %s, and %s. %s of services are now rated Good or Outstanding, against %s then.",
		p.AsAt.Long(), changeClause("Good", b[report.Good], a[report.Good]),
		changeClause("Requires Improvement", b[report.RequiresImprovement], a[report.RequiresImprovement]),
		capitalise(s.pctOf(a.GoodOrBetter(), a.Total())), s.pctOf(b.GoodOrBetter(), b.Total()))
}

func (s *sentences) englandChange() string {
	p := s.r.Prev
	if p == nil || p.England == nil || s.r.England == nil {
		return ""
	}
	b, a := p.England.Ratings.All, s.r.England.Ratings.All
	return fmt.Sprintf("Across England, %s of services were rated Good or Outstanding on %s and %s on %s.",
		s.pctOf(b.GoodOrBetter(), b.Total()), p.AsAt.Long(), s.pctOf(a.GoodOrBetter(), a.Total()), s.r.Opts.AsAt.Long())
}

func (s *sentences) commissioned() string {
	c := s.r.Commissioned
	if c == nil {
		return ""
	}
	a := s.r.Authority
	out := fmt.Sprintf("The council contracts with %s of the care homes (%s) and %s of the community-based services (%s).",
		num(c.In.CareHome.Total()), s.pctOf(c.In.CareHome.Total(), a.Ratings.CareHome.Total()),
		num(c.In.Community.Total()), s.pctOf(c.In.Community.Total(), a.Ratings.Community.Total()))
	in, outc := c.In.All, c.Out.All
	out += fmt.Sprintf(" %s of commissioned services are rated Good or Outstanding, against %s of the services it does not commission.",
		capitalise(s.pctOf(in.GoodOrBetter(), in.Total())), s.pctOf(outc.GoodOrBetter(), outc.Total()))
	return out
}

func (s *sentences) group(id, what string) string {
	for _, g := range s.r.Groups {
		if g.ID != id {
			continue
		}
		c := g.Counts
		if c.Total() == 0 {
			return fmt.Sprintf("There are no %s in %s in the data.", what, s.a)
		}
		return fmt.Sprintf("There are %s %s in %s: %s rated Outstanding, %s Good, %s Requires Improvement and %s Inadequate, and %s not yet rated.",
			num(c.Total()), what, s.a, num(c[report.Outstanding]), num(c[report.Good]), num(c[report.RequiresImprovement]),
			num(c[report.Inadequate]), num(c[report.NotRated]))
	}
	return ""
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
		return fmt.Sprintf("\\*%s: the other authorities of %s: %s.", label, escapeMD(s.r.Opts.ComparatorRegion), strings.Join(names, "; "))
	}
	return fmt.Sprintf("\\*%s: %s.", label, strings.Join(names, "; "))
}

func (s *sentences) conclusion() string {
	a := s.r.Authority.Ratings.All
	gob, _ := report.Pct(a.GoodOrBetter(), a.Total(), s.dec)
	var out string
	if c := s.r.Comparators; c != nil {
		cg, _ := report.Pct(c.Ratings.All.GoodOrBetter(), c.Ratings.All.Total(), s.dec)
		switch {
		case gob > cg:
			out = fmt.Sprintf("The ratings across %s are better than those of its comparator authorities: %s of services are rated Good or Outstanding, against %s.", s.a, pct(gob, s.dec), pct(cg, s.dec))
		case gob < cg:
			out = fmt.Sprintf("The ratings across %s are below those of its comparator authorities: %s of services are rated Good or Outstanding, against %s.", s.a, pct(gob, s.dec), pct(cg, s.dec))
		default:
			out = fmt.Sprintf("The ratings across %s are in line with those of its comparator authorities: %s of services are rated Good or Outstanding.", s.a, pct(gob, s.dec))
		}
	} else {
		out = fmt.Sprintf("%s of services in %s are rated Good or Outstanding.", capitalise(pct(gob, s.dec)), s.a)
	}
	below := a[report.RequiresImprovement] + a[report.Inadequate]
	out += fmt.Sprintf(" %s %s rated Requires Improvement or Inadequate", capitalise(count(below, "service", "services")), plural(below, "is", "are"))
	if p := s.r.Prev; p != nil {
		pb := p.Authority.Ratings.All[report.RequiresImprovement] + p.Authority.Ratings.All[report.Inadequate]
		out += fmt.Sprintf(", against %s on %s", num(pb), p.AsAt.Long())
	}
	return out + "."
}

// pointsChange writes "a rise of 2 percentage points", "a fall of 1
// percentage point" or "no change".
func pointsChange(v float64, dec int) string {
	n := strconv.FormatFloat(abs(v), 'f', dec, 64)
	unit := "percentage points"
	if n == "1" || n == "1.0" {
		unit = "percentage point"
	}
	switch {
	case v > 0:
		return "a rise of " + n + " " + unit
	case v < 0:
		return "a fall of " + n + " " + unit
	}
	return "no change"
}
