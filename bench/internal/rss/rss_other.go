//go:build !unix

package rss

import "os"

// MaxKB is not measured on this platform.
func MaxKB(*os.ProcessState) int64 { return 0 }
