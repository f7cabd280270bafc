#!/usr/bin/env bash
# The GitHub Action end to end, offline: actionlint on every workflow (which
# also checks their use of action.yml), then nektos/act runs action.yml on
# the host (no Docker engine) against pull requests of a fixture repository
# cloned one commit deep from a local bare "origin", as actions/checkout
# clones by default. github/codeql-action/upload-sarif and actions/setup-go
# are replaced by local stubs: the first records the report it was given,
# the second fails, since Go is on PATH and the action must not set it up.
#
# Usage: .ci/action.sh CACHE_DIR   (tools are built once into CACHE_DIR/bin)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:?usage: action.sh CACHE_DIR}
act_version=v0.2.89
actionlint_version=v1.7.12
mkdir -p "$cache/bin"

install() { # binary module version
	local bin=$cache/bin/$1 stamp=$cache/bin/.$1.version
	if [[ ! -x $bin || $(cat "$stamp" 2>/dev/null) != "$3" ]]; then
		GOBIN=$cache/bin go install "$2@$3"
		echo "$3" >"$stamp"
	fi
}
install actionlint github.com/rhysd/actionlint/cmd/actionlint "$actionlint_version"
install act github.com/nektos/act "$act_version"

echo "-- actionlint"
(cd "$here" && "$cache/bin/actionlint" .github/workflows/*.yml)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=Fixture GIT_AUTHOR_EMAIL=fixture@example.com
export GIT_COMMITTER_NAME=Fixture GIT_COMMITTER_EMAIL=fixture@example.com
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

# Stubs of the remote actions action.yml uses.
mkdir -p "$work/stubs/codeql-action/upload-sarif" "$work/stubs/setup-go"
cat >"$work/stubs/codeql-action/upload-sarif/action.yml" <<'EOF'
name: upload-sarif stub
inputs:
  sarif_file: {required: true}
  category: {required: false}
runs:
  using: composite
  steps:
    - shell: bash
      env:
        SARIF: ${{ inputs.sarif_file }}
        CATEGORY: ${{ inputs.category }}
      run: cp "$SARIF" "$UPLOAD_DIR/uploaded.sarif" && echo "$CATEGORY" >"$UPLOAD_DIR/category"
EOF
cat >"$work/stubs/setup-go/action.yml" <<'EOF'
name: setup-go stub
inputs:
  go-version: {required: false}
  cache-dependency-path: {required: false}
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "setup-go ran although go is on PATH" >&2; exit 1
EOF

# The workflow a user writes: the action, then a step that records its
# outputs.
mkdir -p "$work/wf"
cat >"$work/wf/pr.yml" <<'EOF'
name: pr
on: pull_request
jobs:
  scan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: tightlip
        uses: ./.tightlip-action
        with:
          category: fixture
      - if: always()
        shell: bash
        env:
          FINDINGS: ${{ steps.tightlip.outputs.findings }}
          EXIT_CODE: ${{ steps.tightlip.outputs.exit-code }}
        run: echo "findings=$FINDINGS exit-code=$EXIT_CODE" >"$UPLOAD_DIR/outputs"
EOF

# The fixture: main, and one branch per pull request.
fake_token() { printf 'ghp_TLFAKE%s' "$(printf '%s' "$1" | sha256sum | head -c 30)"; }
git init -q --bare -b main "$work/origin.git"
git -C "$work/origin.git" config uploadpack.allowReachableSHA1InWant true
dev=$work/dev
git init -q -b main "$dev"
git -C "$dev" remote add origin "$work/origin.git"
printf 'a fixture project\n' >"$dev/README.md"
git -C "$dev" add -A && git -C "$dev" commit -q -m base
git -C "$dev" push -q origin main
base=$(git -C "$dev" rev-parse HEAD)

branch() { # name file content [file content]...
	local name=$1
	shift
	git -C "$dev" checkout -q -B "$name" main
	while (($#)); do
		printf '%s\n' "$2" >"$dev/$1"
		shift 2
	done
	git -C "$dev" add -A && git -C "$dev" commit -q -m "$name"
	git -C "$dev" push -q -f origin "$name"
}
branch leak deploy.yaml "token: $(fake_token leak)"
branch clean docs.md "nothing secret here"
branch silence .tightlip.toml "$(printf '[extend]\nuseDefault = false\n\n[allowlist]\npaths = ['"'''.'''"']\nregexes = ['"'''.'''"']')" \
	deploy.yaml "token: $(fake_token silence)"

failed=0
# scenario NAME BRANCH BASE WANT_EXIT PATTERN...: every PATTERN must be in
# the act log, the uploaded report or the recorded outputs.
scenario() {
	local name=$1 br=$2 pr_base=$3 want=$4
	shift 4
	local ws=$work/ws-$name out=$work/out-$name
	mkdir -p "$out"
	git clone -q --depth=1 --branch "$br" "file://$work/origin.git" "$ws"
	mkdir "$ws/.tightlip-action"
	tar -C "$here" --exclude=./.git -c . | tar -C "$ws/.tightlip-action" -x
	local head
	head=$(git -C "$ws" rev-parse HEAD)
	printf '{"pull_request":{"commits":1,"base":{"sha":"%s","ref":"main"},"head":{"sha":"%s"}}}' "$pr_base" "$head" >"$out/event.json"
	local status=0
	(cd "$ws" && "$cache/bin/act" pull_request -W "$work/wf/pr.yml" -e "$out/event.json" \
		-P ubuntu-latest=-self-hosted --action-offline-mode \
		--local-repository "github/codeql-action@v3=$work/stubs/codeql-action" \
		--local-repository "actions/setup-go@v5=$work/stubs/setup-go" \
		--env "UPLOAD_DIR=$out" --env "GOCACHE=$(go env GOCACHE)" --env "GOMODCACHE=$(go env GOMODCACHE)" \
		--env "GOFLAGS=" --env "GOPROXY=$(go env GOPROXY)") >"$out/log" 2>&1 || status=$?
	local got=0
	((status == 0)) || got=1
	local ok=1
	if ((got != want)); then
		echo "FAIL $name: act exit status $status, want $( ((want)) && echo failure || echo success)"
		ok=0
	fi
	local all=$out/all f
	for f in log uploaded.sarif category outputs; do
		if [[ -f $out/$f ]]; then cat "$out/$f"; fi
	done >"$all"
	for p in "$@"; do
		if ! grep -qF -- "$p" "$all"; then
			echo "FAIL $name: no \"$p\" in the log, the uploaded report, its category or the outputs"
			ok=0
		fi
	done
	if grep -qE 'ghp_TLFAKE[0-9a-f]{30}' "$all"; then
		echo "FAIL $name: a token is printed in full"
		ok=0
	fi
	if ((ok)); then
		echo "ok   $name"
	else
		failed=1
		echo "---- act log of $name:"
		tail -n 60 "$out/log"
	fi
}

echo "-- act $act_version: action.yml on depth-1 clones"
scenario leak leak "$base" 1 "::error title=tightlip github-pat,file=deploy.yaml,line=1::" \
	'"ruleId": "github-pat"' fixture "findings=1 exit-code=1" "| error | github-pat | deploy.yaml:1 |"
scenario clean clean "$base" 0 "findings=0 exit-code=0" "tightlip: no findings"
scenario silence silence "$base" 1 "file=deploy.yaml" "changes the configuration (.tightlip.toml)"
scenario unfetchable leak 1234abcd1234abcd1234abcd1234abcd1234abcd 1 \
	"fetch base commit 1234abcd1234abcd1234abcd1234abcd1234abcd" "exit-code=2"
exit $failed
