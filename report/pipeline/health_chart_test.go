package pipeline

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	dmd "github.com/carereport/carereport/report/doc/markdown"
	"github.com/carereport/carereport/report/paper"
)

// healthChartTitle starts the title of the health section's chart.
const healthChartTitle = "Health services rated Good or Outstanding: "

// healthPapers are papers with a health section: the sample's in both
// styles, without comparators and with sectors Midshire has no location
// of, without England figures or with CQC's published England counts,
// and from API records of two authorities
// where one sector's only location is not yet rated.
func healthPapers(t *testing.T) []cellPaper {
	t.Helper()
	health := "../../config/example-health.yaml"
	qa := loadConfig(t, health)
	qa.Report.Style = "quality-account"
	noComps := loadConfig(t, health)
	noComps.Comparators.Authorities = nil
	noComps.Health.Sectors = append(noComps.Health.Sectors, "independent_hospital", "ambulance")
	noEngland := loadConfig(t, health)
	noEngland.England = false
	// CQC's published England counts give no health sectors: the table
	// shows no England share, and the chart draws none.
	published := loadConfig(t, health)
	n := config.Counts{"outstanding": 600, "good": 11000, "requires_improvement": 2300, "inadequate": 250, "not_rated": 850}
	published.Published = &config.Published{England: &config.AreaCounts{Source: "CQC", CareHome: n, Community: n}}

	gp := func(id, la, rating string) apiRec {
		r := apiRec{"locationId": id, "organisationType": "Location", "providerId": "1-6" + id[3:], "name": "Surgery " + id, "localAuthority": la,
			"region": "North West", "inspectionDirectorate": "Primary medical services", "careHome": "N", "dormancy": "N",
			"registrationDate": "2010-01-01", "registrationStatus": "Registered",
			"inspectionCategories": []apiRec{{"code": "X", "primary": "true", "name": "GP Practices"}}}
		if rating != "" {
			r["currentRatings"] = apiRec{"overall": apiRec{"rating": rating, "reportDate": "2022-01-01"}}
		}
		return r
	}
	hospice := func(id, la, rating string) apiRec {
		r := gp(id, la, rating)
		r["name"], r["inspectionDirectorate"] = "Hospice "+id, "Hospitals"
		r["inspectionCategories"] = []apiRec{{"code": "X", "primary": "true", "name": "Hospice services"}}
		return r
	}
	newvale := oldvale("1-900000002", "Birch House", 30, "2015-01-01", "", rated("2023-06-01", "Good", "a2"), nil, nil)
	newvale["localAuthority"] = "Newvale"
	recs := []apiRec{
		oldvale("1-900000001", "Alder House", 20, "2015-01-01", "", rated("2023-05-01", "Good", "a1"), nil, nil), newvale,
		gp("1-700000001", "Oldvale", "Good"), gp("1-700000002", "Oldvale", "Requires improvement"), gp("1-700000003", "Oldvale", "Outstanding"),
		hospice("1-700000004", "Oldvale", ""),
		gp("1-700000011", "Newvale", "Good"), gp("1-700000012", "Newvale", "Inadequate"),
		hospice("1-700000013", "Newvale", "Good"),
	}
	yaml := fmt.Sprintf("authority: Oldvale\ncomparators: {authorities: [Newvale]}\nengland: true\nperiod: {as_at: 2024-03-01}\ndata: {api: %s}\n"+
		"health: {sectors: [gp, hospice]}\nreport: {style: scrutiny, committee: Health and Adult Care Scrutiny, meeting_date: 2024-03-20}\n", writeRecords(t, recs))
	api, _, _ := compute(t, "oldvale.yaml", yaml)

	return []cellPaper{
		samplePaper(t, "example-health.yaml"),
		renderPaper(t, "health sample, quality account", qa),
		renderPaper(t, "health sample, no comparators", noComps),
		renderPaper(t, "health sample, no England", noEngland),
		renderPaper(t, "health sample, published England counts", published),
		renderPaper(t, "API records, a sector not yet rated", api),
	}
}

// The health chart's bars are the cells of health_ratings: a group for
// each sector with a rated location in the authority, in the table's
// order, named as the table names it; a bar for each share the table
// after the chart shows (the authority's, its comparators', England's or
// all the authorities' in the data), each named as the paper names the
// area, holding the JSON's figure; the authority's bars highlighted, no
// sector's; and the table after the chart is health_ratings, which holds
// the chart's figures (data: below).
func TestHealthChartEqualsJSON(t *testing.T) {
	for _, p := range healthPapers(t) {
		t.Run(p.name, func(t *testing.T) {
			a := p.r.Authority.Name
			tb := p.set.Find("health_ratings")
			if tb == nil {
				t.Fatal("no JSON health_ratings")
			}
			var found []chartBlock
			for _, b := range chartBlocks(p.md) {
				if strings.Contains(b.keys["title"], healthChartTitle) {
					found = append(found, b)
				}
			}
			if len(found) != 1 {
				t.Fatalf("%d health charts, want 1", len(found))
			}
			b := found[0]
			// The table after the chart, as the paper prints it.
			after := p.md[strings.Index(p.md, "title: "+b.keys["title"]):]
			after = after[strings.Index(after, "```\n")+4:]
			caption := "Table: Table "
			if !strings.HasPrefix(strings.TrimLeft(after, "\n"), caption) {
				t.Fatalf("the chart is not followed by a table: %.200s", after)
			}
			head := strings.SplitN(strings.TrimLeft(after, "\n"), "\n", 4)
			if !strings.Contains(head[0], "Health services in "+a+" by overall rating") {
				t.Fatalf("the table after the chart is %q, not health_ratings", head[0])
			}
			if strings.Count(p.md, "Health services in "+a+" by overall rating") != 1 {
				t.Error("health_ratings is printed more than once")
			}
			// The series: a bar for each share the table shows.
			var series, cols, names []string
			for _, h := range strings.Split(strings.Trim(head[2], "| "), " | ") {
				switch area, ok := strings.CutSuffix(h, ": Good or Outstanding"); {
				case h == "Good or Outstanding":
					series, cols, names = append(series, a), append(cols, "good_or_better_pct"), append(names, a)
				case ok && area == "Comparators":
					series, cols, names = append(series, "Comparator authorities"), append(cols, "comparators_good_or_better_pct"),
						append(names, "its comparator authorities")
				case ok && area == "England":
					series, cols, names = append(series, "England"), append(cols, "england_good_or_better_pct"), append(names, "England")
				case ok && strings.HasPrefix(area, "All "):
					n := strings.TrimSuffix(strings.TrimPrefix(area, "All "), " authorities")
					series, cols, names = append(series, area), append(cols, "all_areas_good_or_better_pct"),
						append(names, "the "+n+" authorities in the data")
				case ok:
					t.Fatalf("a share of %q in the table", area)
				}
			}
			if got, want := b.keys["series"], strings.Join(series, " | "); got != want {
				t.Errorf("the series are %q, want %q", got, want)
			}
			if _, title, _ := strings.Cut(b.keys["title"], ": "); title != healthChartTitle+report.JoinAnd(names) {
				t.Errorf("the title is %q, want %q", title, healthChartTitle+report.JoinAnd(names))
			}
			if got := b.keys["highlight series"]; got != a {
				t.Errorf("the highlighted bars are %q's, want the authority %q's", got, a)
			}
			if got, ok := b.keys["highlight"]; ok {
				t.Errorf("a sector's bars are highlighted (%q)", got)
			}
			if b.keys["data"] != "below" || b.keys["unit"] != "%" || b.keys["max"] != "100" {
				t.Errorf("keys %v: want data: below, unit %%, max 100", b.keys)
			}
			// The groups: the sectors with a rated location, in order.
			count := func(row []report.Cell, col string) float64 {
				for i, c := range tb.Columns {
					if c == col {
						return row[i].Num
					}
				}
				t.Fatalf("health_ratings has no column %s", col)
				return 0
			}
			var want [][]report.Cell
			left := 0
			for _, row := range tb.Rows {
				if count(row, "total")-count(row, "not_rated") > 0 {
					want = append(want, row)
				} else {
					left++
				}
			}
			if len(b.rows) != len(want) {
				t.Fatalf("%d groups of bars, the JSON has %d sectors with a rated location", len(b.rows), len(want))
			}
			differ := false
			for i, row := range b.rows {
				sector := want[i][0].Text
				if label := report.SectorLabels[sector]; row[0] != label {
					t.Errorf("group %d is %q, the JSON's sector is %s (%q)", i+1, row[0], sector, label)
					continue
				}
				if len(row) != 1+len(cols) {
					t.Fatalf("%s: %d bars for %d series", sector, len(row)-1, len(cols))
				}
				for k, col := range cols {
					c, ok := tb.Cell(sector, col)
					if !ok {
						t.Fatalf("JSON health_ratings has no %s/%s", sector, col)
					}
					if got := row[1+k]; !(c.IsNull() && got == "-" || c.IsNum && got == c.String()) {
						t.Errorf("%s, bar %q: the chart has %s, the JSON %s is %v", sector, series[k], got, col, c)
					}
				}
				differ = differ || len(row) > 2 && row[1] != row[2]
			}
			if len(cols) > 1 && !differ {
				t.Error("the authority's and the comparators' bars are equal in every group: the test cannot tell them apart")
			}
			if p.name == "API records, a sector not yet rated" && left != 1 {
				t.Errorf("%d sectors left out, want the hospices (one location, not rated)", left)
			}
			if p.name == "health sample, no comparators" && left != 2 {
				t.Errorf("%d sectors left out, want the two Midshire has no location of", left)
			}
		})
	}
}

// The health chart is a picture in every format, with its text
// alternative, which names the sectors' number and each series and says
// that the table below gives the figures; no format prints a data table
// of the chart's own, and the table that follows it (health_ratings)
// holds each of its figures.
func TestHealthChartInEveryFormat(t *testing.T) {
	files := renderConfig(t, loadConfig(t, "../../config/example-health.yaml"), "md", "html", "pdf", "docx")
	md := string(files["midshire.md"])
	var chart chartBlock
	n := 0
	for _, b := range chartBlocks(md) {
		n++
		if strings.Contains(b.keys["title"], healthChartTitle) {
			chart = b
			break
		}
	}
	if chart.keys == nil {
		t.Fatal("no health chart")
	}
	title := chart.keys["title"]
	series := strings.Split(chart.keys["series"], " | ")
	alt := ""
	for _, d := range strings.SplitAfter(chartDescriptions(t, md), "The table below gives the same figures.") {
		if d = strings.TrimSpace(d); strings.HasPrefix(d, title+". ") {
			alt = d
		}
	}
	want := fmt.Sprintf("%s. Horizontal bar chart of %d rows, with bars for %s. The table below gives the same figures.", title, len(chart.rows), report.JoinAnd(series))
	if alt != want {
		t.Fatalf("the text alternative is %q, want %q", alt, want)
	}
	var figures []string
	for _, r := range chart.rows {
		for _, v := range r[1:] {
			figures = append(figures, v+"%")
		}
	}

	// HTML: the SVG described, then health_ratings, not a table of its own.
	html := string(files["midshire.html"])
	id := fmt.Sprintf("chart-%d", n)
	i := strings.Index(html, fmt.Sprintf(`<figcaption id="%s-caption">%s</figcaption>`, id, title))
	if i < 0 {
		t.Fatalf("the HTML has no figure %s titled %q", id, title)
	}
	rest := html[i:]
	if !strings.Contains(rest, fmt.Sprintf(`<desc id="%s-desc">%s</desc>`, id, strings.TrimPrefix(alt, title+". "))) {
		t.Error("the HTML's SVG lacks the text alternative")
	}
	table := rest[strings.Index(rest, "</figure>"):]
	table = table[:strings.Index(table, "</table>")]
	if !strings.Contains(table, "Health services in Midshire by overall rating") || strings.Contains(table, "Data for") {
		t.Errorf("the HTML figure is not followed by health_ratings: %.300s", table)
	}
	for _, f := range figures {
		if !strings.Contains(table, ">"+f+"<") {
			t.Errorf("the HTML table after the chart lacks its figure %s", f)
		}
	}

	// Word: the picture with its text alternative, then health_ratings.
	zr, err := zip.NewReader(bytes.NewReader(files["midshire.docx"]), int64(len(files["midshire.docx"])))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			doc = string(b)
		}
	}
	j := strings.Index(doc, `descr="`+alt+`"`)
	if j < 0 {
		t.Fatal("the Word picture has no text alternative")
	}
	wtext := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(doc[j:], "|")
	k := strings.Index(wtext, "Health services in Midshire by overall rating")
	if k < 0 || strings.Contains(wtext[:k], "Data for") {
		t.Fatal("the Word picture is not followed by health_ratings")
	}
	wtable := wtext[k:]
	wtable = wtable[:strings.Index(wtable, "Health services in Midshire rated Good or Outstanding on each key question")]
	for _, f := range figures {
		if !strings.Contains(wtable, "|"+f+"|") {
			t.Errorf("the Word table after the chart lacks its figure %s", f)
		}
	}

	// PDF: a tagged Figure whose /Alt is the same text.
	found := false
	for _, m := range regexp.MustCompile(`/Alt <FEFF([0-9A-Fa-f]+)>`).FindAllSubmatch(files["midshire.pdf"], -1) {
		b, err := hex.DecodeString(string(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		found = found || string(utf16.Decode(u)) == alt
	}
	if !found {
		t.Errorf("no /Alt in the PDF is the health chart's text alternative %q", alt)
	}
}

// {{.Has.health_chart}} says whether the paper has the chart: not when no
// sector has a rated location in the authority (Oldvale's one hospice is
// not yet rated), where {{.Charts.health}} is health_ratings alone.
func TestHealthChartOnlyWithARatedSector(t *testing.T) {
	hospice := apiRec{"locationId": "1-700000004", "organisationType": "Location", "providerId": "1-604", "name": "Oldvale Hospice",
		"localAuthority": "Oldvale", "region": "North West", "inspectionDirectorate": "Hospitals", "careHome": "N", "dormancy": "N",
		"registrationDate": "2010-01-01", "registrationStatus": "Registered",
		"inspectionCategories": []apiRec{{"code": "X", "primary": "true", "name": "Hospice services"}}}
	recs := []apiRec{oldvale("1-900000001", "Alder House", 20, "2015-01-01", "", rated("2023-05-01", "Good", "a1"), nil, nil), hospice}
	yaml := fmt.Sprintf("authority: Oldvale\nperiod: {as_at: 2024-03-01}\ndata: {api: %s}\nhealth: {sectors: [hospice]}\n"+
		"report: {style: scrutiny, committee: Health and Adult Care Scrutiny, meeting_date: 2024-03-20}\n", writeRecords(t, recs))
	unrated, _, _ := compute(t, "oldvale.yaml", yaml)
	for _, tc := range []struct {
		c     *config.Config
		chart bool
	}{{loadConfig(t, "../../config/example-health.yaml"), true}, {unrated, false}} {
		in, err := Load(tc.c)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Compute(tc.c, in, "")
		if err != nil {
			t.Fatal(err)
		}
		pin, err := PaperInputs(&Plan{Config: tc.c, Result: r}, in)
		if err != nil {
			t.Fatal(err)
		}
		pin.TemplatesDir = "tdir"
		pin.Templates = []paper.Source{{ID: "scrutiny.md.tmpl", Path: "tdir/scrutiny.md.tmpl",
			Text: []byte("{{if .Has.health_chart}}With a chart.{{else}}No chart.{{end}}\n\n{{.Charts.health}}\n")}}
		d, err := paper.Build(pin)
		if err != nil {
			t.Fatal(err)
		}
		md := string(dmd.Write(d))
		want := "No chart.\n\nTable: Table 1: Health services in " + r.Authority.Name + " by overall rating"
		if tc.chart {
			want = "With a chart.\n\n```chart\ntitle: Figure 1: " + healthChartTitle
		}
		if !strings.HasPrefix(md, want) || strings.Count(md, "by overall rating") != 1 {
			t.Errorf("%s: the paper starts %.200q, want %q and the table once", r.Authority.Name, md, want)
		}
	}
}
