package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tightlip/tightlip/finding"
	"github.com/tightlip/tightlip/internal/textpos"
	"github.com/tightlip/tightlip/rules"
)

// goResult is what the Go analyzers found under a root.
type goResult struct {
	findings []finding.Finding
	problems []string
}

// analyzeGo runs tightlip's Go analyzers on every Go module under root (or
// the module root lies in) through go vet, with vetTool (a binary that
// speaks go vet's -vettool protocol, such as tightlip itself) as the tool:
// go vet brings the build cache, export data and facts across packages,
// and runs packages in parallel. A module that does not build is a problem
// in the summary, not a failed scan.
func analyzeGo(ctx context.Context, root, vetTool string, cat *rules.Catalogue) goResult {
	var res goResult
	abs, err := filepath.Abs(root)
	if err != nil {
		res.problems = append(res.problems, fmt.Sprintf("go analyzers: %v", err))
		return res
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	}
	dirs := moduleDirs(abs)
	if len(dirs) == 0 {
		return res
	}
	if _, err := exec.LookPath("go"); err != nil {
		res.problems = append(res.problems, "go analyzers skipped: no go command on PATH (Go source was scanned with the content rules only)")
		return res
	}
	for _, dir := range dirs {
		res.vet(ctx, abs, dir, vetTool, cat)
	}
	return res
}

// vetEnv keeps go vet on code under scan (possibly an untrusted pull
// request) from running anything but the installed Go toolchain's own
// compiler: no toolchain download that a go.mod could ask for, and no C
// compiler for cgo files (the analyzers still see every pure-Go file).
// go.mod and go.sum are never edited: -mod=readonly is go's default.
var vetEnv = []string{"GOTOOLCHAIN=local", "CGO_ENABLED=0"}

// vetDiagnostic is one diagnostic of go vet -json.
type vetDiagnostic struct {
	Category string `json:"category"`
	Posn     string `json:"posn"`
	End      string `json:"end"`
	Message  string `json:"message"`
}

func (res *goResult) vet(ctx context.Context, root, dir, vetTool string, cat *rules.Catalogue) {
	rel := relSlash(root, dir)
	// The content scan already runs every content rule over every .go
	// file; the analyzers need not build the rules again in each of go
	// vet's per-package processes.
	cmd := exec.CommandContext(ctx, "go", "vet", "-vettool="+vetTool, "-json", "-hardcoded.contentrules=false", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), vetEnv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	// go vet -json prints one JSON object per package: package path, then
	// analyzer name, then either diagnostics or an error.
	dec := json.NewDecoder(&stdout)
	seen := map[[2]string]int{}
	for {
		var pkgs map[string]map[string]json.RawMessage
		if err := dec.Decode(&pkgs); err == io.EOF {
			break
		} else if err != nil {
			res.problems = append(res.problems, fmt.Sprintf("go analyzers: %s: unreadable go vet output: %v", rel, err))
			break
		}
		for pkg, byAnalyzer := range pkgs {
			for name, raw := range byAnalyzer {
				var diags []vetDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					var e struct{ Error string }
					_ = json.Unmarshal(raw, &e)
					res.problems = append(res.problems, fmt.Sprintf("go analyzers: %s on %s: %s", name, pkg, e.Error))
					continue
				}
				for _, d := range diags {
					f := vetFinding(root, d, cat)
					key := [2]string{f.RuleID, f.File + "\x00" + fingerprintText(f)}
					f.Identity = finding.IdentityOf(f.RuleID, f.File, fingerprintText(f), seen[key])
					seen[key]++
					res.findings = append(res.findings, f)
				}
			}
		}
	}
	if runErr != nil {
		res.problems = append(res.problems, vetProblems(rel, runErr, stderr.String())...)
	}
}

// vetProblems summarises why go vet failed in a module (packages that do
// not build, a missing module), a line each, bounded.
func vetProblems(rel string, err error, stderr string) []string {
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(out) == maxVetProblems {
			out = append(out, fmt.Sprintf("go analyzers: %s: more errors from go vet not shown", rel))
			break
		}
		out = append(out, fmt.Sprintf("go analyzers: %s: %s", rel, line))
	}
	if len(out) == 0 {
		out = append(out, fmt.Sprintf("go analyzers: %s: go vet: %v", rel, err))
	}
	return out
}

// maxVetProblems bounds how many lines of go vet's errors are listed: a
// module that does not build would otherwise flood the summary.
const maxVetProblems = 20

// vetFinding turns a go vet diagnostic into a finding, with the catalogue's
// category and severity. For hard-coded secrets the literal's value is the
// finding's secret, so that reports redact it and fingerprints follow it.
func vetFinding(root string, d vetDiagnostic, cat *rules.Catalogue) finding.Finding {
	file, line, col := splitPosn(d.Posn)
	_, endLine, endCol := splitPosn(d.End)
	if endLine == 0 {
		endLine, endCol = line, col
	}
	f := finding.Finding{
		RuleID:    d.Category,
		Message:   strings.TrimPrefix(d.Message, "["+d.Category+"] "),
		File:      relSlash(root, file),
		Line:      line,
		Column:    col,
		EndLine:   endLine,
		EndColumn: endCol,
	}
	if r, ok := cat.Lookup(d.Category); ok {
		f.Category, f.Severity = r.Category, r.Severity
	} else {
		f.Category, f.Severity = rules.HardcodedSecret, rules.Error
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return f
	}
	if f.Category == rules.HardcodedSecret {
		f.Secret = literalAt(src, line, col, endLine, endCol)
	}
	// go vet counts columns in bytes; reports count code points, as for
	// the content rules.
	ix := textpos.New(src)
	f.Line, f.Column = ix.FromByteColumn(line, col)
	f.EndLine, f.EndColumn = ix.FromByteColumn(endLine, endCol)
	return f
}

// splitPosn splits go vet's "file:line:col".
func splitPosn(posn string) (file string, line, col int) {
	rest, c, ok := cutLast(posn)
	if !ok {
		return posn, 0, 0
	}
	file, l, ok := cutLast(rest)
	if !ok {
		return rest, c, 0
	}
	return file, l, c
}

func cutLast(s string) (string, int, bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, 0, false
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return s, 0, false
	}
	return s[:i], n, true
}

// literalAt returns the value of the string literal between two positions
// (go vet's: lines and byte columns) of a file's source, or "" when the
// text there is not one.
func literalAt(src []byte, line, col, endLine, endCol int) string {
	start, end := offsetOf(src, line, col), offsetOf(src, endLine, endCol)
	if start < 0 || end <= start {
		return ""
	}
	v, err := strconv.Unquote(string(src[start:end]))
	if err != nil {
		return ""
	}
	return v
}

// offsetOf turns a 1-based line and byte column into an offset, -1 if out
// of range.
func offsetOf(src []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	if off+col-1 > len(src) {
		return -1
	}
	return off + col - 1
}

func fingerprintText(f finding.Finding) string {
	if f.Secret != "" {
		return f.Secret
	}
	return f.Message
}

// moduleDirs lists the directories of the Go modules to analyse: every
// go.mod under root (vendor, testdata, node_modules and hidden directories
// aside), or, when root holds Go files but no go.mod, root itself if it
// lies inside a module.
func moduleDirs(root string) []string {
	var dirs []string
	goFiles := false
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil //nolint:nilerr // unreadable directories are the content scan's to report
		}
		if d.IsDir() && p != root {
			name := d.Name()
			if name == "vendor" || name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
		}
		switch {
		case d.IsDir():
		case d.Name() == "go.mod":
			dirs = append(dirs, filepath.Dir(p))
		case strings.HasSuffix(d.Name(), ".go"):
			goFiles = true
		}
		return nil
	})
	if len(dirs) > 0 || !goFiles {
		return dirs
	}
	for dir := filepath.Dir(root); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return []string{root}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if parent := filepath.Dir(dir); parent == dir {
			return nil
		}
	}
}

func relSlash(root, p string) string {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(rel)
}
