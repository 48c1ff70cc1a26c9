package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	dmd "github.com/carereport/carereport/report/doc/markdown"
)

// The hostile corpus: council templates made to break the reader. Each is
// built here at test time (none is committed), and each must end in one
// exact error or in a paper whose every part a strict, namespace-aware
// parser reads with no DOCTYPE in it.

const stylesOpen = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:styles xmlns:w="` + nsW + `">`

// plainStyles is a small, sound style sheet.
const plainStyles = stylesOpen + `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>`

// zipOf packs parts (name, content, in order) as a template.
func zipOf(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[i+1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// entityBomb is nine entities, each of ten references to the one before.
func entityBomb() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString("<!DOCTYPE w:styles [\n <!ENTITY lol0 \"lol\">\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, " <!ENTITY lol%d \"%s\">\n", i, strings.Repeat(fmt.Sprintf("&lol%d;", i-1), 10))
	}
	b.WriteString("]>\n")
	b.WriteString(`<w:styles xmlns:w="` + nsW + `"><w:style w:styleId="Normal"><w:name w:val="&lol9;"/></w:style></w:styles>`)
	return b.String()
}

func deepNesting(n int) string {
	return stylesOpen + strings.Repeat("<w:style>", n) + strings.Repeat("</w:style>", n) + "</w:styles>"
}

// allocated is the bytes f allocates (a bound on the memory it takes).
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

func TestHostileParts(t *testing.T) {
	withDoc := func(part, xml string) []byte {
		return zipOf(t, "word/styles.xml", plainStyles, part, xml)
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"entity bomb", zipOf(t, "word/styles.xml", entityBomb()),
			"council.dotx: word/styles.xml: line 2: a DOCTYPE is not allowed in a Word part"},
		{"external entity", zipOf(t, "word/styles.xml", stylesOpen[:strings.Index(stylesOpen, "<w:styles")]+
			`<!DOCTYPE w:styles [<!ENTITY e SYSTEM "file:///etc/passwd">]>`+stylesOpen[strings.Index(stylesOpen, "<w:styles"):]+`<w:style w:styleId="Normal"><w:name w:val="&e;"/></w:style></w:styles>`),
			"council.dotx: word/styles.xml: line 2: a DOCTYPE is not allowed in a Word part"},
		{"undeclared entity", zipOf(t, "word/styles.xml", stylesOpen+`<w:style w:styleId="Normal"><w:name w:val="&e;"/></w:style></w:styles>`),
			"council.dotx: word/styles.xml: line 2: invalid character entity &e; (a Word part may use only &amp; &lt; &gt; &apos; &quot; and numbered characters)"},
		{"200,000 nested elements", zipOf(t, "word/styles.xml", deepNesting(200_000)),
			"council.dotx: word/styles.xml: line 2: elements nested more than 200 deep"},
		{"DOCTYPE in numbering", withDoc("word/numbering.xml", "<!DOCTYPE x>\n<w:numbering xmlns:w=\""+nsW+"\"/>"),
			"council.dotx: word/numbering.xml: line 1: a DOCTYPE is not allowed in a Word part"},
		{"DOCTYPE in theme", withDoc("word/theme/theme1.xml", "<!DOCTYPE x>\n<a:theme xmlns:a=\""+nsA+"\"/>"),
			"council.dotx: word/theme/theme1.xml: line 1: a DOCTYPE is not allowed in a Word part"},
		{"DOCTYPE in fonts", withDoc("word/fontTable.xml", "<!DOCTYPE x>\n<w:fonts xmlns:w=\""+nsW+"\"/>"),
			"council.dotx: word/fontTable.xml: line 1: a DOCTYPE is not allowed in a Word part"},
		{"DOCTYPE in document", withDoc("word/document.xml", "<!DOCTYPE x>\n<w:document xmlns:w=\""+nsW+"\"/>"),
			"council.dotx: word/document.xml: line 1: a DOCTYPE is not allowed in a Word part"},
		{"deep document", withDoc("word/document.xml", `<w:document xmlns:w="`+nsW+`">`+strings.Repeat("<w:p>", 100_000)),
			"council.dotx: word/document.xml: line 1: elements nested more than 200 deep"},
		{"undeclared prefix", zipOf(t, "word/styles.xml", stylesOpen+`<x:style/></w:styles>`),
			"council.dotx: word/styles.xml: line 2: <x:style> uses the prefix x, which is bound to no namespace"},
		{"repeated attribute", zipOf(t, "word/styles.xml", stylesOpen+`<w:style w:styleId="a" w:styleId="b"/></w:styles>`),
			"council.dotx: word/styles.xml: line 2: <w:style> has the attribute w:styleId twice"},
		{"not styles", zipOf(t, "word/styles.xml", `<w:document xmlns:w="`+nsW+`"/>`),
			`council.dotx: word/styles.xml: not a Word style sheet (its root element is <document> in "` + nsW + `")`},
		{"huge page", withDoc("word/document.xml", `<w:document xmlns:w="`+nsW+`"><w:body><w:sectPr><w:pgSz w:w="9000000000000000000" w:h="16838"/></w:sectPr></w:body></w:document>`),
			`council.dotx: word/document.xml: the page width w:w="9000000000000000000" is outside Word's bounds of 144 to 31680 twips (0.1 to 22 inches)`},
		{"negative margin", withDoc("word/document.xml", `<w:document xmlns:w="`+nsW+`"><w:body><w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:left="-99999" w:right="0"/></w:sectPr></w:body></w:document>`),
			`council.dotx: word/document.xml: the left margin w:left="-99999" is outside Word's bounds of 0 to 31680 twips (0.0 to 22 inches)`},
		{"margins fill the page", withDoc("word/document.xml", `<w:document xmlns:w="`+nsW+`"><w:body><w:sectPr><w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:left="6000" w:right="6000"/></w:sectPr></w:body></w:document>`),
			`council.dotx: word/document.xml: the page (12240 by 15840 twips) leaves 240 by 13572 twips inside its margins; a paper needs at least an inch (1440) each way`},
		{"empty zip", zipOf(t), "council.dotx: not a Word document (.docx or .dotx): an empty zip"},
		{"empty file", nil, "council.dotx: the file is empty, not a Word document (.docx or .dotx)"},
		{"no styles", zipOf(t, "word/document.xml", "<w:document/>"), "council.dotx: not a Word document (.docx or .dotx): it has no word/styles.xml"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var err error
			if n := allocated(func() { _, err = ParseTemplate(c.data, "council.dotx") }); n > 100<<20 {
				t.Errorf("allocated %d MB", n>>20)
			}
			if err == nil || err.Error() != c.want {
				t.Errorf("got  %v\nwant %s", err, c.want)
			}
		})
	}
}

// strictParts checks that every XML part of a paper reads in a strict,
// namespace-aware parser, holds no DOCTYPE, and declares every prefix that
// markup compatibility names; and, with python-docx installed, that
// python-docx (lxml) opens it.
func strictParts(t *testing.T, paper []byte) map[string]string {
	t.Helper()
	p := parts(t, paper)
	for name, s := range p {
		if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") {
			continue
		}
		if strings.Contains(s, "<!DOCTYPE") || strings.Contains(s, "<!ENTITY") {
			t.Errorf("%s holds a DTD", name)
		}
		d := xml.NewDecoder(strings.NewReader(s))
		d.Strict = true
		declared := map[string]bool{}
		for {
			tok, err := d.RawToken()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			switch tk := tok.(type) {
			case xml.Directive:
				t.Errorf("%s holds <!%s>", name, tk)
			case xml.StartElement:
				for _, a := range tk.Attr {
					if a.Name.Space == "xmlns" {
						declared[a.Name.Local] = true
					}
				}
				for _, a := range tk.Attr {
					if a.Name.Local == "Ignorable" {
						for _, pfx := range strings.Fields(a.Value) {
							if !declared[pfx] {
								t.Errorf("%s: mc:Ignorable names %s, which is not declared", name, pfx)
							}
						}
					}
				}
			}
		}
		wellFormed(t, name, s)
	}
	if py := pythonDocx(); py != "" {
		f := filepath.Join(t.TempDir(), "paper.docx")
		os.WriteFile(f, paper, 0o644)
		script := "import sys, docx\nd = docx.Document(sys.argv[1])\nassert len(d.paragraphs) > 0\nd.styles\nprint('ok')\n"
		if out, err := exec.Command(py, "-c", script, f).CombinedOutput(); err != nil || !strings.Contains(string(out), "ok") {
			t.Errorf("python-docx does not open the paper: %v\n%s", err, out)
		}
	}
	return p
}

func pythonDocx() string {
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import docx").Run() == nil {
			return p
		}
	}
	return ""
}

// A style sheet in UTF-16, or with its namespace under another prefix (or
// none), is read by namespace: the paper keeps en-GB and adds Table Text
// once, and a style the council defines under another prefix is not added
// twice.
func TestTemplateEncodingsAndPrefixes(t *testing.T) {
	const body = `<x:docDefaults><x:rPrDefault><x:rPr><x:lang x:val="en-US"/></x:rPr></x:rPrDefault></x:docDefaults>` +
		`<x:style x:type="paragraph" x:default="1" x:styleId="Normal"><x:name x:val="Normal"/><x:rPr><x:lang x:val="en-US" x:eastAsia="zh-CN"/></x:rPr></x:style>` +
		`<x:style x:type="paragraph" x:styleId="Hyperlink"><x:name x:val="Hyperlink"/></x:style>`
	prefixed := `<x:styles xmlns:x="` + nsW + `" xmlns:mc="` + nsMC + `" xmlns:q14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="q14">` + body + `</x:styles>`
	unprefixed := `<styles xmlns="` + nsW + `">` + strings.ReplaceAll(strings.ReplaceAll(body, "<x:", "<"), "</x:", "</") + `</styles>`
	unprefixed = strings.ReplaceAll(unprefixed, "x:", "w:") // attributes keep a prefix
	unprefixed = strings.Replace(unprefixed, `<styles xmlns="`+nsW+`">`, `<styles xmlns="`+nsW+`" xmlns:w="`+nsW+`">`, 1)
	utf16 := func(s string, big bool) string {
		s = `<?xml version="1.0" encoding="UTF-16" standalone="yes"?>` + "\r\n" + s
		var b bytes.Buffer
		if big {
			b.Write([]byte{0xFE, 0xFF})
		} else {
			b.Write([]byte{0xFF, 0xFE})
		}
		for _, r := range s {
			if big {
				binary.Write(&b, binary.BigEndian, uint16(r))
			} else {
				binary.Write(&b, binary.LittleEndian, uint16(r))
			}
		}
		return b.String()
	}
	for _, c := range []struct{ name, styles string }{
		{"prefix x", prefixed},
		{"default namespace", unprefixed},
		{"UTF-16LE", utf16(prefixed, false)},
		{"UTF-16BE", utf16(prefixed, true)},
	} {
		t.Run(c.name, func(t *testing.T) {
			tm := template(t, zipOf(t, "word/styles.xml", c.styles), "council.dotx")
			out := strictParts(t, render(t, paper, Options{Lang: "en-GB", Template: tm}))["word/styles.xml"]
			if strings.Contains(out, "en-US") || strings.Count(out, `<w:lang w:val="en-GB"`) != 2 {
				t.Errorf("the language is not en-GB throughout: %s", out)
			}
			if !strings.Contains(out, `<w:lang w:val="en-GB" w:eastAsia="zh-CN"/>`) {
				t.Errorf("the Normal style's language was not kept with en-GB: %s", out)
			}
			for id, want := range map[string]int{"TableText": 1, "Hyperlink": 1, "Normal": 1, "Heading1": 1} {
				if n := strings.Count(out, `w:styleId="`+id+`"`); n != want {
					t.Errorf("style %s defined %d times, want %d", id, n, want)
				}
			}
			if c.name != "default namespace" && !strings.Contains(out, `mc:Ignorable="w14"`) {
				t.Errorf("mc:Ignorable was not carried over with the paper's prefix: %.300s", out)
			}
		})
	}
}

// A template with Word's usual markup-compatibility namespaces, comments,
// processing instructions, CDATA and character references comes out as a
// clean paper: parts re-written, embedded fonts and relationship ids
// dropped, nothing else the paper does not take (settings, headers,
// footers, properties) carried over.
func TestTemplateWrittenFromParse(t *testing.T) {
	styles := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<?mso-application progid=\"Word.Document\"?><!-- made by hand -->\n" +
		`<w:styles xmlns:mc="` + nsMC + `" xmlns:w="` + nsW + `" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 w15 undeclared">` +
		`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading &amp; &#49;"/><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/></w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:rPr><w14:ligatures w14:val="standard"/></w:rPr><w:semiHidden/><![CDATA[<x>]]></w:style></w:styles>`
	fonts := `<w:fonts xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:font w:name="Georgia"><w:embedRegular r:id="rId1" w:fontKey="{X}"/></w:font></w:fonts>`
	theme := `<a:theme xmlns:a="` + nsA + `" xmlns:r="` + nsR + `" name="Council"><a:themeElements><a:fmtScheme name="x"><a:bgFillStyleLst><a:blipFill><a:blip r:embed="rId9"/></a:blipFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>`
	data := zipOf(t, "word/styles.xml", styles, "word/fontTable.xml", fonts, "word/theme/theme1.xml", theme,
		"word/settings.xml", "<!DOCTYPE x><w:settings/>", "word/header1.xml", "<w:hdr/>", "docProps/core.xml", "<!DOCTYPE y><cp:coreProperties/>",
		"word/vbaProject.bin", "MZ")
	p := strictParts(t, render(t, paper, Options{Template: template(t, data, "council.dotx")}))
	st := p["word/styles.xml"]
	for _, want := range []string{`mc:Ignorable="w14 w15"`, `<w:name w:val="heading &amp; 1"/>`, `<w14:ligatures w14:val="standard"/>`, `&lt;x&gt;`, `w:ascii="Georgia"`} {
		if !strings.Contains(st, want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	if strings.Contains(st, "mso-application") || strings.Contains(st, "made by hand") {
		t.Error("a processing instruction or comment was carried over")
	}
	if strings.Contains(p["word/fontTable.xml"], "embedRegular") || !strings.Contains(p["word/fontTable.xml"], `w:name="Georgia"`) {
		t.Errorf("fonts table: %s", p["word/fontTable.xml"])
	}
	if strings.Contains(p["word/theme/theme1.xml"], "r:embed") || !strings.Contains(p["word/theme/theme1.xml"], `name="Council"`) {
		t.Errorf("theme: %s", p["word/theme/theme1.xml"])
	}
	for name := range p {
		switch name {
		case "word/header1.xml", "word/vbaProject.bin":
			t.Errorf("%s was carried over", name)
		}
	}
	if strings.Contains(p["word/settings.xml"], "DOCTYPE") || strings.Contains(p["docProps/core.xml"], "DOCTYPE") {
		t.Error("the template's settings or properties were carried over")
	}
}

// The zip itself: its directory and its parts' sizes are checked before
// they are read.
func TestHostileZip(t *testing.T) {
	// A directory of many entries whose end record gives a small count
	// (archive/zip would read every entry to the end of the file): 65,539
	// entries of 46 bytes, the count 65,539 mod 65,536 = 3.
	many := func(n int) []byte {
		var b bytes.Buffer
		hdr := make([]byte, 46)
		binary.LittleEndian.PutUint32(hdr, 0x02014b50)
		for range n {
			b.Write(hdr)
		}
		dirSize := b.Len()
		end := make([]byte, 22)
		binary.LittleEndian.PutUint32(end, 0x06054b50)
		binary.LittleEndian.PutUint16(end[8:], uint16(n))
		binary.LittleEndian.PutUint16(end[10:], uint16(n))
		binary.LittleEndian.PutUint32(end[12:], uint32(dirSize))
		b.Write(end)
		return b.Bytes()
	}
	// A zip64 end record claiming 1.5 million entries.
	zip64 := func(records uint64) []byte {
		var b bytes.Buffer
		rec := make([]byte, 56)
		binary.LittleEndian.PutUint32(rec, 0x06064b50)
		binary.LittleEndian.PutUint64(rec[4:], 44)
		binary.LittleEndian.PutUint64(rec[24:], records)
		binary.LittleEndian.PutUint64(rec[32:], records)
		b.Write(rec)
		loc := make([]byte, 20)
		binary.LittleEndian.PutUint32(loc, 0x07064b50)
		binary.LittleEndian.PutUint64(loc[8:], 0)
		b.Write(loc)
		end := make([]byte, 22)
		binary.LittleEndian.PutUint32(end, 0x06054b50)
		binary.LittleEndian.PutUint16(end[8:], 0xFFFF)
		binary.LittleEndian.PutUint16(end[10:], 0xFFFF)
		binary.LittleEndian.PutUint32(end[12:], 0xFFFFFFFF)
		binary.LittleEndian.PutUint32(end[16:], 0xFFFFFFFF)
		b.Write(end)
		return b.Bytes()
	}
	big := bigParts(t, 5, 63<<20)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"65,539 entries counted as 3", many(65539), "council.dotx: not a Word document (.docx or .dotx): its zip directory takes 2944 kB, more than the 1024 kB a Word document could need"},
		{"983,043 entries counted as 3", many(983043), "council.dotx: not a Word document (.docx or .dotx): its zip directory takes 44160 kB, more than the 1024 kB a Word document could need"},
		{"1.5M entries in zip64", zip64(1_500_000), "council.dotx: not a Word document (.docx or .dotx): its zip lists 1500000 entries, more than the 5000 a Word document could need"},
		{"6,000 entries", many(6000), "council.dotx: not a Word document (.docx or .dotx): its zip lists 6000 entries, more than the 5000 a Word document could need"},
		{"five 63 MB parts", big, "council.dotx: word/styles.xml: larger than 4 MB uncompressed, more than a Word template's part needs"},
		{"a part larger than its header says", lyingSize(t, big), "council.dotx: word/styles.xml is damaged: zip: not a valid zip file"},
		{"parts over 24 MB together", fullParts(t), "council.dotx: word/document.xml: the parts read come to more than 24 MB uncompressed, more than a Word template needs"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var err error
			n := allocated(func() { _, err = ParseTemplate(c.data, "council.dotx") })
			if err == nil || err.Error() != c.want {
				t.Errorf("got  %v\nwant %s", err, c.want)
			}
			limit := uint64(2 << 20)
			if c.name == "parts over 24 MB together" {
				// The parts up to the limit are read, parsed and written
				// again: bytes allocated in all, not the peak (about 100 MB,
				// more under -race).
				limit = 200 << 20
			}
			if n > limit {
				t.Errorf("allocated %d kB, more than %d kB", n>>10, limit>>10)
			}
		})
	}
}

// bigParts is a template of n parts (styles, numbering, theme, fonts,
// document) of size bytes each, compressed once and stored n times.
func bigParts(t testing.TB, n int, size int64) []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	crc := crc32.NewIEEE()
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for left := size; left > 0; left -= int64(len(chunk)) {
		c := chunk[:min(int64(len(chunk)), left)]
		fw.Write(c)
		crc.Write(c)
	}
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"word/styles.xml", "word/numbering.xml", "word/theme/theme1.xml", "word/fontTable.xml", "word/document.xml"}[:n] {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc.Sum32(),
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: uint64(size)})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp.Bytes())
	}
	zw.Close()
	return buf.Bytes()
}

// lyingSize sets the first entry's uncompressed size, in its local and
// directory headers, to 1000 bytes.
func lyingSize(t testing.TB, data []byte) []byte {
	out := bytes.Clone(data)
	for _, sig := range []struct {
		magic []byte
		at    int
	}{{[]byte("PK\x03\x04"), 22}, {[]byte("PK\x01\x02"), 24}} {
		i := bytes.Index(out, sig.magic)
		if i < 0 {
			t.Fatal("no header")
		}
		binary.LittleEndian.PutUint32(out[i+sig.at:], 1000)
	}
	return out
}

// fullParts is a template whose parts are each within their own limit,
// but not all together.
func fullParts(t testing.TB) []byte {
	pad := func(open, close string, size int) string {
		return open + strings.Repeat(" ", size-len(open)-len(close)) + close
	}
	const four = 4<<20 - 100
	return zipOf(t,
		"word/styles.xml", pad(`<w:styles xmlns:w="`+nsW+`">`, `</w:styles>`, four),
		"word/numbering.xml", pad(`<w:numbering xmlns:w="`+nsW+`">`, `</w:numbering>`, four),
		"word/theme/theme1.xml", pad(`<a:theme xmlns:a="`+nsA+`">`, `</a:theme>`, four),
		"word/fontTable.xml", pad(`<w:fonts xmlns:w="`+nsW+`">`, `</w:fonts>`, four),
		"word/document.xml", pad(`<w:document xmlns:w="`+nsW+`">`, `</w:document>`, 15<<20))
}

// The file: only a regular file is read, and nothing is opened that
// could block (a FIFO) or never end (/dev/zero).
func TestTemplateFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.dotx")
	os.WriteFile(good, zipOf(t, "word/styles.xml", plainStyles), 0o644)
	os.WriteFile(filepath.Join(dir, "empty.dotx"), nil, 0o644)
	os.Mkdir(filepath.Join(dir, "folder.dotx"), 0o755)
	cases := []struct{ file, want string }{
		{"empty.dotx", "T: the file is empty, not a Word document (.docx or .dotx)"},
		{"folder.dotx", "T: a folder, not a Word document (.docx or .dotx)"},
		{"missing.dotx", "T: no such file or directory"},
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		os.Symlink("/dev/zero", filepath.Join(dir, "zero.dotx"))
		cases = append(cases, struct{ file, want string }{"zero.dotx", "T: not a regular file (a device, pipe or socket), so not a Word document (.docx or .dotx)"})
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.dotx"), 0o644); err == nil {
		cases = append(cases, struct{ file, want string }{"fifo.dotx", "T: not a regular file (a device, pipe or socket), so not a Word document (.docx or .dotx)"})
	}
	// A sparse file larger than the limit: refused from its size, unread.
	if f, err := os.Create(filepath.Join(dir, "huge.dotx")); err == nil {
		f.Truncate(MaxTemplateSize + 1)
		f.Close()
		cases = append(cases, struct{ file, want string }{"huge.dotx", "T: larger than 64 MB; a Word template is a few MB at most (save a copy without its pictures)"})
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := LoadTemplate(filepath.Join(dir, c.file), "T")
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || err.Error() != c.want {
					t.Errorf("got  %v\nwant %s", err, c.want)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("LoadTemplate hangs")
			}
		})
	}
	if _, err := LoadTemplate(good, "T"); err != nil {
		t.Errorf("a sound template: %v", err)
	}
}

// Papers made at once share one template and get the same bytes as one
// made alone (run under -race).
func TestTemplateShared(t *testing.T) {
	base := parts(t, render(t, paper, Options{}))
	numbering := `<w:numbering xmlns:w="` + nsW + `"><w:abstractNum w:abstractNumId="3"/><w:num w:numId="2"><w:abstractNumId w:val="3"/></w:num></w:numbering>`
	tm := template(t, zipOf(t, "word/styles.xml", base["word/styles.xml"], "word/numbering.xml", numbering), "council.dotx")
	o := Options{Template: tm, Lang: "en-GB", Date: time.Date(2021, 3, 9, 0, 0, 0, 0, time.UTC)}
	want, err := Render(read(t, paper), o)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	outs := make([][]byte, 6)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, _ := dmd.Read([]byte(paper), dmd.Paper)
			outs[i], _ = Render(d, o)
		}()
	}
	wg.Wait()
	for i, b := range outs {
		if !bytes.Equal(b, want) {
			t.Errorf("paper %d made at once differs from the one made alone", i)
		}
	}
	if n := strings.Count(parts(t, want)["word/numbering.xml"], "<w:num "); n != 4 {
		t.Errorf("%d w:num in the paper's numbering, want the council's 1 and the paper's 3", n)
	}
}

// The part parser: whatever it accepts, it writes as XML that a strict
// parser reads, with no DTD, and that reads back to the same bytes.
func FuzzTemplatePart(f *testing.F) {
	f.Add([]byte(plainStyles))
	f.Add([]byte(entityBomb()))
	f.Add([]byte(deepNesting(300)))
	f.Add([]byte(`<x:styles xmlns:x="` + nsW + `" xmlns:mc="` + nsMC + `" xmlns:q="urn:q" mc:Ignorable="q x"><x:a q:b="&#9;&lt;" xml:space="preserve"> t&amp;<![CDATA[]]>]]&gt;</x:a><mc:AlternateContent><mc:Choice Requires="q"/></mc:AlternateContent></x:styles>`))
	f.Add([]byte(`<a xmlns="urn:a"><b xmlns=""><c/></b></a>`))
	f.Add([]byte("\xff\xfe<\x00a\x00/\x00>\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := keptPart
		lim.maxBytes = 1 << 20
		root, err := parsePart(data, lim, true, nil)
		if err != nil {
			if root != nil {
				t.Fatal("a tree with an error")
			}
			return
		}
		out := serialise(root)
		if bytes.Contains(out, []byte("<!")) {
			t.Fatalf("a declaration in the output: %s", out)
		}
		d := xml.NewDecoder(bytes.NewReader(out))
		d.Strict = true
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("the output does not parse: %v\n%s", err, out)
			}
		}
		again, err := parsePart(out, lim, true, nil)
		if err != nil {
			t.Fatalf("the output does not parse again: %v\n%s", err, out)
		}
		if out2 := serialise(again); !bytes.Equal(out, out2) {
			t.Fatalf("not stable:\n%s\n%s", out, out2)
		}
	})
}

// A template that Word made (python-docx's own default.docx, with a
// 440 kB style sheet, numbering, theme and fonts) is taken whole: the
// paper opens in a strict parser and in python-docx, on its Letter page.
func TestWordMadeTemplate(t *testing.T) {
	const p = "/usr/lib/python3/dist-packages/docx/templates/default.docx"
	if _, err := os.Stat(p); err != nil {
		t.Skip("python3-docx's default.docx is not installed")
	}
	tm, err := LoadTemplate(p, "default.docx")
	if err != nil {
		t.Fatal(err)
	}
	out := strictParts(t, render(t, paper, Options{Lang: "en-GB", Template: tm}))
	if !strings.Contains(out["word/document.xml"], `<w:pgSz w:w="12240" w:h="15840"/>`) {
		t.Error("the template's Letter page was not taken")
	}
	for _, part := range []string{"word/numbering.xml", "word/theme/theme1.xml", "word/fontTable.xml"} {
		if out[part] == "" {
			t.Errorf("the template's %s was not taken", part)
		}
	}
	// Its own type is Calibri (a wider one where Calibri is missing):
	// the appendix's columns, measured in Arial, are in Arial.
	wordsWhole(t, render(t, appendixMD, Options{Lang: "en-GB", Template: tm}), appendixMD)
}
