#!/usr/bin/env bash
# bench/precommit/run.sh: the latency of a pre-commit hook, "tightlip scan
# --staged" against "gitleaks git --staged" (what gitleaks' own pre-commit
# hook runs), on a medium repository with a one-file change staged. See
# bench/precommit/README.md.
#
# usage: bench/precommit/run.sh [-rounds N] [-module PATH@VERSION]
#
#   -rounds N     interleaved rounds (default 9)
#   -module M@V   the repository: this module's source, from the module
#                 proxy, committed as one commit (default golang.org/x/tools
#                 at the version in our go.mod)
#
# environment:
#   TIGHTLIP_BIN   use this tightlip binary instead of building ./cmd/tightlip
#   GITLEAKS_BIN   use this gitleaks binary instead of building v8.30.1
#
# Each round stages the same change (one line with a fake key appended to
# one file, so that both tools must find it and exit 1) and times each
# tool's run (wall and CPU, with GNU time). Prints the medians and the
# ratios tightlip/gitleaks.
set -euo pipefail

# shellcheck source=SCRIPTDIR/../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

GITLEAKS_VERSION=v8.30.1
rounds=9 module=""
parse_args "rounds module" "" "$@"

if [ -z "$module" ]; then
	v=$(cd "$root" && go list -m -f '{{.Version}}' golang.org/x/tools) || die "cannot read golang.org/x/tools from go.mod"
	module=golang.org/x/tools@$v
fi
case "$module" in *@*) ;; *) die "-module wants PATH@VERSION, got '$module'" ;; esac

make_tmp tightlip-precommit
find_tightlip
find_gitleaks "$GITLEAKS_VERSION"

# --- the repository -------------------------------------------------------
src=$(cd "$tmp" && GOFLAGS='' GOWORK=off go mod download -json "$module" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
[ -n "$src" ] && [ -d "$src" ] || die "cannot download $module"
repo=$tmp/repo
cp -R "$src" "$repo"
chmod -R u+w "$repo"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@tightlip.invalid
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@tightlip.invalid
git -C "$repo" init -q -b main
git -C "$repo" add -A -f
git -C "$repo" commit -q -m "$module"
git -C "$repo" gc -q
files=$(git -C "$repo" ls-files | wc -l)
size=$(du -sk "$repo/.git" | cut -f1)
say "repository: $module, $files files, .git $((size / 1024)) MiB"

# The staged change: a fake key (TLFAKE marker) appended to a Go file.
target=$(git -C "$repo" ls-files '*.go' | sed -n '100p')
fake=ghp_TLFAKE$(printf 'bench-precommit' | sha256sum | cut -c1-30)
printf '\nconst benchToken = "%s" // fake, for the benchmark\n' "$fake" >>"$repo/$target"
git -C "$repo" add "$target"
say "staged: $target"

# measure NAME CMD…: runs CMD in the repository, appends its wall and CPU
# (user + system) time in ms to $tmp/NAME.ms, and checks it exited 1 (the
# fake key found).
measure() {
	local name=$1 status=0
	shift
	(cd "$repo" && /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@") >"$tmp/out" 2>&1 || status=$?
	if [ "$status" -ne 1 ]; then
		cat "$tmp/out" >&2
		die "$1 exited $status, want 1 (the staged fake key found)"
	fi
	# GNU time says "Command exited with non-zero status 1" first.
	tail -n 1 "$tmp/time" | awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' >>"$tmp/$name.ms"
}
run_tightlip() { measure tightlip "$tightlip" scan --staged; }
run_gitleaks() { measure gitleaks "$gitleaks" git --staged --redact --no-banner .; }
# One warm-up each: the first run reads the binaries and the repository
# from disk.
run_tightlip 0
run_gitleaks 0
: >"$tmp/tightlip.ms"
: >"$tmp/gitleaks.ms"
interleave "$rounds"

# median FILE COLUMN
median() { cut -d' ' -f"$2" "$1" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
tw=$(median "$tmp/tightlip.ms" 1) tc=$(median "$tmp/tightlip.ms" 2)
gw=$(median "$tmp/gitleaks.ms" 1) gc=$(median "$tmp/gitleaks.ms" 2)
printf '%s, %s files, 1 file staged; %s rounds; tightlip %s; load %s\n' "$module" "$files" "$rounds" "$(checkout_rev)" "$(load_average)"
printf '| tool | median wall (ms) | median CPU (ms) | wall of each run (ms) |\n|---|---|---|---|\n'
printf '| gitleaks %s `git --staged` | %s | %s | %s |\n' "$GITLEAKS_VERSION" "$gw" "$gc" "$(cut -d' ' -f1 "$tmp/gitleaks.ms" | tr '\n' ' ')"
printf '| tightlip `scan --staged` | %s | %s | %s |\n' "$tw" "$tc" "$(cut -d' ' -f1 "$tmp/tightlip.ms" | tr '\n' ' ')"
awk -v tw="$tw" -v gw="$gw" -v tc="$tc" -v gc="$gc" 'BEGIN { printf "tightlip/gitleaks: %.2f wall, %.2f CPU\n", tw / gw, tc / gc }'
