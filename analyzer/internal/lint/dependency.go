package lint

import (
	"go/build"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Dependency reports whether a package is a dependency of the code being
// analysed rather than part of it: read from the module cache or a vendor
// directory, or the standard library's. go vet and golangci-lint analyse
// dependencies only for facts, never reporting on them, so the analyzers
// spend nothing there that facts do not need.
func Dependency(pass *analysis.Pass) bool {
	if len(pass.Files) > 0 {
		name := pass.Fset.File(pass.Files[0].FileStart).Name()
		if inModuleCache(name) || vendored(name) {
			return true
		}
	}
	return standard(pass)
}

// vendored reports whether a file is in a vendor directory, where go
// keeps a module's copies of its dependencies.
func vendored(name string) bool {
	return slices.Contains(strings.Split(filepath.ToSlash(filepath.Dir(name)), "/"), "vendor")
}

// inModuleCache reports whether a file is in the module cache: in a
// directory named path@version. (go vet gives a module replaced by a
// directory its required version, so the version alone does not tell;
// golangci-lint may give no module at all.)
func inModuleCache(name string) bool {
	dirs := strings.Split(filepath.ToSlash(name), "/")
	for _, d := range dirs[:len(dirs)-1] {
		if _, v, ok := strings.Cut(d, "@v"); ok && v != "" && v[0] >= '0' && v[0] <= '9' {
			return true
		}
	}
	return false
}

// standard reports whether the package is (most likely) the standard
// library's: no module, an import path without a dot in its first element,
// and, when GOROOT is known, files under it. go vet gives a package
// outside any module the path command-line-arguments; a GOPATH package
// with a dotless path looks like the standard library's when GOROOT is not
// known, and has no summaries then.
func standard(pass *analysis.Pass) bool {
	if m := pass.Module; m != nil && m.Path != "" {
		return false
	}
	path := pass.Pkg.Path()
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") || path == "command-line-arguments" {
		return false
	}
	goroot := build.Default.GOROOT
	if goroot == "" || len(pass.Files) == 0 {
		return true
	}
	name := pass.Fset.File(pass.Files[0].FileStart).Name()
	return strings.HasPrefix(filepath.ToSlash(name), filepath.ToSlash(filepath.Join(goroot, "src"))+"/")
}
