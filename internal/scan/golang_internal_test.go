package scan

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/detect"
)

// Past the bound, modules are named as not analysed, and the scan says so.
func TestGoModuleBound(t *testing.T) {
	root := t.TempDir()
	for _, m := range []string{"a", "b", "c"} {
		if err := os.MkdirAll(filepath.Join(root, m), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, m, "go.mod"), []byte("module example.com/"+m+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	// The modules hold no package: go vet does not run, only the bound
	// is exercised.
	res := analyzeGo(context.Background(), root, goOptions{eng: eng, maxModules: 2})
	if len(res.incomplete) != 1 || !strings.Contains(res.incomplete[0], "3 Go modules, more than the 2 analysed; not analysed: c") {
		t.Errorf("incomplete = %q, want module c named as past the bound", res.incomplete)
	}
}

func TestToolRedactor(t *testing.T) {
	r := toolRedactor{known: map[string]bool{"example.com/m/typed": true}}
	tests := []struct{ in, want string }{
		{`t.go:3:17: cannot use "sk_live_secretvalue" (untyped string constant) as int value`, `t.go:3:17: cannot use "…" (untyped string constant) as int value`},
		{`could not import "example.com/m/typed"`, `could not import "example.com/m/typed"`},
		{"expected 'package', found `raw secret`", "expected 'package', found `…`"},
		{`syntax error: unexpected ';'`, `syntax error: unexpected ';'`},
		{`an unpaired " quote stays`, `an unpaired " quote stays`},
	}
	for _, tt := range tests {
		if got := r.clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := r.clean(strings.Repeat("x", 1000)); len(got) > maxToolLine+len("…") {
		t.Errorf("a long line is %d bytes", len(got))
	}
}

func TestPlatformSuffix(t *testing.T) {
	for name, want := range map[string]string{
		"x_windows.go":          "_windows",
		"x_linux_arm64_test.go": "_linux_arm64",
		"zsyscall_plan9_386.go": "_plan9_386",
		"my_file.go":            "",
		"windows.go":            "",
		"handler_test.go":       "",
		"conn_amd64.go":         "_amd64",
	} {
		if got := platformSuffix(name); got != want {
			t.Errorf("platformSuffix(%q) = %q, want %q", name, got, want)
		}
	}
}
