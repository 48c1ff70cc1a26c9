package paper

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/ons"
	"github.com/carereport/carereport/report/spec"
)

// RateSimilarWithin is the rule for comparing two rates per head (beds per
// 1,000 people aged 65 and over): one is called higher or lower than the
// other only when it differs from it by at least this share of the other's
// rate (10%), judged on the unrounded rates; otherwise "similar to". Rates
// per head differ between authorities far more than shares rated Good do,
// so the points threshold of report.similar_within would call almost
// every difference real.
const RateSimilarWithin = 0.10

// CompareRate says how mine stands against theirs by RateSimilarWithin.
func CompareRate(mine, theirs float64) Relation {
	if theirs <= 0 {
		return Similar
	}
	switch d := (mine - theirs) / theirs; {
	case d >= RateSimilarWithin:
		return Higher
	case d <= -RateSimilarWithin:
		return Lower
	}
	return Similar
}

// addFair puts issue 19's figures in the document: beds per head (the
// sentence is in beds()), the outcomes of the period's ratings and CQC's
// assessment of the council.
func addFair(d *Doc, tm *tableMaker, s *sentences) {
	r := tm.r
	d.Has["beds_per_head"] = d.Tables["beds_per_head"] != nil
	d.S["services_per_head"] = s.servicesPerHead()
	d.Has["services_per_head"] = d.S["services_per_head"] != "" // the table may be left out (perhead.go)
	if ph := r.PerHead; ph != nil && ph.Authority != nil {
		d.Notes = append(d.Notes, fmt.Sprintf("Beds per head use ONS's mid-%d population estimates. %s.", ph.Year, ons.Attribution))
	}
	d.Tables["reinspection"] = d.blocks(false, tm.show(tm.reinspectionView()))
	d.S["reinspection"] = s.reinspection()
	d.Has["reinspection"] = d.S["reinspection"] != ""
	if r.Reinspection == nil {
		d.Missing["reinspection"] = "The data is a snapshot file, which holds each service's latest rating only, so this paper cannot say how the ratings published in the period compare with the ratings the services held before."
	}
	d.S["council"] = s.council()
	d.Has["council"] = len(r.Council) > 0
	addMap(d, tm, s)
}

// bedsPerHead is the sentence after the count of beds: the authority's
// beds per 1,000 people aged 65 and over and 75 and over, compared (65
// and over) with its comparators as a group and England, by rate, never
// by count. Without population figures for the authority it says so, and
// the beds stay a count.
func (s *sentences) bedsPerHead() string {
	ph := s.r.PerHead
	if ph == nil {
		return ""
	}
	if ph.Year == 0 {
		return fmt.Sprintf(" There is no ONS population estimate near enough to the date of this paper, so neither beds nor %s are given per head of population, and the beds are not compared with other authorities.", s.w.many)
	}
	me := ph.Authority
	if me == nil {
		return fmt.Sprintf(" ONS publishes no mid-%d population estimate for %s, so neither its beds nor its %s are given per head of population, and its beds are not compared with other authorities.", ph.Year, s.a, s.w.many)
	}
	// The rates as the beds table prints them, compared unrounded (each
	// cell keeps the beds and population it was made from: the table's
	// populations are means, rounded).
	bt := s.r.BedsTable()
	year, _ := bt.PopulationYear()
	mine, _ := bt.Per1000(cqc.BedsAuthority, false)
	mine75, _ := bt.Per1000(cqc.BedsAuthority, true)
	out := fmt.Sprintf(" That is %s beds for every 1,000 people aged 65 and over, and %s for every 1,000 aged 75 and over (ONS mid-%d population estimates)",
		mine.Printed, mine75.Printed, year)
	var parts []string
	if c, ok := bt.Per1000(cqc.BedsComparators, false); ok {
		parts = append(parts, fmt.Sprintf("%s its comparator authorities taken together (%s)", CompareRate(mine.Value, c.Value).Than(), c.Printed))
	}
	if e, ok := bt.Per1000(cqc.BedsEngland, false); ok {
		parts = append(parts, fmt.Sprintf("%s %s (%s)", CompareRate(mine.Value, e.Value).Than(), s.eng, e.Printed))
	}
	if len(parts) > 0 {
		out += "; for people aged 65 and over this is " + joinAnd(parts)
	}
	out += "."
	var gone []string
	for _, n := range ph.Missing {
		gone = append(gone, escapeMD(n))
	}
	if len(gone) > 0 {
		var what []string
		if s.r.Comparators != nil && s.r.Opts.PublishedComparators == nil && ph.Comparators == nil {
			what = append(what, "the comparator authorities")
		}
		if s.r.England != nil && s.r.Opts.PublishedEngland == nil && ph.England == nil {
			what = append(what, s.eng)
		}
		if len(what) > 0 {
			out += fmt.Sprintf(" ONS publishes no mid-%d estimate for %s, so no rate per head is given for %s.", ph.Year, joinAnd(gone), joinAnd(what))
		}
	}
	return out
}

// bedsPerHeadView is the table of beds per 1,000 older people: the
// authority, its comparators and England, from the beds table. None
// without the authority's population.
func (m *tableMaker) bedsPerHeadView() (*spec.Table, spec.View) {
	ph := m.r.PerHead
	if ph == nil || ph.Authority == nil {
		return nil, spec.View{}
	}
	return m.r.Spec(cqc.TBeds), spec.View{Caption: fmt.Sprintf("Care home beds per 1,000 older people (ONS mid-%d population estimates)", ph.Year),
		Stub: "Area", Columns: []spec.ViewColumn{spec.Show("care_homes"), spec.Show("beds"), spec.Show("beds_per_1000_65plus"), spec.Show("beds_per_1000_75plus")}}
}

// reinspection: "Between 1 February 2020 and 1 February 2021 CQC rated
// 39 of the 400 services in Devon: 20 (51%) had a lower rating than the
// one they held before, ..." and the warning that CQC chooses where to
// inspect by risk.
func (s *sentences) reinspection() string {
	x, ok := s.r.Outcomes()
	if !ok {
		return ""
	}
	ri := s.r.Reinspection // the period and the services there are: in the table's title only
	n := x.Rated(cqc.All)
	if n == 0 {
		return ""
	}
	share := func(o cqc.Outcome) string {
		return fmt.Sprintf("%s (%s)", num(x.Count(o, cqc.All)), x.Share(o))
	}
	var parts []string
	if k := x.Count(cqc.OutcomeDown, cqc.All); k > 0 {
		parts = append(parts, share(cqc.OutcomeDown)+" "+plural(k, "had", "had")+" a lower rating than the one "+plural(k, "it", "they")+" held before")
	}
	if k := x.Count(cqc.OutcomeSame, cqc.All); k > 0 {
		parts = append(parts, share(cqc.OutcomeSame)+" kept the same rating")
	}
	if k := x.Count(cqc.OutcomeUp, cqc.All); k > 0 {
		parts = append(parts, share(cqc.OutcomeUp)+" had a higher one")
	}
	if k := x.Count(cqc.OutcomeFirst, cqc.All); k > 0 {
		parts = append(parts, share(cqc.OutcomeFirst)+" "+wasWere(k)+" rated for the first time")
	}
	p := ri.Period
	out := fmt.Sprintf("Between %s and %s CQC rated %s of the %s %s in %s: %s.", p.From.Long(), p.To.Long(), num(n),
		num(ri.Services), s.w.many, s.a, joinAnd(parts))
	if ri.Services == 1 {
		out = fmt.Sprintf("Between %s and %s CQC rated the only %s in %s: %s.", p.From.Long(), p.To.Long(), s.w.one, s.a, joinAnd(parts))
	}
	if n-x.Count(cqc.OutcomeFirst, cqc.All) > 0 { // some held a rating before
		out += fmt.Sprintf(" CQC now chooses which %s to inspect largely by risk, going first where it expects problems, so these shares describe the %s it inspected, not all %s in %s.",
			s.w.many, s.w.many, s.w.many, s.a)
	}
	return out
}

// council: "CQC assessed how the council meets its adult social care
// duties under the Care Act 2014 and rated it Requires Improvement
// (published September 2025)." with the score and themes where given,
// then the comparators' ratings where known.
func (s *sentences) council() string {
	x, ok := s.r.CouncilTable()
	if !ok {
		return ""
	}
	// The rating, date and score are the table's; the themes and the
	// report's address are in no table.
	own, row := s.r.Council[0], x.Row(0)
	var b strings.Builder
	fmt.Fprintf(&b, "CQC has assessed how the council meets its duties to adults under the Care Act 2014 and rated it %s (published %s",
		row.Rating.Label(), publishedText(row.Published))
	if row.Score != "" {
		fmt.Fprintf(&b, "; score %s%%", row.Score)
	}
	b.WriteString(").")
	var themes []string
	for i, t := range own.Themes {
		if t > 0 {
			themes = append(themes, fmt.Sprintf("%s %d", strings.ToLower(report.CouncilThemes[i].Name[:1])+report.CouncilThemes[i].Name[1:], t))
		}
	}
	if len(themes) > 0 {
		fmt.Fprintf(&b, " CQC scored its %s out of 4: %s.", plural(len(themes), "theme", "themes"), joinAnd(themes))
	}
	if u := safeURL(own.URL); u != "" {
		fmt.Fprintf(&b, " The report is at <%s>.", u)
	}
	if others := x.Len() - 1; others > 0 {
		var parts []string
		for i := 1; i <= others; i++ {
			o := x.Row(i)
			parts = append(parts, fmt.Sprintf("%s %s (published %s)", escapeMD(o.Authority), o.Rating.Label(), publishedText(o.Published)))
		}
		fmt.Fprintf(&b, " Of its comparator authorities, CQC has rated %s.", joinAnd(parts))
		if n := len(s.r.Opts.Comparators) - others; n > 0 {
			fmt.Fprintf(&b, " No assessment of the other %s was given.", plural(n, "one", num(n)))
		}
	}
	return b.String()
}

// safeURL is the URL if it can go in a Markdown autolink as it is (an
// http or https address without spaces or angle brackets); else "".
func safeURL(u string) string {
	if !(strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) || strings.ContainsAny(u, " <>\t\r\n\\`") {
		return ""
	}
	return u
}

// publishedText is when an assessment was published, from the table's
// text: "September 2025" for a month (2025-09), "5 December 2024" for a
// day; "–" for neither.
func publishedText(iso string) string {
	if d, err := report.ParseDate(iso + "-01"); err == nil && len(iso) == len("2025-09") {
		return d.Time().Format("January 2006")
	}
	if d, err := report.ParseDate(iso); err == nil {
		return d.Long()
	}
	return "–"
}

// councilView is the table of the council's assessment and its
// comparators': none for the council's alone, which the sentence gives.
// A date is printed as the assessment gives it: "September 2025" for a
// month, "5 December 2024" for a day; a score as a percentage.
func (m *tableMaker) councilView() (*spec.Table, spec.View) {
	if len(m.r.Council) < 2 {
		return nil, spec.View{}
	}
	published := func(_ int, c []report.Cell) string { return publishedText(c[0].Text) }
	score := func(_ int, c []report.Cell) string {
		if c[0].IsNull() {
			return "–"
		}
		return c[0].String() + "%"
	}
	return m.r.Spec(cqc.TCouncil), spec.View{Caption: "CQC's assessments of the council and its comparator authorities", Stub: "Authority",
		Columns: []spec.ViewColumn{spec.Show("rating"), {Names: []string{"published"}, Format: published}, {Names: []string{"score"}, Format: score}}}
}
