package pipeline

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// The sentences' figures against the JSON tables: each sentence of the
// Devon paper is matched by a pattern whose groups are its figures, and
// each figure must be the cell of the JSON table that holds it (the
// sentences read them from the declared tables, report/cqc/read_facts.go),
// so a sentence that reads the wrong row, column or area fails here.

// figure is where a sentence's figure is in the JSON: a table's cell, or
// the sum of cells (the key question's Requires Improvement and
// Inadequate).
type figure struct {
	table string
	cells [][2]string // row, column
}

func at(table, row, col string) figure { return figure{table, [][2]string{{row, col}}} }

// sentenceFigures is one sentence: its patterns (the forms it can
// take; the first that matches is read), and for each group the cell it
// prints.
type sentenceFigures struct {
	name     string
	patterns []string
	figures  []figure
}

func sentence(name, pattern string, fs ...figure) sentenceFigures {
	return sentenceFigures{name, []string{pattern}, fs}
}

// factsPaper is Devon's scrutiny paper on the real records with the
// sentences checked here placed in the commentary (each is there whatever
// the style places).
func factsPaper(t *testing.T, sentences ...string) cellPaper {
	t.Helper()
	rs := realSample(t)
	c := realConfig(t, rs, "scrutiny")
	p := filepath.Join(t.TempDir(), "commentary.md")
	var b strings.Builder
	for _, s := range sentences {
		b.WriteString("{{.S." + s + "}}\n\n")
	}
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	c.Report.Narrative = map[string]string{"commentary": p}
	return renderPaper(t, "Devon", c)
}

// sentenceFiguresEqualJSON finds each sentence in the paper and compares its
// figures with the JSON cells.
func sentenceFiguresEqualJSON(t *testing.T, paper cellPaper, cases []sentenceFigures) {
	t.Helper()
	flat := strings.Join(strings.Fields(paper.md), " ")
	for _, c := range cases {
		var m []string
		for _, p := range c.patterns {
			if m = regexp.MustCompile(p).FindStringSubmatch(flat); m != nil {
				break
			}
		}
		if m == nil {
			t.Errorf("%s: the paper has no sentence matching %q", c.name, c.patterns)
			continue
		}
		if len(m)-1 != len(c.figures) {
			t.Fatalf("%s: the pattern has %d groups for %d figures", c.name, len(m)-1, len(c.figures))
		}
		for i, f := range c.figures {
			want := jsonFigure(t, paper, f)
			if got := strings.ReplaceAll(m[i+1], ",", ""); got != want {
				t.Errorf("%s: figure %d is %s, but the JSON's %s %v holds %s\n  in %q", c.name, i+1, got, f.table, f.cells, want, m[0])
			}
		}
	}
}

// jsonFigure is the figure as the JSON writes it.
func jsonFigure(t *testing.T, paper cellPaper, f figure) string {
	t.Helper()
	tab := paper.set.Find(f.table)
	if tab == nil {
		t.Fatalf("the JSON has no table %s", f.table)
	}
	if len(f.cells) == 1 {
		c, ok := tab.Cell(f.cells[0][0], f.cells[0][1])
		if !ok || !c.IsNum {
			t.Fatalf("the JSON's %s has no figure at %v", f.table, f.cells[0])
		}
		return c.String()
	}
	sum := 0
	for _, rc := range f.cells {
		c, ok := tab.Cell(rc[0], rc[1])
		if !ok || !c.IsNum || c.Dec != 0 {
			t.Fatalf("the JSON's %s has no count at %v", f.table, rc)
		}
		sum += int(c.Num)
	}
	return strconv.Itoa(sum)
}

// englandColumns is the prefix of the figures beyond the comparators in
// paper's JSON: england_, or all_areas_ for the authorities in the data.
func englandColumns(t *testing.T, paper cellPaper) string {
	t.Helper()
	if _, ok := paper.set.Find("comparison").Cell("good_or_better", "england_care_home_pct"); ok {
		return "england_"
	}
	if _, ok := paper.set.Find("comparison").Cell("good_or_better", "all_areas_care_home_pct"); ok {
		return "all_areas_"
	}
	t.Fatal("the comparison has no figures beyond the comparators")
	return ""
}

// distinct fails the test when the cells it names do not all differ: a
// figure read from the wrong one of them would then go unseen.
func distinct(t *testing.T, paper cellPaper, fs ...figure) {
	t.Helper()
	seen := map[string]figure{}
	for _, f := range fs {
		v := jsonFigure(t, paper, f)
		if g, ok := seen[v]; ok {
			t.Fatalf("the data cannot tell %s %v from %s %v (both %s): the test needs other figures", f.table, f.cells, g.table, g.cells, v)
		}
		seen[v] = f
	}
}

const pctRE = `(\d+(?:\.\d)?)%`

// The headline sentence (the share rated Good or Outstanding against the
// comparators and England) prints the comparison table's good_or_better
// cells of each area.
func TestHeadlineSentenceFromJSON(t *testing.T) {
	paper := factsPaper(t, "headline")
	if !paper.r.CareHomesOnly {
		t.Fatal("the pattern below is for the care-homes-only Devon records")
	}
	eng := englandColumns(t, paper)
	gob := func(col string) figure { return at("comparison", "good_or_better", col) }
	// The areas' shares differ, and differ from the other rows', so a
	// figure read from another area or row shows.
	distinct(t, paper, gob("authority_care_home_pct"), gob("comparators_care_home_pct"), gob(eng+"care_home_pct"),
		at("comparison", "good", "authority_care_home_pct"), at("comparison", "outstanding", "authority_care_home_pct"))
	rel := `(?:higher than|lower than|similar to)`
	sentenceFiguresEqualJSON(t, paper, []sentenceFigures{
		sentence("headline", pctRE+` of care homes in Devon are rated Good or Outstanding, `+rel+` its comparator authorities \(`+pctRE+`\) and `+rel+` (?:England|the \d+ authorities in the data) \(`+pctRE+`\)\.`,
			gob("authority_care_home_pct"), gob("comparators_care_home_pct"), gob(eng+"care_home_pct")),
		// The same share, as the ratings table gives it.
		sentence("headline (ratings table)", pctRE+` of care homes in Devon are rated Good or Outstanding,`,
			at("ratings_by_service_type", "good_or_better", "care_home_pct")),
	})
	// The share of the care homes rated. On the whole sample Devon's 281
	// of 322 (87.3%) is higher than its comparators' 335 of 402 (83.3%),
	// but 281 of 319 rated (88.1%) is similar to 335 of 390 (85.9%), so
	// the sentence is there, naming the comparators (against England both
	// are similar). On the subset (Plymouth and Torbay) both are higher
	// and 1% not rated against 3% is no gap: no sentence.
	if !realSample(t).full {
		if strings.Contains(paper.md, "Counting only") {
			t.Errorf("the subset's paper has the rated-share sentence: %q", paper.md)
		}
		return
	}
	rated := func(col string) figure { return at("comparison", cqc.RatedGoodOrBetterRow, col) }
	nr := func(col string) figure { return at("comparison", "not_rated", col) }
	distinct(t, paper, rated("authority_all_pct"), rated("comparators_all_pct"), gob("authority_all_pct"), gob("comparators_all_pct"))
	distinct(t, paper, nr("authority_all_pct"), nr("comparators_all_pct"))
	sentenceFiguresEqualJSON(t, paper, []sentenceFigures{
		sentence("rated share", `Counting only the care homes CQC has rated, `+pctRE+` are Good or Outstanding, similar to its comparator authorities \(`+pctRE+`\): `+
			pctRE+` of care homes in Devon are not yet rated, against `+pctRE+` in its comparator authorities\.`,
			rated("authority_all_pct"), rated("comparators_all_pct"), nr("authority_all_pct"), nr("comparators_all_pct")),
	})
}

// The rated-share sentence of the comparison paragraph prints, type by
// type as the headline and the printed table do, the comparison table's
// rated_good_or_better and not_rated cells of care homes and of
// community-based services (with these comparators both types are
// named): a reader of the share of all services, of the other type or of
// the good_or_better row fails.
func TestRatedShareSentenceFromJSON(t *testing.T) {
	paper := ratedSharePaper(t)
	eng := englandColumns(t, paper)
	rated := func(col string) figure { return at("comparison", cqc.RatedGoodOrBetterRow, col) }
	gob := func(col string) figure { return at("comparison", "good_or_better", col) }
	nr := func(col string) figure { return at("comparison", "not_rated", col) }
	for _, p := range []string{"authority_", "comparators_"} {
		// Each figure against those a wrong reader would print: of all
		// services, of the other type, of the good_or_better row.
		for _, svc := range []string{"care_home_pct", "community_pct"} {
			distinct(t, paper, rated(p+svc), rated(p+"all_pct"))
			distinct(t, paper, rated(p+svc), gob(p+svc))
		}
		distinct(t, paper, rated(p+"care_home_pct"), rated(p+"community_pct"))
	}
	distinct(t, paper, rated(eng+"care_home_pct"), gob(eng+"care_home_pct"))
	distinct(t, paper, nr("authority_all_pct"), nr("authority_care_home_pct"), nr("authority_community_pct"))
	distinct(t, paper, nr("comparators_care_home_pct"), nr("comparators_community_pct"))
	sentenceFiguresEqualJSON(t, paper, []sentenceFigures{
		sentence("rated share", ratedSharePattern,
			rated("authority_care_home_pct"), rated("comparators_care_home_pct"), rated(eng+"care_home_pct"),
			rated("authority_community_pct"), rated("comparators_community_pct"),
			nr("authority_care_home_pct"), nr("comparators_care_home_pct"), nr(eng+"care_home_pct"),
			nr("authority_community_pct"), nr("comparators_community_pct")),
	})
}

// ratedSharePaper is the sample's Northvale against Eastmoor and
// Southdown, whose rated-share sentence names both service types.
func ratedSharePaper(t *testing.T) cellPaper {
	t.Helper()
	c := loadConfig(t, filepath.Join("..", "..", "config", "example.yaml"))
	c.Authority = "Northvale"
	c.Comparators.Authorities = []string{"Eastmoor", "Southdown"}
	c.Data.Commissioned = ""
	c.Report.Narrative = nil
	return renderPaper(t, "Northvale", c)
}

// ratedSharePattern is ratedSharePaper's rated-share sentence: the care
// homes' rated share in Northvale, its comparators and the authorities in
// the data, the community-based services' in Northvale and its
// comparators; then the shares not yet rated in the same order.
const ratedSharePattern = `Counting only the services CQC has rated, ` + pctRE + ` of care homes are Good or Outstanding, ` + relRE + ` its comparator authorities \(` + pctRE +
	`\) and ` + relRE + ` the 6 authorities in the data \(` + pctRE + `\), and ` + pctRE + ` of community-based services, ` + relRE + ` its comparator authorities \(` + pctRE + `\): ` +
	pctRE + ` of care homes in Northvale are not yet rated, against ` + pctRE + ` in its comparator authorities and ` + pctRE + ` in the 6 authorities in the data, and ` +
	pctRE + ` of community-based services are not yet rated, against ` + pctRE + ` in its comparator authorities\.`

const relRE = `(?:similar to|higher than|lower than)`

// Every figure of the rated-share sentence is printed in the paper's
// comparison table, in the row and column of what it says (the rule of
// the paper: no sentence says more than its tables show); and a paper
// whose comparison paragraph has no such sentence leaves the row out.
// Northvale's sentence names both service types; Devon's data is of care
// homes only, its table one column per area.
func TestRatedShareSentenceInTable(t *testing.T) {
	const ratedRow, nrRow = "Good or Outstanding, of those rated", "Not yet rated"
	nv := ratedSharePaper(t)
	checkSentenceInTable(t, nv, ratedSharePattern, []tableCell{
		{ratedRow, "Northvale: care homes"}, {ratedRow, "Comparator authorities: care homes"}, {ratedRow, "All 6 authorities: care homes"},
		{ratedRow, "Northvale: community"}, {ratedRow, "Comparator authorities: community"},
		{nrRow, "Northvale: care homes"}, {nrRow, "Comparator authorities: care homes"}, {nrRow, "All 6 authorities: care homes"},
		{nrRow, "Northvale: community"}, {nrRow, "Comparator authorities: community"},
	})

	devon := factsPaper(t, "comparison")
	if !devon.r.CareHomesOnly {
		t.Fatal("the Devon records are of care homes only")
	}
	pattern := `Counting only the care homes CQC has rated, ` + pctRE + ` are Good or Outstanding, ` + relRE + ` its comparator authorities \(` + pctRE + `\): ` +
		pctRE + ` of care homes in Devon are not yet rated, against ` + pctRE + ` in its comparator authorities\.`
	checkSentenceInTable(t, devon, pattern, []tableCell{{ratedRow, "Devon"}, {ratedRow, "Comparator authorities"}, {nrRow, "Devon"}, {nrRow, "Comparator authorities"}})

	// The sample's Midshire: no rated-share sentence, no row.
	mid := samplePaper(t, "example.yaml")
	if strings.Contains(mid.md, "Counting only") {
		t.Fatal("the sample's Midshire paper now has a rated-share sentence: find a paper without one")
	}
	if tb := comparisonTable(t, mid); slices.ContainsFunc(tb, func(r []string) bool { return r[0] == ratedRow }) {
		t.Errorf("%s: the comparison table shows %q though no sentence gives it", mid.name, ratedRow)
	}
}

// checkSentenceInTable finds the sentence matching pattern in paper and
// holds each of its figures (the pattern's groups, in order) to the
// comparison table's cell at cells[i], found by row label and heading.
func checkSentenceInTable(t *testing.T, paper cellPaper, pattern string, cells []tableCell) {
	t.Helper()
	flat := strings.Join(strings.Fields(paper.md), " ")
	m := regexp.MustCompile(pattern).FindStringSubmatch(flat)
	if m == nil {
		t.Errorf("%s: no sentence matches %q", paper.name, pattern)
		return
	}
	if len(m)-1 != len(cells) {
		t.Fatalf("%s: the pattern has %d groups for %d cells", paper.name, len(m)-1, len(cells))
	}
	tb := comparisonTable(t, paper)
	for i, c := range cells {
		col := slices.Index(tb[0], c.heading)
		ri := slices.IndexFunc(tb, func(r []string) bool { return r[0] == c.row })
		if col < 0 || ri < 0 {
			t.Errorf("%s: the comparison table has no row %q or no column %q (headings %q): the sentence's figure %s%% is not printed",
				paper.name, c.row, c.heading, tb[0], m[i+1])
			continue
		}
		if got := tb[ri][col]; got != m[i+1]+"%" {
			t.Errorf("%s: the sentence says %s%%, the table's %q, %q prints %q\n  in %q", paper.name, m[i+1], c.row, c.heading, got, m[0])
		}
	}
}

// tableCell is a printed table's cell, by its row's label and its
// column's heading.
type tableCell struct{ row, heading string }

// comparisonTable is the printed comparison table of paper, heading row
// first.
func comparisonTable(t *testing.T, paper cellPaper) [][]string {
	t.Helper()
	for caption, rows := range mdTables(paper.md) {
		if strings.HasPrefix(caption, "Percentage of ") && strings.Contains(caption, " by rating in ") && len(rows) > 1 {
			return rows
		}
	}
	t.Fatalf("%s: no comparison table", paper.name)
	return nil
}

// The comparison of both ends of the scale prints the comparison table's
// Outstanding and Inadequate cells of the authority and its comparators,
// and the authority's count of Inadequate care homes.
func TestComparisonSentencesFromJSON(t *testing.T) {
	paper := factsPaper(t, "outstanding")
	cmp := func(row, col string) figure { return at("comparison", row, col) }
	distinct(t, paper, cmp("outstanding", "authority_care_home_pct"), cmp("outstanding", "comparators_care_home_pct"),
		cmp("good", "authority_care_home_pct"))
	distinct(t, paper, cmp("inadequate", "authority_care_home_pct"), cmp("requires_improvement", "authority_care_home_pct"))
	sentenceFiguresEqualJSON(t, paper, []sentenceFigures{
		sentence("outstanding", `The share of care homes rated Outstanding (?:is higher in Devon than|is lower in Devon than|in Devon is similar to that) in its comparator authorities \(`+pctRE+` against `+pctRE+`\)\.`,
			cmp("outstanding", "authority_care_home_pct"), cmp("outstanding", "comparators_care_home_pct")),
		{"inadequate", []string{
			pctRE + ` of care homes in Devon are rated Inadequate, against ` + pctRE + ` in its comparator authorities\.`,
			`The share of care homes rated Inadequate is (?:higher|lower) in Devon than in its comparator authorities \(` + pctRE + ` against ` + pctRE + `\)\.`,
		}, []figure{cmp("inadequate", "authority_care_home_pct"), cmp("inadequate", "comparators_care_home_pct")}},
		sentence("inadequate count", `Devon has ([\d,]+) of the [\d,]+ care homes rated Inadequate in the`,
			at("ratings_by_service_type", "inadequate", "care_home")),
	})
}

// The other sentences of the paper's figures: the services and their
// ratings, beds, the period's ratings, the year-on-year change and
// England's, key questions, movements and the groups by age, each
// figure the JSON cell that holds it.
func TestFactSentencesFromJSON(t *testing.T) {
	paper := factsPaper(t, "services", "rated", "beds", "inspections", "year_on_year", "england_change", "key_questions",
		"movements", "older_people", "working_age")
	if !paper.r.CareHomesOnly {
		t.Fatal("the patterns below are for the care-homes-only Devon records")
	}
	eng := englandColumns(t, paper)
	n := `([\d,]+)`
	rt := func(row, col string) figure { return at("ratings_by_service_type", row, col) }
	yoy := func(col string) figure { return at("year_on_year", "good_or_better", col) }
	mv := func(row string) figure { return at("movements", row, "all") }
	group := func(id string) []figure {
		var fs []figure
		for _, col := range []string{"total", "outstanding", "good", "requires_improvement", "inadequate", "not_rated"} {
			fs = append(fs, at("service_user_groups", id, col))
		}
		return fs
	}
	groupSentence := func(what string) []string {
		return []string{`There are ` + n + ` care homes for ` + what + ` in Devon: ` + n + ` rated Outstanding, ` + n + ` Good, ` + n +
			` Requires Improvement and ` + n + ` Inadequate; ` + n + ` (?:is|are) not yet rated\.`}
	}
	distinct(t, paper, yoy("previous_pct"), yoy("current_pct"))
	distinct(t, paper, yoy(eng+"current_pct"), yoy("current_pct"))
	distinct(t, paper, mv("declined"), mv("unchanged"))
	distinct(t, paper, group("older_people_care_homes")[1:]...)
	sentenceFiguresEqualJSON(t, paper, []sentenceFigures{
		sentence("services", `There are `+n+` care homes in Devon registered with the Care Quality Commission \(CQC\)`, rt("total", "care_home")),
		sentence("rated", `Of the `+n+` care homes, [\d,]+ have been rated by CQC and `+n+` ha(?:s|ve) not yet been rated\.`,
			rt("total", "all"), rt("not_rated", "all")),
		sentence("beds", `There are `+n+` care home beds registered in Devon: `+n+` in nursing homes and `+n+` in residential homes\.`,
			at("beds", "authority", "beds"), at("beds", "authority", "nursing_beds"), at("beds", "authority", "residential_beds")),
		sentence("inspections", `CQC published a rating for `+n+` care homes in Devon\.`, at("inspections_in_period", "total", "all")),
		{"year_on_year", []string{
			`The share of care homes rated Good or Outstanding is little changed \(` + pctRE + ` then, ` + pctRE + ` now\)`,
			`the share of care homes rated Good or Outstanding (?:rose|fell) from ` + pctRE + ` to ` + pctRE,
		}, []figure{yoy("previous_pct"), yoy("current_pct")}},
		sentence("england_change", `Across (?:England|the \d+ authorities in the data), the share of care homes rated Good or Outstanding (?:rose from|fell from|is little changed:) `+
			pctRE+` on \d+ \w+ \d+ (?:to|and) `+pctRE+` on`, yoy(eng+"previous_pct"), yoy(eng+"current_pct")),
		sentence("key question most often below Good", `Safe is the key question most often rated Requires Improvement or Inadequate \(`+n+` care homes\)`,
			figure{"key_questions", [][2]string{{"Safe", "requires_improvement"}, {"Safe", "inadequate"}}}),
		sentence("key question most often Good", `Caring is most often rated Good or Outstanding \(`+pctRE+` of the care homes rated on it\)`,
			at("key_questions", "Caring", "good_or_better_pct")),
		sentence("movements", `Of the `+n+` care homes rated both on [^,]+ and on [^,]+, `+n+` had a lower rating, `+n+` kept the same rating and `+n+` had a higher one\.`,
			figure{"movements", [][2]string{{"improved", "all"}, {"declined", "all"}, {"unchanged", "all"}}}, mv("declined"), mv("unchanged"), mv("improved")),
		sentence("re-registered beds", `re-registered under a new provider or at a new address \(the same care homes carrying on, with `+n+` beds\)`,
			at("movements", "re_registered", "care_home_beds")),
		{"older people", groupSentence("older people"), group("older_people_care_homes")},
		{"working age", groupSentence("working age adults"), group("working_age_care_homes")},
	})
}

// On the sample (care homes and community-based services, a commissioned
// list, England as the authorities in the data): the headline for each
// service type, the services and the period's ratings by type, and the
// commissioned services against the others.
func TestSampleSentencesFromJSON(t *testing.T) {
	paper := samplePaper(t, "example.yaml")
	if paper.r.CareHomesOnly || paper.r.Commissioned == nil {
		t.Fatal("the sample should hold community-based services and a commissioned list")
	}
	eng := englandColumns(t, paper)
	n := `([\d,]+)`
	rel := `(?:higher than|lower than|similar to)`
	gob := func(col string) figure { return at("comparison", "good_or_better", col) }
	rt := func(row, col string) figure { return at("ratings_by_service_type", row, col) }
	headline := func(what string) string {
		return pctRE + ` of ` + what + ` in Midshire are rated Good or Outstanding, ` + rel + ` its comparator authorities \(` + pctRE + `\) and ` + rel +
			` (?:England|the \d+ authorities in the data) \(` + pctRE + `\)\.`
	}
	distinct(t, paper, gob("authority_care_home_pct"), gob("authority_community_pct"))
	distinct(t, paper, gob("authority_care_home_pct"), gob("comparators_care_home_pct"), gob(eng+"care_home_pct"))
	distinct(t, paper, at("commissioned", "good_or_better", "commissioned_pct"), at("commissioned", "good_or_better", "not_commissioned_pct"))
	distinct(t, paper, rt("total", "care_home"), rt("total", "community"))
	sentenceFiguresEqualJSON(t, paper, []sentenceFigures{
		sentence("headline, care homes", headline("care homes"),
			gob("authority_care_home_pct"), gob("comparators_care_home_pct"), gob(eng+"care_home_pct")),
		sentence("headline, community", headline("community-based services"),
			gob("authority_community_pct"), gob("comparators_community_pct"), gob(eng+"community_pct")),
		sentence("services", `There are `+n+` regulated adult social care services in Midshire registered with the Care Quality Commission \(CQC\): `+
			n+` care homes \([^)]*\) and `+n+` community-based`, rt("total", "all"), rt("total", "care_home"), rt("total", "community")),
		sentence("inspections", `CQC published a rating for `+n+` services in Midshire: `+n+` care homes and `+n+` community-based services\.`,
			at("inspections_in_period", "total", "all"), at("inspections_in_period", "total", "care_home"), at("inspections_in_period", "total", "community")),
		sentence("commissioned", `The council contracts with [\d,]+ of the `+n+` care homes and [\d,]+ of the `+n+` community-based services in Midshire\. `+
			pctRE+` of the services it commissions are rated Good or Outstanding, `+rel+` the services it does not commission \(`+pctRE+`\)\.`,
			rt("total", "care_home"), rt("total", "community"),
			at("commissioned", "good_or_better", "commissioned_pct"), at("commissioned", "good_or_better", "not_commissioned_pct")),
	})
}

// The figures a template prints on its own ({{.N.services}} and the
// rest) are the JSON's cells too.
func TestTemplateFiguresFromJSON(t *testing.T) {
	c := loadConfig(t, filepath.Join("..", "..", "config", "example.yaml"))
	p := filepath.Join(t.TempDir(), "commentary.md")
	text := "Fields: {{.N.services}} services, {{.N.care_homes}} care homes, {{.N.community}} community, {{.N.beds}} beds, " +
		"{{.N.rated}} rated, {{.N.not_rated}} not rated, {{.N.inspected}} inspected, {{.N.good_or_better}} Good or Outstanding.\n"
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c.Report.Narrative = map[string]string{"commentary": p}
	paper := renderPaper(t, "sample", c)
	rt, all := "ratings_by_service_type", "all"
	rated := figure{rt, [][2]string{{"outstanding", all}, {"good", all}, {"requires_improvement", all}, {"inadequate", all}}}
	fields := []figure{at(rt, "total", all), at("beds", "authority", "care_homes"), at(rt, "total", "community"), at("beds", "authority", "beds"),
		rated, at(rt, "not_rated", all), at("inspections_in_period", "total", all), at(rt, "good_or_better", "all_pct")}
	distinct(t, paper, fields...)
	sentenceFiguresEqualJSON(t, paper, []sentenceFigures{sentence("fields",
		`Fields: ([\d,]+) services, ([\d,]+) care homes, ([\d,]+) community, ([\d,]+) beds, ([\d,]+) rated, ([\d,]+) not rated, ([\d,]+) inspected, ([\d.]+)% Good or Outstanding\.`,
		fields...)})
}

// The trend's note on the services not yet rated prints the trend table's
// counts at its first and last dates. The sample, with the 2024 file as
// the trend's history: 12 of Midshire's 116 services not yet rated on 1
// November 2024 (10.3%), 5 of 117 on 1 November 2025 (4.3%); the share
// of all rose (95 of 116, 81.9%, to 105 of 117, 89.7%) but that of the
// rated changed little (95 of 104, 91.3%, to 105 of 112, 93.8%). Devon's
// trend has no note: its share not yet rated fell 3.3 points, but the
// share of the rated rose as that of all did (84.1% to 88.1%, 80.6% to
// 87.3%).
func TestTrendNoteFromJSON(t *testing.T) {
	c := loadConfig(t, filepath.Join("..", "..", "config", "example.yaml"))
	hist, err := filepath.Abs(filepath.Join("..", "..", "testdata", "sample", "01_November_2024_HSCA_Active_Locations.csv"))
	if err != nil {
		t.Fatal(err)
	}
	c.Data.History = []string{hist}
	c.Period.Trend = &config.Trend{From: config.Date{Date: report.MustDate("2024-11-01")}, Every: "quarter"}
	paper := renderPaper(t, "sample with a trend", c)
	first, last := "2024-11-01", "2025-11-01"
	cell := func(row, col string) figure { return at(cqc.TTrend, row, col) }
	distinct(t, paper, cell(first, "not_rated"), cell(last, "not_rated"), cell(first, "total"), cell(last, "total"))
	n := `([\d,]+)`
	sentenceFiguresEqualJSON(t, paper, []sentenceFigures{
		sentence("trend note", `The share of services in Midshire not yet rated fell over the period, from `+n+` of `+n+` to `+n+` of `+n+
			`; counting only the services rated, the share rated Good or Outstanding changed little\.`,
			cell(first, "not_rated"), cell(first, "total"), cell(last, "not_rated"), cell(last, "total")),
	})
	if devon := devonPaper(t, "scrutiny", true); strings.Contains(devon.md, "not yet rated fell over the period") {
		t.Error("Devon's trend has the note on the services not yet rated, though its share of the rated rose as that of all did")
	}
}

// report.similar_within reaches the sentences and the tables that
// follow them through the one threshold the result is computed with:
// the sample's care homes, 92% against its comparators' 88%, are higher
// by the default 3 points and similar within 10.
func TestSimilarWithinFromConfig(t *testing.T) {
	want := map[float64]string{3: "92% of care homes in Midshire are rated Good or Outstanding, higher than its comparator authorities (88%)",
		10: "92% of care homes in Midshire are rated Good or Outstanding, similar to its comparator authorities (88%)"}
	for _, w := range []float64{3, 10} {
		c := loadConfig(t, filepath.Join("..", "..", "config", "example.yaml"))
		c.Report.SimilarWithin = &w
		p := renderPaper(t, "sample", c)
		if flat := strings.Join(strings.Fields(p.md), " "); !strings.Contains(flat, want[w]) {
			t.Errorf("similar_within %g: the paper lacks %q", w, want[w])
		}
		if p.r.Opts.SimilarWithin != w {
			t.Errorf("similar_within %g: the result was computed with %g", w, p.r.Opts.SimilarWithin)
		}
	}
}
