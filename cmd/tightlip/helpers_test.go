package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/testbin"
)

// The CLI tests call run, main without the process, except where only a real
// process can show the behaviour (what reaches the process's own stderr).

// fixtureDir holds the CLI fixtures. Every secret in them is fake and
// contains fakeMarker.
const fixtureDir = "../../testdata/cli"

// fakeMarker is in every fixture secret; output holding it has leaked one.
const fakeMarker = "TL" + "FAKE"

// reexecEnv makes the test binary behave as tightlip itself (see TestMain).
const reexecEnv = "TIGHTLIP_TEST_RUN_MAIN"

// vetToolEnv names the vet tool a tightlip process of the tests has go
// vet run: runProcess sets it to the shared one (testbin.VetTool) unless
// a test asks for the process itself (selfVet).
const vetToolEnv = "TIGHTLIP_TEST_VETTOOL"

// selfVet, in runProcess's env, has go vet run the tightlip process's own
// binary as its vet tool, as a user's tightlip does.
const selfVet = vetToolEnv + "="

// readyEnv names a file that a tightlip process of the tests creates once
// it catches interrupts (see testHookScanStart).
const readyEnv = "TIGHTLIP_TEST_READY_FILE"

func TestMain(m *testing.M) {
	if os.Getenv(reexecEnv) == "1" {
		if ready := os.Getenv(readyEnv); ready != "" {
			testHookScanStart = func() {
				if err := os.WriteFile(ready, nil, 0o644); err != nil {
					panic(err)
				}
			}
		}
		if tool := os.Getenv(vetToolEnv); tool != "" {
			vetToolPath = func() (string, error) { return tool, nil }
		}
		main() // exits
	}
	os.Exit(m.Run())
}

// result is one finished tightlip invocation.
type result struct {
	code           int
	stdout, stderr string
}

// tightlip runs the CLI in-process with args and stdin.
func tightlip(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

// tightlipProcess runs the CLI as a separate process (the test binary in
// tightlip's place), so that everything the process writes is seen.
func tightlipProcess(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return runProcess(t, context.Background(), dir, nil, args...)
}

// runProcess runs the test binary as tightlip in dir with env added to
// its environment, until it exits or ctx ends.
func runProcess(t *testing.T, ctx context.Context, dir string, env []string, args ...string) result {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), reexecEnv+"=1")
	if !slices.ContainsFunc(env, func(kv string) bool { return strings.HasPrefix(kv, vetToolEnv+"=") }) {
		cmd.Env = append(cmd.Env, vetToolEnv+"="+testbin.VetTool(t))
	}
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("tightlip %v did not finish", args)
	}
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("run %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return result{code, out.String(), errb.String()}
}

// wantCode fails the test when r did not exit with code.
func (r result) wantCode(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// copyFixture copies testdata/cli/name to dir/dst (creating directories)
// and returns the destination path.
func copyFixture(t *testing.T, name, dir, dst string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, filepath.Join(dir, dst), string(data))
}

// writeFile writes content to path, creating its directory.
func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// appendFile adds content to the end of the file at path.
func appendFile(t *testing.T, path, content string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(content); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// writeGitignore gives dir a .gitignore that excludes every kind of
// credential file the gitignore rules ask for, as a well-kept project has,
// so that a scan of dir reports its content and nothing else.
func writeGitignore(t *testing.T, dir string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, ".gitignore"), strings.Join(gitignore.Default().Patterns(), "\n")+"\n")
}

// fixtureSecrets returns the values of the KEY=VALUE lines of a fixture,
// the fake secrets, without any trailing comment.
func fixtureSecrets(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		_, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		v, _, _ = strings.Cut(v, " ")
		if !strings.Contains(v, fakeMarker) {
			t.Fatalf("%s: secret %q lacks the %s marker", name, v, fakeMarker)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no secrets", name)
	}
	return out
}

// jsonFinding is a finding as docs/architecture.md specifies the JSON output.
type jsonFinding struct {
	RuleID      string `json:"rule_id"`
	Category    string `json:"category"`
	Severity    string `json:"severity"`
	Message     string `json:"message"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	Secret      string `json:"secret"`
	Fingerprint string `json:"fingerprint"`
	// Entries are what a gitignore-missing finding lists; Also the other
	// rules that matched its secret.
	Entries []string `json:"entries"`
	Also    []string `json:"also"`
	// Related are the other places a secret-reused finding names.
	Related []struct {
		File string `json:"file"`
		Line int    `json:"line"`
	} `json:"related"`
}

type jsonReport struct {
	Findings []jsonFinding `json:"findings"`
	Summary  struct {
		FilesScanned int            `json:"files_scanned"`
		BytesScanned int64          `json:"bytes_scanned"`
		Skipped      map[string]int `json:"skipped"`
		Problems     []string       `json:"problems"`
		Suppressed   map[string]int `json:"suppressed"`
		Notes        []string       `json:"notes"`
		Incomplete   bool           `json:"incomplete"`
	} `json:"summary"`
}

// decodeReport parses a JSON report strictly enough to notice a broken one.
func decodeReport(t *testing.T, data string) jsonReport {
	t.Helper()
	var rep jsonReport
	if err := json.Unmarshal([]byte(data), &rep); err != nil {
		t.Fatalf("output is not a JSON report: %v\n%s", err, data)
	}
	return rep
}

// scanJSON scans path (extra flags allowed) and returns the parsed report.
func scanJSON(t *testing.T, wantCode int, args ...string) jsonReport {
	t.Helper()
	r := tightlip(t, "", append([]string{"scan", "--format", "json"}, args...)...)
	r.wantCode(t, wantCode)
	return decodeReport(t, r.stdout)
}

// ruleIDs lists the rule of each finding, in report order.
func ruleIDs(fs []jsonFinding) []string {
	ids := make([]string, len(fs))
	for i, f := range fs {
		ids[i] = f.RuleID
	}
	return ids
}

// suppressedTotal adds up the summary's suppressed counts.
func suppressedTotal(rep jsonReport) int {
	n := 0
	for _, v := range rep.Summary.Suppressed {
		n += v
	}
	return n
}
