package report

import (
	"strings"
	"testing"
)

// TestParseDateFormats covers each format cqc-data.md lists: CQC's own
// dd/mm/yyyy, ISO yyyy-mm-dd (ODS cells, the API), and Excel's US re-save
// m/d/yyyy h:mm:ss AM, plus the long form of preambles and file names.
func TestParseDateFormats(t *testing.T) {
	cases := map[string]Date{
		"01/11/2019":             NewDate(2019, 11, 1),
		"1/11/2019":              NewDate(2019, 11, 1),
		"31/01/2020":             NewDate(2020, 1, 31),
		"2019-11-01":             NewDate(2019, 11, 1),
		"2019-11-01T00:00:00":    NewDate(2019, 11, 1),
		"2019-11-01 00:00:00":    NewDate(2019, 11, 1),
		" 2019-11-01 ":           NewDate(2019, 11, 1),
		"11/1/2019 12:00:00 AM":  NewDate(2019, 11, 1),
		"1/31/2020 1:05:00 PM":   NewDate(2020, 1, 31),
		"12/25/2019 11:59:59 pm": NewDate(2019, 12, 25),
		"01 November 2019":       NewDate(2019, 11, 1),
		"1 Nov 2019":             NewDate(2019, 11, 1),
		"01_November_2019":       NewDate(2019, 11, 1),
		"29/02/2020":             NewDate(2020, 2, 29),
	}
	for in, want := range cases {
		got, err := ParseDate(in)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, in := range []string{
		"", "  ", "yesterday", "31/02/2020", "29/02/2019", "13/13/2019", "2019-13-01", "2019-11-01x",
		"01/11/19", "1/2/3", "1/31/2020", // m/d only with a 12-hour time; 31 is no month
		"1/2 /2019", "/ /", "//", "1//2019", "2019/11/01", "32 November 2019", "1 Smarch 2019",
	} {
		if d, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", in, d)
		}
	}
	_, err := ParseDate("2019-31-12")
	if err == nil || !strings.Contains(err.Error(), `"2019-31-12"`) {
		t.Errorf("error %v should quote the value", err)
	}
}

func TestDateHelpers(t *testing.T) {
	d := NewDate(2020, 2, 29)
	if d.String() != "2020-02-29" || d.Long() != "29 February 2020" {
		t.Errorf("formatting: %s, %s", d, d.Long())
	}
	if got := d.AddYears(1); got != NewDate(2021, 2, 28) {
		t.Errorf("AddYears: %v", got)
	}
	if got := NewDate(2021, 2, 1).AddDate(-1, 0, 1); got != NewDate(2020, 2, 2) {
		t.Errorf("AddDate: %v", got)
	}
	if Date(0).String() != "" || !Date(0).IsZero() {
		t.Error("zero date")
	}
	if !(NewDate(2019, 12, 31) < NewDate(2020, 1, 1)) {
		t.Error("dates do not compare in order")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"01/11/2019", "2019-11-01", "11/1/2019 12:00:00 AM", "1 Nov 2019", "2019-11-01T", "//"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if d != 0 {
				t.Fatalf("error with a date %v", d)
			}
			return
		}
		y, m, day := d.Year(), d.Month(), d.Day()
		if !valid(y, m, day) {
			t.Fatalf("ParseDate(%q) = %d, not a valid date", s, d)
		}
		// A parsed date prints as ISO and reads back the same.
		if back, err := ParseDate(d.String()); err != nil || back != d {
			t.Fatalf("round trip of %q: %v, %v", s, back, err)
		}
	})
}
