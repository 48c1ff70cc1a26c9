// Package sample makes carereport's built-in sample data: small,
// synthetic CQC files in the published layouts (HSCA Active Locations
// with its preamble, Latest ratings, a commissioned list) for invented
// authorities, at two dates a year apart. Every location has one history,
// so the two snapshots agree: services keep their IDs, ratings move, some
// open and some close. The data is made from a fixed seed, so the same
// program always writes the same bytes.
package sample

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"

	"github.com/carereport/carereport/report"
)

// Authorities are the invented authorities of the sample, all in one
// invented region.
var Authorities = []string{"Midshire", "Eastmoor", "Northvale", "Southdown", "Westbury", "Fenwick"}

// Region is the sample authorities' region.
const Region = "Sample Region"

// Dates of the two snapshots.
var (
	Current  = report.NewDate(2025, 11, 1)
	Previous = report.NewDate(2024, 11, 1)
)

type kind struct {
	name                     string
	careHome, nursing, extra bool
	service                  string
	weight                   int
}

var kinds = []kind{
	{"nursing", true, true, false, "Care home service with nursing", 16},
	{"residential", true, false, false, "Care home service without nursing", 34},
	{"domiciliary", false, false, false, "Domiciliary care service", 34},
	{"supported", false, false, false, "Supported living service", 10},
	{"extracare", false, false, true, "Extra Care housing services", 3},
	{"gp", false, false, false, "Doctors consultation service", 6},
}

var realRatings = []string{"Inadequate", "Requires improvement", "Good", "Outstanding"}

type event struct {
	date   report.Date
	level  int // index into realRatings; -1 "Inspected but not rated"
	domain [5]int
}

type location struct {
	id, name, authority string
	kind                kind
	start, end          report.Date
	dormant             bool
	beds                int
	bands               [7]bool
	events              []event
}

func makeLocations() []location {
	rng := rand.New(rand.NewPCG(2025, 11))
	var locs []location
	n := 0
	for ai, la := range Authorities {
		count := 70 + rng.IntN(50)
		if ai == 0 {
			count = 130
		}
		for range count {
			n++
			k := pickKind(rng)
			start := report.NewDate(2011+rng.IntN(14), 1+rng.IntN(12), 1+rng.IntN(28))
			l := location{
				id:        fmt.Sprintf("1-%09d", 100000000+n*7919),
				name:      fmt.Sprintf("%s %s %03d", la, kindLabel(k.name), n),
				authority: la,
				kind:      k,
				start:     start,
				dormant:   rng.IntN(60) == 0,
			}
			if rng.IntN(8) == 0 {
				l.end = start.AddDate(1+rng.IntN(12), rng.IntN(12), 0)
			}
			if k.careHome {
				l.beds = 8 + rng.IntN(70)
				if k.nursing {
					l.beds += 20
				}
			}
			older := rng.IntN(10) < 7
			l.bands[0] = older
			l.bands[1] = !older || rng.IntN(5) == 0
			l.bands[2] = older && rng.IntN(2) == 0
			if l.bands[1] {
				l.bands[3] = rng.IntN(2) == 0
				l.bands[4] = rng.IntN(4) == 0
				l.bands[5] = rng.IntN(3) == 0
				l.bands[6] = rng.IntN(6) == 0
			}
			l.events = history(rng, start)
			locs = append(locs, l)
		}
	}
	return locs
}

func pickKind(rng *rand.Rand) kind {
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	x := rng.IntN(total)
	for _, k := range kinds {
		if x < k.weight {
			return k
		}
		x -= k.weight
	}
	return kinds[0]
}

func kindLabel(k string) string {
	return map[string]string{"nursing": "Nursing Home", "residential": "House", "domiciliary": "Home Care",
		"supported": "Supported Living", "extracare": "Extra Care Court", "gp": "Surgery"}[k]
}

// history draws inspections from a year after registration: mostly Good,
// with movements between ratings, and now and then an inspection that
// gives no rating.
func history(rng *rand.Rand, start report.Date) []event {
	var evs []event
	d := start.AddDate(0, 8+rng.IntN(14), rng.IntN(28))
	level := 2
	switch r := rng.IntN(100); {
	case r < 2:
		level = 0
	case r < 16:
		level = 1
	case r < 21:
		level = 3
	}
	// Chances (per cent) of moving up and down at each inspection, by
	// level: most services stay Good, and most below Good recover.
	up := [4]int{70, 55, 4, 0}
	down := [4]int{0, 6, 11, 30}
	for d < report.NewDate(2026, 6, 1) {
		switch r := rng.IntN(100); {
		case r < up[level]:
			level++
		case r < up[level]+down[level]:
			level--
		}
		e := event{date: d, level: level}
		if rng.IntN(25) == 0 {
			e.level = -1
		}
		for q := range e.domain {
			v := level
			switch {
			case (q == 0 || q == 4) && rng.IntN(4) == 0 && v > 0:
				v--
			case q == 2 && rng.IntN(5) == 0 && v < 3:
				v++
			}
			e.domain[q] = v
		}
		evs = append(evs, e)
		gap := []int{8, 14, 30, 40}[level]
		d = d.AddDate(0, gap/2+rng.IntN(gap), rng.IntN(28))
	}
	return evs
}

// at returns the location's rating as at d: the latest inspection
// published on or before d that gave a rating.
func (l *location) at(d report.Date) (event, bool) {
	var last event
	ok := false
	for _, e := range l.events {
		if e.date <= d && e.level >= 0 {
			last, ok = e, true
		}
	}
	return last, ok
}

func (l *location) present(d report.Date) bool {
	return l.start <= d && (l.end == 0 || l.end > d)
}

func ddmmyyyy(d report.Date) string {
	return fmt.Sprintf("%02d/%02d/%04d", d.Day(), d.Month(), d.Year())
}

var hscaHeader = []string{
	"Location ID", "Location HSCA start date", "Dormant (Y/N)", "Care home?", "Location Name",
	"Care homes beds", "Location Type/Sector", "Location Inspection Directorate",
	"Location Primary Inspection Category", "Location Latest Overall Rating", "Publication Date",
	"Location Region", "Location Local Authority", "Provider ID", "Provider Name",
	"Service type - Care home service with nursing", "Service type - Care home service without nursing",
	"Service type - Domiciliary care service", "Service type - Supported living service",
	"Service type - Extra Care housing services", "Service type - Doctors consultation service",
	"Service user band - Older People", "Service user band - Younger Adults", "Service user band - Dementia",
	"Service user band - Learning disabilities or autistic spectrum disorder", "Service user band - Mental Health",
	"Service user band - Physical Disability", "Service user band - Sensory Impairment",
	"Location Dual Registered",
}

func preamble(w *csv.Writer, title string, d report.Date) {
	w.Write([]string{title})
	w.Write([]string{"Source: CQC database as at " + fmt.Sprintf("%02d %s", d.Day(), d.Long()[len(fmt.Sprint(d.Day()))+1:])})
	w.Write([]string{""})
	w.Write([]string{"Synthetic sample data made by carereport in the published layout; not real CQC data."})
	w.Write([]string{""})
}

func yn(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}

func flag(b bool) string {
	if b {
		return "Y"
	}
	return ""
}

// HSCA writes the HSCA Active Locations file as at d.
func HSCA(d report.Date) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	preamble(w, "Care directory with filters", d)
	w.Write(hscaHeader)
	for _, l := range makeLocations() {
		if !l.present(d) {
			continue
		}
		rating, pub := "", ""
		if e, ok := l.at(d); ok {
			pub, rating = ddmmyyyy(e.date), realRatings[e.level]
		}
		sector, dir, cat := "Social Care Org", "Adult social care", "Community based adult social care services"
		switch {
		case l.kind.name == "gp":
			sector, dir, cat = "Primary Medical Services", "Primary medical services", "GP Practices"
		case l.kind.careHome:
			cat = "Residential social care"
		}
		beds := ""
		if l.kind.careHome {
			beds = fmt.Sprint(l.beds)
		}
		row := []string{l.id, ddmmyyyy(l.start), yn(l.dormant), yn(l.kind.careHome), l.name, beds, sector, dir, cat,
			rating, pub, Region, l.authority, "1-2" + l.id[3:], "Sample Provider " + l.id[len(l.id)-3:],
			flag(l.kind.nursing), flag(l.kind.name == "residential"), flag(l.kind.name == "domiciliary" || l.kind.extra),
			flag(l.kind.name == "supported"), flag(l.kind.extra), flag(l.kind.name == "gp")}
		if l.kind.name == "gp" {
			row = append(row, "", "", "", "", "", "", "")
		} else {
			for _, on := range l.bands {
				row = append(row, flag(on))
			}
		}
		row = append(row, "")
		w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}

// Ratings writes the Latest ratings file as at d: each rated location's
// overall and key question ratings.
func Ratings(d report.Date) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	preamble(w, "Latest ratings", d)
	w.Write(ratingsHeader)
	for _, l := range makeLocations() {
		e, ok := l.at(d)
		if !l.present(d) || !ok || l.kind.name == "gp" {
			continue // GP practices are written with the health services
		}
		cat := "Community based adult social care services"
		if l.kind.careHome {
			cat = "Residential social care"
		}
		h := healthLoc{id: l.id, name: l.name, authority: l.authority, category: cat, typ: "Social Care Org",
			providerID: "1-2" + l.id[3:], provider: "Sample Provider " + l.id[len(l.id)-3:]}
		writeRated(w, h, "Overall", e, "Location")
	}
	writeHealth(w, d)
	w.Flush()
	return b.Bytes()
}

// Commissioned writes the council's list for the first authority: about
// two in three of its adult social care services as at d.
func Commissioned(d report.Date) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"Location ID", "Location Name", "Contract"})
	rng := rand.New(rand.NewPCG(7, 7))
	for _, l := range makeLocations() {
		if l.authority != Authorities[0] || l.kind.name == "gp" || !l.present(d) {
			continue
		}
		if rng.IntN(3) > 0 {
			w.Write([]string{l.id, l.name, "Framework " + string(rune('A'+rng.IntN(3)))})
		}
	}
	w.Flush()
	return b.Bytes()
}

// Files are the sample files by name.
func Files() map[string][]byte {
	name := func(d report.Date, what string) string {
		return fmt.Sprintf("%02d_%s_%d_%s.csv", d.Day(), monthName(d), d.Year(), what)
	}
	return map[string][]byte{
		name(Current, "HSCA_Active_Locations"):    HSCA(Current),
		name(Previous, "HSCA_Active_Locations"):   HSCA(Previous),
		name(Current, "Latest_ratings"):           Ratings(Current),
		name(Current, "Latest_ratings_Providers"): Providers(Current),
		"commissioned.csv":                        Commissioned(Current),
	}
}

func monthName(d report.Date) string {
	l := d.Long()
	// "1 November 2025" -> "November"
	start := len(fmt.Sprint(d.Day())) + 1
	return l[start : len(l)-5]
}
