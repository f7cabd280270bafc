package detect_test

import (
	"encoding/base64"
	"slices"
	"testing"

	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
)

// Fake secrets, built at run time so that this file holds none whole.
var (
	fakePAT    = "ghp_" + "T1fAkE0q8Zr2mN4vK7xW1pJ9sLd3T8a9b0c1"
	fakePAT2   = "ghp_" + "Q9zTLFAKEx4Lm2Np7Rs1Tu8Vw3Xy6Za0Bc5D"
	fakeGCPKey = "AIza" + "SyD3XkVbTLFAKEpL9rT4wZ7nY1cE5fH6jK0"
)

type seen struct {
	rule string
	also []string
	line int
}

func summarize(fs []finding.Finding) []seen {
	var out []seen
	for _, f := range fs {
		out = append(out, seen{f.RuleID, f.Also, f.Line})
	}
	return out
}

// One finding per secret per place: the provider's rule reports a secret
// that a header, URL or assignment rule matched too, and lists them in
// Also; so does it for a secret decoded where its encoded form matched.
func TestOneFindingPerSecret(t *testing.T) {
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, content string
		rule                string
		also                []string
	}{
		{"curl header", "deploy.sh", `curl -H "Authorization: Bearer ` + fakePAT + `" https://api.github.com/user` + "\n",
			"github-pat", []string{"curl-auth-header"}},
		{"query string", "maps.sh", `curl "https://maps.googleapis.com/maps/api/geocode/json?key=` + fakeGCPKey + `"` + "\n",
			"gcp-api-key", []string{"url-query-secret"}},
		{"url credentials", "clone.sh", "git clone https://ci:" + fakePAT + "@github.com/o/r.git\n",
			"github-pat", []string{"url-credentials"}},
		{"decoded", "settings.py", `api_token = "` + base64.StdEncoding.EncodeToString([]byte(fakePAT)) + `"` + "\n",
			"github-pat", []string{"generic-api-key"}},
		// A URL and its percent-encoded copy on one line: reported once, where
		// it is written as such.
		{"percent-encoded copy", "links.txt", "see https://api.corp.io/v1?api_key=Zq8vT2LmX9wK4rB7TLFAKE01 (encoded: https%3A%2F%2Fapi.corp.io%2Fv1%3Fapi_key%3DZq8vT2LmX9wK4rB7TLFAKE01)\n",
			"url-query-secret", nil},
		{"percent-encoded credentials", "links.txt", "https://bob:Zq8vT2LmX9wK4rB7TLFAKE01@git.corp.io/x https%3A%2F%2Fbob%3AZq8vT2LmX9wK4rB7TLFAKE01%40git.corp.io%2Fx\n",
			"url-credentials", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := eng.Scan(tt.path, []byte(tt.content))
			if len(fs) != 1 || fs[0].RuleID != tt.rule || !slices.Equal(fs[0].Also, tt.also) {
				t.Fatalf("findings %+v, want one %s with also %q", summarize(fs), tt.rule, tt.also)
			}
			if fs[0].Identity != finding.IdentityOf(tt.rule, tt.path, fs[0].Secret, 0) {
				t.Errorf("identity is not the reporting rule's own: a baseline would not match")
			}
		})
	}
}

// What is not one secret at one place stays apart: two secrets on a line,
// one secret on two lines, and a plain-http URL that holds credentials (a
// transport problem and a secret).
func TestDifferentSecretsStayApart(t *testing.T) {
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, content string
		want                []string
	}{
		{"two tokens on a line", "two.sh", `curl -H "Authorization: Bearer ` + fakePAT + `" https://x:` + fakePAT2 + "@github.com/o/r.git\n",
			[]string{"github-pat", "github-pat"}},
		{"one token on two lines", "twice.sh", "git clone https://ci:" + fakePAT + "@github.com/o/r.git\ngit clone https://ci:" + fakePAT + "@github.com/o/s.git\n",
			[]string{"github-pat", "github-pat"}},
		{"plain http with credentials", "app.yaml", "postback_url: http://bob:hunter2pass@tracker.partner.io/pb\n",
			[]string{"plain-http-url", "url-credentials"}},
		{"a plain-http URL and its percent-encoded copy", "app.json", `{"callback_url": "http%3A%2F%2Ftracker.partner.io%2Fpb", "postback_url": "http://tracker.partner.io/pb"}` + "\n",
			[]string{"plain-http-url"}},
		{"two plain-http hosts, one of them encoded", "app.json", `{"callback_url": "http%3A%2F%2Fother.partner.io%2Fpb", "postback_url": "http://tracker.partner.io/pb"}` + "\n",
			[]string{"plain-http-url", "plain-http-url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := eng.Scan(tt.path, []byte(tt.content))
			var got []string
			for _, f := range fs {
				got = append(got, f.RuleID)
				if f.RuleID == "plain-http-url" && len(f.Also) > 0 {
					t.Errorf("plain-http-url lists %q", f.Also)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings %+v, want rules %q", summarize(fs), tt.want)
			}
			if tt.name == "two tokens on a line" {
				for _, f := range fs {
					if f.Secret == fakePAT2 && !slices.Equal(f.Also, []string{"url-credentials"}) ||
						f.Secret == fakePAT && !slices.Equal(f.Also, []string{"curl-auth-header"}) {
						t.Errorf("%s…: also %q", f.Secret[:6], f.Also)
					}
				}
			}
		})
	}
}

// A secret whose line an allow marker suppresses counts once, as one secret.
func TestAllowedSecretCountsOnce(t *testing.T) {
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	res := eng.Detect("clone.sh", []byte("git clone https://ci:"+fakePAT+"@github.com/o/r.git # tightlip:allow\n"))
	if len(res.Findings) != 0 || res.Suppressed != 1 {
		t.Errorf("findings %+v, suppressed %d; want none reported and one suppressed", summarize(res.Findings), res.Suppressed)
	}
}
