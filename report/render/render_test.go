package render

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"github.com/carereport/carereport/report/render/docx"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/carereport/carereport/report/render/markdown"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

func fixture(t testing.TB) []byte {
	t.Helper()
	md, err := os.ReadFile("testdata/committee_paper.md")
	if err != nil {
		t.Fatal(err)
	}
	return md
}

var testMeta = Meta{
	Title:    "Quality of care in Devon",
	Author:   "Director of Adults and Communities",
	Subject:  "CQC ratings of regulated adult social care",
	Keywords: "CQC, adult social care, quality",
	Lang:     "en-GB",
	Date:     time.Date(2019, 11, 11, 9, 30, 0, 0, time.UTC),
	Footer:   "Adults and Communities Overview and Scrutiny Committee, 11 November 2019",
}

func TestParseCaptionsAndCharts(t *testing.T) {
	md := fixture(t)
	doc, err := Parse(md)
	if err != nil {
		t.Fatal(err)
	}
	var captions []string
	charts := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *extast.Table:
			captions = append(captions, markdown.Caption(n))
		case *markdown.Chart:
			charts++
			if n.Chart.Title != "Services rated Good or Outstanding, comparator group" {
				t.Errorf("chart title %q", n.Chart.Title)
			}
		case *ast.Paragraph:
			if strings.HasPrefix(markdown.PlainText(n, md), "Table:") {
				t.Errorf("caption paragraph left in the document: %q", markdown.PlainText(n, md))
			}
		}
		return ast.WalkContinue, nil
	})
	want := []string{
		"CQC ratings of regulated services in Devon, 1 November 2019",
		"Ratings from inspections published in 2019",
		"Care homes rated Requires Improvement or Inadequate, 1 November 2019",
	}
	if strings.Join(captions, "\n") != strings.Join(want, "\n") {
		t.Errorf("captions = %q, want %q", captions, want)
	}
	if charts != 1 {
		t.Errorf("charts = %d, want 1", charts)
	}
}

func TestCaptionWithoutBlankLine(t *testing.T) {
	md := []byte("Table: Beds *by* type\n| Type | Beds |\n|:--|--:|\n| Nursing | 4 |\n\nTable: not a caption\n\nJust text.\n")
	out, err := htmlMD(md, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.Contains(s, "<caption>Beds by type</caption>") {
		t.Errorf("caption missing:\n%s", s)
	}
	if !strings.Contains(s, "<p>Table: not a caption</p>") {
		t.Errorf("a Table: paragraph with no table after it must stay a paragraph:\n%s", s)
	}
}

func TestHTMLStructure(t *testing.T) {
	out, err := htmlMD(fixture(t), testMeta)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		"<!DOCTYPE html>\n<html lang=\"en-GB\">",
		`<meta charset="utf-8">`,
		"<title>Quality of care in Devon</title>",
		`<meta name="author" content="Director of Adults and Communities">`,
		`<meta name="description" content="CQC ratings of regulated adult social care">`,
		`<meta name="dcterms.date" content="2019-11-11">`,
		"<style>",
		"@media print",
		`<a class="skip-link" href="#main">Skip to the paper</a>`,
		`<main id="main" tabindex="-1">`,
		".skip-link { display: none; }",
		"<caption>CQC ratings of regulated services in Devon, 1 November 2019</caption>",
		`<th scope="col">Rating</th>`,
		`<th scope="col" class="right">Number of services</th>`,
		`<th scope="row" class="nowrap">Outstanding</th>`,
		`<th scope="row">Requires Improvement</th>`,
		`<td class="right">21</td>`,
		`<td class="center">↑ 4</td>`,
		`<tr class="total">`,
		`<ol start="5">`,
		`<figure class="chart"`,
		`<figcaption id="chart-1-caption">Services rated Good or Outstanding, comparator group</figcaption>`,
		`<svg xmlns="http://www.w3.org/2000/svg" id="chart-1" role="img" aria-labelledby="chart-1-caption chart-1-desc"`,
		`<table class="chart-data">`,
		"<caption>Data for the chart: Services rated Good or Outstanding, comparator group</caption>",
		`<th scope="col">Council</th>`,
		`<tr class="highlight">`,
		`<td class="right">77.5%</td>`,
		"Jane Smith<br>",
		`class="show-url"`,
		"<footer>",
		"Overview and Scrutiny Committee, 11 November 2019",
		"<hr>",
		"<blockquote>",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	// Numbered paragraphs keep their numbers.
	for _, start := range []string{`<ol start="2">`, `<ol start="6">`, `<ol start="9">`, `<ol start="12">`} {
		if !strings.Contains(s, start) {
			t.Errorf("HTML lacks %s", start)
		}
	}
	if !regexp.MustCompile(`<ol>\n<li>(\n<p>)?The purpose`).MatchString(s) {
		t.Errorf("first numbered paragraph should be a plain <ol>")
	}
	// Self-contained: nothing fetched from elsewhere, no scripts.
	for _, bad := range []string{"<script", "<link", "src=", "@import", "url("} {
		if strings.Contains(strings.ToLower(s), bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
	// Every header cell has a scope; every body row starts with a row header.
	if n := strings.Count(s, "<th>"); n != 0 {
		t.Errorf("%d <th> without scope", n)
	}
	rows := regexp.MustCompile(`<tr( class="[a-z]+")?>\n<t[hd]`).FindAllString(s, -1)
	for _, r := range rows {
		if !strings.HasSuffix(r, "<th") {
			t.Errorf("row does not start with a header cell: %q", r)
		}
	}
	// The SVG is well-formed XML.
	i, j := strings.Index(s, "<svg"), strings.Index(s, "</svg>")
	if i < 0 || j < i {
		t.Fatal("no svg")
	}
	dec := xml.NewDecoder(strings.NewReader(s[i : j+len("</svg>")]))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("svg not well-formed: %v", err)
		}
	}
}

func TestHTMLEscaping(t *testing.T) {
	md := []byte(`# Care & support <script>alert(1)</script>

<script>alert("block")</script>

<div onclick="x()">raw block</div>

1. Smith & Sons Ltd said <b onmouseover="x()">hello</b> & goodbye; 3 < 4.

[click](javascript:alert(1)) and [home](https://example.org/?a=1&b=2)

| Name & place | Value |
|:--|--:|
| <script>alert(2)</script> A & B | 1 |

` + "```chart\ntitle: Chart <script>t()</script> & co\nseries: <i>one</i>\nhighlight: <script>alert(3)</script>\n<script>alert(3)</script> | 1\nA & B | 2\n```\n")
	out, err := htmlMD(md, Meta{Title: "T <script>", Author: `"quoted" & <b>`, Date: testMeta.Date})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	low := strings.ToLower(s)
	for _, bad := range []string{"<script", "onclick", "onmouseover", "<b ", "<i>", "<div onclick", "javascript:"} {
		if strings.Contains(low, bad) {
			t.Errorf("HTML contains %q:\n%s", bad, s)
		}
	}
	for _, want := range []string{
		"<title>T &lt;script&gt;</title>",
		`content="&#34;quoted&#34; &amp; &lt;b&gt;"`,
		"Smith &amp; Sons Ltd",
		"3 &lt; 4",
		"Name &amp; place",
		`href="https://example.org/?a=1&amp;b=2"`,
		"Chart &lt;script&gt;t()&lt;/script&gt; &amp; co",
		"&lt;script&gt;alert(3)&lt;/script&gt;",
		"A &amp; B",
		"&lt;i&gt;one&lt;/i&gt;",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestHTMLDeterministicAndDefaults(t *testing.T) {
	md := fixture(t)
	a, err := htmlMD(md, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	b, err := htmlMD(md, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two HTML renderings differ")
	}
	c, err := htmlMD(md, Meta{Lang: `en"><script>`})
	if err != nil {
		t.Fatal(err)
	}
	s := string(c)
	if !strings.Contains(s, `<html lang="en-GB">`) || !strings.Contains(s, "<title>QUALITY OF CARE IN DEVON</title>") {
		t.Errorf("defaults not applied: %s", s[:300])
	}
	if strings.Contains(s, "dcterms.date") {
		t.Error("zero date should leave out the date meta")
	}
}

func TestChartErrorsNameTheLine(t *testing.T) {
	md := []byte("# Title\n\nSome text.\n\n```chart\ntitle: T\nseries: a | b\nDevon | 1 | 2\nSomerset | 3\n```\n")
	// The bad row "Somerset | 3" is line 9 of the Markdown.
	if _, err := Parse(md); err == nil || !strings.Contains(err.Error(), "line 9") {
		t.Errorf("Parse error = %v, want line 9", err)
	}
	if _, err := htmlMD(md, testMeta); err == nil || !strings.Contains(err.Error(), "line 9") || !strings.Contains(err.Error(), "Somerset") {
		t.Errorf("HTML error = %v, want line 9 naming Somerset", err)
	}
	if _, err := pdfMD(md, testMeta); err == nil || !strings.Contains(err.Error(), "line 9") {
		t.Errorf("PDF error = %v, want line 9", err)
	}
	// A chart with no title: the error points at the first line inside the fence.
	md = []byte("Text\n\n~~~chart\nA | 1\n~~~\n")
	if _, err := Parse(md); err == nil || !strings.Contains(err.Error(), "line 4") {
		t.Errorf("Parse error = %v, want line 4", err)
	}
	// Other fenced code stays code.
	out, err := htmlMD([]byte("```go\nx := 1 < 2\n```\n"), testMeta)
	if err != nil || !strings.Contains(string(out), "x := 1 &lt; 2") {
		t.Errorf("code block: %v\n%s", err, out)
	}
}

func FuzzRender(f *testing.F) {
	f.Add(string(fixture(f)))
	f.Add("# T\n\n1. a\n2. b\n\n| a | b |\n|--:|:-:|\n| 1 |\n| 1 | 2 | 3 |\n")
	f.Add("```chart\ntitle: x\nA | 1\n```\n> quote\n> - item\n\n---\n\n***x*** `code` <b>raw</b>\\\nnext")
	f.Add("Table: cap\n| a |\n|---|\n\n- [link](http://x)\n  1. nested\n\n     code\n")
	f.Add(strings.Repeat("word ", 3000))
	f.Add(strings.Repeat("| "+strings.Repeat("x", 400)+" | y |\n|--|--|\n", 3))
	f.Fuzz(func(t *testing.T, md string) {
		if len(md) > 20000 {
			return
		}
		h, err := htmlMD([]byte(md), testMeta)
		if err == nil && bytes.Contains(bytes.ToLower(h), []byte("<script")) {
			t.Fatalf("script tag in HTML output")
		}
		p, perr := pdfMD([]byte(md), testMeta)
		if (err == nil) != (perr == nil) {
			t.Fatalf("HTML error %v but PDF error %v", err, perr)
		}
		if perr == nil && !bytes.HasPrefix(p, []byte("%PDF-")) {
			t.Fatalf("not a PDF")
		}
	})
}

// A chart whose figures are in the table after it (data: below) gets no
// data table of its own: the HTML and the Word file each hold one table,
// the one that follows (the PDF: TestRealPDFTagged counts its tables).
func TestChartDataBelow(t *testing.T) {
	md := []byte("```chart\ntitle: Shares\ndata: below\nseries: 2020 | 2021\nA | 80 | 82\nB | 70 | 75\n```\n\n" +
		"Table: Shares and ranks\n\n| Council | 2020 | 2021 | Rank |\n| --- | ---: | ---: | ---: |\n| A | 80% | 82% | 1 |\n| B | 70% | 75% | 2 |\n")
	h, err := htmlMD(md, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(h), "<table"); n != 1 || strings.Contains(string(h), "chart-data") {
		t.Errorf("HTML: %d tables (chart-data: %v), want the one that follows", n, strings.Contains(string(h), "chart-data"))
	}
	d, err := docxMD(md, testMeta, nil)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(d), int64(len(d)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if n := strings.Count(string(b), "<w:tbl>"); n != 1 {
				t.Errorf("Word: %d tables, want 1", n)
			}
		}
	}
	// Without the line, each format adds the chart's data table.
	plain := bytes.Replace(md, []byte("data: below\n"), nil, 1)
	h, _ = htmlMD(plain, testMeta)
	if n := strings.Count(string(h), "<table"); n != 2 {
		t.Errorf("HTML without data: below: %d tables, want 2", n)
	}
}

// A short row label or a one-word cell (a CQC ID would break at its
// hyphen) stays on one line in the HTML; longer text may wrap.
func TestHTMLKeepsShortCellsWhole(t *testing.T) {
	md := []byte("Table: T\n\n| Service | Provider ID | Type |\n| --- | --- | --- |\n| Heatherside House Care Centre | 1-2383808299 | care home with nursing |\n| Ash | 1-1 | care home |\n")
	h, err := htmlMD(md, testMeta)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<th scope="row">Heatherside House Care Centre</th>`,
		`<td class="nowrap">1-2383808299</td>`,
		`<td>care home with nursing</td>`,
		`<th scope="row" class="nowrap">Ash</th>`,
		`<th scope="col">Provider ID</th>`,
	} {
		if !strings.Contains(string(h), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

// The tests write their papers as Markdown; these read it with the
// paper's conventions and render the document.
func htmlMD(md []byte, m Meta) ([]byte, error) {
	d, err := ReadMarkdown(md)
	if err != nil {
		return nil, err
	}
	return HTML(d, m)
}

func pdfMD(md []byte, m Meta) ([]byte, error) {
	d, err := ReadMarkdown(md)
	if err != nil {
		return nil, err
	}
	return PDF(d, m)
}

func docxMD(md []byte, m Meta, tmpl *docx.Template) ([]byte, error) {
	d, err := ReadMarkdown(md)
	if err != nil {
		return nil, err
	}
	return DOCX(d, m, tmpl)
}
