package detect_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/gittest"
)

// A password, a query key or a plain-http endpoint written in a URL to a
// host documentation makes up is a sample and is counted as a
// placeholder; the same URL to a real host is reported, and a provider's
// key keeps its finding in any URL.
func TestExampleHostsAreSamples(t *testing.T) {
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	// A fake password, built for this test: random-looking, no marker word.
	const pw = "Kq9vT2LmX9wK4rB7"
	pat := gittest.FakeToken("examplehost")
	cases := []struct {
		line string
		want []string // rule IDs reported
	}{
		// Examples: reserved TLDs, example.*, made-up companies.
		{"db: postgres://admin:" + pw + "@db.mycompany.org/app", nil},
		{"db: postgres://admin:" + pw + "@db.example.co.uk/app", nil},
		{"url: https://bob:" + pw + "@git.contoso.com/x", nil},
		{"api: http://api.mycompany.org/v1", nil},
		{"api: http://default-url.com/v1", nil},
		{"api: http://svc.test/x", nil},
		{"api: http://svc.invalid/x", nil},
		{"cb: \"https://api.fabrikam.com/v1?api_key=" + pw + "ab\"", nil},
		// Real hosts, and names that only contain an example word.
		{"db: postgres://admin:" + pw + "@db.corp.io/app", []string{"connection-string-password"}},
		{"url: https://bob:" + pw + "@git.corp.io/x", []string{"url-credentials"}},
		{"api: http://api.corp.io/v1", []string{"plain-http-url"}},
		{"api: http://mycompany-api.io/v1", []string{"plain-http-url"}},
		{"cb: \"https://api.corp.io/v1?api_key=" + pw + "ab\"", []string{"url-query-secret"}},
		// A provider's key is a key whatever the host.
		{"url: https://x:" + pat + "@github.example.com/o/r.git", []string{"github-pat"}},
	}
	for _, c := range cases {
		res := eng.Detect("deploy/app.yaml", []byte(c.line+"\n"))
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.RuleID)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s\n  reported %v, want %v", c.line, got, c.want)
		}
		if len(c.want) == 0 && res.Placeholders == 0 {
			t.Errorf("%s\n  dropped without being counted as a placeholder", c.line)
		}
	}
}

// The walk to a secret's URL is bounded: a finding on a megabyte-long
// run without delimiters is still reported, not searched to its start.
func TestExampleHostLongRun(t *testing.T) {
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	run := make([]byte, 1<<20)
	for i := range run {
		run[i] = 'a' + byte(i%7)
	}
	line := fmt.Sprintf("http://api.example.com/%s?x=1&api_key=Kq9vT2LmX9wK4rB7ab", run)
	res := eng.Detect("deploy/app.yaml", []byte("u: \""+line+"\"\n"))
	for _, f := range res.Findings {
		if f.RuleID == "url-query-secret" {
			return
		}
	}
	t.Errorf("a key 1 MiB into an example.com URL: %+v; want url-query-secret (its URL is too long to judge)", res.Findings)
}
