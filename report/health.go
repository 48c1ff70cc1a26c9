package report

import "strings"

// The health sectors of CQC's files (GP practices, hospitals, NHS trusts
// and the rest), for papers to "Health and Adult Care" committees.

// Sector ids, as the config's health.sectors and the tables name them.
const (
	SectorGP                  = "gp"
	SectorNHSHospital         = "nhs_hospital"
	SectorNHSTrust            = "nhs_trust"
	SectorIndependentHospital = "independent_hospital"
	SectorCommunityHealth     = "community_health"
	SectorMentalHealth        = "mental_health"
	SectorHospice             = "hospice"
	SectorDentist             = "dentist"
	SectorAmbulance           = "ambulance"
	// SectorOtherHealth holds the health categories no committee paper
	// asks for by name (independent consulting doctors, substance misuse,
	// remote clinical advice): known, so never an unknown category.
	SectorOtherHealth = "other_health"
	// SectorSocialCare is adult social care: the rest of the paper.
	SectorSocialCare = "social_care"
)

// HealthSectors are the sector ids a config may ask for, in the order
// tables show them. nhs_trust is the trusts' own ratings (providers), not
// a kind of location.
var HealthSectors = []string{SectorGP, SectorNHSHospital, SectorNHSTrust, SectorIndependentHospital,
	SectorCommunityHealth, SectorMentalHealth, SectorHospice, SectorDentist, SectorAmbulance, SectorOtherHealth}

// DefaultHealthSectors are asked for when the config gives health: with
// no list.
var DefaultHealthSectors = []string{SectorGP, SectorNHSHospital, SectorNHSTrust, SectorCommunityHealth,
	SectorMentalHealth, SectorHospice}

// SectorLabels are the sectors as the paper names them.
var SectorLabels = map[string]string{
	SectorGP:                  "GP practices",
	SectorNHSHospital:         "NHS hospitals",
	SectorNHSTrust:            "NHS trusts",
	SectorIndependentHospital: "Independent hospitals",
	SectorCommunityHealth:     "Community health services",
	SectorMentalHealth:        "Mental health services",
	SectorHospice:             "Hospices",
	SectorDentist:             "Dentists",
	SectorAmbulance:           "Ambulance services",
	SectorOtherHealth:         "Other health services",
}

// SectorSingular is one location of each sector as a sentence names it
// ("The one NHS hospital in Heath"), beside SectorLabels.
var SectorSingular = map[string]string{
	SectorGP:                  "GP practice",
	SectorNHSHospital:         "NHS hospital",
	SectorNHSTrust:            "NHS trust",
	SectorIndependentHospital: "independent hospital",
	SectorCommunityHealth:     "community health service",
	SectorMentalHealth:        "mental health service",
	SectorHospice:             "hospice",
	SectorDentist:             "dentist",
	SectorAmbulance:           "ambulance service",
	SectorOtherHealth:         "other health service",
}

// categorySectors is the one table from CQC's "Location Primary
// Inspection Category" (API: the primary inspectionCategories name) to a
// sector, lower-cased.
var categorySectors = map[string]string{
	"residential social care":                               SectorSocialCare,
	"community based adult social care services":            SectorSocialCare,
	"gp practices":                                          SectorGP,
	"acute hospital - nhs non-specialist":                   SectorNHSHospital,
	"acute hospital - nhs specialist":                       SectorNHSHospital,
	"acute hospital - independent specialist":               SectorIndependentHospital,
	"acute hospital - independent non-specialist":           SectorIndependentHospital,
	"community health - nhs & independent":                  SectorCommunityHealth,
	"community health - nhs":                                SectorCommunityHealth,
	"community health - independent":                        SectorCommunityHealth,
	"mental health - community & hospital - independent":    SectorMentalHealth,
	"mental health - community & hospital - nhs":            SectorMentalHealth,
	"mental health - community & residential - nhs":         SectorMentalHealth,
	"mental health - community & residential - independent": SectorMentalHealth,
	"hospice services":                                      SectorHospice,
	"dentists":                                              SectorDentist,
	"ambulance service":                                     SectorAmbulance,
	"independent ambulance":                                 SectorAmbulance,
	"independent consulting doctors":                        SectorOtherHealth,
	"community substance misuse":                            SectorOtherHealth,
	"residential substance misuse":                          SectorOtherHealth,
	"remote clinical advice":                                SectorOtherHealth,
	"urgent care services & mobile doctors":                 SectorOtherHealth,
	"slimming clinics":                                      SectorOtherHealth,
	"diagnosis/screening":                                   SectorOtherHealth,
	"prison healthcare":                                     SectorOtherHealth,
}

// SectorOf maps an inspection category to its sector id; ok is false for
// a category the table does not know (a validate finding, never dropped
// silently).
func SectorOf(category string) (string, bool) {
	s, ok := categorySectors[strings.ToLower(strings.TrimSpace(category))]
	return s, ok
}

// GroupRating is one rated part of a location other than the location as
// a whole: an NHS hospital's core service (Surgery, Maternity, ...) or a
// GP practice's population group (Older people, ...).
type GroupRating struct {
	Name   string
	Rating Assessment
}

// HealthLocation is one location of any sector from the Latest ratings
// file or API records, with what the health section needs.
type HealthLocation struct {
	ID, Name       string
	LocalAuthority string
	Region         string
	Category       string
	Sector         string
	ProviderID     string
	ProviderName   string
	// Overall is the location's own ratings (Service / Population Group
	// "Overall"): the overall rating and the key questions.
	Overall Assessment
	// Groups are its core services or population groups, in file order.
	Groups []GroupRating
	Row    int
}

// HealthProvider is a provider's own ratings (the Latest ratings file's
// Providers sheet, or API provider records): an NHS trust's overall and
// key question ratings.
type HealthProvider struct {
	ID, Name string
	Overall  Assessment
}

// Health is every health location of the data, and the providers' own
// ratings where the data has them.
type Health struct {
	Source    string
	Locations []HealthLocation
	// Providers are keyed by provider ID; HasProviders is false when the
	// data gave no providers' ratings (a CSV of the Locations sheet).
	Providers    map[string]*HealthProvider
	HasProviders bool
	Findings     []Finding
}
