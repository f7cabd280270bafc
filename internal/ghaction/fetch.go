package ghaction

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// Git runs git in a checkout. Remote is the remote to fetch from
// (actions/checkout names it origin).
type Git struct {
	Dir    string
	Remote string
}

func (g Git) run(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", g.Dir}, args...)...)
	// Never ask for credentials on a terminal, never run a tree's hooks.
	cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:] // git's last line says what failed
		}
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, msg)
	}
	return strings.TrimSpace(out.String()), nil
}

func (g Git) has(ctx context.Context, id string) bool {
	_, err := g.run(ctx, "cat-file", "-e", id+"^{commit}")
	return err == nil
}

func (g Git) shallow(ctx context.Context) (bool, error) {
	out, err := g.run(ctx, "rev-parse", "--is-shallow-repository")
	return out == "true", err
}

// fetch fetches refspecs from the remote; depth > 0 limits a shallow
// clone's new history (a full clone stays full).
func (g Git) fetch(ctx context.Context, shallow bool, depth int, refspecs ...string) error {
	args := []string{"fetch", "--no-tags", "--no-recurse-submodules", "--quiet"}
	if shallow && depth > 0 {
		args = append(args, "--depth="+strconv.Itoa(depth))
	}
	args = append(args, g.Remote)
	_, err := g.run(ctx, append(args, refspecs...)...)
	return err
}

// maxDeepen bounds how far Prepare deepens a shallow clone looking for the
// commit where a pull request's branch left its base.
const maxDeepen = 1 << 14

// Prepare makes the checkout hold what the plan scans: for a range, its
// base and head commits and the history between them and their merge
// base; for a history scan, every branch, whole. It fetches nothing more
// and fails, naming what is missing, rather than let a scan of less pass.
func (g Git) Prepare(ctx context.Context, p *Plan) error {
	shallow, err := g.shallow(ctx)
	if err != nil {
		return err
	}
	switch p.Mode {
	case ModeHistory:
		args := []string{"+refs/heads/*:refs/remotes/" + g.Remote + "/*"}
		if shallow {
			_, err = g.run(ctx, append([]string{"fetch", "--no-tags", "--quiet", "--unshallow", g.Remote}, args...)...)
		} else {
			err = g.fetch(ctx, false, 0, args...)
		}
		if err != nil {
			return fmt.Errorf("fetch the whole history for a history scan: %w", err)
		}
		return nil
	case ModeRange:
		return g.prepareRange(ctx, p, shallow)
	}
	return nil
}

func (g Git) prepareRange(ctx context.Context, p *Plan, shallow bool) error {
	depth := p.Commits + 1
	if p.Commits <= 0 {
		depth = 50
	}
	if p.PullRequest {
		if err := g.mergeHead(ctx, p); err != nil {
			return err
		}
	}
	if !g.has(ctx, p.Head) {
		if err := g.fetch(ctx, shallow, depth, p.Head); err != nil {
			return fmt.Errorf("fetch head commit %s: %w", p.Head, err)
		}
	}
	if p.Base == "" && p.DefaultBranch != "" {
		// A new branch: scan what it holds that the default branch does
		// not.
		ref := "refs/remotes/" + g.Remote + "/" + p.DefaultBranch
		if err := g.fetch(ctx, shallow, depth, "+refs/heads/"+p.DefaultBranch+":"+ref); err != nil {
			return fmt.Errorf("fetch the default branch %s to find where the new branch starts: %w", p.DefaultBranch, err)
		}
		id, err := g.run(ctx, "rev-parse", "--verify", ref+"^{commit}")
		if err != nil {
			return err
		}
		p.Base = id
		p.Notes = append(p.Notes, fmt.Sprintf("new branch: scanned the commits not on %s", p.DefaultBranch))
	}
	if !g.has(ctx, p.Base) {
		if err := g.fetch(ctx, shallow, depth, p.Base); err != nil {
			if len(p.Pushed) == 0 {
				return fmt.Errorf("fetch base commit %s: %w", p.Base, err)
			}
			// A force-push replaced the branch: its old head may be gone
			// from the remote. The pushed commits are what is new.
			return g.preparePushed(ctx, p, shallow, err)
		}
	}
	return g.deepenToMergeBase(ctx, p, shallow, depth)
}

// mergeHead makes a pull request's range end at the checked-out commit
// when that is the pull request's merge commit (actions/checkout checks
// out refs/pull/N/merge, whose second parent is the pull request's head):
// the Go analyzers analyse the work tree, which must be the range's head,
// and base..merge adds what the pull request adds.
func (g Git) mergeHead(ctx context.Context, p *Plan) error {
	checkedOut, err := g.run(ctx, "rev-parse", "--verify", "HEAD^{commit}")
	if err != nil || checkedOut == p.Head {
		return nil //nolint:nilerr // no commit checked out: the scan says what it needs
	}
	// cat-file shows a shallow clone's boundary commit with its parents,
	// which rev-parse HEAD^2 would not.
	raw, err := g.run(ctx, "cat-file", "commit", checkedOut)
	if err != nil {
		return err
	}
	var parents []string
	for _, l := range strings.Split(raw, "\n") {
		if l == "" {
			break // the end of the header
		}
		if id, ok := strings.CutPrefix(l, "parent "); ok {
			parents = append(parents, id)
		}
	}
	if len(parents) != 2 || parents[1] != p.Head || !commitID.MatchString(checkedOut) {
		return nil
	}
	p.Notes = append(p.Notes, fmt.Sprintf("the checkout is the pull request's merge commit %s (head %s merged into its base): scanned the commits up to it",
		checkedOut[:12], p.Head[:12]))
	p.Head = checkedOut
	p.Commits++
	return nil
}

// preparePushed scans the commits a push event lists when its previous
// head cannot be fetched: from the parent of the oldest to the new head.
func (g Git) preparePushed(ctx context.Context, p *Plan, shallow bool, cause error) error {
	n := len(p.Pushed)
	if err := g.fetch(ctx, shallow, n+1, p.Head); err != nil {
		return fmt.Errorf("fetch the pushed commits: %w", err)
	}
	base, err := g.run(ctx, "rev-parse", "--verify", p.Pushed[0]+"^1^{commit}")
	if err != nil {
		return fmt.Errorf("the previous head %s could not be fetched (%w) and the parent of the oldest pushed commit is missing: %w", p.Base, cause, err)
	}
	p.Notes = append(p.Notes, fmt.Sprintf("force-push: the previous head %s is gone; scanned the %d pushed commits", p.Base[:12], n))
	p.Base = base
	return nil
}

// deepenToMergeBase deepens a shallow clone until base and head share a
// commit, so that the scan walks exactly the range.
func (g Git) deepenToMergeBase(ctx context.Context, p *Plan, shallow bool, depth int) error {
	for {
		if _, err := g.run(ctx, "merge-base", p.Base, p.Head); err == nil {
			return nil
		}
		if !shallow {
			return fmt.Errorf("base %s and head %s share no history", p.Base, p.Head)
		}
		if depth >= maxDeepen {
			return fmt.Errorf("base %s and head %s share no commit within %d commits of history: fetch more (actions/checkout fetch-depth: 0)", p.Base, p.Head, maxDeepen)
		}
		depth *= 2
		if _, err := g.run(ctx, "fetch", "--no-tags", "--quiet", "--deepen="+strconv.Itoa(depth), g.Remote, p.Base, p.Head); err != nil {
			return fmt.Errorf("deepen the clone to find where %s and %s meet: %w", p.Base, p.Head, err)
		}
	}
}

// ShowFile returns the content of path at commit, and false when the
// commit has no such file.
func (g Git) ShowFile(ctx context.Context, commit, path string) ([]byte, bool, error) {
	if _, err := g.run(ctx, "cat-file", "-e", commit+":"+path); err != nil {
		return nil, false, nil
	}
	cmd := exec.CommandContext(ctx, "git", "-C", g.Dir, "cat-file", "blob", commit+":"+path)
	out, err := cmd.Output()
	if err != nil {
		return nil, false, fmt.Errorf("read %s at %s: %w", path, commit, err)
	}
	return out, true, nil
}

// Changed reports which of paths the range base..head changes.
func (g Git) Changed(ctx context.Context, base, head string, paths ...string) ([]string, error) {
	out, err := g.run(ctx, append([]string{"diff", "--name-only", "-z", base + "..." + head, "--"}, paths...)...)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range strings.Split(out, "\x00") {
		if n != "" {
			names = append(names, n)
		}
	}
	return names, nil
}
