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
	files, next := starterFiles(*authority, *style)
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
func starterFiles(authority, style string) (files map[string][]byte, next string) {
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
	title := yamlString("Quality of Care in " + authority)
	var head, data string
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
		head = fmt.Sprintf(`authority: %s
comparators:
  label: Comparator authorities
  authorities: []                 # e.g. [Buckinghamshire, Cumbria]; fetch them too
  # region: South West            # or every other authority of a region
england: false                    # true needs records of every authority (or a national file)
period:
  quarter: 2025-Q3                # the quarter the paper covers: set yours
  # as_at: 2025-10-01             # or set the dates one by one
`, name)
		data = fmt.Sprintf(`data:
  # CQC API records, written by:
  #   carereport fetch -authority %s -out %s
  # (with your free key from CQC's API portal in CQC_SUBSCRIPTION_KEY).
  # Or download the month's "HSCA Active Locations" file from CQC's
  # "Using CQC data" page and give it as locations: instead.
  api: %s
`, shellWord(nameArg(authority)), api, api)
		next = "CQC_SUBSCRIPTION_KEY=... carereport fetch -authority " + shellWord(nameArg(authority)) + " -out %[2]s\n" +
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
%s%sreport:
  style: %s                # scrutiny or quality-account
  title: %s
  committee: Adults and Communities Overview and Scrutiny Committee
  meeting_date: 2025-11-24
  author: Director of Adults and Communities
  synthetic: %s               # true only for the synthetic sample
  narrative:
%s  officers:
    - name: Your Name
      role: Your role
      team: Your department
      phone: 01632 960000
      email: you@example.gov.uk
output:
  dir: out
  formats: [md, html, pdf, csv, json]
`, head, data, style, title, synthetic, narr.String())
	files["carereport.yaml"] = []byte(cfg)
	files["HOWTO.md"] = []byte(howto)
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
