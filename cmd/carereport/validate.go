package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/paper"
	"github.com/carereport/carereport/report/pipeline"
)

func cmdValidate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "validate", "-config FILE [-format text|json] [-strict] [-authority NAME]")
	cfgPath := fs.String("config", "", "the report's YAML config `file`")
	format := fs.String("format", "text", "text, or json: one JSON object a line (file, row, column, key, kind, message, severity)")
	strict := fs.Bool("strict", false, "fail (exit 1) on any warning too, such as init's placeholder text left in (for CI)")
	authority := fs.String("authority", "", "check the paper of this authority of the data, as generate -authority or batch would make it")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := checkConfigArgs(pos, *cfgPath); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usageError{fmt.Sprintf("-format %q: use text or json", *format)}
	}
	o := validateOpts{strict: *strict, authority: *authority}
	if *format == "json" {
		o.asJSON = true
		err := validate(ctx, &env{Stdout: &findingsJSON{w: e.Stdout}, Stderr: e.Stderr, Getenv: e.Getenv, Version: e.Version}, *cfgPath, o)
		if err != nil {
			var ue usageError
			if !errors.As(err, &ue) {
				// The error that stops the paper is a finding too, last.
				writeJSONLine(e.Stdout, errorFinding(err))
			}
		}
		return err
	}
	return validate(ctx, e, *cfgPath, o)
}

type validateOpts struct {
	asJSON, strict bool
	authority      string
}

// validate checks one config and its data. With asJSON, e.Stdout is a
// *findingsJSON and each finding goes to it whole.
func validate(ctx context.Context, e *env, cfgPath string, o validateOpts) error {
	asJSON := o.asJSON
	c, err := config.Load(cfgPath)
	if err != nil {
		return err
	}
	// Findings quote the data: what a cell holds must not drive the
	// terminal (JSON escapes control characters itself).
	emit := func(f report.Finding) { fmt.Fprintln(e.Stdout, f.String()) }
	emitError := func(err error) { fmt.Fprintln(e.Stdout, oneLine(err.Error())) }
	if fj, ok := e.Stdout.(*findingsJSON); ok {
		emit = fj.finding
		emitError = func(err error) { fj.line(errorFinding(err)) }
	} else {
		e = &env{Stdout: safeWriter{e.Stdout}, Stderr: e.Stderr, Getenv: e.Getenv, StderrIsTerminal: e.StderrIsTerminal, Version: e.Version}
	}
	// Every file the config names, each problem listed, before the data
	// is read.
	if errs := pipeline.CheckFiles(c); len(errs) > 0 {
		for _, err := range errs {
			emitError(err)
		}
		return fmt.Errorf("%s: %d %s the config names %s missing or not of %s kind (listed above)", c.Path, len(errs),
			report.Plural(len(errs), "file", "files"), report.Plural(len(errs), "is", "are"), report.Plural(len(errs), "its", "their"))
	}
	in, err := pipeline.Load(c)
	if err != nil {
		return err
	}
	findings := append([]report.Finding(nil), in.Findings...)
	// One pass over the data gives every authority's counts for both checks.
	as := cqc.Aggregate(in.Current, c.Data.IncludeDormant, cqc.Period{})
	findings = append(findings, dataFindings(c, in, as)...)
	if missing := missingNames(c, as); len(missing) > 0 {
		// List every name the data lacks, not just the first.
		for _, f := range findings {
			emit(f)
		}
		for _, m := range missing {
			if fj, ok := e.Stdout.(*findingsJSON); ok {
				fj.line(jsonFinding{File: c.Path, Key: m.key, Kind: "not_in_data", Message: m.msg, Severity: "error"})
				continue
			}
			fmt.Fprintln(e.Stdout, m.String())
		}
		return fmt.Errorf("%s: %d %s in the config %s not in the data (listed above)", c.Path, len(missing),
			report.Plural(len(missing), "name", "names"), report.Plural(len(missing), "is", "are"))
	}
	plan, err := planFor(c, in, nil, o.authority)
	if err != nil {
		return err
	}
	r := plan.Result
	// The templates and narrative files run against these figures, as
	// generate would run them.
	checked, err := pipeline.Check(plan, in)
	var fe paper.FieldErrors
	if errors.As(err, &fe) {
		for _, f := range findings {
			emit(f)
		}
		for _, m := range fe {
			if fj, ok := e.Stdout.(*findingsJSON); ok {
				fj.line(jsonFinding{File: m[:max(0, strings.Index(m, ":"))], Kind: "template_field", Message: m, Severity: "error"})
				continue
			}
			fmt.Fprintln(e.Stdout, m)
		}
		return fmt.Errorf("%d %s no such field (listed above; %s)", len(fe), report.Plural(len(fe), "template field names", "template fields name"), paper.FieldsHelp)
	}
	if err != nil {
		return err
	}
	findings = append(findings, checked...)
	findings = append(findings, r.Findings...)
	findings = append(findings, pipeline.Placeholders(plan.Config, plan.Config.Report.Narrative)...)
	findings = append(findings, pipeline.OtherAuthorities(plan.Config.Report.Narrative, r.Authority.Name, as.Names())...)
	if r.Commissioned != nil && len(r.Commissioned.Unmatched) > 0 {
		ex := r.Commissioned.Unmatched
		if len(ex) > 5 {
			ex = ex[:5]
		}
		findings = append(findings, report.Finding{File: c.Data.Commissioned, Kind: "commissioned_unmatched",
			Message: fmt.Sprintf("%d of the %d listed Location IDs are not in-scope locations of %s (e.g. %v); they are not counted",
				len(r.Commissioned.Unmatched), r.Commissioned.Listed, r.Authority.Name, ex)})
	}
	for _, f := range findings {
		emit(f)
	}
	if o.strict && len(findings) > 0 {
		return fmt.Errorf("%s: -strict: %d %s (listed above)", c.Path, len(findings), report.Plural(len(findings), "warning", "warnings"))
	}
	if asJSON {
		// The summary, as the last line.
		var b strings.Builder
		summary(&b, r, len(findings))
		e.Stdout.(*findingsJSON).line(jsonFinding{File: c.Path, Kind: "ok", Message: strings.TrimSpace(b.String()), Severity: "info"})
		return nil
	}
	summary(e.Stdout, r, len(findings))
	return nil
}

// summary is validate's last line: what was found, in one sentence.
func summary(w io.Writer, r *cqc.Result, findings int) {
	fmt.Fprintf(w, "ok: %s, %d in-scope locations as at %s", r.Authority.Name, r.Authority.Locations(), r.Opts.AsAt)
	if r.Comparators != nil {
		n, m := len(r.Comparators.Members), r.Comparators.Locations()
		fmt.Fprintf(w, "; %d comparator %s with %d %s", n, report.Plural(n, "authority", "authorities"), m, report.Plural(m, "location", "locations"))
	}
	if r.England != nil {
		fmt.Fprintf(w, "; England %d in %d authorities", r.England.Locations(), r.EnglandAuthorities)
	}
	fmt.Fprintf(w, "; %d %s\n", findings, report.Plural(findings, "finding", "findings"))
}

// dataFindings are checks of the config against the data: dormant
// locations left out and an England column that covers few authorities.
func dataFindings(c *config.Config, in *pipeline.Inputs, as *cqc.Areas) []report.Finding {
	var out []report.Finding
	if !c.Data.IncludeDormant {
		dormant := map[string]int{}
		for i := range in.Current.Locations {
			l := &in.Current.Locations[i]
			if l.AdultSocialCare && l.Dormant {
				dormant[l.LocalAuthority]++
			}
		}
		names := make([]string, 0, len(dormant))
		for n := range dormant {
			names = append(names, n)
		}
		sort.Strings(names)
		total := 0
		for _, n := range names {
			total += dormant[n]
		}
		if total > 0 {
			mine := 0
			for _, n := range names {
				if strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(c.Authority)) {
					mine = dormant[n]
				}
			}
			out = append(out, report.Finding{Kind: "dormant", Message: fmt.Sprintf(
				"%d dormant %s left out (%d of them in %s); set data.include_dormant: true to count them", total, report.Plural(total, "location", "locations"), mine, c.Authority)})
		}
	}
	if c.England && (c.Published == nil || c.Published.England == nil) {
		if n := len(as.Names()); n < 100 {
			out = append(out, report.Finding{Kind: "england_partial", Message: fmt.Sprintf(
				"england: true, but the data covers only %d local %s, so the England column is their total; give published.england counts or use a national file", n, report.Plural(n, "authority", "authorities"))})
		}
	}
	return out
}

// missingNames checks the authority and each comparator against the data
// and describes each one that has no in-scope locations, with the nearest
// spelling the data has.
func missingNames(c *config.Config, as *cqc.Areas) []missingName {
	var out []missingName
	check := func(key, name string, candidates []string) {
		if name == "" {
			return
		}
		msg := (&cqc.NotFoundError{Key: key, Name: name, Nearest: cqc.Nearest(name, candidates)}).Error()
		out = append(out, missingName{file: c.Path, key: key, msg: strings.TrimPrefix(msg, key+": ")})
	}
	if as.Get(c.Authority) == nil {
		check("authority", c.Authority, as.Names())
	}
	for i, n := range c.Comparators.Authorities {
		if as.Get(n) == nil {
			check(fmt.Sprintf("comparators.authorities[%d]", i), n, as.Names())
		}
	}
	if r := c.Comparators.Region; r != "" && len(as.InRegion(r)) == 0 {
		check("comparators.region", r, as.Regions())
	}
	return out
}

// missingName is a name of the config that the data lacks.
type missingName struct{ file, key, msg string }

func (m missingName) String() string { return m.file + ": " + m.key + ": " + m.msg }
