package pipeline

import (
	"encoding/csv"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
)

// The health section checked against an independent count of the Latest
// ratings file's rows: for each location, the row whose Service /
// Population Group and Domain are both Overall gives its rating, and the
// key question rows of group Overall its key questions. The count reads
// the CSV with encoding/csv and maps the categories itself.

var healthSector = map[string]string{
	"GP Practices":                               "gp",
	"Acute hospital - NHS non-specialist":        "nhs_hospital",
	"Community health - NHS & Independent":       "community_health",
	"Mental health - community & hospital - NHS": "mental_health",
	"Hospice services":                           "hospice",
	"Dentists":                                   "dentist",
}

type healthRow map[string]string

func readHealthCSV(t *testing.T, path string) []healthRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var head []string
	var out []healthRow
	for _, rec := range recs {
		if head == nil {
			if len(rec) > 0 && (rec[0] == "Location ID" || rec[0] == "Provider ID") {
				head = rec
			}
			continue
		}
		row := healthRow{}
		for i, h := range head {
			if i < len(rec) {
				row[h] = rec[i]
			}
		}
		out = append(out, row)
	}
	return out
}

func canonicalHealth(v string) string {
	if c := canonical(v); c != "" {
		return c
	}
	return "not_rated"
}

func TestHealthSectionCountsRows(t *testing.T) {
	c, err := config.Load("../../config/example-health.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	in, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(c, in, "")
	if err != nil {
		t.Fatal(err)
	}
	set := TableSet(r)
	rows := readHealthCSV(t, c.Data.Ratings)
	comps := c.Comparators.Authorities

	// Overall ratings by sector, authority and comparator group; key
	// questions by sector; GP population groups; NHS hospitals' core
	// services below Good.
	type key struct{ sector, area string }
	overall := map[key]map[string]int{}
	kq := map[string]map[string]int{} // sector|question -> rating -> n
	groups := map[string]map[string]int{}
	below := map[string]bool{} // location|service of NHS hospitals' core services below Good
	trustOf := map[string]string{}
	coreRating := map[string]string{}              // location|service|domain -> rating, NHS hospitals' core services
	trustHospitals := map[string]map[string]bool{} // provider id -> its NHS hospitals in the area
	for _, row := range rows {
		sector, ok := healthSector[row["Location Primary Inspection Category"]]
		if !ok {
			continue
		}
		area := ""
		switch la := row["Location Local Authority"]; {
		case la == c.Authority:
			area = "authority"
		case slices.Contains(comps, la):
			area = "comparators"
		}
		g, d, rating := row["Service / Population Group"], row["Domain"], canonicalHealth(row["Latest Rating"])
		if sector == "nhs_hospital" && area == "authority" {
			coreRating[row["Location ID"]+"|"+g+"|"+d] = rating
			if trustHospitals[row["Provider ID"]] == nil {
				trustHospitals[row["Provider ID"]] = map[string]bool{}
			}
			trustHospitals[row["Provider ID"]][row["Location ID"]] = true
		}
		switch {
		case g == "Overall" && d == "Overall":
			for _, a := range []string{area, "all"} {
				if a == "" {
					continue
				}
				k := key{sector, a}
				if overall[k] == nil {
					overall[k] = map[string]int{}
				}
				overall[k][rating]++
			}
		case g == "Overall" && area == "authority":
			k := sector + "|" + d
			if kq[k] == nil {
				kq[k] = map[string]int{}
			}
			kq[k][rating]++
		case d == "Overall" && area == "authority" && sector == "gp":
			if groups[g] == nil {
				groups[g] = map[string]int{}
			}
			groups[g][rating]++
		case d == "Overall" && area == "authority" && sector == "nhs_hospital":
			trustOf[row["Location Name"]] = row["Provider Name"]
			if rating == "requires_improvement" || rating == "inadequate" {
				below[row["Location ID"]+"|"+g] = true
			}
		}
	}
	hr := set.Find("health_ratings")
	if hr == nil {
		t.Fatal("no health_ratings table")
	}
	checked := 0
	for _, row := range hr.Rows {
		sector := row[0].Text
		me := overall[key{sector, "authority"}]
		total := 0
		for _, id := range ratingIDs {
			c, _ := hr.Cell(sector, id)
			if int(c.Num) != me[id] {
				t.Errorf("health_ratings %s/%s = %s, rows give %d", sector, id, c, me[id])
			}
			total += me[id]
			checked++
		}
		if c, _ := hr.Cell(sector, "total"); int(c.Num) != total {
			t.Errorf("health_ratings %s total = %s, rows give %d", sector, c, total)
		}
		co := overall[key{sector, "comparators"}]
		coTotal := 0
		for _, v := range co {
			coTotal += v
		}
		if c, _ := hr.Cell(sector, "comparators_good_or_better_pct"); c.String() != pct(co["outstanding"]+co["good"], coTotal) {
			t.Errorf("health_ratings %s comparators = %s, rows give %s", sector, c, pct(co["outstanding"]+co["good"], coTotal))
		}
	}
	if checked < 20 {
		t.Errorf("only %d health counts checked", checked)
	}
	kt := set.Find("health_key_questions")
	for _, row := range kt.Rows {
		k := row[0].Text + "|" + row[1].Text
		for i, col := range kt.Columns {
			if !slices.Contains(ratingIDs, col) {
				continue
			}
			if int(row[i].Num) != kq[k][col] {
				t.Errorf("health_key_questions %s %s = %s, rows give %d", k, col, row[i], kq[k][col])
			}
		}
	}
	gt := set.Find("gp_population_groups")
	if gt == nil || len(gt.Rows) != len(groups) {
		t.Fatalf("gp_population_groups: %v, rows give %d groups", gt, len(groups))
	}
	for _, row := range gt.Rows {
		for i, col := range gt.Columns {
			if slices.Contains(ratingIDs, col) && int(row[i].Num) != groups[row[0].Text][col] {
				t.Errorf("gp_population_groups %s %s = %s, rows give %d", row[0].Text, col, row[i], groups[row[0].Text][col])
			}
		}
	}
	// Every NHS hospital of the area is there with its trust, and each
	// core service below Good is named in the paper.
	st := set.Find("hospital_services")
	seen := map[string]bool{}
	for _, row := range st.Rows {
		seen[row[1].Text] = true
		if trustOf[row[1].Text] != row[2].Text {
			t.Errorf("%s: trust %q, rows give %q", row[1].Text, row[2].Text, trustOf[row[1].Text])
		}
	}
	if len(seen) != len(trustOf) || len(seen) < 2 {
		t.Errorf("hospitals %v, rows give %v", seen, trustOf)
	}
	// Each core service's ratings are the file's, column by column.
	domains := map[string]string{"overall": "Overall", "safe": "Safe", "effective": "Effective", "caring": "Caring", "responsive": "Responsive", "well_led": "Well-led"}
	for _, row := range st.Rows {
		for i, col := range st.Columns {
			if d, ok := domains[col]; ok {
				if want := coreRating[row[0].Text+"|"+row[3].Text+"|"+d]; row[i].Text != want {
					t.Errorf("hospital_services %s %s %s = %q, rows give %q", row[1].Text, row[3].Text, col, row[i].Text, want)
				}
			}
		}
	}
	// Each trust's own ratings are the Providers file's, column by
	// column, and its hospitals those of the area.
	provider := map[string]string{} // id|domain -> rating, id|date, id|name
	for _, row := range readHealthCSV(t, c.Data.RatingsProviders) {
		if row["Service / Population Group"] != "Overall" {
			continue
		}
		id := row["Provider ID"]
		provider[id+"|"+row["Domain"]] = canonicalHealth(row["Latest Rating"])
		provider[id+"|name"] = row["Provider Name"]
		if p := strings.Split(row["Publication Date"], "/"); len(p) == 3 && row["Domain"] == "Overall" {
			provider[id+"|published"] = p[2] + "-" + p[1] + "-" + p[0]
		}
	}
	tt := set.Find("nhs_trusts")
	if tt == nil || len(tt.Rows) != len(trustHospitals) || len(tt.Rows) < 2 {
		t.Fatalf("nhs_trusts: %v, rows give the trusts %v", tt, trustHospitals)
	}
	for _, row := range tt.Rows {
		id := row[0].Text
		for i, col := range tt.Columns {
			want := ""
			switch d, ok := domains[col]; {
			case ok:
				want = provider[id+"|"+d]
			case col == "name" || col == "published":
				want = provider[id+"|"+col]
			case col == "locations_in_area":
				want = fmt.Sprint(len(trustHospitals[id]))
			default:
				continue
			}
			if row[i].String() != want {
				t.Errorf("nhs_trusts %s %s = %q, the files give %q", id, col, row[i].String(), want)
			}
		}
	}
	files, err := Render(&Plan{Config: c, Result: r}, in, []string{"md"}, Run{Program: testProgram})
	if err != nil {
		t.Fatal(err)
	}
	md := strings.Join(strings.Fields(string(files[0].Data)), " ")
	if len(below) == 0 {
		t.Fatal("the sample has no core service below Good to check")
	}
	for _, row := range st.Rows {
		if below[row[0].Text+"|"+row[3].Text] && !strings.Contains(md, strings.ToLower(row[3].Text)+" ("+labelOf(row[4].Text)+")") {
			t.Errorf("the paper does not name %s's %s (%s)", row[1].Text, row[3].Text, row[4].Text)
		}
	}
	// Each sector's sentence gives the JSON's figures.
	for _, row := range hr.Rows {
		total, _ := hr.Cell(row[0].Text, "total")
		share, _ := hr.Cell(row[0].Text, "good_or_better_pct")
		if total.Num < 2 {
			continue
		}
		re := regexp.MustCompile(fmt.Sprintf(`Of the %s [^.]*? in Midshire, [^.]*?\(%s%%\)`, total.String(), regexp.QuoteMeta(share.String())))
		if !re.MatchString(md) {
			t.Errorf("no sentence gives %s: %s services, %s%% Good or Outstanding", row[0].Text, total, share)
		}
		// Below Good and against the comparators, in the same sentence.
		ri, _ := hr.Cell(row[0].Text, "requires_improvement")
		in, _ := hr.Cell(row[0].Text, "inadequate")
		co, _ := hr.Cell(row[0].Text, "comparators_good_or_better_pct")
		word := func(c report.Cell) string {
			if c.Num == 0 {
				return "none"
			}
			return c.String()
		}
		rest := fmt.Sprintf(`\(%s%%\)`, regexp.QuoteMeta(share.String()))
		if ri.Num+in.Num > 0 {
			rest += fmt.Sprintf(`, %s Requires Improvement and %s Inadequate`, word(ri), word(in))
		}
		rest += fmt.Sprintf(`\. That is (higher than|lower than|similar to) the comparator authorities \(%s%%\)\.`, regexp.QuoteMeta(co.String()))
		if !regexp.MustCompile(fmt.Sprintf(`Of the %s [^.]*? in Midshire, [^.]*?%s`, total.String(), rest)).MatchString(md) {
			t.Errorf("no sentence gives %s's ratings below Good (%s, %s) and the comparators' share %s%%", row[0].Text, ri, in, co)
		}
	}
	// The age of the ratings: "N of the M ratings are more than four
	// years old", M the sector's rated locations.
	for _, row := range hr.Rows {
		total, _ := hr.Cell(row[0].Text, "total")
		old, _ := hr.Cell(row[0].Text, "rating_over_4_years_old")
		nr, _ := hr.Cell(row[0].Text, "not_rated")
		rated := int(total.Num - nr.Num)
		if old.Num == 0 || rated < 2 {
			continue
		}
		want := fmt.Sprintf("%s of the %d ratings %s more than four years old", old, rated, map[bool]string{true: "is", false: "are"}[old.Num == 1])
		if !strings.Contains(md, want) {
			t.Errorf("the paper lacks %q for %s", want, row[0].Text)
		}
	}
	// The population group most often rated below Good, with its count.
	worst, worstN := "", 0
	for _, row := range gt.Rows {
		ri, _ := gt.Cell(row[0].Text, "requires_improvement")
		in, _ := gt.Cell(row[0].Text, "inadequate")
		if n := int(ri.Num + in.Num); n > worstN {
			worst, worstN = row[0].Text, n
		}
	}
	if worstN > 0 {
		want := fmt.Sprintf("the group most often rated below Good is %s (%d practices)", strings.ToLower(worst), worstN)
		if worstN == 1 {
			want = fmt.Sprintf("the group most often rated below Good is %s (1 practice)", strings.ToLower(worst))
		}
		if !strings.Contains(md, want) {
			t.Errorf("the paper lacks %q", want)
		}
	}
	// A trust's own ratings are said as CQC says them.
	tr := set.Find("nhs_trusts")
	for _, row := range tr.Rows {
		ov, _ := tr.Cell(row[0].Text, "overall")
		if !strings.Contains(md, row[1].Text) || !strings.Contains(md, "is rated "+labelOf(ov.Text)+" overall") {
			t.Errorf("the paper does not give %s's overall rating %s", row[1].Text, ov.Text)
		}
	}
}

func labelOf(id string) string {
	for _, r := range report.Ratings {
		if r.ID() == id {
			return r.Label()
		}
	}
	return id
}
