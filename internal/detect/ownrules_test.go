package detect_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
)

// Every credential in this file is fake: made up for these tests and tagged
// TLFAKE / TLfake so that nobody mistakes it for a leak. They are shaped so
// that they are not placeholders (see placeholder.Is): a rule that misses
// them misses real secrets.
const (
	efKey  = "TLFAKEq8Zr2mN4vK7xW1pJ9s" // an opaque Everflow-style key
	efKey2 = "TLFAKE-Xw3n_Rb7Lp2Qz9Tc4"
	tok    = "TLFAKEtok9Qx2Lm7Vb4Zn8Rw" // some API token
	pw     = "TLfake7Pw9qZ"             // a password
	pw2    = "TLfake!2024#pw"
	pw3    = "TLfake~2024-pw" // for URLs, where # would start the fragment

	bcryptHash = "$2y$10$TLFAKEdHm47Ai5P29rp6S9q5DQ5m4Q3FZpGDbLBMjA65OzqcvuiaT"
	bcrypt2    = "$2b$12$TLFAKELT8azftY7DpJfHyp37cfgzu69Ww65btYlg0vhJCz5PYETmm"
	apr1Hash   = "$apr1$TLFAKE01$z8JtnXFrXphkRH8KHRR/yL"
	sha512Hash = "$6$TLFAKEsalt$VY.GpjcE4ummnmBxn5M6OsICf4B.HAi17OkHUgiwDCyvxxb8GBfVxI0OiG1a9ViJhQeQMSnRNzh11XwVMgtgi8"
	shaHash    = "{SHA}VExGQUtFcDR08GSsaPcA9bArPcY="
	pbkdf2Hash = "pbkdf2_sha256$600000$TLFAKEsalt01$hNZDH7Xq10JNCeFdAkxYSPI9H6b3Nh1/YY0VMucOIOI="
	awsSecret  = "TLFAKEZ9W3qLy7zKUVQDT7S8sTQCBNR3YbDgblep"
	dockerAuth = "ZGVwbG95OlRMZmFrZTdQdzlxWg==" // base64("deploy:TLfake7Pw9qZ")
	fzPass     = "VExmYWtlN1B3OXFa"             // base64("TLfake7Pw9qZ")
	ppkBlob    = "VExGQUtFIHB1dHR5IHByaXZhdGUgYmxvYiBmb3IgdGVzdHMgb25seSwgbm90IGEga2V5"
)

// Weak passwords, as people really set them: fake like the rest (the hosts
// beside them are *.tlfake.test), and placeholders by placeholder.Is's
// vocabulary, but findings in the files whose only purpose is to hold
// credentials (credentialFiles in internal/contentrules/tightlip.toml).
const (
	weak1    = "pass123"
	weak2    = "admin"
	weak3    = "password"
	weak1B64 = "cGFzczEyMw==" // base64("pass123")
	// gppFake is shaped like a GPP cpassword, but encrypts nothing.
	gppFake = "TLFAKEj1Uyj3Vx8TY9LtLZil2uAuZkFQA/4latT76ZwgdHdhw7hIr"
)

// at is one expected finding of the rule under test.
type at struct {
	line   int
	secret string
}

// ownWant is one expected finding of another of tightlip's rules.
type ownWant struct {
	rule   string
	line   int
	secret string
}

type ownCase struct {
	name    string
	path    string
	content string
	// want lists the rule's findings; also lists findings of tightlip's
	// other rules on the same content. Together they are every finding of
	// tightlip's own rules: anything else is a false positive.
	want []at
	also []ownWant
	// clean demands no finding at all, gitleaks' rules included.
	clean bool
}

type ruleTable struct {
	rule  string
	cases []ownCase
}

var (
	engineOnce sync.Once
	engine     *detect.Engine
	engineErr  error
)

func defaultEngine(t testing.TB) *detect.Engine {
	t.Helper()
	engineOnce.Do(func() { engine, engineErr = detect.NewDefault() })
	if engineErr != nil {
		t.Fatal(engineErr)
	}
	return engine
}

func TestOwnRules(t *testing.T) {
	// Each rule is judged on what it matches, also where another rule
	// reports the secret (see TestOneFindingPerSecret).
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	detect.EveryRule(eng)
	for _, tab := range ownRuleTables {
		for _, c := range tab.cases {
			t.Run(tab.rule+"/"+c.name, func(t *testing.T) {
				fs := eng.Scan(c.path, []byte(c.content))
				var got, all []string
				for _, f := range fs {
					s := fmt.Sprintf("%s line %d %q", f.RuleID, f.Line, f.Secret)
					all = append(all, s)
					// Secrets found in decoded (base64 …) text are the
					// engine's business: the rules are judged on the text.
					if r, _ := eng.Catalogue().Lookup(f.RuleID); r.Origin == "tightlip" && strings.Contains(c.content, f.Secret) {
						got = append(got, s)
					}
				}
				var want []string
				for _, w := range c.want {
					want = append(want, fmt.Sprintf("%s line %d %q", tab.rule, w.line, w.secret))
				}
				for _, w := range c.also {
					want = append(want, fmt.Sprintf("%s line %d %q", w.rule, w.line, w.secret))
				}
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s:\n%s\ngot  %q\nwant %q", c.path, c.content, got, want)
				}
				if c.clean && len(all) > 0 {
					t.Errorf("%s:\n%s\nwant no findings from any rule, got %q", c.path, c.content, all)
				}
			})
		}
	}
}

// TestOwnRulesCovered makes every rule in internal/contentrules/tightlip.toml carry its
// catalogue metadata and at least one true and one false positive above.
func TestOwnRulesCovered(t *testing.T) {
	set, err := contentrules.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]ruleTable{}
	for _, tab := range ownRuleTables {
		tables[tab.rule] = tab
	}
	n := 0
	for _, r := range set.Catalogue.All() {
		if _, content := set.Content.Rules[r.ID]; !content || r.Origin != "tightlip" {
			continue // gitleaks' rules, and the analyzers' and gitignore checks
		}
		n++
		if r.Category == "" || r.Severity == "" || r.CWE == "" || r.Precision == "" || strings.TrimSpace(r.Help) == "" || r.Full == "" {
			t.Errorf("%s: incomplete metadata %+v", r.ID, r)
		}
		cr := set.Content.Rules[r.ID]
		if cr.Regex == nil {
			t.Errorf("%s: no content regex", r.ID)
			continue
		}
		if len(cr.Keywords) == 0 {
			t.Errorf("%s: no keywords", r.ID)
		}
		for _, k := range cr.Keywords {
			if k != strings.ToLower(k) {
				t.Errorf("%s: keyword %q is not lower case", r.ID, k)
			}
		}
		tab, ok := tables[r.ID]
		if !ok {
			t.Errorf("%s: no test table", r.ID)
			continue
		}
		var pos, neg int
		for _, c := range tab.cases {
			if len(c.want) > 0 {
				pos++
			} else {
				neg++
			}
		}
		if pos == 0 || neg == 0 {
			t.Errorf("%s: %d true and %d false positive cases, want at least one of each", r.ID, pos, neg)
		}
	}
	if n != len(ownRuleTables) {
		t.Errorf("%d own rules in the catalogue, %d test tables", n, len(ownRuleTables))
	}
}

// TestOwnRulesFindingPosition checks that a finding points at the
// secret itself, so reports underline the value and not the key.
func TestOwnRulesFindingPosition(t *testing.T) {
	eng := defaultEngine(t)
	content := "# settings\nexport EVERFLOW_API_KEY=\"" + efKey + "\"\n"
	fs := eng.Scan(".env", []byte(content))
	f := only(t, fs, "everflow-api-key")
	if f.Line != 2 || f.Column != len(`export EVERFLOW_API_KEY="`)+1 || f.EndColumn != f.Column+len(efKey) {
		t.Errorf("finding at %d:%d-%d, want 2:%d-%d", f.Line, f.Column, f.EndColumn,
			len(`export EVERFLOW_API_KEY="`)+1, len(`export EVERFLOW_API_KEY="`)+1+len(efKey))
	}
	if f.Category != rule.HardcodedSecret || f.Severity != rule.Error || f.Message == "" {
		t.Errorf("finding metadata %+v", f)
	}
	f = only(t, eng.Scan("config/app.yaml", []byte("postback_url: http://tracker.partner.io/pb\n")), "plain-http-url")
	if f.Category != rule.InsecureTransport || f.Severity != rule.Warning {
		t.Errorf("plain-http-url finding metadata %+v", f)
	}
}

func only(t *testing.T, fs []finding.Finding, rule string) finding.Finding {
	t.Helper()
	var out []finding.Finding
	for _, f := range fs {
		if f.RuleID == rule {
			out = append(out, f)
		}
	}
	if len(out) != 1 {
		t.Fatalf("want one %s finding, got %+v", rule, fs)
	}
	return out[0]
}

// TestPlaceholdersAreNeverFindings scans documentation-style placeholders
// through the whole engine: no rule, gitleaks' included, may report them.
func TestPlaceholdersAreNeverFindings(t *testing.T) {
	eng := defaultEngine(t)
	cases := []struct{ path, content string }{
		{"docs/everflow.md", `curl -H "X-Eflow-API-Key: --your-api-key--" https://api.eflow.team/v1/networks/offers`},
		{"docs/everflow.md", `curl -H "X-Eflow-API-Key: <YOUR_API_KEY>" https://api.eflow.team/v1/networks/offers`},
		{"docs/github.md", "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"},
		{"docs/stripe.md", "STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\n"},
		{"docs/api.md", "api_key = \"YOUR_API_KEY_HERE\"\nsecret_token: your_secret_token_here\n"},
		{"docs/api.md", "curl -H \"Authorization: Bearer <token>\" https://api.partner.io/v1\n"},
		{"docs/api.md", "curl -H \"Authorization: Bearer ${ACCESS_TOKEN}\" https://api.partner.io/v1\n"},
		{"docs/aws.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"},
		{"docs/slack.md", "SLACK_WEBHOOK=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n"},
		{".env.example", "API_KEY=changeme\nAPI_TOKEN=REPLACE_ME\nAPI_SECRET=<api-secret>\nAUTH_TOKEN={{ .Values.authToken }}\nACCESS_KEY=%ACCESS_KEY%\nCLIENT_SECRET=[REDACTED]\nSECRET_KEY=****************\n"},
		{"config/app.yaml", "password: password\npassword: changeme\napi_key: null\ntoken: none\nsecret: dummy\n"},
	}
	for _, c := range cases {
		if fs := eng.Scan(c.path, []byte(c.content)); len(fs) > 0 {
			var got []string
			for _, f := range fs {
				got = append(got, fmt.Sprintf("%s line %d %q", f.RuleID, f.Line, f.Secret))
			}
			t.Errorf("%s:\n%s\nwant no findings, got %q", c.path, c.content, got)
		}
	}
}

func one(line int, secret string) []at { return []at{{line, secret}} }

var ownRuleTables = []ruleTable{
	{"everflow-api-key", []ownCase{
		{name: "curl header", path: "scripts/offers.sh",
			content: `curl -H "X-Eflow-API-Key: ` + efKey + `" https://api.eflow.team/v1/networks/offers`,
			want:    one(1, efKey)},
		{name: "curl header continued", path: "README.md",
			content: "```sh\ncurl -s \\\n  -H 'x-eflow-api-key: " + efKey2 + "' \\\n  https://api-eu.eflow.team/v1/networks/reporting\n```\n",
			want:    one(3, efKey2)},
		{name: "fetch headers", path: "web/src/api.js",
			content: "const res = await fetch('https://api.eflow.team/v1/networks/offers', {\n  headers: { 'X-Eflow-API-Key': '" + efKey + "', 'Content-Type': 'application/json' },\n});\n",
			want:    one(2, efKey)},
		{name: "ts constant", path: "src/everflow.ts",
			content: "export const EVERFLOW_API_KEY = \"" + efKey + "\";\n",
			want:    one(1, efKey)},
		{name: "js env fallback", path: "server/index.js",
			content: "const everflowApiKey = process.env.EVERFLOW_API_KEY || '" + efKey + "';\n",
			want:    one(1, efKey)},
		{name: "go header set", path: "client/client.go",
			content: "package client\n\nfunc sign(req *http.Request) {\n\treq.Header.Set(\"X-Eflow-API-Key\", \"" + efKey + "\")\n}\n",
			want:    one(4, efKey)},
		{name: "go header literal", path: "client/headers.go",
			content: "var h = http.Header{\"X-Eflow-API-Key\": {\"" + efKey + "\"}}\n",
			want:    one(1, efKey)},
		{name: "python dict and getenv default", path: "ef/client.py",
			content: "headers = {\"X-Eflow-API-Key\": \"" + efKey + "\"}\nkey = os.getenv(\"EVERFLOW_API_KEY\", \"" + efKey2 + "\")\n",
			want:    []at{{1, efKey}, {2, efKey2}}},
		{name: "http file", path: "api/offers.http",
			content: "GET https://api.eflow.team/v1/networks/offers\nX-Eflow-API-Key: " + efKey + "\nAccept: application/json\n",
			want:    one(2, efKey)},
		{name: "dotenv variants", path: ".env",
			content: "EVERFLOW_API_KEY=" + efKey + "\nEF_API_KEY=" + efKey2 + "\nEFLOW_API_KEY='" + efKey + "'\n",
			want:    []at{{1, efKey}, {2, efKey2}, {3, efKey}}},
		{name: "shell export", path: "deploy/env.sh",
			content: "#!/bin/sh\nexport EVERFLOW_API_KEY=\"" + efKey + "\"\n",
			want:    one(2, efKey)},
		// A nested block (everflow:\n  api_key: …) is left to gitleaks'
		// generic-api-key: a match starting on the everflow: line would not
		// shadow generic's finding on the value line, and both would show.
		{name: "yaml", path: "config/app.yaml",
			content: "everflow_api_key: " + efKey + "\neverflow:\n  network_id: 42\n  api_key: \"" + efKey2 + "\"\n",
			want:    one(1, efKey)},
		{name: "json", path: "config/settings.json",
			content: "{\"everflowApiKey\": \"" + efKey + "\", \"everflow\": {\"apiKey\": \"" + efKey2 + "\"}}\n",
			want:    []at{{1, efKey}, {1, efKey2}}},
		{name: "php curl headers", path: "lib/Everflow.php",
			content: "curl_setopt($ch, CURLOPT_HTTPHEADER, ['X-Eflow-API-Key: " + efKey + "']);\n",
			want:    one(1, efKey)},
		{name: "postman collection", path: "postman/everflow.postman_collection.json",
			content: "\"header\": [\n  {\n    \"key\": \"X-Eflow-API-Key\",\n    \"value\": \"" + efKey + "\",\n    \"type\": \"text\"\n  }\n]\n",
			want:    one(4, efKey)},
		{name: "lower-case header, 21 characters", path: "src/conversions.ts",
			content: "headers: {\n  'Content-Type': 'application/json',\n  'x-eflow-api-key': '" + efKey[:21] + "'\n},\n",
			want:    one(3, efKey[:21])},
		// False positives.
		{name: "vendor docs placeholder", path: "docs/quickstart.sh",
			content: `curl -H "X-Eflow-API-Key: --your-api-key--" https://api.eflow.team/v1/networks/offers`,
			clean:   true},
		{name: "env reference in curl", path: "scripts/offers.sh",
			content: "curl -H \"X-Eflow-API-Key: $EVERFLOW_API_KEY\" https://api.eflow.team/v1/networks\ncurl -H \"X-Eflow-API-Key: ${EVERFLOW_API_KEY}\" https://api.eflow.team/v1/networks\n",
			clean:   true},
		{name: "go reads env", path: "client/client.go",
			content: "req.Header.Set(\"X-Eflow-API-Key\", os.Getenv(\"EVERFLOW_API_KEY\"))\n",
			clean:   true},
		{name: "identifiers", path: "web/src/api.ts",
			content: "headers: { 'X-Eflow-API-Key': apiKey },\nheaders: { 'X-Eflow-API-Key': everflowApiKeyFromSecretsManager },\nconst key = config.EVERFLOW_API_KEY_FROM_VAULT;\n",
			clean:   true},
		{name: "template placeholders", path: ".env.example",
			content: "EVERFLOW_API_KEY=\nEVERFLOW_API_KEY=your_everflow_api_key_here\nEF_API_KEY=<YOUR_API_KEY>\nEFLOW_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxx\n",
			clean:   true},
		{name: "helm template", path: "charts/app/values.yaml",
			content: "everflow_api_key: \"{{ .Values.everflow.apiKey }}\"\n",
			clean:   true},
		{name: "docs table", path: "docs/api.md",
			content: "| Header | Value |\n|---|---|\n| X-Eflow-API-Key | Your API key, from Control Center |\n",
			clean:   true},
		{name: "other everflow settings", path: "config/app.yaml",
			content: "everflow_base_url: https://api.eflow.team/v1\neverflow_network_id: 12345678901234567890\n",
			clean:   true},
		{name: "other products' keys", path: ".env",
			content: "CHEF_API_KEY=" + tok + "x\nREF_API_TOKEN=" + tok + "y\n"},
		{name: "code that reads the key", path: "src/everflow.ts",
			content: "headers:{'content-type':'application/json','X-Eflow-API-Key':apiKey},\n" +
				"'X-Eflow-API-Key': env.EVERFLOW_API_KEY,\n" +
				"\"X-Eflow-API-Key\": process.env.EFLOW_API_KEY || \"\",\n" +
				"const API_KEY = process.env.EVERFLOW_API_KEY?.replace(/^[\"']|[\"']$/g, '');\n" +
				"if (!apiKey.trim()) throw new Error('EVERFLOW_API_KEY fehlt');\n" +
				"everflow_api_key: string | null\n" +
				"'x-eflow-api-key': Variable.get('everflow_api_key')\n" +
				"Header: X-Eflow-API-Key: {source_api_key}\n",
			clean: true},
	}},

	{"url-query-secret", []ownCase{
		{name: "a pwd in a URL is a password; a Zoom invitation's passcode is published with it", path: "README.md",
			content: "* Meeting: [Thursdays](https://zoom.us/j/5342565819?pwd=" + tok + ") (biweekly)\n* Admin: https://admin.partner.io/login?pwd=" + tok + "\n",
			want:    one(2, tok)},
		{name: "api_key in query", path: "docs/report.md",
			content: "Download: https://api.partner.io/v1/report?api_key=" + tok + "&format=json\n",
			want:    one(1, tok)},
		{name: "relative url later param", path: "web/src/offers.js",
			content: "fetch(\"/api/offers?format=json&access_token=" + tok + "\")\n",
			want:    one(1, tok)},
		{name: "html escaped ampersand", path: "templates/cb.html",
			content: "<a href=\"https://cb.partner.io/done?a=1&amp;token=" + tok + "\">done</a>\n",
			want:    one(1, tok)},
		{name: "azure sas signature", path: "config/storage.yaml",
			content: "blob: https://acct.blob.core.windows.net/c/f.csv?sv=2022-11-02&ss=b&sig=TLFAKE%2Bq8Zr2mN4vK7xW1pJ9s%3D\n",
			want:    one(1, "TLFAKE%2Bq8Zr2mN4vK7xW1pJ9s%3D")},
		{name: "password param", path: "scripts/fetch.sh",
			content: "wget 'https://files.partner.io/export?user=ops&password=" + pw + "'\n",
			want:    one(1, pw)},
		{name: "firebase auth param", path: "scripts/backup.sh",
			content: "curl 'https://corp-app.firebaseio.com/users.json?print=pretty&auth=" + tok + "'\n",
			want:    one(1, tok)},
		{name: "everflow key in url", path: "src/tracking.ts",
			content: "const u = `https://api.eflow.team/v1/networks/offers?x-eflow-api-key=" + efKey + "`;\n",
			want:    one(1, efKey), also: []ownWant{{"everflow-api-key", 1, efKey}}},
		// False positives.
		{name: "references and placeholders", path: "web/src/offers.js",
			content: "fetch(`https://api.partner.io/v1?api_key=${API_KEY}`)\n" +
				"const u = 'https://api.partner.io/v1?token={{token}}'\n" +
				"https://api.partner.io/v1?key=YOUR_API_KEY\n" +
				"https://api.partner.io/v1?api_key=<api-key>\n" +
				"const f = \"https://api.partner.io/v1?token=%s\"\n",
			clean: true},
		{name: "ordinary parameters", path: "docs/api.md",
			content: "https://api.partner.io/v1/items?sort_key=created_at&key=value\nhttps://cdn.partner.io/img?key=monkey\n",
			clean:   true},
		{name: "identifier values", path: "src/auth.ts",
			content: "redirect('/oauth/callback?grant=1&token=refresh_token')\n",
			clean:   true},
		{name: "low entropy", path: "docs/api.md",
			content: "https://api.partner.io/v1?access_token=aaaaaaaaaaaaaaaa\n",
			clean:   true},
		{name: "status badges", path: "README.md",
			content: "[![codecov](https://codecov.io/gh/corp/app/graph/badge.svg?token=" + tok[6:16] + ")](https://codecov.io/gh/corp/app)\n",
			clean:   true},
		{name: "minified property paths", path: "static/app.min.js",
			content: "function f(e){var t;return t=\"/api?x=1&token=\"+e,u=e.refreshToken;n&&(o.x=1);a&key=e.currentKey}\n",
			clean:   true},
		{name: "flags", path: "docs/api.md",
			content: "https://api.partner.io/v1/login?next=/home&auth=required\n",
			clean:   true},
		{name: "documentation host", path: "docs/api.md",
			content: "https://api.example.com/v1/report?api_key=" + tok + "\n",
			clean:   true},
		{name: "database url is a connection string", path: "config/db.yaml",
			content: "url: postgres://db.corp.io:5432/app?sslmode=require&password=" + pw + "\n",
			also:    []ownWant{{"connection-string-password", 1, pw}}},
	}},

	{"url-credentials", []ownCase{
		{name: "git remote", path: "deploy/clone.sh",
			content: "git clone https://deploy:" + tok + "@git.corp.io/team/app.git\n",
			want:    one(1, tok)},
		{name: "git-credentials file", path: ".git-credentials",
			content: "https://ci-bot:" + tok + "@github.com\nhttps://ops:" + pw + "@gitlab.corp.io\n",
			also:    []ownWant{{"git-credentials-file", 1, tok}, {"git-credentials-file", 2, pw}},
			want:    []at{{1, tok}, {2, pw}}},
		{name: "ftp and smtp", path: "config/mail.ini",
			content: "backup = ftp://backup:" + pw + "@ftp.corp.io/dumps\nrelay = smtp://mailer:" + pw3 + "@smtp.corp.io:587\n",
			want:    []at{{1, pw}, {2, pw3}}},
		{name: "token without user", path: "config/registry.yaml",
			content: "registry: https://:" + tok + "@registry.corp.io/npm/\n",
			want:    one(1, tok)},
		// False positives.
		{name: "no password or placeholders", path: "docs/setup.md",
			content: "https://user:@host.corp.io/\n" +
				"https://${GIT_USER}:${GIT_TOKEN}@git.corp.io/team/app.git\n" +
				"https://user:password@git.corp.io/team/app.git\n" +
				"https://<user>:<token>@git.corp.io/team/app.git\n" +
				"fmt.Sprintf(\"https://%s:%s@%s\", u, p, h)\n",
			clean: true},
		{name: "documentation host", path: "docs/setup.md",
			content: "https://admin:" + pw + "@example.com/\nhttps://admin:" + pw + "@git.example.org/\nhttps://admin:" + pw + "@svc.test/\n",
			clean:   true},
		{name: "not credentials", path: "docs/setup.md",
			content: "git@github.com:org/repo.git\nssh://git@github.com/org/repo\nhttps://host.corp.io:8443/path\nhttp://[::1]:8080/\ncvs://:pserver:anoncvs@sources.redhat.com:/cvs/src\n",
			clean:   true},
		{name: "database url is a connection string", path: ".env",
			content: "DATABASE_URL=postgres://app:" + pw + "@db.corp.io:5432/app\n",
			also:    []ownWant{{"connection-string-password", 1, pw}}},
	}},

	{"plain-http-url", []ownCase{
		{name: "yaml postback", path: "config/everflow.yaml",
			content: "postback_url: http://tracker.partner.io/postback?click_id={click_id}\n",
			want:    one(1, "http://tracker.partner.io/postback?click_id={click_id}")},
		{name: "json webhook", path: "config/hooks.json",
			content: "{\n  \"webhookUrl\": \"http://hooks.partner.io/everflow\",\n  \"homepage\": \"http://partner.io\"\n}\n",
			want:    one(2, "http://hooks.partner.io/everflow")},
		{name: "toml base url", path: "config.toml",
			content: "[everflow]\nbase_url = \"http://api.eflow.team/v1\"\n",
			want:    one(2, "http://api.eflow.team/v1")},
		{name: "dotenv", path: ".env.production",
			content: "API_BASE_URL=http://api.partner.io\nCALLBACK_HOST=\"http://cb.partner.io:8080/\"\n",
			want:    []at{{1, "http://api.partner.io"}, {2, "http://cb.partner.io:8080/"}}},
		{name: "properties", path: "src/main/resources/application.properties",
			content: "everflow.api.endpoint=http://api.eflow.team/v1\n",
			want:    one(1, "http://api.eflow.team/v1")},
		{name: "ts constant and clients", path: "web/src/api.ts",
			content: "export const API_URL = 'http://api.partner.io/v1';\n" +
				"await fetch('http://api.partner.io/v1/offers');\n" +
				"axios.post(\"http://hooks.partner.io/pb\", body);\n",
			want: []at{{1, "http://api.partner.io/v1"}, {2, "http://api.partner.io/v1/offers"}, {3, "http://hooks.partner.io/pb"}}},
		{name: "xml settings", path: "Web.config",
			content: "<appSettings>\n  <add key=\"PostbackUrl\" value=\"http://tracker.partner.io/pb\" />\n  <callbackUrl>http://cb.partner.io/x</callbackUrl>\n</appSettings>\n",
			want:    []at{{2, "http://tracker.partner.io/pb"}, {3, "http://cb.partner.io/x"}}},
		{name: "private address is still plain http", path: "config/app.yml",
			content: "callback: http://10.0.3.7/cb\n",
			want:    one(1, "http://10.0.3.7/cb")},
		// Userinfo is not a host: "svc:" is not a single-label host with a
		// port, nor is "localhost:" when an @ follows; a template outside
		// the host leaves the host known.
		{name: "userinfo before a remote host", path: "config/app.yml",
			content: "api_url: http://svc:${PASS}@api.corp.io/v1\n" +
				"proxy_url: http://localhost:x@proxy.corp.io\n" +
				"upstream_url: http://www.w3.org:x@evil.corp.io/\n" +
				"tenant_url: http://api.corp.io/v1/${TENANT}\n",
			want: []at{{1, "http://svc:${PASS}@api.corp.io/v1"}, {2, "http://localhost:x@proxy.corp.io"}, {3, "http://www.w3.org:x@evil.corp.io/"}, {4, "http://api.corp.io/v1/${TENANT}"}}},
		{name: "userinfo before a loopback host, templated ports", path: "config/dev.yml",
			content: "api_url: http://svc:${PASS}@localhost:8080/v1\n" +
				"base_url: http://localhost:${PORT}/v1\n" +
				"cache_url: http://cache:{{ .Values.port }}\n" +
				"secure_url: https://svc:${PASS}@api.corp.io/v1\n",
			clean: true},
		// False positives.
		{name: "loopback and reserved hosts", path: "config/dev.yaml",
			content: "base_url: http://localhost:8080\n" +
				"api_url: http://127.0.0.1:9000/v1\n" +
				"webhook_url: http://[::1]:3000/hook\n" +
				"bind_url: http://0.0.0.0:8000\n" +
				"api_host: http://api.local\n" +
				"postback: http://svc.test/pb\n" +
				"app_url: http://app.localhost\n" +
				"docs_url: http://foo.example/x\n" +
				"bad_url: http://x.invalid\n" +
				"example_url: http://example.com/cb\n" +
				"www_url: http://www.example.org/cb\n" +
				"redis_url: http://cache:6379\n",
			clean: true},
		{name: "xml namespaces and schemas", path: "pom.xml",
			content: "<project xmlns=\"http://maven.apache.org/POM/4.0.0\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n" +
				"  xsi:schemaLocation=\"http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd\">\n" +
				"  <url>http://www.w3.org/1999/xhtml</url>\n" +
				"  <licenses><license><url>http://www.apache.org/licenses/LICENSE-2.0.txt</url></license></licenses>\n",
			clean: true},
		{name: "json schema", path: "schema/config.json",
			content: "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"$id\": \"http://partner.io/schemas/config\"}\n",
			clean:   true},
		{name: "url inside another url's query", path: "api/discovery.json",
			content: "{\"description\": \"For example, https://x.page.link/?link=http://www.partner.io&apn=com.sample\"}\n",
			clean:   true},
		{name: "go files are the analyzer's", path: "client/client.go",
			content: "const baseURL = \"http://api.partner.io/v1\"\n",
			clean:   true},
		{name: "markdown is not configuration", path: "README.md",
			content: "base_url: http://api.partner.io/v1\n",
			clean:   true},
		{name: "https, templates and prefixes", path: "config/app.yaml",
			content: "base_url: https://api.partner.io\npostback_url: http://${TRACKER_HOST}/pb\nwebhook_url: \"http://\"\ncallback_url: http://your-domain.com/postback\n",
			clean:   true},
	}},

	{"connection-string-password", []ownCase{
		{name: "postgres url", path: ".env",
			content: "DATABASE_URL=postgres://app:" + pw + "@db.corp.io:5432/app\n",
			want:    one(1, pw)},
		{name: "mongodb srv", path: "config/db.js",
			content: "const uri = 'mongodb+srv://appuser:" + pw + "@cluster0.ab1cd.mongodb.net/prod?retryWrites=true';\n",
			want:    one(1, pw)},
		{name: "redis amqp sqlalchemy", path: "settings/prod.py",
			content: "REDIS = \"redis://:" + pw + "@cache.corp.io:6379/0\"\nBROKER = \"amqp://svc:" + pw3 + "@mq.corp.io:5672/\"\nDB = \"postgresql+psycopg2://app:" + pw + "@db/app\"\n",
			want:    []at{{1, pw}, {2, pw3}, {3, pw}}},
		{name: "jdbc query", path: "src/main/resources/application.properties",
			content: "spring.datasource.url=jdbc:mysql://db.corp.io:3306/app?user=root&password=" + pw + "&useSSL=true\n",
			want:    one(1, pw)},
		{name: "jdbc sqlserver", path: "conf/db.conf",
			content: "url = \"jdbc:sqlserver://db.corp.io:1433;databaseName=app;user=sa;password=" + pw + ";encrypt=true\"\n",
			want:    one(1, pw)},
		{name: "ado.net", path: "appsettings.json",
			content: "{\"ConnectionStrings\": {\"Default\": \"Server=tcp:db.corp.io,1433;Initial Catalog=app;User ID=sa;Password=" + pw + ";Encrypt=True\"}}\n",
			also:    []ownWant{{"dotnet-config-password", 1, pw}},
			want:    one(1, pw)},
		{name: "odbc uid pwd", path: "etc/odbc.ini",
			content: "conn = DRIVER={ODBC Driver 18 for SQL Server};SERVER=db.corp.io;UID=sa;PWD=" + pw + ";\n",
			want:    one(1, pw)},
		{name: "libpq keyword/value", path: "app/db.py",
			content: "conn = psycopg2.connect(\"host=db.corp.io port=5432 dbname=app user=app password=" + pw + " sslmode=require\")\n",
			want:    one(1, pw)},
		// False positives.
		{name: "defaults and references", path: "docker-compose.yml",
			content: "DATABASE_URL: postgres://postgres:postgres@localhost:5432/app\n" +
				"DB: postgres://app:${DB_PASSWORD}@db/app\n" +
				"BROKER: amqp://guest:guest@localhost:5672/\n" +
				"MYSQL: mysql://user:password@db/app\n",
			clean: true},
		{name: "no password", path: "config/db.yaml",
			content: "a: mongodb://localhost:27017/app\nb: Server=db;Database=app;Trusted_Connection=True;\nc: redis://cache:6379/0\nd: Server=db;Database=app;User Id=sa;Password=;\n",
			clean:   true},
		{name: "jdbc reference", path: "application.properties",
			content: "spring.datasource.url=jdbc:postgresql://db/app?user=app&password=${DB_PASSWORD}\n",
			clean:   true},
		{name: "odbc without password", path: "appsettings.json",
			content: "{\"Default\": \"Server=db.corp.io;Database=app;User Id=svc;Authentication=Active Directory Managed Identity;\"}\n",
			clean:   true},
		{name: "documentation host", path: "docs/db.md",
			content: "postgres://app:" + pw + "@db.example.com/app\n",
			clean:   true},
	}},

	{"mysql-dsn-password", []ownCase{
		{name: "go string", path: "cmd/app/db.go",
			content: "dsn := \"app:" + pw + "@tcp(db.corp.io:3306)/app?parseTime=true\"\n",
			want:    one(1, pw)},
		{name: "config and migrate", path: "config/db.yaml",
			content: "dsn: app:" + pw + "@tcp(db.corp.io:3306)/app\n",
			want:    one(1, pw)},
		{name: "migrate url is a connection string", path: "Makefile",
			content: "migrate:\n\tmigrate -database 'mysql://app:" + pw3 + "@tcp(db.corp.io:3306)/app' up\n",
			also:    []ownWant{{"connection-string-password", 2, pw3}}},
		// False positives.
		{name: "format verbs and references", path: "db/dsn.go",
			content: "dsn := fmt.Sprintf(\"%s:%s@tcp(%s)/%s\", user, pass, host, name)\ndsn: ${DB_USER}:${DB_PASSWORD}@tcp(db:3306)/app\n",
			clean:   true},
		{name: "defaults", path: "docker-compose.yml",
			content: "DSN: root:root@tcp(mysql:3306)/app\n",
			clean:   true},
	}},

	{"password-assignment", []ownCase{
		{name: "dotenv", path: ".env.production",
			content: "DB_PASSWORD=" + pw + "\nDB_PASS=" + pw2 + "\nMYSQL_ROOT_PASSWORD=\"" + pw + "\"\nexport SMTP_PASSWORD='" + pw2 + "'\n",
			want:    []at{{1, pw}, {2, pw2}, {3, pw}, {4, pw2}}},
		{name: "shell profile", path: "home/.bashrc",
			content: "alias ll='ls -l'\nexport PGPASSWORD=" + pw + "\n",
			want:    one(2, pw)},
		{name: "windows line endings", path: "deploy/.env",
			content: "DB_HOST=db.corp.io\r\nDB_PASSWORD=" + pw + "\r\nSMTP_PASS=\"" + pw2 + "\"\r\n",
			want:    []at{{2, pw}, {3, pw2}}},
		{name: "yaml", path: "config/database.yml",
			content: "production:\n  host: db.corp.io\n  password: " + pw + "\n  passwd: \"" + pw2 + "\"\n  pwd: " + pw + " # prod\n",
			also:    []ownWant{{"rails-database-password", 3, pw}},
			want:    []at{{3, pw}, {4, pw2}, {5, pw}}},
		{name: "nsswitch databases are not passwords; a passwd key elsewhere is", path: "etc/nsswitch.conf",
			content: "# /etc/nsswitch.conf\npasswd:         compat systemd\ngroup: files [NOTFOUND=return] ldap\nshadow: compat\npasswd: " + pw + "\n",
			want:    one(5, pw)},
		{name: "a secret store's name:key or name:version is a reference; a password with a colon is a password", path: "deploy/values.yaml",
			content: "env:\n  SMTP_PASSWORD: db-pass:latest\n  REDIS_PASSWORD: k8s-secret:redis/password\n  DB_PASSWORD: prod-db-credentials:3\n  ADMIN_PASSWORD: " + pw + ":x9\n",
			want:    one(5, pw+":x9")},
		{name: "a comment's prose after pass: is no value", path: "scripts/genproto.sh",
			content: "#!/bin/sh\n# gogo pass: protoc-gen-gogofast via buf, isolated to the old protos.\n# The checks a change must pass: .ci/run installs them.\n# pass: " + pw + "\n",
			want:    one(4, pw)},
		{name: "a sentence after the key is no value; a value before a comment is", path: "hack/verify.sh",
			content: "echo \"PASS: stable metrics list is up to date.\"\npassword: minimum twelve characters long\nexport DB_PASS=" + pw + " # the staging one\n",
			want:    one(3, pw)},
		{name: "a Go file named env.go is no dotenv file", path: "internal/config/env.go",
			content: "// PASSWORD=" + pw + "\nconst passwordVar = \"DB_PASSWORD\"\n",
			clean:   true},
		{name: "env without a dot, and its variants, are dotenv files", path: "deploy/env.production",
			content: "DB_PASSWORD=" + pw + "\n",
			want:    one(1, pw)},
		{name: "prose in a comment is not a password; a commented-out one is", path: ".github/workflows/ci.yml",
			content: "# The checks a change must pass: .ci/run installs them.\n# pass: " + pw + "\n# DB pass: " + pw2 + "\n",
			want:    []at{{2, pw}, {3, pw2}}},
		{name: "ini and properties", path: "conf/app.ini",
			content: "[database]\npassword = " + pw + "\ndb.password=" + pw2 + "\n",
			want:    []at{{2, pw}, {3, pw2}}},
		{name: "xml element and settings", path: "conf/settings.xml",
			content: "<server>\n  <id>corp</id>\n  <password>" + pw + "</password>\n</server>\n<add key=\"SmtpPassword\" value=\"" + pw2 + "\" />\n<entry key=\"jdbc.password\">" + pw + "</entry>\n",
			also:    []ownWant{{"maven-settings-password", 3, pw}},
			want:    []at{{3, pw}, {5, pw2}, {6, pw}}},
		{name: "filezilla", path: "sitemanager.xml",
			content: "<Server><Host>ftp.corp.io</Host><User>deploy</User><Pass encoding=\"base64\">" + fzPass + "</Pass></Server>\n",
			also:    []ownWant{{"filezilla-password", 1, fzPass}},
			want:    one(1, fzPass)},
		{name: "winscp", path: "WinSCP.ini",
			content: "[Sessions\\deploy@host]\nHostName=host.corp.io\nUserName=deploy\nPassword=A35C435B9556B1237C2E2B2F2D3B3C3C3B6E696B6E6E6B6E6C\n",
			also:    []ownWant{{"winscp-ini-password", 4, "A35C435B9556B1237C2E2B2F2D3B3C3C3B6E696B6E6E6B6E6C"}},
			want:    one(4, "A35C435B9556B1237C2E2B2F2D3B3C3C3B6E696B6E6E6B6E6C")},
		{name: "sftp-config and robo3t", path: "sftp-config.json",
			content: "{\n    \"type\": \"sftp\",\n    \"user\": \"deploy\",\n    \"password\": \"" + pw + "\",\n    \"userPassword\" : \"" + pw2 + "\"\n}\n",
			also:    []ownWant{{"sftp-config-password", 4, pw}},
			want:    []at{{4, pw}, {5, pw2}}},
		{name: "compose environment", path: "docker-compose.yml",
			content: "services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=" + pw + "\n",
			want:    one(4, pw)},
		{name: "powershell", path: "deploy/setup.ps1",
			content: "$Password = \"" + pw + "\"\n",
			want:    one(1, pw)},
		// False positives.
		{name: "empty and references", path: ".env.example",
			content: "DB_PASSWORD=\nDB_PASSWORD=${DB_PASSWORD}\nDB_PASS=changeme\nSMTP_PASSWORD=$(cat /run/secrets/smtp)\nREDIS_PASSWORD=<redis-password>\n",
			clean:   true},
		{name: "secret stores and encrypted values", path: "config/app.yml",
			content: "password: \"{{ vault_db_password }}\"\npassword: ENC(q8Zr2mN4vK7xW1pJ)\npassword: !vault |\npassword: /run/secrets/db_password\npassword: op://vault/db/password\n",
			clean:   true},
		{name: "not passwords", path: "config/app.yml",
			content: "require_password: true\npassword_min_length: 12\npassword_file: /run/secrets/db\npassword: \"\"\nbypass: " + pw + "\npasswordHash: " + pw + "\n",
			clean:   true},
		{name: "ui strings", path: "config/forms.json",
			content: "{\"password\": \"Enter your password\", \"label_password\": \"Password\", \"type\": \"password\"}\n",
			clean:   true},
		{name: "masked, cwd and colours", path: "deploy/env.sh",
			content: "DB_PASSWORD=********\nPWD=/home/deploy/app\nOLDPWD=/tmp\nPASS=\"\\x1b[32mPASS\"\n",
			clean:   true},
		{name: "go test output", path: "testdata/test2json/run.json",
			content: "{\"Action\":\"output\",\"Output\":\"    --- PASS: TestTags/x,testtag,y (0.04s)\\n\"}\n--- FAIL: TestWalk/symlinks (0.00s)\n",
			clean:   true},
		{name: "translations", path: "locales/de.json",
			content: "{\"password\": \"Passwort\", \"new_password\": \"Neues-Passwort\"}\n",
			clean:   true},
		{name: "source code is hardcoded-password's", path: "app/config.py",
			content: "DB_PASSWORD=os.environ['DB_PASSWORD']\n",
			clean:   true},
	}},

	{"hardcoded-password", []ownCase{
		{name: "wordpress define", path: "wp-config.php",
			content: "<?php\ndefine('DB_PASSWORD', '" + pw + "');\ndefine( 'DB_PASSWORD', \"" + pw2 + "\" );\n",
			also:    []ownWant{{"php-db-password", 2, pw}, {"php-db-password", 3, pw2}},
			want:    []at{{2, pw}, {3, pw2}}},
		{name: "django settings", path: "mysite/settings.py",
			content: "DATABASES = {\n    'default': {\n        'USER': 'app',\n        'PASSWORD': '" + pw + "',\n    }\n}\n",
			also:    []ownWant{{"django-settings-password", 4, pw}},
			want:    one(4, pw)},
		{name: "node config", path: "config/default.js",
			content: "module.exports = { db: { user: 'app', password: '" + pw + "' } };\n",
			want:    one(1, pw)},
		{name: "java constant and setter", path: "src/main/java/App.java",
			content: "private static final String DB_PASSWORD = \"" + pw + "\";\nds.setPassword(\"" + pw2 + "\");\n",
			want:    []at{{1, pw}, {2, pw2}}},
		{name: "env default", path: "app/mail.py",
			content: "smtp_pass = os.environ.get(\"SMTP_PASSWORD\", \"" + pw + "\")\n",
			want:    one(1, pw)},
		{name: "php array and ruby hash", path: "application/config/database.php",
			content: "$db['default']['password'] = '" + pw + "';\n$opts = [:password => '" + pw2 + "'];\n",
			want:    []at{{1, pw}, {2, pw2}}},
		{name: "object property", path: "src/Db.cs",
			content: "var b = new NpgsqlConnectionStringBuilder { Username = \"app\", Password = \"" + pw + "\" };\n",
			want:    one(1, pw)},
		{name: "gradle credentials and phpmailer", path: "build.gradle",
			content: "repositories {\n  maven {\n    credentials {\n      username 'deploy'\n      password '" + pw + "'\n    }\n  }\n}\n",
			want:    one(5, pw)},
		{name: "phpmailer", path: "lib/mail.php",
			content: "$mail->Username = 'ops@corp.io';\n$mail->Password = '" + pw + "';\n",
			want:    one(2, pw)},
		// False positives.
		{name: "reads and comparisons", path: "app/views.py",
			content: "password = request.form['password']\npassword = os.environ[\"DB_PASSWORD\"]\nif password == \"" + pw + "\":\n    pass\n",
			clean:   true},
		{name: "ui and validation", path: "resources/js/Login.vue",
			content: "rules: { password: 'required|string|min:8' },\nlabels: { password: 'Password', passwordField: '#password' },\n<input type=\"password\" autocomplete=\"current-password\">\n",
			clean:   true},
		{name: "names and versions", path: "lib/Module/CoreList.pm",
			content: "'Test2::Event::Pass'    => '1.302103',\n'Test2::Event::Pass'    => 'http://github.com/Test-More/test-more/issues',\n",
			clean:   true},
		{name: "tests are fixtures", path: "tests/test_login.py",
			content: "user.password = '" + pw + "'\n",
			clean:   true},
		{name: "go is the analyzer's", path: "internal/db/db.go",
			content: "password := \"" + pw + "\"\n",
			clean:   true},
		{name: "lists of strings", path: "lib/names.py",
			content: "ALGOS = ['crc-16-buypass', 'Crc16Buypass', 0x18005]\nPKGS = ['ssh-askpass', 'libpam-ssh', 'keychain']\nKW = (\"EXPAND\", \"EXPASS\", \"*EXPORT\")\n",
			clean:   true},
		{name: "empty and env", path: "src/config.ts",
			content: "password: process.env.DB_PASSWORD,\npassword: '',\npassword: `${prefix}-pw`,\n",
			clean:   true},
	}},

	{"cli-password-argument", []ownCase{
		{name: "mysql short option", path: "scripts/restore.sh",
			content: "mysql -h db.corp.io -u root -p" + pw + " app < dump.sql\n",
			want:    one(1, pw)},
		{name: "mysqldump long option", path: "Makefile",
			content: "backup:\n\tmysqldump --user=root --password=" + pw + " app > app.sql\n",
			want:    one(2, pw)},
		{name: "sshpass and docker login", path: ".gitlab-ci.yml",
			content: "script:\n  - sshpass -p '" + pw + "' ssh deploy@host.corp.io\n  - docker login -u bot -p " + pw2 + " registry.corp.io\n",
			want:    []at{{2, pw}, {3, pw2}}},
		{name: "redis keytool openssl", path: "scripts/certs.sh",
			content: "redis-cli -h cache -a " + pw + " ping\n" +
				"keytool -importcert -keystore ks.jks -storepass " + pw2 + " -file ca.pem\n" +
				"openssl pkcs12 -export -in c.pem -out c.p12 -passout pass:" + pw + "\n",
			want: []at{{1, pw}, {2, pw2}, {3, pw}}},
		{name: "powershell securestring", path: "deploy/setup.ps1",
			content: "$sec = ConvertTo-SecureString \"" + pw2 + "\" -AsPlainText -Force\n",
			want:    one(1, pw2)},
		{name: "generic long option", path: "Dockerfile",
			content: "RUN ./install.sh --admin-password=" + pw + " --quiet\n",
			want:    one(1, pw)},
		{name: "psexec", path: "ops/restart.bat",
			content: "PsExec.exe \\\\10.0.94.120 -u CORP\\admin -p " + pw + " cmd /c ipconfig\n",
			want:    one(1, pw)},
		// False positives.
		{name: "prompts and stdin", path: "scripts/restore.sh",
			content: "mysql -u root -p app < dump.sql\necho \"$TOKEN\" | docker login --password-stdin registry.corp.io\nsshpass -e ssh deploy@host\nmysql -P 3306 -u root -p\n",
			clean:   true},
		{name: "references and help text", path: "docs/cli.md",
			content: "mysql -u root -p\"$MYSQL_PASSWORD\" app\n" +
				"tool --password $PASSWORD\n" +
				"tool --password <password>\n" +
				"      --password string   Password for the registry\n" +
				"  -W, --password           force password prompt\n" +
				"credentials can be given with the --username and --password options\n" +
				"You can set a single username and password with the --user and --pass flags.\n" +
				"Give it with --password instead, or --passwd: it is read once.\n" +
				"keytool -storepass:env KS_PASS -list\n" +
				"openssl rsa -passin env:KEY_PASS -in k.pem\n" +
				"ConvertTo-SecureString $pw -AsPlainText\n",
			clean: true},
		{name: "option definitions", path: "cli/main.py",
			content: "parser.add_argument(\"--password\", help=\"database password\")\n@click.option('--password', prompt=True, hide_input=True)\n",
			clean:   true},
		{name: "metavariables", path: "docs/wget.txt",
			content: "        --ftp-password=PASSWORD     set ftp password to PASSWORD\n        --http-password=PASSWORT    http-Passwort auf PASSWORT setzen\n",
			clean:   true},
		{name: "settings are password-assignment's", path: "deploy/env.sh",
			content: "db-password=" + pw + "\n",
			also:    []ownWant{{"password-assignment", 1, pw}}},
	}},

	{"netrc-credentials", []ownCase{
		{name: "multi-line netrc", path: ".netrc",
			content: "machine api.heroku.com\n  login ops@corp.io\n  password " + tok + "\n",
			want:    one(3, tok)},
		{name: "one-line netrc", path: "home/.netrc",
			content: "machine git.corp.io login bot password " + pw + "\nmachine ftp.corp.io port 21 login deploy password " + pw2 + "\n",
			want:    []at{{1, pw}, {2, pw2}}},
		{name: "written by a Dockerfile", path: "Dockerfile",
			content: "RUN echo \"machine github.com login bot password " + tok + "\" > /root/.netrc\n",
			want:    one(1, tok)},
		// False positives.
		{name: "reference", path: "ci/setup.sh",
			content: "echo \"machine github.com login bot password ${GITHUB_TOKEN}\" > ~/.netrc\n",
			clean:   true},
		{name: "no password", path: ".netrc",
			content: "machine files.corp.io\n  login anonymous\n",
			clean:   true},
		{name: "prose", path: "docs/ml.md",
			content: "The machine learning service asks for a password when you login.\n",
			clean:   true},
		// In a .netrc (or Emacs' .authinfo) a weak password is a password;
		// in a script or a document it stays a placeholder.
		{name: "weak passwords in a netrc file", path: "home/_netrc",
			content: "machine ftp.tlfake.test login bob password " + weak1 + "\nmachine db.tlfake.test login bob password " + weak2 + "\n",
			want:    []at{{1, weak1}, {2, weak2}}},
		{name: "weak password in .authinfo", path: ".authinfo",
			content: "machine imap.tlfake.test login bob password " + weak3 + " port 993\n",
			want:    one(1, weak3)},
		{name: "weak password in a document", path: "docs/netrc.md",
			content: "machine ftp.tlfake.test login bob password " + weak1 + "\n",
			clean:   true},
		{name: "templated netrc", path: ".netrc",
			content: "machine ftp.tlfake.test login bob password $FTP_PASSWORD\nmachine a.tlfake.test login bob password <your-password>\n",
			clean:   true},
		{name: "anonymous ftp", path: ".netrc",
			content: "default login anonymous password ops@corp.io\n",
			clean:   true},
	}},

	{"pgpass-credentials", []ownCase{
		{name: "pgpass lines", path: ".pgpass",
			content: "# host:port:db:user:password\ndb.corp.io:5432:app:admin:" + pw + "\n*:*:*:replicator:" + pw2 + "\n",
			want:    []at{{2, pw}, {3, pw2}}},
		{name: "windows pgpass.conf", path: "AppData/postgresql/pgpass.conf",
			content: "db.corp.io:6432:*:app:" + pw + "\n",
			want:    one(1, pw)},
		{name: "windows line endings", path: ".pgpass",
			content: "db.corp.io:5432:app:admin:" + pw + "\r\n",
			want:    one(1, pw)},
		// False positives.
		{name: "other file", path: "notes.txt",
			content: "db.corp.io:5432:app:admin:" + pw + "\n",
			clean:   true},
		// A .pgpass holds nothing but passwords: a weak one is one (see
		// credentialFiles in internal/contentrules/tightlip.toml).
		{name: "weak password", path: ".pgpass",
			content: "*:*:*:postgres:postgres\n#db.corp.io:5432:app:admin:" + pw + "\n",
			want:    one(1, "postgres")},
		{name: "commented out and templated", path: ".pgpass",
			content: "#db.corp.io:5432:app:admin:" + pw + "\ndb.corp.io:5432:app:admin:${PGPASSWORD}\n",
			clean:   true},
	}},

	{"htpasswd-hash", []ownCase{
		{name: "htpasswd", path: "deploy/nginx/.htpasswd",
			content: "admin:" + apr1Hash + "\nbob:" + bcryptHash + "\nops:" + shaHash + "\n",
			want:    []at{{1, apr1Hash}, {2, bcryptHash}, {3, shaHash}}},
		{name: "shadow", path: "etc/shadow",
			content: "root:" + sha512Hash + ":19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
			want:    one(1, sha512Hash)},
		{name: "traefik label doubles dollars", path: "docker-compose.yml",
			content: "    labels:\n      - \"traefik.http.middlewares.auth.basicauth.users=admin:" + strings.ReplaceAll(apr1Hash, "$", "$$") + "\"\n",
			want:    one(2, strings.ReplaceAll(apr1Hash, "$", "$$"))},
		// False positives.
		{name: "locked accounts", path: "etc/shadow",
			content: "root:*:19000:0:99999:7:::\nnobody:!:19000::::::\n",
			clean:   true},
		{name: "truncated", path: "docs/auth.md",
			content: "admin:$apr1$...\n",
			clean:   true},
		{name: "a YAML users map of basic-auth hashes", path: "deploy/web-config.yml",
			content: "basic_auth_users:\n  alice: " + bcryptHash + "\n  bob: '" + bcrypt2 + "'\n",
			want:    []at{{2, bcryptHash}, {3, bcrypt2}}},
		{name: "the same map in an example configuration", path: "documentation/examples/web-config.yml",
			content: "basic_auth_users:\n  alice: " + bcryptHash + "\n",
			clean:   true},
		{name: "documentation shows the format", path: "docs/auth.md",
			content: "Create the users file:\n\n    admin:" + apr1Hash + "\n    bob:" + bcryptHash + "\n",
			clean:   true},
		{name: "example configuration", path: "deploy/examples/traefik.yml",
			content: "users:\n  - \"admin:" + apr1Hash + "\"\n",
			clean:   true},
		{name: "sample next to the real file", path: "deploy/nginx/htpasswd.sample",
			content: "admin:" + apr1Hash + "\n",
			clean:   true},
	}},

	{"sql-credentials", []ownCase{
		{name: "mysql create user", path: "db/init.sql",
			content: "CREATE USER 'app'@'%' IDENTIFIED BY '" + pw + "';\nGRANT ALL ON app.* TO 'app'@'%';\n",
			want:    one(1, pw)},
		{name: "postgres role and oracle user", path: "db/migrations/001_users.sql",
			content: "ALTER ROLE app WITH LOGIN PASSWORD '" + pw + "';\nCREATE USER scott IDENTIFIED BY " + pw2[:6] + "x9;\n",
			want:    []at{{1, pw}, {2, pw2[:6] + "x9"}}},
		{name: "oracle database link", path: "db/links.sql",
			content: "CREATE DATABASE LINK remote CONNECT TO scott IDENTIFIED BY \"" + pw + "\" USING 'db';\n",
			want:    one(1, pw)},
		{name: "shell provisioning", path: "docker/entrypoint.sh",
			content: "mysql -e \"CREATE USER 'app'@'%' IDENTIFIED WITH mysql_native_password BY '" + pw + "'\"\n",
			want:    one(1, pw)},
		{name: "dump rows", path: "backup/app.sql",
			content: "INSERT INTO `users` (`id`, `email`, `password`) VALUES (1,'a@corp.io','" + bcryptHash + "'),(2,'b@corp.io','" + bcrypt2 + "');\n",
			want:    []at{{1, bcryptHash}, {1, bcrypt2}}},
		{name: "postgres copy and django hash", path: "backup/app.sql",
			content: "COPY public.auth_user (id, username, password) FROM stdin;\n1\tadmin\t" + pbkdf2Hash + "\n\\.\n",
			want:    one(2, pbkdf2Hash)},
		// False positives.
		{name: "placeholders", path: "docs/db.md",
			content: "CREATE USER 'app'@'%' IDENTIFIED BY 'password';\nCREATE USER 'app'@'%' IDENTIFIED BY '${DB_PASS}';\nALTER USER app PASSWORD '<new-password>';\n",
			clean:   true},
		{name: "prose", path: "docs/users.md",
			content: "Each user is identified by their email address.\n",
			clean:   true},
		{name: "quoted name in a code comment", path: "text/template/example_test.go",
			content: "\t// Here the function identified by \"repeat\" is overwritten.\n",
			clean:   true},
		{name: "identifier in prose", path: "docs/api.json",
			content: "\"description\": \"the attached portfolio bidding strategy identified by 'bidding_strategy'.\"\n",
			clean:   true},
	}},

	{"docker-config-auth", []ownCase{
		{name: "config.json", path: ".docker/config.json",
			content: "{\n\t\"auths\": {\n\t\t\"https://index.docker.io/v1/\": {\n\t\t\t\"auth\": \"" + dockerAuth + "\"\n\t\t}\n\t}\n}\n",
			want:    one(4, dockerAuth)},
		{name: "dockercfg", path: ".dockercfg",
			content: "{\"registry.corp.io\":{\"auth\":\"" + dockerAuth + "\",\"email\":\"ops@corp.io\"}}\n",
			want:    one(1, dockerAuth)},
		// False positives.
		{name: "credential helper", path: ".docker/config.json",
			content: "{\"auths\": {\"registry.corp.io\": {}}, \"credsStore\": \"desktop\"}\n",
			clean:   true},
		{name: "auth mode", path: "config/app.json",
			content: "{\"auth\": \"basic\", \"auth\": \"oauthClientCredentials\"}\n",
			clean:   true},
	}},

	{"npmrc-auth-token", []ownCase{
		{name: "npmrc", path: ".npmrc",
			content: "registry=https://npm.corp.io/\n//npm.corp.io/:_authToken=" + tok + "\n//npm2.corp.io/:_auth=" + dockerAuth + "\n//npm3.corp.io/:_password=" + fzPass + "\n",
			want:    []at{{2, tok}, {3, dockerAuth}, {4, fzPass}}},
		{name: "yarnrc", path: ".yarnrc.yml",
			content: "npmRegistries:\n  \"https://npm.corp.io\":\n    npmAuthToken: \"" + tok + "\"\n",
			want:    one(3, tok)},
		{name: "written by a Dockerfile", path: "Dockerfile",
			content: "RUN echo \"//registry.npmjs.org/:_authToken=" + tok + "\" > .npmrc\n",
			want:    one(1, tok)},
		// False positives.
		{name: "environment reference", path: ".npmrc",
			content: "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nalways-auth=true\n",
			clean:   true},
	}},

	{"s3cfg-credentials", []ownCase{
		{name: "s3cfg", path: ".s3cfg",
			content: "[default]\naccess_key = AKIATLFAKE2Q7W4XZ5RB\nsecret_key = " + awsSecret + "\ngpg_passphrase = " + pw + "\n",
			want:    []at{{3, awsSecret}, {4, pw}}},
		// False positives.
		{name: "empty", path: ".s3cfg",
			content: "[default]\nsecret_key =\ngpg_passphrase =\n",
			clean:   true},
		{name: "other file", path: "settings.py",
			content: "secret_key = 'TLFAKEq8Zr2mN4vK7xW1pJ9sLd3T8a9b0c1d2e'\n"},
	}},

	{"aws-secret-access-key", []ownCase{
		{name: "credentials file", path: "home/.aws/credentials",
			content: "[default]\naws_access_key_id = AKIATLFAKE2Q7W4XZ5RB\naws_secret_access_key = " + awsSecret + "\n",
			want:    one(3, awsSecret)},
		{name: "env and json", path: "deploy/task.json",
			content: "{\"AWS_SECRET_ACCESS_KEY\": \"" + awsSecret + "\",\n \"SecretAccessKey\": \"" + awsSecret + "\"}\n",
			want:    []at{{1, awsSecret}, {2, awsSecret}}},
		// False positives.
		{name: "aws documentation key", path: "docs/aws.md",
			content: "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
			clean:   true},
		{name: "reference", path: ".env",
			content: "AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\n",
			clean:   true},
	}},

	{"putty-private-key", []ownCase{
		{name: "ppk", path: "keys/deploy.ppk",
			content: "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy@host\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIOh0bGZha2VrZXlmb3J0ZXN0aW5nb25seWhlbGxv\nd29ybGQ=\nPrivate-Lines: 2\n" + ppkBlob + "\nVExGQUtF\nPrivate-MAC: 5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e\n",
			want:    one(8, ppkBlob+"\nVExGQUtF")},
		// False positives.
		{name: "public key only", path: "keys/deploy.pub",
			content: "---- BEGIN SSH2 PUBLIC KEY ----\nComment: \"deploy@host\"\nAAAAC3NzaC1lZDI1NTE5AAAAIOh0bGZha2VrZXlmb3J0ZXN0aW5nb25seWhlbGxv\n---- END SSH2 PUBLIC KEY ----\n",
			clean:   true},
	}},

	{"git-credentials-file", []ownCase{
		{name: "weak passwords", path: "home/.git-credentials",
			content: "https://bob:" + weak1 + "@git.tlfake.test\nhttps://ops:" + weak2 + "@gitlab.corp.io\nhttps://ci:" + tok + "@github.com\n",
			want:    []at{{1, weak1}, {2, weak2}, {3, tok}},
			also:    []ownWant{{"url-credentials", 3, tok}}},
		// False positives.
		{name: "templated", path: ".git-credentials",
			content: "https://bob:${GIT_TOKEN}@git.tlfake.test\nhttps://bob:<your-token>@git.tlfake.test\n",
			clean:   true},
		{name: "same line in a doc", path: "docs/git.md",
			content: "https://bob:" + weak1 + "@git.corp.io\n",
			clean:   true},
	}},

	{"php-db-password", []ownCase{
		{name: "wp-config weak passwords", path: "wp-config.php",
			content: "<?php\n// db.tlfake.test\ndefine('DB_PASSWORD', '" + weak2 + "');\ndefine( 'DB_PASS', \"" + weak1 + "\" );\ndefine('SMTP_PASSWORD', '" + weak3 + "');\n",
			want:    []at{{3, weak2}, {4, weak1}, {5, weak3}}},
		{name: "strong one too", path: "config/db.inc",
			content: "define('MYSQL_PWD', '" + pw + "');\n",
			want:    one(1, pw),
			also:    []ownWant{{"hardcoded-password", 1, pw}}},
		// False positives.
		{name: "environment and sample", path: "wp-config-sample.php",
			content: "define('DB_PASSWORD', getenv('DB_PASSWORD'));\ndefine('DB_PASSWORD', 'password_here');\ndefine('DB_PASSWORD', '');\ndefine('DB_PASSWORD', \"$dbPassword\");\n",
			clean:   true},
		{name: "not a password constant", path: "lib/auth.php",
			content: "define('PASSWORD_MIN_LENGTH', '8');\ndefine('FORGOT_PASS_URL', 'forgot.php');\n",
			clean:   true},
		{name: "same define in markdown", path: "docs/install.md",
			content: "define('DB_PASSWORD', '" + weak2 + "');\n",
			clean:   true},
	}},

	{"mysql-option-file-password", []ownCase{
		{name: "my.cnf client", path: "home/.my.cnf",
			content: "[client]\nhost=db.tlfake.test\nuser=bob\npassword=" + weak2 + "\n[mysqldump]\npassword = \"" + weak1 + "\"\n",
			want:    []at{{4, weak2}, {6, weak1}}},
		{name: "debian.cnf and my.ini", path: "etc/mysql/debian.cnf",
			content: "[client]\npass=" + weak3 + "\n",
			want:    one(2, weak3)},
		// False positives.
		{name: "prompt and reference", path: "my.ini",
			content: "[client]\npassword\npassword=\npassword=${MYSQL_PWD}\n# password=" + weak2 + "\n",
			clean:   true},
		{name: "same key in go", path: "internal/db/cnf.go",
			content: "password=" + weak2 + "\n",
			clean:   true},
	}},

	{"pypirc-password", []ownCase{
		{name: "pypirc", path: ".pypirc",
			content: "[distutils]\nindex-servers = corp\n[corp]\nrepository = https://pypi.tlfake.test/\nusername = bob\npassword = " + weak1 + "\n",
			want:    one(6, weak1)},
		// False positives.
		{name: "token from the environment", path: ".pypirc",
			content: "[pypi]\nusername = __token__\npassword = ${PYPI_TOKEN}\n",
			clean:   true},
		{name: "same key in docs", path: "docs/publish.md",
			content: "password = " + weak1 + "\n",
			clean:   true},
	}},

	{"filezilla-password", []ownCase{
		{name: "site manager and recent servers", path: "AppData/FileZilla/sitemanager.xml",
			content: "<Server><Host>ftp.tlfake.test</Host><User>bob</User><Pass encoding=\"base64\">" + weak1B64 + "</Pass></Server>\n<Server><Pass>" + weak2 + "</Pass></Server>\n",
			want:    []at{{1, weak1B64}, {2, weak2}},
			also:    []ownWant{{"password-assignment", 1, weak1B64}}},
		{name: "proxy password", path: "filezilla.xml",
			content: "<Setting name=\"Proxy password\">" + weak3 + "</Setting>\n",
			want:    one(1, weak3)},
		// False positives.
		{name: "master-password protected", path: "recentservers.xml",
			content: "<Pass encoding=\"crypt\" pubkey=\"TLFAKEpub\">TLFAKEq8Zr2mN4vK7xW1pJ9s</Pass>\n<Pass></Pass>\n",
			clean:   true},
		{name: "same element in another xml", path: "src/main/resources/layout.xml",
			content: "<Pass>" + weak2 + "</Pass>\n",
			clean:   true},
	}},

	{"winscp-ini-password", []ownCase{
		{name: "sessions", path: "WinSCP.ini",
			content: "[Sessions\\bob@ftp.tlfake.test]\nHostName=ftp.tlfake.test\nPassword=" + weak2 + "\nProxyPassword=" + weak1 + "\n",
			want:    []at{{3, weak2}, {4, weak1}}},
		// False positives.
		{name: "no saved password", path: "WinSCP.ini",
			content: "[Sessions\\bob@ftp.tlfake.test]\nPassword=\nHostName=ftp.tlfake.test\n",
			clean:   true},
		{name: "same key in another ini", path: "docs/winscp.md",
			content: "Password=" + weak2 + "\n",
			clean:   true},
	}},

	{"rclone-config-secret", []ownCase{
		{name: "remotes", path: "home/.config/rclone/rclone.conf",
			content: "[sftp]\ntype = sftp\nhost = sftp.tlfake.test\npass = " + weak1 + "\n[s3]\ntype = s3\nsecret_access_key = " + weak3 + "\n",
			want:    []at{{4, weak1}, {7, weak3}}},
		// False positives.
		{name: "no secrets", path: "rclone.conf",
			content: "[drive]\ntype = drive\ntoken =\nscope = drive\n",
			clean:   true},
		{name: "same key elsewhere", path: "scripts/sync.sh",
			content: "pass = " + weak1 + "\n",
			clean:   true},
	}},

	{"boto-config-credentials", []ownCase{
		{name: "boto", path: "home/.boto",
			content: "[Credentials]\ngs_secret_access_key = " + weak3 + "\n[Boto]\nproxy = proxy.tlfake.test\nproxy_pass = " + weak2 + "\n",
			want:    []at{{2, weak3}, {5, weak2}}},
		// False positives.
		{name: "environment", path: ".boto",
			content: "[Credentials]\naws_secret_access_key = $AWS_SECRET_ACCESS_KEY\n",
			clean:   true},
		{name: "same key in python", path: "lib/gcs.py",
			content: "gs_secret_access_key = " + weak3 + "\n",
			clean:   true},
	}},

	{"maven-settings-password", []ownCase{
		{name: "server and proxy", path: "home/.m2/settings.xml",
			content: "<servers>\n  <server>\n    <id>nexus.tlfake.test</id>\n    <password>" + weak2 + "</password>\n  </server>\n</servers>\n<proxy><password>" + weak1 + "</password></proxy>\n",
			want:    []at{{4, weak2}, {7, weak1}}},
		{name: "master password", path: ".m2/settings-security.xml",
			content: "<settingsSecurity><master>" + weak3 + "</master></settingsSecurity>\n",
			want:    one(1, weak3)},
		// False positives.
		{name: "environment", path: "settings.xml",
			content: "<password>${env.NEXUS_PASSWORD}</password>\n<password></password>\n",
			clean:   true},
		{name: "same element in a pom", path: "pom.xml",
			content: "<password>" + weak2 + "</password>\n",
			clean:   true},
	}},

	{"gradle-properties-secret", []ownCase{
		{name: "publishing and signing", path: "gradle.properties",
			content: "org.gradle.jvmargs=-Xmx2g\nossrhPassword=" + weak1 + "\nsigning.password=" + weak2 + "\nsystemProp.http.proxyPassword=" + weak3 + "\n",
			want:    []at{{2, weak1}, {3, weak2}, {4, weak3}}},
		// False positives.
		{name: "files and empty values", path: "gradle.properties",
			content: "signing.secretKeyRingFile=/home/bob/.gnupg/secring.gpg\nossrhPassword=\nmavenPassword=${MAVEN_PASSWORD}\n",
			clean:   true},
		{name: "same key in kotlin", path: "build.gradle.kts",
			content: "// ossrhPassword=" + weak1 + "\n",
			clean:   true},
	}},

	{"composer-auth-password", []ownCase{
		{name: "http-basic", path: "auth.json",
			content: "{\n  \"http-basic\": {\n    \"repo.tlfake.test\": {\"username\": \"bob\", \"password\": \"" + weak1 + "\"}\n  }\n}\n",
			want:    one(3, weak1)},
		// False positives.
		{name: "empty", path: "auth.json",
			content: "{\"http-basic\": {\"repo.tlfake.test\": {\"username\": \"bob\", \"password\": \"\"}}}\n",
			clean:   true},
		{name: "same key in a fixture", path: "docs/login.json",
			content: "{\"password\": \"" + weak1 + "\"}\n",
			clean:   true},
	}},

	{"gem-credentials-key", []ownCase{
		{name: "gem credentials", path: "home/.gem/credentials",
			content: "---\n:rubygems_api_key: " + weak1 + "\n:gems_tlfake_test_api_key: " + tok + "\n",
			want:    []at{{2, weak1}, {3, tok}}},
		// False positives.
		{name: "empty", path: ".gem/credentials",
			content: "---\n:rubygems_api_key: ''\n",
			clean:   true},
		{name: "same key in yaml", path: "config/gems.yml",
			content: ":rubygems_api_key: " + weak1 + "\n",
			clean:   true},
	}},

	{"sftp-config-password", []ownCase{
		{name: "sublime and vs code", path: "sftp-config.json",
			content: "{\n    \"host\": \"sftp.tlfake.test\",\n    \"password\": \"" + weak1 + "\",\n}\n",
			want:    one(3, weak1)},
		{name: "vs code", path: ".vscode/sftp.json",
			content: "{\n  \"host\": \"sftp.tlfake.test\",\n  \"passphrase\": \"" + weak2 + "\"\n}\n",
			want:    one(3, weak2)},
		// False positives.
		{name: "sublime's commented template", path: "sftp-config.json",
			content: "{\n    //\"password\": \"password\",\n    \"password\": \"\",\n}\n",
			clean:   true},
		{name: "same key elsewhere", path: "config/app.json",
			content: "{\n  \"password\": \"" + weak1 + "\"\n}\n",
			clean:   true},
	}},

	{"mail-client-password", []ownCase{
		{name: "msmtp", path: "home/.msmtprc",
			content: "account corp\nhost smtp.tlfake.test\nuser bob\npassword " + weak1 + "\n",
			want:    one(4, weak1)},
		{name: "mutt", path: ".muttrc",
			content: "set smtp_url = \"smtp://bob@smtp.tlfake.test:587/\"\nset smtp_pass = \"" + weak2 + "\"\nset imap_pass=" + weak3 + "\n",
			want:    []at{{2, weak2}, {3, weak3}}},
		{name: "fetchmail and offlineimap", path: ".fetchmailrc",
			content: "poll mail.tlfake.test protocol imap user \"bob\" password \"" + weak1 + "\"\n",
			want:    one(1, weak1)},
		{name: "offlineimap", path: ".offlineimaprc",
			content: "[Repository remote]\nremotehost = imap.tlfake.test\nremotepass = " + weak2 + "\n",
			want:    one(3, weak2)},
		// False positives.
		{name: "password commands", path: ".msmtprc",
			content: "passwordeval \"pass show mail\"\n# password " + weak1 + "\nset smtp_pass = \"\"\n",
			clean:   true},
		{name: "same key in a script", path: "scripts/mail.sh",
			content: "password " + weak1 + "\n",
			clean:   true},
	}},

	{"rails-database-password", []ownCase{
		{name: "database.yml", path: "config/database.yml",
			content: "development:\n  adapter: postgresql\n  host: db.tlfake.test\n  password: " + weak3 + "\ntest:\n  password: '" + weak2 + "'\n",
			want:    []at{{4, weak3}, {6, weak2}}},
		// False positives.
		{name: "erb and aliases", path: "config/database.yml",
			content: "production:\n  password: <%= ENV[\"DATABASE_PASSWORD\"] %>\n  password: \"<%= ENV['DB_PASS'] %>\"\n  password:\n",
			clean:   true},
		{name: "same key elsewhere", path: "config/locales/en.yml",
			content: "  password: " + weak3 + "\n",
			clean:   true},
	}},

	{"django-settings-password", []ownCase{
		{name: "databases and email", path: "mysite/settings/production.py",
			content: "DATABASES = {\n    'default': {\n        'HOST': 'db.tlfake.test',\n        'PASSWORD': '" + weak2 + "',\n    }\n}\nEMAIL_HOST_PASSWORD = \"" + weak1 + "\"\n",
			want:    []at{{4, weak2}, {7, weak1}}},
		// False positives.
		{name: "environment", path: "mysite/settings.py",
			content: "        'PASSWORD': os.environ['DB_PASSWORD'],\n        'PASSWORD': '',\nEMAIL_HOST_PASSWORD = config('EMAIL_PASSWORD')\n",
			clean:   true},
		{name: "same key in other code", path: "app/forms.py",
			content: "        'PASSWORD': '" + weak2 + "',\n",
			clean:   true},
	}},

	{"spring-config-password", []ownCase{
		{name: "properties", path: "src/main/resources/application.properties",
			content: "spring.datasource.url=jdbc:postgresql://db.tlfake.test/app\nspring.datasource.password=" + weak2 + "\nspring.mail.password=" + weak1 + "\n",
			want:    []at{{2, weak2}, {3, weak1}}},
		{name: "yaml", path: "src/main/resources/application-dev.yml",
			content: "spring:\n  datasource:\n    username: bob\n    password: " + weak3 + "\n",
			want:    one(4, weak3)},
		// False positives.
		{name: "references and encrypted", path: "application.yml",
			content: "spring:\n  datasource:\n    password: ${DB_PASSWORD}\n    password: ENC(TLFAKEq8Zr2mN4vK7xW1pJ9s)\n    password:\n",
			clean:   true},
		{name: "same key in a go file", path: "internal/config/defaults.go",
			content: "spring.datasource.password=" + weak2 + "\n",
			clean:   true},
	}},

	{"java-config-password", []ownCase{
		{name: "hibernate and jpa", path: "src/main/resources/hibernate.cfg.xml",
			content: "<property name=\"connection.url\">jdbc:mysql://db.tlfake.test/app</property>\n<property name=\"connection.password\">" + weak2 + "</property>\n<property name=\"hibernate.connection.password\" value=\"" + weak1 + "\"/>\n",
			want:    []at{{2, weak2}, {3, weak1}}},
		{name: "tomcat users", path: "conf/tomcat-users.xml",
			content: "<user username=\"admin\" password=\"" + weak2 + "\" roles=\"manager-gui\"/>\n",
			want:    one(1, weak2)},
		// False positives.
		{name: "references", path: "META-INF/context.xml",
			content: "<Resource name=\"jdbc/app\" password=\"${db.password}\" username=\"app\"/>\n<user username=\"admin\" password=\"\" roles=\"x\"/>\n",
			clean:   true},
		{name: "same attribute in html", path: "web/login.html",
			content: "<input name=\"password\" password=\"" + weak2 + "\">\n",
			clean:   true},
	}},

	{"dotnet-config-password", []ownCase{
		{name: "web.config", path: "Web.config",
			content: "<connectionStrings>\n  <add name=\"Db\" connectionString=\"Server=db.tlfake.test;Database=app;User Id=sa;Password=" + weak2 + ";\" />\n</connectionStrings>\n<appSettings>\n  <add key=\"SmtpPassword\" value=\"" + weak1 + "\" />\n</appSettings>\n",
			want:    []at{{2, weak2}, {5, weak1}}},
		{name: "appsettings.json", path: "appsettings.Development.json",
			content: "{\n  \"Smtp\": { \"Host\": \"smtp.tlfake.test\", \"Password\": \"" + weak3 + "\" }\n}\n",
			want:    one(2, weak3)},
		// False positives.
		{name: "integrated security and placeholders", path: "App.config",
			content: "<add name=\"Db\" connectionString=\"Server=db.tlfake.test;Integrated Security=SSPI;\" />\n<add key=\"ApiPassword\" value=\"\" />\n<add key=\"ApiPassword\" value=\"#{ApiPassword}\" />\n<membership passwordFormat=\"Hashed\" minRequiredPasswordLength=\"8\" />\n",
			clean:   true},
		{name: "same key in a markdown file", path: "docs/config.md",
			content: "Password=" + weak2 + ";\n",
			clean:   true},
	}},

	{"kubeconfig-credentials", []ownCase{
		{name: "kubeconfig", path: "home/.kube/config",
			content: "users:\n- name: bob\n  user:\n    username: bob\n    password: " + weak2 + "\n- name: ci\n  user:\n    token: " + weak1 + "\n",
			want:    []at{{5, weak2}, {8, weak1}}},
		// False positives.
		{name: "exec plugin", path: "kubeconfig.yaml",
			content: "users:\n- name: eks\n  user:\n    exec:\n      command: aws\n    token: ${KUBE_TOKEN}\n",
			clean:   true},
		{name: "same key in a chart", path: "charts/app/values.md",
			content: "    token: " + weak1 + "\n",
			clean:   true},
	}},

	{"remote-desktop-password", []ownCase{
		{name: "remmina", path: "home/.local/share/remmina/group_rdp_bob.remmina",
			content: "[remmina]\nserver=rdp.tlfake.test\nusername=bob\npassword=" + weak1B64 + "\n",
			want:    one(4, weak1B64)},
		{name: "mremoteng", path: "AppData/mRemoteNG/confCons.xml",
			content: "<Node Name=\"db\" Hostname=\"db.tlfake.test\" Username=\"bob\" Password=\"" + weak1B64 + "\" RDGatewayPassword=\"" + weak2 + "\" />\n",
			want:    []at{{1, weak1B64}, {1, weak2}},
			also:    []ownWant{{"password-assignment", 1, weak1B64}}},
		// False positives.
		{name: "not saved", path: "bob.remmina",
			content: "[remmina]\npassword=\n",
			clean:   true},
		{name: "same key elsewhere", path: "conf/app.xml",
			content: "<Node Password=\"" + weak2 + "\" />\n",
			clean:   true},
	}},

	{"smb-credentials-file", []ownCase{
		{name: "smbcredentials", path: "home/.smbcredentials",
			content: "username=bob\npassword=" + weak1 + "\ndomain=TLFAKE\n",
			want:    one(2, weak1)},
		// False positives.
		{name: "empty", path: ".smbcredentials",
			content: "username=bob\npassword=\n",
			clean:   true},
		{name: "same key in a script", path: "scripts/mount.sh",
			content: "password=" + weak1 + "\n",
			clean:   true},
	}},

	{"gpp-cpassword", []ownCase{
		{name: "groups.xml", path: "SYSVOL/corp.tlfake.test/Policies/{31B2F340}/Machine/Preferences/Groups/Groups.xml",
			content: "<Groups><User name=\"Administrator (built-in)\"><Properties action=\"U\" cpassword=\"" + gppFake + "\" userName=\"Administrator\"/></User></Groups>\n",
			want:    one(1, gppFake),
			also:    []ownWant{{"password-assignment", 1, gppFake}}},
		// False positives.
		{name: "no password set", path: "Services.xml",
			content: "<NTService><Properties cpassword=\"\" accountName=\"LocalSystem\"/></NTService>\n",
			clean:   true},
		{name: "same attribute in docs", path: "docs/gpp.md",
			content: "cpassword=\"" + gppFake + "\"\n",
			clean:   true},
	}},

	{"windows-unattend-password", []ownCase{
		{name: "auto-logon and administrator", path: "images/autounattend.xml",
			content: "<AutoLogon>\n  <Password>\n    <Value>" + weak1 + "</Value>\n    <PlainText>true</PlainText>\n  </Password>\n</AutoLogon>\n<AdministratorPassword><Value>" + weak2 + "</Value></AdministratorPassword>\n",
			want:    []at{{3, weak1}, {7, weak2}}},
		// False positives.
		{name: "filled in at build time", path: "unattend.xml",
			content: "<AdministratorPassword><Value>%ADMIN_PASSWORD%</Value></AdministratorPassword>\n<Password><Value></Value></Password>\n",
			clean:   true},
		{name: "same elements elsewhere", path: "config/app.xml",
			content: "<Password><Value>" + weak1 + "</Value></Password>\n",
			clean:   true},
	}},

	{"db-gui-password", []ownCase{
		{name: "robo 3t", path: "home/.3T/robo-3t/1.4.4/robo3t.json",
			content: "{\"connections\": [{\"serverHost\": \"mongo.tlfake.test\",\n  \"credentials\": [{\"userName\": \"bob\", \"userPassword\": \"" + weak1 + "\"}]}]}\n",
			want:    one(2, weak1)},
		{name: "heidisql export", path: "portable_settings.txt",
			content: "Servers\\db.tlfake.test\\Password<|||>1<|||>7D6E6F7C7D3F3E3F6\n",
			want:    one(1, "7D6E6F7C7D3F3E3F6")},
		// False positives.
		{name: "not saved", path: "robomongo.json",
			content: "{\"userPassword\": \"\", \"sshPassphrase\": \"\"}\n",
			clean:   true},
		{name: "same key elsewhere", path: "config/mongo.json",
			content: "{\"userPassword\": \"" + weak1 + "\"}\n",
			clean:   true},
	}},
}
