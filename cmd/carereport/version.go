package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// versionString names the program that made a paper: the module version,
// the VCS revision it was built from (with ", modified" when the work tree
// had uncommitted changes), and the Go version, as in
//
//	carereport v1.2.0 (2761ea7c0a1b..., modified) go1.26.8
//
// A binary built without VCS stamping (go run, go test, -buildvcs=false)
// says "(devel)" and "no revision". The string is fixed for one binary, so
// a paper's bytes still depend only on its input.
func versionString(bi *debug.BuildInfo, ok bool) string {
	version, revision, modified, goVersion := "", "", false, runtime.Version()
	if ok && bi != nil {
		version = bi.Main.Version
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if version == "" {
		version = "(devel)"
	}
	rev := "no revision"
	if revision != "" {
		rev = revision
		if modified {
			rev += ", modified"
		}
	}
	return clean(fmt.Sprintf("carereport %s (%s) %s", version, rev, goVersion))
}

// clean keeps the string to printable ASCII: it goes into PDF, Word and
// HTML metadata, and the build info is not ours to trust.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '?'
		}
		return r
	}, s)
}

// buildVersion is the running binary's version string.
func buildVersion() string { return versionString(debug.ReadBuildInfo()) }

func cmdVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "version", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", pos[0])}
	}
	_, err = fmt.Fprintln(e.Stdout, e.version())
	return err
}
