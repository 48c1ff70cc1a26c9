package report

import "strings"

// JoinAnd writes a list as English does: "A", "A and B", "A, B and C".
func JoinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// IsCQCID reports whether s has the shape of a CQC location or provider
// ID: "1-" then digits (e.g. 1-104456550).
func IsCQCID(s string) bool {
	rest, ok := strings.CutPrefix(s, "1-")
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Plural picks the singular or plural word for n.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// EditDistance is the Levenshtein distance between a and b, ignoring
// case: the number of one-letter changes from one to the other. It
// suggests the nearest spelling of a config key or an authority.
func EditDistance(a, b string) int {
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Located writes a message at its place in a file, as every error of
// carereport's inputs reads: "file:line: key: message" (the line left out
// when 0, the key when empty).
func Located(file string, line int, key, msg string) string {
	var b strings.Builder
	b.WriteString(file)
	if line > 0 {
		b.WriteString(":" + itoa(line))
	}
	b.WriteString(": ")
	if key != "" {
		b.WriteString(key + ": ")
	}
	b.WriteString(msg)
	return b.String()
}
