// Package sheet defines a stream of spreadsheet rows shared by the CSV, ODS and XLSX readers.
package sheet

import "errors"

import "strings"

// Rows streams the rows of one sheet.
type Rows interface {
	// Next returns the next non-empty row's cell texts, with trailing empty cells dropped,
	// and its 1-based row number in the sheet (empty rows are skipped but counted).
	// It returns io.EOF after the last row.
	//
	// The returned slice belongs to the reader and may be overwritten by the
	// next call to Next; the strings in it are ordinary immutable strings.
	// A caller that keeps the row must copy the slice (not the strings).
	Next() (cells []string, row int, err error)
	// Close releases the file and any background work. It is safe to call
	// more than once and before the last row has been read.
	Close() error
}

// Limits guard against zip bombs and runaway files. A zero or negative
// field means "use the default" for that field (see DefaultLimits), never
// "unlimited".
type Limits struct {
	// MaxUncompressed caps the uncompressed size, in bytes, of the XML part
	// that holds the sheet, both as declared in the zip directory and as
	// actually inflated.
	MaxUncompressed int64
	// MaxRows caps the 1-based row number of any non-empty row.
	MaxRows int
	// MaxCols caps the 1-based column number of any non-empty cell.
	MaxCols int
}

// Default values used by DefaultLimits and Limits.WithDefaults.
const (
	DefaultMaxUncompressed int64 = 2 << 30 // 2 GiB
	DefaultMaxRows               = 2_000_000
	DefaultMaxCols               = 16_384
)

// DefaultLimits returns limits comfortably above the largest CQC files:
// 2 GiB of XML, 2,000,000 rows and 16,384 columns.
func DefaultLimits() Limits {
	return Limits{
		MaxUncompressed: DefaultMaxUncompressed,
		MaxRows:         DefaultMaxRows,
		MaxCols:         DefaultMaxCols,
	}
}

// WithDefaults returns l with every zero or negative field replaced by its default.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits()
	if l.MaxUncompressed <= 0 {
		l.MaxUncompressed = d.MaxUncompressed
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxCols <= 0 {
		l.MaxCols = d.MaxCols
	}
	return l
}

// MatchName reports whether a sheet name matches a wanted one: case-insensitive, treating '_' and ' ' alike, spaces trimmed.
func MatchName(got, want string) bool {
	return strings.EqualFold(normName(got), normName(want))
}

// normName trims surrounding spaces and turns underscores into spaces.
func normName(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", " "))
	return s
}

// ErrNoSheet is wrapped by the error of a workbook that has no sheet of
// the names asked for, so that a caller can take an optional sheet (the
// Latest ratings file's Providers) as absent.
var ErrNoSheet = errors.New("no such sheet")

// NoSheetError is the error of a workbook without the sheet asked for:
// its message says which sheets it has, and it is ErrNoSheet.
type NoSheetError struct{ Msg string }

func (e *NoSheetError) Error() string { return e.Msg }

// Is makes errors.Is(err, ErrNoSheet) true.
func (e *NoSheetError) Is(target error) bool { return target == ErrNoSheet }
