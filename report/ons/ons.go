// Package ons holds the Office for National Statistics (ONS) data carereport
// ships: mid-year population estimates of England's upper-tier authorities
// (counties, unitary authorities, metropolitan districts and London
// boroughs: the councils with adult social care duties) by age band, and,
// in the boundaries package below it, their generalised boundaries.
//
// The figures are ONS's, copied from their workbooks by
// scripts/ons/extract_population.py (SOURCES.md names every file, its
// repository, commit and sha256). Nothing is estimated here: a year or
// authority the file does not hold is reported as not found.
package ons

import (
	"strings"

	"github.com/carereport/carereport/report"
)

// Attribution is the notice the Open Government Licence asks for, to be
// printed wherever the population figures are used.
const Attribution = "Source: Office for National Statistics licensed under the Open Government Licence v3.0"

// EnglandCode is ONS's code for England, whose row holds the national figures.
const EnglandCode = "E92000001"

// aliases maps other spellings of an authority (as NameKey keys) to the
// spelling ONS uses. CQC's "Location Local Authority" mostly follows ONS;
// these are the known differences, and common short forms councils use.
// Only exact names are mapped: no fuzzy matching, so a misspelling stays
// not found.
var aliases = map[string]string{
	"bristol":                            "Bristol, City of",
	"city of bristol":                    "Bristol, City of",
	"herefordshire":                      "Herefordshire, County of",
	"county of herefordshire":            "Herefordshire, County of",
	"kingston upon hull":                 "Kingston upon Hull, City of",
	"city of kingston upon hull":         "Kingston upon Hull, City of",
	"hull":                               "Kingston upon Hull, City of",
	"durham":                             "County Durham",
	"st helens":                          "St. Helens",
	"saint helens":                       "St. Helens",
	"southend":                           "Southend-on-Sea",
	"southend on sea":                    "Southend-on-Sea",
	"stockton on tees":                   "Stockton-on-Tees",
	"stoke on trent":                     "Stoke-on-Trent",
	"bournemouth christchurch and poole": "Bournemouth, Christchurch and Poole",
	"bcp":                                "Bournemouth, Christchurch and Poole",
	"city of york":                       "York",
	"city of westminster":                "Westminster",
	"england":                            "England",
}

// Canonical returns the ONS spelling of an authority name, as a NameKey:
// case and runs of spaces do not matter, and the aliases above are mapped
// to ONS's own name. A name ONS does not use and no alias knows is
// returned as its NameKey, which then matches nothing.
func Canonical(name string) string {
	k := report.NameKey(name)
	if a, ok := aliases[k]; ok {
		return report.NameKey(a)
	}
	return k
}

// Aliases returns the alias table as other spelling -> ONS name, for
// documentation and tests.
func Aliases() map[string]string {
	out := make(map[string]string, len(aliases))
	for k, v := range aliases {
		out[k] = v
	}
	return out
}

// validCode reports whether s looks like a GSS code: a capital letter, then
// eight digits.
func validCode(s string) bool {
	if len(s) != 9 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	return strings.Trim(s[1:], "0123456789") == ""
}
