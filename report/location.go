package report

// ServiceType is the one service type rule 2 of cqc-data.md gives each
// location.
type ServiceType uint8

const (
	// Community is every in-scope location that is not a care home.
	Community ServiceType = iota
	// CareHome is a location with "Care home?" = Y.
	CareHome
)

// Band is a bit set of the service user groups a location serves.
type Band uint16

// Service user bands (HSCA "Service user band - ..." columns, API
// specialisms).
const (
	BandOlderPeople Band = 1 << iota
	BandYoungerAdults
	BandDementia
	BandLearningDisability
	BandMentalHealth
	BandPhysicalDisability
	BandSensoryImpairment
)

// Assessment is one published overall rating with its key questions.
type Assessment struct {
	Date    Date
	Overall Rating
	// Raw is the overall rating as the file spelt it.
	Raw string
	KQ  [NumKeyQuestions]Rating
	// KQDate is when each key question rating was published, where the
	// record says and it differs from Date (CQC's current ratings can
	// carry a key question re-rated by a later, focused inspection); zero
	// means Date.
	KQDate [NumKeyQuestions]Date
	// HasKQ is false when no key question ratings came with it.
	HasKQ bool
	// Link is the report's reportLinkId (API records), which ties a
	// history entry without an overall rating to the rated report it is
	// part of (rule 10).
	Link string
	// InspectedNotRated is true when the entry's overall value says the
	// service was inspected but not rated ("Inspected but not rated"),
	// as against an entry that carries no overall value at all.
	InspectedNotRated bool
}

// Relation is a link between two registrations of one service (API
// relationships[]): a predecessor or successor under another provider or
// at another address (rule 7).
type Relation struct {
	ID     string
	Reason string
}

// Dormancy is a span when a location was dormant (API
// dormancyStartDate/dormancyEndDate); a zero End means it has not ended.
type Dormancy struct {
	Start, End Date
}

// Location is one registered location (one Location ID), with what the
// counting rules need and nothing else.
type Location struct {
	ID   string
	Name string
	// Provider is the provider's name (HSCA files) or, where the record
	// gives no name, its ID (API location records carry providerId only).
	Provider string
	// ProviderID is the provider's CQC ID where the data gives it.
	ProviderID     string
	LocalAuthority string
	Region         string
	// Category is the primary inspection category ("GP Practices",
	// "Residential social care", ...), where the data gives it.
	Category string
	// AdultSocialCare is true when the inspection directorate is
	// "Adult social care".
	AdultSocialCare bool
	// Dormant is the location's dormancy as at the snapshot's date: a
	// snapshot file's "Dormant (Y/N)", or for API records the rule 3
	// judgement at the date cqc.At rebuilt it for. DormantSpan holds the
	// record's own dates (API), and DormantUndated is a dormancy of Y
	// with no dates, which applies to every date.
	Dormant        bool
	DormantSpan    Dormancy
	DormantUndated bool
	CareHome       bool
	Nursing        bool
	ExtraCare      bool
	Beds           int
	Bands          Band
	// Registered and Deregistered bound the dates the location is present
	// (API records). Snapshot rows are present by definition; for them
	// Registered is the "Location HSCA start date", for information.
	Registered   Date
	Deregistered Date
	// Current is the rating in force at the snapshot's date: from a
	// snapshot file its "Location Latest Overall Rating" and "Publication
	// Date"; from API records the rating rebuilt by rule 4.
	Current Assessment
	// History holds every overall rating the API records, oldest first
	// (nil for snapshot files).
	History []Assessment
	// Reports are the publication dates of every report the record lists
	// (API reports[]), oldest first: a focused inspection that re-rated
	// only some key questions is a report too (rule 10).
	Reports []Date
	// Predecessors and Successors link re-registrations (rule 7).
	Predecessors, Successors []Relation
	DualRegistered           bool
	// Lat and Lon are the location's position in degrees (API
	// onspdLatitude/onspdLongitude, HSCA "Location Latitude"/"Location
	// Longitude"), when HasPosition.
	Lat, Lon    float64
	HasPosition bool
	// Row is the line or row the location came from, for messages.
	Row int
}

// Type returns the location's service type by rule 2.
func (l *Location) Type() ServiceType {
	if l.CareHome {
		return CareHome
	}
	return Community
}

// Finding is something validate reports about the data: a row skipped, a
// value that is not a rating, a duplicate ID.
type Finding struct {
	File    string
	Row     int
	Kind    string
	Message string
}

// String formats f as one line: "file:row: message".
func (f Finding) String() string {
	s := f.File
	if f.Row > 0 {
		s += ":" + itoa(f.Row)
	}
	if s != "" {
		s += ": "
	}
	return s + f.Message
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// SourceKind says where a snapshot's ratings came from.
type SourceKind uint8

const (
	// FromSnapshot is a monthly HSCA file: every row is present and
	// carries its latest rating.
	FromSnapshot SourceKind = iota
	// FromAPI is CQC API records with rating history, rebuilt as at a date.
	FromAPI
)

// Snapshot is the set of locations as at one date.
type Snapshot struct {
	AsAt      Date
	Source    string
	Kind      SourceKind
	Locations []Location
	// Findings are what the loader noticed but did not stop for.
	Findings []Finding
	// KeyQuestions is true when key question ratings are known (API
	// records, or a Latest ratings file merged in).
	KeyQuestions bool
	// HasDeregistered is true when API records include deregistered
	// locations, so a snapshot rebuilt from them can show closures.
	HasDeregistered bool
	// HasReports is true when API records carry reports[] lists, so
	// that inspection activity can count every report (rule 10).
	HasReports bool
	// Full is, for a snapshot rebuilt from API records as at a date, the
	// records it was rebuilt from (every location, any date); nil
	// otherwise. index finds a record of Full by its Location ID.
	Full  *Snapshot
	index map[string]int
	// Read says how the file was read (for the manifest).
	Read Reading
	// Providers are the provider records among API records (fetch
	// -providers): names, and an NHS trust's own ratings.
	Providers map[string]*HealthProvider
}

// Index makes Record work on s: API records are indexed once, when
// loaded, so that snapshots rebuilt from them can share the index.
func (s *Snapshot) Index() {
	s.index = make(map[string]int, len(s.Locations))
	for i := range s.Locations {
		s.index[s.Locations[i].ID] = i
	}
}

// Record returns the record of a Location ID from the API records a
// snapshot was rebuilt from, or nil when they do not hold it (or the
// snapshot is not from API records).
func (s *Snapshot) Record(id string) *Location {
	f := s
	if s.Full != nil {
		f = s.Full
	}
	i, ok := f.index[id]
	if !ok {
		return nil
	}
	return &f.Locations[i]
}
