package detect

import "testing"

func TestNotGenericKey(t *testing.T) {
	const (
		hex40 = "fa4e0123456789abcdef0123456789abcdeffa4e"
		uuid  = "fa4e0123-4567-89ab-cdef-0123456789ab"
	)
	cases := []struct {
		file, key, secret, line string
		want                    bool
	}{
		{"Makefile", "", hex40, "\tgo install example.com/tool@" + hex40, true},
		{"ci.yml", "", hex40, "  - run: git checkout " + hex40, true},
		{"deps.sh", "", hex40, "TOOL_REV=" + hex40, true},
		{"deps.sh", "", hex40, "# pinned sha256\nKEY=" + hex40, true},
		// "ref" inside another word is not the word ref.
		{"app.env", "", hex40, "refresh_token=" + hex40, false},
		{"app.env", "", hex40, "api_secret=" + hex40, false},
		{"app.env", "", hex40 + "a", "api_secret_sha=" + hex40 + "a", false},
		{"app.env", "api_key_id=", uuid, "api_key_id=" + uuid, true},
		{"app.env", "apiKeyGUID: ", uuid, "apiKeyGUID: " + uuid, true},
		{"app.env", "api_token=", uuid, "api_token=" + uuid, false},
		{"app.env", "valid_token=", uuid, "valid_token=" + uuid, false},
		{"a/vendor/b/c.go", "", "TLBOGUSz7Xw3n9Rb7Lp2Qz9Tc4", "key = x", true},
		{"a/vendored/c.go", "", "TLBOGUSz7Xw3n9Rb7Lp2Qz9Tc4", "key = x", false},
		{`a\vendor\c.go`, "", "TLBOGUSz7Xw3n9Rb7Lp2Qz9Tc4", "key = x", true},
		{"x.sum", "", "h1:TLBOGUSq8Zr2mN4vK7xW1pJ9sLd3T8a9b0c1Qx2Lm7V=", "\nexample.com/apikey v0.1.0 h1:TLBOGUSq8Zr2mN4vK7xW1pJ9sLd3T8a9b0c1Qx2Lm7V=", true},
		{"x.sum", "", "h1:TLBOGUSq8Zr2mN4vK7xW1pJ9sLd3T8a9b0c1Qx2Lm7V=", "apikey: h1:TLBOGUSq8Zr2mN4vK7xW1pJ9sLd3T8a9b0c1Qx2Lm7V=", false},
	}
	for _, c := range cases {
		if got := notGenericKey(c.file, c.key, c.secret, c.line); got != c.want {
			t.Errorf("notGenericKey(%q, %q, %q, %q) = %v, want %v", c.file, c.key, c.secret, c.line, got, c.want)
		}
	}
}
