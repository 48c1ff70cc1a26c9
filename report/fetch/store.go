package fetch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// store is what is already on disk: the finished file and the .part file
// of an earlier run.
type store struct {
	outPath, partPath string
	done              map[string]bool // location IDs in either file
	// refresh ignores the records of an earlier complete run in outPath
	// (the .part of an interrupted run still counts).
	refresh bool
}

func (s *store) has(id string) bool { return s.done[id] }

// PartPath is where Fetch keeps records until the run is complete.
func PartPath(outPath string) string { return outPath + ".part" }

// resume reads outPath and its .part file, if they exist, and repairs
// the .part file: a last line that is incomplete or not a JSON record is
// cut off, since an interrupted write can leave one.
func resume(outPath string, refresh bool) (*store, error) {
	s := &store{outPath: outPath, partPath: PartPath(outPath), done: map[string]bool{}, refresh: refresh}

	data, err := os.ReadFile(outPath)
	switch {
	case errors.Is(err, fs.ErrNotExist), refresh:
	case err != nil:
		return nil, err
	default:
		recs, bad, err := parseLines(data)
		if err != nil {
			return nil, fmt.Errorf("%s:%v", outPath, err)
		}
		if bad < len(data) {
			return nil, fmt.Errorf("%s:%d: not a complete JSON record; is this a file fetch wrote?", outPath, len(recs)+1)
		}
		for _, r := range recs {
			s.done[r.id] = true
		}
	}

	data, err = os.ReadFile(s.partPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		recs, good, err := parseLines(data)
		if err != nil {
			return nil, fmt.Errorf("%s:%v (delete it to start again)", s.partPath, err)
		}
		if good < len(data) {
			if err := os.Truncate(s.partPath, int64(good)); err != nil {
				return nil, err
			}
		}
		for _, r := range recs {
			s.done[r.id] = true
		}
	}
	return s, nil
}

// record is one line of a JSONL file.
type record struct {
	id, authority string
	// provider is the record's providerId: a location's provider, or a
	// provider record's own.
	provider string
	line     []byte // without the newline
}

// parseLines reads JSONL records. It returns the records and the length
// of the prefix of data they fill; only the last line may be bad (cut
// short, or not a record with a locationId), and it is left out. A bad
// line before the last is an error "LINE: message".
func parseLines(data []byte) ([]record, int, error) {
	var recs []record
	off := 0
	for lineNo := 1; off < len(data); lineNo++ {
		nl := bytes.IndexByte(data[off:], '\n')
		if nl < 0 {
			return recs, off, nil // incomplete last line
		}
		line := data[off : off+nl]
		r, ok := parseRecord(line)
		if !ok {
			if off+nl+1 == len(data) {
				return recs, off, nil
			}
			return nil, 0, fmt.Errorf("%d: not a JSON location record", lineNo)
		}
		recs = append(recs, r)
		off += nl + 1
	}
	return recs, off, nil
}

func parseRecord(line []byte) (record, bool) {
	var head struct {
		LocationID       string `json:"locationId"`
		LocalAuthority   string `json:"localAuthority"`
		ProviderID       string `json:"providerId"`
		OrganisationType string `json:"organisationType"`
	}
	if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &head) != nil {
		return record{}, false
	}
	if head.LocationID == "" {
		// A provider record (fetch -providers): kept under its own key,
		// after the locations.
		if head.ProviderID == "" || !strings.EqualFold(head.OrganisationType, "Provider") {
			return record{}, false
		}
		return record{id: providerKey(head.ProviderID), line: line, provider: head.ProviderID}, true
	}
	return record{id: head.LocationID, authority: head.LocalAuthority, line: line, provider: head.ProviderID}, true
}

// partFile appends lines to the .part file.
type partFile struct {
	f *os.File
}

func (s *store) openPart() (*partFile, error) {
	f, err := os.OpenFile(s.partPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	return &partFile{f: f}, nil
}

// writeLine writes line and its newline in one write, so that a stop
// between writes never leaves half a line.
func (p *partFile) writeLine(line []byte) error {
	buf := make([]byte, 0, len(line)+1)
	buf = append(append(buf, line...), '\n')
	if _, err := p.f.Write(buf); err != nil {
		return fmt.Errorf("%s: %w", p.f.Name(), err)
	}
	return nil
}

func (p *partFile) Close() error {
	if err := p.f.Sync(); err != nil {
		p.f.Close()
		return err
	}
	return p.f.Close()
}

// finish writes every record of outPath and the .part file to outPath,
// sorted, through a synced temporary file and a rename, then removes the
// .part file. rank gives the index of the authority a location was listed
// under; unlisted records go last, by their localAuthority. A record in
// both files is taken from the .part file, the newer. It returns the
// number of records written.
func (s *store) finish(rank func(id string) (int, bool)) (int, error) {
	byID := map[string]record{}
	paths := []string{s.outPath, s.partPath}
	if s.refresh {
		paths = paths[1:]
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, err
		}
		recs, good, err := parseLines(data)
		if err != nil {
			return 0, fmt.Errorf("%s:%v", path, err)
		}
		if good < len(data) {
			return 0, fmt.Errorf("%s:%d: not a complete JSON record", path, len(recs)+1)
		}
		for _, r := range recs {
			byID[r.id] = r
		}
	}

	type keyed struct {
		listed bool
		rank   int
		auth   string
		r      record
	}
	all := make([]keyed, 0, len(byID))
	for id, r := range byID {
		k := keyed{r: r}
		k.rank, k.listed = rank(id)
		if !k.listed {
			k.auth = strings.ToLower(r.authority)
		}
		all = append(all, k)
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.listed != b.listed {
			return a.listed
		}
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if a.auth != b.auth {
			return a.auth < b.auth
		}
		return a.r.id < b.r.id
	})

	dir := filepath.Dir(s.outPath)
	tmp, err := os.CreateTemp(dir, filepath.Base(s.outPath)+".tmp-*")
	if err != nil {
		return 0, err
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	var buf bytes.Buffer
	for _, k := range all {
		buf.Write(k.r.line)
		buf.WriteByte('\n')
		if buf.Len() >= 1<<20 {
			if _, err := tmp.Write(buf.Bytes()); err != nil {
				return 0, err
			}
			buf.Reset()
		}
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		return 0, err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return 0, err
	}
	if err := tmp.Sync(); err != nil {
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	if err := os.Rename(tmpName, s.outPath); err != nil {
		return 0, err
	}
	ok = true
	syncDir(dir)
	if err := os.Remove(s.partPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	syncDir(dir)
	return len(all), nil
}

// syncDir makes a rename or removal in dir durable, where the system
// allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// providerKey is the store's key of a provider record.
func providerKey(id string) string { return "provider:" + id }
