// Package manifest is a paper's provenance: SLUG-manifest.json, written
// beside the paper, names the program that made it, the config and every
// input file with its SHA-256, and every output with its own. Parse reads
// one back with strict limits; Verify re-hashes the files it names and
// says which differ.
//
// A manifest holds no clock time and no path carereport made absolute:
// the same input gives the same bytes.
package manifest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Format is the manifest's format name and version.
const Format = "carereport-manifest/1"

// Manifest is the content of SLUG-manifest.json.
type Manifest struct {
	Format  string `json:"format"`
	Program string `json:"program"`
	// Status is "draft" or "final".
	Status    string `json:"status"`
	Authority string `json:"authority"`
	AsAt      string `json:"as_at"`
	Config    Config `json:"config"`
	// Settings are the config's keys as they resolved (defaults filled,
	// paths as the config gives them); Resolved the dates and areas the
	// run worked out from them and the data.
	Settings map[string]any `json:"settings"`
	Resolved Resolved       `json:"resolved"`
	Inputs   []Input        `json:"inputs"`
	Outputs  []Output       `json:"outputs"`
	// NotHashed names the files not listed in Outputs and why: the
	// manifest itself, which cannot hold its own hash.
	NotHashed map[string]string `json:"not_hashed"`
	// Tables are the ids of the tables computed.
	Tables []string `json:"tables"`
}

// Config is the config file: its path as given on the command line.
type Config struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Resolved are what the run worked out.
type Resolved struct {
	AsAt            string   `json:"as_at"`
	Previous        string   `json:"previous,omitempty"`
	InspectionsFrom string   `json:"inspections_from"`
	InspectionsTo   string   `json:"inspections_to"`
	Comparators     []string `json:"comparators,omitempty"`
	ComparatorLabel string   `json:"comparator_label,omitempty"`
	England         bool     `json:"england"`
	Formats         []string `json:"formats"`
}

// Input is one file the paper was made from.
type Input struct {
	// Key is the config key naming it (data.locations, data.history[2],
	// report.narrative.background, report.reference_docx, ...).
	Key string `json:"key"`
	// Path is as the config gives it, relative to the config's folder.
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// Layout is what the file was recognised as; the rest say what was
	// found in it (absent for files that are not tables of data).
	Layout      string         `json:"layout"`
	Sheet       string         `json:"sheet,omitempty"`
	HeaderRow   int            `json:"header_row,omitempty"`
	AsAt        string         `json:"as_at,omitempty"`
	AsAtFrom    string         `json:"as_at_from,omitempty"`
	RowsRead    *int           `json:"rows_read,omitempty"`
	RowsSkipped *int           `json:"rows_skipped,omitempty"`
	Skipped     map[string]int `json:"skipped,omitempty"`
}

// Output is one file written beside the manifest.
type Output struct {
	// Name is relative to the manifest's folder, with "/" separators.
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Sum is the hex SHA-256 of b.
func Sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Encode writes the manifest as indented JSON with a final newline. Maps
// are written in key order, so equal manifests give equal bytes.
func (m *Manifest) Encode() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
