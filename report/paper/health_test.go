package paper

import (
	"testing"

	"github.com/carereport/carereport/report"
)

// A sector's locations are counted by a noun that agrees with the count:
// "The one NHS hospital", "the 3 NHS hospitals", "The one mental health
// service" (trimming "services" once left "mental health " with no noun).
func TestSectorNoun(t *testing.T) {
	for _, c := range []struct {
		sector    string
		one, many string
	}{
		{report.SectorGP, "GP practice", "GP practices"},
		{report.SectorNHSHospital, "NHS hospital", "NHS hospitals"},
		{report.SectorIndependentHospital, "independent hospital", "independent hospitals"},
		{report.SectorCommunityHealth, "community health service", "community health services"},
		{report.SectorMentalHealth, "mental health service", "mental health services"},
		{report.SectorHospice, "hospice", "hospices"},
		{report.SectorDentist, "dentist", "dentists"},
		{report.SectorAmbulance, "ambulance service", "ambulance services"},
		{report.SectorOtherHealth, "other health service", "other health services"},
	} {
		if got := sectorNoun(c.sector, 1); got != c.one {
			t.Errorf("%s, one: %q, want %q", c.sector, got, c.one)
		}
		if got := sectorNoun(c.sector, 3); got != c.many {
			t.Errorf("%s, three: %q, want %q", c.sector, got, c.many)
		}
	}
	// Every sector the paper can name has its singular.
	for id := range report.SectorLabels {
		if _, ok := report.SectorSingular[id]; !ok {
			t.Errorf("sector %s has no singular", id)
		}
	}
}
