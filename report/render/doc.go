// Package render turns one document (report/doc), which the paper
// builds, into the formats carereport publishes: a self-contained HTML
// page (HTML), an A4 tagged PDF (PDF) and a Word file (DOCX). Each writer
// walks the same document model, escaping every string of it; none
// parses another's output. Markdown is one more writer
// (report/doc/markdown), which also reads a paper written as Markdown
// (ReadMarkdown) with the conventions below.
//
// # Markdown conventions
//
// The templates write CommonMark with GFM pipe tables and a few
// conventions taken from UK committee papers:
//
//   - "#" is the document title, "##" a section heading, "###" a
//     sub-heading. Headings are plain text (no {#id} attributes). In the PDF
//     they get bookmarks and are never left alone at the foot of a page.
//
//   - The lines above the title (committee, meeting date) and "Report of
//     ..." are ordinary bold paragraphs or headings written by the template.
//
//   - Numbered paragraphs are ordered list items with explicit numbers that
//     carry on across sections: a list may start at any number ("5. ...")
//     and the start number is honoured. Within one list the items count on
//     from the first (as in CommonMark), so write each run of paragraphs
//     between headings or tables as one list. Leave a blank line between
//     paragraphs. The PDF sets the number in a hanging indent: number at
//     the margin, text 10 mm in, wrapped lines aligned with the text.
//
//   - Tables are GFM pipe tables; ":--" aligns left, "--:" right (use it
//     for numbers), ":-:" centres. A paragraph "Table: caption text" just
//     before a table becomes its caption (plain text). The first cell of each body row is
//     the row's heading; a last row whose first cell is "Total" is bold.
//
//   - Charts are fenced code blocks with the info string "chart" in the
//     format of package chart (example below). Each becomes a horizontal
//     grouped bar chart (inline SVG in HTML, vector drawing in PDF)
//     followed by a table of the same figures, the chart's text
//     alternative. A malformed chart is an error naming the Markdown line.
//
//   - Emphasis, strong, links, bullet lists, block quotes (indented
//     italic), "---" (a thin rule, never a page break) and hard line breaks
//     (two trailing spaces or a backslash, as in officer contact blocks).
//
//   - Raw HTML is never passed through: HTML blocks and inline tags are
//     dropped from both formats, and all text is escaped. Templates should
//     escape data that might look like Markdown or HTML. Images are not
//     supported; their alt text is shown.
//
// A chart block:
//
//	```chart
//	title: Services rated Good or Outstanding, comparator group
//	unit: %
//	series: 1 November 2018 | 1 November 2019
//	highlight: Devon
//	Devon | 80 | 82
//	Somerset | 77.5 | 79
//	```
//
// # Output
//
// HTML: one file with inline CSS and SVG, no scripts, fonts or external
// resources; screen styles (48rem column, sans-serif, bordered tables) and
// print styles (A4 margins, repeated table headers, no split rows).
//
// PDF: A4 portrait, 20 mm margins, Liberation Sans embedded (metrics of Arial; it carries £ ↑ ↓
// ↔ ’ “ ” – — •), body text 12 pt, "Page N of M" and Meta.Footer at the
// foot of each page, document metadata and language, bookmarks. Long tables
// break between rows and repeat their header row.
//
// Both formats are deterministic: equal input and Meta give equal bytes.
// Meta.Date (from the configuration, never the clock) is required for the
// PDF.
package render
