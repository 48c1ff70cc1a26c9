package paper

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/doc"
	dmd "github.com/carereport/carereport/report/doc/markdown"
	"github.com/carereport/carereport/report/since"
)

// The "Since the last report" section: what changed between the paper
// named by report.previous_paper and this one (and what carereport diff
// prints). Its sentences and tables come from a since.Changes only.

// sinceParts are the section's paragraphs (Markdown, unnumbered, for
// the template to number) and its two tables (nil when there is nothing
// to list).
type sinceParts struct {
	Text              string
	Services, Figures *doc.Table
}

func ratingOf(id string) report.Rating {
	for _, r := range report.Ratings {
		if r.ID() == id {
			return r
		}
	}
	return report.NotRated
}

// changeWords are the table's words for each kind of change.
var changeWords = map[string]string{
	since.Fell:          "Rated lower",
	since.Rose:          "Rated higher",
	since.FirstRated:    "Rated for the first time",
	since.NoLongerRated: "No longer rated",
	since.Registered:    "Registered since",
	since.Closed:        "Closed, or no longer counted",
	since.RatedAgain:    "Rated again, the same",
}

// sinceDate is a date of the earlier paper as plain text.
func sinceDate(d string) string {
	if d == "" {
		return "–"
	}
	v, err := report.ParseDate(d)
	if err != nil {
		return d
	}
	return v.Long()
}

func newSince(ch *since.Changes) sinceParts {
	var p sinceParts
	// The dates and the authority escaped for the sentences, plain for
	// the tables.
	beforeP, nowP := sinceDate(ch.Before), sinceDate(ch.Now)
	before, now := escapeMD(beforeP), escapeMD(nowP)
	a := escapeMD(ch.Authority)
	var paras []string

	// What changed, in counts.
	var parts []string
	fell, rose := ch.Count(since.Fell), ch.Count(since.Rose)
	switch {
	case fell > 0 && rose > 0:
		parts = append(parts, fmt.Sprintf("%s rated lower and %s higher", count(fell, "service was", "services were"), num(rose)))
	case fell > 0:
		parts = append(parts, fmt.Sprintf("%s rated lower", count(fell, "service was", "services were")))
	case rose > 0:
		parts = append(parts, fmt.Sprintf("%s rated higher", count(rose, "service was", "services were")))
	}
	if n := ch.Count(since.FirstRated); n > 0 {
		parts = append(parts, fmt.Sprintf("%s rated for the first time", count(n, "service was", "services were")))
	}
	if n := ch.Count(since.NoLongerRated); n > 0 {
		parts = append(parts, fmt.Sprintf("%s no longer rated", count(n, "service is", "services are")))
	}
	if n := ch.Count(since.Registered); n > 0 {
		parts = append(parts, fmt.Sprintf("%s registered (or came back from dormancy)", count(n, "service was", "services were")))
	}
	if n := ch.Count(since.Closed); n > 0 {
		parts = append(parts, fmt.Sprintf("%s closed or stopped being counted (deregistered, dormant or moved away)", count(n, "service", "services")))
	}
	if n := ch.Count(since.RatedAgain); n > 0 {
		parts = append(parts, fmt.Sprintf("%s rated again with the same rating", count(n, "service was", "services were")))
	}
	listed := len(ch.Services) - ch.Count(since.RatedAgain)
	lead := fmt.Sprintf("Since the last report, whose figures were as at %s, ", before)
	if len(parts) == 0 {
		paras = append(paras, lead+fmt.Sprintf("no service in %s was rated, registered or closed.", a))
	} else {
		s := lead + "in " + a + " " + joinAnd(parts) + "."
		if listed > 0 {
			s += " The table below lists them."
		}
		paras = append(paras, s)
	}

	// Each rating below Good, and Outstanding, by name.
	for _, id := range []string{"inadequate", "requires_improvement", "outstanding"} {
		var rc *since.RatingCount
		for i := range ch.Ratings {
			if ch.Ratings[i].Rating == id {
				rc = &ch.Ratings[i]
			}
		}
		if rc == nil || (rc.Now == 0 && rc.Before == 0) {
			continue
		}
		label := ratingOf(id).Label()
		s := fmt.Sprintf("On %s, %s rated %s, against %s on %s", now, count(rc.Now, "service was", "services were"), label, num(rc.Before), before)
		if len(rc.Newly) == 0 {
			s += fmt.Sprintf("; none of them was newly rated %s.", label)
		} else {
			var names []string
			for _, c := range rc.Newly {
				names = append(names, escapeMD(c.Name)+" ("+wasBefore(c)+")")
			}
			s += fmt.Sprintf("; newly rated %s: %s.", label, joinAnd(names))
		}
		paras = append(paras, s)
	}
	for i := range ch.Ratings {
		if rc := ch.Ratings[i]; rc.Rating == "good" && len(rc.Newly) > 0 {
			paras = append(paras, fmt.Sprintf("%s newly rated Good.", capitalise(count(len(rc.Newly), "service was", "services were"))))
		}
	}

	// The figures.
	var head []string
	moved := 0
	for _, f := range ch.Figures {
		if f.Table == "ratings_by_service_type" && f.Row == "good_or_better" && f.Column == "all_pct" {
			head = append(head, fmt.Sprintf("The share of services in %s rated Good or Outstanding %s from %s to %s.", a,
				map[bool]string{true: "rose", false: "fell"}[f.Change > 0], pct(f.Before, f.Dec), pct(f.Now, f.Dec)))
			continue
		}
		moved++
	}
	if g := ch.GoodOrBetter; len(head) == 0 && g != nil {
		if g.Change == 0 {
			head = append(head, fmt.Sprintf("The share of services in %s rated Good or Outstanding was %s at both dates.", a, pct(g.Now, g.Dec)))
		} else {
			head = append(head, fmt.Sprintf("The share of services in %s rated Good or Outstanding, %s now against %s then, is similar (a change under %s points).", a, pct(g.Now, g.Dec), pct(g.Before, g.Dec), within(ch.Within)))
		}
	}
	if moved > 0 {
		head = append(head, fmt.Sprintf("%s moved by %s points or more; the table of figures below lists %s.",
			capitalise(count(moved, "figure of the paper", "figures of the paper")), within(ch.Within), plural(moved, "it", "them")))
	} else if len(head) == 0 {
		head = append(head, fmt.Sprintf("No figure of the paper moved by %s points or more.", within(ch.Within)))
	} else {
		head = append(head, fmt.Sprintf("No other figure of the paper moved by %s points or more.", within(ch.Within)))
	}
	paras = append(paras, strings.Join(head, " "))
	p.Text = strings.Join(paras, "\n\n")

	if listed > 0 {
		t := &docTable{Caption: fmt.Sprintf("Services in %s whose rating changed, that were rated for the first time, registered or closed between %s and %s", plain(ch.Authority), beforeP, nowP),
			Header: []string{"Service", "Type", "Change", "Rating on " + beforeP, "Rating on " + nowP, "Rated on"}}
		for _, c := range ch.Services {
			if c.Kind == since.RatedAgain {
				continue
			}
			t.Rows = append(t.Rows, []string{c.Name, c.Type, changeWords[c.Kind], ratingCell(c.Before), ratingCell(c.Now), sinceDate(c.NowOn)})
		}
		p.Services = t.doc()
	}
	if moved > 0 {
		t := &docTable{Caption: fmt.Sprintf("Figures that moved by %s points or more between %s and %s", within(ch.Within), beforeP, nowP),
			Header: []string{"Figure", "Share", beforeP, nowP, "Change (points)"}, Right: []bool{false, false, true, true, true}}
		for _, f := range ch.Figures {
			if f.Table == "ratings_by_service_type" && f.Row == "good_or_better" && f.Column == "all_pct" {
				continue
			}
			t.Rows = append(t.Rows, []string{figureTable[f.Table], figureLabel(f, plain(ch.Authority)), pct(f.Before, f.Dec), pct(f.Now, f.Dec), arrowPts(f.Change, f.Dec)})
		}
		p.Figures = t.doc()
	}
	return p
}

func within(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}

func ratingCell(id string) string {
	if id == "" {
		return "–"
	}
	return ratingOf(id).Label()
}

// wasBefore says what a newly rated service was at the last report.
func wasBefore(c since.Change) string {
	switch {
	case c.Before == "":
		return "registered since"
	case c.Before == "not_rated":
		return "not yet rated before"
	}
	return ratingOf(c.Before).Label() + " before"
}

var figureTable = map[string]string{
	"ratings_by_service_type":       "Ratings",
	"comparison":                    "Comparison",
	"key_questions":                 "Key questions",
	"key_questions_comparison":      "Key questions compared",
	"comparator_ranking":            "Ranking",
	"comparator_ranking_care_homes": "Ranking of care homes",
	"comparator_ranking_community":  "Ranking of community-based services",
	"commissioned":                  "Commissioned services",
	"health_ratings":                "Health services",
}

var columnWords = map[string]string{
	"all": "all services", "care_home": "care homes", "community": "community-based services",
	"good_or_better": "Good or Outstanding", "rated_good_or_better": "of those rated, Good or Outstanding",
	"commissioned": "commissioned", "not_commissioned": "not commissioned",
	"comparators_share": "share of the comparator group's services", "comparators_good_or_better": "comparators, Good or Outstanding",
	"england_good_or_better": "England, Good or Outstanding", "authority_good_or_better": "Good or Outstanding",
}

// figureLabel names a share for people, as plain text: its row and its
// column.
func figureLabel(f since.Figure, authority string) string {
	row := f.Row
	switch {
	case row == "good_or_better":
		row = "Good or Outstanding"
	case row == "total":
		row = "Total"
	case row == "not_rated" || ratingOf(row) != report.NotRated:
		row = ratingOf(row).Label()
	}
	col := strings.TrimSuffix(f.Column, "_pct")
	area := ""
	for _, pre := range []struct{ p, name string }{{"authority_", authority}, {"comparators_", "comparators"}, {"england_", "England"}, {"all_areas_", "all areas"}} {
		if rest, ok := strings.CutPrefix(col, pre.p); ok && columnWords[col] == "" {
			area, col = pre.name, rest
			break
		}
	}
	w, ok := columnWords[col]
	if !ok {
		w = strings.ReplaceAll(col, "_", " ")
	}
	if area != "" {
		w = area + ", " + w
	}
	return row + ": " + w
}

// SinceMarkdown is what carereport diff prints: the section's text and
// tables under a heading, as a Markdown document of its own.
func SinceMarkdown(ch *since.Changes) ([]byte, error) {
	p := newSince(ch)
	txt := func(s string) []doc.Inline { return []doc.Inline{doc.Text{S: s}} }
	bs := []doc.Block{
		&doc.Heading{Level: 1, Content: txt("Since the last report: " + plain(ch.Authority))},
		&doc.Para{Content: txt(fmt.Sprintf("Ratings as at %s compared with those as at %s.", plain(sinceDate(ch.Now)), plain(sinceDate(ch.Before))))},
	}
	if ch.Synthetic {
		bs = append(bs, &doc.Quote{Blocks: []doc.Block{&doc.Para{Content: []doc.Inline{
			&doc.Strong{Content: txt("Sample data.")}, doc.Text{S: " These figures come from synthetic data made by carereport for demonstration."}}}}})
	}
	text, err := dmd.Read([]byte(p.Text), dmd.Options{})
	if err != nil {
		return nil, err
	}
	bs = append(bs, text.Blocks...)
	own := map[doc.Block]bool{}
	for _, t := range []*doc.Table{p.Services, p.Figures} {
		if t != nil {
			bs = append(bs, t)
			own[t] = true
		}
	}
	numberBlocks(bs, own)
	return dmd.Write(&doc.Document{Blocks: bs}), nil
}

// setSince fills the section's keys: Has.since, S.since (the paragraphs),
// Tables.since (the services) and Tables.since_figures, empty without an
// earlier paper.
func (d *Doc) setSince(ch *since.Changes) {
	d.Has["since"] = ch != nil
	d.S["since"], d.Tables["since"], d.Tables["since_figures"] = "", nil, nil
	if ch == nil {
		return
	}
	p := newSince(ch)
	d.S["since"], d.Tables["since"], d.Tables["since_figures"] = p.Text, d.blocks(false, p.Services), d.blocks(false, p.Figures)
}
