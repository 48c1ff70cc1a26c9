package load

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/carereport/carereport/report"
)

// dateCol reads one column of dates written dd/mm/yyyy, as CQC writes
// them, or mm/dd/yyyy, as a US-locale Excel saves them. Which of the two a
// column holds can only be told from the column as a whole: a value such
// as 05/29/2026 is month-first, 29/05/2026 day-first, and 05/06/2026
// either. So slash dates wait until the column is read: a column with
// month-first values only is read month-first (and says so); one with
// values that can only be read day-first and others that can only be read
// month-first is an error naming the column; values that could be either
// are read day-first, as CQC writes them. ISO dates and dates with a
// month's name are read at once.
type dateCol struct {
	// set stores a date for the i-th location.
	set        func(i int, d report.Date)
	name       string
	pending    []pendingDate
	dayFirst   pendingDate // the first value that must be day-first
	monthFirst pendingDate // the first value that must be month-first
	dayRaw     string      // and how they were written
	monthRaw   string
	hasDay     bool
	hasMonth   bool
}

// pendingDate is a slash date waiting for its column's order; set stores
// it once known.
type pendingDate struct {
	row, i int32
	y      uint16
	a, b   uint8
}

// add reads the value of the i-th location; c.set receives its date now
// or when the column is done.
func (c *dateCol) add(v string, row, i int) error {
	a, b, y, ok := slashParts(v)
	if !ok {
		d, err := report.ParseDate(v)
		if err != nil {
			return err
		}
		c.set(i, d)
		return nil
	}
	switch {
	case a > 12 && b > 12, a < 1, b < 1, y < 1 || y > 9999, a > 31, b > 31:
		return fmt.Errorf("date %q is not in a known format (dd/mm/yyyy or yyyy-mm-dd)", v)
	}
	p := pendingDate{a: uint8(a), b: uint8(b), y: uint16(y), row: int32(row), i: int32(i)}
	switch {
	case a > 12:
		if !c.hasDay {
			c.dayFirst, c.hasDay, c.dayRaw = p, true, strings.Clone(v) // quoted in a message
		}
	case b > 12:
		if !c.hasMonth {
			c.monthFirst, c.hasMonth, c.monthRaw = p, true, strings.Clone(v)
		}
	}
	c.pending = append(c.pending, p)
	return nil
}

// slashParts splits "dd/mm/yyyy" (without a time of day: a time with AM
// or PM already marks a US date, which report.ParseDate reads).
func slashParts(v string) (a, b, y int, ok bool) {
	if strings.Count(v, "/") != 2 {
		return 0, 0, 0, false
	}
	datePart, timePart, _ := strings.Cut(v, " ")
	if up := strings.ToUpper(strings.TrimSpace(timePart)); strings.HasSuffix(up, "AM") || strings.HasSuffix(up, "PM") {
		return 0, 0, 0, false
	}
	p0, rest, _ := strings.Cut(datePart, "/")
	p1, p2, _ := strings.Cut(rest, "/")
	var e1, e2, e3 error
	a, e1 = strconv.Atoi(p0)
	b, e2 = strconv.Atoi(p1)
	y, e3 = strconv.Atoi(p2)
	if e1 != nil || e2 != nil || e3 != nil || len(p2) != 4 {
		return 0, 0, 0, false
	}
	return a, b, y, true
}

// finish sets every waiting date. monthFirst reports that the column was
// read month-first; a column that cannot be read either way, or a value
// that is no date in the column's order, is an error at its row.
func (c *dateCol) finish() (monthFirst bool, row int, err error) {
	if c.hasDay && c.hasMonth {
		return false, int(c.monthFirst.row), fmt.Errorf("the column mixes day-first dates (row %d: %s) and month-first dates (row %d: %s); it cannot be read one way",
			c.dayFirst.row, c.dayRaw, c.monthFirst.row, c.monthRaw)
	}
	monthFirst = c.hasMonth
	for _, p := range c.pending {
		d, m := int(p.a), int(p.b)
		if monthFirst {
			d, m = m, d
		}
		if !report.ValidDate(int(p.y), m, d) {
			return monthFirst, int(p.row), fmt.Errorf("date %q is not in a known format (dd/mm/yyyy or yyyy-mm-dd)", fmt.Sprintf("%02d/%02d/%04d", p.a, p.b, p.y))
		}
		c.set(int(p.i), report.NewDate(int(p.y), m, d))
	}
	c.pending = nil
	return monthFirst, 0, nil
}

// finding says a column of n slash dates was read month-first.
func (c *dateCol) finding(file string, n int) report.Finding {
	return report.Finding{File: file, Row: int(c.monthFirst.row), Kind: "month_first_dates",
		Message: fmt.Sprintf("column %q holds dates that can only be read month-first (e.g. %s), as a US-locale Excel saves them; its %d dates written with slashes are read month-first",
			c.name, c.monthRaw, n)}
}
