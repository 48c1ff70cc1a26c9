package pipeline

import (
	"sort"
	"strings"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
)

// Shared is the work every authority of a batch shares: the per-authority
// aggregates of both snapshots, made in one pass each.
type Shared struct {
	Cur, Prev *cqc.Areas
}

// Share aggregates the inputs once for a batch.
func Share(c *config.Config, in *Inputs) *Shared {
	sh := &Shared{Cur: cqc.Aggregate(in.Current, c.Data.IncludeDormant, InspectionPeriod(c, in.AsAt))}
	if in.Previous != nil {
		sh.Prev = cqc.Aggregate(in.Previous, c.Data.IncludeDormant, cqc.Period{})
	}
	return sh
}

// Authorities lists every authority with in-scope locations, sorted.
func (sh *Shared) Authorities() []string {
	names := sh.Cur.Names()
	sort.Strings(names)
	return names
}

// BatchConfig adapts the config for another authority of a batch: the
// comparators are the rest of the group the config names (its authority
// and comparators), or
// its region's other authorities when the config names none; the title
// names the authority; the commissioned list, which is the config
// authority's own, is dropped for the others.
func BatchConfig(c *config.Config, sh *Shared, authority string) *config.Config {
	bc := *c
	bc.Report = c.Report
	own := report.SameName(authority, c.Authority)
	bc.Authority = authority
	if !own {
		bc.CouncilAssessment = nil // the config's authority's own
		if c.Report.Title == "" || !strings.Contains(c.Report.Title, c.Authority) {
			bc.Report.Title = config.DefaultTitle(authority)
		} else {
			bc.Report.Title = strings.ReplaceAll(c.Report.Title, c.Authority, authority)
		}
	}
	// The group is the config's authority and its comparators; each
	// member is compared with the others.
	group := c.Comparators.Authorities
	if !own && len(group) > 0 {
		group = append([]string{c.Authority}, group...)
	}
	bc.Comparators.Authorities = without(group, authority)
	if len(c.Comparators.Authorities) == 0 && c.Comparators.Region == "" {
		if a := sh.Cur.Get(authority); a != nil && a.Region != "" {
			bc.Comparators.Region = a.Region
			if c.Comparators.Label == "" || c.Comparators.Label == config.Default().Comparators.Label {
				bc.Comparators.Label = "Other authorities in " + a.Region
			}
		}
	}
	return &bc
}

// ComputeShared derives one authority's result in a batch.
func ComputeShared(c *config.Config, in *Inputs, sh *Shared, authority string) (*cqc.Result, error) {
	bc := BatchConfig(c, sh, authority)
	o := Options(bc, in, authority)
	if !report.SameName(authority, c.Authority) {
		o.Commissioned = nil
	}
	r, err := cqc.ComputeWith(sh.Cur, in.Current, in.Previous, sh.Prev, o)
	if err != nil {
		return nil, configError(c, err)
	}
	return r, nil
}

func configError(c *config.Config, err error) error {
	if nf, ok := err.(*cqc.NotFoundError); ok {
		return &config.Error{File: c.Path, Key: nf.Key, Msg: nf.Error()[len(nf.Key)+2:]}
	}
	return err
}

// A Plan is one authority's paper as every command sees it: the config
// adapted for that authority (title, comparator group, commissioned list)
// and the figures computed from it. generate, tables, batch and validate
// all make their plans here, so they cannot disagree.
type Plan struct {
	Config *config.Config
	Result *cqc.Result
}

// PlanFor makes the plan for authority ("" or the config's own authority
// for the config as written). sh may be nil; it is made when another
// authority needs it.
func PlanFor(c *config.Config, in *Inputs, sh *Shared, authority string) (*Plan, error) {
	if authority == "" || report.SameName(authority, c.Authority) {
		r, err := Compute(c, in, "")
		if err != nil {
			return nil, err
		}
		pc, err := withOwnText(c, c, r.Authority.Name)
		if err != nil {
			return nil, err
		}
		return &Plan{Config: pc, Result: r}, nil
	}
	if sh == nil {
		sh = Share(c, in)
	}
	a := sh.Cur.Get(authority)
	if a == nil {
		return nil, &cqc.NotFoundError{Key: "authority", Name: authority, Nearest: cqc.Nearest(authority, sh.Authorities())}
	}
	r, err := ComputeShared(c, in, sh, a.Name)
	if err != nil {
		return nil, err
	}
	pc, err := withOwnText(c, BatchConfig(c, sh, a.Name), a.Name)
	if err != nil {
		return nil, err
	}
	return &Plan{Config: pc, Result: r}, nil
}

// withOwnText gives a plan's config the authority's own narrative and
// officers (config.NarrativeFor) and its own earlier paper, never
// another authority's.
func withOwnText(c, pc *config.Config, authority string) (*config.Config, error) {
	if c.Report.NarrativeDir == "" && pc != c {
		// Another authority without narrative_dir: no text of the
		// config's own authority.
		cc := *pc
		cc.Report.Narrative, cc.Report.Officers = nil, nil
		cc.Report.PreviousPaper = previousPaperFor(c, authority)
		return &cc, nil
	}
	if c.Report.NarrativeDir == "" {
		return pc, nil
	}
	narr, officers, err := c.NarrativeFor(authority)
	if err != nil {
		return nil, err
	}
	cc := *pc
	cc.Report.Narrative, cc.Report.Officers = narr, officers
	if pc != c {
		cc.Report.PreviousPaper = previousPaperFor(c, authority)
	}
	return &cc, nil
}
