package scan

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
)

// rangeGo runs the Go analyzers for a range scan: on the work tree, which
// must be at the range's head, keeping only findings on lines the range
// added to a Go file it changed.
type rangeGo struct {
	repo       *gitrepo.Repo
	head, base plumbing.Hash // base: the range's merge base
	// files are the Go files the range changed, each with its blob at head
	// (nil when unreadable or dirty: its findings are not reported).
	files map[string][]byte
	// incomplete says why the Go analysis, or part of it, is missing.
	incomplete []string
}

// changedGoFiles lists the Go files (regular files) that the range's
// commits changed, renames and copies of unchanged content aside.
func changedGoFiles(changes []gitrepo.Change) []string {
	var out []string
	for _, ch := range changes {
		if ch.Moved || !strings.HasSuffix(ch.Path, ".go") || (ch.Mode != filemode.Regular && ch.Mode != filemode.Executable) {
			continue
		}
		out = append(out, ch.Path)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// prepareRangeGo decides whether the Go analyzers can run for the range
// (head, from its merge base base) that changed the Go files paths: the
// work tree must be at head, and each of those files in it as at head.
// It returns nil when there is nothing to analyse.
func prepareRangeGo(repo *gitrepo.Repo, head, base plumbing.Hash, headName string, paths []string) *rangeGo {
	if len(paths) == 0 {
		return nil
	}
	rg := &rangeGo{repo: repo, head: head, base: base, files: map[string][]byte{}}
	root := repo.WorkTree()
	if root == "" {
		rg.incomplete = append(rg.incomplete, fmt.Sprintf(
			"go analyzers: not run: the range changes %s, but the Go analyzers analyse a work tree and this repository has none: check out %s (%s), or pass --go=false",
			countNoun(len(paths), "Go file"), headName, short(head)))
		return rg
	}
	if !strings.HasPrefix(head.String(), headName) {
		headName += " (" + short(head) + ")"
	} else {
		headName = short(head)
	}
	wt, err := repo.Resolve("HEAD")
	if err != nil || wt != head {
		at := "has no commit checked out"
		if err == nil {
			at = "is at " + short(wt)
		}
		rg.incomplete = append(rg.incomplete, fmt.Sprintf(
			"go analyzers: not run: the Go analyzers analyse the work tree, which %s, not at the range's head %s: check out %s, or pass --go=false",
			at, headName, short(head)))
		return rg
	}
	rootFS, err := os.OpenRoot(root)
	if err != nil {
		rg.incomplete = append(rg.incomplete, fmt.Sprintf("go analyzers: not run: %v", err))
		return rg
	}
	defer rootFS.Close()
	for _, p := range paths {
		rg.files[p] = nil
		h, ok, err := repo.FileAt(head, p)
		if err != nil || !ok {
			rg.incomplete = append(rg.incomplete, fmt.Sprintf("go analyzers: %s at the range's head %s could not be read: its Go findings are not reported", p, short(head)))
			continue
		}
		data, size, err := repo.BlobOf(h, maxGoSource)
		if err != nil || size > maxGoSource {
			rg.incomplete = append(rg.incomplete, fmt.Sprintf("go analyzers: %s at the range's head %s could not be read: its Go findings are not reported", p, short(head)))
			continue
		}
		work, err := safefile.ReadFileIn(rootFS, filepath.FromSlash(p), maxGoSource)
		if err != nil || !bytes.Equal(work, data) {
			rg.incomplete = append(rg.incomplete, fmt.Sprintf(
				"go analyzers: %s in the work tree differs from the range's head %s: its Go findings are not reported (commit or discard the change, or pass --go=false)",
				p, short(head)))
			continue
		}
		rg.files[p] = data
	}
	return rg
}

// ready reports whether the analyzers are to run: some changed Go file
// is in the work tree as at head.
func (rg *rangeGo) ready() bool {
	if rg == nil {
		return false
	}
	for _, data := range rg.files {
		if data != nil {
			return true
		}
	}
	return false
}

// analyze runs the analyzers on the packages of the work tree that hold
// the changed Go files: a finding elsewhere would be dropped by filter,
// and a package elsewhere that does not load or build leaves nothing of
// the range unread. On a large module, analysing all of it took a pull
// request longer than the Go analysis' time limit on a cold cache.
func (rg *rangeGo) analyze(ctx context.Context, opts Options) goResult {
	files := []string{} // not nil: no file is none, not all
	for p, data := range rg.files {
		if data != nil {
			files = append(files, p)
		}
	}
	slices.Sort(files)
	return analyzeGo(ctx, rg.repo.WorkTree(), goOptions{
		vetTool: opts.VetTool, eng: opts.Engine, download: opts.GoDownload,
		timeout: opts.GoTimeout, workers: opts.Workers, files: files,
	})
}

// filter keeps the findings on lines the range added to the Go files it
// changed: lines that the file at the merge base does not have (all of a
// new file). The others were there before the range; they are dropped,
// not counted as suppressed.
func (rg *rangeGo) filter(fs []finding.Finding) []finding.Finding {
	sets := map[string]*lineSet{}
	var out []finding.Finding
	for _, f := range fs {
		data := rg.files[f.File]
		if data == nil {
			continue
		}
		ls, ok := sets[f.File]
		if !ok {
			ls = rg.added(f.File, data)
			sets[f.File] = ls
		}
		if ls != nil && !ls.anyNew(f.Line, f.EndLine) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// attribute names, for each finding, the commit of the range that brought
// its line: the oldest of commits (parents before children) whose version
// of the file holds the line's text as a whole line. The line is new since
// the merge base (filter kept it), so a commit of the range holds it; a
// finding whose line no commit's file could be read to show keeps no
// commit, and is still reported.
func (rg *rangeGo) attribute(fs []finding.Finding, commits []gitrepo.Commit) {
	lines := map[plumbing.Hash]map[string]bool{} // a blob's lines, read once
	linesOf := func(c gitrepo.Commit, path string) map[string]bool {
		h, ok, err := rg.repo.FileAt(c.Hash, path)
		if err != nil || !ok {
			return nil
		}
		if set, ok := lines[h]; ok {
			return set
		}
		data, size, err := rg.repo.BlobOf(h, maxGoSource)
		var set map[string]bool
		if err == nil && size <= maxGoSource {
			set = map[string]bool{}
			for l := range bytes.Lines(data) {
				set[string(bytes.TrimRight(l, "\r\n"))] = true
			}
		}
		lines[h] = set
		return set
	}
	for i := range fs {
		f := &fs[i]
		text, ok := lineAt(rg.files[f.File], f.Line)
		if !ok {
			continue
		}
		for _, c := range commits {
			if linesOf(c, f.File)[text] {
				f.Commit, f.Author, f.Email, f.Date, f.Subject = c.Hash.String(), c.Author, c.Email, c.Date, c.Subject
				break
			}
		}
	}
}

// lineAt is the text of the 1-based line n of data, without its line
// ending.
func lineAt(data []byte, n int) (string, bool) {
	i := 0
	for l := range bytes.Lines(data) {
		if i++; i == n {
			return string(bytes.TrimRight(l, "\r\n")), true
		}
	}
	return "", false
}

// added returns the lines of the file at path new since the merge base,
// nil when every line is (a new file).
func (rg *rangeGo) added(path string, data []byte) *lineSet {
	if rg.base.IsZero() {
		return nil
	}
	h, ok, err := rg.repo.FileAt(rg.base, path)
	if err != nil || !ok {
		// A file the merge base lacks is new; one it could not read
		// counts as new too: more reported, nothing missed.
		return nil
	}
	base, size, err := rg.repo.BlobOf(h, maxGoSource)
	if err != nil || size > maxGoSource {
		return nil
	}
	return newLineSet(data, [][]byte{base})
}

// addGoFindings merges the Go analyzers' result r into findings and sum as
// a tree scan does: a global allowlist's paths apply to the findings, a
// secret both a content rule and an analyzer found is reported once, and
// Go code not analysed makes the scan incomplete. A range scan passes r
// with only the findings and silenced diagnostics on the lines it added.
func addGoFindings(findings []finding.Finding, sum *finding.Summary, r goResult, eng *detect.Engine) []finding.Finding {
	var kept []finding.Finding
	for _, f := range r.findings {
		if o, ok := eng.PathAllowedBy(f.File); ok {
			sum.Suppressed[allowlistedBy(o)]++
			continue
		}
		kept = append(kept, f)
	}
	out, dup := mergeGoFindings(findings, kept, eng.Catalogue())
	if dup > 0 {
		sum.Suppressed[SuppressedDuplicate] += dup
	}
	for _, p := range r.incomplete {
		sum.MarkIncomplete(p)
	}
	sum.Notes = append(sum.Notes, r.notes...)
	for k, n := range countSilenced(r.silenced) {
		sum.Suppressed[k] += n
	}
	return out
}
