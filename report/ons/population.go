package ons

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/carereport/carereport/report"
)

//go:embed population.csv
var populationCSV []byte

// Row is one authority's (or England's) mid-year population estimate.
// The bands are summed by the extraction script from ONS's single years of
// age (90+ is ONS's last), so 0-17, 18-64 and 65+ add up to AllAges.
type Row struct {
	Year      int    // the mid-year: 2022 is the estimate for 30 June 2022
	Code      string // ONS's GSS code, e.g. E10000018
	Name      string // ONS's spelling, e.g. "Bristol, City of"
	AllAges   int
	Age0to17  int
	Age18to64 int
	Age65Plus int
	Age75Plus int
}

// Limits of the population file, so a damaged or hostile file is rejected
// before it costs memory: the shipped file is about 64 KB and 1,070 rows.
const (
	maxPopulationBytes = 1 << 20
	maxPopulationRows  = 20000
	maxNameLen         = 100
	maxCount           = 100_000_000 // more than the UK's population
)

var populationHeader = []string{"year", "code", "name", "all_ages",
	"age_0_17", "age_18_64", "age_65_plus", "age_75_plus"}

// Populations is a parsed population file: rows by year, each year's
// authorities found by Canonical name.
type Populations struct {
	rows   []Row
	years  []int                  // ascending
	byName map[int]map[string]int // year -> Canonical(name) -> index in rows
}

// ParsePopulation reads a population CSV (the layout of population.csv).
// src names the file in errors, which give the line:
// "population.csv:12: age_75_plus 9000 is more than age_65_plus 8000".
// Each row must be whole: counts non-negative whole numbers, the bands
// adding up (0-17 + 18-64 + 65+ = all ages, 75+ no more than 65+), codes
// GSS-shaped, and no year holding a code or a name twice.
func ParsePopulation(r io.Reader, src string) (*Populations, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxPopulationBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", src, err)
	}
	if len(data) > maxPopulationBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes", src, maxPopulationBytes)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = len(populationHeader)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %v", src, csvErr(err))
	}
	for i, h := range populationHeader {
		if head[i] != h {
			return nil, fmt.Errorf("%s:1: column %d is %q, want %q", src, i+1, head[i], h)
		}
	}
	p := &Populations{byName: map[int]map[string]int{}}
	codes := map[[2]string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", src, csvErr(err))
		}
		line, _ := cr.FieldPos(0)
		if len(p.rows) >= maxPopulationRows {
			return nil, fmt.Errorf("%s:%d: more than %d rows", src, line, maxPopulationRows)
		}
		row, err := parseRow(rec)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", src, line, err)
		}
		ck := [2]string{strconv.Itoa(row.Year), row.Code}
		if codes[ck] {
			return nil, fmt.Errorf("%s:%d: %s appears twice in %d", src, line, row.Code, row.Year)
		}
		codes[ck] = true
		names := p.byName[row.Year]
		if names == nil {
			names = map[string]int{}
			p.byName[row.Year] = names
			p.years = append(p.years, row.Year)
		}
		key := Canonical(row.Name)
		if _, dup := names[key]; dup {
			return nil, fmt.Errorf("%s:%d: %q appears twice in %d", src, line, row.Name, row.Year)
		}
		names[key] = len(p.rows)
		p.rows = append(p.rows, row)
	}
	if len(p.rows) == 0 {
		return nil, fmt.Errorf("%s: no rows", src)
	}
	sort.Ints(p.years)
	return p, nil
}

// csvErr words encoding/csv's errors as "line N: what", without its
// "record on line N; parse error on line M, column C:" prefix.
func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d: %v", pe.Line, pe.Err)
	}
	return err
}

func parseRow(rec []string) (Row, error) {
	var r Row
	year, err := strconv.Atoi(rec[0])
	if err != nil || year < 1971 || year > 2100 {
		return r, fmt.Errorf("year %q is not a year from 1971 to 2100", rec[0])
	}
	r.Year = year
	if r.Code = rec[1]; !validCode(r.Code) {
		return r, fmt.Errorf("code %q is not an ONS code (a letter and eight digits)", rec[1])
	}
	if r.Name = rec[2]; strings.TrimSpace(r.Name) == "" || len(r.Name) > maxNameLen {
		return r, fmt.Errorf("name %q is empty or longer than %d bytes", rec[2], maxNameLen)
	}
	counts := []*int{&r.AllAges, &r.Age0to17, &r.Age18to64, &r.Age65Plus, &r.Age75Plus}
	for i, c := range counts {
		n, err := strconv.Atoi(rec[3+i])
		if err != nil || n < 0 || n > maxCount || strconv.Itoa(n) != rec[3+i] {
			return r, fmt.Errorf("%s %q is not a count", populationHeader[3+i], rec[3+i])
		}
		*c = n
	}
	if s := r.Age0to17 + r.Age18to64 + r.Age65Plus; s != r.AllAges {
		return r, fmt.Errorf("age bands of %s add up to %d, all_ages is %d", r.Code, s, r.AllAges)
	}
	if r.Age75Plus > r.Age65Plus {
		return r, fmt.Errorf("age_75_plus %d is more than age_65_plus %d", r.Age75Plus, r.Age65Plus)
	}
	return r, nil
}

var (
	defaultOnce sync.Once
	defaultPop  *Populations
	defaultErr  error
)

// Default returns the shipped population file, parsed once.
func Default() (*Populations, error) {
	defaultOnce.Do(func() {
		defaultPop, defaultErr = ParsePopulation(bytes.NewReader(populationCSV), "report/ons/population.csv")
	})
	return defaultPop, defaultErr
}

// Years returns the mid-years the file holds, ascending.
func (p *Populations) Years() []int { return append([]int(nil), p.years...) }

// Rows returns the rows of one year (England first, then as in the file),
// or none for a year the file does not hold.
func (p *Populations) Rows(year int) []Row {
	var out []Row
	for _, r := range p.rows {
		if r.Year == year {
			out = append(out, r)
		}
	}
	return out
}

// NearestYear returns the mid-year whose estimate date (30 June) is
// nearest asAt; of two equally near, the earlier. It never looks outside
// the years the file holds, so an as-at date after the last year gets the
// last year: the caller says which year was used.
func (p *Populations) NearestYear(asAt report.Date) int {
	best, bestDays := 0, int64(-1)
	t := asAt.Time()
	for _, y := range p.years {
		d := int64(t.Sub(report.NewDate(y, 6, 30).Time()).Hours() / 24)
		if d < 0 {
			d = -d
		}
		if bestDays < 0 || d < bestDays {
			best, bestDays = y, d
		}
	}
	return best
}

// NotFoundError says that the file holds no estimate for an authority in
// the year nearest the as-at date; Years lists the years it does hold one
// for (none when the name is not an authority the file knows at all).
type NotFoundError struct {
	Name  string
	Year  int
	Years []int
}

func (e *NotFoundError) Error() string {
	if len(e.Years) == 0 {
		return fmt.Sprintf("ONS population: no estimate for %q in any year (not an English upper-tier authority as ONS names it)", e.Name)
	}
	return fmt.Sprintf("ONS population: no mid-%d estimate for %q on that year's boundaries (the file has it for %s)",
		e.Year, e.Name, yearList(e.Years))
}

func yearList(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = "mid-" + strconv.Itoa(y)
	}
	return report.JoinAnd(parts)
}

// Population returns the estimate for the named authority (CQC's or ONS's
// spelling; "England" for the national row) from the mid-year nearest
// asAt; Row.Year says which year that is. An authority the nearest year
// does not hold (Cumbria after mid-2021, North Northamptonshire before
// mid-2020, an invented name) is a *NotFoundError: no other year is used
// in its place, and nothing is interpolated.
func (p *Populations) Population(name string, asAt report.Date) (Row, error) {
	year := p.NearestYear(asAt)
	return p.InYear(name, year)
}

// InYear returns the named authority's estimate for one mid-year, or a
// *NotFoundError.
func (p *Populations) InYear(name string, year int) (Row, error) {
	key := Canonical(name)
	if i, ok := p.byName[year][key]; ok {
		return p.rows[i], nil
	}
	e := &NotFoundError{Name: name, Year: year}
	for _, y := range p.years {
		if _, ok := p.byName[y][key]; ok {
			e.Years = append(e.Years, y)
		}
	}
	return Row{}, e
}

// Population looks the authority up in the shipped file; see
// (*Populations).Population.
func Population(name string, asAt report.Date) (Row, error) {
	p, err := Default()
	if err != nil {
		return Row{}, err
	}
	return p.Population(name, asAt)
}
