package pipeline

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/since"
)

// devonTables writes Devon's tables JSON as at day from the real records
// (config with data.api and period.as_at) and returns its path.
func devonTables(t *testing.T, dir, day string) (string, *report.TableSet) {
	t.Helper()
	rs := realSample(t)
	y := "authority: Devon\ncomparators:\n  authorities: [" + strings.Join(rs.comps, ", ") + "]\nperiod:\n  as_at: " + day +
		"\ndata:\n  api: " + rs.path + "\n"
	cfgPath := filepath.Join(dir, "devon-"+day+".yaml")
	if err := os.WriteFile(cfgPath, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	in, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compute(c, in, "")
	if err != nil {
		t.Fatal(err)
	}
	set := TableSet(r)
	b, err := set.JSON()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "devon-"+day+"-tables.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p, set
}

// independentAt is the independent count's in-scope services of Devon on
// day: ID -> canonical rating ("not_rated" for none).
func independentAt(t *testing.T, locs []indLoc, day string) map[string]string {
	out := map[string]string{}
	for id, r := range figures(t, locs, []string{"Devon"}, day, day).byID {
		out[id] = "not_rated"
		if r != nil {
			out[id] = r.overall
		}
	}
	return out
}

func TestServicesTableEqualsIndependentCount(t *testing.T) {
	dir := t.TempDir()
	locs := readSample(t, realSample(t).path)
	for _, day := range []string{"2020-02-01", "2021-02-01"} {
		_, set := devonTables(t, dir, day)
		want := independentAt(t, locs, day)
		tb := set.Find("services")
		if tb == nil {
			t.Fatal("no services table")
		}
		got := map[string]string{}
		for _, row := range tb.Rows {
			got[row[0].Text] = row[3].Text
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d services, the independent count %d", day, len(got), len(want))
		}
		for id, r := range want {
			if got[id] != r {
				t.Errorf("%s: %s rated %q, the independent count %q", day, id, got[id], r)
			}
		}
	}
}

// TestDiffDevonNewlyInadequate is issue 20's check: Devon's tables as at 1
// February 2020 and 1 February 2021 differ, with 3 services rated
// Inadequate then and 8 now, and the comparison names each service rated
// Inadequate now that was not then, as an independent count of the
// records finds them.
func TestDiffDevonNewlyInadequate(t *testing.T) {
	dir := t.TempDir()
	oldPath, _ := devonTables(t, dir, "2020-02-01")
	newPath, _ := devonTables(t, dir, "2021-02-01")
	old, err := since.Read(oldPath)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := since.Read(newPath)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := since.Compare(since.Input{File: oldPath, Set: old}, since.Input{File: newPath, Set: cur}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !ch.Differs() {
		t.Fatal("the two dates do not differ")
	}
	locs := readSample(t, realSample(t).path)
	then, now := independentAt(t, locs, "2020-02-01"), independentAt(t, locs, "2021-02-01")
	var wantThen, wantNow, wantNewly []string
	for id, r := range then {
		if r == "inadequate" {
			wantThen = append(wantThen, id)
		}
	}
	for id, r := range now {
		if r == "inadequate" {
			wantNow = append(wantNow, id)
			if then[id] != "inadequate" {
				wantNewly = append(wantNewly, id)
			}
		}
	}
	if len(wantThen) != 3 || len(wantNow) != 8 {
		t.Fatalf("the independent count has %d Inadequate then and %d now, not 3 and 8", len(wantThen), len(wantNow))
	}
	var rc *since.RatingCount
	for i := range ch.Ratings {
		if ch.Ratings[i].Rating == "inadequate" {
			rc = &ch.Ratings[i]
		}
	}
	var gotNewly, names []string
	for _, c := range rc.Newly {
		gotNewly = append(gotNewly, c.ID)
		names = append(names, c.Name)
	}
	sort.Strings(gotNewly)
	sort.Strings(wantNewly)
	if rc.Before != 3 || rc.Now != 8 || !slices.Equal(gotNewly, wantNewly) {
		t.Fatalf("inadequate: %d then, %d now, newly %v; the independent count: 3, 8, %v", rc.Before, rc.Now, gotNewly, wantNewly)
	}

	// A paper with report.previous_paper has the section, naming them.
	rs := realSample(t)
	y := "authority: Devon\ncomparators:\n  authorities: [" + strings.Join(rs.comps, ", ") + "]\nperiod:\n  as_at: 2021-02-01\n  previous: 2020-02-01\n" +
		"data:\n  api: " + rs.path + "\nreport:\n  previous_paper: " + filepath.Base(oldPath) + "\n"
	for _, style := range []string{"scrutiny", "quality-account"} {
		cfgPath := filepath.Join(dir, style+".yaml")
		if err := os.WriteFile(cfgPath, []byte(y+"  style: "+style+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := config.Load(cfgPath)
		if err != nil {
			t.Fatal(err)
		}
		in, err := Load(c)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Compute(c, in, "")
		if err != nil {
			t.Fatal(err)
		}
		files, err := Paper(&Plan{Config: c, Result: r}, in, []string{"md"}, Run{})
		if err != nil {
			t.Fatal(err)
		}
		md := string(files[0].Data)
		head := "## Since the Last Report"
		if style == "quality-account" {
			head = "### 2.5 Since the last report"
		}
		i := strings.Index(md, head)
		if i < 0 {
			t.Fatalf("%s: no section %q", style, head)
		}
		if style == "scrutiny" && i < strings.Index(md, "How ratings changed between") {
			t.Errorf("scrutiny: the section comes before the year-on-year part")
		}
		sec := md[i:]
		if j := strings.Index(sec[len(head):], "\n## "); j >= 0 {
			sec = sec[:len(head)+j]
		}
		if !strings.Contains(sec, "On 1 February 2021, 8 services were rated Inadequate, against 3 on 1 February 2020; newly rated Inadequate: ") {
			t.Errorf("%s: no Inadequate sentence in:\n%s", style, sec)
		}
		for _, n := range names {
			if !strings.Contains(sec, n) { // the writer escapes no "&" that cannot start an entity
				t.Errorf("%s: the section does not name %q", style, n)
			}
		}
		// The manifest lists the earlier paper as an input.
		if !strings.Contains(string(files[len(files)-1].Data), `"report.previous_paper"`) {
			t.Errorf("%s: the manifest does not list report.previous_paper", style)
		}
	}
}

func TestPreviousPaperRefused(t *testing.T) {
	dir := t.TempDir()
	newPath, _ := devonTables(t, dir, "2021-02-01")
	rs := realSample(t)
	other := filepath.Join(dir, "other.json")
	os.WriteFile(other, []byte(`{"authority":"Somerset","as_at":"2020-01-01","tables":[]}`), 0o644)
	notJSON := filepath.Join(dir, "notes.json")
	os.WriteFile(notJSON, []byte("hello"), 0o644)
	for _, c := range []struct{ file, want string }{
		{filepath.Base(newPath), "report.previous_paper: " + newPath + " is as at 2021-02-01, not before this paper's 2021-02-01"},
		{"other.json", "is Somerset's paper, not Devon's"},
		{"notes.json", "report.previous_paper: " + notJSON + ":1: invalid character 'h'"},
		{"missing.json", "no such file"},
	} {
		y := "authority: Devon\nperiod:\n  as_at: 2021-02-01\ndata:\n  api: " + rs.path + "\nreport:\n  previous_paper: " + c.file + "\n"
		cfgPath := filepath.Join(dir, "c.yaml")
		os.WriteFile(cfgPath, []byte(y), 0o644)
		cfg, err := config.Load(cfgPath)
		if err != nil {
			t.Fatal(err)
		}
		in, err := Load(cfg)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Compute(cfg, in, "")
		if err != nil {
			t.Fatal(err)
		}
		_, err = Paper(&Plan{Config: cfg, Result: r}, in, []string{"md"}, Run{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.file, err, c.want)
		}
	}
}
