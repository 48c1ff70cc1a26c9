package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/carereport/carereport/report/doc"
	dmd "github.com/carereport/carereport/report/doc/markdown"
	"github.com/carereport/carereport/report/render/chart"
	"golang.org/x/net/html"
)

// These tests build documents from blocks, as the paper does, and show
// that the HTML writer takes numbers, total rows, lists and charts from
// the model's fields, never from the text.

func txt(s string) []doc.Inline { return []doc.Inline{doc.Text{S: s}} }

func cells(ss ...string) []doc.Cell {
	var out []doc.Cell
	for _, s := range ss {
		out = append(out, doc.Cell(txt(s)))
	}
	return out
}

// body is the part of the page between <main ...> and </main>, less the
// draft banner.
func body(t *testing.T, d *doc.Document) string {
	t.Helper()
	out, err := HTML(d, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	i := strings.Index(s, "<main id=\"main\" tabindex=\"-1\">\n")
	j := strings.LastIndex(s, "</main>")
	if i < 0 || j < i {
		t.Fatalf("no main element:\n%s", s)
	}
	return s[i+len("<main id=\"main\" tabindex=\"-1\">\n") : j]
}

func TestHTMLNumberedParaFromNumber(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Heading{Level: 2, Content: txt("Background")},
		&doc.Para{Number: 7, Content: txt("Seventh.")},
		&doc.Heading{Level: 2, Content: txt("More")},
		&doc.Para{Number: 8, Content: txt("Eighth.")},
		&doc.Para{Number: 9, Content: txt("Ninth.")},
		&doc.Para{Number: 12, Content: txt("Twelfth.")},
		&doc.Para{Content: txt("1. Not numbered: the text is no number.")},
	}}
	want := "<h2>Background</h2>\n" +
		"<ol start=\"7\">\n<li>Seventh.</li>\n</ol>\n" +
		"<h2>More</h2>\n" +
		"<ol start=\"8\">\n<li>\n<p>Eighth.</p>\n</li>\n<li>\n<p>Ninth.</p>\n</li>\n</ol>\n" +
		"<ol start=\"12\">\n<li>Twelfth.</li>\n</ol>\n" +
		"<p>1. Not numbered: the text is no number.</p>\n"
	if got := body(t, d); got != want {
		t.Errorf("body:\n%s\nwant:\n%s", got, want)
	}
	// Number 1 is a plain <ol>, as the paper's first paragraph has been.
	d = &doc.Document{Blocks: []doc.Block{&doc.Para{Number: 1, Content: txt("First.")}}}
	if got := body(t, d); got != "<ol>\n<li>First.</li>\n</ol>\n" {
		t.Errorf("paragraph 1: %q", got)
	}
}

// An ordered list (an officer's "1. note the ratings; 2. ...") after a
// numbered paragraph is a list of its own, numbered from its own start.
func TestHTMLOrderedListNotInNumbering(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Para{Number: 3, Content: txt("The Committee is asked to:")},
		&doc.List{Ordered: true, Start: 1, Tight: true, Items: []doc.Item{
			{Blocks: []doc.Block{&doc.Para{Content: txt("note the ratings;")}}},
			{Blocks: []doc.Block{&doc.Para{Content: txt("ask for a report.")}}},
		}},
		&doc.Para{Number: 4, Content: txt("Fourth.")},
		&doc.List{Ordered: true, Start: 5, Items: []doc.Item{
			{Blocks: []doc.Block{&doc.Para{Content: txt("a list that starts at five")}}},
		}},
	}}
	want := "<ol start=\"3\">\n<li>The Committee is asked to:</li>\n</ol>\n" +
		"<ol>\n<li>note the ratings;</li>\n<li>ask for a report.</li>\n</ol>\n" +
		"<ol start=\"4\">\n<li>Fourth.</li>\n</ol>\n" +
		"<ol start=\"5\">\n<li>\n<p>a list that starts at five</p>\n</li>\n</ol>\n"
	if got := body(t, d); got != want {
		t.Errorf("body:\n%s\nwant:\n%s", got, want)
	}
}

func TestHTMLTotalRowFromField(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{&doc.Table{
		Caption: "Table 1: Services",
		Header:  cells("Type", "Services"),
		Align:   []doc.Align{doc.AlignLeft, doc.AlignRight},
		Rows: []doc.Row{
			{Cells: cells("Residential care homes", "51")},
			{Cells: cells("Total", "9")},
			{Cells: cells("All services", "117"), Total: true},
		},
	}}}
	want := "<div class=\"table-wrap\">\n<table>\n<caption>Table 1: Services</caption>\n" +
		"<thead>\n<tr>\n<th scope=\"col\">Type</th>\n<th scope=\"col\" class=\"right\">Services</th>\n</tr>\n</thead>\n" +
		"<tbody>\n" +
		"<tr>\n<th scope=\"row\">Residential care homes</th>\n<td class=\"right\">51</td>\n</tr>\n" +
		"<tr>\n<th scope=\"row\" class=\"nowrap\">Total</th>\n<td class=\"right\">9</td>\n</tr>\n" +
		"<tr class=\"total\">\n<th scope=\"row\" class=\"nowrap\">All services</th>\n<td class=\"right\">117</td>\n</tr>\n" +
		"</tbody>\n</table>\n</div>\n"
	if got := body(t, d); got != want {
		t.Errorf("body:\n%s\nwant:\n%s", got, want)
	}
}

// A row shorter than the header gets empty cells; a table without body
// rows has no tbody.
func TestHTMLTableShape(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Table{Header: cells("A", "B", "C"), Rows: []doc.Row{{Cells: cells("x")}}},
		&doc.Table{Header: cells("Only")},
	}}
	got := body(t, d)
	if !strings.Contains(got, "<tr>\n<th scope=\"row\" class=\"nowrap\">x</th>\n<td class=\"nowrap\"></td>\n<td class=\"nowrap\"></td>\n</tr>\n") {
		t.Errorf("short row not padded:\n%s", got)
	}
	if strings.Count(got, "<tbody>") != 1 || strings.Count(got, "</tbody>") != 1 {
		t.Errorf("want one tbody (the table with rows):\n%s", got)
	}
}

func TestHTMLInlinesAndBlocks(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Para{Content: []doc.Inline{
			&doc.Strong{Content: txt("Jane Smith")}, doc.Break{Hard: true},
			doc.Text{S: "Head of Quality"}, doc.Break{},
			&doc.Emph{Content: txt("soft")}, doc.Text{S: " "},
			doc.CodeSpan{S: "a < b"}, doc.Text{S: " "},
			doc.Image{Alt: `map of "Devon"`},
			doc.Break{Hard: true}, // at the end: no line to break
		}},
		&doc.Quote{Blocks: []doc.Block{&doc.Para{Content: txt("Quoted.")}}},
		&doc.Rule{},
		&doc.Code{Text: "x := 1 < 2"},
		&doc.List{Items: []doc.Item{
			{Blocks: []doc.Block{&doc.Para{Content: txt("loose")}, &doc.Para{Content: txt("two")}}},
			{},
		}},
		&doc.List{Tight: true, Items: []doc.Item{
			{Blocks: []doc.Block{&doc.Para{Content: txt("tight")}, &doc.List{Tight: true, Items: []doc.Item{{Blocks: []doc.Block{&doc.Para{Content: txt("inner")}}}}}}},
		}},
		&doc.Para{}, // empty: nothing
		&doc.Heading{Level: 9, Content: txt("Deep")},
	}}
	want := "<p><strong>Jane Smith</strong><br>\nHead of Quality\n<em>soft</em> <code>a &lt; b</code> <span class=\"image-alt\">map of &#34;Devon&#34;</span></p>\n" +
		"<blockquote>\n<p>Quoted.</p>\n</blockquote>\n" +
		"<hr>\n" +
		"<pre><code>x := 1 &lt; 2\n</code></pre>\n" +
		"<ul>\n<li>\n<p>loose</p>\n<p>two</p>\n</li>\n<li></li>\n</ul>\n" +
		"<ul>\n<li>tight\n<ul>\n<li>inner</li>\n</ul>\n</li>\n</ul>\n" +
		"<h6>Deep</h6>\n"
	if got := body(t, d); got != want {
		t.Errorf("body:\n%s\nwant:\n%s", got, want)
	}
}

func TestHTMLLinks(t *testing.T) {
	link := func(dest, text string) doc.Block {
		return &doc.Para{Content: []doc.Inline{&doc.Link{Dest: dest, Content: txt(text)}}}
	}
	d := &doc.Document{Blocks: []doc.Block{
		link("https://www.cqc.org.uk/a b?x=1&y=é", "CQC"),
		link("mailto:a.officer@devon.example", "a.officer@devon.example"),
		link("https://example.org/", "https://example.org/"),
		link("#main", "top"),
		link("javascript:alert(1)", "run"),
		link(" JavaScript:alert(1)", "spaced"),
		link("data:text/html;base64,PHNjcmlwdD4=", "data"),
		link("vbscript:x", "vb"),
		link("file:///etc/passwd", "file"),
		link(`"><script>x()</script>`, "quote"),
		link("tel:+44 1392 000000", "phone"),
	}}
	want := "<p><a href=\"https://www.cqc.org.uk/a%20b?x=1&amp;y=%C3%A9\" class=\"show-url\">CQC</a></p>\n" +
		"<p><a href=\"mailto:a.officer@devon.example\">a.officer@devon.example</a></p>\n" +
		"<p><a href=\"https://example.org/\">https://example.org/</a></p>\n" +
		"<p><a href=\"#main\">top</a></p>\n" +
		"<p><a href=\"\" class=\"show-url\">run</a></p>\n" +
		"<p><a href=\"%20JavaScript:alert(1)\" class=\"show-url\">spaced</a></p>\n" +
		"<p><a href=\"\" class=\"show-url\">data</a></p>\n" +
		"<p><a href=\"\" class=\"show-url\">vb</a></p>\n" +
		"<p><a href=\"\" class=\"show-url\">file</a></p>\n" +
		"<p><a href=\"%22%3E%3Cscript%3Ex()%3C/script%3E\" class=\"show-url\">quote</a></p>\n" +
		"<p><a href=\"tel:+44%201392%20000000\" class=\"show-url\">phone</a></p>\n"
	if got := body(t, d); got != want {
		t.Errorf("body:\n%s\nwant:\n%s", got, want)
	}
}

// Every string of the document is escaped: text, captions, cells, code,
// alt text, chart titles and labels, and the meta elements.
func TestHTMLEscapesModelStrings(t *testing.T) {
	bad := `<script>alert("x")</script> & 'q'`
	c, err := chart.Parse([]byte("title: " + bad + "\ncategory: " + bad + "\nseries: " + bad + "\n" + bad + " | 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Heading{Level: 1, Content: txt(bad)},
		&doc.Para{Number: 2, Content: txt(bad)},
		&doc.Table{Caption: bad, Header: cells(bad), Rows: []doc.Row{{Cells: cells(bad)}}},
		&doc.Figure{Chart: c},
		&doc.Para{Content: []doc.Inline{doc.CodeSpan{S: bad}, doc.Image{Alt: bad}, &doc.Link{Dest: "https://x.org", Content: txt(bad)}}},
		&doc.Code{Text: bad},
		&doc.Para{Content: txt("nul\x00 and \xff")},
	}}
	out, err := HTML(d, Meta{Author: bad, Subject: bad, Keywords: bad, Footer: bad, Generator: bad})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if strings.Contains(s, "<script") || strings.Contains(s, `"x"`) {
		t.Errorf("unescaped text in the page:\n%s", s)
	}
	if n := strings.Count(s, "&lt;script&gt;"); n < 15 {
		t.Errorf("%d escaped script tags, want one per string (15 or more)", n)
	}
	if !strings.Contains(s, "<title>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;q&#39;</title>") {
		t.Errorf("title not from the first heading, escaped:\n%s", s[:600])
	}
	if !strings.Contains(s, "nul\uFFFD and \uFFFD") {
		t.Errorf("NUL and a byte that is not UTF-8 should read as U+FFFD")
	}
}

func TestHTMLChartDataBelowFromField(t *testing.T) {
	c, err := chart.Parse([]byte("title: Shares\ncategory: Council\nunit: %\nseries: 2020\nhighlight: B\nA | 80\nB | 70\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := &doc.Document{Blocks: []doc.Block{&doc.Figure{Chart: c}, &doc.Figure{Chart: c}}}
	got := body(t, d)
	for _, want := range []string{
		"<figure class=\"chart\" id=\"chart-1-figure\">\n<figcaption id=\"chart-1-caption\">Shares</figcaption>\n<svg ",
		"<figure class=\"chart\" id=\"chart-2-figure\">",
		"<caption>Data for the chart: Shares</caption>",
		"<tr class=\"highlight\">\n<th scope=\"row\">B</th>\n<td class=\"right\">70%</td>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, `<table class="chart-data">`); n != 2 {
		t.Errorf("%d chart data tables, want 2", n)
	}
	below := *c
	below.DataBelow = true
	d = &doc.Document{Blocks: []doc.Block{&doc.Figure{Chart: &below}}}
	if got := body(t, d); strings.Contains(got, "<table") || !strings.Contains(got, "<svg") {
		t.Errorf("a chart whose data is below has no table of its own:\n%s", got)
	}
}

func TestHTMLDraftBannerAndTitle(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Heading{Level: 2, Content: txt("Section")},
		&doc.Heading{Level: 1, Content: []doc.Inline{doc.Text{S: "DRAFT: "}, &doc.Emph{Content: txt("Care")}}},
	}}
	out, err := HTML(d, Meta{Draft: true})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		"<title>DRAFT: Care</title>",
		"<main id=\"main\" tabindex=\"-1\">\n<p class=\"draft-banner\" role=\"note\">",
		".draft-banner {",
		`<meta name="generator" content="carereport">`,
		`<html lang="en-GB">`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	out, _ = HTML(d, Meta{})
	if strings.Contains(string(out), "draft-banner") {
		t.Error("a final paper has no draft banner or its style")
	}
}

// checkHTML reports what is wrong with page as HTML: a tag that is not
// one the writer makes (so text got out as markup), an event handler
// attribute, a link to a script, or tags that do not balance.
func checkHTML(page []byte) string {
	allowed := map[string]bool{}
	for _, t := range strings.Fields(`html head meta title style body a main p strong em code pre
		h1 h2 h3 h4 h5 h6 ol ul li blockquote hr br div table caption thead tbody tr th td
		figure figcaption span footer svg desc g rect line text path circle polyline polygon`) {
		allowed[t] = true
	}
	void := map[string]bool{"meta": true, "br": true, "hr": true}
	var stack []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if len(stack) != 0 {
				return "unclosed: " + strings.Join(stack, " ")
			}
			return ""
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if !allowed[tok.Data] {
				return "tag <" + tok.Data + "> the writer does not make"
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					return "event attribute " + a.Key
				}
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if a.Key == "href" && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")) {
					return "href " + a.Val
				}
			}
			switch {
			case tt == html.SelfClosingTagToken || tt == html.StartTagToken && void[tok.Data]:
			case tt == html.StartTagToken:
				stack = append(stack, tok.Data)
			default:
				if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
					return "</" + tok.Data + "> closes " + strings.Join(stack, " ")
				}
				stack = stack[:len(stack)-1]
			}
		}
	}
}

func TestCheckHTMLCatchesFaults(t *testing.T) {
	// The check the fuzz target relies on fails on broken pages.
	for _, bad := range []string{
		"<p>a<b>b</b></p>", "<p>a", "<p><em>x</p></em>", `<a href="javascript:x">x</a>`,
		`<p onclick="x">x</p>`, "<p>x</div>",
	} {
		if checkHTML([]byte(bad)) == "" {
			t.Errorf("checkHTML passes %q", bad)
		}
	}
	if msg := checkHTML([]byte("<p>a &lt;b&gt; <br> <em>x</em></p>")); msg != "" {
		t.Errorf("checkHTML fails a good page: %s", msg)
	}
}

// FuzzHTMLFromMarkdown reads any Markdown into the document model, as
// officers' narrative is read, and checks the page it makes: no tag
// but the writer's own, no event handler or script link, tags balanced,
// and the same bytes twice.
func FuzzHTMLFromMarkdown(f *testing.F) {
	f.Add(string(fixture(f)))
	f.Add("# T <b>\n\n1. a\n2. b\n\n| a | <i>b</i> |\n|--:|:-:|\n| Total |\n| 1 | 2 | 3 |\n")
	f.Add("```chart\ntitle: x <y>\nA | 1\n```\n> quote\n> - item\n\n---\n\n***x*** `<code>` <b>raw</b>\\\nnext")
	f.Add("Table: cap <x>\n| a |\n|---|\n\n- [link](javascript:alert(1))\n  1. nested\n\n     code <a>\n")
	f.Add("[a](<java\tscript:x>) ![alt \"q\"](x.png) <https://x.org/?a=1&b=2> www.example.org a@b.org &lt;p&gt; &#0; \\<p>")
	f.Fuzz(func(t *testing.T, md string) {
		if len(md) > 20000 {
			return
		}
		d, err := dmd.Read([]byte(md), dmd.Paper)
		if err != nil {
			return
		}
		page, err := HTML(d, testMeta)
		if err != nil {
			t.Fatalf("HTML: %v", err)
		}
		if msg := checkHTML(page); msg != "" {
			t.Fatalf("%s\n%s", msg, page)
		}
		again, _ := HTML(d, testMeta)
		if !bytes.Equal(page, again) {
			t.Fatal("two renderings differ")
		}
	})
}

// BenchmarkHTML writes the committee paper fixture's document as HTML.
func BenchmarkHTML(b *testing.B) {
	d, err := dmd.Read(fixture(b), dmd.Paper)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := HTML(d, testMeta); err != nil {
			b.Fatal(err)
		}
	}
}
