package report

// Reading says how a loader read one input file, for the paper's
// manifest: what the file was recognised as, the date it gives itself,
// and how many rows it had and left out.
type Reading struct {
	// Layout is what the file was recognised as, e.g. "HSCA Active
	// Locations".
	Layout string
	// Sheet is the sheet read from a workbook ("" for CSV and JSON lines).
	Sheet string
	// HeaderRow is the row of the column names (0 when there is none).
	HeaderRow int
	// AsAt is the as-at date the file gives in its preamble or name (zero
	// when it gives none), and AsAtFrom says which.
	AsAt     Date
	AsAtFrom string
	// Rows counts the data rows (or records) read after the header.
	Rows int
	// Skipped counts the rows left out, by reason.
	Skipped map[string]int
}

// Skip counts one row left out for reason.
func (r *Reading) Skip(reason string) {
	if r == nil {
		return
	}
	if r.Skipped == nil {
		r.Skipped = map[string]int{}
	}
	r.Skipped[reason]++
}

// SkippedRows is the number of rows left out for any reason.
func (r *Reading) SkippedRows() int {
	n := 0
	for _, v := range r.Skipped {
		n += v
	}
	return n
}
