package load

import (
	"errors"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
)

// byID indexes a snapshot's locations.
func byID(s *report.Snapshot) map[string]report.Location {
	m := map[string]report.Location{}
	for _, l := range s.Locations {
		m[l.ID] = l
	}
	return m
}

func findingKinds(s *report.Snapshot) []string {
	var out []string
	for _, f := range s.Findings {
		out = append(out, f.Kind)
	}
	return out
}

func TestHSCAPreambleHeaderAndAsAt(t *testing.T) {
	data := hscaCSV(t, realPreamble, fixtureCols,
		asc("1-101", "Leicestershire", "Y", "Good").with(colBeds, "30", fRes, "Y"),
		asc("1-102", "Leicestershire", "N", "Outstanding").with(fDom, "Y"),
	)
	s, err := readBytes("hsca.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	if s.AsAt != report.NewDate(2019, 11, 1) {
		t.Errorf("as at %v, want 2019-11-01 from the preamble", s.AsAt)
	}
	if len(s.Locations) != 2 {
		t.Fatalf("%d locations, want 2", len(s.Locations))
	}
	// The header is line 7, so the first data row is line 8.
	if s.Locations[0].Row != 8 || s.Locations[1].Row != 9 {
		t.Errorf("rows %d, %d; want 8, 9", s.Locations[0].Row, s.Locations[1].Row)
	}
	l := s.Locations[0]
	if !l.CareHome || l.Beds != 30 || l.Current.Overall != report.Good || l.LocalAuthority != "Leicestershire" || !l.AdultSocialCare {
		t.Errorf("first location read wrongly: %+v", l)
	}
	if s.Kind != report.FromSnapshot {
		t.Error("an HSCA file is a snapshot")
	}
}

func TestHSCAAsAtFromFileName(t *testing.T) {
	data := hscaCSV(t, nil, fixtureCols, asc("1-1", "Rutland", "N", "Good"))
	for name, want := range map[string]report.Date{
		"01_November_2019_HSCA_Active_Locations.csv": report.NewDate(2019, 11, 1),
		"1 November 2019 HSCA Active Locations.csv":  report.NewDate(2019, 11, 1),
		"05_February_2021_HSCA_Active_Locations.csv": report.NewDate(2021, 2, 5),
		"hsca.csv": 0,
	} {
		s, err := HSCA(writeFile(t, t.TempDir(), name, data))
		if err != nil {
			t.Fatal(err)
		}
		if s.AsAt != want {
			t.Errorf("%s: as at %v, want %v", name, s.AsAt, want)
		}
	}
	// The preamble wins over the file name.
	data = hscaCSV(t, realPreamble, fixtureCols, asc("1-1", "Rutland", "N", "Good"))
	s, err := HSCA(writeFile(t, t.TempDir(), "01_October_2019_HSCA_Active_Locations.csv", data))
	if err != nil {
		t.Fatal(err)
	}
	if s.AsAt != report.NewDate(2019, 11, 1) {
		t.Errorf("as at %v, want the preamble's 2019-11-01", s.AsAt)
	}
}

// Columns are matched by name: any order, any case and spacing, and
// unknown columns among them, give the same locations.
func TestHSCAColumnsInAnyOrder(t *testing.T) {
	rows := []hrow{
		asc("1-1", "Devon", "Y", "Good").with(colNursing, "Y", colBeds, "40", fOlder, "Y"),
		asc("1-2", "Devon", "N", "Requires improvement").with(colExtraCare, "Y", fDom, "Y", fYA, "Y"),
		asc("1-3", "Devon", "N", "").with(colDormant, "Y", colPublished, "03/04/2019"),
	}
	want, err := readBytes("a.csv", hscaCSV(t, nil, fixtureCols, rows...))
	if err != nil {
		t.Fatal(err)
	}
	shuffled := slices.Clone(fixtureCols)
	slices.Reverse(shuffled)
	shuffled = append([]string{"Something new"}, shuffled...)
	got, err := readBytes("a.csv", hscaCSV(t, nil, shuffled, rows...))
	if err != nil {
		t.Fatal(err)
	}
	// Rename the columns' spelling in a third copy.
	odd := make([]string, len(fixtureCols))
	for i, c := range fixtureCols {
		odd[i] = "  " + strings.ToUpper(c) + " "
	}
	data := hscaCSV(t, nil, fixtureCols, rows...)
	data = []byte(strings.Replace(string(data), strings.Join(fixtureCols, ",")+"\n", "", 1))
	var hdr strings.Builder
	for i, c := range odd {
		if i > 0 {
			hdr.WriteByte(',')
		}
		hdr.WriteString(`"` + strings.ReplaceAll(c, `"`, `""`) + `"`)
	}
	spelt, err := readBytes("a.csv", append([]byte(hdr.String()+"\n"), data...))
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.Locations {
		w := want.Locations[i]
		for _, g := range []report.Location{got.Locations[i], spelt.Locations[i]} {
			w.Row, g.Row = 0, 0
			if !reflect.DeepEqual(w, g) {
				t.Errorf("location %d differs:\n got %+v\nwant %+v", i, g, w)
			}
		}
	}
	if l := want.Locations[0]; !l.Nursing || l.Bands != report.BandOlderPeople || l.Beds != 40 {
		t.Errorf("nursing home read wrongly: %+v", l)
	}
	if l := want.Locations[1]; !l.ExtraCare || l.CareHome || l.Current.Overall != report.RequiresImprovement {
		t.Errorf("extra care read wrongly: %+v", l)
	}
	if l := want.Locations[2]; !l.Dormant || l.Current.Date != report.NewDate(2019, 4, 3) {
		t.Errorf("dormant row read wrongly: %+v", l)
	}
}

func TestHSCAEncodings(t *testing.T) {
	utf8 := hscaCSV(t, nil, fixtureCols, asc("1-1", "Devon", "N", "Good").with(colName, "Café Court"))
	// Excel's "CSV UTF-8" starts with a byte order mark.
	bom := append([]byte("\xef\xbb\xbf"), utf8...)
	// Excel's plain "CSV" is Windows-1252: é is one byte, 0xE9.
	cp1252 := []byte(strings.Replace(string(utf8), "Café", "Caf\xe9", 1))
	for name, data := range map[string][]byte{"utf8": utf8, "bom": bom, "cp1252": cp1252} {
		s, err := readBytes(name+".csv", data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(s.Locations) != 1 {
			t.Fatalf("%s: %d locations (the BOM must not hide the Location ID column)", name, len(s.Locations))
		}
		if got := s.Locations[0].Name; got != "Café Court" {
			t.Errorf("%s: name %q, want %q", name, got, "Café Court")
		}
	}
	// Windows-1252 punctuation too: a right single quote (0x92).
	s, err := readBytes("q.csv", []byte(strings.Replace(string(utf8), "Café", "St Mary\x92s", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Locations[0].Name; got != "St Mary\u2019s Court" {
		t.Errorf("name %q", got)
	}
}

// Publication and start dates in every format officers' files show.
func TestHSCADateFormats(t *testing.T) {
	want := report.NewDate(2019, 3, 7)
	for _, v := range []string{"07/03/2019", "7/3/2019", "2019-03-07", "2019-03-07T00:00:00", "3/7/2019 12:00:00 AM", "3/7/2019 0:00:00 PM"} {
		data := hscaCSV(t, nil, fixtureCols, asc("1-1", "Devon", "N", "Good").with(colPublished, v, colStart, v))
		s, err := readBytes("d.csv", data)
		if err != nil {
			t.Errorf("%q: %v", v, err)
			continue
		}
		if l := s.Locations[0]; l.Current.Date != want || l.Registered != want {
			t.Errorf("%q read as %v / %v, want %v", v, l.Current.Date, l.Registered, want)
		}
	}
}

// Flags are Y or blank; Y/N columns accept N and blank as no.
func TestHSCAFlags(t *testing.T) {
	data := hscaCSV(t, nil, fixtureCols,
		asc("1-1", "Devon", "Y", "Good").with(colNursing, "Y", colBeds, "28"),
		asc("1-2", "Devon", "Y", "Good").with(colNursing, "", colBeds, "12.0", fRes, "Y"),
		asc("1-3", "Devon", "N", "Good").with(colExtraCare, "y", colBeds, ""),
		asc("1-4", "Devon", "", "Good").with(colDormant, "", colBeds, "0"),
		asc("1-5", "Devon", "n", "Good").with(colDormant, "y"),
	)
	s, err := readBytes("f.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	m := byID(s)
	check := func(id string, careHome, nursing, extra, dormant bool, beds int) {
		t.Helper()
		l := m[id]
		if l.CareHome != careHome || l.Nursing != nursing || l.ExtraCare != extra || l.Dormant != dormant || l.Beds != beds {
			t.Errorf("%s: care home %v nursing %v extra care %v dormant %v beds %d", id, l.CareHome, l.Nursing, l.ExtraCare, l.Dormant, l.Beds)
		}
	}
	check("1-1", true, true, false, false, 28)
	check("1-2", true, false, false, false, 12)
	check("1-3", false, false, true, false, 0)
	check("1-4", false, false, false, false, 0)
	check("1-5", false, false, false, true, 0)
}

// Rows of other inspection directorates (GPs, dentists, hospitals) are
// left out without their cells being checked, and counted in a finding.
func TestHSCAOtherDirectoratesLeftOut(t *testing.T) {
	data := hscaCSV(t, nil, fixtureCols,
		asc("1-1", "Devon", "N", "Good"),
		asc("1-2", "Devon", "Maybe", "Good").with(colDirectorate, "Primary medical services", fType, "Primary Dental Care", colPublished, "not a date"),
		asc("1-3", "Devon", "N", "Good").with(colDirectorate, "Hospitals"),
		asc("1-4", "Devon", "N", "Good").with(colDirectorate, " ADULT SOCIAL CARE "),
	)
	s, err := readBytes("o.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Locations) != 2 || s.Locations[0].ID != "1-1" || s.Locations[1].ID != "1-4" {
		t.Fatalf("kept %v", byID(s))
	}
	if !slices.Contains(findingKinds(s), "out_of_scope") {
		t.Errorf("no out_of_scope finding: %v", s.Findings)
	}
}

// A Location ID seen twice: the first row is used, and the second is a
// finding naming both rows.
func TestHSCADuplicateIDs(t *testing.T) {
	data := hscaCSV(t, nil, fixtureCols,
		asc("1-1", "Devon", "N", "Good"),
		asc("1-2", "Devon", "N", "Good"),
		asc("1-1", "Devon", "Y", "Inadequate"),
	)
	s, err := readBytes("dup.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Locations) != 2 {
		t.Fatalf("%d locations, want 2", len(s.Locations))
	}
	if l := byID(s)["1-1"]; l.Current.Overall != report.Good || l.CareHome {
		t.Errorf("the first row should be kept, got %+v", l)
	}
	var f *report.Finding
	for i := range s.Findings {
		if s.Findings[i].Kind == "duplicate_id" {
			f = &s.Findings[i]
		}
	}
	if f == nil || f.Row != 4 || !strings.Contains(f.Message, "1-1") || !strings.Contains(f.Message, "row 2") {
		t.Errorf("duplicate finding: %+v", f)
	}
}

// Every "no rating" value counts as not rated silently; values that are
// not ratings at all count as not rated and are reported, once per value.
func TestHSCARatingValues(t *testing.T) {
	vals := []string{"", "Not rated", "Not Rated", "Inspected but not rated", "No published rating",
		"Insufficient evidence to rate", "Not applicable", "No action", "Compliance action", "No action",
		"requires improvement", " GOOD ", "OUTSTANDING", "inadequate"}
	var rows []hrow
	for i, v := range vals {
		rows = append(rows, asc("1-"+string(rune('a'+i)), "Devon", "N", v))
	}
	// The rating column missing from a row's end counts as blank too.
	cols := slices.Clone(fixtureCols)
	s, err := readBytes("r.csv", hscaCSV(t, nil, cols, rows...))
	if err != nil {
		t.Fatal(err)
	}
	want := []report.Rating{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, report.RequiresImprovement, report.Good, report.Outstanding, report.Inadequate}
	for i, l := range s.Locations {
		if l.Current.Overall != want[i] {
			t.Errorf("%q counted as %s, want %s", vals[i], l.Current.Overall.ID(), want[i].ID())
		}
	}
	var unknown []string
	for _, f := range s.Findings {
		if f.Kind == "unknown_rating" {
			unknown = append(unknown, f.Message)
		}
	}
	if len(unknown) != 2 || !strings.Contains(unknown[0], `"Compliance action" is not a rating (1 row)`) ||
		!strings.Contains(unknown[1], `"No action" is not a rating (2 rows)`) {
		t.Errorf("unknown rating findings: %q", unknown)
	}
}

// A short row (trailing cells dropped, as Excel does) reads its missing
// cells as blank.
func TestHSCAShortRow(t *testing.T) {
	data := "Location ID,Location Local Authority,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Dormant (Y/N)\n" +
		"1-1,Devon,N,Adult social care\n"
	s, err := readBytes("short.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Locations) != 1 || s.Locations[0].Current.Overall != report.NotRated || s.Locations[0].Dormant {
		t.Errorf("short row read as %+v", s.Locations)
	}
}

// Dual registration: CQC sets "Care home?" to Y for a location that has a
// care home service type, so a dual registered location with both a care
// home and a domiciliary flag is one location, a care home.
func TestHSCADualRegistered(t *testing.T) {
	data := hscaCSV(t, nil, fixtureCols,
		asc("1-1", "Devon", "Y", "Good").with(colDual, "Y", fRes, "Y", fDom, "Y", colBeds, "20",
			"Primary ID (Dual registration locations)", "1-1"),
	)
	s, err := readBytes("dual.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Locations) != 1 {
		t.Fatalf("%d locations, want 1", len(s.Locations))
	}
	l := s.Locations[0]
	if !l.DualRegistered || !l.CareHome || l.Type() != report.CareHome || l.Beds != 20 {
		t.Errorf("dual registered location: %+v", l)
	}
}

func TestHSCAErrors(t *testing.T) {
	good := asc("1-1", "Devon", "N", "Good")
	cases := []struct {
		name string
		data []byte
		// want is the whole message; row and col what the error names.
		want     string
		row      int
		col      string
		sentinel error
	}{
		{"care home maybe", hscaCSV(t, nil, fixtureCols, good, good.with(colID, "1-2"), good.with(colID, "1-3", colCareHome, "Maybe")),
			`hsca.csv:4: column "Care home?": value "Maybe" is not Y or N`, 4, colCareHome, ErrBadValue},
		{"care home maybe under preamble", hscaCSV(t, realPreamble, fixtureCols, good, good.with(colID, "1-2"), good.with(colID, "1-3"),
			good.with(colID, "1-4"), good.with(colID, "1-5", colCareHome, "Maybe")),
			`hsca.csv:12: column "Care home?": value "Maybe" is not Y or N`, 12, colCareHome, ErrBadValue},
		{"dormant", hscaCSV(t, nil, fixtureCols, good.with(colDormant, "X")),
			`hsca.csv:2: column "Dormant (Y/N)": value "X" is not Y or N`, 2, colDormant, ErrBadValue},
		{"flag", hscaCSV(t, nil, fixtureCols, good.with(colNursing, "1")),
			`hsca.csv:2: column "Service type - Care home service with nursing": value "1" is not Y or blank`, 2, colNursing, ErrBadValue},
		{"beds", hscaCSV(t, nil, fixtureCols, good.with(colBeds, "lots")),
			`hsca.csv:2: column "Care homes beds": value "lots" is not a whole number`, 2, colBeds, ErrBadValue},
		{"date", hscaCSV(t, nil, fixtureCols, good.with(colPublished, "31/02/2019")),
			`hsca.csv:2: column "Publication Date": date "31/02/2019" is not in a known format (dd/mm/yyyy or yyyy-mm-dd)`, 2, colPublished, nil},
		{"start date", hscaCSV(t, nil, fixtureCols, good.with(colStart, "soon")),
			`hsca.csv:2: column "Location HSCA start date": date "soon" is not in a known format (dd/mm/yyyy or yyyy-mm-dd)`, 2, colStart, nil},
		{"no header", []byte("a,b,c\n1,2,3\n"),
			`hsca.csv: no header row found: no row in the first 50 names the column "Location ID"`, 0, "", ErrNoHeader},
		{"empty file", nil,
			`hsca.csv: no header row found: no row in the first 50 names the column "Location ID"`, 0, "", ErrNoHeader},
		{"column missing", hscaCSV(t, realPreamble, slices.DeleteFunc(slices.Clone(fixtureCols), func(c string) bool { return c == colCareHome }), good),
			`hsca.csv:7: column missing: the header has no column "Care home?"`, 7, "", ErrMissingColumn},
		{"malformed", append(hscaCSV(t, nil, fixtureCols, good), []byte("1-2,\"01/10/2010,N,N,\"Rose\" Cottage\n1-3,x\n")...),
			`hsca.csv:3: malformed CSV: a quoted cell opened on this row runs to the end of the file (a quote missing or stray)`, 3, "", nil},
		{"bare quote", append(hscaCSV(t, nil, fixtureCols, good), []byte("1-2,01/10/2010,N,N,Rose \"Cottage\"\n")...),
			`hsca.csv:3: malformed CSV: bare " in non-quoted-field`, 3, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readBytes("hsca.csv", c.data)
			le := loadErr(t, err)
			if err.Error() != c.want {
				t.Errorf("message\n got %s\nwant %s", err, c.want)
			}
			if le.File != "hsca.csv" || le.Row != c.row || le.Column != c.col {
				t.Errorf("file %q row %d column %q; want row %d column %q", le.File, le.Row, le.Column, c.row, c.col)
			}
			if c.sentinel != nil && !errors.Is(err, c.sentinel) {
				t.Errorf("errors.Is(%v) is false", c.sentinel)
			}
		})
	}
}

func TestHSCAMissingFile(t *testing.T) {
	_, err := HSCA("/no/such/dir/hsca.csv")
	le := loadErr(t, err)
	if le.File != "/no/such/dir/hsca.csv" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file error: %v", err)
	}
	if err.Error() != "/no/such/dir/hsca.csv: no such file or directory" {
		t.Errorf("message %q", err)
	}
	_, err = HSCA("/no/such/dir/hsca.pdf")
	if le := loadErr(t, err); !strings.Contains(le.Error(), `unsupported file type ".pdf"`) {
		t.Errorf("unsupported type: %v", err)
	}
}

func FuzzHSCACSV(f *testing.F) {
	good := asc("1-1", "Devon", "Y", "Good").with(colBeds, "12", colPublished, "01/02/2019", colNursing, "Y")
	f.Add(hscaCSV(f, realPreamble, fixtureCols, good, good.with(colID, "1-2", colRating, "No action")))
	f.Add(hscaCSV(f, nil, fixtureCols, good, good))
	f.Add([]byte("\xef\xbb\xbfLocation ID,Care home?,Location Inspection Directorate,Location Latest Overall Rating,Location Local Authority\n1-1,Y,Adult social care,Good,Caf\xe9\n"))
	f.Add([]byte("Location ID,Care home?\n\"1-1,Y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := readBytes("fuzz.csv", data)
		if err != nil {
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("error %T is not a *load.Error: %v", err, err)
			}
			if le.File != "fuzz.csv" {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, l := range s.Locations {
			if l.ID == "" || seen[l.ID] || !l.AdultSocialCare {
				t.Fatalf("bad location kept: %+v", l)
			}
			seen[l.ID] = true
		}
	})
}
