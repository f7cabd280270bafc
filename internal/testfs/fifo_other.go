//go:build !unix

package testfs

import "errors"

// Mkfifo fails where the system has no named pipes; the tests that need
// one skip.
func Mkfifo(path string, perm uint32) error { return errors.ErrUnsupported }
