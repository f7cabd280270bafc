package scan_test

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/reuse"
	"github.com/tightlip/tightlip/internal/scan"
)

// reusedOf returns the secret-reused findings of res.
func reusedOf(res *scan.Result) []finding.Finding {
	var out []finding.Finding
	for _, f := range res.Findings {
		if f.RuleID == reuse.RuleReused {
			out = append(out, f)
		}
	}
	return out
}

func relatedOf(f finding.Finding) []string {
	var out []string
	for _, l := range f.Related {
		out = append(out, l.File+":"+strconv.Itoa(l.Line))
	}
	return out
}

// A range that adds a key the head tree holds in another directory
// reports it as reused, on the line the range added, with that commit,
// naming the other copies of the head tree (not the fixture's). A key the
// range adds once is not reused.
func TestRangeSecretReusedInHeadTree(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	// Fake tokens built for the test (TLFAKE); they grant nothing.
	shared, own := gittest.FakeToken("range-reuse-shared"), gittest.FakeToken("range-reuse-own")
	base := r.Commit("base", map[string]string{
		"deploy/production/app.env": "# production\nGITHUB_TOKEN=" + shared + "\n",
		"testdata/app.env":          "GITHUB_TOKEN=" + shared + "\n",
		"README":                    "hello\n",
	})
	head := r.Commit("staging config", map[string]string{
		"deploy/staging/app.env": "# staging\n# copied from production\nGITHUB_TOKEN=" + shared + "\n",
		"deploy/staging/own.env": "OTHER_TOKEN=" + own + "\n",
	})
	res := scanRange(t, r.Dir, base, head)
	got := reusedOf(res)
	if len(got) != 1 {
		t.Fatalf("secret-reused findings %v, want one in deploy/staging/app.env", summarize(got))
	}
	f := got[0]
	if f.File != "deploy/staging/app.env" || f.Line != 3 || f.Commit != head || f.Subject != "staging config" {
		t.Errorf("reused at %s:%d commit %s %q, want deploy/staging/app.env:3 in %s", f.File, f.Line, f.Commit, f.Subject, head)
	}
	if rel := relatedOf(f); !slices.Equal(rel, []string{"deploy/production/app.env:2"}) {
		t.Errorf("related %v, want the production copy only", rel)
	}
	if !strings.Contains(f.Message, "deploy/production/app.env:2") || strings.Contains(f.Message, shared) {
		t.Errorf("message %q: want it to name the production copy, not the key", f.Message)
	}
	if f.Identity == "" || res.Summary.Incomplete {
		t.Errorf("identity %q, incomplete %v", f.Identity, res.Summary.Incomplete)
	}
	// The secrets' own findings are there as before.
	var pats []string
	for _, f := range res.Findings {
		if f.RuleID != reuse.RuleReused {
			pats = append(pats, f.File)
		}
	}
	if !slices.Equal(pats, []string{"deploy/staging/app.env", "deploy/staging/own.env"}) {
		t.Errorf("other findings in %v, want the two the range added", pats)
	}
}

// Two copies that one range adds in two directories name each other.
func TestRangeSecretReusedWithinTheRange(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	shared := gittest.FakeToken("range-reuse-both") // fake (TLFAKE)
	base := r.Commit("base", map[string]string{"README": "hello\n"})
	head := r.Commit("two services", map[string]string{
		"services/billing/app.env": "GITHUB_TOKEN=" + shared + "\n",
		"services/search/app.env":  "\nGITHUB_TOKEN=" + shared + "\n",
	})
	got := reusedOf(scanRange(t, r.Dir, base, head))
	if len(got) != 2 {
		t.Fatalf("secret-reused findings %v, want one per service", summarize(got))
	}
	if rel := relatedOf(got[0]); got[0].File != "services/billing/app.env" || !slices.Equal(rel, []string{"services/search/app.env:2"}) {
		t.Errorf("%s related %v, want services/search/app.env:2", got[0].File, rel)
	}
	if rel := relatedOf(got[1]); got[1].File != "services/search/app.env" || !slices.Equal(rel, []string{"services/billing/app.env:1"}) {
		t.Errorf("%s related %v, want services/billing/app.env:1", got[1].File, rel)
	}
}

// No reuse: a copy in the same directory, a copy the range removed (the
// head tree no longer has it, whatever the work tree holds), a copy on a
// line allowed by a tightlip:allow comment, a copy in a path the global
// allowlist excludes, a copy in a test fixture.
func TestRangeSecretNotReused(t *testing.T) {
	t.Parallel()
	// Fake tokens built for the test (TLFAKE); they grant nothing.
	tok := gittest.FakeToken("range-not-reused")
	for _, tt := range []struct {
		name       string
		base, head map[string]string
	}{
		{"same directory",
			map[string]string{"deploy/staging/a.env": "GITHUB_TOKEN=" + tok + "\n"},
			map[string]string{"deploy/staging/b.env": "GITHUB_TOKEN=" + tok + "\n"}},
		{"removed by the range",
			map[string]string{"deploy/production/app.env": "GITHUB_TOKEN=" + tok + "\n"},
			map[string]string{"deploy/staging/app.env": "# staging\nGITHUB_TOKEN=" + tok + "\n", "deploy/production/app.env": ""}},
		{"allowed copy",
			map[string]string{"deploy/production/app.env": "GITHUB_TOKEN=" + tok + " # tightlip:allow\n"},
			map[string]string{"deploy/staging/app.env": "GITHUB_TOKEN=" + tok + "\n"}},
		{"copy in an allowlisted path",
			map[string]string{"deploy/production/package-lock.json": "{\"token\": \"" + tok + "\"}\n"},
			map[string]string{"deploy/staging/app.env": "GITHUB_TOKEN=" + tok + "\n"}},
		{"fixture copy",
			map[string]string{"internal/x/testdata/app.env": "GITHUB_TOKEN=" + tok + "\n"},
			map[string]string{"deploy/staging/app.env": "GITHUB_TOKEN=" + tok + "\n"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := gittest.New(t)
			base := r.Commit("base", tt.base)
			head := r.Commit("change", tt.head)
			// The work tree is not the head tree: an uncommitted copy is
			// not in it.
			r.Write("elsewhere/app.env", "GITHUB_TOKEN="+tok+"\n")
			res := scanRange(t, r.Dir, base, head)
			if got := reusedOf(res); len(got) != 0 {
				t.Errorf("secret-reused findings %v, want none", summarize(got))
			}
			if len(res.Findings) == 0 || res.Summary.Incomplete {
				t.Errorf("findings %v, incomplete %v: want the key the range added, complete", summarize(res.Findings), res.Summary.Incomplete)
			}
		})
	}
}

// An incomplete range reports no reuse (what it missed is unknown) and
// stays incomplete; a head-tree file that cannot be read makes a range
// with a secret incomplete, and one without a secret is not affected.
func TestRangeSecretReusedIncomplete(t *testing.T) {
	t.Parallel()
	tok := gittest.FakeToken("range-reuse-incomplete") // fake (TLFAKE)
	t.Run("range incomplete", func(t *testing.T) {
		r := gittest.New(t)
		base := r.Commit("base", map[string]string{"deploy/production/app.env": "GITHUB_TOKEN=" + tok + "\n"})
		head := r.Commit("change", map[string]string{
			"deploy/staging/app.env":  "GITHUB_TOKEN=" + tok + "\n",
			"deploy/staging/lost.txt": "a blob that goes missing\n",
		})
		removeObject(t, r, head+":deploy/staging/lost.txt")
		res := scanRange(t, r.Dir, base, head)
		if got := reusedOf(res); len(got) != 0 || !res.Summary.Incomplete {
			t.Errorf("secret-reused %v, incomplete %v: want none, incomplete", summarize(got), res.Summary.Incomplete)
		}
	})
	for _, withSecret := range []bool{true, false} {
		name := map[bool]string{true: "head file unreadable", false: "head file unreadable, no secret"}[withSecret]
		t.Run(name, func(t *testing.T) {
			r := gittest.New(t)
			base := r.Commit("base", map[string]string{"docs/lost.txt": "a blob that goes missing\n"})
			added := "NOTHING=here\n"
			if withSecret {
				added = "GITHUB_TOKEN=" + tok + "\n"
			}
			head := r.Commit("change", map[string]string{"deploy/staging/app.env": added})
			removeObject(t, r, head+":docs/lost.txt")
			res := scanRange(t, r.Dir, base, head)
			problems := strings.Join(res.Summary.Problems, "\n")
			if res.Summary.Incomplete != withSecret || withSecret != strings.Contains(problems, "secret-reused: docs/lost.txt") {
				t.Errorf("incomplete %v, problems %q; want incomplete naming docs/lost.txt: %v", res.Summary.Incomplete, problems, withSecret)
			}
		})
	}
}

func removeObject(t *testing.T, r *gittest.Repo, rev string) {
	t.Helper()
	if err := os.Remove(r.ObjectPath(r.Git("rev-parse", rev))); err != nil {
		t.Fatal(err)
	}
}

// --staged compares with the index, the tree the commit will have: a
// staged copy of a key another directory holds is reused, unless the
// same commit removes that copy.
func TestStagedSecretReused(t *testing.T) {
	t.Parallel()
	tok := gittest.FakeToken("staged-reuse") // fake (TLFAKE)
	for _, remove := range []bool{false, true} {
		r := gittest.New(t)
		r.Commit("base", map[string]string{"deploy/production/app.env": "\nGITHUB_TOKEN=" + tok + "\n"})
		r.Write("deploy/staging/app.env", "GITHUB_TOKEN="+tok+"\n")
		r.Git("add", "deploy/staging/app.env")
		if remove {
			r.Git("rm", "-q", "--cached", "deploy/production/app.env")
		}
		got := reusedOf(staged(t, r.Dir))
		switch {
		case remove && len(got) != 0:
			t.Errorf("production copy unstaged: secret-reused %v, want none", summarize(got))
		case !remove && (len(got) != 1 || got[0].File != "deploy/staging/app.env" || got[0].Commit != "" ||
			!slices.Equal(relatedOf(got[0]), []string{"deploy/production/app.env:2"})):
			t.Errorf("secret-reused %v, want deploy/staging/app.env naming deploy/production/app.env:2", summarize(got))
		}
	}
}

// A range that adds more secrets than the search is bounded to looks for
// the first ones (in report order) and says so in a note.
func TestRangeSecretReusedBounded(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	var keys []string
	var added strings.Builder
	for i := range 65 {
		// Fake tokens built for the test (TLFAKE); they grant nothing.
		keys = append(keys, gittest.FakeToken("range-reuse-many-"+strconv.Itoa(i)))
		added.WriteString("TOKEN_" + strconv.Itoa(i) + "=" + keys[i] + "\n")
	}
	base := r.Commit("base", map[string]string{
		"deploy/production/first.env": "GITHUB_TOKEN=" + keys[0] + "\n",
		"deploy/production/last.env":  "GITHUB_TOKEN=" + keys[64] + "\n",
	})
	head := r.Commit("many keys", map[string]string{"deploy/staging/keys.env": added.String()})
	res := scanRange(t, r.Dir, base, head)
	got := reusedOf(res)
	if len(got) != 1 || got[0].Line != 1 || !slices.Equal(relatedOf(got[0]), []string{"deploy/production/first.env:1"}) {
		t.Errorf("secret-reused %v, want only the first key's", summarize(got))
	}
	if n := res.Summary.Notes; len(n) != 1 || !strings.Contains(n[0], "only the first 64 secrets") || res.Summary.Incomplete {
		t.Errorf("notes %q, incomplete %v; want one saying 64 were looked for", n, res.Summary.Incomplete)
	}
}
