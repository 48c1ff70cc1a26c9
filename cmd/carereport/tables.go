package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/carereport/carereport/report/pipeline"
)

func cmdTables(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "tables", "-config FILE [-format json|csv] [-authority NAME]")
	cfgPath := fs.String("config", "", "the report's YAML config `file`")
	format := fs.String("format", "json", "output format: json or csv")
	authority := fs.String("authority", "", "report on this authority instead of the config's")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := checkConfigArgs(pos, *cfgPath); err != nil {
		return err
	}
	if *format != "json" && *format != "csv" {
		return usageError{fmt.Sprintf("-format %q: use json or csv", *format)}
	}
	c, in, err := loadAll(*cfgPath)
	if err != nil {
		return err
	}
	plan, err := planFor(c, in, nil, *authority)
	if err != nil {
		return err
	}
	set := pipeline.PaperTables(plan.Config, plan.Result)
	if *format == "json" {
		b, err := set.JSON()
		if err != nil {
			return err
		}
		_, err = e.Stdout.Write(b)
		return err
	}
	// CSV: each table under a "# id: title" line, separated by blank lines.
	var b strings.Builder
	for i, t := range set.Tables {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "# %s: %s\n", t.ID, t.Title)
		data, err := t.CSV()
		if err != nil {
			return err
		}
		b.Write(data)
	}
	_, err = fmt.Fprint(e.Stdout, b.String())
	return err
}
