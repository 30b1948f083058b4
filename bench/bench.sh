#!/usr/bin/env bash
#
# bench/bench.sh - how fast napisim simulates, in batch and reference mode.
#
#   bench/bench.sh [path/to/napisim]          (default: ./napisim)
#
# A benchmark, not a test: it reports numbers and never fails on speed.
# It exits non-zero only if napisim itself fails.
#
# 1. Measures the forwarding capacity of bench/forward-64.ini (64 B frames,
#    one CPU, the Olsson scenario's costs, 10 GbE wire) from a run at
#    10 Mpps: capacity = tput / sim_seconds.  10 Mpps is far above the
#    capacity and still under the 14.2 Mpps line rate of 64 B frames.
# 2. Runs 10%, 100% and 250% of that capacity, each in batch mode and in
#    --reference mode (fewer packets: every work item goes through SimGrid
#    there, so it is ~100x slower), and prints, per run:
#      offered     packets offered
#      wall_s      napisim's wall_seconds column: the simulation loop only
#      proc_s      the whole napisim process (adds SimGrid start-up, fork)
#      pkts_per_s  offered / wall_s: simulated packets per wall second
#      sg_per_pkt  sg_calls / offered: SimGrid calls per packet
#      ev_per_pkt  events / offered: event-queue events per packet
# 3. Times the full Olsson table (scenarios/validation/olsson-e1000.ini)
#    against its 10 s aim, and says whether the batch run at 2.5x capacity
#    meets the aim of >= 5 M simulated packets per wall second.
#
# Environment: BATCH_PACKETS (default 10000000) and REF_PACKETS (default
# 200000) packets per batch / reference run; CAP_PACKETS (default 1000000)
# for the capacity run.

set -eu
set -o pipefail

NAPISIM=${1:-./napisim}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SCEN=$HERE/forward-64.ini
OLSSON=$ROOT/scenarios/validation/olsson-e1000.ini
BATCH_PACKETS=${BATCH_PACKETS:-10000000}
REF_PACKETS=${REF_PACKETS:-200000}
CAP_PACKETS=${CAP_PACKETS:-1000000}
CAP_RATE=10000000
AIM_PPS=5000000
AIM_OLSSON_S=10

if [ ! -x "$NAPISIM" ]; then
	echo "bench.sh: $NAPISIM: not an executable (build it: make napisim)" >&2
	exit 1
fi

# seconds since the epoch, with a fraction
now_s()
{
	if [ -n "${EPOCHREALTIME:-}" ]; then
		echo "${EPOCHREALTIME/,/.}"
	else
		date +%s.%N
	fi
}

# run napisim on a scenario; print the TSV rows without the # lines
run_tsv()
{
	"$NAPISIM" run "$@" --format tsv | grep -v '^#'
}

# from TSV on stdin (header + rows), print the named columns of each row
cols()
{
	awk -F'\t' -v want="$*" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{
			n = split(want, w, " ")
			line = ""
			for (j = 1; j <= n; j++) {
				if (!(w[j] in c)) {
					print "bench.sh: no column " w[j] > "/dev/stderr"
					exit 1
				}
				line = line (j > 1 ? " " : "") $(c[w[j]])
			}
			print line
		}'
}

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo "# napisim benchmark: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "# machine: $(uname -m), nproc $(nproc 2>/dev/null || echo '?'), ${cpu_model:-unknown CPU}"
echo "# binary: $NAPISIM ($("$NAPISIM" --version 2>/dev/null | head -n 1))"
echo "# scenario: bench/forward-64.ini (64 B, forward, 1 CPU at 1000 MHz, Olsson costs, 10 GbE)"

# 1. capacity
out=$(run_tsv "$SCEN" --set traffic.rate_pps="$CAP_RATE" \
	--set traffic.packets="$CAP_PACKETS" | cols tput sim_seconds)
# shellcheck disable=SC2086 # split the columns into $1 $2
set -- $out
cap=$(awk -v t="$1" -v s="$2" 'BEGIN { printf "%.0f", t / s }')
echo "# capacity: $1 forwarded in $2 simulated s at $CAP_RATE pps offered = $cap pps"
echo

# 2. three loads x two modes
printf '%-5s %-9s %9s %9s %9s %8s %12s %10s %10s\n' \
	load mode rate_pps offered wall_s proc_s pkts_per_s sg_per_pkt ev_per_pkt
aim_pps=
for load in 0.1 1.0 2.5; do
	rate=$(awk -v c="$cap" -v l="$load" 'BEGIN { printf "%.0f", c * l }')
	label=$(awk -v l="$load" 'BEGIN { printf "%g%%", l * 100 }')
	for mode in batch reference; do
		if [ "$mode" = batch ]; then
			n=$BATCH_PACKETS; flag=
		else
			n=$REF_PACKETS; flag=--reference
		fi
		t0=$(now_s)
		out=$(run_tsv "$SCEN" --set traffic.rate_pps="$rate" \
			--set traffic.packets="$n" $flag |
			cols offered wall_seconds sg_calls events)
		# shellcheck disable=SC2086 # split the columns into $1..$4
		set -- $out
		t1=$(now_s)
		line=$(awk -v o="$1" -v w="$2" -v sg="$3" -v ev="$4" \
			-v t0="$t0" -v t1="$t1" 'BEGIN {
			pps = w > 0 ? o / w : 0
			printf "%9d %9.3f %8.2f %12.0f %10.4f %10.4f",
			       o, w, t1 - t0, pps, sg / o, ev / o }')
		printf '%-5s %-9s %9s %s\n' "$label" "$mode" "$rate" "$line"
		if [ "$load" = 2.5 ] && [ "$mode" = batch ]; then
			aim_pps=$(awk -v o="$1" -v w="$2" \
				'BEGIN { printf "%.0f", (w > 0 ? o / w : 0) }')
		fi
	done
done
echo

# 3. the Olsson table, as a user runs it
t0=$(now_s)
rows_wall=$(run_tsv "$OLSSON" | cols wall_seconds |
	awk '{ s += $1 } END { printf "%.3f", s }')
t1=$(now_s)
awk -v t0="$t0" -v t1="$t1" -v rw="$rows_wall" -v aim="$AIM_OLSSON_S" 'BEGIN {
	t = t1 - t0
	printf "Olsson table (6 rows x 1M frames, batch): %.2f s wall " \
	       "(simulation loops %s s); aim <= %d s: %s\n",
	       t, rw, aim, (t <= aim ? "met" : "NOT met") }'
awk -v p="$aim_pps" -v aim="$AIM_PPS" 'BEGIN {
	printf "Batch at 2.5x capacity: %.2f M simulated packets per wall s; " \
	       "aim >= %.0f M: %s\n", p / 1e6, aim / 1e6,
	       (p >= aim ? "met" : "NOT met") }'
