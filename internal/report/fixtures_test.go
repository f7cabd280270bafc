package report_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/report"
	"github.com/tightlip/tightlip/internal/rule"
)

// fakeMarker is in every secret the tests use. The secrets are made up and
// built at run time from this marker, so no test file holds a string that
// looks like a real credential (or trips a secret scanner, ours included);
// and any output containing the marker has leaked a secret.
const fakeMarker = "TIGHTLIP" + "FAKE"

// fakeSecret returns a recognisably fake secret for kind.
func fakeSecret(kind string) string {
	return kind + "_" + fakeMarker + "_0123456789abcdef"
}

func testCatalogue(t *testing.T) *rule.Catalogue {
	t.Helper()
	c, err := rule.NewCatalogue([]rule.Rule{
		{
			ID: "aws-access-token", Category: rule.HardcodedSecret, Severity: rule.Error, CWE: "CWE-798",
			Short: "AWS access key in source", Full: "An AWS access key ID is written into a file that is committed.",
			Help: "Remove the key, **rotate it** in the AWS console, and read it from the environment.", Precision: "high", Origin: "gitleaks",
		},
		{
			ID: "everflow-api-key", Category: rule.HardcodedSecret, Severity: rule.Error, CWE: "CWE-798",
			Short: "Everflow API key in source", Full: "An Everflow API key is written into a file that is committed.",
			Help: "Rotate the key in Everflow and load it from `EVERFLOW_API_KEY`.", Precision: "high", Origin: "tightlip",
		},
		{
			ID: "insecure-http-url", Category: rule.InsecureTransport, Severity: rule.Warning, CWE: "CWE-319",
			Short: "Plain-HTTP URL reaches an HTTP client", Full: "Requests to an http:// URL send the API key in clear text.",
			Help: "Use `https://`.", Precision: "medium", Origin: "tightlip",
		},
		{
			ID: "secret-in-log", Category: rule.SecretExposure, Severity: rule.Note, CWE: "CWE-532",
			Short: "Secret written to a log", Full: "A value holding a key flows into a logging call.",
			Help: "Log a redacted form, or nothing.", Precision: "medium", Origin: "tightlip",
		},
		{
			ID: "gitignore-missing-env", Category: rule.Gitignore, Severity: rule.Warning, CWE: "CWE-538",
			Short: ".env is not ignored", Full: "The repository's .gitignore has no entry for .env files.",
			Help: "Add `.env` to `.gitignore`.", Precision: "very-high", Origin: "tightlip",
		},
		{
			// Never fires in the fixtures: SARIF must leave it out.
			ID: "stripe-secret-key", Category: rule.HardcodedSecret, Severity: rule.Error, CWE: "CWE-798",
			Short: "Stripe secret key in source", Full: "A Stripe secret key is committed.", Help: "Roll the key.", Precision: "high",
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testFindings is a representative scan: every category, every severity,
// git and working-tree findings, a file-level finding, a multi-line region,
// a rule missing from the catalogue, a path that needs escaping, and
// sources that carelessly quote the secret in a message or commit subject.
// They are deliberately out of order.
func testFindings() []finding.Finding {
	aws, ef, custom, logged := fakeSecret("aws"), fakeSecret("everflow"), fakeSecret("custom"), fakeSecret("log")
	fp := func(rule, file, secret string) string { return finding.IdentityOf(rule, file, secret, 0) }
	return []finding.Finding{
		{
			RuleID: "secret-in-log", Category: rule.SecretExposure, Severity: rule.Note,
			Message: "API key passed to log.Printf", File: "app/main.go",
			Line: 30, Column: 2, EndLine: 30, EndColumn: 40, Secret: logged, Fingerprint: fp("secret-in-log", "app/main.go", logged),
		},
		{
			RuleID: "aws-access-token", Category: rule.HardcodedSecret, Severity: rule.Error,
			Message: "AWS access key " + aws + " assigned to awsKey", File: "app/main.go",
			Line: 12, Column: 11, EndLine: 12, EndColumn: 11 + len(aws), Secret: aws, Fingerprint: fp("aws-access-token", "app/main.go", aws),
			Also: []string{"generic-api-key", "url-query-secret"},
		},
		{
			RuleID: "everflow-api-key", Category: rule.HardcodedSecret, Severity: rule.Error,
			Message: "Everflow API key in X-Eflow-API-Key header", File: "client/everflow.go",
			Line: 8, Column: 32, EndLine: 8, EndColumn: 32 + len(ef), Secret: ef, Fingerprint: fp("everflow-api-key", "client/everflow.go", ef),
			Commit: "0123456789abcdef0123456789abcdef01234567", Author: "Dana Dev", Email: "dana@example.com",
			Date:    time.Date(2024, 3, 1, 9, 30, 0, 0, time.FixedZone("CEST", 2*3600)),
			Subject: "wire up Everflow with " + ef,
		},
		{
			RuleID: "insecure-http-url", Category: rule.InsecureTransport, Severity: rule.Warning,
			Message: "http:// postback URL reaches http.Post", File: "client/postback.go",
			Line: 20, Column: 15, EndLine: 21, EndColumn: 4, Fingerprint: fp("insecure-http-url", "client/postback.go", "http://partner.example/postback"),
		},
		{
			RuleID: "gitignore-missing-env", Category: rule.Gitignore, Severity: rule.Warning,
			Message: ".gitignore has no entry for .env, *.pem", File: ".gitignore",
			Fingerprint: fp("gitignore-missing-env", ".gitignore", ""), Entries: []string{".env", "*.pem"},
		},
		{
			// A user's config rule the catalogue was not told about.
			RuleID: "custom-internal-token", Category: rule.HardcodedSecret, Severity: rule.Error,
			Message: "internal token (100% of it)", File: "docs/notes, draft: v1.md",
			Line: 3, Column: 1, EndLine: 3, EndColumn: 1 + len(custom), Secret: custom, Fingerprint: fp("custom-internal-token", "docs/notes, draft: v1.md", custom),
		},
	}
}

// testSecrets lists the raw secrets in testFindings.
func testSecrets() []string {
	var out []string
	for _, f := range testFindings() {
		if f.Secret != "" {
			out = append(out, f.Secret)
		}
	}
	return out
}

func testSummary() finding.Summary {
	return finding.Summary{
		Root:         ".",
		FilesScanned: 42,
		BytesScanned: 123456,
		Skipped:      map[string]int{"too large": 1, "binary": 3},
		Problems:     []string{"vendor/locked.go: permission denied"},
		Suppressed:   map[string]int{"baseline": 2, "allow comment": 1},
		// As a scan records its fingerprint key: the source and an ID,
		// never the key.
		FingerprintKey:   finding.KeyRepository,
		FingerprintKeyID: "0123456789abcdef",
		// Fixed, so golden files do not change from run to run.
		Duration: 1234567890 * time.Nanosecond,
	}
}

// emptySummary is a scan that found nothing, with nil maps and slices as a
// source may well leave them.
func emptySummary() finding.Summary {
	return finding.Summary{Root: "repo", FilesScanned: 3, BytesScanned: 900, Duration: 5 * time.Millisecond}
}

func testOptions(t *testing.T) report.Options {
	return report.Options{Catalogue: testCatalogue(t), ToolVersion: "v1.2.3-test"}
}

// render writes a report and fails the test on error.
func render(t *testing.T, f report.Format, fs []finding.Finding, sum finding.Summary, opts report.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, f, fs, sum, opts); err != nil {
		t.Fatalf("Write(%s): %v", f, err)
	}
	return buf.Bytes()
}

// gitignoreFixFindings are findings that carry fixes, as the gitignore
// rules make them: lines appended after a last line without a newline, in
// CRLF, and a .gitignore created from nothing in a nested project.
func gitignoreFixFindings() []finding.Finding {
	fp := func(file, entry string) string { return finding.IdentityOf("gitignore-missing", file, entry, 0) }
	return []finding.Finding{
		{
			RuleID: "gitignore-missing", Category: rule.Gitignore, Severity: rule.Error,
			Message: ".gitignore does not exclude `.env` files", File: ".gitignore", Line: 1, Fingerprint: fp(".gitignore", ".env"),
			Fix: &finding.Fix{Description: "Add .env to .gitignore", Inserts: []finding.Insert{
				{File: ".gitignore", Line: 3, Column: 14, Offset: 40, Text: "\r\n.env\r\n"},
			}},
		},
		{
			RuleID: "gitignore-missing", Category: rule.Gitignore, Severity: rule.Warning,
			Message: "project services/api has no .gitignore", File: "services/api/.gitignore", Fingerprint: fp("services/api/.gitignore", "*.key\n*.pem"),
			Entries: []string{"*.pem", "*.key"},
			Fix: &finding.Fix{Description: "Add *.pem, *.key to services/api/.gitignore", Inserts: []finding.Insert{
				{File: "services/api/.gitignore", Line: 1, Column: 1, Offset: 0, Text: "*.pem\n*.key\n"},
			}},
		},
		{
			RuleID: "go-plain-http-url", Category: rule.InsecureTransport, Severity: rule.Warning,
			Message: "plain-HTTP URL passed to http.Get: use https://", File: "cmd/api/main.go", Line: 12, Column: 11, EndLine: 12, EndColumn: 35,
			Fingerprint: finding.IdentityOf("go-plain-http-url", "cmd/api/main.go", "m", 0),
			Fix: &finding.Fix{Description: "Use https:// in cmd/api/main.go", Replaces: []finding.Replace{
				{File: "cmd/api/main.go", Line: 12, Column: 12, EndLine: 12, EndColumn: 19, Offset: 187, Old: "http://", Text: "https://", Digest: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
			}},
		},
	}
}
