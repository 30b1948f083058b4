#!/bin/sh
# Reference mode (every work item an event, every event synced with
# SimGrid) and the batch mode give identical counters, CPU time and
# latency histograms on every shipped scenario.  Reduced packet counts keep
# the reference runs short; scripts/test --sanitize reduces them further
# (NAPISIM_REFERENCE_PACKETS), as the thread context factory that ASan
# needs makes every SimGrid call a switch between threads.
. "$top_srcdir/tests/tap.sh"
packets=${NAPISIM_REFERENCE_PACKETS:-10000}
# how the run went, not what it simulated: these differ by design
ignore=wall_seconds,sg_calls,events

for s in $(scenarios); do
	name=$(scenario_name "$s")
	for mode in batch reference; do
		flag=; [ $mode = reference ] && flag=--reference
		"$NAPISIM" run "$top_srcdir/$s" --set traffic.packets="$packets" \
			--format tsv --output "$tmpdir/$name.$mode.tsv" $flag \
			2>"$tmpdir/err" || { echo "# $(cat "$tmpdir/err")"; }
	done
	if out=$("$NAPISIM" compare --ignore $ignore \
		"$tmpdir/$name.reference.tsv" "$tmpdir/$name.batch.tsv" 2>&1); then
		ok "$name: batch mode equals reference mode"
	else
		echo "$out" | sed 's/^/# /'
		not_ok "$name: batch mode differs from reference mode"
	fi
	# and the batch mode really batched
	b=$(awk -F '\t' '/^#/ {next} !h {for (i=1;i<=NF;i++) if ($i=="sg_calls") c=i; h=1; next} {s+=$c} END {print s+0}' "$tmpdir/$name.batch.tsv")
	r=$(awk -F '\t' '/^#/ {next} !h {for (i=1;i<=NF;i++) if ($i=="sg_calls") c=i; h=1; next} {s+=$c} END {print s+0}' "$tmpdir/$name.reference.tsv")
	check "$name: batch mode makes fewer SimGrid calls ($b) than reference ($r)" [ "$b" -lt "$r" ]
done
done_testing
