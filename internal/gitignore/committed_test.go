package gitignore

import "testing"

func TestCommitted(t *testing.T) {
	l := Default()
	cases := []struct {
		file    string
		content string
		want    bool
	}{
		{"config/.env", "API_KEY=Zq8vT2LmX9wK4rB7TLFAKE01\n", true},
		{".env", "API_KEY=\nTOKEN=<your-token>\n", false}, // a template
		{".env.example", "API_KEY=Zq8vT2LmX9wK4rB7TLFAKE01\n", false},
		{"certs/server.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", false},
		{"certs/server.key", "-----BEGIN PRIVATE KEY-----\nTLFAKE\n-----END PRIVATE KEY-----\n", true},
		{"keys/id_rsa", "anything", true},
		{"src/main.go", "package main", false},
	}
	for _, c := range cases {
		f, ok := l.Committed(c.file, []byte(c.content))
		if ok != c.want {
			t.Errorf("Committed(%q) = %v, want %v", c.file, ok, c.want)
			continue
		}
		if ok && (f.RuleID != RuleTracked || f.File != c.file || f.Secret != "") {
			t.Errorf("Committed(%q) = %+v", c.file, f)
		}
	}
	if _, ok := l.Committed("app/.env", nil); !ok {
		t.Error("a .env too large to read is judged by its name: want a finding")
	}
}
