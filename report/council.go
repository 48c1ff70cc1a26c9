package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// CouncilAssessment is CQC's assessment of a council's adult social care
// duties under the Care Act (since 2023): an overall rating, when it was
// published, and optionally its score and the four theme scores.
type CouncilAssessment struct {
	Authority string
	Rating    Rating // one of the four real ratings
	Published Date
	// MonthOnly is true when only the month of publication was given
	// (published: 2025-09): Published is then the first of the month.
	MonthOnly bool
	// Score is CQC's score in per cent (the nine quality statement
	// scores out of 36); HasScore is false when none was given.
	Score    float64
	HasScore bool
	URL      string
	// Themes are CQC's 1-4 scores of the four themes, in the order of
	// CouncilThemes; 0 where not given.
	Themes [4]int
}

// CouncilThemes are the ids of CQC's four themes of a council assessment
// (the config's council_assessment.themes keys), with their names.
var CouncilThemes = [4]struct{ ID, Name string }{
	{"working_with_people", "Working with people"},
	{"providing_support", "Providing support"},
	{"ensuring_safety", "How the council ensures safety within the system"},
	{"leadership", "Leadership"},
}

// PublishedText is the publication date as the paper prints it:
// "September 2025" for a month, else "18 September 2025".
func (a *CouncilAssessment) PublishedText() string {
	if a.MonthOnly {
		return a.Published.Time().Format("January 2006")
	}
	return a.Published.Long()
}

// PublishedISO is the publication date for the JSON and CSV: 2025-09 for a
// month, else 2025-09-18.
func (a *CouncilAssessment) PublishedISO() string {
	if a.MonthOnly {
		return a.Published.String()[:7]
	}
	return a.Published.String()
}

// ScoreText is the score as printed: "53%" or "52.8%".
func (a *CouncilAssessment) ScoreText() string {
	return strconv.FormatFloat(a.Score, 'f', -1, 64) + "%"
}

// ScoreBand is the rating CQC's published method gives a score: 25-38%
// Inadequate, 39-62% Requires improvement, 63-87% Good, 88% and above
// Outstanding, the score rounded half up to a whole per cent first. A
// score below 25% (the lowest nine statements can give) has no band.
func ScoreBand(score float64) (Rating, bool) {
	s := math.Floor(score + 0.5)
	switch {
	case s >= 88:
		return Outstanding, true
	case s >= 63:
		return Good, true
	case s >= 39:
		return RequiresImprovement, true
	case s >= 25:
		return Inadequate, true
	}
	return NotRated, false
}

// ParseCouncilRating reads a council's overall rating: one of the four,
// in any case ("Requires improvement").
func ParseCouncilRating(s string) (Rating, error) {
	r, kind := ParseRating(s)
	if kind != ValueRating || !r.IsRated() {
		return NotRated, fmt.Errorf("%q is not Outstanding, Good, Requires improvement or Inadequate", s)
	}
	return r, nil
}

// ParsePublished reads a publication date: 2025-09-18, or a month,
// 2025-09 (for when only the month is known).
func ParsePublished(s string) (Date, bool, error) {
	s = strings.TrimSpace(s)
	if len(s) == 7 && s[4] == '-' {
		y, err1 := strconv.Atoi(s[:4])
		m, err2 := strconv.Atoi(s[5:])
		if err1 != nil || err2 != nil || m < 1 || m > 12 || y < 2000 || y > 2200 || strconv.Itoa(y) != s[:4] {
			return 0, false, fmt.Errorf("%q is not a date such as 2025-09-18 or a month such as 2025-09", s)
		}
		return NewDate(y, m, 1), true, nil
	}
	d, err := ParseDate(s)
	if err != nil || d.Year() < 2000 || d.Year() > 2200 {
		return 0, false, fmt.Errorf("%q is not a date such as 2025-09-18 or a month such as 2025-09", s)
	}
	return d, false, nil
}

// ParseScore reads a score in per cent: a number from 0 to 100, with an
// optional % sign.
func ParseScore(s string) (float64, error) {
	t := strings.TrimSuffix(strings.TrimSpace(s), "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || math.IsNaN(v) || v < 0 || v > 100 || strings.ContainsAny(t, "eEx_") {
		return 0, fmt.Errorf("%q is not a percentage from 0 to 100", s)
	}
	return v, nil
}
