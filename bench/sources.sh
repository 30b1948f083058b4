#!/bin/sh
# bench/sources.sh [NAPISIM]: what each traffic source costs per frame
# (doc/bench.md, "Traffic sources").  For every [traffic] arrival=, 60 B
# frames at half the 10 GbE line rate (7.44 Mpps; the capture, whose
# frames are larger, at its own line rate) into scenarios/udp-sink.ini:
#   - the whole simulation: napisim run's wall_seconds and offered frames
#     per wall second (most frames are dropped at the full ring, which
#     costs little, so the source's share shows);
#   - the source alone: bench/traffic-pop, the frames handed out with no
#     machine behind them, in ns per frame, and (with valgrind) in
#     instructions per frame, which the machine's load does not move:
#     cachegrind's count for IFRAMES frames less its count for none.
# Then the sources that need more than udp-sink:
#   - bulk: 4 TCP flows of 1514 B segments at the 10 GbE line rate, into
#     udp-sink (GRO sees them but, with an e1000 and no
#     gro_flush_timeout, merges almost nothing), and into
#     scenarios/traffic/gro-bulk.ini's line-rate point with
#     gro_flush_timeout 20 us, where GRO merges them 45 at a time;
#   - closed: closed-loop clients answer the server's replies, so they
#     run only inside a machine (traffic-pop refuses them): the whole
#     run only, scenarios/traffic/memcached-closed-loop.ini with policy
#     napi at its highest load (think_us 500), REQUESTS requests; then,
#     for comparison, open-loop Poisson requests at the rate the closed
#     loop reached, into the same server.
# The best of 3 runs each, pinned to one CPU (BENCH_CPU, default the
# last; none to not pin).  Prints one markdown table, then the load
# average at the start and at the end.  Run from the top of a built
# tree: make napisim bench/traffic-pop.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
NAPISIM=${1:-$top/napisim}
POP=$top/bench/traffic-pop
FRAMES=${FRAMES:-4000000}
REQUESTS=${REQUESTS:-1000000}
IFRAMES=${IFRAMES:-1000000}
INSNS=${INSNS:-1}
cpu=${BENCH_CPU:-$(($(nproc) - 1))}
pin=
[ "$cpu" != none ] && command -v taskset >/dev/null && pin="taskset -c $cpu"
[ -x "$POP" ] || make -s -C "$top" bench/traffic-pop
command -v valgrind >/dev/null || INSNS=0
sink=$top/scenarios/udp-sink.ini
gro=$top/scenarios/traffic/gro-bulk.ini
mc=$top/scenarios/traffic/memcached-closed-loop.ini
half=7440476
# 1514 B frames: 1538 B on the wire with FCS, preamble and gap, 812743.8
# frames/s at 10 GbE; a rate above it sends them back to back
line1514=812744
common="traffic.size=60 traffic.line_rate_mbps=10000 traffic.packets=$FRAMES traffic.duration_us=0"
bulk="traffic.size=1514 traffic.line_rate_mbps=10000 traffic.packets=$FRAMES traffic.duration_us=0 traffic.arrival=bulk traffic.flows=4 traffic.rate_pps=$line1514"
rr="mitigation.policy=napi traffic.think_us=500 traffic.packets=$REQUESTS"

# name, scenario, then its keys; CLOSED_IPPS is the rate the closed
# loop reached, filled in when that line comes
sources="constant|$sink|$common traffic.arrival=constant traffic.rate_pps=$half
poisson|$sink|$common traffic.arrival=poisson traffic.rate_pps=$half
onoff|$sink|$common traffic.arrival=onoff traffic.rate_pps=$half traffic.burst_frames=32
onoff pareto|$sink|$common traffic.arrival=onoff traffic.rate_pps=$half traffic.burst_frames=32 traffic.burst_dist=pareto traffic.gap_dist=pareto
mmpp|$sink|$common traffic.arrival=mmpp traffic.rate_pps=$half
schedule|$sink|$common traffic.arrival=schedule traffic.rate_pps=$half traffic.schedule=0:0.5,10000:~1.5,20000:1
pcap|$sink|$common traffic.arrival=pcap traffic.pcap=$top/scenarios/traffic/replay.pcap traffic.pcap_timing=rate traffic.pcap_loops=0 traffic.rate_pps=$half
bulk, 1514 B, 4 flows|$sink|$bulk
bulk, gro-bulk.ini, gro_flush_timeout 20 us|$gro|$bulk nic.gro=true mitigation.gro_flush_timeout=20000
closed, memcached-closed-loop.ini, napi, think 500 us|$mc|$rr
poisson, the same server, the closed loop's rate|$mc|$rr traffic.arrival=poisson traffic.flows=64 traffic.rate_pps=CLOSED_IPPS"

best() { sort -g | head -1; }

# instructions of one traffic-pop run
insns() {
	valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
		"$POP" "$@" 2>&1 >/dev/null |
		awk '/I *refs/ { gsub(",", "", $4); print $4 }'
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "| source | offered frames | ipps | napisim run: wall s | M frames per wall s | the source alone: ns per frame | the source alone: instructions per frame |"
echo "|---|--:|--:|--:|--:|--:|--:|"
closed_ipps=
echo "$sources" | while IFS='|' read -r name scen keys; do
	keys=$(echo "$keys" | sed "s/CLOSED_IPPS/$closed_ipps/")
	sets=
	for kv in $keys; do sets="$sets --set $kv"; done
	out=$(for _ in 1 2 3; do
		# shellcheck disable=SC2086
		$pin "$NAPISIM" run "$scen" $sets --format tsv \
			--columns offered,ipps,wall_seconds | tail -1
	done)
	wall=$(echo "$out" | cut -f3 | best)
	offered=$(echo "$out" | head -1 | cut -f1)
	ipps=$(echo "$out" | head -1 | cut -f2)
	case $name in closed*) closed_ipps=$ipps ;; esac
	pop="n/a (needs the server)"
	ipf="n/a"
	# shellcheck disable=SC2086
	if "$POP" "$scen" 1 $keys >/dev/null 2>&1; then
		pop=$(for _ in 1 2 3; do
			$pin "$POP" "$scen" "$FRAMES" $keys |
				sed 's/.*ns_per_frame=\([0-9.]*\).*/\1/'
		done | best)
		ipf=-
		if [ "$INSNS" != 0 ]; then
			a=$(insns "$scen" "$IFRAMES" $keys)
			b=$(insns "$scen" 0 $keys)
			ipf=$(awk -v a="$a" -v b="$b" -v n="$IFRAMES" \
				'BEGIN { printf "%.0f", (a - b) / n }')
		fi
	fi
	mpps=$(awk -v n="$offered" -v w="$wall" 'BEGIN { printf "%.1f", n / w / 1e6 }')
	echo "| $name | $offered | $ipps | $wall | $mpps | $pop | $ipf |"
done
echo
echo "load average at the start: $load0; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
