package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/carereport/carereport/report"
)

// Limits of a council assessments file: England has 153 councils with
// adult social care duties, so a real file is a few kB.
const (
	maxCouncilBytes = 1 << 20
	maxCouncilRows  = 1000
	maxCouncilField = 200
)

// councilColumns are the columns of a council assessments file; score
// may be left out, or blank on a row.
var councilColumns = []string{"authority", "rating", "published", "score"}

// CouncilAssessments reads a CSV of CQC's assessments of councils
// (data.council_assessments): columns authority, rating, published and,
// optionally, score, matched by name in any case and order. Errors are
// one line naming the file and line: "councils.csv:4: rating "Fair" is
// not Outstanding, Good, Requires improvement or Inadequate". A score
// outside the band of its rating is a finding, not an error.
func CouncilAssessments(path string) ([]report.CouncilAssessment, []report.Finding, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, &Error{File: path, Err: unwrapPath(err)}
	}
	defer f.Close()
	return ReadCouncilAssessments(f, path)
}

// ReadCouncilAssessments is CouncilAssessments on a reader; file names it
// in messages.
func ReadCouncilAssessments(r io.Reader, file string) ([]report.CouncilAssessment, []report.Finding, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxCouncilBytes+1))
	if err != nil {
		return nil, nil, &Error{File: file, Err: err}
	}
	if len(data) > maxCouncilBytes {
		return nil, nil, &Error{File: file, Err: fmt.Errorf("larger than %d kB; a list of England's councils is a few kB", maxCouncilBytes>>10)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err == io.EOF {
		return nil, nil, &Error{File: file, Err: fmt.Errorf("empty: want a header row %s", strings.Join(councilColumns, ","))}
	}
	if err != nil {
		return nil, nil, csvError(file, err)
	}
	col := map[string]int{}
	for i, h := range head {
		k := strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[k]; dup && k != "" {
			return nil, nil, &Error{File: file, Row: 1, Err: fmt.Errorf("column %q given twice", h)}
		}
		col[k] = i
	}
	for _, c := range councilColumns[:3] {
		if _, ok := col[c]; !ok {
			return nil, nil, &Error{File: file, Row: 1, Err: fmt.Errorf("no column %q (want %s)", c, strings.Join(councilColumns, ", "))}
		}
	}
	cell := func(rec []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	var out []report.CouncilAssessment
	var findings []report.Finding
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if len(out) >= maxCouncilRows {
			return nil, nil, &Error{File: file, Row: line, Err: fmt.Errorf("more than %d rows; England has 153 councils", maxCouncilRows)}
		}
		blank := true
		for _, v := range rec {
			if len(v) > maxCouncilField {
				return nil, nil, &Error{File: file, Row: line, Err: fmt.Errorf("a value is longer than %d bytes", maxCouncilField)}
			}
			if strings.TrimSpace(v) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		a, f, err := councilRow(cell(rec, "authority"), cell(rec, "rating"), cell(rec, "published"), cell(rec, "score"))
		if err != nil {
			return nil, nil, &Error{File: file, Row: line, Err: err}
		}
		k := report.NameKey(a.Authority)
		if first, dup := seen[k]; dup {
			return nil, nil, &Error{File: file, Row: line, Err: fmt.Errorf("%q is listed again (first on line %d)", a.Authority, first)}
		}
		seen[k] = line
		if f != "" {
			findings = append(findings, report.Finding{File: file, Row: line, Kind: "council_score_band", Message: f})
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, nil, &Error{File: file, Err: fmt.Errorf("no councils listed")}
	}
	return out, findings, nil
}

// councilRow checks one council's values; the string is a finding (a
// score outside its rating's band), or "".
func councilRow(authority, rating, published, score string) (report.CouncilAssessment, string, error) {
	a := report.CouncilAssessment{Authority: authority}
	if authority == "" {
		return a, "", fmt.Errorf("authority is empty")
	}
	var err error
	if a.Rating, err = report.ParseCouncilRating(rating); err != nil {
		return a, "", fmt.Errorf("rating: %v", err)
	}
	if a.Published, a.MonthOnly, err = report.ParsePublished(published); err != nil {
		return a, "", fmt.Errorf("published: %v", err)
	}
	if score != "" {
		if a.Score, err = report.ParseScore(score); err != nil {
			return a, "", fmt.Errorf("score: %v", err)
		}
		a.HasScore = true
	}
	return a, CouncilBandFinding(a), nil
}

// CouncilBandFinding says when a score does not fall in the band CQC's
// method gives the rating; "" when it does, or there is no score.
func CouncilBandFinding(a report.CouncilAssessment) string {
	if !a.HasScore {
		return ""
	}
	band, ok := report.ScoreBand(a.Score)
	switch {
	case !ok:
		return fmt.Sprintf("%s: score %s is below 25%%, the lowest CQC's nine quality statements can give", a.Authority, a.ScoreText())
	case band != a.Rating:
		return fmt.Sprintf("%s: score %s is in CQC's band for %s (25-38%% Inadequate, 39-62%% Requires improvement, 63-87%% Good, 88%% and above Outstanding), but the rating given is %s; check both",
			a.Authority, a.ScoreText(), band.Label(), a.Rating.Label())
	}
	return ""
}

// csvError words encoding/csv's error as file:line: what.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: file, Row: pe.Line, Err: pe.Err}
	}
	return &Error{File: file, Err: err}
}
