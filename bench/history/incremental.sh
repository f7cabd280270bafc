#!/usr/bin/env bash
# bench/history/incremental.sh: time an incremental history scan
# (tightlip scan --history --since-state) after a few new commits against
# the full scan that wrote the state. See bench/history/README.md.
#
# usage: bench/history/incremental.sh -repo DIR [-rounds N] [-new N]
#
#   -repo DIR    repository (left alone: the script works on a local mirror
#                clone of it, in a temporary directory)
#   -new N       how far the default branch is moved back, then forward
#                again: at least N new commits (default 10)
#   -rounds N    rounds (default 5); each round makes the state with a full
#                scan, moves the branch forward and re-scans
#
# environment:
#   TIGHTLIP_BIN   use this tightlip binary instead of building ./cmd/tightlip
set -euo pipefail

# shellcheck source=SCRIPTDIR/../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

rounds=5 repo="" new=10
parse_args "rounds repo new" "" "$@"
[ -n "$repo" ] || { usage >&2; exit 2; }
case "$new" in '' | *[!0-9]* | 0) die "-new wants a positive integer, got '$new'" ;; esac
command -v /usr/bin/time >/dev/null || die "GNU time is needed: apt-get install -y time"
command -v jq >/dev/null || die "jq is needed"

make_tmp tightlip-incremental
find_tightlip

# A mirror clone shares the objects (hard links) and copies every ref, so
# moving a branch here leaves the repository given alone.
work=$tmp/repo.git
git clone -q --mirror "$repo" "$work"
git -C "$work" config gc.auto 0
branch=$(git -C "$work" symbolic-ref -q HEAD) || die "$repo has no default branch"
tip=$(git -C "$work" rev-parse "$branch")

# "Yesterday" is the default branch moved back along its first parents,
# with every ref that contains where it moves to (branches made off it
# since) moved there too; back until at least -new commits are new.
refs=(refs/heads refs/tags refs/remotes)
git -C "$work" for-each-ref --format='update %(refname) %(objectname)' "${refs[@]}" >"$tmp/refs.now"
back=0 old=$tip count=0
while [ "$count" -lt "$new" ]; do
	back=$((back + 1))
	old=$(git -C "$work" rev-parse "$tip~$back") || die "cannot move $branch back $back commits"
	count=$({
		git -C "$work" for-each-ref --contains "$old" --format='%(objectname)' "${refs[@]}"
		echo "^$old"
		git -C "$work" for-each-ref --no-contains "$old" --format='^%(objectname)' "${refs[@]}"
	} | git -C "$work" rev-list --count --stdin)
done
git -C "$work" for-each-ref --contains "$old" --format='update %(refname) '"$old" "${refs[@]}" >"$tmp/refs.then"
moved=$(wc -l <"$tmp/refs.then")
ncommits=$(git -C "$work" rev-list --all --count)

# timed KIND ROUND CMD...: run CMD under GNU time, append a line to times.tsv.
timed() {
	local kind=$1 round=$2
	shift 2
	local tf=$tmp/time.$kind.$round
	/usr/bin/time -o "$tf" -f '%e %U %S %M %x' "$@" >"$tmp/$kind.$round.log" 2>&1 || true
	local wall user sys rss code
	read -r wall user sys rss code < <(tail -n 1 "$tf")
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$round" "$wall" "$user" "$sys" "$rss" >>"$tmp/times.tsv"
	printf '  %-12s %8.3fs  %6.0f MiB  exit %s\n' "$kind" "$wall" "$((rss / 1024))" "$code" >&2
	[ "$code" -le 1 ] || { tail -n 20 "$tmp/$kind.$round.log" >&2; die "$kind failed in round $round (exit $code)"; }
}

{
	echo "tightlip incremental history bench, $(date -u '+%Y-%m-%d %H:%M:%SZ')"
	echo "machine: $(getconf _NPROCESSORS_ONLN) CPUs, load average $(load_average) at start; $(go version | cut -d' ' -f3-)"
	echo "tightlip: $tightlip (repo $(checkout_rev))"
	echo "repository: $repo ($ncommits commits); $branch moved back $back first-parent commits, with the $((moved - 1)) other refs that contain that commit: $count new commits"
	echo "full:        tightlip scan --history --since-state STATE REPO (no state yet)"
	echo "incremental: the same, with the full scan's state, after $branch moved forward"
	echo "(each twice: with TIGHTLIP_FINGERPRINT_KEY set, and without it, when the key is derived from the root commit)"
} >"$tmp/header.txt"
cat "$tmp/header.txt" >&2

find "$work/objects" -type f -print0 | xargs -0 cat >/dev/null
: >"$tmp/times.tsv"
for round in $(seq "$rounds"); do
	say "round $round"
	git -C "$work" update-ref --stdin <"$tmp/refs.then"
	rm -f "$tmp/state.json"
	timed full "$round" env -u TIGHTLIP_FINGERPRINT_KEY "$tightlip" scan --history --format json -o "$tmp/full.json" --since-state "$tmp/state.json" "$work"
	git -C "$work" update-ref --stdin <"$tmp/refs.now"
	cp "$tmp/state.json" "$tmp/state.saved"
	timed incremental "$round" env TIGHTLIP_FINGERPRINT_KEY=bench "$tightlip" scan --history --format json -o "$tmp/inc.json" --since-state "$tmp/state.json" "$work"
	cp "$tmp/state.saved" "$tmp/state.json"
	timed inc-no-key "$round" env -u TIGHTLIP_FINGERPRINT_KEY "$tightlip" scan --history --format json -o "$tmp/inc.json" --since-state "$tmp/state.json" "$work"
done

# The check: a full scan at today's refs finds nothing that yesterday's
# full scan and today's incremental one did not (by fingerprint, all three
# keyed alike).
say "check: a full scan at today's refs"
timed check 1 env -u TIGHTLIP_FINGERPRINT_KEY "$tightlip" scan --history --format json -o "$tmp/now.json" "$work"
jq -r '.findings[].fingerprint' "$tmp/full.json" "$tmp/inc.json" | sort -u >"$tmp/then+inc"
jq -r '.findings[].fingerprint' "$tmp/now.json" | sort -u >"$tmp/now"
missed=$(comm -23 "$tmp/now" "$tmp/then+inc" | wc -l)
check="full scan today: $(jq '.findings | length' "$tmp/now.json") findings, $(jq '.summary.files_scanned' "$tmp/now.json") blobs; yesterday's full scan $(jq '.findings | length' "$tmp/full.json") and $(jq '.summary.files_scanned' "$tmp/full.json"), the incremental $(jq '.findings | length' "$tmp/inc.json") and $(jq '.summary.files_scanned' "$tmp/inc.json"); found today and by neither: $missed"

# What the last incremental run says about itself.
note=$(grep -o 'history: [0-9]* commits already scanned[^"]*' "$tmp/inc.json" || echo "(no note)")

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
col() { awk -F'\t' -v k="$1" -v c="$2" '$1 == k { print $c }' "$tmp/times.tsv"; }
cpu() { awk -F'\t' -v k="$1" '$1 == k { print $4 + $5 }' "$tmp/times.tsv"; }
{
	cat "$tmp/header.txt"
	echo
	echo "incremental run: $note"
	echo "$check"
	echo
	printf '%-12s %10s %10s %10s\n' run "wall (s)" "CPU (s)" "max RSS"
	for k in full incremental inc-no-key; do
		printf '%-12s %10.3f %10.3f %7.0f MiB\n' "$k" "$(col "$k" 3 | median)" "$(cpu "$k" | median)" "$(($(col "$k" 6 | sort -n | tail -n 1) / 1024))"
	done
	f=$(col full 3 | median) i=$(col incremental 3 | median) n=$(col inc-no-key 3 | median)
	awk -v f="$f" -v i="$i" -v n="$n" 'BEGIN { printf "ratio incremental/full: %.4f (no key: %.4f); medians of %s rounds\n", i / f, n / f, "'"$rounds"'" }'
} | tee "$tmp/summary.txt"
