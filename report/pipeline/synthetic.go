package pipeline

import (
	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// SyntheticColumn is the last column of every CSV table made from
// synthetic data (report.synthetic: true), "yes" on each row: a CSV
// file has no place for a note that keeps it one table for a
// spreadsheet, so the mark is a column of its own.
const SyntheticColumn = "synthetic_data"

// PaperTables is the tables JSON of a paper: TableSet, marked
// "synthetic": true when the config says the data is invented.
func PaperTables(c *config.Config, r *cqc.Result) *report.TableSet {
	set := TableSet(r)
	set.Synthetic = c.Report.Synthetic
	return set
}

// csvTable is t as its CSV file shows it: with the synthetic_data column
// when the data is invented.
func csvTable(c *config.Config, t *report.Table) *report.Table {
	if !c.Report.Synthetic {
		return t
	}
	m := &report.Table{ID: t.ID, Title: t.Title, Columns: append(append([]string(nil), t.Columns...), SyntheticColumn)}
	for _, r := range t.Rows {
		row := append(append(make([]report.Cell, 0, len(t.Columns)+1), r...), report.Str("yes"))
		for len(row) < len(m.Columns)-1 {
			row = append(row, report.Null())
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}
