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
	name       string
	pending    []pendingDate
	dayFirst   pendingDate // the first value that must be day-first
	monthFirst pendingDate // the first value that must be month-first
	hasDay     bool
	hasMonth   bool
}

// pendingDate is a slash date waiting for its column's order; set stores
// it once known.
type pendingDate struct {
	a, b, y int
	row     int
	raw     string
	set     func(report.Date)
}

// add reads one value; set receives the date now or when the column is
// done.
func (c *dateCol) add(v string, row int, set func(report.Date)) error {
	a, b, y, ok := slashParts(v)
	if !ok {
		d, err := report.ParseDate(v)
		if err != nil {
			return err
		}
		set(d)
		return nil
	}
	p := pendingDate{a: a, b: b, y: y, row: row, raw: v, set: set}
	switch {
	case a > 12 && b > 12, a < 1, b < 1:
		return fmt.Errorf("date %q is not in a known format (dd/mm/yyyy or yyyy-mm-dd)", v)
	case a > 12:
		if !c.hasDay {
			c.dayFirst, c.hasDay = p, true
		}
	case b > 12:
		if !c.hasMonth {
			c.monthFirst, c.hasMonth = p, true
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
		return false, c.monthFirst.row, fmt.Errorf("the column mixes day-first dates (row %d: %s) and month-first dates (row %d: %s); it cannot be read one way",
			c.dayFirst.row, c.dayFirst.raw, c.monthFirst.row, c.monthFirst.raw)
	}
	monthFirst = c.hasMonth
	for _, p := range c.pending {
		d, m := p.a, p.b
		if monthFirst {
			d, m = p.b, p.a
		}
		date, err := report.ParseDate(fmt.Sprintf("%04d-%02d-%02d", p.y, m, d))
		if err != nil {
			return monthFirst, p.row, fmt.Errorf("date %q is not in a known format (dd/mm/yyyy or yyyy-mm-dd)", p.raw)
		}
		p.set(date)
	}
	c.pending = nil
	return monthFirst, 0, nil
}

// finding says a column of n slash dates was read month-first.
func (c *dateCol) finding(file string, n int) report.Finding {
	return report.Finding{File: file, Row: c.monthFirst.row, Kind: "month_first_dates",
		Message: fmt.Sprintf("column %q holds dates that can only be read month-first (e.g. %s), as a US-locale Excel saves them; its %d dates written with slashes are read month-first",
			c.name, c.monthFirst.raw, n)}
}
