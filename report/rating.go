package report

import "strings"

// Rating is a canonical CQC overall or key question rating. The zero
// value is NotRated, so a location with no rating counts as not rated.
type Rating uint8

// The canonical ratings. Their numeric order is the order of quality, so
// a > b means a is the better rating (NotRated is below all of them and
// is never compared).
const (
	NotRated Rating = iota
	Inadequate
	RequiresImprovement
	Good
	Outstanding
)

// Ratings lists the canonical ratings in the order tables show them.
var Ratings = []Rating{Outstanding, Good, RequiresImprovement, Inadequate, NotRated}

// RealRatings are the four ratings CQC awards.
var RealRatings = []Rating{Outstanding, Good, RequiresImprovement, Inadequate}

// ID returns the canonical id used in tables and JSON.
func (r Rating) ID() string {
	switch r {
	case Outstanding:
		return "outstanding"
	case Good:
		return "good"
	case RequiresImprovement:
		return "requires_improvement"
	case Inadequate:
		return "inadequate"
	}
	return "not_rated"
}

// Label returns the rating as a report prints it.
func (r Rating) Label() string {
	switch r {
	case Outstanding:
		return "Outstanding"
	case Good:
		return "Good"
	case RequiresImprovement:
		return "Requires Improvement"
	case Inadequate:
		return "Inadequate"
	}
	return "Not yet rated"
}

// RatingByID is the rating whose ID is id, and whether there is one.
func RatingByID(id string) (Rating, bool) {
	for _, r := range Ratings {
		if r.ID() == id {
			return r, true
		}
	}
	return NotRated, false
}

// IsRated reports whether r is one of the four awarded ratings.
func (r Rating) IsRated() bool { return r != NotRated }

// RatingValue classifies a rating cell as found in a file.
type RatingValue uint8

const (
	// ValueRating is one of the four real ratings.
	ValueRating RatingValue = iota
	// ValueNotRated is blank or a value CQC uses for "no rating".
	ValueNotRated
	// ValueUnknown is anything else, e.g. the pre-2014 "Compliance action".
	ValueUnknown
)

// notRatedValues are the values cqc-data.md lists as meaning "no rating",
// lower-cased.
var notRatedValues = map[string]bool{
	"":                              true,
	"not rated":                     true,
	"inspected but not rated":       true,
	"no published rating":           true,
	"insufficient evidence to rate": true,
	"not applicable":                true,
}

// ParseRating maps a value from a file to a canonical rating. Matching is
// case-insensitive after trimming spaces. For a value that is not a
// rating at all it returns NotRated and ValueUnknown, so that callers can
// both count the location as not rated and report the value.
func ParseRating(s string) (Rating, RatingValue) {
	v := strings.ToLower(strings.TrimSpace(s))
	switch v {
	case "outstanding":
		return Outstanding, ValueRating
	case "good":
		return Good, ValueRating
	case "requires improvement":
		return RequiresImprovement, ValueRating
	case "inadequate":
		return Inadequate, ValueRating
	}
	if notRatedValues[v] {
		return NotRated, ValueNotRated
	}
	return NotRated, ValueUnknown
}

// KeyQuestion indexes the five CQC key questions.
type KeyQuestion int

// The key questions in the order CQC lists them.
const (
	Safe KeyQuestion = iota
	Effective
	Caring
	Responsive
	WellLed
	NumKeyQuestions
)

// KeyQuestionNames are the key questions as CQC spells them.
var KeyQuestionNames = [NumKeyQuestions]string{"Safe", "Effective", "Caring", "Responsive", "Well-led"}

// ParseKeyQuestion maps a key question name ("Well led", "well-led",
// "SAFE") to its index.
func ParseKeyQuestion(s string) (KeyQuestion, bool) {
	v := strings.ToLower(strings.TrimSpace(s))
	v = strings.ReplaceAll(v, " ", "-")
	for i, n := range KeyQuestionNames {
		if v == strings.ToLower(n) {
			return KeyQuestion(i), true
		}
	}
	return 0, false
}
