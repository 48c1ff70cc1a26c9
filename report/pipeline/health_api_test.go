package pipeline

import (
	"fmt"
	"strings"
	"testing"
)

// The health section from API records: location records of any
// inspection directorate, counted by the sector of their primary
// inspection category, and provider records (fetch -providers) giving an
// NHS trust's own ratings and the providers' names.
func TestHealthFromAPIRecords(t *testing.T) {
	kq := func(safe string) []apiRec {
		return []apiRec{{"name": "Safe", "rating": safe}, {"name": "Effective", "rating": "Good"}, {"name": "Caring", "rating": "Good"},
			{"name": "Responsive", "rating": "Requires improvement"}, {"name": "Well-led", "rating": "Requires improvement"}}
	}
	health := func(id, name, dir, cat, provider, rating, date string) apiRec {
		return apiRec{"locationId": id, "organisationType": "Location", "providerId": provider, "name": name, "localAuthority": "Oldvale",
			"region": "North West", "inspectionDirectorate": dir, "careHome": "N", "dormancy": "N", "registrationDate": "2010-01-01",
			"registrationStatus": "Registered", "inspectionCategories": []apiRec{{"code": "X", "primary": "true", "name": cat}},
			"currentRatings": apiRec{"overall": apiRec{"rating": rating, "reportDate": date}}}
	}
	home := oldvale("1-900000001", "Alder House", 20, "2015-01-01", "", rated("2023-05-01", "Inadequate", "a1"), nil, nil)
	home["providerId"] = "1-555"
	recs := []apiRec{
		home,
		health("1-700000001", "Oldvale Surgery", "Primary medical services", "GP Practices", "1-666", "Good", "2022-01-01"),
		health("1-700000002", "Second Surgery", "Primary medical services", "GP Practices", "1-667", "Requires improvement", "2019-01-01"),
		health("1-700000003", "Oldvale Royal Infirmary", "Hospitals", "Acute hospital - NHS non-specialist", "RA1", "Requires improvement", "2020-06-01"),
		health("1-700000004", "Star Clinic", "Hospitals", "Space medicine", "1-668", "Good", "2020-06-01"),
		{"providerId": "RA1", "organisationType": "Provider", "name": "Oldvale Hospitals NHS Trust", "type": "NHS Healthcare Organisation",
			"currentRatings": apiRec{"overall": apiRec{"rating": "Requires improvement", "reportDate": "2019-09-01", "keyQuestionRatings": kq("Inadequate")}}},
		{"providerId": "1-555", "organisationType": "Provider", "name": "Alder Care Ltd", "type": "Social Care Org"},
	}
	path := writeRecords(t, recs)
	yaml := fmt.Sprintf("authority: Oldvale\nperiod: {as_at: 2024-03-01}\ndata: {api: %s}\nhealth: {sectors: [gp, nhs_hospital, nhs_trust]}\nreport: {style: scrutiny, committee: Health and Adult Care Scrutiny, meeting_date: 2024-03-20}\n", path)
	c, in, r := compute(t, "oldvale.yaml", yaml)
	set := TableSet(r)
	cell := func(id, row, col string) string {
		t.Helper()
		tb := set.Find(id)
		if tb == nil {
			t.Fatalf("no %s table", id)
		}
		v, ok := tb.Cell(row, col)
		if !ok {
			t.Fatalf("%s has no %s/%s", id, row, col)
		}
		return v.String()
	}
	// Two GP practices (one Good, one Requires Improvement, rated more
	// than four years before), one NHS hospital; the unknown category is
	// a finding, not counted.
	for _, w := range []struct{ row, col, want string }{
		{"gp", "total", "2"}, {"gp", "good", "1"}, {"gp", "requires_improvement", "1"}, {"gp", "rating_over_4_years_old", "1"},
		{"nhs_hospital", "total", "1"}, {"nhs_hospital", "requires_improvement", "1"},
	} {
		if got := cell("health_ratings", w.row, w.col); got != w.want {
			t.Errorf("health_ratings %s/%s = %s, want %s", w.row, w.col, got, w.want)
		}
	}
	found := false
	for _, f := range in.Findings {
		found = found || f.Kind == "unknown_category" && strings.Contains(f.Message, "Space medicine")
	}
	if !found {
		t.Errorf("no finding for the unknown category: %v", in.Findings)
	}
	// The trust's own ratings come from its provider record.
	if got := cell("nhs_trusts", "RA1", "overall") + "/" + cell("nhs_trusts", "RA1", "safe") + "/" + cell("nhs_trusts", "RA1", "name"); got != "requires_improvement/inadequate/Oldvale Hospitals NHS Trust" {
		t.Errorf("nhs_trusts RA1: %s", got)
	}
	// The appendix names the care home's provider, not its ID.
	if got := cell("named_services", "1-900000001", "provider"); got != "Alder Care Ltd" {
		t.Errorf("provider %q, want the provider record's name", got)
	}
	files, err := Render(&Plan{Config: c, Result: r}, in, []string{"md"}, Run{Program: testProgram})
	if err != nil {
		t.Fatal(err)
	}
	md := strings.Join(strings.Fields(string(files[0].Data)), " ")
	want := "Oldvale Hospitals NHS Trust, which runs 1 hospital in Oldvale, is rated Requires Improvement overall: Good for effective and caring, Requires Improvement for responsive and well-led, and Inadequate for safe (published 1 September 2019)."
	if !strings.Contains(md, want) {
		t.Errorf("the paper lacks %q", want)
	}
	if !strings.Contains(md, "| Alder House | Alder Care Ltd |") {
		t.Error("the appendix does not name the provider")
	}
}
