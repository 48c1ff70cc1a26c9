package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/fetch"
)

// keyEnv names the environment variable that holds the CQC API key.
const keyEnv = "CQC_SUBSCRIPTION_KEY"

func cmdFetch(ctx context.Context, e *env, args []string) (err error) {
	// Every message, usage errors included, and the error returned, has
	// the key taken out (in any form a server could echo it in) and
	// control characters escaped.
	red := fetch.NewRedactor(e.Getenv(keyEnv))
	progressOut := e.Stderr
	e = &env{Stdout: msgWriter{e.Stdout, red}, Stderr: msgWriter{e.Stderr, red}, Getenv: e.Getenv, StderrIsTerminal: e.StderrIsTerminal, Version: e.Version}
	defer func() { err = redactErr(red, err) }()
	fs := newFlagSet(e, "fetch", "-authority NAME[,NAME...] -out FILE.jsonl [-base-url URL] [-rate N] [-jobs N] [-timeout D] [-providers] [-all-sectors] [-q]\n\n"+
		"Downloads the CQC API records of every adult social care location in the\n"+
		"authorities into FILE.jsonl. The key is read from "+keyEnv+".\n"+
		"An unfinished run leaves FILE.jsonl.part; run the same command again to resume.")
	authority := fs.String("authority", "", "local `authorities`, comma-separated, as the CQC spells them; a name that holds a comma in double quotes")
	out := fs.String("out", "", "the JSONL `file` to write")
	baseURL := fs.String("base-url", fetch.DefaultBaseURL, "the CQC API's base `URL`")
	rate := fs.Float64("rate", fetch.DefaultRate, "at most `N` requests a second")
	jobs := fs.Int("jobs", fetch.DefaultJobs, "fetch `N` records at once")
	timeout := fs.Duration("timeout", fetch.DefaultTimeout, "give up on one request after `D`")
	attempts := fs.Int("max-attempts", fetch.DefaultMaxAttempts, "try each request at most `N` times")
	quiet := fs.Bool("quiet", false, "no progress line and no summary line (errors and warnings still show)")
	fs.BoolVar(quiet, "q", false, "the same as -quiet")
	providers := fs.Bool("providers", false, "also fetch the provider record of every provider of the locations (an NHS trust's own ratings, the providers' names)")
	allSectors := fs.Bool("all-sectors", false, "every location of the authorities, not only adult social care (GP practices, hospitals ...: for the health section)")
	refresh := fs.Bool("refresh", false, "fetch every record again, replacing -out (by default records already in it are kept and skipped)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", pos[0])}
	}
	auths, err := splitNames("-authority", *authority)
	if err != nil {
		return err
	}
	switch {
	case len(auths) == 0:
		return usageError{"-authority is required"}
	case *out == "":
		return usageError{"-out is required"}
	case !(*rate > 0):
		return usageError{fmt.Sprintf("-rate %v: must be more than 0", *rate)}
	case *jobs < 1:
		return usageError{fmt.Sprintf("-jobs %d: must be at least 1", *jobs)}
	case *timeout <= 0:
		return usageError{fmt.Sprintf("-timeout %v: must be more than 0", *timeout)}
	case *attempts < 1:
		return usageError{fmt.Sprintf("-max-attempts %d: must be at least 1", *attempts)}
	}
	// Before any request, and before the key is even read: the key goes
	// over plain http only to this machine.
	if err := fetch.CheckBaseURL(*baseURL); err != nil {
		return usageError{fmt.Sprintf("-base-url %s: %v", *baseURL, err)}
	}

	key := strings.TrimSpace(e.Getenv(keyEnv))
	if key == "" {
		return fmt.Errorf("%s is not set: get a free key from the CQC API portal and put it in that environment variable", keyEnv)
	}

	opt := fetch.Options{
		BaseURL:     *baseURL,
		Key:         key,
		Rate:        *rate,
		Jobs:        *jobs,
		Timeout:     *timeout,
		MaxAttempts: *attempts,
		BackoffBase: backoffBase,
		Refresh:     *refresh,
		Providers:   *providers,
		AllSectors:  *allSectors,
	}
	bar := newProgressLine(progressOut, e.StderrIsTerminal && !*quiet, "records", func(s string) string { return termSafe(red.String(s)) })
	opt.Progress = func(p fetch.Progress) {
		st := progressState{Done: p.Done, Total: p.Total, Failed: p.Failed, Retries: p.Retries,
			RateLimited: p.RateLimited, PausedUntil: p.PausedUntil}
		if p.Listing != "" {
			st.Label = "listing " + p.Listing
		}
		bar.set(st)
	}
	// The folder of -out is made if it is not there (init's starter
	// points data.api into a data/ folder that fetch fills).
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return fmt.Errorf("-out %s: %w", *out, err)
	}
	sum, err := fetch.Fetch(ctx, opt, auths, *out)
	bar.finish()
	for _, f := range sum.Failures {
		fmt.Fprintf(e.Stderr, "carereport fetch: %s\n", oneLine(f.String()))
	}
	for _, a := range sum.Empty {
		fmt.Fprintf(e.Stderr, "carereport fetch: CQC lists no adult social care locations for %q: check it is spelt as CQC spells it\n", oneLine(a))
	}
	if arg, joined := quotedHint(auths, sum.Empty); arg != "" {
		fmt.Fprintf(e.Stderr, "carereport fetch: if %q is one authority, give it in double quotes: -authority %s\n", oneLine(joined), shellWord(arg))
	}
	for _, f := range sum.NotFound {
		fmt.Fprintf(e.Stderr, "carereport fetch: location %s (%s) is listed but its record answers 404 (not found); left out\n", f.LocationID, oneLine(f.Authority))
	}
	if !*quiet {
		// The one summary line, on a terminal or not.
		line := fmt.Sprintf("fetched %d, skipped %d (already in %s), failed %d", sum.Fetched, sum.Skipped, *out, sum.Failed)
		if *providers {
			line += fmt.Sprintf(", provider records %d of %d fetched", sum.ProvidersFetched, sum.Providers)
		}
		if n := len(sum.NotFound); n > 0 {
			line += fmt.Sprintf(", not found %d", n)
		}
		var notes []string
		if n := sum.Retries; n > 0 {
			notes = append(notes, fmt.Sprintf("%d %s", n, report.Plural(n, "retry", "retries")))
		}
		if n := sum.RateLimited; n > 0 {
			notes = append(notes, fmt.Sprintf("%d rate-limited (HTTP 429)", n))
		}
		if len(notes) > 0 {
			line += "; " + strings.Join(notes, ", ")
		}
		fmt.Fprintln(e.Stderr, line)
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fetch.ErrUnauthorized):
		return fmt.Errorf("the CQC API refused the key in %s (HTTP 401/403): check it is the current primary or secondary key of your subscription", keyEnv)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("interrupted; %s holds what was fetched: run the same command again to resume", fetch.PartPath(*out))
	}
	return err
}

// quotedHint: where names next to each other in the list all listed
// nothing, they may be one name that holds a comma ("Bournemouth,
// Christchurch and Poole" read as two). It gives the list with the first
// such run joined and quoted, and the joined name; "" when there is none.
func quotedHint(auths, empty []string) (arg, joined string) {
	isEmpty := map[string]bool{}
	for _, a := range empty {
		isEmpty[a] = true
	}
	for i := 0; i < len(auths); i++ {
		j := i
		for j < len(auths) && isEmpty[auths[j]] {
			j++
		}
		if j-i < 2 {
			continue
		}
		joined = strings.Join(auths[i:j], ", ")
		parts := make([]string, 0, len(auths))
		for _, a := range auths[:i] {
			parts = append(parts, nameArg(a))
		}
		parts = append(parts, nameArg(joined))
		for _, a := range auths[j:] {
			parts = append(parts, nameArg(a))
		}
		return strings.Join(parts, ","), joined
	}
	return "", ""
}

// msgWriter writes messages with the key taken out and control
// characters escaped. fmt.Fprintf makes one Write of a whole message, so
// a key is never split between two calls.
type msgWriter struct {
	w   io.Writer
	red *fetch.Redactor
}

func (m msgWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(m.w, termSafe(m.red.String(string(p)))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// redactErr takes the key out of an error's message, keeping a usage
// error a usage error.
func redactErr(red *fetch.Redactor, err error) error {
	var ue usageError
	if errors.As(err, &ue) {
		return usageError{red.String(ue.msg)}
	}
	return red.Error(err)
}

// backoffBase is the first retry's wait; tests shorten it.
var backoffBase = time.Second
