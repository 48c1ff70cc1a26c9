//go:build !unix

package pipeline

import "sync"

var dirLocks sync.Map

// lockDir serialises writes into one folder within this process (other
// systems have no file lock here).
func lockDir(dir string) (unlock func(), err error) {
	m, _ := dirLocks.LoadOrStore(dir, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock, nil
}
