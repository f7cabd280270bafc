package scan_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/rules"
	"github.com/tightlip/tightlip/internal/scan"
)

var gitEngine = sync.OnceValues(builtinEngine)

func historyOpts(t *testing.T) scan.Options {
	t.Helper()
	e, err := gitEngine()
	if err != nil {
		t.Fatal(err)
	}
	return scan.Options{Engine: e}
}

func history(t *testing.T, dir string, opts scan.Options) *scan.Result {
	t.Helper()
	res, err := scan.Run(context.Background(), scan.Source{Kind: scan.History, Path: dir}, opts)
	if err != nil {
		t.Fatalf("History(%s): %v", dir, err)
	}
	checkNoLeak(t, res)
	return res
}

// checkNoLeak fails if a problem or note quotes a fake secret: those reach
// every report unredacted.
func checkNoLeak(t *testing.T, res *scan.Result) {
	t.Helper()
	for _, s := range append(append([]string(nil), res.Summary.Problems...), res.Summary.Notes...) {
		if strings.Contains(s, "TLFAKE") {
			t.Errorf("summary line holds a secret: %q", s)
		}
	}
}

// found is what a test asserts about a finding.
type found struct{ file, secret, commit string }

func summarize(fs []finding.Finding) []found {
	var out []found
	for _, f := range fs {
		out = append(out, found{f.File, f.Secret, f.Commit})
	}
	return out
}

func wantFindings(t *testing.T, res *scan.Result, want ...found) {
	t.Helper()
	got := summarize(res.Findings)
	if len(got) != len(want) {
		t.Fatalf("got %d findings %v, want %d %v", len(got), got, len(want), want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestHistoryAddThenDelete(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	tok := gittest.FakeToken("add-then-delete")
	add := r.Commit("add deploy config", map[string]string{"deploy.env": "GITHUB_TOKEN=" + tok + "\n", "README": "hello\n"})
	r.Commit("remove the token", map[string]string{"deploy.env": ""})
	res := history(t, r.Dir, historyOpts(t))
	wantFindings(t, res, found{"deploy.env", tok, add})
	f := res.Findings[0]
	if f.Author != "Dana Dev" || f.Email != "dana@example.com" || f.Subject != "add deploy config" || !f.Date.Equal(gittest.Epoch) {
		t.Errorf("provenance = %q %q %q %v", f.Author, f.Email, f.Subject, f.Date)
	}
	if f.Line != 1 || f.Column != 14 {
		t.Errorf("position = %d:%d, want 1:14", f.Line, f.Column)
	}
	if f.Identity != finding.IdentityOf(f.RuleID, "deploy.env", tok, 0) {
		t.Errorf("identity depends on more than rule, file and secret")
	}
	if s := res.Summary; s.Commits != 2 || s.FilesScanned != 2 || s.Incomplete || len(s.Problems) > 0 {
		t.Errorf("summary = %+v", s)
	}
}

func TestHistoryRename(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	tok := gittest.FakeToken("rename")
	add := r.Commit("add", map[string]string{"old/conf.ini": "token = " + tok + "\n"})
	r.Git("mv", "old", "new")
	mv := r.Commit("move config", nil)
	res := history(t, r.Dir, historyOpts(t))
	// The secret is at two paths in history: one finding for each, the
	// new path attributed to the commit that put it there.
	wantFindings(t, res, found{"new/conf.ini", tok, mv}, found{"old/conf.ini", tok, add})
	if res.Summary.FilesScanned != 1 {
		t.Errorf("FilesScanned = %d, want 1: a renamed blob is scanned once", res.Summary.FilesScanned)
	}
}

func TestHistorySameSecretTwoFiles(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	tok := gittest.FakeToken("two-files")
	c := r.Commit("add", map[string]string{"a.env": "T=" + tok + "\n", "b.env": "T=" + tok + "\n# b\n"})
	res := history(t, r.Dir, historyOpts(t))
	wantFindings(t, res, found{"a.env", tok, c}, found{"b.env", tok, c})
}

func TestHistoryEditFarFromSecret(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	tok := gittest.FakeToken("edit-far")
	body := func(edit string) string {
		return gittest.Lines(1, 4) + "token: " + tok + "\n" + gittest.Lines(6, 300) + edit + gittest.Lines(306, 100)
	}
	add := r.Commit("add", map[string]string{"app.yml": body("")})
	r.Commit("edit once", map[string]string{"app.yml": body("retries: 3\n")})
	r.Commit("edit twice", map[string]string{"app.yml": body("retries: 4\n")})
	res := history(t, r.Dir, historyOpts(t))
	wantFindings(t, res, found{"app.yml", tok, add})
	if res.Findings[0].Line != 5 {
		t.Errorf("line = %d, want 5", res.Findings[0].Line)
	}
}

func TestHistoryLargeFileEditedOften(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	tok := gittest.FakeToken("large")
	lines := strings.SplitAfter(gittest.Lines(1, 5000), "\n")
	lines = lines[:len(lines)-1]
	lines[9] = "password_token = " + tok + "\n"
	full := int64(len(strings.Join(lines, "")))
	const edits = 20
	// One git fast-import for the 21 commits, not two git processes each.
	stream := gittest.ImportCommit("refs/heads/main", 1, 0, "add", "", nil, map[string]string{"big.txt": strings.Join(lines, "")})
	for i := range edits {
		lines[1000+200*i] = "edited in commit " + string(rune('a'+i)) + "\n"
		stream += gittest.ImportCommit("refs/heads/main", i+2, i+1, "edit", fmt.Sprintf(":%d", i+1), nil, map[string]string{"big.txt": strings.Join(lines, "")})
	}
	r.Import(stream)
	first := r.Git("rev-parse", fmt.Sprintf("main~%d", edits))
	res := history(t, r.Dir, historyOpts(t))
	wantFindings(t, res, found{"big.txt", tok, first})
	s := res.Summary
	if s.FilesScanned != edits+1 {
		t.Errorf("FilesScanned = %d, want %d", s.FilesScanned, edits+1)
	}
	// One whole scan, then only the edited regions (a few dozen lines
	// each): far less than the sum of every version's size.
	if limit := full + full/4; s.BytesScanned > limit {
		t.Errorf("BytesScanned = %d, want at most %d (all versions: %d)", s.BytesScanned, limit, full*(edits+1))
	}
}

// A blob over the size limit is skipped and counted, loose or packed, and
// what is under it is still scanned.
func TestHistoryBlobOverSizeLimit(t *testing.T) {
	t.Parallel()
	for _, packed := range []bool{false, true} {
		t.Run(map[bool]string{false: "loose", true: "packed"}[packed], func(t *testing.T) {
			r := gittest.New(t)
			small, big := gittest.FakeToken("small"), gittest.FakeToken("big")
			first := r.Commit("add", map[string]string{
				"small.env": "TOKEN=" + small + "\n",
				"big.env":   "TOKEN=" + big + "\n" + strings.Repeat("x = 1\n", 50_000),
			})
			if packed {
				r.Git("gc", "-q")
			}
			opts := historyOpts(t)
			opts.MaxFileSize = 100_000
			res := history(t, r.Dir, opts)
			wantFindings(t, res, found{"small.env", small, first})
			if got := res.Summary.Skipped[scan.SkipTooLarge]; got != 1 {
				t.Errorf("skipped as too large: %d, want 1 (%v)", got, res.Summary.Skipped)
			}
		})
	}
}

func TestHistoryMergeOfTwoBranchesAddingTheSecret(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	tok := gittest.FakeToken("merge")
	r.Commit("base", map[string]string{"README": "hi\n"})
	r.Git("checkout", "-q", "-b", "left")
	left := r.Commit("left adds it", map[string]string{"svc.env": "A=1\nTOKEN=" + tok + "\n"})
	r.Git("checkout", "-q", "main")
	r.Git("checkout", "-q", "-b", "right")
	r.Commit("right adds it too", map[string]string{"svc.env": "B=2\nTOKEN=" + tok + "\n"})
	r.Git("checkout", "-q", "left")
	// The files conflict; the merge's resolution keeps both sides.
	r.Git("merge", "-q", "-s", "ours", "--no-commit", "right")
	r.Write("svc.env", "A=1\nB=2\nTOKEN="+tok+"\n")
	r.Git("add", "svc.env")
	r.Git("commit", "-q", "-m", "merge right")
	r.Tick()
	res := history(t, r.Dir, historyOpts(t))
	// Both branch commits introduced it; the older one (by generation,
	// then date) keeps the finding.
	wantFindings(t, res, found{"svc.env", tok, left})
}

func TestHistorySecretOnlyOnATag(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	tok := gittest.FakeToken("tag")
	r.Commit("base", map[string]string{"README": "hi\n"})
	r.Git("checkout", "-q", "-b", "release")
	tagged := r.Commit("release build", map[string]string{"ci.env": "GH=" + tok + "\n"})
	r.Git("tag", "-a", "v1.0.0", "-m", "release v1.0.0")
	r.Git("checkout", "-q", "main")
	r.Git("branch", "-q", "-D", "release")
	res := history(t, r.Dir, historyOpts(t))
	wantFindings(t, res, found{"ci.env", tok, tagged})

	opts := historyOpts(t)
	opts.Branch = "main"
	res = history(t, r.Dir, opts)
	wantFindings(t, res)
	if res.Summary.Commits != 1 {
		t.Errorf("--branch main walked %d commits, want 1", res.Summary.Commits)
	}
	opts.Branch = "v1.0.0"
	wantFindings(t, history(t, r.Dir, opts), found{"ci.env", tok, tagged})
}

func TestHistoryStash(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	older, newer := gittest.FakeToken("stash-older"), gittest.FakeToken("stash-newer")
	r.Commit("base", map[string]string{"app.env": "X=1\n"})
	r.Write("app.env", "X=1\nTOKEN="+older+"\n")
	r.Git("stash", "-q")
	r.Tick()
	r.Write("app.env", "X=1\nOTHER="+newer+"\n")
	r.Git("stash", "-q")
	r.Tick()
	res := history(t, r.Dir, historyOpts(t))
	// refs/stash is the newer entry; the older one is only in the reflog.
	var secrets []string
	for _, f := range res.Findings {
		secrets = append(secrets, f.Secret)
		if f.Commit == "" || !strings.HasPrefix(f.Subject, "WIP on main") && !strings.HasPrefix(f.Subject, "index on main") {
			t.Errorf("finding attributed to %q %q, want a stash commit", f.Commit, f.Subject)
		}
	}
	if len(secrets) != 2 || !contains(secrets, older) || !contains(secrets, newer) {
		t.Errorf("found %d stashed secrets, want both", len(secrets))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestHistoryShallowClone(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	tok := gittest.FakeToken("shallow")
	r.Commit("one", map[string]string{"a.env": "T=" + tok + "\n"})
	r.Commit("two", map[string]string{"b.txt": "b\n"})
	head := r.Commit("three", map[string]string{"c.txt": "c\n"})
	clone := t.TempDir()
	r.Git("clone", "-q", "--depth", "1", "file://"+r.Dir, clone)
	// By default a truncated history is an incomplete scan: it did not read
	// what --history asks for.
	res := history(t, clone, historyOpts(t))
	// The oldest commit present stands in for the ones the clone lacks.
	wantFindings(t, res, found{"a.env", tok, head})
	s := res.Summary
	if !s.Incomplete || len(s.Problems) != 1 || !strings.Contains(s.Problems[0], "truncated") || !strings.Contains(s.Problems[0], "--allow-shallow") {
		t.Errorf("incomplete=%v problems=%q, want incomplete with one problem saying history is truncated", s.Incomplete, s.Problems)
	}

	// Accepted knowingly, it is a note.
	opts := historyOpts(t)
	opts.AllowShallow = true
	res = history(t, clone, opts)
	wantFindings(t, res, found{"a.env", tok, head})
	s = res.Summary
	if len(s.Notes) != 1 || !strings.Contains(s.Notes[0], "truncated") {
		t.Errorf("notes = %q, want one saying history is truncated", s.Notes)
	}
	if s.Incomplete || len(s.Problems) > 0 {
		t.Errorf("with AllowShallow: incomplete=%v problems=%q, want a note only", s.Incomplete, s.Problems)
	}
}

func TestHistoryCorruptAndMissingObjects(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	ok, corrupt, missing := gittest.FakeToken("ok"), gittest.FakeToken("corrupt"), gittest.FakeToken("missing")
	c := r.Commit("add", map[string]string{
		"ok.env":      "T=" + ok + "\n",
		"corrupt.env": "T=" + corrupt + "\n",
		"missing.env": "T=" + missing + "\n",
	})
	corruptBlob := r.Git("rev-parse", "HEAD:corrupt.env")
	missingBlob := r.Git("rev-parse", "HEAD:missing.env")
	p := r.ObjectPath(corruptBlob)
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte("this is not a zlib stream"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(r.ObjectPath(missingBlob)); err != nil {
		t.Fatal(err)
	}
	res := history(t, r.Dir, historyOpts(t))
	wantFindings(t, res, found{"ok.env", ok, c})
	s := res.Summary
	if !s.Incomplete || s.Skipped[scan.SkipMissing] != 2 || len(s.Problems) != 2 {
		t.Fatalf("incomplete=%v skipped=%v problems=%q, want both objects named", s.Incomplete, s.Skipped, s.Problems)
	}
	problems := strings.Join(s.Problems, "\n")
	for _, want := range []string{"corrupt.env", corruptBlob, "missing.env", missingBlob, "missing"} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems %q do not mention %s", s.Problems, want)
		}
	}
}

func TestHistoryMissingCommit(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	tok := gittest.FakeToken("missing-commit")
	first := r.Commit("one", map[string]string{"a.txt": "a\n"})
	second := r.Commit("two", map[string]string{"b.env": "T=" + tok + "\n"})
	if err := os.Remove(r.ObjectPath(first)); err != nil {
		t.Fatal(err)
	}
	res := history(t, r.Dir, historyOpts(t))
	// The parent is gone: the commit is compared with nothing, so
	// everything in it counts as new there.
	wantFindings(t, res, found{"b.env", tok, second})
	if s := res.Summary; !s.Incomplete || len(s.Problems) != 1 || !strings.Contains(s.Problems[0], first) {
		t.Errorf("incomplete=%v problems=%q, want the missing commit named", s.Incomplete, s.Problems)
	}
}

func TestHistoryLFSPointerAndSubmodule(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	pointer := "version https://git-lfs.github.com/spec/v1\n" +
		"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
	c := r.Commit("add", map[string]string{"assets/model.onnx": pointer})
	r.Git("update-index", "--add", "--cacheinfo", "160000,"+c+",vendor/lib")
	r.Git("commit", "-q", "-m", "add submodule")
	r.Tick()
	res := history(t, r.Dir, historyOpts(t))
	wantFindings(t, res)
	s := res.Summary
	if s.Skipped[scan.SkipLFS] != 1 || s.Skipped[scan.SkipSubmodule] != 1 || len(s.Problems) > 0 {
		t.Errorf("skipped=%v problems=%q, want one LFS pointer and one submodule", s.Skipped, s.Problems)
	}
}

func TestHistoryEmptyRepository(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	res := history(t, r.Dir, historyOpts(t))
	if len(res.Findings) > 0 || res.Summary.Commits != 0 || len(res.Summary.Problems) > 0 {
		t.Errorf("empty repository: %d findings, summary %+v", len(res.Findings), res.Summary)
	}
}

func TestHistoryNotARepository(t *testing.T) {
	t.Parallel()
	_, err := scan.Run(context.Background(), scan.Source{Kind: scan.History, Path: t.TempDir()}, historyOpts(t))
	if err == nil || !strings.Contains(err.Error(), "not a git repository") {
		t.Errorf("err = %v, want one saying it is not a git repository", err)
	}
}

func TestHistoryPartialClone(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	small, big := gittest.FakeToken("partial-small"), gittest.FakeToken("partial-big")
	c := r.Commit("add", map[string]string{
		"small.env": "T=" + small + "\n",
		"big.env":   "T=" + big + "\n" + gittest.Lines(1, 100),
	})
	r.Git("config", "uploadpack.allowFilter", "true")
	clone := t.TempDir()
	// Blobs over 1 KiB stay on the server; --no-checkout keeps git from
	// fetching them for the work tree.
	r.Git("clone", "-q", "--no-checkout", "--filter=blob:limit=1k", "file://"+r.Dir, clone)
	res := history(t, clone, historyOpts(t))
	wantFindings(t, res, found{"small.env", small, c})
	s := res.Summary
	if !s.Incomplete || len(s.Problems) != 1 || !strings.Contains(s.Problems[0], "big.env") || !strings.Contains(s.Problems[0], "missing") {
		t.Errorf("incomplete=%v problems=%q, want big.env's blob named as missing", s.Incomplete, s.Problems)
	}
	if len(s.Notes) != 1 || !strings.Contains(s.Notes[0], "partial clone") {
		t.Errorf("notes = %q, want one about the partial clone", s.Notes)
	}
}

// A history scan counts what a configuration's allowlists drop, and names
// the configuration's allowlist when it skips a path, as a tree scan does.
func TestHistoryAllowlistsCounted(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	tok := gittest.FakeToken("allowlisted-in-history")
	r.Commit("add", map[string]string{
		"deploy.env":          "GITHUB_TOKEN=" + tok + "\n",
		"fixtures/deploy.env": "GITHUB_TOKEN=" + tok + "x\n",
	})
	cfg, err := config.Parse("c.toml", []byte("[[allowlists]]\nregexes = ['''.''']\n[[allowlists]]\npaths = ['''^fixtures/''']\n"))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res := history(t, r.Dir, scan.Options{Engine: detect.New(set)})
	wantFindings(t, res)
	if n := res.Summary.Suppressed["c.toml: [[allowlists]] #1 (regexes)"]; n != 1 {
		t.Errorf("Suppressed = %v, want the token in deploy.env counted", res.Summary.Suppressed)
	}
	if n := res.Summary.Skipped[scan.SkipAllowlisted+" by c.toml: [[allowlists]] #2"]; n != 1 {
		t.Errorf("Skipped = %v, want fixtures/deploy.env counted", res.Summary.Skipped)
	}
}
