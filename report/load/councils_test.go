package load

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
)

func TestCouncilAssessmentsCSV(t *testing.T) {
	in := "\xef\xbb\xbfAuthority,Rating,Published,Score,Notes\n" +
		"Leicestershire,Requires improvement,2025-09,,reference 003\n" +
		"\n" +
		"\"Bournemouth, Christchurch and Poole\",good,2024-11-20,70%,\n" +
		"Rutland,Good,2025-01,40,score in another band\n"
	as, fs, err := ReadCouncilAssessments(strings.NewReader(in), "c.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 3 {
		t.Fatalf("%d rows: %+v", len(as), as)
	}
	if a := as[0]; a.Authority != "Leicestershire" || a.Rating != report.RequiresImprovement || !a.MonthOnly || a.PublishedISO() != "2025-09" || a.HasScore {
		t.Errorf("Leicestershire: %+v", a)
	}
	if a := as[1]; a.Authority != "Bournemouth, Christchurch and Poole" || a.Score != 70 || !a.HasScore || a.PublishedISO() != "2024-11-20" {
		t.Errorf("BCP: %+v", a)
	}
	if len(fs) != 1 || fs[0].String() != "c.csv:5: Rutland: score 40% is in CQC's band for Requires Improvement (25-38% Inadequate, 39-62% Requires improvement, 63-87% Good, 88% and above Outstanding), but the rating given is Good; check both" {
		t.Errorf("findings %v", fs)
	}
}

func TestCouncilAssessmentsCSVErrors(t *testing.T) {
	head := "authority,rating,published,score\n"
	for _, c := range []struct{ in, want string }{
		{"", "c.csv: empty: want a header row authority,rating,published,score"},
		{"authority,rating\nX,Good\n", `c.csv:1: no column "published" (want authority, rating, published, score)`},
		{"authority,rating,published,Rating\n", `c.csv:1: column "Rating" given twice`},
		{head, "c.csv: no councils listed"},
		{head + "Devon,Fair,2025-01,\n", `c.csv:2: rating: "Fair" is not Outstanding, Good, Requires improvement or Inadequate`},
		{head + "Devon,Good,soon,\n", `c.csv:2: published: "soon" is not a date such as 2025-09-18 or a month such as 2025-09`},
		{head + "Devon,Good,2025-01,120\n", `c.csv:2: score: "120" is not a percentage from 0 to 100`},
		{head + "Devon,Good,2025-01,1e2\n", `c.csv:2: score: "1e2" is not a percentage from 0 to 100`},
		{head + ",Good,2025-01,\n", "c.csv:2: authority is empty"},
		{head + "Devon,Good,2025-01,\ndevon,Good,2025-02,\n", `c.csv:3: "devon" is listed again (first on line 2)`},
		{head + "Devon,Good,2025-01,\n\"Torbay,Good\n", "c.csv:3: extraneous or missing \" in quoted-field"},
		{head + "Devon,Good,2025-01," + strings.Repeat("9", 300) + "\n", "c.csv:2: a value is longer than 200 bytes"},
		{head + "Devon,Good,2025-01,\n", ""},
	} {
		_, _, err := ReadCouncilAssessments(strings.NewReader(c.in), "c.csv")
		if c.want == "" {
			if err != nil {
				t.Errorf("%q: %v", c.in, err)
			}
			continue
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("%q:\n got %v\nwant %s", c.in, err, c.want)
		}
		var le *Error
		if err != nil && !errors.As(err, &le) {
			t.Errorf("%q: not a *load.Error", c.in)
		}
	}
	// Limits: rows and bytes.
	var b strings.Builder
	b.WriteString(head)
	for i := range maxCouncilRows + 1 {
		b.WriteString("A" + strconv.Itoa(i) + ",Good,2025-01,\n")
	}
	if _, _, err := ReadCouncilAssessments(strings.NewReader(b.String()), "c.csv"); err == nil || !strings.Contains(err.Error(), "more than 1000 rows") {
		t.Errorf("too many rows: %v", err)
	}
	big := head + strings.Repeat("#", maxCouncilBytes)
	if _, _, err := ReadCouncilAssessments(strings.NewReader(big), "c.csv"); err == nil || !strings.Contains(err.Error(), "larger than 1024 kB") {
		t.Errorf("too large: %v", err)
	}
}

// FuzzCouncilAssessments: any input gives rows or one *Error naming the
// file, never a panic; rows are whole (a real rating, a date, a score
// from 0 to 100) and no council twice.
func FuzzCouncilAssessments(f *testing.F) {
	f.Add("authority,rating,published,score\nLeicestershire,Requires improvement,2025-09,\n")
	f.Add("Authority,Rating,Published\n\"Bristol, City of\",Good,2024-11-20\n")
	f.Add("authority,rating,published,score\nDevon,Good,2025-01,70.5%\nTorbay,inadequate,01/02/2025,30\n")
	f.Add("\xef\xbb\xbfauthority,published,rating\n\"a\"\"b\",2025-09,Outstanding\n")
	f.Fuzz(func(t *testing.T, in string) {
		as, fs, err := ReadCouncilAssessments(strings.NewReader(in), "c.csv")
		if err != nil {
			var le *Error
			if !errors.As(err, &le) || !strings.HasPrefix(err.Error(), "c.csv") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q is not one line naming the file", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, a := range as {
			if !a.Rating.IsRated() || a.Published.IsZero() || a.Authority == "" || a.Score < 0 || a.Score > 100 {
				t.Fatalf("row %+v", a)
			}
			k := report.NameKey(a.Authority)
			if seen[k] {
				t.Fatalf("%q twice", a.Authority)
			}
			seen[k] = true
		}
		if len(fs) > len(as) {
			t.Fatalf("%d findings for %d rows", len(fs), len(as))
		}
	})
}
