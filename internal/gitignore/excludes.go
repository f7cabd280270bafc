package gitignore

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	gitconfig "github.com/go-git/go-git/v5/plumbing/format/config"

	"github.com/tightlip/tightlip/internal/ignore"
	"github.com/tightlip/tightlip/internal/safefile"
)

// machineExcludes returns the ignore patterns that live on this machine
// only: the repository's .git/info/exclude and the excludes file named by
// core.excludesFile (or git's default, ~/.config/git/ignore), in git's
// order of increasing priority. They never make an entry count as present,
// since CI clones and teammates do not have them; they are read only so
// that a message can say when they are what hides a file here.
//
// Read errors are ignored for the same reason: these files change a
// message, never a finding.
func machineExcludes(top string) []ignore.Pattern {
	var out []ignore.Pattern
	gitDir := resolveGitDir(top)
	if file := excludesFile(gitDir); file != "" {
		f, _ := ignore.ReadPath(file, nil, "your global excludes file "+tildePath(file))
		out = append(out, f.Patterns...)
	}
	if gitDir != "" {
		f, _ := ignore.ReadPath(filepath.Join(commonDir(gitDir), "info", "exclude"), nil, ".git/info/exclude")
		out = append(out, f.Patterns...)
	}
	return out
}

// resolveGitDir returns the git directory of the work tree at top: top/.git,
// or where a .git file (a linked work tree or a submodule) points.
func resolveGitDir(top string) string {
	dotGit := filepath.Join(top, ".git")
	fi, err := os.Stat(dotGit)
	switch {
	case err != nil:
		return ""
	case fi.IsDir():
		return dotGit
	}
	// A .git file points at the git directory, which may lie anywhere (a
	// linked work tree's does); the file itself must be a regular file of
	// one line, not /dev/zero behind a link.
	data, err := safefile.ReadPath(dotGit, maxPointer)
	if err != nil {
		return ""
	}
	dir, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
	if !ok {
		return ""
	}
	dir = strings.TrimSpace(dir)
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(top, dir)
	}
	return dir
}

// commonDir is where a linked work tree's shared files (info/exclude among
// them) live.
func commonDir(gitDir string) string {
	data, err := safefile.ReadPath(filepath.Join(gitDir, "commondir"), maxPointer)
	if err != nil {
		return gitDir
	}
	dir := strings.TrimSpace(string(data))
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(gitDir, dir)
	}
	return dir
}

// excludesFile finds core.excludesFile as git does: the repository's config
// over the global one over the system one, else $XDG_CONFIG_HOME/git/ignore
// or ~/.config/git/ignore.
func excludesFile(gitDir string) string {
	home, _ := os.UserHomeDir()
	var configs []string // increasing priority
	if os.Getenv("GIT_CONFIG_NOSYSTEM") == "" {
		configs = append(configs, envOr("GIT_CONFIG_SYSTEM", "/etc/gitconfig"))
	}
	if g := os.Getenv("GIT_CONFIG_GLOBAL"); g != "" {
		configs = append(configs, g)
	} else {
		if xdg := xdgConfigHome(home); xdg != "" {
			configs = append(configs, filepath.Join(xdg, "git", "config"))
		}
		if home != "" {
			configs = append(configs, filepath.Join(home, ".gitconfig"))
		}
	}
	if gitDir != "" {
		configs = append(configs, filepath.Join(commonDir(gitDir), "config"))
	}
	file := ""
	for _, c := range configs {
		if v := coreExcludesFile(c); v != "" {
			file = v
		}
	}
	if file == "" {
		if xdg := xdgConfigHome(home); xdg != "" {
			return filepath.Join(xdg, "git", "ignore")
		}
		return ""
	}
	if rest, ok := strings.CutPrefix(file, "~/"); ok && home != "" {
		return filepath.Join(home, rest)
	}
	return file
}

func coreExcludesFile(configFile string) string {
	data, err := safefile.ReadPath(configFile, maxIgnoreFile)
	if err != nil {
		return ""
	}
	raw := gitconfig.New()
	if err := gitconfig.NewDecoder(bytes.NewReader(data)).Decode(raw); err != nil {
		return ""
	}
	return raw.Section("core").Options.Get("excludesfile")
}

// xdgConfigHome is $XDG_CONFIG_HOME or ~/.config; "" without either.
func xdgConfigHome(home string) string {
	if x := os.Getenv("XDG_CONFIG_HOME"); x != "" {
		return x
	}
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".config")
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// tildePath shortens a path in the home directory to ~/…, as users write it.
func tildePath(p string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return p
	}
	if rest, ok := strings.CutPrefix(p, home+string(filepath.Separator)); ok {
		return "~/" + filepath.ToSlash(rest)
	}
	return p
}
