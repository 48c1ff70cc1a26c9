package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/carereport/carereport/report/doc"
	dmd "github.com/carereport/carereport/report/doc/markdown"
	"github.com/carereport/carereport/report/render/docx"
	"github.com/carereport/carereport/report/render/markdown"
	"github.com/carereport/carereport/report/render/pdf"
	"github.com/yuin/goldmark/ast"
)

// Meta describes the document as a whole.
type Meta struct {
	Title, Author, Subject, Keywords string
	// Lang is the document language as a BCP 47 tag, e.g. "en-GB" (the
	// default when empty or malformed).
	Lang string
	// Date is the report date from the configuration, never the clock. The
	// PDF uses it as creation and modification date and requires it; the
	// HTML gives it in a meta element when set.
	Date time.Time
	// Footer is an optional short text printed on every PDF page footer,
	// e.g. the committee and meeting date.
	Footer string
	// Generator names the program that made the document, with its
	// version ("carereport" when empty): the PDF's Producer and Creator,
	// the Word file's Application, the HTML's generator meta element.
	Generator string
	// Draft marks a draft: a DRAFT watermark on every PDF page (an
	// artifact, not read out) and a banner at the top of the HTML. The
	// title and footer are the caller's to word (see pipeline.Meta).
	Draft bool
}

// Parse parses committee-paper Markdown into a goldmark AST: GFM tables
// with "Table:" captions attached, chart blocks as markdown.Chart nodes.
// A malformed chart block is an error naming its line.
func Parse(md []byte) (ast.Node, error) {
	return markdown.Parse(md)
}

// ReadMarkdown reads a paper written as Markdown (an earlier paper, a
// custom template's output) into the document model, with the
// committee-paper conventions (dmd.Paper).
func ReadMarkdown(md []byte) (*doc.Document, error) {
	return dmd.Read(md, dmd.Paper)
}

// HTML renders d as one self-contained HTML page (inline CSS, inline SVG
// charts, no scripts or external resources). Equal inputs give equal
// bytes.
func HTML(d *doc.Document, m Meta) (out []byte, err error) {
	defer recoverTo(&err)
	if strings.TrimSpace(m.Title) == "" {
		m.Title = strings.TrimSpace(d.Title())
	}
	m = metaDefaults(m)
	return writeHTMLPage(htmlBody(d), m), nil
}

// PDF renders d as an A4 PDF with embedded fonts, bookmarks for headings,
// "Page N of M" footers and document metadata. Equal inputs give equal
// bytes; m.Date must be set.
func PDF(d *doc.Document, m Meta) (out []byte, err error) {
	defer recoverTo(&err)
	if m.Date.IsZero() {
		return nil, fmt.Errorf("render pdf: Meta.Date is required (the report date from the configuration)")
	}
	out, err = pdf.Render(d, pdfOptions(d, m))
	if err != nil {
		return nil, fmt.Errorf("render pdf: %w", err)
	}
	return out, nil
}

// pdfOptions are m, with its defaults filled in (the title from d's
// first heading), as package pdf takes them.
func pdfOptions(d *doc.Document, m Meta) pdf.Options {
	m = normaliseDoc(d, m)
	return pdf.Options{
		Title:     m.Title,
		Author:    m.Author,
		Subject:   m.Subject,
		Keywords:  m.Keywords,
		Lang:      m.Lang,
		Date:      m.Date,
		Footer:    m.Footer,
		Generator: m.Generator,
		Draft:     m.Draft,
	}
}

func recoverTo(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("render: internal error: %v", r)
	}
}

// metaDefaults makes m's strings valid UTF-8 and fills the generator
// ("carereport") and the language (en-GB) when they are missing.
func metaDefaults(m Meta) Meta {
	for _, s := range []*string{&m.Title, &m.Author, &m.Subject, &m.Keywords, &m.Footer, &m.Generator} {
		*s = strings.ToValidUTF8(*s, "\uFFFD")
	}
	if strings.TrimSpace(m.Generator) == "" {
		m.Generator = "carereport"
	}
	if !validLang(m.Lang) {
		m.Lang = "en-GB"
	}
	return m
}

// validLang accepts tags made of letters, digits and hyphens, such as
// "en-GB" or "cy".
func validLang(s string) bool {
	if s == "" || len(s) > 35 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// PDFPageFill lays the document out as PDF would and returns how far down
// each page its content reaches, as a share of the page's height.
func PDFPageFill(d *doc.Document, m Meta) (fills []float64, err error) {
	defer recoverTo(&err)
	return pdf.PageFill(d, pdfOptions(d, m))
}

// DOCX renders d as a Word document; tmpl, if not nil, is a council's
// .docx or .dotx (docx.LoadTemplate) whose styles, theme and page the
// paper takes.
func DOCX(d *doc.Document, m Meta, tmpl *docx.Template) (out []byte, err error) {
	defer recoverTo(&err)
	m = normaliseDoc(d, m)
	out, err = docx.Render(d, docx.Options{Title: m.Title, Author: m.Author, Subject: m.Subject,
		Keywords: m.Keywords, Lang: m.Lang, Date: m.Date, Footer: m.Footer, Generator: m.Generator, Template: tmpl})
	if err != nil {
		return nil, fmt.Errorf("render docx: %w", err)
	}
	return out, nil
}

// normaliseDoc fills m's defaults (metaDefaults); the title, when m has
// none, is the document's first heading.
func normaliseDoc(d *doc.Document, m Meta) Meta {
	if strings.TrimSpace(m.Title) == "" {
		m.Title = strings.TrimSpace(d.Title())
	}
	return metaDefaults(m)
}
