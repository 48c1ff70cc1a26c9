package load

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
)

// apiLines are hand-made CQC API records in the sample's shape.
const apiLines = `{"locationId":"1-1","name":"A","localAuthority":"Devon","region":"South West","inspectionDirectorate":"Adult social care","dormancy":"N","careHome":"Y","numberOfBeds":28,"registrationDate":"04/11/2013","gacServiceTypes":[{"name":"Nursing homes","description":"Care home service with nursing"}],"specialisms":[{"name":"Caring for adults over 65 yrs"},{"name":"Dementia"}],"currentRatings":{"overall":{"rating":"Good","reportDate":"2020-05-06","keyQuestionRatings":[{"name":"Safe","rating":"Requires improvement"},{"name":"Well-led","rating":"Good"}]},"reportDate":"2020-05-06"},"historicRatings":[{"reportDate":"2020-12-18","overall":{"rating":"Inspected but not rated"}},{"reportDate":"2017-07-20","overall":{"rating":"Outstanding","keyQuestionRatings":[{"name":"Safe","rating":"Good"}]}}]}

{"locationId":"1-2","name":"B","localAuthority":" Devon ","inspectionDirectorate":"adult social care","dormancy":"Y","careHome":"N","registrationDate":"01/03/2020","deregistrationDate":"2021-01-01","gacServiceTypes":[{"description":"Extra Care housing services"}]}
{"locationId":"1-3","name":"C","localAuthority":"Devon","inspectionDirectorate":"Hospitals","careHome":"N","historicRatings":[{"reportDate":"2012-01-01","overall":{"rating":"Compliance action"}}]}
{"locationId":"1-1","name":"A again","localAuthority":"Torbay","careHome":"N"}
`

func TestAPIRecords(t *testing.T) {
	s, err := ReadAPI(strings.NewReader(apiLines), "api.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if s.Kind != report.FromAPI || !s.KeyQuestions {
		t.Error("API records carry history and key questions")
	}
	if len(s.Locations) != 3 {
		t.Fatalf("%d locations, want 3 (the repeated 1-1 is dropped)", len(s.Locations))
	}
	a, b, c := s.Locations[0], s.Locations[1], s.Locations[2]
	if a.Name != "A" || !a.CareHome || !a.Nursing || a.Beds != 28 || a.Registered != report.NewDate(2013, 11, 4) ||
		a.Bands != report.BandOlderPeople|report.BandDementia || a.Row != 1 || a.Dormant {
		t.Errorf("record 1: %+v", a)
	}
	// History is oldest first, the current rating among it.
	if len(a.History) != 3 {
		t.Fatalf("history %+v", a.History)
	}
	for i, w := range []struct {
		d report.Date
		r report.Rating
	}{{report.NewDate(2017, 7, 20), report.Outstanding}, {report.NewDate(2020, 5, 6), report.Good}, {report.NewDate(2020, 12, 18), report.NotRated}} {
		if h := a.History[i]; h.Date != w.d || h.Overall != w.r {
			t.Errorf("history[%d] = %v %s, want %v %s", i, h.Date, h.Overall.ID(), w.d, w.r.ID())
		}
	}
	if kq := a.History[1]; !kq.HasKQ || kq.KQ[report.Safe] != report.RequiresImprovement || kq.KQ[report.WellLed] != report.Good || kq.KQ[report.Caring] != report.NotRated {
		t.Errorf("key questions of the current report: %+v", kq)
	}
	if b.LocalAuthority != "Devon" || !b.AdultSocialCare || !b.Dormant || b.CareHome || !b.ExtraCare ||
		b.Deregistered != report.NewDate(2021, 1, 1) || b.Row != 3 || len(b.History) != 0 {
		t.Errorf("record 2: %+v", b)
	}
	if c.AdultSocialCare {
		t.Error("a hospital is not adult social care")
	}
	var kinds []string
	for _, f := range s.Findings {
		kinds = append(kinds, f.Kind+" "+f.Message)
	}
	got := strings.Join(kinds, "\n")
	if !strings.Contains(got, "duplicate_id location 1-1 appears again (first on line 1)") ||
		!strings.Contains(got, `unknown_rating "Compliance action" is not a rating`) {
		t.Errorf("findings:\n%s", got)
	}
}

// On the same date the current rating wins over a historic entry.
func TestAPICurrentWinsOnSameDate(t *testing.T) {
	line := `{"locationId":"1-9","careHome":"Y","currentRatings":{"overall":{"rating":"Good","reportDate":"2019-01-01"}},` +
		`"historicRatings":[{"reportDate":"2019-01-01","overall":{"rating":"Requires improvement"}},{"reportDate":"2019-01-01","overall":{"rating":"Inadequate"}}]}`
	s, err := ReadAPI(strings.NewReader(line), "x.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	h := s.Locations[0].History
	if len(h) != 3 || h[len(h)-1].Overall != report.Good {
		t.Errorf("the current rating should come last: %+v", h)
	}
}

func TestAPIErrors(t *testing.T) {
	ok := `{"locationId":"1-1","careHome":"Y"}`
	cases := []struct {
		name, data, want string
		row              int
	}{
		{"broken JSON", ok + "\n" + ok + "\n{\"locationId\": \"1-2\", \n", "api.jsonl:3: not a CQC API location record: invalid JSON", 3},
		{"not an object", ok + "\n[1,2]\n", "api.jsonl:2: not a CQC API location record", 2},
		{"wrong type", `{"locationId":7}`, "api.jsonl:1: not a CQC API location record: field locationId should be string", 1},
		{"no id", ok + "\n{}\n", "api.jsonl:2: record has no locationId", 2},
		{"care home", `{"locationId":"1-1","careHome":"Maybe"}`, `api.jsonl:1: careHome: value "Maybe" is not Y or N`, 1},
		{"registration date", `{"locationId":"1-1","registrationDate":"13/13/2013"}`, `api.jsonl:1: registrationDate: date "13/13/2013" is not in a known format`, 1},
		{"report date", `{"locationId":"1-1","historicRatings":[{"reportDate":"someday","overall":{"rating":"Good"}}]}`, `api.jsonl:1: historicRatings[0]: reportDate: date "someday"`, 1},
		{"beds", `{"locationId":"1-1","numberOfBeds":-3}`, `api.jsonl:1: numberOfBeds: value "-3" is not a whole number`, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadAPI(strings.NewReader(c.data), "api.jsonl")
			le := loadErr(t, err)
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("message\n got %s\nwant %s...", err, c.want)
			}
			if le.Row != c.row || le.File != "api.jsonl" {
				t.Errorf("row %d file %q", le.Row, le.File)
			}
		})
	}
	_, err := API("/no/such/file.jsonl")
	if le := loadErr(t, err); le.File != "/no/such/file.jsonl" {
		t.Errorf("missing file: %v", err)
	}
}

func FuzzAPIJSONL(f *testing.F) {
	for _, l := range strings.Split(apiLines, "\n") {
		f.Add([]byte(l))
	}
	f.Add([]byte(apiLines))
	f.Add([]byte(`{"locationId":"1-1","numberOfBeds":1e400}`))
	f.Add([]byte(`{"locationId":"1-1","currentRatings":{"overall":null},"historicRatings":[{}]}`))
	f.Add([]byte(`{"providerId":"RA1","organisationType":"Provider","name":"T","currentRatings":{"overall":{"rating":"Good","reportDate":"2020-01-01","keyQuestionRatings":[{"name":"Safe","rating":"Inadequate"}]}}}` + "\n" + `{"locationId":"1-1","providerId":"RA1","dormancyStartDate":"2020-01-01","dormancyEndDate":"2021-01-01","relationships":[{"relatedLocationId":"1-2","type":"HSCA Predecessor"}],"reports":[{"reportDate":"2020-05-05"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadAPI(bytes.NewReader(data), "fuzz.jsonl")
		if err != nil {
			var le *Error
			if !errors.As(err, &le) || le.File != "fuzz.jsonl" {
				t.Fatalf("error %T does not name the file: %v", err, err)
			}
			return
		}
		for _, l := range s.Locations {
			for i := 1; i < len(l.History); i++ {
				if l.History[i].Date < l.History[i-1].Date {
					t.Fatalf("history out of order: %+v", l.History)
				}
			}
		}
	})
}

// Today's records (2024 onwards): a service never rated has "No published
// rating" with no date, key questions too; an "Inspected but not rated"
// history entry carries its date beside overall; deregistered locations
// stay listed; unknown fields are ignored. None of it is refused.
func TestAPIRecordsOfToday(t *testing.T) {
	recs := []string{
		// Never rated.
		`{"locationId":"1-1","registrationStatus":"Registered","registrationDate":"2024-03-05","careHome":"N","inspectionDirectorate":"Adult social care","localAuthority":"Heath","assessment":[{"x":1}],"onspdIcbCode":"E54000027","currentRatings":{"overall":{"rating":"No published rating","keyQuestionRatings":[{"name":"Safe","rating":"No published rating"}]}}}`,
		// Rated, with an inspected-but-not-rated entry dated on the entry.
		`{"locationId":"1-2","registrationDate":"2011-01-07","careHome":"Y","numberOfBeds":5,"inspectionDirectorate":"Adult social care","localAuthority":"Heath","registeredManagerAbsentDate":"2024-07-01","currentRatings":{"overall":{"rating":"Good","reportDate":"2017-11-22","keyQuestionRatings":[{"name":"Safe","rating":"Good","reportDate":"2017-11-22"}]},"reportDate":"2017-11-22"},"historicRatings":[{"reportDate":"2022-02-23","overall":{"rating":"Inspected but not rated","keyQuestionRatings":[{"name":"Safe","rating":"Inspected but not rated"}]}},{"reportDate":"2016-11-08","overall":{"rating":"Requires improvement"}}]}`,
		// Deregistered, directorate no longer given.
		`{"locationId":"1-3","registrationStatus":"Deregistered","registrationDate":"2010-10-01","deregistrationDate":"2023-05-31","careHome":"Y","inspectionDirectorate":"Unspecified","localAuthority":"Heath","currentRatings":{"overall":{"rating":"Inadequate","reportDate":"2022-01-10"}}}`,
		// A real rating without any date: left out, and reported.
		`{"locationId":"1-4","registrationDate":"2015-01-01","careHome":"N","inspectionDirectorate":"Adult social care","localAuthority":"Heath","currentRatings":{"overall":{"rating":"Good"}}}`,
	}
	s, err := ReadAPI(strings.NewReader(strings.Join(recs, "\n")+"\n"), "api.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Locations) != 4 {
		t.Fatalf("%d locations", len(s.Locations))
	}
	never, rated, gone, undated := s.Locations[0], s.Locations[1], s.Locations[2], s.Locations[3]
	if len(never.History) != 0 || never.Registered != report.MustDate("2024-03-05") {
		t.Errorf("never rated: %+v", never)
	}
	if len(rated.History) != 3 || rated.History[2].Date != report.MustDate("2022-02-23") || rated.History[2].Overall != report.NotRated ||
		rated.History[1].Overall != report.Good || rated.History[0].Overall != report.RequiresImprovement {
		t.Errorf("history: %+v", rated.History)
	}
	if gone.Deregistered != report.MustDate("2023-05-31") || !s.HasDeregistered {
		t.Errorf("deregistered: %+v", gone)
	}
	if len(undated.History) != 0 {
		t.Errorf("an undated rating entered the history: %+v", undated.History)
	}
	var kinds []string
	for _, f := range s.Findings {
		kinds = append(kinds, f.Kind+": "+f.String())
	}
	all := strings.Join(kinds, "\n")
	if !strings.Contains(all, `undated_rating: api.jsonl:4: 1 rating ("Good") has no reportDate and is left out of the rating history`) {
		t.Errorf("findings:\n%s", all)
	}
	if strings.Contains(all, "No published rating") {
		t.Errorf("a not_rated value without a date was reported:\n%s", all)
	}
}

// A JSONL file that starts with a UTF-8 byte order mark is read, as a CSV
// is; a line longer than any record is refused at its line without being
// held whole.
func TestAPIBOMAndLongLines(t *testing.T) {
	s, err := ReadAPI(strings.NewReader("\xef\xbb\xbf"+`{"locationId":"1-1","careHome":"Y"}`+"\n"), "bom.jsonl")
	if err != nil || len(s.Locations) != 1 {
		t.Fatalf("BOM: %v", err)
	}
	long := `{"locationId":"1-1","name":"` + strings.Repeat("x", maxRecord) + `"}` + "\n"
	_, err = ReadAPI(strings.NewReader(`{"locationId":"1-0"}`+"\n"+long), "long.jsonl")
	if err == nil || !strings.Contains(err.Error(), "long.jsonl:2: the line is longer than 16 MB") {
		t.Errorf("long line: %v", err)
	}
}
