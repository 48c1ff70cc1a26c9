package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/sample"
	"gopkg.in/yaml.v3"
)

func cmdInit(ctx context.Context, e *env, args []string) error {
	fset := newFlagSet(e, "init", "DIR [-authority NAME] [-comparators NAME,NAME,...] [-style scrutiny|quality-account] [-force]")
	authority := fset.String("authority", "", "the authority the paper is about (default: the sample's Midshire)")
	style := fset.String("style", "scrutiny", "document style: scrutiny or quality-account")
	force := fset.Bool("force", false, "overwrite files that exist")
	compsFlag := fset.String("comparators", "", "comparator `authorities` of a real authority, comma-separated (a name with a comma in double quotes): the config lists them and the fetch step fetches them")
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
	var comps []string
	if strings.TrimSpace(*compsFlag) != "" {
		if comps, err = splitNames("-comparators", *compsFlag); err != nil {
			return err
		}
	}
	files, next := starterFiles(*authority, *style, comps)
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
	cfgPath := filepath.Join(dir, "carereport.yaml")
	apiPath := filepath.Join(dir, "data", config.Slug(strings.TrimSpace(*authority))+".jsonl")
	fmt.Fprintf(e.Stdout, "wrote %d files to %s; next: %s\n", len(names), dir,
		strings.NewReplacer("%[1]s", cfgPath, "%[2]s", apiPath).Replace(next))
	return nil
}

// starterFiles are the files init writes: a config, one narrative file
// per section the style uses, and a how-to. Without -authority, or with
// one of the sample's authorities, the config reads the synthetic sample
// data (written beside it) and generates a paper at once. Any other
// authority is real: the config reads the CQC API records that the
// fetch command printed as the next step will write, or an HSCA file
// downloaded from CQC.
func starterFiles(authority, style string, realComps []string) (files map[string][]byte, next string) {
	files = map[string][]byte{}
	sampleData := authority == ""
	for _, a := range sample.Authorities {
		if report.SameName(a, authority) {
			authority, sampleData = a, true
		}
	}
	if authority == "" {
		authority = sample.Authorities[0]
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
	name := yamlString(authority)
	title := yamlString(config.DefaultTitle(authority))
	var head, data, fetchList string
	if sampleData {
		for n, b := range sample.Files() {
			files[filepath.Join("data", n)] = b
		}
		var comps []string
		for _, a := range sample.Authorities {
			if a != authority {
				comps = append(comps, a)
			}
		}
		head = fmt.Sprintf(`authority: %s
comparators:
  label: Comparator authorities
  authorities: [%s]
england: true
period:
  as_at: 2025-11-01                # the date of the CQC file
  inspections_from: 2025-01-01    # ratings published in this period are tabled
  inspections_to: 2025-10-31
  previous: 2024-11-01            # a year earlier, for change over time
`, name, strings.Join(comps, ", "))
		data = `data:
  # The sample files below are synthetic. Replace them with CQC's monthly
  # "HSCA Active Locations" file (.ods, .xlsx or .csv) and, optionally,
  # the "Latest ratings" file of the same month and one of a year before.
  locations: data/01_November_2025_HSCA_Active_Locations.csv
  previous_locations: data/01_November_2024_HSCA_Active_Locations.csv
  ratings: data/01_November_2025_Latest_ratings.csv
  commissioned: data/commissioned.csv   # a CSV with a "Location ID" column
`
		next = "carereport generate -config %[1]s"
	} else {
		api := "data/" + config.Slug(authority) + ".jsonl"
		// The fetch step fetches the authority and its comparators.
		fetchNames := []string{nameArg(authority)}
		var compYAML []string
		for _, c := range realComps {
			fetchNames = append(fetchNames, nameArg(c))
			compYAML = append(compYAML, yamlString(c))
		}
		fetchList = shellWord(strings.Join(fetchNames, ","))
		compLine := "authorities: []                 # e.g. [Buckinghamshire, Cumbria]: fetch them too (HOWTO.md)"
		if len(compYAML) > 0 {
			// A block list: a name with a comma is one item there.
			compLine = "authorities:\n    - " + strings.Join(compYAML, "\n    - ")
		}
		head = fmt.Sprintf(`authority: %s
comparators:
  label: Comparator authorities
  `+compLine+`
  # region: South West            # or every other authority of a region
england: false                    # true needs records of every authority (or a national file)
period:
  quarter: 2025-Q3                # the quarter the paper covers: set yours
  # as_at: 2025-10-01             # or set the dates one by one
`, name)
		data = fmt.Sprintf(`data:
  # CQC API records of the authority and each comparator, written by:
  #   carereport fetch -authority %s -out %s
  # (with your free key from CQC's API portal in CQC_SUBSCRIPTION_KEY).
  # Or download the month's "HSCA Active Locations" file from CQC's
  # "Using CQC data" page and give it as locations: instead.
  api: %s
`, fetchList, api, api)
		next = "CQC_SUBSCRIPTION_KEY=... carereport fetch -authority " + fetchList + " -out %[2]s\n" +
			"then: carereport generate -config %[1]s\n" +
			"(or download CQC's HSCA Active Locations file and set data.locations in %[1]s)"
	}
	synthetic := "false"
	if sampleData {
		synthetic = "true"
	}
	cfg := fmt.Sprintf(`# carereport config: edit and run
#   carereport validate -config carereport.yaml
#   carereport generate -config carereport.yaml
# Paths are relative to this file. See HOWTO.md.
# A line whose comment is the placeholder mark holds an example: set
# your own value and delete the mark (validate lists each one left).
%s%sreport:
  style: %s                # scrutiny or quality-account
  title: %s
  committee: Adults and Communities Overview and Scrutiny Committee   # carereport:placeholder
  meeting_date: 2025-11-24         # carereport:placeholder
  author: Director of Adults and Communities   # carereport:placeholder
  synthetic: %s               # true only for the synthetic sample
  narrative:
%s  officers:
    - name: Your Name              # carereport:placeholder
      role: Your role
      team: Your department
      phone: 01632 960000
      email: you@example.gov.uk
output:
  dir: out
  formats: [md, html, pdf, csv, json]
`, head, data, style, title, synthetic, narr.String())
	files["carereport.yaml"] = []byte(cfg)
	if sampleData {
		files["HOWTO.md"] = []byte(howtoFiles)
	} else {
		files["HOWTO.md"] = []byte(strings.NewReplacer("@AUTHORITIES@", fetchList, "@APIFILE@", "data/"+config.Slug(authority)+".jsonl").Replace(howtoAPI))
	}
	return files, next
}

// yamlString writes s as a YAML scalar that reads back as s: plain when
// that is safe, quoted otherwise ("Devon # x" would lose its comment).
func yamlString(s string) string {
	b, err := yaml.Marshal(s)
	if err != nil {
		return strconv.Quote(s)
	}
	return strings.TrimSuffix(string(b), "\n")
}

// shellWord quotes a name for a command line when it needs it.
func shellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '-' || r == '.' || r == '_' || r == ',' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
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
	return fmt.Sprintf(`{{/* carereport:placeholder: the text below is an example. Write your own and delete this line; validate lists each file that still has it. */}}
%s Each paragraph here becomes a paragraph of the paper (numbered in the scrutiny style). You can use the paper's figures: {{.Authority}} has {{.N.services}} services, {{.N.good_or_better}} rated Good or Outstanding.
`, guide)
}

// howtoFiles is the HOWTO of a config that reads HSCA files (the sample's
// layout); howtoAPI of one that reads CQC API records.
const howtoFiles = `# Making a paper with carereport

This config reads CQC's monthly files (the synthetic sample for now).

1. Download the month's "Care directory with filters" (HSCA Active Locations)
   file from CQC's "Using CQC data" page, and, if you want key question
   figures, the "Latest ratings" file of the same month, and the HSCA file
   of a year before for change over time. Save them in data/.
2. In carereport.yaml set authority (as spelt in the file's
   "Location Local Authority" column), the comparators, the dates, and
   data.locations, data.previous_locations and data.ratings to the files
   you saved. Set report.synthetic to false, and remove data.commissioned
   or point it at the council's own list.
3. Set the committee, meeting date, author and officers: each line marked
   carereport:placeholder holds an example; delete the mark when it is yours.
4. Write your own text in narrative/*.md, deleting the placeholder line at
   the top of each. Template fields such as {{.N.services}} or
   {{.S.headline}} give the paper's figures and sentences (README.md lists
   them all).
5. Run carereport validate -config carereport.yaml. It lists values that
   are not ratings, duplicate IDs, dormant services left out, placeholder
   text left in, and suggests the nearest spelling of an authority it
   cannot find. validate -strict fails on any of these (for CI).
6. Run carereport generate -config carereport.yaml. The paper is written to
   out/ as Markdown, HTML and PDF, with every table as CSV and JSON.
`

const howtoAPI = `# Making a paper with carereport

This config reads CQC API records (data.api).

1. Get a free key from CQC's API portal and fetch the records of your
   authority and of each comparator authority named in carereport.yaml
   (comparators.authorities), into one file:

       CQC_SUBSCRIPTION_KEY=... carereport fetch -authority @AUTHORITIES@ -out @APIFILE@

   A name with a comma goes in double quotes inside the list. A rerun
   resumes; -refresh takes a new month's data.
   Or download CQC's "Care directory with filters" (HSCA Active Locations)
   file and set data.locations to it instead of data.api.
2. In carereport.yaml set the comparators and the dates (period.quarter,
   or period.as_at).
3. Set the committee, meeting date, author and officers: each line marked
   carereport:placeholder holds an example; delete the mark when it is yours.
4. Write your own text in narrative/*.md, deleting the placeholder line at
   the top of each. Template fields such as {{.N.services}} or
   {{.S.headline}} give the paper's figures and sentences (README.md lists
   them all).
5. Run carereport validate -config carereport.yaml. It lists what it found
   in the records, placeholder text left in, and suggests the nearest
   spelling of an authority it cannot find. validate -strict fails on any
   warning (for CI).
6. Run carereport generate -config carereport.yaml. The paper is written to
   out/ as Markdown, HTML and PDF, with every table as CSV and JSON.
`
