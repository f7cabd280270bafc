#!/usr/bin/env bash
# bench/history/run.sh: time gitleaks v8.30.1 and tightlip on the whole
# history of a git repository, beside the git cat-file floor, and compare
# what each one finds. See bench/history/README.md.
#
# usage: bench/history/run.sh [-rounds N] [-repo DIR] [-manifest FILE]
#
#   -repo DIR       repository to scan (default: the generated one, made
#                   first if missing, in <cache>/history-<commits>c-s<seed>.git)
#   -manifest FILE  planted secrets of DIR (default DIR.manifest.json when it exists)
#   -rounds N       interleaved rounds (default 3)
#
# environment:
#   TIGHTLIP_BIN   use this tightlip binary instead of building ./cmd/tightlip
#   TIGHTLIP_ARGS  extra arguments for "tightlip scan --history"
#   GITLEAKS_BIN   use this gitleaks binary instead of building v8.30.1
#   BENCH_COMMITS  commits of a newly generated repository (default 20000)
#   BENCH_SIZE     bytes its history adds (default 900MB, about 280 MB packed)
#   BENCH_SEED     its seed (default 1)
#   BENCH_GEN_ARGS more flags for the generator (go run ./bench/history/gen -h)
#   BENCH_RESULTS  where reports and the summary go (default <cache>/history-results/<repo name>,
#                  with -no-gitleaks appended when BENCH_GITLEAKS=0)
#   BENCH_FLOOR=0  skip the git cat-file floor
#   BENCH_GITLEAKS=0  skip gitleaks (tightlip and the floor only: quick
#                  rounds for the floor ratio on a busy machine)
set -euo pipefail

# shellcheck source=SCRIPTDIR/../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

GITLEAKS_VERSION=v8.30.1
rounds=3 repo="" manifest=""
parse_args "rounds repo manifest" "" "$@"
while [ "${repo%/}" != "$repo" ]; do repo=${repo%/}; done

commits=${BENCH_COMMITS:-20000}
size=${BENCH_SIZE:-900MB}
seed=${BENCH_SEED:-1}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tightlip-bench
generated=""
if [ -z "$repo" ]; then
	repo=$cache/history-${commits}c-$size-s$seed.git
	generated=1
fi

make_tmp tightlip-histbench

# --- gitleaks, tightlip and helpers -------------------------------------------
with_gitleaks=1
[ "${BENCH_GITLEAKS:-1}" != 0 ] || with_gitleaks=""
if [ -n "$with_gitleaks" ]; then
	find_gitleaks "$GITLEAKS_VERSION"
else
	gitleaks="(not run: BENCH_GITLEAKS=0)"
fi
find_tightlip
read -r -a tightlip_args <<<"${TIGHTLIP_ARGS:-}"
(cd "$root" && go build -o "$tmp/bin/gen" ./bench/history/gen && go build -o "$tmp/bin/compare" ./bench/history/compare)

# --- repository -------------------------------------------------------------
if [ -n "$generated" ] && [ ! -e "$repo" ]; then
	say "generating $repo ($commits commits, $size added, seed $seed); this takes a while ..."
	mkdir -p "$(dirname "$repo")"
	read -r -a gen_args <<<"${BENCH_GEN_ARGS:-}"
	if ! "$tmp/bin/gen" -out "$repo.part" -manifest "$repo.manifest.json" -commits "$commits" -size "$size" -seed "$seed" "${gen_args[@]}"; then
		rm -rf "$repo.part"
		die "generating the repository failed"
	fi
	mv "$repo.part" "$repo"
fi
[ -d "$repo" ] || die "$repo is not a directory"
repo=$(cd "$repo" && pwd)
gitdir=$(git -C "$repo" rev-parse --absolute-git-dir 2>/dev/null) || die "$repo is not a git repository"
if [ -z "$manifest" ] && [ -f "$repo.manifest.json" ]; then
	manifest=$repo.manifest.json
fi

ncommits=$(git -C "$repo" rev-list --all --count)
nrefs=$(git -C "$repo" for-each-ref | wc -l)
sizepack=$(git -C "$repo" count-objects -v | awk '$1 == "size-pack:" { p = $2 } $1 == "size:" { l = $2 } END { printf "%.1f", (p + l) / 1024 }')
nobjects=$(git -C "$repo" count-objects -v | awk '$1 == "in-pack:" || $1 == "count:" { n += $2 } END { print n }')

# --- timing ---------------------------------------------------------------
command -v /usr/bin/time >/dev/null || die "GNU time is needed: apt-get install -y time"

# timed TOOL ROUND CMD...: run CMD under GNU time, append a line to times.tsv.
timed() {
	local tool=$1 round=$2
	shift 2
	local tf=$tmp/time.$tool.$round log=$tmp/$tool.$round.log
	/usr/bin/time -o "$tf" -f '%e %U %S %M %x' "$@" >"$log" 2>&1 || true
	local wall user sys rss code
	read -r wall user sys rss code < <(tail -n 1 "$tf")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$round" "$wall" "$user" "$sys" "$rss" "$code" >>"$tmp/times.tsv"
	printf '  %-9s %8.2fs  %6.0f MiB  exit %s\n' "$tool" "$wall" "$((rss / 1024))" "$code" >&2
	echo "$code"
}

run_gitleaks() {
	[ -n "$with_gitleaks" ] || return 0
	rm -f "$tmp/gitleaks.json"
	local code
	code=$(timed gitleaks "$1" env -u GITLEAKS_CONFIG -u GITLEAKS_CONFIG_TOML \
		"$gitleaks" git --no-banner --report-format json --report-path "$tmp/gitleaks.json" "$repo")
	# gitleaks exits 1 on findings and on errors; a missing report, or an
	# error in its log (git log died: a truncated scan), is the tell.
	if [ "$code" -gt 1 ] || [ ! -s "$tmp/gitleaks.json" ]; then
		say "run.sh: gitleaks failed in round $1 (exit $code); its output:"
		tail -n 20 "$tmp/gitleaks.$1.log" >&2
		exit 1
	fi
	if grep -q 'ERR\|fatal:' "$tmp/gitleaks.$1.log"; then
		say "run.sh: WARNING: gitleaks logged errors in round $1 (its scan may be truncated):"
		grep 'ERR\|fatal:' "$tmp/gitleaks.$1.log" | head -n 5 >&2
		echo "round $1: $(grep -c 'ERR\|fatal:' "$tmp/gitleaks.$1.log") error lines, e.g. $(grep -m1 'ERR\|fatal:' "$tmp/gitleaks.$1.log")" >>"$tmp/warnings"
	fi
}

run_tightlip() {
	rm -f "$tmp/tightlip.json"
	local code
	code=$(timed tightlip "$1" "$tightlip" scan --history --format json --no-redact -o "$tmp/tightlip.json" "${tightlip_args[@]}" "$repo")
	if [ "$code" -gt 1 ] || [ ! -s "$tmp/tightlip.json" ]; then
		say "run.sh: tightlip failed in round $1 (exit $code); its output:"
		tail -n 20 "$tmp/tightlip.$1.log" >&2
		exit 1
	fi
}

# The floor: decompress every object once, as git itself does it. The
# output goes to a file that is deleted at once (not to /dev/null).
run_floor() {
	[ "${BENCH_FLOOR:-1}" != 0 ] || return 0
	# shellcheck disable=SC2016 # sh -c expands them
	timed floor "$1" sh -c 'git -C "$1" cat-file --batch-all-objects --batch >"$2"; s=$?; wc -c <"$2" >"$2.size"; rm -f "$2"; exit $s' \
		sh "$repo" "$tmp/floor.out" >/dev/null
	floorbytes=$(cat "$tmp/floor.out.size" 2>/dev/null || echo 0)
	rm -f "$tmp/floor.out.size"
}
floorbytes=0

ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
{
	echo "tightlip history bench, $(date -u '+%Y-%m-%d %H:%M:%SZ')"
	echo "machine: $ncpu CPUs, load average $(load_average) at start; $(go version | cut -d' ' -f3-); $(git --version)"
	echo "gitleaks $GITLEAKS_VERSION: $gitleaks"
	echo "tightlip: $tightlip (repo $(checkout_rev))${TIGHTLIP_ARGS:+, args: $TIGHTLIP_ARGS}"
	echo "repository: $repo"
	echo "  $ncommits commits reachable from $nrefs refs, $nobjects objects, $sizepack MiB packed"
	[ -z "$manifest" ] || echo "  manifest: $manifest"
	if [ -n "$with_gitleaks" ]; then
		echo "$rounds rounds, interleaved; the order of gitleaks and tightlip alternates; the floor last"
	else
		echo "$rounds rounds, each tightlip then the floor"
	fi
	echo
	[ -z "$with_gitleaks" ] || echo "gitleaks git --no-banner --report-format json --report-path FILE REPO"
	echo "tightlip scan --history --format json --no-redact -o FILE ${TIGHTLIP_ARGS:+$TIGHTLIP_ARGS }REPO"
	[ "${BENCH_FLOOR:-1}" = 0 ] || echo "floor:   git -C REPO cat-file --batch-all-objects --batch > FILE"
} >"$tmp/header.txt"
cat "$tmp/header.txt" >&2

say "warming the page cache ..."
find "$gitdir/objects" "$gitdir/refs" "$gitdir/packed-refs" -type f -print0 2>/dev/null | xargs -0 cat >/dev/null || true

: >"$tmp/times.tsv"
interleave "$rounds" run_floor

# --- report ---------------------------------------------------------------
suffix=""
[ -n "$with_gitleaks" ] || suffix=-no-gitleaks
results=${BENCH_RESULTS:-$cache/history-results/$(basename "$repo")$suffix}
mkdir -p "$results"
[ -z "$with_gitleaks" ] || cp "$tmp/gitleaks.json" "$results/gitleaks.json"
cp "$tmp/tightlip.json" "$results/tightlip.json"
cp "$tmp/times.tsv" "$results/times.tsv"
for log in "$tmp"/gitleaks."$rounds".log "$tmp"/tightlip."$rounds".log; do
	[ ! -f "$log" ] || cp "$log" "$results/$(basename "$log" ".$rounds.log").log"
done
{
	cat "$tmp/header.txt"
	[ "$floorbytes" = 0 ] || echo "  cat-file writes $(awk -v b="$floorbytes" 'BEGIN { printf "%.0f", b / 1048576 }') MiB (every object, inflated)"
	if [ -s "$tmp/warnings" ]; then
		echo
		echo "WARNING: gitleaks logged errors; its scan may be truncated:"
		sed 's/^/  /' "$tmp/warnings"
	fi
	if grep -q '"incomplete": *true' "$tmp/tightlip.json"; then
		echo
		echo "WARNING: tightlip says the history could not be read completely (see the summary's problems in $results/tightlip.json)"
	fi
	echo
	args=(-tightlip "$tmp/tightlip.json" -times "$tmp/times.tsv")
	[ -z "$with_gitleaks" ] || args+=(-gitleaks "$tmp/gitleaks.json")
	[ -z "$manifest" ] || args+=(-manifest "$manifest")
	"$tmp/bin/compare" "${args[@]}"
} | tee "$results/summary.txt"
say ""
say "reports and logs of the last round, timings and this summary: $results"
