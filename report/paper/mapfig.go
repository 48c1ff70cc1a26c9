package paper

import (
	"fmt"
	"strconv"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/doc"
	"github.com/carereport/carereport/report/ons/boundaries"
	"github.com/carereport/carereport/report/render/chart"
	"github.com/carereport/carereport/report/spec"
)

// addMap puts the map of the authority's services in the document: the
// chart, its data table (the count of each rating in each quarter, as
// the JSON's services_map), a sentence introducing it and the
// boundaries' attribution.
func addMap(d *Doc, tm *tableMaker, s *sentences) {
	d.Charts["map"] = d.blocks(false, tm.mapFigure()...)
	d.Has["map"] = d.Charts["map"] != nil
	d.S["map"] = ""
	if d.Has["map"] {
		d.S["map"] = s.mapNote()
		d.Notes = append(d.Notes, "The map draws ONS's generalised boundaries of counties and unitary authorities (December 2023). "+boundaries.Attribution+".")
	}
}

// mapFigure is the map chart (data: below) and its table. The map's
// categories are the rating rows of its table, and there is a map when
// the table places a service on it; each point's position is the data's
// (no table holds it).
func (m *tableMaker) mapFigure() []doc.Block {
	x, ok := m.r.MapTable()
	if !ok || x.Placed() == 0 {
		return nil
	}
	sm := m.r.Map
	c := &chart.Chart{Title: fmt.Sprintf("%s in %s by rating", capFirst(m.w.many), chartText(m.r.Authority.Name)), Category: "Rating", DataBelow: true,
		Map: &chart.MapData{Boundary: chartText(sm.Boundary)}}
	cat := map[report.Rating]int{}
	for i, rt := range report.Ratings {
		c.Map.Categories = append(c.Map.Categories, x.Label(rt))
		cat[rt] = i
	}
	// The points at the precision the paper gives them (five places, a
	// metre or so).
	at := func(v float64) float64 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 5, 64), 64)
		return r
	}
	for _, p := range sm.Points {
		c.Map.Points = append(c.Map.Points, chart.MapPoint{Cat: cat[p.Rating], Lon: at(p.Lon), Lat: at(p.Lat)})
	}
	fig := m.figure(c)
	if fig == nil {
		return nil
	}
	return []doc.Block{fig, m.show(m.mapView())}
}

// mapView is the map's data table: rows by rating, a column per quarter,
// the services not on the map (when there are any) and the total.
func (m *tableMaker) mapView() (*spec.Table, spec.View) {
	x, ok := m.r.MapTable()
	if !ok || x.Placed() == 0 {
		return nil, spec.View{}
	}
	v := spec.View{Caption: fmt.Sprintf("%s in %s by rating and quarter of the map", capFirst(m.w.many), m.a), Stub: "Rating"}
	for _, id := range boundaries.QuarterIDs {
		v.Columns = append(v.Columns, spec.Show(id))
	}
	if x.NotPlaced() > 0 {
		v.Columns = append(v.Columns, spec.Show("not_placed"))
	}
	v.Columns = append(v.Columns, spec.Show("total"))
	return m.r.Spec(cqc.TMap), v
}

// mapNote introduces the map: what it shows, how it is divided, and the
// services it cannot place.
func (s *sentences) mapNote() string {
	x, _ := s.r.MapTable()
	out := fmt.Sprintf("The map shows where the %s in %s are, each marked by its rating (a different shape for each rating), on ONS's boundary of the authority. The table after it counts them by quarter of the map, north or south and east or west of the centre of the authority's extent.", s.w.many, s.a)
	if noPos := x.NotPlaced(); noPos > 0 {
		out += fmt.Sprintf(" %s %s no position in the data, or one outside the authority, and %s not on the map.", capFirst(s.w.n(noPos)), plural(noPos, "has", "have"), isAre(noPos))
	}
	return out
}
