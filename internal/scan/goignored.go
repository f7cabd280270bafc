package scan

import (
	"bytes"
	"fmt"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/internal/safefile"
)

// ignoredFile is a Go file of a package that the analyzers did not see:
// build constraints leave it out of this platform's build.
type ignoredFile struct {
	path, reason string
	// tags are the build tags of its //go:build line that a tagged run
	// could set (see buildTags).
	tags []string
}

// maxGoHeader bounds how much of an ignored file is read to say why it
// was left out: the build line and imports come first.
const maxGoHeader = 64 << 10

// ignoredFiles lists, with the reason, the files go list left out of the
// packages under the root: a //go:build line, a _GOOS/_GOARCH file name,
// or cgo (CGO_ENABLED=0 leaves out every file that imports "C").
func ignoredFiles(root *os.Root, rootDir string, pkgs []goPackage) []ignoredFile {
	var out []ignoredFile
	for _, p := range pkgs {
		for _, name := range p.IgnoredGoFiles {
			rel, err := filepath.Rel(rootDir, filepath.Join(p.Dir, name))
			if err != nil || !filepath.IsLocal(rel) {
				continue
			}
			reason, tags := ignoredReason(root, rel)
			out = append(out, ignoredFile{filepath.ToSlash(rel), reason, tags})
		}
	}
	return out
}

// ignoredReason reads the head of the file at rel to say why the build
// leaves it out, and which of its build tags a tagged run could set.
func ignoredReason(root *os.Root, rel string) (string, []string) {
	var reasons, tags []string
	if head, err := readHead(root, rel); err == nil {
		if expr := buildLine(head); expr != nil {
			reasons = append(reasons, "//go:build "+expr.String())
			tags = buildTags(expr)
		}
		if importsC(head) {
			reasons = append(reasons, "cgo")
		}
	}
	if len(reasons) == 0 {
		if suffix := platformSuffix(filepath.Base(rel)); suffix != "" {
			reasons = append(reasons, "file name "+suffix)
		} else {
			// A header longer than was read.
			reasons = append(reasons, "build constraints")
		}
	}
	return strings.Join(reasons, ", "), tags
}

// readHead reads the first maxGoHeader bytes of the file at rel: a
// regular file, not a link (see safefile.OpenIn).
func readHead(root *os.Root, rel string) ([]byte, error) {
	f, _, err := safefile.OpenIn(root, rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxGoHeader))
}

// buildLine returns the //go:build (or // +build) expression of a file's
// header, nil if there is none.
func buildLine(src []byte) constraint.Expr {
	for line := range bytes.Lines(src) {
		text := strings.TrimSpace(string(line))
		if strings.HasPrefix(text, "package ") {
			return nil
		}
		if constraint.IsGoBuild(text) || constraint.IsPlusBuild(text) {
			if expr, err := constraint.Parse(text); err == nil {
				return expr
			}
		}
	}
	return nil
}

// buildTags returns the tags of expr that name neither a platform, cgo, a
// compiler, a Go version nor "ignore" (files kept out of every build, such
// as generators): the project's own tags, such as prod or integration.
func buildTags(expr constraint.Expr) []string {
	var tags []string
	expr.Eval(func(tag string) bool {
		if !platformName(tag) && tag != "cgo" && tag != "gc" && tag != "gccgo" && tag != "unix" &&
			tag != "ignore" && !strings.HasPrefix(tag, "go1.") && !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
		return false
	})
	return tags
}

// importsC reports whether the file imports "C".
func importsC(src []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
	if f == nil {
		return false
	}
	_ = err // a header cut short still has its imports
	for _, imp := range f.Imports {
		if imp.Path.Value == `"C"` {
			return true
		}
	}
	return false
}

// platformSuffix returns the _GOOS, _GOARCH or _GOOS_GOARCH suffix that
// leaves a file such as x_windows.go or x_linux_arm64_test.go out of other
// platforms' builds, "" if its name has none.
func platformSuffix(name string) string {
	parts := strings.Split(strings.TrimSuffix(strings.TrimSuffix(name, ".go"), "_test"), "_")
	n := 0
	for n < 2 && len(parts)-n > 1 && platformName(parts[len(parts)-1-n]) {
		n++
	}
	if n == 0 {
		return ""
	}
	return "_" + strings.Join(parts[len(parts)-n:], "_")
}

// platformName reports whether s is a GOOS or GOARCH value go/build knows.
func platformName(s string) bool {
	return slices.Contains(strings.Fields("aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos "+
		"386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm"), s)
}

// maxNamedFiles bounds how many files or packages one summary line names.
const maxNamedFiles = 10

// ignoredNote says which Go files the analyzers did not see, and why.
func ignoredNote(files []ignoredFile) string {
	if len(files) == 0 {
		return ""
	}
	named := make([]string, 0, min(len(files), maxNamedFiles))
	for _, f := range files[:min(len(files), maxNamedFiles)] {
		named = append(named, fmt.Sprintf("%s (%s)", f.path, f.reason))
	}
	more := ""
	if n := len(files) - len(named); n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	return fmt.Sprintf("go analyzers: %s not analysed, left out of the build by build constraints or cgo (off for the analyzers); the content rules read them: %s%s",
		countNoun(len(files), "Go file"), strings.Join(named, ", "), more)
}

// countNoun is "1 file", "2 files".
func countNoun(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
