package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/pipeline"
)

func cmdBatch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "batch", "-config FILE -authorities all|NAME,NAME,... [-out DIR] [-jobs N] [-formats LIST] [-draft] [-q]")
	cfgPath := fs.String("config", "", "the YAML config `file` (its settings apply to every authority)")
	list := fs.String("authorities", "", "`all`, or a comma-separated list of authorities (a name that holds a comma in double quotes)")
	out := fs.String("out", "", "output `folder` (default: output.dir of the config)")
	jobs := fs.Int("jobs", runtime.NumCPU(), "authorities to work on at once")
	formats := fs.String("formats", "", "comma-separated `list` of md, html, pdf, docx, csv, json (default: output.formats)")
	quiet := fs.Bool("quiet", false, "no progress line and no summary line (failures still show)")
	fs.BoolVar(quiet, "q", false, "the same as -quiet")
	draft := fs.Bool("draft", false, "mark every paper as a draft (as report.status: draft)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := checkConfigArgs(pos, *cfgPath); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(*list) == "":
		return usageError{"-authorities is required: all, or a list such as Devon,Somerset"}
	case *jobs < 1:
		return usageError{"-jobs must be at least 1"}
	}
	all := strings.EqualFold(strings.TrimSpace(*list), "all")
	var given []string
	if !all {
		if given, err = splitNames("-authorities", *list); err != nil {
			return err
		}
	}
	c, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	if *draft {
		c.Report.Status = "draft"
	}
	run := pipeline.Run{Program: e.version()}
	// Usage errors first, before any data is read.
	fmts, dir, err := outputs(c, *formats, *out)
	if err != nil {
		return err
	}
	in, err := pipeline.Load(c)
	if err != nil {
		return err
	}
	sh := pipeline.Share(c, in)
	var names []string
	if all {
		names = sh.Authorities()
	} else {
		// An authority named with a comma and not quoted comes back
		// whole when the data knows it.
		names = joinKnown(given, func(n string) bool { return sh.Cur.Get(n) != nil })
	}
	names, err = batchNames(names, sh)
	if err != nil {
		return err
	}
	// The budget bounds the memory live in the papers in flight; a soft
	// limit on the heap stops garbage piling up over it when the
	// collector falls behind (as it does with many cores' worth of
	// goroutines on a busy machine). GOMEMLIMIT, if set, wins.
	if e.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(batchMemoryLimit))
	}
	failures := make([]string, len(names))
	bar := newProgressLine(e.Stderr, !*quiet && e.StderrIsTerminal, "papers", nil)
	var (
		barMu          sync.Mutex
		nDone, nFailed int
	)
	step := func(name string, failed bool) {
		barMu.Lock()
		defer barMu.Unlock()
		nDone++
		if failed {
			nFailed++
		}
		bar.set(progressState{Label: name, Done: nDone, Total: len(names), Failed: nFailed})
	}
	bar.set(progressState{Total: len(names)})
	work := make(chan int)
	budget, est := pipeline.NewBudget(pipeline.BatchBudget), pipeline.PaperEstimate(fmts)
	var wg sync.WaitGroup
	for range min(*jobs, len(names)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				if err := ctx.Err(); err != nil {
					failures[i] = err.Error()
					step(names[i], true)
					continue
				}
				// -jobs bounds the papers made at once by cores, the
				// budget by memory.
				n, err := budget.Acquire(ctx, est)
				if err != nil {
					failures[i] = err.Error()
					step(names[i], true)
					continue
				}
				if err := batchPaper(c, in, sh, names[i], fmts, dir, run); err != nil {
					failures[i] = oneLine(err.Error())
				}
				budget.Release(n)
				step(names[i], failures[i] != "")
			}
		}()
	}
	for i := range names {
		work <- i
	}
	close(work)
	wg.Wait()
	bar.finish()
	// Names come from the data or the command line: control characters
	// in them are shown escaped, not sent to the terminal.
	msgs := safeWriter{e.Stderr}
	failed := 0
	for i, f := range failures {
		if f != "" {
			failed++
			fmt.Fprintf(msgs, "carereport batch: %s: %s\n", names[i], f)
		}
	}
	if !*quiet {
		fmt.Fprintf(msgs, "batch: %d authorities, %d written to %s, %d failed\n", len(names), len(names)-failed, dir, failed)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d authorities failed", failed, len(names))
	}
	return nil
}

// batchMemoryLimit is the soft limit on the memory of a batch run: the
// data (a national file takes 30-90 MB), pipeline.BatchBudget for the
// papers in flight, and room for garbage, within the 300 MB target.
const batchMemoryLimit = 192 << 20

// batchPaper is batchOne; tests count the papers in flight.
var batchPaper = batchOne

// batchOne computes, renders and writes one authority's files.
func batchOne(c *config.Config, in *pipeline.Inputs, sh *pipeline.Shared, name string, fmts []string, dir string, run pipeline.Run) error {
	if sh.Cur.Get(name) == nil {
		return fmt.Errorf("no adult social care locations in the data%s", suggestion(name, sh.Authorities()))
	}
	plan, err := pipeline.PlanFor(c, in, sh, name)
	if err != nil {
		return err
	}
	files, err := pipeline.Paper(plan, in, fmts, run)
	if err != nil {
		return err
	}
	return pipeline.WriteAtomic(dir, files)
}

func suggestion(name string, names []string) string {
	if n := cqc.Nearest(name, names); n != "" {
		return fmt.Sprintf(" (did you mean %q?)", n)
	}
	return ""
}

// batchNames checks a batch's list before anything is written: a name
// given twice (in any spelling of the same authority) is kept once; two
// authorities whose files would have the same name ("St Helens" and "St.
// Helens" are both st-helens) are an error naming both, as is a name with
// no letters to make a file name from.
func batchNames(names []string, sh *pipeline.Shared) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	bySlug := map[string]string{}
	for _, n := range names {
		spelt := n
		if a := sh.Cur.Get(n); a != nil {
			spelt = a.Name
		}
		k := report.NameKey(spelt)
		if seen[k] {
			continue
		}
		seen[k] = true
		slug := config.Slug(spelt)
		if slug == "" {
			return nil, fmt.Errorf("%q has no letters to make a file name from", spelt)
		}
		if other, clash := bySlug[slug]; clash {
			return nil, fmt.Errorf("%q and %q would both be written as %s.*: report on them in separate runs (or separate -out folders)", other, spelt, slug)
		}
		bySlug[slug] = spelt
		out = append(out, n)
	}
	return out, nil
}
