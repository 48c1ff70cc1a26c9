// Package boundaries holds ONS's generalised boundaries of England's 153
// upper-tier authorities as at December 2023 (counties, unitary
// authorities, metropolitan districts and London boroughs), in longitude
// and latitude (WGS 84), looked up by name with the same aliases as the
// population file (ons.Canonical). SOURCES.md in the parent directory says
// where the file came from; scripts/ons/extract_boundaries.py made it.
package boundaries

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/carereport/carereport/report/ons"
)

//go:embed cty_2023.geojson
var cty2023 []byte

// Attribution is the notice the Open Government Licence and Ordnance
// Survey ask for wherever the boundaries are drawn.
const Attribution = "Source: Office for National Statistics licensed under the Open Government Licence v3.0. " +
	"Contains OS data © Crown copyright and database right 2023"

// Edition names the boundaries, for a map's caption.
const Edition = "Counties and unitary authorities, December 2023, generalised"

// Point is a position in degrees: longitude (east positive), latitude.
type Point struct{ Lon, Lat float64 }

// Ring is a closed line of points: its first point equals its last.
type Ring []Point

// Polygon is an outer ring followed by the rings of its holes (an
// authority's polygon around a city that is an authority of its own, as
// Leicestershire's around Leicester, has such a hole).
type Polygon []Ring

// Authority is one authority's boundary: every polygon of it (islands and
// detached parts are polygons of their own).
type Authority struct {
	Code     string // ONS's GSS code, e.g. E10000008
	Name     string // ONS's spelling, e.g. "Bristol, City of"
	Polygons []Polygon
}

// Set is a parsed boundary file.
type Set struct {
	all    []Authority // by code
	byName map[string]int
}

// Limits of a boundary file: the shipped one is about 411 KB, 153
// features, 10,551 points.
const (
	maxBytes    = 8 << 20
	maxFeatures = 1000
	maxPoints   = 2_000_000
	maxNameLen  = 100
)

type geoJSON struct {
	Type     string `json:"type"`
	Features []struct {
		Type       string `json:"type"`
		Properties struct {
			Code string `json:"CTYUA23CD"`
			Name string `json:"CTYUA23NM"`
		} `json:"properties"`
		Geometry *struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// Parse reads a GeoJSON FeatureCollection of Polygon and MultiPolygon
// features whose properties hold CTYUA23CD (code) and CTYUA23NM (name), in
// longitude and latitude. src names the file in errors, which also name
// the feature: "b.geojson: feature 3 (E06000003): ring 1 is not closed".
// Positions must be finite and on the globe, rings closed with at least
// four points, and no code or name may appear twice.
func Parse(r io.Reader, src string) (*Set, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", src, err)
	}
	if len(data) > maxBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes", src, maxBytes)
	}
	var g geoJSON
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("%s: not GeoJSON: %v", src, err)
	}
	if g.Type != "FeatureCollection" {
		return nil, fmt.Errorf("%s: type is %q, want FeatureCollection", src, g.Type)
	}
	if len(g.Features) == 0 {
		return nil, fmt.Errorf("%s: no features", src)
	}
	if len(g.Features) > maxFeatures {
		return nil, fmt.Errorf("%s: %d features, more than %d", src, len(g.Features), maxFeatures)
	}
	s := &Set{byName: map[string]int{}}
	codes := map[string]bool{}
	points := 0
	for i, f := range g.Features {
		where := fmt.Sprintf("%s: feature %d (%s)", src, i+1, f.Properties.Code)
		if f.Type != "Feature" {
			return nil, fmt.Errorf("%s: type is %q, want Feature", where, f.Type)
		}
		a := Authority{Code: f.Properties.Code, Name: f.Properties.Name}
		if !validCode(a.Code) {
			return nil, fmt.Errorf("%s: CTYUA23CD %q is not an ONS code", where, a.Code)
		}
		if strings.TrimSpace(a.Name) == "" || len(a.Name) > maxNameLen {
			return nil, fmt.Errorf("%s: CTYUA23NM %q is empty or longer than %d bytes", where, a.Name, maxNameLen)
		}
		if codes[a.Code] {
			return nil, fmt.Errorf("%s: code given twice", where)
		}
		codes[a.Code] = true
		key := ons.Canonical(a.Name)
		if _, dup := s.byName[key]; dup {
			return nil, fmt.Errorf("%s: name %q given twice", where, a.Name)
		}
		if f.Geometry == nil {
			return nil, fmt.Errorf("%s: no geometry", where)
		}
		var polys [][][][]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return nil, fmt.Errorf("%s: Polygon coordinates: %v", where, err)
			}
			polys = [][][][]float64{p}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &polys); err != nil {
				return nil, fmt.Errorf("%s: MultiPolygon coordinates: %v", where, err)
			}
		default:
			return nil, fmt.Errorf("%s: geometry type %q, want Polygon or MultiPolygon", where, f.Geometry.Type)
		}
		if len(polys) == 0 {
			return nil, fmt.Errorf("%s: no polygons", where)
		}
		for pi, p := range polys {
			if len(p) == 0 {
				return nil, fmt.Errorf("%s: polygon %d has no rings", where, pi+1)
			}
			poly := make(Polygon, 0, len(p))
			for ri, rg := range p {
				if points += len(rg); points > maxPoints {
					return nil, fmt.Errorf("%s: more than %d points in the file", where, maxPoints)
				}
				ring, err := toRing(rg)
				if err != nil {
					return nil, fmt.Errorf("%s: polygon %d ring %d: %v", where, pi+1, ri+1, err)
				}
				poly = append(poly, ring)
			}
			a.Polygons = append(a.Polygons, poly)
		}
		s.byName[key] = len(s.all)
		s.all = append(s.all, a)
	}
	// Sort by code, then rebuild the name index to match.
	sort.Slice(s.all, func(i, j int) bool { return s.all[i].Code < s.all[j].Code })
	for i, a := range s.all {
		s.byName[ons.Canonical(a.Name)] = i
	}
	return s, nil
}

func toRing(rg [][]float64) (Ring, error) {
	if len(rg) < 4 {
		return nil, fmt.Errorf("%d points, a ring needs at least 4", len(rg))
	}
	ring := make(Ring, len(rg))
	for i, pos := range rg {
		if len(pos) != 2 && len(pos) != 3 {
			return nil, fmt.Errorf("point %d has %d numbers, want longitude and latitude", i+1, len(pos))
		}
		lon, lat := pos[0], pos[1]
		if math.IsNaN(lon) || math.IsNaN(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
			return nil, fmt.Errorf("point %d (%v, %v) is not a longitude and latitude", i+1, lon, lat)
		}
		ring[i] = Point{lon, lat}
	}
	if ring[0] != ring[len(ring)-1] {
		return nil, fmt.Errorf("not closed: first point %v, last %v", ring[0], ring[len(ring)-1])
	}
	return ring, nil
}

func validCode(s string) bool {
	if len(s) != 9 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	return strings.Trim(s[1:], "0123456789") == ""
}

var (
	defaultOnce sync.Once
	defaultSet  *Set
	defaultErr  error
)

// Default returns the shipped boundaries, parsed once.
func Default() (*Set, error) {
	defaultOnce.Do(func() {
		defaultSet, defaultErr = Parse(bytes.NewReader(cty2023), "report/ons/boundaries/cty_2023.geojson")
	})
	return defaultSet, defaultErr
}

// Authorities returns every authority, by code.
func (s *Set) Authorities() []Authority { return append([]Authority(nil), s.all...) }

// NotFoundError says the boundaries hold no authority of that name.
type NotFoundError struct{ Name string }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("ONS boundaries (December 2023): no upper-tier authority named %q", e.Name)
}

// Authority returns the named authority (CQC's or ONS's spelling, as
// ons.Canonical reads it), or a *NotFoundError: an authority abolished by
// December 2023 (Cumbria, Northamptonshire) is not found, not replaced.
func (s *Set) Authority(name string) (*Authority, error) {
	i, ok := s.byName[ons.Canonical(name)]
	if !ok {
		return nil, &NotFoundError{Name: name}
	}
	a := s.all[i]
	return &a, nil
}

// Polygons returns the named authority's polygons from the shipped
// boundaries; see (*Set).Authority.
func Polygons(name string) ([]Polygon, error) {
	s, err := Default()
	if err != nil {
		return nil, err
	}
	a, err := s.Authority(name)
	if err != nil {
		return nil, err
	}
	return a.Polygons, nil
}

// Contains reports whether the point lies inside the authority: inside one
// of its polygons' outer rings and not inside a hole of that polygon (by
// the even-odd rule over the polygon's rings). A point exactly on an edge
// may fall either side.
func (a *Authority) Contains(p Point) bool {
	for _, poly := range a.Polygons {
		if poly.Contains(p) {
			return true
		}
	}
	return false
}

// Contains reports whether the point lies inside the polygon: a ray from
// it eastwards crosses the polygon's rings an odd number of times.
func (poly Polygon) Contains(p Point) bool {
	in := false
	for _, ring := range poly {
		for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
			a, b := ring[i], ring[j]
			if (a.Lat > p.Lat) != (b.Lat > p.Lat) &&
				p.Lon < a.Lon+(p.Lat-a.Lat)*(b.Lon-a.Lon)/(b.Lat-a.Lat) {
				in = !in
			}
		}
	}
	return in
}

// Bounds returns the smallest box holding every point of the authority:
// its south-west and north-east corners.
func (a *Authority) Bounds() (sw, ne Point) {
	sw, ne = Point{math.Inf(1), math.Inf(1)}, Point{math.Inf(-1), math.Inf(-1)}
	for _, poly := range a.Polygons {
		for _, ring := range poly {
			for _, p := range ring {
				sw.Lon, sw.Lat = min(sw.Lon, p.Lon), min(sw.Lat, p.Lat)
				ne.Lon, ne.Lat = max(ne.Lon, p.Lon), max(ne.Lat, p.Lat)
			}
		}
	}
	return sw, ne
}
