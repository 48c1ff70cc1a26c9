package pipeline

import (
	"bytes"
	"flag"
	"fmt"
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
	"github.com/carereport/carereport/report/paper"
	"github.com/carereport/carereport/report/spec"
)

var update = flag.Bool("update", false, "rewrite the golden papers in testdata/golden")

// testProgram stands for the program's version string in the tests, so
// that the golden papers do not change with each commit or Go release.
const testProgram = "carereport v0.0.0-golden (no revision) go-test"

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
	files, err := Render(&Plan{Config: c, Result: r}, in, formats, Run{Program: testProgram})
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
	// The health sample pins the health section's tables, column by
	// column, as the other two pin the rest.
	for _, style := range []string{"scrutiny", "quality-account", "health"} {
		t.Run(style, func(t *testing.T) {
			cfgPath := map[string]string{"scrutiny": "../../config/example.yaml",
				"quality-account": "../../config/example-quality-account.yaml", "health": "../../config/example-health.yaml"}[style]
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

// checkHeading holds a printed column heading to the column it shows
// (the Table's column j): it is the column's declared Label, or one of
// the few headings a view puts over a column instead, each known here
// for the column it may head ("Number of services" over all, "Devon:
// community" over authority_community_pct); never another column's
// Label. So a view that heads the outstanding column "Good" fails.
func checkHeading(t *testing.T, r *cqc.Result, tv paper.TableView, printed string, j int) {
	t.Helper()
	h := strings.ReplaceAll(printed, `\`, "")
	col := tv.Table.Columns[j]
	if h == col.Label {
		return
	}
	for k, other := range tv.Table.Columns {
		if k != j && other.Label != "" && other.Label == h {
			t.Errorf("%s: the heading %q is over the column %s, but it is the Label of %s", tv.Name, h, col.Name, other.Name)
			return
		}
	}
	area := map[string]string{"authority_": r.Authority.Name, "comparators_": "Comparator authorities",
		"england_": r.EnglandLabel(), "all_areas_": r.EnglandLabel()}
	var allowed []string
	switch n := col.Name; {
	case n == "all":
		allowed = []string{"Number of services", "Number of care homes", "All services", "All care homes"}
	case n == "care_home":
		allowed = []string{"Number"} // the only column when the data holds care homes only
	case strings.HasSuffix(n, "_care_home_pct"):
		a := area[strings.TrimSuffix(n, "care_home_pct")]
		allowed = []string{a + ": care homes", a}
	case strings.HasSuffix(n, "_community_pct"):
		allowed = []string{area[strings.TrimSuffix(n, "community_pct")] + ": community"}
	case n == "england_good_or_better_pct" || n == "all_areas_good_or_better_pct":
		allowed = []string{r.EnglandLabel()}
	case n == "safe":
		allowed = []string{"Key questions below Good"} // the five key questions shown as one (checkRatings)
	}
	if !slices.Contains(allowed, h) {
		t.Errorf("%s: the heading %q is over the column %s, whose Label is %q", tv.Name, h, col.Name, col.Label)
	}
}

// ratingLabels are the labels the paper prints for the JSON's rating
// ids.
var ratingLabels = map[string]string{"outstanding": "Outstanding", "good": "Good", "requires_improvement": "Requires Improvement",
	"inadequate": "Inadequate", "not_rated": "Not yet rated"}

// viewsShown are the tables declared by spec that each style's paper
// shows on the real sample (by their Doc names), so that a table the
// paper stops showing, or one checkViews cannot find, fails.
var viewsShown = map[string]string{
	"scrutiny":        "ratings comparison inspections year_on_year movements key_questions activity reinspection key_questions_comparison named ranking beds beds_per_head",
	"quality-account": "ratings comparison inspections year_on_year england_year_on_year movements key_questions older_people working_age activity reinspection key_questions_comparison named ranking beds beds_per_head",
}

// The sample papers (every service type, a commissioned list) hold their
// tables declared by spec to the JSON as the real data's do.
func TestSampleFiguresEqualJSON(t *testing.T) {
	for style, want := range map[string]string{
		"example":                 "ratings comparison inspections year_on_year movements key_questions activity key_questions_comparison commissioned_by_type named ranking ranking_care_homes ranking_community",
		"example-health":          "ratings comparison inspections year_on_year movements key_questions activity key_questions_comparison commissioned_by_type named ranking health_ratings health_key_questions nhs_trusts hospital_services gp_population_groups ranking_care_homes ranking_community",
		"example-quality-account": "ratings comparison inspections year_on_year england_year_on_year movements key_questions commissioned older_people working_age activity key_questions_comparison commissioned_by_type named ranking ranking_care_homes ranking_community",
	} {
		t.Run(style, func(t *testing.T) {
			c := loadConfig(t, "../../config/"+style+".yaml")
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
			checked, shown := checkViews(t, r, mdTables(md), TableSet(r))
			if strings.Join(shown, " ") != want {
				t.Errorf("tables shown %v, want %s", shown, want)
			}
			if checked < 30 {
				t.Errorf("only %d rows checked", checked)
			}
		})
	}
}

// checkViews holds every table of the paper declared by spec to the JSON:
// for each view (paper.Views) whose caption the paper shows, the headings
// are the view's, the rows are the rows it shows with their labels, and
// each cell's figures are the JSON cells of the columns the view names
// for it. It returns how many rows it checked and the views it found.
func checkViews(t *testing.T, r *cqc.Result, tables map[string][][]string, set *report.TableSet) (int, []string) {
	t.Helper()
	checked := 0
	var shown []string
	for _, tv := range paper.Views(r) {
		s, err := tv.Table.Resolve(tv.View)
		if err != nil {
			t.Errorf("%s: %v", tv.Name, err)
			continue
		}
		rows, ok := tables[tv.View.Caption]
		if !ok {
			continue // a table the style does not place
		}
		shown = append(shown, tv.Name)
		jt := set.Find(tv.Table.ID)
		if jt == nil {
			t.Errorf("%s: no JSON table %s", tv.Name, tv.Table.ID)
			continue
		}
		if fmt.Sprint(rows[0]) != fmt.Sprint(s.Headings) {
			t.Errorf("%s: the paper's headings are %q, the view's %q", tv.Name, rows[0], s.Headings)
		}
		for ci, cols := range s.Cols {
			if tv.View.Pivot != nil {
				checkPivotHeading(t, tv, s, jt, ci)
			} else if ci+1 < len(rows[0]) {
				checkHeading(t, r, tv, rows[0][ci+1], cols[0])
			}
		}
		if len(rows)-1 != len(s.Rows) {
			t.Errorf("%s: the paper has %d rows, the view %d", tv.Name, len(rows)-1, len(s.Rows))
			continue
		}
		for k, sr := range s.Rows {
			md := rows[k+1]
			label, bold := strings.CutPrefix(md[0], "**")
			if bold {
				label = strings.TrimSuffix(label, "**")
			}
			if bold != sr.Bold {
				t.Errorf("%s row %q: bold %v, the view's %v", tv.Name, md[0], bold, sr.Bold)
			}
			if strings.ReplaceAll(label, `\`, "") != sr.Row.Label {
				t.Errorf("%s row %d: the paper's label is %q, the declaration's %q", tv.Name, k, md[0], sr.Row.Label)
			}
			for ci, cols := range s.Cols {
				if s.Format[ci] != nil && allRatings(tv.Table, cols) {
					checkRatings(t, tv, jt, sr.From[ci], cols, md[0], s.Headings[ci+1], md[ci+1])
					continue
				}
				var want []float64
				null, joint, textual := false, false, false
				formatted := s.Format[ci] != nil
				var jcells []report.Cell // the JSON's cells, for a column the view formats
				for _, j := range cols {
					// The JSON row the cell comes from (by the view's
					// row, so rows sharing an id are told apart, and a
					// pivot's grid cell from its own row), found by the
					// JSON's column name.
					c, ok := report.Cell{}, sr.From[ci] < 0
					if !ok && sr.From[ci] < len(jt.Rows) && jt.Rows[sr.From[ci]][0].Text == sr.Row.ID {
						for jc, name := range jt.Columns {
							if name == tv.Table.Columns[j].Name {
								c, ok = jt.Rows[sr.From[ci]][jc], true
							}
						}
					}
					if !ok {
						t.Fatalf("%s: JSON %s row %d has no %s/%s", tv.Name, jt.ID, sr.From[ci], sr.Row.ID, tv.Table.Columns[j].Name)
					}
					jcells = append(jcells, c)
					if formatted {
						// A column the view prints in its own words
						// ("Inadequate (below Good at 2 reports
						// running)", "Good (9 Feb 2019)"): each rating
						// in it by its label, each date by its year.
						got := strings.ReplaceAll(md[ci+1], `\`, "")
						switch k := tv.Table.Columns[j].Kind; {
						case c.IsNull():
						case k == spec.Rating && !strings.Contains(got, ratingLabels[c.Text]):
							t.Errorf("%s row %q column %q: document %q lacks the rating %q", tv.Name, md[0], s.Headings[ci+1], got, c.Text)
						case k == spec.Date && !strings.Contains(got, c.Text[:4]):
							t.Errorf("%s row %q column %q: document %q lacks the date %q", tv.Name, md[0], s.Headings[ci+1], got, c.Text)
						}
						if len(cols) > 1 || tv.Table.Columns[j].Kind == spec.Rating || tv.Table.Columns[j].Kind == spec.Date {
							textual = true
							continue
						}
					}
					switch k := tv.Table.Columns[j].Kind; {
					case k == spec.Flag:
						joint = c.IsNum && c.Num == 1 // a joint rank is printed "3="
					case k == spec.Rating || k == spec.Text:
						// Text is printed as it is, a rating by its label.
						text := c.Text
						if rt, ok := ratingLabels[c.Text]; ok && k == spec.Rating {
							text = rt
						}
						if c.IsNull() {
							text = "–"
						}
						if got := strings.ReplaceAll(md[ci+1], `\`, ""); got != text {
							t.Errorf("%s row %q column %q: document %q, JSON %q", tv.Name, md[0], s.Headings[ci+1], got, c.Text)
						}
						textual = true
					case k == spec.Date:
						// A date is printed in words: its year at least.
						if !c.IsNull() && !strings.Contains(md[ci+1], c.Text[:4]) {
							t.Errorf("%s row %q column %q: document %q, JSON %q", tv.Name, md[0], s.Headings[ci+1], md[ci+1], c.Text)
						}
						textual = true
					case c.IsNum:
						want = append(want, c.Num)
					default:
						null = true
					}
				}
				if formatted {
					// The printed text is the view's words for the JSON's
					// cells (so a cell from another row or column shows).
					if got, w := strings.ReplaceAll(md[ci+1], `\`, ""), s.Format[ci](sr.Index, jcells); got != w {
						t.Errorf("%s row %q column %q: document %q, the view's words for the JSON's cells %q", tv.Name, md[0], s.Headings[ci+1], got, w)
					}
				}
				if null && len(cols) == 2 {
					want = nil // a count with its share of nothing is printed "–"
				}
				if textual {
					continue
				}
				if got := numbers(md[ci+1]); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s row %q column %q: document %v, JSON %v", tv.Name, md[0], s.Headings[ci+1], got, want)
				}
				if strings.HasSuffix(md[ci+1], "=") != joint {
					t.Errorf("%s row %q column %q: document %q, JSON joint %v", tv.Name, md[0], s.Headings[ci+1], md[ci+1], joint)
				}
			}
			checked++
		}
	}
	return checked, shown
}

// checkPivotHeading holds a pivoted view's column heading to the JSON:
// it is the text, in the pivot's By column, of the rows its cells come
// from.
func checkPivotHeading(t *testing.T, tv paper.TableView, s *spec.Shown, jt *report.Table, ci int) {
	t.Helper()
	by := slices.Index(jt.Columns, tv.View.Pivot.By)
	if by < 0 {
		t.Errorf("%s: JSON %s has no column %s", tv.Name, jt.ID, tv.View.Pivot.By)
		return
	}
	for _, sr := range s.Rows {
		if i := sr.From[ci]; i >= 0 && jt.Rows[i][by].Text != s.Headings[ci+1] {
			t.Errorf("%s: the heading %q is over the cell of JSON row %d, whose %s is %q", tv.Name, s.Headings[ci+1], i, tv.View.Pivot.By, jt.Rows[i][by].Text)
		}
	}
}

// allRatings is whether the columns cols all hold ratings.
func allRatings(tb *spec.Table, cols []int) bool {
	for _, j := range cols {
		if tb.Columns[j].Kind != spec.Rating {
			return false
		}
	}
	return true
}

// checkRatings holds a view column of ratings that the view prints its
// own way (its Format) to the JSON row i. One rating: a rating CQC awards
// is printed as its label, and nothing else is printed as a rating's
// label ("–", "Not in the data", "Not yet rated" are for the rest).
// Several: the labels of the columns rated below Good, in order ("Safe,
// Well-led"), "–" when none is, "Not published" when none is given.
func checkRatings(t *testing.T, tv paper.TableView, jt *report.Table, i int, cols []int, row, heading, printed string) {
	t.Helper()
	printed = strings.ReplaceAll(printed, `\`, "")
	cells := make([]report.Cell, len(cols))
	for k, j := range cols {
		jc := slices.Index(jt.Columns, tv.Table.Columns[j].Name)
		if i < 0 || i >= len(jt.Rows) || jc < 0 {
			t.Fatalf("%s: JSON %s row %d has no %s", tv.Name, jt.ID, i, tv.Table.Columns[j].Name)
		}
		cells[k] = jt.Rows[i][jc]
	}
	var want string
	if len(cols) == 1 {
		label, awarded := ratingLabels[cells[0].Text]
		awarded = awarded && cells[0].Text != "not_rated"
		if awarded {
			want = label
		} else {
			want = printed
			for id, l := range ratingLabels {
				if id != "not_rated" && l == printed {
					want = "not a rating CQC awards"
				}
			}
		}
	} else {
		var below []string
		given := false
		for k, c := range cells {
			given = given || !c.IsNull()
			if c.Text == "requires_improvement" || c.Text == "inadequate" {
				below = append(below, tv.Table.Columns[cols[k]].Label)
			}
		}
		switch {
		case !given:
			want = "Not published"
		case len(below) == 0:
			want = "–"
		default:
			want = strings.Join(below, ", ")
		}
	}
	if printed != want {
		t.Errorf("%s row %q column %q: document %q, JSON %v (want %q)", tv.Name, row, heading, printed, cells, want)
	}
}

// TestDocumentFiguresEqualJSON generates both styles for Devon on the
// real CQC sample and checks that every figure in the document's tables
// (each a view of a table declared by spec: checkViews), and the figures
// of the headline sentences, equal the JSON tables'.
func TestDocumentFiguresEqualJSON(t *testing.T) {
	rs := realSample(t)
	api := rs.path
	// Each style as it comes, and with a quarterly trend (whose sentence
	// must not state the headline share a third time).
	for _, name := range []string{"scrutiny", "quality-account", "scrutiny+trend", "quality-account+trend"} {
		t.Run(name, func(t *testing.T) {
			style, trend := strings.CutSuffix(name, "+trend")
			c := config.Default()
			c.Path = "devon.yaml"
			c.Authority = rs.authority
			c.Comparators.Authorities = rs.comps
			c.Period.AsAt.Date = report.MustDate("2021-02-01")
			c.Period.Previous.Date = report.MustDate("2020-02-01")
			if trend {
				c.Period.Trend = &config.Trend{From: config.Date{Date: report.MustDate("2019-02-01")}, Every: "quarter"}
			}
			c.Data.API = api
			c.Report.Style = style
			// The built-in templates leave out the beds table: an
			// officer's commentary shows it, so that it is checked too.
			narr := filepath.Join(t.TempDir(), "commentary.md")
			if err := os.WriteFile(narr, []byte("{{.Tables.beds}}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			section := map[string]string{"scrutiny": "commentary", "quality-account": "conclusion"}[style]
			c.Report.Narrative = map[string]string{section: narr}
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
			files, err := Render(&Plan{Config: &c, Result: r}, in, []string{"md", "json"}, Run{Program: testProgram})
			if err != nil {
				t.Fatal(err)
			}
			var md string
			for _, f := range files {
				if f.Name == config.Slug(rs.authority)+".md" {
					md = string(f.Data)
				}
			}
			set := TableSet(r)
			tables := mdTables(md)
			checked, shown := checkViews(t, r, tables, set)
			want := viewsShown[style]
			if trend {
				want += " trend"
			}
			want += " map"
			if strings.Join(shown, " ") != want {
				t.Errorf("the tables declared by spec shown in the paper are %v, want %s", shown, want)
			}
			if checked < 30 {
				t.Errorf("only %d table rows checked; the document's tables were not found", checked)
			}
			checkSentences(t, md, set, style, rs)
		})
	}
}

// checkSentences ties the figures of the sentences to the JSON tables:
// each sentence checked here is rebuilt from JSON cells, and every
// percentage anywhere in the prose must be one the JSON tables print.
func checkSentences(t *testing.T, md string, set *report.TableSet, style string, rs realSet) {
	t.Helper()
	num := func(id, row, col string) int {
		c, ok := set.Find(id).Cell(row, col)
		if !ok {
			t.Fatalf("%s has no %s/%s", id, row, col)
		}
		return int(c.Num)
	}
	pc := func(id, row, col string) string {
		c, ok := set.Find(id).Cell(row, col)
		if !ok || !c.IsNum {
			t.Fatalf("%s has no %s/%s", id, row, col)
		}
		return c.String() + "%"
	}
	comma := func(n int) string {
		s := strconv.Itoa(n)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		return s
	}
	var wants []string
	if rs.full {
		wants = devonWants(t, set, style, num, pc, comma)
	} else {
		t.Logf("only the %s subset of the real sample: the Devon sentences (issue 17's Inadequate gap, pooled comparators, age groups) are not checked", rs.authority)
	}
	// The charts' text alternatives, as every renderer makes them from the
	// chart blocks, are checked with the prose.
	flat := strings.Join(strings.Fields(md+" "+chartDescriptions(t, md)), " ")
	for _, w := range wants {
		if !strings.Contains(flat, w) {
			t.Errorf("the paper lacks %q", w)
		}
	}
	// Every percentage in the prose is printed in a JSON table.
	printed := map[string]bool{}
	for _, tb := range set.Tables {
		for ci, col := range tb.Columns {
			if strings.HasSuffix(col, "_pct") {
				for _, row := range tb.Rows {
					if row[ci].IsNum {
						printed[row[ci].String()+"%"] = true
					}
				}
			}
		}
	}
	paras := prose(md)
	pctRe := regexp.MustCompile(`[0-9]+(?:\.[0-9])?%`)
	for _, p := range paras {
		for _, m := range pctRe.FindAllString(p, -1) {
			if !printed[m] {
				t.Errorf("%s in the prose is in no JSON table: %s", m, p)
			}
		}
	}
	// A figure is stated in at most two paragraphs: the authority's
	// share rated Good or Outstanding.
	gob := pc("ratings_by_service_type", "good_or_better", "all_pct")
	n := 0
	for _, p := range paras {
		if body := strings.TrimLeft(p, "0123456789. "); strings.HasPrefix(body, "Between ") && strings.Contains(p, " rated Good or Outstanding ") {
			// The trend paragraph: only its first sentence is about the
			// authority (the others may hold a comparator's share that
			// happens to be the same figure).
			p, _, _ = strings.Cut(p, ". ")
		}
		if strings.Contains(p, gob) {
			n++
		}
	}
	if n == 0 || n > 2 {
		t.Errorf("the share rated Good or Outstanding (%s) is stated in %d paragraphs", gob, n)
	}
	// No config key names in the paper.
	for _, k := range []string{"data.", "report.", "period.", "comparators.", "output."} {
		if strings.Contains(md, "("+k) {
			t.Errorf("the paper names a config key (%s...)", k)
		}
	}
}

// prose returns the document's paragraphs of text: not tables, charts or
// headings.
func prose(md string) []string {
	var out []string
	inFence := false
	for _, block := range strings.Split(md, "\n\n") {
		b := strings.TrimSpace(block)
		if strings.HasPrefix(b, "```") {
			inFence = !strings.HasSuffix(b, "```") || b == "```"
			continue
		}
		if inFence {
			if strings.HasSuffix(b, "```") {
				inFence = false
			}
			continue
		}
		if b == "" || strings.HasPrefix(b, "|") || strings.HasPrefix(b, "#") || strings.HasPrefix(b, "Table:") {
			continue
		}
		out = append(out, b)
	}
	return out
}

// devonWants are the sentences of the Devon papers on the whole sample,
// each rebuilt from JSON cells.
func devonWants(t *testing.T, set *report.TableSet, style string, num func(id, row, col string) int, pc func(id, row, col string) string, comma func(int) string) []string {
	t.Helper()
	wants := []string{
		fmt.Sprintf("There are %s care home beds registered in Devon: %s in nursing homes and %s in residential homes.",
			comma(num("beds", "authority", "beds")), comma(num("beds", "authority", "nursing_beds")), comma(num("beds", "authority", "residential_beds"))),
		bedsPerHeadWant(t, set),
		reinspectionSentenceWant(t, set),
		mapAltWant(t, set),
		fmt.Sprintf("There are %d care homes in Devon registered with the Care Quality Commission (CQC)", num("ratings_by_service_type", "total", "care_home")),
		fmt.Sprintf("Of the %d care homes, %d have been rated by CQC and %d have not yet been rated.",
			num("ratings_by_service_type", "total", "all"), num("ratings_by_service_type", "total", "all")-num("ratings_by_service_type", "not_rated", "all"), num("ratings_by_service_type", "not_rated", "all")),
		fmt.Sprintf("%s of care homes in Devon are rated Good or Outstanding, higher than its comparator authorities (%s) and similar to the 4 authorities in the data (%s).",
			pc("comparison", "good_or_better", "authority_care_home_pct"), pc("comparison", "good_or_better", "comparators_care_home_pct"), pc("comparison", "good_or_better", "all_areas_care_home_pct")),
		fmt.Sprintf("The share of care homes rated Outstanding is higher in Devon than in its comparator authorities (%s against %s).",
			pc("comparison", "outstanding", "authority_care_home_pct"), pc("comparison", "outstanding", "comparators_care_home_pct")),
		fmt.Sprintf("the number rated Requires Improvement fell from %d to %d, but the number rated Inadequate rose from %d to %d. The share of care homes rated Good or Outstanding is little changed (%s then, %s now).",
			num("year_on_year", "requires_improvement", "previous"), num("year_on_year", "requires_improvement", "current"),
			num("year_on_year", "inadequate", "previous"), num("year_on_year", "inadequate", "current"),
			pc("year_on_year", "good_or_better", "previous_pct"), pc("year_on_year", "good_or_better", "current_pct")),
	}
	if style == "scrutiny" {
		wants = append(wants, fmt.Sprintf("CQC published a rating for %d care homes in Devon.", num("inspections_in_period", "total", "care_home")))
	}
	mv := func(row string) int { return num("movements", row, "all") }
	matched := mv("improved") + mv("declined") + mv("unchanged")
	wants = append(wants,
		fmt.Sprintf("Of the %d care homes rated both on 1 February 2020 and on 1 February 2021, %d had a lower rating, %d kept the same rating and %d had a higher one.",
			matched, mv("declined"), mv("unchanged"), mv("improved")),
		fmt.Sprintf("In the same period %d care homes were registered, %d were re-registered under a new provider or at a new address (the same care homes carrying on, with %d beds) and %d was rated for the first time.",
			mv("new"), mv("re_registered"), num("movements", "re_registered", "care_home_beds"), mv("first_rated")))
	// The share's change says what moved it: the movements, and the new
	// services not yet rated (those not rated now, less those rated at
	// neither date or no longer rated).
	newUnrated := num("ratings_by_service_type", "not_rated", "all") - mv("still_not_rated") - mv("no_longer_rated")
	// Every new care home here is not yet rated; the re-registered ones
	// are the same homes carrying on.
	if newUnrated != mv("new") {
		t.Fatalf("%d new care homes, %d of them not yet rated: the sentence checked below is for all of them unrated", mv("new"), newUnrated)
	}
	wants = append(wants, fmt.Sprintf("Between the two dates %d ratings fell, %d rose, %d stayed the same and %d care home was rated for the first time, while %d new care homes are not yet rated and %d care homes were re-registered under a new provider or at a new address.",
		mv("declined"), mv("improved"), mv("unchanged"), mv("first_rated"), mv("new"), mv("re_registered")))
	// Both ends of the scale against the comparators: Devon's Inadequate
	// share is above theirs, and Devon has 8 of the 11 Inadequate care
	// homes of the four authorities (counted independently from the
	// records for issue 17).
	wants = append(wants,
		fmt.Sprintf("%s of care homes in Devon are rated Inadequate, against %s in its comparator authorities.",
			pc("comparison", "inadequate", "authority_care_home_pct"), pc("comparison", "inadequate", "comparators_care_home_pct")),
		"Devon has 8 of the 11 care homes rated Inadequate in the 4 authorities of its comparator group.")
	if num("ratings_by_service_type", "inadequate", "care_home") != 8 {
		t.Errorf("Devon has %d care homes rated Inadequate in the JSON, 8 by the independent count", num("ratings_by_service_type", "inadequate", "care_home"))
	}
	// Somerset holds most of the comparator group's care homes.
	pool := 0
	for _, row := range set.Find("comparator_ranking").Rows {
		if row[0].Text != "Devon" {
			pool += num("comparator_ranking", row[0].Text, "services")
		}
	}
	wants = append(wants, fmt.Sprintf("Somerset holds %s of the comparator authorities' care homes (%d of %d), so the comparator figures mostly reflect Somerset's.",
		pc("comparator_ranking", "Somerset", "comparators_share_pct"), num("comparator_ranking", "Somerset", "services"), pool))
	// Mixed, with both sides.
	yy := func(row, col string) int { return num("year_on_year", row, col) }
	if yy("requires_improvement", "current") < yy("requires_improvement", "previous") && yy("inadequate", "current") > yy("inadequate", "previous") {
		wants = append(wants, "Since 1 February 2020 the picture is mixed: fewer are rated Requires Improvement, but more are rated Inadequate.")
	} else {
		t.Errorf("the year on year table no longer has Requires Improvement down and Inadequate up")
	}
	if c, _ := set.Find("movements").Cell("closed", "all"); !c.IsNull() {
		t.Errorf("closures cannot be seen in these records, but the JSON gives %v", c)
	}
	rank := set.Find("comparator_ranking")
	for _, row := range rank.Rows {
		if row[0].Text == "Devon" {
			wants = append(wants, fmt.Sprintf("Devon is %s%s of %d in its comparator group for the share of care homes rated Good or Outstanding.",
				map[bool]string{true: "joint ", false: ""}[num("comparator_ranking", "Devon", "rank_joint") == 1], ordinalOf(int(row[2].Num)), len(rank.Rows)))
		}
	}
	// Key questions: the one with most services below Good.
	worst, most := "", -1
	for _, q := range []string{"Safe", "Effective", "Caring", "Responsive", "Well-led"} {
		if n := num("key_questions", q, "requires_improvement") + num("key_questions", q, "inadequate"); n > most {
			worst, most = q, n
		}
	}
	wants = append(wants, fmt.Sprintf("%s is the key question most often rated Requires Improvement or Inadequate (%d care homes).", worst, most))
	if style == "quality-account" {
		for _, g := range []struct{ id, what string }{
			{"older_people_care_homes", "care homes for older people"},
			{"working_age_care_homes", "care homes for working age adults"},
		} {
			n := func(col string) int { return num("service_user_groups", g.id, col) }
			wants = append(wants, fmt.Sprintf("There are %d %s in Devon: %d rated Outstanding, %d Good, %d Requires Improvement and %d Inadequate; %d are not yet rated.",
				n("total"), g.what, n("outstanding"), n("good"), n("requires_improvement"), n("inadequate"), n("not_rated")))
		}
		// The care homes with no age group: 34, one rated Inadequate (the
		// independent count for issue 17).
		n := func(col string) int { return num("service_user_groups", "no_age_group_care_homes", col) }
		if n("total") != 34 || n("inadequate") != 1 {
			t.Errorf("care homes with no age group: %d, %d Inadequate; the independent count is 34, 1 Inadequate", n("total"), n("inadequate"))
		}
		if all := num("service_user_groups", "older_people_care_homes", "total") + num("service_user_groups", "working_age_care_homes", "total") -
			num("service_user_groups", "both_groups_care_homes", "total") + n("total"); all != num("ratings_by_service_type", "total", "care_home") {
			t.Errorf("the groups by age cover %d care homes, of %d", all, num("ratings_by_service_type", "total", "care_home"))
		}
		wants = append(wants, fmt.Sprintf("The data gives no age group (older people or working age adults) for %d of the %d care homes in Devon, so they are in neither section: %d rated Outstanding, %d Good, %d Requires Improvement and %d Inadequate.",
			n("total"), num("ratings_by_service_type", "total", "care_home"), n("outstanding"), n("good"), n("requires_improvement"), n("inadequate")))
	}
	return wants
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

// {{para}} in an officer's narrative file is numbered where the paragraph
// stands in the paper, not first because the file is read first: the
// paper's numbers run 1, 2, 3 ... in document order.
func TestParaNumbersInDocumentOrder(t *testing.T) {
	c := loadConfig(t, "../../config/example.yaml")
	dir := t.TempDir()
	p := filepath.Join(dir, "commentary.md")
	os.WriteFile(p, []byte("{{para}} The officer's own numbered paragraph.\n\nAnd one numbered for them.\n"), 0o644)
	c.Report.Narrative = map[string]string{"commentary": p}
	md := string(renderConfig(t, c, "md")["midshire.md"])
	var nums []int
	for _, m := range regexp.MustCompile(`(?m)^(\d+)\. `).FindAllStringSubmatch(md, -1) {
		n, _ := strconv.Atoi(m[1])
		nums = append(nums, n)
	}
	for i, n := range nums {
		if n != i+1 {
			t.Fatalf("paragraph numbers out of order: %v", nums)
		}
	}
	if !regexp.MustCompile(`(?m)^\d+\. The officer's own numbered paragraph\.$`).MatchString(md) || len(nums) < 10 {
		t.Errorf("the officer's paragraph is not numbered in place: %v", nums)
	}
	if regexp.MustCompile(`(?m)^1\. The officer's`).MatchString(md) {
		t.Error("the officer's paragraph is numbered 1 in mid-paper")
	}
}
