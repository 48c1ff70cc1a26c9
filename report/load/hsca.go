package load

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/load/sheet"
)

// HSCASheets are the names CQC has given the data sheet of the HSCA
// Active Locations file, in order of preference.
var HSCASheets = []string{"HSCA_Active_Locations", "HSCA Active Locations"}

// Column names of the HSCA Active Locations file.
const (
	colID          = "Location ID"
	colCareHome    = "Care home?"
	colDirectorate = "Location Inspection Directorate"
	colRating      = "Location Latest Overall Rating"
	colLA          = "Location Local Authority"
	colDormant     = "Dormant (Y/N)"
	colPublished   = "Publication Date"
	colBeds        = "Care homes beds"
	colName        = "Location Name"
	colProvider    = "Provider Name"
	colRegion      = "Location Region"
	colStart       = "Location HSCA start date"
	colNursing     = "Service type - Care home service with nursing"
	colExtraCare   = "Service type - Extra Care housing services"
	colDual        = "Location Dual Registered"
	colLatitude    = "Location Latitude"
	colLongitude   = "Location Longitude"
)

// bandColumns maps "Service user band - ..." columns to bands.
var bandColumns = []struct {
	col  string
	band report.Band
}{
	{"Service user band - Older People", report.BandOlderPeople},
	{"Service user band - Younger Adults", report.BandYoungerAdults},
	{"Service user band - Dementia", report.BandDementia},
	{"Service user band - Learning disabilities or autistic spectrum disorder", report.BandLearningDisability},
	{"Service user band - Mental Health", report.BandMentalHealth},
	{"Service user band - Physical Disability", report.BandPhysicalDisability},
	{"Service user band - Sensory Impairment", report.BandSensoryImpairment},
}

// AdultSocialCare is the inspection directorate a quality report covers.
const AdultSocialCare = "Adult social care"

// HSCA reads an HSCA Active Locations file (.csv, .ods or .xlsx).
// Only rows of the adult social care directorate are kept, and only their
// cells are checked; the other rows are counted in a finding.
func HSCA(path string) (*report.Snapshot, error) {
	rows, sheetName, err := OpenRows(path, HSCASheets)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return readHSCA(rows, path, sheetName)
}

// interner shares one copy of strings that repeat on every row.
type interner map[string]string

func (in interner) get(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	s = strings.Clone(s)
	in[s] = s
	return s
}

type hscaCols struct {
	id, careHome, dir, rating, la                           int
	dormant, pub, beds, name, region, start, nursing, extra int
	dual, provider                                          int
	lat, lon                                                int
	bands                                                   []int
}

// hscaWanted are the columns an HSCA file must have; the header is the
// first row with Location ID and another of them.
var hscaWanted = []string{colID, colCareHome, colDirectorate, colRating, colLA}

func readHSCA(rows sheet.Rows, file, sheetName string) (*report.Snapshot, error) {
	wanted := hscaWanted
	h, preamble, err := findHeader(rows, file, colID, wanted)
	if err != nil {
		return nil, withSheet(err, sheetName)
	}
	req, err := h.require(file, wanted...)
	if err != nil {
		return nil, withSheet(err, sheetName)
	}
	c := hscaCols{id: req[0], careHome: req[1], dir: req[2], rating: req[3], la: req[4],
		dormant: h.col(colDormant), pub: h.col(colPublished), beds: h.col(colBeds),
		name: h.col(colName), region: h.col(colRegion), start: h.col(colStart), provider: h.col(colProvider),
		nursing: h.col(colNursing), extra: h.col(colExtraCare), dual: h.col(colDual),
		lat: h.col(colLatitude), lon: h.col(colLongitude)}
	for _, b := range bandColumns {
		c.bands = append(c.bands, h.col(b.col))
	}
	if p, ok := rows.(interface{ Pick(cols []int) }); ok {
		p.Pick(append([]int{c.id, c.careHome, c.dir, c.rating, c.la, c.dormant, c.pub, c.beds,
			c.name, c.region, c.start, c.nursing, c.extra, c.dual, c.provider, c.lat, c.lon}, c.bands...))
	}
	asAt, asAtFrom := asAtDate(file, preamble)
	s := &report.Snapshot{AsAt: asAt, Source: file, Kind: report.FromSnapshot}
	s.Read = report.Reading{Layout: "HSCA Active Locations", Sheet: sheetName, HeaderRow: h.row, AsAt: asAt, AsAtFrom: asAtFrom}
	rd := &s.Read
	in := interner{}
	seen := make(map[string]int)
	if n := sizeHint(rows) - h.row; n > 0 {
		s.Locations = make([]report.Location, 0, n)
		seen = make(map[string]int, n)
	}
	unknown := map[string]*valueCount{}
	dups := &capped{file: file}
	other, noID := 0, 0
	colName := func(col int) string {
		if col >= 0 && col < len(h.names) {
			return h.names[col]
		}
		return ""
	}
	pubDates := &dateCol{name: colName(c.pub), set: func(i int, d report.Date) { s.Locations[i].Current.Date = d }}
	startDates := &dateCol{name: colName(c.start), set: func(i int, d report.Date) { s.Locations[i].Registered = d }}
	cellErr := func(row, col int, err error) error {
		name := ""
		if col >= 0 && col < len(h.names) {
			name = h.names[col]
		}
		return &Error{File: file, Sheet: sheetName, Row: row, Column: name, Err: err}
	}
	for {
		cells, row, err := rows.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, withSheet(err, sheetName)
		}
		rd.Rows++
		get := func(i int) string {
			if i < 0 || i >= len(cells) {
				return ""
			}
			return strings.TrimSpace(cells[i])
		}
		id := get(c.id)
		if id == "" {
			rd.Skip("no Location ID")
			noID++
			if noID <= 5 {
				s.Findings = append(s.Findings, report.Finding{File: file, Row: row, Kind: "skipped_row", Message: "row skipped: no Location ID"})
			}
			continue
		}
		if !strings.EqualFold(get(c.dir), AdultSocialCare) {
			rd.Skip("another inspection directorate")
			other++
			continue
		}
		if first, dup := seen[id]; dup {
			rd.Skip("Location ID seen before")
			dups.add(report.Finding{File: file, Row: row, Kind: "duplicate_id",
				Message: fmt.Sprintf("Location ID %s appears again (first on row %d); the first row is used", id, first)})
			continue
		}
		seen[id] = row
		loc := report.Location{ID: strings.Clone(id), Name: strings.Clone(get(c.name)), Provider: strings.Clone(get(c.provider)),
			LocalAuthority: in.get(get(c.la)), Region: in.get(get(c.region)),
			AdultSocialCare: true, Row: row}
		// Rule 2: "Care home?" alone decides the service type. CQC sets it
		// to Y for any location with a care home service type, so a dual
		// registered location ("Location Dual Registered" = Y) flagged both
		// as a care home and as domiciliary care is one row, one location,
		// counted once, as a care home.
		if loc.CareHome, err = yesNo(get(c.careHome)); err != nil {
			return nil, cellErr(row, c.careHome, err)
		}
		if loc.Dormant, err = yesNo(get(c.dormant)); err != nil {
			return nil, cellErr(row, c.dormant, err)
		}
		if loc.Nursing, err = flag(get(c.nursing)); err != nil {
			return nil, cellErr(row, c.nursing, err)
		}
		if loc.ExtraCare, err = flag(get(c.extra)); err != nil {
			return nil, cellErr(row, c.extra, err)
		}
		if loc.DualRegistered, err = flag(get(c.dual)); err != nil {
			return nil, cellErr(row, c.dual, err)
		}
		for i, bc := range c.bands {
			on, err := flag(get(bc))
			if err != nil {
				return nil, cellErr(row, bc, err)
			}
			if on {
				loc.Bands |= bandColumns[i].band
			}
		}
		if v := get(c.beds); v != "" {
			n, err := parseCount(v)
			if err != nil {
				return nil, cellErr(row, c.beds, err)
			}
			loc.Beds = n
		}
		if err := readPosition(&loc, get(c.lat), get(c.lon)); err != nil {
			return nil, cellErr(row, c.lat, err)
		}
		raw := get(c.rating)
		r, kind := report.ParseRating(raw)
		if kind == report.ValueUnknown {
			noteUnknown(unknown, raw, row)
		}
		loc.Current = report.Assessment{Overall: r, Raw: in.get(raw)}
		i := len(s.Locations)
		s.Locations = append(s.Locations, loc)
		if v := get(c.pub); v != "" {
			if err := pubDates.add(v, row, i); err != nil {
				return nil, cellErr(row, c.pub, err)
			}
		}
		if v := get(c.start); v != "" {
			if err := startDates.add(v, row, i); err != nil {
				return nil, cellErr(row, c.start, err)
			}
		}
	}
	for _, dc := range []struct {
		c   *dateCol
		col int
	}{{pubDates, c.pub}, {startDates, c.start}} {
		n := len(dc.c.pending)
		mf, row, err := dc.c.finish()
		if err != nil {
			return nil, cellErr(row, dc.col, err)
		}
		if mf {
			s.Findings = append(s.Findings, dc.c.finding(file, n))
		}
	}
	s.Findings = append(s.Findings, dups.done()...)
	if noID > 5 {
		s.Findings = append(s.Findings, report.Finding{File: file, Kind: "skipped_row",
			Message: fmt.Sprintf("%d rows in all skipped for having no Location ID", noID)})
	}
	if other > 0 {
		s.Findings = append(s.Findings, report.Finding{File: file, Kind: "out_of_scope",
			Message: fmt.Sprintf("%d %s of other inspection directorates (not %s) left out", other, report.Plural(other, "row", "rows"), AdultSocialCare)})
	}
	s.Findings = append(s.Findings, unknownFindings(file, unknown, "row", "rows")...)
	return s, nil
}

// maxHint bounds what a size hint may reserve (a national file has
// about 57,000 rows); past it, tables grow as rows come.
const maxHint = 250_000

// sizeHint returns how many rows a reader expects, if it can tell, at
// most maxHint.
func sizeHint(rows sheet.Rows) int {
	if h, ok := rows.(interface{ SizeHint() int }); ok {
		return min(h.SizeHint(), maxHint)
	}
	return 0
}

// withSheet adds the sheet name to a load error that lacks one.
func withSheet(err error, sheetName string) error {
	if e, ok := err.(*Error); ok && e.Sheet == "" && sheetName != "" {
		e2 := *e
		e2.Sheet = sheetName
		return &e2
	}
	return err
}

// yesNo reads a Y/N column; blank counts as N.
func yesNo(s string) (bool, error) {
	switch strings.ToUpper(s) {
	case "Y", "YES":
		return true, nil
	case "N", "NO", "":
		return false, nil
	}
	return false, valueErr("value %q is not Y or N", s)
}

// flag reads a one-hot flag column: Y or blank (N is accepted too).
func flag(s string) (bool, error) {
	switch strings.ToUpper(s) {
	case "Y", "YES":
		return true, nil
	case "", "N", "NO":
		return false, nil
	}
	return false, valueErr("value %q is not Y or blank", s)
}

// parseCount reads a whole number such as a bed count ("28", "28.0").
// MaxBeds is the most beds a care home is taken to have: the largest
// homes in England have a few hundred. A larger figure is a mistake in the
// data, and summed over an authority it could overflow.
const MaxBeds = 2000

// parseCount reads a number of beds: a whole number from 0 to MaxBeds.
func parseCount(s string) (int, error) {
	s = strings.ReplaceAll(s, ",", "")
	n, err := strconv.Atoi(s)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != float64(int64(f)) || f < 0 || f > 1e9 {
			if ferr == nil && f > 1e9 {
				return 0, valueErr("value %q is more than %d, the most beds a care home could have", s, MaxBeds)
			}
			return 0, valueErr("value %q is not a whole number", s)
		}
		n = int(f)
	}
	switch {
	case n < 0:
		return 0, valueErr("value %q is not a whole number", s)
	case n > MaxBeds:
		return 0, valueErr("value %q is more than %d, the most beds a care home could have", s, MaxBeds)
	}
	return n, nil
}

type valueCount struct {
	n, first int
}

func noteUnknown(m map[string]*valueCount, v string, row int) {
	if vc, ok := m[v]; ok {
		vc.n++
		return
	}
	m[strings.Clone(v)] = &valueCount{n: 1, first: row}
}

// unknownFindings lists each value that is not a rating, with how many
// times it was seen (one, many: "row", "rows" or "value", "values") and
// where first.
func unknownFindings(file string, m map[string]*valueCount, one, many string) []report.Finding {
	vals := make([]string, 0, len(m))
	for v := range m {
		vals = append(vals, v)
	}
	sort.Strings(vals)
	var out []report.Finding
	for _, v := range vals {
		vc := m[v]
		out = append(out, report.Finding{File: file, Row: vc.first, Kind: "unknown_rating",
			Message: fmt.Sprintf("%q is not a rating (%d %s); counted as not rated", v, vc.n, report.Plural(vc.n, one, many))})
	}
	return out
}

// probeBytes is how much of a CSV file HSCADate reads: far more than 50
// rows of preamble and a header.
const probeBytes = 1 << 20

// HSCADate reads an HSCA file only as far as its header and returns the
// date it is as at, found as HSCA finds it (the preamble, else the file's
// name; zero if neither gives one). ok is false when the header was not
// found in what was read or the file could not be opened: the caller then
// loads the file whole, which says what is wrong with it. A CSV file is
// read for its first megabyte only; a spreadsheet is opened and read to
// its header row.
func HSCADate(path string) (d report.Date, ok bool) {
	var rows sheet.Rows
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".csv", ".txt":
		f, err := os.Open(path)
		if err != nil {
			return 0, false
		}
		br := bufio.NewReader(io.LimitReader(f, probeBytes))
		if head, _ := br.Peek(len(bom)); bytes.Equal(head, bom) {
			br.Discard(len(bom))
		}
		rows = newCSVStream(path, br, f)
	default:
		r, _, err := openSpreadsheet(path, ext, HSCASheets)
		if err != nil {
			return 0, false
		}
		rows = r
	}
	defer rows.Close()
	if _, preamble, err := findHeader(rows, path, colID, hscaWanted); err == nil {
		d, _ = asAtDate(path, preamble)
		return d, true
	}
	return 0, false
}
