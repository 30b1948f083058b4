#!/bin/sh
# tests/plot.sh - napisim plot runs gnuplot for real (TAP): the PNG has
# the PNG signature and a plausible size, the SVG is SVG, and a sweep
# draws its default plots.
. "$top_srcdir/tests/tap.sh"

# is_png FILE: the 8-byte PNG signature, and more than 5 kB of picture
is_png() {
	[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
	[ "$(wc -c < "$1")" -gt 5000 ]
}

tiny_scenario "$tmpdir/tiny.ini"
w=$tmpdir/sweep
"$NAPISIM" sweep "$tmpdir/tiny.ini" --vary traffic.rate_pps=100000:3200000:x2 \
	--vary cpu.frequency_mhz=1000,3000 --out "$w" -j2 >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 0 ] || sed "s/^/# /" "$tmpdir/err"
check "a sweep exits 0 and draws its default plots" passed $rc
for p in livelock interrupts latency cpu; do
	check "$p.png is a PNG gnuplot drew" is_png "$w/plots/$p.png"
	check "$p.svg is SVG" grep -q '<svg' "$w/plots/$p.svg"
done

"$NAPISIM" plot "$w" --x traffic.rate_pps --y latency_p50_ns,latency_p99_ns \
	--by cpu.frequency_mhz > "$tmpdir/out" 2>"$tmpdir/err"
check "plot --y with two columns exits 0" passed $?
check "and prints the files it wrote" \
	grep -q "plots/latency_p50_ns+latency_p99_ns.png\$" "$tmpdir/out"
check "latency_p50_ns+latency_p99_ns.png is a PNG" \
	is_png "$w/plots/latency_p50_ns+latency_p99_ns.png"
check "the legend has one line per frequency and column" \
	grep -q 'cpu.frequency_mhz=3000: latency_p99_ns' \
	"$w/plots/latency_p50_ns+latency_p99_ns.svg"
check "the title names the scenario" \
	grep -q 'tiny: latency_p50_ns, latency_p99_ns vs traffic.rate_pps' \
	"$w/plots/latency_p50_ns+latency_p99_ns.svg"
check "the y axis says its unit" \
	grep -q 'latency (ns)' "$w/plots/latency_p50_ns+latency_p99_ns.svg"

"$NAPISIM" plot "$w" --y no_such_column 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l < "$tmpdir/err")" -eq 1 ] && \
	grep -q 'no column "no_such_column"' "$tmpdir/err"
check "an unknown --y column: exit 2, one line naming it" passed $?
"$NAPISIM" plot "$w" --y tput --by traffic.rate_pps --x cpu.frequency_mhz \
	--name by-rate >/dev/null 2>&1
check "--x and --by can swap roles" is_png "$w/plots/by-rate.png"
"$NAPISIM" plot "$w" --y tput --by napi.weight 2>"$tmpdir/err"
check "--by naming no column: exit 2" [ $? -eq 2 ]
# a file that is not a result file is bad input, as for compare
printf 'traffic.rate_pps\ttput\377\n1\t2\n' > "$tmpdir/latin1.tsv"
"$NAPISIM" plot "$tmpdir/latin1.tsv" --y tput >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l < "$tmpdir/err")" -eq 1 ] && \
	grep -q 'latin1.tsv:1: not valid UTF-8' "$tmpdir/err"
check "a file that is not UTF-8: exit 2, one line" passed $?

# gnuplot failing (every y cell empty: "x range is invalid") leaves no
# picture behind, not even the empty PNG gnuplot had opened
mkdir "$tmpdir/empty"
printf '# scenario=x\ntraffic.rate_pps\ttput\n1\t\n2\t\n' > "$tmpdir/empty/e.tsv"
"$NAPISIM" plot "$tmpdir/empty/e.tsv" --y tput >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 1 ] && [ "$(wc -l < "$tmpdir/err")" -eq 1 ] && \
	grep -q 'gnuplot .* failed' "$tmpdir/err"
check "a failed gnuplot run: exit 1, one line" passed $?
check "and no tput.png or tput.svg" \
	[ "$(ls "$tmpdir/empty")" = e.tsv ]
done_testing
