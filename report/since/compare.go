package since

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/carereport/carereport/report"
)

// Kinds of change to a service, in the order they are listed.
const (
	Fell          = "fell"            // rated lower than before
	Rose          = "rose"            // rated higher than before
	FirstRated    = "first_rated"     // there before without a rating, rated now
	NoLongerRated = "no_longer_rated" // rated before, without a rating now
	Registered    = "registered"      // not counted before: registered (or back from dormancy) since
	Closed        = "closed"          // counted before, not now: closed, dormant or moved away
	RatedAgain    = "rated_again"     // a new report with the same rating
)

// Kinds lists the kinds of change in the order they are listed.
var Kinds = []string{Fell, Rose, FirstRated, NoLongerRated, Registered, Closed, RatedAgain}

// Change is one service that changed between the two papers.
type Change struct {
	Kind     string `json:"change"`
	ID       string `json:"location_id"`
	Name     string `json:"name"`
	Type     string `json:"service_type"`
	Before   string `json:"rating_before"` // a rating id, "" when not counted then
	Now      string `json:"rating_now"`    // a rating id, "" when not counted now
	BeforeOn string `json:"rating_date_before"`
	NowOn    string `json:"rating_date_now"`
}

// Figure is a share that moved by at least the threshold.
type Figure struct {
	Table  string  `json:"table"`
	Row    string  `json:"row"`
	Column string  `json:"column"`
	Before float64 `json:"before"`
	Now    float64 `json:"now"`
	Change float64 `json:"change_pts"`
	Dec    int     `json:"-"`
}

// RatingCount is one rating's services at each paper, and the services
// rated so since the earlier one that were not so then.
type RatingCount struct {
	Rating string   `json:"rating"`
	Before int      `json:"before"`
	Now    int      `json:"now"`
	Newly  []Change `json:"newly"`
}

// Changes is what differs between two papers of one authority.
type Changes struct {
	Authority string `json:"authority"`
	Before    string `json:"as_at_before"`
	Now       string `json:"as_at_now"`
	// Within is the threshold in points (report.similar_within): a share
	// that moved by at least this much is listed.
	Within   float64       `json:"similar_within"`
	Services []Change      `json:"services"`
	Ratings  []RatingCount `json:"ratings"`
	Figures  []Figure      `json:"figures"`
	// GoodOrBetter is the share of all services rated Good or
	// Outstanding in each paper, moved or not (nil when either paper
	// lacks it).
	GoodOrBetter *Figure `json:"good_or_better,omitempty"`
	// Synthetic is true when either paper's figures come from invented
	// data.
	Synthetic bool `json:"synthetic,omitempty"`
}

// Differs reports whether anything is listed: a service that changed or
// a figure that moved by at least the threshold.
func (c *Changes) Differs() bool { return len(c.Services) > 0 || len(c.Figures) > 0 }

// Count is how many services changed in the given way.
func (c *Changes) Count(kind string) int {
	n := 0
	for _, s := range c.Services {
		if s.Kind == kind {
			n++
		}
	}
	return n
}

// Of returns the services that changed in the given way, in order.
func (c *Changes) Of(kind string) []Change {
	var out []Change
	for _, s := range c.Services {
		if s.Kind == kind {
			out = append(out, s)
		}
	}
	return out
}

// service is one row of a services table.
type service struct {
	id, name, typ string
	rating        report.Rating
	date          string
}

// Input names a parsed tables JSON and where it came from, for errors.
type Input struct {
	File string
	Set  *report.TableSet
}

// Compare lists what changed from the earlier paper to the later one.
// Both must be of the same authority, the earlier one as at the same date
// or before, and each must hold the services table (written since
// carereport compared papers); an error names the file and the key.
func Compare(old, cur Input, within float64) (*Changes, error) {
	if !report.SameName(old.Set.Authority, cur.Set.Authority) {
		return nil, &Error{File: old.File, Key: "authority", Msg: fmt.Sprintf("%q, but %s is of %q: compare two papers of one authority", old.Set.Authority, cur.File, cur.Set.Authority)}
	}
	if old.Set.AsAt > cur.Set.AsAt {
		return nil, &Error{File: old.File, Key: "as_at", Msg: fmt.Sprintf("%s is after %s's %s: give the earlier paper first", old.Set.AsAt, cur.File, cur.Set.AsAt)}
	}
	before, err := services(old)
	if err != nil {
		return nil, err
	}
	now, err := services(cur)
	if err != nil {
		return nil, err
	}
	c := &Changes{Authority: cur.Set.Authority, Before: old.Set.AsAt, Now: cur.Set.AsAt, Within: within,
		Services: []Change{}, Figures: []Figure{}, Synthetic: old.Set.Synthetic || cur.Set.Synthetic}
	byID := map[string]*service{}
	for i := range before {
		byID[before[i].id] = &before[i]
	}
	seen := map[string]bool{}
	for i := range now {
		n := &now[i]
		seen[n.id] = true
		ch := Change{ID: n.id, Name: n.name, Type: n.typ, Now: n.rating.ID(), NowOn: n.date}
		b := byID[n.id]
		if b == nil {
			ch.Kind = Registered
			c.Services = append(c.Services, ch)
			continue
		}
		ch.Before, ch.BeforeOn = b.rating.ID(), b.date
		switch {
		case b.rating == n.rating && b.date == n.date:
			continue
		case b.rating == n.rating:
			ch.Kind = RatedAgain
		case !b.rating.IsRated():
			ch.Kind = FirstRated
		case !n.rating.IsRated():
			ch.Kind = NoLongerRated
		case order(n.rating) > order(b.rating):
			ch.Kind = Rose
		default:
			ch.Kind = Fell
		}
		c.Services = append(c.Services, ch)
	}
	for i := range before {
		b := &before[i]
		if !seen[b.id] {
			c.Services = append(c.Services, Change{Kind: Closed, ID: b.id, Name: b.name, Type: b.typ, Before: b.rating.ID(), BeforeOn: b.date})
		}
	}
	kindOrder := map[string]int{}
	for i, k := range Kinds {
		kindOrder[k] = i
	}
	sort.SliceStable(c.Services, func(i, j int) bool {
		a, b := c.Services[i], c.Services[j]
		if a.Kind != b.Kind {
			return kindOrder[a.Kind] < kindOrder[b.Kind]
		}
		if x, y := strings.ToLower(a.Name), strings.ToLower(b.Name); x != y {
			return x < y
		}
		return a.ID < b.ID
	})
	for _, r := range report.Ratings {
		rc := RatingCount{Rating: r.ID(), Newly: []Change{}}
		for i := range before {
			if before[i].rating == r {
				rc.Before++
			}
		}
		for i := range now {
			if now[i].rating == r {
				rc.Now++
			}
		}
		if r.IsRated() {
			for _, s := range c.Services {
				if s.Now == r.ID() && s.Before != r.ID() && s.Kind != RatedAgain {
					rc.Newly = append(rc.Newly, s)
				}
			}
			sort.SliceStable(rc.Newly, func(i, j int) bool {
				if x, y := strings.ToLower(rc.Newly[i].Name), strings.ToLower(rc.Newly[j].Name); x != y {
					return x < y
				}
				return rc.Newly[i].ID < rc.Newly[j].ID
			})
		}
		c.Ratings = append(c.Ratings, rc)
	}
	c.Figures = figures(old.Set, cur.Set, within)
	if all := figures(old.Set, cur.Set, -1); true {
		for i := range all {
			if f := all[i]; f.Table == "ratings_by_service_type" && f.Row == "good_or_better" && f.Column == "all_pct" {
				c.GoodOrBetter = &f
			}
		}
	}
	return c, nil
}

func order(r report.Rating) int {
	switch r {
	case report.Outstanding:
		return 4
	case report.Good:
		return 3
	case report.RequiresImprovement:
		return 2
	case report.Inadequate:
		return 1
	}
	return 0
}

// services reads the services table of a tables JSON.
func services(in Input) ([]service, error) {
	t := in.Set.Find("services")
	if t == nil {
		return nil, &Error{File: in.File, Key: "tables", Msg: "has no services table (every service with its rating), which a comparison needs: make the paper's tables again with this version of carereport"}
	}
	col := map[string]int{}
	for i, c := range t.Columns {
		col[c] = i
	}
	for _, want := range []string{"location_id", "name", "service_type", "rating", "rating_date"} {
		if _, ok := col[want]; !ok {
			return nil, &Error{File: in.File, Key: "services", Msg: fmt.Sprintf("has no column %q", want)}
		}
	}
	ratings := map[string]report.Rating{}
	for _, r := range report.Ratings {
		ratings[r.ID()] = r
	}
	out := make([]service, 0, len(t.Rows))
	ids := map[string]bool{}
	for i, row := range t.Rows {
		key := func(c string) string { return fmt.Sprintf("services.rows[%d].%s", i, c) }
		text := func(c string) (string, error) {
			v := row[col[c]]
			if v.IsNum {
				return "", &Error{File: in.File, Key: key(c), Msg: fmt.Sprintf("expected text, found the number %s", v.String())}
			}
			return v.Text, nil
		}
		var s service
		var err error
		if s.id, err = text("location_id"); err != nil {
			return nil, err
		}
		if s.id == "" || ids[s.id] {
			return nil, &Error{File: in.File, Key: key("location_id"), Msg: fmt.Sprintf("%q is empty or listed twice", s.id)}
		}
		ids[s.id] = true
		if s.name, err = text("name"); err != nil {
			return nil, err
		}
		if s.typ, err = text("service_type"); err != nil {
			return nil, err
		}
		rt, err := text("rating")
		if err != nil {
			return nil, err
		}
		r, ok := ratings[rt]
		if !ok {
			return nil, &Error{File: in.File, Key: key("rating"), Msg: fmt.Sprintf("%q is not a rating id (outstanding, good, requires_improvement, inadequate, not_rated)", rt)}
		}
		s.rating = r
		if s.date, err = text("rating_date"); err != nil {
			return nil, err
		}
		if s.date != "" {
			if _, err := report.ParseDate(s.date); err != nil || len(s.date) != len("2006-01-02") {
				return nil, &Error{File: in.File, Key: key("rating_date"), Msg: fmt.Sprintf("%q is not a date such as 2021-02-01", s.date)}
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// Compared are the tables whose shares are compared, in the order the
// figures are listed: the standing figures of a paper, not those of a
// period (inspections) or of two dates (year on year, trend).
var Compared = []string{"ratings_by_service_type", "comparison", "key_questions", "key_questions_comparison",
	"comparator_ranking", "comparator_ranking_care_homes", "comparator_ranking_community", "commissioned", "health_ratings"}

// figures lists the shares (the *_pct columns, less those of an earlier
// date) of the compared tables that moved by at least within points.
// A share is matched by table, row (its first cell) and column; one that
// is in one paper only is not listed.
func figures(old, cur *report.TableSet, within float64) []Figure {
	out := []Figure{}
	for _, id := range Compared {
		ot, nt := old.Find(id), cur.Find(id)
		if ot == nil || nt == nil {
			continue
		}
		ocol := map[string]int{}
		for i, c := range ot.Columns {
			ocol[c] = i
		}
		orow := map[string][]report.Cell{}
		for _, r := range ot.Rows {
			if len(r) > 0 && !r[0].IsNum && r[0].Text != "" {
				if _, dup := orow[r[0].Text]; !dup {
					orow[r[0].Text] = r
				}
			}
		}
		for _, r := range nt.Rows {
			if len(r) == 0 || r[0].IsNum || r[0].Text == "" {
				continue
			}
			or := orow[r[0].Text]
			if or == nil {
				continue
			}
			for j, c := range nt.Columns {
				if !strings.HasSuffix(c, "_pct") || strings.HasPrefix(c, "previous_") || j >= len(r) {
					continue
				}
				oi, ok := ocol[c]
				if !ok || oi >= len(or) || !r[j].IsNum || !or[oi].IsNum {
					continue
				}
				d := r[j].Num - or[oi].Num
				if within >= 0 && (d == 0 || math.Abs(d) < within-1e-9) {
					continue
				}
				dec := max(r[j].Dec, or[oi].Dec)
				out = append(out, Figure{Table: id, Row: r[0].Text, Column: c, Before: or[oi].Num, Now: r[j].Num,
					Change: math.Round(d*math.Pow10(dec)) / math.Pow10(dec), Dec: dec})
			}
		}
	}
	return out
}
