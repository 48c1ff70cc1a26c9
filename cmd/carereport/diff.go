package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/paper"
	"github.com/carereport/carereport/report/since"
)

// statusError ends a command with a status of its own: diff's 1 for
// "the papers differ" (nothing printed on stderr) and 2 for trouble, as
// diff(1) does.
type statusError struct {
	code int
	msg  string // "" prints nothing
}

func (s statusError) Error() string { return s.msg }

// errDiffers is diff's "something differs": exit status 1, no message.
var errDiffers = statusError{code: 1}

func cmdDiff(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "diff", "OLD-tables.json NEW-tables.json [-format markdown|json] [-within POINTS]")
	format := fs.String("format", "markdown", "markdown, or json")
	withinFlag := fs.String("within", "", "list a share that moved by at least this many `points` (default: report.similar_within's default, 3)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError{fmt.Sprintf("give two tables JSON files, the earlier paper's first (got %d %s)", len(pos), map[bool]string{true: "argument", false: "arguments"}[len(pos) == 1])}
	}
	if *format != "markdown" && *format != "md" && *format != "json" {
		return usageError{fmt.Sprintf("-format %q: use markdown or json", *format)}
	}
	within := config.DefaultSimilarWithin
	if *withinFlag != "" {
		v, err := strconv.ParseFloat(*withinFlag, 64)
		if err != nil || math.IsNaN(v) || v < 0 || v > 100 {
			return usageError{fmt.Sprintf("-within %q: a number of percentage points from 0 to 100", *withinFlag)}
		}
		within = v
	}
	var in [2]since.Input
	for i, p := range pos {
		set, err := since.Read(p)
		if err != nil {
			return statusError{code: 2, msg: err.Error()}
		}
		in[i] = since.Input{File: p, Set: set}
	}
	ch, err := since.Compare(in[0], in[1], within)
	if err != nil {
		return statusError{code: 2, msg: err.Error()}
	}
	if *format == "json" {
		b, err := json.MarshalIndent(ch, "", "  ")
		if err != nil {
			return statusError{code: 2, msg: err.Error()}
		}
		fmt.Fprintf(e.Stdout, "%s\n", b)
	} else {
		md, err := paper.SinceMarkdown(ch)
		if err != nil {
			return statusError{code: 2, msg: err.Error()}
		}
		e.Stdout.Write(md)
	}
	if ch.Differs() {
		return errDiffers
	}
	return nil
}
