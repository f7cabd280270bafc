package detect_test

import (
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
)

// A plain-http-url finding names the URL's host in its message, without the
// user information or the query the URL may carry; a secret finding's
// message is the rule's own.
func TestPlainHTTPMessageNamesHost(t *testing.T) {
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	content := "postback_url: http://bob:hunter2pass@tracker.partner.io:8080/pb?key=abc\nwebhook: http://hooks.partner.io\n"
	fs := eng.Scan("config/app.yaml", []byte(content))
	var hosts []string
	for _, f := range fs {
		switch f.RuleID {
		case "plain-http-url":
			hosts = append(hosts, f.Message)
			for _, leak := range []string{"hunter2pass", "bob", "key=abc", "/pb"} {
				if strings.Contains(f.Message, leak) {
					t.Errorf("message %q shows %q", f.Message, leak)
				}
			}
		case "url-credentials":
			if strings.Contains(f.Message, "(host") {
				t.Errorf("a secret finding names a host: %q", f.Message)
			}
		}
	}
	if len(hosts) != 2 || !strings.HasSuffix(hosts[0], "(host tracker.partner.io:8080).") || !strings.HasSuffix(hosts[1], "(host hooks.partner.io).") {
		t.Errorf("plain-http-url messages %q, want each to name its host", hosts)
	}
}

// A finding of a gitleaks rule gets tightlip's message: what was found,
// where (by the file's kind or the commit), and the fix for that place,
// naming the provider; never the secret, the file name or gitleaks' text.
func TestDescribeByKindOfFile(t *testing.T) {
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, line, commit string
		want               []string
	}{
		{".env", "GITHUB_TOKEN=" + fakePAT, "", []string{"is written in an environment file", "git rm --cached", "rotate it at GitHub"}},
		{"public/js/app.js", `const t = "` + fakePAT + `";`, "", []string{"client-side code that browsers download", "Every visitor can read it", "server"}},
		{"web/index.html", `<script>var t = "` + fakePAT + `"</script>`, "", []string{"client-side code"}},
		{"server/api.js", `const t = "` + fakePAT + `";`, "", []string{"in source code", "environment variable or a secret manager"}},
		{"cmd/app/main.go", `var t = "` + fakePAT + `"`, "", []string{"in source code", "rotate it at GitHub"}},
		{"config/app.yaml", "token: " + fakePAT, "", []string{"in a configuration file", "secret manager"}},
		{".github/workflows/ci.yml", "  TOKEN: " + fakePAT, "", []string{"in a CI workflow", "secrets.NAME"}},
		{"Dockerfile", "ENV T=" + fakePAT, "", []string{"in a Dockerfile", "--mount=type=secret"}},
		{"docker-compose.yml", "  T: " + fakePAT, "", []string{"in a Compose file"}},
		{"docs/setup.md", "Use `" + fakePAT + "`", "", []string{"in documentation", "placeholder", "if it was real"}},
		{"MANUAL.html", "<code>" + fakePAT + "</code>", "", []string{"in documentation", "placeholder"}},
		{"docs/api/index.html", "<code>" + fakePAT + "</code>", "", []string{"in documentation"}},
		{"rclone.1", "token = " + fakePAT, "", []string{"in documentation"}},
		{"analysis.ipynb", `"t = '` + fakePAT + `'"`, "", []string{"in a notebook", "clear the outputs"}},
		{"-", "t=" + fakePAT, "", []string{"in the text scanned", "secret manager"}},
		{"keys/token", "t=" + fakePAT, "", []string{"in a file of the repository"}},
		{"internal/x/x_test.go", `var t = "` + fakePAT + `"`, "", []string{"in a test fixture", "tightlip:allow", "If it is real"}},
		{"cmd/app/main.go", `var t = "` + fakePAT + `"`, "0123456789abcdef0123456789abcdef01234567", []string{"was committed in 0123456789ab, in source code", "git filter-repo", "rotate it at GitHub"}},
	} {
		fs := eng.Scan(tc.path, []byte(tc.line+"\n"))
		var pat *finding.Finding
		for i := range fs {
			fs[i].Commit = tc.commit
			if fs[i].RuleID == "github-pat" {
				pat = &fs[i]
			}
		}
		if pat == nil {
			t.Errorf("%s: no github-pat finding in %v", tc.path, fs)
			continue
		}
		eng.Describe(fs)
		msg := pat.Message
		if !strings.HasPrefix(msg, "A GitHub personal access token ") || strings.Count(msg, ". ") != 1 || !strings.HasSuffix(msg, ".") {
			t.Errorf("%s: message %q is not two sentences about the token", tc.path, msg)
		}
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: message %q lacks %q", tc.path, msg, w)
			}
		}
		// A bare name such as Dockerfile is also the kind's name; a path
		// with a directory must not appear.
		for _, leak := range []string{fakePAT, "Uncovered", tc.path} {
			if strings.Contains(msg, leak) && (leak != tc.path || strings.Contains(leak, "/")) {
				t.Errorf("%s: message %q shows %q", tc.path, msg, leak)
			}
		}
	}
}

// Findings of other rules keep their messages: an insecure-transport
// content rule's, a finding Describe does not know the rule of.
func TestDescribeLeavesOtherFindings(t *testing.T) {
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	fs := eng.Scan("config/app.yaml", []byte("webhook: http://hooks.partner.io\n"))
	fs = append(fs, finding.Finding{RuleID: "gitignore-missing", Category: rule.Gitignore, Message: "no .gitignore", File: ".env"},
		finding.Finding{RuleID: "go-hardcoded-credential", Category: rule.HardcodedSecret, Message: "analyzer's own", File: "main.go"})
	before := make([]string, len(fs))
	for i, f := range fs {
		before[i] = f.Message
	}
	eng.Describe(fs)
	for i, f := range fs {
		if f.Message != before[i] {
			t.Errorf("%s: message changed from %q to %q", f.RuleID, before[i], f.Message)
		}
	}
	if len(fs) != 3 {
		t.Errorf("want the plain-http-url finding and the two added, got %d", len(fs))
	}
}

// tightlip's own rules keep their first sentence and get the fix for the
// place; a decoded match still says where it was decoded from.
func TestDescribeOwnRuleAndDecodedTail(t *testing.T) {
	set, err := contentrules.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := set.Catalogue.Lookup("password-assignment")
	msg := detect.Message(r, ".env", "", " (in base64 text)")
	want := "A password is set in a configuration, environment or shell file (in base64 text). Keep the file out of git"
	if !strings.HasPrefix(msg, want) || !strings.HasSuffix(msg, "and rotate it.") {
		t.Errorf("message %q, want it to start %q and end with the rotation", msg, want)
	}
	r, _ = set.Catalogue.Lookup("url-query-secret")
	if msg := detect.Message(r, "src/client.py", "", ""); !strings.Contains(msg, "URLs end up in logs") || !strings.Contains(msg, "header") {
		t.Errorf("url-query-secret message %q does not say why a URL is the wrong place", msg)
	}
	r, _ = set.Catalogue.Lookup("everflow-api-key")
	if msg := detect.Message(r, "main.go", "", ""); !strings.HasSuffix(msg, "rotate it at Everflow.") {
		t.Errorf("everflow-api-key message %q does not name Everflow", msg)
	}
}

// Every content rule that finds a secret yields a non-empty message with a
// fix, for every kind of place, now and in history.
func TestEveryContentRuleMessageHasFix(t *testing.T) {
	set, err := contentrules.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{".env", "public/app.js", "main.go", "config.yaml", ".github/workflows/ci.yml", "Dockerfile",
		"README.md", "x.ipynb", "testdata/k.txt", "-", "blob.bin", ".npmrc", ".env.example"}
	n := 0
	for _, r := range set.Catalogue.All() {
		if _, content := set.Content.Rules[r.ID]; !content || r.Category != rule.HardcodedSecret && r.Category != rule.SecretExposure {
			continue
		}
		n++
		for _, p := range paths {
			for _, commit := range []string{"", "89abcdef0123456789abcdef0123456789abcdef"} {
				msg := detect.Message(r, p, commit, "")
				first, fix, ok := strings.Cut(msg, ". ")
				if !ok || first == "" || !strings.HasSuffix(fix, ".") {
					t.Fatalf("%s in %s: message %q is not a finding and a fix", r.ID, p, msg)
				}
				if !strings.Contains(fix, "rotate it") && !strings.Contains(fix, "placeholder") {
					t.Errorf("%s in %s: fix %q says neither to rotate nor to replace", r.ID, p, fix)
				}
				if commit != "" && !strings.Contains(msg, "89abcdef0123") {
					t.Errorf("%s in %s: history message %q does not name the commit", r.ID, p, msg)
				}
				if r.Origin == "gitleaks" && len(r.Full) > 40 && strings.Contains(msg, r.Full) {
					t.Errorf("%s: message %q repeats gitleaks' description", r.ID, msg)
				}
			}
		}
	}
	if n < 200 {
		t.Errorf("only %d content rules checked, want the gitleaks rules and tightlip's", n)
	}
}

// A rule that matches a file by its name alone (pkcs12-file) says the file
// is the credential, and to take it out of git, wherever it lies.
func TestDescribeWholeFile(t *testing.T) {
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	fs := eng.Scan("deploy/cert.p12", []byte("binary"))
	if len(fs) != 1 || fs[0].RuleID != "pkcs12-file" {
		t.Fatalf("findings %v, want pkcs12-file", fs)
	}
	eng.Describe(fs)
	if want := "This file is a PKCS #12 key store. Keep the file out of git (`git rm --cached`"; !strings.HasPrefix(fs[0].Message, want) {
		t.Errorf("message %q, want it to start %q", fs[0].Message, want)
	}
	fs[0].Commit = "0123456789abcdef0123456789abcdef01234567"
	eng.Describe(fs)
	if want := "This file, a PKCS #12 key store, was committed in 0123456789ab. Deleting it later"; !strings.HasPrefix(fs[0].Message, want) {
		t.Errorf("history message %q, want it to start %q", fs[0].Message, want)
	}
}
