// Package gitignore implements tightlip's gitignore rule family: the
// practice "your .gitignore excludes .env files and any credential files",
// checked with git's own matching semantics over every .gitignore of the
// tree (package ignore, the matcher the directory walker uses too).
//
// Two rules:
//
//   - gitignore-missing: for each project of the scanned tree, every entry
//     of the credential-file list (.env, .env.*, *.pem, id_rsa …) that its
//     .gitignore files do not exclude, except the TrackedOnly entries
//     (credential stores desktop tools keep in home directories). A file named like the entry is
//     probed at the project's directory; .git/info/exclude and the user's
//     global excludes do not count, since CI clones and teammates lack them.
//     The finding carries a fix that appends the missing lines.
//   - secret-file-tracked: a file matching the list that git tracks (or, in
//     a plain directory, that is present and not excluded), other than
//     .env templates and files whose content shows they hold no secret.
//
// Rules describes both for tightlip's catalogue (package rules), and
// Summary for the README's rule table.
//
// A project is the scanned root, and every directory below it, outside
// testdata/, node_modules/ and vendor/ and not excluded itself, that holds
// its own .gitignore, its own .git (a nested repository or submodule) or a
// project manifest (go.mod, package.json …): the places where someone runs
// the code and creates a .env. Each is judged by the ignore rules that apply
// to its directory, after the fixes proposed for the projects around it.
// An entry the top project of a repository excludes for its own directory
// only (/.env, /*.yml) while projects below lack it is proposed at the top,
// where one line covers them all, and not again in each.
package gitignore
