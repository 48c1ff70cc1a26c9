// Package fetch downloads CQC API location records for local authorities
// into a JSONL file, one compacted record a line, as report/load reads
// them.
//
// The download is polite and resumable. Every request waits its turn at
// one rate limiter; 429, 5xx, timeouts, network errors and bodies that are
// not whole JSON are retried on a fixed exponential schedule; a rejected
// key stops everything at once. Records are appended to FILE.part as they
// arrive, one write per line. Only when every listed location has been
// fetched are the records sorted into FILE (written to a temporary file,
// synced and renamed, so FILE is either the old file or the whole new
// one). A run that fails or is interrupted leaves FILE.part, and the next
// run skips whatever it already holds.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

// DefaultBaseURL is the CQC public API.
const DefaultBaseURL = "https://api.service.cqc.org.uk/public/v1"

// KeyHeader carries the subscription key.
const KeyHeader = "Ocp-Apim-Subscription-Key"

// Directorate is the inspection directorate the list is filtered on.
const Directorate = "Adult social care"

// Defaults for zero Options fields.
const (
	DefaultRate        = 5.0
	DefaultJobs        = 4
	DefaultTimeout     = 30 * time.Second
	DefaultMaxAttempts = 5
	DefaultBackoffBase = time.Second
	DefaultBackoffMax  = time.Minute
	DefaultPerPage     = 1000
	// DefaultMaxRetryAfter caps how long a Retry-After header can make
	// the client wait.
	DefaultMaxRetryAfter = 5 * time.Minute
)

// Options configure Fetch. Zero fields take the defaults above.
type Options struct {
	BaseURL string
	// Key is the CQC subscription key. It is sent only in KeyHeader, only
	// to BaseURL's host, and never appears in an error or in progress.
	Key string
	// Rate is the most requests per second, over all workers together.
	Rate float64
	// Jobs is how many location records are fetched at once.
	Jobs int
	// Timeout bounds each request, body included.
	Timeout time.Duration
	// MaxAttempts is how many times one request is tried.
	MaxAttempts int
	// BackoffBase is the wait before the second attempt; each later wait
	// doubles, up to BackoffMax. There is no jitter: the rate limiter
	// already spreads requests out.
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// MaxRetryAfter caps a server's Retry-After.
	MaxRetryAfter time.Duration
	// PerPage is the list page size asked for.
	PerPage int
	// AllSectors lists the locations of every inspection directorate
	// (GP practices, hospitals, ...), not only adult social care: for
	// the health section.
	AllSectors bool
	// Providers also fetches the provider record (GET /providers/{id})
	// of every provider of the locations fetched: an NHS trust's own
	// ratings for the health section, and each provider's name for the
	// appendix. They are written after the locations.
	Providers bool
	// Refresh fetches every record again instead of skipping those in an
	// existing output file (a month's new data into last month's file);
	// the .part file of an interrupted run is still resumed.
	Refresh bool
	// HTTPClient is used for requests (a copy of it that refuses
	// redirects to another host). Nil means a plain client.
	HTTPClient *http.Client
	// Progress, if not nil, is told where the run has got to each time
	// that changes (from one goroutine at a time).
	Progress func(Progress)
}

// Progress is where a Fetch has got to.
type Progress struct {
	// Listing is the authority whose list is being read; "" once the
	// records are being fetched.
	Listing string
	// Total is how many records this run is to fetch (0 while listing);
	// Done how many it has fetched or given up on; Failed how many of
	// those failed (a record the API answers 404 for is not a failure).
	Total, Done, Failed int
	// Retries is how many requests were tried again; RateLimited how many
	// the API answered 429 Too Many Requests.
	Retries, RateLimited int
	// PausedUntil is when the latest 429's Retry-After pause ends (every
	// request waits for it); zero if there has been none.
	PausedUntil time.Time
}

func (o Options) withDefaults() Options {
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	if o.Rate <= 0 {
		o.Rate = DefaultRate
	}
	if o.Jobs <= 0 {
		o.Jobs = DefaultJobs
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.BackoffBase <= 0 {
		o.BackoffBase = DefaultBackoffBase
	}
	if o.BackoffMax <= 0 {
		o.BackoffMax = DefaultBackoffMax
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if o.PerPage <= 0 {
		o.PerPage = DefaultPerPage
	}
	return o
}

// Summary says what a Fetch did.
type Summary struct {
	// Listed is how many distinct locations the lists gave.
	Listed int
	// Fetched is how many records this run downloaded.
	Fetched int
	// Skipped is how many listed locations were already in FILE or
	// FILE.part.
	Skipped int
	// Failed is how many locations could not be fetched.
	Failed int
	// Failures says why, in the order the locations were listed.
	Failures []Failure
	// NotFound are listed locations whose record the API answers 404
	// for (a list can name a location whose record is gone): reported
	// and left out, so they do not hold back the finished file.
	NotFound []Failure
	// Providers is how many providers the locations name (with
	// Options.Providers), and ProvidersFetched how many provider records
	// were fetched this run.
	Providers, ProvidersFetched int
	// Written is how many records the finished FILE holds (0 if the run
	// did not finish).
	Written int
	// Empty are the authorities whose list gave no location at all:
	// most likely a name spelt otherwise than CQC spells it.
	Empty []string
	// Retries is how many requests were tried again, RateLimited how many
	// were answered 429.
	Retries, RateLimited int
}

// Failure is one location that could not be fetched.
type Failure struct {
	Authority  string
	LocationID string
	Err        error
}

func (f Failure) String() string {
	return fmt.Sprintf("location %s (%s): %v", f.LocationID, f.Authority, f.Err)
}

// ErrUnauthorized is wrapped by the error Fetch returns when the API
// rejects the key.
var ErrUnauthorized = errors.New("the CQC API rejected the subscription key")

// ErrIncomplete is wrapped by the error Fetch returns when some locations
// failed; the Summary lists them.
var ErrIncomplete = errors.New("some locations could not be fetched")

// ErrNotFound is wrapped by the error of a request the API answers 404.
var ErrNotFound = errors.New("not found")

// Fetch lists the adult social care locations of each authority, fetches
// every record not already in outPath or outPath+".part", and, if all
// succeed, writes the lot to outPath in a fixed order: authorities in the
// order given, then location ID. Records already in outPath that no list
// gives are kept, after the rest.
//
// The error wraps ErrUnauthorized, ErrIncomplete or the context's error
// where those are the cause; the Summary is filled in as far as the run
// got.
func Fetch(ctx context.Context, opt Options, authorities []string, outPath string) (Summary, error) {
	var sum Summary
	opt = opt.withDefaults()
	if opt.Key == "" {
		return sum, errors.New("no CQC subscription key")
	}
	auths := cleanAuthorities(authorities)
	if len(auths) == 0 {
		return sum, errors.New("no authority given")
	}
	c, err := newClient(opt)
	if err != nil {
		return sum, err
	}

	have, err := resume(outPath, opt.Refresh)
	if err != nil {
		return sum, err
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	// List every authority first: the list is cheap and tells us the
	// total for the progress counter.
	var todo []job
	order := map[string]int{} // locationId -> index of the authority that listed it
	for i, a := range auths {
		c.report(func(p *Progress) { p.Listing = a })
		ids, err := c.list(ctx, a)
		if err != nil {
			c.counts(&sum)
			return sum, c.redact(fmt.Errorf("listing %s: %w", a, err))
		}
		if len(ids) == 0 {
			sum.Empty = append(sum.Empty, a)
		}
		for _, id := range ids {
			if _, dup := order[id]; dup {
				continue
			}
			order[id] = i
			sum.Listed++
			if have.has(id) {
				sum.Skipped++
				continue
			}
			todo = append(todo, job{authority: a, id: id})
		}
	}

	res, err := c.run(ctx, cancel, have, todo, order, &sum, "")
	sum.Fetched = res.fetched
	if err != nil {
		return sum, err
	}
	if opt.Providers {
		return c.fetchProviders(ctx, cancel, opt, outPath, sum, order)
	}
	return sum, nil
}

// fetchProviders is Fetch's second step with -providers: the provider
// record of every provider the file's location records name, those not
// in the file already (every one with Refresh), written after the
// locations by the same .part and finish as the locations.
func (c *client) fetchProviders(ctx context.Context, cancel context.CancelCauseFunc, opt Options, outPath string, sum Summary, order map[string]int) (Summary, error) {
	have, err := resume(outPath, false)
	if err != nil {
		return sum, err
	}
	data, err := os.ReadFile(outPath)
	if err != nil {
		return sum, err
	}
	recs, _, err := parseLines(data)
	if err != nil {
		return sum, fmt.Errorf("%s:%v", outPath, err)
	}
	seen := map[string]bool{}
	var ids []string
	for _, r := range recs {
		if r.provider == "" || r.id == providerKey(r.provider) || seen[r.provider] {
			continue
		}
		seen[r.provider] = true
		ids = append(ids, r.provider)
	}
	sort.Strings(ids)
	var todo []job
	for _, id := range ids {
		if opt.Refresh || !have.has(providerKey(id)) {
			todo = append(todo, job{authority: "providers", id: id, provider: true})
		}
	}
	sum.Providers = len(ids)
	if len(todo) == 0 {
		return sum, nil
	}
	res, err := c.run(ctx, cancel, have, todo, order, &sum, "provider records ")
	sum.ProvidersFetched = res.fetched
	return sum, err
}

// run fetches todo into the store's .part file, adds the failures to sum
// and, when every job succeeded, writes the file whole (finish), setting
// sum.Written. what names the records in the message of an incomplete
// run.
func (c *client) run(ctx context.Context, cancel context.CancelCauseFunc, have *store, todo []job, order map[string]int, sum *Summary, what string) (fetchResults, error) {
	out, err := have.openPart()
	if err != nil {
		return fetchResults{}, err
	}
	res := c.fetchAll(ctx, cancel, todo, out)
	c.counts(sum)
	sum.Failures = append(sum.Failures, res.failures...)
	sum.Failed += len(res.failures)
	sum.NotFound = append(sum.NotFound, res.notFound...)
	if err := context.Cause(ctx); err != nil {
		out.Close()
		return res, c.redact(err)
	}
	if err := out.Close(); err != nil {
		return res, fmt.Errorf("%s: %w", have.partPath, err)
	}
	if n := len(res.failures); n > 0 {
		return res, fmt.Errorf("%w: %d of %d %sfailed; %s kept for a rerun to resume",
			ErrIncomplete, n, len(todo), what, have.partPath)
	}
	n, err := have.finish(func(id string) (int, bool) {
		i, ok := order[id]
		return i, ok
	})
	if err != nil {
		return res, err
	}
	sum.Written = n
	return res, nil
}

// counts copies the retry counts into sum.
func (c *client) counts(sum *Summary) {
	c.progMu.Lock()
	defer c.progMu.Unlock()
	sum.Retries, sum.RateLimited = c.prog.Retries, c.prog.RateLimited
}

// cleanAuthorities trims the names and drops empty ones and repeats.
func cleanAuthorities(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range in {
		a = strings.TrimSpace(a)
		k := strings.ToLower(a)
		if a == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return out
}

type job struct {
	authority, id string
	// provider: fetch /providers/{id}, not /locations/{id}.
	provider bool
}

type fetchResults struct {
	fetched  int
	failures []Failure
	notFound []Failure
}

// lineWriter appends whole lines to the .part file, one write each.
type lineWriter interface {
	writeLine(line []byte) error
	Close() error
}

// fetchAll fetches the jobs with opt.Jobs workers, appending each record
// to out. A rejected key or a write error cancels ctx with the cause.
func (c *client) fetchAll(ctx context.Context, cancel context.CancelCauseFunc, todo []job, out lineWriter) fetchResults {
	var (
		mu      sync.Mutex // guards everything below, out and progress
		res     fetchResults
		failed  = make([]*Failure, len(todo))
		gone    = make([]*Failure, len(todo))
		nfailed int
		next    int
		// finished counts the jobs done, fetched or not
		finished int
		wg       sync.WaitGroup
	)
	total := len(todo)
	c.report(func(p *Progress) { p.Listing, p.Total = "", total })
	for range min(c.opt.Jobs, total) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= total {
					return
				}
				j := todo[i]
				fetch := c.detail
				if j.provider {
					fetch = c.provider
				}
				rec, err := fetch(ctx, j.id)

				mu.Lock()
				switch {
				case err == nil:
					if werr := out.writeLine(rec); werr != nil {
						mu.Unlock()
						cancel(werr)
						return
					}
					res.fetched++
				case ctx.Err() != nil:
					// Stopped part-way: not the location's fault.
					mu.Unlock()
					return
				case errors.Is(err, ErrUnauthorized):
					mu.Unlock()
					cancel(err)
					return
				case errors.Is(err, ErrNotFound):
					gone[i] = &Failure{Authority: j.authority, LocationID: j.id, Err: err}
				default:
					failed[i] = &Failure{Authority: j.authority, LocationID: j.id, Err: c.redact(err)}
					nfailed++
				}
				finished++
				c.report(func(p *Progress) { p.Done, p.Failed = finished, nfailed })
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for i, f := range failed {
		if f != nil {
			res.failures = append(res.failures, *f)
		}
		if g := gone[i]; g != nil {
			res.notFound = append(res.notFound, *g)
		}
	}
	return res
}
