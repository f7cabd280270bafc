package scan_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/scan"
	"github.com/tightlip/tightlip/internal/testbin"
	"github.com/tightlip/tightlip/internal/testfs"
)

// vetTool returns cmd/tightlip-vet, a binary that speaks go vet's -vettool
// protocol with tightlip's analyzers, built once per test binary.
func vetTool(t *testing.T) string {
	t.Helper()
	return testbin.VetTool(t)
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
	t.Parallel()
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
	eng, err := builtinEngine()
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(context.Background(), scan.Source{Path: root}, scan.Options{Engine: eng, NoGitignore: true, Go: true, VetTool: tool})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.RuleID+"@"+f.File+":"+strconv.Itoa(f.Line))
	}
	slices.Sort(got)
	// Both modules hold the same key: each copy is also secret-reused,
	// from the analyzers' findings as from the content rules'.
	want := []string{"go-hardcoded-credential@intl/main.go:3", "go-hardcoded-credential@svc/main.go:8", "secret-in-log@svc/main.go:12",
		"secret-reused@intl/main.go:3", "secret-reused@svc/main.go:8"}
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
	if !res.Summary.Incomplete {
		t.Error("a module that does not build left the scan complete")
	}
}

func TestDirGoAnalyzersOff(t *testing.T) {
	t.Parallel()
	root := writeTree(t, map[string]string{"go.mod": "module example.com/x\n\ngo 1.26\n", "main.go": goModuleMain})
	eng, err := builtinEngine()
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(context.Background(), scan.Source{Path: root}, scan.Options{Engine: eng, NoGitignore: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if strings.HasPrefix(f.RuleID, "go-") || strings.HasPrefix(f.RuleID, "secret-in-") {
			t.Errorf("analyzer finding %s with the analyzers off", f.RuleID)
		}
	}
}

// scanGo scans root with the analyzers on and returns the result.
func scanGo(t *testing.T, root string, opts scan.Options) *scan.Result {
	t.Helper()
	eng, err := builtinEngine()
	if err != nil {
		t.Fatal(err)
	}
	opts.Engine, opts.NoGitignore, opts.Go = eng, true, true
	if opts.VetTool == "" {
		opts.VetTool = vetTool(t)
	}
	res, err := scan.Run(context.Background(), scan.Source{Path: root}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// findingsAt lists findings as rule@file:line, sorted.
func findingsAt(res *scan.Result) []string {
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.RuleID+"@"+f.File+":"+strconv.Itoa(f.Line))
	}
	slices.Sort(got)
	return got
}

// problemWith returns the first problem holding every part, "" if none.
func problemWith(res *scan.Result, parts ...string) string {
	for _, p := range res.Summary.Problems {
		if !slices.ContainsFunc(parts, func(s string) bool { return !strings.Contains(p, s) }) {
			return p
		}
	}
	return ""
}

// missingDepModule is a module whose go.mod requires a module that exists
// nowhere; package bad imports it, package svc has an analyzer finding.
// go.sum holds a (made-up) entry so that go gets as far as looking the
// module up.
func missingDepModule() map[string]string {
	return map[string]string{
		"go.mod":      "module example.com/m\n\ngo 1.26\n\nrequire example.invalid/nothing v1.0.0\n",
		"go.sum":      "example.invalid/nothing v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nexample.invalid/nothing v1.0.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"bad/bad.go":  "package bad\n\nimport _ \"example.invalid/nothing\"\n",
		"svc/main.go": goModuleMain,
	}
}

func TestGoMissingDependencyOffline(t *testing.T) {
	root := writeTree(t, missingDepModule())
	// Were the proxy consulted, this one would refuse the connection; a
	// user's GOFLAGS asking to update go.mod must not apply either.
	t.Setenv("GOPROXY", "http://127.0.0.1:1")
	t.Setenv("GOFLAGS", "-mod=mod")
	goMod, _ := os.ReadFile(filepath.Join(root, "go.mod"))
	res := scanGo(t, root, scan.Options{})
	if p := problemWith(res, "example.com/m/bad", "not analysed", "GOPROXY=off"); p == "" {
		t.Errorf("problems = %q, want one naming example.com/m/bad, not analysed offline", res.Summary.Problems)
	}
	if !res.Summary.Incomplete {
		t.Error("a package left unanalysed left the scan complete")
	}
	want := []string{"go-hardcoded-credential@svc/main.go:8", "secret-in-log@svc/main.go:12"}
	if got := findingsAt(res); !slices.Equal(got, want) {
		t.Errorf("findings = %v, want %v: the packages that build are still analysed", got, want)
	}
	if after, _ := os.ReadFile(filepath.Join(root, "go.mod")); string(after) != string(goMod) {
		t.Errorf("go.mod changed by the scan:\n%s", after)
	}
}

func TestGoDownloadOptIn(t *testing.T) {
	root := writeTree(t, missingDepModule())
	t.Setenv("GOPROXY", "http://127.0.0.1:1")
	res := scanGo(t, root, scan.Options{GoDownload: true})
	// The user's proxy was asked (and refused): downloads were on.
	if p := problemWith(res, "example.com/m/bad", "127.0.0.1:1"); p == "" {
		t.Errorf("problems = %q, want example.com/m/bad not analysed after asking the user's proxy", res.Summary.Problems)
	}
}

func TestGoTypeErrorNamesPackages(t *testing.T) {
	t.Parallel()
	// The literal is a fake secret that a type error quotes.
	const secret = "sk_live_Zq8vT2LmX9wK4rB7TLFAKE01"
	root := writeTree(t, map[string]string{
		"go.mod":          "module example.com/m\n\ngo 1.26\n",
		"typed/t.go":      "package typed\n\nvar Limit int = \"" + secret + "\"\n",
		"user/u.go":       "package user\n\nimport \"example.com/m/typed\"\n\nvar L = typed.Limit\n",
		"svc/main.go":     goModuleMain,
		"other/o.go":      "package other\n",
		"other/o_test.go": "package other\n\nimport (\n\t\"testing\"\n\n\t_ \"example.com/m/typed\"\n)\n\nfunc TestX(t *testing.T) {}\n",
	})
	res := scanGo(t, root, scan.Options{})
	if p := problemWith(res, "package example.com/m/typed not analysed"); p == "" {
		t.Errorf("problems = %q, want the package with a type error named", res.Summary.Problems)
	}
	for _, pkg := range []string{"example.com/m/user", "example.com/m/other"} {
		if p := problemWith(res, "package "+pkg+" not analysed", "imports example.com/m/typed"); p == "" {
			t.Errorf("problems = %q, want %s named as importing it", res.Summary.Problems, pkg)
		}
	}
	if p := problemWith(res, "example.com/m/svc"); p != "" {
		t.Errorf("package svc builds, yet: %s", p)
	}
	for _, p := range res.Summary.Problems {
		if strings.Contains(p, "TLFAKE") {
			t.Errorf("a problem prints the secret the type error quoted: %s", p)
		}
	}
	if !res.Summary.Incomplete {
		t.Error("the scan is complete")
	}
	got := findingsAt(res)
	for _, want := range []string{"go-hardcoded-credential@svc/main.go:8", "secret-in-log@svc/main.go:12"} {
		if !slices.Contains(got, want) {
			t.Errorf("findings = %v, want %s among them", got, want)
		}
	}
}

func TestGoSingleFile(t *testing.T) {
	t.Parallel()
	root := writeTree(t, map[string]string{
		"go.mod":       "module example.com/m\n\ngo 1.26\n",
		"svc/main.go":  goModuleMain,
		"svc/other.go": "package main\n\nconst stripeAPIKey = \"Hx7pQ2vN8sK3mW9bTLFAKE02\"\n",
	})
	res := scanGo(t, filepath.Join(root, "svc", "main.go"), scan.Options{})
	want := []string{"go-hardcoded-credential@main.go:8", "secret-in-log@main.go:12"}
	if got := findingsAt(res); !slices.Equal(got, want) {
		t.Errorf("findings = %v, want %v (the scanned file's, not its package's)", got, want)
	}
	if res.Summary.Incomplete || len(res.Summary.Notes) > 0 {
		t.Errorf("incomplete %v: %q, notes %q", res.Summary.Incomplete, res.Summary.Problems, res.Summary.Notes)
	}
	// A file the build leaves out is said to be, not analysed.
	gen := filepath.Join(root, "svc", "gen.go")
	if err := os.WriteFile(gen, []byte("//go:build ignore\n\npackage main\n\nconst apiKey = \"Hx7pQ2vN8sK3mW9bTLFAKE03\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res = scanGo(t, gen, scan.Options{})
	if len(res.Summary.Notes) != 1 || !strings.Contains(res.Summary.Notes[0], "gen.go (//go:build ignore)") {
		t.Errorf("notes = %q, want gen.go named as left out", res.Summary.Notes)
	}
}

func TestGoBuildConstraintsNoted(t *testing.T) {
	t.Parallel()
	root := writeTree(t, map[string]string{
		"go.mod":      "module example.com/m\n\ngo 1.26\n",
		"svc/main.go": goModuleMain,
		// Analysed in a second run with -tags=prod: it leaks a key.
		"svc/prod.go":    "//go:build prod\n\npackage main\n\nimport (\n\t\"log\"\n\t\"os\"\n)\n\nfunc init() {\n\tlog.Println(os.Getenv(\"EVERFLOW_API_KEY\"))\n}\n",
		"svc/gen.go":     "//go:build ignore\n\npackage main\n",
		"svc/x_plan9.go": "package main\n",
		"svc/cgo.go":     "package main\n\n// int one(void) { return 1; }\nimport \"C\"\n",
		"svc/always.go":  "package main\n",
	})
	res := scanGo(t, root, scan.Options{})
	var note string
	for _, n := range res.Summary.Notes {
		if strings.Contains(n, "not analysed") {
			note = n
		}
	}
	for _, want := range []string{"3 Go files", "svc/gen.go (//go:build ignore)", "svc/x_plan9.go (file name _plan9)", "svc/cgo.go (cgo)"} {
		if !strings.Contains(note, want) {
			t.Errorf("notes = %q, want one saying %q", res.Summary.Notes, want)
		}
	}
	for _, analysed := range []string{"always.go", "prod.go"} {
		if strings.Contains(note, analysed) {
			t.Errorf("note names %s, which the analyzers saw: %s", analysed, note)
		}
	}
	if !slices.ContainsFunc(res.Summary.Notes, func(n string) bool {
		return strings.Contains(n, "1 Go file left out by build tags analysed in a second run with -tags=prod")
	}) {
		t.Errorf("notes = %q, want the tagged run said", res.Summary.Notes)
	}
	if got := findingsAt(res); !slices.Contains(got, "secret-in-log@svc/prod.go:11") || !slices.Contains(got, "secret-in-log@svc/main.go:12") {
		t.Errorf("findings = %v, want prod.go's secret-in-log beside main.go's", got)
	}
	if res.Summary.Incomplete {
		t.Errorf("files left out by build constraints made the scan incomplete: %q", res.Summary.Problems)
	}
}

func TestGoSymlinkOutOfRoot(t *testing.T) {
	t.Parallel()
	// What go would print as the first token of a file that is not Go.
	outside := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(outside, []byte("TLFAKEghp1234567890abcdefghijklmnopqrstuv\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := writeTree(t, map[string]string{
		"go.mod":      "module example.com/m\n\ngo 1.26\n",
		"svc/main.go": goModuleMain,
		"leak/a.go":   "package leak\n",
	})
	if err := os.Symlink(outside, filepath.Join(root, "leak", "b.go")); err != nil {
		t.Skip("no symlinks:", err)
	}
	res := scanGo(t, root, scan.Options{})
	if p := problemWith(res, "package example.com/m/leak not analysed", "leak/b.go is a symbolic link out of the scanned root"); p == "" {
		t.Errorf("problems = %q, want the package with a link out of the root named", res.Summary.Problems)
	}
	for _, p := range res.Summary.Problems {
		if strings.Contains(p, "TLFAKE") {
			t.Errorf("a problem prints what lies outside the root: %s", p)
		}
	}
	if got := findingsAt(res); len(got) != 2 {
		t.Errorf("findings = %v, want svc's two", got)
	}
}

func TestGoReplaceOutsideRoot(t *testing.T) {
	t.Parallel()
	lib := writeTree(t, map[string]string{"go.mod": "module example.com/lib\n\ngo 1.26\n", "lib.go": "package lib\n"})
	root := writeTree(t, map[string]string{
		"go.mod":      "module example.com/m\n\ngo 1.26\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => " + lib + "\n",
		"svc/main.go": goModuleMain,
		"in/go.mod":   "module example.com/in\n\ngo 1.26\n\nrequire example.com/sib v0.0.0\n\nreplace example.com/sib => ../sib\n",
		"in/in.go":    "package in\n\nimport _ \"example.com/sib\"\n",
		"sib/go.mod":  "module example.com/sib\n\ngo 1.26\n",
		"sib/sib.go":  "package sib\n",
	})
	res := scanGo(t, root, scan.Options{})
	if p := problemWith(res, "module . not analysed", "example.com/lib", "outside the scanned root"); p == "" {
		t.Errorf("problems = %q, want the module replacing a directory outside the root named", res.Summary.Problems)
	}
	if p := problemWith(res, "module in"); p != "" {
		t.Errorf("a replacement inside the root is refused: %s", p)
	}
}

func TestGoNoGoCommand(t *testing.T) {
	tool := vetTool(t)
	root := writeTree(t, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "main.go": goModuleMain})
	t.Setenv("PATH", t.TempDir())
	res := scanGo(t, root, scan.Options{VetTool: tool})
	if p := problemWith(res, "no go command on PATH"); p == "" || !res.Summary.Incomplete {
		t.Errorf("problems = %q, incomplete %v: want the missing go command said, incomplete", res.Summary.Problems, res.Summary.Incomplete)
	}
}

func TestGoTimeLimit(t *testing.T) {
	t.Parallel()
	root := writeTree(t, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "main.go": goModuleMain})
	res := scanGo(t, root, scan.Options{GoTimeout: time.Nanosecond})
	if p := problemWith(res, "module . not analysed", "time limit"); p == "" || !res.Summary.Incomplete {
		t.Errorf("problems = %q, incomplete %v: want the time limit said, incomplete", res.Summary.Problems, res.Summary.Incomplete)
	}
}

// Modules run in parallel; the report must not depend on which finished
// first.
func TestGoModulesDeterministic(t *testing.T) {
	t.Parallel()
	// Three modules on four workers: enough for their analyses to finish
	// in any order.
	files := map[string]string{}
	for i := range 3 {
		m := "m" + strconv.Itoa(i)
		files[m+"/go.mod"] = "module example.com/" + m + "\n\ngo 1.26\n"
		files[m+"/main.go"] = goModuleMain
		// The same secret twice in one file: fingerprints count occurrences.
		files[m+"/twice.go"] = "package main\n\nconst a, b = everflowAPIKey, everflowAPIKey\n\nvar apiKey = \"Zq8vT2LmX9wK4rB7TLFAKE01\"\nvar token = \"Zq8vT2LmX9wK4rB7TLFAKE01\"\n"
		files[m+"/broken/b.go"] = "package broken\n\nvar x int = \"\"\n"
	}
	root := writeTree(t, files)
	tool := vetTool(t)
	summary := func(res *scan.Result) string {
		var b strings.Builder
		for _, f := range res.Findings {
			fmt.Fprintf(&b, "%s %s:%d:%d %s\n", f.RuleID, f.File, f.Line, f.Column, f.Fingerprint)
		}
		fmt.Fprintf(&b, "%q\n%q\n", res.Summary.Problems, res.Summary.Notes)
		return b.String()
	}
	first := summary(scanGo(t, root, scan.Options{VetTool: tool, Workers: 4}))
	second := summary(scanGo(t, root, scan.Options{VetTool: tool, Workers: 4}))
	if first != second {
		t.Errorf("two scans differ:\n%s\n---\n%s", first, second)
	}
	if !strings.Contains(first, "m2/main.go") || !strings.Contains(first, "example.com/m2/broken") {
		t.Errorf("not every module analysed:\n%s", first)
	}
}

func TestGoFilesInNoModuleNoted(t *testing.T) {
	t.Parallel()
	root := writeTree(t, map[string]string{
		"svc/go.mod":    "module example.com/svc\n\ngo 1.26\n",
		"svc/main.go":   goModuleMain,
		"loose/x.go":    "package x\n",
		"testdata/t.go": "package t\n", // not Go code go builds: no note for it
	})
	res := scanGo(t, root, scan.Options{})
	if !slices.ContainsFunc(res.Summary.Notes, func(n string) bool { return strings.Contains(n, "lie in no Go module") }) {
		t.Errorf("notes = %q, want Go files outside any module said", res.Summary.Notes)
	}
	// Only svc's: a tree whose Go files are all in modules gets no such note.
	res = scanGo(t, filepath.Join(root, "svc"), scan.Options{})
	if len(res.Summary.Notes) != 0 {
		t.Errorf("notes = %q, want none", res.Summary.Notes)
	}
}

func TestGoSumOutsideRoot(t *testing.T) {
	t.Parallel()
	outside := filepath.Join(t.TempDir(), "go.sum")
	if err := os.WriteFile(outside, []byte("TLFAKE not a go.sum\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := writeTree(t, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "main.go": goModuleMain})
	if err := os.Symlink(outside, filepath.Join(root, "go.sum")); err != nil {
		t.Skip("no symlinks:", err)
	}
	res := scanGo(t, root, scan.Options{})
	if p := problemWith(res, "module . not analysed", "go.sum is a symbolic link out of the scanned root"); p == "" || !res.Summary.Incomplete {
		t.Errorf("problems = %q, want the module named, its go.sum linking out", res.Summary.Problems)
	}
	for _, p := range res.Summary.Problems {
		if strings.Contains(p, "TLFAKE") {
			t.Errorf("a problem prints what lies outside the root: %s", p)
		}
	}
}

func TestGoFIFONotHandedToGo(t *testing.T) {
	t.Parallel()
	root := writeTree(t, map[string]string{
		"stuck/go.mod": "module example.com/stuck\n\ngo 1.26\n",
		"stuck/a/a.go": "package a\n",
		"svc/go.mod":   "module example.com/svc\n\ngo 1.26\n",
		"svc/main.go":  goModuleMain,
		"svc2/go.mod":  "module example.com/svc2\n\ngo 1.26\n",
		"svc2/main.go": goModuleMain,
	})
	// go would wait for a writer forever on a FIFO named like a Go file.
	if err := testfs.Mkfifo(filepath.Join(root, "stuck", "a", "pipe.go"), 0o644); err != nil {
		t.Skipf("cannot create a FIFO: %v", err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(root, "svc2", "zero.go")); err != nil {
		t.Skip("no symlinks:", err)
	}
	// Were the FIFO read, the time limit would end the wait.
	res := scanGo(t, root, scan.Options{GoTimeout: 2 * time.Minute})
	if p := problemWith(res, "module stuck not analysed", "stuck/a/pipe.go is not a regular file"); p == "" {
		t.Errorf("problems = %q, want module stuck named for its FIFO", res.Summary.Problems)
	}
	if p := problemWith(res, "module svc2 not analysed", "svc2/zero.go is not a regular file"); p == "" {
		t.Errorf("problems = %q, want module svc2 named for its link to a device", res.Summary.Problems)
	}
	if p := problemWith(res, "time limit"); p != "" {
		t.Errorf("go was handed a FIFO: %s", p)
	}
	if got := findingsAt(res); !slices.Contains(got, "secret-in-log@svc/main.go:12") {
		t.Errorf("findings = %v, want svc's", got)
	}
	// A Go file scanned alone, beside a FIFO in its package.
	res = scanGo(t, filepath.Join(root, "stuck", "a", "a.go"), scan.Options{GoTimeout: 2 * time.Minute})
	if p := problemWith(res, "pipe.go is not a regular file"); p == "" {
		t.Errorf("problems = %q, want the FIFO beside the file named", res.Summary.Problems)
	}
}

// A go-plain-http-url finding carries the analyzer's https:// fix through
// go vet -json: a replacement of the scheme's exact bytes, placed by byte
// offset and by code-point column, with the file's digest. A literal that
// spells the scheme with escapes gets no fix.
func TestGoPlainHTTPFix(t *testing.T) {
	t.Parallel()
	main := "package main\n\nimport \"net/http\"\n\nfunc main() {\n" +
		"\t/* é */ http.Get(\"http://api.partner.io/x\")\n" +
		"\thttp.Get(\"\\x68ttp://api.partner.io/y\")\n}\n"
	root := writeTree(t, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "main.go": main})
	res := scanGo(t, root, scan.Options{})
	var fixed, unfixed int
	for _, f := range res.Findings {
		if f.RuleID != "go-plain-http-url" {
			continue
		}
		switch f.Line {
		case 6:
			fixed++
			if f.Fix == nil || len(f.Fix.Replaces) != 1 || len(f.Fix.Inserts) != 0 {
				t.Fatalf("line 6: fix %+v, want one replacement", f.Fix)
			}
			r := f.Fix.Replaces[0]
			off := strings.Index(main, `"http://api`) + 1
			if r.File != "main.go" || r.Old != "http://" || r.Text != "https://" || r.Offset != int64(off) {
				t.Errorf("replacement %+v, want http:// → https:// at byte %d of main.go", r, off)
			}
			// "\t/* é */ http.Get(\"" is 19 code points (21 bytes).
			if r.Line != 6 || r.Column != 20 || r.EndLine != 6 || r.EndColumn != 27 {
				t.Errorf("replacement at %d:%d-%d:%d, want 6:20-6:27", r.Line, r.Column, r.EndLine, r.EndColumn)
			}
			if len(r.Digest) != 64 {
				t.Errorf("digest %q, want the file's SHA-256", r.Digest)
			}
		case 7:
			unfixed++
			if f.Fix != nil {
				t.Errorf("line 7 (escaped scheme): fix %+v, want none", f.Fix)
			}
		}
	}
	if fixed != 1 || unfixed != 1 {
		t.Errorf("go-plain-http-url findings: %d on line 6, %d on line 7; want one each (%v)", fixed, unfixed, findingsAt(res))
	}
}

// What comments in Go code silence is counted in the summary by kind,
// once per place although go vet analyses a package twice with its tests;
// the line left unannotated is reported, and every analyzer's silenced
// diagnostics count. The keys are fakes built for this
// test (TLFAKE marks them).
func TestGoSuppressionsCounted(t *testing.T) {
	t.Parallel()
	root := writeTree(t, map[string]string{
		"go.mod": "module example.com/supp\n\ngo 1.26\n",
		"main.go": `package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"log"
	"net/http"
	"os"
)

const apiKey = "Zq8vT2LmX9wK4rB7TLFAKE01" // #nosec G101 -- a fixture
const apiToken = "Qw7rT2LmX9wK4rB7TLFAKE02" // tightlip:allow
const apiSecret = "Er5tT2LmX9wK4rB7TLFAKE03"

var cfg = &tls.Config{InsecureSkipVerify: true} //nolint:gosec

func verify(r *http.Request, body, secret []byte) bool {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil)) == r.Header.Get("X-Signature") // tightlip:allow
}

func main() {
	log.Println(os.Getenv("PAYMENT_API_KEY")) //nolint:tightlip
	_, _, _, _, _ = apiKey, apiToken, apiSecret, cfg, verify
}
`,
		"main_test.go": "package main\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n",
	})
	res := scanGo(t, root, scan.Options{})
	var goRules []string
	for _, f := range res.Findings {
		if strings.HasPrefix(f.RuleID, "go-") {
			goRules = append(goRules, f.RuleID+"@"+strconv.Itoa(f.Line))
		}
	}
	if want := []string{"go-hardcoded-credential@15"}; !slices.Equal(goRules, want) {
		t.Errorf("Go findings = %v, want %v", goRules, want)
	}
	if got := res.Summary.Suppressed[scan.SuppressedGoGosec]; got != 2 {
		t.Errorf("suppressed by gosec comments = %d, want 2 (G101 and G402); summary %v", got, res.Summary.Suppressed)
	}
	// Every analyzer's: hardcoded's, webhook's and exposure's.
	if got := res.Summary.Suppressed[scan.SuppressedGoAllow]; got != 3 {
		t.Errorf("suppressed by tightlip:allow or nolint:tightlip = %d, want 3; summary %v", got, res.Summary.Suppressed)
	}
}
