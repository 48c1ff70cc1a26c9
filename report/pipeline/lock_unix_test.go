//go:build unix

package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// A .carereport.lock that is a symbolic link is refused with a clear
// error, and nothing outside the output folder is made or changed: not a
// file the link points to that does not exist yet, nor one that does.
func TestLockRefusesSymlink(t *testing.T) {
	outside := t.TempDir()
	for _, existing := range []bool{false, true} {
		dir := t.TempDir()
		target := filepath.Join(outside, "victim")
		os.Remove(target)
		if existing {
			os.WriteFile(target, []byte("precious"), 0o600)
		}
		if err := os.Symlink(target, filepath.Join(dir, lockName)); err != nil {
			t.Fatal(err)
		}
		err := WriteAtomic(dir, []File{{"heath.md", []byte("x")}})
		if err == nil || !strings.Contains(err.Error(), lockName+" is a symbolic link") || strings.Contains(err.Error(), "\n") {
			t.Errorf("existing %v: err %v", existing, err)
		}
		b, rerr := os.ReadFile(target)
		switch {
		case !existing && rerr == nil:
			t.Errorf("a file was made outside the output folder: %s", target)
		case existing && string(b) != "precious":
			t.Errorf("the file outside was changed: %q", b)
		}
		if _, err := os.Stat(filepath.Join(dir, "heath.md")); err == nil {
			t.Error("a paper was written without the lock")
		}
	}
	// A lock that is a FIFO is refused too, without hanging.
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, lockName), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(dir, []File{{"heath.md", []byte("x")}}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("FIFO: %v", err)
	}
}

// No .carereport.lock is left among the outputs after a run, nor after
// many runs at once.
func TestLockLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	if err := WriteAtomic(dir, []File{{"heath.md", []byte("x")}}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := WriteAtomic(dir, []File{{"heath.md", []byte{byte('a' + i)}}}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != "heath.md" {
		t.Errorf("the folder holds %v, want only heath.md", names)
	}
}

// Removing the lock file as each run ends does not let two runs hold the
// lock at once: a run that waited on the removed file starts again on
// the new one. Each holder checks it is alone; without the check on the
// file's identity this fails within a few hundred rounds.
func TestLockMutualExclusionWithRemoval(t *testing.T) {
	dir := t.TempDir()
	var inside, worst atomic.Int32
	var wg sync.WaitGroup
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 150 {
				unlock, err := lockDir(dir)
				if err != nil {
					t.Error(err)
					return
				}
				n := inside.Add(1)
				if n > worst.Load() {
					worst.Store(n)
				}
				time.Sleep(20 * time.Microsecond)
				inside.Add(-1)
				unlock()
			}
		}()
	}
	wg.Wait()
	if w := worst.Load(); w != 1 {
		t.Errorf("%d runs held the lock at once", w)
	}
	if _, err := os.Lstat(filepath.Join(dir, lockName)); err == nil {
		t.Error("the lock file was left")
	}
}
