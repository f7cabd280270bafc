#!/usr/bin/env bash
# sarif-tools.sh [CACHE_DIR]
#
# Installs the offline SARIF validators that internal/report/sarif_schema_test.go
# uses, into CACHE_DIR (default $HOME/.cache/tightlip-sarif), and prints the
# path of the SARIF 2.1.0 JSON schema shipped with the SARIF multitool.
# Progress goes to stderr; stdout is only that path.
#
#   ajv-cli + ajv-formats      JSON Schema validation, formats included
#                              (uri, uri-reference, date-time ...)
#   @microsoft/sarif-multitool "validate": SARIF's own rules and GitHub's
#                              ingestion rules (--rule-kind "Sarif;Gh")
#
# Use from CI:
#   dir=$HOME/.cache/tightlip-sarif
#   bash .ci/sarif-tools.sh "$dir" >/dev/null
#   TIGHTLIP_SARIF_TOOLS=$dir TIGHTLIP_REQUIRE_SARIF_SCHEMA=1 go test ./internal/report/...
#
# Versions are exact, checked with `npm view`; ajv and the multitool's
# per-platform binary packages, which the direct packages only ask for by
# range, are pinned through npm overrides. A second run with the same
# versions installs nothing.
set -euo pipefail

dir=${1:-$HOME/.cache/tightlip-sarif}

AJV_CLI=5.0.0
AJV_FORMATS=3.0.1
AJV=8.20.0
MULTITOOL=5.7.0

log() { printf 'sarif-tools: %s\n' "$*" >&2; }

case "$(uname -s)" in
Linux) platform=linux ;;
Darwin) platform=darwin ;;
*)
	log "unsupported OS $(uname -s): the SARIF multitool ships for Linux and macOS here"
	exit 2
	;;
esac
pkgdir=$dir/node_modules/@microsoft/sarif-multitool-$platform
schema=$pkgdir/sarif-2.1.0.json
stamp=$dir/.installed-ajv-cli@$AJV_CLI-ajv-formats@$AJV_FORMATS-ajv@$AJV-sarif-multitool@$MULTITOOL

if [[ ! -f $stamp || ! -f $schema || ! -x $dir/node_modules/.bin/ajv ]]; then
	command -v npm >/dev/null || {
		log "npm not found: install Node.js (Debian: apt-get install npm)"
		exit 2
	}
	mkdir -p "$dir"
	rm -f "$dir"/.installed-*
	cat >"$dir/package.json" <<EOF
{
  "name": "tightlip-sarif-tools",
  "private": true,
  "description": "Installed by tightlip's .ci/sarif-tools.sh; safe to delete.",
  "dependencies": {
    "ajv-cli": "$AJV_CLI",
    "ajv-formats": "$AJV_FORMATS",
    "ajv": "$AJV",
    "@microsoft/sarif-multitool": "$MULTITOOL"
  },
  "overrides": {
    "ajv": "$AJV",
    "@microsoft/sarif-multitool-linux": "$MULTITOOL",
    "@microsoft/sarif-multitool-darwin": "$MULTITOOL",
    "@microsoft/sarif-multitool-win32": "$MULTITOOL"
  }
}
EOF
	log "installing ajv-cli@$AJV_CLI ajv-formats@$AJV_FORMATS ajv@$AJV @microsoft/sarif-multitool@$MULTITOOL into $dir"
	# Install scripts stay off: npm 11 skips the multitool's postinstall
	# anyway (it only sets the execute bit, done below), and nothing else
	# here needs one.
	npm install --prefix "$dir" --ignore-scripts --no-audit --no-fund --loglevel=error >&2
	[[ -f $schema ]] || {
		log "no SARIF schema at $schema after installing: has the multitool package changed layout?"
		exit 1
	}
fi

# The binary's postinstall did not run; without the execute bit the
# multitool cannot start.
if [[ -f $pkgdir/Sarif.Multitool ]]; then
	chmod u+x "$pkgdir/Sarif.Multitool"
fi
touch "$stamp"
echo "$schema"
