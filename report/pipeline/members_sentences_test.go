package pipeline

import (
	"fmt"
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// The sentences on what members ask for, each rebuilt from the JSON
// tables' cells (the shares compared unrounded, by the count and total
// each cell keeps, as rule 11 says) and found in the paper: the age of
// the ratings, the rankings by service type, the key questions against
// the comparators, the commissioned services' change, the care homes in
// both groups and the note to the appendix. Devon's papers on the real
// records give the history's figures (inspected but not rated, the
// overlap); the sample's the rankings by type and the commissioned
// services.
func TestMembersSentencesFromJSON(t *testing.T) {
	papers := []cellPaper{devonPaper(t, "quality-account", false), samplePaper(t, "example.yaml"), samplePaper(t, "example-quality-account.yaml")}
	for _, p := range papers {
		t.Run(p.name, func(t *testing.T) {
			wants := membersWants(t, p)
			if len(wants) < 5 {
				t.Fatalf("only %d sentences rebuilt: %q", len(wants), wants)
			}
			flat := strings.Join(strings.Fields(p.md), " ")
			for _, w := range wants {
				if !strings.Contains(flat, w) {
					t.Errorf("the paper lacks %q", w)
				}
			}
		})
	}
}

func membersWants(t *testing.T, p cellPaper) []string {
	t.Helper()
	cell := func(id, row, col string) report.Cell {
		tb := p.set.Find(id)
		if tb == nil {
			t.Fatalf("no table %s", id)
		}
		c, ok := tb.Cell(row, col)
		if !ok {
			t.Fatalf("%s has no %s/%s", id, row, col)
		}
		return c
	}
	n := func(id, row, col string) int { return int(cell(id, row, col).Num) }
	share := func(id, row, col string) report.Share {
		s, _ := cell(id, row, col).Share()
		return s
	}
	count := func(k int, one, many string) string {
		if k == 1 {
			return fmt.Sprintf("%d %s", k, one)
		}
		return fmt.Sprintf("%d %s", k, many)
	}
	what, whats := "service", "services"
	if p.r.CareHomesOnly {
		what, whats = "care home", "care homes"
	}
	a := p.r.Authority.Name
	var wants []string

	// Activity: the ratings in force more than two and four years old, of
	// those rated; inspections that gave no rating; never rated.
	rated := n("ratings_by_service_type", "total", "all") - n("ratings_by_service_type", "not_rated", "all")
	two, four := n("inspection_activity", "rating_over_2_years_old", "all"), n("inspection_activity", "rating_over_4_years_old", "all")
	if two == 0 || four == 0 {
		t.Fatalf("ratings over two years old %d, four %d: the sentence checked needs both", two, four)
	}
	wants = append(wants, fmt.Sprintf("Of the %s rated, %d hold a rating published more than two years before %s, %d of them more than four years before.",
		count(rated, what, whats), two, p.r.Opts.AsAt.Long(), four))
	if nr := n("inspection_activity", "never_rated", "all"); nr > 0 {
		wants = append(wants, fmt.Sprintf("%s %s never been rated.", count(nr, what, whats), map[bool]string{true: "has", false: "have"}[nr == 1]))
	}
	if tb := p.set.Find("inspection_activity"); tb.Row("inspected_not_rated") != nil {
		k, both := n("inspection_activity", "inspected_not_rated", "all"), n("inspection_activity", "rated_and_inspected_not_rated", "all")
		wants = append(wants, fmt.Sprintf("In the period %s were inspected without a new rating being given (a report of \"Inspected but not rated\"); %d of them also had a report that rated them",
			count(k, what, whats), both))
	}

	// The rankings by service type: the authority's rank, joint or not,
	// of the authorities ranked.
	if !p.r.CareHomesOnly {
		var parts []string
		for _, r := range []struct{ id, what string }{{cqc.TRankingCareHomes, "care homes"}, {cqc.TRankingCommunity, "community-based services"}} {
			joint := ""
			if n(r.id, a, "rank_joint") == 1 {
				joint = "joint "
			}
			parts = append(parts, fmt.Sprintf("%s%s of %d for %s", joint, ordinalOf(n(r.id, a, "rank")), len(p.set.Find(r.id).Rows), r.what))
		}
		wants = append(wants, fmt.Sprintf("By type of service, %s is %s and %s, on the share rated Good or Outstanding.", a, parts[0], parts[1]))
	}

	// Key questions against the comparators, by the unrounded shares.
	within := p.r.Opts.SimilarWithin
	by := map[int][]string{}
	for _, q := range report.KeyQuestionNames {
		g := cqc.ShareGap(share(cqc.TKeyQuestionsCompar, q, "authority_good_or_better_pct"), share(cqc.TKeyQuestionsCompar, q, "comparators_good_or_better_pct"), within)
		by[g] = append(by[g], q)
	}
	var rel []string
	for _, g := range []struct {
		gap  int
		word string
	}{{1, "higher"}, {-1, "lower"}, {0, "similar"}} {
		if qs := by[g.gap]; len(qs) > 0 {
			rel = append(rel, g.word+" on "+report.JoinAnd(qs))
		}
	}
	wants = append(wants, fmt.Sprintf("Against its comparator authorities, the share of %s in %s rated Good or Outstanding is %s (by the shares of the services rated on each key question).",
		whats, a, report.JoinAnd(rel)))

	// The commissioned services' share now against the previous date.
	if p.set.Find(cqc.TCommissionedByType) != nil {
		now, then := share(cqc.TCommissionedByType, "all", "good_or_better_pct"), share(cqc.TCommissionedByType, "all", "previous_good_or_better_pct")
		moved := map[int]string{1: "has risen", -1: "has fallen", 0: "is little changed"}[cqc.ShareGap(now, then, within)]
		wants = append(wants, fmt.Sprintf("That share %s since %s, when it was %s.", moved, p.r.Prev.AsAt.Long(), then))
	}

	// The care homes in both groups (the quality account's).
	if strings.Contains(p.name, "quality-account") {
		both := n(cqc.TGroups, "both_groups_care_homes", "total")
		if both < 2 {
			t.Fatalf("%d care homes in both groups: the sentence checked needs more", both)
		}
		wants = append(wants, fmt.Sprintf("A care home can be registered for both older people and working age adults: %d of the %d care homes in %s are registered for both, and so counted in both tables.",
			both, n(cqc.TBeds, "authority", "care_homes"), a))
	}

	// The appendix: the services named below Good, and those whose Good
	// or Outstanding rating fell.
	below, fell := 0, 0
	for _, row := range p.set.Find(cqc.TNamed).Rows {
		switch rt, _ := report.RatingByID(row[4].Text); rt {
		case report.Inadequate, report.RequiresImprovement:
			below++
		case report.Good, report.Outstanding:
			fell++
		default:
			t.Fatalf("a service named with the rating %q", row[4].Text)
		}
	}
	note := fmt.Sprintf("The appendix names the %s rated Inadequate or Requires Improvement", count(below, what, whats))
	if fell > 0 {
		note += fmt.Sprintf(", and the %s rated Good or Outstanding whose rating has fallen since %s", count(fell, what, whats), p.r.Prev.AsAt.Long())
	}
	return append(wants, note+", with the key questions each was rated below Good on.")
}
