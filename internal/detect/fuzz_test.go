package detect_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gittest"
)

// FuzzDetect scans arbitrary bytes with the built-in rules. Whatever the
// input, the engine must not panic, must report positions inside the
// content, must give the same answer twice, and must give each finding its
// own identity, which its fingerprint is made from (a baseline that merged
// two findings would hide one).
// .ci/run runs it for a bounded time; every crash it finds becomes a seed
// in testdata/fuzz/FuzzDetect.
func FuzzDetect(f *testing.F) {
	for _, seed := range []string{
		"",
		"token = \"" + gittest.FakeToken("fuzz") + "\"\n",
		"AWS_SECRET_ACCESS_KEY=TLFAKEtlfakeTLFAKEtlfakeTLFAKEtlfakeTLFA\r\nnext\rline\n",
		"-----BEGIN RSA PRIVATE KEY-----\nTLFAKE\n-----END RSA PRIVATE KEY-----\n",
		"url: http://user:pass@api.example.com/?api_key=TLFAKE0123456789abcdef\n",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJUTEZBS0UifQ.TLFAKEsignaturepartxyz " + "\x00\xff\xfe",
		"key=key=key=key=key=key=key=key=",
	} {
		f.Add([]byte(seed))
	}
	eng := defaultEngine(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		res := eng.Detect("fuzz.txt", data)
		lines := 1 + bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r"))
		seen := map[string]bool{}
		for _, fd := range res.Findings {
			if fd.Line < 1 || fd.Line > lines || fd.EndLine < fd.Line || fd.EndLine > lines || fd.Column < 1 {
				t.Errorf("%s: position %d:%d-%d:%d outside content of %d lines", fd.RuleID, fd.Line, fd.Column, fd.EndLine, fd.EndColumn, lines)
			}
			if fd.Identity == "" || seen[fd.Identity] {
				t.Errorf("%s at %d:%d: identity empty or shared", fd.RuleID, fd.Line, fd.Column)
			}
			seen[fd.Identity] = true
		}
		again := eng.Detect("fuzz.txt", data)
		if !slices.EqualFunc(res.Findings, again.Findings, func(a, b finding.Finding) bool {
			return a.Identity == b.Identity && a.Line == b.Line && a.Column == b.Column
		}) || res.Suppressed != again.Suppressed {
			t.Errorf("two scans of the same content differ: %d then %d findings", len(res.Findings), len(again.Findings))
		}
	})
}
