package docx

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/carereport/carereport/report/doc"
	"github.com/carereport/carereport/report/render/chart"
)

// These tests build the document's blocks directly, so they show the
// writer reads the model's fields (a paragraph's Number, a row's Total, a
// paragraph's KeepWithNext) and finds nothing from the text.

func text(s string) []doc.Inline { return []doc.Inline{doc.Text{S: s}} }

func numbered(n int, s string) *doc.Para { return &doc.Para{Number: n, Content: text(s)} }

func orderedList(start int, items ...string) *doc.List {
	l := &doc.List{Ordered: true, Start: start, Tight: true}
	for _, s := range items {
		l.Items = append(l.Items, doc.Item{Blocks: []doc.Block{&doc.Para{Content: text(s)}}})
	}
	return l
}

// wordPara is one paragraph of document.xml.
type wordPara struct {
	text, num, xml string
}

var (
	reWordP   = regexp.MustCompile(`(?s)<w:p>.*?</w:p>`)
	reWordNum = regexp.MustCompile(`<w:numId w:val="(\d+)"/>`)
)

// wordParas are the paragraphs of a .docx, outside tables, each with its
// text and w:numId ("" when it has none).
func wordParas(t *testing.T, out []byte) []wordPara {
	t.Helper()
	body := parts(t, out)["word/document.xml"]
	body = regexp.MustCompile(`(?s)<w:tbl>.*?</w:tbl>`).ReplaceAllString(body, "")
	var ps []wordPara
	for _, p := range reWordP.FindAllString(body, -1) {
		wp := wordPara{text: docWords(p), xml: p}
		if m := reWordNum.FindStringSubmatch(p); m != nil {
			wp.num = m[1]
		}
		ps = append(ps, wp)
	}
	return ps
}

func paraWith(t *testing.T, ps []wordPara, s string) wordPara {
	t.Helper()
	for _, p := range ps {
		if p.text == s {
			return p
		}
	}
	t.Fatalf("no Word paragraph reads %q", s)
	return wordPara{}
}

// start is where numbering.xml starts w:num id: its startOverride, or 1
// when it has none; and the w:abstractNumId it is an instance of.
func start(t *testing.T, numbering, id string) (string, string) {
	t.Helper()
	m := regexp.MustCompile(`<w:num w:numId="` + id + `"><w:abstractNumId w:val="(\d+)"/>(?:<w:lvlOverride w:ilvl="0"><w:startOverride w:val="(\d+)"/></w:lvlOverride>)?</w:num>`).FindStringSubmatch(numbering)
	if m == nil {
		t.Fatalf("numbering.xml has no w:num %s", id)
	}
	if m[2] == "" {
		return "1", m[1]
	}
	return m[2], m[1]
}

// A numbered paragraph is in the paper's numbering and shows its own
// number: the first, numbered 7, starts the numbering at 7.
func TestParaNumberIsTheWordNumber(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Heading{Level: 1, Content: text("Paper")},
		numbered(7, "Seventh."),
		&doc.Para{Content: text("Plain.")},
		numbered(8, "Eighth."),
	}}
	out := renderDoc(t, d, Options{})
	ps := wordParas(t, out)
	numbering := parts(t, out)["word/numbering.xml"]
	seventh, eighth := paraWith(t, ps, "Seventh."), paraWith(t, ps, "Eighth.")
	if seventh.num != "1" || eighth.num != "1" {
		t.Errorf("numIds %q and %q, want the paper's numbering (1) for both", seventh.num, eighth.num)
	}
	if n := paraWith(t, ps, "Plain.").num; n != "" {
		t.Errorf("a plain paragraph is numbered (numId %s)", n)
	}
	if s, _ := start(t, numbering, "1"); s != "7" {
		t.Errorf("the paper's numbering starts at %s, want 7", s)
	}
	// A paper numbered from 1 has no override: the numbering of the
	// samples is unchanged.
	d.Blocks[1], d.Blocks[3] = numbered(1, "Seventh."), numbered(2, "Eighth.")
	if s, _ := start(t, parts(t, renderDoc(t, d, Options{}))["word/numbering.xml"], "1"); s != "1" {
		t.Errorf("a paper from 1 starts its numbering at %s", s)
	}
}

// Paragraphs numbered again from 1 part-way (an earlier paper's text read
// with the paper's conventions) get a numbering of their own, with an
// abstract numbering of its own so Word counts it apart, and the paper's
// numbering then goes on where it was.
func TestParaNumbersThatRestart(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{
		numbered(1, "One."), numbered(2, "Two."),
		numbered(1, "Again one."), numbered(2, "Again two."),
		numbered(3, "Three."),
	}}
	out := renderDoc(t, d, Options{})
	ps := wordParas(t, out)
	numbering := parts(t, out)["word/numbering.xml"]
	paper, again := paraWith(t, ps, "One.").num, paraWith(t, ps, "Again one.").num
	if paper == again {
		t.Fatalf("the paragraphs numbered again from 1 share the paper's numbering %s", paper)
	}
	for s, want := range map[string]string{"Two.": paper, "Again two.": again, "Three.": paper} {
		if got := paraWith(t, ps, s).num; got != want {
			t.Errorf("%q has numId %s, want %s", s, got, want)
		}
	}
	sp, ap := start(t, numbering, paper)
	sa, aa := start(t, numbering, again)
	if sp != "1" || sa != "1" {
		t.Errorf("starts %s and %s, want 1 and 1", sp, sa)
	}
	if ap == aa {
		t.Errorf("both numberings are instances of abstract numbering %s: Word would count them as one", ap)
	}
	if !strings.Contains(numbering, `<w:abstractNum w:abstractNumId="`+aa+`">`) {
		t.Errorf("numbering.xml lacks abstract numbering %s", aa)
	}
	wellFormed(t, "numbering.xml", numbering)
}

// officerList is a numbered paragraph, an officer's ordered list from 1
// straight after it, and the paper's next paragraph.
func officerList() *doc.Document {
	return &doc.Document{Blocks: []doc.Block{
		&doc.Heading{Level: 2, Content: text("Recommendations")},
		numbered(4, "The fourth paragraph."),
		numbered(5, "The Committee is asked to:"),
		orderedList(1, "note the ratings;", "ask for a further report."),
		numbered(6, "The sixth paragraph."),
	}}
}

// An ordered list straight after a numbered paragraph is an ordinary
// Word list of its own, from its start; the paper's next paragraph goes
// on in the paper's numbering.
func TestOrderedListAfterNumberedPara(t *testing.T) {
	out := renderDoc(t, officerList(), Options{})
	ps := wordParas(t, out)
	numbering := parts(t, out)["word/numbering.xml"]
	paper := paraWith(t, ps, "The Committee is asked to:").num
	own := paraWith(t, ps, "note the ratings;").num
	if paper != "1" {
		t.Errorf("paragraph 5 has numId %q, not the paper's (1)", paper)
	}
	if own == "" || own == paper {
		t.Fatalf("the officer's list has numId %q, the paper's paragraphs %q", own, paper)
	}
	if got := paraWith(t, ps, "ask for a further report.").num; got != own {
		t.Errorf("the list's second item has numId %s, its first %s", got, own)
	}
	for _, s := range []string{"The fourth paragraph.", "The sixth paragraph."} {
		if got := paraWith(t, ps, s).num; got != paper {
			t.Errorf("%q has numId %s, not the paper's %s", s, got, paper)
		}
	}
	if s, _ := start(t, numbering, paper); s != "4" {
		t.Errorf("the paper's numbering starts at %s, want 4", s)
	}
	s, abs := start(t, numbering, own)
	if _, pabs := start(t, numbering, paper); s != "1" || abs == pabs {
		t.Errorf("the officer's list starts at %s in abstract numbering %s (the paper's is %s), want 1 in another", s, abs, pabs)
	}
	// The list's items stay at the list's level: not the paper's
	// paragraphs, whatever their number.
	d := officerList()
	d.Blocks[3] = orderedList(6, "six;", "seven.")
	ps = wordParas(t, renderDoc(t, d, Options{}))
	if got := paraWith(t, ps, "six;").num; got == paper {
		t.Errorf("a list from 6 after paragraph 5 joins the paper's numbering")
	}
}

// LibreOffice, when installed, shows the numbers the document gives:
// the officer's list from 1 between the paper's 5 and 6, a paper that
// starts at 7, paragraphs numbered again from 1.
func TestParaNumbersInLibreOffice(t *testing.T) {
	restart := &doc.Document{Blocks: []doc.Block{numbered(1, "One."), numbered(2, "Two."),
		numbered(1, "Again one."), numbered(2, "Again two."), numbered(3, "Three.")}}
	seventh := &doc.Document{Blocks: []doc.Block{numbered(7, "Seventh."), numbered(8, "Eighth.")}}
	for _, c := range []struct {
		d    *doc.Document
		want []string
	}{
		{officerList(), []string{"4. The fourth paragraph.", "5. The Committee is asked to:", "1. note the ratings;", "2. ask for a further report.", "6. The sixth paragraph."}},
		{seventh, []string{"7. Seventh.", "8. Eighth."}},
		{restart, []string{"1. One.", "2. Two.", "1. Again one.", "2. Again two.", "3. Three."}},
	} {
		text := convert(t, renderDoc(t, c.d, Options{}))
		var got []string
		for _, line := range strings.Split(text, "\n") {
			if m := regexp.MustCompile(`^\s*(\d+)\.\s+(\S.*)$`).FindStringSubmatch(line); m != nil {
				got = append(got, m[1]+". "+strings.TrimSpace(m[2]))
			}
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("LibreOffice numbers the paragraphs\n%q\nwant\n%q\n(text: %s)", got, c.want, text)
		}
	}
}

// convert converts a .docx to PDF with LibreOffice and returns its text
// (pdftotext -layout); the test skips without them.
func convert(t *testing.T, out []byte) string {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (Debian: libreoffice-writer-nogui) is not installed")
	}
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (Debian: poppler-utils) is not installed")
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "paper.docx")
	if err := os.WriteFile(f, out, 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--convert-to", "pdf", "--outdir", dir, f).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	b, err := exec.Command(pdftotext, "-layout", filepath.Join(dir, "paper.pdf"), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// tableRows are the rows of the document's first table.
func tableRows(t *testing.T, out []byte) []string {
	t.Helper()
	tbl := regexp.MustCompile(`(?s)<w:tbl>.*?</w:tbl>`).FindString(parts(t, out)["word/document.xml"])
	return regexp.MustCompile(`(?s)<w:tr>.*?</w:tr>`).FindAllString(tbl, -1)
}

// The total row is the row the document marks Total, whatever it reads:
// "All services" is set bold, a row reading "Total" that is not marked
// is not.
func TestTotalRowFromModel(t *testing.T) {
	tbl := &doc.Table{
		Caption: "Table 1: Services",
		Header:  []doc.Cell{doc.Cell(text("Type")), doc.Cell(text("Number"))},
		Align:   []doc.Align{doc.AlignDefault, doc.AlignRight},
		Rows: []doc.Row{
			{Cells: []doc.Cell{doc.Cell(text("Care homes")), doc.Cell(text("12"))}},
			{Cells: []doc.Cell{doc.Cell(text("Total")), doc.Cell(text("20"))}},
			{Cells: []doc.Cell{doc.Cell(text("All services")), doc.Cell(text("32"))}, Total: true},
		},
	}
	rows := tableRows(t, renderDoc(t, &doc.Document{Blocks: []doc.Block{tbl}}, Options{}))
	if len(rows) != 4 {
		t.Fatalf("%d rows, want a header and 3", len(rows))
	}
	bold := func(r string) bool { return strings.Contains(r, "<w:b/>") }
	if !bold(rows[0]) {
		t.Error("the header row is not bold")
	}
	if bold(rows[1]) || bold(rows[2]) {
		t.Errorf("rows not marked Total are bold: %v %v", bold(rows[1]), bold(rows[2]))
	}
	if !bold(rows[3]) || !strings.Contains(rows[3], "All services") {
		t.Error("the row marked Total is not bold")
	}
	// The number column is right-aligned as the document aligns it, the
	// label column not.
	if n := strings.Count(rows[3], `<w:jc w:val="right"/>`); n != 1 {
		t.Errorf("%d right-aligned cells in a row, want 1", n)
	}
}

// A paragraph marked KeepWithNext is kept with the table after it; one
// that ends with a colon but is not marked is not.
func TestKeepWithNextFromModel(t *testing.T) {
	tbl := func() *doc.Table {
		return &doc.Table{Header: []doc.Cell{doc.Cell(text("A"))}, Rows: []doc.Row{{Cells: []doc.Cell{doc.Cell(text("1"))}}}}
	}
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Para{KeepWithNext: true, Content: text("The ratings")},
		tbl(),
		&doc.Para{Content: text("Not a lead-in:")},
		tbl(),
		numbered(1, "A numbered lead-in"),
		tbl(),
	}}
	d.Blocks[4].(*doc.Para).KeepWithNext = true
	ps := wordParas(t, renderDoc(t, d, Options{}))
	keeps := func(s string) bool { return strings.Contains(paraWith(t, ps, s).xml, "<w:keepNext/>") }
	if !keeps("The ratings") {
		t.Error("the paragraph marked KeepWithNext is not kept with its table")
	}
	if keeps("Not a lead-in:") {
		t.Error("a paragraph ending with a colon, not marked KeepWithNext, is kept with the next")
	}
	if !keeps("A numbered lead-in") {
		t.Error("a numbered paragraph marked KeepWithNext is not kept with its table")
	}
}

// A figure is a picture with the chart's text alternative, then its data
// table; a chart whose data is in the table below has none of its own.
func TestFigureFromModel(t *testing.T) {
	c := &chart.Chart{Title: "Figure 1: Rated Good", Unit: "%", Category: "Authority", Series: []string{""}, Max: 100,
		Rows: []chart.Row{{Label: "Heath", Values: []chart.Value{{Raw: "87", V: 87}}, Highlight: true}, {Label: "Vale", Values: []chart.Value{{Raw: "80", V: 80}}}}}
	out := renderDoc(t, &doc.Document{Blocks: []doc.Block{&doc.Figure{Chart: c}}}, Options{})
	p := parts(t, out)
	if _, ok := p["word/media/chart1.png"]; !ok {
		t.Fatal("no chart picture")
	}
	body := p["word/document.xml"]
	if !strings.Contains(body, `descr="Figure 1: Rated Good. `+c.Description()+`"`) {
		t.Error("the picture lacks the chart's text alternative")
	}
	rows := tableRows(t, out)
	if len(rows) != 3 || !strings.Contains(rows[1], ">Heath<") || !strings.Contains(rows[1], "<w:b/>") || strings.Contains(rows[2], "<w:b/>") {
		t.Errorf("the data table's rows: %d, the highlighted row bold and the other not: %q", len(rows), rows)
	}
	c.DataBelow = true
	if rows := tableRows(t, renderDoc(t, &doc.Document{Blocks: []doc.Block{&doc.Figure{Chart: c}}}, Options{})); len(rows) != 0 {
		t.Errorf("a chart with its data below has a data table of %d rows", len(rows))
	}
}

// A link is a Word hyperlink to its destination when that is a web or
// mail address (an officer's email, which the Markdown reader makes a
// mailto: link); any other is its text in the link style, with no target.
func TestLinksFromModel(t *testing.T) {
	link := func(dest, s string) doc.Inline { return &doc.Link{Dest: dest, Content: text(s)} }
	d := &doc.Document{Blocks: []doc.Block{&doc.Para{Content: []doc.Inline{
		doc.Text{S: "Email: "}, link("mailto:a.officer@devon.example", "a.officer@devon.example"),
		doc.Text{S: ", "}, link("https://www.cqc.org.uk", "CQC"),
		doc.Text{S: ", "}, link("javascript:alert(1)", "not a link"),
	}}}}
	p := parts(t, renderDoc(t, d, Options{}))
	rels := p["word/_rels/document.xml.rels"]
	for _, dest := range []string{"mailto:a.officer@devon.example", "https://www.cqc.org.uk"} {
		if !strings.Contains(rels, `Target="`+dest+`" TargetMode="External"`) {
			t.Errorf("no hyperlink to %s", dest)
		}
	}
	if strings.Contains(rels, "javascript") {
		t.Error("a javascript: link is a hyperlink")
	}
	body := p["word/document.xml"]
	if n := strings.Count(body, "<w:hyperlink "); n != 2 {
		t.Errorf("%d hyperlinks, want 2", n)
	}
	if !strings.Contains(body, `<w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">not a link</w:t>`) {
		t.Error("the unsafe link's text is not in the link style")
	}
}

// The other blocks: a quotation's paragraphs in the Quote style, a code
// block a monospaced paragraph a line, a bullet list in the bullets'
// numbering with a nested ordered list one level in and from its own
// start, a rule a bottom border; a numbered paragraph inside a list item
// or a quotation is the container's, not the paper's.
func TestOtherBlocksFromModel(t *testing.T) {
	nested := orderedList(3, "third;")
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Quote{Blocks: []doc.Block{&doc.Para{Content: text("Quoted.")}, numbered(9, "Quoted nine.")}},
		&doc.Code{Text: "line one\nline two\n"},
		&doc.List{Items: []doc.Item{
			{Blocks: []doc.Block{&doc.Para{Content: text("Bullet.")}, nested}},
			{Blocks: []doc.Block{numbered(4, "Bullet four.")}},
		}},
		&doc.Rule{},
	}}
	out := renderDoc(t, d, Options{})
	ps := wordParas(t, out)
	numbering := parts(t, out)["word/numbering.xml"]
	for _, s := range []string{"Quoted.", "Quoted nine."} {
		if p := paraWith(t, ps, s); !strings.Contains(p.xml, `<w:pStyle w:val="Quote"/>`) || p.num != "" {
			t.Errorf("%q: not a Quote paragraph, or numbered (%q)", s, p.num)
		}
	}
	for _, s := range []string{"line one", "line two"} {
		if !strings.Contains(paraWith(t, ps, s).xml, `<w:rFonts w:ascii="Courier New"`) {
			t.Errorf("code line %q is not monospaced", s)
		}
	}
	if p := paraWith(t, ps, "Bullet."); p.num != "2" || !strings.Contains(p.xml, `<w:ilvl w:val="0"/>`) {
		t.Errorf("the bullet has numId %s, want the bullets' 2 at level 0", p.num)
	}
	if p := paraWith(t, ps, "Bullet four."); p.num != "2" {
		t.Errorf("a numbered paragraph in a bullet item has numId %s, want the bullets' 2", p.num)
	}
	p := paraWith(t, ps, "third;")
	if !strings.Contains(p.xml, `<w:ilvl w:val="1"/>`) {
		t.Error("the nested list is not one level in")
	}
	if s, _ := start(t, numbering, p.num); s != "3" {
		t.Errorf("the nested list starts at %s, want 3", s)
	}
	if !strings.Contains(parts(t, out)["word/document.xml"], `<w:pBdr><w:bottom w:val="single"`) {
		t.Error("the rule is not a bordered paragraph")
	}
	if strings.Contains(numbering, "startOverride w:val=\"9\"") || strings.Contains(numbering, "startOverride w:val=\"4\"") {
		t.Error("a numbered paragraph inside a quotation or list item started a paper numbering")
	}
}
