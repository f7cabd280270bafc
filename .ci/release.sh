#!/usr/bin/env bash
# The release configuration is valid and builds: `goreleaser check`, then a
# snapshot build of this machine's target only (a full release builds six).
# GoReleaser is a tool of tools/go.mod, built once into the Go build cache.
set -euo pipefail
cd "$(dirname "$0")/.."
gr() { go tool -modfile=tools/go.mod goreleaser "$@"; }
gr check
dist=$(mktemp -d)
trap 'rm -rf "$dist"' EXIT
# --single-target builds GOOS/GOARCH of this machine; the tree is the one
# checked out, so no tag is needed.
gr build --snapshot --single-target --clean --output "$dist/tightlip" --id tightlip >/dev/null
"$dist/tightlip" version
"$dist/tightlip" version | grep -q -- '-snapshot (' || { echo "the snapshot build does not say its version"; exit 1; }
