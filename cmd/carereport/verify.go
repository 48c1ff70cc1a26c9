package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/manifest"
)

func cmdVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "verify", "SLUG-manifest.json [-dir DIR] [-outside]\n\n"+
		"Re-hashes the config, inputs and outputs a manifest lists. The config's path,\n"+
		"and the inputs' through it, are taken from -dir (the folder the paper was made\n"+
		"in); the outputs from the manifest's own folder. Exit status 1 when any file\n"+
		"differs, is missing or is refused.")
	dir := fs.String("dir", ".", "the `folder` the paper was made in (the config's path is relative to it)")
	outside := fs.Bool("outside", false, "follow paths that are absolute or lead out of -dir or the manifest's folder")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give one manifest file (SLUG-manifest.json)"}
	}
	name := pos[0]
	b, err := manifest.ReadFile(name)
	if err != nil {
		return err
	}
	m, err := manifest.Parse(name, b)
	if err != nil {
		return err
	}
	out := safeWriter{e.Stdout}
	checks := manifest.Verify(m, manifest.VerifyOptions{Dir: *dir, OutDir: filepath.Dir(name), Outside: *outside})
	bad := 0
	for _, c := range checks {
		if c.Status != manifest.Same {
			bad++
		}
		line := fmt.Sprintf("%-7s %s %s", c.Status, c.What, c.Path)
		if c.Detail != "" {
			line += ": " + c.Detail
		}
		fmt.Fprintln(out, line)
	}
	fmt.Fprintf(out, "%s: made by %s; %d %s checked, %d %s\n", name, m.Program, len(checks),
		report.Plural(len(checks), "file", "files"), bad, report.Plural(bad, "does not match", "do not match"))
	if bad > 0 {
		return fmt.Errorf("%s: %d of %d files do not match (listed above)", name, bad, len(checks))
	}
	return nil
}
