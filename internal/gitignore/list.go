package gitignore

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/rule"
)

// kind says what a file's content adds to what its name says.
type kind int

const (
	// byName: the name is enough; such a file holds a credential.
	byName kind = iota
	// envFile: KEY=VALUE lines; a credential when one of them assigns a
	// secret (see envHoldsSecret), a template or plain settings otherwise.
	envFile
	// npmrcFile: npm settings, a credential only with an auth setting
	// (_authToken, _auth, _password) that holds a literal value.
	npmrcFile
	// pemFile: PEM text; certificates and public keys are public, only a
	// private key is a credential.
	pemFile
)

// Entry is one kind of credential file that .gitignore must exclude.
type Entry struct {
	// Pattern is a file-name glob (* and ?), matched against a file's base
	// name, and the line the fix adds to .gitignore.
	Pattern string
	// Severity is that of a missing entry: error for the .env family,
	// which holds the keys themselves, warning for the rest.
	Severity rule.Severity
	// Templates are names the pattern matches that are meant to be tracked
	// (.env.example): never reported, and kept out of the fix.
	Templates []string
	// TrackedOnly marks a credential file that secret-file-tracked reports
	// when it is tracked (or, outside git, present and not excluded), but
	// that gitignore-missing does not ask every .gitignore to name: files
	// a desktop tool writes to a home directory (.pgpass, logins.json),
	// which a project rarely holds, so that a line for each in every
	// project's .gitignore would be noise.
	TrackedOnly bool
	kind        kind
}

// List is the credential-file list the checks apply.
type List []Entry

// envTemplates are the names projects commit to document their .env.
var envTemplates = []string{".env.example", ".env.sample", ".env.template", ".env.dist"}

// Default returns the built-in list, from the vendors' checklists: .env
// files, private keys and keystores, SSH keys, cloud credentials, netrc,
// npm auth, Terraform variables and Rails-style secrets files.
func Default() List {
	l := List{
		{Pattern: ".env", Severity: rule.Error, kind: envFile},
		{Pattern: ".env.*", Severity: rule.Error, Templates: envTemplates, kind: envFile},
		{Pattern: "*.pem", kind: pemFile},
		{Pattern: "*.key", kind: pemFile},
	}
	for _, p := range []string{"*.p12", "*.pfx", "*.jks", "*.keystore", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519",
		"credentials.json", "service-account*.json", ".netrc"} {
		l = append(l, Entry{Pattern: p})
	}
	l = append(l, Entry{Pattern: ".npmrc", kind: npmrcFile})
	for _, p := range []string{"*.tfvars", "secrets.yml", "secrets.yaml"} {
		l = append(l, Entry{Pattern: p})
	}
	// Credential stores of desktop tools, clear text or encrypted with a
	// key kept beside them (see bench/precision/credfiles.md): content
	// rules read the clear-text ones; the binary or encrypted ones only a
	// name can reveal.
	for _, p := range trackedOnly {
		l = append(l, Entry{Pattern: p, TrackedOnly: true})
	}
	for i := range l {
		if l[i].Severity == "" {
			l[i].Severity = rule.Warning
		}
	}
	return l
}

// trackedOnly are the TrackedOnly entries of the default list.
var trackedOnly = []string{
	".pgpass", ".git-credentials", ".mylogin.cnf", ".vault-token",
	"logins.json", "key4.db", "key3.db", "Login Data", "credentials-config.json", "*.kdbx", ".gitcookies",
}

// Required returns the entries a project's .gitignore must exclude: all but
// the TrackedOnly ones.
func (l List) Required() List {
	var out List
	for _, e := range l {
		if !e.TrackedOnly {
			out = append(out, e)
		}
	}
	return out
}

// FromConfig applies a configuration's [gitignore] table (nil for none) to
// the default list. config.Parse has checked each pattern's syntax; this
// checks the patterns against the list.
func FromConfig(f *config.File) (List, error) {
	l := Default()
	if f == nil {
		return l, nil
	}
	for _, p := range f.Gitignore.Remove {
		i := slices.IndexFunc(l, func(e Entry) bool { return e.Pattern == p })
		if i < 0 {
			return nil, fmt.Errorf("%s: [gitignore] remove names %q, which is not in the list (%s)", f.Name, p, strings.Join(Default().Patterns(), " "))
		}
		l = slices.Delete(l, i, i+1)
	}
	for _, p := range f.Gitignore.Add {
		if slices.ContainsFunc(Default(), func(e Entry) bool { return e.Pattern == p }) {
			return nil, fmt.Errorf("%s: [gitignore] add names %q, which is in the list already", f.Name, p)
		}
		e := Entry{Pattern: p, Severity: rule.Warning}
		if strings.HasPrefix(p, ".env") {
			e.Severity, e.kind = rule.Error, envFile
		}
		l = append(l, e)
	}
	return l, nil
}

// Patterns returns the entries' patterns, in order.
func (l List) Patterns() []string {
	out := make([]string, len(l))
	for i, e := range l {
		out[i] = e.Pattern
	}
	return out
}

// Match returns the entry a file's base name falls under, if any. A
// template matches no entry.
func (l List) Match(name string) (Entry, bool) {
	for _, e := range l {
		if matchName(e.Pattern, name) && !slices.Contains(e.Templates, name) {
			return e, true
		}
	}
	return Entry{}, false
}

// matchName is path.Match for a file name, with fast paths for the shapes
// most entries have (a plain name, *.ext): in a plain directory every file
// name goes through it.
func matchName(pattern, name string) bool {
	const meta = "*?[\\"
	switch {
	case !strings.ContainsAny(pattern, meta):
		return pattern == name
	case pattern[0] == '*' && !strings.ContainsAny(pattern[1:], meta):
		return strings.HasSuffix(name, pattern[1:])
	}
	ok, _ := path.Match(pattern, name)
	return ok
}

// probe is a file name the pattern stands for, made by filling its
// wildcards with text no .gitignore names literally: a .gitignore that
// excludes the probe excludes the whole pattern, not one example of it.
func (e Entry) probe() string {
	return strings.NewReplacer("*", "tightlip-probe", "?", "x").Replace(e.Pattern)
}
