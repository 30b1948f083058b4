#!/bin/sh
# check-golden.sh [--update] [NAPISIM]
#
# Runs every shipped scenario and compares its TSV with
# results/golden/<name>.tsv, cell by cell, with `napisim compare` in exact
# mode: any changed cell fails, and the table of changes is printed as
# TAP comments.  Only wall_seconds is ignored: everything else is
# deterministic.
# --update rewrites the golden files whose results moved instead (a
# deliberate act: review the diff before committing it); a file whose
# only difference is wall_seconds is left as it is.
# Prints TAP, one line per scenario.
set -u
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
NAPISIM=${1:-${NAPISIM:-$top_srcdir/napisim}}
. "$top_srcdir/tests/tap.sh"

for s in $(scenarios); do
	name=$(scenario_name "$s")
	golden=$top_srcdir/results/golden/$name.tsv
	out=$tmpdir/$name.tsv
	if ! "$NAPISIM" run "$top_srcdir/$s" --format tsv --output "$out" 2>"$tmpdir/err"; then
		not_ok "$name: napisim failed: $(cat "$tmpdir/err")"
		continue
	fi
	# the cells only: what was run, where and by which build is in
	# $out.meta, and is not golden
	if [ $update -eq 1 ]; then
		# only where a result moved: wall_seconds alone is no change
		if [ -r "$golden" ] &&
		   "$NAPISIM" compare "$golden" "$out" >/dev/null 2>&1; then
			ok "$name: golden unchanged"
		else
			cp "$out" "$golden"
			ok "$name: golden rewritten"
		fi
	elif [ ! -r "$golden" ]; then
		not_ok "$name: no golden file $golden (scripts/update-golden)"
	elif diff=$("$NAPISIM" compare "$golden" "$out" 2>&1); then
		ok "$name: matches results/golden/$name.tsv"
	else
		echo "$diff" | sed 's/^/# /'
		not_ok "$name: differs from results/golden/$name.tsv (scripts/update-golden if meant)"
	fi
done
done_testing
