package pipeline

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/carereport/carereport/report/ons"
)

// Services per head on the real Devon records, worked by hand from the
// ONS rows of mid-2021 (the estimate nearest 1 February 2021) and the
// counts of care homes the JSON gives (the records hold care homes only,
// so there is no community-based rate):
//
//	Devon     322 care homes / 210,941 aged 65+ x 10,000 = 15.265..., 15.3
//	With the whole sample, comparators Somerset, Plymouth and Torbay:
//	          220 + 97 + 85 = 402 / (142,838 + 49,290 + 37,324 = 229,452) x 10,000 = 17.520..., 17.5
//	          all four: 724 / 440,393 x 10,000 = 16.440..., 16.4
//	With the repository's subset, comparators Plymouth and Torbay:
//	          97 + 85 = 182 / (49,290 + 37,324 = 86,614) x 10,000 = 21.012..., 21.0
//	          all three: 504 / 297,555 x 10,000 = 16.938..., 16.9
//
// Adults (18 and over) are ONS's 18-64 plus 65 and over: Devon 458,473 +
// 210,941 = 669,414.
func TestServicesPerHeadDevonByHand(t *testing.T) {
	pop := onsYear(t, 2021)
	for la, want := range map[string]onsRow{"Devon": {210941, 101842, 458473 + 210941}, "Somerset": {142838, 68205, 320836 + 142838},
		"Plymouth": {49290, 23216, 163803 + 49290}, "Torbay": {37324, 18228, 76938 + 37324}} {
		if pop[la] != want {
			t.Fatalf("%s mid-2021: %v, want %v", la, pop[la], want)
		}
	}
	if a, b, c := per10000(322, 210941), per10000(402, 229452), per10000(724, 440393); a != "15.3" || b != "17.5" || c != "16.4" {
		t.Fatalf("by hand: %s, %s, %s", a, b, c)
	}
	rs := realSample(t)
	_, _, r := compute(t, "devon.yaml", fmt.Sprintf("authority: Devon\ncomparators: {authorities: [%s]}\nperiod: {as_at: 2021-02-01}\ndata: {api: %s}\n", joinComma(rs.comps), rs.path))
	set := TableSet(r)
	// The counts the arithmetic above takes: Devon's care homes, and each
	// comparator's (its services in the ranking: the data holds care
	// homes only).
	if !r.CareHomesOnly {
		t.Fatal("the Devon records should hold care homes only")
	}
	if c, _ := set.Find("ratings_by_service_type").Cell("total", "care_home"); c.String() != "322" {
		t.Fatalf("Devon has %s care homes in the JSON, 322 above", c.String())
	}
	homes := map[string]string{"Somerset": "220", "Plymouth": "97", "Torbay": "85"}
	for _, la := range rs.comps {
		if c, _ := set.Find("comparator_ranking").Cell(la, "services"); c.String() != homes[la] {
			t.Fatalf("%s has %s care homes in the JSON, %s above", la, c.String(), homes[la])
		}
	}
	want := map[string]string{
		"authority":   "322  210941 669414 2021 15.3 ",
		"comparators": "134  76484 263676 2021 17.5 ",  // 402 / 3 = 134; 229,452 / 3 = 76,484; (213,093 + 114,262 + 463,674) / 3 = 263,676.3
		"all_areas":   "181  110098 365111 2021 16.4 ", // 724 / 4 = 181; 440,393 / 4 = 110,098.25; 1,460,443 / 4 = 365,110.75
	}
	if !rs.full {
		want["comparators"] = "91  43307 163678 2021 21.0 " // 182 / 2; 86,614 / 2; (213,093 + 114,262) / 2 = 163,677.5
		want["all_areas"] = "168  99185 332256 2021 16.9 "  // 504 / 3; 297,555 / 3; (669,414 + 327,355) / 3 = 332,256.3
	}
	tb := set.Find("services_per_head")
	if tb == nil {
		t.Fatal("no services_per_head table")
	}
	for id, w := range want {
		row := tb.Row(id)
		if row == nil {
			t.Errorf("no row %s", id)
			continue
		}
		var cells []string
		for _, c := range row[1:] {
			cells = append(cells, c.String())
		}
		if got := strings.Join(cells, " "); got != w {
			t.Errorf("%s: %q, want %q", id, got, w)
		}
	}
}

// The sentence on services per head prints the services_per_head cells
// of each area and the ONS year, and its words are the rule's on the
// unrounded rates (10% apart: CompareRate): each group's care homes (the
// ranking's services, the records holding care homes only) over its ONS
// population aged 65 and over, summed here.
func TestServicesPerHeadSentenceFromJSON(t *testing.T) {
	paper := factsPaper(t, "services_per_head")
	if !paper.r.CareHomesOnly {
		t.Fatal("the pattern below is for the care-homes-only Devon records")
	}
	eng := "all_areas"
	if _, ok := paper.set.Find("services_per_head").Cell("england", "care_homes"); ok {
		eng = "england"
	}
	rate := func(row string) figure { return at("services_per_head", row, "care_homes_per_10000_65plus") }
	distinct(t, paper, rate("authority"), rate("comparators"), rate(eng))
	rel := `(?:more than|fewer than|similar to)`
	r := `([\d.]+)`
	sentenceFiguresEqualJSON(t, paper, []sentenceFigures{
		sentence("services per head", `By ONS's mid-(\d+) population estimates, Devon has `+r+` care homes for every 10,000 people aged 65 and over, `+
			rel+` its comparator authorities taken together \(`+r+`\) and `+rel+` (?:England|the \d+ authorities in the data) \(`+r+`\)\.`,
			at("services_per_head", "authority", "population_year"), rate("authority"), rate("comparators"), rate(eng)),
	})
	// The words, from the groups' totals.
	rs := realSample(t)
	if paper.r.EnglandAuthorities != len(rs.comps)+1 {
		t.Fatalf("the data holds %d authorities: the authority and its comparators are not all of them", paper.r.EnglandAuthorities)
	}
	pop := onsYear(t, 2021)
	total := func(las []string) float64 {
		homes, p65 := 0.0, 0
		for _, la := range las {
			c, ok := paper.set.Find("comparator_ranking").Cell(la, "services")
			if !ok || !c.IsNum {
				t.Fatalf("the ranking has no services for %s", la)
			}
			homes += c.Num
			p65 += pop[la].pop65
		}
		return homes * 10000 / float64(p65)
	}
	mine := total([]string{"Devon"})
	word := func(las []string) string {
		theirs := total(las)
		switch d := (mine - theirs) / theirs; {
		case d >= 0.10:
			return "more than"
		case d <= -0.10:
			return "fewer than"
		}
		return "similar to"
	}
	want := fmt.Sprintf("Devon has %s care homes for every 10,000 people aged 65 and over, %s its comparator authorities taken together (%s) and %s %s (%s).",
		jsonFigure(t, paper, rate("authority")), word(rs.comps), jsonFigure(t, paper, rate("comparators")),
		word(append([]string{"Devon"}, rs.comps...)), englandWords(paper.r.IsEngland(), paper.r.EnglandAuthorities), jsonFigure(t, paper, rate(eng)))
	if flat := strings.Join(strings.Fields(paper.md), " "); !strings.Contains(flat, want) {
		t.Errorf("the paper has no sentence %q", want)
	}
	// Each style places it (with no table: the records hold care homes
	// only).
	for _, style := range []string{"scrutiny", "quality-account"} {
		p := devonPaper(t, style, false)
		if flat := strings.Join(strings.Fields(p.md), " "); !strings.Contains(flat, want) {
			t.Errorf("%s: the paper has no sentence %q", style, want)
		}
		if strings.Contains(p.md, "Services per 10,000 people") {
			t.Errorf("%s: a table of services per head from records of care homes only", style)
		}
	}
	// No community part: the records hold care homes only.
	if regexp.MustCompile(`community-based services for every 10,000`).MatchString(paper.md) {
		t.Error("a community-based rate from records of care homes only")
	}
}

func englandWords(isEngland bool, n int) string {
	if isEngland {
		return "England"
	}
	return fmt.Sprintf("the %d authorities in the data", n)
}

// sampleONS is an ONS file made up for the sample's invented authorities,
// mid-2025 (0-17 + 18-64 + 65+ = all ages), so that the sample paper,
// which holds community-based services as well as care homes, has
// services per head:
//
//	Midshire   60,000 + 180,000 + 60,000 = 300,000   (18 and over: 240,000)
//	Eastmoor   40,000 + 150,000 + 40,000 = 230,000   (190,000)
//	Northvale  40,000 + 160,000 + 55,000 = 255,000   (215,000)
//	Southdown  40,000 + 140,000 + 45,000 = 225,000   (185,000)
//	Westbury   40,000 + 150,000 + 50,000 = 240,000   (200,000)
//	Fenwick    40,000 + 150,000 + 60,000 = 250,000   (210,000)
const sampleONS = `year,code,name,all_ages,age_0_17,age_18_64,age_65_plus,age_75_plus
2025,E06000901,Midshire,300000,60000,180000,60000,28000
2025,E06000902,Eastmoor,230000,40000,150000,40000,18000
2025,E06000903,Northvale,255000,40000,160000,55000,25000
2025,E06000904,Southdown,225000,40000,140000,45000,20000
2025,E06000905,Westbury,240000,40000,150000,50000,22000
2025,E06000906,Fenwick,250000,40000,150000,60000,27000
`

// The sample paper with population figures for its authorities: the
// table shows both rates (checkViews holds it to the JSON, heading by
// heading and cell by cell), and the sentence gives both with their
// comparisons, each figure the JSON's. By hand, with the counts of the
// JSON's rankings by service type (the comparators Eastmoor 38 care homes
// and 25 community-based services, Northvale 40 and 46, Southdown 37 and
// 34, Westbury 52 and 47, Fenwick 57 and 49; Midshire 51 and 66):
//
//	Midshire:    51 / 60,000 x 10,000 = 8.5;   66 / 240,000 x 10,000 = 2.75, half up 2.8
//	Comparators: 224 / 250,000 x 10,000 = 8.96, 9.0 (Midshire 5% lower: similar);
//	             201 / 1,000,000 x 10,000 = 2.01, 2.0 (Midshire 37% higher: more)
//	All six:     275 / 310,000 x 10,000 = 8.87..., 8.9 (similar);
//	             267 / 1,240,000 x 10,000 = 2.15..., 2.2 (Midshire 28% higher: more)
//	Means:       comparators 44.8 -> 45 and 40.2 -> 40 services, 50,000 and 200,000 people;
//	             all six 45.8 -> 46 and 44.5 -> 45, 51,666.7 -> 51,667 and 206,666.7 -> 206,667
func TestServicesPerHeadSampleWithPopulation(t *testing.T) {
	p, err := ons.ParsePopulation(strings.NewReader(sampleONS), "sample-ons.csv")
	if err != nil {
		t.Fatal(err)
	}
	c := loadConfig(t, filepath.Join("..", "..", "config", "example.yaml"))
	in, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	in.Population = p
	r, err := Compute(c, in, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.CareHomesOnly {
		t.Fatal("the sample should hold community-based services")
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
	set := TableSet(r)
	// The counts the arithmetic above takes.
	for _, x := range []struct{ table, la, want string }{
		{"comparator_ranking_care_homes", "Midshire", "51"}, {"comparator_ranking_community", "Midshire", "66"},
		{"comparator_ranking_care_homes", "Eastmoor", "38"}, {"comparator_ranking_community", "Eastmoor", "25"},
		{"comparator_ranking_care_homes", "Northvale", "40"}, {"comparator_ranking_community", "Northvale", "46"},
		{"comparator_ranking_care_homes", "Southdown", "37"}, {"comparator_ranking_community", "Southdown", "34"},
		{"comparator_ranking_care_homes", "Westbury", "52"}, {"comparator_ranking_community", "Westbury", "47"},
		{"comparator_ranking_care_homes", "Fenwick", "57"}, {"comparator_ranking_community", "Fenwick", "49"},
	} {
		if c, _ := set.Find(x.table).Cell(x.la, "services"); c.String() != x.want {
			t.Fatalf("%s %s: %s services, %s above", x.table, x.la, c.String(), x.want)
		}
	}
	if r.EnglandAuthorities != 6 {
		t.Fatalf("the sample holds %d authorities, 6 above", r.EnglandAuthorities)
	}
	want := map[string]string{
		"authority":   "51 66 60000 240000 2025 8.5 2.8",
		"comparators": "45 40 50000 200000 2025 9.0 2.0",
		"all_areas":   "46 45 51667 206667 2025 8.9 2.2",
	}
	tb := set.Find("services_per_head")
	if len(tb.Rows) != len(want) {
		t.Fatalf("%d rows", len(tb.Rows))
	}
	for _, row := range tb.Rows {
		var cells []string
		for _, c := range row[1:] {
			cells = append(cells, c.String())
		}
		if got := strings.Join(cells, " "); got != want[row[0].Text] {
			t.Errorf("%s: %s, want %s", row[0].Text, got, want[row[0].Text])
		}
	}
	// The table in the paper, against the JSON.
	_, shown := checkViews(t, r, mdTables(md), set)
	if !slices.Contains(shown, "services_per_head") || !slices.Contains(shown, "beds_per_head") {
		t.Errorf("tables shown %v: no services_per_head or beds_per_head", shown)
	}
	// The sentence's figures are the JSON's cells, and its words the
	// hand-worked ones.
	paper := cellPaper{"sample with population", md, set, r}
	rate := func(row, col string) figure { return at("services_per_head", row, col) }
	homes, comm := "care_homes_per_10000_65plus", "community_per_10000_18plus"
	distinct(t, paper, rate("authority", homes), rate("comparators", homes), rate("all_areas", homes))
	distinct(t, paper, rate("authority", comm), rate("comparators", comm), rate("all_areas", comm))
	n := `([\d.]+)`
	sentenceFiguresEqualJSON(t, paper, []sentenceFigures{
		sentence("services per head", `By ONS's mid-(\d+) population estimates, Midshire has `+n+` care homes for every 10,000 people aged 65 and over, `+
			`similar to its comparator authorities taken together \(`+n+`\) and similar to the 6 authorities in the data \(`+n+`\); and `+
			n+` community-based services for every 10,000 adults aged 18 and over, more than its comparator authorities taken together \(`+n+`\) and more than the 6 authorities in the data \(`+n+`\)\.`,
			rate("authority", "population_year"), rate("authority", homes), rate("comparators", homes), rate("all_areas", homes),
			rate("authority", comm), rate("comparators", comm), rate("all_areas", comm)),
	})
}
