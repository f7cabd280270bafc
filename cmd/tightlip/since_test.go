package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// Secrets here are gittest.FakeToken values (TLFAKE, made at run time).

type sinceReport struct {
	Findings []gitFinding
	Summary  struct {
		Commits int
		Notes   []string
	}
}

func sinceScan(t *testing.T, code int, args ...string) sinceReport {
	t.Helper()
	r := tightlip(t, "", append([]string{"scan", "--history", "--format", "json", "--no-redact"}, args...)...)
	r.wantCode(t, code)
	var rep sinceReport
	decodeInto(t, r.stdout, &rep)
	return rep
}

func decodeInto(t *testing.T, data string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(data), v); err != nil {
		t.Fatalf("not a JSON report: %v\n%s", err, data)
	}
}

func noted(rep sinceReport, part string) bool {
	return slices.ContainsFunc(rep.Summary.Notes, func(n string) bool { return strings.Contains(n, part) })
}

// A nightly scan with --since-state reads what is new since the last one,
// on every branch, and says how much it left out.
func TestSinceStateScansOnlyNewCommits(t *testing.T) {
	r := gittest.New(t)
	state := filepath.Join(t.TempDir(), "state.json")
	old := gittest.FakeToken("cli-since-old")
	oldCommit := r.Commit("add", map[string]string{"a.env": "TOKEN=" + old + "\n"})
	r.Git("branch", "topic")

	rep := sinceScan(t, exitFindings, "--since-state", state, r.Dir)
	if len(rep.Findings) != 1 || rep.Findings[0].Commit != oldCommit || !noted(rep, "does not exist yet") {
		t.Fatalf("first run: %+v, notes %q", rep.Findings, rep.Summary.Notes)
	}
	if _, err := os.Stat(state); err != nil {
		t.Fatalf("first run wrote no state: %v", err)
	}

	onMain, onTopic := gittest.FakeToken("cli-since-main"), gittest.FakeToken("cli-since-topic")
	mainCommit := r.Commit("main", map[string]string{"b.env": "TOKEN=" + onMain + "\n"})
	r.Git("checkout", "-q", "topic")
	topicCommit := r.Commit("topic", map[string]string{"c.env": "TOKEN=" + onTopic + "\n"})
	r.Git("checkout", "-q", "main")

	rep = sinceScan(t, exitFindings, "--since-state", state, r.Dir)
	got := map[string]string{}
	for _, f := range rep.Findings {
		got[f.Secret] = f.Commit
	}
	if len(got) != 2 || got[onMain] != mainCommit || got[onTopic] != topicCommit {
		t.Errorf("second run found %+v, want only the two new secrets", rep.Findings)
	}
	if rep.Summary.Commits != 2 || !noted(rep, "1 commit already scanned (state "+state+"), 2 new") {
		t.Errorf("second run: %d commits, notes %q", rep.Summary.Commits, rep.Summary.Notes)
	}

	rep = sinceScan(t, exitClean, "--since-state", state, r.Dir)
	if len(rep.Findings) != 0 || rep.Summary.Commits != 0 {
		t.Errorf("nothing new: %+v, %d commits", rep.Findings, rep.Summary.Commits)
	}
	// Other rules: everything again.
	cfg := writeFile(t, filepath.Join(t.TempDir(), "tightlip.toml"), "[extend]\ndisabledRules = [\"generic-api-key\"]\n")
	rep = sinceScan(t, exitFindings, "--config", cfg, "--since-state", state, r.Dir)
	if rep.Summary.Commits != 3 || len(rep.Findings) != 3 || !noted(rep, "other rules") {
		t.Errorf("rules changed: %d commits, %d findings, notes %q; want all 3 commits", rep.Summary.Commits, len(rep.Findings), rep.Summary.Notes)
	}
}

func TestSinceStateUsage(t *testing.T) {
	r := gittest.New(t)
	r.Commit("one", map[string]string{"a": "x\n"})
	state := filepath.Join(t.TempDir(), "state.json")
	for _, args := range [][]string{
		{"scan", "--since-state", state, r.Dir},
		{"scan", "--range", "HEAD..HEAD", "--since-state", state, r.Dir},
		{"scan", "--staged", "--since-state", state, r.Dir},
	} {
		res := tightlip(t, "", args...)
		res.wantCode(t, exitError)
		if !strings.Contains(res.stderr, "--since-state goes with --history") {
			t.Errorf("%v: stderr %q", args, res.stderr)
		}
	}
	if _, err := os.Stat(state); err == nil {
		t.Error("a refused run wrote the state")
	}
}

// A state that is not one, or a path that is not a regular file, is an
// error naming it; nothing is scanned and nothing replaced.
func TestSinceStateBadFile(t *testing.T) {
	r := gittest.New(t)
	r.Commit("one", map[string]string{"a": "x\n"})
	dir := t.TempDir()
	corrupt := writeFile(t, filepath.Join(dir, "corrupt.json"), `{"tightlip_history_state": 1, "rules": "TLFAKE-not-a-digest", "tips": ["TLFAKEnotahash"]}`)
	res := tightlip(t, "", "scan", "--history", "--since-state", corrupt, r.Dir)
	res.wantCode(t, exitError)
	if !strings.Contains(res.stderr, corrupt) || !strings.Contains(res.stderr, "not a full commit hash") || strings.Contains(res.stderr, "TLFAKE") {
		t.Errorf("stderr %q: want the file named, what is wrong, and none of its text", res.stderr)
	}
	target := writeFile(t, filepath.Join(dir, "bashrc"), "keep me\n")
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	res = tightlip(t, "", "scan", "--history", "--since-state", link, r.Dir)
	res.wantCode(t, exitError)
	if !strings.Contains(res.stderr, "symbolic link") {
		t.Errorf("stderr %q: want the link refused", res.stderr)
	}
	if data, _ := os.ReadFile(target); string(data) != "keep me\n" {
		t.Errorf("the link's target was written: %q", data)
	}
}

// An incomplete scan leaves the state as it was: the commits it could not
// read are read again next time.
func TestSinceStateNotAdvancedWhenIncomplete(t *testing.T) {
	r := gittest.New(t)
	r.Commit("one", map[string]string{"a": "x\n"})
	state := filepath.Join(t.TempDir(), "state.json")
	sinceScan(t, exitClean, "--since-state", state, r.Dir)
	before, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	r.Commit("two", map[string]string{"lost.txt": "some text\n"})
	if err := os.Remove(r.ObjectPath(r.Git("rev-parse", "HEAD:lost.txt"))); err != nil {
		t.Fatal(err)
	}
	rep := sinceScan(t, exitError, "--since-state", state, r.Dir)
	if !noted(rep, "not updated") {
		t.Errorf("notes %q do not say the state was kept", rep.Summary.Notes)
	}
	sinceScan(t, exitClean, "--allow-incomplete", "--since-state", state, r.Dir)
	after, _ := os.ReadFile(state)
	if string(after) != string(before) {
		t.Errorf("an incomplete scan replaced the state:\n%s\nwith\n%s", before, after)
	}
}

// A shallow clone's history is truncated: even accepted by
// --allow-shallow, it records nothing, or the commits beyond its boundary
// would never be read once fetched.
func TestSinceStateNotWrittenForShallowHistory(t *testing.T) {
	r := gittest.New(t)
	r.Commit("one", map[string]string{"a.txt": "a\n"})
	r.Commit("two", map[string]string{"b.txt": "b\n"})
	r.Commit("three", map[string]string{"c.txt": "c\n"})
	clone := t.TempDir()
	r.Git("clone", "-q", "--depth", "1", "file://"+r.Dir, clone)
	state := filepath.Join(t.TempDir(), "state.json")
	rep := sinceScan(t, exitClean, "--allow-shallow", "--since-state", state, clone)
	if !noted(rep, "not updated: the history is truncated") {
		t.Errorf("notes %q do not say why the state was not written", rep.Summary.Notes)
	}
	if _, err := os.Stat(state); err == nil {
		t.Error("a truncated history wrote a state")
	}
	// The full history then writes one.
	sinceScan(t, exitClean, "--since-state", state, r.Dir)
	if _, err := os.Stat(state); err != nil {
		t.Errorf("a complete scan wrote no state: %v", err)
	}
}
