# scripts/plot.gp - one napisim plot, as PNG and SVG.
#
#   gnuplot -e 'files="a.tsv b.tsv"; titles="\"policy=dim\" \"policy=itr\"";
#               xcol="traffic.rate_pps"; ycols="tput"; xlabel="..."; ylabel="...";
#               title="..."; logx=1; logy=0; xfmt="%g"; yfmt="%g"; out="DIR/plots/livelock"' scripts/plot.gp
#
# files:  napisim TSV files ("# key=value" lines, a header row, one row per
#         point), one line per file and per y column; words may be quoted
# titles: the legend entry of each file, in the same order
# xcol, ycols: column names (read by name from the header row)
# logx, logy: 1 for a logarithmic axis
# xfmt, yfmt: tic formats ("%g", or "%.1s%c" for 1.5M)
# out:    the output path without extension; writes out.png and out.svg
#
# It plots the cells as they are: it computes nothing that is not in the
# TSV.  (`napisim plot` writes the per-line files and picks the labels.)
set datafile separator "\t"
set datafile commentschars "#"
set datafile columnheaders
set datafile missing ""

set title title noenhanced
set xlabel xlabel noenhanced
set ylabel ylabel noenhanced
set key below left noenhanced box
set grid
set border 3
set tics nomirror
set format x xfmt
set format y yfmt
if (logx) { set logscale x }
if (logy) { set logscale y }

nf = words(files)
ny = words(ycols)
# "policy=dim: tput" when several columns share the plot
label(i, j) = ny > 1 ? (nf > 1 || word(titles, i) ne "" ? \
	word(titles, i) . ": " . word(ycols, j) : word(ycols, j)) : \
	(word(titles, i) ne "" ? word(titles, i) : word(ycols, j))

do for [t = 1:2] {
	if (t == 1) {
		if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
			set terminal pngcairo size 900,540 font ",10"
		} else {
			set terminal png size 900,540
		}
		set output out . ".png"
	} else {
		set terminal svg size 900,540 dynamic font ",10"
		set output out . ".svg"
	}
	plot for [k = 0:nf * ny - 1] word(files, k / ny + 1) \
		using (column(xcol)):(column(word(ycols, k % ny + 1))) \
		with linespoints lw 2 pt (k % 7 + 1) \
		title label(k / ny + 1, k % ny + 1)
	unset output
}
