package pipeline

import (
	"fmt"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/load"
	"github.com/carereport/carereport/report/ons"
)

// loadFair loads what issue 19's figures need: the ONS population file
// (unless population: false) and CQC's assessments of councils (the
// config's own, and data.council_assessments).
func loadFair(c *config.Config, in *Inputs) error {
	if c.PopulationOn() {
		p, err := ons.Default()
		if err != nil {
			return fmt.Errorf("ONS population file: %v", err)
		}
		in.Population = p
	}
	if c.Data.CouncilAssessments != "" {
		as, f, err := load.CouncilAssessments(c.Data.CouncilAssessments)
		if err != nil {
			return err
		}
		in.Councils = as
		in.Findings = append(in.Findings, f...)
	}
	if own, ok := c.Council(); ok {
		if msg := load.CouncilBandFinding(own); msg != "" {
			in.Findings = append(in.Findings, report.Finding{File: c.Path, Kind: "council_score_band", Message: "council_assessment: " + msg})
		}
	}
	return nil
}

// fairOptions sets the counting options of issue 19's figures for one
// authority: the config's own council_assessment belongs to the config's
// authority only (BatchConfig drops it for the others), and wins over a
// row of the CSV for the same council.
func fairOptions(c *config.Config, in *Inputs, o *cqc.Options) {
	o.Population = in.Population
	o.Map = c.Report.MapOn()
	var list []report.CouncilAssessment
	own, ok := c.Council()
	if ok {
		list = append(list, own)
	}
	for _, a := range in.Councils {
		if ok && report.SameName(a.Authority, own.Authority) {
			continue
		}
		list = append(list, a)
	}
	o.CouncilAssessments = list
}
