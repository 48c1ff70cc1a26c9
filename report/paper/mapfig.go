package paper

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/ons/boundaries"
	"github.com/carereport/carereport/report/spec"
)

// addMap puts the map of the authority's services in the document: the
// chart block, its data table (the count of each rating in each quarter,
// as the JSON's services_map), a sentence introducing it and the
// boundaries' attribution.
func addMap(d *Doc, tm *tableMaker, s *sentences) {
	d.Charts["map"] = tm.mapFigure()
	d.Has["map"] = d.Charts["map"] != ""
	d.S["map"] = ""
	if d.Has["map"] {
		d.S["map"] = s.mapNote()
		d.Notes = append(d.Notes, "The map draws ONS's generalised boundaries of counties and unitary authorities (December 2023). "+boundaries.Attribution+".")
	}
}

// mapFigure is the map chart (data: below) and its table.
func (m *tableMaker) mapFigure() string {
	sm := m.r.Map
	if sm == nil || len(sm.Points) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("```chart\ntype: map\n")
	fmt.Fprintf(&b, "%s %s in %s by rating\n", figureMarker, capFirst(m.w.many), chartText(m.r.Authority.Name))
	fmt.Fprintf(&b, "boundary: %s\n", chartText(sm.Boundary))
	b.WriteString("category: Rating\ncategories: ")
	for i, rt := range report.Ratings {
		if i > 0 {
			b.WriteString(" | ")
		}
		b.WriteString(rt.Label())
	}
	b.WriteString("\ndata: below\n")
	for _, p := range sm.Points {
		fmt.Fprintf(&b, "%s | %s | %s\n", p.Rating.Label(), strconv.FormatFloat(p.Lon, 'f', 5, 64), strconv.FormatFloat(p.Lat, 'f', 5, 64))
	}
	b.WriteString("```\n\n")
	b.WriteString(m.show(m.mapView()))
	return b.String()
}

// mapView is the map's data table: rows by rating, a column per quarter,
// the services not on the map (when there are any) and the total.
func (m *tableMaker) mapView() (*spec.Table, spec.View) {
	sm := m.r.Map
	if sm == nil || len(sm.Points) == 0 {
		return nil, spec.View{}
	}
	unplaced := 0
	for _, rt := range report.Ratings {
		unplaced += sm.NotPlaced(rt)
	}
	v := spec.View{Caption: fmt.Sprintf("%s in %s by rating and quarter of the map", capFirst(m.w.many), m.a), Stub: "Rating"}
	for _, id := range boundaries.QuarterIDs {
		v.Columns = append(v.Columns, spec.Show(id))
	}
	if unplaced > 0 {
		v.Columns = append(v.Columns, spec.Show("not_placed"))
	}
	v.Columns = append(v.Columns, spec.Show("total"))
	return m.r.Spec(cqc.TMap), v
}

// mapNote introduces the map: what it shows, how it is divided, and the
// services it cannot place.
func (s *sentences) mapNote() string {
	sm := s.r.Map
	out := fmt.Sprintf("The map shows where the %s in %s are, each marked by its rating (a different shape for each rating), on ONS's boundary of the authority. The table after it counts them by quarter of the map, north or south and east or west of the centre of the authority's extent.", s.w.many, s.a)
	noPos := 0
	for _, rt := range report.Ratings {
		noPos += sm.NotPlaced(rt)
	}
	if noPos > 0 {
		out += fmt.Sprintf(" %s %s no position in the data, or one outside the authority, and %s not on the map.", capFirst(s.w.n(noPos)), plural(noPos, "has", "have"), isAre(noPos))
	}
	return out
}
