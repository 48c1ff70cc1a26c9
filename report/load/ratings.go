package load

import (
	"fmt"
	"io"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/load/sheet"
)

// RatingsSheets are the sheet names of the Latest ratings file's location
// ratings.
var RatingsSheets = []string{"Locations"}

// KeyQuestionRatings are one location's overall and key question ratings
// from the Latest ratings file.
type KeyQuestionRatings map[string]report.Assessment

// Ratings reads a Latest ratings file (.csv, .ods or .xlsx): the rows whose
// "Service / Population Group" is "Overall", keyed by Location ID. The key
// question column is "Domain" or, in older files, "Key Question". keep,
// if not nil, says which locations to keep.
//
// rd, if not nil, is told how the file was read.
func Ratings(path string, keep func(id string) bool, rd *report.Reading) (KeyQuestionRatings, []report.Finding, error) {
	kq, _, f, err := RatingsAndHealth(path, "", keep, false, rd)
	return kq, f, err
}

// RatingsAndHealth reads a Latest ratings file once for both its uses:
// the social care locations' key questions (as Ratings) and, with
// health, every health location with its core services or population
// groups and the providers' own ratings (as HealthRatings).
func RatingsAndHealth(path, providers string, keep func(id string) bool, health bool, rd *report.Reading) (KeyQuestionRatings, *report.Health, []report.Finding, error) {
	rows, sheetName, err := OpenRows(path, RatingsSheets)
	if err != nil {
		return nil, nil, nil, err
	}
	kq, h, f, err := readRatings(rows, path, sheetName, keep, health, rd)
	rows.Close()
	if err != nil {
		return nil, nil, nil, err
	}
	if h != nil {
		if err := addProviders(h, path, providers); err != nil {
			return nil, nil, nil, err
		}
		f = append(f, h.Findings...)
	}
	return kq, h, f, nil
}

func readRatings(rows sheet.Rows, file, sheetName string, keep func(string) bool, health bool, rd *report.Reading) (KeyQuestionRatings, *report.Health, []report.Finding, error) {
	kq, acc, f, err := readRatingsRows(rows, file, sheetName, keep, health, rd)
	if acc == nil {
		return kq, nil, f, err
	}
	return kq, acc.done(), f, err
}

func readRatingsRows(rows sheet.Rows, file, sheetName string, keep func(string) bool, health bool, rd *report.Reading) (KeyQuestionRatings, *healthAcc, []report.Finding, error) {
	if rd == nil {
		rd = &report.Reading{}
	}
	h, preamble, err := findHeader(rows, file, colID, []string{"Service / Population Group", "Domain", "Key Question", "Latest Rating"})
	if err != nil {
		return nil, nil, nil, withSheet(err, sheetName)
	}
	domain := "Domain"
	if h.col(domain) < 0 {
		domain = "Key Question"
	}
	if h.col(domain) < 0 {
		return nil, nil, nil, withSheet(&Error{File: file, Row: h.row, Err: fmt.Errorf("%w: the header has neither %q nor %q", ErrMissingColumn, "Domain", "Key Question")}, sheetName)
	}
	idx, err := h.require(file, colID, "Service / Population Group", domain, "Latest Rating")
	if err != nil {
		return nil, nil, nil, withSheet(err, sheetName)
	}
	cID, cGroup, cDomain, cRating := idx[0], idx[1], idx[2], idx[3]
	cPub := h.col(colPublished)
	var acc *healthAcc
	if health {
		if acc, err = newHealthAcc(h, file, sheetName); err != nil {
			return nil, nil, nil, err
		}
	}
	asAt, asAtFrom := asAtDate(file, preamble)
	*rd = report.Reading{Layout: "Latest ratings", Sheet: sheetName, HeaderRow: h.row, AsAt: asAt, AsAtFrom: asAtFrom}
	out := KeyQuestionRatings{}
	unknown := map[string]*valueCount{}
	var findings []report.Finding
	for {
		cells, row, err := rows.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, nil, withSheet(err, sheetName)
		}
		rd.Rows++
		get := func(i int) string {
			if i < 0 || i >= len(cells) {
				return ""
			}
			return strings.TrimSpace(cells[i])
		}
		if acc != nil {
			isHealth, err := acc.add(cells, row)
			if err != nil {
				return nil, nil, nil, err
			}
			if isHealth {
				continue
			}
		}
		id := get(cID)
		switch {
		case id == "":
			rd.Skip("no Location ID")
			continue
		case !strings.EqualFold(get(cGroup), "Overall"):
			rd.Skip("a service or population group's rating, not the location's own")
			continue
		case keep != nil && !keep(id):
			rd.Skip("a location not in the snapshot")
			continue
		}
		raw := get(cRating)
		r, kind := report.ParseRating(raw)
		if kind == report.ValueUnknown {
			noteUnknown(unknown, raw, row)
		}
		a, ok := out[id]
		if !ok {
			id = strings.Clone(id)
		}
		dom := get(cDomain)
		if strings.EqualFold(dom, "Overall") {
			a.Overall, a.Raw = r, strings.Clone(raw)
			if v := get(cPub); v != "" {
				d, err := report.ParseDate(v)
				if err != nil {
					return nil, nil, nil, &Error{File: file, Sheet: sheetName, Row: row, Column: h.names[cPub], Err: err}
				}
				a.Date = d
			}
		} else if q, ok := report.ParseKeyQuestion(dom); ok {
			a.KQ[q] = r
			a.HasKQ = true
		} else {
			findings = append(findings, report.Finding{File: file, Row: row, Kind: "unknown_domain",
				Message: fmt.Sprintf("%s %q is not a key question; row skipped", domain, dom)})
			rd.Skip("not a key question")
			continue
		}
		out[id] = a
	}
	findings = append(findings, unknownFindings(file, unknown, "row", "rows")...)
	return out, acc, findings, nil
}

// MergeKeyQuestions sets each location's key question ratings from the
// Latest ratings file, where the file has them for the same report as
// the snapshot's overall rating (same publication date, or no date given).
// It returns a finding for each location whose dates disagree.
func MergeKeyQuestions(s *report.Snapshot, kq KeyQuestionRatings, file string) []report.Finding {
	var out []report.Finding
	mismatched := 0
	for i := range s.Locations {
		l := &s.Locations[i]
		a, ok := kq[l.ID]
		if !ok || !a.HasKQ {
			continue
		}
		if !a.Date.IsZero() && !l.Current.Date.IsZero() && a.Date != l.Current.Date {
			mismatched++
			continue
		}
		l.Current.KQ = a.KQ
		l.Current.HasKQ = true
	}
	s.KeyQuestions = true
	if mismatched > 0 {
		out = append(out, report.Finding{File: file, Kind: "ratings_mismatch",
			Message: fmt.Sprintf("%d locations have key question ratings from a different report than their overall rating; their key questions are left out", mismatched)})
	}
	return out
}
