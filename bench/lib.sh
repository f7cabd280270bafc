# shellcheck shell=bash
# bench/lib.sh: what the benchmark scripts share (bench/run.sh,
# bench/history/run.sh, bench/govet/run.sh). A script sources it after
# "set -euo pipefail", the end of the header comment that usage prints.
# Sourcing it sets root (this checkout) and defines functions; it runs
# nothing else.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_script=${BASH_SOURCE[1]:-$0}

# usage prints the script's header comment: from its second line to
# "set -euo pipefail".
usage() {
	sed -n '2,/^set -euo/p' "$bench_script" | sed '$d' | sed 's/^# \{0,1\}//'
}

say() { printf '%s\n' "$*" >&2; }
die() {
	say "run.sh: $*"
	exit 2
}

bad_arg() {
	echo "run.sh: unknown argument: $1" >&2
	usage >&2
	exit 2
}

# parse_args "FLAGS" "SWITCHES" ARG...: parses the script's arguments.
# Each flag (-name VALUE, -name=VALUE, with one dash or two) sets the
# variable of its name, each switch (-name) sets its variable to 1, with
# dashes in a name turned to underscores; -h, -help and --help print the
# usage. Anything else is an error (exit 2), and so is a -rounds that is
# not a positive integer.
parse_args() {
	local flags=" $1 " switches=" $2 " arg name
	shift 2
	while [ $# -gt 0 ]; do
		case "$1" in
		-h | -help | --help) usage; exit 0 ;;
		--?*) arg=${1#--} ;;
		-?*) arg=${1#-} ;;
		*) bad_arg "$1" ;;
		esac
		name=${arg%%=*}
		[[ $name =~ ^[a-z][a-z-]*$ ]] || bad_arg "$1"
		if [[ $flags == *" $name "* ]]; then
			if [ "$name" != "$arg" ]; then
				printf -v "${name//-/_}" '%s' "${arg#*=}"
				shift
			else
				[ $# -ge 2 ] || { usage >&2; exit 2; }
				printf -v "${name//-/_}" '%s' "$2"
				shift 2
			fi
		elif [[ $switches == *" $arg "* ]]; then
			printf -v "${arg//-/_}" 1
			shift
		else
			bad_arg "$1"
		fi
	done
	if [[ $flags == *" rounds "* ]]; then
		case "${rounds:-}" in '' | *[!0-9]* | 0) echo "run.sh: -rounds wants a positive integer, got '${rounds:-}'" >&2; exit 2 ;; esac
	fi
}

# make_tmp PREFIX: sets tmp to a new temporary directory, with a bin/ in
# it, removed on exit.
make_tmp() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	trap 'chmod -R u+w "$tmp" 2>/dev/null || true; rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/bin"
}

# find_gitleaks VERSION: sets gitleaks to GITLEAKS_BIN, or to gitleaks
# VERSION built in $tmp/bin from the module proxy.
# (BENCH_GITLEAKS_FROM_COPY=1 forces the fallback below, to test it.)
find_gitleaks() {
	local version=$1 dir
	if [ -n "${GITLEAKS_BIN:-}" ]; then
		gitleaks=$GITLEAKS_BIN
		return
	fi
	say "building gitleaks $version from the module proxy ..."
	gitleaks=$tmp/bin/gitleaks
	# Outside any module, so our go.mod plays no part.
	if [ -z "${BENCH_GITLEAKS_FROM_COPY:-}" ] && (cd "$tmp" && GOFLAGS='' GOWORK=off GOBIN="$tmp/bin" \
		go install "github.com/zricethezav/gitleaks/v8@$version") >"$tmp/gl-build.log" 2>&1; then
		return
	fi
	# go install refuses modules whose go.mod has replace directives;
	# build a private copy of the downloaded module without them.
	say "go install did not work ($(tail -n1 "$tmp/gl-build.log" 2>/dev/null)); building from a copy of the module"
	dir=$(cd "$tmp" && GOFLAGS='' GOWORK=off go mod download -json "github.com/zricethezav/gitleaks/v8@$version" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
	[ -n "$dir" ] || die "cannot download gitleaks $version"
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
	) || { cat "$tmp/gl-build.log" >&2; die "cannot build gitleaks"; }
}

# find_tightlip: sets tightlip to TIGHTLIP_BIN, or to tightlip built in
# $tmp/bin from this checkout.
find_tightlip() {
	if [ -n "${TIGHTLIP_BIN:-}" ]; then
		tightlip=$TIGHTLIP_BIN
	elif [ -d "$root/cmd/tightlip" ]; then
		say "building tightlip from $root ..."
		tightlip=$tmp/bin/tightlip
		(cd "$root" && go build -o "$tightlip" ./cmd/tightlip) || die "building tightlip failed"
	else
		die "$root/cmd/tightlip does not exist; set TIGHTLIP_BIN to a tightlip binary"
	fi
}

# checkout_rev prints this checkout's short commit, with +dirty when it
# has changes.
checkout_rev() {
	local rev
	rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')
	[ -z "$(git -C "$root" status --porcelain 2>/dev/null)" ] || rev="$rev+dirty"
	echo "$rev"
}

# load_average prints the 1, 5 and 15 minute load averages.
load_average() {
	cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime | sed 's/.*load average[s]*: //'
}

# interleave N [AFTER]: N rounds of the script's run_gitleaks and
# run_tightlip (given the round), in an order that alternates from round to
# round so that drifting load hits both alike; then, in each round, the
# function AFTER.
interleave() {
	local n=$1 after=${2:-} i
	for ((i = 1; i <= n; i++)); do
		say "round $i/$n"
		if ((i % 2)); then
			run_gitleaks "$i"
			run_tightlip "$i"
		else
			run_tightlip "$i"
			run_gitleaks "$i"
		fi
		[ -z "$after" ] || "$after" "$i"
	done
}
