//go:build !unix

package safefile

// oNonblock: only Unix has FIFOs that block an open.
const oNonblock = 0
