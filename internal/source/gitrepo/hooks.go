package gitrepo

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/config"
)

// HooksDir returns the directory git runs the repository's hooks from:
// core.hooksPath when it is set (system, global or repository
// configuration, the most specific winning; a relative path is from the
// work tree's top, "~/" is the home directory), else "hooks" in the
// repository's common directory (the main .git of a linked work tree).
// configured says core.hooksPath chose it. go-git does not follow
// [include] sections, so a core.hooksPath set only in an included file is
// not seen.
func (r *Repo) HooksDir() (dir string, configured bool, err error) {
	cfg, err := r.repo.ConfigScoped(config.SystemScope)
	if err != nil {
		return "", false, err
	}
	if cfg.Raw != nil {
		if p := cfg.Raw.Section("core").Option("hooksPath"); p != "" {
			if rest, ok := strings.CutPrefix(p, "~/"); ok {
				home, err := os.UserHomeDir()
				if err != nil {
					return "", false, err
				}
				p = filepath.Join(home, rest)
			}
			if !filepath.IsAbs(p) {
				p = filepath.Join(r.Root(), p)
			}
			return filepath.Clean(p), true, nil
		}
	}
	common := r.dir
	if b, err := os.ReadFile(filepath.Join(r.dir, "commondir")); err == nil {
		c := strings.TrimSpace(string(b))
		if !filepath.IsAbs(c) {
			c = filepath.Join(r.dir, c)
		}
		common = c
	}
	return filepath.Join(filepath.Clean(common), "hooks"), false, nil
}
