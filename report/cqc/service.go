package cqc

import "fmt"

// Service is a service type column of the tables: all services, care
// homes, community-based services. Every count by service type is read
// with one, never with a string, so a misspelt type is a compile error,
// not a quiet "all".
type Service uint8

// The service types, in the order the tables by service type show them.
const (
	All Service = iota
	CareHome
	Community
	numServices
)

// Services are the service types in table order.
var Services = [numServices]Service{All, CareHome, Community}

var serviceIDs = [numServices]string{All: "all", CareHome: "care_home", Community: "community"}

// ID is the service type's column name in the JSON and CSV tables.
func (s Service) ID() string {
	s.check()
	return serviceIDs[s]
}

// check stops on a Service that is none of the three: a programming
// error, since every value comes from the constants above.
func (s Service) check() {
	if s >= numServices {
		panic(fmt.Sprintf("cqc: service type %d is not All, CareHome or Community", s))
	}
}

// ServiceOf is a location's own service type.
func ServiceOf(careHome bool) Service {
	if careHome {
		return CareHome
	}
	return Community
}

// Tally counts services by type; All is always CareHome plus Community,
// since it is kept only by Add.
type Tally [numServices]int

// Add counts one service of a type (CareHome or Community) and in All.
func (t *Tally) Add(s Service) {
	if s != CareHome && s != Community {
		panic(fmt.Sprintf("cqc: Tally.Add(%d): a service is a care home or community-based", s))
	}
	t[All]++
	t[s]++
}

// Of is the count for one service type.
func (t *Tally) Of(s Service) int {
	s.check()
	return t[s]
}

// TallyOf is a Tally of careHomes care homes and community
// community-based services.
func TallyOf(careHomes, community int) Tally {
	return Tally{All: careHomes + community, CareHome: careHomes, Community: community}
}
