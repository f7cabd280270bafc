package gitrepo

import "bytes"

// IsLFSPointer reports whether a blob is a Git LFS pointer: the file's
// content lives on an LFS server, and the blob only names it. Pointers are
// small text files that start with the spec's version line
// (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md); the oid
// they hold is a content hash, which secret rules would only mistake for a
// key.
func IsLFSPointer(blob []byte) bool {
	const maxPointer = 1024 // the spec's limit
	if len(blob) >= maxPointer {
		return false
	}
	return (bytes.HasPrefix(blob, []byte("version https://git-lfs.github.com/spec/")) ||
		bytes.HasPrefix(blob, []byte("version https://hawser.github.com/spec/"))) &&
		bytes.Contains(blob, []byte("\noid sha256:"))
}
