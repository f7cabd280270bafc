package detect_test

import (
	"fmt"
	"slices"
	"testing"
)

// Values for generic-api-key tests. They cannot carry TLFAKE as the other
// fixtures do: gitleaks' generic rule drops every value containing the
// stopword "fake". TLBOGUS marks them instead; hex values cannot carry a
// marker, so they spell fa4e ("fake") at both ends around a counted run.
const (
	genKey  = "TLBOGUSz7Xw3n9Rb7Lp2Qz9Tc4"
	genKey2 = "TLBOGUSq8Zr2mN4vK7xW1pJ9sLd3T8a9b0c1"
	hex40   = "fa4e0123456789abcdef0123456789abcdeffa4e"
	hex64   = "fa4e0123456789abcdef0123456789abcdef0123456789abcdef01234567fa4e"
	hex41   = hex40 + "7"
	uuid    = "fa4e0123-4567-89ab-cdef-0123456789ab"
	goSumH1 = "h1:TLBOGUSq8Zr2mN4vK7xW1pJ9sLd3T8a9b0c1Qx2Lm7V="
)

// TestGenericNotKeys checks what generic-api-key no longer reports, each
// class beside a real-looking key of the same shape of file that it still
// reports.
func TestGenericNotKeys(t *testing.T) {
	eng := defaultEngine(t)
	cases := []struct {
		name, path, content string
		want                []string // "line secret" of generic-api-key findings
	}{
		{"go.sum lines in any *.sum", ".bingo/golangci-lint.sum",
			"github.com/tlbogus/apikey v1.2.3 " + goSumH1 + "\n" +
				"github.com/tlbogus/apikey v1.2.3/go.mod " + goSumH1 + "\n" +
				"apikey: " + genKey2 + "\n",
			[]string{"3 " + genKey2}},
		{"snake-case identifiers are names; mixed case or digits throughout are keys", "pkg/labels/names.go",
			"api_key := \"prometheus_api_v1_foo\"\n" +
				"secret_key = \"user-service.internal.name\"\n" +
				"api_key := \"" + genKey + "\"\n" +
				"api_key := \"tlbogus_q8zr2mn4vk7xw1\"\n",
			[]string{"3 " + genKey, "4 tlbogus_q8zr2mn4vk7xw1"}},
		{"go.sum lines in tools/go.sum", "tools/go.sum",
			"github.com/tlbogus/apikey v1.2.3 " + goSumH1 + "\n", nil},
		{"vendor at any depth", "x/y/vendor/lib/config.go",
			"api_key = \"" + genKey + "\"\n", nil},
		{"vendor at the root", "vendor/lib/config.go",
			"api_key = \"" + genKey + "\"\n", nil},
		{"a committed Go module cache", "web/ui/pkg/mod/github.com/tlbogus/sdk@v23.2.0+incompatible/storage/recordings/list.yaml",
			"api_key = \"" + genKey + "\"\n", nil},
		{"node_modules at any depth", "web/ui/node_modules/lib/config.js",
			"api_key = \"" + genKey + "\"\n", nil},
		{"not a module cache: pkg/mod without a version", "src/pkg/mod/config.go",
			"api_key = \"" + genKey + "\"\n", []string{"1 " + genKey}},
		{"not vendor: vendored", "x/vendored/config.go",
			"api_key = \"" + genKey + "\"\n", []string{"1 " + genKey}},
		{"git SHAs named so", "scripts/genproto.sh",
			"readonly googleapi_commit=" + hex40 + "\n" +
				"API_KEY_SHA256=" + hex64 + "\n" +
				"go install example.com/apikey-gen@" + hex40 + "\n" +
				"client_secret = \"" + hex40 + "\"\n" +
				"client_secret = \"" + hex64 + "\"\n" +
				"secret_key = \"" + hex41 + "\"\n",
			[]string{"4 " + hex40, "5 " + hex64, "6 " + hex41}},
		{"UUIDs named identifiers", "config/app.env",
			"api_key_id = \"" + uuid + "\"\n" +
				"tokenUUID: " + uuid + "\n" +
				"api_token = \"" + uuid + "\"\n",
			[]string{"3 " + uuid}},
		{"codecov token stays", "codecov.yml",
			"codecov:\n  token: " + uuid + "\n",
			[]string{"2 " + uuid}},
		{"sequential example keys", "docs/setup.md",
			"api_key = \"A1B2C3D4E5F6G7H8\"\n" +
				"api_key = \"abcdef1234567890\"\n" +
				"api_key = \"0123456789abcdef0123\"\n" +
				"api_key = \"12345678901234567890\"\n" +
				"api_key = \"" + genKey + "\"\n",
			[]string{"5 " + genKey}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, f := range eng.Scan(c.path, []byte(c.content)) {
				if f.RuleID == "generic-api-key" {
					got = append(got, fmt.Sprintf("%d %s", f.Line, f.Secret))
				}
			}
			slices.Sort(got)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s:\n%s\ngot  %q\nwant %q", c.path, c.content, got, want)
			}
		})
	}
}
