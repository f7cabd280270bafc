package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"unicode/utf8"
)

// skipDirs are never descended into: VCS data and vendored dependency trees
// (gitleaks' default allowlist skips most vendor/ and node_modules/ paths,
// and the benchmarks want both tools to read the same files).
var skipDirs = map[string]bool{".git": true, ".hg": true, ".svn": true, "vendor": true, "node_modules": true}

// Walk visits the tree at root/dir in lexical order and calls fn with the
// content of every regular text file of 1 to maxSize bytes that skip does
// not refuse. rel is the file's slash path relative to root, abs its path
// on this machine.
//
// skip is asked about every file before it is read and every directory
// below root (rel with a trailing slash) before it is entered; directories
// named .git, .hg, .svn, vendor or node_modules are never entered. Parts of
// the tree that cannot be read are passed over. Files that are read but are
// not text (see IsText) are counted in binary.
func Walk(root, dir string, maxSize int64, skip func(rel string) bool, fn func(rel, abs string, data []byte)) (binary int, err error) {
	err = filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (skipDirs[d.Name()] || skip(rel+"/")) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || skip(rel) {
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Size() == 0 || info.Size() > maxSize {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		if !IsText(data) {
			binary++
			return nil
		}
		fn(rel, p, data)
		return nil
	})
	return binary, err
}

// IsText reports whether data looks like a text file: valid UTF-8, no NUL.
func IsText(data []byte) bool {
	return bytes.IndexByte(data, 0) < 0 && utf8.Valid(data)
}
