#!/bin/sh
# tests/sweep.sh - napisim sweep end to end (TAP): --vary expansion, the
# sweep directory, a failed point that does not stop the sweep, refusing
# a changed sweep, and resuming after kill -9 with no point lost or
# doubled.
. "$top_srcdir/tests/tap.sh"

# keys FILE N: the first N columns of a result file's data rows
keys() { grep -v '^#' "$1" | tail -n +2 | cut -f1-"$2"; }

# Many short points: one CPU, 200k frames each.
cat > "$tmpdir/many.ini" <<'INI'
[scenario]
name=many
description=short points for the sweep tests
[traffic]
packets=200000
size=64
rate_pps=100000
arrival=constant
seed=5
[stack]
mode=deliver
[cpu]
count=1
[app]
cpu=0
INI
vary="--vary traffic.rate_pps=100000:1600000:100000"

# ---------------------------------------------------------------- expansion
e=$tmpdir/expand
"$NAPISIM" sweep "$tmpdir/many.ini" --set traffic.packets=2000 \
	--vary traffic.rate_pps=100000:800000:x2 --vary napi.weight=16,64 \
	--out "$e" --no-plot -j2 >"$tmpdir/out" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 0 ] && [ "$(cat "$tmpdir/out")" = "$e" ]
check "a sweep exits 0 and prints its directory" passed $?
check "4 geometric rates x 2 weights = 8 rows in points.tsv" \
	[ "$(rows "$e/points.tsv")" -eq 8 ]
check "the varied keys are the first columns" \
	[ "$(grep -v '^#' "$e/points.tsv" | head -1 | cut -f1-2)" = \
	  "$(printf 'traffic.rate_pps\tnapi.weight')" ]
check "rates 100000 200000 400000 800000, each with both weights" \
	[ "$(keys "$e/points.tsv" 2 | tr '\t\n' ',;')" = \
	  "100000,16;100000,64;200000,16;200000,64;400000,16;400000,64;800000,16;800000,64;" ]
check "the directory holds a copy of the scenario" \
	cmp -s "$tmpdir/many.ini" "$e/scenario.ini"
check "and one file per point" [ "$(finished "$e")" -eq 8 ]
check "sweep.ini records the command line" \
	grep -q '^command=.*--vary traffic.rate_pps=100000:800000:x2' "$e/sweep.ini"
check "points.tsv.meta records the git revision" \
	grep -q '^revision=.' "$e/points.tsv.meta"
check "points.tsv is plain TSV: its header is its first line" \
	[ "$(head -c 17 "$e/points.tsv")" = "$(printf 'traffic.rate_pps\t')" ]

"$NAPISIM" sweep "$tmpdir/many.ini" --vary traffic.rate_pps=1:5:0 \
	--out "$tmpdir/bad" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with 'vary traffic.rate_pps: 1:5:0: STEP must be positive'
check "a bad --vary exits 2 with one line naming it" passed $?
check "and makes no directory" [ ! -e "$tmpdir/bad" ]

# ---------------------------------------------------------------- refusal
"$NAPISIM" sweep "$tmpdir/many.ini" --set traffic.packets=2000 \
	--vary traffic.rate_pps=100000:800000:x2 --out "$e" --no-plot \
	>/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with 'sweep.ini: set: the varied and set keys differ'
check "the same DIR with other varied keys is refused (exit 2, one line)" passed $?
sed 's/seed=5/seed=6/' "$tmpdir/many.ini" > "$tmpdir/edited.ini"
"$NAPISIM" sweep "$tmpdir/edited.ini" --set traffic.packets=2000 \
	--vary traffic.rate_pps=100000:800000:x2 --vary napi.weight=16,64 \
	--out "$e" --no-plot >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with 'scenario.ini: the scenario differs'
check "the same DIR with an edited scenario is refused (exit 2)" passed $?
check "and the refused runs left points.tsv as it was" \
	[ "$(rows "$e/points.tsv")" -eq 8 ]

# ---------------------------------------------------------------- failures
# The reader on CPU 1 of a one-CPU machine: two of four points cannot
# run as configured.  Every point is checked before any runs: the others
# run; retrying would not help, so the sweep does not advise it.
f=$tmpdir/fail
"$NAPISIM" sweep "$tmpdir/many.ini" --set traffic.packets=2000 \
	--vary app.cpu=0,1 --vary traffic.rate_pps=100000,200000 \
	--out "$f" --no-plot >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && [ "$(rows "$f/points.tsv")" -eq 2 ]
check "points that cannot run do not stop the others: exit 2, 2 of 4 rows" passed $?
[ "$(ls "$f/logs" | wc -l)" -eq 2 ] && grep -q 'is not a CPU' "$f/logs/000001.log"
check "each such point has its log saying why" passed $?
grep -q "2 of 4 points cannot run as configured, and running them again will not help: change the scenario, --set or --vary (point 1 (traffic.rate_pps=100000, app.cpu=1): \\[app\\] cpu: 1 is not a CPU" "$tmpdir/err"
check "the sweep says why, and not to retry" passed $?
"$NAPISIM" sweep "$tmpdir/many.ini" --set traffic.packets=2000 \
	--vary app.cpu=1,2 --out "$tmpdir/none" --no-plot >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with 'no point can run as configured' &&
	[ ! -e "$tmpdir/none" ]
check "the same mistake in every point: exit 2 at once, no directory" passed $?
"$NAPISIM" sweep "$tmpdir/many.ini" --vary napi.wieght=16,64 \
	--out "$tmpdir/typo" >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with '^napisim: --vary napi.wieght: unknown key (did you mean weight?)$'
check "a misspelt --vary key is named as the --vary it is" passed $?

# A point that can run fails only while it runs: here the second one,
# with ten billion frames, is killed at the CPU time limit (SIGXCPU), and
# the first one still gets its row.
f=$tmpdir/failed
(ulimit -t 1; "$NAPISIM" sweep "$tmpdir/many.ini" --set traffic.packets=2000 \
	--vary traffic.packets=2000,10000000000 --out "$f" --no-plot \
	>/dev/null 2>"$tmpdir/err")
rc=$?
[ $rc -eq 1 ] && [ "$(rows "$f/points.tsv")" -eq 1 ]
check "a failed point does not stop the sweep: exit 1, 1 of 2 rows" passed $?
[ "$(ls "$f/logs" | wc -l)" -eq 1 ] && grep -q 'killed by signal' "$f/logs/000001.log"
check "the failed point has its log saying why" passed $?
check "the sweep says how many failed and where the logs are" \
	grep -q "1 of 2 points failed (why: $f/logs/)" "$tmpdir/err"

# ---------------------------------------------------------------- resume
r=$tmpdir/resume
"$NAPISIM" sweep "$tmpdir/many.ini" $vary --out "$r" --no-plot -j1 \
	>/dev/null 2>&1 &
pid=$!
# wait for a few finished points (or the end), then kill -9
while kill -0 $pid 2>/dev/null && [ "$(finished "$r")" -lt 3 ]; do
	sleep 0.02
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
before=$(finished "$r")
"$NAPISIM" sweep "$tmpdir/many.ini" $vary --out "$r" --no-plot -j2 \
	>/dev/null 2>"$tmpdir/err"
rc=$?
if [ "$before" -ge 16 ]; then
	ok "# SKIP the sweep ended before kill -9 could interrupt it"
else
	check "after kill -9 with $before of 16 points done, the rerun exits 0" \
		[ $rc -eq 0 ]
fi
check "the rerun skipped the points already done" \
	grep -q "$before of 16 points already done" "$tmpdir/err"
check "points.tsv has 16 rows" [ "$(rows "$r/points.tsv")" -eq 16 ]
check "and 16 different rates: none lost, none doubled" \
	[ "$(keys "$r/points.tsv" 1 | sort -u | wc -l)" -eq 16 ]
check "no temporary file is left" \
	[ -z "$(ls "$r/points" | grep -v '^[0-9]*\.tsv$')" ]

# kill -9 leaves the points being simulated orphaned: they must not keep
# the directory locked (the lock was inherited across fork) nor run on
k=$tmpdir/kill9
"$NAPISIM" sweep "$tmpdir/many.ini" $vary --set traffic.packets=20000000 \
	--out "$k" --no-plot -j2 >/dev/null 2>&1 &
pid=$!
while kill -0 $pid 2>/dev/null && [ "$(children $pid)" -lt 2 ]; do
	sleep 0.02
done
kids=$(grep -ls "^PPid:[[:space:]]*$pid\$" /proc/[0-9]*/status | cut -d/ -f3)
kill -9 $pid
wait $pid 2>/dev/null
"$NAPISIM" sweep "$tmpdir/many.ini" $vary --set traffic.packets=20000000 \
	--out "$k" --no-plot --emit-jobs "$tmpdir/k.jobs" >/dev/null 2>"$tmpdir/err"
check "right after kill -9, the same sweep may take the directory" passed $?
# the children get SIGKILL as their parent dies; give them a moment (a
# dead child may stay a zombie until someone reaps it: that is gone too)
running() {
	awk '/^State:/ { exit $2 == "Z" || $2 == "X" }' "/proc/$1/status" \
		2>/dev/null
}
n=0
for kid in $kids; do
	while running "$kid" && [ $n -lt 100 ]; do
		sleep 0.05
		n=$((n + 1))
	done
done
alive=0
for kid in $kids; do running "$kid" && alive=$((alive + 1)); done
check "and the orphaned point processes are gone" [ "$alive" -eq 0 ]
"$NAPISIM" sweep "$tmpdir/many.ini" $vary --out "$tmpdir/clean" --no-plot \
	-j2 >/dev/null 2>&1
"$NAPISIM" compare "$tmpdir/clean" "$r" >"$tmpdir/cmp"
rc=$?
sed 's/^/# /' "$tmpdir/cmp"
check "the resumed sweep equals an uninterrupted one, cell by cell" \
	[ $rc -eq 0 ]

# "napisim sweep --out DIR" alone finishes the sweep DIR holds
rm "$r/points/000004.tsv"
"$NAPISIM" sweep --out "$r" --no-plot >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 0 ] && [ "$(rows "$r/points.tsv")" -eq 16 ] && \
	grep -q '15 of 16 points already done' "$tmpdir/err"
check "sweep --out DIR alone reruns the missing point" passed $?

# TERM stops a sweep cleanly: what is done is kept, and said
t=$tmpdir/term
"$NAPISIM" sweep "$tmpdir/many.ini" $vary --out "$t" --no-plot -j1 \
	>/dev/null 2>"$tmpdir/err" &
pid=$!
while kill -0 $pid 2>/dev/null && [ "$(finished "$t")" -lt 2 ]; do
	sleep 0.02
done
kill -TERM $pid 2>/dev/null
wait $pid
rc=$?
if [ $rc -eq 0 ]; then
	ok "# SKIP the sweep ended before TERM could interrupt it"
else
	[ $rc -eq 1 ] && grep -q 'interrupted: .* points done; run the same command again' "$tmpdir/err"
	check "TERM: exit 1, and the message says how far it got" passed $?
	check "TERM: points.tsv holds every point done" \
		[ "$(rows "$t/points.tsv")" -eq "$(finished "$t")" ]
fi
done_testing
