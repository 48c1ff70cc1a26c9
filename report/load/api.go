package load

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/carereport/carereport/report"
)

// apiRecord is the part of a CQC API /locations/{id} record we use.
type apiRecord struct {
	OrganisationType      string       `json:"organisationType"`
	LocationID            string       `json:"locationId"`
	ProviderID            string       `json:"providerId"`
	ProviderName          string       `json:"providerName"`
	Name                  string       `json:"name"`
	LocalAuthority        string       `json:"localAuthority"`
	Region                string       `json:"region"`
	InspectionDirectorate string       `json:"inspectionDirectorate"`
	Dormancy              string       `json:"dormancy"`
	CareHome              string       `json:"careHome"`
	NumberOfBeds          *json.Number `json:"numberOfBeds"`
	RegistrationDate      string       `json:"registrationDate"`
	DeregistrationDate    string       `json:"deregistrationDate"`
	GacServiceTypes       []struct {
		Description string `json:"description"`
	} `json:"gacServiceTypes"`
	Specialisms []struct {
		Name string `json:"name"`
	} `json:"specialisms"`
	InspectionCategories []struct {
		Name    string `json:"name"`
		Primary string `json:"primary"`
	} `json:"inspectionCategories"`
	RegistrationStatus string       `json:"registrationStatus"`
	Latitude           *json.Number `json:"onspdLatitude"`
	Longitude          *json.Number `json:"onspdLongitude"`
	DormancyStartDate  string       `json:"dormancyStartDate"`
	DormancyEndDate    string       `json:"dormancyEndDate"`
	Relationships      []struct {
		RelatedLocationID string `json:"relatedLocationId"`
		Type              string `json:"type"`
		Reason            string `json:"reason"`
	} `json:"relationships"`
	Reports []struct {
		LinkID     string `json:"linkId"`
		ReportDate string `json:"reportDate"`
	} `json:"reports"`
	CurrentRatings *struct {
		Overall    *apiOverall `json:"overall"`
		ReportDate string      `json:"reportDate"`
	} `json:"currentRatings"`
	HistoricRatings []struct {
		ReportDate   string      `json:"reportDate"`
		ReportLinkID string      `json:"reportLinkId"`
		Overall      *apiOverall `json:"overall"`
	} `json:"historicRatings"`
}

type apiOverall struct {
	Rating             string `json:"rating"`
	ReportDate         string `json:"reportDate"`
	ReportLinkID       string `json:"reportLinkId"`
	KeyQuestionRatings []struct {
		Name       string `json:"name"`
		Rating     string `json:"rating"`
		ReportDate string `json:"reportDate"`
	} `json:"keyQuestionRatings"`
}

// specialismBands maps API specialisms to service user bands.
var specialismBands = map[string]report.Band{
	"caring for adults over 65 yrs":  report.BandOlderPeople,
	"caring for adults under 65 yrs": report.BandYoungerAdults,
	"dementia":                       report.BandDementia,
	"learning disabilities":          report.BandLearningDisability,
	"mental health conditions":       report.BandMentalHealth,
	"physical disabilities":          report.BandPhysicalDisability,
	"sensory impairment":             report.BandSensoryImpairment,
}

// API reads CQC API location records, one JSON object per line. The
// snapshot has no date: every record keeps its rating history, and
// cqc.At rebuilds the ratings as at any date.
func API(path string) (*report.Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Err: unwrapPath(err)}
	}
	defer f.Close()
	return ReadAPI(f, path)
}

// ReadAPI reads API records from r; file names it in messages.
func ReadAPI(r io.Reader, file string) (*report.Snapshot, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	s := &report.Snapshot{Source: file, Kind: report.FromAPI, KeyQuestions: true}
	s.Read.Layout = "CQC API location records (JSON lines)"
	seen := map[string]int{}
	unknown := map[string]*valueCount{}
	undated := map[string]*valueCount{}
	dups := &capped{file: file}
	in := interner{}
	for line := 1; ; line++ {
		b, err := readLine(br, maxRecord)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, &Error{File: file, Row: line, Err: err}
		}
		atEOF := err != nil
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark, as CSV allows
		}
		b = bytes.TrimSpace(b)
		if len(b) > 0 {
			s.Read.Rows++
			loc, err := parseAPIRecord(b, unknown, undated, line, in)
			if errors.Is(err, errProviderRecord) {
				p, err := parseProviderRecord(b)
				if err != nil {
					return nil, &Error{File: file, Row: line, Err: err}
				}
				if s.Providers == nil {
					s.Providers = map[string]*report.HealthProvider{}
				}
				if _, dup := s.Providers[p.ID]; !dup {
					s.Providers[p.ID] = p
				}
				if atEOF {
					break
				}
				continue
			}
			if err != nil {
				return nil, &Error{File: file, Row: line, Err: err}
			}
			if first, dup := seen[loc.ID]; dup {
				s.Read.Skip("location seen before")
				dups.add(report.Finding{File: file, Row: line, Kind: "duplicate_id",
					Message: fmt.Sprintf("location %s appears again (first on line %d); the first is used", loc.ID, first)})
			} else {
				seen[loc.ID] = line
				s.Locations = append(s.Locations, loc)
			}
		}
		if atEOF {
			break
		}
	}
	s.Findings = append(s.Findings, dups.done()...)
	s.Findings = append(s.Findings, unknownFindings(file, unknown, "value", "values")...)
	s.Findings = append(s.Findings, undatedFindings(file, undated)...)
	s.Index()
	for i := range s.Locations {
		// A provider record gives the name that a location record
		// carries only as an ID.
		if p := s.Providers[s.Locations[i].Provider]; p != nil && p.Name != "" {
			s.Locations[i].Provider = p.Name
		}
		if !s.Locations[i].Deregistered.IsZero() {
			s.HasDeregistered = true
		}
		if len(s.Locations[i].Reports) > 0 {
			s.HasReports = true
		}
	}
	return s, nil
}

func parseAPIRecord(b []byte, unknown, undated map[string]*valueCount, line int, in interner) (report.Location, error) {
	var rec apiRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return report.Location{}, fmt.Errorf("not a CQC API location record: %v", jsonMsg(err))
	}
	if strings.TrimSpace(rec.LocationID) == "" {
		if strings.EqualFold(strings.TrimSpace(rec.OrganisationType), "Provider") && strings.TrimSpace(rec.ProviderID) != "" {
			return report.Location{}, errProviderRecord
		}
		return report.Location{}, fmt.Errorf("record has no locationId")
	}
	loc := report.Location{
		ID:              rec.LocationID,
		Name:            rec.Name,
		Provider:        in.get(firstNonEmpty(strings.TrimSpace(rec.ProviderName), strings.TrimSpace(rec.ProviderID))),
		ProviderID:      in.get(strings.TrimSpace(rec.ProviderID)),
		LocalAuthority:  in.get(strings.TrimSpace(rec.LocalAuthority)),
		Region:          in.get(strings.TrimSpace(rec.Region)),
		AdultSocialCare: strings.EqualFold(strings.TrimSpace(rec.InspectionDirectorate), AdultSocialCare),
		Row:             line,
	}
	var err error
	if loc.Dormant, err = yesNo(strings.TrimSpace(rec.Dormancy)); err != nil {
		return loc, fmt.Errorf("dormancy: %w", err)
	}
	// Rule 3: dormancy applies between its dates; only a dormancy of Y
	// with no dates applies to every date.
	if rec.DormancyStartDate != "" {
		if loc.DormantSpan.Start, err = report.ParseDate(rec.DormancyStartDate); err != nil {
			return loc, fmt.Errorf("dormancyStartDate: %w", err)
		}
	}
	if rec.DormancyEndDate != "" {
		if loc.DormantSpan.End, err = report.ParseDate(rec.DormancyEndDate); err != nil {
			return loc, fmt.Errorf("dormancyEndDate: %w", err)
		}
		if loc.DormantSpan.Start.IsZero() {
			noteUnknown(undated, undatedDormancyEnd, line)
			loc.DormantSpan.End = 0
		} else if loc.DormantSpan.End < loc.DormantSpan.Start {
			return loc, fmt.Errorf("dormancyEndDate %s is before dormancyStartDate %s", loc.DormantSpan.End, loc.DormantSpan.Start)
		}
	}
	if loc.Dormant && loc.DormantSpan.Start.IsZero() {
		loc.DormantUndated = true
		noteUnknown(undated, undatedDormancy, line)
	}
	for _, rel := range rec.Relationships {
		id := strings.TrimSpace(rel.RelatedLocationID)
		if id == "" {
			continue
		}
		r := report.Relation{ID: id, Reason: in.get(strings.TrimSpace(rel.Reason))}
		switch strings.ToLower(strings.TrimSpace(rel.Type)) {
		case "hsca predecessor":
			loc.Predecessors = append(loc.Predecessors, r)
		case "hsca successor":
			loc.Successors = append(loc.Successors, r)
		}
	}
	for i, rp := range rec.Reports {
		if strings.TrimSpace(rp.ReportDate) == "" {
			continue
		}
		d, err := report.ParseDate(rp.ReportDate)
		if err != nil {
			return loc, fmt.Errorf("reports[%d].reportDate: %w", i, err)
		}
		loc.Reports = append(loc.Reports, d)
	}
	sort.Slice(loc.Reports, func(i, j int) bool { return loc.Reports[i] < loc.Reports[j] })
	if loc.CareHome, err = yesNo(strings.TrimSpace(rec.CareHome)); err != nil {
		return loc, fmt.Errorf("careHome: %w", err)
	}
	if rec.NumberOfBeds != nil {
		if loc.Beds, err = parseCount(rec.NumberOfBeds.String()); err != nil {
			return loc, fmt.Errorf("numberOfBeds: %w", err)
		}
	}
	if rec.Latitude != nil || rec.Longitude != nil {
		var lat, lon string
		if rec.Latitude != nil {
			lat = rec.Latitude.String()
		}
		if rec.Longitude != nil {
			lon = rec.Longitude.String()
		}
		if err := readPosition(&loc, lat, lon); err != nil {
			return loc, fmt.Errorf("onspdLatitude/onspdLongitude: %w", err)
		}
	}
	if rec.RegistrationDate != "" {
		if loc.Registered, err = report.ParseDate(rec.RegistrationDate); err != nil {
			return loc, fmt.Errorf("registrationDate: %w", err)
		}
	}
	if rec.DeregistrationDate == "" && strings.EqualFold(strings.TrimSpace(rec.RegistrationStatus), "Deregistered") {
		noteUnknown(undated, "deregistered without a deregistrationDate", line)
	}
	if rec.DeregistrationDate != "" {
		if loc.Deregistered, err = report.ParseDate(rec.DeregistrationDate); err != nil {
			return loc, fmt.Errorf("deregistrationDate: %w", err)
		}
	}
	for _, g := range rec.GacServiceTypes {
		switch strings.ToLower(strings.TrimSpace(g.Description)) {
		case "care home service with nursing":
			loc.Nursing = true
		case "extra care housing services":
			loc.ExtraCare = true
		}
	}
	for _, ic := range rec.InspectionCategories {
		if strings.EqualFold(strings.TrimSpace(ic.Primary), "true") || (loc.Category == "" && len(rec.InspectionCategories) == 1) {
			loc.Category = in.get(strings.TrimSpace(ic.Name))
		}
	}
	for _, sp := range rec.Specialisms {
		loc.Bands |= specialismBands[strings.ToLower(strings.TrimSpace(sp.Name))]
	}
	add := func(o *apiOverall, date, link string) error {
		if o == nil {
			return nil
		}
		if o.ReportDate != "" {
			date = o.ReportDate
		}
		if o.ReportLinkID != "" {
			link = o.ReportLinkID
		}
		r, kind := report.ParseRating(o.Rating)
		if kind == report.ValueUnknown {
			noteUnknown(unknown, o.Rating, line)
		}
		if date == "" {
			// Today's records give a service never rated "No published
			// rating" with no date: a value of the not_rated set needs
			// none. A real rating without one cannot be placed in time;
			// validate reports it and the entry is left out.
			if kind == report.ValueRating {
				noteUnknown(undated, o.Rating, line)
			}
			return nil
		}
		d, err := report.ParseDate(date)
		if err != nil {
			return fmt.Errorf("reportDate: %w", err)
		}
		a := report.Assessment{Date: d, Overall: r, Raw: in.get(o.Rating), Link: link,
			InspectedNotRated: strings.EqualFold(strings.TrimSpace(o.Rating), "inspected but not rated")}
		for _, k := range o.KeyQuestionRatings {
			q, ok := report.ParseKeyQuestion(k.Name)
			if !ok {
				continue
			}
			kr, kk := report.ParseRating(k.Rating)
			if kk == report.ValueUnknown {
				noteUnknown(unknown, k.Rating, line)
			}
			a.KQ[q] = kr
			a.HasKQ = true
			if k.ReportDate != "" {
				kd, err := report.ParseDate(k.ReportDate)
				if err != nil {
					return fmt.Errorf("%s reportDate: %w", k.Name, err)
				}
				if kd != d {
					a.KQDate[q] = kd
				}
			}
		}
		loc.History = append(loc.History, a)
		return nil
	}
	if rec.CurrentRatings != nil {
		if err := add(rec.CurrentRatings.Overall, rec.CurrentRatings.ReportDate, ""); err != nil {
			return loc, fmt.Errorf("currentRatings: %w", err)
		}
	}
	for i, h := range rec.HistoricRatings {
		if err := add(h.Overall, h.ReportDate, h.ReportLinkID); err != nil {
			return loc, fmt.Errorf("historicRatings[%d]: %w", i, err)
		}
	}
	// Oldest first; on the same date the current rating (added first)
	// stays after a historic copy of it, so it wins.
	sort.SliceStable(loc.History, func(i, j int) bool { return loc.History[i].Date < loc.History[j].Date })
	if len(loc.History) > 1 {
		reverseSameDate(loc.History)
	}
	return loc, nil
}

// reverseSameDate makes, within each run of equal dates, the first-added
// entry come last, so "the latest" picks the current rating.
func reverseSameDate(h []report.Assessment) {
	for i := 0; i < len(h); {
		j := i + 1
		for j < len(h) && h[j].Date == h[i].Date {
			j++
		}
		for a, b := i, j-1; a < b; a, b = a+1, b-1 {
			h[a], h[b] = h[b], h[a]
		}
		i = j
	}
}

func jsonMsg(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se.Error())
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %s should be %s, not %s", te.Field, te.Type, te.Value)
	}
	return err.Error()
}

// undatedFindings says which records had a real rating with no date (left
// out of their history) or were deregistered with no date: one finding
// per kind, with a count and the first lines.
func undatedFindings(file string, undated map[string]*valueCount) []report.Finding {
	var real []string
	for v := range undated {
		switch v {
		case "deregistered without a deregistrationDate", undatedDormancy, undatedDormancyEnd:
		default:
			real = append(real, v)
		}
	}
	sort.Strings(real)
	var out []report.Finding
	n, first := 0, 0
	for _, v := range real {
		c := undated[v]
		n += c.n
		if first == 0 || c.first < first {
			first = c.first
		}
	}
	if n > 0 {
		out = append(out, report.Finding{File: file, Row: first, Kind: "undated_rating",
			Message: fmt.Sprintf("%d %s (%s) %s no reportDate and %s left out of the rating history", n,
				report.Plural(n, "rating", "ratings"), strings.Join(quoteAll(real), ", "),
				report.Plural(n, "has", "have"), report.Plural(n, "is", "are"))})
	}
	if c := undated["deregistered without a deregistrationDate"]; c != nil {
		out = append(out, report.Finding{File: file, Row: c.first, Kind: "deregistered_undated",
			Message: fmt.Sprintf("%d %s registrationStatus Deregistered but no deregistrationDate; counted as registered",
				c.n, report.Plural(c.n, "record has", "records have"))})
	}
	if c := undated[undatedDormancy]; c != nil {
		out = append(out, report.Finding{File: file, Row: c.first, Kind: "dormant_undated",
			Message: fmt.Sprintf("%d %s dormancy Y but no dormancyStartDate; counted as dormant at every date",
				c.n, report.Plural(c.n, "record has", "records have"))})
	}
	if c := undated[undatedDormancyEnd]; c != nil {
		out = append(out, report.Finding{File: file, Row: c.first, Kind: "dormancy_end_undated",
			Message: fmt.Sprintf("%d %s a dormancyEndDate but no dormancyStartDate; the end date is ignored",
				c.n, report.Plural(c.n, "record has", "records have"))})
	}
	return out
}

// Keys of the undated map for dormancy without its dates.
const (
	undatedDormancy    = "dormant without a dormancyStartDate"
	undatedDormancyEnd = "dormancyEndDate without a dormancyStartDate"
)

func quoteAll(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// maxRecord bounds one API record (a line of the file): real records are
// a few kB.
const maxRecord = 16 << 20

// readLine reads up to and including the next newline, refusing a line
// longer than max rather than holding it.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var out []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(out)+len(chunk) > max {
			return nil, fmt.Errorf("the line is longer than %d MB: not a CQC API record", max>>20)
		}
		out = append(out, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		return out, err
	}
}

// errProviderRecord marks a line that is a provider record (fetch
// -providers writes them beside the location records).
var errProviderRecord = errors.New("a provider record")

// apiProvider is the part of a CQC API /providers/{id} record we use.
type apiProvider struct {
	ProviderID     string `json:"providerId"`
	Name           string `json:"name"`
	Type           string `json:"type"`
	CurrentRatings *struct {
		Overall *apiOverall `json:"overall"`
	} `json:"currentRatings"`
}

// parseProviderRecord reads a provider's name and own ratings (an NHS
// trust's overall and key question ratings).
func parseProviderRecord(b []byte) (*report.HealthProvider, error) {
	var rec apiProvider
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("not a CQC API provider record: %v", jsonMsg(err))
	}
	p := &report.HealthProvider{ID: strings.TrimSpace(rec.ProviderID), Name: strings.TrimSpace(rec.Name)}
	if rec.CurrentRatings == nil || rec.CurrentRatings.Overall == nil {
		return p, nil
	}
	o := rec.CurrentRatings.Overall
	r, _ := report.ParseRating(o.Rating)
	p.Overall = report.Assessment{Overall: r, Raw: o.Rating}
	if o.ReportDate != "" {
		d, err := report.ParseDate(o.ReportDate)
		if err != nil {
			return nil, fmt.Errorf("provider %s: reportDate: %w", p.ID, err)
		}
		p.Overall.Date = d
	}
	for _, k := range o.KeyQuestionRatings {
		if q, ok := report.ParseKeyQuestion(k.Name); ok {
			p.Overall.KQ[q], _ = report.ParseRating(k.Rating)
			p.Overall.HasKQ = true
		}
	}
	return p, nil
}
