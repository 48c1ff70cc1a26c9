package since

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carereport/carereport/report"
)

func set(asAt string, rows ...[]string) *report.TableSet {
	t := &report.Table{ID: "services", Columns: []string{"location_id", "name", "service_type", "rating", "rating_date"}}
	for _, r := range rows {
		var cells []report.Cell
		for _, c := range r {
			cells = append(cells, report.Str(c))
		}
		t.Rows = append(t.Rows, cells)
	}
	return &report.TableSet{Authority: "Devon", AsAt: asAt, Tables: []*report.Table{t}}
}

func TestParseRoundTrip(t *testing.T) {
	s := set("2021-02-01", []string{"1-1", "A & B <home>", "care home", "good", "2020-01-02"}, []string{"1-2", "C", "community", "not_rated", ""})
	s.Synthetic = true
	s.Tables = append(s.Tables, &report.Table{ID: "ratings_by_service_type", Title: "Ratings", Columns: []string{"rating", "all", "all_pct"},
		Rows: [][]report.Cell{{report.Str("good"), report.Int(12), report.Num(74.5, 1)}, {report.Str("total"), report.Int(0), report.Null()}}})
	b, err := s.JSON()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("x.json", b)
	if err != nil {
		t.Fatal(err)
	}
	b2, err := got.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Fatalf("round trip differs:\n%s\n%s", b, b2)
	}
	if !got.Synthetic {
		t.Fatal("synthetic lost")
	}
}

func TestParseErrors(t *testing.T) {
	good := `{"authority":"Devon","as_at":"2021-02-01","tables":[{"id":"t","title":"T","columns":["a","b"],"rows":[["x",1]]}]}`
	cases := []struct{ name, in, want string }{
		{"empty", ``, "x.json: empty: not a carereport tables JSON"},
		{"list", `[]`, "x.json:1: expected an object (a carereport tables JSON), found a list"},
		{"manifest", `{"format":"carereport-manifest/1"}`, `x.json:1: format: not a key of a carereport tables JSON`},
		{"no tables", `{"authority":"Devon","as_at":"2021-02-01"}`, "x.json: tables: missing"},
		{"bad date", strings.Replace(good, "2021-02-01", "2021-02-30", 1), `x.json: as_at: "2021-02-30" is not a date`},
		{"twice", `{"authority":"a","authority":"b"}`, "x.json:1: authority: given twice"},
		{"short row", strings.Replace(good, `["x",1]`, `["x"]`, 1), "x.json:1: tables[0].rows[0]: 1 cells for the table's 2 columns"},
		{"long row", strings.Replace(good, `["x",1]`, `["x",1,2]`, 1), "x.json:1: tables[0].rows[0][2]: more cells than the table's 2 columns"},
		{"bool cell", strings.Replace(good, `["x",1]`, `["x",true]`, 1), "x.json:1: tables[0].rows[0][1]: expected a number, text or null, found true"},
		{"exponent", strings.Replace(good, `["x",1]`, `["x",1e3]`, 1), "tables[0].rows[0][1]: 1e3: a figure is written without an exponent"},
		{"syntax", "{\n\"authority\": \"Devon\",\n\"as_at\" 1}", "x.json:3: as_at: invalid character '1' after object key"},
		{"truncated", good[:60], "the JSON ends too soon"},
		{"dup table", strings.Replace(good, `]}]}`, `]},{"id":"t","columns":[],"rows":[]}]}`, 1), `x.json:1: tables[1].id: "t" is given twice`},
		{"dup column", strings.Replace(good, `["a","b"]`, `["a","a"]`, 1), `tables[0].columns[1]: column "a" is empty or given twice`},
		{"rows first", `{"authority":"Devon","as_at":"2021-02-01","tables":[{"id":"t","rows":[]}]}`, "tables[0].rows: come before columns"},
		{"after", good + " {}", "x.json:1: more after the closing brace"},
		{"not utf8", "{\"authority\":\"\xff\"}", "x.json:1: not valid UTF-8"},
		{"control", `{"authority\u001b[31m":1}`, `authority\u001b[31m: not a key`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("x.json", []byte(c.in))
			if err == nil {
				t.Fatalf("no error for %q", c.in)
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) {
				t.Fatalf("error %q does not contain %q", msg, c.want)
			}
			if strings.ContainsAny(msg, "\n\x1b") {
				t.Fatalf("error is not one safe line: %q", msg)
			}
			var e *Error
			if !errors.As(err, &e) || e.File != "x.json" {
				t.Fatalf("error %T does not name the file", err)
			}
		})
	}
	if _, err := Parse("x.json", []byte(good)); err != nil {
		t.Fatalf("the good one: %v", err)
	}
}

func TestParseLimits(t *testing.T) {
	if _, err := Parse("big.json", make([]byte, MaxSize+1)); err == nil || !strings.Contains(err.Error(), "larger than 8 MB") {
		t.Fatalf("size: %v", err)
	}
	var b strings.Builder
	b.WriteString(`{"authority":"Devon","as_at":"2021-02-01","tables":[{"id":"t","columns":["a"],"rows":[`)
	for i := 0; i <= MaxCells; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("[1]")
	}
	b.WriteString(`]}]}`)
	if _, err := Parse("cells.json", []byte(b.String())); err == nil || !strings.Contains(err.Error(), "more than 1000000 cells") {
		t.Fatalf("cells: %v", err)
	}
	long := `{"authority":"` + strings.Repeat("a", MaxTextLen+1) + `"}`
	if _, err := Parse("long.json", []byte(long)); err == nil || !strings.Contains(err.Error(), "authority: longer than 64 kB") {
		t.Fatalf("text: %v", err)
	}
	dir := t.TempDir()
	if _, err := Read(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("folder: %v", err)
	}
	if _, err := Read(filepath.Join(dir, "none.json")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("missing: %v", err)
	}
}

func TestCompareKinds(t *testing.T) {
	old := set("2020-02-01",
		[]string{"1-1", "Fell Home", "care home", "good", "2019-01-01"},
		[]string{"1-2", "Rose Home", "care home", "requires_improvement", "2019-01-01"},
		[]string{"1-3", "First Home", "community", "not_rated", ""},
		[]string{"1-4", "Closed Home", "care home", "inadequate", "2019-01-01"},
		[]string{"1-5", "Same Home", "care home", "good", "2019-01-01"},
		[]string{"1-6", "Again Home", "care home", "inadequate", "2019-01-01"},
		[]string{"1-7", "Lost Rating", "community", "good", "2019-01-01"},
	)
	cur := set("2021-02-01",
		[]string{"1-1", "Fell Home", "care home", "inadequate", "2020-06-01"},
		[]string{"1-2", "Rose Home", "care home", "good", "2020-06-01"},
		[]string{"1-3", "First Home", "community", "inadequate", "2020-07-01"},
		[]string{"1-5", "Same Home", "care home", "good", "2019-01-01"},
		[]string{"1-6", "Again Home", "care home", "inadequate", "2020-08-01"},
		[]string{"1-7", "Lost Rating", "community", "not_rated", ""},
		[]string{"1-8", "New Home", "care home", "inadequate", "2020-09-01"},
	)
	ch, err := Compare(Input{"old.json", old}, Input{"new.json", cur}, 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range ch.Services {
		got = append(got, s.Kind+":"+s.ID)
	}
	want := "fell:1-1 rose:1-2 first_rated:1-3 no_longer_rated:1-7 registered:1-8 closed:1-4 rated_again:1-6"
	if strings.Join(got, " ") != want {
		t.Fatalf("changes %v, want %s", got, want)
	}
	var inad *RatingCount
	for i := range ch.Ratings {
		if ch.Ratings[i].Rating == "inadequate" {
			inad = &ch.Ratings[i]
		}
	}
	var newly []string
	for _, c := range inad.Newly {
		newly = append(newly, c.Name)
	}
	// Again Home was Inadequate before too: not newly.
	if inad.Before != 2 || inad.Now != 4 || strings.Join(newly, ",") != "Fell Home,First Home,New Home" {
		t.Fatalf("inadequate %d then %d now, newly %v", inad.Before, inad.Now, newly)
	}
	if !ch.Differs() {
		t.Fatal("Differs false")
	}
	same, err := Compare(Input{"a", cur}, Input{"b", cur}, 3)
	if err != nil || same.Differs() {
		t.Fatalf("the same set differs: %v %+v", err, same)
	}
}

func TestCompareFigures(t *testing.T) {
	mk := func(asAt string, gob, ri float64) *report.TableSet {
		s := set(asAt)
		s.Tables = append(s.Tables, &report.Table{ID: "ratings_by_service_type", Columns: []string{"rating", "all", "all_pct", "previous_pct"},
			Rows: [][]report.Cell{{report.Str("requires_improvement"), report.Int(1), report.Num(ri, 0), report.Num(0, 0)},
				{report.Str("good_or_better"), report.Int(1), report.Num(gob, 0), report.Num(50, 0)}}},
			&report.Table{ID: "inspections_in_period", Columns: []string{"rating", "all_pct"}, Rows: [][]report.Cell{{report.Str("good"), report.Num(gob, 0)}}})
		return s
	}
	ch, err := Compare(Input{"a", mk("2020-01-01", 80, 10)}, Input{"b", mk("2021-01-01", 83, 12)}, 3)
	if err != nil {
		t.Fatal(err)
	}
	// 80 -> 83 is 3 points: listed (at least the threshold); 10 -> 12 is
	// not; a previous_ column and a table not compared are never listed.
	if len(ch.Figures) != 1 || ch.Figures[0].Row != "good_or_better" || ch.Figures[0].Change != 3 {
		t.Fatalf("figures %+v", ch.Figures)
	}
	if g := ch.GoodOrBetter; g == nil || g.Before != 80 || g.Now != 83 {
		t.Fatalf("good or better %+v", g)
	}
	ch, _ = Compare(Input{"a", mk("2020-01-01", 80, 10)}, Input{"b", mk("2021-01-01", 82, 12)}, 3)
	if len(ch.Figures) != 0 || ch.Differs() {
		t.Fatalf("a move under the threshold listed: %+v", ch.Figures)
	}
}

func TestCompareRefuses(t *testing.T) {
	a := set("2020-02-01")
	b := set("2021-02-01")
	other := set("2021-02-01")
	other.Authority = "Somerset"
	cases := []struct {
		old, cur *report.TableSet
		want     string
	}{
		{a, other, `old.json: authority: "Devon", but new.json is of "Somerset"`},
		{b, a, "old.json: as_at: 2021-02-01 is after new.json's 2020-02-01: give the earlier paper first"},
		{&report.TableSet{Authority: "Devon", AsAt: "2020-01-01"}, b, "old.json: tables: has no services table"},
		{set("2020-01-01", []string{"1-1", "A", "care home", "great", ""}), b, `old.json: services.rows[0].rating: "great" is not a rating id`},
		{set("2020-01-01", []string{"1-1", "A", "care home", "good", ""}, []string{"1-1", "A", "care home", "good", ""}), b, `services.rows[1].location_id: "1-1" is empty or listed twice`},
	}
	for _, c := range cases {
		_, err := Compare(Input{"old.json", c.old}, Input{"new.json", c.cur}, 3)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	s := set("2021-02-01", []string{"1-1", "A", "care home", "good", "2020-01-02"})
	b, _ := s.JSON()
	f.Add(b)
	f.Add([]byte(`{"authority":"Devon","as_at":"2021-02-01","tables":[{"id":"t","columns":["a","b_pct"],"rows":[["x",1.5],[null,"y"]]}]}`))
	f.Add([]byte(`{"authority":"Devon","synthetic":true,"as_at":"2021-02-01","tables":[]}`))
	if m, err := filepath.Glob("../../testdata/golden/*.json"); err == nil {
		for _, p := range m {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Parse("f.json", b)
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "f.json") || strings.ContainsAny(msg, "\n\r\x1b") {
				t.Fatalf("error not one line naming the file: %q", msg)
			}
			return
		}
		// What parses writes back and parses to the same.
		out, err := got.JSON()
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse("g.json", out)
		if err != nil {
			t.Fatalf("written back, it does not parse: %v\n%s", err, out)
		}
		out2, _ := again.JSON()
		if !bytes.Equal(out, out2) {
			t.Fatalf("not stable:\n%s\n%s", out, out2)
		}
		// And a comparison with itself finds nothing (or refuses it).
		if ch, err := Compare(Input{"a", got}, Input{"b", got}, 3); err == nil && ch.Differs() {
			t.Fatalf("a set differs from itself: %+v", ch)
		}
		_ = fmt.Sprint(got.Authority)
	})
}
