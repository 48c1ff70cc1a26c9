package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/carereport/carereport/config"
	"github.com/carereport/carereport/report/cqc"
	"github.com/carereport/carereport/report/paper"
	"github.com/carereport/carereport/report/render"
)

// File is one output file: its path relative to the output folder.
type File struct {
	Name string
	Data []byte
}

// Render makes every output file of one authority's result, in memory:
// nothing is written, so a failure leaves no trace.
func Render(c *config.Config, in *Inputs, r *cqc.Result, formats []string) ([]File, error) {
	slug := config.Slug(r.Authority.Name)
	want := map[string]bool{}
	for _, f := range formats {
		want[f] = true
	}
	var files []File
	if want["md"] || want["html"] || want["pdf"] {
		md, err := paper.Build(paper.Inputs{Config: c, Result: r, Notes: in.Notes})
		if err != nil {
			return nil, err
		}
		meta := Meta(c, r)
		if want["md"] {
			files = append(files, File{slug + ".md", md})
		}
		if want["html"] {
			b, err := render.HTML(md, meta)
			if err != nil {
				return nil, fmt.Errorf("%s.html: %w", slug, err)
			}
			files = append(files, File{slug + ".html", b})
		}
		if want["pdf"] {
			b, err := render.PDF(md, meta)
			if err != nil {
				return nil, fmt.Errorf("%s.pdf: %w", slug, err)
			}
			files = append(files, File{slug + ".pdf", b})
		}
	}
	set := TableSet(r)
	if want["csv"] {
		for _, t := range set.Tables {
			b, err := t.CSV()
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
	title := c.Report.Title
	if title == "" {
		title = "Quality of Care in " + r.Authority.Name
	}
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
	footer := title
	if c.Report.Committee != "" {
		footer = c.Report.Committee
		if !c.Report.MeetingDate.IsZero() {
			footer += ", " + c.Report.MeetingDate.Long()
		}
	}
	return render.Meta{
		Title:    title,
		Author:   author,
		Subject:  fmt.Sprintf("CQC ratings of regulated adult social care services in %s as at %s", r.Authority.Name, r.Opts.AsAt.Long()),
		Keywords: "CQC, adult social care, quality, " + r.Authority.Name,
		Lang:     "en-GB",
		Date:     date.Time(),
		Footer:   footer,
	}
}

// WriteAtomic writes files into dir so that a failure leaves dir as it
// was: everything is first written to a staging folder inside dir, then
// moved into place; if a move fails, the moves already made are undone.
func WriteAtomic(dir string, files []File) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(dir, ".carereport-staging-")
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
