package scan

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/analyzer"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
)

// vetDiagnostic is one diagnostic of go vet -json.
type vetDiagnostic struct {
	Category string `json:"category"`
	Posn     string `json:"posn"`
	End      string `json:"end"`
	Message  string `json:"message"`
	// SuggestedFixes are the analyzer's fixes: byte offsets into the
	// file as go vet read it.
	SuggestedFixes []vetFix `json:"suggested_fixes"`
}

// vetFix is one suggested fix of go vet -json.
type vetFix struct {
	Message string `json:"message"`
	Edits   []struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	} `json:"edits"`
}

// vetOutput is what one go vet run gave: diagnostics, and the packages
// it could not analyse with the first line of the reason.
type vetOutput struct {
	diags  []vetDiagnostic
	failed map[string]string
	// failure says why go vet's output could not be read; "" otherwise.
	failure string
	// exitErr says why go vet failed, when it did (its first error line):
	// a crash, or an error that failed does not account for.
	exitErr string
}

// runVet runs go vet with the analyzers on patterns in dir. The content
// scan already runs every content rule over every .go file; the
// analyzers need not build the rules again in each of go vet's
// per-package processes.
func runVet(ctx context.Context, dir, vetTool string, env, patterns []string, clean func(string) string) vetOutput {
	args := []string{"vet", "-vettool=" + vetTool, "-json", "-hardcoded.contentrules=false"}
	for _, a := range analyzer.All() {
		args = append(args, "-"+a.Name+".suppressed")
	}
	args = append(args, patterns...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Env, cmd.WaitDelay = dir, env, toolWaitDelay
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	out := vetOutput{failed: vetFailures(stderr.String(), clean)}
	// go vet -json prints one JSON object per package: package path, then
	// analyzer name, then either diagnostics or an error.
	dec := json.NewDecoder(&stdout)
	for {
		var pkgs map[string]map[string]json.RawMessage
		if err := dec.Decode(&pkgs); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			out.failure = fmt.Sprintf("unreadable go vet output: %v", err)
			break
		}
		for pkg, byAnalyzer := range pkgs {
			for name, raw := range byAnalyzer {
				var diags []vetDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					var e struct{ Error string }
					_ = json.Unmarshal(raw, &e)
					out.failed[packagePath(pkg)] = fmt.Sprintf("analyzer %s: %s", name, clean(e.Error))
					continue
				}
				out.diags = append(out.diags, diags...)
			}
		}
	}
	if runErr != nil {
		out.exitErr = "go vet: " + toolError(runErr, stderr.String(), clean)
	}
	return out
}

// vetFailures reads go vet's errors: a "# package" line, then what went
// wrong with it (compile errors, a type error the analyzers stopped at).
// It returns the first error of each package, cleaned.
func vetFailures(stderr string, clean func(string) string) map[string]string {
	failed := map[string]string{}
	pkg := ""
	for line := range strings.SplitSeq(stderr, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "# "):
			pkg = packagePath(strings.TrimPrefix(line, "# "))
			if _, ok := failed[pkg]; !ok {
				failed[pkg] = ""
			}
		case line == "" || pkg == "":
		case failed[pkg] == "":
			failed[pkg] = clean(strings.TrimPrefix(line, "vet: "))
		}
	}
	for pkg, why := range failed {
		if why == "" {
			failed[pkg] = "go vet failed"
		}
	}
	return failed
}

// packagePath drops the test variant from go's package ID: "example.com/x
// [example.com/x.test]" and its external tests, example.com/x_test, are
// example.com/x. go build heads a main package's errors "[example.com/x]".
func packagePath(id string) string {
	id = strings.TrimSpace(id)
	if strings.HasPrefix(id, "[") {
		id = strings.TrimSuffix(id[1:], "]")
	}
	path, _, _ := strings.Cut(id, " ")
	return strings.TrimSuffix(strings.TrimSuffix(path, ".test"), "_test")
}

// vetFindings turns diagnostics into findings under root: diagnostics
// outside the root are dropped, as are repeats (go vet analyses a package
// again with its tests), and the order is fixed before identities are
// numbered, whatever order go vet's parallel runs printed them in.
func vetFindings(rootFS *os.Root, root string, diags []vetDiagnostic, keep func(file string) bool, cat *rule.Catalogue) []finding.Finding {
	var out []finding.Finding
	for _, d := range diags {
		if d.Category == analyzer.SuppressedCategory {
			continue // counted by vetSuppressed
		}
		f := vetFinding(rootFS, root, d, cat)
		if !keep(f.File) {
			continue
		}
		out = append(out, f)
	}
	// Place first, then what CompactFunc compares, so that duplicates
	// are adjacent.
	slices.SortFunc(out, func(a, b finding.Finding) int {
		return cmp.Or(finding.Compare(a, b), cmp.Compare(a.EndLine, b.EndLine), cmp.Compare(a.EndColumn, b.EndColumn), strings.Compare(a.Message, b.Message))
	})
	out = slices.CompactFunc(out, func(a, b finding.Finding) bool {
		return a.RuleID == b.RuleID && a.File == b.File && a.Line == b.Line && a.Column == b.Column &&
			a.EndLine == b.EndLine && a.EndColumn == b.EndColumn && a.Message == b.Message
	})
	finding.Identify(out, finding.IdentityText)
	return out
}

// Summary keys for what comments in Go code silenced.
const (
	SuppressedGoAllow = "go analyzers: tightlip:allow or //nolint:tightlip comments"
	SuppressedGoGosec = "go analyzers: gosec's #nosec or //nolint:gosec comments"
)

// vetSilenced returns the diagnostics comments silenced (reported under
// analyzer.SuppressedCategory) as findings that are never reported: the
// place, and as Message the summary key of the kind of comment. A range
// scan keeps those on lines it added, as it does findings.
func vetSilenced(root string, diags []vetDiagnostic, keep func(file string) bool) []finding.Finding {
	var out []finding.Finding
	for _, d := range diags {
		if d.Category != analyzer.SuppressedCategory {
			continue
		}
		abs, line, col := splitPosn(d.Posn)
		file := relSlash(root, abs)
		if !keep(file) {
			continue
		}
		rule, _, _ := strings.Cut(d.Message, " ")
		kind := SuppressedGoAllow
		if strings.HasSuffix(d.Message, " "+analyzer.SilencedByGosec) {
			kind = SuppressedGoGosec
		}
		out = append(out, finding.Finding{RuleID: rule, File: file, Line: line, Column: col, EndLine: line, Message: kind})
	}
	return out
}

// countSilenced counts silenced diagnostics by kind, once per rule and
// place however many times go vet analysed the package (with its tests,
// under other build tags).
func countSilenced(silenced []finding.Finding) map[string]int {
	type place struct {
		rule, file string
		line, col  int
	}
	seen := map[place]bool{}
	counts := map[string]int{}
	for _, f := range silenced {
		p := place{f.RuleID, f.File, f.Line, f.Column}
		if !seen[p] {
			seen[p] = true
			counts[f.Message]++
		}
	}
	return counts
}
