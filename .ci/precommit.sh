#!/usr/bin/env bash
# End-to-end test of the pre-commit hooks this repository publishes
# (.pre-commit-hooks.yaml) under the pre-commit framework: a throwaway
# repository whose .pre-commit-config.yaml names this checkout as `repo:`,
# `pre-commit install`, then real `git commit`s:
#
#   - a clean commit passes;
#   - a staged fake secret stops the commit (exit non-zero), and the output
#     names the file, says how to allow a false positive, and never prints
#     the secret in full;
#   - `git commit -a` of a tracked file's unstaged secret is stopped (git runs
#     the hook with GIT_INDEX_FILE at a temporary index: the hook must read
#     that one);
#   - `git commit PATH` of a clean file passes while a secret sits staged in
#     .git/index (not in this commit);
#   - tightlip-history (manual stage) passes on a clean history and fails
#     once a secret was committed past the hook (--no-verify).
#
#   usage: .ci/precommit.sh [CACHE_DIR]   (default $HOME/.cache/tightlip-ci)
#
# pre-commit comes from Debian (pre-commit 3.0.4): PyPI is not reachable
# from CI. Nothing is installed on the system: `apt-get download` fetches the
# package and the three it imports (cfgv, identify, yaml) and `dpkg-deb -x`
# unpacks them into CACHE_DIR/pre-commit-deb, run with the python3 on PATH
# (3.8 or newer) through a wrapper in CACHE_DIR/bin. A pre-commit already
# in the cache is reused. pre-commit builds the hook (language: golang) with
# `go install ./...` in its own clone of the repository, with GOPATH set to
# the hook's environment; GOMODCACHE is set here to the usual module cache
# so that nothing is downloaded again, and the Go build cache is the usual
# one. pre-commit's store (clones and built hooks) is kept in
# CACHE_DIR/pre-commit: a rerun on the same commit builds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

cache=${1:-$HOME/.cache/tightlip-ci}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
export GOWORK=off

note() { printf 'precommit: %s\n' "$*"; }
die() {
	printf 'precommit: FAIL: %s\n' "$*" >&2
	exit 1
}
SECONDS=0

for tool in go git; do
	command -v "$tool" >/dev/null || die "$tool not found on PATH"
done

# 1. pre-commit itself, unpacked into the cache (see the header).
command -v python3 >/dev/null || die "python3 (3.8 or newer) not found on PATH: pre-commit needs it"
pcroot=$cache/pre-commit-deb
export PYTHONPATH=$pcroot/usr/lib/python3/dist-packages${PYTHONPATH:+:$PYTHONPATH}
if ! python3 -c 'import pre_commit, cfgv, identify, yaml' 2>/dev/null; then
	for tool in apt-get dpkg-deb; do
		command -v "$tool" >/dev/null || die "$tool not found: it fetches Debian's pre-commit into $pcroot (or unpack pre-commit 3.x there yourself)"
	done
	note "fetching pre-commit (Debian package) into $pcroot"
	debs=$(mktemp -d)
	pkgs=(pre-commit python3-cfgv python3-identify python3-yaml)
	if ! (cd "$debs" && apt-get download -qq "${pkgs[@]}" >/dev/null 2>&1); then
		# No package lists yet on a fresh machine: refresh them (this
		# installs nothing) and try again.
		apt-get update -qq >/dev/null || die "apt-get update failed"
		(cd "$debs" && apt-get download -qq "${pkgs[@]}" >/dev/null 2>&1) || die "apt-get download ${pkgs[*]} failed"
	fi
	for deb in "$debs"/*.deb; do
		dpkg-deb -x "$deb" "$pcroot" || die "dpkg-deb -x $deb failed"
	done
	rm -rf "$debs"
	python3 -c 'import pre_commit, cfgv, identify, yaml' || die "pre-commit unpacked into $pcroot does not import with $(python3 --version)"
fi
mkdir -p "$cache/bin"
printf '#!/bin/sh\nexec python3 -m pre_commit "$@"\n' >"$cache/bin/pre-commit"
chmod +x "$cache/bin/pre-commit"
export PATH=$cache/bin:$PATH
note "$(pre-commit --version) after ${SECONDS}s"
pre-commit validate-manifest .pre-commit-hooks.yaml || die ".pre-commit-hooks.yaml is not a valid manifest"

export PRE_COMMIT_HOME=$cache/pre-commit
# The build uses the usual Go build cache: the dependencies are compiled
# already (go vet, earlier in .ci/run), only this module's packages are
# compiled again in pre-commit's clone. (-trimpath would spare those too on
# a rerun, but would compile every dependency anew the first time.)
GOMODCACHE=$(go env GOMODCACHE)
export GOMODCACHE
# pre-commit's hook scripts and its git calls must not see the user's git
# configuration (hooksPath, signing, templates).
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=tightlip-ci GIT_AUTHOR_EMAIL=ci@tightlip.invalid
export GIT_COMMITTER_NAME=tightlip-ci GIT_COMMITTER_EMAIL=ci@tightlip.invalid
unset GIT_INDEX_FILE GIT_DIR GIT_WORK_TREE

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 2. The commit pre-commit clones: a snapshot of this checkout's work tree
# (tracked files and untracked ones not ignored), so that what is tested is
# what is here, committed with a fixed date in a repository kept in the
# cache: the same work tree is the same commit, and pre-commit reuses the
# hook it built for it. A new commit replaces the store's clones and builds.
src=$cache/precommit-src
rm -rf "$src"
mkdir -p "$src"
git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do if [[ -e $f || -L $f ]]; then printf '%s\0' "$f"; fi; done |
	tar -c --null -T - -f - | tar -x -C "$src" -f -
git -C "$src" init -q -b main
git -C "$src" add -A
GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z \
	git -C "$src" commit -q -m "snapshot of $(git rev-parse --short HEAD) and its work tree"
rev=$(git -C "$src" rev-parse HEAD)
if [[ $(cat "$PRE_COMMIT_HOME/.tightlip-rev" 2>/dev/null) != "$rev" ]]; then
	rm -rf "$PRE_COMMIT_HOME"
fi
mkdir -p "$PRE_COMMIT_HOME"

# 3. The throwaway repository.
repo=$work/repo
mkdir "$repo"
cd "$repo"
git init -q -b main
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $src
    rev: $rev
    hooks:
      - id: tightlip
      - id: tightlip-history
EOF
printf 'MODE=dev\n' >app.env
printf 'hello\n' >README
git add -A
git commit -q -m base
pre-commit install >/dev/null || die "pre-commit install failed"

# A fake key shaped like a GitHub token, with the TLFAKE marker; it is built
# here so that no file of this repository holds one.
fake=ghp_TLFAKE$(printf 'precommit-ci' | sha256sum | cut -c1-30)
out=$work/out

# commit ARGS…: runs git commit; its output goes to $out; returns its status.
commit() {
	local status=0
	git commit -q "$@" >"$out" 2>&1 || status=$?
	return $status
}
show() { sed 's/^/    | /' "$out" >&2; }
want_pass() {
	local what=$1
	shift
	commit "$@" || {
		show
		die "$what: the commit was stopped, want it to pass"
	}
	note "ok: $what"
}
want_blocked() {
	local what=$1 file=$2
	shift 2
	local head status=0
	head=$(git rev-parse HEAD)
	commit "$@" || status=$?
	if [[ $status -eq 0 ]]; then
		show
		die "$what: the commit passed, want it stopped"
	fi
	[[ $(git rev-parse HEAD) == "$head" ]] || die "$what: HEAD moved"
	grep -qF "$file" "$out" || {
		show
		die "$what: the output does not name $file"
	}
	grep -q 'tightlip:allow' "$out" || {
		show
		die "$what: the output does not say how to allow a false positive"
	}
	if grep -qF "$fake" "$out" || grep -q 'TLFAKE' "$out"; then
		show
		die "$what: the output prints the secret in full"
	fi
	note "ok: $what (exit $status, redacted)"
}

# The first commit builds the hook (pre-commit's clone and go install)
# unless the store has it: timed alone.
build_start=$SECONDS
printf 'hello again\n' >>README
git add README
want_pass "a clean commit passes" -m clean
note "the first commit, hook build included, took $((SECONDS - build_start))s"
echo "$rev" >"$PRE_COMMIT_HOME/.tightlip-rev"

printf 'GITHUB_TOKEN=%s\n' "$fake" >secret.env
git add secret.env
want_blocked "a staged secret stops the commit" secret.env -m secret

# git commit PATH: the hook runs with a temporary index holding only PATH's
# change; the staged secret.env is not being committed.
printf 'more\n' >>README
want_pass "git commit README passes with a secret staged elsewhere" -m partial README

git rm -q --cached secret.env
rm secret.env
printf 'MODE=dev\nAPI_TOKEN=%s\n' "$fake" >app.env
want_blocked "git commit -a of an unstaged secret is stopped" app.env -a -m all
want_blocked "git commit app.env of an unstaged secret is stopped" app.env -m path app.env

printf 'MODE=prod\n' >app.env
want_pass "git commit -a of clean changes passes" -a -m clean-all

# tightlip-history, by hand: clean history passes, then a secret committed
# past the hook is found.
status=0
pre-commit run tightlip-history --hook-stage manual >"$out" 2>&1 || status=$?
[[ $status -eq 0 ]] || {
	show
	die "tightlip-history on a clean history exited $status"
}
note "ok: tightlip-history passes on a clean history"
printf 'API_TOKEN=%s\n' "$fake" >leak.env
git add leak.env
git commit -q --no-verify -m "leak past the hook"
git rm -q leak.env
git commit -q -m "remove it" >/dev/null 2>&1
status=0
pre-commit run tightlip-history --hook-stage manual >"$out" 2>&1 || status=$?
if [[ $status -eq 0 ]] || ! grep -qF leak.env "$out" || grep -q TLFAKE "$out"; then
	show
	die "tightlip-history after a leaked commit: exit $status, want it to fail naming leak.env, redacted"
fi
note "ok: tightlip-history finds a deleted secret in the history (exit $status, redacted)"

note "ok (${SECONDS}s)"
