#!/bin/sh
# fuzz/run.sh - `make fuzz`: a time-boxed fuzzing campaign on both
# harnesses, in an instrumented build apart from the normal one.
#
#   make fuzz                          # libFuzzer (clang), 120 s each
#   make fuzz FUZZ_ENGINE=afl          # AFL++ (afl-clang-fast, afl-fuzz)
#   make fuzz FUZZ_SECONDS=3600        # longer
#
# The build (variants/fuzz-ENGINE/src, by scripts/build-variant) has ASan and
# UBSan, so memory errors and undefined behaviour are crashes too, and
# simulations use SimGrid's thread context factory, which ASan follows.
# Each harness starts from its seeds (what `make check` replays) with
# fuzz/napisim.dict; what it learns stays in variants/fuzz-ENGINE/work/, so
# the next campaign goes on from there.  Inputs that crash are printed at the
# end: fix the bug, then copy the input into fuzz/crashes/HARNESS/, where
# `make check` replays it from then on.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
engine=${FUZZ_ENGINE:-libfuzzer}
seconds=${FUZZ_SECONDS:-120}
variant=$top/variants/fuzz-$engine
work=$variant/work
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined"
flags="$flags -fno-sanitize-recover=undefined"

case $engine in
libfuzzer)
	cc=clang
	cxx=clang++
	flags="$flags -fsanitize=fuzzer-no-link"
	;;
afl)
	cc=afl-clang-fast
	cxx=afl-clang-fast++
	;;
*)
	echo "fuzz: FUZZ_ENGINE is libfuzzer or afl, not \"$engine\"" >&2
	exit 2
	;;
esac
case $engine in
libfuzzer) "$top/scripts/install-deps" git clang libclang-rt-14-dev ;;
afl) "$top/scripts/install-deps" git clang libclang-rt-14-dev afl++ ;;
esac

# The programs are linked by the C driver, which leaves out UBSan's C++
# part: sim/engine/sg.cpp goes without its two C++-only checks.
"$top/scripts/build-variant" "$variant" --enable-fuzzing CC="$cc" \
	CXX="$cxx" CFLAGS="$flags" \
	CXXFLAGS="$flags -fno-sanitize=vptr,function"
bin=$variant/src/fuzz

export NAPISIM_CONTEXT_FACTORY=thread
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1

# seeds HARNESS: the directories fuzz/replay.c replays for it
seeds() {
	case $1 in
	scenario) echo scenarios scenarios/compare scenarios/validation \
		scenarios/scaling scenarios/traffic \
		tests/bad fuzz/corpus/scenario fuzz/crashes/scenario ;;
	tsv) echo results/golden fuzz/corpus/tsv fuzz/crashes/tsv ;;
	esac
}

for h in scenario tsv; do
	corpus=$work/$h/corpus
	crashes=$work/$h/crashes
	mkdir -p "$corpus" "$crashes"
	for d in $(seeds $h); do
		for f in "$top/$d"/*; do
			[ -f "$f" ] && [ "${f##*/}" != README ] &&
				cp "$f" "$corpus/seed-${d##*/}-${f##*/}"
		done
	done
	echo "fuzz: $h, $engine, $seconds s" >&2
	case $engine in
	libfuzzer)
		"$bin/$h-fuzz" -max_total_time="$seconds" -timeout=30 \
			-rss_limit_mb=4096 -dict="$top/fuzz/napisim.dict" \
			-artifact_prefix="$crashes/" -print_final_stats=1 \
			"$corpus" || true
		;;
	afl)
		# afl-fuzz wants its own output tree (its queue feeds the next
		# run) and ASan reports unsymbolized
		export ASAN_OPTIONS=$ASAN_OPTIONS:symbolize=0
		rm -rf "$work/$h/afl-in"
		mkdir -p "$work/$h/afl-in"
		cp "$corpus"/* "$work/$h/afl-in/"
		afl-fuzz -V "$seconds" -t 30000 -m none -i "$work/$h/afl-in" \
			-o "$work/$h/afl" -x "$top/fuzz/napisim.dict" \
			-- "$bin/$h-fuzz" || true
		cp "$work/$h"/afl/default/queue/id* "$corpus/" 2>/dev/null || true
		cp "$work/$h"/afl/default/crashes/id* "$crashes/" 2>/dev/null || true
		;;
	esac
done

found=$(find "$work"/*/crashes -type f | wc -l)
echo "fuzz: $found crashing inputs in $work/*/crashes" >&2
find "$work"/*/crashes -type f | sed 's/^/  /' >&2
[ "$found" -eq 0 ]
