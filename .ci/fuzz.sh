#!/usr/bin/env bash
# fuzz.sh [SECONDS]
#
# Runs every fuzz target for a bounded time each (default 15 s), one
# target at a time, as go test -fuzz requires. The seed corpora (f.Add and
# testdata/fuzz/) already run as ordinary tests under go test ./...; this
# searches past them. A crash writes its input to testdata/fuzz/<target>/
# in the package: commit it, and it becomes a regression test. A new
# input is minimised for at most 10 s: the targets that run git find many,
# and go test's default minute each would leave little time to search.
# .github/workflows/fuzz.yml runs this nightly, five minutes a target.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

targets=(
	"./internal/detect FuzzDetect"
	"./internal/placeholder FuzzIsPlaceholder"
	"./internal/config FuzzParse"
	"./internal/report FuzzReport"
	"./internal/report FuzzLoadBaseline"
	"./internal/gitignore FuzzGitignoreMissing"
	"./internal/source FuzzWalkReadsWhatGitAdds"
	"./internal/scan FuzzParseHistoryState"
	"./internal/scan FuzzHistoryFindsEverySecret"
)
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	printf -- '-- %s %s (%ss)\n' "$pkg" "$name" "$seconds"
	if ! go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "${seconds}s" -fuzzminimizetime 10s >"$log" 2>&1; then
		cat "$log"
		exit 1
	fi
	tail -n 2 "$log"
done
