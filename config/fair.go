package config

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
)

// CouncilAssessment is council_assessment: CQC's assessment of the
// council's own adult social care duties. Rating and published are
// required; the rest is optional.
type CouncilAssessment struct {
	Rating    string        `yaml:"rating"`
	Published string        `yaml:"published"` // 2025-09-18, or a month: 2025-09
	URL       string        `yaml:"url"`
	Score     *float64      `yaml:"score"` // per cent, 0-100
	Themes    CouncilThemes `yaml:"themes"`
}

// CouncilThemes are CQC's scores (1-4) of the assessment's four themes.
type CouncilThemes struct {
	WorkingWithPeople *int `yaml:"working_with_people"`
	ProvidingSupport  *int `yaml:"providing_support"`
	EnsuringSafety    *int `yaml:"ensuring_safety"`
	Leadership        *int `yaml:"leadership"`
}

func (t *CouncilThemes) list() [4]*int {
	return [4]*int{t.WorkingWithPeople, t.ProvidingSupport, t.EnsuringSafety, t.Leadership}
}

// PopulationOn is population, true unless set false.
func (c *Config) PopulationOn() bool { return c.Population == nil || *c.Population }

// MapOn is report.map, true unless set false.
func (r *Report) MapOn() bool { return r.Map == nil || *r.Map }

// Council returns the council's assessment as a report value, for the
// config's authority; ok is false without council_assessment. Call it on
// a validated config.
func (c *Config) Council() (report.CouncilAssessment, bool) {
	ca := c.CouncilAssessment
	if ca == nil {
		return report.CouncilAssessment{}, false
	}
	a, _ := ca.parse(c.Authority)
	return a, true
}

func (ca *CouncilAssessment) parse(authority string) (report.CouncilAssessment, error) {
	a := report.CouncilAssessment{Authority: authority, URL: ca.URL}
	if u := ca.URL; u != "" && (!(strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) || strings.ContainsAny(u, " <>\t\r\n\\`")) {
		return a, fmt.Errorf("url: %q is not a web address (https://...) without spaces or angle brackets", u)
	}
	var err error
	if a.Rating, err = report.ParseCouncilRating(ca.Rating); err != nil {
		return a, fmt.Errorf("rating: %v", err)
	}
	if a.Published, a.MonthOnly, err = report.ParsePublished(ca.Published); err != nil {
		return a, fmt.Errorf("published: %v", err)
	}
	if ca.Score != nil {
		v := *ca.Score
		if v != v || v < 0 || v > 100 {
			return a, fmt.Errorf("score: %v is not a percentage from 0 to 100", v)
		}
		a.Score, a.HasScore = v, true
	}
	for i, t := range ca.Themes.list() {
		if t == nil {
			continue
		}
		if *t < 1 || *t > 4 {
			return a, fmt.Errorf("themes.%s: %d is not one of CQC's theme scores, 1 to 4", report.CouncilThemes[i].ID, *t)
		}
		a.Themes[i] = *t
	}
	return a, nil
}

// validateFair checks council_assessment: rating one of the four,
// published a date or a month, score 0-100, themes 1-4. A score outside
// its rating's band is not an error but a finding (pipeline).
func (c *Config) validateFair() error {
	ca := c.CouncilAssessment
	if ca == nil {
		return nil
	}
	if ca.Rating == "" {
		return &Error{File: c.Path, Key: "council_assessment.rating", Msg: "is required: Outstanding, Good, Requires improvement or Inadequate"}
	}
	if ca.Published == "" {
		return &Error{File: c.Path, Key: "council_assessment.published", Msg: "is required: the date CQC published the assessment (2025-09-18, or a month: 2025-09)"}
	}
	if _, err := ca.parse(c.Authority); err != nil {
		key, msg, _ := cutKey(err.Error())
		return &Error{File: c.Path, Key: "council_assessment." + key, Msg: msg}
	}
	return nil
}

// cutKey splits "themes.leadership: 5 is not ..." into its key and message.
func cutKey(s string) (string, string, bool) {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == ':' && s[i+1] == ' ' {
			return s[:i], s[i+2:], true
		}
	}
	return "", s, false
}
