package config

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/carereport/carereport/report"
)

// Keys the hand-kept list had left out get their "did you mean", with
// the line of the misspelt key, at every depth: a slice of structs
// (report.officers) and a pointer to one (period.trend, published) too.
func TestMisspeltKeysSuggested(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"authority: Devon\ndata:\n  locations: a.csv\n  histroy: [b.csv]\n", `c.yaml:4: unknown key "histroy" (did you mean "history"?)`},
		{"authority: Devon\nreport:\n  style: scrutiny\n  refrence_docx: council.dotx\n", `c.yaml:4: unknown key "refrence_docx" (did you mean "reference_docx"?)`},
		{"authority: Devon\nperiod:\n  quartr: 2020-Q4\n", `c.yaml:3: unknown key "quartr" (did you mean "quarter"?)`},
		{"authority: Devon\nperiod:\n  trend:\n    from: 2019-01-01\n    evry: month\n", `c.yaml:5: unknown key "evry" (did you mean "every"?)`},
		{"authority: Devon\nreport:\n  officers:\n    - name: Sam\n      emial: sam@example.org\n", `c.yaml:5: unknown key "emial" (did you mean "email"?)`},
		{"published:\n  england:\n    sorce: CQC\n", `c.yaml:3: unknown key "sorce" (did you mean "source"?)`},
		{"report:\n  similar_witin: 5\n", `c.yaml:2: unknown key "similar_witin" (did you mean "similar_within"?)`},
	} {
		_, err := Parse("c.yaml", []byte(c.yaml))
		if err == nil || err.Error() != c.want {
			t.Errorf("got %v\nwant %s", err, c.want)
		}
	}
}

// fill sets every field reachable from v: a pointer to a new value, a
// slice of one, a map of one entry, and each scalar to something the
// config's types read back.
func fill(v reflect.Value) {
	if v.Type() == reflect.TypeOf(Date{}) {
		v.Set(reflect.ValueOf(Date{report.MustDate("2021-02-01")}))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i))
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0))
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e)
		v.SetMapIndex(reflect.ValueOf("free_key"), e)
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int:
		v.SetInt(1)
	case reflect.Float64:
		v.SetFloat(1)
	default:
		panic("fill: a field of kind " + v.Kind().String())
	}
}

// Every key a config can hold is known: a config with every field set is
// written out by yaml.v3 (so the keys come from the decoder's own reading
// of the struct tags, not from knownKeys), and each key in turn,
// misspelt, must be refused with its line and the key suggested. Only a
// map's own keys (free, such as report.narrative's section ids) are
// taken as they come.
func TestEveryKeySuggested(t *testing.T) {
	var c Config
	fill(reflect.ValueOf(&c).Elem())
	doc, err := yaml.Marshal(&c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse("all.yaml", doc); err != nil {
		t.Fatalf("the config with every field set does not read back: %v\n%s", err, doc)
	}
	lines := strings.Split(string(doc), "\n")
	reKey := regexp.MustCompile(`^(\s*(?:- )?)([a-z_]+):`)
	checked, free := 0, 0
	for i, line := range lines {
		m := reKey.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		typo := m[2] + "q"
		mutated := append(append(append([]string(nil), lines[:i]...), m[1]+typo+line[len(m[0])-1:]), lines[i+1:]...)
		_, err := Parse("all.yaml", []byte(strings.Join(mutated, "\n")))
		if err == nil {
			if m[2] != "free_key" {
				t.Errorf("line %d: %q misspelt as %q was taken as a free key", i+1, m[2], typo)
			}
			free++
			continue
		}
		want := fmt.Sprintf(`all.yaml:%d: unknown key %q (did you mean %q?)`, i+1, typo, m[2])
		if err.Error() != want {
			t.Errorf("got %v\nwant %s", err, want)
		}
		checked++
	}
	if checked < 50 || free == 0 {
		t.Errorf("%d keys and %d free keys checked: the document is not the whole config\n%s", checked, free, doc)
	}
}

// Validate only checks: the defaults a config implies (the quarter's
// dates, trend.every) are filled in by ApplyDefaults before it, and
// Validate leaves the config as it found it, valid or not.
func TestValidateChangesNothing(t *testing.T) {
	for _, y := range []string{
		goodYAML,
		"authority: Devon\ndata: {api: a.jsonl}\nperiod: {quarter: 2020-Q4, trend: {from: 2019-01-01}}\n",
		"authority: Devon\ndata: {api: a.jsonl}\nperiod: {as_at: 2021-01-01, trend: {from: 2022-01-01}}\n",
		"data: {api: a.jsonl}\nperiod: {quarter: 2020-Q4}\n",
		"authority: Devon\ndata: {api: a.jsonl}\nperiod: {as_at: 2021-01-01}\nhealth: {}\n",
		"authority: Devon\ndata: {api: a.jsonl}\nperiod: {as_at: 2021-01-01}\nhealth: {sectors: [wibble]}\n",
	} {
		for _, defaults := range []bool{false, true} {
			c, err := Parse("c.yaml", []byte(y))
			if err != nil {
				t.Fatal(err)
			}
			if defaults {
				if err := c.ApplyDefaults(); err != nil {
					t.Fatal(err)
				}
			}
			before, _ := yaml.Marshal(c)
			c.Validate()
			if after, _ := yaml.Marshal(c); !bytes.Equal(before, after) {
				t.Errorf("Validate (defaults applied: %v) changed the config:\n%s\nto\n%s", defaults, before, after)
			}
		}
	}
	// The defaults are ApplyDefaults': without it, Validate fills none in
	// and says what is missing.
	c, err := Parse("c.yaml", []byte("authority: Devon\ndata: {api: a.jsonl}\nperiod: {quarter: 2020-Q4, trend: {from: 2019-01-01}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	var ce *Error
	if err := c.Validate(); !errors.As(err, &ce) || ce.Key != "period.as_at" {
		t.Errorf("Validate before ApplyDefaults: %v, want period.as_at required", err)
	}
	if !c.Period.AsAt.IsZero() || c.Period.Trend.Every != "" {
		t.Errorf("Validate filled in defaults: as_at %v, every %q", c.Period.AsAt, c.Period.Trend.Every)
	}
	if err := c.ApplyDefaults(); err != nil {
		t.Fatal(err)
	}
	if c.Period.AsAt.String() != "2021-01-01" || c.Period.Trend.Every != "quarter" {
		t.Errorf("ApplyDefaults: as_at %v, every %q", c.Period.AsAt, c.Period.Trend.Every)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	// A quarter that contradicts a date set by hand is ApplyDefaults'
	// error, naming period.quarter.
	c, _ = Parse("c.yaml", []byte("authority: Devon\ndata: {api: a.jsonl}\nperiod: {quarter: 2020-Q4, as_at: 2021-02-01}\n"))
	if err := c.ApplyDefaults(); !errors.As(err, &ce) || ce.Key != "period.quarter" {
		t.Errorf("a contradicted quarter: %v", err)
	}
}
