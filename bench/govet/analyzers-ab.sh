#!/usr/bin/env bash
# A/B of the Go analyzers alone: tightlip-vet built at two commits, run by
# go vet over one module, alternating, N times each. Each run uses a copy of
# the tool with a distinct byte appended: go vet keys its cache by the
# tool's hash, so every run analyses anew (the compiles come from the build
# cache, warmed by a first discarded pair).
#
#   usage: bench/govet/analyzers-ab.sh BASE_COMMIT MODULE_DIR [N]
#   e.g.   bench/govet/analyzers-ab.sh 30a66c3 /tmp/etcd/server 5
set -euo pipefail
base=$1 mod=$2 n=${3:-5}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'git -C "$repo" worktree remove --force "$work/src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$repo" worktree add -q "$work/src" "$base"
(cd "$work/src" && go build -o "$work/base" ./cmd/tightlip-vet)
(cd "$repo" && go build -o "$work/head" ./cmd/tightlip-vet)
cd "$mod"
run() { # tool tag i
	local bin=$work/run-$2-$3
	cp "$1" "$bin"
	printf '\n#%s%s' "$2" "$3" >>"$bin"
	local s e
	s=$(date +%s.%N)
	/usr/bin/time -f '%U %S' -o "$work/time" go vet -vettool="$bin" ./... >/dev/null 2>&1 || true
	e=$(date +%s.%N)
	printf '%s %s wall=%.2f cpu=%.2f\n' "$2" "$3" "$(echo "$e - $s" | bc)" "$(tail -1 "$work/time" | awk '{print $1+$2}')"
	rm -f "$bin"
}
run "$work/base" warm 0 >/dev/null
run "$work/head" warm 0 >/dev/null
for i in $(seq "$n"); do
	run "$work/base" base "$i"
	run "$work/head" head "$i"
done
