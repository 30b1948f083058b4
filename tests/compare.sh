#!/bin/sh
# tests/compare.sh - napisim compare on hand-made result files (TAP):
# exit 0 when equal or within tolerance, 1 on a regression (or any
# change in exact mode) with a readable table, 2 for tables that cannot
# be matched; and the policy summary.
. "$top_srcdir/tests/tap.sh"

t=$(printf '\t')
# table FILE ROW...: a result file with two rates, rows given as
# "tput latency_p99_ns sk_drops conservation"
table() {
	f=$1
	shift
	{
		echo "# scenario=hand"
		echo "traffic.rate_pps${t}tput${t}latency_p99_ns${t}sk_drops${t}conservation${t}wall_seconds"
		rate=100000
		for r in "$@"; do
			echo "$rate $r 0.$rate" | tr ' ' '\t'
			rate=$((rate * 2))
		done
	} > "$tmpdir/$f"
}
cmp_() { "$NAPISIM" compare "$@" > "$tmpdir/out" 2> "$tmpdir/err"; }

table base.tsv "1000 5000 0 true" "900 8000 100 true"
table same.tsv "1000 5000 0 true" "900 8000 100 true"
table lat.tsv "1000 5000 0 true" "900 8400 100 true"
table drop.tsv "1000 5000 0 true" "800 8000 200 true"
table cons.tsv "1000 5000 0 true" "900 8000 100 false"

cmp_ "$tmpdir/base.tsv" "$tmpdir/same.tsv"
check "identical results (but for wall_seconds): exit 0" passed $?

cmp_ "$tmpdir/base.tsv" "$tmpdir/lat.tsv"
rc=$?
check "exact mode: +5% p99 latency exits 1" [ $rc -eq 1 ]
check "and the table names the point, column, values and change" \
	grep -q 'traffic.rate_pps=200000 *latency_p99_ns *8000 *8400 *+400 *+5.00% *REGRESSION' "$tmpdir/out"

cmp_ "$tmpdir/base.tsv" "$tmpdir/lat.tsv" --tolerance 'latency_*=10%'
check "--tolerance latency_*=10%: the same change exits 0" passed $?
check "and is still reported, as within tolerance" \
	grep -q 'latency_p99_ns .* worse, within tolerance' "$tmpdir/out"

cmp_ "$tmpdir/base.tsv" "$tmpdir/drop.tsv" --tolerance default=5%
rc=$?
check "lower tput and more drops beyond 5%: exit 1" [ $rc -eq 1 ]
check "both marked as regressions" \
	[ "$(grep -c 'REGRESSION' "$tmpdir/out")" -eq 2 ]
check "the summary line counts them" \
	grep -q '2 changed, 2 regressions; FAIL' "$tmpdir/out"

cmp_ "$tmpdir/drop.tsv" "$tmpdir/base.tsv" --tolerance default=5%
check "the other way round it is an improvement: exit 0" passed $?

cmp_ "$tmpdir/base.tsv" "$tmpdir/cons.tsv" --tolerance default=100%
check "conservation turning false fails whatever the tolerance" \
	[ $? -eq 1 ]

# unusable input: exit 2, one line
table three.tsv "1000 5000 0 true" "900 8000 100 true" "1 1 1 true"
cmp_ "$tmpdir/base.tsv" "$tmpdir/three.tsv"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l < "$tmpdir/err")" -eq 1 ] && \
	grep -q 'the points differ: only in .*base.tsv: none; only in .*three.tsv: traffic.rate_pps=400000' "$tmpdir/err"
check "a point in one file only: exit 2, one line naming it" passed $?
sed "s/traffic.rate_pps/traffic.size/" "$tmpdir/base.tsv" > "$tmpdir/size.tsv"
cmp_ "$tmpdir/base.tsv" "$tmpdir/size.tsv"
rc=$?
[ $rc -eq 2 ] && grep -q 'the key columns differ' "$tmpdir/err"
check "different key columns: exit 2" passed $?
cmp_ "$tmpdir/base.tsv" "$tmpdir/no-such.tsv"
check "a missing file: exit 2" [ $? -eq 2 ]
cmp_ "$tmpdir/base.tsv" "$tmpdir/same.tsv" --tolerance latency=lots
check "a bad --tolerance: exit 2" [ $? -eq 2 ]

# a result file that is not UTF-8 text (a column name that once made
# compare abort in its glob matching): exit 2, one line
printf 'traffic.rate_pps\ttput\377\n100000\t1\n' > "$tmpdir/latin1.tsv"
cmp_ "$tmpdir/base.tsv" "$tmpdir/latin1.tsv"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l < "$tmpdir/err")" -eq 1 ] && \
	grep -q 'latin1.tsv:1: not valid UTF-8' "$tmpdir/err"
check "a file that is not UTF-8: exit 2, one line naming file and line" passed $?
printf 'mitigation.policy\ttput\377\nnone\t1\ndim\t2\n' > "$tmpdir/latin1p.tsv"
"$NAPISIM" compare --policies "$tmpdir/latin1p.tsv" > "$tmpdir/out" 2> "$tmpdir/err"
check "and the same for --policies" [ $? -eq 2 ]

# broken metrics are regressions whatever the tolerance: a number that
# became nan, empty, text or out of range, or a column that disappeared
for v in nan '' abc 1e400; do
	table broken.tsv "1000 5000 0 true" "$v 8000 100 true"
	cmp_ "$tmpdir/base.tsv" "$tmpdir/broken.tsv" --tolerance default=5%
	rc=$?
	[ $rc -eq 1 ] && grep -q 'tput .* REGRESSION: not a finite number' "$tmpdir/out"
	check "tput turning \"$v\" under --tolerance default=5%: exit 1" passed $?
done
cut -f1,3- "$tmpdir/base.tsv" > "$tmpdir/no-tput.tsv"
cmp_ "$tmpdir/base.tsv" "$tmpdir/no-tput.tsv" --tolerance default=5%
rc=$?
[ $rc -eq 1 ] && grep -q 'tput .* REGRESSION: column removed' "$tmpdir/out"
check "a metric column removed under --tolerance: exit 1" passed $?

# a policy comparison
{
	echo "traffic.rate_pps${t}mitigation.policy${t}tput${t}rxint"
	echo "1000${t}none${t}100${t}90"
	echo "1000${t}dim${t}100${t}30"
	echo "2000${t}none${t}150${t}150"
	echo "2000${t}dim${t}180${t}40"
} > "$tmpdir/policies.tsv"
"$NAPISIM" compare --policies "$tmpdir/policies.tsv" > "$tmpdir/out"
check "--policies exits 0" passed $?
check "dim wins rxint at 2000 by 110 interrupts (-73.33%)" \
	grep -q 'traffic.rate_pps=2000 *rxint *lower *dim *40 *none *150 *-110 *-73.33%' "$tmpdir/out"
done_testing
