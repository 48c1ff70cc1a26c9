package pipeline

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/render/docx"
)

// PlaceholderMark marks the text init writes for officers to replace, in
// the config (a YAML comment) and in each narrative file (a template
// comment, which prints nothing): validate reports each one still there.
const PlaceholderMark = "carereport:placeholder"

// CheckFiles checks the files the config names beyond the data (which
// Load reads): each is there and of its kind. It returns every problem at
// once, each naming the key.
func CheckFiles(c *config.Config) []error {
	var errs []error
	bad := func(key, format string, a ...any) {
		errs = append(errs, &config.Error{File: c.Path, Key: key, Msg: fmt.Sprintf(format, a...)})
	}
	isDir := func(key, p string) bool {
		st, err := os.Stat(p)
		switch {
		case err != nil:
			bad(key, "%s: %v", p, unwrap(err))
		case !st.IsDir():
			bad(key, "%s is not a folder", p)
		default:
			return true
		}
		return false
	}
	isFile := func(key, p string) bool {
		st, err := os.Stat(p)
		switch {
		case err != nil:
			bad(key, "%s: %v", p, unwrap(err))
		case !st.Mode().IsRegular():
			bad(key, "%s is not a file", p)
		default:
			return true
		}
		return false
	}
	if p := c.Report.ReferenceDocx; p != "" && isFile("report.reference_docx", p) {
		// The Word writer reads it as generate would: a document that
		// is not a Word file fails here, not at generate.
		if _, err := docx.LoadTemplate(p, filepath.Base(p)); err != nil {
			bad("report.reference_docx", "%v", err)
		}
	}
	if p := c.Report.Templates; p != "" {
		isDir("report.templates", p)
	}
	if p := c.Report.NarrativeDir; p != "" {
		isDir("report.narrative_dir", p)
	}
	if p := c.Report.PreviousPaper; p != "" {
		isFile("report.previous_paper", p)
	}
	keys := make([]string, 0, len(c.Report.Narrative))
	for k := range c.Report.Narrative {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		isFile("report.narrative."+k, c.Report.Narrative[k])
	}
	return errs
}

func unwrap(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// Placeholders lists init's placeholder text still in the config and in
// the narrative files of a paper.
func Placeholders(c *config.Config, narrative map[string]string) []report.Finding {
	var out []report.Finding
	scan := func(path, what string) {
		b, err := config.ReadLimited(path, config.MaxFile)
		if err != nil {
			return // reported elsewhere
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(make([]byte, 64<<10), config.MaxFile)
		for n := 1; sc.Scan(); n++ {
			if strings.Contains(sc.Text(), PlaceholderMark) {
				out = append(out, report.Finding{File: path, Row: n, Kind: "placeholder",
					Message: fmt.Sprintf("%s still holds init's placeholder text: replace it with your own and delete the %s mark", what, PlaceholderMark)})
				if what != "the config" {
					return // one finding for a narrative file
				}
			}
		}
	}
	if c.Path != "" {
		scan(c.Path, "the config")
	}
	keys := make([]string, 0, len(narrative))
	for k := range narrative {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		scan(narrative[k], "narrative section "+k)
	}
	return out
}

// OtherAuthorities warns of a narrative file that names an authority of
// the data other than the paper's: text written for one authority that
// reached another's paper.
func OtherAuthorities(narrative map[string]string, authority string, names []string) []report.Finding {
	var out []report.Finding
	keys := make([]string, 0, len(narrative))
	for k := range narrative {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var res []*regexp.Regexp
	var others []string
	for _, n := range names {
		if report.SameName(n, authority) || strings.TrimSpace(n) == "" {
			continue
		}
		// A whole-word match, not part of the paper's own name
		// ("Devon" is not named by "North Devon" in Devon's paper).
		if strings.Contains(strings.ToLower(authority), strings.ToLower(n)) {
			continue
		}
		res = append(res, regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(n)+`\b`))
		others = append(others, n)
	}
	for _, k := range keys {
		b, err := config.ReadLimited(narrative[k], config.MaxFile)
		if err != nil {
			continue
		}
		var named []string
		for i, re := range res {
			if re.Match(b) {
				named = append(named, others[i])
			}
		}
		if len(named) > 0 {
			out = append(out, report.Finding{File: narrative[k], Kind: "other_authority",
				Message: fmt.Sprintf("names %s, but the paper is %s's: check the text is meant for %s", report.JoinAnd(quoteAll(named)), authority, authority)})
		}
	}
	return out
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}
