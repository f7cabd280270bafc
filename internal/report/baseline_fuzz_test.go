package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/report"
)

// FuzzLoadBaseline reads arbitrary bytes as a baseline: a baseline may
// come with the change under review. Whatever they hold, loading returns a
// baseline or an error naming the file, never panics, and the error quotes
// no run of the file's text (the fake token the seeds plant included).
func FuzzLoadBaseline(f *testing.F) {
	f.Add([]byte(`{"findings":[{"fingerprint":"abc"}],"summary":{"fingerprint_key":"env","fingerprint_key_id":"0123"}}`))
	f.Add([]byte(`{"findings":[{"fingerprint":"ghp_TLFAKEbaselinefuzz0123456789abcd"}]} trailing`))
	f.Add([]byte(`{"findings":"ghp_TLFAKEbaselinefuzz0123456789abcd"}`))
	f.Add([]byte(`ghp_TLFAKEbaselinefuzz0123456789abcd`))
	f.Add([]byte{0xff, 0xfe, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "baseline.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		b, err := report.LoadBaseline(path)
		if err == nil {
			if b == nil {
				t.Fatal("no baseline and no error")
			}
			return
		}
		msg := err.Error()
		if !strings.Contains(msg, path) {
			t.Errorf("the error does not name the file: %q", msg)
		}
		msg = strings.ReplaceAll(msg, path, "")
		const run = 12
		for i := 0; i+run <= len(data); i++ {
			w := string(data[i : i+run])
			if strings.Contains(msg, w) && !strings.Contains(errorWords, w) {
				t.Fatalf("the error quotes the file's text %q: %q", w, msg)
			}
		}
	})
}

// errorWords are the words LoadBaseline's messages are made of: a run of
// the file that is one of them is the message's, not a quote.
const errorWords = `not a tightlip JSON report: unexpected data after the report object; no "findings" array; finding has no fingerprint; no such file (create it with: tightlip scan --format json -o `
