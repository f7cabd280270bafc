package report_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/report"
	"github.com/tightlip/tightlip/internal/rule"
)

// The schema test needs Node tools that go test cannot fetch by itself;
// .ci/sarif-tools.sh installs them. These variables point the test at them.
const (
	// envTools is the cache directory given to .ci/sarif-tools.sh.
	envTools = "TIGHTLIP_SARIF_TOOLS"
	// envRequire=1 turns a skip for want of tools into a failure, so CI
	// cannot pass by silently not validating.
	envRequire = "TIGHTLIP_REQUIRE_SARIF_SCHEMA"
	// envSchema optionally names the schema file (the script's output);
	// by default it is found in envTools.
	envSchema = "TIGHTLIP_SARIF_SCHEMA"
)

type sarifTools struct {
	ajv       string // ajv-cli's launcher
	schema    string // SARIF 2.1.0 JSON schema
	spec      string // ajv's --spec for the schema's draft
	multitool string // Sarif.Multitool binary; "" if absent
}

// findSARIFTools locates what .ci/sarif-tools.sh installed, or skips (fails
// under envRequire=1) saying how to get it.
func findSARIFTools(t *testing.T) sarifTools {
	t.Helper()
	missing := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...)
		if os.Getenv(envRequire) == "1" {
			t.Fatalf("%s, and %s=1 requires SARIF schema validation", msg, envRequire)
		}
		t.Skipf("%s; to validate SARIF against its schema run: bash .ci/sarif-tools.sh DIR && %s=DIR go test ./internal/report", msg, envTools)
	}
	dir := os.Getenv(envTools)
	if dir == "" {
		missing("%s is not set", envTools)
	}
	if _, err := exec.LookPath("node"); err != nil {
		missing("node is not installed")
	}
	tools := sarifTools{ajv: filepath.Join(dir, "node_modules", ".bin", "ajv")}
	if _, err := os.Stat(tools.ajv); err != nil {
		missing("ajv-cli not found in %s=%s (%v)", envTools, dir, err)
	}
	tools.schema = os.Getenv(envSchema)
	if tools.schema == "" {
		found, _ := filepath.Glob(filepath.Join(dir, "node_modules", "@microsoft", "sarif-multitool-*", "sarif-2.1.0.json"))
		if len(found) == 0 {
			missing("no sarif-2.1.0.json from @microsoft/sarif-multitool in %s", dir)
		}
		tools.schema = found[0]
	}
	spec, err := ajvSpec(tools.schema)
	if err != nil {
		t.Fatal(err)
	}
	tools.spec = spec
	mt := filepath.Join(filepath.Dir(tools.schema), "Sarif.Multitool")
	if fi, err := os.Stat(mt); err == nil && fi.Mode()&0o100 != 0 {
		tools.multitool = mt
	}
	return tools
}

// ajvSpec maps the draft a schema declares to ajv-cli's --spec, since the
// multitool has shipped the SARIF schema both as draft-07 and as 2020-12.
func ajvSpec(schema string) (string, error) {
	data, err := os.ReadFile(schema)
	if err != nil {
		return "", err
	}
	var head struct {
		Schema string `json:"$schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return "", fmt.Errorf("%s: %w", schema, err)
	}
	switch {
	case strings.Contains(head.Schema, "2020-12"):
		return "draft2020", nil
	case strings.Contains(head.Schema, "2019-09"):
		return "draft2019", nil
	case strings.Contains(head.Schema, "draft-07"):
		return "draft7", nil
	}
	return "", fmt.Errorf("%s declares $schema %q, which ajv-cli's --spec does not name", schema, head.Schema)
}

// schemaCases are SARIF logs built to cover what the schema constrains:
// several rules, git and working-tree findings, a run without results, a
// catalogue without the rules, paths that need URI escaping, and regions
// at the edges.
func schemaCases(t *testing.T) map[string][]byte {
	opts := testOptions(t)
	noRedact := opts
	noRedact.NoRedact = true
	var git []finding.Finding
	for _, f := range testFindings() {
		if f.Commit != "" {
			git = append(git, f)
		}
	}
	odd := []finding.Finding{}
	for i, p := range []string{"c:colon/first.go", "dir with space/ünïcode.go", "hash#and?query%.go", "-", "a\\back.go", ""} {
		odd = append(odd, finding.Finding{
			RuleID: "insecure-http-url", Category: rule.InsecureTransport, Severity: rule.Warning,
			Message: "m", File: p, Line: i, Column: i % 2, EndLine: i - 1, EndColumn: 1, Fingerprint: fmt.Sprint(i),
		})
	}
	sum := testSummary()
	gitSum := testSummary()
	gitSum.Commits = 12
	gitSum.VCS = &finding.VCS{RepositoryURI: "https://github.com/acme/app.git", Revision: "0123456789abcdef0123456789abcdef01234567", Branch: "main"}
	incomplete := testSummary()
	incomplete.MarkIncomplete("deep/file.txt: file name too long")
	incomplete.Notes = []string{"a note"}
	fixes := gitignoreFixFindings()
	reused := relatedFindings()
	return map[string][]byte{
		"related":      render(t, report.SARIF, reused, sum, opts),
		"fixes":        render(t, report.SARIF, fixes, sum, opts),
		"basic":        render(t, report.SARIF, testFindings(), sum, opts),
		"no-redact":    render(t, report.SARIF, testFindings(), sum, noRedact),
		"git-only":     render(t, report.SARIF, git, gitSum, opts),
		"empty":        render(t, report.SARIF, nil, emptySummary(), opts),
		"no-catalogue": render(t, report.SARIF, testFindings(), sum, report.Options{}),
		"odd-paths":    render(t, report.SARIF, odd, sum, opts),
		"incomplete":   render(t, report.SARIF, testFindings(), incomplete, opts),
	}
}

// TestSARIFSchema validates our SARIF against the SARIF 2.1.0 JSON schema
// with ajv (formats such as uri-reference included), and, when the SARIF
// multitool is installed, against SARIF's and GitHub's ingestion rules.
func TestSARIFSchema(t *testing.T) {
	tools := findSARIFTools(t)
	dir := t.TempDir()
	for name, log := range schemaCases(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // each tool start costs seconds
			// ajv-cli insists on a .json name.
			path := filepath.Join(dir, name+".json")
			if err := os.WriteFile(path, log, 0o644); err != nil {
				t.Fatal(err)
			}
			if out, ok := runAJV(t, tools, path); !ok {
				t.Errorf("ajv: %s is not valid SARIF 2.1.0:\n%s", path, out)
			}
			if tools.multitool == "" {
				t.Log("Sarif.Multitool not installed next to the schema; GitHub rules not checked")
				return
			}
			if problems := runMultitool(t, tools, path); len(problems) > 0 {
				t.Errorf("sarif-multitool validate: %s:\n%s", path, strings.Join(problems, "\n"))
			}
		})
	}
}

// TestSARIFSchemaCatchesErrors makes sure the validators can fail: the
// multitool exits 0 whatever it finds, and a harness that never fails
// proves nothing.
func TestSARIFSchemaCatchesErrors(t *testing.T) {
	tools := findSARIFTools(t)
	path := filepath.Join(t.TempDir(), "bad.json")
	bad := `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
		{"message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a b", "index": -5}}}]},
		{"message": {"text": "m"}, "locations": []}]}]}`
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, ok := runAJV(t, tools, path); ok {
		t.Errorf("ajv accepted an invalid log:\n%s", out)
	}
	if tools.multitool != "" && len(runMultitool(t, tools, path)) == 0 {
		t.Error("sarif-multitool found nothing wrong with an invalid log")
	}
}

// runAJV validates path and returns ajv's output and whether it passed.
func runAJV(t *testing.T, tools sarifTools, path string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tools.ajv, "validate",
		"--spec="+tools.spec, "-c", "ajv-formats", "--all-errors", "--errors=text",
		"-s", tools.schema, "-d", path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if exit := (*exec.ExitError)(nil); !errors.As(err, &exit) {
			t.Fatalf("running ajv: %v\n%s", err, out)
		}
	}
	return string(out), err == nil
}

// runMultitool runs `validate` with SARIF's and GitHub's rules and returns
// its errors and warnings. It reads the log the tool writes, because its
// exit status says nothing about what it found. Notes (help URIs, snippets,
// a $schema it cannot fetch offline) are advice, not failures.
func runMultitool(t *testing.T, tools sarifTools, path string) []string {
	t.Helper()
	out := path + ".validation.sarif"
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tools.multitool, "validate",
		"--rule-kind", "Sarif;Gh", "--level", "Error;Warning",
		"--log", "ForceOverwrite", "-o", out, path)
	// Runs on CI images without ICU, and phones nowhere.
	cmd.Env = append(os.Environ(), "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1", "DOTNET_CLI_TELEMETRY_OPTOUT=1")
	console, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("running %s: %v\n%s", tools.multitool, err, console)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("sarif-multitool wrote no log: %v\n%s", err, console)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					Text      string   `json:"text"`
					Arguments []string `json:"arguments"`
				} `json:"message"`
			} `json:"results"`
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("sarif-multitool's log %s: %v\n%s", out, err, data)
	}
	var problems []string
	for _, inv := range log.Runs[0].Invocations {
		if !inv.ExecutionSuccessful {
			problems = append(problems, "the multitool reports an unsuccessful run:\n"+string(console))
		}
	}
	for _, r := range log.Runs[0].Results {
		if r.Level == "error" || r.Level == "warning" || r.Level == "" {
			msg := cmp.Or(r.Message.Text, strings.Join(r.Message.Arguments, "; "))
			problems = append(problems, fmt.Sprintf("%s %s: %s", cmp.Or(r.Level, "warning"), r.RuleID, msg))
		}
	}
	if len(problems) > 0 {
		// The console output has the human-readable messages.
		problems = append(problems, "multitool output:\n"+string(bytes.TrimSpace(console)))
	}
	return problems
}
