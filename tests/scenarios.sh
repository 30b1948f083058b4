#!/bin/sh
# Every shipped scenario, run once in each mode, and everything checked
# from those two runs:
# - batch mode, as shipped: results/golden/<name>.tsv cell by cell
#   (napisim compare, exact; only wall_seconds and the file path and
#   version of the preamble may differ), the conservation law on every
#   point (the `conservation` column, and the law recomputed here from the
#   counters, as `napisim --dump-law` states it), and nothing left queued;
# - reference mode (every work item an event, every event synced with
#   SimGrid) on the scenario cut to $REF_PACKETS frames per point, against
#   batch mode on the same cut: identical counters, CPU time and latency
#   histograms, and fewer SimGrid calls in batch mode.
# Scenarios run two at a time.  scripts/test --sanitize cuts the reference
# runs further (NAPISIM_REFERENCE_PACKETS), as the thread context factory
# that ASan needs makes every SimGrid call a switch between threads.
. "$top_srcdir/tests/tap.sh"
REF_PACKETS=${NAPISIM_REFERENCE_PACKETS:-${REF_PACKETS:-4000}}
# how the run went, not what it simulated: these differ by design
ignore=wall_seconds,sg_calls,events

# one scenario: all its runs, into $tmpdir/<name>.*
run_scenario() {
	s=$1
	name=$(scenario_name "$s")
	"$NAPISIM" run "$top_srcdir/$s" --format tsv \
		--output "$tmpdir/$name.batch.tsv" 2>"$tmpdir/$name.err"
	# light-load busy polling spins between frames, one event per turn
	# in reference mode: a quarter of the frames keeps its time in line
	cut=$REF_PACKETS
	case $name in
	rr-latency|memcached-closed-loop) cut=$((REF_PACKETS / 4)) ;;
	esac
	for mode in batch reference; do
		flag=; [ $mode = reference ] && flag=--reference
		"$NAPISIM" run "$top_srcdir/$s" --set traffic.packets=$cut \
			--format tsv --output "$tmpdir/$name.cut-$mode.tsv" \
			$flag 2>>"$tmpdir/$name.err"
	done
}
n=0
for s in $(scenarios); do
	run_scenario "$s" &
	n=$((n + 1))
	[ $((n % 2)) -eq 0 ] && wait
done
wait

law=$("$NAPISIM" --dump-law)

for s in $(scenarios); do
	name=$(scenario_name "$s")
	out=$tmpdir/$name.batch.tsv
	golden=$top_srcdir/results/golden/$name.tsv
	if [ ! -s "$out" ]; then
		not_ok "$name: napisim failed: $(head -3 "$tmpdir/$name.err")"
		continue
	fi
	# the file path and version depend on where and what was built
	grep -v -e '^# file=' -e '^# version=' "$out" > "$out.cmp"
	if [ ! -r "$golden" ]; then
		not_ok "$name: no golden file $golden (scripts/update-golden)"
	elif diff=$("$NAPISIM" compare "$golden" "$out.cmp" 2>&1); then
		ok "$name: matches results/golden/$name.tsv"
	else
		echo "$diff" | sed 's/^/# /'
		not_ok "$name: differs from results/golden/$name.tsv (scripts/update-golden if meant)"
	fi
	check "$name: conservation holds on every point" \
		[ -z "$(col conservation "$out" | grep -v '^true$')" ]
	# the law again, evaluated here from the counters
	bad=$(awk -F '\t' -v law="$law" '/^#/ {next}
		!h {for (i=1;i<=NF;i++) c[$i]=i; h=1
		    n = split(law, w, " "); next}
		{ sum = 0; for (k = 3; k <= n; k += 2) sum += $c[w[k]]
		  if ($c[w[1]] != sum) print }' "$out")
	check "$name: $law" [ -z "$bad" ]
	check "$name: nothing left queued at the end" \
		[ -z "$(col queued "$out" | grep -v '^0$')" ]
	a=$tmpdir/$name.cut-batch.tsv
	b=$tmpdir/$name.cut-reference.tsv
	if out=$("$NAPISIM" compare --ignore $ignore "$b" "$a" 2>&1); then
		ok "$name: batch mode equals reference mode"
	else
		echo "$out" | sed 's/^/# /'
		not_ok "$name: batch mode differs from reference mode"
	fi
	nb=$(col sg_calls "$a" | awk '{s+=$1} END {print s+0}')
	nr=$(col sg_calls "$b" | awk '{s+=$1} END {print s+0}')
	check "$name: batch mode makes fewer SimGrid calls ($nb) than reference ($nr)" [ "$nb" -lt "$nr" ]
done
done_testing
