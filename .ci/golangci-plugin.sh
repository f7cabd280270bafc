#!/usr/bin/env bash
# End-to-end test of tightlip's golangci-lint module plugin (package golangci):
# install golangci-lint v2.15.0 from the Go module proxy, build a custom binary
# with the plugin from this checkout through `golangci-lint custom` and the
# repository's own .custom-gcl.yml, run that binary on the fixture module
# golangci/testdata/e2e, and compare what it reports (file, line, rule ID)
# with want.txt there. Also checks that a misspelt setting is an error naming
# it, and that no fake secret of the fixture is printed in full.
#
#   usage: .ci/golangci-plugin.sh [CACHE_DIR]   (default $HOME/.cache/tightlip-ci)
#
# Offline, `golangci-lint custom` fails at its `git clone` of golangci-lint
# from GitHub. A local git repository made from the module cache's copy of
# the same version, tagged, stands in for it through git's
# url.<base>.insteadOf, passed in GIT_CONFIG_* (which `custom` lets through
# to git). Everything built is kept under CACHE_DIR so that reruns are fast:
# golangci-lint itself (bin/golangci-lint, the one .ci/run installs), the
# local repository, and the custom binary, keyed by a hash of every file of
# this module that the plugin is built from: an unchanged plugin is not
# rebuilt, a changed one always is.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

version=v2.15.0
module=github.com/golangci/golangci-lint/v2
fixture=golangci/testdata/e2e
cache=${1:-$HOME/.cache/tightlip-ci}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
export GOWORK=off # a go.work above the checkout or the fixture must not change what is built

note() { printf 'golangci-plugin: %s\n' "$*"; }
die() {
	printf 'golangci-plugin: FAIL: %s\n' "$*" >&2
	exit 1
}

for tool in go git sha256sum; do
	command -v "$tool" >/dev/null || die "$tool not found on PATH"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
SECONDS=0

# 1. golangci-lint itself, from the module proxy.
lint=$cache/bin/golangci-lint
if [[ ! -x $lint ]] || ! "$lint" version 2>/dev/null | grep -q "version ${version#v} "; then
	note "installing golangci-lint $version (go install)"
	GOBIN=$cache/bin go install "$module/cmd/golangci-lint@$version" ||
		die "go install $module/cmd/golangci-lint@$version failed"
fi

# 2. The local stand-in for github.com/golangci/golangci-lint.git: the module
# cache's copy of $version, committed and tagged $version. `custom` clones
# it with --branch $version --depth 1.
gitrepo=$cache/golangci-lint-git/$version
if ! git -C "$gitrepo" rev-parse -q --verify "refs/tags/$version" >/dev/null 2>&1; then
	note "making a local git repository of golangci-lint $version from the module cache"
	src=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
	[[ -n $src && -f $src/go.mod ]] || die "go mod download $module@$version gave no module directory"
	tmp=$(mktemp -d "$cache/golangci-lint-git.XXXXXX")
	cp -R "$src/." "$tmp/"
	chmod -R u+w "$tmp" # the module cache is read-only
	git_() { git -C "$tmp" -c init.defaultBranch=main -c user.name=tightlip-ci \
		-c user.email=ci@tightlip.invalid -c commit.gpgSign=false -c tag.gpgSign=false "$@"; }
	git_ init -q
	git_ add -A -f # -f: golangci-lint's .gitignore would leave out files the module ships
	git_ commit -q -m "golangci-lint $version, from the Go module cache"
	git_ tag "$version"
	rm -rf "$gitrepo"
	mkdir -p "$(dirname "$gitrepo")"
	mv "$tmp" "$gitrepo"
fi

# 3. The custom binary, rebuilt when anything it is built from changed: the
# Go toolchain, golangci-lint's version, go.mod, go.sum, .custom-gcl.yml and
# the Go and embedded files of every package of this module the plugin
# imports. Paths are made relative to the checkout, which CI clones anew
# into another folder each time.
# shellcheck disable=SC2016 # $d is a variable of go list's template
plugin_files=$(go list -deps -f '{{if and .Module (eq .Module.Path "github.com/tightlip/tightlip")}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}
{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}
{{end}}{{end}}' ./golangci) || die "go list ./golangci failed: the plugin does not build"
key=$({
	go version
	echo "$version"
	# shellcheck disable=SC2001 # per line, anchored: no ${var//…} for that
	sed "s|^$root/||" <<<"$plugin_files" | LC_ALL=C sort | xargs sha256sum
	sha256sum go.mod go.sum .custom-gcl.yml
} | sha256sum | cut -c1-20)
custom=$cache/golangci-custom/$key/custom-gcl
if [[ -x $custom ]]; then
	note "custom binary up to date ($custom)"
else
	note "building the custom binary (golangci-lint custom, plugin from this checkout)"
	out=$(mktemp -d "$cache/golangci-custom.XXXXXX")
	if ! GIT_CONFIG_COUNT=1 \
		GIT_CONFIG_KEY_0="url.file://$gitrepo.insteadOf" \
		GIT_CONFIG_VALUE_0=https://github.com/golangci/golangci-lint.git \
		"$lint" custom -v --destination "$out" --name custom-gcl >"$work/custom.log" 2>&1; then
		cat "$work/custom.log" >&2
		rm -rf "$out"
		if grep -q 'charmbracelet/x/cellbuf' "$work/custom.log"; then
			note "cellbuf does not compile against golangci-lint's x/ansi: require github.com/charmbracelet/x/cellbuf v0.0.15 in go.mod (see docs/architecture.md, pitfalls)" >&2
		fi
		die "golangci-lint custom failed (its log is above)"
	fi
	# Keep only the newest build: each binary is about 100 MB.
	rm -rf "$cache/golangci-custom"
	mkdir -p "$cache/golangci-custom"
	mv "$out" "$cache/golangci-custom/$key"
fi
note "golangci-lint and the custom binary ready after ${SECONDS}s"

# 4. Lint the fixture. A fresh golangci-lint cache each time, so that no
# result of an earlier plugin build can stand in for this one's.
lint_fixture() {
	(cd "$fixture" && GOLANGCI_LINT_CACHE=$work/lint-cache "$custom" run "$@" \
		--output.text.path=stdout --output.text.print-issued-lines=false \
		--output.text.colors=false --show-stats=false ./...)
}
status=0
lint_fixture --config .golangci.yml >"$work/stdout" 2>"$work/stderr" || status=$?
show() {
	printf -- '--- stdout\n%s\n--- stderr\n%s\n' "$(cat "$work/stdout")" "$(cat "$work/stderr")" >&2
}
if [[ $status -ne 1 ]]; then
	show
	die "custom-gcl run on $fixture exited $status, want 1 (issues found)"
fi
if [[ -s $work/stderr ]]; then
	show
	die "custom-gcl run wrote to stderr (gitleaks' logger or a golangci-lint warning)"
fi
# "client.go:16:16: hardcoded: [go-hardcoded-credential] … (tightlip)" → "client.go:16 go-hardcoded-credential"
got=$(sed -n 's/^\([^ :]*\.go\):\([0-9]*\):[0-9]*: [a-z]*: \[\([a-z-]*\)\] .* (tightlip)$/\1:\2 \3/p' "$work/stdout" | LC_ALL=C sort)
want=$(grep -v '^#' "$fixture/want.txt" | LC_ALL=C sort)
if [[ $got != "$want" ]]; then
	show
	diff <(echo "$want") <(echo "$got") >&2 || true
	die "custom-gcl reported other findings than $fixture/want.txt (diff above: < want, > got)"
fi
if [[ $(grep -c . "$work/stdout") -ne $(grep -c . <<<"$want") ]]; then
	show
	die "custom-gcl printed lines that are not tightlip findings"
fi
while read -r secret; do
	if grep -qF "$secret" "$work/stdout" "$work/stderr"; then
		show
		die "the report prints a fixture secret in full ($secret)"
	fi
done < <(grep -rhoE 'TLFAKE[A-Za-z0-9_-]+' "$fixture" --include='*.go' | sort -u)
note "$(grep -c . <<<"$want") findings as in $fixture/want.txt"

# 5. A misspelt setting stops the run with a message that names it.
sed 's/disable-rules:/disable-rule:/' "$fixture/.golangci.yml" >"$work/typo.yml"
status=0
lint_fixture --config "$work/typo.yml" >"$work/stdout" 2>"$work/stderr" || status=$?
if [[ $status -eq 0 || $status -eq 1 ]] || ! grep -q 'unknown setting \\\?"disable-rule\\\?"' "$work/stderr"; then
	show
	die "a misspelt setting (disable-rule) gave exit $status without naming it"
fi
note "a misspelt setting is an error naming it"

note "ok (${SECONDS}s)"
