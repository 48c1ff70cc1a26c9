package pipeline

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
)

var update = flag.Bool("update", false, "rewrite the golden papers in testdata/golden")

// render runs the whole pipeline for a config and returns its files by name.
func renderConfig(t *testing.T, c *config.Config, formats ...string) map[string][]byte {
	t.Helper()
	in, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(c, in, "")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Render(c, in, r, formats)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Name] = f.Data
	}
	return out
}

func loadConfig(t *testing.T, path string) *config.Config {
	t.Helper()
	c, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestGoldenPapers pins the Markdown and HTML of both styles on the
// built-in sample. Rewrite with: go test ./report/pipeline -update
func TestGoldenPapers(t *testing.T) {
	for _, style := range []string{"scrutiny", "quality-account"} {
		t.Run(style, func(t *testing.T) {
			cfgPath := "../../config/example.yaml"
			if style == "quality-account" {
				cfgPath = "../../config/example-quality-account.yaml"
			}
			files := renderConfig(t, loadConfig(t, cfgPath), "md", "html")
			for _, ext := range []string{"md", "html"} {
				got := files["midshire."+ext]
				golden := filepath.Join("..", "..", "testdata", "golden", style+"."+ext)
				if *update {
					os.MkdirAll(filepath.Dir(golden), 0o755)
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./report/pipeline -update)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from %s; if the change is meant, rerun with -update and review the diff\n%s",
						"midshire."+ext, golden, firstDiff(string(want), string(got)))
				}
			}
		})
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n want %q\n  got %q", i+1, x, y)
		}
	}
	return ""
}

// mdTables parses the pipe tables of a Markdown document, keyed by the
// caption text after "Table N: ".
func mdTables(md string) map[string][][]string {
	out := map[string][][]string{}
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "Table: ") {
			continue
		}
		caption := regexp.MustCompile(`^Table: Table \d+: `).ReplaceAllString(lines[i], "")
		var rows [][]string
		for j := i + 2; j < len(lines) && strings.HasPrefix(lines[j], "|"); j++ {
			if strings.HasPrefix(lines[j], "| ---") {
				continue
			}
			cells := strings.Split(strings.Trim(lines[j], "|"), " | ")
			for k := range cells {
				cells[k] = strings.TrimSpace(cells[k])
			}
			rows = append(rows, cells)
		}
		out[caption] = rows
	}
	return out
}

var numRe = regexp.MustCompile(`-?[0-9][0-9,]*(?:\.[0-9]+)?`)

// numbers reads the figures of a cell in order: "143 (78%)" -> 143, 78;
// "↓16" -> -16; "–" -> none.
func numbers(cell string) []float64 {
	var out []float64
	neg := strings.Contains(cell, "↓")
	for _, m := range numRe.FindAllString(cell, -1) {
		v, _ := strconv.ParseFloat(strings.ReplaceAll(m, ",", ""), 64)
		if neg {
			v = -v
		}
		out = append(out, v)
	}
	return out
}

// layout says which JSON table and columns a document table shows, in
// the order its figures appear in a row.
type layout struct {
	caption string // prefix of the caption
	table   string
	cols    []string
}

var layouts = []layout{
	{"Current CQC ratings", "ratings_by_service_type", []string{"all", "all_pct", "care_home", "care_home_pct", "community", "community_pct"}},
	{"Percentage of services by rating", "comparison", []string{"authority_care_home_pct", "authority_community_pct", "comparators_care_home_pct", "comparators_community_pct", "england_care_home_pct", "england_community_pct"}},
	{"Ratings published from", "inspections_in_period", []string{"all", "all_pct", "care_home", "care_home_pct", "community", "community_pct"}},
	{"Ratings in Devon on", "year_on_year", []string{"previous", "previous_pct", "current", "current_pct", "change"}},
	{"Ratings in England on", "year_on_year", []string{"england_previous", "england_previous_pct", "england_current", "england_current_pct", "england_change"}},
	{"Key question ratings", "key_questions", []string{"outstanding", "good", "good_or_better_pct", "requires_improvement", "inadequate", "total"}},
	{"How ratings changed", "movements", []string{"care_home", "community", "all"}},
	{"Care homes and beds", "beds", []string{"care_homes", "beds", "nursing_beds", "residential_beds"}},
}

var rowKeys = map[string]string{
	"Outstanding": "outstanding", "Good": "good", "Requires Improvement": "requires_improvement",
	"Inadequate": "inadequate", "Not yet rated": "not_rated", "Total": "total",
	"Safe": "Safe", "Effective": "Effective", "Caring": "Caring", "Responsive": "Responsive", "Well-led": "Well-led",
	"Rating went up": "improved", "Rating went down": "declined", "Rating stayed the same": "unchanged",
	"Rated for the first time": "first_rated", "Newly registered": "new", "Closed": "closed",
	"Not rated at either date": "still_not_rated", "Rated before, not now": "no_longer_rated",
	"Devon": "authority", "Comparator authorities (average)": "comparators", "England (average per authority)": "england",
}

// TestDocumentFiguresEqualJSON generates both styles for Devon on the
// real CQC sample and checks that every figure in the document's tables,
// and the figures of the headline sentences, equal the JSON tables'.
func TestDocumentFiguresEqualJSON(t *testing.T) {
	api := sampleFile(t)
	for _, style := range []string{"scrutiny", "quality-account"} {
		t.Run(style, func(t *testing.T) {
			c := config.Default()
			c.Path = "devon.yaml"
			c.Authority = "Devon"
			c.Comparators.Authorities = []string{"Somerset", "Plymouth", "Torbay"}
			c.Period.AsAt.Date = report.MustDate("2021-02-01")
			c.Period.Previous.Date = report.MustDate("2020-02-01")
			c.Data.API = api
			c.Report.Style = style
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			in, err := Load(&c)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Compute(&c, in, "")
			if err != nil {
				t.Fatal(err)
			}
			files, err := Render(&c, in, r, []string{"md", "json"})
			if err != nil {
				t.Fatal(err)
			}
			var md string
			for _, f := range files {
				if f.Name == "devon.md" {
					md = string(f.Data)
				}
			}
			set := TableSet(r)
			checked := 0
			for caption, rows := range mdTables(md) {
				var lay *layout
				for i := range layouts {
					if strings.HasPrefix(caption, layouts[i].caption) {
						lay = &layouts[i]
					}
				}
				if lay == nil {
					continue
				}
				tb := set.Find(lay.table)
				if tb == nil {
					t.Fatalf("%q: no JSON table %s", caption, lay.table)
				}
				for _, row := range rows[1:] {
					key, ok := rowKeys[row[0]]
					if !ok {
						t.Fatalf("%q: unknown row label %q", caption, row[0])
					}
					var got []float64
					for _, cell := range row[1:] {
						got = append(got, numbers(cell)...)
					}
					var want []float64
					for _, col := range lay.cols {
						cell, ok := tb.Cell(key, col)
						if !ok {
							continue // a column the JSON lacks (e.g. no England)
						}
						if cell.IsNum {
							want = append(want, cell.Num)
						}
					}
					if fmt.Sprint(got) != fmt.Sprint(want) {
						t.Errorf("%q row %q: document %v, JSON %v", caption, row[0], got, want)
					}
					checked++
				}
			}
			if checked < 30 {
				t.Errorf("only %d table rows checked; the document's tables were not found", checked)
			}
			// The headline sentence's figures.
			cmp := set.Find("comparison")
			rt := set.Find("ratings_by_service_type")
			good, _ := rt.Cell("good", "all_pct")
			out, _ := rt.Cell("outstanding", "all_pct")
			want := fmt.Sprintf("(%s%% Good, %s%% Outstanding)", good, out)
			if !strings.Contains(md, want) {
				t.Errorf("headline sentence lacks %q", want)
			}
			ao, _ := cmp.Cell("outstanding", "authority_care_home_pct")
			co, _ := cmp.Cell("outstanding", "comparators_care_home_pct")
			if want := fmt.Sprintf("care homes rated Outstanding than its comparator authorities (%s%% against %s%%)", ao, co); !strings.Contains(md, want) {
				t.Errorf("Outstanding sentence lacks %q", want)
			}
			checkSentences(t, md, set, style)
		})
	}
}

// checkSentences ties the figures of the other sentences to the JSON
// tables: beds, inspections, movements, ranking and key questions.
func checkSentences(t *testing.T, md string, set *report.TableSet, style string) {
	t.Helper()
	num := func(id, row, col string) int {
		c, ok := set.Find(id).Cell(row, col)
		if !ok {
			t.Fatalf("%s has no %s/%s", id, row, col)
		}
		return int(c.Num)
	}
	comma := func(n int) string {
		s := strconv.Itoa(n)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		return s
	}
	pctOf := func(n, d int) string {
		v, _ := report.Pct(n, d, 0)
		return strconv.FormatFloat(v, 'f', 0, 64) + "%"
	}
	wants := []string{
		fmt.Sprintf("There are %s care home beds registered in Devon: %s in nursing homes and %s in residential homes.",
			comma(num("beds", "authority", "beds")), comma(num("beds", "authority", "nursing_beds")), comma(num("beds", "authority", "residential_beds"))),
		fmt.Sprintf("(%s)", comma(num("beds", "comparators", "beds"))),
	}
	if style == "scrutiny" {
		wants = append(wants, fmt.Sprintf("%d were of care homes and %d of community-based services",
			num("inspections_in_period", "total", "care_home"), num("inspections_in_period", "total", "community")))
	}
	mv := func(row string) int { return num("movements", row, "all") }
	matched := mv("improved") + mv("declined") + mv("unchanged")
	wants = append(wants,
		fmt.Sprintf("Of the %d services rated both on 1 February 2020 and on 1 February 2021, %s had a lower rating, %s stayed the same and %s improved.",
			matched, pctOf(mv("declined"), matched), pctOf(mv("unchanged"), matched), pctOf(mv("improved"), matched)),
		fmt.Sprintf("In the same period %d services were registered, %d closed and %d rated for the first time.", mv("new"), mv("closed"), mv("first_rated")))
	rank := set.Find("comparator_ranking")
	for _, row := range rank.Rows {
		if row[0].Text == "Devon" {
			wants = append(wants, fmt.Sprintf("Devon is %s%s of %d in its comparator group for the share of services rated Good or Outstanding (%s%%).",
				map[bool]string{true: "joint ", false: ""}[countRank(rank, row[2].Num) > 1], ordinalOf(int(row[2].Num)), len(rank.Rows), row[1]))
		}
	}
	// Key questions: the one with most services below Good.
	worst, most := "", -1
	for _, q := range []string{"Safe", "Effective", "Caring", "Responsive", "Well-led"} {
		if n := num("key_questions", q, "requires_improvement") + num("key_questions", q, "inadequate"); n > most {
			worst, most = q, n
		}
	}
	wants = append(wants, fmt.Sprintf("%s is the key question most often rated Requires Improvement or Inadequate (%d services).", worst, most))
	if style == "quality-account" {
		for _, g := range []struct{ id, what string }{
			{"older_people_care_homes", "care homes for older people"},
			{"working_age_care_homes", "care homes for working age adults"},
		} {
			n := func(col string) int { return num("service_user_groups", g.id, col) }
			wants = append(wants, fmt.Sprintf("There are %d %s in Devon: %d rated Outstanding, %d Good, %d Requires Improvement and %d Inadequate, and %d not yet rated.",
				n("total"), g.what, n("outstanding"), n("good"), n("requires_improvement"), n("inadequate"), n("not_rated")))
		}
	}
	below := num("year_on_year", "requires_improvement", "current") + num("year_on_year", "inadequate", "current")
	belowBefore := num("year_on_year", "requires_improvement", "previous") + num("year_on_year", "inadequate", "previous")
	wants = append(wants, fmt.Sprintf("%d services are rated Requires Improvement or Inadequate, against %d on 1 February 2020.", below, belowBefore))
	flat := strings.Join(strings.Fields(md), " ")
	for _, w := range wants {
		if !strings.Contains(flat, w) {
			t.Errorf("the paper lacks %q", w)
		}
	}
}

func countRank(t *report.Table, rank float64) int {
	n := 0
	for _, r := range t.Rows {
		if r[2].Num == rank {
			n++
		}
	}
	return n
}

func ordinalOf(n int) string {
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return strconv.Itoa(n) + "th"
	case n%10 == 1:
		return strconv.Itoa(n) + "st"
	case n%10 == 2:
		return strconv.Itoa(n) + "nd"
	case n%10 == 3:
		return strconv.Itoa(n) + "rd"
	}
	return strconv.Itoa(n) + "th"
}
