package cqc

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/ons"
)

// A small ONS file for four invented authorities, mid-2021 (0-17 +
// 18-64 + 65+ = all ages):
//
//	Heath 20,000 + 60,000 + 20,000 = 100,000   (18 and over: 80,000)
//	Vale  30,000 + 100,000 + 30,000 = 160,000  (18 and over: 130,000)
//	Moor  10,000 + 34,000 + 16,000 = 60,000    (18 and over: 50,000)
//	Fen   10,000 + 30,000 + 10,000 = 50,000    (18 and over: 40,000)
const smallONS = `year,code,name,all_ages,age_0_17,age_18_64,age_65_plus,age_75_plus
2021,E06000901,Heath,100000,20000,60000,20000,9000
2021,E06000902,Vale,160000,30000,100000,30000,14000
2021,E06000903,Moor,60000,10000,34000,16000,7000
2021,E06000904,Fen,50000,10000,30000,10000,4000
`

// perHeadSnapshot has homes care homes and comm community-based services
// in each authority, as at 1 May 2021.
func perHeadSnapshot(homes, comm map[string]int) *report.Snapshot {
	s := &report.Snapshot{AsAt: report.MustDate("2021-05-01")}
	for _, la := range []string{"Heath", "Vale", "Moor", "Fen"} {
		for i := 0; i < homes[la]; i++ {
			s.Locations = append(s.Locations, report.Location{ID: fmt.Sprintf("1-%s-h%d", la, i), LocalAuthority: la, AdultSocialCare: true, CareHome: true, Beds: 20})
		}
		for i := 0; i < comm[la]; i++ {
			s.Locations = append(s.Locations, report.Location{ID: fmt.Sprintf("1-%s-c%d", la, i), LocalAuthority: la, AdultSocialCare: true})
		}
	}
	return s
}

func servicesPerHeadTable(t *testing.T, r *Result) *report.Table {
	t.Helper()
	for _, tb := range r.Tables {
		if tb.ID == TServicesPerHead {
			return tb
		}
	}
	t.Fatalf("no %s table", TServicesPerHead)
	return nil
}

// Services per head worked by hand: Heath against Vale and Moor as a
// group, and the four authorities of the data.
//
//	Heath:       20 homes / 20,000 x 10,000 = 10.0;  42 community / 80,000 x 10,000 = 5.25, half up 5.3
//	Comparators: 40 + 31 = 71 / 46,000 x 10,000 = 15.43..., 15.4;  60 + 34 = 94 / 180,000 x 10,000 = 5.22..., 5.2
//	             means per authority: 35.5 -> 36 homes, 47 community, 23,000 aged 65+, 90,000 aged 18+
//	All four:    100 / 76,000 x 10,000 = 13.15..., 13.2;  140 / 300,000 x 10,000 = 4.66..., 4.7
//	             means: 25 homes, 35 community, 19,000 aged 65+, 75,000 aged 18+
func TestServicesPerHeadByHand(t *testing.T) {
	p, err := ons.ParsePopulation(strings.NewReader(smallONS), "small.csv")
	if err != nil {
		t.Fatal(err)
	}
	homes := map[string]int{"Heath": 20, "Vale": 40, "Moor": 31, "Fen": 9}
	comm := map[string]int{"Heath": 42, "Vale": 60, "Moor": 34, "Fen": 4}
	s := perHeadSnapshot(homes, comm)
	o := Options{Authority: "Heath", Comparators: []string{"Vale", "Moor"}, AsAt: s.AsAt, England: true, Population: p}
	r, err := Compute(s, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	tb := servicesPerHeadTable(t, r)
	if got := strings.Join(tb.Columns, " "); got != "area care_homes community population_65plus population_18plus population_year care_homes_per_10000_65plus community_per_10000_18plus" {
		t.Fatalf("columns %s", got)
	}
	want := map[string]string{
		"authority":   "20 42 20000 80000 2021 10.0 5.3",
		"comparators": "36 47 23000 90000 2021 15.4 5.2",
		"all_areas":   "25 35 19000 75000 2021 13.2 4.7",
	}
	if len(tb.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(tb.Rows), len(want))
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
	if !strings.Contains(tb.Title, "ONS mid-2021") {
		t.Errorf("title %q does not name the ONS year", tb.Title)
	}
	// The reader gives each rate as printed and unrounded (the group's
	// services over its population).
	x, ok := r.ServicesPerHead()
	if !ok {
		t.Fatal("no reader")
	}
	for _, c := range []struct {
		a       BedsArea
		m       PerHeadMeasure
		printed string
		value   float64
	}{
		{BedsAuthority, HomesPer65, "10.0", 10}, {BedsAuthority, CommunityPer18, "5.3", 5.25},
		{BedsComparators, HomesPer65, "15.4", 71e4 / 46000}, {BedsComparators, CommunityPer18, "5.2", 94e4 / 180000},
		{BedsEngland, HomesPer65, "13.2", 100e4 / 76000}, {BedsEngland, CommunityPer18, "4.7", 140e4 / 300000},
	} {
		got, ok := x.Rate(c.a, c.m)
		if !ok || got.Printed != c.printed || math.Abs(got.Value-c.value) > 1e-9 {
			t.Errorf("area %d measure %d: %+v %v, want %s %v", c.a, c.m, got, ok, c.printed, c.value)
		}
	}
	if y, ok := x.Year(); !ok || y != 2021 {
		t.Errorf("year %d %v", y, ok)
	}

	// A comparator ONS does not hold that year: its group has counts but
	// no population or rate (never a rate of the others alone).
	q, err := ons.ParsePopulation(strings.NewReader(strings.Replace(smallONS, "2021,E06000903,Moor", "2020,E06000903,Moor", 1)), "small.csv")
	if err != nil {
		t.Fatal(err)
	}
	o.Population = q
	r, err = Compute(s, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	tb = servicesPerHeadTable(t, r)
	for _, id := range []string{"comparators", "all_areas"} {
		for _, col := range []string{"population_65plus", "population_18plus", "care_homes_per_10000_65plus", "community_per_10000_18plus"} {
			if c, _ := tb.Cell(id, col); !c.IsNull() {
				t.Errorf("without Moor's population %s/%s = %s, want null", id, col, c.String())
			}
		}
	}
	if c, _ := tb.Cell("comparators", "care_homes"); c.String() != "36" {
		t.Errorf("comparators' care homes %s, want 36", c.String())
	}
	if c, _ := tb.Cell("authority", "care_homes_per_10000_65plus"); c.String() != "10.0" {
		t.Errorf("Heath's rate %s, want 10.0", c.String())
	}
	x, _ = r.ServicesPerHead()
	if _, ok := x.Rate(BedsComparators, HomesPer65); ok {
		t.Error("the reader gives the comparators a rate without Moor's population")
	}

	// Care homes only: the community-based services are null, not 0.
	delete(comm, "Heath")
	for la := range comm {
		comm[la] = 0
	}
	o.Population = p
	r, err = Compute(perHeadSnapshot(homes, comm), nil, o)
	if err != nil {
		t.Fatal(err)
	}
	if !r.CareHomesOnly {
		t.Fatal("the data should hold care homes only")
	}
	tb = servicesPerHeadTable(t, r)
	for _, id := range []string{"authority", "comparators", "all_areas"} {
		for _, col := range []string{"community", "community_per_10000_18plus"} {
			if c, _ := tb.Cell(id, col); !c.IsNull() {
				t.Errorf("care homes only: %s/%s = %s, want null", id, col, c.String())
			}
		}
	}
	if c, _ := tb.Cell("authority", "care_homes_per_10000_65plus"); c.String() != "10.0" {
		t.Errorf("care homes only: Heath's rate %s, want 10.0", c.String())
	}
	if strings.Contains(tb.Title, "community") {
		t.Errorf("care homes only: title %q", tb.Title)
	}

	// population: false: no table.
	o.Population = nil
	r, _ = Compute(s, nil, o)
	for _, tb := range r.Tables {
		if tb.ID == TServicesPerHead {
			t.Error("population off: a services_per_head table")
		}
	}
	if _, ok := r.ServicesPerHead(); ok {
		t.Error("population off: a reader")
	}
}

// The rate rounds half up with integer arithmetic: 42 per 80,000 is 5.25
// per 10,000 exactly, printed 5.3 (a float's rounding might give 5.2).
func TestPerCellRoundsHalfUp(t *testing.T) {
	for _, c := range []struct {
		n, pop int
		want   string
	}{{42, 80000, "5.3"}, {1, 20000, "0.5"}, {0, 5000, "0.0"}, {3, 40000, "0.8"}, {322, 210941, "15.3"}} {
		if got := perCell(c.n, c.pop, ServicesPer); got.String() != c.want || got.N != c.n || got.Of != c.pop {
			t.Errorf("%d per %d: %s (N %d, Of %d), want %s", c.n, c.pop, got.String(), got.N, got.Of, c.want)
		}
	}
	if !perCell(3, 0, ServicesPer).IsNull() {
		t.Error("no population: not null")
	}
}
