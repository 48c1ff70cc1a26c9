package report

import "testing"

// TestParseRatingNotRatedValues pins the "not rated" row of the table in
// cqc-data.md: every spelling CQC uses for "no rating" is NotRated and is
// not reported as an unknown value.
func TestParseRatingNotRatedValues(t *testing.T) {
	for _, v := range []string{
		"", "   ", "Not rated", "Not Rated", "NOT RATED", "Inspected but not rated",
		"No published rating", "Insufficient evidence to rate", "Not applicable",
		" not applicable ", "\tInspected but not rated\t",
	} {
		r, kind := ParseRating(v)
		if r != NotRated || kind != ValueNotRated {
			t.Errorf("ParseRating(%q) = %v, %v; want NotRated, ValueNotRated", v, r.ID(), kind)
		}
	}
}

func TestParseRatingReal(t *testing.T) {
	cases := map[string]Rating{
		"Outstanding":            Outstanding,
		"outstanding":            Outstanding,
		"Good":                   Good,
		" GOOD ":                 Good,
		"good\t":                 Good,
		"Requires improvement":   RequiresImprovement,
		"Requires Improvement":   RequiresImprovement,
		"requires improvement":   RequiresImprovement,
		"  REQUIRES IMPROVEMENT": RequiresImprovement,
		"Inadequate":             Inadequate,
		"inadequate ":            Inadequate,
	}
	for v, want := range cases {
		r, kind := ParseRating(v)
		if r != want || kind != ValueRating {
			t.Errorf("ParseRating(%q) = %s, %v; want %s, ValueRating", v, r.ID(), kind, want.ID())
		}
	}
}

// Values that are not ratings at all (pre-2014 judgements, typos) count as
// not rated but are flagged so that validate can list them.
func TestParseRatingUnknown(t *testing.T) {
	for _, v := range []string{"No action", "Compliance action", "Enforcement action", "Goood", "Requires  improvement", "-"} {
		r, kind := ParseRating(v)
		if r != NotRated || kind != ValueUnknown {
			t.Errorf("ParseRating(%q) = %s, %v; want NotRated, ValueUnknown", v, r.ID(), kind)
		}
	}
}

func TestRatingIDsAndOrder(t *testing.T) {
	want := []string{"outstanding", "good", "requires_improvement", "inadequate", "not_rated"}
	for i, r := range Ratings {
		if r.ID() != want[i] {
			t.Errorf("Ratings[%d].ID() = %q, want %q", i, r.ID(), want[i])
		}
	}
	if !(Outstanding > Good && Good > RequiresImprovement && RequiresImprovement > Inadequate) {
		t.Error("ratings are not ordered outstanding > good > requires_improvement > inadequate")
	}
	if NotRated.IsRated() || !Inadequate.IsRated() {
		t.Error("IsRated is wrong")
	}
	if NotRated.Label() != "Not yet rated" || RequiresImprovement.Label() != "Requires Improvement" {
		t.Error("labels differ from cqc-data.md")
	}
}

func TestParseKeyQuestion(t *testing.T) {
	cases := map[string]KeyQuestion{"Safe": Safe, "SAFE": Safe, "effective": Effective, " Caring ": Caring,
		"Responsive": Responsive, "Well-led": WellLed, "Well led": WellLed, "well-led": WellLed}
	for v, want := range cases {
		if q, ok := ParseKeyQuestion(v); !ok || q != want {
			t.Errorf("ParseKeyQuestion(%q) = %v, %v; want %v", v, q, ok, want)
		}
	}
	if _, ok := ParseKeyQuestion("Overall"); ok {
		t.Error("Overall is not a key question")
	}
}

// RatingByID inverts ID for every rating and knows no other id.
func TestRatingByID(t *testing.T) {
	for _, r := range Ratings {
		if got, ok := RatingByID(r.ID()); !ok || got != r {
			t.Errorf("RatingByID(%q) = %v, %v", r.ID(), got, ok)
		}
	}
	if _, ok := RatingByID("Good"); ok {
		t.Error("a label taken for an id")
	}
}
