package detect

import (
	"path"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
)

// nameHosts adds the host to the message of every insecure-transport
// finding whose match is a URL ("… instead of https:// (host
// api.partner.io)."). Reports do not show such a finding's match, which is
// no secret to hide but may carry one (user:password@, ?key=); the host is
// what a reader needs to find and fix the setting.
func nameHosts(fs []finding.Finding) {
	for i := range fs {
		f := &fs[i]
		if f.Category != rule.InsecureTransport {
			continue
		}
		host := urlHost(f.Secret)
		if host == "" {
			continue
		}
		msg, tail := f.Message, ""
		// A decoded match says where it was found last: "(in base64 text)".
		if i := strings.LastIndex(msg, " (in "); i >= 0 && strings.HasSuffix(msg, " text)") {
			msg, tail = msg[:i], msg[i:]
		}
		f.Message = strings.TrimSuffix(msg, ".") + " (host " + host + ")" + tail
		if !strings.HasSuffix(f.Message, ".") {
			f.Message += "."
		}
	}
}

// urlHost is the host (and port) of a URL such as http://u:p@host:8080/x,
// without its user information; "" when s is not scheme://host.
func urlHost(s string) string {
	_, rest, ok := strings.Cut(s, "://")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	return rest
}

// Describe gives every finding of a content rule that finds a secret
// (hardcoded-secret and secret-exposure) tightlip's own message: what was
// found (the rule's What, or its own first sentence), where (the kind of
// file, or the commit that brought it), and the fix for that place, with
// the provider to rotate it at when the rule names one. It is the one
// place such messages are built. Scans call it once their findings' File
// and Commit are final: one Detect serves every path of a class (see
// PathClass), so the engine's results cannot carry it. A message never
// quotes the secret or the file name. Other findings are left as they are.
func (e *Engine) Describe(fs []finding.Finding) { e.describe(fs, false) }

// DescribeInput is Describe for findings in text read from standard input,
// whose name is no file's.
func (e *Engine) DescribeInput(fs []finding.Finding) { e.describe(fs, true) }

func (e *Engine) describe(fs []finding.Finding, input bool) {
	if e == nil || e.set == nil {
		return
	}
	for i := range fs {
		f := &fs[i]
		if f.Category != rule.HardcodedSecret && f.Category != rule.SecretExposure {
			continue
		}
		if _, ok := e.set.Content.Rules[f.RuleID]; !ok {
			continue
		}
		if r, ok := e.catalogue.Lookup(f.RuleID); ok {
			whole := slices.ContainsFunc(e.pathOnly, func(cr *contentRule) bool { return cr.RuleID == f.RuleID })
			path := f.File
			if input {
				path = "-"
			}
			f.Message = message(r, path, f.Commit, decodedTail(f.Message), whole)
		}
	}
}

// decodedTail is what a decoded match's message ends with, " (in base64
// text)", or "".
func decodedTail(msg string) string {
	if i := strings.LastIndex(msg, " (in "); i >= 0 && strings.HasSuffix(msg, " text)") {
		return msg[i:]
	}
	return ""
}

// Message is the message of a finding of content rule r in the file at
// path (slash, relative to the root; "-" for standard input), introduced
// by commit (empty for a
// file as it is now); tail, when set, ends its first sentence. Two
// sentences: what was found and where, then what to do.
func Message(r rule.Rule, path, commit, tail string) string {
	return message(r, path, commit, tail, false)
}

// message is Message for a rule that matches the file itself (whole: a
// path-only rule, pkcs12-file) or what is written in it.
func message(r rule.Rule, path, commit, tail string, whole bool) string {
	k := kindOf(path, r.ID)
	if whole {
		k = kindCredFile
	}
	rotate := "rotate it"
	if r.Provider != "" {
		rotate += " at " + r.Provider
	}
	var first string
	switch {
	case whole && r.What != "" && commit != "":
		first = "This file, " + r.What + ", was committed in " + shortCommit(commit)
	case whole && r.What != "":
		first = "This file is " + r.What
	case r.What != "" && commit != "":
		first = capitalise(r.What) + " was committed in " + shortCommit(commit) + ", " + k.place
	case r.What != "":
		first = capitalise(r.What) + " is written " + k.place
	default:
		first = strings.TrimSuffix(strings.TrimSpace(r.Short), ".")
		if first == "" {
			first = "Rule " + r.ID + " matched"
		}
		if commit != "" {
			first += " (committed in " + shortCommit(commit) + ")"
		}
	}
	var fix string
	switch {
	case k.test:
		fix = "If it is real, " + rotate + " and load it from the environment; if it is a fake, mark it with a `tightlip:allow` comment"
	case commit != "":
		fix = "Deleting it later leaves it in the history: " + rotate + ", " + k.remedy + ", and purge the history with `git filter-repo` if the repository is shared"
	case k.ifReal:
		fix = capitalise(k.remedy) + ", and " + rotate + " if it was real"
	default:
		fix = capitalise(k.remedy) + ", and " + rotate
		if k.why != "" {
			fix = capitalise(k.why) + ": " + k.remedy + ", and " + rotate
		}
	}
	return first + tail + ". " + fix + "."
}

// fileKind is where a secret was found, as its message tells it.
type fileKind struct {
	// place completes "… is written ": "in a CI workflow".
	place string
	// why, when set, says why the place makes it worse.
	why string
	// remedy is what to do with the value there, before rotating it.
	remedy string
	// ifReal: the value may well be a placeholder (documentation).
	ifReal bool
	// test: a test file or fixture, where the value may be a fake.
	test bool
}

const readAtRunTime = "read it at run time from an environment variable or a secret manager"

var (
	kindTest     = fileKind{place: "in a test fixture", test: true}
	kindURL      = fileKind{place: "in a URL", why: "URLs end up in logs, proxies and browser history", remedy: "send it in a header or a request body instead"}
	kindEnv      = fileKind{place: "in an environment file", remedy: "keep the file out of git (`git rm --cached`, then list it in `.gitignore`), load the value from the environment or a secret manager"}
	kindCredFile = fileKind{place: "in a credential file", remedy: "keep the file out of git (`git rm --cached`, then list it in `.gitignore`)"}
	kindTemplate = fileKind{place: "in an environment template", remedy: "replace it with a placeholder such as `<YOUR_API_KEY>`", ifReal: true}
	kindCI       = fileKind{place: "in a CI workflow", remedy: "keep it in the CI system's secret store (`${{ secrets.NAME }}` on GitHub Actions)"}
	kindDocker   = fileKind{place: "in a Dockerfile", why: "image layers keep it", remedy: "pass it as a build secret (`RUN --mount=type=secret`) or at run time"}
	kindCompose  = fileKind{place: "in a Compose file", remedy: "load it from an env_file kept out of git, or use Compose secrets"}
	kindNotebook = fileKind{place: "in a notebook", why: "its cells and outputs are committed with it", remedy: "read it from an environment variable, clear the outputs"}
	kindDocs     = fileKind{place: "in documentation", remedy: "replace it with a placeholder such as `<YOUR_API_KEY>`", ifReal: true}
	kindClient   = fileKind{place: "in client-side code that browsers download", why: "every visitor can read it", remedy: "make the call from a server that holds the key"}
	kindConfig   = fileKind{place: "in a configuration file", remedy: readAtRunTime}
	kindSource   = fileKind{place: "in source code", remedy: readAtRunTime}
	kindOther    = fileKind{place: "in a file of the repository", remedy: readAtRunTime}
	kindStdin    = fileKind{place: "in the text scanned", remedy: readAtRunTime}
)

// urlRules find a secret in a URL's user information or query.
var urlRules = map[string]bool{"url-credentials": true, "url-query-secret": true}

// credentialFiles are file names that hold credentials by their nature;
// with extensions below, they should not be in git at all.
var credentialFiles = map[string]bool{
	".npmrc": true, ".netrc": true, "_netrc": true, ".pgpass": true, ".s3cfg": true, ".htpasswd": true,
	".dockercfg": true, ".git-credentials": true, "credentials": true, "credentials.json": true,
	"secrets.yml": true, "secrets.yaml": true, "id_rsa": true, "id_dsa": true, "id_ecdsa": true, "id_ed25519": true,
}

var credentialExts = map[string]bool{
	".pem": true, ".key": true, ".p12": true, ".pfx": true, ".jks": true, ".keystore": true, ".ppk": true, ".tfvars": true,
}

var ciFiles = map[string]bool{
	".gitlab-ci.yml": true, ".travis.yml": true, "jenkinsfile": true, "azure-pipelines.yml": true,
	"bitbucket-pipelines.yml": true, ".drone.yml": true, "appveyor.yml": true, "cloudbuild.yaml": true, "cloudbuild.yml": true,
}

var docExts = map[string]bool{
	".md": true, ".markdown": true, ".rst": true, ".adoc": true, ".txt": true, ".man": true,
	// man pages, by section: rclone.1
	".1": true, ".2": true, ".3": true, ".4": true, ".5": true, ".6": true, ".7": true, ".8": true, ".9": true,
}

// docDirs hold documentation, whatever its format: a page there, or a
// MANUAL.html or README.html anywhere, is a manual, not an application's
// page.
var docDirs = map[string]bool{"doc": true, "docs": true, "documentation": true, "man": true}

var clientExts = map[string]bool{".html": true, ".htm": true, ".vue": true, ".svelte": true, ".jsx": true, ".tsx": true}

var scriptExts = map[string]bool{".js": true, ".mjs": true, ".cjs": true, ".ts": true}

// clientDirs hold what a web server serves or a bundler ships to browsers.
var clientDirs = map[string]bool{
	"public": true, "static": true, "assets": true, "www": true, "wwwroot": true, "client": true,
	"frontend": true, "web": true, "webapp": true, "dist": true, "browser": true,
}

var configExts = map[string]bool{
	".yml": true, ".yaml": true, ".json": true, ".toml": true, ".ini": true, ".cfg": true, ".conf": true,
	".config": true, ".properties": true, ".xml": true, ".plist": true, ".tf": true, ".hcl": true,
}

var sourceExts = map[string]bool{
	".go": true, ".py": true, ".rb": true, ".java": true, ".kt": true, ".kts": true, ".scala": true, ".cs": true,
	".php": true, ".rs": true, ".c": true, ".h": true, ".cc": true, ".cpp": true, ".swift": true, ".m": true,
	".sh": true, ".bash": true, ".zsh": true, ".ps1": true, ".pl": true, ".lua": true, ".ex": true, ".exs": true,
	".dart": true, ".r": true, ".sql": true, ".groovy": true, ".gradle": true,
}

// kindOf classifies the file at slash path p for a finding of rule id.
func kindOf(p, id string) fileKind {
	if p == "-" {
		return kindStdin // standard input: no file to judge
	}
	if finding.IsTestPath(p) {
		return kindTest
	}
	if urlRules[id] {
		return kindURL
	}
	base := strings.ToLower(path.Base(p))
	ext := path.Ext(base)
	dirs := strings.Split(strings.ToLower(path.Dir(p)), "/")
	switch {
	case base == ".env.example" || base == ".env.sample" || base == ".env.template" || base == ".env.dist":
		return kindTemplate
	case base == ".env" || strings.HasPrefix(base, ".env.") || ext == ".env":
		return kindEnv
	case credentialFiles[base] || credentialExts[ext] || strings.HasPrefix(base, "service-account") && ext == ".json":
		return kindCredFile
	case strings.HasPrefix(p, ".github/workflows/") || ciFiles[base] || slices.Contains(dirs, ".circleci"):
		return kindCI
	case base == "dockerfile" || base == "containerfile" || strings.HasPrefix(base, "dockerfile.") || ext == ".dockerfile":
		return kindDocker
	case (strings.HasPrefix(base, "docker-compose") || strings.HasPrefix(base, "compose.")) && (ext == ".yml" || ext == ".yaml"):
		return kindCompose
	case ext == ".ipynb":
		return kindNotebook
	case docExts[ext]:
		return kindDocs
	case (ext == ".html" || ext == ".htm") && (strings.HasPrefix(base, "manual.") || strings.HasPrefix(base, "readme.") ||
		slices.ContainsFunc(dirs, func(d string) bool { return docDirs[d] })):
		return kindDocs
	case clientExts[ext] || scriptExts[ext] && slices.ContainsFunc(dirs, func(d string) bool { return clientDirs[d] }):
		return kindClient
	case configExts[ext] || slices.Contains(dirs, "config") || slices.Contains(dirs, "conf"):
		return kindConfig
	case sourceExts[ext] || scriptExts[ext]:
		return kindSource
	}
	return kindOther
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// shortCommit is a commit ID as reports show it, 12 hex digits.
func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}
