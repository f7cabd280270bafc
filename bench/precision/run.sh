#!/usr/bin/env bash
# bench/precision/run.sh: run tightlip's Go analyzers over the Go modules
# of a checked-out project and list the findings of the name-based rules,
# one line each: rule, file:line, message. See bench/precision/README.md.
#
# usage: bench/precision/run.sh TREE [MODULE_DIR...]
#
#   TREE        a checked-out project (git archive HEAD | tar -x -C TREE)
#   MODULE_DIR  its module directories to analyse, relative to TREE
#               (default: the root module)
#
# The modules go.mod requires must be in the module cache (go mod download
# through the module proxy first); go vet runs with GOPROXY=off. The
# secret a finding reaches is never printed: the analyzers' messages name
# the variable, field or rule, not the value.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
tree=$(cd "$1" && pwd)
shift
mods=("$@")
[ ${#mods[@]} -eq 0 ] && mods=(.)
tool=$(mktemp -d)/tightlip
trap 'rm -rf "$(dirname "$tool")"' EXIT
(cd "$here" && go build -o "$tool" ./cmd/tightlip)
for m in "${mods[@]}"; do
	(cd "$tree/$m" && GOPROXY=off go vet -vettool="$tool" -json -hardcoded.contentrules=false ./... 2>&1) |
		sed -n '/^{/,/^}/p' | jq -r --arg root "$tree/" '
			.[] | .[] | .[] |
			select(.category | test("^(go-hardcoded-credential|secret-in-(log|error|url))$")) |
			"\(.category)\t\(.posn | ltrimstr($root))\t\(.message)"'
done | sort -u
