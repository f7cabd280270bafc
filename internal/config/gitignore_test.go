package config_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/config"
)

func TestGitignoreTable(t *testing.T) {
	src := `[gitignore]
add = ["*.secret", "vault.json", "service-?.cfg"]
remove = ["*.tfvars"]
`
	f, err := config.Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.Gitignore.Add, []string{"*.secret", "vault.json", "service-?.cfg"}) ||
		!slices.Equal(f.Gitignore.Remove, []string{"*.tfvars"}) {
		t.Errorf("[gitignore] = %+v", f.Gitignore)
	}

	f, err = config.Parse(name, []byte("title = \"no gitignore table\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Gitignore.Add != nil || f.Gitignore.Remove != nil {
		t.Errorf("absent [gitignore] = %+v, want zero", f.Gitignore)
	}
}

// Every bad entry is an error that names the file, the line, the key and
// the entry.
func TestGitignoreTableErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // each must be in the error
	}{
		{"path", "[gitignore]\nadd = [\"config/secrets.yml\"]\n", []string{name + ":2:", "add", `"config/secrets.yml"`, "file name"}},
		{"backslash", "[gitignore]\nadd = ['a\\b']\n", []string{":2:", "file name"}},
		{"negation", "[gitignore]\nadd = [\"!.env.example\"]\n", []string{":2:", "negation"}},
		{"comment", "[gitignore]\nremove = [\"#x\"]\n", []string{":2:", "remove", "comment"}},
		{"empty", "[gitignore]\nadd = [\"\"]\n", []string{":2:", "empty"}},
		{"spaces", "[gitignore]\nadd = [\" .env\"]\n", []string{":2:", "space"}},
		{"class", "[gitignore]\nadd = [\"id_[rd]sa\"]\n", []string{":2:", "character classes"}},
		{"everything", "[gitignore]\nadd = [\"*\"]\n", []string{":2:", "every file"}},
		{"control", "[gitignore]\nadd = [\"a\\tb\"]\n", []string{":2:", "control"}},
		{"twice", "[gitignore]\nadd = [\"*.a\", \"*.a\"]\n", []string{":2:", "twice"}},
		{"both", "[gitignore]\nadd = [\"*.a\"]\n\nremove = [\"*.a\"]\n", []string{":4:", "both add and remove"}},
		{"unknown key", "[gitignore]\nallow = [\".env.local\"]\n", []string{":2:", "unknown key", "gitignore.allow"}},
		{"not a list", "[gitignore]\nadd = \".env\"\n", []string{name}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Parse(name, []byte(tt.src))
			if err == nil {
				t.Fatalf("no error for\n%s", tt.src)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// The config comes with the tree, and --fix writes its [gitignore] entries
// into .gitignore files: an entry is a file name, never shell syntax or
// text that hides what it is. The error names the line and shows the entry
// escaped.
func TestGitignoreHostileEntries(t *testing.T) {
	for _, p := range []string{
		"x; rm -rf ~", "$(id)", "`id`", "a|b", "a&b", "a;b", "$HOME", "a'b", `a"b`, "a<b", "a>b", "(x)", "{a}",
		"a b", "inv\u202eyek.key", "a\u2066b", "zero\u200bwidth", "line\u2028sep", "nel\u0085", "a\x1bb",
	} {
		src := "[gitignore]\nadd = [\"*.ok\",\n  " + tomlString(p) + "]\n"
		_, err := config.Parse(name, []byte(src))
		if err == nil {
			t.Errorf("%q accepted", p)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, name+":2:") || !strings.Contains(msg, "add") {
			t.Errorf("%q: error %q does not name the line and key", p, msg)
		}
		if !strings.Contains(msg, strconv.Quote(p)) || strings.ContainsAny(msg, "\x1b\u202e\u2066\u200b\u2028\u0085") {
			t.Errorf("%q: error %q does not show the entry escaped", p, msg)
		}
	}
	// What file names use is fine.
	for _, p := range []string{"*.secret", "service-?.cfg", "my_key+1@host~.bak", "geheimnis-ü.key", "a=b,c%d#e!f", "秘密.json"} {
		if _, err := config.Parse(name, []byte("[gitignore]\nadd = ["+tomlString(p)+"]\n")); err != nil {
			t.Errorf("%q: %v", p, err)
		}
	}
}

// tomlString is s as a TOML basic string (TOML itself refuses bytes
// that are not UTF-8).
func tomlString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\x1b", `\u001b`)
	return `"` + r.Replace(s) + `"`
}
