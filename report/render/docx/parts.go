package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"time"
)

const docNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`

// pack assembles the parts, in a fixed order with fixed times.
func (w *writer) pack() ([]byte, error) {
	ref := w.ref
	mod := w.o.Date
	if mod.IsZero() || mod.Year() < 1980 {
		mod = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	mod = mod.UTC().Truncate(24 * time.Hour)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	type part struct {
		name string
		data []byte
	}
	parts := []part{
		{"[Content_Types].xml", w.contentTypes(ref)},
		{"_rels/.rels", []byte(rootRels)},
		{"docProps/core.xml", w.core()},
		{"docProps/app.xml", appXML(w.o.Generator)},
		{"word/document.xml", w.document(ref)},
		{"word/_rels/document.xml.rels", w.docRels(ref)},
		{"word/styles.xml", w.styles(ref)},
		{"word/numbering.xml", w.numbering()},
		{"word/settings.xml", []byte(settingsXML(w.o.Lang))},
		{"word/footer1.xml", w.footer()},
	}
	if ref != nil && ref.theme != nil {
		parts = append(parts, part{"word/theme/theme1.xml", ref.theme})
	}
	if ref != nil && ref.fontTable != nil {
		parts = append(parts, part{"word/fontTable.xml", ref.fontTable})
	}
	for _, m := range w.media {
		parts = append(parts, part{"word/media/" + m.name, m.data})
	}
	for _, p := range parts {
		if err := writeZip(zw, p.name, p.data, mod); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (w *writer) contentTypes(ref *Template) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	b.WriteString(`<Default Extension="png" ContentType="image/png"/>`)
	b.WriteString(`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`)
	b.WriteString(`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>`)
	b.WriteString(`<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>`)
	b.WriteString(`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>`)
	b.WriteString(`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>`)
	if ref != nil && ref.theme != nil {
		b.WriteString(`<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>`)
	}
	if ref != nil && ref.fontTable != nil {
		b.WriteString(`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>`)
	}
	b.WriteString(`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`)
	b.WriteString(`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	b.WriteString(`</Types>`)
	return []byte(b.String())
}

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`

// appXML is docProps/app.xml: the program that wrote the file. Word
// reads AppVersion only in the form XX.YYYY, so the full version string
// (revision and Go version too) goes in Application, and AppVersion gives
// the module's major and minor version ("00.0000" for a development
// build).
func appXML(generator string) []byte {
	if strings.TrimSpace(generator) == "" {
		generator = "carereport"
	}
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>` +
		esc(generator) + `</Application><AppVersion>` + appVersion(generator) + `</AppVersion></Properties>`)
}

// appVersion finds "vMAJOR.MINOR" in a version string and writes it as
// Word's XX.YYYY.
func appVersion(generator string) string {
	for _, f := range strings.Fields(generator) {
		var major, minor int
		if n, _ := fmt.Sscanf(f, "v%d.%d", &major, &minor); n == 2 && major >= 0 && major < 100 && minor >= 0 && minor < 10000 {
			return fmt.Sprintf("%02d.%04d", major, minor)
		}
	}
	return "00.0000"
}

func (w *writer) core() []byte {
	d := ""
	if !w.o.Date.IsZero() {
		d = w.o.Date.UTC().Format("2006-01-02T15:04:05Z")
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	fmt.Fprintf(&b, `<dc:title>%s</dc:title><dc:creator>%s</dc:creator><dc:subject>%s</dc:subject><cp:keywords>%s</cp:keywords><dc:language>%s</dc:language>`,
		esc(w.o.Title), esc(w.o.Author), esc(w.o.Subject), esc(w.o.Keywords), esc(w.o.Lang))
	if d != "" {
		fmt.Fprintf(&b, `<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>`, d, d)
	}
	b.WriteString(`</cp:coreProperties>`)
	return []byte(b.String())
}

func (w *writer) document(ref *Template) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<w:document ` + docNS + `><w:body>`)
	b.Write(w.body.Bytes())
	pgSz := fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d"/>`, pageW, pageH)
	pgMar := fmt.Sprintf(`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/>`, margin, margin, margin, margin)
	if ref != nil && ref.pgSz != "" {
		pgSz = ref.pgSz
	}
	if ref != nil && ref.pgMar != "" {
		pgMar = ref.pgMar
	}
	fmt.Fprintf(&b, `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>%s%s</w:sectPr>`, pgSz, pgMar)
	b.WriteString(`</w:body></w:document>`)
	return b.Bytes()
}

func (w *writer) docRels(ref *Template) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	b.WriteString(`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`)
	b.WriteString(`<Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>`)
	b.WriteString(`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>`)
	b.WriteString(`<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>`)
	if ref != nil && ref.theme != nil {
		b.WriteString(`<Relationship Id="rIdTheme" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>`)
	}
	if ref != nil && ref.fontTable != nil {
		b.WriteString(`<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>`)
	}
	for _, r := range w.rels {
		mode := ""
		if r.mode != "" {
			mode = ` TargetMode="` + r.mode + `"`
		}
		fmt.Fprintf(&b, `<Relationship Id="%s" Type="%s" Target="%s"%s/>`, r.id, r.typ, esc(r.target), mode)
	}
	b.WriteString(`</Relationships>`)
	return []byte(b.String())
}

// footer: the committee and date, then "Page N of M" from Word's PAGE and
// NUMPAGES fields, right-aligned on a tab.
func (w *writer) footer() []byte {
	field := func(code, shown string) string {
		return `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ` + code + ` </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>` + shown + `</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<w:ftr ` + docNS + `><w:p><w:pPr><w:pStyle w:val="Footer"/>`)
	fmt.Fprintf(&b, `<w:tabs><w:tab w:val="right" w:pos="%d"/></w:tabs></w:pPr>`, w.textW)
	if w.o.Footer != "" {
		fmt.Fprintf(&b, `<w:r><w:t xml:space="preserve">%s</w:t></w:r>`, esc(w.o.Footer))
	}
	b.WriteString(`<w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">Page </w:t></w:r>`)
	b.WriteString(field("PAGE", "1"))
	b.WriteString(`<w:r><w:t xml:space="preserve"> of </w:t></w:r>`)
	b.WriteString(field("NUMPAGES", "1"))
	b.WriteString(`</w:p></w:ftr>`)
	return []byte(b.String())
}

func settingsXML(lang string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="567"/><w:characterSpacingControl w:val="doNotCompress"/><w:themeFontLang w:val="` + esc(lang) + `"/></w:settings>`
}

// numbering: the paper's numbered paragraphs (one list, numbered across
// the paper), bullets, and a decimal list that other numbered lists
// restart; and a copy of the paragraphs' numbering for each run of
// paragraphs numbered apart from the first.
func (w *writer) numbering() []byte {
	var abs, nums strings.Builder
	abstract := func(id int, fmtFor func(lvl int) (string, string)) {
		fmt.Fprintf(&abs, `<w:abstractNum w:abstractNumId="%d"><w:multiLevelType w:val="hybridMultilevel"/>`, w.absBase+id)
		for lvl := 0; lvl < 9; lvl++ {
			f, text := fmtFor(lvl)
			fmt.Fprintf(&abs, `<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="%d" w:hanging="567"/></w:pPr></w:lvl>`,
				lvl, f, esc(text), 567*(lvl+1))
		}
		abs.WriteString(`</w:abstractNum>`)
	}
	decimal := func(lvl int) (string, string) {
		switch lvl % 3 {
		case 1:
			return "lowerLetter", fmt.Sprintf("(%%%d)", lvl+1)
		case 2:
			return "lowerRoman", fmt.Sprintf("(%%%d)", lvl+1)
		}
		return "decimal", fmt.Sprintf("%%%d.", lvl+1)
	}
	abstract(numParas, decimal)
	abstract(numBullets, func(lvl int) (string, string) {
		if lvl%2 == 1 {
			return "bullet", "–"
		}
		return "bullet", "•"
	})
	abstract(numOrdered, decimal)
	for _, n := range w.nums {
		if n.own {
			abstract(n.abstract, decimal)
		}
	}
	for _, id := range []int{numParas, numBullets, numOrdered} {
		if id == numParas && w.parasStart > 0 {
			fmt.Fprintf(&nums, `<w:num w:numId="%d"><w:abstractNumId w:val="%d"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="%d"/></w:lvlOverride></w:num>`, w.numBase+id, w.absBase+id, w.parasStart)
			continue
		}
		fmt.Fprintf(&nums, `<w:num w:numId="%d"><w:abstractNumId w:val="%d"/></w:num>`, w.numBase+id, w.absBase+id)
	}
	for _, n := range w.nums {
		fmt.Fprintf(&nums, `<w:num w:numId="%d"><w:abstractNumId w:val="%d"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="%d"/></w:lvlOverride></w:num>`, n.id, w.absBase+n.abstract, n.start)
	}
	if w.ref != nil && w.ref.numbering != nil {
		// The council's numbering first, the paper's after it: every
		// abstractNum before the first num, the nums before the closing
		// cleanup entry, as the schema orders them.
		root := w.ref.numbering.clone()
		absNodes, numNodes := fragment(abs.String()), fragment(nums.String())
		var kids []*node
		absDone, numsDone := false, false
		for _, k := range root.kids {
			if !absDone && (k.is(nsW, "num") || k.is(nsW, "numIdMacAtCleanup")) {
				kids, absDone = append(kids, absNodes...), true
			}
			if !numsDone && k.is(nsW, "numIdMacAtCleanup") {
				kids, numsDone = append(kids, numNodes...), true
			}
			kids = append(kids, k)
		}
		if !absDone {
			kids = append(kids, absNodes...)
		}
		if !numsDone {
			kids = append(kids, numNodes...)
		}
		root.kids = kids
		return serialise(root)
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">`)
	b.WriteString(abs.String())
	b.WriteString(nums.String())
	b.WriteString(`</w:numbering>`)
	return []byte(b.String())
}

// styles is the council's own style sheet, or a plain one that matches
// the PDF: Arial (Liberation Sans' metrics), 11 pt, headings in bold.
func (w *writer) styles(ref *Template) []byte {
	lang := esc(w.o.Lang)
	defaults, defs := builtinStyles(lang)
	if ref != nil {
		return councilStyles(ref.styles.clone(), defs, w.o.Lang)
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">`)
	b.WriteString(defaults)
	for _, d := range defs {
		b.WriteString(d.xml)
	}
	b.WriteString(`</w:styles>`)
	return []byte(b.String())
}

// styleDef is one style of the built-in sheet. Its Table Text names
// Arial (Liberation Sans' metrics), the type the table columns are
// measured in, so that a council's template whose own type is wider does
// not break the words of a column sized for Arial.
type styleDef struct{ id, xml string }

// builtinStyles returns the built-in document defaults and the styles the
// paper uses, each by its id.
func builtinStyles(lang string) (string, []styleDef) {
	para := func(id, name, based, ppr, rpr string, outline int) styleDef {
		s := fmt.Sprintf(`<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/>`, id, name)
		if based != "" {
			s += fmt.Sprintf(`<w:basedOn w:val="%s"/>`, based)
		}
		s += `<w:qFormat/>`
		if outline >= 0 {
			ppr += fmt.Sprintf(`<w:outlineLvl w:val="%d"/>`, outline)
		}
		if ppr != "" {
			s += "<w:pPr>" + ppr + "</w:pPr>"
		}
		if rpr != "" {
			s += "<w:rPr>" + rpr + "</w:rPr>"
		}
		return styleDef{id, s + "</w:style>"}
	}
	defaults := fmt.Sprintf(`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="%s" w:eastAsia="%s" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>`, lang, lang)
	return defaults, []styleDef{
		{"Normal", `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>`},
		para("Title", "Title", "Normal", `<w:keepNext/><w:spacing w:before="240" w:after="240"/>`, `<w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="36"/>`, -1),
		para("Heading1", "heading 1", "Normal", `<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/>`, `<w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/>`, 0),
		para("Heading2", "heading 2", "Normal", `<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/>`, `<w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/>`, 1),
		para("Heading3", "heading 3", "Normal", `<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/>`, `<w:b/><w:bCs/><w:sz w:val="22"/><w:szCs w:val="22"/>`, 2),
		para("Caption", "caption", "Normal", `<w:keepNext/><w:spacing w:before="120" w:after="80"/>`, `<w:b/><w:bCs/><w:sz w:val="20"/><w:szCs w:val="20"/>`, -1),
		para("ListParagraph", "List Paragraph", "Normal", "", "", -1),
		para("Quote", "Quote", "Normal", `<w:ind w:left="567" w:right="567"/>`, `<w:i/><w:iCs/>`, -1),
		para("TableText", "Table Text", "Normal", `<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>`, `<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="19"/><w:szCs w:val="19"/>`, -1),
		para("Footer", "footer", "Normal", `<w:spacing w:after="0"/>`, `<w:color w:val="555555"/><w:sz w:val="18"/><w:szCs w:val="18"/>`, -1),
		{"Hyperlink", `<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0B4F9C"/><w:u w:val="single"/></w:rPr></w:style>`},
		{"TableNormal", `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`},
		{"TableGrid", `<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:color="808080"/><w:left w:val="single" w:sz="4" w:color="808080"/><w:bottom w:val="single" w:sz="4" w:color="808080"/><w:right w:val="single" w:sz="4" w:color="808080"/><w:insideH w:val="single" w:sz="4" w:color="808080"/><w:insideV w:val="single" w:sz="4" w:color="808080"/></w:tblBorders></w:tblPr></w:style>`},
	}
}

// councilStyles is the council's style sheet with what the paper needs
// and the sheet lacks: a style the paper uses but the council's document
// does not define (Word's own templates have no Table Text, and often no
// Hyperlink until a link is made) is added from the built-in sheet, as
// pandoc adds it, since Word and LibreOffice otherwise fall back to
// Normal (LibreOffice then lays table cells out of their table); and the
// default language is the paper's, not the template's. styles is the
// paper's own copy of the template's sheet, changed in place.
func councilStyles(styles *node, defs []styleDef, lang string) []byte {
	have := map[string]bool{}
	for _, k := range styles.kids {
		if k.is(nsW, "style") {
			if id, ok := k.attr(nsW, "styleId"); ok {
				have[id] = true
			}
		}
	}
	var add strings.Builder
	for _, d := range defs {
		if !have[d.id] {
			// The council's own defaults stay the defaults.
			add.WriteString(strings.Replace(d.xml, ` w:default="1"`, "", 1))
		}
	}
	styles.kids = append(styles.kids, fragment(add.String())...)
	if lang != "" {
		withLang(styles, lang)
	}
	return serialise(styles)
}

// withLang sets the language of the style sheet's default run properties
// and of every style that names one (LibreOffice writes en-US into the
// Normal style itself, which would override the defaults).
func withLang(styles *node, lang string) {
	setVal := func(n *node) {
		if _, ok := n.attr(nsW, "val"); ok {
			n.setAttr(nsW, "val", lang)
		} else {
			n.attrs = append([]attr{{ns: nsW, local: "val", val: lang}}, n.attrs...)
		}
	}
	styles.walk(func(n *node) {
		if _, ok := n.attr(nsW, "val"); ok && n.is(nsW, "lang") {
			setVal(n)
		}
	})
	// The defaults come first in the sheet, the run's before the
	// paragraph's.
	first := func(parent *node, local string) *node {
		if c := parent.child(nsW, local); c != nil {
			return c
		}
		c := &node{ns: nsW, local: local}
		parent.kids = append([]*node{c}, parent.kids...)
		return c
	}
	rPr := first(first(first(styles, "docDefaults"), "rPrDefault"), "rPr")
	if l := rPr.child(nsW, "lang"); l != nil {
		setVal(l)
		return
	}
	rPr.kids = append(rPr.kids, &node{ns: nsW, local: "lang", attrs: []attr{{ns: nsW, local: "val", val: lang}}})
}
