package boundaries

// Quarter is a part of an authority's map: the four quarters its bounding
// box's centre divides it into. Papers say where services lie by them.
type Quarter int

// The quarters, in the order tables and text give them.
const (
	NorthWest Quarter = iota
	NorthEast
	SouthWest
	SouthEast
	NumQuarters
)

// QuarterIDs are the quarters' ids for tables (north_west ...), and
// QuarterNames their names in prose.
var (
	QuarterIDs   = [NumQuarters]string{"north_west", "north_east", "south_west", "south_east"}
	QuarterNames = [NumQuarters]string{"north-west", "north-east", "south-west", "south-east"}
)

// PlaceMargin is how far beyond the authority's bounding box, as a share
// of its width and height, a position may lie and still be placed on its
// map: a service's postcode centroid can fall just outside a generalised
// boundary; one further out is a wrong position, and is not placed.
const PlaceMargin = 0.05

// Frame is the part of the map a paper draws: the authority's bounding
// box, its centre, and the box positions must lie in to be placed.
type Frame struct {
	SW, NE, Centre Point
	// Min and Max bound the placed positions: the box with PlaceMargin
	// added on every side.
	Min, Max Point
}

// Frame returns the authority's map frame.
func (a *Authority) Frame() Frame {
	sw, ne := a.Bounds()
	dx, dy := (ne.Lon-sw.Lon)*PlaceMargin, (ne.Lat-sw.Lat)*PlaceMargin
	return Frame{SW: sw, NE: ne, Centre: Point{(sw.Lon + ne.Lon) / 2, (sw.Lat + ne.Lat) / 2},
		Min: Point{sw.Lon - dx, sw.Lat - dy}, Max: Point{ne.Lon + dx, ne.Lat + dy}}
}

// Place says in which quarter of the frame a position lies: north when at
// or above the centre's latitude, east when at or east of its longitude.
// ok is false for a position outside the frame's placing box.
func (f Frame) Place(p Point) (q Quarter, ok bool) {
	if p.Lon < f.Min.Lon || p.Lon > f.Max.Lon || p.Lat < f.Min.Lat || p.Lat > f.Max.Lat {
		return 0, false
	}
	north, east := p.Lat >= f.Centre.Lat, p.Lon >= f.Centre.Lon
	switch {
	case north && !east:
		return NorthWest, true
	case north:
		return NorthEast, true
	case !east:
		return SouthWest, true
	}
	return SouthEast, true
}
