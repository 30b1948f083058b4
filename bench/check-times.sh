#!/usr/bin/env bash
#
# bench/check-times.sh - how long each program and script of `make check`
# takes, one at a time, and (with -j) the whole of it.
#
#   bench/check-times.sh [-j N]...     (from a configured, built tree)
#
# Runs `make check TESTS=T` for each test T of the Makefile's TESTS (the
# unit-test programs of check_PROGRAMS and the scripts of tests/, as
# Makefile.am lists them today), one after the other, RUNS times (3 by
# default; round by round, so that a burst of load on a shared machine
# does not fall on one test's runs only), and prints for each the least
# wall time and the least user + system CPU time (children included),
# and its share of the sum, slowest first.
#
# Each line includes make's own start-up (the "make-overhead" line:
# `make check TESTS=` with nothing to run, the least of its runs), which
# is most of a unit-test program's line.  So the sum of the lines counts
# make's start-up once per test; the "sum less make-overhead" line counts
# it once, as one `make check` does: what the tests themselves take, one
# at a time.
#
# Each -j N times the whole `make -j N check` (RUNS times, the least),
# after the tests one at a time: `-j 1 -j 2` gives the serial and the
# two-at-a-time wall time.  The load average is printed at the start and
# at the end: on a shared machine the wall times move with it, the CPU
# times much less.
#
# A measurement, not a test: it exits non-zero only if a test fails.

set -eu
set -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
cd "$ROOT"

RUNS=${RUNS:-3}
jobs=()
while [ $# -gt 0 ]; do
	case $1 in
	-j) jobs+=("$2"); shift 2 ;;
	-j*) jobs+=("${1#-j}"); shift ;;
	*) echo "usage: check-times.sh [-j N]..." >&2; exit 2 ;;
	esac
done

if [ ! -f Makefile ]; then
	echo "check-times.sh: no Makefile: configure first" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-times.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# the Makefile's own lists
# shellcheck disable=SC2016 # make expands it
printf 'print-%%:\n\t@echo $($*)\n' > "$tmp/print.mk"
tests=$(make -s -f Makefile -f "$tmp/print.mk" print-TESTS)
progs=$(make -s -f Makefile -f "$tmp/print.mk" print-check_PROGRAMS)
# build first, so that no test's time includes compiling
# shellcheck disable=SC2086 # one word per program
make -s all $progs >/dev/null

# time_make NAME MAKE-ARGS...: one line "NAME wall cpu" into $tmp/times
time_make()
{
	local name=$1 t0 t1 c0 c1

	shift
	c0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
	t0=${EPOCHREALTIME/,/.}
	if ! make -s "$@" >"$tmp/out" 2>&1; then
		cat "$tmp/out" >&2
		echo "check-times.sh: $name failed" >&2
		exit 1
	fi
	t1=${EPOCHREALTIME/,/.}
	c1=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
	awk -v n="$name" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" \
		-v hz="$(getconf CLK_TCK)" 'BEGIN {
		printf "%s %.2f %.2f\n", n, t1 - t0, (c1 - c0) / hz }' \
		>> "$tmp/times"
}

# the least wall and the least CPU of each name, in $tmp/times
least()
{
	awk '{
		if (!($1 in w) || $2 < w[$1]) w[$1] = $2
		if (!($1 in c) || $3 < c[$1]) c[$1] = $3
	}
	END { for (n in w) printf "%s %.2f %.2f\n", n, w[n], c[n] }' "$tmp/times"
}

: > "$tmp/times"
echo "# make check, one test at a time, least of $RUNS: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "# load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$RUNS"); do
	time_make make-overhead check TESTS=
	for t in $tests; do
		time_make "$t" check TESTS="$t"
	done
done
least > "$tmp/least"
ntests=$(echo "$tests" | wc -w)

printf '%-34s %8s %8s %6s\n' test wall_s cpu_s share
sort -k2,2 -g -r "$tmp/least" | awk -v sum="$(awk '{ s += $2 } END { print s }' \
	"$tmp/least")" -v n="$ntests" '
	$1 == "make-overhead" { ow = $2; oc = $3 }
	{
		printf "%-34s %8.2f %8.2f %5.1f%%\n", $1, $2, $3, 100 * $2 / sum
		cpu += $3
	}
	END {
		printf "%-34s %8.2f %8.2f\n", "sum", sum, cpu
		printf "%-34s %8.2f %8.2f\n", "sum less make-overhead " n "x",
			sum - n * ow, cpu - n * oc
	}'
echo "# $ntests tests; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

for j in "${jobs[@]}"; do
	: > "$tmp/times"
	for _ in $(seq "$RUNS"); do
		time_make "make-j$j-check" -j"$j" check
	done
	least | awk -v runs="$RUNS" -v j="$j" '{
		printf "# make -j%s check, least of %s: %.2f s wall, %.2f s CPU\n",
			j, runs, $2, $3 }'
	echo "# load average after make -j$j check: $(cut -d' ' -f1-3 /proc/loadavg)"
done
if [ ${#jobs[@]} -gt 0 ]; then
	# the TAP test points of the last whole run: one :test-result: each
	echo "# TAP test points: $(find . -name '*.trs' -exec cat {} + |
		grep -c '^:test-result:' || true)"
fi
