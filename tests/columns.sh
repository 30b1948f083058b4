#!/bin/sh
# tests/columns.sh - the column table (sim/config/columns.c) and what the
# shipped scenarios really write agree both ways (TAP): every column a
# run writes is declared (`napisim columns NAME...` knows it), and every
# declared column is written by some shipped scenario.
. "$top_srcdir/tests/tap.sh"

: > "$tmpdir/written"
for s in $(scenarios); do
	name=$(scenario_name "$s")
	"$NAPISIM" run "$top_srcdir/$s" --set traffic.packets=200 -j2 \
		--format tsv --output "$tmpdir/$name.tsv" 2>"$tmpdir/err" ||
		sed 's/^/# /' "$tmpdir/err"
	# the header row, less the key columns (group.key)
	cols=$(grep -v '^#' "$tmpdir/$name.tsv" | head -1 | tr '\t' '\n' |
		grep -v '\.')
	# shellcheck disable=SC2086
	"$NAPISIM" columns $cols > /dev/null 2>"$tmpdir/err"
	rc=$?
	[ $rc -eq 0 ] || sed 's/^/# /' "$tmpdir/err"
	[ $rc -eq 0 ] && [ -n "$cols" ]
	check "$name: every column it writes is declared" passed $?
	echo "$cols" | sed 's/^cpu[0-9][0-9]*_/cpuN_/' >> "$tmpdir/written"
done
"$NAPISIM" columns | tail -n +2 | cut -d' ' -f1 > "$tmpdir/declared"
sort -u "$tmpdir/declared" > "$tmpdir/declared.sorted"
missing=$(sort -u "$tmpdir/written" | comm -23 "$tmpdir/declared.sorted" -)
[ -z "$missing" ] || echo "$missing" | sed 's/^/# never written: /'
[ -z "$missing" ] && [ -s "$tmpdir/declared" ]
check "every declared column is written by a shipped scenario" passed $?
done_testing
