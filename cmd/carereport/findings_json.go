package main

import (
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/load"
)

// jsonFinding is one line of validate -format json. Every field is always
// present, so a CI job can rely on the shape: row 0, column "" and key ""
// when the finding has none. severity is "warning" for what does not stop
// the paper, "error" for what does (validate then exits 1), and "info"
// for the last line, the summary of a check that passed.
type jsonFinding struct {
	File     string `json:"file"`
	Row      int    `json:"row"`
	Column   string `json:"column"`
	Key      string `json:"key"`
	Kind     string `json:"kind"`
	Message  string `json:"message"`
	Severity string `json:"severity"`
}

// findingKeys are the config keys that govern a kind of finding.
var findingKeys = map[string]string{
	"dormant":                "data.include_dormant",
	"england_partial":        "england",
	"as_at_mismatch":         "period.as_at",
	"commissioned_unmatched": "data.commissioned",
}

// findingsJSON is validate's stdout under -format json.
type findingsJSON struct{ w io.Writer }

// Write passes through anything written as text (there should be none).
func (f *findingsJSON) Write(p []byte) (int, error) { return f.w.Write(p) }

func (f *findingsJSON) finding(x report.Finding) {
	f.line(jsonFinding{File: x.File, Row: x.Row, Key: findingKeys[x.Kind], Kind: x.Kind, Message: x.Message, Severity: "warning"})
}

func (f *findingsJSON) line(x jsonFinding) { writeJSONLine(f.w, x) }

func writeJSONLine(w io.Writer, x jsonFinding) {
	b, _ := json.Marshal(x) // strings and ints only: cannot fail
	w.Write(append(b, '\n'))
}

// errorFinding is the error that stopped validate, as a finding with what
// position it carries.
func errorFinding(err error) jsonFinding {
	f := jsonFinding{Kind: "error", Message: oneLine(err.Error()), Severity: "error"}
	var ce *config.Error
	var le *load.Error
	switch {
	case errors.As(err, &ce):
		f.File, f.Row, f.Key, f.Message = ce.File, ce.Line, ce.Key, oneLine(ce.Msg)
		f.Kind = "config"
	case errors.As(err, &le):
		f.File, f.Row, f.Column = le.File, le.Row, le.Column
		f.Kind = "data"
		if le.Err != nil {
			f.Message = oneLine(le.Err.Error())
			if le.Sheet != "" {
				f.Message = "sheet " + le.Sheet + ": " + f.Message
			}
		}
	default:
		// Keep the message whole: it names its file itself.
		f.Message = strings.TrimSpace(f.Message)
	}
	return f
}
