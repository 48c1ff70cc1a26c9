package load

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/load/sheet"
)

// The health sectors of a Latest ratings file: every location that is
// not adult social care (GP practices, hospitals, community and mental
// health services, hospices, dentists, ambulances), with its own ratings
// and those of its core services or population groups, and the NHS
// trusts' own ratings from the Providers sheet.

// ProvidersSheets are the sheet names of the providers' own ratings.
var ProvidersSheets = []string{"Providers"}

// Column names of the Latest ratings file the health section reads.
const (
	colGroup      = "Service / Population Group"
	colCategory   = "Location Primary Inspection Category"
	colRatingsLA  = "Location Local Authority"
	colRatingsReg = "Location Region"
	colLocName    = "Location Name"
	colProvID     = "Provider ID"
	colProvName   = "Provider Name"
	colLatest     = "Latest Rating"
)

// maxHealthGroups bounds the core services or population groups one
// location may list: real hospitals have a dozen.
const maxHealthGroups = 200

// HealthRatings reads every health location of a Latest ratings file
// (.csv, .ods or .xlsx), and from an ODS or XLSX file its Providers sheet
// when it has one. providers, if not "", is the Providers sheet saved on
// its own (a CSV), for a Locations sheet given as CSV.
func HealthRatings(path, providers string) (*report.Health, error) {
	rows, sheetName, err := OpenRows(path, RatingsSheets)
	if err != nil {
		return nil, err
	}
	h, err := readHealth(rows, path, sheetName)
	rows.Close()
	if err != nil {
		return nil, err
	}
	return h, addProviders(h, path, providers)
}

// addProviders reads the providers' own ratings into h: from providers
// (the Providers sheet saved on its own) if given, else from the
// workbook's own Providers sheet if it has one.
func addProviders(h *report.Health, path, providers string) error {
	switch {
	case providers != "":
		prow, psheet, err := OpenRows(providers, ProvidersSheets)
		if err != nil {
			return err
		}
		defer prow.Close()
		return readProviders(prow, providers, psheet, h)
	case !isCSV(path):
		prow, psheet, err := OpenRows(path, ProvidersSheets)
		if errors.Is(err, sheet.ErrNoSheet) {
			return nil // a workbook without its Providers sheet: no trusts' own ratings
		}
		if err != nil {
			return err
		}
		defer prow.Close()
		return readProviders(prow, path, psheet, h)
	}
	return nil
}

func isCSV(path string) bool {
	p := strings.ToLower(path)
	return strings.HasSuffix(p, ".csv") || strings.HasSuffix(p, ".txt")
}

// ratingCell reads one long-format row: its group, domain, rating and
// publication date.
type ratingCols struct {
	group, domain, rating, pub int
	domainName                 string
}

func ratingColumns(h *header, file, sheetName string, key string) (ratingCols, []int, error) {
	domain := "Domain"
	if h.col(domain) < 0 {
		domain = "Key Question"
	}
	if h.col(domain) < 0 {
		return ratingCols{}, nil, withSheet(&Error{File: file, Row: h.row, Err: fmt.Errorf("%w: the header has neither %q nor %q", ErrMissingColumn, "Domain", "Key Question")}, sheetName)
	}
	idx, err := h.require(file, key, colGroup, domain, colLatest)
	if err != nil {
		return ratingCols{}, nil, withSheet(err, sheetName)
	}
	return ratingCols{group: idx[1], domain: idx[2], rating: idx[3], pub: h.col(colPublished), domainName: domain}, idx, nil
}

// setRating puts one row's rating into an assessment: the overall rating
// or a key question. It reports false for a domain that is neither.
func setRating(a *report.Assessment, domain string, r report.Rating, raw string, date report.Date) bool {
	if strings.EqualFold(domain, "Overall") {
		a.Overall, a.Raw = r, raw
		if !date.IsZero() {
			a.Date = date
		}
		return true
	}
	if q, ok := report.ParseKeyQuestion(domain); ok {
		a.KQ[q] = r
		a.HasKQ = true
		if a.Date.IsZero() && !date.IsZero() {
			a.Date = date
		}
		return true
	}
	return false
}

func readHealth(rows sheet.Rows, file, sheetName string) (*report.Health, error) {
	h, _, err := findHeader(rows, file, colID, []string{colGroup, "Domain", "Key Question", colLatest})
	if err != nil {
		return nil, withSheet(err, sheetName)
	}
	acc, err := newHealthAcc(h, file, sheetName)
	if err != nil {
		return nil, err
	}
	for {
		cells, row, err := rows.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, withSheet(err, sheetName)
		}
		if _, err := acc.add(cells, row); err != nil {
			return nil, err
		}
	}
	return acc.done(), nil
}

// healthAcc gathers the health locations of a Latest ratings file row by
// row, so that one pass over the file can give both the social care key
// questions and the health section.
type healthAcc struct {
	h                   *header
	file, sheet         string
	rc                  ratingCols
	cID, cCat, cLA      int
	cName, cReg, cPID   int
	cPName              int
	out                 *report.Health
	byID                map[string]int
	unknownCat, unknown map[string]*valueCount
	domains             *capped
	in                  interner
}

func newHealthAcc(h *header, file, sheetName string) (*healthAcc, error) {
	rc, idx0, err := ratingColumns(h, file, sheetName, colID)
	if err != nil {
		return nil, err
	}
	idx, err := h.require(file, colCategory, colRatingsLA)
	if err != nil {
		return nil, withSheet(err, sheetName)
	}
	return &healthAcc{h: h, file: file, sheet: sheetName, rc: rc, cID: idx0[0], cCat: idx[0], cLA: idx[1],
		cName: h.col(colLocName), cReg: h.col(colRatingsReg), cPID: h.col(colProvID), cPName: h.col(colProvName),
		out: &report.Health{Source: file}, byID: map[string]int{}, unknownCat: map[string]*valueCount{},
		unknown: map[string]*valueCount{}, domains: &capped{file: file}, in: interner{}}, nil
}

// add takes one row. It reports whether the row was a health location's
// (false for social care, which the caller counts, and for rows without
// an ID).
func (a *healthAcc) add(cells []string, row int) (bool, error) {
	get := func(i int) string {
		if i < 0 || i >= len(cells) {
			return ""
		}
		return strings.TrimSpace(cells[i])
	}
	id := get(a.cID)
	if id == "" {
		return false, nil
	}
	cat := get(a.cCat)
	sector, known := report.SectorOf(cat)
	if !known {
		noteUnknown(a.unknownCat, cat, row)
		return false, nil
	}
	if sector == report.SectorSocialCare {
		return false, nil
	}
	rc := a.rc
	raw := get(rc.rating)
	r, kind := report.ParseRating(raw)
	if kind == report.ValueUnknown {
		noteUnknown(a.unknown, raw, row)
	}
	var date report.Date
	if v := get(rc.pub); v != "" {
		d, err := report.ParseDate(v)
		if err != nil {
			return false, &Error{File: a.file, Sheet: a.sheet, Row: row, Column: a.h.names[rc.pub], Err: err}
		}
		date = d
	}
	out, in := a.out, a.in
	i, seen := a.byID[id]
	if !seen {
		i = len(out.Locations)
		a.byID[strings.Clone(id)] = i
		out.Locations = append(out.Locations, report.HealthLocation{ID: strings.Clone(id), Name: strings.Clone(get(a.cName)),
			LocalAuthority: in.get(get(a.cLA)), Region: in.get(get(a.cReg)), Category: in.get(cat), Sector: sector,
			ProviderID: in.get(get(a.cPID)), ProviderName: in.get(get(a.cPName)), Row: row})
	}
	l := &out.Locations[i]
	group := get(rc.group)
	as := &l.Overall
	if !strings.EqualFold(group, "Overall") {
		as = nil
		for g := range l.Groups {
			if l.Groups[g].Name == group {
				as = &l.Groups[g].Rating
			}
		}
		if as == nil {
			if len(l.Groups) >= maxHealthGroups {
				return false, &Error{File: a.file, Sheet: a.sheet, Row: row, Err: fmt.Errorf("location %s lists more than %d services or population groups", id, maxHealthGroups)}
			}
			l.Groups = append(l.Groups, report.GroupRating{Name: in.get(group)})
			as = &l.Groups[len(l.Groups)-1].Rating
		}
	}
	if !setRating(as, get(rc.domain), r, in.get(raw), date) {
		a.domains.add(report.Finding{File: a.file, Row: row, Kind: "unknown_domain",
			Message: fmt.Sprintf("%s %q is not Overall or a key question; row skipped", rc.domainName, get(rc.domain))})
	}
	return true, nil
}

func (a *healthAcc) done() *report.Health {
	out := a.out
	out.Findings = append(out.Findings, a.domains.done()...)
	out.Findings = append(out.Findings, unknownFindings(a.file, a.unknown, "row", "rows")...)
	out.Findings = append(out.Findings, categoryFindings(a.file, a.unknownCat)...)
	return out
}

// categoryFindings lists the inspection categories the sector table does
// not know: their rows are not counted, and validate says so.
func categoryFindings(file string, m map[string]*valueCount) []report.Finding {
	var cats []string
	for c := range m {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	var out []report.Finding
	for _, c := range cats {
		vc := m[c]
		out = append(out, report.Finding{File: file, Row: vc.first, Kind: "unknown_category",
			Message: fmt.Sprintf("inspection category %q is not one carereport knows (%d %s): not counted in any sector", c, vc.n, report.Plural(vc.n, "row", "rows"))})
	}
	return out
}

func readProviders(rows sheet.Rows, file, sheetName string, out *report.Health) error {
	h, _, err := findHeader(rows, file, colProvID, []string{colGroup, "Domain", "Key Question", colLatest})
	if err != nil {
		return withSheet(err, sheetName)
	}
	rc, _, err := ratingColumns(h, file, sheetName, colProvID)
	if err != nil {
		return err
	}
	cID, cName := h.col(colProvID), h.col(colProvName)
	if out.Providers == nil {
		out.Providers = map[string]*report.HealthProvider{}
	}
	out.HasProviders = true
	unknown := map[string]*valueCount{}
	for {
		cells, row, err := rows.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return withSheet(err, sheetName)
		}
		get := func(i int) string {
			if i < 0 || i >= len(cells) {
				return ""
			}
			return strings.TrimSpace(cells[i])
		}
		id := get(cID)
		if id == "" || !strings.EqualFold(get(rc.group), "Overall") {
			continue
		}
		raw := get(rc.rating)
		r, kind := report.ParseRating(raw)
		if kind == report.ValueUnknown {
			noteUnknown(unknown, raw, row)
		}
		var date report.Date
		if v := get(rc.pub); v != "" {
			d, err := report.ParseDate(v)
			if err != nil {
				return &Error{File: file, Sheet: sheetName, Row: row, Column: h.names[rc.pub], Err: err}
			}
			date = d
		}
		p := out.Providers[id]
		if p == nil {
			if len(out.Providers) >= 1<<20 {
				return &Error{File: file, Sheet: sheetName, Row: row, Err: fmt.Errorf("more than %d providers", 1<<20)}
			}
			p = &report.HealthProvider{ID: strings.Clone(id), Name: strings.Clone(get(cName))}
			out.Providers[p.ID] = p
		}
		setRating(&p.Overall, get(rc.domain), r, strings.Clone(raw), date)
	}
	out.Findings = append(out.Findings, unknownFindings(file, unknown, "row", "rows")...)
	return nil
}
