package manifest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func sample() *Manifest {
	rows, skipped := 9, 1
	return &Manifest{
		Format: Format, Program: "carereport v1.0.0 (abc) go1.26.8", Status: "final", Authority: "Heath", AsAt: "2019-11-01",
		Config:   Config{Path: "c.yaml", Size: 3, SHA256: Sum([]byte("a: 1"))},
		Settings: map[string]any{"authority": "Heath"},
		Resolved: Resolved{AsAt: "2019-11-01", InspectionsFrom: "2019-01-01", InspectionsTo: "2019-10-31", England: true, Formats: []string{"md"}},
		Inputs: []Input{{Key: "data.locations", Path: "hsca.csv", Size: 4, SHA256: Sum([]byte("data")), Layout: "HSCA Active Locations",
			RowsRead: &rows, RowsSkipped: &skipped, Skipped: map[string]int{"no Location ID": 1}}},
		Outputs:   []Output{{Name: "heath.md", Size: 5, SHA256: Sum([]byte("paper"))}},
		NotHashed: map[string]string{"heath-manifest.json": "this manifest"},
		Tables:    []string{"ratings_by_service_type"},
	}
}

func TestEncodeParseRoundTrip(t *testing.T) {
	m := sample()
	b, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("m.json", b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, m)
	}
	again, _ := got.Encode()
	if !bytes.Equal(again, b) {
		t.Error("encoding the parsed manifest gave other bytes")
	}
}

// Each problem is one line naming the file, the line and column, and the
// field.
func TestParseErrors(t *testing.T) {
	good, _ := sample().Encode()
	replace := func(old, new string) []byte {
		if !bytes.Contains(good, []byte(old)) {
			t.Fatalf("the sample has no %q", old)
		}
		return bytes.Replace(good, []byte(old), []byte(new), 1)
	}
	cases := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "m.json: empty: not a manifest"},
		{"syntax", []byte("{\n  \"format\": \"x\",,\n}"), "m.json:2:18: invalid character ','"},
		{"cut short", good[:40], "m.json:"},
		{"type", replace(`"size": 5`, `"size": "5"`), "outputs.size: a whole number, not string"},
		{"unknown field", replace(`"status"`, `"statsu"`), `unknown field "statsu"`},
		{"format", replace(Format, "other/1"), `format: "other/1" is not "carereport-manifest/1"`},
		{"bad hash", replace(Sum([]byte("paper")), "xyz"), `outputs[0].sha256: "xyz" is not 64 lower-case hex digits`},
		{"negative size", replace(`"size": 4`, `"size": -4`), "inputs[0].size: is negative"},
		{"empty path", replace(`"path": "c.yaml"`, `"path": ""`), "config.path: is empty"},
		{"NUL in a name", replace(`"name": "heath.md"`, `"name": "heath\u0000.md"`), "outputs[0].name: holds a NUL character"},
		{"trailing", append(append([]byte(nil), good...), []byte("{}")...), "more after the manifest's closing brace"},
		{"not UTF-8", replace(`"Heath"`, "\"He\xffth\""), "not valid UTF-8"},
		{"too large", bytes.Repeat([]byte(" "), MaxSize+1), "larger than 4 MB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("m.json", c.in)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q, want one line with %q", err, c.want)
			}
			var me *Error
			if !errors.As(err, &me) {
				t.Errorf("error %T is not a *manifest.Error", err)
			}
		})
	}
	// The field's own line is named for errors found after decoding.
	_, err := Parse("m.json", replace(Sum([]byte("paper")), "xyz"))
	line := 1 + bytes.Count(good[:bytes.Index(good, []byte(Sum([]byte("paper"))))], []byte("\n"))
	var me *Error
	if errors.As(err, &me) && me.Line != line {
		t.Errorf("bad hash reported on line %d, want %d", me.Line, line)
	}
}

func TestParseLimitsTheNumberOfFiles(t *testing.T) {
	m := sample()
	for i := 0; i <= MaxFiles; i++ {
		m.Outputs = append(m.Outputs, Output{Name: "f" + strconv.Itoa(i), Size: 1, SHA256: Sum(nil)})
	}
	b, _ := m.Encode()
	if _, err := Parse("m.json", b); err == nil || !strings.Contains(err.Error(), "more than 10000") {
		t.Errorf("error %v, want the limit of files", err)
	}
}

// setup writes a config, an input and an output, and a manifest of them.
func setup(t *testing.T) (dir string, m *Manifest) {
	t.Helper()
	dir = t.TempDir()
	write := func(name, s string) (int64, string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return int64(len(s)), Sum([]byte(s))
	}
	m = sample()
	m.Config.Size, m.Config.SHA256 = write("cfg/c.yaml", "authority: Heath\n")
	m.Config.Path = "cfg/c.yaml"
	m.Inputs[0].Size, m.Inputs[0].SHA256 = write("data/hsca.csv", "Location ID\n1-1\n")
	m.Inputs[0].Path = "../data/hsca.csv"
	m.Outputs[0].Size, m.Outputs[0].SHA256 = write("out/heath.md", "# Paper\n")
	return dir, m
}

func statuses(cs []Check) string {
	var s []string
	for _, c := range cs {
		s = append(s, string(c.Status))
	}
	return strings.Join(s, " ")
}

func TestVerify(t *testing.T) {
	dir, m := setup(t)
	o := VerifyOptions{Dir: dir, OutDir: filepath.Join(dir, "out")}
	if got := statuses(Verify(m, o)); got != "ok ok ok" {
		t.Fatalf("all match: %s", got)
	}
	// One changed byte of the input.
	p := filepath.Join(dir, "data", "hsca.csv")
	os.WriteFile(p, []byte("Location ID\n1-2\n"), 0o644)
	cs := Verify(m, o)
	if got := statuses(cs); got != "ok DIFFERS ok" || !strings.Contains(cs[1].Detail, "SHA-256 differs") {
		t.Errorf("a changed input: %s %q", got, cs[1].Detail)
	}
	// Longer than the manifest says: read no further than one byte past.
	os.WriteFile(p, []byte("Location ID\n1-1\nmore rows\n"), 0o644)
	if cs := Verify(m, o); cs[1].Status != Differs || !strings.Contains(cs[1].Detail, "larger than") {
		t.Errorf("a longer input: %+v", cs[1])
	}
	os.Remove(p)
	if cs := Verify(m, o); cs[1].Status != Missing {
		t.Errorf("a missing input: %+v", cs[1])
	}
}

// verify never reads past its folders without -outside: not by "..",
// not by an absolute path, not through a symbolic link; and it reads only
// regular files, up to a cap.
func TestVerifyStaysInItsFolders(t *testing.T) {
	dir, m := setup(t)
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.csv")
	os.WriteFile(secret, []byte("secret"), 0o644)
	o := VerifyOptions{Dir: filepath.Join(dir, "cfg"), OutDir: filepath.Join(dir, "out")}
	m.Config.Path = "c.yaml"
	// ../data/hsca.csv now leads out of Dir (cfg).
	cs := Verify(m, o)
	if cs[1].Status != Refused || !strings.Contains(cs[1].Detail, "leads out of") || !strings.Contains(cs[1].Detail, "-outside") {
		t.Errorf("a .. escape: %+v", cs[1])
	}
	o.Outside = true
	if cs := Verify(m, o); cs[1].Status != Same {
		t.Errorf("a .. escape with Outside: %+v", cs[1])
	}
	o.Outside = false
	m.Outputs[0].Name = secret
	if cs := Verify(m, o); cs[2].Status != Refused || !strings.Contains(cs[2].Detail, "absolute") {
		t.Errorf("an absolute path: %+v", cs[2])
	}
	// A symbolic link inside the folder to a file outside it.
	link := filepath.Join(dir, "out", "link.md")
	if err := os.Symlink(secret, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	m.Outputs[0] = Output{Name: "link.md", Size: 6, SHA256: Sum([]byte("secret"))}
	if cs := Verify(m, o); cs[2].Status != Refused || !strings.Contains(cs[2].Detail, "symbolic link") {
		t.Errorf("a symbolic link out: %+v", cs[2])
	}
	o.Outside = true
	if cs := Verify(m, o); cs[2].Status != Same {
		t.Errorf("a symbolic link out, with Outside: %+v", cs[2])
	}
	o.Outside = false
	// A device file, with Outside: not read.
	if _, err := os.Stat("/dev/zero"); err == nil {
		m.Outputs[0] = Output{Name: "/dev/zero", Size: 1, SHA256: Sum([]byte{0})}
		o.Outside = true
		if cs := Verify(m, o); cs[2].Status != Missing || !strings.Contains(cs[2].Detail, "not a regular file") {
			t.Errorf("a device: %+v", cs[2])
		}
		o.Outside = false
	}
	// A folder is not a regular file either.
	m.Outputs[0] = Output{Name: ".", Size: 1, SHA256: Sum(nil)}
	if cs := Verify(m, o); cs[2].Status != Missing || !strings.Contains(cs[2].Detail, "not a regular file") {
		t.Errorf("a folder: %+v", cs[2])
	}
	// The read cap.
	m.Outputs[0] = Output{Name: "heath.md", Size: 8, SHA256: Sum([]byte("# Paper\n"))}
	o.MaxRead = 4
	if cs := Verify(m, o); cs[2].Status != Refused || !strings.Contains(cs[2].Detail, "larger than the 4 bytes verify reads") {
		t.Errorf("the read cap: %+v", cs[2])
	}
}

func FuzzParse(f *testing.F) {
	good, _ := sample().Encode()
	f.Add(good)
	f.Add([]byte(`{"format": "carereport-manifest/1"}`))
	f.Add([]byte(`{"format": "carereport-manifest/1", "outputs": [{"name": "a", "size": 1, "sha256": "` + strings.Repeat("0", 64) + `"}]}`))
	f.Add([]byte(`{"inputs": [{"path": 3}]}`))
	f.Add([]byte("{\n\"settings\": {\"a\": [1, {\"b\": null}]},\n\"x\": 1}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse("m.json", b)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error of more than one line: %q", err)
			}
			var me *Error
			if !errors.As(err, &me) {
				t.Errorf("error %T is not a *manifest.Error", err)
			}
			return
		}
		// What parses encodes, and parses again to the same.
		enc, err := m.Encode()
		if err != nil {
			t.Fatal(err)
		}
		m2, err := Parse("m.json", enc)
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		enc2, _ := m2.Encode()
		if !bytes.Equal(enc, enc2) {
			t.Error("encode, parse, encode gave other bytes")
		}
	})
}
