package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
	"github.com/tightlip/tightlip/internal/textsafe"
)

// hookMarker is in every hook script `tightlip hook install` writes, and
// only there: uninstall and a second install recognise the hook as
// tightlip's by it. Any other hook is foreign and left alone without
// --force.
const hookMarker = "# tightlip-hook: written by `tightlip hook install`"

// hookScript is the pre-commit hook `tightlip hook install` writes. It runs
// the tightlip on PATH, as the pre-commit framework's hooks do, so that
// upgrading tightlip upgrades the hook.
const hookScript = `#!/bin/sh
` + hookMarker + `; ` + "`tightlip hook uninstall`" + ` removes it.
# Scans what is being committed (the index git names in GIT_INDEX_FILE for
# git commit -a and git commit PATH) and stops a commit that adds a secret.
# Skip it once with: git commit --no-verify
if ! command -v tightlip >/dev/null 2>&1; then
	echo "tightlip pre-commit hook: tightlip is not on PATH (go install github.com/tightlip/tightlip/cmd/tightlip@latest), or remove the hook: tightlip hook uninstall" >&2
	exit 1
fi
exec tightlip hook pre-commit
`

// maxHookSize bounds what is read of an existing hook to recognise it.
const maxHookSize = 1 << 20

const hookUsage = `Usage:
  tightlip hook install [--force] [PATH]   write the repository's pre-commit hook (in core.hooksPath
                                           when set); --force replaces a hook that is not tightlip's
  tightlip hook uninstall [PATH]           remove it (only if tightlip wrote it)
  tightlip hook pre-commit [scan flags]    what the hook runs: tightlip scan --staged, and on
                                           findings, how to allow a false positive
  tightlip hook pre-push [scan flags]      the pushed commits (pre-commit's PRE_COMMIT_FROM_REF..
                                           PRE_COMMIT_TO_REF), else the whole history
`

// runHook runs `tightlip hook …`.
func runHook(args []string, stdin io.Reader, stdout io.Writer, stderr *redactingWriter) (int, error) {
	if len(args) == 0 {
		return exitError, usageError{"hook: want install, uninstall, pre-commit or pre-push (tightlip hook help)"}
	}
	switch args[0] {
	case "install", "uninstall":
		fs := flag.NewFlagSet("hook", flag.ContinueOnError)
		force := false
		if args[0] == "install" {
			fs.BoolVar(&force, "force", false, "")
		}
		pos, err := parseInterspersed(fs, args[1:])
		if err != nil {
			return exitError, err
		}
		if len(pos) > 1 {
			return exitError, usageError{fmt.Sprintf("hook %s takes one PATH, got %d", args[0], len(pos))}
		}
		path := "."
		if len(pos) == 1 {
			path = pos[0]
		}
		if args[0] == "install" {
			return exitClean, installHook(path, force, stdout)
		}
		return exitClean, uninstallHook(path, stdout)
	case "pre-commit":
		status, err := runScan(append([]string{"--staged"}, args[1:]...), stdin, stdout, stderr)
		if err == nil && status == exitFindings {
			fmt.Fprint(stderr, preCommitHelp)
		}
		return status, err
	case "pre-push":
		return runScan(append(pushScanArgs(os.Getenv), args[1:]...), stdin, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, hookUsage)
		return exitClean, nil
	}
	return exitError, usageError{fmt.Sprintf("hook: unknown command %q (want install, uninstall, pre-commit or pre-push)", args[0])}
}

// preCommitHelp follows the findings of a blocked commit.
const preCommitHelp = `tightlip: commit stopped: what it adds looks like a secret (shown redacted above).
  - A real secret: take it out of the staged files (load it from the environment or a
    secret manager instead) and rotate it if it has ever left this machine.
  - A false positive: put a tightlip:allow comment on its line, or record it in a baseline
    (tightlip scan --staged --format json -o .tightlip-baseline.json, then run the hook
    with --baseline .tightlip-baseline.json; see the README).
  - To commit anyway, once: git commit --no-verify (with the pre-commit framework: SKIP=tightlip).
`

// pushScanArgs is the scan of a pre-push hook. The pre-commit framework
// names the pushed commits in PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF
// (or the older names it also sets, PRE_COMMIT_ORIGIN and
// PRE_COMMIT_SOURCE, in that order); without
// them (a push of new history with no remote base, or the manual stage)
// the whole history is scanned. The range goes without the Go analyzers:
// they analyse the work tree, and a push may send a ref other than the one
// checked out (args: [--go=true] turns them on).
func pushScanArgs(getenv func(string) string) []string {
	from, to := getenv("PRE_COMMIT_FROM_REF"), getenv("PRE_COMMIT_TO_REF")
	if from == "" && to == "" {
		from, to = getenv("PRE_COMMIT_ORIGIN"), getenv("PRE_COMMIT_SOURCE")
	}
	if from == "" || to == "" || strings.Trim(from, "0") == "" {
		return []string{"--history"}
	}
	return []string{"--range", from + ".." + to, "--go=false"}
}

// hookPath returns where the pre-commit hook of the repository holding
// path goes.
func hookPath(path string) (string, bool, error) {
	repo, err := gitrepo.Open(path)
	if err != nil {
		return "", false, err
	}
	defer repo.Close()
	dir, configured, err := repo.HooksDir()
	if err != nil {
		return "", false, fmt.Errorf("find the hooks directory: %w", err)
	}
	return filepath.Join(dir, "pre-commit"), configured, nil
}

// existingHook says what is at the hook's path: nothing, tightlip's hook,
// or another (foreign) one, such as the pre-commit framework's or a
// symbolic link. A directory or special file there is an error.
func existingHook(name string) (exists, ours bool, err error) {
	fi, err := os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, false, nil
	case err != nil:
		return false, false, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return true, false, nil
	case !fi.Mode().IsRegular():
		return true, false, fmt.Errorf("%s is not a regular file (%s): left alone", textsafe.Escape(name), fi.Mode().Type())
	}
	f, err := os.Open(name)
	if err != nil {
		return true, false, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxHookSize))
	if err != nil {
		return true, false, err
	}
	return true, strings.Contains(string(b), hookMarker), nil
}

func installHook(path string, force bool, stdout io.Writer) error {
	name, configured, err := hookPath(path)
	if err != nil {
		return err
	}
	exists, ours, err := existingHook(name)
	if err != nil {
		return err
	}
	if exists && !ours && !force {
		return fmt.Errorf("%s is a pre-commit hook tightlip did not write: left alone; add `tightlip hook pre-commit` to it, or replace it with tightlip hook install --force", textsafe.Escape(name))
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	if exists {
		// A link or a foreign hook replaced with --force, or ours rewritten:
		// removed, never written through, and written anew executable.
		if err := os.Remove(name); err != nil {
			return err
		}
	}
	if err := safefile.WriteFileAtomic(name, []byte(hookScript), 0o755); err != nil {
		return err
	}
	where := ""
	if configured {
		where = " (core.hooksPath)"
	}
	verb := "installed"
	if exists && !ours {
		verb = "replaced the existing hook with"
	}
	fmt.Fprintf(stdout, "tightlip: %s the pre-commit hook %s%s\n", verb, textsafe.Escape(name), where)
	return nil
}

func uninstallHook(path string, stdout io.Writer) error {
	name, _, err := hookPath(path)
	if err != nil {
		return err
	}
	exists, ours, err := existingHook(name)
	switch {
	case err != nil:
		return err
	case !exists:
		fmt.Fprintf(stdout, "tightlip: no pre-commit hook at %s: nothing to remove\n", textsafe.Escape(name))
		return nil
	case !ours:
		return fmt.Errorf("%s is a pre-commit hook tightlip did not write: left alone", textsafe.Escape(name))
	}
	if err := os.Remove(name); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "tightlip: removed the pre-commit hook %s\n", textsafe.Escape(name))
	return nil
}
