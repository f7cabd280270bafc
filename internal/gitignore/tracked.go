package gitignore

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
)

// credentialFile is a file the list names, found tracked or present.
type credentialFile struct {
	rel   string // slash path from the scanned root
	entry Entry
	space *space
	// inGit says git tracks it; otherwise it sits in a plain directory.
	inGit bool
}

// tracked reports the credential files git tracks, in every work tree of
// the scan, and those present in plain directories that no .gitignore
// excludes: the next `git add` there would commit them.
func (t *tree) tracked() []finding.Finding {
	var out []finding.Finding
	for _, sp := range t.spaces {
		if sp.repo == nil {
			continue
		}
		idx, err := gitrepo.Index(sp.repo)
		if err != nil {
			t.problems = append(t.problems, fmt.Sprintf("%s: cannot read the git index: %v", join(sp.rel, ".git/index"), err))
			continue
		}
		seen := map[string]bool{}
		for _, e := range idx.Entries {
			if e.Mode == filemode.Submodule || e.Mode == filemode.Symlink || seen[e.Name] {
				continue
			}
			seen[e.Name] = true // a conflicted file has one entry per stage
			entry, ok := t.list.Match(path.Base(e.Name))
			if !ok {
				continue
			}
			rel, ok := sp.fromTop(e.Name)
			if !ok {
				continue // outside the scanned directory
			}
			if entry.kind != byName && !t.blobHoldsCredential(sp, e, entry.kind, rel) {
				continue
			}
			out = append(out, t.trackedFinding(credentialFile{rel: rel, entry: entry, space: sp, inGit: true}))
		}
	}
	// The walk read and judged the candidates (see judgeCandidate).
	for _, c := range t.candidates {
		entry, _ := t.list.Match(path.Base(c.rel))
		out = append(out, t.trackedFinding(credentialFile{rel: c.rel, entry: entry, space: c.space}))
	}
	return out
}

// blobHoldsCredential judges a tracked file by the content git has staged,
// which is what the next commit holds, whatever the work tree says.
func (t *tree) blobHoldsCredential(sp *space, e *index.Entry, k kind, rel string) bool {
	blob, err := sp.repo.BlobObject(e.Hash)
	if err != nil {
		t.problems = append(t.problems, fmt.Sprintf("%s: cannot read its staged content: %v", rel, err))
		return true
	}
	r, err := blob.Reader()
	if err != nil {
		t.problems = append(t.problems, fmt.Sprintf("%s: cannot read its staged content: %v", rel, err))
		return true
	}
	defer r.Close()
	data, err := readAllLimited(r)
	if err != nil {
		if !errors.Is(err, safefile.ErrTooLarge) {
			t.problems = append(t.problems, fmt.Sprintf("%s: cannot read its staged content: %v", rel, err))
		}
		return true
	}
	return holdsCredential(k, data)
}

// fromTop turns a path from the space's top into one from the scanned
// root; false if it lies outside the root.
func (s *space) fromTop(name string) (string, bool) {
	if s.rel != "" {
		return s.rel + "/" + name, true
	}
	pre := strings.Join(s.prefix, "/")
	if pre == "" {
		return name, true
	}
	rest, ok := strings.CutPrefix(name, pre+"/")
	return rest, ok
}

func (t *tree) trackedFinding(c credentialFile) finding.Finding {
	return finding.Finding{
		RuleID:   RuleTracked,
		Category: rule.Gitignore,
		Severity: rule.Error,
		Message:  t.trackedMessage(c),
		File:     c.rel,
		Identity: finding.IdentityOf(RuleTracked, c.rel, "", 0),
	}
}

// trackedMessage names the file, says why it counts and gives the exact
// commands that take it out of git.
func (t *tree) trackedMessage(c credentialFile) string {
	var b strings.Builder
	fmt.Fprintf(&b, "credential file %s (%s)", c.rel, contentNote(c.entry))
	if !c.inGit {
		fmt.Fprintf(&b, " is here and no .gitignore excludes it: the first `git add` would commit it. Add `%s` to .gitignore; "+
			"if the file was ever shared or committed elsewhere, rotate the keys it holds.", c.entry.Pattern)
		return b.String()
	}
	sp := c.space
	git, name := "git", c.rel
	if sp.rel != "" {
		git = "git -C " + shellQuote(sp.rel)
		name = strings.TrimPrefix(c.rel, sp.rel+"/")
	}
	by, excluded := sp.excluded(sp.parts(c.rel), false)
	if excluded {
		fmt.Fprintf(&b, " is tracked by git although %s excludes it (line %d): it was added before that line, or with `git add -f`, "+
			"and every clone has it. Run `%s rm --cached %s` and commit", by.Source, by.Line, git, shellQuote(name))
	} else {
		fmt.Fprintf(&b, " is tracked by git: every clone has it. Run `%s rm --cached %s`, add `%s` to %s and commit",
			git, shellQuote(name), c.entry.Pattern, join(sp.rel, ".gitignore"))
	}
	b.WriteString("; then rotate every key it holds: a committed key is compromised, and stays in the history.")
	return b.String()
}

// contentNote says what makes the file a credential file.
func contentNote(e Entry) string {
	switch e.kind {
	case envFile:
		return "matches " + e.Pattern + " and assigns a secret"
	case npmrcFile:
		return "holds registry credentials"
	case pemFile:
		return "matches " + e.Pattern + " and is not a certificate or public key"
	}
	return "matches " + e.Pattern
}

// shellQuote quotes a path for a POSIX shell when it needs it.
func shellQuote(s string) string {
	plain := func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-/+@%,:=", r)
	}
	safe := s != "" && !strings.HasPrefix(s, "-") && strings.IndexFunc(s, func(r rune) bool { return !plain(r) }) < 0
	if safe {
		return s
	}
	if strings.HasPrefix(s, "-") {
		s = "./" + s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
