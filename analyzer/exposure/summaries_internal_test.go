package exposure

import (
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// Which packages get summaries (and export facts): the module's own, its
// workspace's and locally replaced modules', not the standard library's or
// those of dependencies in the module cache.
func TestSummarises(t *testing.T) {
	goroot := build.Default.GOROOT
	if goroot == "" {
		t.Skip("GOROOT unknown")
	}
	cases := []struct {
		name   string
		module *analysis.Module
		pkg    string
		file   string
		want   bool
	}{
		{"main module", &analysis.Module{Path: "example.com/app"}, "example.com/app/logger", "/src/app/logger/logger.go", true},
		{"workspace module", &analysis.Module{Path: "go.etcd.io/etcd/server/v3"}, "go.etcd.io/etcd/server/v3/etcdserver", "/src/etcd/server/etcdserver/server.go", true},
		{"replaced by a directory", &analysis.Module{Path: "go.etcd.io/etcd/api/v3", Version: "v3.6.0"}, "go.etcd.io/etcd/api/v3/etcdserverpb", "/src/etcd/api/etcdserverpb/rpc.go", true},
		{"module cache", &analysis.Module{Path: "go.uber.org/zap", Version: "v1.27.0"}, "go.uber.org/zap", "/root/go/pkg/mod/go.uber.org/zap@v1.27.0/logger.go", false},
		{"module cache, no module given", nil, "go.uber.org/zap/zapcore", "/root/go/pkg/mod/go.uber.org/zap@v1.27.0/zapcore/core.go", false},
		{"vendored", &analysis.Module{Path: "example.com/app"}, "go.uber.org/zap", "/src/app/vendor/go.uber.org/zap/logger.go", false},
		{"a directory with @ in its name", &analysis.Module{Path: "example.com/app"}, "example.com/app", "/home/me@work/app/main.go", true},
		{"standard library under go vet", nil, "net/http", filepath.Join(goroot, "src", "net", "http", "client.go"), false},
		{"standard library, empty module", &analysis.Module{}, "net/http", filepath.Join(goroot, "src", "net", "http", "client.go"), false},
		{"GOPATH package", &analysis.Module{}, "a", "/work/testdata/src/a/a.go", true},
		{"files outside a module", nil, "command-line-arguments", "/tmp/x/main.go", true},
	}
	for _, c := range cases {
		fset := token.NewFileSet()
		f := fset.AddFile(c.file, -1, 100)
		pass := &analysis.Pass{
			Fset:   fset,
			Files:  []*ast.File{{FileStart: token.Pos(f.Base()), Name: ast.NewIdent("p")}},
			Pkg:    types.NewPackage(c.pkg, "p"),
			Module: c.module,
		}
		if got := summarises(pass); got != c.want {
			t.Errorf("%s: summarises = %v, want %v", c.name, got, c.want)
		}
	}
}
