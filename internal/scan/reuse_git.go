package scan

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/tightlip/tightlip/internal/crash"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/reuse"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
)

// maxReusedSecrets bounds how many distinct secrets one scan looks for in
// the tree a range or the index leads to: each costs a search of every
// file's bytes. A change that adds more has bigger problems than reuse; a
// note says the rest were not looked for.
const maxReusedSecrets = 64

// reusedIn adds to res, what a range or the index added, the secret-reused
// findings of its secrets that the tree it leads to (the range's head
// commit, the index; named by tree in problems) holds in another
// directory (see reuse.Against). files lists that tree; it is called only
// when res holds a secret to look for.
//
// The tree is read from git's objects, never the work tree, as a tree scan
// would take it: files over the size limit, binary files and LFS pointers
// are passed over, and so are test code, examples and third-party code
// (finding.ContextOf) and paths a global allowlist excludes. Only a file
// whose bytes hold one of the secrets goes through the content rules, and
// a copy is what they find there with the same secret: an allow comment or
// an allowlist drops a copy as it drops the finding. One blob at a time
// per worker is in memory.
//
// Nothing is done for an incomplete result: the reuse of what it missed
// cannot be told, and it says it is incomplete already. A file of the
// tree that could not be read makes the result incomplete.
func (g *gitScan) reusedIn(ctx context.Context, res *Result, tree string, files func() ([]gitrepo.File, []string, error)) {
	if res.Summary.Incomplete || ctx.Err() != nil {
		return
	}
	wanted := map[string]bool{}
	var secrets [][]byte
	for i := range res.Findings {
		f := &res.Findings[i]
		if !reuse.Eligible(f) || wanted[f.Secret] {
			continue
		}
		if len(secrets) == maxReusedSecrets {
			res.Summary.Notes = append(res.Summary.Notes, fmt.Sprintf(
				"secret-reused: only the first %d secrets found were looked for in the %s", maxReusedSecrets, tree))
			break
		}
		wanted[f.Secret] = true
		secrets = append(secrets, []byte(f.Secret))
	}
	if len(secrets) == 0 {
		return
	}
	list, problems, err := files()
	if err != nil && !stoppedBy(ctx, err) {
		problems = append(problems, fmt.Sprintf("%s: %v", tree, err))
	}
	var (
		mu    sync.Mutex
		found []finding.Finding
		box   crash.Box
		wg    sync.WaitGroup
	)
	next := make(chan gitrepo.File, g.workers)
	for range g.workers {
		wg.Go(func() {
			objs := g.repo.Objects()
			defer objs.Release()
			for file := range next {
				func() {
					defer box.Catch()
					fs, problem := g.copies(ctx, objs, file, tree, secrets, wanted)
					if len(fs) == 0 && problem == "" {
						return
					}
					mu.Lock()
					defer mu.Unlock()
					found = append(found, fs...)
					if problem != "" {
						problems = append(problems, problem)
					}
				}()
			}
		})
	}
	for _, file := range list {
		if ctx.Err() != nil {
			break
		}
		if finding.ContextOf(file.Path) != "" {
			continue
		}
		next <- file
	}
	close(next)
	wg.Wait()
	box.Rethrow()
	for _, p := range problems {
		res.Summary.MarkIncomplete("secret-reused: " + p)
	}
	if ctx.Err() != nil {
		res.Summary.MarkIncomplete(fmt.Sprintf("secret-reused: %s while the %s was searched for the secrets found: the copies there are not all known", stopCause(ctx), tree))
	}
	res.Findings = append(res.Findings, reuse.Against(res.Findings, found)...)
	slices.SortFunc(res.Findings, finding.Compare)
	slices.Sort(res.Summary.Problems)
}

// copies returns the findings of the content rules in file whose secret is
// wanted, when its bytes hold one of secrets; problem names what kept it
// from being read in full.
func (g *gitScan) copies(ctx context.Context, objs *gitrepo.Objects, file gitrepo.File, tree string, secrets [][]byte, wanted map[string]bool) (fs []finding.Finding, problem string) {
	if ctx.Err() != nil {
		return nil, ""
	}
	// Before reading, as the tree scan decides: lock files, images and
	// vendored trees are most of the bytes of many repositories.
	if _, ok := g.opts.Engine.PathAllowedBy(file.Path); ok {
		return nil, ""
	}
	data, size, err := objs.Blob(file.Blob, g.maxSize)
	switch {
	case err != nil:
		return nil, fmt.Sprintf("%s (%s): %v", file.Path, tree, err)
	case size > g.maxSize || gitrepo.IsLFSPointer(data):
		return nil, ""
	}
	text, _, ok := decodeText(data)
	if !ok || !slices.ContainsFunc(secrets, func(s []byte) bool { return bytes.Contains(text, s) }) {
		return nil, ""
	}
	r, stopped := detectFile(ctx, g.opts.Engine, g.fileTimeout, file.Path, text)
	if stopped == "file" {
		problem = fileTimeoutProblem(fmt.Sprintf("%s (%s)", file.Path, tree), g.fileTimeout)
	}
	for _, f := range r.Findings {
		if wanted[f.Secret] {
			f.File = file.Path
			fs = append(fs, f)
		}
	}
	return fs, problem
}
