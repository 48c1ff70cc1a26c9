package config

import (
	"errors"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/carereport/carereport/report"
)

// withLine adds the line of the key an error names, when the error has
// none: Validate names keys (report.narrative.comentary), the YAML says
// where they are.
func withLine(err error, b []byte) error {
	var ce *Error
	if !errors.As(err, &ce) || ce.Line > 0 || ce.Key == "" {
		return err
	}
	var root yaml.Node
	if yaml.Unmarshal(b, &root) != nil {
		return err
	}
	if n := LineOf(&root, ce.Key); n > 0 {
		ce.Line = n
	}
	return err
}

// LineOf finds the line of a dotted key such as report.narrative.purpose
// or comparators.authorities[2] in a YAML document: the line of the
// deepest part of it that is there (0 if not even the first is).
func LineOf(root *yaml.Node, key string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, part := range strings.Split(key, ".") {
		name, idx := part, -1
		if i := strings.IndexByte(part, '['); i >= 0 && strings.HasSuffix(part, "]") {
			name = part[:i]
			if v, err := strconv.Atoi(part[i+1 : len(part)-1]); err == nil {
				idx = v
			}
		}
		if n.Kind != yaml.MappingNode {
			return line
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == name {
				line = n.Content[i].Line
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return line
		}
		n = next
		if idx >= 0 {
			if n.Kind != yaml.SequenceNode || idx >= len(n.Content) {
				return line
			}
			n = n.Content[idx]
			line = n.Line
		}
	}
	return line
}

// didYouMean is " (did you mean "x"?)" for the candidate nearest in
// spelling to s, when one is close enough to be a likely typo.
func didYouMean(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := report.EditDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean \"" + best + "\"?)"
}
