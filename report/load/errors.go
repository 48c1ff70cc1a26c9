// Package load reads CQC's published files and API records into
// report.Snapshot values: the HSCA Active Locations file (CSV, ODS or
// XLSX), the Latest ratings file, CQC API records as JSON Lines, and a
// council's commissioned list. Every error names the file and, where there
// is one, the row and column.
package load

import (
	"errors"
	"fmt"
	"strings"
)

// Error is a problem with an input file that an officer can act on.
type Error struct {
	File   string
	Sheet  string
	Row    int
	Column string
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, ": sheet %q", e.Sheet)
	}
	if e.Row > 0 {
		if e.Sheet != "" {
			fmt.Fprintf(&b, ": row %d", e.Row)
		} else {
			fmt.Fprintf(&b, ":%d", e.Row)
		}
	}
	b.WriteString(": ")
	if e.Column != "" {
		fmt.Fprintf(&b, "column %q: ", e.Column)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Sentinel errors, for errors.Is.
var (
	ErrNoHeader      = errors.New("no header row found")
	ErrMissingColumn = errors.New("column missing")
	ErrBadValue      = errors.New("bad value")
)

// valueErr is a bad cell value. Its message is only the formatted text
// (interface.md: `column "Care home?": value "Maybe" is not Y or N`),
// yet errors.Is(err, ErrBadValue) holds.
func valueErr(format string, a ...any) error {
	return &badValue{msg: fmt.Sprintf(format, a...)}
}

type badValue struct{ msg string }

func (e *badValue) Error() string        { return e.msg }
func (e *badValue) Is(target error) bool { return target == ErrBadValue }
