#!/usr/bin/env bash
#
# bench/check-times.sh - how long each program and script of `make check`
# takes, one at a time.
#
#   bench/check-times.sh            (from a configured, built tree)
#
# Runs `make check TESTS=T` for each test T of the Makefile's TESTS, one
# after the other, and prints its wall time, its user + system CPU time
# (children included) and its share of the sum, slowest first.  Each time
# includes make's own start-up (the "make overhead" line: `make check
# TESTS=` with nothing to run).  `make -j2 check` runs two tests at once,
# so its wall time is about half the sum when the machine is idle.
#
# A measurement, not a test: it exits non-zero only if a test fails.

set -eu
set -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
cd "$ROOT"

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
make -s napisim $progs >/dev/null

# time_make NAME TESTS: one line "NAME wall cpu" into $tmp/times
time_make()
{
	local name=$1 t0 t1 c0 c1

	c0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
	t0=${EPOCHREALTIME/,/.}
	if ! make -s check TESTS="$2" >"$tmp/out" 2>&1; then
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

: > "$tmp/times"
echo "# make check, one test at a time: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "# load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
time_make make-overhead ""
for t in $tests; do
	time_make "$t" "$t"
done

printf '%-34s %8s %8s %6s\n' test wall_s cpu_s share
sort -k2,2 -g -r "$tmp/times" | awk -v sum="$(awk '{ s += $2 } END { print s }' \
	"$tmp/times")" '{
		printf "%-34s %8.2f %8.2f %5.1f%%\n", $1, $2, $3, 100 * $2 / sum
		cpu += $3
	}
	END { printf "%-34s %8.2f %8.2f\n", "sum", sum, cpu }'
