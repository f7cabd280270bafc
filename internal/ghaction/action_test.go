package ghaction

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/testbin"
)

// tightlipBin is the tightlip executable the action runs, built once.
var tightlipBin string

func TestMain(m *testing.M) {
	var err error
	if tightlipBin, err = testbin.Build("github.com/tightlip/tightlip/cmd/tightlip", "tightlip"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

// gitEnv makes commits reproducible and keeps the user's git config out.
var gitEnv = []string{
	"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com",
	"GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.com",
	"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
	// No git maintenance process after each commit.
	"GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=maintenance.auto", "GIT_CONFIG_VALUE_0=false",
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), gitEnv...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// project is a bare "origin" as GitHub holds it and a developer's clone
// that pushes to it.
type project struct {
	t           *testing.T
	origin, dev string
}

func newProject(t *testing.T) *project {
	root := t.TempDir()
	p := &project{t: t, origin: filepath.Join(root, "origin.git"), dev: filepath.Join(root, "dev")}
	git(t, root, "init", "-q", "--bare", "-b", "main", p.origin)
	// GitHub serves any commit reachable from a ref by its ID.
	git(t, p.origin, "config", "uploadpack.allowReachableSHA1InWant", "true")
	git(t, root, "init", "-q", "-b", "main", p.dev)
	git(t, p.dev, "remote", "add", "origin", p.origin)
	p.commit("base", map[string]string{
		".gitignore": ".env\n*.pem\n*.key\n*.p12\n*.pfx\n*.jks\n*.keystore\n.npmrc\n.pypirc\n.netrc\n.pgpass\n*.tfstate\n*.tfvars\nid_rsa\nid_ed25519\nid_ecdsa\nid_dsa\n*.ovpn\n.htpasswd\ncredentials.json\nservice-account*.json\nsecrets.yaml\nsecrets.yml\n*.kdbx\n.docker/config.json\n.git-credentials\n",
		"README.md":  "a project\n",
	})
	git(t, p.dev, "push", "-q", "origin", "main")
	return p
}

func (p *project) commit(msg string, files map[string]string) string {
	for name, content := range files {
		path := filepath.Join(p.dev, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			p.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
	git(p.t, p.dev, "add", "-A")
	git(p.t, p.dev, "commit", "-q", "-m", msg)
	return git(p.t, p.dev, "rev-parse", "HEAD")
}

// checkout clones ref from origin as actions/checkout does by default:
// one commit deep.
func (p *project) checkout(ref string) string {
	ws := filepath.Join(p.t.TempDir(), "ws")
	git(p.t, filepath.Dir(ws), "clone", "-q", "--depth=1", "--branch", ref, "file://"+p.origin, ws)
	return ws
}

type actionRun struct {
	code                    int
	stdout, stderr, summary string
	outputs                 map[string]string
	sarif                   []byte
}

func runAction(t *testing.T, ws, event string, payload any, inputs map[string]string) actionRun {
	t.Helper()
	tmp := t.TempDir()
	eventPath := filepath.Join(tmp, "event.json")
	data, _ := json.Marshal(payload)
	if err := os.WriteFile(eventPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"GITHUB_EVENT_NAME":   event,
		"GITHUB_EVENT_PATH":   eventPath,
		"GITHUB_STEP_SUMMARY": filepath.Join(tmp, "summary.md"),
		"GITHUB_OUTPUT":       filepath.Join(tmp, "output"),
		"RUNNER_TEMP":         tmp,
		"INPUT_PATH":          ws,
	}
	for k, v := range inputs {
		env["INPUT_"+k] = v
	}
	var out, errb bytes.Buffer
	code := Run(context.Background(), Env{Tightlip: tightlipBin, Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &errb})
	r := actionRun{code: code, stdout: out.String(), stderr: errb.String(), outputs: map[string]string{}}
	if s, err := os.ReadFile(env["GITHUB_STEP_SUMMARY"]); err == nil {
		r.summary = string(s)
	}
	if o, err := os.ReadFile(env["GITHUB_OUTPUT"]); err == nil {
		for _, l := range strings.Split(strings.TrimSpace(string(o)), "\n") {
			if k, v, ok := strings.Cut(l, "="); ok {
				r.outputs[k] = v
			}
		}
	}
	if p := r.outputs["sarif"]; p != "" {
		r.sarif, _ = os.ReadFile(p)
	}
	return r
}

func (r actionRun) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s\nsummary:\n%s\noutputs: %v", r.code, r.stdout, r.stderr, r.summary, r.outputs)
}

func prEvent(base, head string, commits int) map[string]any {
	return map[string]any{"pull_request": map[string]any{
		"commits": commits, "base": map[string]any{"sha": base, "ref": "main"}, "head": map[string]any{"sha": head},
	}}
}

func noLeak(t *testing.T, r actionRun, secret string) {
	t.Helper()
	for name, s := range map[string]string{"stdout": r.stdout, "stderr": r.stderr, "summary": r.summary, "sarif": string(r.sarif)} {
		if strings.Contains(s, secret) {
			t.Errorf("%s shows the secret in full", name)
		}
	}
}

func TestPullRequestOnDepthOneClone(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	for i := range 20 {
		p.commit(fmt.Sprint("history ", i), map[string]string{"history.txt": gittest.Lines(i, 3)})
	}
	git(t, p.dev, "push", "-q", "origin", "main")
	// main moves on after the branch starts, so the branch's base is not
	// the event's base.
	git(t, p.dev, "checkout", "-q", "-b", "feature")
	tok := gittest.FakeToken("action-pr")
	p.commit("add config", map[string]string{"deploy.yaml": "token: " + tok + "\n"})
	p.commit("more", map[string]string{"notes.txt": gittest.Lines(1, 5)})
	head := git(t, p.dev, "rev-parse", "HEAD")
	git(t, p.dev, "push", "-q", "origin", "feature")
	git(t, p.dev, "checkout", "-q", "main")
	moved := p.commit("main moves on", map[string]string{"other.txt": gittest.Lines(1, 3)})
	git(t, p.dev, "push", "-q", "origin", "main")

	ws := p.checkout("feature")
	r := runAction(t, ws, "pull_request", prEvent(moved, head, 2), nil)
	if r.code != 1 {
		t.Fatalf("want exit 1 for a pull request adding a token\n%s", r)
	}
	if !strings.Contains(r.stdout, "::error title=tightlip github-pat,file=deploy.yaml,line=1::") {
		t.Errorf("no annotation on deploy.yaml:1\n%s", r)
	}
	if r.outputs["findings"] != "1" || r.outputs["exit-code"] != "1" || len(r.sarif) == 0 {
		t.Errorf("outputs %v, SARIF %d bytes", r.outputs, len(r.sarif))
	}
	for _, want := range []string{"| error | github-pat | deploy.yaml:1 |", "the base commit " + moved[:12], "the commits " + moved[:12] + ".." + head[:12]} {
		if !strings.Contains(r.summary, want) {
			t.Errorf("summary lacks %q\n%s", want, r)
		}
	}
	noLeak(t, r, tok)
	// The checkout was deepened to the branch point, not unshallowed.
	if got := git(t, ws, "rev-parse", "--is-shallow-repository"); got != "true" {
		t.Errorf("the clone is no longer shallow: the action fetched the whole history")
	}
}

func TestPullRequestAddingNothingPasses(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	base := git(t, p.dev, "rev-parse", "HEAD")
	git(t, p.dev, "checkout", "-q", "-b", "feature")
	head := p.commit("docs", map[string]string{"docs.md": gittest.Lines(1, 10)})
	git(t, p.dev, "push", "-q", "origin", "feature")
	r := runAction(t, p.checkout("feature"), "pull_request", prEvent(base, head, 1), nil)
	if r.code != 0 || r.outputs["findings"] != "0" || !strings.Contains(r.summary, "no findings") {
		t.Errorf("want a clean pass\n%s", r)
	}
}

// A pull request that adds a configuration disabling every rule, and an
// allowlist for its own token, is still scanned with the base's
// configuration, and the summary says it changed the configuration.
func TestPullRequestCannotSilenceItself(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	base := git(t, p.dev, "rev-parse", "HEAD")
	git(t, p.dev, "checkout", "-q", "-b", "feature")
	tok := gittest.FakeToken("action-silence")
	head := p.commit("quiet", map[string]string{
		".tightlip.toml": "[extend]\nuseDefault = false\n\n[allowlist]\npaths = ['''.''']\nregexes = ['''.''']\n",
		"baseline.json":  `{"findings": [], "summary": {}}`,
		"deploy.yaml":    "token: " + tok + "\n",
	})
	git(t, p.dev, "push", "-q", "origin", "feature")
	ws := p.checkout("feature")
	r := runAction(t, ws, "pull_request", prEvent(base, head, 1), nil)
	if r.code != 1 || !strings.Contains(r.stdout, "file=deploy.yaml") {
		t.Errorf("the pull request's own configuration silenced it\n%s", r)
	}
	if !strings.Contains(r.summary, "changes the configuration (.tightlip.toml)") {
		t.Errorf("the summary does not say the pull request changes the configuration\n%s", r)
	}
	noLeak(t, r, tok)

	// Nor can it bring a baseline: the base has none, so none applies.
	r = runAction(t, ws, "pull_request", prEvent(base, head, 1), map[string]string{"BASELINE": "baseline.json"})
	if r.code != 1 || !strings.Contains(r.summary, "has no baseline baseline.json: none applies") {
		t.Errorf("a baseline only the pull request has must not apply\n%s", r)
	}

	// config-from: head is the owner's explicit choice to trust it.
	r = runAction(t, ws, "pull_request", prEvent(base, head, 1), map[string]string{"CONFIG_FROM": "head"})
	if r.code == 1 || !strings.Contains(r.summary, "config-from: head") {
		t.Errorf("config-from head: want the pull request's configuration applied and named\n%s", r)
	}
}

func TestRangeThatCannotBeFetchedFails(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	git(t, p.dev, "checkout", "-q", "-b", "feature")
	head := p.commit("x", map[string]string{"x.txt": "x\n"})
	git(t, p.dev, "push", "-q", "origin", "feature")
	gone := strings.Repeat("1234abcd", 5)
	r := runAction(t, p.checkout("feature"), "pull_request", prEvent(gone, head, 1), nil)
	if r.code != 2 || !strings.Contains(r.stdout, "::error title=tightlip::fetch base commit "+gone) {
		t.Errorf("want exit 2 naming the base that could not be fetched\n%s", r)
	}
	if r.outputs["exit-code"] == "0" {
		t.Errorf("outputs say the scan passed: %v", r.outputs)
	}
}

func TestPushEvents(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	before := git(t, p.dev, "rev-parse", "HEAD")
	tok := gittest.FakeToken("action-push")
	after := p.commit("add", map[string]string{"app.conf": "API_TOKEN=" + tok + "\n"})
	git(t, p.dev, "push", "-q", "origin", "main")
	push := map[string]any{"before": before, "after": after, "commits": []map[string]any{{"id": after}}, "repository": map[string]any{"default_branch": "main"}}

	t.Run("before..after", func(t *testing.T) {
		r := runAction(t, p.checkout("main"), "push", push, nil)
		if r.code != 1 || !strings.Contains(r.stdout, "file=app.conf") {
			t.Errorf("want the pushed token found\n%s", r)
		}
	})
	t.Run("a new branch: what is not on the default branch", func(t *testing.T) {
		git(t, p.dev, "checkout", "-q", "-b", "topic")
		head := p.commit("topic", map[string]string{"topic.yaml": "token: " + gittest.FakeToken("action-topic") + "\n"})
		git(t, p.dev, "push", "-q", "origin", "topic")
		ev := map[string]any{"before": id0, "after": head, "created": true, "commits": []map[string]any{{"id": head}}, "repository": map[string]any{"default_branch": "main"}}
		r := runAction(t, p.checkout("topic"), "push", ev, nil)
		if r.code != 1 || !strings.Contains(r.stdout, "file=topic.yaml") || strings.Contains(r.stdout, "file=app.conf") {
			t.Errorf("want only the new branch's token\n%s", r)
		}
		if !strings.Contains(r.summary, "new branch") {
			t.Errorf("the summary does not say it is a new branch\n%s", r)
		}
	})
	t.Run("a force-push whose previous head is gone", func(t *testing.T) {
		ev := map[string]any{"before": strings.Repeat("5678efab", 5), "after": after, "forced": true, "commits": []map[string]any{{"id": after}}, "repository": map[string]any{"default_branch": "main"}}
		r := runAction(t, p.checkout("main"), "push", ev, nil)
		if r.code != 1 || !strings.Contains(r.stdout, "file=app.conf") || !strings.Contains(r.summary, "force-push") {
			t.Errorf("want the pushed commits scanned and the force-push said\n%s", r)
		}
	})
}

func TestFailOn(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	base := git(t, p.dev, "rev-parse", "HEAD")
	git(t, p.dev, "checkout", "-q", "-b", "feature")
	head := p.commit("http", map[string]string{"client.yaml": "endpoint: http://billing.internal.corp/v1/charge\n"})
	git(t, p.dev, "push", "-q", "origin", "feature")
	ws := p.checkout("feature")
	warn := runAction(t, ws, "pull_request", prEvent(base, head, 1), nil)
	if warn.code != 1 || !strings.Contains(warn.stdout, "::warning ") {
		t.Fatalf("want a plain-http warning to fail by default\n%s", warn)
	}
	r := runAction(t, ws, "pull_request", prEvent(base, head, 1), map[string]string{"FAIL_ON": "error"})
	if r.code != 0 || r.outputs["findings"] != "1" {
		t.Errorf("fail-on error: a warning must be reported but pass\n%s", r)
	}
	r = runAction(t, ws, "pull_request", prEvent(base, head, 1), map[string]string{"FAIL_ON": "sometimes"})
	if r.code != 2 || !strings.Contains(r.stdout, "input fail-on") {
		t.Errorf("a bad fail-on must be an error naming the input\n%s", r)
	}
}

// actions/checkout checks a pull request's merge commit out
// (refs/pull/N/merge): the range ends there, so that the Go analyzers,
// which analyse the work tree, analyse the range's head.
func TestPullRequestMergeCommitCheckout(t *testing.T) {
	t.Parallel()
	p := newProject(t)
	p.commit("go module", map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "doc.go": "// Package main is a test.\npackage main\n"})
	base := git(t, p.dev, "rev-parse", "HEAD")
	git(t, p.dev, "push", "-q", "origin", "main")
	git(t, p.dev, "checkout", "-q", "-b", "feature")
	head := p.commit("log the key", map[string]string{"main.go": "package main\n\nimport (\n\t\"log\"\n\t\"os\"\n)\n\nfunc main() {\n\tkey := os.Getenv(\"EVERFLOW_API_KEY\")\n\tlog.Printf(\"using key %s\", key)\n}\n"})
	git(t, p.dev, "push", "-q", "origin", "feature")
	git(t, p.dev, "checkout", "-q", "--detach", "main")
	git(t, p.dev, "merge", "-q", "--no-ff", "-m", "Merge feature into main", "feature")
	merge := git(t, p.dev, "rev-parse", "HEAD")
	git(t, p.dev, "push", "-q", "origin", "HEAD:refs/pull/1/merge")

	// As actions/checkout does for a pull request: the merge ref, one deep.
	ws := filepath.Join(t.TempDir(), "ws")
	git(t, filepath.Dir(ws), "init", "-q", ws)
	git(t, ws, "remote", "add", "origin", "file://"+p.origin)
	git(t, ws, "fetch", "-q", "--depth=1", "origin", "+refs/pull/1/merge:refs/remotes/pull/1/merge")
	git(t, ws, "checkout", "-q", "--detach", "refs/remotes/pull/1/merge")

	r := runAction(t, ws, "pull_request", prEvent(base, head, 1), nil)
	if r.code != 1 || !strings.Contains(r.stdout, "secret-in-log,file=main.go,line=10::") {
		t.Fatalf("want exit 1 and the analyzers' secret-in-log on main.go:10\n%s", r)
	}
	for _, want := range []string{"merge commit " + merge[:12], "the commits " + base[:12] + ".." + merge[:12]} {
		if !strings.Contains(r.summary, want) {
			t.Errorf("summary lacks %q\n%s", want, r)
		}
	}
}
