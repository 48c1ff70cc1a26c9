package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/carereport/carereport/report"
)

const goodYAML = `authority: Leicestershire
comparators:
  label: Comparator authorities
  authorities: [Buckinghamshire, Cumbria, Devon]
england: true
period:
  as_at: 2019-11-01
  inspections_from: 2019-01-01
  inspections_to: 2019-10-31
  previous: 2018-11-01
data:
  locations: data/01_November_2019_HSCA_Active_Locations.csv
  commissioned: /abs/contracts.csv
  include_dormant: false
report:
  style: scrutiny
  decimals: 1
  narrative:
    background: narrative/background.md
output:
  formats: [md, csv]
`

func TestParseGood(t *testing.T) {
	c, err := Parse("/cfg/leics.yaml", []byte(goodYAML))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Authority != "Leicestershire" || len(c.Comparators.Authorities) != 3 || !c.England || c.Report.Decimals != 1 {
		t.Errorf("decoded %+v", c)
	}
	if c.Period.AsAt.Date != report.NewDate(2019, 11, 1) || c.Period.Previous.Date != report.NewDate(2018, 11, 1) {
		t.Errorf("dates %v %v", c.Period.AsAt, c.Period.Previous)
	}
	// Relative paths are relative to the config's folder.
	if c.Data.Locations != "/cfg/data/01_November_2019_HSCA_Active_Locations.csv" || c.Data.Commissioned != "/abs/contracts.csv" ||
		c.Report.Narrative["background"] != "/cfg/narrative/background.md" || c.Output.Dir != "/cfg/out" {
		t.Errorf("paths %+v %+v %v", c.Data, c.Report.Narrative, c.Output.Dir)
	}
	// Defaults.
	d, err := Parse("x.yaml", []byte("authority: Devon\ndata: {api: a.jsonl}\nperiod: {as_at: 2021-02-01}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !d.England || d.Report.Style != "scrutiny" || len(d.Output.Formats) != 5 || d.Report.Decimals != 0 {
		t.Errorf("defaults %+v", d)
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"misspelt key", "athority: Devon\n", `c.yaml:1: unknown key "athority" (did you mean "authority"?)`},
		{"misspelt nested key", "authority: Devon\nperiod:\n  as_at: 2019-11-01\n  previos: 2018-11-01\n", `c.yaml:4: unknown key "previos" (did you mean "previous"?)`},
		{"unknown key", "authority: Devon\nwibble: 3\n", `c.yaml:2: unknown key "wibble"`},
		{"bad date", "authority: Devon\nperiod:\n  as_at: 2019-13-01\n", `c.yaml:3: date "2019-13-01" is not in a known format (dd/mm/yyyy or yyyy-mm-dd)`},
		{"wrong type", "authority: Devon\nengland: maybe\n", `c.yaml:2: cannot unmarshal text`},
		{"syntax", "authority: [Devon\n", `c.yaml:`},
		{"two documents", "authority: Devon\n---\nauthority: Torbay\n", `c.yaml: more than one YAML document; put everything in one`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(c.yaml))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %T %v is not a *config.Error", err, err)
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("message\n got %s\nwant %s", err, c.want)
			}
		})
	}
}

func TestValidateNamesTheKey(t *testing.T) {
	base := "authority: Devon\ndata: {api: a.jsonl}\nperiod: {as_at: 2021-02-01}\n"
	cases := []struct{ name, yaml, key string }{
		{"no authority", "data: {api: a.jsonl}\nperiod: {as_at: 2021-02-01}\n", "authority"},
		{"no data", "authority: Devon\nperiod: {as_at: 2021-02-01}\n", "data"},
		{"api without date", "authority: Devon\ndata: {api: a.jsonl}\n", "period.as_at"},
		{"both comparator kinds", base + "comparators: {authorities: [Torbay], region: South West}\n", "comparators"},
		{"empty comparator", base + "comparators: {authorities: ['']}\n", "comparators.authorities[0]"},
		{"period order", "authority: Devon\ndata: {api: a.jsonl}\nperiod: {as_at: 2021-02-01, inspections_from: 2021-01-01, inspections_to: 2020-01-01}\n", "period.inspections_from"},
		{"previous after", "authority: Devon\ndata: {api: a.jsonl}\nperiod: {as_at: 2021-02-01, previous: 2021-02-01}\n", "period.previous"},
		{"previous locations alone", base + "data: {api: a.jsonl, previous_locations: p.csv}\n", "data.previous_locations"},
		{"style", base + "report: {style: glossy}\n", "report.style"},
		{"decimals", base + "report: {decimals: 2}\n", "report.decimals"},
		{"status", base + "report: {status: drafty}\n", "report.status"},
		{"narrative", base + "report: {narrative: {backgound: b.md}}\n", "report.narrative.backgound"},
		{"formats", base + "output: {formats: [md, rtf]}\n", "output.formats"},
		{"published id", base + "published: {england: {care_home: {great: 3}}}\n", "published.england.care_home.great"},
		{"published negative", base + "published: {england: {community: {good: -3}}}\n", "published.england.community.good"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A repeated mapping key is a YAML error; build the config so
			// that each key appears once.
			y := dedupe(c.yaml)
			cfg, err := Parse("c.yaml", []byte(y))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			err = cfg.Validate()
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("validate: %T %v", err, err)
			}
			if ce.Key != c.key || !strings.HasPrefix(err.Error(), "c.yaml: "+c.key+": ") {
				t.Errorf("error %q names key %q, want %q", err, ce.Key, c.key)
			}
		})
	}
}

// dedupe keeps the last line of each top-level key.
func dedupe(y string) string {
	lines := strings.Split(strings.TrimSpace(y), "\n")
	last := map[string]int{}
	for i, l := range lines {
		k, _, _ := strings.Cut(l, ":")
		last[k] = i
	}
	var out []string
	for i, l := range lines {
		k, _, _ := strings.Cut(l, ":")
		if last[k] == i {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n") + "\n"
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(p, []byte("authority: Devon\ndata: {api: a.jsonl}\nperiod: {as_at: 2021-02-01}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p)
	if err != nil || c.Data.API != filepath.Join(dir, "a.jsonl") {
		t.Errorf("Load: %+v, %v", c, err)
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml: no such file") {
		t.Errorf("missing config: %v", err)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"Leicestershire": "leicestershire", "Kingston upon Hull": "kingston-upon-hull",
		"Bournemouth, Christchurch and Poole": "bournemouth-christchurch-and-poole", "St Helens": "st-helens", "Stoke-on-Trent": "stoke-on-trent"} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzConfig(f *testing.F) {
	f.Add([]byte(goodYAML))
	f.Add([]byte("athority: Devon\n"))
	f.Add([]byte("authority: Devon\ndata: {api: a.jsonl}\nperiod: {as_at: 2021-02-01}\npublished: {england: {care_home: {good: 3}}}\n"))
	f.Add([]byte("authority: &a [x]\ncomparators: {authorities: *a}\n"))
	f.Add([]byte("period: {as_at: [1]}\nreport: {narrative: {x: ~}}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse("fuzz.yaml", b)
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) || ce.File != "fuzz.yaml" {
				t.Fatalf("parse error %T does not name the file: %v", err, err)
			}
			return
		}
		if err := c.ApplyDefaults(); err != nil {
			var ce *Error
			if !errors.As(err, &ce) || ce.Key == "" {
				t.Fatalf("defaults error %T does not name a key: %v", err, err)
			}
			return
		}
		before, err := yaml.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Validate(); err != nil {
			var ce *Error
			if !errors.As(err, &ce) || ce.Key == "" {
				t.Fatalf("validate error %T does not name a key: %v", err, err)
			}
		}
		if after, _ := yaml.Marshal(c); !bytes.Equal(before, after) {
			t.Fatalf("Validate changed the config:\n%s\nto\n%s", before, after)
		}
	})
}

func TestQuarter(t *testing.T) {
	load := func(y string) (*Config, error) {
		c, err := Parse("q.yaml", []byte(y))
		if err != nil {
			return nil, err
		}
		if err := c.ApplyDefaults(); err != nil {
			return nil, err
		}
		return c, c.Validate()
	}
	c, err := load("authority: Devon\ndata: {api: a.jsonl}\nperiod: {quarter: 2020-Q4}\n")
	if err != nil {
		t.Fatal(err)
	}
	p := c.Period
	got := []string{p.AsAt.String(), p.InspectionsFrom.String(), p.InspectionsTo.String(), p.Previous.String()}
	want := []string{"2021-01-01", "2020-10-01", "2020-12-31", "2020-01-01"}
	if !slices.Equal(got, want) {
		t.Errorf("2020-Q4 gives %v, want %v", got, want)
	}
	c, err = load("authority: Devon\ndata: {api: a.jsonl}\nperiod: {quarter: 2021-q1, as_at: 2021-04-01, previous: 2021-01-01}\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.Period.InspectionsTo.String() != "2021-03-31" || c.Period.Previous.String() != "2021-01-01" {
		t.Errorf("2021-Q1 with as_at and previous by hand: %+v", c.Period)
	}
	for y, msg := range map[string]string{
		"period: {quarter: 2020-Q4, as_at: 2021-02-01}":                       "q.yaml: period.quarter: 2020-Q4 gives 2021-01-01, but period.as_at is 2021-02-01",
		"period: {quarter: 2020-Q4, inspections_from: 2020-01-01}":            "but period.inspections_from is 2020-01-01",
		"period: {quarter: 2020-Q5}":                                          `period.quarter: "2020-Q5" is not a quarter such as 2020-Q4`,
		"period: {quarter: Q4-2020}":                                          "is not a quarter",
		"period: {as_at: 2021-01-01, trend: {from: 2020-01-01, every: week}}": `period.trend.every: "week" is not quarter or month`,
		"period: {as_at: 2021-01-01, trend: {from: 2021-06-01}}":              "period.trend.from: 2021-06-01 must be before period.as_at",
	} {
		_, err := load("authority: Devon\ndata: {api: a.jsonl}\n" + y + "\n")
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: got %v, want %q", y, err, msg)
		}
	}
	_, err = load("authority: Devon\ndata: {locations: a.csv}\nperiod: {as_at: 2021-01-01, trend: {from: 2020-01-01}}\n")
	if err == nil || !strings.Contains(err.Error(), "period.trend: needs data.api records, or data.history files") {
		t.Errorf("trend from one file: %v", err)
	}
}

// A config (or narrative) file of megabytes, or an endless one such as
// /dev/zero, is refused after its first megabyte.
func TestConfigSizeLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(p, append([]byte("authority: Devon\n# "), bytes.Repeat([]byte("x"), MaxFile)...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "larger than 1024 kB") {
		t.Errorf("big config: %v", err)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := Load("/dev/zero"); err == nil || !strings.Contains(err.Error(), "larger than") {
			t.Errorf("/dev/zero: %v", err)
		}
	}
}

func TestReportStatus(t *testing.T) {
	base := "authority: Devon\ndata: {api: a.jsonl}\nperiod: {as_at: 2021-02-01}\n"
	for _, c := range []struct {
		yaml, name string
		draft      bool
	}{
		{"", "final", false},
		{"report: {status: final}\n", "final", false},
		{"report: {status: draft}\n", "draft", true},
	} {
		cfg, err := Parse("c.yaml", []byte(base+c.yaml))
		if err != nil {
			t.Fatal(err)
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("%q: %v", c.yaml, err)
		}
		if cfg.Report.Draft() != c.draft || cfg.Report.StatusName() != c.name {
			t.Errorf("%q: draft %v, status %q; want %v, %q", c.yaml, cfg.Report.Draft(), cfg.Report.StatusName(), c.draft, c.name)
		}
	}
}

// A trend of more dates than its chart holds is an error naming
// period.trend.from (it failed as "line 213: chart: too many rows").
func TestTrendDatesBounded(t *testing.T) {
	load := func(y string) error {
		c, err := Parse("q.yaml", []byte("authority: Devon\ndata: {api: a.jsonl}\n"+y+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.ApplyDefaults(); err != nil {
			return err
		}
		return c.Validate()
	}
	// 59 months before 2025-11-01 and the date itself: 60 dates.
	if err := load("period: {as_at: 2025-11-01, trend: {from: 2020-12-01, every: month}}"); err != nil {
		t.Errorf("60 monthly dates: %v", err)
	}
	err := load("period: {as_at: 2025-11-01, trend: {from: 2020-11-01, every: month}}")
	want := "q.yaml: period.trend.from: 2020-11-01 gives more than 60 monthly dates up to 2025-11-01, more than the trend's chart can show; start at 2020-12-01 or later"
	if err == nil || err.Error() != want {
		t.Errorf("61 monthly dates: got %v\nwant %s", err, want)
	}
	if err := load("period: {quarter: 2025-Q4, trend: {from: 2011-04-01}}"); err != nil {
		t.Errorf("60 quarterly dates: %v", err)
	}
	if err := load("period: {quarter: 2025-Q4, trend: {from: 2011-01-01}}"); err == nil || !strings.Contains(err.Error(), "more than 60 quarterly dates up to 2026-01-01") {
		t.Errorf("61 quarterly dates: %v", err)
	}
}

// A blank or space-only report.title takes the one default title.
func TestTitleFor(t *testing.T) {
	for title, want := range map[string]string{"": "Quality of Care in Midshire", "  ": "Quality of Care in Midshire", "Care": "Care"} {
		r := Report{Title: title}
		if got := r.TitleFor("Midshire"); got != want {
			t.Errorf("title %q: got %q, want %q", title, got, want)
		}
	}
}
