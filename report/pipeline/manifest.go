package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/manifest"
)

// Run is what one run adds to a paper beyond its config and data.
type Run struct {
	// Program names the program and its version (see carereport
	// version); it goes into each document's metadata and the manifest.
	Program string
}

// ManifestName is the manifest's file name for an authority's slug.
func ManifestName(slug string) string { return slug + "-manifest.json" }

// Paper renders one authority's files and adds the manifest that lists
// them: SLUG-manifest.json, written with the others (WriteAtomic), so a
// paper and its manifest are always of the same run.
func Paper(p *Plan, in *Inputs, formats []string, run Run) ([]File, error) {
	files, err := Render(p, in, formats, run)
	if err != nil {
		return nil, err
	}
	m, err := BuildManifest(p.Config, in, p.Result, formats, files, run)
	if err != nil {
		return nil, err
	}
	b, err := m.Encode()
	if err != nil {
		return nil, err
	}
	return append(files, File{ManifestName(config.Slug(p.Result.Authority.Name)), b}), nil
}

// BuildManifest describes a paper's making: the program, the config and
// what it resolved to, each input file with its hash and what was read in
// it, each output with its hash, and the tables. Paths are as the command
// line and the config give them, never made absolute, and there is no
// clock time: the same input gives the same manifest.
func BuildManifest(c *config.Config, in *Inputs, r *cqc.Result, formats []string, files []File, run Run) (*manifest.Manifest, error) {
	slug := config.Slug(r.Authority.Name)
	m := &manifest.Manifest{
		Format:    manifest.Format,
		Program:   run.Program,
		Status:    c.Report.StatusName(),
		Authority: r.Authority.Name,
		AsAt:      r.Opts.AsAt.String(),
		NotHashed: map[string]string{ManifestName(slug): "this manifest: a file cannot hold its own hash"},
	}
	if m.Program == "" {
		m.Program = "carereport"
	}
	cfgDir := filepath.Dir(c.Path)
	// given is a path of the config as the config wrote it.
	given := func(p string) string {
		if p == "" || filepath.IsAbs(p) && !filepath.IsAbs(cfgDir) {
			return filepath.ToSlash(p)
		}
		if rel, err := filepath.Rel(cfgDir, p); err == nil {
			return filepath.ToSlash(rel)
		}
		return filepath.ToSlash(p)
	}
	if c.Path != "" {
		d, err := in.digest(c.Path)
		if err != nil {
			return nil, err
		}
		m.Config = manifest.Config{Path: filepath.ToSlash(c.Path), Size: d.size, SHA256: d.sum}
	}
	settings, err := settingsOf(c, given)
	if err != nil {
		return nil, err
	}
	m.Settings = settings
	m.Resolved = manifest.Resolved{
		AsAt:            r.Opts.AsAt.String(),
		Previous:        r.Opts.Previous.String(),
		InspectionsFrom: r.Opts.Inspections.From.String(),
		InspectionsTo:   r.Opts.Inspections.To.String(),
		England:         r.Opts.England,
		Formats:         append([]string(nil), formats...),
	}
	if r.Comparators != nil {
		m.Resolved.Comparators = append([]string(nil), r.Comparators.Members...)
		sort.Strings(m.Resolved.Comparators)
		m.Resolved.ComparatorLabel = r.Comparators.Name
	}
	for _, f := range in.Files {
		d, err := in.digest(f.Path)
		if err != nil {
			return nil, err
		}
		rows, skipped := f.Read.Rows, f.Read.SkippedRows()
		e := manifest.Input{Key: f.Key, Path: given(f.Path), Size: d.size, SHA256: d.sum,
			Layout: f.Read.Layout, Sheet: f.Read.Sheet, HeaderRow: f.Read.HeaderRow,
			AsAt: f.Read.AsAt.String(), AsAtFrom: f.Read.AsAtFrom,
			RowsRead: &rows, RowsSkipped: &skipped, Skipped: f.Read.Skipped}
		if f.Key == "data.commissioned" && r.Commissioned == nil {
			// Another authority of a batch: the list is not used.
			continue
		}
		m.Inputs = append(m.Inputs, e)
	}
	for _, f := range otherInputs(c) {
		d, err := in.digest(f.path)
		if err != nil {
			return nil, err
		}
		m.Inputs = append(m.Inputs, manifest.Input{Key: f.key, Path: given(f.path), Size: d.size, SHA256: d.sum, Layout: f.layout})
	}
	for _, f := range files {
		m.Outputs = append(m.Outputs, manifest.Output{Name: filepath.ToSlash(f.Name), Size: int64(len(f.Data)), SHA256: manifest.Sum(f.Data)})
	}
	sort.Slice(m.Outputs, func(i, j int) bool { return m.Outputs[i].Name < m.Outputs[j].Name })
	for _, t := range r.Tables {
		m.Tables = append(m.Tables, t.ID)
	}
	return m, nil
}

type otherInput struct{ key, path, layout string }

// otherInputs are the files beside the data that shape the paper: the
// narrative files, the template folder's templates and the Word reference
// document.
func otherInputs(c *config.Config) []otherInput {
	var out []otherInput
	keys := make([]string, 0, len(c.Report.Narrative))
	for k := range c.Report.Narrative {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, otherInput{"report.narrative." + k, c.Report.Narrative[k], "narrative Markdown"})
	}
	if dir := c.Report.Templates; dir != "" {
		names, _ := fs.Glob(os.DirFS(dir), "*.tmpl")
		sort.Strings(names)
		for _, n := range names {
			out = append(out, otherInput{"report.templates", filepath.Join(dir, n), "template"})
		}
	}
	if p := c.Report.ReferenceDocx; p != "" {
		out = append(out, otherInput{"report.reference_docx", p, "Word reference document"})
	}
	if p := c.Report.PreviousPaper; p != "" {
		out = append(out, otherInput{"report.previous_paper", p, "carereport tables JSON"})
	}
	return out
}

// settingsOf is the config as it resolved, under its own key names, with
// its paths as the config gives them; output.dir is left out (the
// manifest is in it).
func settingsOf(c *config.Config, given func(string) string) (map[string]any, error) {
	cc := *c
	cc.Data = c.Data
	cc.Data.History = append([]string(nil), c.Data.History...)
	for _, p := range []*string{&cc.Data.Locations, &cc.Data.PreviousLocations, &cc.Data.Ratings,
		&cc.Data.PreviousRatings, &cc.Data.API, &cc.Data.Commissioned} {
		*p = given(*p)
	}
	for i := range cc.Data.History {
		cc.Data.History[i] = given(cc.Data.History[i])
	}
	cc.Report = c.Report
	cc.Report.Templates = given(c.Report.Templates)
	cc.Report.ReferenceDocx = given(c.Report.ReferenceDocx)
	cc.Report.Status = c.Report.StatusName()
	if c.Report.Narrative != nil {
		cc.Report.Narrative = map[string]string{}
		for k, v := range c.Report.Narrative {
			cc.Report.Narrative[k] = given(v)
		}
	}
	cc.Output.Dir = ""
	b, err := yaml.Marshal(&cc)
	if err != nil {
		return nil, fmt.Errorf("manifest settings: %w", err)
	}
	var out map[string]any
	if err := yaml.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("manifest settings: %w", err)
	}
	if o, ok := out["output"].(map[string]any); ok {
		delete(o, "dir")
	}
	return out, nil
}

// digest is a file's size and SHA-256.
type digest struct {
	size int64
	sum  string
}

// digests caches the hashes of the files of one Inputs: a batch hashes
// each input once for all its papers.
type digests struct {
	mu sync.Mutex
	m  map[string]digest
}

// digest hashes the file at path once per Inputs. A file that is not a
// regular file, or that is larger than it was when loaded, is an error.
func (in *Inputs) digest(path string) (digest, error) {
	in.hashes.mu.Lock()
	defer in.hashes.mu.Unlock()
	if d, ok := in.hashes.m[path]; ok {
		return d, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return digest{}, fmt.Errorf("manifest: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return digest{}, fmt.Errorf("manifest: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return digest{}, fmt.Errorf("manifest: %s is not a regular file, so it cannot be hashed", path)
	}
	if st, ok := in.stamps[path]; ok && (st.size != fi.Size() || st.mod != fi.ModTime().UnixNano()) {
		return digest{}, fmt.Errorf("%s changed while carereport was running; run it again", path)
	}
	h := newHash()
	n, err := io.Copy(h, f)
	if err != nil {
		return digest{}, fmt.Errorf("manifest: reading %s: %w", path, err)
	}
	d := digest{size: n, sum: h.hex()}
	if in.hashes.m == nil {
		in.hashes.m = map[string]digest{}
	}
	in.hashes.m[path] = d
	return d, nil
}

// stamp is a file's size and modification time when it was loaded.
type stamp struct {
	size int64
	mod  int64
}

func stampOf(path string) (stamp, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return stamp{}, false
	}
	return stamp{fi.Size(), fi.ModTime().UnixNano()}, true
}

type sha256Hash struct{ hash.Hash }

func newHash() sha256Hash        { return sha256Hash{sha256.New()} }
func (h sha256Hash) hex() string { return hex.EncodeToString(h.Sum(nil)) }
