package scan_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/scan"
)

// Secrets in these tests are gittest.FakeToken values: TLFAKE marks them
// fake, and they are made at run time.

func incremental(t *testing.T, since *scan.HistoryState, rules string) scan.Options {
	t.Helper()
	opts := historyOpts(t)
	opts.Since, opts.SinceName, opts.RulesDigest, opts.Remember = since, "state.json", rules, true
	return opts
}

func hasNote(res *scan.Result, part string) bool {
	return slices.ContainsFunc(res.Summary.Notes, func(n string) bool { return strings.Contains(n, part) })
}

// twoBranches makes main (two commits, a secret in the first) and topic
// (one more commit off main's first).
func twoBranches(t *testing.T) (r *gittest.Repo, oldTok, oldCommit string) {
	r = gittest.New(t)
	oldTok = gittest.FakeToken("state-old")
	oldCommit = r.Commit("add config", map[string]string{"app.env": "TOKEN=" + oldTok + "\n", "README": gittest.Lines(1, 30)})
	r.Git("branch", "topic")
	r.Commit("edit readme", map[string]string{"README": gittest.Lines(1, 31)})
	r.Git("checkout", "-q", "topic")
	r.Commit("topic work", map[string]string{"notes.txt": gittest.Lines(100, 5)})
	r.Git("checkout", "-q", "main")
	return r, oldTok, oldCommit
}

func TestSinceStateReadsOnlyNewCommits(t *testing.T) {
	t.Parallel()
	r, oldTok, oldCommit := twoBranches(t)
	first := history(t, r.Dir, incremental(t, nil, "rules-A"))
	wantFindings(t, first, found{"app.env", oldTok, oldCommit})
	if first.State == nil || first.Summary.Commits != 3 {
		t.Fatalf("first scan: state %v, %d commits; want a state after 3 commits", first.State, first.Summary.Commits)
	}
	if len(first.State.Tips) != 2 || len(first.State.Roots) != 1 || first.State.Roots[0] != oldCommit {
		t.Errorf("first state = %+v, want the two branch tips and root %s", first.State, oldCommit)
	}

	// New commits on both branches, each with a new secret; main's also
	// edits the file that holds the old one.
	mainTok, topicTok := gittest.FakeToken("state-main"), gittest.FakeToken("state-topic")
	mainCommit := r.Commit("rotate", map[string]string{"app.env": "TOKEN=" + oldTok + "\nOTHER=" + mainTok + "\n"})
	r.Commit("more readme", map[string]string{"README": gittest.Lines(1, 32)})
	r.Git("checkout", "-q", "topic")
	topicCommit := r.Commit("topic key", map[string]string{"deploy/key.env": "KEY=" + topicTok + "\n"})
	r.Git("checkout", "-q", "main")

	second := history(t, r.Dir, incremental(t, first.State, "rules-A"))
	if second.Summary.Commits != 3 {
		t.Errorf("second scan walked %d commits, want the 3 new ones", second.Summary.Commits)
	}
	if !hasNote(second, "history: 3 commits already scanned (state state.json), 3 new") {
		t.Errorf("notes %q do not say what was skipped", second.Summary.Notes)
	}
	// The old secret is in the context of main's edit: it is found again,
	// attributed to the edit (the baseline's job is to drop it).
	for _, f := range second.Findings {
		if f.Commit == oldCommit {
			t.Errorf("finding attributed to an already scanned commit: %+v", f)
		}
	}
	var got []string
	for _, f := range second.Findings {
		if f.Secret != oldTok {
			got = append(got, f.Secret+"@"+f.Commit)
		}
	}
	slices.Sort(got)
	want := []string{mainTok + "@" + mainCommit, topicTok + "@" + topicCommit}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("new findings %v, want %v", got, want)
	}
	if second.State == nil || second.State.Commits != 6 || len(second.State.Tips) != 2 {
		t.Fatalf("second state = %+v, want 6 commits and the 2 new tips", second.State)
	}

	// Nothing new: nothing read.
	third := history(t, r.Dir, incremental(t, second.State, "rules-A"))
	if third.Summary.Commits != 0 || len(third.Findings) != 0 || third.Summary.BytesScanned != 0 {
		t.Errorf("unchanged repository: %d commits, %d findings, %d bytes scanned; want none",
			third.Summary.Commits, len(third.Findings), third.Summary.BytesScanned)
	}
	// Without the state, the same repository is scanned whole.
	full := history(t, r.Dir, historyOpts(t))
	if full.Summary.Commits != 6 {
		t.Errorf("full scan walked %d commits, want 6", full.Summary.Commits)
	}
}

func TestSinceStateRewrittenHistory(t *testing.T) {
	t.Parallel()
	r, oldTok, oldCommit := twoBranches(t)
	first := history(t, r.Dir, incremental(t, nil, "rules-A"))
	// Force-push main: its tip is replaced, and gc removes it.
	r.Git("reset", "-q", "--hard", "HEAD~1")
	r.Tick()
	newTok := gittest.FakeToken("state-rewritten")
	rewritten := r.Commit("rewritten", map[string]string{"other.env": "TOKEN=" + newTok + "\n"})
	r.Git("reflog", "expire", "--expire=now", "--all")
	r.Git("gc", "-q", "--prune=now")

	res := history(t, r.Dir, incremental(t, first.State, "rules-A"))
	if !hasNote(res, "1 of its 2 commits are no longer in the repository") {
		t.Errorf("notes %q do not say a recorded tip is gone", res.Summary.Notes)
	}
	// The rewritten commit is scanned; the root, which topic's recorded
	// tip still reaches, is not.
	wantFindings(t, res, found{"other.env", newTok, rewritten})
	if res.Summary.Commits != 1 {
		t.Errorf("walked %d commits, want 1", res.Summary.Commits)
	}

	// Every recorded tip gone (topic deleted too): the root is read again.
	r.Git("branch", "-D", "topic")
	r.Git("reflog", "expire", "--expire=now", "--all")
	r.Git("gc", "-q", "--prune=now")
	stale := *first.State
	res = history(t, r.Dir, incremental(t, &stale, "rules-A"))
	wantFindings(t, res, found{"app.env", oldTok, oldCommit}, found{"other.env", newTok, rewritten})
	if !hasNote(res, "2 of its 2 commits are no longer in the repository") || hasNote(res, "already scanned") {
		t.Errorf("notes %q: want the recorded tips gone, and nothing said to be already scanned", res.Summary.Notes)
	}
}

func TestSinceStateRulesChanged(t *testing.T) {
	t.Parallel()
	r, oldTok, oldCommit := twoBranches(t)
	first := history(t, r.Dir, incremental(t, nil, "rules-A"))
	res := history(t, r.Dir, incremental(t, first.State, "rules-B"))
	wantFindings(t, res, found{"app.env", oldTok, oldCommit})
	if res.Summary.Commits != 3 || !hasNote(res, "written with other rules") {
		t.Errorf("rules changed: %d commits, notes %q; want all 3 and a note", res.Summary.Commits, res.Summary.Notes)
	}
	if res.State == nil || res.State.Rules != "rules-B" || res.State.Commits != 3 {
		t.Errorf("new state = %+v, want rules-B after 3 commits", res.State)
	}
}

func TestSinceStateOtherRepository(t *testing.T) {
	t.Parallel()
	a, _, _ := twoBranches(t)
	stateA := history(t, a.Dir, incremental(t, nil, "rules-A")).State
	b := gittest.New(t)
	tok := gittest.FakeToken("state-other-repo")
	c := b.Commit("b's own", map[string]string{"b.env": "TOKEN=" + tok + "\n"})
	res := history(t, b.Dir, incremental(t, stateA, "rules-A"))
	wantFindings(t, res, found{"b.env", tok, c})
	if !hasNote(res, "is another repository's") {
		t.Errorf("notes %q do not say the state is another repository's", res.Summary.Notes)
	}
	if res.State == nil || slices.Contains(res.State.Roots, stateA.Roots[0]) {
		t.Errorf("new state %+v keeps the other repository's root", res.State)
	}
}

func TestSinceStateNotAdvancedByIncompleteScan(t *testing.T) {
	t.Parallel()
	r, _, _ := twoBranches(t)
	first := history(t, r.Dir, incremental(t, nil, "rules-A"))
	tok := gittest.FakeToken("state-incomplete")
	r.Commit("new file", map[string]string{"lost.env": "TOKEN=" + tok + "\n"})
	blob := r.Git("rev-parse", "HEAD:lost.env")
	if err := os.Remove(r.ObjectPath(blob)); err != nil {
		t.Fatal(err)
	}
	res := history(t, r.Dir, incremental(t, first.State, "rules-A"))
	if !res.Summary.Incomplete || res.State != nil {
		t.Errorf("a scan missing a blob: incomplete %v, state %+v; want incomplete and no state", res.Summary.Incomplete, res.State)
	}
}

func TestParseHistoryState(t *testing.T) {
	t.Parallel()
	good := `{"tightlip_history_state": 1, "rules": "r", "roots": [], "tips": ["` + strings.Repeat("ab", 20) + `"], "commits": 3}`
	if s, err := scan.ParseHistoryState([]byte(good)); err != nil || len(s.Tips) != 1 || s.Commits != 3 {
		t.Fatalf("ParseHistoryState(good) = %+v, %v", s, err)
	}
	for name, in := range map[string]string{
		"empty":        ``,
		"not json":     `TLFAKE secret text`,
		"array":        `[1, 2]`,
		"no format":    `{"rules": "r"}`,
		"future":       `{"tightlip_history_state": 2, "rules": "r"}`,
		"no rules":     `{"tightlip_history_state": 1}`,
		"short hash":   `{"tightlip_history_state": 1, "rules": "r", "tips": ["abc"]}`,
		"upper hash":   `{"tightlip_history_state": 1, "rules": "r", "tips": ["` + strings.Repeat("AB", 20) + `"]}`,
		"bad root":     `{"tightlip_history_state": 1, "rules": "r", "roots": ["../../etc/passwd"]}`,
		"unknown":      `{"tightlip_history_state": 1, "rules": "r", "TLFAKE": 1}`,
		"wrong type":   `{"tightlip_history_state": "1", "rules": "r"}`,
		"negative":     `{"tightlip_history_state": 1, "rules": "r", "commits": -1}`,
		"huge count":   `{"tightlip_history_state": 1, "rules": "r", "commits": 9223372036854775807}`,
		"overflow":     `{"tightlip_history_state": 1, "rules": "r", "commits": 1e30}`,
		"two values":   good + good,
		"truncated":    good[:len(good)-5],
		"long digest":  `{"tightlip_history_state": 1, "rules": "` + strings.Repeat("r", 200) + `"}`,
		"nested array": `{"tightlip_history_state": 1, "rules": "r", "tips": [["x"]]}`,
	} {
		s, err := scan.ParseHistoryState([]byte(in))
		if err == nil {
			t.Errorf("%s: ParseHistoryState accepted %+v", name, s)
			continue
		}
		if strings.Contains(err.Error(), "TLFAKE") || strings.Contains(err.Error(), "passwd") {
			t.Errorf("%s: error quotes the file: %v", name, err)
		}
	}
}

func FuzzParseHistoryState(f *testing.F) {
	f.Add([]byte(`{"tightlip_history_state": 1, "rules": "r", "roots": [], "tips": [], "commits": 0}`))
	f.Add([]byte(`{"tightlip_history_state": 1, "rules": "r", "tips": ["` + strings.Repeat("0", 40) + `"]}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scan.ParseHistoryState(data)
		if err != nil {
			return
		}
		// What parses writes back to something that parses the same.
		again, err := scan.ParseHistoryState(s.Marshal())
		if err != nil {
			t.Fatalf("Marshal of a parsed state does not parse: %v", err)
		}
		if !slices.Equal(again.Tips, s.Tips) || !slices.Equal(again.Roots, s.Roots) || again.Rules != s.Rules || again.Commits != s.Commits {
			t.Fatalf("round trip changed the state: %+v, %+v", s, again)
		}
	})
}
