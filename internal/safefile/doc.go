// Package safefile reads and writes files of a tree that an attacker may
// control: nothing it opens is a symbolic link or a special file, nothing
// lies outside the root it is given, and nothing is read past a size limit.
//
// Reads: ReadFileIn reads a file of the scanned tree under an os.Root; it
// never follows a symbolic link at the file itself (directories on the way
// are resolved inside the root only) and refuses FIFOs, devices, sockets
// and directories. ReadPath reads a path the user named, following a link
// there, with the same regular-file check. Both read through a limit
// enforced before anything is allocated, and their refusals are
// *RefusedError values (ErrNotRegular, ErrTooLarge, ErrLink) whose
// messages name the file, escaped, and never quote its content.
//
// See docs/architecture.md ("Threat model").
package safefile
