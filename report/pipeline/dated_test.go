package pipeline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// An Oldham-like authority, "Oldvale", in today's API shape (ISO dates,
// dormancy dates, relationships, reports[]): every record is made up, and
// each one is there for one rule of cqc-data.md. The paper compares 1
// March 2024 with 1 March 2023; the inspection period is the year to 1
// March 2024.
type apiRec map[string]any

func rated(date, rating, link string) apiRec {
	return apiRec{"reportDate": date, "reportLinkId": link, "overall": apiRec{"rating": rating}}
}

func oldvale(id, name string, beds int, reg, dereg string, current apiRec, hist []apiRec, extra apiRec) apiRec {
	r := apiRec{"locationId": id, "providerId": "1-8" + id[3:], "name": name, "localAuthority": "Oldvale",
		"region": "North West", "inspectionDirectorate": "Adult social care", "careHome": "Y", "dormancy": "N",
		"numberOfBeds": beds, "registrationDate": reg,
		"gacServiceTypes": []apiRec{{"description": "Care home service without nursing"}}}
	if dereg != "" {
		r["registrationStatus"], r["deregistrationDate"] = "Deregistered", dereg
	} else {
		r["registrationStatus"] = "Registered"
	}
	if current != nil {
		r["currentRatings"] = apiRec{"overall": apiRec{"rating": current["overall"].(apiRec)["rating"],
			"reportDate": current["reportDate"], "reportLinkId": current["reportLinkId"]}}
	} else {
		r["currentRatings"] = apiRec{"overall": apiRec{"rating": "No published rating"}}
	}
	if hist != nil {
		r["historicRatings"] = hist
	}
	for k, v := range extra {
		r[k] = v
	}
	return r
}

func oldvaleRecords() []apiRec {
	good2019 := rated("2019-05-01", "Good", "a1")
	return []apiRec{
		// A: Good at both dates; a focused inspection in the period
		// re-rated one key question and gave no overall rating: a report
		// all the same (rule 10).
		oldvale("1-900000001", "Alder House", 20, "2015-01-01", "", good2019, nil,
			apiRec{"reports": []apiRec{{"linkId": "a2", "reportDate": "2023-07-01"}, {"linkId": "a1", "reportDate": "2019-05-01"}}}),
		// B: dormant from June 2022 to September 2023: not there on 1
		// March 2023, trading again on 1 March 2024 (rule 3).
		oldvale("1-900000002", "Beech Court", 25, "2012-01-01", "", rated("2018-03-01", "Good", "b1"), nil,
			apiRec{"dormancyStartDate": "2022-06-01", "dormancyEndDate": "2023-09-01"}),
		// C: dormant since October 2023: there on 1 March 2023, not on
		// 1 March 2024, and not closed.
		oldvale("1-900000003", "Cedar Lodge", 40, "2011-01-01", "", rated("2018-04-01", "Good", "c1"), nil,
			apiRec{"dormancy": "Y", "dormancyStartDate": "2023-10-01"}),
		// D and E: D (146 beds, Requires Improvement) deregistered on 30
		// June 2023 and E registered the next day as its successor: a
		// re-registration (rule 7). E's record does not carry D's
		// ratings, so D's last rating is E's rating before (rule 9).
		oldvale("1-900000004", "Damson Park", 146, "2012-01-01", "2023-06-30", rated("2021-01-01", "Requires improvement", "d1"), nil,
			apiRec{"relationships": []apiRec{{"relatedLocationId": "1-900000005", "type": "HSCA Successor", "reason": "Legal Entity Change"}}}),
		oldvale("1-900000005", "Damson Park", 146, "2023-07-01", "", rated("2024-01-15", "Requires improvement", "e1"), nil,
			apiRec{"relationships": []apiRec{{"relatedLocationId": "1-900000004", "type": "HSCA Predecessor", "reason": "Legal Entity Change"}},
				"reports": []apiRec{{"linkId": "e1", "reportDate": "2024-01-15"}}}),
		// F: deregistered in August 2023 with no successor: closed.
		oldvale("1-900000006", "Fir Tree", 30, "2010-01-01", "2023-08-01", rated("2019-01-01", "Good", "f1"), nil, nil),
		// G: registered in September 2023, not yet rated: new.
		oldvale("1-900000007", "Gorse View", 20, "2023-09-01", "", nil, nil, nil),
		// H: Inadequate at three reports running.
		oldvale("1-900000008", "Hawthorn", 30, "2014-01-01", "", rated("2023-11-01", "Inadequate", "h3"),
			[]apiRec{rated("2022-05-01", "Inadequate", "h2"), rated("2021-02-01", "Inadequate", "h1"), rated("2018-02-01", "Good", "h0")}, nil),
		// I: registered in May 2023 as the successor of J, which closed
		// in January 2022, long before: a new service, not a
		// re-registration.
		oldvale("1-900000009", "Ivy Bank", 10, "2023-05-01", "", nil, nil,
			apiRec{"relationships": []apiRec{{"relatedLocationId": "1-900000010", "type": "HSCA Predecessor", "reason": "New Provider"}}}),
		oldvale("1-900000010", "Ivy Bank", 10, "2009-01-01", "2022-01-01", rated("2017-01-01", "Good", "j1"), nil, nil),
		// K: rated Good in June 2023; a history entry "Inspected but not
		// rated" with the same reportLinkId is part of that report.
		oldvale("1-900000011", "Kingfisher", 15, "2013-01-01", "", rated("2023-06-01", "Good", "k2"),
			[]apiRec{rated("2023-06-01", "Inspected but not rated", "k2"), rated("2019-01-01", "Good", "k1")}, nil),
		// L: rated Requires Improvement in April 2023 and inspected but
		// not rated in August 2023: both in the period.
		oldvale("1-900000012", "Larch", 12, "2015-01-01", "", rated("2023-04-01", "Requires improvement", "l2"),
			[]apiRec{rated("2023-08-01", "Inspected but not rated", "l3"), rated("2019-06-01", "Good", "l1")}, nil),
		// M: dormant Y with no dates: dormant at every date.
		oldvale("1-900000013", "Maple", 18, "2012-01-01", "", rated("2018-01-01", "Good", "m1"), nil, apiRec{"dormancy": "Y"}),
		// A service of another authority, so that comparators exist.
		func() apiRec {
			r := oldvale("1-900000020", "Nearby House", 20, "2010-01-01", "", rated("2019-01-01", "Good", "n1"), nil, nil)
			r["localAuthority"] = "Newvale"
			return r
		}(),
	}
}

func writeRecords(t *testing.T, recs []apiRec) string {
	t.Helper()
	var b strings.Builder
	for _, r := range recs {
		j, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	p := filepath.Join(t.TempDir(), "oldvale.jsonl")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDatedRules counts Oldvale by the rules of cqc-data.md, each figure
// worked out by hand from the records above.
func TestDatedRules(t *testing.T) {
	path := writeRecords(t, oldvaleRecords())
	yaml := fmt.Sprintf("authority: Oldvale\ncomparators: {authorities: [Newvale]}\nengland: false\nperiod: {as_at: 2024-03-01, previous: 2023-03-01}\ndata: {api: %s}\nreport: {style: scrutiny, committee: Scrutiny, meeting_date: 2024-03-20}\n", path)
	_, in, r := compute(t, "oldvale.yaml", yaml)
	set := TableSet(r)
	get := func(id, row, col string) string {
		t.Helper()
		tb := set.Find(id)
		if tb == nil {
			t.Fatalf("no %s table", id)
		}
		c, ok := tb.Cell(row, col)
		if !ok {
			t.Fatalf("%s has no %s/%s", id, row, col)
		}
		return c.String()
	}
	// Rule 3. On 1 March 2023: A, C, D, F, H, K, L (B and M dormant; E,
	// G and I not yet registered; J closed). Good: A C F K L; Requires
	// Improvement: D; Inadequate: H. On 1 March 2024: A, B, E, G, H, I,
	// K, L (C and M dormant, D and F closed). Good: A B K; Requires
	// Improvement: E L; Inadequate: H; not rated: G I.
	for _, c := range []struct{ row, col, want string }{
		{"total", "previous", "7"}, {"good", "previous", "5"}, {"requires_improvement", "previous", "1"}, {"inadequate", "previous", "1"}, {"not_rated", "previous", "0"},
		{"total", "current", "8"}, {"good", "current", "3"}, {"requires_improvement", "current", "2"}, {"inadequate", "current", "1"}, {"not_rated", "current", "2"},
	} {
		if got := get("year_on_year", c.row, c.col); got != c.want {
			t.Errorf("year_on_year %s/%s = %s, want %s", c.row, c.col, got, c.want)
		}
	}
	// Rule 7: A H K unchanged, L declined, B back from dormant, C now
	// dormant, E re-registered (146 beds; D not closed), G and I new (30
	// beds), F closed (30 beds).
	for _, c := range []struct{ row, col, want string }{
		{"unchanged", "all", "3"}, {"declined", "all", "1"}, {"improved", "all", "0"},
		{"back_from_dormant", "all", "1"}, {"now_dormant", "all", "1"},
		{"re_registered", "all", "1"}, {"re_registered", "care_home_beds", "146"},
		{"new", "all", "2"}, {"new", "care_home_beds", "30"},
		{"closed", "all", "1"}, {"closed", "care_home_beds", "30"},
	} {
		if got := get("movements", c.row, c.col); got != c.want {
			t.Errorf("movements %s/%s = %s, want %s", c.row, c.col, got, c.want)
		}
	}
	if m := r.Prev.Movements; m.ReRegisteredChange[cqc.Unchanged] != 1 {
		t.Errorf("E's rating against D's: %v, want one unchanged", m.ReRegisteredChange)
	}
	// Rule 10, in the year to 1 March 2024: A (a focused report), E, H,
	// K and L had a report; E, H, K and L were rated; only L was
	// inspected but not rated (K's entry is part of its rated report),
	// and L had both.
	for _, c := range []struct{ row, want string }{
		{"services_with_a_report", "5"}, {"rated_in_period", "4"}, {"inspected_not_rated", "1"}, {"rated_and_inspected_not_rated", "1"},
	} {
		if got := get("inspection_activity", c.row, "all"); got != c.want {
			t.Errorf("inspection_activity %s = %s, want %s", c.row, got, c.want)
		}
	}
	// Rule 9: the rating before. H: Inadequate on 1 May 2022, three
	// reports running below Good; E: D's Requires Improvement of 2021,
	// two running; L: Good of 2019.
	named := set.Find(cqc.TNamed)
	want := map[string]string{
		"1-900000008": "inadequate before=inadequate 2022-05-01 run=3",
		"1-900000005": "requires_improvement before=requires_improvement 2021-01-01 run=2",
		"1-900000012": "requires_improvement before=good 2019-06-01 run=1",
	}
	got := map[string]string{}
	for _, row := range named.Rows {
		got[row[0].Text] = fmt.Sprintf("%s before=%s %s run=%s", row[4].Text, row[6].Text, row[7].Text, row[8])
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("named services:\n got %v\nwant %v", got, want)
	}
	// Validate says that M's dormancy has no dates.
	found := false
	for _, f := range in.Findings {
		if f.Kind == "dormant_undated" {
			found = true
		}
	}
	if !found {
		t.Errorf("no finding for a dormancy without dates: %v", in.Findings)
	}
	// With dormant services included, B and C are there at both dates.
	yaml2 := strings.Replace(yaml, "data: {api:", "data: {include_dormant: true, api:", 1)
	_, _, r2 := compute(t, "oldvale.yaml", yaml2)
	if n := r2.Prev.Movements.Count(cqc.BackFromDormant, cqc.All) + r2.Prev.Movements.Count(cqc.NowDormant, cqc.All); n != 0 {
		t.Errorf("with dormant services included, %d moved in or out of dormancy", n)
	}
	if got := TableSet(r2).Find("year_on_year"); got == nil {
		t.Fatal("no year_on_year")
	} else if c, _ := got.Cell("total", "previous"); c.String() != "9" {
		t.Errorf("with dormant services: %s on 1 March 2023, want 9 (A B C D F H K L M)", c.String())
	}
}

// TestDevonCountsByDates checks the figures issue 17 found wrong on the
// real Devon records, as at 1 February 2021 against 1 February 2020 with
// the default inspection period (the year to 1 February 2021).
func TestDevonCountsByDates(t *testing.T) {
	rs := realSample(t)
	if rs.authority != "Devon" {
		t.Skip("the real records hold no Devon")
	}
	_, _, r := compute(t, "devon.yaml", fmt.Sprintf("authority: Devon\ncomparators: {authorities: [%s]}\nperiod: {as_at: 2021-02-01, previous: 2020-02-01}\ndata: {api: %s}\n", strings.Join(rs.comps, ", "), rs.path))
	set := TableSet(r)
	cell := func(id, row, col string) string {
		c, ok := set.Find(id).Cell(row, col)
		if !ok {
			t.Fatalf("%s has no %s/%s", id, row, col)
		}
		return c.String()
	}
	// 80 services had a report (a focused inspection that re-rated two
	// key questions is one); 30 were inspected but not rated.
	if got := cell("inspection_activity", "services_with_a_report", "all"); got != "80" {
		t.Errorf("services with a report = %s, want 80", got)
	}
	if got := cell("inspection_activity", "inspected_not_rated", "all"); got != "30" {
		t.Errorf("inspected but not rated = %s, want 30", got)
	}
	// Of the 5 registered since 1 February 2020, 3 are re-registrations.
	if n, re := cell("movements", "new", "all"), cell("movements", "re_registered", "all"); n != "2" || re != "3" {
		t.Errorf("new %s, re-registered %s; want 2 and 3", n, re)
	}
	// The rating before: Ashfield's is Requires Improvement (not the
	// Inadequate it held on the earlier date); Heatherside House has been
	// below Good at 7 reports running, 3 of them Inadequate.
	for _, row := range set.Find(cqc.TNamed).Rows {
		switch row[1].Text {
		case "Ashfield":
			if row[6].Text != report.RequiresImprovement.ID() || row[9].Text != report.Inadequate.ID() {
				t.Errorf("Ashfield: before %s, on the earlier date %s", row[6].Text, row[9].Text)
			}
		case "Heatherside House Care Centre":
			if row[6].Text != "inadequate" || row[8].String() != "7" {
				t.Errorf("Heatherside House: before %s, running %s", row[6].Text, row[8])
			}
		}
	}
}
