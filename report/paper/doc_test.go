package paper

import (
	"fmt"
	"strings"
	"testing"
	"text/template"

	"github.com/carereport/carereport/report"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/doc"
	dmd "github.com/carereport/carereport/report/doc/markdown"
	"github.com/carereport/carereport/report/render/chart"
	"github.com/carereport/carereport/report/spec"
)

// testDoc is a Doc with a table, a chart and nothing else.
func testDoc() *Doc {
	d := &Doc{own: map[doc.Block]bool{}, Has: map[string]bool{}, S: map[string]string{}, N: map[string]string{}}
	tab := (&docTable{Caption: "Beds", Header: []string{"Area", "Beds"}, Rows: [][]string{{"Heath", "10"}, {"All areas", "30"}}})
	t := tab.doc()
	t.Rows[1].Total = true
	c := &chart.Chart{Title: "Shares", Rows: []chart.Row{{Label: "Heath", Values: []chart.Value{{Raw: "5", V: 5}}}}}
	if err := c.Finish(); err != nil {
		panic(err)
	}
	d.Tables = map[string]*Blocks{"beds": d.blocks(false, t), "none": d.blocks(false, (*doc.Table)(nil)), "lead": d.blocks(true, t)}
	d.Charts = map[string]*Blocks{"shares": d.blocks(false, &doc.Figure{Chart: c})}
	d.Narrative = map[string]*Blocks{}
	return d
}

// runDoc runs src as a template over d into blocks, as Build runs the
// paper's template (opts: how the text is read), then numbers them.
func runDoc(t *testing.T, d *Doc, src string, opts dmd.Options) []doc.Block {
	t.Helper()
	g := newGuard(paperLimits)
	g.d = d
	tm, err := template.New("t").Funcs(g.funcs()).Option("missingkey=error").Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	b := newBuilder(d, g, opts)
	if err := b.run(tm, "t", d); err != nil {
		t.Fatal(err)
	}
	bs, err := b.blocks()
	if err != nil {
		t.Fatal(err)
	}
	numberBlocks(bs, d.own)
	return bs
}

// show writes blocks in short: P2 for the paragraph numbered 2, P+ for a
// lead-in, T for a table by caption, F for a chart by title, L1 for an
// ordered list from 1.
func show(bs []doc.Block) string {
	var out []string
	for _, b := range bs {
		switch x := b.(type) {
		case *doc.Heading:
			out = append(out, fmt.Sprintf("H%d %s", x.Level, doc.PlainText(x.Content)))
		case *doc.Para:
			k := "P"
			if x.Number > 0 {
				k += fmt.Sprint(x.Number)
			}
			if x.KeepWithNext {
				k += "+"
			}
			out = append(out, k+" "+doc.PlainText(x.Content))
		case *doc.Table:
			out = append(out, "T "+x.Caption)
		case *doc.Figure:
			out = append(out, "F "+x.Chart.Title)
		case *doc.List:
			if x.Ordered {
				out = append(out, fmt.Sprintf("L%d", x.Start))
			} else {
				out = append(out, "L")
			}
		default:
			out = append(out, fmt.Sprintf("%T", b))
		}
	}
	return strings.Join(out, " | ")
}

// Text, a table, text, a chart and a narrative section come out in the
// order the template places them, the narrative's own table among them;
// paragraphs, tables and charts are numbered in that order, and an
// officer's ordered list is not numbered with the paragraphs.
func TestBuilderOrder(t *testing.T) {
	d := testDoc()
	nb := newBuilder(d, newGuard(narrativeLimits), narrativeText)
	ng := newGuard(narrativeLimits)
	ng.d = d
	nb.g = ng
	nt := template.Must(template.New("n").Funcs(ng.funcs()).Parse("Officer text.\n\n1. one\n2. two\n\n{{.Tables.beds}}\n\n{{para}} The officer's own numbered one.\n"))
	if err := nb.run(nt, "n", d); err != nil {
		t.Fatal(err)
	}
	nbs, err := nb.blocks()
	if err != nil {
		t.Fatal(err)
	}
	d.Narrative["n"] = &Blocks{d: d, blocks: nbs}
	got := show(runDoc(t, d, "# Title\n\n{{para}} Intro.\n\n{{.Tables.beds}}\n\nMiddle text.\n\n{{.Charts.shares}}\n\n{{numbered .Narrative.n}}\n\n{{para}} End.\n", templateText))
	want := "H1 Title | P1 Intro. | T Table 1: Beds | P Middle text. | F Figure 1: Shares | P2 Officer text. | L1 | T Table 2: Beds | P3 The officer's own numbered one. | P4 End."
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// The narrative placed twice is numbered twice, each where it stands.
	got = show(runDoc(t, d, "{{.Narrative.n}}{{.Narrative.n}}", templateText))
	want = "P Officer text. | L1 | T Table 1: Beds | P1 The officer's own numbered one. | P Officer text. | L1 | T Table 2: Beds | P2 The officer's own numbered one."
	if got != want {
		t.Errorf("twice: got  %s\nwant %s", got, want)
	}
}

// A table the data lacks is nil: printing it places nothing, and
// {{if}} and {{with}} are false for it.
func TestEmptyTable(t *testing.T) {
	got := show(runDoc(t, testDoc(), "A{{.Tables.none}}B\n\n{{if .Tables.none}}shown{{else}}absent{{end}} {{with .Tables.none}}{{.}}with{{end}}\n\n{{if .Tables.beds}}present{{end}}", templateText))
	if want := "P AB | P absent | P present"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// A table is placed once however it is printed: measured by print's
// guard, printed through printf, or with the whole map.
func TestTablePlacedOnce(t *testing.T) {
	got := show(runDoc(t, testDoc(), `{{print .Tables.beds}}{{printf "%v" .Charts.shares}}{{print .Charts}}`, templateText))
	if want := "T Table 1: Beds | F Figure 1: Shares | F Figure 2: Shares | P map[shares:]"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// The lead-in: a table that says the paragraph before introduces it
// keeps that paragraph with it; other paragraphs are not kept, and no
// colon is looked for.
func TestLeadIn(t *testing.T) {
	got := show(runDoc(t, testDoc(), "The ratings are\n\n{{.Tables.lead}}\n\nThese are:\n\n{{.Tables.beds}}\n\n## Heading\n\n{{.Tables.lead}}", templateText))
	if want := "P+ The ratings are | T Table 1: Beds | P These are: | T Table 2: Beds | H2 Heading | T Table 3: Beds"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// An officer's hand-written lead-in is read as hand-written
	// Markdown is: by its colon.
	got = show(runDoc(t, testDoc(), "Members are asked to:\n\n- note\n", narrativeText))
	if want := "P+ Members are asked to: | L"; got != want {
		t.Errorf("narrative: got  %s\nwant %s", got, want)
	}
}

// A user's template tests a table with {{if .Tables.NAME}}: the paper
// has a table of beds and, with no trend, none of the trend.
func TestUserTemplateIfTable(t *testing.T) {
	in := Inputs{
		Settings:     Settings{Style: "committee", Title: "T"},
		TemplatesDir: "tdir",
		Templates: []Source{{ID: "committee.md.tmpl", Path: "tdir/committee.md.tmpl",
			Text: []byte("{{if .Tables.beds}}{{para}} Beds:\n\n{{.Tables.beds}}{{end}}\n\n{{if .Tables.trend}}{{.Tables.trend}}{{else}}No trend.{{end}}\n")}},
		Result: result(),
	}
	d, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := show(d.Blocks), "P1 Beds: | T Table 1: Care homes and beds | P No trend."; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// The numbering pass numbers the paragraphs marked, the paper's own
// tables and charts (the chart's data caption carries its number), in
// reading order; an officer's own table and chart keep their captions.
func TestNumberBlocks(t *testing.T) {
	ownT, theirT := &doc.Table{Caption: "Ours"}, &doc.Table{Caption: "Theirs"}
	ownF, theirF := &doc.Figure{Chart: &chart.Chart{Title: "Our chart"}}, &doc.Figure{Chart: &chart.Chart{Title: "Their chart"}}
	bs := []doc.Block{&doc.Para{Number: 1}, theirT, &doc.Para{}, ownT, &doc.Para{Number: 1}, theirF, ownF, &doc.Para{Number: 7}, ownT2()}
	own := map[doc.Block]bool{ownT: true, ownF: true, bs[8]: true}
	numberBlocks(bs, own)
	var got []string
	for _, b := range bs {
		switch x := b.(type) {
		case *doc.Para:
			got = append(got, fmt.Sprint(x.Number))
		case *doc.Table:
			got = append(got, x.Caption)
		case *doc.Figure:
			got = append(got, x.Chart.Title)
		}
	}
	want := "1, Theirs, 0, Table 1: Ours, 2, Their chart, Figure 1: Our chart, 3, Table 2: More"
	if strings.Join(got, ", ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, ", "), want)
	}
	if c := chart.DataCaption(ownF.Chart.Title); c != "Data for Figure 1: Our chart" {
		t.Errorf("data caption %q", c)
	}
}

func ownT2() *doc.Table { return &doc.Table{Caption: "More"} }

// A table's total row is the row the table holds as its total (the row
// id "total"), whatever its label; a row that only reads "Total" (a
// service of that name) is not.
func TestTotalRowFromWhatItIs(t *testing.T) {
	st := spec.New("x", "X", "area", spec.Column{Name: "n", Kind: spec.Count, Label: "Number"})
	st.Add(spec.Row{ID: "heath", Label: "Heath"}, report.Int(3))
	st.Add(spec.Row{ID: "total", Label: "All services"}, report.Int(4))
	m := newTableMaker(result(), "Heath")
	tab := m.show(st, spec.View{Caption: "C", Stub: "Area", Columns: []spec.ViewColumn{spec.Show("n")}})
	if tab.Rows[0].Total || !tab.Rows[1].Total {
		t.Errorf("total rows %v, %v; want the row of totals, labelled All services", tab.Rows[0].Total, tab.Rows[1].Total)
	}
	r := result()
	r.Named = []cqc.NamedService{{Name: "Total", Provider: "P", Type: "care home", Rating: report.Inadequate, KQPublished: true}}
	r.DeclareTables()
	m = newTableMaker(r, "Heath")
	named := m.show(m.namedView())
	if named.Rows[0].Total || doc.PlainText(named.Rows[0].Cells[0]) != "Total" {
		t.Errorf("a service named Total: %+v", named.Rows[0])
	}
}
