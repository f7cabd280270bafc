//go:build unix

package safefile

import "syscall"

// oNonblock opens a FIFO without waiting for a writer, so that the
// regular-file check after opening is reached.
const oNonblock = syscall.O_NONBLOCK
