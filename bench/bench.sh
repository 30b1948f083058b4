#!/usr/bin/env bash
#
# bench/bench.sh - how fast napisim simulates: one table (doc/bench.md).
#
#   bench/bench.sh [--quick] [--doc FILE] [path/to/napisim]
#
# A benchmark, not a test: it reports numbers and never fails on speed.
# It exits non-zero only if napisim or the yardstick itself fails.
#
# The table (markdown, on stdout; with --doc FILE also written into FILE
# between the lines "<!-- bench.sh table begin -->" and "... end -->"):
#
# 1. Simulated packets per wall second (offered / wall_seconds, in M) for
#    every shipped scenario (scenarios/**/*.ini) x every kernel policy x
#    10 %, 100 % and 250 % of the scenario's capacity, in batch mode.
#    Each scenario runs as one point: every other list in the file is cut
#    to its first value (the first rx_usecs, ITR mode, frame size, ...).
#    A policy gets the scenario's own keys; the keys it needs and the
#    scenario does not set (or sets to 0 as its first value) come from
#    rr-latency.ini ([mitigation] napi_defer_hard_irqs=2,
#    gro_flush_timeout=20000; irq_suspend also irq_suspend_timeout=2000000
#    and [app] prefer_busy_poll, busy_poll_usecs=64, busy_poll_budget=64)
#    or are [net.core] busy_read=50 (busy_poll, as in threaded.ini).  A
#    policy the scenario cannot run (busy polling with stack.mode=forward,
#    pre-NAPI on a NIC without it) is "n/a".
#    Capacity: the most packets per simulated second the scenario
#    delivers (or forwards) with policy napi, over offered rates from
#    1/256 of the wire's line rate up to the line rate in CAP_STEPS
#    geometric steps (17: a factor of 2^0.5; --quick 9: a factor of 2),
#    each offered for CAP_US simulated microseconds; the peak, so a
#    scenario whose delivery collapses past saturation is not measured
#    at its collapsed rate.
# 2. The same for --reference mode, policy napi.
# 3. The real-time factor (sim_seconds / wall_seconds) of 60 B floods at
#    the line rate of 1, 10 and 100 GbE into scenarios/udp-sink.ini, with
#    constant and Poisson arrivals.
# 4. Start-up: the wall and CPU time (user + system, children included)
#    of a whole `napisim run` of 10 packets, the least of ONE_RUNS runs;
#    and of `napisim sweep` of SWEEP_POINTS 10-packet points with -j 1,
#    per point, the least of RUNS sweeps.
# 5. The yardstick: bench/heap-loop, a bare binary-heap event loop, one
#    event per packet arrival and one per departure, best of RUNS runs at
#    the start and RUNS at the end; the last column of 1. to 3. is the
#    slowest cell of the row divided by the yardstick's packets per wall
#    second.
#
# How a cell is measured: napisim runs the point with N packets, N first
# guessed from the speed of the last cell at the same load, then grown
# until wall_seconds (the simulation loop only, in ms) is at least half
# of TARGET_S; that run counts as the first of RUNS, and the others (one
# napisim process, the point repeated, each point its own child process)
# run N packets, or fewer if the first ran longer than 2 x TARGET_S; the
# best of the RUNS.
# Everything runs pinned to one CPU with taskset when it is there
# (BENCH_CPU, default the last CPU; BENCH_CPU=none: not pinned).
# Bold marks a cell below the aims: < 5 M simulated packets per wall
# second, a flood < 1x real time, a 10-packet run >= 50 ms.
#
# Modes: the default (full) mode takes 6-12 minutes on a 2-CPU machine
# shared with other builds; --quick (shorter runs, one of each) about 2
# at a load average of 5, 7 at 10 and more.
# Environment: BENCH_TARGET_S, BENCH_RUNS override the two, HEAP_LOOP the
# yardstick's path (default: bench/heap-loop beside napisim).

set -eu
set -o pipefail

usage()
{
	sed -n '5p' "$0" | sed 's/^#  */usage: /' >&2
	exit 2
}

quick=0
doc=
NAPISIM=./napisim
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--doc) [ $# -ge 2 ] || usage; doc=$2; shift ;;
	-h|--help) usage ;;
	-*) usage ;;
	*) NAPISIM=$1 ;;
	esac
	shift
done

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
HEAP_LOOP=${HEAP_LOOP:-$(dirname "$NAPISIM")/bench/heap-loop}
UDP_SINK=$ROOT/scenarios/udp-sink.ini
AIM_PPS=5000000
AIM_RTF=1
AIM_ONE_MS=50
NMAX=2000000000		# packets of a run, at most

if [ $quick -eq 1 ]; then
	TARGET_S=${BENCH_TARGET_S:-0.03}
	RUNS=${BENCH_RUNS:-1}
	CAP_US=10000
	CAP_STEPS=9
	SWEEP_POINTS=20
	ONE_RUNS=5
	HEAP_PACKETS=5000000
else
	TARGET_S=${BENCH_TARGET_S:-0.3}
	RUNS=${BENCH_RUNS:-3}
	CAP_US=50000
	CAP_STEPS=17
	SWEEP_POINTS=100
	ONE_RUNS=10
	HEAP_PACKETS=20000000
fi
POLICIES="none napi defer threaded busy_poll irq_suspend"
LOADS="0.1 1 2.5"

for x in "$NAPISIM" "$HEAP_LOOP"; do
	if [ ! -x "$x" ]; then
		echo "bench.sh: $x: not an executable (build it: make napisim" \
		     "bench/heap-loop)" >&2
		exit 1
	fi
done
if [ -n "$doc" ] && ! grep -q '^<!-- bench.sh table begin -->$' "$doc"; then
	echo "bench.sh: $doc: no line '<!-- bench.sh table begin -->'" >&2
	exit 1
fi

pin=()
cpu=${BENCH_CPU:-$(($(nproc) - 1))}
if [ "$cpu" != none ] && command -v taskset >/dev/null; then
	pin=(taskset -c "$cpu")
else
	cpu=none
fi

t_start=${EPOCHREALTIME/,/.}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/napisim-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# seconds since the epoch, with a fraction
now_s()
{
	echo "${EPOCHREALTIME/,/.}"
}

# awk -v ... 'BEGIN { ... }' with the arguments as variables
calc()
{
	awk "$@" </dev/null
}

# a progress line on stderr, with the seconds since the start
note()
{
	calc -v t0="$t_start" -v t="$(now_s)" -v m="$*" \
		'BEGIN { printf "[%6.1f s] %s\n", t - t0, m }' >&2
}

# ---------------------------------------------------------------- scenarios

# ini_lists FILE: "--set group.key=first" for each list-valued key of
# FILE outside [scenario] and [points], one a line, except the keys the
# bench sets itself; a capture's replay follows traffic.rate_pps, for as
# many frames as the bench asks (pcap_timing=rate, pcap_loops=0)
ini_lists()
{
	if [ "$(ini_get "$1" traffic arrival)" = pcap ]; then
		printf '%s\n' --set traffic.pcap_timing=rate \
			--set traffic.pcap_loops=0
	fi
	awk '
		/^[ \t]*[#;]/ || /^[ \t]*$/ { next }
		/^[ \t]*\[/ {
			g = $0; gsub(/^[ \t]*\[|\][ \t]*$/, "", g); next
		}
		{
			i = index($0, "="); if (!i) next
			k = substr($0, 1, i - 1); v = substr($0, i + 1)
			gsub(/^[ \t]+|[ \t]+$/, "", k)
			gsub(/^[ \t]+|[ \t]+$/, "", v)
			if (g == "scenario" || g == "points") next
			full = g "." k
			if (full == "traffic.rate_pps" ||
			    full == "traffic.packets" ||
			    full == "traffic.duration_us" ||
			    full == "mitigation.policy") next
			if (index(v, ";")) {
				split(v, a, ";")
				print "--set"
				print full "=" a[1]
			}
		}' "$1"
}

# ini_get FILE GROUP KEY: the key's value (its first, if a list), or ""
ini_get()
{
	awk -v want_g="$2" -v want_k="$3" '
		/^[ \t]*[#;]/ || /^[ \t]*$/ { next }
		/^[ \t]*\[/ {
			g = $0; gsub(/^[ \t]*\[|\][ \t]*$/, "", g); next
		}
		g == want_g {
			i = index($0, "="); if (!i) next
			k = substr($0, 1, i - 1); v = substr($0, i + 1)
			gsub(/^[ \t]+|[ \t]+$/, "", k)
			gsub(/^[ \t]+|[ \t]+$/, "", v)
			if (k == want_k) { split(v, a, ";"); print a[1]; exit }
		}' "$1"
}

# policy_args FILE POLICY: the --set arguments for POLICY, one a line;
# a key the scenario sets itself is left as it is, unless its first
# value is 0 (gro-bulk.ini's gro_flush_timeout=0;20000), which the
# policy cannot run with.  The keys live in
# their own groups: the NAPI's sysfs knobs in [mitigation], the
# net.core sysctls in [net.core], the socket's and epoll's in [app].
policy_args()
{
	local f=$1 p=$2 kv gk v

	echo --set
	echo "mitigation.policy=$p"
	case $p in
	defer)
		set -- mitigation.napi_defer_hard_irqs=2 \
			mitigation.gro_flush_timeout=20000 ;;
	busy_poll)
		# busy polling as the scenario sets it; none, or a first value
		# of 0 (threaded.ini zips busy_read=50 with its busy_poll row
		# only): recvmsg() busy polling, net.core.busy_read=50
		set --
		if [ -z "$({ ini_get "$f" net.core busy_read
			ini_get "$f" net.core busy_poll
			ini_get "$f" app busy_poll_usecs; } | tr -d '0\n')" ]; then
			echo --set
			echo net.core.busy_read=50
		fi ;;
	irq_suspend)
		set -- mitigation.napi_defer_hard_irqs=2 \
			mitigation.gro_flush_timeout=20000 \
			mitigation.irq_suspend_timeout=2000000 \
			app.prefer_busy_poll=true app.busy_poll_usecs=64 \
			app.busy_poll_budget=64 ;;
	*) set -- ;;
	esac
	for kv in "$@"; do
		gk=${kv%%=*}
		v=$(ini_get "$f" "${gk%.*}" "${gk##*.}")
		if [ -z "$v" ] || [ "$v" = 0 ]; then
			echo --set
			echo "$kv"
		fi
	done
}

# ---------------------------------------------------------------- runs

COLS=offered,ipps,sim_seconds,wall_seconds,events,sg_calls

# run_points FILE ARGS...: napisim run, pinned; the data rows of COLS on
# stdout; on failure the message in $tmp/err and status 1
run_points()
{
	local f=$1

	shift
	if ! "${pin[@]}" "$NAPISIM" run "$f" --format tsv --columns "$COLS" \
		"$@" >"$tmp/out" 2>"$tmp/err"; then
		return 1
	fi
	grep -v '^#' "$tmp/out" | tail -n +2
}

# measure FILE RATE EST ARGS...: measure one cell, the first run with
# enough packets for TARGET_S at EST packets per wall second.  Sets
# M_PPS (best packets per wall second), M_RTF (best sim_seconds /
# wall_seconds), M_N (packets per run), M_IPPS (rate the traffic model
# offered), M_EV and M_SG (events and SimGrid calls per packet).
# Status 1 with the message in M_ERR if napisim refused or failed.
measure()
{
	local f=$1 rate=$2 n rows more reps i

	n=$(calc -v e="$3" -v t="$TARGET_S" -v max="$NMAX" 'BEGIN {
		n = e * t; printf "%.0f", (n < 1000 ? 1000 : n > max ? max : n) }')
	shift 3
	M_ERR=
	while :; do
		if ! rows=$(run_points "$f" --set traffic.rate_pps="$rate" \
			--set traffic.packets="$n" "$@"); then
			M_ERR=$(head -n 1 "$tmp/err")
			return 1
		fi
		# enough: the run counts as the first of RUNS
		if calc -v w="$(echo "$rows" | cut -f4)" -v t="$TARGET_S" \
			-v n="$n" -v max="$NMAX" \
			'BEGIN { exit !(w >= t / 2 || n >= max) }'; then
			break
		fi
		n=$(calc -v w="$(echo "$rows" | cut -f4)" -v t="$TARGET_S" \
			-v n="$n" -v max="$NMAX" 'BEGIN {
			m = w < 0.002 ? n * 10 : n * t / w * 1.2
			if (m > max) m = max
			printf "%.0f", m }')
	done
	# a first guess far too high: the other runs need fewer packets
	n=$(calc -v w="$(echo "$rows" | cut -f4)" -v t="$TARGET_S" -v n="$n" \
		'BEGIN { m = w > 2 * t ? n * t / w : n
		printf "%.0f", (m < 1000 ? 1000 : m) }')
	more=$((RUNS - 1))
	if [ $more -gt 0 ]; then
		reps=$rate
		for ((i = 1; i < more; i++)); do
			reps="$reps;$rate"
		done
		if ! rows="$rows"$'\n'$(run_points "$f" \
			--set traffic.rate_pps="$reps" \
			--set traffic.packets="$n" "$@"); then
			M_ERR=$(head -n 1 "$tmp/err")
			return 1
		fi
	fi
	M_N=$n
	# wall_seconds has ms resolution: a 0 is taken as 0.5 ms
	read -r M_PPS M_RTF M_IPPS M_EV M_SG < <(echo "$rows" | awk -F'\t' '{
		w = $4 > 0 ? $4 : 0.0005
		if ($1 / w > pps) pps = $1 / w
		if ($3 / w > rtf) rtf = $3 / w
		ipps = $2; ev = $5 / $1; sg = $6 / $1
	} END { printf "%.0f %.6f %s %.4f %.4f\n", pps, rtf, ipps, ev, sg }')
	return 0
}

# capacity FILE ARGS...: peak delivered (forwarded) packets per
# simulated second over a scan of offered rates up to the line rate
capacity()
{
	local f=$1 size line rates

	shift
	size=$(ini_get "$f" traffic size)
	line=$(ini_get "$f" traffic line_rate_mbps)
	# the traffic model's defaults
	size=${size:-64}
	line=${line:-1000}
	rates=$(calc -v s="$size" -v l="$line" -v k="$CAP_STEPS" 'BEGIN {
		top = l * 1e6 / ((s + 24) * 8)
		for (i = k - 1; i >= 0; i--)
			printf "%s%.0f", (i < k - 1 ? ";" : ""),
			       top / 2 ^ (i * 8 / (k - 1))
	}')
	if ! "${pin[@]}" "$NAPISIM" run "$f" --format tsv \
		--columns tput,sim_seconds --set mitigation.policy=napi \
		--set traffic.rate_pps="$rates" --set traffic.packets=0 \
		--set traffic.duration_us="$CAP_US" "$@" \
		>"$tmp/out" 2>"$tmp/err"; then
		echo "bench.sh: $f: capacity run failed: $(cat "$tmp/err")" >&2
		exit 1
	fi
	grep -v '^#' "$tmp/out" | tail -n +2 | awk -F'\t' '
		$2 > 0 && $1 / $2 > c { c = $1 / $2 }
		END { printf "%.0f", c }'
}

# ---------------------------------------------------------------- cells

# fmt VALUE AIM [SUFFIX]: VALUE to 3 significant digits and SUFFIX, bold
# if VALUE is below AIM
fmt()
{
	calc -v v="$1" -v aim="$2" -v sfx="${3:-}" 'BEGIN {
		s = sprintf("%.3g", v) sfx
		if (v < aim) s = "**" s "**"
		printf "%s", s }'
}

# md CELL...: one markdown table row
md()
{
	local row="|" c

	for c in "$@"; do
		row="$row $c |"
	done
	echo "$row"
}

table=$tmp/table.md
slowest_pps=
slowest_what=

# heap_loop: run the yardstick RUNS times; best_heap becomes the best of
# these and any earlier runs
best_heap=0
heap_loop()
{
	local i out pps

	for ((i = 0; i < RUNS; i++)); do
		out=$("${pin[@]}" "$HEAP_LOOP" "$HEAP_PACKETS")
		pps=$(echo "$out" | tr ' ' '\n' | sed -n 's/^pkts_per_s=//p')
		best_heap=$(calc -v a="$best_heap" -v b="$pps" \
			'BEGIN { printf "%.0f", (b > a ? b : a) }')
	done
	note "heap-loop: best $best_heap packets per wall second so far"
}

# matrix MODE: the scenario x policy x load rows (MODE batch or reference)
matrix()
{
	local mode=$1 f name cap policies p load rate slow cells
	local est0=3000000
	local -a base pargs flag=()
	local -A est=()

	# a first guess of the speed; then the last cell's at the same load
	[ "$mode" = reference ] && flag=(--reference) est0=30000
	policies=$POLICIES
	[ "$mode" = reference ] && policies=napi
	for f in $(cd "$ROOT" && find scenarios -name '*.ini' |
		LC_ALL=C sort); do
		name=$(basename "$f" .ini)
		mapfile -t base < <(ini_lists "$ROOT/$f")
		cap=${CAPACITY[$name]}
		for p in $policies; do
			mapfile -t pargs < <(policy_args "$ROOT/$f" "$p")
			cells=()
			slow=
			for load in $LOADS; do
				rate=$(calc -v c="$cap" -v l="$load" \
					'BEGIN { printf "%.0f", c * l }')
				if ! measure "$ROOT/$f" "$rate" \
					"${est[$load]:-$est0}" "${base[@]}" \
					"${pargs[@]}" "${flag[@]}"; then
					case $M_ERR in
					*"[mitigation]"*)
						cells+=("n/a")
						# the repository's paths, not this machine's
						err=${M_ERR#napisim: }
						NA_NOTES+=("$name $p: ${err//$ROOT\//}")
						note "$mode $name $p $load: n/a: $M_ERR"
						continue ;;
					esac
					echo "bench.sh: $f $p at $rate pps:" \
					     "$M_ERR" >&2
					exit 1
				fi
				est[$load]=$M_PPS
				sfx=
				if calc -v i="$M_IPPS" -v r="$rate" \
					'BEGIN { exit !(i < r * 0.999) }'; then
					sfx='^'
				fi
				cells+=("$(fmt "$(calc -v p="$M_PPS" \
					'BEGIN { print p / 1e6 }')" \
					"$((AIM_PPS / 1000000))" "$sfx")")
				note "$mode $name $p $(calc -v l="$load" \
					'BEGIN { printf "%g%%", l * 100 }')" \
				     "rate $rate ipps $M_IPPS n $M_N:" \
				     "$M_PPS pkts/s, $M_EV ev/pkt," \
				     "$M_SG sg/pkt"
				if [ -z "$slow" ] || [ "$M_PPS" -lt "$slow" ]; then
					slow=$M_PPS
				fi
				if [ "$mode" = batch ] && { [ -z "$slowest_pps" ] ||
					[ "$M_PPS" -lt "$slowest_pps" ]; }; then
					slowest_pps=$M_PPS
					slowest_what="$name $p at $(calc -v l="$load" \
						'BEGIN { printf "%g %%", l * 100 }')"
				fi
				[ "$mode" = batch ] && ALL_PPS+=("$M_PPS")
			done
			# the ratio is filled in at the end: @HEAP:slowest@
			md "$name" "$(calc -v c="$cap" \
				'BEGIN { printf "%.0f k", c / 1000 }')" "$p" \
				"${cells[@]}" "@HEAP:${slow:-n/a}@" >> "$table"
		done
	done
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# the yardstick at the start and at the end, as the machine's load moves
heap_loop

declare -A CAPACITY
for f in $(cd "$ROOT" && find scenarios -name '*.ini' | LC_ALL=C sort); do
	name=$(basename "$f" .ini)
	mapfile -t base < <(ini_lists "$ROOT/$f")
	CAPACITY[$name]=$(capacity "$ROOT/$f" "${base[@]}")
	note "capacity $name: ${CAPACITY[$name]} pps"
done

NA_NOTES=()
ALL_PPS=()
: > "$table"
md "scenario" "capacity (pps)" "policy" "10 %" "100 %" "250 %" \
	"slowest ÷ heap loop" >> "$table"
echo "|---|--:|---|--:|--:|--:|--:|" >> "$table"
md "**M simulated packets per wall second, batch mode**" "" "" "" "" "" "" \
	>> "$table"
matrix batch
md "**the same, \`--reference\` mode**" "" "" "" "" "" "" >> "$table"
matrix reference

# ---------------------------------------------------------------- floods
md "**60 B flood into udp-sink: simulated s per wall s**" "line rate" \
	"arrivals" "**1 GbE**" "**10 GbE**" "**100 GbE**" \
	"slowest ÷ heap loop (packets)" >> "$table"
slowest_rtf=
base_sink=()
mapfile -t base_sink < <(ini_lists "$UDP_SINK")
for arrival in constant poisson; do
	cells=()
	slow=
	# a first guess; then the flood before, at the same arrivals
	flood_est=10000000
	for gbe in 1 10 100; do
		if ! measure "$UDP_SINK" 1000000000 "$flood_est" \
			"${base_sink[@]}" \
			--set traffic.size=60 --set traffic.arrival="$arrival" \
			--set traffic.line_rate_mbps=$((gbe * 1000)); then
			echo "bench.sh: flood $gbe GbE $arrival: $M_ERR" >&2
			exit 1
		fi
		flood_est=$M_PPS
		cells+=("$(fmt "$M_RTF" "$AIM_RTF" "×")")
		note "flood $gbe GbE $arrival: ipps $M_IPPS n $M_N:" \
		     "$M_RTF x real time, $M_PPS pkts/s"
		if [ -z "$slow" ] || [ "$M_PPS" -lt "$slow" ]; then
			slow=$M_PPS
		fi
		if [ -z "$slowest_rtf" ] || calc -v a="$M_RTF" \
			-v b="$slowest_rtf" 'BEGIN { exit !(a < b) }'; then
			slowest_rtf=$M_RTF
			slowest_rtf_what="$gbe GbE $arrival"
		fi
	done
	md "udp-sink, size=60" "1.49 / 14.9 / 149 M" "$arrival" \
		"${cells[@]}" "@HEAP:$slow@" >> "$table"
done

# ---------------------------------------------------------------- start-up

# timed N COMMAND...: run COMMAND N times, pinned, its output discarded;
# print "wall cpu" in ms, each the least of the N (cpu: user + system of
# the process and its children, as bash's `time` reports it)
timed()
{
	local n=$1 i

	shift
	for ((i = 0; i < n; i++)); do
		# a sweep directory must be new each time
		rm -rf "$tmp/sweep"
		{ TIMEFORMAT='%R %U %S'; time "${pin[@]}" "$@" >/dev/null \
			2>"$tmp/err"; } 2>>"$tmp/times.$$" || {
			cat "$tmp/err" >&2
			exit 1
		}
	done
	awk '{ w = $1 * 1000; c = ($2 + $3) * 1000
		if (NR == 1 || w < bw) bw = w
		if (NR == 1 || c < bc) bc = c }
		END { printf "%.1f %.1f\n", bw, bc }' "$tmp/times.$$"
	rm -f "$tmp/times.$$"
}

read -r one_wall one_cpu < <(timed "$ONE_RUNS" "$NAPISIM" run "$UDP_SINK" \
	--set traffic.packets=10 --set traffic.rate_pps=57000 --format tsv)
note "one 10-packet run: $one_wall ms wall, $one_cpu ms CPU" \
     "(least of $ONE_RUNS)"

step=$((1000000 / SWEEP_POINTS))
read -r sweep_wall sweep_cpu < <(timed "$RUNS" "$NAPISIM" sweep "$UDP_SINK" \
	--set traffic.packets=10 \
	--vary traffic.rate_pps="$step:$((step * SWEEP_POINTS)):$step" \
	-j 1 --no-plot -o "$tmp/sweep")
n=$(grep -v '^#' "$tmp/sweep/points.tsv" | tail -n +2 | wc -l)
if [ "$n" -ne "$SWEEP_POINTS" ]; then
	echo "bench.sh: sweep made $n points, not $SWEEP_POINTS" >&2
	exit 1
fi
read -r sweep_wall sweep_cpu < <(calc -v w="$sweep_wall" -v c="$sweep_cpu" \
	-v n="$n" 'BEGIN { printf "%.1f %.1f\n", w / n, c / n }')
note "sweep of $SWEEP_POINTS 10-packet points: $sweep_wall ms wall," \
     "$sweep_cpu ms CPU per point (least of $RUNS)"

heap_loop

md "**start-up: ms, least of several**" "" "" "**wall**" "**CPU**" "" "" \
	>> "$table"
md "\`napisim run\` of 10 packets (udp-sink)" "" \
	"whole process, $ONE_RUNS runs" \
	"$(calc -v v="$one_wall" -v aim="$AIM_ONE_MS" 'BEGIN {
		s = v; if (v >= aim) s = "**" s "**"; print s }')" \
	"$one_cpu" "" "" >> "$table"
md "\`napisim sweep\` of $SWEEP_POINTS 10-packet points, -j 1" "" \
	"per point, $RUNS sweeps" "$sweep_wall" "$sweep_cpu" "" "" >> "$table"
md "**yardstick**" "" "" "" "" "" "" >> "$table"
md "bench/heap-loop $HEAP_PACKETS" "" "M packets per wall s, best" \
	"$(calc -v h="$best_heap" 'BEGIN { printf "%.3g", h / 1e6 }')" \
	"" "" "1" >> "$table"

# the ratios to the yardstick, now that its best is known
awk -v h="$best_heap" '{
	while (match($0, /@HEAP:[^@]*@/)) {
		v = substr($0, RSTART + 6, RLENGTH - 7)
		r = v == "n/a" ? "n/a" : sprintf("%.3g", v / h)
		$0 = substr($0, 1, RSTART - 1) r substr($0, RSTART + RLENGTH)
	}
	print }' "$table" > "$table.new" && mv "$table.new" "$table"

t_end=$(now_s)

# ---------------------------------------------------------------- report
report=$tmp/report.md
{
	echo '```'
	echo "napisim benchmark, $( [ $quick -eq 1 ] && echo quick || echo full)" \
	     "mode: $(date -u '+%Y-%m-%d %H:%M:%S UTC')," \
	     "$(calc -v a="$t_start" -v b="$t_end" \
		'BEGIN { printf "%.0f", b - a }') s"
	echo "machine: $(uname -m), nproc $(nproc)," \
	     "$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
	     "pinned to CPU $cpu"
	echo "binary: $("$NAPISIM" --version | head -n 1)," \
	     "$RUNS run(s) per cell of >= $(calc -v t="$TARGET_S" \
		'BEGIN { print t / 2 }') s, best"
	echo "load average at start: $load_start; at end:" \
	     "$(cut -d' ' -f1-3 /proc/loadavg)"
	echo '```'
	echo
	cat "$table"
	echo
	echo "Bold: below the aim. ^: the wire's line rate capped the offered" \
	     "rate. Capacity: peak delivered packets per simulated second" \
	     "with policy napi."
	# one line per reason: "n/a (livelock busy_poll, ...): reason"
	if [ ${#NA_NOTES[@]} -gt 0 ]; then
		printf '%s\n' "${NA_NOTES[@]}" | awk '{
			i = index($0, ": "); what = substr($0, 1, i - 1)
			why = substr($0, i + 2); sub(/^point [0-9]+: /, "", why)
			if (!(why in w)) order[++n] = why
			if (!((why, what) in seen))
				w[why] = w[why] (w[why] == "" ? "" : ", ") what
			seen[why, what] = 1
		} END {
			for (j = 1; j <= n; j++)
				printf "n/a (%s): %s  \n", w[order[j]], order[j]
		}'
	fi
	echo
	calc -v p="$slowest_pps" -v w="$slowest_what" -v aim="$AIM_PPS" \
		-v med="$(printf '%s\n' "${ALL_PPS[@]}" | sort -n |
			awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')" \
		-v h="$best_heap" 'BEGIN {
		printf "- slowest batch cell: %.3g M packets/s (%s), %.3g x " \
		       "the heap loop; aim >= %d M: %s\n", p / 1e6, w, p / h,
		       aim / 1e6, (p >= aim ? "met" : "NOT met")
		printf "- median batch cell: %.3g M packets/s, %.3g x the " \
		       "heap loop\n", med / 1e6, med / h }'
	calc -v r="$slowest_rtf" -v w="$slowest_rtf_what" 'BEGIN {
		printf "- slowest flood: %.3g x real time (%s); aim >= 1 x: " \
		       "%s\n", r, w, (r >= 1 ? "met" : "NOT met") }'
	calc -v o="$one_wall" -v s="$sweep_wall" -v aim="$AIM_ONE_MS" 'BEGIN {
		printf "- a 10-packet run: %s ms wall; aim < %d ms: %s; " \
		       "a sweep point: %s ms\n", o, aim,
		       (o < aim ? "met" : "NOT met"), s }'
} > "$report"

cat "$report"
if [ -n "$doc" ]; then
	awk -v rep="$report" '
		/^<!-- bench.sh table end -->$/ { skip = 0 }
		!skip { print }
		/^<!-- bench.sh table begin -->$/ {
			while ((getline line < rep) > 0) print line
			skip = 1
		}' "$doc" > "$tmp/doc" && cat "$tmp/doc" > "$doc"
	note "bench.sh: table written into $doc"
fi
