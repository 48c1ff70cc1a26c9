package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Status is the outcome of checking one file.
type Status string

// The outcomes of checking a file.
const (
	Same    Status = "ok"
	Differs Status = "DIFFERS"
	Missing Status = "MISSING"
	Refused Status = "REFUSED"
)

// Check is one file's outcome.
type Check struct {
	What   string // "config", "input data.locations", "output"
	Path   string // as the manifest gives it
	Status Status
	Detail string // why it differs, is missing or was refused
}

// VerifyOptions say where a manifest's paths lead.
type VerifyOptions struct {
	// Dir is the folder the paper was made in: the config's path, and
	// through it the inputs', are relative to it. Outputs are relative to
	// OutDir, the manifest's own folder.
	Dir, OutDir string
	// Outside allows paths that are absolute or lead out of Dir or OutDir
	// (by "..", or by a symbolic link). Without it they are refused, and
	// the check says so.
	Outside bool
	// MaxRead caps the bytes read of one file (0: 1 TB). A file larger
	// than the manifest says differs without being read past its size.
	MaxRead int64
}

// Verify re-hashes the config, the inputs and the outputs a manifest
// names. It reads regular files only (never a device or a FIFO), never
// more than the size the manifest gives plus one byte, and never outside
// Dir or OutDir unless o.Outside.
func Verify(m *Manifest, o VerifyOptions) []Check {
	var out []Check
	in := place{dir: o.Dir, outside: o.Outside, max: o.MaxRead}
	outs := place{dir: o.OutDir, outside: o.Outside, max: o.MaxRead}
	out = append(out, in.check("config", m.Config.Path, m.Config.Path, m.Config.Size, m.Config.SHA256))
	cfgDir := path.Dir(filepath.ToSlash(m.Config.Path))
	for _, f := range m.Inputs {
		p := filepath.ToSlash(f.Path)
		if !path.IsAbs(p) && !filepath.IsAbs(f.Path) {
			p = path.Join(cfgDir, p)
		}
		out = append(out, in.check("input "+f.Key, f.Path, p, f.Size, f.SHA256))
	}
	for _, f := range m.Outputs {
		out = append(out, outs.check("output", f.Name, filepath.ToSlash(f.Name), f.Size, f.SHA256))
	}
	return out
}

// place is a folder files are checked in.
type place struct {
	dir     string
	outside bool
	max     int64
}

// check hashes the file at p (slash-separated, relative to the place's
// folder unless absolute) against size and sum.
func (pl place) check(what, given, p string, size int64, sum string) Check {
	c := Check{What: what, Path: given}
	refuse := func(why string) Check {
		c.Status, c.Detail = Refused, why+" (give -outside to follow it)"
		return c
	}
	dir := pl.dir
	if dir == "" {
		dir = "."
	}
	var f *os.File
	var err error
	switch {
	case pl.outside:
		full := filepath.FromSlash(p)
		if !filepath.IsAbs(full) {
			full = filepath.Join(dir, full)
		}
		f, err = openRegular(func(flag int) (*os.File, error) { return os.OpenFile(full, flag, 0) },
			func() (fs.FileInfo, error) { return os.Stat(full) })
	case filepath.IsAbs(filepath.FromSlash(p)) || path.IsAbs(p) || filepath.VolumeName(p) != "":
		return refuse("an absolute path")
	case !filepath.IsLocal(filepath.FromSlash(p)):
		return refuse(fmt.Sprintf("leads out of %s", dir))
	default:
		root, rerr := os.OpenRoot(dir)
		if rerr != nil {
			c.Status, c.Detail = Missing, rerr.Error()
			return c
		}
		defer root.Close()
		name := filepath.FromSlash(p)
		f, err = openRegular(func(flag int) (*os.File, error) { return root.OpenFile(name, flag, 0) },
			func() (fs.FileInfo, error) { return root.Stat(name) })
		if err != nil && strings.Contains(err.Error(), "path escapes from parent") {
			return refuse(fmt.Sprintf("a symbolic link that leads out of %s", dir))
		}
	}
	if err != nil {
		c.Status, c.Detail = Missing, unwrapPath(err).Error()
		if errors.Is(err, fs.ErrNotExist) {
			c.Detail = "no such file"
		}
		return c
	}
	defer f.Close()
	max := pl.max
	if max <= 0 {
		max = 1 << 40
	}
	limit := size + 1
	if limit > max {
		limit = max
	}
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, limit))
	if err != nil {
		c.Status, c.Detail = Missing, "cannot read: "+unwrapPath(err).Error()
		return c
	}
	switch {
	case n != size && n == limit && limit < size+1:
		c.Status, c.Detail = Refused, fmt.Sprintf("larger than the %d bytes verify reads of one file", max)
	case n > size:
		c.Status, c.Detail = Differs, fmt.Sprintf("larger than the %d bytes the manifest gives", size)
	case n < size:
		c.Status, c.Detail = Differs, fmt.Sprintf("%d bytes, not the %d the manifest gives", n, size)
	case hex.EncodeToString(h.Sum(nil)) != sum:
		c.Status, c.Detail = Differs, "same size, different content (SHA-256 differs)"
	default:
		c.Status = Same
	}
	return c
}

// errNotRegular is a path that names a folder, a device, a FIFO or a
// socket.
var errNotRegular = errors.New("not a regular file: verify reads only regular files")

// openRegular opens a file for reading only if it is a regular file: it
// stats first (so that a FIFO is never opened, which would wait for a
// writer), opens without blocking, and checks the open file again (in
// case it was swapped between the two).
func openRegular(open func(flag int) (*os.File, error), stat func() (fs.FileInfo, error)) (*os.File, error) {
	fi, err := stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errNotRegular
	}
	f, err := open(os.O_RDONLY | nonBlock)
	if err != nil {
		return nil, err
	}
	fi, err = f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = errNotRegular
		}
		return nil, err
	}
	return f, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ReadFile reads a manifest file: a regular file (never a FIFO or a
// device) of at most MaxSize bytes.
func ReadFile(name string) ([]byte, error) {
	f, err := openRegular(func(flag int) (*os.File, error) { return os.OpenFile(name, flag, 0) },
		func() (fs.FileInfo, error) { return os.Stat(name) })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, unwrapPath(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, unwrapPath(err))
	}
	if len(b) > MaxSize {
		return nil, &Error{File: name, Msg: fmt.Sprintf("larger than %d MB; a manifest is a few kB", MaxSize>>20)}
	}
	return b, nil
}
