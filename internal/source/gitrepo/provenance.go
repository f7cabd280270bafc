package gitrepo

import (
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
)

// Provenance says which repository and revision a scan read, for SARIF's
// versionControlProvenance.
type Provenance struct {
	// RepositoryURI is the "origin" remote's URL (or the first remote's)
	// without credentials, as an absolute URI; a file: URI of the
	// repository when it has no remote.
	RepositoryURI string
	// Revision is HEAD's commit; Branch the branch HEAD is on, if any.
	Revision, Branch string
}

// Provenance reads the repository's remote and HEAD. Fields it cannot
// determine stay empty.
func (r *Repo) Provenance() Provenance {
	var p Provenance
	if head, err := r.repo.Head(); err == nil {
		p.Revision = head.Hash().String()
		if head.Name().IsBranch() {
			p.Branch = head.Name().Short()
		}
	}
	if cfg, err := r.repo.Config(); err == nil {
		remote := cfg.Remotes["origin"]
		if remote == nil {
			for _, rc := range cfg.Remotes {
				if remote == nil || rc.Name < remote.Name {
					remote = rc
				}
			}
		}
		if remote != nil && len(remote.URLs) > 0 {
			p.RepositoryURI = remoteURI(remote.URLs[0])
		}
	}
	if p.RepositoryURI == "" {
		if abs, err := filepath.Abs(r.Root()); err == nil {
			p.RepositoryURI = (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
		}
	}
	return p
}

// scpLike matches git's user@host:path remote syntax.
var scpLike = regexp.MustCompile(`^(?:[^@/]+@)?([^:/]+):(.+)$`)

// remoteURI turns a remote URL into an absolute URI without credentials: a
// token in a remote URL (https://user:token@host/…) must never reach a
// report. "" when the remote is not something a URI can name.
func remoteURI(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Scheme != "" && u.Host != "" {
		u.User = nil
		return u.String()
	}
	if m := scpLike.FindStringSubmatch(raw); m != nil && !strings.Contains(m[1], `\`) {
		return "ssh://" + m[1] + "/" + strings.TrimPrefix(m[2], "/")
	}
	if filepath.IsAbs(raw) {
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(raw)}).String()
	}
	return ""
}
