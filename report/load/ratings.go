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
func Ratings(path string, keep func(id string) bool) (KeyQuestionRatings, []report.Finding, error) {
	kq, _, findings, err := RatingsDated(path, keep)
	return kq, findings, err
}

// RatingsDated is Ratings, also giving the date the file says it is as at
// (its preamble's "as at" line, else its name; zero if neither says).
func RatingsDated(path string, keep func(id string) bool) (KeyQuestionRatings, report.Date, []report.Finding, error) {
	rows, sheetName, err := OpenRows(path, RatingsSheets)
	if err != nil {
		return nil, 0, nil, err
	}
	defer rows.Close()
	return readRatingsDated(rows, path, sheetName, keep)
}

func readRatings(rows sheet.Rows, file, sheetName string, keep func(string) bool) (KeyQuestionRatings, []report.Finding, error) {
	kq, _, findings, err := readRatingsDated(rows, file, sheetName, keep)
	return kq, findings, err
}

func readRatingsDated(rows sheet.Rows, file, sheetName string, keep func(string) bool) (_ KeyQuestionRatings, asAt report.Date, _ []report.Finding, _ error) {
	kq, findings, err := readRatingsRows(rows, file, sheetName, keep, &asAt)
	return kq, asAt, findings, err
}

func readRatingsRows(rows sheet.Rows, file, sheetName string, keep func(string) bool, asAt *report.Date) (KeyQuestionRatings, []report.Finding, error) {
	h, preamble, err := findHeader(rows, file, colID, []string{"Service / Population Group", "Domain", "Key Question", "Latest Rating"})
	if err != nil {
		return nil, nil, withSheet(err, sheetName)
	}
	*asAt, _ = asAtDate(file, preamble)
	domain := "Domain"
	if h.col(domain) < 0 {
		domain = "Key Question"
	}
	if h.col(domain) < 0 {
		return nil, nil, withSheet(&Error{File: file, Row: h.row, Err: fmt.Errorf("%w: the header has neither %q nor %q", ErrMissingColumn, "Domain", "Key Question")}, sheetName)
	}
	idx, err := h.require(file, colID, "Service / Population Group", domain, "Latest Rating")
	if err != nil {
		return nil, nil, withSheet(err, sheetName)
	}
	cID, cGroup, cDomain, cRating := idx[0], idx[1], idx[2], idx[3]
	cPub := h.col(colPublished)
	out := KeyQuestionRatings{}
	unknown := map[string]*valueCount{}
	var findings []report.Finding
	for {
		cells, row, err := rows.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, withSheet(err, sheetName)
		}
		get := func(i int) string {
			if i < 0 || i >= len(cells) {
				return ""
			}
			return strings.TrimSpace(cells[i])
		}
		id := get(cID)
		if id == "" || !strings.EqualFold(get(cGroup), "Overall") {
			continue
		}
		if keep != nil && !keep(id) {
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
					return nil, nil, &Error{File: file, Sheet: sheetName, Row: row, Column: h.names[cPub], Err: err}
				}
				a.Date = d
			}
		} else if q, ok := report.ParseKeyQuestion(dom); ok {
			a.KQ[q] = r
			a.HasKQ = true
		} else {
			findings = append(findings, report.Finding{File: file, Row: row, Kind: "unknown_domain",
				Message: fmt.Sprintf("%s %q is not a key question; row skipped", domain, dom)})
			continue
		}
		out[id] = a
	}
	findings = append(findings, unknownFindings(file, unknown, "row", "rows")...)
	return out, findings, nil
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
