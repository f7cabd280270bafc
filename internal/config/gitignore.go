package config

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/tightlip/tightlip/internal/textsafe"
)

// Gitignore is the [gitignore] table: changes to the list of credential
// files that .gitignore must exclude (package gitignore holds the default
// list and checks that Remove names entries of it).
type Gitignore struct {
	// Add lists more file-name patterns, such as "*.secret" or "vault.json".
	Add []string `toml:"add"`
	// Remove lists patterns of the default list to drop, such as "*.tfvars".
	Remove []string `toml:"remove"`
}

// checkGitignore checks the patterns' syntax. An entry is the name of a
// file at a project's root, with * and ? as wildcards: the checks turn it
// into probe names and into a .gitignore line, and both need a plain name.
func (f *File) checkGitignore() error {
	seen := map[string]string{}
	for _, list := range []struct {
		key      string
		patterns []string
	}{{"add", f.Gitignore.Add}, {"remove", f.Gitignore.Remove}} {
		where := f.Name
		if l := lineOfKey(f.Raw, toml.Key{"gitignore", list.key}); l > 0 {
			where = fmt.Sprintf("%s:%d", f.Name, l)
		}
		for _, p := range list.patterns {
			if err := checkGitignorePattern(p); err != nil {
				return fmt.Errorf("%s: [gitignore] %s: %q: %w", where, list.key, p, err)
			}
			if prev, dup := seen[p]; dup {
				if prev == list.key {
					return fmt.Errorf("%s: [gitignore] %s lists %q twice", where, list.key, p)
				}
				return fmt.Errorf("%s: [gitignore] %q is in both add and remove", where, p)
			}
			seen[p] = list.key
		}
	}
	return nil
}

// patternPunct is the punctuation a [gitignore] entry may hold besides
// letters, digits and the wildcards * and ?: what file names use, and
// nothing a shell or git reads as syntax. The config comes with the tree,
// which may be hostile, and --fix writes its entries into .gitignore.
const patternPunct = "._-+@~,=%#!"

// checkGitignorePattern accepts a file name with * and ? as wildcards.
func checkGitignorePattern(p string) error {
	switch {
	case strings.TrimSpace(p) == "":
		return errors.New("empty pattern")
	case strings.TrimSpace(p) != p:
		return errors.New("leading or trailing space")
	case strings.ContainsAny(p, "/\\"):
		return errors.New("a file name is wanted, without / or \\ (the check applies it in every project directory)")
	case strings.ContainsAny(p, "[]"):
		return errors.New("character classes are not supported; list each name")
	case strings.HasPrefix(p, "!") || strings.HasPrefix(p, "#"):
		return errors.New("cannot start with ! or #, which .gitignore reads as a negation or a comment")
	case !textsafe.Plain(p):
		return errors.New("control or invisible character (such as a bidi override)")
	case slices.Contains([]string{".", ".."}, p) || strings.Trim(p, "*") == "":
		return errors.New("matches every file or none: name a kind of file")
	}
	for _, r := range p {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '*', r == '?', strings.ContainsRune(patternPunct, r):
		case r == ' ':
			return errors.New("space in a file name pattern; list names without spaces")
		default:
			return fmt.Errorf("character %q is not allowed: a file name pattern holds letters, digits, %s and the wildcards * and ?, no quotes or shell syntax", r, strings.Join(strings.Split(patternPunct, ""), " "))
		}
	}
	if _, err := path.Match(p, ""); err != nil {
		return err
	}
	return nil
}
