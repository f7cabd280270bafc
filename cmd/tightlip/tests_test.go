package main

import (
	"encoding/json"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// testsTree holds one fake token in production config and one in a test
// fixture.
func testsTree(t *testing.T, withProd bool) string {
	t.Helper()
	dir := t.TempDir()
	writeGitignore(t, dir)
	writeFile(t, filepath.Join(dir, "internal", "testdata", "client.yaml"), "token: "+gittest.FakeToken("fixture")+"\n")
	if withProd {
		writeFile(t, filepath.Join(dir, "deploy", "client.yaml"), "token: "+gittest.FakeToken("prod")+"\n")
	}
	return dir
}

// examplesTree holds one fake token in production config, one in each
// kind of example (under examples/, a file named as an example) and one in
// a committed module cache.
func examplesTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeGitignore(t, dir)
	writeFile(t, filepath.Join(dir, "documentation", "examples", "client.yaml"), "token: "+gittest.FakeToken("docs example")+"\n")
	writeFile(t, filepath.Join(dir, "deploy", "client.example.yaml"), "token: "+gittest.FakeToken("named example")+"\n")
	writeFile(t, filepath.Join(dir, "web", "pkg", "mod", "github.com", "tlfake", "sdk@v1.2.3", "client.yaml"), "token: "+gittest.FakeToken("module cache")+"\n")
	writeFile(t, filepath.Join(dir, "deploy", "client.yaml"), "token: "+gittest.FakeToken("prod")+"\n")
	return dir
}

type testsReport struct {
	Findings []struct {
		File, Severity, Context string
	}
	Summary struct {
		Suppressed map[string]int
		Notes      []string
	}
}

func parseTestsReport(t *testing.T, r result) testsReport {
	t.Helper()
	var rep testsReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	return rep
}

func TestTestFixturesAreNotes(t *testing.T) {
	t.Run("default: a fixture's token is a note, production's still fails", func(t *testing.T) {
		r := tightlip(t, "", "scan", "--go=false", "--format", "json", testsTree(t, true))
		r.wantCode(t, exitFindings)
		rep := parseTestsReport(t, r)
		got := map[string]string{}
		for _, f := range rep.Findings {
			got[f.File] = f.Severity + "/" + f.Context
		}
		if got["internal/testdata/client.yaml"] != "note/test" || got["deploy/client.yaml"] != "error/" {
			t.Errorf("severity/context by file = %v", got)
		}
	})
	t.Run("default: a fixture alone does not fail the scan, and says so", func(t *testing.T) {
		r := tightlip(t, "", "scan", "--go=false", testsTree(t, false))
		r.wantCode(t, exitClean)
		if !strings.Contains(r.stdout, "note: [github-pat]") || !strings.Contains(r.stdout, "in test code or a fixture") {
			t.Errorf("the text report does not show the note and its context:\n%s", r.stdout)
		}
		if !strings.Contains(r.stderr, "none at or above the fail-on level warning") {
			t.Errorf("stderr does not say why the exit status is 0:\n%s", r.stderr)
		}
	})
	t.Run("default: examples and third-party code are notes too, with their own context", func(t *testing.T) {
		r := tightlip(t, "", "scan", "--go=false", "--format", "json", examplesTree(t))
		r.wantCode(t, exitFindings)
		got := map[string]string{}
		for _, f := range parseTestsReport(t, r).Findings {
			got[f.File] = f.Severity + "/" + f.Context
		}
		want := map[string]string{
			"documentation/examples/client.yaml":                   "note/example",
			"deploy/client.example.yaml":                           "note/example",
			"web/pkg/mod/github.com/tlfake/sdk@v1.2.3/client.yaml": "note/third-party",
			"deploy/client.yaml":                                   "error/",
		}
		if !maps.Equal(got, want) {
			t.Errorf("severity/context by file = %v, want %v", got, want)
		}
	})
	t.Run("--tests report keeps the rule's severity", func(t *testing.T) {
		r := tightlip(t, "", "scan", "--go=false", "--tests", "report", "--format", "json", testsTree(t, false))
		r.wantCode(t, exitFindings)
		rep := parseTestsReport(t, r)
		if len(rep.Findings) != 1 || rep.Findings[0].Severity != "error" || rep.Findings[0].Context != "test" {
			t.Errorf("findings = %+v", rep.Findings)
		}
	})
	t.Run("--tests skip drops them, counted", func(t *testing.T) {
		r := tightlip(t, "", "scan", "--go=false", "--tests", "skip", "--format", "json", testsTree(t, false))
		r.wantCode(t, exitClean)
		rep := parseTestsReport(t, r)
		if len(rep.Findings) != 0 || rep.Summary.Suppressed[suppressedTests] != 1 {
			t.Errorf("findings %+v, suppressed %v", rep.Findings, rep.Summary.Suppressed)
		}
	})
	t.Run("a tree configuration that skips them is named", func(t *testing.T) {
		dir := testsTree(t, false)
		writeFile(t, filepath.Join(dir, ".tightlip.toml"), "[scan]\ntests = \"skip\"\n")
		r := tightlip(t, "", "scan", "--go=false", "--format", "json", dir)
		rep := parseTestsReport(t, r)
		if !strings.Contains(strings.Join(rep.Summary.Notes, "\n"), `sets tests = "skip"`) {
			t.Errorf("notes do not name the configuration: %q", rep.Summary.Notes)
		}
		// --tests overrides it.
		r = tightlip(t, "", "scan", "--go=false", "--tests", "note", "--format", "json", dir)
		if rep := parseTestsReport(t, r); len(rep.Findings) != 1 {
			t.Errorf("--tests note: findings %+v", rep.Findings)
		}
	})
	t.Run("a bad value is an error naming it", func(t *testing.T) {
		r := tightlip(t, "", "scan", "--tests", "sometimes", testsTree(t, false))
		r.wantCode(t, exitError)
		if !strings.Contains(r.stderr, `--tests "sometimes"`) {
			t.Errorf("stderr: %s", r.stderr)
		}
		dir := testsTree(t, false)
		writeFile(t, filepath.Join(dir, ".tightlip.toml"), "[scan]\ntests = \"hide\"\n")
		r = tightlip(t, "", "scan", dir)
		r.wantCode(t, exitError)
		if !strings.Contains(r.stderr, `[scan] tests "hide"`) {
			t.Errorf("stderr: %s", r.stderr)
		}
	})
}
