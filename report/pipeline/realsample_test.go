package pipeline

// This file checks the project's tables on real CQC API records against a
// count written independently from cqc-data.md: it decodes each record as
// a plain map, walks currentRatings and historicRatings itself and applies
// the rules itself. It uses neither report/cqc nor report/load.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// samplePath is the real sample, relative to the repository root.
const samplePath = "../shared/data/cqc/api-locations-southwest-2021-02.jsonl"

// subsetPath is the real subset in the repository: Devon, Plymouth and
// Torbay.
const subsetPath = "testdata/cqc/api-sample-2021-02.jsonl"

// realSet is the real data a test runs on: the whole sample of four
// authorities when ../shared is beside the repository, else the subset in
// testdata, so that a plain clone runs every real-data test.
type realSet struct {
	path      string
	authority string
	comps     []string
	records   int
	full      bool
}

func realSample(t testing.TB) realSet {
	p, err := filepath.Abs(filepath.Join("..", "..", samplePath))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err == nil {
		return realSet{p, "Devon", []string{"Somerset", "Plymouth", "Torbay"}, 728, true}
	}
	p, err = filepath.Abs(filepath.Join("..", "..", subsetPath))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("neither the whole sample (%s) nor the subset (%s) is there: %v", samplePath, subsetPath, err)
	}
	return realSet{p, "Devon", []string{"Plymouth", "Torbay"}, 506, false}
}

// indRating is one published overall rating with its key questions.
type indRating struct {
	date    string // yyyy-mm-dd
	overall string // canonical id, or "" for a value that is no rating
	ibnr    bool   // the overall value is "Inspected but not rated"
	link    string // reportLinkId
	current bool
	kq      map[string]string // key question name -> canonical id
	kqDate  map[string]string // key question name -> its own reportDate, if given
}

// indLoc is one record as the independent count sees it.
type indLoc struct {
	id, la             string
	asc, dormant, home bool
	nursing            bool
	beds               int
	reg, dereg         string // yyyy-mm-dd, dereg "" if none
	// dormFrom and dormTo are the dormancy dates (yyyy-mm-dd, "" if
	// none); a dormancy of Y without dates applies to every date.
	dormFrom, dormTo string
	// preds are the HSCA Predecessor links; reports the reports[] dates.
	preds        []string
	reports      []string
	ratings      []indRating
	currentCanon string // canonical(currentRatings.overall.rating)
}

// canonical maps a file's rating value to its canonical id by the table of
// cqc-data.md; anything else (blank, Inspected but not rated, No action...)
// is no rating.
func canonical(v any) string {
	s, _ := v.(string)
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "outstanding":
		return "outstanding"
	case "good":
		return "good"
	case "requires improvement":
		return "requires_improvement"
	case "inadequate":
		return "inadequate"
	}
	return ""
}

// isoFromUK turns dd/mm/yyyy into yyyy-mm-dd.
func isoFromUK(t testing.TB, s string) string {
	p := strings.Split(s, "/")
	if len(p) != 3 || len(p[0]) != 2 || len(p[1]) != 2 || len(p[2]) != 4 {
		t.Fatalf("date %q is not dd/mm/yyyy", s)
	}
	return p[2] + "-" + p[1] + "-" + p[0]
}

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }
func obj(m map[string]any, k string) map[string]any {
	o, _ := m[k].(map[string]any)
	return o
}
func arr(m map[string]any, k string) []any { a, _ := m[k].([]any); return a }

func readSample(t testing.TB, path string) []indLoc {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []indLoc
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		l := indLoc{id: str(m, "locationId"), la: str(m, "localAuthority"),
			asc:     str(m, "inspectionDirectorate") == "Adult social care",
			dormant: str(m, "dormancy") == "Y", home: str(m, "careHome") == "Y",
			reg: isoFromUK(t, str(m, "registrationDate"))}
		if s := str(m, "deregistrationDate"); s != "" {
			l.dereg = isoFromUK(t, s)
		}
		if s := str(m, "dormancyStartDate"); s != "" {
			l.dormFrom = isoFromUK(t, s)
		}
		if s := str(m, "dormancyEndDate"); s != "" {
			l.dormTo = isoFromUK(t, s)
		}
		for _, r := range arr(m, "relationships") {
			rm := r.(map[string]any)
			if str(rm, "type") == "HSCA Predecessor" {
				l.preds = append(l.preds, str(rm, "relatedLocationId"))
			}
		}
		for _, r := range arr(m, "reports") {
			l.reports = append(l.reports, str(r.(map[string]any), "reportDate"))
		}
		if b, ok := m["numberOfBeds"].(float64); ok {
			l.beds = int(b)
		}
		for _, g := range arr(m, "gacServiceTypes") {
			if str(g.(map[string]any), "description") == "Care home service with nursing" {
				l.nursing = true
			}
		}
		kqOf := func(o map[string]any) (map[string]string, map[string]string) {
			kq, dates := map[string]string{}, map[string]string{}
			for _, k := range arr(o, "keyQuestionRatings") {
				km := k.(map[string]any)
				kq[str(km, "name")] = canonical(km["rating"])
				dates[str(km, "name")] = str(km, "reportDate")
			}
			return kq, dates
		}
		if cur := obj(obj(m, "currentRatings"), "overall"); cur != nil {
			l.currentCanon = canonical(cur["rating"])
			kq, dates := kqOf(cur)
			l.ratings = append(l.ratings, indRating{date: str(cur, "reportDate"), overall: l.currentCanon, current: true, kq: kq, kqDate: dates,
				link: str(cur, "reportLinkId"), ibnr: str(cur, "rating") == "Inspected but not rated"})
		}
		for _, h := range arr(m, "historicRatings") {
			hm := h.(map[string]any)
			o := obj(hm, "overall")
			kq, dates := kqOf(o)
			l.ratings = append(l.ratings, indRating{date: str(hm, "reportDate"), overall: canonical(o["rating"]), kq: kq, kqDate: dates,
				link: str(hm, "reportLinkId"), ibnr: str(o, "rating") == "Inspected but not rated"})
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// dormantOn is rule 3's dormancy: between its dates, or always for a
// dormancy of Y without dates.
func (l *indLoc) dormantOn(day string) bool {
	if l.dormFrom == "" {
		return l.dormant
	}
	return l.dormFrom <= day && (l.dormTo == "" || day < l.dormTo)
}

// at applies rules 3 and 4: present at day, and the latest real rating
// published on or before it (nil for none). Two different real ratings on
// one date would make the rule ambiguous; the sample has none.
func (l *indLoc) at(t testing.TB, day string) (bool, *indRating) {
	if l.reg > day || (l.dereg != "" && l.dereg <= day) {
		return false, nil
	}
	var best *indRating
	for i := range l.ratings {
		r := &l.ratings[i]
		if r.overall == "" || r.date > day {
			continue
		}
		switch {
		case best == nil || r.date > best.date:
			best = r
		case r.date == best.date && r.overall != best.overall:
			t.Fatalf("%s: two ratings on %s", l.id, r.date)
		}
	}
	return true, best
}

var (
	ratingIDs = []string{"outstanding", "good", "requires_improvement", "inadequate", "not_rated"}
	realIDs   = ratingIDs[:4]
	kqNames   = []string{"Safe", "Effective", "Caring", "Responsive", "Well-led"}
	order     = map[string]int{"outstanding": 4, "good": 3, "requires_improvement": 2, "inadequate": 1}
)

// counts are by service ("all", "care_home", "community") and rating.
type counts map[string]map[string]int

func newCounts() counts {
	return counts{"all": {}, "care_home": {}, "community": {}}
}

func (c counts) add(home bool, rating string) {
	c["all"][rating]++
	if home {
		c["care_home"][rating]++
	} else {
		c["community"][rating]++
	}
}

func (c counts) total(s string) int {
	n := 0
	for _, v := range c[s] {
		n += v
	}
	return n
}

// pct is n of d in whole per cent, half up; "" when d is 0.
func pct(n, d int) string {
	if d == 0 {
		return ""
	}
	return fmt.Sprint((200*n + d) / (2 * d))
}

func mean(sum, n int) string { return fmt.Sprint((2*sum + n) / (2 * n)) }

// areaFigures are one date's figures for a set of authorities.
type areaFigures struct {
	ratings, inspected   counts
	homes, beds          int
	nursingBeds, resBeds int
	byID                 map[string]*indRating // in scope, present
	home                 map[string]bool
	kq                   map[string]map[string]int
}

func figures(t testing.TB, locs []indLoc, las []string, day, from string) *areaFigures {
	a := &areaFigures{ratings: newCounts(), inspected: newCounts(), byID: map[string]*indRating{},
		home: map[string]bool{}, kq: map[string]map[string]int{}}
	for _, q := range kqNames {
		a.kq[q] = map[string]int{}
	}
	for i := range locs {
		l := &locs[i]
		if !slices.Contains(las, l.la) || !l.asc || l.dormantOn(day) {
			continue
		}
		present, r := l.at(t, day)
		if !present {
			continue
		}
		rating := "not_rated"
		if r != nil {
			rating = r.overall
		}
		a.byID[l.id] = r
		a.home[l.id] = l.home
		a.ratings.add(l.home, rating)
		if r != nil && r.date >= from && r.date <= day {
			a.inspected.add(l.home, rating)
		}
		if r != nil {
			for q, v := range r.kq {
				// A key question the record dates after the day was
				// re-rated later: it is not part of the report in force.
				if v != "" && (r.kqDate[q] == "" || r.kqDate[q] <= day) {
					a.kq[q][v]++
				}
			}
		}
		if l.home {
			a.homes++
			a.beds += l.beds
			if l.nursing {
				a.nursingBeds += l.beds
			} else {
				a.resBeds += l.beds
			}
		}
	}
	return a
}

// expected builds the tables cqc-data.md implies, as rows of strings with
// the header first.
func expected(t testing.TB, locs []indLoc, authority string, comps []string, asAt, prev string) map[string][][]string {
	all := map[string]bool{}
	for _, l := range locs {
		all[l.la] = true
	}
	england := make([]string, 0, len(all))
	for la := range all {
		england = append(england, la)
	}
	from := yearBefore(t, asAt)
	me := figures(t, locs, []string{authority}, asAt, from)
	co := figures(t, locs, comps, asAt, from)
	en := figures(t, locs, england, asAt, from)
	out := map[string][][]string{}

	rt := [][]string{{"rating", "all", "all_pct", "care_home", "care_home_pct", "community", "community_pct"}}
	for _, id := range append(slices.Clone(ratingIDs), "total") {
		row := []string{id}
		for _, s := range []string{"all", "care_home", "community"} {
			n := me.ratings[s][id]
			if id == "total" {
				n = me.ratings.total(s)
			}
			row = append(row, fmt.Sprint(n), pct(n, me.ratings.total(s)))
		}
		rt = append(rt, row)
	}
	gob := []string{"good_or_better"}
	for _, s := range []string{"all", "care_home", "community"} {
		n := me.ratings[s]["outstanding"] + me.ratings[s]["good"]
		gob = append(gob, fmt.Sprint(n), pct(n, me.ratings.total(s)))
	}
	out["ratings_by_service_type"] = append(rt, gob)

	ct := [][]string{{"rating"}}
	areas := []struct {
		id string
		a  *areaFigures
	}{{"authority", me}, {"comparators", co}, {"all_areas", en}} // a few authorities: not England
	for _, ar := range areas {
		for _, s := range []string{"all", "care_home", "community"} {
			ct[0] = append(ct[0], ar.id+"_"+s+"_pct")
		}
	}
	for _, id := range ratingIDs {
		row := []string{id}
		for _, ar := range areas {
			for _, s := range []string{"all", "care_home", "community"} {
				row = append(row, pct(ar.a.ratings[s][id], ar.a.ratings.total(s)))
			}
		}
		ct = append(ct, row)
	}
	gob = []string{"good_or_better"}
	for _, ar := range areas {
		for _, s := range []string{"all", "care_home", "community"} {
			gob = append(gob, pct(ar.a.ratings[s]["outstanding"]+ar.a.ratings[s]["good"], ar.a.ratings.total(s)))
		}
	}
	ratedRow := []string{"rated_good_or_better"}
	for _, ar := range areas {
		for _, s := range []string{"all", "care_home", "community"} {
			c := ar.a.ratings[s]
			ratedRow = append(ratedRow, pct(c["outstanding"]+c["good"], c["outstanding"]+c["good"]+c["requires_improvement"]+c["inadequate"]))
		}
	}
	out["comparison"] = append(ct, gob, ratedRow)

	it := [][]string{{"rating", "all", "all_pct", "care_home", "community", "care_home_pct", "community_pct"}}
	in := me.inspected
	for _, id := range append(slices.Clone(realIDs), "total") {
		get := func(s string) int {
			if id == "total" {
				return in.total(s)
			}
			return in[s][id]
		}
		it = append(it, []string{id, fmt.Sprint(get("all")), pct(get("all"), in.total("all")),
			fmt.Sprint(get("care_home")), fmt.Sprint(get("community")),
			pct(get("care_home"), in.total("care_home")), pct(get("community"), in.total("community"))})
	}
	out["inspections_in_period"] = it

	kt := [][]string{{"key_question", "outstanding", "good", "good_or_better_pct", "requires_improvement", "inadequate", "total"}}
	sum := map[string]int{}
	kqRow := func(name string, c map[string]int) []string {
		rated := c["outstanding"] + c["good"] + c["requires_improvement"] + c["inadequate"]
		return []string{name, fmt.Sprint(c["outstanding"]), fmt.Sprint(c["good"]), pct(c["outstanding"]+c["good"], rated),
			fmt.Sprint(c["requires_improvement"]), fmt.Sprint(c["inadequate"]), fmt.Sprint(rated)}
	}
	for _, q := range kqNames {
		for k, v := range me.kq[q] {
			sum[k] += v
		}
		kt = append(kt, kqRow(q, me.kq[q]))
	}
	kt = append(kt, kqRow("total", sum))
	out["key_questions"] = kt

	out["beds"] = bedsWant(t, me, co, en, authority, comps, england, asAt)
	out["services_per_head"] = servicesPerHeadWant(t, locs, me, co, en, authority, comps, england, asAt)

	if prev == "" {
		return out
	}
	pfrom := yearBefore(t, prev)
	pme := figures(t, locs, []string{authority}, prev, pfrom)
	pco := figures(t, locs, comps, prev, pfrom)
	pen := figures(t, locs, england, prev, pfrom)
	yy := [][]string{{"rating", "previous", "previous_pct", "current", "current_pct", "change"}}
	pairs := []struct {
		id        string
		prev, cur *areaFigures
	}{{"", pme, me}, {"comparators_", pco, co}, {"all_areas_", pen, en}}
	for _, p := range pairs[1:] {
		for _, c := range yy[0][1:6] {
			yy[0] = append(yy[0], p.id+c)
		}
	}
	for _, id := range append(slices.Clone(ratingIDs), "total", "good_or_better") {
		row := []string{id}
		for _, p := range pairs {
			pn, cn := p.prev.ratings["all"][id], p.cur.ratings["all"][id]
			pt, ctot := p.prev.ratings.total("all"), p.cur.ratings.total("all")
			switch id {
			case "total":
				pn, cn = pt, ctot
			case "good_or_better":
				pn = p.prev.ratings["all"]["outstanding"] + p.prev.ratings["all"]["good"]
				cn = p.cur.ratings["all"]["outstanding"] + p.cur.ratings["all"]["good"]
			}
			row = append(row, fmt.Sprint(pn), pct(pn, pt), fmt.Sprint(cn), pct(cn, ctot), fmt.Sprint(cn-pn))
		}
		// The share of the services rated (not yet rated left out), on
		// the good_or_better row only.
		if id == "good_or_better" {
			rated := func(f *areaFigures) (int, int) {
				c := f.ratings["all"]
				return c["outstanding"] + c["good"], c["outstanding"] + c["good"] + c["requires_improvement"] + c["inadequate"]
			}
			pg, pr := rated(pme)
			cg, cr := rated(me)
			row = append(row, pct(pg, pr), pct(cg, cr))
		} else {
			row = append(row, "", "")
		}
		yy = append(yy, row)
	}
	yy[0] = append(yy[0], "previous_rated_good_or_better_pct", "rated_good_or_better_pct")
	out["year_on_year"] = yy

	// Movements over the union of the authority's locations at both dates.
	// Rule 7: a service registered since prev whose predecessor was there
	// at prev is re_registered. The predecessor is there at prev when the
	// records hold it present then, or, when they do not hold it at all,
	// when the successor carries a rating given on or before prev and
	// before its own registration (the rating it inherited).
	byRec := map[string]*indLoc{}
	for i := range locs {
		byRec[locs[i].id] = &locs[i]
	}
	reReg := func(id string) bool {
		l := byRec[id]
		for _, p := range l.preds {
			if pr := byRec[p]; pr != nil {
				if pr.reg <= prev && pr.dereg > prev && indDaysApart(t, pr.dereg, l.reg) <= 92 {
					return true
				}
				continue
			}
			for _, r := range l.ratings {
				if r.overall != "" && r.date <= prev && r.date < l.reg {
					return true
				}
			}
		}
		return false
	}
	// Rule 3: registered at a date but dormant then is neither new nor
	// closed.
	dormantThen := func(id, day string) bool {
		l := byRec[id]
		return l.reg <= day && (l.dereg == "" || l.dereg > day) && l.dormantOn(day)
	}
	mv := map[string][2]int{}
	ids := map[string]bool{}
	for id := range pme.byID {
		ids[id] = true
	}
	for id := range me.byID {
		ids[id] = true
	}
	for id := range ids {
		before, wasThere := pme.byID[id]
		now, isThere := me.byID[id]
		home := me.home[id] || (!isThere && pme.home[id])
		var kind string
		switch {
		case !wasThere && dormantThen(id, prev):
			kind = "back_from_dormant"
		case !wasThere && reReg(id):
			kind = "re_registered"
		case !wasThere:
			kind = "new"
		case !isThere && dormantThen(id, asAt):
			kind = "now_dormant"
		case !isThere:
			kind = "closed"
		case before == nil && now == nil:
			kind = "still_not_rated"
		case before == nil:
			kind = "first_rated"
		case now == nil:
			kind = "no_longer_rated"
		case order[now.overall] > order[before.overall]:
			kind = "improved"
		case order[now.overall] < order[before.overall]:
			kind = "declined"
		default:
			kind = "unchanged"
		}
		c := mv[kind]
		if home {
			c[0]++
		} else {
			c[1]++
		}
		mv[kind] = c
	}
	deregistered := false // do the records include closed services?
	for _, l := range locs {
		if l.dereg != "" {
			deregistered = true
		}
	}
	// Beds of the homes that came, went or changed hands.
	beds := map[string]int{}
	for id := range ids {
		_, wasThere := pme.byID[id]
		_, isThere := me.byID[id]
		l := byRec[id]
		if !l.home {
			continue
		}
		switch {
		case !wasThere && dormantThen(id, prev), !isThere && dormantThen(id, asAt):
		case !wasThere && reReg(id):
			beds["re_registered"] += l.beds
		case !wasThere:
			beds["new"] += l.beds
		case !isThere:
			beds["closed"] += l.beds
		}
	}
	mt := [][]string{{"movement", "care_home", "community", "all", "care_home_beds"}}
	total := 0
	for _, k := range []string{"improved", "declined", "unchanged", "first_rated", "new", "closed", "re_registered", "back_from_dormant", "now_dormant", "still_not_rated", "no_longer_rated"} {
		c := mv[k]
		total += c[0] + c[1]
		if k == "closed" && !deregistered {
			// Records of services still registered cannot show closures:
			// the table leaves the row empty rather than print 0.
			mt = append(mt, []string{k, "", "", "", ""})
			continue
		}
		b := ""
		if k == "new" || k == "closed" || k == "re_registered" {
			b = fmt.Sprint(beds[k])
		}
		mt = append(mt, []string{k, fmt.Sprint(c[0]), fmt.Sprint(c[1]), fmt.Sprint(c[0] + c[1]), b})
	}
	if total != len(ids) {
		t.Fatalf("independent movements add up to %d, union is %d", total, len(ids))
	}
	out["movements"] = mt
	return out
}

// daysApart is the number of days between two yyyy-mm-dd dates.
func indDaysApart(t testing.TB, a, b string) int {
	x, err := report.ParseDate(a)
	if err != nil {
		t.Fatal(err)
	}
	y, err := report.ParseDate(b)
	if err != nil {
		t.Fatal(err)
	}
	d := x.Time().Sub(y.Time()).Hours() / 24
	if d < 0 {
		d = -d
	}
	return int(d)
}

// yearBefore is the first day of the year that ends on day: 2021-02-01 ->
// 2020-02-02 (the default inspection period).
func yearBefore(t testing.TB, day string) string {
	d, err := report.ParseDate(day)
	if err != nil {
		t.Fatal(err)
	}
	return d.AddDate(-1, 0, 1).String()
}

func tableStrings(tb *report.Table) [][]string {
	out := [][]string{slices.Clone(tb.Columns)}
	for _, r := range tb.Rows {
		row := make([]string, len(r))
		for i, c := range r {
			row[i] = c.String()
		}
		out = append(out, row)
	}
	return out
}

func compareTables(t *testing.T, label string, got *report.TableSet, want map[string][][]string) {
	t.Helper()
	for id, w := range want {
		tb := got.Find(id)
		if tb == nil {
			t.Errorf("%s: the project made no %s table", label, id)
			continue
		}
		g := tableStrings(tb)
		if len(g) != len(w) {
			t.Errorf("%s: %s has %d rows, want %d\n got %q\nwant %q", label, id, len(g), len(w), g, w)
			continue
		}
		cells := 0
		for i := range w {
			if !slices.Equal(g[i], w[i]) {
				t.Errorf("%s: %s row %d\n got %q\nwant %q", label, id, i, g[i], w[i])
			}
			cells += len(w[i])
		}
		t.Logf("%s: %s: %d cells agree", label, id, cells)
	}
}

func TestRealSampleIndependentCount(t *testing.T) {
	rs := realSample(t)
	path := rs.path
	locs := readSample(t, path)
	if len(locs) != rs.records {
		t.Fatalf("%d records, want %d", len(locs), rs.records)
	}
	comps := rs.comps
	for _, dates := range [][2]string{{"2021-02-01", "2020-02-01"}, {"2020-02-01", "2019-02-01"}} {
		asAt, prev := dates[0], dates[1]
		yaml := fmt.Sprintf("authority: %s\ncomparators:\n  authorities: [%s]\nperiod:\n  as_at: %s\n  previous: %s\ndata:\n  api: %s\n", rs.authority, strings.Join(comps, ", "), asAt, prev, path)
		c, in, r := compute(t, "devon.yaml", yaml)
		want := expected(t, locs, rs.authority, comps, asAt, prev)
		if len(want) != 8 {
			t.Fatalf("expected %d tables", len(want))
		}
		compareTables(t, rs.authority+" as at "+asAt, TableSet(r), want)

		// An explicit inspection period, inclusive at both ends.
		c.Period.InspectionsFrom.Date = report.MustDate("2020-06-01")
		c.Period.InspectionsTo.Date = report.MustDate("2020-12-31")
		r2, err := Compute(c, in, "")
		if err != nil {
			t.Fatal(err)
		}
		me := figures(t, locs, []string{rs.authority}, asAt, "2020-06-01")
		var inPeriod int
		for _, rr := range me.byID {
			if rr != nil && rr.date >= "2020-06-01" && rr.date <= "2020-12-31" {
				inPeriod++
			}
		}
		if got, _ := TableSet(r2).Find("inspections_in_period").Cell("total", "all"); int(got.Num) != inPeriod {
			t.Errorf("as at %s, inspections 2020-06-01 to 2020-12-31: %v, want %d", asAt, got.Num, inPeriod)
		}
	}
}

// cqc-data.md: on the real sample, the rebuild after every report gives
// exactly currentRatings for all 728 records.
func TestRealSampleRebuildEqualsCurrent(t *testing.T) {
	rs := realSample(t)
	path := rs.path
	locs := readSample(t, path)
	c, err := config.Parse("all.yaml", []byte("authority: "+rs.authority+"\nperiod: {as_at: 2099-01-01}\ndata: {api: "+path+"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Current.Locations) != rs.records {
		t.Fatalf("%d locations present in 2099, want all %d", len(in.Current.Locations), rs.records)
	}
	got := map[string]string{}
	for _, l := range in.Current.Locations {
		got[l.ID] = l.Current.Overall.ID()
	}
	for i := range locs {
		l := &locs[i]
		want := l.currentCanon
		if want == "" {
			want = "not_rated"
		}
		if got[l.id] != want {
			t.Errorf("%s: rebuilt %s, currentRatings says %s", l.id, got[l.id], want)
		}
		// The independent rebuild agrees too.
		_, r := l.at(t, "2099-01-01")
		mine := "not_rated"
		if r != nil {
			mine = r.overall
		}
		if mine != want {
			t.Errorf("%s: independent rebuild %s, currentRatings %s", l.id, mine, want)
		}
	}
}

// compute parses a config, loads its data and computes its result,
// failing the test on any error.
func compute(t testing.TB, name, yaml string) (*config.Config, *Inputs, *cqc.Result) {
	t.Helper()
	c, err := config.Parse(name, []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ApplyDefaults(); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	in, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(c, in, "")
	if err != nil {
		t.Fatal(err)
	}
	return c, in, r
}

// realConfig is the config of a paper of style on the real data, as at
// 2021-02-01 with the year before.
func realConfig(t testing.TB, rs realSet, style string) *config.Config {
	t.Helper()
	yaml := fmt.Sprintf("authority: %s\ncomparators: {authorities: [%s]}\nperiod: {as_at: 2021-02-01, previous: 2020-02-01}\ndata: {api: %s}\nreport: {style: %s, committee: Scrutiny, meeting_date: 2021-03-09}\n",
		rs.authority, strings.Join(rs.comps, ", "), rs.path, style)
	c, err := config.Parse(style+".yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}
