package report

import "strings"

// NameKey is the one way authority (and region) names are compared: case
// and runs of spaces do not matter, so "St Helens", "st  helens" and
// " ST HELENS" are one authority. Punctuation does matter: the data's own
// spelling is the key ("St. Helens" is another name).
func NameKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// SameName reports whether two names are one authority by NameKey.
func SameName(a, b string) bool { return NameKey(a) == NameKey(b) }
