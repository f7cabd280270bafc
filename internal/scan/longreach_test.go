package scan_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// fakeKeyBody is the body of a PEM block shaped like a private key: 30
// lines of base64-looking text marked TLFAKE, no key in it, built at run
// time so no file holds one.
func fakeKeyBody() string {
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, "TLFAKE%02dq8ZrV7x2Vw9pL3nBk4Yt6Hs1Jd5Fg8Mc0Qa3We7Rt1Yu9Io2Pl5Kj8Hb\n", i)
	}
	return b.String()
}

const (
	pemBegin = "-----BEGIN " + "RSA PRIVATE KEY-----\n"
	pemEnd   = "-----END " + "RSA PRIVATE KEY-----\n"
)

// A multi-line key is far longer than the lines around an edit that are
// scanned with it. An edit deep inside one, here the fix of a broken END
// line 30 lines below BEGIN, still makes the key a finding of that edit,
// as a scan of the fixed file finds it.
func TestRangeFindsKeyCompletedByAnEdit(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	top := gittest.Lines(1, 20)
	body := fakeKeyBody()
	broken := r.Commit("add a key, END line mangled", map[string]string{"deploy/id_rsa.txt": top + pemBegin + body + "-----END RSA PRIVATE\n" + gittest.Lines(21, 20)})
	fixed := r.Commit("fix the END line", map[string]string{"deploy/id_rsa.txt": top + pemBegin + body + pemEnd + gittest.Lines(21, 20)})

	res := scanRange(t, r.Dir, broken, fixed)
	if len(res.Findings) != 1 || res.Findings[0].RuleID != "private-key" || res.Findings[0].Line != 21 || res.Findings[0].Commit != fixed {
		t.Fatalf("range %s..%s: findings %v, want the private key at line 21 from the fixing commit", broken[:7], fixed[:7], summarize(res.Findings))
	}
	res = history(t, r.Dir, historyOpts(t))
	if len(res.Findings) != 1 || res.Findings[0].RuleID != "private-key" || res.Findings[0].Commit != fixed {
		t.Fatalf("history: findings %v, want the private key from the fixing commit", summarize(res.Findings))
	}

	// An edit far below a key that was whole already adds nothing.
	later := r.Commit("edit the bottom", map[string]string{"deploy/id_rsa.txt": top + pemBegin + body + pemEnd + gittest.Lines(21, 19) + "the last line changed\n"})
	if res := scanRange(t, r.Dir, fixed, later); len(res.Findings) != 0 {
		t.Errorf("range %s..%s: findings %v, want none: the key was there before", fixed[:7], later[:7], summarize(res.Findings))
	}
	// History still has the key once, from the commit that completed it.
	res = history(t, r.Dir, historyOpts(t))
	if len(res.Findings) != 1 || res.Findings[0].Commit != fixed {
		t.Errorf("history: findings %v, want the key once, from the fixing commit", summarize(res.Findings))
	}
}

// The keyword search that lets most edits skip the long-reach rules follows
// a file from version to version: edits without a key, the edit that adds
// a broken one, the edit that completes it.
func TestRangeKeyCompletedAfterPlainEdits(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	top, bottom := gittest.Lines(1, 40), gittest.Lines(41, 40)
	start := r.Commit("plain file", map[string]string{"notes.txt": top + bottom})
	r.Commit("plain edit", map[string]string{"notes.txt": top + bottom + "one more line\n"})
	broken := r.Commit("paste a key, END line cut", map[string]string{"notes.txt": top + pemBegin + fakeKeyBody() + "-----END RSA\n" + bottom + "one more line\n"})
	fixed := r.Commit("finish the key", map[string]string{"notes.txt": top + pemBegin + fakeKeyBody() + pemEnd + bottom + "one more line\n"})
	for _, base := range []string{start, broken} {
		res := scanRange(t, r.Dir, base, fixed)
		if len(res.Findings) != 1 || res.Findings[0].RuleID != "private-key" || res.Findings[0].Line != 41 || res.Findings[0].Commit != fixed {
			t.Errorf("range %s..%s: findings %v, want the private key at line 41 from the last commit", base[:7], fixed[:7], summarize(res.Findings))
		}
	}
	if res := scanRange(t, r.Dir, start, broken); len(res.Findings) != 0 {
		t.Errorf("range up to the broken key: findings %v, want none", summarize(res.Findings))
	}
}
