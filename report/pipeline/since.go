package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/since"
)

// previousPaperFor is the earlier paper of another authority of a batch:
// when report.previous_paper is the config authority's SLUG-tables.json,
// the file of the same folder named by the other authority's slug, if
// there is one. Never the config authority's own file: its services are
// not the other's.
func previousPaperFor(c *config.Config, authority string) string {
	p := c.Report.PreviousPaper
	if p == "" || filepath.Base(p) != config.Slug(c.Authority)+"-tables.json" {
		return ""
	}
	q := filepath.Join(filepath.Dir(p), config.Slug(authority)+"-tables.json")
	if st, err := os.Stat(q); err == nil && st.Mode().IsRegular() {
		return q
	}
	return ""
}

// SinceChanges compares the paper named by report.previous_paper with
// this one's tables (nil without one). A file that is not a tables JSON,
// of another authority or not earlier than this paper is an error naming
// the key.
func SinceChanges(c *config.Config, r *cqc.Result) (*since.Changes, error) {
	p := c.Report.PreviousPaper
	if p == "" {
		return nil, nil
	}
	bad := func(err error) error {
		return &config.Error{File: c.Path, Key: "report.previous_paper", Msg: err.Error()}
	}
	old, err := since.Read(p)
	if err != nil {
		return nil, bad(err)
	}
	if !report.SameName(old.Authority, r.Authority.Name) {
		return nil, bad(fmt.Errorf("%s is %s's paper, not %s's", p, old.Authority, r.Authority.Name))
	}
	if old.AsAt >= r.Opts.AsAt.String() {
		return nil, bad(fmt.Errorf("%s is as at %s, not before this paper's %s", p, old.AsAt, r.Opts.AsAt))
	}
	ch, err := since.Compare(since.Input{File: p, Set: old}, since.Input{File: "this paper", Set: TableSet(r)}, c.Report.Similar())
	if err != nil {
		var se *since.Error
		if errors.As(err, &se) {
			return nil, bad(err)
		}
		return nil, err
	}
	return ch, nil
}
