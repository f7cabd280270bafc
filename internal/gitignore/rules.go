package gitignore

import "github.com/tightlip/tightlip/internal/rule"

// The rule IDs, as findings carry them.
const (
	RuleMissing = "gitignore-missing"
	RuleTracked = "secret-file-tracked"
)

// Rules describes the gitignore family's rules for tightlip's catalogue
// (package rules), from which the rules command and SARIF take their
// descriptions and help.
//
// Both carry CWE-538, "Insertion of Sensitive Information into
// Externally-Accessible File or Directory": a git repository is exactly such
// a place (every clone, fork, CI cache and mirror holds all of it), and the
// weakness is letting credential files into it. CWE-312 (cleartext storage)
// names how a key is kept, not where it leaks to, and CWE-200 is the
// general class CWE-538 refines.
var Rules = []rule.Rule{
	{
		ID:       RuleMissing,
		Category: rule.Gitignore,
		// Per finding: error for the .env family, which holds the keys
		// themselves, warning for the other credential files.
		Severity: rule.Error,
		CWE:      "CWE-538",
		Short:    ".gitignore does not exclude a kind of credential file",
		Full: "A project's .gitignore files do not exclude a kind of file that holds credentials " +
			"(.env, .env.*, *.pem, *.key, *.p12, *.pfx, *.jks, *.keystore, SSH keys, credentials.json, " +
			"service-account*.json, .netrc, an .npmrc with auth, *.tfvars, secrets.yml): the next `git add` " +
			"commits such a file and its keys with it. It is judged with git's own matching (nested .gitignore " +
			"files and negations included) on a file of that kind at the project's directory; .git/info/exclude " +
			"and the global excludes file do not count, since CI clones and teammates do not have them.",
		Help: "Add the entry to the project's `.gitignore`, at the end, as the finding says:\n\n" +
			"```gitignore\n.env\n.env.*\n!.env.example\n*.pem\n*.key\n```\n\n" +
			"`tightlip scan --fix` appends the missing lines for you (it never reorders or removes yours, " +
			"and keeps the file's line endings); SARIF results carry the same change as a fix.\n\n" +
			"Keep `.env.example` (or `.env.sample`, `.env.template`, `.env.dist`) tracked with placeholder values " +
			"to document the variables. A line in `.git/info/exclude` or your global excludes file only protects " +
			"your machine: put the entry in `.gitignore`.\n\n" +
			"In a monorepo each project (a directory with its own `.gitignore`, `.git` or manifest such as " +
			"`go.mod` or `package.json`) is judged by the lines that apply to its directory: a root entry " +
			"anchored with a leading `/` does not cover `services/api/.env`.\n\n" +
			"Change the list in `.tightlip.toml`:\n\n" +
			"```toml\n[gitignore]\nadd = [\"*.secret\"]\nremove = [\"*.tfvars\"]\n```",
		Precision: "very-high",
		Origin:    "tightlip",
	},
	{
		ID:       RuleTracked,
		Category: rule.Gitignore,
		Severity: rule.Error,
		CWE:      "CWE-538",
		Short:    "Credential file tracked in git",
		Full: "A file of a kind that holds credentials (.env, a private key, a keystore, credentials.json …) " +
			"is tracked by git, so every clone has it; in a directory that is not a git work tree, it is present " +
			"and no .gitignore excludes it, so the first `git add` would commit it. Besides the gitignore-missing list, " +
			"the credential stores desktop tools keep in home directories count here: .pgpass, .git-credentials, " +
			".mylogin.cnf, .vault-token, Firefox/Thunderbird logins.json, key4.db and key3.db, Chrome's Login Data, " +
			"DBeaver's credentials-config.json and KeePass *.kdbx databases. .env templates " +
			"(.env.example, .env.sample, .env.template, .env.dist), .env files whose values are all empty or " +
			"placeholders, certificates and public keys in *.pem or *.key, and .npmrc files without literal " +
			"credentials are not reported.",
		Help: "Take the file out of git and make sure it stays out, then rotate what it held:\n\n" +
			"```sh\ngit rm --cached .env        # the file stays on disk\necho .env >> .gitignore\n" +
			"git commit -m \"Stop tracking .env\"\n```\n\n" +
			"**Rotate every key the file holds**: a committed key is compromised, and it stays in the history " +
			"of every clone even after the file is removed. Rewriting history (git filter-repo) does not reach " +
			"the clones and forks that already have it.\n\n" +
			"Commit a template instead (`.env.example` with placeholder values) and load the keys from the " +
			"environment or a secrets manager at run time.",
		Precision: "high",
		Origin:    "tightlip",
	},
}

// Summary says in the README's words what this family's rules find; the
// README's rule table is made of it (see package rules).
var Summary = rule.Summary{
	Category: rule.Gitignore,
	Text: "`gitignore-missing`: an entry of the credential-file list (`.env`, `.env.*`, `*.pem`, " +
		"`*.key`, `*.p12`, `*.pfx`, `*.jks`, `*.keystore`, `id_rsa`, `id_dsa`, `id_ecdsa`, " +
		"`id_ed25519`, `credentials.json`, `service-account*.json`, `.netrc`, an `.npmrc` holding a " +
		"token, `*.tfvars`, `secrets.yml`/`.yaml`) that a project's `.gitignore` files do not " +
		"exclude, judged with git's own matching (nested files, negations, anchors) for the root " +
		"and every nested project of a monorepo; `.git/info/exclude` and global excludes do not " +
		"count. An entry the repository's top `.gitignore` excludes only for its own directory (an " +
		"anchored `/.env` or `/*.yml`) while projects below lack it is proposed once there, naming " +
		"those projects, not in each of them. One finding per `.gitignore` (per project root) lists " +
		"every entry it lacks, in its message and in the JSON `entries` field (SARIF property " +
		"`entries`), with the severity of the most severe (error for the `.env` family, warning for " +
		"the rest); its SARIF result carries one fix that appends every line, `--fix` applies it. " +
		"Its fingerprint depends on the set of missing entries, so a baseline never hides an entry " +
		"that went missing after it was made. `secret-file-tracked`: such a file tracked in git (in " +
		"a plain directory: present and not excluded), with the `git rm --cached` to run, and " +
		"likewise the credential stores desktop tools keep in home directories, which `.gitignore` " +
		"need not name (`.pgpass`, `.git-credentials`, `.mylogin.cnf`, `.vault-token`, " +
		"Firefox/Thunderbird `logins.json`, `key4.db`, `key3.db`, Chrome's `Login Data`, DBeaver's " +
		"`credentials-config.json`, KeePass `*.kdbx`); " +
		"`.env.example`/`.sample`/`.template`/`.dist`, `.env` files that assign no secret (only " +
		"placeholders, or plain settings such as `NODE_ENV=production` and `PUBLIC_URL=.`: no " +
		"credential name such as `DB_PASSWORD`, no value shaped like a key, no URL with a password) " +
		"and certificates are fine. `[gitignore] add = […]`, `remove = […]` in `.tightlip.toml` " +
		"change the list",
}
