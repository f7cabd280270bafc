//go:build unix

package testfs

import "syscall"

// Mkfifo makes a named pipe at path, as hostile trees hold them.
func Mkfifo(path string, perm uint32) error { return syscall.Mkfifo(path, perm) }
