//go:build unix

package manifest

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO named by a manifest is not opened: opening one for reading
// would wait for a writer for ever.
func TestVerifyDoesNotOpenAFIFO(t *testing.T) {
	dir, m := setup(t)
	if err := syscall.Mkfifo(filepath.Join(dir, "out", "pipe.md"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	m.Outputs[0].Name = "pipe.md"
	done := make(chan []Check, 1)
	go func() { done <- Verify(m, VerifyOptions{Dir: dir, OutDir: filepath.Join(dir, "out")}) }()
	select {
	case cs := <-done:
		if cs[2].Status != Missing || !strings.Contains(cs[2].Detail, "not a regular file") {
			t.Errorf("a FIFO: %+v", cs[2])
		}
	case <-time.After(10 * time.Second):
		t.Fatal("verify is waiting on the FIFO")
	}
	if _, err := ReadFile(filepath.Join(dir, "out", "pipe.md")); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("ReadFile of a FIFO: %v", err)
	}
}
