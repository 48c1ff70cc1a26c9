package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/carereport/carereport/report/sample"
)

func cmdInit(ctx context.Context, e *env, args []string) error {
	fset := newFlagSet(e, "init", "DIR [-authority NAME] [-style scrutiny|quality-account] [-force]")
	authority := fset.String("authority", "", "the authority the paper is about (default: the sample's Midshire)")
	style := fset.String("style", "scrutiny", "document style: scrutiny or quality-account")
	force := fset.Bool("force", false, "overwrite files that exist")
	pos, err := parseFlags(fset, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"give one folder: carereport init DIR"}
	}
	if *style != "scrutiny" && *style != "quality-account" {
		return usageError{fmt.Sprintf("-style %q: use scrutiny or quality-account", *style)}
	}
	dir := pos[0]
	files := starterFiles(*authority, *style)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	if !*force {
		for _, n := range names {
			p := filepath.Join(dir, n)
			if _, err := os.Stat(p); err == nil {
				return fmt.Errorf("%s: already exists (use -force to overwrite)", p)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
	}
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.Stdout, "wrote %d files to %s; next: carereport generate -config %s\n",
		len(names), dir, filepath.Join(dir, "carereport.yaml"))
	return nil
}

// starterFiles are the files init writes: a config, one narrative file
// per section the style uses, a how-to, and the synthetic sample data so
// that the starter generates a paper at once.
func starterFiles(authority, style string) map[string][]byte {
	files := map[string][]byte{}
	for name, b := range sample.Files() {
		files[filepath.Join("data", name)] = b
	}
	sampleData := authority == ""
	if sampleData {
		authority = sample.Authorities[0]
	}
	comps := sample.Authorities[1:]
	var compLine string
	if sampleData {
		compLine = "  authorities: [" + strings.Join(comps, ", ") + "]"
	} else {
		compLine = "  authorities: []                 # e.g. [Buckinghamshire, Cumbria, Devon]\n  # region: East Midlands         # or every other authority of a region"
	}
	sections := map[string][]string{
		"scrutiny":        {"background", "commentary", "resources", "conclusions"},
		"quality-account": {"introduction", "improvement", "conclusion"},
	}[style]
	var narr strings.Builder
	for _, s := range sections {
		fmt.Fprintf(&narr, "    %s: narrative/%s.md\n", s, s)
		files[filepath.Join("narrative", s+".md")] = []byte(narrativeStub(s))
	}
	synthetic := "false"
	if sampleData {
		synthetic = "true"
	}
	cfg := fmt.Sprintf(`# carereport config: edit and run
#   carereport validate -config %[1]s
#   carereport generate -config %[1]s
# Paths are relative to this file. See HOWTO.md.
authority: %[2]s
comparators:
  label: Comparator authorities
%[3]s
england: true
period:
  as_at: %[4]s                # the date of the CQC file
  inspections_from: 2025-01-01    # ratings published in this period are tabled
  inspections_to: 2025-10-31
  previous: %[5]s             # a year earlier, for change over time
data:
  # The sample files below are synthetic. Replace them with CQC's monthly
  # "HSCA Active Locations" file (.ods, .xlsx or .csv) and, optionally,
  # the "Latest ratings" file of the same month and one of a year before.
  locations: data/01_November_2025_HSCA_Active_Locations.csv
  previous_locations: data/01_November_2024_HSCA_Active_Locations.csv
  ratings: data/01_November_2025_Latest_ratings.csv
  commissioned: data/commissioned.csv   # a CSV with a "Location ID" column
report:
  style: %[6]s                # scrutiny or quality-account
  title: Quality of Care in %[2]s
  committee: Adults and Communities Overview and Scrutiny Committee
  meeting_date: 2025-11-24
  author: Director of Adults and Communities
  synthetic: %[7]s               # set to false for real data
  narrative:
%[8]s  officers:
    - name: Your Name
      role: Your role
      team: Your department
      phone: 01632 960000
      email: you@example.gov.uk
output:
  dir: out
  formats: [md, html, pdf, csv, json]
`, "carereport.yaml", authority, compLine, "2025-11-01", "2024-11-01", style, synthetic, narr.String())
	files["carereport.yaml"] = []byte(cfg)
	files["HOWTO.md"] = []byte(howto)
	return files
}

func narrativeStub(section string) string {
	guide := map[string]string{
		"background":   "Add background the figures cannot give: recent events, market changes, the council's role.",
		"commentary":   "Comment on the figures: what is behind them, and what the council is doing.",
		"resources":    "Say whether the report has resource implications.",
		"conclusions":  "Add the officers' conclusions to the one written from the figures.",
		"introduction": "Set out the council's goal for regulated care and what this account covers.",
		"improvement":  "Describe the council's work with providers to improve quality.",
		"conclusion":   "Add the officers' conclusions to the one written from the figures.",
	}[section]
	return fmt.Sprintf(`%s Each paragraph here becomes a paragraph of the paper (numbered in the scrutiny style). You can use the paper's figures: {{.Authority}} has {{.N.services}} services, {{.N.good_or_better}} rated Good or Outstanding.
`, guide)
}

const howto = `# Making a paper with carereport

1. Download the month's "Care directory with filters" (HSCA Active Locations)
   file from CQC's "Using CQC data" page, and, if you want key question
   figures, the "Latest ratings" file of the same month. Save them in data/.
2. In carereport.yaml set authority (as spelt in the file's
   "Location Local Authority" column), the comparators, the dates, and
   data.locations (and data.ratings) to the files you saved. Set
   report.synthetic to false.
3. Run carereport validate -config carereport.yaml. It lists values that
   are not ratings, duplicate IDs, dormant services left out, and suggests
   the nearest spelling of an authority it cannot find.
4. Write your own text in narrative/*.md. Template fields such as
   {{.N.services}} or {{.S.headline}} give the paper's figures and sentences.
5. Run carereport generate -config carereport.yaml. The paper is written to
   out/ as Markdown, HTML and PDF, with every table as CSV and JSON.
`
