#!/bin/sh
# offered = delivered (or forwarded) + every drop + still queued, on every
# point of every shipped scenario; and nothing is left queued at the end.
. "$top_srcdir/tests/tap.sh"

col() { # col NAME FILE: that column of every point
	awk -F '\t' -v n="$1" '/^#/ {next} !h {for (i=1;i<=NF;i++) if ($i==n) c=i; h=1; next} {print $c}' "$2"
}
for s in $(scenarios); do
	name=$(scenario_name "$s")
	out=$tmpdir/$name.tsv
	"$NAPISIM" run "$top_srcdir/$s" --set traffic.packets=50000 --format tsv --output "$out"
	check "$name: conservation holds on every point" [ -z "$(col conservation "$out" | grep -v '^true$')" ]
	# recompute it here too, from the counters
	bad=$(awk -F '\t' '/^#/ {next}
		!h {for (i=1;i<=NF;i++) c[$i]=i; h=1; next}
		{ if ($c["offered"] != $c["tput"] + $c["rx_missed_errors"] + $c["sk_drops"] + $c["tx_dropped"] + $c["dropped"] + $c["queued"]) print }' "$out")
	check "$name: offered = tput + rx_missed_errors + sk_drops + tx_dropped + dropped + queued" [ -z "$bad" ]
	check "$name: nothing left queued at the end" [ -z "$(col queued "$out" | grep -v '^0$')" ]
done
done_testing
