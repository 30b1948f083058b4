# scripts/plot.gp - one napisim plot, as PNG and SVG.
#
#   gnuplot -e 'files="a.tsv b.tsv"; titles="\"16\" \"64\""; keytitle="napi.weight";
#               xcol="ipps"; ycols="tput_pps"; xscale=1; yscale=1;
#               xlabel="..."; ylabel="..."; title="..."; logx=1; logy=0;
#               xfmt="%g"; yfmt="%g"; xmin=1e5; xmax=1.4e6; xcat=0; xtics="";
#               out="DIR/plots/livelock"' scripts/plot.gp
#
# files:  napisim TSV files (a header row, one row per point), one line
#         per file and per y column; words may be quoted
# titles: the legend entry of each line, for each file the entries of its
#         y columns in order
# keytitle: the legend's title ("" for none)
# xcol, ycols: column names (read by name from the header row)
# xscale, yscale: what to divide values by (1000 for ns shown in µs)
# logx, logy: 1 for a logarithmic axis
# xfmt, yfmt: tic formats ("%g", or "%.1s%c" for 1.5M)
# xmin, xmax: the x values' range (after xscale)
# xcat:   1 for a categorical x: xcol holds each row's category position
#         0..xmax, xtics is gnuplot's ("label" 0, "label" 1, ...), and
#         xticlines the lines of the tallest label
# xtics:  for a logarithmic x, the values to put tics at ("1e5, 2e5"), or ""
# out:    the output path without extension; writes out.png and out.svg
#
# It plots the cells as they are: it computes nothing that is not in the
# TSV but the change of unit.  (`napisim plot` writes the per-line files
# and picks the labels.)  Colours: one per y column when there are
# several, else one per line; dash and point types: one per line, so
# lines that coincide stay visible.
set encoding utf8
set datafile separator "\t"
set datafile commentschars "#"
set datafile columnheaders
set datafile missing ""

set title title noenhanced
set xlabel xlabel noenhanced
set ylabel ylabel noenhanced
# beside the plot, so a long legend never covers the x label
set key outside right top vertical Left reverse noenhanced box \
	spacing 1.2 width 1
if (keytitle ne "") { set key title keytitle noenhanced }
# the Okabe-Ito colours, which stay apart for colour-blind readers too
array hue[7] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", \
		"#56B4E9", "#000000"]
do for [i = 1:7] { set linetype i linecolor rgb hue[i] }
set linetype cycle 7
set grid
set border 3
set tics nomirror
set format x xfmt
set format y yfmt
# a logarithmic x spans the data, not whole decades, with tics at the
# swept values
if (logx) {
	set logscale x
	set xrange [xmin / 1.2:xmax * 1.2]
	if (xtics ne "") { eval "set xtics (" . xtics . ")" }
}
if (logy) { set logscale y }
if (xcat) {
	eval "set xtics (" . xtics . ")"
	set xrange [-0.5:xmax + 0.5]
	# tic labels of several lines push the x label down
	set xlabel offset 0, 1 - xticlines
	set bmargin xticlines + 3
}

nf = words(files)
ny = words(ycols)
colour(k) = ny > 1 ? k % ny + 1 : k / ny + 1
dash(k) = (k / ny) % 5 + 1
# filled shapes first: they stay visible where lines cross
point(k) = word("7 5 9 11 13 6 4 8 10 12 1 2 3", (k / ny) % 13 + 1) + 0
# categorical x: each line a little to the side, so equal values do not
# hide each other
nudge(k) = nf > 1 ? 0.3 * ((k / ny) - (nf - 1) / 2.0) / nf : 0

do for [t = 1:2] {
	if (t == 1) {
		if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
			set terminal pngcairo size 1000,560 font ",10"
		} else {
			set terminal png size 1000,560
		}
		set output out . ".png"
	} else {
		set terminal svg size 1000,560 dynamic font ",10"
		set output out . ".svg"
	}
	if (xcat) {
		plot for [k = 0:nf * ny - 1] word(files, k / ny + 1) \
			using (column(xcol) + nudge(k)):(column(word(ycols, k % ny + 1)) / yscale) \
			with points lc colour(k) pt point(k) ps 1.4 \
			title word(titles, k + 1)
	} else {
		plot for [k = 0:nf * ny - 1] word(files, k / ny + 1) \
			using (column(xcol) / xscale):(column(word(ycols, k % ny + 1)) / yscale) \
			with linespoints lw 2 lc colour(k) dt dash(k) pt point(k) ps 1.2 \
			title word(titles, k + 1)
	}
	unset output
}
