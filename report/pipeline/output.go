package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/doc"
	dmd "github.com/carereport/carereport/report/doc/markdown"
	"github.com/carereport/carereport/report/paper"
	"github.com/carereport/carereport/report/render"
)

// File is one output file: its path relative to the output folder.
type File struct {
	Name string
	Data []byte
}

// Render makes every output file of one authority's result, in memory:
// nothing is written, so a failure leaves no trace. run.Program goes into
// each document's metadata. The plan (PlanFor) is the one source of the
// config and figures of the paper.
func Render(p *Plan, in *Inputs, formats []string, run Run) ([]File, error) {
	c, r := p.Config, p.Result
	slug := config.Slug(r.Authority.Name)
	if slug == "" {
		// The files would be hidden ones named ".md" and the like.
		return nil, fmt.Errorf("authority %q has no letters to make a file name from", r.Authority.Name)
	}
	want := map[string]bool{}
	for _, f := range formats {
		want[f] = true
	}
	var files []File
	if want["md"] || want["html"] || want["pdf"] || want["docx"] {
		ch, err := SinceChanges(c, r)
		if err != nil {
			return nil, err
		}
		pin, err := PaperInputs(p, in)
		if err != nil {
			return nil, err
		}
		pin.Since = ch
		d, err := paper.Build(pin)
		if err != nil {
			return nil, err
		}
		if c.Report.Draft() {
			draftTitle(d)
		}
		meta := Meta(c, r)
		meta.Generator = run.Program
		if want["md"] {
			files = append(files, File{slug + ".md", dmd.Write(d)})
		}
		if want["html"] {
			b, err := render.HTML(d, meta)
			if err != nil {
				return nil, fmt.Errorf("%s.html: %w", slug, err)
			}
			files = append(files, File{slug + ".html", b})
		}
		if want["docx"] {
			// The template Load read once; read here only for Inputs
			// made without Load.
			tmpl := in.Template
			if tmpl == nil {
				var err error
				if tmpl, err = LoadTemplate(c); err != nil {
					return nil, err
				}
			}
			b, err := render.DOCX(d, meta, tmpl)
			if err != nil {
				return nil, fmt.Errorf("%s.docx: %w", slug, err)
			}
			files = append(files, File{slug + ".docx", b})
		}
		if want["pdf"] {
			b, err := render.PDF(d, meta)
			if err != nil {
				return nil, fmt.Errorf("%s.pdf: %w", slug, err)
			}
			files = append(files, File{slug + ".pdf", b})
		}
	}
	set := PaperTables(c, r)
	if want["csv"] {
		for _, t := range set.Tables {
			b, err := csvTable(c, t).CSV()
			if err != nil {
				return nil, err
			}
			files = append(files, File{filepath.Join(slug+"-tables", t.ID+".csv"), b})
		}
	}
	if want["json"] {
		b, err := set.JSON()
		if err != nil {
			return nil, err
		}
		files = append(files, File{slug + "-tables.json", b})
	}
	return files, nil
}

// Meta is the document's metadata: title, author, subject, and the
// report's date (the meeting date, else the as-at date).
func Meta(c *config.Config, r *cqc.Result) render.Meta {
	title := c.Report.TitleFor(r.Authority.Name)
	date := c.Report.MeetingDate.Date
	if date.IsZero() {
		date = r.Opts.AsAt
	}
	author := c.Report.Author
	if c.Report.Council != "" {
		if author != "" {
			author += ", "
		}
		author += c.Report.Council
	}
	// Each style's footer names what the paper is: a committee paper its
	// committee and meeting; a quality account its own title (a
	// committee named in the config is not the account's).
	footer := title
	if c.Report.Style != "quality-account" && c.Report.Committee != "" {
		footer = c.Report.Committee
		if !c.Report.MeetingDate.IsZero() {
			footer += ", " + c.Report.MeetingDate.Long()
		}
	}
	subject := fmt.Sprintf("CQC ratings of %s in %s as at %s", paper.Scope(r), r.Authority.Name, r.Opts.AsAt.Long())
	keywords := "CQC, adult social care, quality, " + r.Authority.Name
	if c.Report.Synthetic {
		// Invented data says so wherever the paper goes without its
		// first page: every page's foot and the document's properties.
		footer = "Sample data (synthetic): " + footer
		subject = "Synthetic sample data, not CQC's: ratings of " + paper.Scope(r) + " in " + r.Authority.Name + " as at " + r.Opts.AsAt.Long()
		keywords = "synthetic data, sample, " + r.Authority.Name
	}
	draft := c.Report.Draft()
	if draft {
		// A draft says so in its title everywhere, and at the foot of
		// every page of the PDF and Word papers (in capitals, as the
		// watermark: text extraction such as pdftotext skips the
		// watermark's diagonal text, but not the footer's).
		title = render.DraftPrefix + title
		footer = render.DraftPrefix + footer
	}
	return render.Meta{
		Title:    title,
		Author:   author,
		Subject:  subject,
		Keywords: keywords,
		Lang:     "en-GB",
		Date:     date.Time(),
		Footer:   footer,
		Draft:    draft,
	}
}

// stagingPrefix names the staging folders WriteAtomic makes in the
// output folder; commitMark, inside one, says its moves have begun.
const (
	stagingPrefix = ".carereport-staging-"
	commitMark    = ".commit"
	lockName      = ".carereport.lock"
)

// WriteAtomic writes files into dir so that a failure leaves dir as it
// was: everything is first written to a staging folder inside dir, then
// moved into place; if a move fails, the moves already made are undone.
//
// One lock per output folder (a file lock, released by the system if the
// process dies) keeps two runs writing into one folder from mixing their
// files. A run killed part way leaves its staging folder; the next run
// into the folder finishes it: one killed before its moves began is
// removed, one killed during its moves is rolled forward, so the folder
// never keeps new tables beside an old paper.
func WriteAtomic(dir string, files []File) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return err
	}
	defer unlock()
	if err := recoverStaging(dir); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(dir, stagingPrefix)
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	// Top-level entries to move: files, and folders such as SLUG-tables.
	tops := map[string]bool{}
	for _, f := range files {
		p := filepath.Join(stage, f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
		tops[strings.SplitN(filepath.ToSlash(f.Name), "/", 2)[0]] = true
	}
	names := make([]string, 0, len(tops))
	for n := range tops {
		names = append(names, n)
	}
	sort.Strings(names)
	backup := filepath.Join(stage, ".old")
	if err := os.Mkdir(backup, 0o755); err != nil {
		return err
	}
	// From here a killed run is rolled forward by the next.
	if err := os.WriteFile(filepath.Join(stage, commitMark), []byte(strings.Join(names, "\n")), 0o644); err != nil {
		return err
	}
	type move struct {
		name   string
		hadOld bool
	}
	var done []move
	undo := func() {
		for i := len(done) - 1; i >= 0; i-- {
			m := done[i]
			dst := filepath.Join(dir, m.name)
			os.RemoveAll(dst)
			if m.hadOld {
				os.Rename(filepath.Join(backup, m.name), dst)
			}
		}
	}
	for _, n := range names {
		dst := filepath.Join(dir, n)
		m := move{name: n}
		if _, err := os.Lstat(dst); err == nil {
			if err := os.Rename(dst, filepath.Join(backup, n)); err != nil {
				undo()
				return err
			}
			m.hadOld = true
		}
		if err := os.Rename(filepath.Join(stage, n), dst); err != nil {
			if m.hadOld {
				os.Rename(filepath.Join(backup, n), dst)
			}
			undo()
			return err
		}
		done = append(done, m)
	}
	return nil
}

// recoverStaging finishes what killed runs left in dir (the caller holds
// the lock): a staging folder without the commit mark never moved
// anything and is removed; one with it is rolled forward, each entry it
// still holds moved into place.
func recoverStaging(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), stagingPrefix) {
			continue
		}
		stage := filepath.Join(dir, e.Name())
		if list, err := os.ReadFile(filepath.Join(stage, commitMark)); err == nil {
			for _, n := range strings.Split(string(list), "\n") {
				if n == "" || strings.ContainsAny(n, `/\`) || strings.HasPrefix(n, ".") {
					continue
				}
				src := filepath.Join(stage, n)
				if _, err := os.Lstat(src); err != nil {
					continue // moved already
				}
				dst := filepath.Join(dir, n)
				if err := os.RemoveAll(dst); err != nil {
					return err
				}
				if err := os.Rename(src, dst); err != nil {
					return err
				}
			}
		}
		if err := os.RemoveAll(stage); err != nil {
			return err
		}
	}
	return nil
}

// draftTitle puts "DRAFT: " before the text of the document's title, the
// first level-one heading (or, without one, the first heading), so that
// every format shows it. A document with no heading, or whose title
// already starts so, is left as it is.
func draftTitle(d *doc.Document) {
	var h *doc.Heading
	for _, b := range d.Blocks {
		x, ok := b.(*doc.Heading)
		if !ok {
			continue
		}
		if h == nil {
			h = x
		}
		if x.Level == 1 {
			h = x
			break
		}
	}
	if h == nil || strings.HasPrefix(strings.ToUpper(doc.PlainText(h.Content)), render.DraftPrefix) {
		return
	}
	if len(h.Content) > 0 {
		if t, ok := h.Content[0].(doc.Text); ok {
			h.Content[0] = doc.Text{S: render.DraftPrefix + t.S}
			return
		}
	}
	h.Content = append([]doc.Inline{doc.Text{S: render.DraftPrefix}}, h.Content...)
}
