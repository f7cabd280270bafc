// Package testfs makes the special files that tests of hostile trees
// need, on every system the tests compile for: a test that needs a named
// pipe skips where Mkfifo fails, instead of failing to build.
package testfs
