package cqc

import (
	"fmt"
	"strings"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/ons/boundaries"
	"github.com/carereport/carereport/report/spec"
)

// TMap is the table of where the authority's services lie, by rating.
const TMap = "services_map"

// ServiceMap is the authority's services placed on its boundary (ONS's
// December 2023 generalised boundaries): each service with a position,
// and how many of each rating lie in each quarter of the map.
type ServiceMap struct {
	// Boundary is the authority as ONS spells it; Polygons its boundary.
	Boundary string
	Polygons []boundaries.Polygon
	Frame    boundaries.Frame
	Points   []MapPoint
	// Counts are by rating and quarter; the last column counts the
	// services not placed: no position, or one outside the frame.
	Counts [5][boundaries.NumQuarters + 1]int
}

// MapPoint is one service on the map.
type MapPoint struct {
	Lon, Lat float64
	Rating   report.Rating
	Quarter  boundaries.Quarter
}

// notPlaced is the column of ServiceMap.Counts for services not placed.
const notPlaced = boundaries.NumQuarters

// countMap places the authority's services on its boundary: nil when the
// data gives none of them a position, or there is no boundary of that
// name (a finding then says so).
func countMap(r *Result, mine []*report.Location) (*ServiceMap, []report.Finding) {
	any := false
	for _, l := range mine {
		any = any || l.HasPosition
	}
	if !any {
		return nil, nil
	}
	set, err := boundaries.Default()
	if err != nil {
		return nil, []report.Finding{{Kind: "map_no_boundary", Message: fmt.Sprintf("no map: %v", err)}}
	}
	a, err := set.Authority(r.Authority.Name)
	if err != nil {
		return nil, []report.Finding{{Kind: "map_no_boundary", Message: fmt.Sprintf("no map of %s: %v", r.Authority.Name, err)}}
	}
	m := &ServiceMap{Boundary: a.Name, Polygons: a.Polygons, Frame: a.Frame()}
	for _, l := range mine {
		rt := l.Current.Overall
		if !l.HasPosition {
			m.Counts[rt][notPlaced]++
			continue
		}
		q, ok := m.Frame.Place(boundaries.Point{Lon: l.Lon, Lat: l.Lat})
		if !ok {
			m.Counts[rt][notPlaced]++
			continue
		}
		m.Counts[rt][q]++
		m.Points = append(m.Points, MapPoint{Lon: l.Lon, Lat: l.Lat, Rating: rt, Quarter: q})
	}
	return m, nil
}

// mapSpec declares the count of the authority's services of each rating
// in each quarter of the map, those not placed on it, and the total.
func mapSpec(r *Result) *spec.Table {
	m := r.Map
	if m == nil {
		return nil
	}
	var cols []spec.Column
	for i, id := range boundaries.QuarterIDs {
		name := boundaries.QuarterNames[i]
		cols = append(cols, spec.Column{Name: id, Kind: spec.Count, Label: strings.ToUpper(name[:1]) + name[1:]})
	}
	cols = append(cols, spec.Column{Name: "not_placed", Kind: spec.Count, Label: "Not on the map"}, spec.Column{Name: "total", Kind: spec.Count, Label: "Total"})
	t := spec.New(TMap, fmt.Sprintf("Services in %s by rating and quarter of the map (north, south, east and west of the centre of the authority's bounding box)", r.Authority.Name),
		"rating", cols...)
	var sum [boundaries.NumQuarters + 1]int
	row := func(rw spec.Row, c [boundaries.NumQuarters + 1]int) {
		cells := make([]report.Cell, 0, len(c)+1)
		total := 0
		for _, n := range c {
			cells = append(cells, report.Int(n))
			total += n
		}
		t.Add(rw, append(cells, report.Int(total))...)
	}
	for _, rt := range report.Ratings {
		row(ratingRow(rt), m.Counts[rt])
		for i, n := range m.Counts[rt] {
			sum[i] += n
		}
	}
	row(totalRow, sum)
	return t
}
