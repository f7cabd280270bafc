package config

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
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
	case strings.ContainsFunc(p, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return errors.New("control character")
	case slices.Contains([]string{".", ".."}, p) || strings.Trim(p, "*") == "":
		return errors.New("matches every file or none: name a kind of file")
	}
	if _, err := path.Match(p, ""); err != nil {
		return err
	}
	return nil
}
