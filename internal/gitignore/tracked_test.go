package gitignore_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/rule"
)

// A credential file git tracks is reported, naming the file and the
// commands that take it out of git; files whose content shows there is no
// secret in them are not.
func TestTrackedCredentialFiles(t *testing.T) {
	key := fakeKey(t)
	cert := "-----BEGIN CERTIFICATE-----\nMIIB" + fakeMarker + "cert\n-----END CERTIFICATE-----\n"
	root := tree(t, map[string]string{
		".gitignore": allPatterns(),
		// Reported: real-looking values, private keys, named credentials.
		".env":                   "API_KEY=" + key + "\n",
		"deploy/.env.production": "# prod\nexport EVERFLOW_API_KEY=\"" + key + "\" # rotated monthly\n",
		"keys/server.pem":        fakePrivateKey(),
		"home/.ssh/id_rsa":       fakePrivateKey(),
		"ops/prod.tfvars":        "db_password = \"" + key + "\"\n",
		"web/.npmrc":             "//registry.npmjs.org/:_authToken=" + key + "\n",
		// A weak password under a credential name, a random value under any
		// name, a URL with a password: each makes a .env a credential file.
		"db/.env":    "DB_HOST=db\nDB_PASSWORD=rootpasswd\n",
		"cache/.env": "PORT=6379\nSESSION=" + key + "\n",
		"jobs/.env":  "DATABASE_URL=postgres://app:hunter2@db.tlfake.test/app\n",
		// Not reported: templates, placeholders, public material, env references.
		".env.example":        "API_KEY=" + key + "\n", // a template may be tracked; content rules judge its values
		"api/.env":            "# fill in\nAPI_KEY=\nTOKEN=<your-token>\nexport SECRET=${SECRET}\nPASSWORD='changeme'\n",
		"keys/ca.pem":         cert,
		"keys/public.key":     "-----BEGIN PUBLIC KEY-----\nMFkw" + fakeMarker + "\n-----END PUBLIC KEY-----\n",
		"app/.npmrc":          "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n",
		"docs/id_rsa.pub":     "ssh-ed25519 AAAA" + fakeMarker + "\n",
		"config/settings.yml": "debug: true\n",
		// Settings alone: no name says credential, no value looks like one.
		"web/.env": "PUBLIC_URL=.\nNODE_ENV=production\nPORT=3000\nAPI_URL=https://api.tlfake.test/v1\nDEBUG=true\n",
	})
	gitInit(t, root)
	git(t, root, "add", "-f", ".")

	res := check(t, root, gitignore.Options{})
	want := []string{".env", "cache/.env", "db/.env", "deploy/.env.production", "home/.ssh/id_rsa", "jobs/.env", "keys/server.pem", "ops/prod.tfvars", "web/.npmrc"}
	if got := files(res, gitignore.RuleTracked); !slices.Equal(got, want) {
		t.Errorf("tracked %q\n   want %q", got, want)
	}
	for _, f := range byRule(res, gitignore.RuleTracked) {
		if f.Severity != rule.Error || f.Category != rule.Gitignore || f.Fix != nil || f.Identity == "" {
			t.Errorf("%s: severity %s, category %s, fix %v, identity %q", f.File, f.Severity, f.Category, f.Fix, f.Identity)
		}
		for _, s := range []string{f.File, "git rm --cached " + f.File, "rotate", "compromised"} {
			if !strings.Contains(f.Message, s) {
				t.Errorf("%s: message lacks %q: %s", f.File, s, f.Message)
			}
		}
		if strings.Contains(f.Message, key) || strings.Contains(f.Message, fakeMarker) {
			t.Errorf("%s: message quotes the secret: %s", f.File, f.Message)
		}
	}
	// The .gitignore covers everything, yet the files were added: the
	// message says so and names the line.
	for _, f := range byRule(res, gitignore.RuleTracked) {
		if f.File == ".env" && !strings.Contains(f.Message, "although .gitignore excludes it (line 1)") {
			t.Errorf(".env: message does not say .gitignore line 1 excludes it: %s", f.Message)
		}
	}
	// web/.npmrc holds credentials, and web/ is no project: .npmrc is
	// required of the root only when the root's own .npmrc has them.
	if got := missing(res, ".gitignore"); len(got) != 0 {
		t.Errorf("missing %q, want none", got)
	}
}

// The index decides, not the work tree: what is staged is what the next
// commit holds.
func TestTrackedContentIsTheStagedContent(t *testing.T) {
	root := tree(t, map[string]string{".gitignore": "", ".env": "API_KEY=" + fakeKey(t) + "\n"})
	gitInit(t, root)
	git(t, root, "add", ".env")
	write(t, root, ".env", "API_KEY=<your-api-key>\n") // edited, not staged
	res := check(t, root, gitignore.Options{})
	if got := files(res, gitignore.RuleTracked); !slices.Equal(got, []string{".env"}) {
		t.Fatalf("tracked %q, want .env (its staged content holds a key)", got)
	}
	msg := byRule(res, gitignore.RuleTracked)[0].Message
	for _, s := range []string{"git rm --cached .env", "add `.env` to .gitignore", "rotate"} {
		if !strings.Contains(msg, s) {
			t.Errorf("message lacks %q: %s", s, msg)
		}
	}

	// And the other way round: a staged template is fine, whatever is on disk.
	git(t, root, "add", ".env")
	write(t, root, ".env", "API_KEY="+fakeKey(t)+"\n")
	if got := files(check(t, root, gitignore.Options{}), gitignore.RuleTracked); len(got) != 0 {
		t.Errorf("tracked %q, want none: the staged .env is a template", got)
	}
}

// Untracked files in a work tree are gitignore-missing's business; a
// plain directory has no index, so a credential file there counts when no
// .gitignore excludes it.
func TestPresentCredentialFilesInPlainDirectory(t *testing.T) {
	key := fakeKey(t)
	files0 := map[string]string{
		".gitignore":         "build/\nlocal.pem\n",
		".env":               "API_KEY=" + key + "\n",
		"local.pem":          fakePrivateKey(),        // excluded by name
		"build/.env":         "API_KEY=" + key + "\n", // in an excluded directory
		"testdata/id_rsa":    fakePrivateKey(),        // fixtures count: they would be committed
		".env.sample":        "API_KEY=" + key + "\n",
		"svc/.env.template":  "API_KEY=\n",
		"svc/.env.local":     "API_KEY=<set-me>\n",
		"svc/.env.local.bak": "API_KEY=" + key + "\n", // .env.* matches it
	}
	root := tree(t, files0)
	res := check(t, root, gitignore.Options{})
	want := []string{".env", "svc/.env.local.bak", "testdata/id_rsa"}
	if got := files(res, gitignore.RuleTracked); !slices.Equal(got, want) {
		t.Errorf("present %q\n   want %q", got, want)
	}
	for _, f := range byRule(res, gitignore.RuleTracked) {
		if !strings.Contains(f.Message, "no .gitignore excludes it") || strings.Contains(f.Message, "git rm") {
			t.Errorf("%s: message %q, want it to say no .gitignore excludes it, without git rm", f.File, f.Message)
		}
	}

	// In a work tree the same untracked files are not "tracked".
	gitInit(t, root)
	if got := files(check(t, root, gitignore.Options{}), gitignore.RuleTracked); len(got) != 0 {
		t.Errorf("work tree, nothing staged: tracked %q, want none", got)
	}
}

// An .npmrc is a credential file only with credentials in it: then it must
// be ignored, and reported when tracked.
func TestNpmrc(t *testing.T) {
	root := tree(t, map[string]string{".gitignore": allPatterns(), ".npmrc": "registry=https://npm.example.com/\n_authToken=${NPM_TOKEN}\n"})
	gitInit(t, root)
	git(t, root, "add", "-f", ".npmrc")
	res := check(t, root, gitignore.Options{})
	if len(res.Findings) != 0 {
		t.Errorf("an .npmrc reading its token from the environment: %+v", res.Findings)
	}

	root = tree(t, map[string]string{".gitignore": strings.ReplaceAll(allPatterns(), ".npmrc\n", ""),
		".npmrc": "//npm.example.com/:_authToken=" + fakeKey(t) + "\n"})
	gitInit(t, root)
	res = check(t, root, gitignore.Options{})
	if got := missing(res, ".gitignore"); !slices.Equal(got, []string{".npmrc"}) {
		t.Errorf("missing %q, want .npmrc (this one holds a token)", got)
	}
	git(t, root, "add", ".npmrc")
	if got := files(check(t, root, gitignore.Options{}), gitignore.RuleTracked); !slices.Equal(got, []string{".npmrc"}) {
		t.Errorf("tracked %q, want .npmrc", got)
	}
}

func TestShellQuotedCommand(t *testing.T) {
	root := tree(t, map[string]string{".gitignore": "", "my keys/id_rsa": fakePrivateKey()})
	gitInit(t, root)
	git(t, root, "add", ".")
	fs := byRule(check(t, root, gitignore.Options{}), gitignore.RuleTracked)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "git rm --cached 'my keys/id_rsa'") {
		t.Errorf("findings %+v, want the path quoted for the shell", fs)
	}
}

// Credential stores of desktop tools (.pgpass, Firefox's logins.json,
// DBeaver's credentials-config.json, KeePass databases …) are reported when
// tracked, but a .gitignore that does not name them misses nothing: they
// live in home directories, and every project listing them would be noise.
func TestTrackedOnlyEntries(t *testing.T) {
	root := tree(t, map[string]string{
		".gitignore": strings.Join(defaultMissing(), "\n") + "\n.npmrc\n",
		// Fake: the names matter, not the content.
		"backup/.pgpass":                         "db.tlfake.test:5432:app:bob:pass123\n",
		"profile/logins.json":                    "{\"logins\": [], \"note\": \"" + fakeMarker + "\"}\n",
		"profile/key4.db":                        fakeMarker,
		".dbeaver/credentials-config.json":       fakeMarker,
		"vault/team.kdbx":                        fakeMarker,
		"docs/pgpass.md":                         "db.tlfake.test:5432:app:bob:pass123\n",
		"config/credentials-config.example.json": "{}\n",
	})
	gitInit(t, root)
	git(t, root, "add", "-f", ".")
	res := check(t, root, gitignore.Options{})
	want := []string{".dbeaver/credentials-config.json", "backup/.pgpass", "profile/key4.db", "profile/logins.json", "vault/team.kdbx"}
	if got := files(res, gitignore.RuleTracked); !slices.Equal(got, want) {
		t.Errorf("tracked %q\n   want %q", got, want)
	}
	if got := missing(res, ".gitignore"); len(got) != 0 {
		t.Errorf("missing %q: tracked-only entries are not required in .gitignore", got)
	}
}
