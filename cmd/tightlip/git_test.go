package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// gitFinding is a JSON finding with the git fields.
type gitFinding struct {
	RuleID  string `json:"rule_id"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Secret  string `json:"secret"`
	Commit  string `json:"commit"`
	Author  string `json:"author"`
	Subject string `json:"subject"`
}

func gitScan(t *testing.T, code int, args ...string) []gitFinding {
	t.Helper()
	r := tightlip(t, "", append([]string{"scan", "--format", "json", "--no-redact"}, args...)...)
	r.wantCode(t, code)
	var rep struct{ Findings []gitFinding }
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("not a JSON report: %v\n%s", err, r.stdout)
	}
	return rep.Findings
}

// A key committed and then deleted is still in every clone: --history finds
// it and names the commit that added it.
func TestScanHistoryFindsDeletedSecret(t *testing.T) {
	r := gittest.New(t)
	tok := gittest.FakeToken("cli-history")
	added := r.Commit("add the key", map[string]string{"config.env": "TOKEN=" + tok + "\n"})
	r.Git("rm", "-q", "config.env")
	r.Commit("remove the key", nil)

	fs := gitScan(t, exitFindings, "--history", r.Dir)
	if len(fs) != 1 || fs[0].Secret != tok || fs[0].Commit != added || fs[0].Subject != "add the key" || fs[0].File != "config.env" {
		t.Fatalf("findings = %+v, want the deleted key attributed to %s", fs, added)
	}
	// The working tree no longer has it.
	if got := gitScan(t, exitClean, "--gitignore=false", "--go=false", r.Dir); len(got) != 0 {
		t.Errorf("working-tree scan found %+v in a tree without the key", got)
	}
}

func TestScanRangeReportsOnlyWhatTheRangeAdded(t *testing.T) {
	r := gittest.New(t)
	old, fresh := gittest.FakeToken("cli-range-old"), gittest.FakeToken("cli-range-new")
	base := r.Commit("base", map[string]string{"a.env": "OLD=" + old + "\n"})
	head := r.Commit("feature", map[string]string{"a.env": "OLD=" + old + "\nNEW=" + fresh + "\n"})

	fs := gitScan(t, exitFindings, "--range", base+".."+head, r.Dir)
	if len(fs) != 1 || fs[0].Secret != fresh || fs[0].Line != 2 || fs[0].Commit != head {
		t.Fatalf("findings = %+v, want only the key the range added", fs)
	}
}

func TestScanStagedReportsOnlyStagedAdditions(t *testing.T) {
	r := gittest.New(t)
	old, fresh := gittest.FakeToken("cli-staged-old"), gittest.FakeToken("cli-staged-new")
	r.Commit("base", map[string]string{"a.env": "OLD=" + old + "\n"})
	r.Write("a.env", "OLD="+old+"\nNEW="+fresh+"\n")
	r.Git("add", "a.env")

	fs := gitScan(t, exitFindings, "--staged", r.Dir)
	if len(fs) != 1 || fs[0].Secret != fresh || fs[0].Commit != "" {
		t.Fatalf("findings = %+v, want only the staged key, with no commit", fs)
	}
}

// A history that could not be read completely is not a clean result.
func TestScanHistoryIncompleteExitsTwo(t *testing.T) {
	r := gittest.New(t)
	r.Commit("add", map[string]string{"a.txt": "nothing secret\n"})
	blob := r.Git("rev-parse", "HEAD:a.txt")
	if err := os.Remove(r.ObjectPath(blob)); err != nil {
		t.Fatal(err)
	}
	res := tightlip(t, "", "scan", "--history", r.Dir)
	res.wantCode(t, exitError)
	if !strings.Contains(res.stderr, "incomplete") || !strings.Contains(res.stdout, "incomplete") {
		t.Errorf("stdout/stderr do not say the scan is incomplete:\n%s\n%s", res.stdout, res.stderr)
	}
}

func TestScanGitFlagConflicts(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"scan", "--history", "--staged", dir},
		{"scan", "--branch", "main", dir},
		{"scan", "--history", "-"},
		{"scan", "--staged", "--fix", dir},
		{"scan", "--range", "main", dir},
		{"scan", "--range", "a...b", dir},
	} {
		res := tightlip(t, "", args...)
		if res.code != exitError || res.stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, res.code, res.stderr)
		}
	}
	res := tightlip(t, "", "scan", "--history", dir)
	if res.code != exitError || !strings.Contains(res.stderr, dir) {
		t.Errorf("--history on a non-repository: exit %d, stderr %q; want 2 naming the path", res.code, res.stderr)
	}
}

// actions/checkout clones one commit deep by default: --history there did
// not read the history, so it exits 2 unless the user accepts it.
func TestScanHistoryShallowExitsTwo(t *testing.T) {
	r := gittest.New(t)
	r.Commit("one", map[string]string{"a.env": "T=" + gittest.FakeToken("shallow") + "\n"})
	r.Commit("two", map[string]string{"b.txt": "b\n"})
	clone := t.TempDir()
	r.Git("clone", "-q", "--depth", "1", "file://"+r.Dir, clone)

	res := tightlip(t, "", "scan", "--history", "--format", "json", clone)
	res.wantCode(t, exitError)
	if rep := decodeReport(t, res.stdout); !rep.Summary.Incomplete || len(rep.Findings) != 1 {
		t.Errorf("incomplete=%v findings=%d, want an incomplete report with the one finding", rep.Summary.Incomplete, len(rep.Findings))
	}
	if !strings.Contains(res.stderr, "--allow-incomplete") {
		t.Errorf("stderr does not say how to accept a partial scan:\n%s", res.stderr)
	}

	res = tightlip(t, "", "scan", "--history", "--allow-shallow", clone)
	res.wantCode(t, exitFindings)
	if !strings.Contains(res.stdout, "truncated") {
		t.Errorf("the report does not say the history is truncated:\n%s", res.stdout)
	}
	tightlip(t, "", "scan", "--allow-shallow", clone).wantCode(t, exitError)
}

// A git index go-git cannot read (a split index) must not hide the tracked
// files that .gitignore excludes: the walk then scans every file, and the
// scan says it is incomplete, since which credential files git tracks is
// unknown.
func TestScanTreeUnreadableIndex(t *testing.T) {
	r := gittest.New(t)
	tok := gittest.FakeToken("split-index")
	r.Commit("add", map[string]string{".gitignore": "*.env\n", "ignored.env": "T=" + tok + "\n"})
	r.Git("add", "-f", "ignored.env")
	r.Commit("track it", map[string]string{"b.txt": "b\n"})
	r.Git("update-index", "--split-index")

	res := tightlip(t, "", "scan", "--format", "json", "--go=false", r.Dir)
	res.wantCode(t, exitError)
	rep := decodeReport(t, res.stdout)
	if !rep.Summary.Incomplete || len(rep.Summary.Problems) == 0 || !strings.Contains(strings.Join(rep.Summary.Problems, "\n"), "index") {
		t.Errorf("incomplete=%v problems=%q, want the unreadable index named", rep.Summary.Incomplete, rep.Summary.Problems)
	}
	found := false
	for _, f := range rep.Findings {
		found = found || f.File == "ignored.env" && strings.HasPrefix(tok, strings.TrimSuffix(f.Secret, "…"))
	}
	if !found {
		t.Errorf("the tracked, ignored file's key was not reported: %+v", rep.Findings)
	}
}
