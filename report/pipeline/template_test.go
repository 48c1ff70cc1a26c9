package pipeline

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func templateZip(t *testing.T, styles string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/styles.xml")
	w.Write([]byte(styles))
	zw.Close()
	return buf.Bytes()
}

const soundStyles = `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>`

// The template is read and parsed once, by Load: the papers rendered
// after it need the file no more (a batch of many papers shares it).
func TestTemplateReadOnce(t *testing.T) {
	c := loadConfig(t, "../../config/example.yaml")
	p := filepath.Join(t.TempDir(), "council.dotx")
	os.WriteFile(p, templateZip(t, soundStyles), 0o644)
	c.Report.ReferenceDocx = p
	in, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	if in.Template == nil {
		t.Fatal("Load did not read the template")
	}
	os.Remove(p)
	for _, a := range []string{"", "Eastmoor"} {
		r, err := Compute(c, in, a)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Render(&Plan{Config: c, Result: r}, in, []string{"docx"}, Run{Program: testProgram}); err != nil {
			t.Errorf("%s: the paper read the template again: %v", a, err)
		}
	}
}

// A template that is no file to read, or a hostile one, is one error from
// Load naming the config key, the template and the part; it never hangs
// or reads without end.
func TestTemplateHostileFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	type tc struct{ path, want string }
	cases := []tc{
		{write("empty.dotx", nil), "the file is empty, not a Word document (.docx or .dotx)"},
		{write("dtd.dotx", templateZip(t, `<!DOCTYPE w:styles [<!ENTITY e SYSTEM "file:///etc/passwd">]>`+soundStyles)), "word/styles.xml: line 1: a DOCTYPE is not allowed in a Word part"},
		{dir, "a folder, not a Word document (.docx or .dotx)"},
	}
	var empty bytes.Buffer
	zip.NewWriter(&empty).Close()
	cases = append(cases, tc{write("emptyzip2.dotx", empty.Bytes()), "not a Word document (.docx or .dotx): an empty zip"})
	if _, err := os.Stat("/dev/zero"); err == nil {
		p := filepath.Join(dir, "zero.dotx")
		os.Symlink("/dev/zero", p)
		cases = append(cases, tc{p, "not a regular file (a device, pipe or socket), so not a Word document (.docx or .dotx)"})
	}
	if p := filepath.Join(dir, "fifo.dotx"); syscall.Mkfifo(p, 0o644) == nil {
		cases = append(cases, tc{p, "not a regular file (a device, pipe or socket), so not a Word document (.docx or .dotx)"})
	}
	c := loadConfig(t, "../../config/example.yaml")
	for _, k := range cases {
		t.Run(filepath.Base(k.path), func(t *testing.T) {
			c.Report.ReferenceDocx = k.path
			done := make(chan error, 1)
			go func() {
				_, err := Load(c)
				done <- err
			}()
			select {
			case err := <-done:
				want := c.Path + ": report.reference_docx: " + k.path + ": " + k.want
				if err == nil || err.Error() != want {
					t.Errorf("got  %v\nwant %s", err, want)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("Load hangs")
			}
		})
	}
}

// In errors the template is named as the config gives it, relative to the
// config's folder.
func TestTemplateName(t *testing.T) {
	for _, c := range []struct{ cfg, p, want string }{
		{"/c/council.yaml", "/c/templates/council.dotx", "templates/council.dotx"},
		{"/c/council.yaml", "/d/council.dotx", "/d/council.dotx"},
	} {
		if got := templateName(c.cfg, c.p); got != filepath.FromSlash(c.want) && got != c.want {
			t.Errorf("templateName(%s, %s) = %s, want %s", c.cfg, c.p, got, c.want)
		}
	}
	if !strings.HasPrefix(templateName("council.yaml", "/x/y.dotx"), "/") {
		t.Error("a template outside the config's folder is not named by its full path")
	}
}
