package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/pipeline"
)

func cmdGenerate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "generate", "-config FILE [-out DIR] [-formats md,html,pdf,docx,csv,json] [-authority NAME] [-draft]")
	cfgPath := fs.String("config", "", "the report's YAML config `file`")
	out := fs.String("out", "", "output `folder` (default: output.dir of the config)")
	formats := fs.String("formats", "", "comma-separated `list` of md, html, pdf, docx, csv, json (default: output.formats)")
	authority := fs.String("authority", "", "report on this authority instead of the config's")
	quiet := fs.Bool("quiet", false, "print nothing on success")
	draft := fs.Bool("draft", false, "mark the paper as a draft (as report.status: draft)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	// Messages name the authority as the data spells it: control
	// characters in it are shown escaped, not sent to the terminal.
	e = &env{Stdout: safeWriter{e.Stdout}, Stderr: safeWriter{e.Stderr}, Getenv: e.Getenv, StderrIsTerminal: e.StderrIsTerminal, Version: e.Version}
	if err := checkConfigArgs(pos, *cfgPath); err != nil {
		return err
	}
	c, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	if *draft {
		c.Report.Status = "draft"
	}
	// Usage errors first, before any data is read.
	fmts, dir, err := outputs(c, *formats, *out)
	if err != nil {
		return err
	}
	in, err := pipeline.Load(c)
	if err != nil {
		return err
	}
	// Another authority of the data is reported on as a batch would: its
	// own title, the comparator group less itself (or its region), and no
	// commissioned list (that is the config authority's own).
	plan, err := planFor(c, in, nil, *authority)
	if err != nil {
		return err
	}
	r := plan.Result
	files, err := pipeline.Paper(plan, in, fmts, pipeline.Run{Program: e.version()})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := pipeline.WriteAtomic(dir, files); err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	if !*quiet {
		printWritten(safeWriter{e.Stdout}, files, r.Authority.Name, dir)
	}
	return nil
}

// splitList splits "a, b,c" into its items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
