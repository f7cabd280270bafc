//go:build darwin || ios

package main

import (
	"os"
	"syscall"
)

// maxRSSKB is the child's peak resident set size in KiB (macOS reports
// ru_maxrss in bytes).
func maxRSSKB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) / 1024
	}
	return 0
}
