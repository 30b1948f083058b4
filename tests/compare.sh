#!/bin/sh
# tests/compare.sh - napisim compare on hand-made result files (TAP):
# exit 0 when equal or within tolerance, 1 on a regression (or any
# change in exact mode) with a readable table, 2 for tables that cannot
# be matched; --only-regressions, absolute tolerances, a warning for a
# tolerance that names no column, stdin, partly overlapping tables; and
# the policy summary.
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

# only regressions; a misspelt column; absolute tolerances; stdin
table many.tsv "1100 5000 0 true" "700 8100 697 true"
cmp_ "$tmpdir/base.tsv" "$tmpdir/many.tsv" --tolerance default=5% \
	--only-regressions
rc=$?
[ $rc -eq 1 ] && grep -q 'tput .*REGRESSION' "$tmpdir/out" &&
	! grep -q 'latency_p99_ns\|better' "$tmpdir/out" &&
	grep -q '4 changed, 2 regressions; FAIL' "$tmpdir/out"
check "--only-regressions lists only the 2 regressions of 4 changes" passed $?
cmp_ "$tmpdir/base.tsv" "$tmpdir/lat.tsv" --tolerance latncy_p99_ns=10%
rc=$?
[ $rc -eq 1 ] && [ "$(cat "$tmpdir/err")" = \
	"napisim: warning: --tolerance latncy_p99_ns: no such column (did you mean latency_p99_ns?)" ]
check "a misspelt --tolerance column is warned about, with the name meant" passed $?
table zero.tsv "1000 5000 0 true" "900 8000 100 true"
table grew.tsv "1000 5000 697 true" "900 8000 100 true"
cmp_ "$tmpdir/zero.tsv" "$tmpdir/grew.tsv" --tolerance default=5%
check "sk_drops 0 -> 697 beyond any relative tolerance: exit 1" [ $? -eq 1 ]
cmp_ "$tmpdir/zero.tsv" "$tmpdir/grew.tsv" --tolerance sk_drops=1000,default=5%
check "within an absolute tolerance of 1000 frames: exit 0" passed $?
cmp_ "$tmpdir/zero.tsv" "$tmpdir/grew.tsv" --tolerance 'default=5%+500'
check "but not within 5% + 500: exit 1" [ $? -eq 1 ]
"$NAPISIM" compare "$tmpdir/base.tsv" - < "$tmpdir/lat.tsv" > "$tmpdir/out"
rc=$?
[ $rc -eq 1 ] && grep -q 'latency_p99_ns *8000 *8400' "$tmpdir/out"
check "compare BASE - reads NEW from stdin" passed $?

# sweeps that partly overlap: the common points are compared
table three.tsv "1000 5000 0 true" "900 8000 100 true" "1 1 1 true"
cmp_ "$tmpdir/base.tsv" "$tmpdir/three.tsv"
rc=$?
[ $rc -eq 1 ] && grep -q '^1 points only in NEW, not compared (exact: fails): traffic.rate_pps=400000$' "$tmpdir/out" &&
	grep -q '^2 points, 8 cells compared exactly: 0 changed' "$tmpdir/out"
check "a point in one file only: the others compared; exact mode fails" passed $?
cmp_ "$tmpdir/base.tsv" "$tmpdir/three.tsv" --tolerance default=5%
check "in tolerant mode it is a note: exit 0" passed $?
table other.tsv "1 1 1 true"
sed 's/^100000/5/' "$tmpdir/other.tsv" > "$tmpdir/other2.tsv"
cmp_ "$tmpdir/base.tsv" "$tmpdir/other2.tsv"
rc=$?
[ $rc -eq 2 ] && one_line_with 'no point in common'
check "no point in common: exit 2, one line" passed $?
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
[ $rc -eq 2 ] && one_line_with 'latin1.tsv:1: not valid UTF-8'
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
check "dim wins rxint per 1000 frames at 2000 (-77.78%)" \
	grep -q 'traffic.rate_pps=2000 *rxint/1k_frames *lower *dim *222.2 *none *1000 *-777.8 *-77.78%' "$tmpdir/out"

# a configuration that did no frame inside the measurement window has
# cpu_ns_per_pkt 0 there, though it did some over the whole run (tput):
# that is an infinite cost, never the cheapest
{
	echo "traffic.rate_pps${t}mitigation.policy${t}tput${t}tput_pps${t}cpu_ns_per_pkt"
	echo "700000${t}none${t}12${t}0${t}0.0"
	echo "700000${t}napi${t}25000${t}20000${t}2874.5"
} > "$tmpdir/window.tsv"
"$NAPISIM" compare --policies "$tmpdir/window.tsv" > "$tmpdir/out"
check "no frame in the window: cpu_ns_per_pkt ranks napi, not none, first" \
	grep -q 'cpu_ns_per_pkt *lower *napi *2874.5 *none *inf' "$tmpdir/out"
# without tput or tput_pps there are no frames to judge it by: it ranks
# as it is (this once read a cell before the row's first)
cut -f1,2,5 "$tmpdir/window.tsv" > "$tmpdir/notput.tsv"
"$NAPISIM" compare --policies "$tmpdir/notput.tsv" > "$tmpdir/out"
check "no tput column: --policies exits 0 and ranks cpu_ns_per_pkt as it is" \
	grep -q 'cpu_ns_per_pkt *lower *none *0.0 *napi *2874.5' "$tmpdir/out"

# livelock.ini: the nice -10 kernel holds one policy of its zip row; it
# is a configuration of its own, at every load (with gro_normal_batch 1,
# where NAPI's latency beats pre-NAPI's even at the lightest load, so the
# NAPI configurations rank at all seven; with the default 8 they tie
# with pre-NAPI there and are left out)
"$NAPISIM" run "$top_srcdir/scenarios/compare/livelock.ini" \
	--set traffic.packets=3000 --set net.core.gro_normal_batch=1 -j2 \
	--output "$tmpdir/livelock.tsv" 2>/dev/null
"$NAPISIM" compare --policies "$tmpdir/livelock.tsv" > "$tmpdir/out"
check "compare --policies on livelock exits 0" passed $?
check "the configurations are policy and nice together" \
	grep -q '^configurations: mitigation.policy/softirq.ksoftirqd_nice; load: traffic.rate_pps$' "$tmpdir/out"
check "napi at nice -10 is in the ranking at every one of the 7 loads" \
	[ "$(grep -o '^traffic.rate_pps=[0-9]* .*napi/-10' "$tmpdir/out" |
	     cut -d' ' -f1 | sort -u | wc -l)" -eq 7 ]
check "cpu_busy_pct (an average over CPUs) names no winner" \
	eval '! grep -q cpu_busy_pct "$tmpdir/out"'
check "costs are ranked per delivered frame" \
	grep -q 'cpu_ns_per_pkt' "$tmpdir/out"
"$NAPISIM" compare --policies "$tmpdir/livelock.tsv" --by mitigation.policy \
	> "$tmpdir/out"
check "--by mitigation.policy: the nice -10 loads say they hold one policy" \
	[ "$(grep -c '^softirq.ksoftirqd_nice=-10, .*(every metric) *napi *- *(no other)' "$tmpdir/out")" -eq 7 ]
done_testing
