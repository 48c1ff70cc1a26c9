// Package tag makes a PDF tagged: it builds the structure tree (Document,
// headings, paragraphs, lists, tables, figures, links with their
// annotations) while the renderer draws, and, after fpdf has written the
// file, adds the tree, the parent tree, the catalog entries of a tagged
// PDF (/MarkInfo, /StructTreeRoot, /ViewerPreferences /DisplayDocTitle,
// XMP metadata with dc:title and pdfuaid:part) and /StructParents and
// /Tabs /S on each page, as an incremental update appended to fpdf's
// output (a page's link annotations move to objects of their own).
//
// No Go PDF library tags (fpdf does not): this is carereport's own, kept
// small. The renderer marks its content with BDC/EMC (MCIDs from Tree) and
// its page furniture as /Artifact.
package tag

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Elem is one structure element.
type Elem struct {
	Type   string // P, H1, Table, TD, Figure, Link, ...
	Alt    string // /Alt, for figures
	Scope  string // /Scope of a TH: Column or Row
	kids   []any  // *Elem, mcr or objr
	parent *Elem
}

type mcr struct{ page, mcid int }

// objr is an annotation that belongs to an element (a link's): the
// index-th entry of its page's /Annots, with its /Contents.
type objr struct {
	page, index int
	contents    string
}

// Tree is the structure tree being built.
type Tree struct {
	Root *Elem
	cur  *Elem
	next map[int]int // page (0-based) -> next MCID
}

// New starts a tree whose root is a Document element.
func New() *Tree {
	root := &Elem{Type: "Document"}
	return &Tree{Root: root, cur: root, next: map[int]int{}}
}

// Open adds a child of the current element and makes it current.
func (t *Tree) Open(typ string) *Elem {
	e := &Elem{Type: typ, parent: t.cur}
	t.cur.kids = append(t.cur.kids, e)
	t.cur = e
	return e
}

// Close makes the current element's parent current.
func (t *Tree) Close() {
	if t.cur.parent != nil {
		t.cur = t.cur.parent
	}
}

// MCID allocates the next marked-content id on page (0-based) for e.
func (t *Tree) MCID(e *Elem, page int) int {
	id := t.next[page]
	t.next[page] = id + 1
	e.kids = append(e.kids, mcr{page, id})
	return id
}

// Child adds an element of type typ under parent, leaving the current
// element as it is (a link inside a paragraph being drawn).
func (t *Tree) Child(parent *Elem, typ string) *Elem {
	e := &Elem{Type: typ, parent: parent}
	parent.kids = append(parent.kids, e)
	return e
}

// Annot makes the index-th annotation of page (0-based), in the order
// fpdf writes a page's /Annots, a kid of e, described by contents (its
// /Contents). The update moves that annotation into an object of its own
// with /StructParent, as a tagged PDF needs (PDF/UA-1: a link annotation
// inside its Link element).
func (t *Tree) Annot(e *Elem, page, index int, contents string) {
	e.kids = append(e.kids, objr{page, index, contents})
}

// Options are what the update writes beside the tree.
type Options struct {
	Title string
	Lang  string
}

var (
	reObj      = regexp.MustCompile(`(?m)^(\d+) 0 obj`)
	reStartxrf = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	reRoot     = regexp.MustCompile(`/Root (\d+) 0 R`)
	reInfo     = regexp.MustCompile(`/Info (\d+) 0 R`)
	reSize     = regexp.MustCompile(`/Size (\d+)`)
)

// Apply appends the structure tree to pdf (as fpdf wrote it) and returns
// the tagged file.
func (t *Tree) Apply(pdf []byte, o Options) ([]byte, error) {
	m := reStartxrf.FindSubmatch(pdf)
	if m == nil {
		return nil, fmt.Errorf("tag: no startxref")
	}
	prevXref, _ := strconv.Atoi(string(m[1]))
	ti := bytes.LastIndex(pdf, []byte("trailer"))
	if ti < 0 {
		return nil, fmt.Errorf("tag: no trailer")
	}
	trailer := pdf[ti:]
	root, info, size := atoiSub(reRoot, trailer), atoiSub(reInfo, trailer), atoiSub(reSize, trailer)
	if root <= 0 || size <= 0 {
		return nil, fmt.Errorf("tag: no /Root or /Size in the trailer")
	}
	objs := objects(pdf)
	catalog, ok := objs[root]
	if !ok {
		return nil, fmt.Errorf("tag: no catalog object %d", root)
	}
	// Pages in order: the /Kids of the page tree.
	pagesNum := atoiSub(regexp.MustCompile(`/Pages (\d+) 0 R`), []byte(catalog))
	kidsRe := regexp.MustCompile(`(\d+) 0 R`)
	var pages []int
	if pt, ok := objs[pagesNum]; ok {
		if i := strings.Index(pt, "/Kids ["); i >= 0 && strings.Contains(pt[i:], "]") {
			j := strings.Index(pt[i:], "]")
			for _, k := range kidsRe.FindAllStringSubmatch(pt[i:i+j], -1) {
				n, _ := strconv.Atoi(k[1])
				pages = append(pages, n)
			}
		}
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("tag: no pages")
	}

	// Number the new objects: every element, the tree root, the parent
	// tree, the metadata.
	next := size
	num := map[*Elem]int{}
	var order []*Elem
	var walk func(e *Elem)
	walk = func(e *Elem) {
		num[e] = next
		next++
		order = append(order, e)
		for _, k := range e.kids {
			if c, ok := k.(*Elem); ok {
				walk(c)
			}
		}
	}
	walk(t.Root)
	rootNum, parentTreeNum, metaNum := next, next+1, next+2
	next += 3

	// The annotations the tree claims (links), each moved out of its
	// page's /Annots into an object of its own, with its key in the
	// parent tree (after the pages' keys).
	bodies := make([]string, len(pages))
	annots := make([][]string, len(pages))
	for i, p := range pages {
		body := strings.TrimSpace(objs[p])
		bodies[i] = strings.TrimSuffix(strings.TrimPrefix(body, "<<"), ">>")
		if _, _, dicts, ok := annotsArray(bodies[i]); ok {
			annots[i] = dicts
		}
	}
	type annot struct {
		num, key int
		elem     *Elem
		contents string
	}
	claimed := map[[2]int]*annot{}
	var claims []*annot // in the order of their keys
	for _, e := range order {
		for _, k := range e.kids {
			r, ok := k.(objr)
			if !ok || r.page < 0 || r.page >= len(pages) || r.index < 0 || r.index >= len(annots[r.page]) {
				continue
			}
			if claimed[[2]int{r.page, r.index}] != nil {
				continue
			}
			a := &annot{num: next, key: len(pages) + len(claims), elem: e, contents: r.contents}
			next++
			claimed[[2]int{r.page, r.index}] = a
			claims = append(claims, a)
		}
	}

	var out bytes.Buffer
	out.Write(pdf)
	if !bytes.HasSuffix(pdf, []byte("\n")) {
		out.WriteByte('\n')
	}
	offsets := map[int]int{}
	put := func(n int, body string) {
		offsets[n] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	// Parent tree: for each page, the element of each MCID.
	byPage := map[int]map[int]int{}
	for _, e := range order {
		for _, k := range e.kids {
			if r, ok := k.(mcr); ok {
				if byPage[r.page] == nil {
					byPage[r.page] = map[int]int{}
				}
				byPage[r.page][r.mcid] = num[e]
			}
		}
	}
	for _, e := range order {
		var b strings.Builder
		fmt.Fprintf(&b, "<< /Type /StructElem /S /%s", e.Type)
		if e.parent == nil {
			fmt.Fprintf(&b, " /P %d 0 R", rootNum)
		} else {
			fmt.Fprintf(&b, " /P %d 0 R", num[e.parent])
		}
		if e.Alt != "" {
			fmt.Fprintf(&b, " /Alt %s", pdfText(e.Alt))
		}
		if e.Scope != "" {
			fmt.Fprintf(&b, " /A << /O /Table /Scope /%s >>", e.Scope)
		}
		b.WriteString(" /K [")
		for _, k := range e.kids {
			switch k := k.(type) {
			case *Elem:
				fmt.Fprintf(&b, " %d 0 R", num[k])
			case mcr:
				if k.page < len(pages) {
					fmt.Fprintf(&b, " << /Type /MCR /Pg %d 0 R /MCID %d >>", pages[k.page], k.mcid)
				}
			case objr:
				if a := claimed[[2]int{k.page, k.index}]; a != nil && a.elem == e {
					fmt.Fprintf(&b, " << /Type /OBJR /Pg %d 0 R /Obj %d 0 R >>", pages[k.page], a.num)
				}
			}
		}
		b.WriteString(" ] >>")
		put(num[e], b.String())
	}
	put(rootNum, fmt.Sprintf("<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>", num[t.Root], parentTreeNum, len(pages)+len(claims)))
	var pt strings.Builder
	pt.WriteString("<< /Nums [")
	for i := range pages {
		fmt.Fprintf(&pt, " %d [", i)
		ids := byPage[i]
		keys := make([]int, 0, len(ids))
		for k := range ids {
			keys = append(keys, k)
		}
		sort.Ints(keys)
		for want, k := range keys {
			if k != want {
				break // MCIDs are dense from 0
			}
			fmt.Fprintf(&pt, " %d 0 R", ids[k])
		}
		pt.WriteString(" ]")
	}
	for _, a := range claims {
		fmt.Fprintf(&pt, " %d %d 0 R", a.key, num[a.elem])
	}
	pt.WriteString(" ] >>")
	put(parentTreeNum, pt.String())
	xmp := xmpPacket(o.Title)
	offsets[metaNum] = out.Len()
	fmt.Fprintf(&out, "%d 0 obj\n<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream\nendobj\n", metaNum, len(xmp), xmp)

	// The catalog and the pages again, with their new entries.
	cat := strings.TrimSpace(catalog)
	cat = strings.TrimSuffix(strings.TrimPrefix(cat, "<<"), ">>")
	extra := fmt.Sprintf("/StructTreeRoot %d 0 R\n/MarkInfo << /Marked true >>\n/ViewerPreferences << /DisplayDocTitle true >>\n/Metadata %d 0 R\n", rootNum, metaNum)
	// fpdf's header says PDF 1.3; a tagged PDF's entries (/MarkInfo,
	// /Lang, XMP metadata: 1.4; /Tabs: 1.5) and PDF/UA-1 (ISO 32000-1)
	// need 1.7, which an update declares in the catalog.
	if !strings.Contains(cat, "/Version") && bytes.HasPrefix(pdf, []byte("%PDF-1.")) && len(pdf) > 7 && pdf[7] < '7' {
		extra += "/Version /1.7\n"
	}
	if !strings.Contains(cat, "/Lang") && o.Lang != "" {
		extra += "/Lang " + pdfText(o.Lang) + "\n"
	}
	put(root, "<<"+cat+"\n"+extra+">>")
	for i, p := range pages {
		body := bodies[i]
		if start, end, dicts, ok := annotsArray(body); ok {
			var arr strings.Builder
			for k, d := range dicts {
				a := claimed[[2]int{i, k}]
				if a == nil {
					arr.WriteString(d)
					continue
				}
				d = strings.TrimSuffix(d, ">>")
				if !strings.Contains(d, "/Contents") && a.contents != "" {
					d += " /Contents " + pdfText(a.contents)
				}
				put(a.num, fmt.Sprintf("%s /StructParent %d >>", d, a.key))
				fmt.Fprintf(&arr, "%d 0 R", a.num)
				if k < len(dicts)-1 {
					arr.WriteByte(' ')
				}
			}
			body = body[:start] + arr.String() + body[end:]
		}
		put(p, fmt.Sprintf("<<%s\n/StructParents %d\n/Tabs /S\n>>", body, i))
	}

	// Cross-reference section for the update.
	xref := out.Len()
	nums := make([]int, 0, len(offsets))
	for n := range offsets {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	out.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for _, n := range nums {
		fmt.Fprintf(&out, "%d 1\n%010d 00000 n \n", n, offsets[n])
	}
	fmt.Fprintf(&out, "trailer\n<<\n/Size %d\n/Root %d 0 R\n", next, root)
	if info > 0 {
		fmt.Fprintf(&out, "/Info %d 0 R\n", info)
	}
	fmt.Fprintf(&out, "/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n", prevXref, xref)
	return out.Bytes(), nil
}

// annotsArray finds the /Annots array of a page's dictionary when it holds
// its annotations as dictionaries (as fpdf writes them): the span of the
// array's contents in page and each dictionary, in order. ok is false
// when there is no such array, or it holds anything else.
func annotsArray(page string) (start, end int, dicts []string, ok bool) {
	i := strings.Index(page, "/Annots")
	if i < 0 {
		return 0, 0, nil, false
	}
	i += len("/Annots")
	for i < len(page) && isWhite(page[i]) {
		i++
	}
	if i >= len(page) || page[i] != '[' {
		return 0, 0, nil, false
	}
	start = i + 1
	depth, from := 0, 0
	for j := start; j < len(page); j++ {
		c := page[j]
		switch {
		case c == '(':
			// A literal string: balanced parentheses, \ escapes.
			if depth == 0 {
				return 0, 0, nil, false
			}
			n := 0
			for ; j < len(page); j++ {
				switch page[j] {
				case '\\':
					j++
				case '(':
					n++
				case ')':
					n--
				}
				if n == 0 {
					break
				}
			}
			if n != 0 {
				return 0, 0, nil, false
			}
		case c == '<' && depth > 0 && (j+1 >= len(page) || page[j+1] != '<'):
			// A hex string.
			k := strings.IndexByte(page[j:], '>')
			if k < 0 {
				return 0, 0, nil, false
			}
			j += k
		case c == '<' && j+1 < len(page) && page[j+1] == '<':
			if depth == 0 {
				from = j
			}
			depth++
			j++
		case c == '>' && j+1 < len(page) && page[j+1] == '>':
			if depth == 0 {
				return 0, 0, nil, false
			}
			depth--
			j++
			if depth == 0 {
				dicts = append(dicts, page[from:j+1])
			}
		case depth == 0 && c == ']':
			return start, j, dicts, true
		case depth == 0 && !isWhite(c):
			return 0, 0, nil, false // a reference or other object
		}
	}
	return 0, 0, nil, false
}

func isWhite(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func atoiSub(re *regexp.Regexp, b []byte) int {
	m := re.FindSubmatch(b)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// objects returns the dictionaries of the objects that have no stream,
// by number (the last definition wins).
func objects(pdf []byte) map[int]string {
	out := map[int]string{}
	locs := reObj.FindAllSubmatchIndex(pdf, -1)
	for _, l := range locs {
		n, _ := strconv.Atoi(string(pdf[l[2]:l[3]]))
		rest := pdf[l[1]:]
		end := bytes.Index(rest, []byte("endobj"))
		if end < 0 {
			continue
		}
		body := rest[:end]
		if bytes.Contains(body, []byte("stream")) {
			continue
		}
		out[n] = string(bytes.TrimSpace(body))
	}
	return out
}

// pdfText writes s as a PDF text string: UTF-16BE with its byte order
// mark, in hex.
func pdfText(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// xmpPacket is the document's XMP metadata: its title and the PDF/UA
// identification.
func xmpPacket(title string) string {
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return `<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc.Replace(title) + `</rdf:li></rdf:Alt></dc:title>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`
}
