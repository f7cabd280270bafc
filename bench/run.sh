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

GITLEAKS_VERSION=v8.30.1
rounds=5
tree=""

usage() {
	sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
	case "$1" in
	-rounds | --rounds) [ $# -ge 2 ] || { usage >&2; exit 2; }; rounds=$2; shift 2 ;;
	-rounds=* | --rounds=*) rounds=${1#*=}; shift ;;
	-tree | --tree) [ $# -ge 2 ] || { usage >&2; exit 2; }; tree=$2; shift 2 ;;
	-tree=* | --tree=*) tree=${1#*=}; shift ;;
	-h | -help | --help) usage; exit 0 ;;
	*) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
done
while [ "${tree%/}" != "$tree" ]; do tree=${tree%/}; done
case "$rounds" in '' | *[!0-9]* | 0) echo "run.sh: -rounds wants a positive integer, got '$rounds'" >&2; exit 2 ;; esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
size=${BENCH_SIZE:-200MB}
seed=${BENCH_SEED:-1}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/tightlip-bench
[ -n "$tree" ] || tree=$cache/tree-$size
results=${BENCH_RESULTS:-$cache/results}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tightlip-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"

say() { printf '%s\n' "$*" >&2; }

# --- gitleaks -------------------------------------------------------------
if [ -n "${GITLEAKS_BIN:-}" ]; then
	gitleaks=$GITLEAKS_BIN
else
	say "building gitleaks $GITLEAKS_VERSION from the module proxy ..."
	gitleaks=$tmp/bin/gitleaks
	# Outside any module, so our go.mod plays no part.
	# (BENCH_GITLEAKS_FROM_COPY=1 forces the fallback below, to test it.)
	if [ -n "${BENCH_GITLEAKS_FROM_COPY:-}" ] || ! (cd "$tmp" && GOFLAGS='' GOWORK=off GOBIN="$tmp/bin" \
		go install "github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION") >"$tmp/gl-build.log" 2>&1; then
		# go install refuses modules whose go.mod has replace directives;
		# build a private copy of the downloaded module without them.
		say "go install did not work ($(tail -n1 "$tmp/gl-build.log" 2>/dev/null)); building from a copy of the module"
		dir=$(cd "$tmp" && GOFLAGS='' GOWORK=off go mod download -json "github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION" |
			sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
		[ -n "$dir" ] || { say "run.sh: cannot download gitleaks $GITLEAKS_VERSION"; exit 2; }
		cp -R "$dir" "$tmp/gitleaks-src"
		chmod -R u+w "$tmp/gitleaks-src"
		(
			cd "$tmp/gitleaks-src"
			go mod edit -print | awk '
				/^replace \(/ { b = 1; next }
				b && /^\)/ { b = 0; next }
				b { print ($2 == "=>" ? $1 : $1 "@" $2); next }
				/^replace / { print ($3 == "=>" ? $2 : $2 "@" $3) }' |
				while read -r r; do go mod edit "-dropreplace=$r"; done
			GOFLAGS=-mod=mod GOWORK=off go build -o "$gitleaks" .
		) || { cat "$tmp/gl-build.log" >&2; say "run.sh: cannot build gitleaks"; exit 2; }
	fi
fi

# --- tightlip -------------------------------------------------------------
if [ -n "${TIGHTLIP_BIN:-}" ]; then
	tightlip=$TIGHTLIP_BIN
elif [ -d "$root/cmd/tightlip" ]; then
	say "building tightlip from $root ..."
	tightlip=$tmp/bin/tightlip
	(cd "$root" && go build -o "$tightlip" ./cmd/tightlip)
else
	say "run.sh: $root/cmd/tightlip does not exist; set TIGHTLIP_BIN to a tightlip binary"
	exit 2
fi
read -r -a tightlip_args <<<"${TIGHTLIP_ARGS:-}"

# --- helpers and tree -----------------------------------------------------
(cd "$root" && go build -o "$tmp/bin/gentree" ./bench/gentree && go build -o "$tmp/bin/compare" ./bench/compare)

manifest=$tree.manifest.json
if [ ! -e "$tree" ]; then
	say "generating $tree ($size, seed $seed) ..."
	mkdir -p "$(dirname "$tree")"
	"$tmp/bin/gentree" -out "$tree" -size "$size" -seed "$seed" -manifest "$manifest"
fi
[ -d "$tree" ] || { say "run.sh: $tree is not a directory"; exit 2; }
[ -f "$manifest" ] || { say "run.sh: no manifest $manifest beside the tree (was it made by bench/gentree?)"; exit 2; }
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
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime | sed 's/.*load average[s]*: //')
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')
[ -z "$(git -C "$root" status --porcelain 2>/dev/null)" ] || rev="$rev+dirty"
{
	echo "tightlip bench, $(date -u '+%Y-%m-%d %H:%M:%SZ')"
	echo "machine: $ncpu CPUs, load average $load; $(go version | cut -d' ' -f3-)"
	echo "gitleaks $GITLEAKS_VERSION: $gitleaks"
	echo "tightlip: $tightlip (repo $rev)${TIGHTLIP_ARGS:+, args: $TIGHTLIP_ARGS}"
	echo "timer: $timer; $rounds rounds, order alternates each round"
} >"$tmp/header.txt"
cat "$tmp/header.txt" >&2

say "warming the page cache ..."
find "$tree" -type f -print0 | xargs -0 cat >/dev/null

: >"$tmp/times.tsv"
for ((i = 1; i <= rounds; i++)); do
	say "round $i/$rounds"
	if ((i % 2)); then
		run_gitleaks "$i"
		run_tightlip "$i"
	else
		run_tightlip "$i"
		run_gitleaks "$i"
	fi
done

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
