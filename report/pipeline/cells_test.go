package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// The tests here tie the figures of the paper's tables, charts and
// sentences to the JSON tables cell by cell, each column found by its
// heading (or series name) and each row by its label, so that two
// columns or lines swapped, or a figure taken from the wrong row, fail a
// named test and not only a golden file.

// cellPaper is one paper the tests read: its Markdown, its JSON tables
// and the result they were made from.
type cellPaper struct {
	name string
	md   string
	set  *report.TableSet
	r    *cqc.Result
}

// renderPaper renders c as Markdown and returns it with its tables.
func renderPaper(t *testing.T, name string, c *config.Config) cellPaper {
	t.Helper()
	in, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(c, in, "")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Render(&Plan{Config: c, Result: r}, in, []string{"md"}, Run{Program: testProgram})
	if err != nil {
		t.Fatal(err)
	}
	var md string
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".md") {
			md = string(f.Data)
		}
	}
	if md == "" {
		t.Fatal("no Markdown paper")
	}
	return cellPaper{name, md, TableSet(r), r}
}

// devonPaper is Devon's paper of style on the real data, as at
// 2021-02-01 with the year before, and with a quarterly trend from
// 2019-02-01 when trend is set.
func devonPaper(t *testing.T, style string, trend bool) cellPaper {
	t.Helper()
	rs := realSample(t)
	c := realConfig(t, rs, style)
	name := "Devon " + style
	if trend {
		c.Period.Trend = &config.Trend{From: config.Date{Date: report.MustDate("2019-02-01")}, Every: "quarter"}
		name += " with a trend"
	}
	return renderPaper(t, name, c)
}

// samplePaper is the built-in sample's paper of the example config.
func samplePaper(t *testing.T, file string) cellPaper {
	t.Helper()
	return renderPaper(t, "sample "+file, loadConfig(t, filepath.Join("..", "..", "config", file)))
}

// checkCells checks every cell of a Markdown table (rows[0] is its
// heading) against JSON table tb: row labels map to JSON rows by row,
// headings to JSON columns by col (nil: the column is not a figure). It
// returns the number of cells checked.
func checkCells(t *testing.T, what string, rows [][]string, tb *report.Table, row func(label string) string, col func(heading string) (string, bool)) int {
	t.Helper()
	n := 0
	for _, cells := range rows[1:] {
		key := row(cells[0])
		if tb.Row(key) == nil {
			t.Errorf("%s: row %q (%s) is not in the JSON table %s", what, cells[0], key, tb.ID)
			continue
		}
		for ci := 1; ci < len(rows[0]); ci++ {
			id, ok := col(rows[0][ci])
			if !ok {
				t.Fatalf("%s: no JSON column for the heading %q", what, rows[0][ci])
			}
			want, ok := tb.Cell(key, id)
			if !ok {
				t.Fatalf("%s: JSON %s has no %s/%s", what, tb.ID, key, id)
			}
			got := numbers(cells[ci])
			switch {
			case want.IsNull() && len(got) == 0:
			case want.IsNum && len(got) == 1 && got[0] == want.Num:
			default:
				t.Errorf("%s, row %q, column %q: the paper prints %q, the JSON %s/%s is %v", what, cells[0], rows[0][ci], cells[ci], key, id, want)
			}
			n++
		}
	}
	return n
}

// ratingColumns maps a rating table's headings to JSON columns.
func ratingColumns(h string) (string, bool) {
	id, ok := map[string]string{"Outstanding": "outstanding", "Good": "good", "Requires Improvement": "requires_improvement",
		"Inadequate": "inadequate", "Not yet rated": "not_rated", "Total": "total"}[h]
	return id, ok
}

// The tables of services for older people and for working age adults
// equal service_user_groups, column by column by heading and row by row
// by label, for Devon and the sample (which has community services).
func TestGroupTablesEqualJSON(t *testing.T) {
	labels := map[string]map[string]string{
		"Services for older people, by rating": {
			"All care homes for older people": "older_people_care_homes", "Residential homes": "older_people_residential",
			"Nursing homes": "older_people_nursing", "Community services for older people": "older_people_community",
		},
		"Services for working age adults, by rating": {
			"All care homes for working age adults": "working_age_care_homes", "Residential homes": "working_age_residential",
			"Nursing homes": "working_age_nursing", "Learning disability": "working_age_learning_disability",
			"Mental health": "working_age_mental_health", "Physical or sensory impairment": "working_age_physical_sensory",
			"Community services for working age adults": "working_age_community",
		},
	}
	for _, p := range []cellPaper{devonPaper(t, "quality-account", false), samplePaper(t, "example-quality-account.yaml")} {
		t.Run(p.name, func(t *testing.T) {
			tb := p.set.Find("service_user_groups")
			if tb == nil {
				t.Fatal("no JSON table service_user_groups")
			}
			tables := mdTables(p.md)
			for caption, rowIDs := range labels {
				rows, ok := tables[caption]
				if !ok {
					t.Fatalf("the paper has no table %q", caption)
				}
				n := checkCells(t, caption, rows, tb, func(label string) string {
					if id, ok := rowIDs[label]; ok {
						return id
					}
					t.Fatalf("%s: unknown row %q", caption, label)
					return ""
				}, ratingColumns)
				// Every care home row of the JSON is in the paper.
				if want := 6 * (len(rowIDs) - 1); n < want {
					t.Errorf("%s: %d cells checked, want at least %d", caption, n, want)
				}
			}
		})
	}
}

// Each ranking table equals its JSON table (comparator_ranking, and by
// service type comparator_ranking_care_homes and _community), column by
// column by heading: the share on the earlier date, on the as-at date,
// the rank, the change and the rank for improvement.
func TestRankingTablesEqualJSON(t *testing.T) {
	for _, p := range []cellPaper{devonPaper(t, "quality-account", false), samplePaper(t, "example.yaml"), samplePaper(t, "example-quality-account.yaml")} {
		t.Run(p.name, func(t *testing.T) {
			if p.r.Prev == nil {
				t.Fatal("the paper has no earlier date: the test needs both columns")
			}
			prev, now := p.r.Prev.AsAt.Long(), p.r.Opts.AsAt.Long()
			cols := func(h string) (string, bool) {
				id, ok := map[string]string{prev: "previous_good_or_better_pct", now: "good_or_better_pct", "Rank": "rank",
					"Change (points)": "change_pts", "Rank for improvement": "improvement_rank"}[h]
				return id, ok
			}
			seen := map[string]bool{}
			for caption, rows := range mdTables(p.md) {
				what, ok := strings.CutSuffix(caption, " rated Good or Outstanding in the comparator group")
				if !ok {
					continue
				}
				id := rankingTable(what, p.r.CareHomesOnly)
				tb := p.set.Find(id)
				if id == "" || tb == nil {
					t.Fatalf("%q: no JSON table %q", caption, id)
				}
				if seen[id] {
					t.Errorf("%s is shown twice", id)
				}
				seen[id] = true
				if got := strings.Join(rows[0][1:3], " | "); got != prev+" | "+now {
					t.Errorf("%q: the share columns are %q, want the earlier date first", caption, got)
				}
				bold := ""
				n := checkCells(t, caption, rows, tb, func(label string) string {
					if name, ok := strings.CutPrefix(label, "**"); ok {
						label = strings.TrimSuffix(name, "**")
						bold = label
					}
					return label
				}, cols)
				// A joint rank is printed "3=", by the JSON's rank_joint
				// and improvement_rank_joint.
				for ci, h := range rows[0] {
					col := map[string]string{"Rank": "rank_joint", "Rank for improvement": "improvement_rank_joint"}[h]
					if col == "" {
						continue
					}
					for _, row := range rows[1:] {
						name := strings.TrimSuffix(strings.TrimPrefix(row[0], "**"), "**")
						c, ok := tb.Cell(name, col)
						if !ok {
							t.Fatalf("%q: JSON %s has no %s/%s", caption, id, name, col)
						}
						if joint := c.IsNum && c.Num == 1; strings.HasSuffix(row[ci], "=") != joint {
							t.Errorf("%q, row %q, column %q: the paper prints %q, the JSON's %s is %v", caption, row[0], h, row[ci], col, c)
						}
					}
				}
				if bold != p.r.Authority.Name {
					t.Errorf("%q: the row in bold is %q, want the authority %q", caption, bold, p.r.Authority.Name)
				}
				if len(rows)-1 != len(tb.Rows) || n != 5*len(tb.Rows) {
					t.Errorf("%q: %d rows and %d cells checked; the JSON has %d rows", caption, len(rows)-1, n, len(tb.Rows))
				}
			}
			for _, id := range []string{"comparator_ranking", "comparator_ranking_care_homes", "comparator_ranking_community"} {
				if p.r.CareHomesOnly && id == "comparator_ranking_care_homes" {
					continue // the same as comparator_ranking, shown once
				}
				if p.set.Find(id) != nil && !seen[id] {
					t.Errorf("the JSON has %s but the paper shows no table of it", id)
				}
			}
			if len(seen) == 0 {
				t.Fatal("no ranking table found")
			}
		})
	}
}

// chartBlock is a fenced chart of the Markdown: its keys and data rows.
type chartBlock struct {
	keys map[string]string
	rows [][]string
}

func chartBlocks(md string) []chartBlock {
	var out []chartBlock
	for _, part := range strings.Split(md, "```chart\n")[1:] {
		body, _, _ := strings.Cut(part, "```")
		b := chartBlock{keys: map[string]string{}}
		for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
			if k, v, ok := strings.Cut(line, ": "); ok && !strings.Contains(k, "|") && len(b.rows) == 0 {
				b.keys[k] = v
				continue
			}
			cells := strings.Split(line, "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			b.rows = append(b.rows, cells)
		}
		out = append(out, b)
	}
	return out
}

// Each ranking chart's bars equal its JSON ranking table cell by cell: a
// group of bars per row, in the table's order and labelled by its
// authority; the authority's group, and no other, highlighted; a bar per
// date, the earlier date first when there is one, holding the JSON's
// previous_good_or_better_pct and good_or_better_pct.
func TestRankingChartsEqualJSON(t *testing.T) {
	rs := realSample(t)
	c := realConfig(t, rs, "quality-account")
	c.Period.Previous = config.Date{}
	noPrev := renderPaper(t, "Devon with no earlier date", c)
	for _, p := range []cellPaper{devonPaper(t, "quality-account", false), samplePaper(t, "example.yaml"), noPrev} {
		t.Run(p.name, func(t *testing.T) {
			a := p.r.Authority.Name
			dates, cols := []string{p.r.Opts.AsAt.Long()}, []string{"good_or_better_pct"}
			if p.r.Prev != nil {
				dates, cols = append([]string{p.r.Prev.AsAt.Long()}, dates...), append([]string{"previous_good_or_better_pct"}, cols...)
			}
			seen := map[string]bool{}
			differ := false // a group whose bars differ, so swapped series would show
			for _, b := range chartBlocks(p.md) {
				_, title, _ := strings.Cut(b.keys["title"], ": ") // after "Figure 2: "
				what, ok := strings.CutSuffix(title, " rated Good or Outstanding: "+a+" and its comparator authorities")
				if !ok {
					continue
				}
				id := rankingTable(what, p.r.CareHomesOnly)
				tb := p.set.Find(id)
				if id == "" || tb == nil {
					t.Fatalf("chart %q: no JSON table %q", title, id)
				}
				if seen[id] {
					t.Errorf("%s is charted twice", id)
				}
				seen[id] = true
				if got, want := b.keys["series"], strings.Join(dates, " | "); got != want {
					t.Errorf("%q: the series are %q, want %q", title, got, want)
				}
				if got := b.keys["highlight"]; got != a {
					t.Errorf("%q: the highlighted bars are %q, want the authority %q", title, got, a)
				}
				if len(b.rows) != len(tb.Rows) {
					t.Errorf("%q: %d groups of bars, the JSON %s has %d rows", title, len(b.rows), id, len(tb.Rows))
				}
				for i, row := range b.rows {
					if i >= len(tb.Rows) {
						break
					}
					key := tb.Rows[i][0].Text
					if row[0] != key {
						t.Errorf("%q: group %d is %q, the JSON's row %d is %q", title, i+1, row[0], i+1, key)
						continue
					}
					if len(row) != 1+len(cols) {
						t.Fatalf("%q, %s: %d bars for %d dates", title, key, len(row)-1, len(cols))
					}
					for k, col := range cols {
						want, ok := tb.Cell(key, col)
						if !ok {
							t.Fatalf("JSON %s has no %s/%s", id, key, col)
						}
						if got := row[1+k]; !(want.IsNull() && got == "-" || want.IsNum && got == want.String()) {
							t.Errorf("%q, %s, bar %q: the chart has %s, the JSON %s is %v", title, key, dates[k], got, col, want)
						}
					}
					differ = differ || len(row) > 2 && row[1] != row[2]
				}
			}
			for _, id := range []string{"comparator_ranking", "comparator_ranking_care_homes", "comparator_ranking_community"} {
				if p.r.CareHomesOnly && id == "comparator_ranking_care_homes" {
					continue // the same as comparator_ranking, charted once
				}
				if p.set.Find(id) != nil && !seen[id] {
					t.Errorf("the JSON has %s but the paper charts none of it", id)
				}
			}
			if len(seen) == 0 {
				t.Fatal("no ranking chart found")
			}
			if p.r.Prev != nil && !differ {
				t.Error("every authority's bars are equal at both dates: the test cannot tell them apart")
			}
		})
	}
}

// The trend chart's lines equal the trend table's JSON columns, each found
// by its series name: the authority's good_or_better_pct, the
// comparators' and England's (or all authorities in the data) at every
// date.
func TestTrendChartEqualsJSON(t *testing.T) {
	p := devonPaper(t, "scrutiny", true)
	tb := p.set.Find(cqc.TTrend)
	if tb == nil {
		t.Fatal("no JSON trend table")
	}
	var trend *chartBlock
	for _, b := range chartBlocks(p.md) {
		if b.keys["type"] == "line" && strings.Contains(b.keys["title"], "over time") {
			if trend != nil {
				t.Fatal("two trend charts")
			}
			trend = &b
		}
	}
	if trend == nil {
		t.Fatal("the paper has no trend chart")
	}
	series := strings.Split(trend.keys["series"], " | ")
	var cols []string
	for _, s := range series {
		switch {
		case s == p.r.Authority.Name:
			cols = append(cols, "good_or_better_pct")
		case s == "Comparator authorities":
			cols = append(cols, "comparators_good_or_better_pct")
		case s == "England":
			cols = append(cols, "england_good_or_better_pct")
		case strings.HasPrefix(s, "All ") || s == "The one authority in the data":
			cols = append(cols, "all_areas_good_or_better_pct") // not England: the authorities in the data
		default:
			t.Fatalf("a trend line %q that is no area", s)
		}
	}
	distinct := map[string]bool{}
	for _, c := range cols {
		distinct[c] = true
	}
	if len(cols) != 3 || len(distinct) != 3 {
		t.Fatalf("the trend chart has the lines %q; Devon's data gives the authority, its comparators and all authorities, a line each", series)
	}
	if len(trend.rows) != len(tb.Rows) {
		t.Errorf("the chart has %d dates, the JSON %d", len(trend.rows), len(tb.Rows))
	}
	differ := 0 // dates at which the lines are not all the same
	for _, row := range trend.rows {
		d, err := time.Parse("2 Jan 2006", row[0])
		if err != nil {
			t.Fatalf("a trend row labelled %q: %v", row[0], err)
		}
		key := d.Format("2006-01-02")
		if len(row) != 1+len(cols) {
			t.Fatalf("trend row %q has %d values for %d lines", row[0], len(row)-1, len(cols))
		}
		for i, col := range cols {
			want, ok := tb.Cell(key, col)
			if !ok {
				t.Fatalf("JSON trend has no %s/%s", key, col)
			}
			got := row[1+i]
			if want.IsNull() && got == "-" || want.IsNum && got == want.String() {
				continue
			}
			t.Errorf("%s, line %q: the chart has %s, the JSON %s is %v", row[0], series[i], got, col, want)
		}
		if row[1] != row[2] || row[1] != row[3] {
			differ++
		}
	}
	if differ == 0 {
		t.Error("the lines are equal at every date: the test cannot tell them apart")
	}
}

// The sentences on Inadequate ratings take their counts from the right
// rows: {{.S.inadequate}} (now, against the earlier date) and the
// year-on-year sentence's clauses on Inadequate and Requires Improvement,
// each rebuilt from the cells of year_on_year.
func TestInadequateSentenceFromJSON(t *testing.T) {
	rs := realSample(t)
	c := realConfig(t, rs, "scrutiny")
	p := filepath.Join(t.TempDir(), "commentary.md")
	if err := os.WriteFile(p, []byte("{{.S.inadequate}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.Report.Narrative = map[string]string{"commentary": p}
	paper := renderPaper(t, "Devon", c)
	yoy := paper.set.Find("year_on_year")
	num := func(row, col string) int {
		cell, ok := yoy.Cell(row, col)
		if !ok || !cell.IsNum {
			t.Fatalf("year_on_year has no %s/%s", row, col)
		}
		return int(cell.Num)
	}
	then, now := num("inadequate", "previous"), num("inadequate", "current")
	if then == num("requires_improvement", "previous") || now == num("requires_improvement", "current") || then == now {
		t.Fatal("the data cannot tell the rows apart: the test needs other figures")
	}
	homes := "services"
	if paper.r.CareHomesOnly {
		homes = "care homes"
	}
	flat := strings.Join(strings.Fields(paper.md), " ")
	moved := func(b, a int) string {
		if a > b {
			return fmt.Sprintf("rose from %d to %d", b, a)
		}
		return fmt.Sprintf("fell from %d to %d", b, a)
	}
	wants := []string{
		fmt.Sprintf("There are currently %d %s rated Inadequate, against %d on %s.", now, homes, then, paper.r.Prev.AsAt.Long()),
		"the number rated Inadequate " + moved(then, now),
	}
	if b, a := num("requires_improvement", "previous"), num("requires_improvement", "current"); a != b {
		wants = append(wants, "the number rated Requires Improvement "+moved(b, a))
	}
	for _, w := range wants {
		if !strings.Contains(flat, w) {
			t.Errorf("the paper lacks %q", w)
		}
	}
}

// rankingTable is the JSON table of the ranking whose caption or chart
// title starts with what ("Care homes"): the ranking of all services is
// the care homes' when the data holds care homes only. "" for none.
func rankingTable(what string, careOnly bool) string {
	if careOnly && what == "Care homes" {
		return "comparator_ranking"
	}
	return map[string]string{"Services": "comparator_ranking", "Care homes": "comparator_ranking_care_homes",
		"Community-based services": "comparator_ranking_community"}[what]
}
