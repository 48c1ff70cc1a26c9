package docx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// A part taken from a council's template is parsed into a small tree with
// limits, and the paper is written from that tree: nothing of the
// template's bytes reaches the paper as they were. So a DOCTYPE, an
// entity other than XML's five, a prefix bound to no namespace, a
// repeated attribute or a depth that strict parsers refuse (lxml stops
// at 256) ends in one error naming the part, never in a paper that Word
// or python-docx cannot open.

// Namespaces the paper needs to find things by; a template may bind them
// to any prefix (or none), so they are matched by URI.
const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsA   = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsMC  = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	nsXML = "http://www.w3.org/XML/1998/namespace"
)

// knownPrefixes are the prefixes the paper writes for the namespaces
// Word's own parts use, whatever prefix the template gave them.
var knownPrefixes = map[string]string{
	nsW:  "w",
	nsR:  "r",
	nsA:  "a",
	nsMC: "mc",
	"http://schemas.openxmlformats.org/officeDocument/2006/math":                 "m",
	"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing":     "wp",
	"http://schemas.openxmlformats.org/drawingml/2006/picture":                   "pic",
	"urn:schemas-microsoft-com:vml":                                              "v",
	"urn:schemas-microsoft-com:office:office":                                    "o",
	"urn:schemas-microsoft-com:office:word":                                      "w10",
	"http://schemas.microsoft.com/office/word/2010/wordml":                       "w14",
	"http://schemas.microsoft.com/office/word/2012/wordml":                       "w15",
	"http://schemas.microsoft.com/office/word/2015/wordml/symex":                 "w16se",
	"http://schemas.microsoft.com/office/word/2016/wordml/cid":                   "w16cid",
	"http://schemas.microsoft.com/office/word/2018/wordml":                       "w16",
	"http://schemas.microsoft.com/office/word/2018/wordml/cex":                   "w16cex",
	"http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash":           "w16sdtdh",
	"http://schemas.microsoft.com/office/word/2023/wordml/word16du":              "w16du",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing":        "wp14",
	"http://schemas.microsoft.com/office/drawing/2010/main":                      "a14",
	"http://schemas.microsoft.com/office/thememl/2012/main":                      "thm15",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingShape":          "wps",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup":          "wpg",
	"http://schemas.microsoft.com/office/word/2010/wordprocessingInk":            "wpi",
	"http://schemas.microsoft.com/office/word/2006/wordml":                       "wne",
	"http://schemas.openxmlformats.org/drawingml/2006/chart":                     "c",
	"http://schemas.openxmlformats.org/markup-compatibility/2006/relationships2": "mcr",
}

// partLimits bound one part: its bytes, how deeply its elements nest, and
// how many elements, attributes and texts it holds (the tree's memory).
type partLimits struct {
	maxBytes    int64
	maxDepth    int
	maxElements int
	maxAttrs    int
}

// Real templates' parts are far smaller: Word's own styles.xml is under
// 100 kB with some 2,000 elements, a long numbering.xml a few hundred kB.
// The depth stays under what lxml (python-docx) accepts, 256.
var (
	keptPart = partLimits{maxBytes: 4 << 20, maxDepth: 200, maxElements: 100_000, maxAttrs: 300_000}
	// The template's document is only read for its page, not kept.
	scannedPart = partLimits{maxBytes: 16 << 20, maxDepth: 200, maxElements: 1_000_000, maxAttrs: 3_000_000}
)

// node is an element (local != "") or a text (local == "").
type node struct {
	ns, local string // the namespace URI, not the prefix
	attrs     []attr
	kids      []*node
	text      string
}

// attr is an attribute; refs holds the prefixes named in the value of a
// markup-compatibility attribute (mc:Ignorable="w14 w15"), resolved to
// their namespaces so they can be written with the paper's prefixes.
type attr struct {
	ns, local, val string
	refs           []nsRef
}

type nsRef struct{ uri, rest string } // rest is "" or ":local" or ":*"

func (n *node) is(ns, local string) bool { return n.local == local && n.ns == ns }

// attr returns the value of an attribute and whether it is there.
func (n *node) attr(ns, local string) (string, bool) {
	for _, a := range n.attrs {
		if a.local == local && a.ns == ns {
			return a.val, true
		}
	}
	return "", false
}

func (n *node) setAttr(ns, local, val string) {
	for i := range n.attrs {
		if n.attrs[i].local == local && n.attrs[i].ns == ns {
			n.attrs[i].val = val
			return
		}
	}
	n.attrs = append(n.attrs, attr{ns: ns, local: local, val: val})
}

// child returns the first child element named so, or nil.
func (n *node) child(ns, local string) *node {
	for _, k := range n.kids {
		if k.is(ns, local) {
			return k
		}
	}
	return nil
}

// walk calls f on n and every element below it, in document order.
func (n *node) walk(f func(*node)) {
	if n.local == "" {
		return
	}
	f(n)
	for _, k := range n.kids {
		k.walk(f)
	}
}

// clone is a deep copy, so a paper can change its copy of a template's
// part while other papers of a batch use the same template.
func (n *node) clone() *node {
	c := *n
	c.attrs = append([]attr(nil), n.attrs...)
	if n.kids != nil {
		c.kids = make([]*node, len(n.kids))
		for i, k := range n.kids {
			c.kids[i] = k.clone()
		}
	}
	return &c
}

// partError is an error in one part of the template.
type partError struct {
	line int
	msg  string
}

func (e *partError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("line %d: %s", e.line, e.msg)
	}
	return e.msg
}

// parsePart parses one XML part within lim. With keep, it returns the
// root element; without, it only calls onStart (if not nil) for each
// element, and keeps nothing.
func parsePart(data []byte, lim partLimits, keep bool, onStart func(n *node)) (*node, error) {
	if int64(len(data)) > lim.maxBytes {
		return nil, &partError{msg: fmt.Sprintf("larger than %d MB, more than a Word template's part needs", lim.maxBytes>>20)}
	}
	data, utf16, err := toUTF8(data)
	if err != nil {
		return nil, err
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-16", "utf-16le", "utf-16be", "unicode", "ucs-2":
			if utf16 {
				return r, nil // already decoded
			}
			return nil, errors.New("it says it is UTF-16 but it is not")
		case "us-ascii", "ascii":
			return r, nil
		}
		return nil, fmt.Errorf("its encoding %q is not one a Word part uses (UTF-8 or UTF-16)", label)
	}
	type frame struct {
		prefix, local string
		node          *node
		declared      []string // prefixes bound here, to unbind at its end
	}
	scope := map[string][]string{} // prefix ("" for the default) -> URIs, innermost last
	lookup := func(prefix string) (string, bool) {
		switch prefix {
		case "xml":
			return nsXML, true
		}
		if s := scope[prefix]; len(s) > 0 {
			return s[len(s)-1], true
		}
		return "", prefix == "" // no default namespace: no namespace
	}
	var stack []frame
	var root *node
	elements, attrs := 0, 0
	line := 1 // where the token being read starts
	fail := func(msg string, args ...any) error {
		return &partError{line: line, msg: fmt.Sprintf(msg, args...)}
	}
	for {
		line, _ = d.InputPos()
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				msg := se.Msg
				if strings.HasPrefix(msg, "invalid character entity") {
					msg += " (a Word part may use only &amp; &lt; &gt; &apos; &quot; and numbered characters)"
				}
				return nil, &partError{line: se.Line, msg: msg}
			}
			return nil, fail("%v", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
				return nil, fail("a DOCTYPE is not allowed in a Word part")
			}
			return nil, fail("a <!%s declaration is not allowed in a Word part", firstWord(t))
		case xml.ProcInst, xml.Comment:
			// The XML declaration is written anew; other processing
			// instructions and comments are dropped.
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, fail("text outside the root element")
				}
				continue
			}
			if !keep || len(t) == 0 {
				continue
			}
			if elements++; elements > lim.maxElements {
				return nil, fail("more than %d elements and texts, more than a Word template's part holds", lim.maxElements)
			}
			p := stack[len(stack)-1].node
			p.kids = append(p.kids, &node{text: string(t)})
		case xml.StartElement:
			if len(stack) == 0 && root != nil {
				return nil, fail("a second root element <%s>", rawName(t.Name))
			}
			if len(stack) >= lim.maxDepth {
				return nil, fail("elements nested more than %d deep", lim.maxDepth)
			}
			if elements++; elements > lim.maxElements {
				return nil, fail("more than %d elements and texts, more than a Word template's part holds", lim.maxElements)
			}
			if attrs += len(t.Attr); attrs > lim.maxAttrs {
				return nil, fail("more than %d attributes, more than a Word template's part holds", lim.maxAttrs)
			}
			f := frame{prefix: t.Name.Space, local: t.Name.Local}
			// Namespace declarations first: they apply to the element's
			// own name and attributes.
			for _, a := range t.Attr {
				var prefix string
				switch {
				case a.Name.Space == "xmlns":
					prefix = a.Name.Local
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					prefix = ""
				default:
					continue
				}
				switch {
				case prefix == "xmlns" || (prefix == "xml") != (a.Value == nsXML) || a.Value == "http://www.w3.org/2000/xmlns/":
					return nil, fail("the namespace declaration %s=%q is not allowed", rawName(a.Name), a.Value)
				case prefix != "" && a.Value == "":
					return nil, fail("the prefix %s is bound to no namespace", prefix)
				case !validName(prefix) && prefix != "":
					return nil, fail("%q is not a namespace prefix", prefix)
				}
				if prefix == "xml" {
					continue
				}
				scope[prefix] = append(scope[prefix], a.Value)
				f.declared = append(f.declared, prefix)
			}
			ns, ok := lookup(t.Name.Space)
			if !ok {
				return nil, fail("<%s> uses the prefix %s, which is bound to no namespace", rawName(t.Name), t.Name.Space)
			}
			if !validName(t.Name.Local) {
				return nil, fail("%q is not an element name", rawName(t.Name))
			}
			n := &node{ns: ns, local: t.Name.Local}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue
				}
				ans := ""
				if a.Name.Space != "" {
					if ans, ok = lookup(a.Name.Space); !ok {
						return nil, fail("the attribute %s uses the prefix %s, which is bound to no namespace", rawName(a.Name), a.Name.Space)
					}
				}
				if !validName(a.Name.Local) {
					return nil, fail("%q is not an attribute name", rawName(a.Name))
				}
				if !utf8.ValidString(a.Value) {
					return nil, fail("the attribute %s is not valid UTF-8", rawName(a.Name))
				}
				if _, dup := n.attr(ans, a.Name.Local); dup {
					return nil, fail("<%s> has the attribute %s twice", rawName(t.Name), rawName(a.Name))
				}
				na := attr{ns: ans, local: a.Name.Local, val: a.Value}
				if prefixList(ns, ans, a.Name.Local) {
					for _, tok := range strings.Fields(a.Value) {
						p, rest, _ := strings.Cut(tok, ":")
						if rest != "" {
							rest = ":" + rest
						}
						// A prefix bound to nothing is dropped (Word
						// would refuse it).
						if uri, ok := lookup(p); ok && p != "" && uri != nsXML && (rest == "" || rest == ":*" || validName(rest[1:])) {
							na.refs = append(na.refs, nsRef{uri, rest})
						}
					}
					if len(na.refs) == 0 {
						continue
					}
				}
				n.attrs = append(n.attrs, na)
			}
			if onStart != nil {
				onStart(n)
			}
			if keep {
				if len(stack) > 0 {
					p := stack[len(stack)-1].node
					p.kids = append(p.kids, n)
				} else {
					root = n
				}
				f.node = n
			} else if root == nil {
				root = &node{ns: ns, local: t.Name.Local}
			}
			stack = append(stack, f)
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, fail("</%s> closes no element", rawName(t.Name))
			}
			f := stack[len(stack)-1]
			if f.prefix != t.Name.Space || f.local != t.Name.Local {
				return nil, fail("</%s> closes <%s>", rawName(t.Name), rawName(xml.Name{Space: f.prefix, Local: f.local}))
			}
			for _, p := range f.declared {
				scope[p] = scope[p][:len(scope[p])-1]
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		f := stack[len(stack)-1]
		return nil, fail("the part ends inside <%s>", rawName(xml.Name{Space: f.prefix, Local: f.local}))
	}
	if root == nil {
		return nil, &partError{msg: "no XML element in it"}
	}
	return root, nil
}

// prefixList says whether an attribute's value is a list of namespace
// prefixes (markup compatibility: mc:Ignorable, mc:Choice's Requires).
func prefixList(elemNS, ns, local string) bool {
	if ns == nsMC {
		switch local {
		case "Ignorable", "ProcessContent", "PreserveElements", "PreserveAttributes", "MustUnderstand":
			return true
		}
	}
	return ns == "" && local == "Requires" && elemNS == nsMC
}

// toUTF8 decodes a UTF-16 part (Word may save one so) and drops a UTF-8
// byte order mark.
func toUTF8(data []byte) ([]byte, bool, error) {
	var order unicode.Endianness
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], false, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{'<', 0}):
		order = unicode.LittleEndian
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0, '<'}):
		order = unicode.BigEndian
	default:
		return data, false, nil
	}
	out, err := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		out, err = unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(data)
	}
	if err != nil {
		return nil, false, &partError{msg: "not valid UTF-16: " + err.Error()}
	}
	if bytes.ContainsRune(out, utf8.RuneError) {
		return nil, false, &partError{msg: "not valid UTF-16 (an unpaired surrogate)"}
	}
	return out, true, nil
}

func rawName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func firstWord(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexAny(s, " \t\r\n["); i >= 0 {
		s = s[:i]
	}
	if len(s) > 20 {
		s = s[:20]
	}
	return s
}

// validName says whether s is an XML name without a colon (the decoder
// lets some names through that strict parsers refuse, such as "a:b:c").
func validName(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		ok := r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' ||
			r >= 0xC0 && r <= 0xD6 || r >= 0xD8 && r <= 0xF6 || r >= 0xF8 && r <= 0x2FF ||
			r >= 0x370 && r <= 0x37D || r >= 0x37F && r <= 0x1FFF || r >= 0x200C && r <= 0x200D ||
			r >= 0x2070 && r <= 0x218F || r >= 0x2C00 && r <= 0x2FEF || r >= 0x3001 && r <= 0xD7FF ||
			r >= 0xF900 && r <= 0xFDCF || r >= 0xFDF0 && r <= 0xFFFD || r >= 0x10000 && r <= 0xEFFFF
		if i > 0 && !ok {
			ok = r == '-' || r == '.' || r >= '0' && r <= '9' || r == 0xB7 ||
				r >= 0x300 && r <= 0x36F || r >= 0x203F && r <= 0x2040
		}
		if !ok {
			return false
		}
	}
	return true
}

// serialise writes the tree as a UTF-8 part: every namespace it uses is
// declared once on the root, with Word's usual prefix where there is one,
// so no part of the paper depends on the template's own prefixes.
func serialise(root *node) []byte {
	prefixes := map[string]string{} // URI -> prefix
	var order []string
	taken := map[string]bool{"xml": true, "xmlns": true}
	use := func(uri string) {
		if uri == "" || uri == nsXML {
			return
		}
		if _, ok := prefixes[uri]; !ok {
			prefixes[uri] = ""
			order = append(order, uri)
		}
	}
	root.walk(func(n *node) {
		use(n.ns)
		for _, a := range n.attrs {
			use(a.ns)
			for _, r := range a.refs {
				use(r.uri)
			}
		}
	})
	for _, uri := range order {
		if p, ok := knownPrefixes[uri]; ok {
			prefixes[uri] = p
			taken[p] = true
		}
	}
	next := 0
	for _, uri := range order {
		if prefixes[uri] != "" {
			continue
		}
		for {
			next++
			p := fmt.Sprintf("ns%d", next)
			if !taken[p] {
				prefixes[uri], taken[p] = p, true
				break
			}
		}
	}
	name := func(ns, local string) string {
		switch ns {
		case "":
			return local
		case nsXML:
			return "xml:" + local
		}
		return prefixes[ns] + ":" + local
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	var write func(n *node, top bool)
	write = func(n *node, top bool) {
		if n.local == "" {
			escText(&b, n.text)
			return
		}
		b.WriteByte('<')
		b.WriteString(name(n.ns, n.local))
		if top {
			decl := append([]string(nil), order...)
			sort.SliceStable(decl, func(i, j int) bool { return prefixes[decl[i]] < prefixes[decl[j]] })
			for _, uri := range decl {
				b.WriteString(" xmlns:" + prefixes[uri] + `="`)
				escAttr(&b, uri)
				b.WriteByte('"')
			}
		}
		for _, a := range n.attrs {
			b.WriteString(" " + name(a.ns, a.local) + `="`)
			if a.refs != nil {
				var vals []string
				for _, r := range a.refs {
					vals = append(vals, prefixes[r.uri]+r.rest)
				}
				escAttr(&b, strings.Join(vals, " "))
			} else {
				escAttr(&b, a.val)
			}
			b.WriteByte('"')
		}
		if len(n.kids) == 0 {
			b.WriteString("/>")
			return
		}
		b.WriteByte('>')
		for _, k := range n.kids {
			write(k, false)
		}
		b.WriteString("</" + name(n.ns, n.local) + ">")
	}
	write(root, true)
	return b.Bytes()
}

func escText(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			b.WriteString("&#13;")
		default:
			b.WriteRune(r)
		}
	}
}

func escAttr(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '"':
			b.WriteString("&quot;")
		case '\t':
			b.WriteString("&#9;")
		case '\n':
			b.WriteString("&#10;")
		case '\r':
			b.WriteString("&#13;")
		default:
			b.WriteRune(r)
		}
	}
}

// fragment parses trusted XML of the paper's own (elements in the w:
// namespace) into nodes, to add to a template's tree.
func fragment(s string) []*node {
	root, err := parsePart([]byte(`<w:x xmlns:w="`+nsW+`" xmlns:r="`+nsR+`">`+s+`</w:x>`), keptPart, true, nil)
	if err != nil {
		panic("docx: the paper's own XML does not parse: " + err.Error())
	}
	return root.kids
}
