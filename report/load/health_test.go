package load

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
)

const healthCSV = `Latest ratings
Source: CQC database as at 01 March 2026

Location ID,Location Name,Location Local Authority,Location Region,Location Primary Inspection Category,Location Type,Provider ID,Provider Name,Service / Population Group,Domain,Latest Rating,Publication Date,Report Type
1-1,Home,Devon,South West,Residential social care,Social Care Org,1-9,P,Overall,Overall,Good,01/02/2024,Location
1-1,Home,Devon,South West,Residential social care,Social Care Org,1-9,P,Overall,Safe,Requires improvement,01/02/2024,Location
1-2,Surgery,Devon,South West,GP Practices,Primary Medical Services,1-8,Doctors,Overall,Overall,Good,03/03/2023,Location
1-2,Surgery,Devon,South West,GP Practices,Primary Medical Services,1-8,Doctors,Overall,Safe,Good,03/03/2023,Location
1-2,Surgery,Devon,South West,GP Practices,Primary Medical Services,1-8,Doctors,Older people,Overall,Requires improvement,03/03/2023,Location
1-3,Royal Infirmary,Devon,South West,Acute hospital - NHS non-specialist,NHS Healthcare Organisation,RA1,Devon NHS Trust,Overall,Overall,Requires improvement,10/10/2019,Location
1-3,Royal Infirmary,Devon,South West,Acute hospital - NHS non-specialist,NHS Healthcare Organisation,RA1,Devon NHS Trust,Maternity,Overall,Inadequate,10/10/2019,CoreService
1-3,Royal Infirmary,Devon,South West,Acute hospital - NHS non-specialist,NHS Healthcare Organisation,RA1,Devon NHS Trust,Maternity,Safe,Inadequate,10/10/2019,CoreService
1-4,Smile,Devon,South West,Dentists,Primary Dental Care,1-7,Teeth,Overall,Overall,Not Rated,,Location
1-5,Odd,Devon,South West,Space medicine,Independent Healthcare Org,1-6,X,Overall,Overall,Good,01/01/2020,Location
1-6,Clinic,Devon,South West,GP Practices,Primary Medical Services,1-5,Y,Overall,Overall,Regulations met,01/01/2020,Location
`

// Every sector of the Latest ratings file in one pass: the social care
// key questions as before, and the health locations with their groups; an
// unknown category and a value that is no rating are findings.
func TestRatingsAndHealth(t *testing.T) {
	kq, acc, findings, err := readRatingsRows(newCSVRows("r.csv", []byte(healthCSV)), "r.csv", "", nil, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := acc.done()
	if a := kq["1-1"]; a.Overall != report.Good || a.KQ[report.Safe] != report.RequiresImprovement {
		t.Errorf("social care key questions lost: %+v", a)
	}
	if _, ok := kq["1-2"]; ok {
		t.Error("a GP practice was taken as social care")
	}
	got := map[string]report.HealthLocation{}
	for _, l := range h.Locations {
		got[l.ID] = l
	}
	if len(got) != 4 {
		t.Fatalf("health locations %v, want 1-2, 1-3, 1-4 and 1-6", got)
	}
	gp := got["1-2"]
	if gp.Sector != report.SectorGP || gp.Overall.Overall != report.Good || len(gp.Groups) != 1 || gp.Groups[0].Rating.Overall != report.RequiresImprovement {
		t.Errorf("GP practice %+v", gp)
	}
	hosp := got["1-3"]
	if hosp.Sector != report.SectorNHSHospital || hosp.ProviderName != "Devon NHS Trust" || len(hosp.Groups) != 1 ||
		hosp.Groups[0].Name != "Maternity" || hosp.Groups[0].Rating.KQ[report.Safe] != report.Inadequate || hosp.Overall.Date != report.MustDate("2019-10-10") {
		t.Errorf("hospital %+v", hosp)
	}
	if got["1-4"].Overall.Overall != report.NotRated || got["1-6"].Overall.Overall != report.NotRated {
		t.Error("Not Rated and Regulations met must count as not rated")
	}
	all := append(findings, h.Findings...)
	var cat, val bool
	for _, f := range all {
		cat = cat || f.Kind == "unknown_category" && strings.Contains(f.Message, `"Space medicine"`) && f.Row == 14
		val = val || strings.Contains(f.Message, `"Regulations met"`)
	}
	if !cat || !val {
		t.Errorf("findings %v: want the unknown category (row 14) and the value that is no rating", all)
	}
}

// Bad input: one positioned error.
func TestHealthErrors(t *testing.T) {
	for _, c := range []struct{ name, csv, want string }{
		{"no category column", "Location ID,Service / Population Group,Domain,Latest Rating,Location Local Authority\n1-1,Overall,Overall,Good,Devon\n",
			`r.csv:1: column missing: the header has no column "Location Primary Inspection Category"`},
		{"bad date", "Location ID,Location Primary Inspection Category,Location Local Authority,Service / Population Group,Domain,Latest Rating,Publication Date\n1-1,GP Practices,Devon,Overall,Overall,Good,31/31/2020\n",
			`r.csv:2: column "Publication Date"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, _, err := readRatingsRows(newCSVRows("r.csv", []byte(c.csv)), "r.csv", "", nil, true, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}

// The providers' own ratings: from a CSV of the Providers sheet, and a
// workbook's missing Providers sheet is no error.
func TestProviders(t *testing.T) {
	dir := t.TempDir()
	loc := filepath.Join(dir, "r.csv")
	prov := filepath.Join(dir, "p.csv")
	os.WriteFile(loc, []byte(healthCSV), 0o644)
	os.WriteFile(prov, []byte("Provider ID,Provider Name,Service / Population Group,Domain,Latest Rating,Publication Date,Report Type\n"+
		"RA1,Devon NHS Trust,Overall,Overall,Requires improvement,05/06/2019,Provider\nRA1,Devon NHS Trust,Overall,Safe,Inadequate,05/06/2019,Provider\n"+
		"RA1,Devon NHS Trust,Maternity,Safe,Good,05/06/2019,Provider\n"), 0o644)
	h, err := HealthRatings(loc, prov)
	if err != nil {
		t.Fatal(err)
	}
	p := h.Providers["RA1"]
	if !h.HasProviders || p == nil || p.Overall.Overall != report.RequiresImprovement || p.Overall.KQ[report.Safe] != report.Inadequate {
		t.Errorf("providers %+v", h.Providers)
	}
	h, err = HealthRatings(loc, "")
	if err != nil || h.HasProviders {
		t.Errorf("without a Providers sheet: %v, %v", err, h.HasProviders)
	}
	_, err = HealthRatings(loc, filepath.Join(dir, "missing.csv"))
	var le *Error
	if !errors.As(err, &le) {
		t.Errorf("a missing providers file: %v", err)
	}
}

// FuzzHealthRatings: any bytes as a Latest ratings CSV and as a Providers
// CSV give health locations or one error, never a panic.
func FuzzHealthRatings(f *testing.F) {
	f.Add([]byte(healthCSV))
	f.Add([]byte("Provider ID,Service / Population Group,Domain,Latest Rating\nRA1,Overall,Overall,Good\n"))
	f.Add([]byte("Location ID,Location Primary Inspection Category,Location Local Authority,Service / Population Group,Domain,Latest Rating\n1-1,GP Practices,X,A,Safe,Good\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, acc, _, err := readRatingsRows(newCSVRows("r.csv", b), "r.csv", "", nil, true, nil)
		if err == nil && acc != nil {
			h := acc.done()
			for _, l := range h.Locations {
				if l.ID == "" || len(l.Groups) > maxHealthGroups {
					t.Fatalf("location %+v", l)
				}
			}
		}
		if err != nil && !strings.HasPrefix(err.Error(), "r.csv") {
			t.Fatalf("error does not name the file: %v", err)
		}
		h := &report.Health{}
		if err := readProviders(newCSVRows("p.csv", b), "p.csv", "", h); err != nil && !strings.HasPrefix(err.Error(), "p.csv") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
