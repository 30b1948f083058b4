#!/bin/sh
# tests/plot.sh - napisim plot runs gnuplot for real (TAP): the PNG has
# the PNG signature and a plausible size, the SVG is SVG, a sweep draws
# its default plots, and the plots answer the question asked: Olsson's
# table by NAPI weight is two lines of six points, x is the real offered
# load, axes and legends carry units, a mode is a category, equal lines
# stay apart, and plots of two files never replace each other.
. "$top_srcdir/tests/tap.sh"

# is_png FILE: the 8-byte PNG signature, and more than 5 kB of picture
is_png() {
	[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
	[ "$(wc -c < "$1")" -gt 5000 ]
}
# svg_lines FILE: the points of each line gnuplot drew, one count a line
# (each line's legend sample is one more point symbol)
svg_lines() {
	awk '/id="gnuplot_plot_/ { if (in_plot) print n - 1; in_plot = 1
				   n = 0; next }
	     in_plot { n += gsub(/#gpPt/, "") }
	     END { if (in_plot) print n - 1 }' "$1" | tr '\n' ' '
}
# svg_text FILE TEXT: TEXT is one of the SVG's texts
svg_text() { grep -q ">$2</t" "$1"; }

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
check "x is the real offered load, ipps, in frames/s" \
	svg_text "$w/plots/livelock.svg" 'offered load: ipps (frames/s)'
check "y is the throughput, with its unit" \
	svg_text "$w/plots/livelock.svg" 'throughput: tput_pps (frames/s)'
check "one line per frequency, the legend titled with the key and unit" \
	svg_text "$w/plots/livelock.svg" 'cpu.frequency_mhz (MHz)'
check "a doubling sweep has tics at its rates (log axis)" \
	svg_text "$w/plots/livelock.svg" '400.0k'
check "the cpu plot shows where the busiest CPU's time went" \
	grep -q "where CPU [0-9]'s time went (the busiest CPU)" \
	"$w/plots/cpu.svg"
check "the second line is dashed, so equal lines stay visible" \
	grep -q "stroke-dasharray=' *[0-9.]*,[0-9.]*'  d=" "$w/plots/livelock.svg"

"$NAPISIM" plot "$w" --x traffic.rate_pps --y latency_p50_ns,latency_p99_ns \
	--by cpu.frequency_mhz > "$tmpdir/out" 2>"$tmpdir/err"
check "plot --y with two columns exits 0" passed $?
check "and prints the files it wrote" \
	grep -q "plots/latency_p50_ns+latency_p99_ns.png\$" "$tmpdir/out"
check "latency_p50_ns+latency_p99_ns.png is a PNG" \
	is_png "$w/plots/latency_p50_ns+latency_p99_ns.png"
check "the legend has one entry per frequency and column" \
	svg_text "$w/plots/latency_p50_ns+latency_p99_ns.svg" '3000: p99 latency'
check "the title names the scenario" \
	grep -q '>tiny: latency_p50_ns, latency_p99_ns (.s) against traffic.rate_pps<' \
	"$w/plots/latency_p50_ns+latency_p99_ns.svg"

"$NAPISIM" plot "$w" --y tput_pps,latency_p99_ns --name mixed >/dev/null 2>&1
svg_text "$w/plots/mixed.svg" '1000: throughput (frames/s)' &&
	svg_text "$w/plots/mixed.svg" '1000: p99 latency (ns)'
check "frames/s and ns on one plot: the legend gives each its unit" passed $?

"$NAPISIM" plot "$w" --y latncy_p99_ns 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with 'no column "latncy_p99_ns" (did you mean latency_p99_ns?)$'
check "a misspelt --y: exit 2, one line with a suggestion" passed $?
"$NAPISIM" plot "$w" --y tput --by traffic.rate_pps --x cpu.frequency_mhz \
	--name by-rate >/dev/null 2>&1
check "--x and --by can swap roles" is_png "$w/plots/by-rate.png"
"$NAPISIM" plot "$w" --y tput --by napi.weight 2>"$tmpdir/err"
check "--by naming no column: exit 2" [ $? -eq 2 ]
"$NAPISIM" plot "$w" --x traffic.rate_pps --y tput --by '' 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'mix the values of cpu.frequency_mhz (add it to --by' "$tmpdir/err"
check "lines that would mix a varied key: exit 2, naming it" passed $?

# ---------------------------------------------------------------- Olsson
# The issue's command, with fewer frames a row: two lines of six points
o=$tmpdir/olsson
"$NAPISIM" sweep "$top_srcdir/scenarios/validation/olsson-e1000.ini" \
	--set traffic.packets=3000 --vary napi.weight=16,64 --out "$o" \
	--no-plot -j2 >/dev/null 2>"$tmpdir/err" &&
"$NAPISIM" plot "$o" --x traffic.size --y rxint --by napi.weight \
	> "$tmpdir/out" 2>"$tmpdir/err"
rc=$?
[ $rc -eq 0 ] || sed "s/^/# /" "$tmpdir/err"
check "Olsson by weight: plot --x traffic.size --by napi.weight exits 0" \
	passed $rc
check "and draws two lines of six points" \
	[ "$(svg_lines "$o/plots/rxint.svg")" = "6 6 " ]
check "the size axis says bytes" \
	svg_text "$o/plots/rxint.svg" 'traffic.size (bytes)'

# ---------------------------------------------------------------- categories
c=$tmpdir/itr
"$NAPISIM" sweep "$tmpdir/tiny.ini" --vary nic.interrupt_throttle_rate=0,3,20000 \
	--vary app.cpu=0,1 --out "$c" --no-plot -j2 >/dev/null 2>&1
"$NAPISIM" plot "$c" --x app.cpu --y rxint --name cpu >/dev/null 2>"$tmpdir/err"
check "app.cpu on x: exit 0" passed $?
svg_text "$c/plots/cpu.svg" 0 && svg_text "$c/plots/cpu.svg" 1 &&
	! svg_text "$c/plots/cpu.svg" 0.2 && ! svg_text "$c/plots/cpu.svg" 0.5
check "app.cpu is a category: tics 0 and 1, no 0.2 or 0.5" passed $?
check "and one line per ITR mode, by name" \
	svg_text "$c/plots/cpu.svg" '3 (dynamic conservative)'
"$NAPISIM" plot "$c" --x nic.interrupt_throttle_rate --y rxint --name itr \
	>/dev/null 2>&1
svg_text "$c/plots/itr.svg" off && svg_text "$c/plots/itr.svg" conservative
check "ITR modes on x are named: off, dynamic conservative" passed $?

# ---------------------------------------------------------------- files
# two result files in one directory keep their own plots
"$NAPISIM" run "$tmpdir/tiny.ini" --set 'traffic.rate_pps=100000;200000;400000' \
	--output "$tmpdir/a.tsv" 2>/dev/null
cp "$tmpdir/a.tsv" "$tmpdir/b.tsv"
"$NAPISIM" plot "$tmpdir/a.tsv" >/dev/null 2>&1
"$NAPISIM" plot "$tmpdir/b.tsv" >/dev/null 2>&1
[ -f "$tmpdir/a-livelock.png" ] && [ -f "$tmpdir/b-livelock.png" ] &&
	[ ! -e "$tmpdir/livelock.png" ]
check "plot FILE names its plots after FILE: a-livelock.png, b-livelock.png" passed $?

# a file that is not a result file is bad input, as for compare
printf 'traffic.rate_pps\ttput\377\n1\t2\n' > "$tmpdir/latin1.tsv"
"$NAPISIM" plot "$tmpdir/latin1.tsv" --y tput >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 2 ] && one_line_with 'latin1.tsv:1: not valid UTF-8'
check "a file that is not UTF-8: exit 2, one line" passed $?

# gnuplot failing (every y cell empty: "x range is invalid") leaves no
# picture behind, not even the empty PNG gnuplot had opened
mkdir "$tmpdir/empty"
printf '# scenario=x\ntraffic.rate_pps\ttput\n1\t\n2\t\n' > "$tmpdir/empty/e.tsv"
"$NAPISIM" plot "$tmpdir/empty/e.tsv" --y tput >/dev/null 2>"$tmpdir/err"
rc=$?
[ $rc -eq 1 ] && one_line_with 'gnuplot .* failed'
check "a failed gnuplot run: exit 1, one line" passed $?
check "and no tput.png or tput.svg" \
	[ "$(ls "$tmpdir/empty")" = e.tsv ]
done_testing
