package scan_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/detect"
	"github.com/tightlip/tightlip/scan"
)

// vetTool builds cmd/tightlip-vet, a binary that speaks go vet's -vettool
// protocol with tightlip's analyzers, once per test binary.
func vetTool(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	bin := filepath.Join(t.TempDir(), "tightlip-vet")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/tightlip/tightlip/cmd/tightlip-vet")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build tightlip-vet: %v\n%s", err, out)
	}
	return bin
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// The key below is a fake built for this test (TLFAKE marks it).
const goModuleMain = `package main

import (
	"log"
	"os"
)

const everflowAPIKey = "Zq8vT2LmX9wK4rB7TLFAKE01"

func main() {
	key := os.Getenv("EVERFLOW_API_KEY")
	log.Printf("using key %s", key)
	_ = everflowAPIKey
}
`

// goModuleIntl has a fake key (TLFAKE marks it) after multi-byte text.
const goModuleIntl = "package main\n\nconst everflowAPIKey = /* ключ */ \"Zq8vT2LmX9wK4rB7TLFAKE01\"\n\nfunc main() { _ = everflowAPIKey }\n"

func TestDirRunsGoAnalyzersOnModules(t *testing.T) {
	tool := vetTool(t)
	root := writeTree(t, map[string]string{
		"svc/go.mod":  "module example.com/svc\n\ngo 1.26\n",
		"svc/main.go": goModuleMain,
		// Columns count code points, in go vet's findings as in the content
		// rules' (which would otherwise not merge with them).
		"intl/go.mod":  "module example.com/intl\n\ngo 1.26\n",
		"intl/main.go": goModuleIntl,
		// A second module that does not build: a problem, not a failed scan.
		"broken/go.mod":  "module example.com/broken\n\ngo 1.26\n",
		"broken/main.go": "package main\n\nfunc main() { undefined() }\n",
	})
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Dir(context.Background(), root, scan.Options{Engine: eng, NoGitignore: true, Go: true, VetTool: tool})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.RuleID+"@"+f.File+":"+strconv.Itoa(f.Line))
	}
	slices.Sort(got)
	want := []string{"go-hardcoded-credential@intl/main.go:3", "go-hardcoded-credential@svc/main.go:8", "secret-in-log@svc/main.go:12"}
	if !slices.Equal(got, want) {
		t.Errorf("findings = %v, want %v", got, want)
	}
	for _, f := range res.Findings {
		if f.RuleID == "go-hardcoded-credential" && f.Secret != "Zq8vT2LmX9wK4rB7TLFAKE01" {
			t.Errorf("hard-coded credential's secret = %q, want the literal's value", f.Secret)
		}
		if f.File == "intl/main.go" && (f.Column != 35 || f.EndColumn != 61) {
			t.Errorf("intl/main.go: columns %d-%d, want 35-61 (code points, not bytes)", f.Column, f.EndColumn)
		}
	}
	if !slices.ContainsFunc(res.Summary.Problems, func(p string) bool {
		return strings.Contains(p, "broken") && strings.Contains(p, "undefined")
	}) {
		t.Errorf("problems = %q, want one naming the module that does not build", res.Summary.Problems)
	}
}

func TestDirGoAnalyzersOff(t *testing.T) {
	root := writeTree(t, map[string]string{"go.mod": "module example.com/x\n\ngo 1.26\n", "main.go": goModuleMain})
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Dir(context.Background(), root, scan.Options{Engine: eng, NoGitignore: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if strings.HasPrefix(f.RuleID, "go-") || strings.HasPrefix(f.RuleID, "secret-in-") {
			t.Errorf("analyzer finding %s with the analyzers off", f.RuleID)
		}
	}
}
