package load

import (
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
)

func readDates(t *testing.T, data, name string) (*report.Snapshot, error) {
	return HSCA(writeFile(t, t.TempDir(), name, []byte(data)))
}

func hscaWithDates(dates ...string) string {
	var b strings.Builder
	b.WriteString("Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Publication Date,Location Local Authority\n")
	for i, d := range dates {
		b.WriteString("1-" + string(rune('a'+i)) + ",Y,Adult social care,Good," + d + ",Heath\n")
	}
	return b.String()
}

// A column that can only be read month-first (as a US-locale Excel saves
// it) is read month-first, and validate is told; a column mixing the two
// is an error naming it; a column that could be either is read day-first.
func TestDateColumnOrder(t *testing.T) {
	s, err := readDates(t, hscaWithDates("05/29/2026", "01/02/2026", "2026-03-04", "12/31/2025"), "us.csv")
	if err != nil {
		t.Fatal(err)
	}
	got := []report.Date{s.Locations[0].Current.Date, s.Locations[1].Current.Date, s.Locations[2].Current.Date, s.Locations[3].Current.Date}
	want := []report.Date{report.MustDate("2026-05-29"), report.MustDate("2026-01-02"), report.MustDate("2026-03-04"), report.MustDate("2025-12-31")}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("row %d: %s, want %s", i+2, got[i], want[i])
		}
	}
	var msgs []string
	for _, f := range s.Findings {
		msgs = append(msgs, f.String())
	}
	if m := strings.Join(msgs, "\n"); !strings.Contains(m, `us.csv:2: column "Publication Date" holds dates that can only be read month-first (e.g. 05/29/2026)`) ||
		!strings.Contains(m, "its 3 dates written with slashes are read month-first") {
		t.Errorf("findings:\n%s", m)
	}

	s, err = readDates(t, hscaWithDates("01/02/2026", "03/04/2026"), "uk.csv")
	if err != nil {
		t.Fatal(err)
	}
	if s.Locations[0].Current.Date != report.MustDate("2026-02-01") || len(s.Findings) != 0 {
		t.Errorf("a column that could be either is read day-first: %s, %v", s.Locations[0].Current.Date, s.Findings)
	}

	_, err = readDates(t, hscaWithDates("31/01/2026", "01/02/2026", "05/29/2026"), "mixed.csv")
	if err == nil || !strings.Contains(err.Error(), `mixed.csv:4: column "Publication Date": the column mixes day-first dates (row 2: 31/01/2026) and month-first dates (row 4: 05/29/2026)`) {
		t.Errorf("mixed column: %v", err)
	}
}

func FuzzDateColumn(f *testing.F) {
	for _, s := range []string{"05/29/2026", "29/05/2026", "1/2/2026", "2026-01-02", "00/00/0000", "13/13/2013", "1 Jan 2020", "10/2/2019 1:00:00 PM"} {
		f.Add(s, "01/02/2026")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		var got []report.Date
		c := dateCol{set: func(_ int, d report.Date) { got = append(got, d) }}
		for i, v := range []string{a, b} {
			if err := c.add(v, i+2, i); err != nil {
				return
			}
		}
		if _, _, err := c.finish(); err != nil {
			return
		}
		if len(got) != 2 {
			t.Fatalf("%q, %q: %d dates set", a, b, len(got))
		}
		for _, d := range got {
			if d.Month() < 1 || d.Month() > 12 || d.Day() < 1 || d.Day() > 31 {
				t.Fatalf("%q, %q: impossible date %v", a, b, d)
			}
		}
	})
}

// Beds beyond any care home's (an overflowing 9223372036854775807, or a
// typo of 20000) are a positioned error, not a negative or absurd total.
func TestBedsHaveAPlausibleMaximum(t *testing.T) {
	for _, v := range []string{"9223372036854775807", "20000", "1e300", "99999999999999999999"} {
		data := "Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority,Care homes beds\n" +
			"1-1,Y,Adult social care,Good,Heath,40\n1-2,Y,Adult social care,Good,Heath," + v + "\n"
		_, err := readDates(t, data, "beds.csv")
		if err == nil || !strings.Contains(err.Error(), `beds.csv:3: column "Care homes beds": value`) ||
			!strings.Contains(err.Error(), "the most beds a care home could have") {
			t.Errorf("%s: %v", v, err)
		}
	}
	rec := `{"locationId":"1-1","careHome":"Y","numberOfBeds":9223372036854775807}`
	if _, err := ReadAPI(strings.NewReader(rec), "api.jsonl"); err == nil || !strings.Contains(err.Error(), "api.jsonl:1: numberOfBeds: value") {
		t.Errorf("API beds: %v", err)
	}
	s, err := readDates(t, "Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority,Care homes beds\n1-1,Y,Adult social care,Good,Heath,\"1,200\"\n", "ok.csv")
	if err != nil || s.Locations[0].Beds != 1200 {
		t.Errorf("1,200 beds: %v", err)
	}
}

// A CSV line of megabytes is refused at its row, and a quote never
// closed is reported at the row where it opens, not at the end of the
// file.
func TestCSVRecordLimits(t *testing.T) {
	head := "Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n"
	ok := "1-1,Y,Adult social care,Good,Heath\n"
	long := head + ok + "1-2,Y,Adult social care,Good," + strings.Repeat("x", 2<<20) + "\n"
	if _, err := readDates(t, long, "long.csv"); err == nil || !strings.Contains(err.Error(), "long.csv:3: a line longer than 1024 kB") {
		t.Errorf("long line: %v", err)
	}
	var b strings.Builder
	b.WriteString(head)
	for i := 0; i < 9; i++ {
		b.WriteString(ok)
	}
	b.WriteString("1-9,Y,Adult social care,Good,\"Heath\n") // row 11 opens a quote
	for i := 0; i < 40000; i++ {
		b.WriteString(ok)
	}
	if _, err := readDates(t, b.String(), "quote.csv"); err == nil || !strings.Contains(err.Error(), "quote.csv:11: malformed CSV: a quoted cell opened on this row") {
		t.Errorf("unclosed quote: %v", err)
	}
}

func TestUTF16CSVIsNamed(t *testing.T) {
	text := "Location ID,Care home?\n1-1,Y\n"
	b := []byte{0xff, 0xfe}
	for _, r := range text {
		b = append(b, byte(r), 0)
	}
	_, err := HSCA(writeFile(t, t.TempDir(), "u16.csv", b))
	if err == nil || !strings.Contains(err.Error(), "u16.csv: the file is UTF-16 text") {
		t.Errorf("UTF-16: %v", err)
	}
}

// One row repeated many times gives a few findings, not one a row.
func TestFindingsAreCappedPerKind(t *testing.T) {
	var b strings.Builder
	b.WriteString("Location ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n")
	for i := 0; i < 50000; i++ {
		b.WriteString("1-1,Y,Adult social care,Good,Heath\n")
	}
	s, err := readDates(t, b.String(), "rep.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Locations) != 1 || len(s.Findings) != maxPerKind+1 {
		t.Fatalf("%d locations, %d findings", len(s.Locations), len(s.Findings))
	}
	if last := s.Findings[len(s.Findings)-1].Message; last != "and 49989 more rows like those above" {
		t.Errorf("summary: %q", last)
	}
}
