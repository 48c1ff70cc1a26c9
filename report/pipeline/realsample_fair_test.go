package pipeline

// Independent counts of issue 19's figures on the real records: beds per
// head from the raw rows of the ONS file, and the outcomes of the
// period's ratings from the records' own rating history. Neither uses
// report/ons or report/cqc.

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/render/chart"
)

// onsRow is the 65+, 75+ and 18+ (18-64 and 65+) population of one
// authority in one mid-year, read straight from report/ons/population.csv.
type onsRow struct{ pop65, pop75, pop18 int }

func onsYear(t testing.TB, year int) map[string]onsRow {
	f, err := os.Open("../ons/population.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], []string{"year", "code", "name", "all_ages", "age_0_17", "age_18_64", "age_65_plus", "age_75_plus"}) {
		t.Fatalf("population.csv header %q", recs[0])
	}
	out := map[string]onsRow{}
	for _, r := range recs[1:] {
		if r[0] != strconv.Itoa(year) {
			continue
		}
		a, _ := strconv.Atoi(r[6])
		b, _ := strconv.Atoi(r[7])
		adults, _ := strconv.Atoi(r[5])
		out[r[2]] = onsRow{a, b, adults + a}
	}
	if len(out) < 150 {
		t.Fatalf("mid-%d: %d rows", year, len(out))
	}
	return out
}

// midYearNearest is the year whose 30 June is nearest the date (the four
// sample authorities are in every year of the file, so the file's nearest
// is the calendar's).
func midYearNearest(t testing.TB, day string) int {
	y := atoiT(t, day[:4])
	best, bestD := 0, -1
	for _, c := range []int{y - 1, y, y + 1} {
		d := indDaysApart(t, day, fmt.Sprintf("%d-06-30", c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func atoiT(t testing.TB, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// per1000 is beds per 1,000 people to one decimal, half up, by integer
// arithmetic: 8,021 beds and 210,941 people give 38.0.
func per1000(beds, pop int) string {
	v := (20000*beds + pop) / (2 * pop)
	return fmt.Sprintf("%d.%d", v/10, v%10)
}

// bedsWant is the beds table: counts (the mean per authority for the
// comparators and the authorities in the data), then each area's mean
// population per authority, the year, and its beds over its population.
func bedsWant(t testing.TB, me, co, en *areaFigures, authority string, comps, england []string, asAt string) [][]string {
	year := midYearNearest(t, asAt)
	pop := onsYear(t, year)
	sum := func(las []string) (int, int) {
		a, b := 0, 0
		for _, la := range las {
			r, ok := pop[la]
			if !ok {
				t.Fatalf("no ONS row for %s in mid-%d", la, year)
			}
			a += r.pop65
			b += r.pop75
		}
		return a, b
	}
	row := func(id string, f *areaFigures, las []string) []string {
		p65, p75 := sum(las)
		n := len(las)
		return []string{id, mean(f.homes, n), mean(f.beds, n), mean(f.nursingBeds, n), mean(f.resBeds, n),
			mean(p65, n), mean(p75, n), strconv.Itoa(year), per1000(f.beds, p65), per1000(f.beds, p75)}
	}
	return [][]string{{"area", "care_homes", "beds", "nursing_beds", "residential_beds",
		"population_65plus", "population_75plus", "population_year", "beds_per_1000_65plus", "beds_per_1000_75plus"},
		row("authority", me, []string{authority}), row("comparators", co, comps), row("all_areas", en, england)} // 4 authorities: not England
}

// per10000 is services per 10,000 people to one decimal, half up, by
// integer arithmetic: 322 care homes and 210,941 people give 15.3.
func per10000(n, pop int) string {
	v := (200000*n + pop) / (2 * pop)
	return fmt.Sprintf("%d.%d", v/10, v%10)
}

// servicesPerHeadWant is the services_per_head table: each area's care
// homes and community-based services (the mean per authority for the
// comparators and the authorities in the data; empty when the data holds
// care homes only), its mean population aged 65 and over and 18 and
// over, the year, and its services over its population per 10,000.
func servicesPerHeadWant(t testing.TB, locs []indLoc, me, co, en *areaFigures, authority string, comps, england []string, asAt string) [][]string {
	year := midYearNearest(t, asAt)
	pop := onsYear(t, year)
	careHomesOnly := true
	for _, l := range locs {
		careHomesOnly = careHomesOnly && (l.home || !l.asc)
	}
	row := func(id string, f *areaFigures, las []string) []string {
		p65, p18 := 0, 0
		for _, la := range las {
			r, ok := pop[la]
			if !ok {
				t.Fatalf("no ONS row for %s in mid-%d", la, year)
			}
			p65 += r.pop65
			p18 += r.pop18
		}
		n := len(las)
		homes, comm := f.ratings.total("care_home"), f.ratings.total("community")
		commCell, commRate := mean(comm, n), per10000(comm, p18)
		if careHomesOnly {
			commCell, commRate = "", ""
		}
		return []string{id, mean(homes, n), commCell, mean(p65, n), mean(p18, n), strconv.Itoa(year), per10000(homes, p65), commRate}
	}
	return [][]string{{"area", "care_homes", "community", "population_65plus", "population_18plus", "population_year",
		"care_homes_per_10000_65plus", "community_per_10000_18plus"},
		row("authority", me, []string{authority}), row("comparators", co, comps), row("all_areas", en, england)} // 4 authorities: not England
}

// Hand arithmetic from the ONS rows, so that the independent count above
// is itself checked: Devon mid-2021, "2021,E10000008,Devon,814440,145026,
// 458473,210941,101842", with the 8,021 beds the records give.
func TestBedsPerHeadByHand(t *testing.T) {
	if got := midYearNearest(t, "2021-02-01"); got != 2021 {
		t.Fatalf("nearest mid-year to 1 February 2021: %d", got)
	}
	if got := onsYear(t, 2021)["Devon"]; got != (onsRow{210941, 101842, 458473 + 210941}) {
		t.Fatalf("Devon mid-2021: %v", got)
	}
	// 8,021 / 210,941 x 1,000 = 38.025...; / 101,842 x 1,000 = 78.759...
	if a, b := per1000(8021, 210941), per1000(8021, 101842); a != "38.0" || b != "78.8" {
		t.Fatalf("Devon: %s and %s per 1,000", a, b)
	}
	rs := realSample(t)
	_, _, r := compute(t, "devon.yaml", fmt.Sprintf("authority: Devon\ncomparators: {authorities: [%s]}\nperiod: {as_at: 2021-02-01}\ndata: {api: %s}\n", joinComma(rs.comps), rs.path))
	b := TableSet(r).Find("beds")
	for col, want := range map[string]string{"beds": "8021", "population_65plus": "210941", "population_75plus": "101842",
		"population_year": "2021", "beds_per_1000_65plus": "38.0", "beds_per_1000_75plus": "78.8"} {
		if c, _ := b.Cell("authority", col); c.String() != want {
			t.Errorf("Devon %s = %s, want %s", col, c.String(), want)
		}
	}
	// The comparators as a group: on the whole sample Somerset, Plymouth
	// and Torbay, 10,990 beds over 142,838 + 49,290 + 37,324 = 229,452
	// people aged 65 and over: 47.9 per 1,000.
	if rs.full {
		if c, _ := b.Cell("comparators", "beds_per_1000_65plus"); c.String() != "47.9" {
			t.Errorf("comparators: %s per 1,000 aged 65 and over, want 47.9", c.String())
		}
	}
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// bedsPerHeadWant is the Devon paper's sentence on beds per head, rebuilt
// from the JSON beds table: the rates as printed, and the words by the
// paper's rule for rates (10% apart, judged on the unrounded rates, which
// are the group's beds over its population: mean beds over mean
// population gives the same up to the rounding of the means, too close to
// change a word here).
func bedsPerHeadWant(t *testing.T, set *report.TableSet) string {
	t.Helper()
	cell := func(row, col string) report.Cell {
		c, ok := set.Find("beds").Cell(row, col)
		if !ok || !c.IsNum {
			t.Fatalf("beds has no %s/%s", row, col)
		}
		return c
	}
	rel := func(row string) string {
		mine := cell("authority", "beds").Num / cell("authority", "population_65plus").Num
		theirs := cell(row, "beds").Num / cell(row, "population_65plus").Num
		switch d := (mine - theirs) / theirs; {
		case d >= 0.10:
			return "higher than"
		case d <= -0.10:
			return "lower than"
		}
		return "similar to"
	}
	return fmt.Sprintf("That is %s beds for every 1,000 people aged 65 and over, and %s for every 1,000 aged 75 and over (ONS mid-%s population estimates); for people aged 65 and over this is %s its comparator authorities taken together (%s) and %s the 4 authorities in the data (%s).",
		cell("authority", "beds_per_1000_65plus"), cell("authority", "beds_per_1000_75plus"), cell("authority", "population_year"),
		rel("comparators"), cell("comparators", "beds_per_1000_65plus"), rel("all_areas"), cell("all_areas", "beds_per_1000_65plus"))
}

// reinspectionWant counts, from the raw records, the outcomes of the
// ratings published from from to asAt among the authority's services in
// scope at asAt: the latest real rating in the period against the latest
// real rating published before the period's first one.
func reinspectionWant(t testing.TB, locs []indLoc, authority, from, asAt string) [][]string {
	counts := map[string][2]int{}
	services := 0
	for i := range locs {
		l := &locs[i]
		if l.la != authority || !l.asc || l.dormantOn(asAt) {
			continue
		}
		if present, _ := l.at(t, asAt); !present {
			continue
		}
		services++
		var first, last *indRating
		for j := range l.ratings {
			r := &l.ratings[j]
			if r.overall == "" || r.date < from || r.date > asAt {
				continue
			}
			if first == nil || r.date < first.date {
				first = r
			}
			if last == nil || r.date > last.date {
				last = r
			}
		}
		if first == nil {
			continue
		}
		var before *indRating
		for j := range l.ratings {
			r := &l.ratings[j]
			if r.overall != "" && r.date < first.date && (before == nil || r.date > before.date) {
				before = r
			}
		}
		kind := "first_rating"
		switch {
		case before == nil:
		case order[last.overall] < order[before.overall]:
			kind = "down"
		case order[last.overall] > order[before.overall]:
			kind = "up"
		default:
			kind = "same"
		}
		c := counts[kind]
		if l.home {
			c[0]++
		} else {
			c[1]++
		}
		counts[kind] = c
	}
	total := [2]int{}
	for _, c := range counts {
		total[0] += c[0]
		total[1] += c[1]
	}
	all := total[0] + total[1]
	out := [][]string{{"outcome", "care_home", "community", "all", "all_pct"}}
	for _, k := range []string{"down", "same", "up", "first_rating"} {
		c := counts[k]
		out = append(out, []string{k, fmt.Sprint(c[0]), fmt.Sprint(c[1]), fmt.Sprint(c[0] + c[1]), pct(c[0]+c[1], all)})
	}
	out = append(out, []string{"total", fmt.Sprint(total[0]), fmt.Sprint(total[1]), fmt.Sprint(all), pct(all, all)})
	if services == 0 || all == 0 {
		t.Fatalf("%s as at %s: %d services, %d rated in the period: nothing to test", authority, asAt, services, all)
	}
	return out
}

func TestReinspectionOutcomesIndependent(t *testing.T) {
	rs := realSample(t)
	locs := readSample(t, rs.path)
	for _, tc := range []struct{ authority, asAt, from, to string }{
		{"Devon", "2021-02-01", "", ""},
		{"Devon", "2020-02-01", "", ""},
		{"Devon", "2021-02-01", "2020-06-01", "2020-12-31"},
		{"Plymouth", "2021-02-01", "2019-01-01", "2021-01-31"},
	} {
		period := ""
		from, to := yearBefore(t, tc.asAt), tc.asAt
		if tc.from != "" {
			period = fmt.Sprintf(", inspections_from: %s, inspections_to: %s", tc.from, tc.to)
			from, to = tc.from, tc.to
		}
		yaml := fmt.Sprintf("authority: %s\nperiod: {as_at: %s%s}\ndata: {api: %s}\n", tc.authority, tc.asAt, period, rs.path)
		_, _, r := compute(t, "r.yaml", yaml)
		want := reinspectionWant(t, locs, tc.authority, from, to)
		compareTables(t, fmt.Sprintf("%s as at %s, %s to %s", tc.authority, tc.asAt, from, to), TableSet(r), map[string][][]string{"reinspection_outcomes": want})
		// The sentence's "N of the M services" is the table's total of
		// the services rated against the services in the area.
		if r.Reinspection.Services != r.Authority.Locations() {
			t.Errorf("%s: %d services in the outcomes, %d in the area", tc.authority, r.Reinspection.Services, r.Authority.Locations())
		}
	}
}

// From a snapshot file, which has no history, the table is absent and
// the paper says why.
func TestReinspectionAbsentFromSnapshots(t *testing.T) {
	c, err := config.Load("testdata/leics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c.Report.Style = "quality-account"
	files := renderConfig(t, c, "md", "json")
	if strings.Contains(string(files["leicestershire-tables.json"]), "reinspection_outcomes") {
		t.Error("a reinspection_outcomes table from snapshot files")
	}
	if md := string(files["leicestershire.md"]); !strings.Contains(md, "holds each service's latest rating only, so this paper cannot say how the ratings published in the period compare") {
		t.Error("the paper does not say why there are no re-inspection outcomes")
	}
}

// reinspectionSentenceWant is the Devon paper's sentence on the outcomes
// of the period's ratings, from the JSON: the counts and shares of the
// outcomes table, and "N of the M care homes" with M the services in the
// area (the ratings table's total).
func reinspectionSentenceWant(t *testing.T, set *report.TableSet) string {
	t.Helper()
	ro := set.Find("reinspection_outcomes")
	if ro == nil {
		t.Fatal("no reinspection_outcomes table")
	}
	get := func(row, col string) string {
		c, ok := ro.Cell(row, col)
		if !ok || !c.IsNum {
			t.Fatalf("reinspection_outcomes has no %s/%s", row, col)
		}
		return c.String()
	}
	m, _ := set.Find("ratings_by_service_type").Cell("total", "all")
	return fmt.Sprintf("CQC rated %s of the %s care homes in Devon: %s (%s%%) had a lower rating than the one they held before, %s (%s%%) kept the same rating, %s (%s%%) had a higher one and %s (%s%%) was rated for the first time. CQC now chooses which care homes to inspect largely by risk, going first where it expects problems, so these shares describe the care homes it inspected, not all care homes in Devon.",
		get("total", "all"), m.String(), get("down", "all"), get("down", "all_pct"), get("same", "all"), get("same", "all_pct"),
		get("up", "all"), get("up", "all_pct"), get("first_rating", "all"), get("first_rating", "all_pct"))
}

// mapAltWant is the part of the map's text alternative that says how many
// of each rating lie in each quarter, from the JSON services_map table.
// The chart block in the Markdown holds the points; the renderers make the
// text alternative from them, so this ties the words of every format to
// the JSON (checkSentences flattens the document, chart blocks included,
// and the test below renders the alternative itself).
func mapAltWant(t *testing.T, set *report.TableSet) string {
	t.Helper()
	return mapQuarterWords(t, set)
}

// chartDescriptions are the text alternatives of the document's chart
// blocks, each parsed as the renderers parse it.
func chartDescriptions(t testing.TB, md string) string {
	var out []string
	for _, block := range strings.Split(md, "```chart\n")[1:] {
		body, _, ok := strings.Cut(block, "```")
		if !ok {
			t.Fatal("an unclosed chart block")
		}
		c, err := chart.Parse([]byte(body))
		if err != nil {
			t.Fatalf("chart block: %v", err)
		}
		out = append(out, c.Title+". "+c.Description())
	}
	return strings.Join(out, " ")
}

func mapQuarterWords(t testing.TB, set *report.TableSet) string {
	tb := set.Find("services_map")
	if tb == nil {
		t.Fatal("no services_map table")
	}
	labels := []struct{ id, label string }{{"outstanding", "Outstanding"}, {"good", "Good"},
		{"requires_improvement", "Requires Improvement"}, {"inadequate", "Inadequate"}, {"not_rated", "Not yet rated"}}
	var quarters []string
	for i, q := range []string{"north_west", "north_east", "south_west", "south_east"} {
		var parts []string
		for _, l := range labels {
			c, _ := tb.Cell(l.id, q)
			if c.Num > 0 {
				parts = append(parts, fmt.Sprintf("%v %s", c.Num, l.label))
			}
		}
		w := report.JoinAnd(parts)
		if w == "" {
			w = "none"
		}
		name := strings.ReplaceAll(q, "_", "-")
		if i == 0 {
			quarters = append(quarters, fmt.Sprintf("In the %s quarter of the map (divided at the centre of the authority's extent): %s;", name, w))
		} else {
			quarters = append(quarters, fmt.Sprintf("%s: %s", name, w))
		}
	}
	return strings.Join(quarters[:1], "") + " " + strings.Join(quarters[1:], "; ") + "."
}

// positions reads each record's onspdLatitude and onspdLongitude.
func positions(t testing.TB, path string) map[string][2]float64 {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][2]float64{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var m struct {
			ID  string   `json:"locationId"`
			Lat *float64 `json:"onspdLatitude"`
			Lon *float64 `json:"onspdLongitude"`
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		if m.Lat != nil && m.Lon != nil {
			out[m.ID] = [2]float64{*m.Lon, *m.Lat}
		}
	}
	return out
}

// boundsOf is the bounding box of an authority in the shipped GeoJSON,
// read as plain JSON: every number pair of its coordinates.
func boundsOf(t testing.TB, name string) (minLon, minLat, maxLon, maxLat float64) {
	b, err := os.ReadFile("../ons/boundaries/cty_2023.geojson")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Features []struct {
			Properties map[string]string `json:"properties"`
			Geometry   struct {
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	first := true
	var walk func(v any)
	walk = func(v any) {
		a, _ := v.([]any)
		if len(a) == 2 {
			if x, ok := a[0].(float64); ok {
				y := a[1].(float64)
				if first {
					minLon, maxLon, minLat, maxLat, first = x, x, y, y, false
				}
				minLon, maxLon, minLat, maxLat = min(minLon, x), max(maxLon, x), min(minLat, y), max(maxLat, y)
				return
			}
		}
		for _, e := range a {
			walk(e)
		}
	}
	for _, f := range g.Features {
		if f.Properties["CTYUA23NM"] == name {
			var v any
			if err := json.Unmarshal(f.Geometry.Coordinates, &v); err != nil {
				t.Fatal(err)
			}
			walk(v)
		}
	}
	if first {
		t.Fatalf("no feature named %s", name)
	}
	return
}

// The services_map table equals a count made from the raw records'
// positions and the raw boundary: quarters divided at the centre of the
// bounding box (north at or above it, east at or east of it), a service
// more than 5% of the box's size outside it not placed.
func TestServicesMapIndependent(t *testing.T) {
	rs := realSample(t)
	locs := readSample(t, rs.path)
	pos := positions(t, rs.path)
	for _, la := range []string{"Devon", "Plymouth", "Torbay"} {
		asAt := "2021-02-01"
		me := figures(t, locs, []string{la}, asAt, yearBefore(t, asAt))
		x0, y0, x1, y1 := boundsOf(t, la)
		cx, cy := (x0+x1)/2, (y0+y1)/2
		dx, dy := (x1-x0)*0.05, (y1-y0)*0.05
		counts := map[string][5]int{}
		for id, r := range me.byID {
			rating := "not_rated"
			if r != nil {
				rating = r.overall
			}
			c := counts[rating]
			p, ok := pos[id]
			switch {
			case !ok || p[0] < x0-dx || p[0] > x1+dx || p[1] < y0-dy || p[1] > y1+dy:
				c[4]++
			case p[1] >= cy && p[0] < cx:
				c[0]++
			case p[1] >= cy:
				c[1]++
			case p[0] < cx:
				c[2]++
			default:
				c[3]++
			}
			counts[rating] = c
		}
		want := [][]string{{"rating", "north_west", "north_east", "south_west", "south_east", "not_placed", "total"}}
		var sum [5]int
		for _, id := range append(slices.Clone(ratingIDs), "total") {
			c := counts[id]
			if id == "total" {
				c = sum
			}
			row := []string{id}
			n := 0
			for i, k := range c {
				row = append(row, strconv.Itoa(k))
				n += k
				sum[i] += k
			}
			want = append(want, append(row, strconv.Itoa(n)))
		}
		yaml := fmt.Sprintf("authority: %s\nperiod: {as_at: %s}\ndata: {api: %s}\n", la, asAt, rs.path)
		_, _, r := compute(t, "m.yaml", yaml)
		compareTables(t, la, TableSet(r), map[string][][]string{"services_map": want})
		// report.map: false leaves it out.
		_, _, r = compute(t, "m.yaml", yaml+"report: {map: false}\n")
		if TableSet(r).Find("services_map") != nil || r.Map != nil {
			t.Errorf("%s: a map with report.map: false", la)
		}
	}
}
