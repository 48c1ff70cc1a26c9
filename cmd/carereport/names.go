package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// splitNames reads the comma-separated list of authorities given to a
// flag (fetch -authority, batch -authorities). Some authorities' names
// hold a comma ("Bournemouth, Christchurch and Poole"): such a name is
// given in double quotes, as in a CSV file:
//
//	-authority '"Bournemouth, Christchurch and Poole",Dorset'
//
// Spaces around each name are dropped, and empty names are skipped.
func splitNames(flag, s string) ([]string, error) {
	r := csv.NewReader(strings.NewReader(s))
	r.TrimLeadingSpace = true
	r.FieldsPerRecord = -1
	var out []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, usageError{fmt.Sprintf("%s %q: %v (a name that holds a comma goes in double quotes: %s)",
				flag, s, csvReason(err), `'"Bournemouth, Christchurch and Poole",Dorset'`)}
		}
		for _, n := range rec {
			if n = strings.TrimSpace(n); n != "" {
				out = append(out, n)
			}
		}
	}
	return out, nil
}

// csvReason is the reason of a CSV error without its line and column,
// which mean nothing in a flag's value.
func csvReason(err error) string {
	if pe, ok := err.(*csv.ParseError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// nameArg writes one authority's name as an item of such a list: quoted
// when it holds a comma or a double quote, as is otherwise.
func nameArg(name string) string {
	if !strings.ContainsAny(name, `,"`) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// joinKnown puts back together a name that was split at its own comma
// because it was not quoted: where a name is not known but it and the
// names after it, joined by ", ", are, they become that one name.
func joinKnown(names []string, known func(string) bool) []string {
	var out []string
	for i := 0; i < len(names); i++ {
		n := names[i]
		if !known(n) {
			for j := len(names); j > i+1; j-- {
				if joined := strings.Join(names[i:j], ", "); known(joined) {
					n, i = joined, j-1
					break
				}
			}
		}
		out = append(out, n)
	}
	return out
}
