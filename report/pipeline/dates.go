package pipeline

import (
	"fmt"
	"path/filepath"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
)

// MaxDateGap is how many days a file's own date may lie from the date the
// config gives it. CQC publishes one file a month, dated on a day early in
// the month that varies, so a paper as at the 1st may be made from a file
// as at the 4th, or from the month before's; a file further away than a
// month is the wrong file (a swapped pair, a year out), and is refused
// whichever key set the date: period.as_at, period.quarter or
// period.previous.
const MaxDateGap = 31

// fileDates are one input file's own dates.
type fileDates struct {
	key  string // the config key naming the file: data.locations, data.history[2]
	file string
	// own is the date the file says it is as at (its title or preamble,
	// else its name); zero if it says none.
	own report.Date
	// newest is the latest publication date of a rating in the file: the
	// file cannot be as at an earlier date.
	newest report.Date
}

// snapshotDates reads a loaded HSCA snapshot's own dates (before the
// pipeline stamps it with the paper's date).
func snapshotDates(key string, s *report.Snapshot) fileDates {
	f := fileDates{key: key, file: s.Source, own: s.AsAt}
	for i := range s.Locations {
		if d := s.Locations[i].Current.Date; d > f.newest {
			f.newest = d
		}
	}
	return f
}

func daysApart(a, b report.Date) int {
	h := a.Time().Sub(b.Time()).Hours() / 24
	if h < 0 {
		h = -h
	}
	return int(h + 0.5)
}

// agree checks that the file can be as at the date at, which the config
// gives it by the key by (period.as_at, period.quarter, period.previous;
// "" when the date is the file's own). The error names the key and the
// file.
func (f fileDates) agree(c *config.Config, at report.Date, by string) error {
	name := filepath.Base(f.file)
	if by == "" {
		by = f.key
	}
	bad := func(format string, a ...any) error {
		return &config.Error{File: c.Path, Key: by, Msg: fmt.Sprintf(format, a...)}
	}
	subject := fmt.Sprintf("%s (%s)", f.key, name)
	if by != f.key {
		if !f.own.IsZero() && daysApart(f.own, at) > MaxDateGap {
			return bad("gives %s the date %s, but the file is as at %s, %d days away (at most %d)",
				subject, at, f.own, daysApart(f.own, at), MaxDateGap)
		}
		if !f.newest.IsZero() && f.newest > at && daysApart(f.newest, at) > MaxDateGap {
			return bad("gives %s the date %s, but the file holds a rating published on %s, later than that", subject, at, f.newest)
		}
		return nil
	}
	if !f.newest.IsZero() && f.newest > at && daysApart(f.newest, at) > MaxDateGap {
		return bad("%s says it is as at %s, but holds a rating published on %s", name, at, f.newest)
	}
	return nil
}

// before checks that the file (previous or history) is older than the
// current one, by the dates the files give themselves when both do.
func (f fileDates) before(c *config.Config, cur fileDates) error {
	if f.own.IsZero() || cur.own.IsZero() || f.own < cur.own {
		return nil
	}
	return &config.Error{File: c.Path, Key: f.key, Msg: fmt.Sprintf("%s is as at %s, not before %s %s (as at %s)",
		filepath.Base(f.file), f.own, cur.key, filepath.Base(cur.file), cur.own)}
}
