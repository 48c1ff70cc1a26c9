package load

import (
	"math"
	"strconv"

	"github.com/carereport/carereport/report"
)

// readPosition sets a location's position from latitude and longitude
// text; both blank is no position. One without the other, a value that
// is not a number, or one off the globe is an error.
func readPosition(l *report.Location, lat, lon string) error {
	if lat == "" && lon == "" {
		return nil
	}
	if lat == "" || lon == "" {
		return valueErr("latitude %q and longitude %q: one is given without the other", lat, lon)
	}
	a, err1 := strconv.ParseFloat(lat, 64)
	b, err2 := strconv.ParseFloat(lon, 64)
	if err1 != nil || err2 != nil {
		return valueErr("latitude %q and longitude %q are not numbers", lat, lon)
	}
	return setPosition(l, a, b)
}

// setPosition checks and sets a position in degrees.
func setPosition(l *report.Location, lat, lon float64) error {
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return valueErr("latitude %v and longitude %v are not a position on the globe", lat, lon)
	}
	l.Lat, l.Lon, l.HasPosition = lat, lon, true
	return nil
}
