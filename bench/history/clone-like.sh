#!/usr/bin/env bash
# bench/history/clone-like.sh: make DEST, a bare repository holding what a
# plain "git clone" of SRC would hold (branches, tags and remote-tracking
# refs; not refs/pull/* and the like), packed from SRC's objects with the
# deltas SRC has. SRC is left alone (e.g. a mirror under /work/.mirror/).
#
# usage: bench/history/clone-like.sh SRC DEST
#
# A blob missing from SRC (mirrors made with a size filter lack a few)
# makes "git log -p" die, and gitleaks then reports a truncated scan
# without failing. Each missing blob gets a placeholder through
# refs/replace/, which git honours and go-git (tightlip) does not: git
# log -p reads the placeholder, tightlip counts the blob as missing unless
# its path is allowlisted (it then never reads it). The script names every
# placeholder it makes.
set -euo pipefail

[ $# -eq 2 ] || { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
src=$1 dest=$2
[ ! -e "$dest" ] || { echo "clone-like.sh: $dest exists" >&2; exit 2; }
git -C "$src" rev-parse --git-dir >/dev/null

git init -q --bare "$dest"
git -C "$dest" config gc.auto 0
refs=(refs/heads refs/tags refs/remotes)
missing=$(git -C "$src" rev-list --objects "${refs[@]/#/--glob=}" --missing=print 2>/dev/null | sed -n 's/^?//p')
# Only reachable objects, deltas reused where their base comes along.
git -C "$src" rev-list --objects "${refs[@]/#/--glob=}" --missing=allow-any |
	git -C "$src" pack-objects -q --delta-base-offset "$dest/objects/pack/pack" >/dev/null
git -C "$src" for-each-ref --format='create %(refname) %(objectname)' "${refs[@]}" | git -C "$dest" update-ref --stdin
head=$(git -C "$src" symbolic-ref -q HEAD || true)
[ -z "$head" ] || git -C "$dest" symbolic-ref HEAD "$head"
git -C "$dest" pack-refs --all
for h in $missing; do
	p=$(printf '// placeholder for blob %s, missing from %s\n' "$h" "$src" | git -C "$dest" hash-object -w --stdin)
	git -C "$dest" update-ref "refs/replace/$h" "$p"
	echo "clone-like.sh: blob $h is missing from $src: replaced by a placeholder for git (refs/replace/$h)" >&2
done
echo "$dest: $(git -C "$dest" rev-list --all --count) commits, $(git -C "$dest" for-each-ref "${refs[@]}" | wc -l) refs," \
	"$(git -C "$dest" count-objects -v | awk '$1 == "size-pack:" { printf "%.1f MiB packed", $2 / 1024 }')" >&2
