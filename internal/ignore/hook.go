package ignore

import "sync/atomic"

// loaded, when set, is told of every ignore file read, or refused, by its
// source name (see Load): the tests of the packages that read ignore
// files count reads with it (see SetLoadHook).
var loaded atomic.Pointer[func(source string)]

// SetLoadHook makes hook be told, by source name, of every ignore file
// Load is given a read of (not of one found missing), from any goroutine,
// until restore is called; nil drops it. It is for tests that show a file
// is read once.
func SetLoadHook(hook func(source string)) (restore func()) {
	old := loaded.Load()
	if hook == nil {
		loaded.Store(nil)
	} else {
		loaded.Store(&hook)
	}
	return func() { loaded.Store(old) }
}
