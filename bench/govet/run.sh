#!/usr/bin/env bash
# bench/govet/run.sh: time "tightlip scan" with its Go analyzers on a large
# real Go module against gosec and go vet. See bench/govet/README.md.
#
# usage: bench/govet/run.sh [-rounds N] [-module PATH@VERSION] [-no-fresh] [-vet-only]
#
#   -rounds N     interleaved rounds (default 5)
#   -module M@V   module to scan, fetched through the module proxy
#                 (default golang.org/x/tools at the version in our go.mod)
#   -no-fresh     skip the "fresh" runs (analysis not cached by go vet)
#   -vet-only     also time "go vet -vettool=tightlip" alone, fresh (no
#                 content scan), to tell the analyzers' share
#
# environment:
#   TIGHTLIP_BIN   use this tightlip binary instead of building ./cmd/tightlip
#   GOSEC_BIN      use this gosec binary instead of building v2.30.0
#   BENCH_RESULTS  keep the last round's reports, times.tsv and summary here
#
# The module's writable copy is kept in ~/.cache/tightlip-bench/govet/ (or
# under $XDG_CACHE_HOME) and reused; delete it to start afresh.
set -euo pipefail

# shellcheck source=SCRIPTDIR/../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

GOSEC_VERSION=v2.30.0
rounds=5 module="" no_fresh="" vet_only=""
parse_args "rounds module" "no-fresh vet-only" "$@"
fresh=1
[ -z "$no_fresh" ] || fresh=0
vetonly=${vet_only:-0}

cache=${XDG_CACHE_HOME:-$HOME/.cache}/tightlip-bench/govet

if [ -z "$module" ]; then
	v=$(cd "$root" && go list -m -f '{{.Version}}' golang.org/x/tools) || die "cannot read golang.org/x/tools from go.mod"
	module=golang.org/x/tools@$v
fi
case "$module" in *@*) ;; *) die "-module wants PATH@VERSION, got '$module'" ;; esac

[ -x /usr/bin/time ] || die "GNU time is missing: apt-get install -y time"

make_tmp tightlip-govet
mkdir -p "$tmp/out" "$tmp/home"
# Tools run with GOFLAGS cleared and outside any workspace, so settings of
# the calling shell (e.g. -mod=vendor, -buildvcs) do not change the work.
export GOFLAGS='' GOWORK=off

# --- tools ----------------------------------------------------------------
if [ -n "${GOSEC_BIN:-}" ]; then
	gosec=$GOSEC_BIN
else
	say "building gosec $GOSEC_VERSION from the module proxy ..."
	(cd "$tmp/home" && GOBIN="$tmp/bin" go install "github.com/securego/gosec/v2/cmd/gosec@$GOSEC_VERSION") \
		>"$tmp/gosec-build.log" 2>&1 || { cat "$tmp/gosec-build.log" >&2; die "building gosec failed"; }
	gosec=$tmp/bin/gosec
fi
# The runs use a copy of TIGHTLIP_BIN, which fresh runs copy again.
find_tightlip
[ "$tightlip" = "$tmp/bin/tightlip" ] || cp "$tightlip" "$tmp/bin/tightlip"
tightlip=$tmp/bin/tightlip
vettool_std=$(go env GOTOOLDIR)/vet
govet_version=$("$vettool_std" -V=full)

# --- the module -----------------------------------------------------------
say "fetching $module ..."
src=$(cd "$tmp/home" && go mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$src" ] || [ ! -d "$src" ]; then die "go mod download $module gave no directory"; fi
# The writable copy lives at a stable path outside the repo and is reused:
# go vet's cache keys include the package directory, so a new path each run
# would make the warm-up a full analysis of every package.
mod=$cache/$(printf '%s' "$module" | tr '/@' '__')
if [ ! -f "$mod/.bench-ready" ]; then
	rm -rf "$mod"
	mkdir -p "$cache"
	cp -R "$src" "$mod"
	chmod -R u+w "$mod"
	(cd "$mod" && go mod download) || die "go mod download in $module failed"
	touch "$mod/.bench-ready"
fi
pkgs=$(cd "$mod" && go list ./... | wc -l)
files=$(cd "$mod" && find . -name '*.go' | wc -l)
say "$module: $pkgs packages, $files .go files (copy in $mod)"

# Warm-up, untimed: builds export data into the Go build cache and fills
# go vet's result cache for go vet and for tightlip's analyzers.
say "warm-up: go vet ./... (must succeed) ..."
(cd "$mod" && go vet ./... >"$tmp/out/warm-vet.txt" 2>&1) || { tail -20 "$tmp/out/warm-vet.txt" >&2; die "go vet ./... fails in $module"; }
say "warm-up: tightlip scan ..."
rc=0; (cd "$mod" && "$tightlip" scan --format json -o "$tmp/out/warm-tl.json" --gitignore=false "$mod" 2>"$tmp/out/warm-tl.err") || rc=$?
[ "$rc" -le 1 ] || { cat "$tmp/out/warm-tl.err" >&2; die "tightlip scan exited $rc"; }

# --- fresh tools ----------------------------------------------------------
# go vet caches each package's result under the vet tool's ID (from
# "TOOL -V=full"), so a warm "go vet ./..." only reads the cache. A "fresh"
# run gets a tool ID that was never used: for go vet, a wrapper that
# reports a new version and runs the real vet; for tightlip, a copy of the
# binary with bytes appended (its ID is a hash of the executable). Every
# package, dependencies and the standard library included, is then
# analysed again, as after a tool upgrade; the compiled export data stays
# cached.
fresh_tools() { # round
	local r=$1
	cat >"$tmp/bin/vet-fresh" <<EOF
#!/bin/sh
if [ "\$1" = "-V=full" ]; then echo "$govet_version bench-$$-$r-$RANDOM"; exit 0; fi
exec "$vettool_std" "\$@"
EOF
	chmod +x "$tmp/bin/vet-fresh"
}

# --- timing ---------------------------------------------------------------
times=$tmp/out/times.tsv
printf 'round\ttool\twall_s\tmaxrss_kb\texit\n' >"$times"

run_one() { # round name command...
	local r=$1 name=$2; shift 2
	local t=$tmp/out/$name.time rc=0
	(cd "$mod" && /usr/bin/time -f '%e %M' -o "$t" "$@" >"$tmp/out/$name.stdout" 2>"$tmp/out/$name.stderr") || rc=$?
	local ok=1
	case "$name" in
	govet*) [ "$rc" -eq 0 ] || ok=0 ;;
	gosec) [ "$rc" -le 1 ] && [ -s "$tmp/out/gosec.json" ] || ok=0 ;;
	tightlip*) [ "$rc" -le 1 ] || ok=0 ;;
	esac
	if [ "$ok" = 0 ]; then
		tail -20 "$tmp/out/$name.stderr" >&2
		die "round $r: $name exited $rc"
	fi
	local wall rss
	read -r wall rss < <(tail -1 "$t")
	printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$name" "$wall" "$rss" "$rc" >>"$times"
	say "  round $r  $(printf '%-18s' "$name") ${wall}s  $((rss / 1024)) MiB  exit $rc"
}

tools=(govet gosec tightlip tightlip-content)
[ "$fresh" = 1 ] && tools+=(govet-fresh tightlip-fresh)
[ "$fresh" = 1 ] && [ "$vetonly" = 1 ] && tools+=(tightlip-vet-fresh)

run_tool() { # round name
	local r=$1
	case "$2" in
	govet) run_one "$r" govet go vet ./... ;;
	gosec) run_one "$r" gosec "$gosec" -quiet -fmt json -out "$tmp/out/gosec.json" ./... ;;
	tightlip) run_one "$r" tightlip "$tightlip" scan --format json -o "$tmp/out/tightlip.json" --gitignore=false "$mod" ;;
	tightlip-content) run_one "$r" tightlip-content "$tightlip" scan --go=false --format json -o "$tmp/out/tightlip-content.json" --gitignore=false "$mod" ;;
	govet-fresh) run_one "$r" govet-fresh go vet -vettool="$tmp/bin/vet-fresh" ./... ;;
	tightlip-fresh) run_one "$r" tightlip-fresh "$tmp/bin/tightlip-fresh" scan --format json -o "$tmp/out/tightlip-fresh.json" --gitignore=false "$mod" ;;
	tightlip-vet-fresh) run_one "$r" tightlip-vet-fresh go vet -vettool="$tmp/bin/tightlip-fresh" -json ./... ;;
	esac
}

say "$rounds rounds; tools: ${tools[*]}"
for ((r = 1; r <= rounds; r++)); do
	# Rotate the order each round so that drifting load hits all alike.
	n=${#tools[@]}
	[ "$fresh" = 1 ] && fresh_tools "$r"
	for ((i = 0; i < n; i++)); do
		name=${tools[$(((i + r - 1) % n))]}
		# A new tightlip copy for each fresh run: tightlip-fresh and
		# tightlip-vet-fresh must not hit each other's cache.
		if [ "$name" = tightlip-vet-fresh ] || [ "$name" = tightlip-fresh ]; then
			cp "$tightlip" "$tmp/bin/tightlip-fresh"
			printf 'bench-%s-%s-%s-%s' "$$" "$r" "$name" "$RANDOM" >>"$tmp/bin/tightlip-fresh"
		fi
		run_tool "$r" "$name"
	done
done

# --- summary --------------------------------------------------------------
median() { # tool column -> median of that column over the rounds
	awk -F'\t' -v t="$1" -v c="$2" 'NR > 1 && $2 == t { print $c }' "$times" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR == 0) print "NA"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "NA"; else printf "%.2f", a / b }'; }
count() { # file pattern
	[ -s "$1" ] || { echo 0; return; }
	{ grep -Eo "$2" "$1" || true; } | wc -l | tr -d ' '
}

{
	echo "date:     $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "module:   $module ($pkgs packages, $files .go files)"
	echo "machine:  $(nproc) cores, $(go version | cut -d' ' -f3-), load average now $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "tools:    gosec $GOSEC_VERSION, $govet_version, tightlip $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$root" && [ -n "$(git status --porcelain 2>/dev/null)" ] && echo ' (dirty tree)')"
	echo "rounds:   $rounds"
	echo
	echo "per round, wall seconds:"
	printf '  %-20s' tool
	for ((r = 1; r <= rounds; r++)); do printf '%8s' "r$r"; done
	printf '%9s %12s\n' median 'max RSS MiB'
	for t in "${tools[@]}"; do
		printf '  %-20s' "$t"
		for ((r = 1; r <= rounds; r++)); do
			printf '%8s' "$(awk -F'\t' -v t="$t" -v r="$r" '$1 == r && $2 == t { print $3 }' "$times")"
		done
		printf '%9s %12s\n' "$(median "$t" 3)" "$(( $(median "$t" 4 | cut -d. -f1) / 1024 ))"
	done
	echo
	tl=$(median tightlip 3); gs=$(median gosec 3); gv=$(median govet 3)
	echo "ratios of medians (warm: go vet's result cache filled by the warm-up):"
	echo "  tightlip / gosec  = $(ratio "$tl" "$gs")   (target <= 1)"
	echo "  tightlip / go vet = $(ratio "$tl" "$gv")   (target <= 2)"
	if [ "$fresh" = 1 ]; then
		tf=$(median tightlip-fresh 3); vf=$(median govet-fresh 3); tvf=$(median tightlip-vet-fresh 3)
		echo "ratios of medians (fresh: every package analysed again, export data cached):"
		echo "  tightlip-fresh / gosec        = $(ratio "$tf" "$gs")   (target <= 1)"
		echo "  tightlip-fresh / go vet-fresh = $(ratio "$tf" "$vf")   (target <= 2)"
		[ "$vetonly" = 1 ] && echo "  tightlip-vet-fresh / go vet-fresh = $(ratio "$tvf" "$vf")   (analyzers alone, no content scan)"
	fi
	echo
	echo "findings (last round):"
	echo "  gosec:    $(count "$tmp/out/gosec.json" '"rule_id": *"G[0-9]+"') issues; G101 (hard-coded credentials) $(count "$tmp/out/gosec.json" '"rule_id": *"G101"'), G402 (TLS InsecureSkipVerify) $(count "$tmp/out/gosec.json" '"rule_id": *"G402"'), G107 (URL from variable) $(count "$tmp/out/gosec.json" '"rule_id": *"G107"')"
	printf '            by rule:'
	{ grep -Eo '"rule_id": *"G[0-9]+"' "$tmp/out/gosec.json" || true; } | { grep -Eo 'G[0-9]+' || true; } | sort | uniq -c | sort -rn | awk '{ printf " %s=%s", $2, $1 }'
	echo
	for f in tightlip tightlip-content; do
		j=$tmp/out/$f.json
		echo "  $f: $(count "$j" '"rule_id": *"[^"]+"') findings; go-* $(count "$j" '"rule_id": *"go-[^"]*"'), secret-in-* $(count "$j" '"rule_id": *"secret-in-[^"]*"'), other $(count "$j" '"rule_id": *"([^gs"]|g[^o]|s[^e])[^"]*"')"
		printf '            by rule:'
		{ grep -Eo '"rule_id": *"[^"]+"' "$j" || true; } | sed 's/.*: *"//; s/"$//' | sort | uniq -c | sort -rn | awk '{ printf " %s=%s", $2, $1 }'
		echo
	done
	echo "  go vet:   $(grep -c . "$tmp/out/govet.stderr" || true) lines on stderr"
} >"$tmp/out/summary.txt" || { cat "$times" >&2; die "writing the summary failed (times above)"; }

cat "$tmp/out/summary.txt"
if [ -n "${BENCH_RESULTS:-}" ]; then
	mkdir -p "$BENCH_RESULTS"
	cp "$tmp"/out/*.json "$times" "$tmp/out/summary.txt" "$BENCH_RESULTS"/
	say "reports, times.tsv and summary.txt copied to $BENCH_RESULTS"
fi
