package main

import (
	"encoding/base64"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/bench/internal/fakesecret"
	"github.com/tightlip/tightlip/bench/internal/manifest"
)

// TestGenerate builds a small tree twice from a slice of GOROOT and checks
// that it is deterministic and that the manifest points at every value.
func TestGenerate(t *testing.T) {
	goroot, _, err := goEnv()
	if err != nil {
		t.Skip(err)
	}
	src := filepath.Join(goroot, "src", "net")
	if _, err := os.Stat(src); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	gen := func(name string) *manifest.Tree {
		out := filepath.Join(dir, name)
		m, err := generate(options{out: out, manifest: out + ".manifest.json", size: 2e6, seed: 7, secrets: 60, negatives: 12, maxFile: 1e6, goroot: src})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	a, b := gen("a"), gen("b")
	if a.Tree.Digest != b.Tree.Digest || a.Tree.Files != b.Tree.Files {
		t.Fatalf("same seed, different trees: %+v vs %+v", a.Tree, b.Tree)
	}
	if len(a.Secrets) != 60 || len(a.Negatives) != 12 {
		t.Fatalf("got %d secrets, %d negatives", len(a.Secrets), len(a.Negatives))
	}
	for _, it := range append(a.Secrets, a.Negatives...) {
		want := it.Secret
		if want == "" {
			want = it.Value
		}
		want, _, _ = strings.Cut(want, "\n")
		data, err := os.ReadFile(filepath.Join(dir, "a", filepath.FromSlash(it.File)))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		if it.Line < 1 || it.Line > len(lines) || !strings.Contains(lines[it.Line-1], want) {
			t.Errorf("item %d (%s, %s): %q not on %s:%d", it.ID, it.RuleID, it.Context, want, it.File, it.Line)
		}
		v := it.Secret
		if it.RuleID == "jwt" {
			claims, _ := base64.RawURLEncoding.DecodeString(strings.Split(v, ".")[1])
			v = string(claims)
		}
		if v != "" && !strings.Contains(v, fakesecret.Marker) && !strings.Contains(v, fakesecret.GenericMarker) &&
			!strings.Contains(v, fakesecret.HexMarker) && it.RuleID != "heroku-api-key" {
			t.Errorf("item %d (%s): %q carries no fake marker", it.ID, it.RuleID, it.Secret)
		}
	}
	// Without -gomod the tree holds no Go module, so tightlip's Go
	// analyzers (go vet per module) stay out of the comparison.
	_ = filepath.WalkDir(filepath.Join(dir, "a"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && (d.Name() == "go.mod" || d.Name() == "go.sum") {
			t.Errorf("%s in the tree", p)
		}
		return nil
	})
	if _, err := generate(options{out: filepath.Join(dir, "a"), manifest: filepath.Join(dir, "a.manifest.json"), size: 2e6, seed: 7, secrets: 1, maxFile: 1e6, goroot: src}); err == nil {
		t.Error("generate replaced an existing tree without -force")
	}
}
