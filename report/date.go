// Package report holds the domain types every other package shares:
// dates, ratings, locations, snapshots and derived tables. It imports
// nothing of the project's own.
package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date stored as yyyymmdd, so that dates compare with
// < and sort as integers. The zero Date means "no date".
type Date int32

// NewDate makes a Date from its parts; it does not check them.
func NewDate(y, m, d int) Date { return Date(y*10000 + m*100 + d) }

// Year, Month and Day return the parts of d.
func (d Date) Year() int  { return int(d) / 10000 }
func (d Date) Month() int { return int(d) / 100 % 100 }
func (d Date) Day() int   { return int(d) % 100 }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == 0 }

// String formats d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year(), d.Month(), d.Day())
}

var monthNames = [...]string{"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

// Long formats d as "1 November 2019", as committee papers write dates.
func (d Date) Long() string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day(), monthNames[d.Month()-1], d.Year())
}

// Short formats d as "1 Nov 2019", as tables and charts label dates.
func (d Date) Short() string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day(), monthNames[d.Month()-1][:3], d.Year())
}

// Time returns d as midnight UTC.
func (d Date) Time() time.Time {
	return time.Date(d.Year(), time.Month(d.Month()), d.Day(), 0, 0, 0, 0, time.UTC)
}

// AddYears returns the same day n years later (29 February becomes 28).
func (d Date) AddYears(n int) Date {
	y, m, day := d.Year()+n, d.Month(), d.Day()
	if m == 2 && day == 29 && !isLeap(y) {
		day = 28
	}
	return NewDate(y, m, day)
}

// AddMonths returns the same day n months later, or the last day of that
// month when it is shorter (31 January and one month is 29 February).
func (d Date) AddMonths(n int) Date {
	m := d.Year()*12 + d.Month() - 1 + n
	y, mo := m/12, m%12+1
	return NewDate(y, mo, min(d.Day(), daysIn(y, mo)))
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// ValidDate reports whether y-m-d is a day of the calendar.
func ValidDate(y, m, d int) bool { return valid(y, m, d) }

func valid(y, m, d int) bool {
	return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

// ParseDate reads the date formats seen in CQC files and officers' saved
// copies of them:
//
//	2019-11-01, 2019-11-01T00:00:00 (ISO, as in ODS cells and the API)
//	01/11/2019 (dd/mm/yyyy, CQC's own)
//	11/1/2019 1:00:00 PM (m/d/yyyy h:mm:ss AM/PM, Excel's US re-save)
//	01 November 2019, 1 Nov 2019 (as in file preambles and names)
//
// A slash date without a time is read day first, as CQC writes it; with a
// 12-hour time it is read month first, as Excel writes it.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("empty date")
	}
	// ISO, with an optional time part.
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		y, e1 := strconv.Atoi(s[0:4])
		m, e2 := strconv.Atoi(s[5:7])
		d, e3 := strconv.Atoi(s[8:10])
		if e1 != nil || e2 != nil || e3 != nil || !valid(y, m, d) {
			return 0, badDate(s)
		}
		if rest := s[10:]; rest != "" && rest[0] != 'T' && rest[0] != ' ' {
			return 0, badDate(s)
		}
		return NewDate(y, m, d), nil
	}
	if strings.Count(s, "/") == 2 {
		datePart, timePart, _ := strings.Cut(s, " ")
		p0, rest, _ := strings.Cut(datePart, "/")
		p1, p2, ok := strings.Cut(rest, "/")
		if !ok { // both slashes must be in the date part
			return 0, badDate(s)
		}
		a, e1 := strconv.Atoi(p0)
		b, e2 := strconv.Atoi(p1)
		y, e3 := strconv.Atoi(p2)
		if e1 != nil || e2 != nil || e3 != nil || len(p2) != 4 {
			return 0, badDate(s)
		}
		d, m := a, b
		if up := strings.ToUpper(timePart); strings.HasSuffix(up, "AM") || strings.HasSuffix(up, "PM") {
			d, m = b, a
		}
		if !valid(y, m, d) {
			return 0, badDate(s)
		}
		return NewDate(y, m, d), nil
	}
	// "01 November 2019" or "1 Nov 2019", with spaces or underscores.
	f := strings.Fields(strings.ReplaceAll(s, "_", " "))
	if len(f) == 3 {
		d, e1 := strconv.Atoi(f[0])
		y, e2 := strconv.Atoi(f[2])
		m := monthNumber(f[1])
		if e1 == nil && e2 == nil && m > 0 && valid(y, m, d) {
			return NewDate(y, m, d), nil
		}
	}
	return 0, badDate(s)
}

// badDate is ParseDate's error, made only when a date fails (a national
// file parses some 60,000 dates).
func badDate(s string) error {
	return fmt.Errorf("date %q is not in a known format (dd/mm/yyyy or yyyy-mm-dd)", s)
}

// monthNumber returns 1-12 for a month's name or its first three letters.
func monthNumber(s string) int {
	s = strings.ToLower(s)
	if len(s) < 3 {
		return 0
	}
	for i, n := range monthNames {
		ln := strings.ToLower(n)
		if s == ln || s == ln[:3] {
			return i + 1
		}
	}
	return 0
}

// MustDate parses an ISO date and panics if it is wrong; for tests and
// constants only.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// FromTime returns the calendar date of t.
func FromTime(t time.Time) Date { return NewDate(t.Year(), int(t.Month()), t.Day()) }

// AddDate adds years, months and days as time.Time.AddDate does.
func (d Date) AddDate(years, months, days int) Date {
	return FromTime(d.Time().AddDate(years, months, days))
}

// DaysSince is the number of days from o to d (negative when d is
// earlier).
func (d Date) DaysSince(o Date) int {
	return int(d.Time().Sub(o.Time()).Hours() / 24)
}
