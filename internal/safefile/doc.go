// Package safefile reads and writes files of a tree that an attacker may
// control: nothing it opens is a symbolic link or a special file, nothing
// lies outside the root it is given, and nothing is read past a size limit.
// See docs/architecture.md ("Threat model").
package safefile
