package cqc

import "strings"

// councilWords are words a council's own name adds to the name CQC's
// data spells: "Devon County Council" is Devon in the data.
var councilWords = struct{ prefixes, suffixes []string }{
	prefixes: []string{"royal borough of ", "london borough of ", "city and county of ", "county of ", "city of ", "borough of "},
	suffixes: []string{" metropolitan borough council", " metropolitan district council", " borough council", " county council",
		" city council", " district council", " council", " county", " city", " borough", " unitary authority", " ua"},
}

// withoutCouncilWords drops those words, or returns "" when there are
// none to drop.
func withoutCouncilWords(name string) string {
	s := strings.ToLower(strings.Join(strings.Fields(name), " "))
	orig := s
	for changed := true; changed; {
		changed = false
		for _, p := range councilWords.prefixes {
			if t, ok := strings.CutPrefix(s, p); ok && t != "" {
				s, changed = t, true
			}
		}
		for _, x := range councilWords.suffixes {
			if t, ok := strings.CutSuffix(s, x); ok && t != "" {
				s, changed = t, true
			}
		}
	}
	if s == orig {
		return ""
	}
	return s
}
