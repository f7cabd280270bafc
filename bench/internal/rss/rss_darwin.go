//go:build darwin || ios

package rss

import (
	"os"
	"syscall"
)

// MaxKB is the child's peak resident set size in KiB (macOS reports
// ru_maxrss in bytes).
func MaxKB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) / 1024
	}
	return 0
}
