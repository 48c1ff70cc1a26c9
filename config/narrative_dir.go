package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/carereport/carereport/report"
)

// OfficersFile is the file of a narrative_dir folder that lists that
// authority's officers to contact.
const OfficersFile = "officers.yaml"

// NarrativeFor is the narrative files and officers of one authority's
// paper. The config's own authority has report.narrative and
// report.officers; any other authority has none of them, never the
// config authority's text. With report.narrative_dir, the folder named
// by the authority's slug adds its SECTION.md files and its
// officers.yaml (which replaces report.officers); a missing folder adds
// nothing. A file named for no section of the style, or a section given
// both in the config and in the folder, is an error naming the file.
func (c *Config) NarrativeFor(authority string) (map[string]string, []Officer, error) {
	narr := map[string]string{}
	var officers []Officer
	if authority == "" || report.SameName(authority, c.Authority) {
		for k, v := range c.Report.Narrative {
			narr[k] = v
		}
		officers = c.Report.Officers
	}
	if c.Report.NarrativeDir == "" {
		return narr, officers, nil
	}
	if authority == "" {
		authority = c.Authority
	}
	dir := filepath.Join(c.Report.NarrativeDir, Slug(authority))
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return narr, officers, nil
	}
	if err != nil {
		return nil, nil, &Error{File: c.Path, Key: "report.narrative_dir", Msg: fmt.Sprintf("%s: %v", dir, unwrapPathError(err))}
	}
	ids := StyleSections[c.Report.Style]
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(dir, n)
		switch {
		case strings.HasPrefix(n, "."):
			continue
		case n == OfficersFile:
			o, err := readOfficers(p)
			if err != nil {
				return nil, nil, err
			}
			officers = o
		case strings.HasSuffix(n, ".md"):
			id := strings.TrimSuffix(n, ".md")
			if !contains(ids, id) {
				return nil, nil, &Error{File: p, Msg: fmt.Sprintf("%q is not a section of the %s style (its sections: %s)%s", id, c.Report.Style, strings.Join(ids, ", "), didYouMean(id, ids))}
			}
			if old, ok := narr[id]; ok {
				return nil, nil, &Error{File: p, Msg: fmt.Sprintf("section %s is given twice: here and by report.narrative.%s (%s)", id, id, old)}
			}
			narr[id] = p
		}
	}
	return narr, officers, nil
}

// readOfficers reads an officers.yaml: a list of officers, strictly.
func readOfficers(p string) ([]Officer, error) {
	b, err := ReadLimited(p, MaxFile)
	if err != nil {
		return nil, err
	}
	var out []Officer
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&out); err != nil && !errors.Is(err, io.EOF) {
		e := yamlError(p, err)
		var ce *Error
		if errors.As(e, &ce) && strings.Contains(ce.Msg, "config.Officer") {
			ce.Msg = strings.ReplaceAll(ce.Msg, "config.Officer", "an officer")
		}
		return nil, e
	}
	return out, nil
}
