#!/bin/sh
# bench/sources.sh [NAPISIM]: what each traffic source costs per frame
# (doc/bench.md, "Traffic sources").  For every [traffic] arrival=, 60 B
# frames at half the 10 GbE line rate (7.44 Mpps; the capture, whose
# frames are larger, at its own line rate) into scenarios/udp-sink.ini:
#   - the whole simulation: napisim run's wall_seconds and offered frames
#     per wall second (most frames are dropped at the full ring, which
#     costs little, so the source's share shows);
#   - the source alone: bench/traffic-pop, the frames handed out with no
#     machine behind them, in ns per frame.
# The best of 3 runs each, pinned to one CPU (BENCH_CPU, default the
# last; none to not pin).  Prints one markdown table.  Run from the top
# of a built tree: make napisim bench/traffic-pop.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
NAPISIM=${1:-$top/napisim}
POP=$top/bench/traffic-pop
FRAMES=${FRAMES:-4000000}
cpu=${BENCH_CPU:-$(($(nproc) - 1))}
pin=
[ "$cpu" != none ] && command -v taskset >/dev/null && pin="taskset -c $cpu"
[ -x "$POP" ] || make -s -C "$top" bench/traffic-pop
sink=$top/scenarios/udp-sink.ini
half=7440476
common="traffic.size=60 traffic.line_rate_mbps=10000 traffic.packets=$FRAMES traffic.duration_us=0"

# name, then its keys
sources="constant|traffic.arrival=constant traffic.rate_pps=$half
poisson|traffic.arrival=poisson traffic.rate_pps=$half
onoff|traffic.arrival=onoff traffic.rate_pps=$half traffic.burst_frames=32
onoff pareto|traffic.arrival=onoff traffic.rate_pps=$half traffic.burst_frames=32 traffic.burst_dist=pareto traffic.gap_dist=pareto
mmpp|traffic.arrival=mmpp traffic.rate_pps=$half
schedule|traffic.arrival=schedule traffic.rate_pps=$half traffic.schedule=0:0.5,10000:~1.5,20000:1
pcap|traffic.arrival=pcap traffic.pcap=$top/scenarios/traffic/replay.pcap traffic.pcap_timing=rate traffic.pcap_loops=0 traffic.rate_pps=$half"

best() { sort -g | head -1; }

echo "| source | offered frames | ipps | napisim run: wall s | M frames per wall s | the source alone: ns per frame |"
echo "|---|--:|--:|--:|--:|--:|"
echo "$sources" | while IFS='|' read -r name keys; do
	sets=
	for kv in $common $keys; do sets="$sets --set $kv"; done
	out=$(for i in 1 2 3; do
		# shellcheck disable=SC2086
		$pin "$NAPISIM" run "$sink" $sets --format tsv \
			--columns offered,ipps,wall_seconds | tail -1
	done)
	wall=$(echo "$out" | cut -f3 | best)
	offered=$(echo "$out" | head -1 | cut -f1)
	ipps=$(echo "$out" | head -1 | cut -f2)
	# shellcheck disable=SC2086
	pop=$(for i in 1 2 3; do
		$pin "$POP" "$sink" "$FRAMES" $common $keys |
			sed 's/.*ns_per_frame=\([0-9.]*\).*/\1/'
	done | best)
	mpps=$(awk -v n="$offered" -v w="$wall" 'BEGIN { printf "%.1f", n / w / 1e6 }')
	echo "| $name | $offered | $ipps | $wall | $mpps | $pop |"
done
