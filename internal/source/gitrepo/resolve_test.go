package gitrepo_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// A name is a ref before it is an abbreviated hash, as in git: a branch
// or tag whose name is hex ("feed", "2024", a single "b") resolves to what
// it points at, not to a commit whose hash happens to start so. go-git
// tried the hash first, even for one digit, and --range scanned the wrong
// commits.
func TestResolvePrefersRefsToAbbreviatedHashes(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	first := r.Commit("first", map[string]string{"a.txt": "a\n"})
	second := r.Commit("second", map[string]string{"a.txt": "b\n"})
	// Refs named after a prefix of second's hash, pointing at first.
	for _, name := range []string{second[:1], second[:2], second[:4], second[:7], strings.ToUpper(second[:6])} {
		r.Git("branch", name, first)
	}
	r.Git("tag", "v"+second[:4], second)
	repo := open(t, r.Dir)
	for rev, want := range map[string]string{
		second[:1]:                   first,
		second[:4]:                   first,
		second[:7]:                   first,
		strings.ToUpper(second[:6]):  first,
		second[:7] + "~0":            first,
		second[:5]:                   second, // no such ref: the abbreviation
		strings.ToUpper(second[:8]):  second,
		second:                       second,
		second + "~1":                first,
		"main^":                      first,
		"HEAD":                       second,
		"@":                          second,
		"v" + second[:4]:             second,
		"refs/heads/" + second[:4]:   first,
		"heads/" + second[:2] + "~0": first,
		"main~1":                     first,
	} {
		got, err := repo.Resolve(rev)
		if err != nil {
			t.Errorf("Resolve(%q): %v", rev, err)
			continue
		}
		if got.String() != want {
			t.Errorf("Resolve(%q) = %s, want %s (what git rev-parse says)", rev, got, want)
		}
		if out := r.Git("-c", "core.warnAmbiguousRefs=false", "rev-parse", "--verify", "-q", rev+"^{commit}"); out != want {
			t.Errorf("the test is wrong: git rev-parse %s = %s, want %s", rev, out, want)
		}
	}
	for _, rev := range []string{second[:3], "nosuchbranch", "../../HEAD", "main~5", second[:5] + "x"} {
		if got, err := repo.Resolve(rev); err == nil {
			t.Errorf("Resolve(%q) = %s, want an error", rev, got)
		}
	}
}

// An abbreviation that two commits share is an error, as in git, not the
// first commit found.
func TestResolveAmbiguousAbbreviation(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	// Among 1,000 commits two share their first four hex digits (the
	// dates are fixed, so the same two every run).
	var stream strings.Builder
	for i := range 1000 {
		from := ""
		if i > 0 {
			from = fmt.Sprintf(":%d", i)
		}
		stream.WriteString(gittest.ImportCommit("refs/heads/main", i+1, i, fmt.Sprintf("commit %d", i), from, nil, map[string]string{"n.txt": fmt.Sprint(i)}))
	}
	marks := r.ImportMarked(stream.String())
	seen := map[string]string{}
	prefix := ""
	for _, h := range marks {
		if other, ok := seen[h[:4]]; ok && other != h {
			prefix = h[:4]
			break
		}
		seen[h[:4]] = h
	}
	if prefix == "" {
		t.Fatal("no two commits share four digits: make more")
	}
	repo := open(t, r.Dir)
	_, err := repo.Resolve(prefix)
	if err == nil || !strings.Contains(err.Error(), "give more digits") {
		t.Errorf("Resolve(%q) of an abbreviation two commits share: err = %v, want it called ambiguous", prefix, err)
	}
	r.GitFails("rev-parse", "--verify", prefix+"^{commit}")
}
