package paper

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// The sentence rules. Every comparison, judgement of change and count in
// the paper's prose goes through these, so that no sentence claims more
// than the printed figures show.

// Relation is how one share stands against another.
type Relation int

const (
	// Similar: the shares differ by less than the threshold.
	Similar Relation = iota
	Higher
	Lower
)

// Compare says how mine stands against theirs by rule 11: Higher or
// Lower only when the unrounded shares (their counts, compared exactly)
// differ by at least within percentage points, so that a gap of 2.4
// points is never called higher when one of 2.3 was called similar, or
// the other way round, whatever the printed figures round to. Shares
// printed the same are similar whatever the threshold.
func Compare(mine, theirs report.Share, within float64) Relation {
	if !mine.OK || !theirs.OK || mine.Pct == theirs.Pct && mine.Dec == theirs.Dec {
		return Similar
	}
	switch cqc.ShareGap(mine, theirs, within) {
	case 1:
		return Higher
	case -1:
		return Lower
	}
	return Similar
}

// Than is the relation as a phrase before a comparison: "higher than",
// "lower than" or "similar to".
func (r Relation) Than() string {
	switch r {
	case Higher:
		return "higher than"
	case Lower:
		return "lower than"
	}
	return "similar to"
}

// Trend is a judgement of change between two dates.
type Trend int

const (
	// LittleChanged: the Good-or-Outstanding share moved by less than
	// the threshold and no rating moved against the others.
	LittleChanged Trend = iota
	Improved
	Worsened
	// Mixed: some figures moved for the better and others for the worse.
	Mixed
)

// Judge weighs every rating between two dates. A better sign is a
// Good-or-Outstanding share that rose by at least within points, or fewer
// services rated Inadequate or Requires Improvement; a worse sign is the
// opposite. Signs both ways make the change Mixed; Improved and Worsened
// also need the share itself to have moved beyond the threshold, so a
// one-point wiggle is never called an improvement.
func Judge(before, after cqc.Counts, dec int, within float64) Trend {
	rel := Compare(after.GoodOrBetterShare(dec), before.GoodOrBetterShare(dec), within)
	better := rel == Higher || after[report.Inadequate] < before[report.Inadequate] ||
		after[report.RequiresImprovement] < before[report.RequiresImprovement]
	worse := rel == Lower || after[report.Inadequate] > before[report.Inadequate] ||
		after[report.RequiresImprovement] > before[report.RequiresImprovement]
	switch {
	case better && worse:
		return Mixed
	case better && rel == Higher:
		return Improved
	case worse && rel == Lower:
		return Worsened
	}
	return LittleChanged
}

// noun is what the paper's services are called: "care homes" when the
// data holds nothing else.
type noun struct{ one, many string }

var (
	nounServices  = noun{"service", "services"}
	nounCareHomes = noun{"care home", "care homes"}
)

// n writes a count of the noun: "no care homes", "1 care home",
// "3 care homes".
func (w noun) n(k int) string {
	switch k {
	case 0:
		return "no " + w.many
	case 1:
		return "1 " + w.one
	}
	return num(k) + " " + w.many
}

// of writes k of a total: "all 12", "none of the 12", "1 of the 12",
// "3 of the 12".
func of(k, total int) string {
	switch {
	case total > 0 && k == total:
		if total == 1 {
			return "the only one"
		}
		return "all " + num(total)
	case k == 0:
		return "none of the " + num(total)
	}
	return num(k) + " of the " + num(total)
}

// countWord is a bare count in a list: "none", "1", "3".
func countWord(k int) string {
	if k == 0 {
		return "none"
	}
	return num(k)
}

// isAre and wasWere agree with a count.
func isAre(k int) string   { return plural(k, "is", "are") }
func wasWere(k int) string { return plural(k, "was", "were") }
func hasHave(k int) string { return plural(k, "has", "have") }

// pointsText writes a change in points: "1 percentage point",
// "2.5 percentage points".
func pointsText(v float64, dec int) string {
	s := strconv.FormatFloat(abs(v), 'f', dec, 64)
	if s == "1" || s == "1.0" {
		return s + " percentage point"
	}
	return s + " percentage points"
}

// movedFromTo writes "rose from 3 to 8", "fell from 33 to 30".
func movedFromTo(before, after int) string {
	if after > before {
		return fmt.Sprintf("rose from %s to %s", num(before), num(after))
	}
	return fmt.Sprintf("fell from %s to %s", num(before), num(after))
}

// capFirst upper-cases the first letter of a sentence.
func capFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
