//go:build unix && !darwin && !ios

package rss

import (
	"os"
	"syscall"
)

// MaxKB is the child's peak resident set size in KiB (Linux and the BSDs
// report ru_maxrss in KiB).
func MaxKB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss
	}
	return 0
}
