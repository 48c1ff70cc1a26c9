//go:build unix

package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDir takes the output folder's lock, waiting for another run that
// holds it. The system releases it if the process dies.
//
// The lock is a file, .carereport.lock, made in the folder and removed
// again when the run ends, so none is left among the outputs. It is
// opened with O_NOFOLLOW, so a symbolic link of that name (to a file
// outside the folder, say) is refused rather than followed: nothing
// outside the folder is created or written.
//
// Removing a lock file that others may be waiting on needs care: a run
// waiting on the old file would get its lock after the holder removed it,
// while a third run makes a new file and locks that, and both would go
// ahead. So the holder removes the file while it still holds the lock,
// and a run that gets the lock checks that the file it locked is still
// the one at the path; if not, it starts again on the new file.
func lockDir(dir string) (unlock func(), err error) {
	p := filepath.Join(dir, lockName)
	for {
		f, err := os.OpenFile(p, os.O_CREATE|os.O_RDWR|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0o644)
		if err != nil {
			if fi, lerr := os.Lstat(p); lerr == nil && fi.Mode()&os.ModeSymlink != 0 {
				return nil, fmt.Errorf("%s is a symbolic link; carereport will not lock through it: remove it and run again", p)
			}
			return nil, fmt.Errorf("locking %s: %w", dir, err)
		}
		fi, err := f.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			f.Close()
			if err == nil {
				err = errors.New("it is not a regular file: remove it and run again")
			}
			return nil, fmt.Errorf("locking %s: %s: %w", dir, lockName, err)
		}
		fd := int(f.Fd())
		if err := flock(fd, syscall.LOCK_EX); err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", dir, err)
		}
		if same(f, p) {
			return func() {
				// Removed while still held: see above.
				os.Remove(p)
				syscall.Flock(fd, syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		// The run before removed the file (and maybe another made a new
		// one) while this one waited: lock the file now at the path.
		f.Close()
	}
}

// flock is syscall.Flock, tried again when a signal interrupts it.
func flock(fd, how int) error {
	for {
		err := syscall.Flock(fd, how)
		if err != syscall.EINTR {
			return err
		}
	}
}

// same reports whether the open file f is the file at path p.
func same(f *os.File, p string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Lstat(p)
	return err == nil && os.SameFile(a, b)
}
