#!/usr/bin/env bash
# bench/run.sh: time gitleaks v8.30.1 and tightlip on a generated working
# tree and compare what each one finds. See bench/README.md.
#
# usage: bench/run.sh [-rounds N] [-tree DIR]
#
# environment:
#   TIGHTLIP_BIN   use this tightlip binary instead of building ./cmd/tightlip
#   TIGHTLIP_ARGS  extra arguments for "tightlip scan" (e.g. --go=false)
#   GITLEAKS_BIN   use this gitleaks binary instead of building v8.30.1
#   BENCH_SIZE     size of a newly generated tree (default 200MB)
#   BENCH_SEED     seed of a newly generated tree (default 1)
#   BENCH_RESULTS  where reports and the summary go (default <cache>/results)
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GITLEAKS_VERSION=v8.30.1
rounds=5 tree=""
parse_args "rounds tree" "" "$@"
while [ "${tree%/}" != "$tree" ]; do tree=${tree%/}; done

size=${BENCH_SIZE:-200MB}
seed=${BENCH_SEED:-1}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tightlip-bench
[ -n "$tree" ] || tree=$cache/tree-$size
results=${BENCH_RESULTS:-$cache/results}

make_tmp tightlip-bench

# --- gitleaks and tightlip --------------------------------------------------
find_gitleaks "$GITLEAKS_VERSION"
find_tightlip
read -r -a tightlip_args <<<"${TIGHTLIP_ARGS:-}"

# --- helpers and tree -----------------------------------------------------
(cd "$root" && go build -o "$tmp/bin/gentree" ./bench/gentree && go build -o "$tmp/bin/compare" ./bench/compare)

manifest=$tree.manifest.json
if [ ! -e "$tree" ]; then
	say "generating $tree ($size, seed $seed) ..."
	mkdir -p "$(dirname "$tree")"
	"$tmp/bin/gentree" -out "$tree" -size "$size" -seed "$seed" -manifest "$manifest"
fi
[ -d "$tree" ] || die "$tree is not a directory"
[ -f "$manifest" ] || die "no manifest $manifest beside the tree (was it made by bench/gentree?)"
tree=$(cd "$tree" && pwd)
manifest=$tree.manifest.json

# --- timing ---------------------------------------------------------------
# (BENCH_TIMER=go forces the Go helper.)
if [ "${BENCH_TIMER:-}" != go ] && /usr/bin/time -f '%e' -o /dev/null true >/dev/null 2>&1; then
	timer=gnu-time
else
	timer=go-helper # install GNU time for the usual tool: apt-get install time
fi

# timed TOOL ROUND REPORT CMD...: run CMD, append a line to times.tsv.
timed() {
	local tool=$1 round=$2 report=$3
	shift 3
	local tf=$tmp/time.$tool.$round log=$tmp/$tool.$round.log
	rm -f "$report"
	if [ "$timer" = gnu-time ]; then
		/usr/bin/time -o "$tf" -f '%e %U %S %M %x' "$@" >"$log" 2>&1 || true
	else
		"$tmp/bin/compare" run -o "$tf" -- "$@" >"$log" 2>&1 || true
	fi
	local wall user sys rss code
	read -r wall user sys rss code < <(tail -n 1 "$tf")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$round" "$wall" "$user" "$sys" "$rss" "$code" >>"$tmp/times.tsv"
	printf '  %-9s %8.2fs  exit %s\n' "$tool" "$wall" "$code" >&2
	# Both tools exit 1 when they find something. tightlip exits 2 on
	# error; gitleaks exits 1 on error too, so a missing report is the tell.
	if [ "$code" -gt 1 ] || [ ! -s "$report" ]; then
		say "run.sh: $tool failed in round $round (exit $code); its output:"
		tail -n 20 "$log" >&2
		exit 1
	fi
}

run_gitleaks() {
	timed gitleaks "$1" "$tmp/gitleaks.json" \
		env -u GITLEAKS_CONFIG -u GITLEAKS_CONFIG_TOML \
		"$gitleaks" dir --no-banner --report-format json --report-path "$tmp/gitleaks.json" "$tree"
}

run_tightlip() {
	timed tightlip "$1" "$tmp/tightlip.json" \
		"$tightlip" scan --format json --no-redact -o "$tmp/tightlip.json" "${tightlip_args[@]}" "$tree"
}

ncpu=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
{
	echo "tightlip bench, $(date -u '+%Y-%m-%d %H:%M:%SZ')"
	echo "machine: $ncpu CPUs, load average $(load_average); $(go version | cut -d' ' -f3-)"
	echo "gitleaks $GITLEAKS_VERSION: $gitleaks"
	echo "tightlip: $tightlip (repo $(checkout_rev))${TIGHTLIP_ARGS:+, args: $TIGHTLIP_ARGS}"
	echo "timer: $timer; $rounds rounds, order alternates each round"
} >"$tmp/header.txt"
cat "$tmp/header.txt" >&2

say "warming the page cache ..."
find "$tree" -type f -print0 | xargs -0 cat >/dev/null

: >"$tmp/times.tsv"
interleave "$rounds"

# --- report ---------------------------------------------------------------
mkdir -p "$results"
cp "$tmp/gitleaks.json" "$results/gitleaks.json"
cp "$tmp/tightlip.json" "$results/tightlip.json"
cp "$tmp/times.tsv" "$results/times.tsv"
{
	cat "$tmp/header.txt"
	echo
	"$tmp/bin/compare" -manifest "$manifest" -tree "$tree" -times "$tmp/times.tsv" \
		-gitleaks "$tmp/gitleaks.json" -tightlip "$tmp/tightlip.json"
} | tee "$results/summary.txt"
say ""
say "reports of the last round, timings and this summary: $results"
