package scan_test

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/scan"
)

// FuzzHistoryFindsEverySecret builds a git history from its input —
// commits on three branches, root commits, merges (evil ones too), tags,
// branches moved back or deleted, files edited a line at a time, lines
// split and joined, files renamed, copied, deleted, with LF, CRLF or CR
// line ends, with or without a last newline, in UTF-16 — and holds a
// history scan to what that history holds: one finding for each path and
// secret that some commit reachable from a ref has, attributed to the
// oldest of those commits (generation, then date, as gitrepo.Older), and
// nothing else. The history arrives in two imports, each followed by an
// incremental (--since-state) scan: together they must find all that.
// A range b0..b1, the index staged from b1 over b0 and a working tree
// checked out from it are held to the same model (see checkRange,
// checkStaged, checkTree). A secret the
// changed-region diffing or the blob deduplication lost would be a scan
// that exits 0 without having read it.
//
// The secrets are gittest.FakeToken values: fake by construction.
func FuzzHistoryFindsEverySecret(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 1, 1, 5, 0, 2, 3, 0, 1, 1, 2})
	f.Add([]byte{0, 0, 0, 0, 2, 1, 0, 0, 1, 7, 4, 1, 0, 2, 4, 0, 1, 1, 3, 9})
	f.Add([]byte{0, 0, 0, 3, 0, 1, 5, 0, 0, 7, 9, 6, 0, 2, 4, 1, 0, 8, 2, 2, 0, 0, 4, 5, 5})
	f.Add([]byte{0, 0, 0, 1, 0, 4, 0, 0, 0, 2, 2, 3, 6, 0, 0, 7, 0, 3, 8, 1, 1, 0, 0, 9, 0, 7})
	f.Add([]byte("\x00\x00\x00\x00\x03\x02\x05\x00\x08\x00\x04\x01\x09\x00\x06\x03"))
	f.Fuzz(func(t *testing.T, program []byte) {
		if len(program) > 160 {
			return // a longer history finds nothing a shorter one cannot
		}
		h := buildHistory(program)
		if len(h.commits) == 0 {
			return
		}
		r := gittest.New(t)
		// The history arrives in two parts, with an incremental scan
		// after each: the second, from the first's state, must find what
		// the first could not have.
		mid := h.snapshots[int(program[len(program)-1])%len(h.snapshots)]
		none := fuzzRefs{heads: [3]int{-1, -1, -1}}
		marks := r.ImportMarked(h.stream(none, mid, nil))
		first := history(t, r.Dir, oneWorker(incremental(t, nil, "fuzz-rules")))
		maps.Copy(marks, r.ImportMarked(h.stream(mid, h.fuzzRefs, marks)))
		second := history(t, r.Dir, oneWorker(incremental(t, first.State, "fuzz-rules")))
		res := history(t, r.Dir, oneWorker(historyOpts(t)))
		if s := res.Summary; s.Incomplete || len(s.Problems) > 0 {
			t.Fatalf("incomplete scan: %q", s.Problems)
		}

		want := h.expected(marks)
		got := map[pathSecret]string{}
		for _, f := range res.Findings {
			k := pathSecret{f.File, f.Secret}
			if !h.known[f.Secret] {
				// Lines joined in the middle of two tokens can make a
				// third that matches the rule: not one the test tracks.
				if f.RuleID == "github-pat" && strings.HasPrefix(f.Secret, "ghp_") {
					continue
				}
				t.Errorf("finding %s in %s at %s: not a planted secret", f.RuleID, f.File, f.Commit)
				continue
			}
			if _, dup := got[k]; dup {
				t.Errorf("two findings for %s in %s", h.name(f.Secret), f.File)
			}
			got[k] = f.Commit
		}
		for _, k := range slices.SortedFunc(maps.Keys(want), comparePathSecret) {
			if c, ok := got[k]; !ok {
				t.Errorf("%s in %s, which commit %s holds, is not reported", h.name(k.secret), k.path, want[k])
			} else if c != want[k] {
				t.Errorf("%s in %s is attributed to %s, want %s, the oldest commit that holds it", h.name(k.secret), k.path, c, want[k])
			}
		}
		for _, k := range slices.SortedFunc(maps.Keys(got), comparePathSecret) {
			if _, ok := want[k]; !ok {
				t.Errorf("%s in %s reported at %s, but no commit reachable from a ref holds it there", h.name(k.secret), k.path, got[k])
			}
		}
		if s := second.Summary; s.Incomplete || len(s.Problems) > 0 {
			t.Fatalf("incomplete incremental scan: %q", s.Problems)
		}
		seen := map[pathSecret]bool{}
		for _, f := range slices.Concat(first.Findings, second.Findings) {
			seen[pathSecret{f.File, f.Secret}] = true
		}
		for _, k := range slices.SortedFunc(maps.Keys(want), comparePathSecret) {
			if !seen[k] {
				t.Errorf("%s in %s: found by a full scan, by neither incremental scan (the first saw %d commits)", h.name(k.secret), k.path, mid.made)
			}
		}
		if !t.Failed() && h.heads[0] >= 0 && h.heads[1] >= 0 {
			h.checkRange(t, r.Dir, marks)
		}
		if !t.Failed() && h.heads[1] >= 0 {
			h.checkStaged(t, r, marks)
			if !t.Failed() {
				h.checkTree(t, r)
			}
		}
		if t.Failed() {
			t.Logf("history:\n%s", h)
		}
	})
}

// checkRange scans b0..b1 as a pull request would and checks that every
// planted secret b1's tree holds that b0's history never held is
// reported (some commit of the range added it), and that every finding
// is at a path and secret that a commit of the range holds.
func (h *fuzzHistory) checkRange(t *testing.T, dir string, marks map[string]string) {
	base, head := h.reachable(h.heads[0]), h.reachable(h.heads[1])
	res, err := scan.Run(context.Background(), scan.Source{Kind: scan.Range, Path: dir, Base: "b0", Head: "b1"}, oneWorker(historyOpts(t)))
	shared := false
	for c := range head {
		shared = shared || base[c]
	}
	if !shared {
		if err == nil || !strings.Contains(err.Error(), "share no history") {
			t.Errorf("range of two unrelated histories: err = %v, want one saying they share no history", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("range b0..b1: %v", err)
	}
	if s := res.Summary; s.Incomplete || len(s.Problems) > 0 {
		t.Fatalf("incomplete range scan: %q", s.Problems)
	}
	inBase := map[string]bool{}
	for c := range base {
		h.addTokens(inBase, h.commits[c].files)
	}
	inRange := map[string]int{} // commit hash → index, for the range's commits
	for c := range head {
		if !base[c] {
			inRange[marks[":"+strconv.Itoa(c+1)]] = c
		}
	}
	reported := map[string]bool{}
	for _, f := range res.Findings {
		if !h.known[f.Secret] {
			continue // see the history check
		}
		reported[f.Secret] = true
		c, ok := inRange[f.Commit]
		if !ok {
			t.Errorf("range finding of %s in %s at %s, a commit outside the range", h.name(f.Secret), f.File, f.Commit)
			continue
		}
		if ff, ok := h.commits[c].files[f.File]; !ok || !strings.Contains(ff.text(), f.Secret) {
			t.Errorf("range finding of %s in %s at %s, which does not hold it there", h.name(f.Secret), f.File, f.Commit)
		}
	}
	for _, f := range h.commits[h.heads[1]].files {
		for _, tok := range h.tokens {
			if strings.Contains(f.text(), tok) && !inBase[tok] && !reported[tok] {
				t.Errorf("range b0..b1 added %s (b1's tree holds it, b0's history never did) but does not report it", h.name(tok))
				reported[tok] = true // once
			}
		}
	}
}

// checkStaged stages b1's tree on top of b0 (HEAD; unborn when there is
// no b0), as a pre-commit hook sees a commit about to be made, and checks
// that a --staged scan reports every planted secret the index holds that
// HEAD's tree does not, and nothing the index does not hold there.
func (h *fuzzHistory) checkStaged(t *testing.T, r *gittest.Repo, marks map[string]string) {
	r.Git("symbolic-ref", "HEAD", "refs/heads/b0")
	r.Git("read-tree", marks[":"+strconv.Itoa(h.heads[1]+1)])
	res, err := scan.Run(context.Background(), scan.Source{Kind: scan.Staged, Path: r.Dir}, oneWorker(historyOpts(t)))
	if err != nil {
		t.Fatalf("staged: %v", err)
	}
	if s := res.Summary; s.Incomplete || len(s.Problems) > 0 {
		t.Fatalf("incomplete staged scan: %q", s.Problems)
	}
	inHead := map[string]bool{}
	if h.heads[0] >= 0 {
		h.addTokens(inHead, h.commits[h.heads[0]].files)
	}
	staged := h.commits[h.heads[1]].files
	reported := map[string]bool{}
	for _, f := range res.Findings {
		if !h.known[f.Secret] {
			continue // see the history check
		}
		reported[f.Secret] = true
		if ff, ok := staged[f.File]; !ok || !strings.Contains(ff.text(), f.Secret) {
			t.Errorf("staged finding of %s in %s, which the index does not hold there", h.name(f.Secret), f.File)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(staged)) {
		for _, tok := range h.tokens {
			if strings.Contains(staged[p].text(), tok) && !inHead[tok] && !reported[tok] {
				t.Errorf("the index adds %s in %s (HEAD's tree holds it nowhere) but --staged does not report it", h.name(tok), p)
				reported[tok] = true // once
			}
		}
	}
}

// checkTree writes the index checkStaged staged (b1's tree) to the work
// tree and checks that a working-tree scan reports each planted secret at
// each path that holds it, and nothing else: what the history scan reads
// from git's objects, the tree scan must read from the files.
func (h *fuzzHistory) checkTree(t *testing.T, r *gittest.Repo) {
	r.Git("checkout-index", "--all", "--force")
	res := scanDir(t, r.Dir, oneWorker(historyOpts(t)))
	if s := res.Summary; s.Incomplete || len(s.Problems) > 0 {
		t.Fatalf("incomplete tree scan: %q", s.Problems)
	}
	got := map[pathSecret]bool{}
	for _, f := range res.Findings {
		if h.known[f.Secret] {
			got[pathSecret{f.File, f.Secret}] = true
		}
	}
	files := h.commits[h.heads[1]].files
	for _, p := range slices.Sorted(maps.Keys(files)) {
		for _, tok := range h.tokens {
			k := pathSecret{p, tok}
			if has := strings.Contains(files[p].text(), tok); has != got[k] {
				t.Errorf("tree scan: %s in %s: reported %v, in the file %v", h.name(tok), p, got[k], has)
			}
			delete(got, k)
		}
	}
	for k := range got {
		t.Errorf("tree scan reports %s in %s, a file b1 does not have", h.name(k.secret), k.path)
	}
}

// addTokens adds to set the planted secrets that files hold.
func (h *fuzzHistory) addTokens(set map[string]bool, files map[string]fuzzFile) {
	for _, f := range files {
		text := f.text()
		for _, tok := range h.tokens {
			if strings.Contains(text, tok) {
				set[tok] = true
			}
		}
	}
}

// reachable returns the commits reachable from c.
func (h *fuzzHistory) reachable(c int) map[int]bool {
	seen := map[int]bool{}
	var visit func(int)
	visit = func(c int) {
		if c < 0 || seen[c] {
			return
		}
		seen[c] = true
		for _, p := range h.commits[c].parents {
			visit(p)
		}
	}
	visit(c)
	return seen
}

// oneWorker makes a scan run the same code on every run of an input, so
// that the fuzzer's coverage does not take the scheduler's choices for new
// behaviour (every input looked new, and minimising them took the time).
func oneWorker(opts scan.Options) scan.Options {
	opts.Workers = 1
	return opts
}

type pathSecret struct{ path, secret string }

func comparePathSecret(a, b pathSecret) int {
	return cmp.Or(cmp.Compare(a.path, b.path), cmp.Compare(a.secret, b.secret))
}

// fuzzPaths are the files a fuzzed history writes: none a rule or an
// allowlist treats specially.
var fuzzPaths = []string{"app.env", "conf/settings.ini", "notes.txt", "deploy/keys/prod.yml"}

// fuzzFile is a file of a fuzzed history: its lines and how they are
// written.
type fuzzFile struct {
	lines  []string
	eol    string // "\n", "\r\n" or "\r"
	noLast bool   // no line end after the last line
	utf16  int    // 0 UTF-8; 1 UTF-16LE, 2 UTF-16BE, with a byte order mark
}

func (f fuzzFile) text() string {
	s := strings.Join(f.lines, f.eol)
	if !f.noLast && len(f.lines) > 0 {
		s += f.eol
	}
	return s
}

func (f fuzzFile) bytes() []byte {
	if f.utf16 > 0 {
		return utf16BOM(f.text(), f.utf16 == 2)
	}
	return []byte(f.text())
}

type fuzzCommit struct {
	parents []int // indexes into commits, first parent first
	files   map[string]fuzzFile
	gen     int
	msg     string
}

// fuzzRefs are a fuzzed history's refs at one time.
type fuzzRefs struct {
	made  int    // how many commits had been made
	heads [3]int // commit of each branch, -1 for none
	tags  []int
}

// fuzzHistory is the model of a fuzzed history: every commit as a full
// snapshot, the refs at the end, and the refs after each operation.
type fuzzHistory struct {
	commits []fuzzCommit
	fuzzRefs
	snapshots []fuzzRefs
	tokens    []string
	known     map[string]bool
}

// buildHistory runs program, a byte at a time, as operations on the
// model. A program that runs out reads zeros.
func buildHistory(program []byte) *fuzzHistory {
	h := &fuzzHistory{fuzzRefs: fuzzRefs{heads: [3]int{-1, -1, -1}}, known: map[string]bool{}}
	for i := range 6 {
		tok := gittest.FakeToken("history-fuzz-" + strconv.Itoa(i))
		h.tokens = append(h.tokens, tok)
		h.known[tok] = true
	}
	pos := 0
	next := func(n int) int {
		if pos >= len(program) {
			pos++
			return 0
		}
		b := program[pos]
		pos++
		return int(b) % n
	}
	for pos < len(program) && len(h.commits) < 40 {
		h.snapshots = append(h.snapshots, fuzzRefs{len(h.commits), h.heads, slices.Clone(h.tags)})
		switch op := next(10); {
		case op <= 4: // a commit on a branch, with up to three edits
			b := next(3)
			files := map[string]fuzzFile{}
			var parents []int
			if p := h.heads[b]; p >= 0 {
				files = maps.Clone(h.commits[p].files)
				parents = []int{p}
			}
			for range 1 + next(3) {
				h.edit(files, next)
			}
			h.commit(b, parents, files, fmt.Sprintf("commit on b%d", b))
		case op == 5: // merge branch a into b, each path from either side or edited
			a, b := next(3), next(3)
			if a == b || h.heads[a] < 0 || h.heads[b] < 0 {
				continue
			}
			ours, theirs := h.commits[h.heads[b]].files, h.commits[h.heads[a]].files
			files := maps.Clone(ours)
			for _, p := range slices.Sorted(maps.Keys(theirs)) {
				if next(2) == 1 {
					files[p] = theirs[p]
				}
			}
			if next(3) == 0 { // an evil merge: an edit neither side made
				h.edit(files, next)
			}
			h.commit(b, []int{h.heads[b], h.heads[a]}, files, fmt.Sprintf("merge b%d into b%d", a, b))
		case op == 6: // tag a branch
			if b := next(3); h.heads[b] >= 0 {
				h.tags = append(h.tags, h.heads[b])
			}
		case op == 7: // move a branch to any commit (maybe leaving some unreachable)
			if len(h.commits) > 0 {
				h.heads[next(3)] = next(len(h.commits))
			}
		case op == 8: // delete a branch
			h.heads[next(3)] = -1
		default: // a new root commit on a branch
			files := map[string]fuzzFile{}
			h.edit(files, next)
			h.commit(next(3), nil, files, "a new root")
		}
	}
	h.made = len(h.commits)
	return h
}

func (h *fuzzHistory) commit(branch int, parents []int, files map[string]fuzzFile, msg string) {
	gen := 1
	for _, p := range parents {
		gen = max(gen, h.commits[p].gen+1)
	}
	h.commits = append(h.commits, fuzzCommit{parents: parents, files: files, gen: gen, msg: msg})
	h.heads[branch] = len(h.commits) - 1
}

// edit changes one file of files.
func (h *fuzzHistory) edit(files map[string]fuzzFile, next func(int) int) {
	p := fuzzPaths[next(len(fuzzPaths))]
	f := files[p]
	f.lines = slices.Clone(f.lines)
	if f.eol == "" {
		f.eol = "\n"
	}
	at := func() int { return next(len(f.lines) + 1) }
	switch next(10) {
	case 0, 1: // a line with a token
		f.lines = slices.Insert(f.lines, at(), "see "+h.tokens[next(len(h.tokens))]+" here")
	case 2: // a line with none
		i := at()
		f.lines = slices.Insert(f.lines, i, fmt.Sprintf("line %d of an ordinary file, nothing to see here", i))
	case 3: // delete a line
		if len(f.lines) > 0 {
			i := next(len(f.lines))
			f.lines = slices.Delete(f.lines, i, i+1)
		}
	case 4: // split a line, maybe through a token
		if len(f.lines) > 0 {
			i := next(len(f.lines))
			cut := next(len(f.lines[i]) + 1)
			f.lines = slices.Replace(f.lines, i, i+1, f.lines[i][:cut], f.lines[i][cut:])
		}
	case 5: // join a line with the next, maybe completing a token
		if len(f.lines) > 1 {
			i := next(len(f.lines) - 1)
			f.lines = slices.Replace(f.lines, i, i+2, f.lines[i]+f.lines[i+1])
		}
	case 6: // other line ends, or none after the last line
		switch next(4) {
		case 0:
			f.eol = "\n"
		case 1:
			f.eol = "\r\n"
		case 2:
			f.eol = "\r"
		default:
			f.noLast = !f.noLast
		}
	case 7: // re-encode
		f.utf16 = next(3)
	case 8: // rename or copy to another path
		to := fuzzPaths[next(len(fuzzPaths))]
		if to != p {
			files[to] = f
			if next(2) == 0 {
				delete(files, p)
			}
		}
		return
	default: // delete the file
		delete(files, p)
		return
	}
	files[p] = f
}

// stream writes, as a fast-import stream, the commits made after those of
// before (each a full snapshot on a scratch ref, parents from before named
// by their hashes in marks) up to those of refs, then refs, deleting the
// branches of before that refs lacks and the scratch ref.
func (h *fuzzHistory) stream(before, refs fuzzRefs, marks map[string]string) string {
	var b strings.Builder
	commit := func(c int) string {
		if c < before.made {
			return marks[":"+strconv.Itoa(c+1)]
		}
		return ":" + strconv.Itoa(c+1)
	}
	for i := before.made; i < refs.made; i++ {
		c := h.commits[i]
		date := gittest.Epoch.Add(time.Duration(i) * time.Minute).Unix()
		fmt.Fprintf(&b, "commit refs/heads/scratch\nmark :%d\n", i+1)
		fmt.Fprintf(&b, "author Dana Dev <dana@example.com> %d +0000\ncommitter Dana Dev <dana@example.com> %d +0000\n", date, date)
		fmt.Fprintf(&b, "data %d\n%s\n", len(c.msg), c.msg)
		if len(c.parents) == 0 {
			// Without from, fast-import would continue the scratch ref.
			b.WriteString("from 0000000000000000000000000000000000000000\n")
		}
		for j, p := range c.parents {
			fmt.Fprintf(&b, "%s %s\n", map[bool]string{true: "from", false: "merge"}[j == 0], commit(p))
		}
		b.WriteString("deleteall\n")
		for _, p := range slices.Sorted(maps.Keys(c.files)) {
			data := c.files[p].bytes()
			fmt.Fprintf(&b, "M 100644 inline %s\ndata %d\n%s\n", p, len(data), data)
		}
		b.WriteString("\n")
	}
	for i, head := range refs.heads {
		switch {
		case head >= 0:
			fmt.Fprintf(&b, "reset refs/heads/b%d\nfrom %s\n\n", i, commit(head))
		case before.heads[i] >= 0:
			fmt.Fprintf(&b, "reset refs/heads/b%d\nfrom 0000000000000000000000000000000000000000\n\n", i)
		}
	}
	for i, c := range refs.tags {
		fmt.Fprintf(&b, "reset refs/tags/t%d\nfrom %s\n\n", i, commit(c))
	}
	b.WriteString("reset refs/heads/scratch\nfrom 0000000000000000000000000000000000000000\n\n")
	return b.String()
}

// expected returns, for each path and planted secret that a commit
// reachable from a ref holds, the oldest such commit's hash.
func (h *fuzzHistory) expected(marks map[string]string) map[pathSecret]string {
	reachable := map[int]bool{}
	for _, c := range append(h.heads[:], h.tags...) {
		maps.Copy(reachable, h.reachable(c))
	}
	oldest := map[pathSecret]int{}
	for c := range h.commits {
		if !reachable[c] {
			continue
		}
		for p, f := range h.commits[c].files {
			text := f.text()
			for _, tok := range h.tokens {
				if !strings.Contains(text, tok) {
					continue
				}
				k := pathSecret{p, tok}
				if o, ok := oldest[k]; !ok || h.older(c, o) {
					oldest[k] = c
				}
			}
		}
	}
	want := map[pathSecret]string{}
	for k, c := range oldest {
		want[k] = marks[":"+strconv.Itoa(c+1)]
	}
	return want
}

// older orders as gitrepo.Older: generation, then date (the commit's
// index here, each commit a minute after the one before).
func (h *fuzzHistory) older(a, b int) bool {
	if ga, gb := h.commits[a].gen, h.commits[b].gen; ga != gb {
		return ga < gb
	}
	return a < b
}

// name is how a failure names a token: never the token itself.
func (h *fuzzHistory) name(tok string) string {
	return fmt.Sprintf("token %d", slices.Index(h.tokens, tok))
}

func (h *fuzzHistory) String() string {
	var b strings.Builder
	for i, c := range h.commits {
		fmt.Fprintf(&b, "%d %s parents %v gen %d\n", i, c.msg, c.parents, c.gen)
		for _, p := range slices.Sorted(maps.Keys(c.files)) {
			f := c.files[p]
			text := f.text()
			for j, tok := range h.tokens {
				text = strings.ReplaceAll(text, tok, "<token "+strconv.Itoa(j)+">")
			}
			fmt.Fprintf(&b, "  %s %s: %q\n", p, [...]string{"UTF-8", "UTF-16LE", "UTF-16BE"}[f.utf16], text)
		}
	}
	fmt.Fprintf(&b, "heads %v tags %v\n", h.heads, h.tags)
	return b.String()
}
