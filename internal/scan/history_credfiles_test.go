package scan_test

import (
	"slices"
	"testing"

	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/gittest"
)

// A credential file that was ever committed is reported with the commit
// that added it, even after it was deleted; templates are not.
func TestHistoryReportsCommittedCredentialFiles(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	added := r.Commit("add config", map[string]string{
		// Fake values built for this test.
		"app/.env":         "DB_HOST=db\nAPI_KEY=Zq8vT2LmX9wK4rB7TLFAKE01\n",
		"app/.env.example": "API_KEY=<your-api-key>\n",
		"certs/client.p12": "\x00\x01binary keystore TLFAKE\x00",
		"README.md":        "hello\n",
	})
	r.Git("rm", "-q", "app/.env", "certs/client.p12")
	r.Commit("remove secrets", nil)

	opts := historyOpts(t)
	res := history(t, r.Dir, opts)
	var got []string
	for _, f := range res.Findings {
		if f.RuleID == gitignore.RuleTracked {
			if f.Commit != added {
				t.Errorf("%s attributed to %s, want %s", f.File, f.Commit, added)
			}
			got = append(got, f.File)
		}
	}
	slices.Sort(got)
	if want := []string{"app/.env", "certs/client.p12"}; !slices.Equal(got, want) {
		t.Errorf("committed credential files = %v, want %v", got, want)
	}

	// With the gitignore family off (--gitignore=false), only content
	// findings.
	off := historyOpts(t)
	off.NoGitignore = true
	for _, f := range history(t, r.Dir, off).Findings {
		if f.RuleID == gitignore.RuleTracked {
			t.Errorf("credential file %s reported with the gitignore family off", f.File)
		}
	}
}
