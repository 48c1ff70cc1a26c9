//go:build unix

package manifest

import "syscall"

// nonBlock keeps open from waiting on a FIFO swapped in after the stat.
const nonBlock = syscall.O_NONBLOCK
