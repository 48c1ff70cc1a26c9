package cqc

import (
	"fmt"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/ons/boundaries"
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

// NotPlaced is how many services of rating r are not on the map.
func (m *ServiceMap) NotPlaced(r report.Rating) int { return m.Counts[r][notPlaced] }

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

func mapTable(r *Result) *report.Table {
	m := r.Map
	if m == nil {
		return nil
	}
	t := &report.Table{ID: TMap,
		Title:   fmt.Sprintf("Services in %s by rating and quarter of the map (north, south, east and west of the centre of the authority's bounding box)", r.Authority.Name),
		Columns: []string{"rating"}}
	for _, id := range boundaries.QuarterIDs {
		t.Columns = append(t.Columns, id)
	}
	t.Columns = append(t.Columns, "not_placed", "total")
	var sum [boundaries.NumQuarters + 1]int
	row := func(id string, c [boundaries.NumQuarters + 1]int) {
		cells := []report.Cell{report.Str(id)}
		total := 0
		for _, n := range c {
			cells = append(cells, report.Int(n))
			total += n
		}
		t.Rows = append(t.Rows, append(cells, report.Int(total)))
	}
	for _, rt := range report.Ratings {
		row(rt.ID(), m.Counts[rt])
		for i, n := range m.Counts[rt] {
			sum[i] += n
		}
	}
	row("total", sum)
	return t
}
