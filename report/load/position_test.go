package load

import (
	"strings"
	"testing"
)

// API records give a service's position as onspdLatitude/onspdLongitude.
func TestAPIPositions(t *testing.T) {
	data := `{"locationId":"1-1","onspdLatitude":50.721541,"onspdLongitude":-3.508053}
{"locationId":"1-2"}
{"locationId":"1-3","onspdLatitude":"51.5","onspdLongitude":"-0.12"}
`
	s, err := ReadAPI(strings.NewReader(data), "api.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	l := s.Locations
	if !l[0].HasPosition || l[0].Lat != 50.721541 || l[0].Lon != -3.508053 {
		t.Errorf("1-1: %v %v %v", l[0].HasPosition, l[0].Lat, l[0].Lon)
	}
	if l[1].HasPosition {
		t.Error("1-2 has a position without coordinates")
	}
	if !l[2].HasPosition || l[2].Lat != 51.5 {
		t.Errorf("1-3 (numbers as strings): %v %v", l[2].HasPosition, l[2].Lat)
	}
	for _, c := range []struct{ rec, want string }{
		{`{"locationId":"1-1","onspdLatitude":95,"onspdLongitude":1}`, "api.jsonl:1: onspdLatitude/onspdLongitude: latitude 95 and longitude 1 are not a position on the globe"},
		{`{"locationId":"1-1","onspdLatitude":50}`, `api.jsonl:1: onspdLatitude/onspdLongitude: latitude "50" and longitude "": one is given without the other`},
	} {
		_, err := ReadAPI(strings.NewReader(c.rec), "api.jsonl")
		if err == nil || err.Error() != c.want {
			t.Errorf("%s:\n got %v\nwant %s", c.rec, err, c.want)
		}
	}
}

// HSCA files give it as Location Latitude and Location Longitude, when they
// have those columns; blank cells are no position.
func TestHSCAPositions(t *testing.T) {
	cols := append(append([]string(nil), fixtureCols...), colLatitude, colLongitude)
	b := hscaCSV(t, nil, cols,
		asc("1-1", "Devon", "Y", "Good").with(colLatitude, "50.7215", colLongitude, "-3.5081"),
		asc("1-2", "Devon", "N", "Good"))
	s, err := readBytes("hsca.csv", b)
	if err != nil {
		t.Fatal(err)
	}
	if l := s.Locations[0]; !l.HasPosition || l.Lat != 50.7215 || l.Lon != -3.5081 {
		t.Errorf("1-1: %+v", l)
	}
	if s.Locations[1].HasPosition {
		t.Error("1-2 has a position from blank cells")
	}
	b = hscaCSV(t, nil, cols, asc("1-1", "Devon", "Y", "Good").with(colLatitude, "north", colLongitude, "-3.5"))
	if _, err := readBytes("hsca.csv", b); err == nil || !strings.Contains(err.Error(), `:2: column "Location Latitude": latitude "north" and longitude "-3.5" are not numbers`) {
		t.Errorf("bad latitude: %v", err)
	}
}
