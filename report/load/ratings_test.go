package load

import (
	"errors"
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
)

const ratingsCSV = `Latest ratings
Source: CQC database as at 01 November 2019

Location ID,Location Name,Service / Population Group,Domain,Latest Rating,Publication Date,Report Type
1-1,A,Overall,Overall,Good,01/02/2019,Location
1-1,A,Overall,Safe,requires improvement,01/02/2019,Location
1-1,A,Overall,Well-led,Good,01/02/2019,Location
1-1,A,Older people,Safe,Inadequate,01/02/2019,CoreService
1-2,B,Overall,Overall,Outstanding,05/05/2018,Location
1-2,B,Overall,Caring,Outstanding,05/05/2018,Location
1-3,C,Overall,Overall,Good,05/05/2018,Location
1-3,C,Overall,Effective,Good,05/05/2018,Location
1-3,C,Overall,Vibes,Good,05/05/2018,Location
`

func TestRatingsFile(t *testing.T) {
	kq, _, findings, err := readRatings(newCSVRows("r.csv", []byte(ratingsCSV)), "r.csv", "", nil, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := kq["1-1"]
	if a.Overall != report.Good || a.Date != report.NewDate(2019, 2, 1) || !a.HasKQ ||
		a.KQ[report.Safe] != report.RequiresImprovement || a.KQ[report.WellLed] != report.Good {
		t.Errorf("1-1: %+v (population group rows other than Overall must be ignored)", a)
	}
	if len(findings) != 1 || findings[0].Kind != "unknown_domain" || findings[0].Row != 13 {
		t.Errorf("findings %+v", findings)
	}
	// Older files call the column "Key Question".
	old := strings.Replace(ratingsCSV, ",Domain,", ",Key Question,", 1)
	kq2, _, _, err := readRatings(newCSVRows("r.csv", []byte(old)), "r.csv", "", func(id string) bool { return id != "1-3" }, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if kq2["1-2"].KQ[report.Caring] != report.Outstanding || len(kq2) != 2 {
		t.Errorf("Key Question file: %+v", kq2)
	}
	// Merge: the same report only.
	s := &report.Snapshot{Locations: []report.Location{
		{ID: "1-1", Current: report.Assessment{Overall: report.Good, Date: report.NewDate(2019, 2, 1)}},
		{ID: "1-2", Current: report.Assessment{Overall: report.Good, Date: report.NewDate(2019, 9, 9)}},
	}}
	f := MergeKeyQuestions(s, kq, "r.csv")
	if !s.Locations[0].Current.HasKQ || s.Locations[1].Current.HasKQ || len(f) != 1 || f[0].Kind != "ratings_mismatch" {
		t.Errorf("merge: %+v, findings %+v", s.Locations, f)
	}
	_, _, _, err = readRatings(newCSVRows("r.csv", []byte("Location ID,Service / Population Group,Latest Rating\n1-1,Overall,Good\n")), "r.csv", "", nil, false, nil)
	if le := loadErr(t, err); !errors.Is(err, ErrMissingColumn) || le.Row != 1 {
		t.Errorf("no Domain column: %v", err)
	}
}

func TestCommissioned(t *testing.T) {
	dir := t.TempDir()
	ids, err := Commissioned(writeFile(t, dir, "c.csv", []byte("Contract,Location ID\nA, 1-123 \nB,\nC,1-456\n")), nil)
	if err != nil || len(ids) != 2 || !ids["1-123"] || !ids["1-456"] {
		t.Errorf("ids %v, %v", ids, err)
	}
	p := writeFile(t, dir, "bad.csv", []byte("Location ID\n1-1\nRXA01\n"))
	_, err = Commissioned(p, nil)
	le := loadErr(t, err)
	if le.Row != 3 || le.Column != "Location ID" || !strings.HasSuffix(err.Error(), `:3: column "Location ID": value "RXA01" is not a CQC Location ID (like 1-123456789)`) {
		t.Errorf("bad id: %v", err)
	}
	_, err = Commissioned(writeFile(t, dir, "none.csv", []byte("Location ID\n")), nil)
	loadErr(t, err)
}
