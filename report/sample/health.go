package sample

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"

	"github.com/carereport/carereport/report"
)

// The sample's health services, for the health section: the GP practices
// of makeLocations with their population groups, NHS hospitals of two
// invented trusts with their core services, and community health, mental
// health, hospice and dentist locations. They come from their own seed,
// so the social care sample stays as it was.

// Trust is an invented NHS trust of the sample.
type Trust struct {
	ID, Name string
	// Hospitals are by authority.
	Hospitals map[string]int
}

// Trusts are the sample's two NHS trusts.
var Trusts = []Trust{
	{ID: "RX1", Name: "Midshire Hospitals NHS Foundation Trust", Hospitals: map[string]int{"Midshire": 2, "Westbury": 1}},
	{ID: "RX2", Name: "Vale and Moor NHS Trust", Hospitals: map[string]int{"Midshire": 1, "Eastmoor": 1, "Northvale": 1, "Southdown": 1, "Fenwick": 1}},
}

// CoreServices are an acute hospital's core services.
var CoreServices = []string{"Urgent and emergency services", "Medical care (including older people's care)", "Surgery",
	"Critical care", "Maternity", "Services for children & young people", "End of life care", "Outpatients"}

// PopulationGroups are a GP practice's population groups.
var PopulationGroups = []string{"Older people", "People with long term conditions", "Families, children and young people",
	"Working age people (including those recently retired and students)", "People whose circumstances may make them vulnerable",
	"People experiencing poor mental health (including people with dementia)"}

type healthLoc struct {
	id, name, authority, category, typ, providerID, provider string
	overall                                                  event
	groups                                                   []string
	groupEvents                                              []event
}

// ratingEvent draws a rating: mostly Good, the domains near it.
func ratingEvent(rng *rand.Rand, d report.Date, weights [4]int) event {
	x, level := rng.IntN(weights[0]+weights[1]+weights[2]+weights[3]), 0
	for level < 3 && x >= weights[level] {
		x -= weights[level]
		level++
	}
	e := event{date: d, level: level}
	for q := range e.domain {
		v := level
		switch {
		case (q == 0 || q == 4) && rng.IntN(3) == 0 && v > 0:
			v--
		case (q == 2 || q == 3) && rng.IntN(2) == 0 && v < 2:
			v++ // caring and responsive are often rated above the rest
		case q == 1 && rng.IntN(3) == 0 && v < 3:
			v++
		}
		e.domain[q] = v
	}
	return e
}

func randomDate(rng *rand.Rand, from, to int) report.Date {
	return report.NewDate(from+rng.IntN(to-from+1), 1+rng.IntN(12), 1+rng.IntN(28))
}

func makeHealth(d report.Date) []healthLoc {
	rng := rand.New(rand.NewPCG(2026, 3))
	var out []healthLoc
	n := 0
	id := func() string { n++; return fmt.Sprintf("1-%09d", 800000000+n*6007) }
	// GP practices: the makeLocations practices, rated with their
	// population groups.
	for _, l := range makeLocations() {
		if l.kind.name != "gp" || !l.present(d) {
			continue
		}
		ov, ok := l.at(d) // the practice's rating in the HSCA file
		if !ok {
			continue
		}
		h := healthLoc{id: l.id, name: l.name, authority: l.authority, category: "GP Practices", typ: "Primary Medical Services",
			providerID: "1-2" + l.id[3:], provider: "Sample Provider " + l.id[len(l.id)-3:], overall: ov}
		for _, g := range PopulationGroups {
			e := ov
			if rng.IntN(6) == 0 && e.level > 0 {
				e.level--
			}
			h.groups, h.groupEvents = append(h.groups, g), append(h.groupEvents, e)
		}
		out = append(out, h)
	}
	// NHS hospitals of the two trusts, with their core services.
	for ti, t := range Trusts {
		names := [][]string{{"General Hospital", "Royal Infirmary", "Memorial Hospital"}, {"District Hospital", "Community Hospital", "Cottage Hospital"}}[ti]
		for _, la := range Authorities {
			for k := range t.Hospitals[la] {
				ov := ratingEvent(rng, randomDate(rng, 2018, 2025), [4]int{8, 45, 42, 5})
				h := healthLoc{id: id(), name: la + " " + names[k%3],
					authority: la, category: "Acute hospital - NHS non-specialist", typ: "NHS Healthcare Organisation",
					providerID: t.ID, provider: t.Name, overall: ov}
				for _, s := range CoreServices {
					e := ratingEvent(rng, ov.date, [4]int{8, 35, 50, 7})
					h.groups, h.groupEvents = append(h.groups, s), append(h.groupEvents, e)
				}
				out = append(out, h)
			}
		}
	}
	// The other sectors, a few in each authority.
	others := []struct{ category, typ, label string }{
		{"Community health - NHS & Independent", "NHS Healthcare Organisation", "Community Health Service"},
		{"Mental health - community & hospital - NHS", "NHS Healthcare Organisation", "Mental Health Unit"},
		{"Hospice services", "Independent Healthcare Org", "Hospice"},
		{"Dentists", "Primary Dental Care", "Dental Practice"},
	}
	for _, la := range Authorities {
		for _, o := range others {
			for k := range 1 + rng.IntN(3) {
				ov := ratingEvent(rng, randomDate(rng, 2016, 2025), [4]int{3, 10, 75, 12})
				if o.label == "Dental Practice" && rng.IntN(2) == 0 {
					ov.level = -2 // dentists are mostly not rated
				}
				out = append(out, healthLoc{id: id(), name: fmt.Sprintf("%s %s %d", la, o.label, k+1), authority: la,
					category: o.category, typ: o.typ, providerID: "1-7" + fmt.Sprint(n), provider: la + " Health Provider", overall: ov})
			}
		}
	}
	return out
}

// ratingText is an event's overall rating as the file spells it.
func ratingText(e event) string {
	switch e.level {
	case -2:
		return "Not Rated"
	case -1:
		return "Inspected but not rated"
	}
	return realRatings[e.level]
}

var ratingsHeader = []string{"Location ID", "Location Name", "Location Local Authority", "Location Region",
	"Location Primary Inspection Category", "Location Type", "Provider ID", "Provider Name",
	"Service / Population Group", "Domain", "Latest Rating", "Publication Date", "Report Type"}

// writeRated writes one location's rows for one group: the overall
// rating and, where there is one, the five key questions.
func writeRated(w *csv.Writer, h healthLoc, group string, e event, reportType string) {
	pub := ddmmyyyy(e.date)
	row := func(domain, rating string) {
		w.Write([]string{h.id, h.name, h.authority, Region, h.category, h.typ, h.providerID, h.provider, group, domain, rating, pub, reportType})
	}
	row("Overall", ratingText(e))
	if e.level < 0 {
		return
	}
	for q, name := range report.KeyQuestionNames {
		row(name, realRatings[e.domain[q]])
	}
}

func writeHealth(w *csv.Writer, d report.Date) {
	for _, h := range makeHealth(d) {
		writeRated(w, h, "Overall", h.overall, "Location")
		for i, g := range h.groups {
			rt := "CoreService"
			if h.category == "GP Practices" {
				rt = "Location"
			}
			writeRated(w, h, g, h.groupEvents[i], rt)
		}
	}
}

// Providers writes the Latest ratings file's Providers sheet as a CSV:
// the two NHS trusts' own ratings.
func Providers(d report.Date) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	preamble(w, "Latest ratings: providers", d)
	w.Write([]string{"Provider ID", "Provider Name", "Service / Population Group", "Domain", "Latest Rating", "Publication Date", "Report Type"})
	rng := rand.New(rand.NewPCG(2026, 4))
	for _, t := range Trusts {
		e := ratingEvent(rng, randomDate(rng, 2019, 2024), [4]int{5, 55, 35, 5})
		pub := ddmmyyyy(e.date)
		w.Write([]string{t.ID, t.Name, "Overall", "Overall", realRatings[e.level], pub, "Provider"})
		for q, name := range report.KeyQuestionNames {
			w.Write([]string{t.ID, t.Name, "Overall", name, realRatings[e.domain[q]], pub, "Provider"})
		}
	}
	w.Flush()
	return b.Bytes()
}
