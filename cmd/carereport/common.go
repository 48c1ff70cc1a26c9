package main

import (
	"errors"
	"fmt"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/pipeline"
)

// checkConfigArgs is the usage check of the commands that take -config
// and nothing else.
func checkConfigArgs(pos []string, cfgPath string) error {
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", pos[0])}
	}
	if cfgPath == "" {
		return usageError{"-config is required"}
	}
	return nil
}

// loadAll reads the config and every data file it names.
func loadAll(cfgPath string) (*config.Config, *pipeline.Inputs, error) {
	c, err := config.Load(cfgPath)
	if err != nil {
		return nil, nil, err
	}
	in, err := pipeline.Load(c)
	if err != nil {
		return nil, nil, err
	}
	return c, in, nil
}

// outputs returns the formats and folder to write: the flags' values
// where given, else the config's.
func outputs(c *config.Config, formatsFlag, outFlag string) ([]string, string, error) {
	fmts := c.Output.Formats
	if formatsFlag != "" {
		fmts = splitList(formatsFlag)
		if err := config.CheckFormats(fmts); err != nil {
			return nil, "", usageError{"-formats: " + err.Error()}
		}
	}
	dir := c.Output.Dir
	if outFlag != "" {
		dir = outFlag
	}
	return fmts, dir, nil
}

// planFor is pipeline.PlanFor, with an authority the data lacks reported
// as a usage error of -authority.
func planFor(c *config.Config, in *pipeline.Inputs, sh *pipeline.Shared, authority string) (*pipeline.Plan, error) {
	p, err := pipeline.PlanFor(c, in, sh, authority)
	var nf *cqc.NotFoundError
	if errors.As(err, &nf) && authority != "" && !report.SameName(authority, c.Authority) && nf.Name == authority {
		msg := fmt.Sprintf("-authority %q has no adult social care locations in the data", authority)
		if nf.Nearest != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", nf.Nearest)
		}
		return nil, usageError{msg}
	}
	return p, err
}
