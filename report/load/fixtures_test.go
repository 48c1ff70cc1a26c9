package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/carereport/carereport/report"
)

// Short names for the HSCA columns the fixtures fill in.
const (
	fDom   = "Service type - Domiciliary care service"
	fRes   = "Service type - Care home service without nursing"
	fOlder = "Service user band - Older People"
	fYA    = "Service user band - Younger Adults"
	fLD    = "Service user band - Learning disabilities or autistic spectrum disorder"
	fType  = "Location Type/Sector"
)

// fixtureCols is a subset of the real header, in the real order, with
// columns the loader ignores mixed in.
var fixtureCols = []string{
	colID, colStart, colDormant, colCareHome, colName, "Location ODS Code", colBeds, fType,
	colDirectorate, colRating, colPublished, "Inherited Rating (Y/N)", colRegion, colLA,
	"Provider ID", "Provider Name", colNursing, fRes, fDom, colExtraCare, fOlder, fYA, fLD,
	colDual, "Primary ID (Dual registration locations)",
}

// hrow is one fixture row: column name to value; missing columns are
// blank.
type hrow map[string]string

// asc returns a typical adult social care row.
func asc(id, la, careHome, rating string) hrow {
	return hrow{colID: id, colLA: la, colCareHome: careHome, colRating: rating,
		colDirectorate: "Adult social care", colDormant: "N", fType: "Social Care Org",
		colRegion: "East Midlands", colName: "Location " + id, colStart: "01/10/2010"}
}

// with returns a copy of r with the given column/value pairs set.
func (r hrow) with(kv ...string) hrow {
	out := hrow{}
	for k, v := range r {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// hscaCSV writes a preamble (one cell a line), a header of cols and rows
// as CSV.
func hscaCSV(t testing.TB, preamble []string, cols []string, rows ...hrow) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, p := range preamble {
		if err := w.Write([]string{p}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Write(cols); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		rec := make([]string, len(cols))
		for i, c := range cols {
			rec[i] = r[c]
		}
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return b.Bytes()
}

// realPreamble is the preamble of recent HSCA files: the header is on
// row 7.
var realPreamble = []string{
	"Care directory with filters",
	"Source: CQC database as at 01 November 2019",
	"",
	"Notes: this file lists active locations",
	"",
	"",
}

// readBytes loads an HSCA CSV held in memory under the given file name.
func readBytes(file string, data []byte) (*report.Snapshot, error) {
	return readHSCA(newCSVRows(file, data), file, "")
}

// writeFile writes data under dir/name and returns the path.
func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// loadErr asserts err is a *Error and returns it.
func loadErr(t *testing.T, err error) *Error {
	t.Helper()
	if err == nil {
		t.Fatal("want an error, got none")
	}
	var le *Error
	if !errors.As(err, &le) {
		t.Fatalf("error %T %q is not a *load.Error", err, err)
	}
	return le
}
