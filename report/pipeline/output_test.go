package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Runs writing into one folder at once never mix their files: each
// paper's files all come from one run.
func TestWriteAtomicOneRunAtATime(t *testing.T) {
	dir := t.TempDir()
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := []byte(fmt.Sprint(i))
			files := []File{{"heath.md", v}, {"heath.html", v}, {filepath.Join("heath-tables", "ratings.csv"), v}}
			if err := WriteAtomic(dir, files); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	md, _ := os.ReadFile(filepath.Join(dir, "heath.md"))
	html, _ := os.ReadFile(filepath.Join(dir, "heath.html"))
	csv, _ := os.ReadFile(filepath.Join(dir, "heath-tables", "ratings.csv"))
	if string(md) != string(html) || string(md) != string(csv) || len(md) == 0 {
		t.Errorf("mixed files: md %q, html %q, csv %q", md, html, csv)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), stagingPrefix) {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// What a killed run leaves is finished by the next: a staging folder
// whose moves had not begun is removed; one killed during its moves is
// rolled forward, so new tables never stay beside an old paper.
func TestWriteAtomicRecoversAKilledRun(t *testing.T) {
	dir := t.TempDir()
	write := func(p, s string) {
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(s), 0o644)
	}
	// The old paper, then a run killed after moving its tables but not
	// its PDF.
	write(filepath.Join(dir, "heath.pdf"), "old")
	write(filepath.Join(dir, "heath-tables", "ratings.csv"), "new")
	killed := filepath.Join(dir, stagingPrefix+"111")
	write(filepath.Join(killed, "heath.pdf"), "new")
	write(filepath.Join(killed, commitMark), "heath-tables\nheath.pdf")
	write(filepath.Join(killed, ".old", "heath-tables", "ratings.csv"), "old")
	// And one killed while still writing its staging files.
	early := filepath.Join(dir, stagingPrefix+"222")
	write(filepath.Join(early, "heath.pdf"), "half")

	if err := WriteAtomic(dir, []File{{"vale.md", []byte("v")}}); err != nil {
		t.Fatal(err)
	}
	pdf, _ := os.ReadFile(filepath.Join(dir, "heath.pdf"))
	csv, _ := os.ReadFile(filepath.Join(dir, "heath-tables", "ratings.csv"))
	if string(pdf) != "new" || string(csv) != "new" {
		t.Errorf("after recovery: pdf %q, tables %q", pdf, csv)
	}
	for _, p := range []string{killed, early} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s is still there", p)
		}
	}
}
