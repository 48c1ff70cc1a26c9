package pipeline

import (
	"slices"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
)

// Two small HSCA snapshot files through the whole pipeline: dates from the
// file name and the preamble, scope, movements between snapshot files.
func TestSnapshotFiles(t *testing.T) {
	c, err := config.Load("testdata/leics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	in, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	if in.AsAt != report.NewDate(2019, 11, 1) || in.Previous.AsAt != report.NewDate(2018, 11, 1) {
		t.Errorf("as at %v, previous %v: want the file name's and the preamble's dates", in.AsAt, in.Previous.AsAt)
	}
	var msgs []string
	for _, f := range in.Findings {
		msgs = append(msgs, f.Kind+": "+f.String())
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, `unknown_rating: `) || !strings.Contains(all, `01_November_2019_HSCA_Active_Locations.csv:5: "No action" is not a rating (1 row); counted as not rated`) ||
		!strings.Contains(all, "out_of_scope: ") {
		t.Errorf("findings:\n%s", all)
	}
	r, err := Compute(c, in, "")
	if err != nil {
		t.Fatal(err)
	}
	set := TableSet(r)
	want := map[string][][]string{
		"ratings_by_service_type": {
			{"rating", "all", "all_pct", "care_home", "care_home_pct", "community", "community_pct"},
			{"outstanding", "1", "20", "0", "0", "1", "33"},
			{"good", "1", "20", "1", "50", "0", "0"},
			{"requires_improvement", "1", "20", "1", "50", "0", "0"},
			{"inadequate", "0", "0", "0", "0", "0", "0"},
			{"not_rated", "2", "40", "0", "0", "2", "67"},
			{"total", "5", "100", "2", "100", "3", "100"},
			{"good_or_better", "2", "40", "1", "50", "1", "33"},
		},
		// Default period: 2 November 2018 to 1 November 2019, inclusive, so
		// 1-102 (1 November 2018) is out and 1-103 (31 October 2019) in.
		"inspections_in_period": {
			{"rating", "all", "all_pct", "care_home", "community", "care_home_pct", "community_pct"},
			{"outstanding", "1", "50", "0", "1", "0", "100"},
			{"good", "1", "50", "1", "0", "100", "0"},
			{"requires_improvement", "0", "0", "0", "0", "0", "0"},
			{"inadequate", "0", "0", "0", "0", "0", "0"},
			{"total", "2", "100", "1", "1", "100", "100"},
		},
		"movements": {
			{"movement", "care_home", "community", "all", "care_home_beds"},
			{"improved", "1", "0", "1", ""},
			{"declined", "1", "0", "1", ""},
			{"unchanged", "0", "1", "1", ""},
			{"first_rated", "0", "0", "0", ""},
			{"new", "0", "1", "1", "0"},
			{"closed", "0", "1", "1", "0"},
			// Snapshot files carry no links and no dormancy dates.
			{"re_registered", "", "", "", ""},
			{"back_from_dormant", "", "", "", ""},
			{"now_dormant", "", "", "", ""},
			{"still_not_rated", "0", "0", "0", ""},
			{"no_longer_rated", "0", "1", "1", ""},
		},
		// Beds per head by ONS mid-2019 (nearest 1 November 2019), rows
		// "2019,E10000018,Leicestershire,...,144892,65538" and
		// "2019,E06000017,Rutland,...,10163,4805": 60,000/144,892 = 0.41;
		// 30,000/10,163 = 2.95; the two together 90,000/155,055 = 0.58
		// and 90,000/70,343 = 1.28, with a mean population of 77,527.5
		// and 35,171.5 (half up).
		"beds": {
			{"area", "care_homes", "beds", "nursing_beds", "residential_beds", "population_65plus", "population_75plus", "population_year", "beds_per_1000_65plus", "beds_per_1000_75plus"},
			{"authority", "2", "60", "40", "20", "144892", "65538", "2019", "0.4", "0.9"},
			{"comparators", "1", "30", "0", "30", "10163", "4805", "2019", "3.0", "6.2"},
			{"all_areas", "2", "45", "20", "25", "77528", "35172", "2019", "0.6", "1.3"}, // 2 authorities: not England
		},
	}
	for id, w := range want {
		tb := set.Find(id)
		if tb == nil {
			t.Errorf("no %s table", id)
			continue
		}
		if g := tableStrings(tb); !slices.EqualFunc(g, w, slices.Equal) {
			t.Errorf("%s:\n got %q\nwant %q", id, g, w)
		}
	}
}
