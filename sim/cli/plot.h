/*
 * sim/cli/plot.h - plots of a result table, drawn by gnuplot.
 *
 * The C side only picks and splits: it chooses the columns, writes one
 * TSV per line of the plot (rows of points.tsv, unchanged, sorted by x),
 * picks labels and units (from the column table and the params tables),
 * log or categorical axes, and runs scripts/plot.gp, which reads the
 * columns by name and draws PNG and SVG.  No plotted value is computed
 * here; the script only divides nanoseconds into µs or ms.
 */
#ifndef SIM_CLI_PLOT_H
#define SIM_CLI_PLOT_H

#include <glib.h>

#define SIM_PLOT_ERROR (sim_plot_error_quark())
GQuark sim_plot_error_quark(void);
enum sim_plot_error {
	SIM_PLOT_ERROR_GNUPLOT,		/* gnuplot missing or failed */
	SIM_PLOT_ERROR_COLUMN,		/* no such column, not numeric */
	SIM_PLOT_ERROR_SCRIPT,		/* scripts/plot.gp not found */
};

/**
 * struct sim_plot - what to plot.
 * @x: the x column, any column; NULL: the real offered load (ipps) when
 *	traffic.rate_pps varies, else the first key column (a column named
 *	group.key).  Values that are not numbers, or a key without a unit
 *	(a CPU, a mode), make a categorical axis.
 * @y: NULL-terminated y columns, all on one plot
 * @by: comma-separated columns; one line per combination of their
 *	values.  NULL: every axis but x's, where keys whose values go
 *	one-to-one (zipped) are one axis.
 * @name: file name without extension; NULL: the @y columns joined by "+",
 *	after "FILE-" for a result file FILE.tsv
 * @out_dir: where to write; NULL: DIR/plots for a sweep directory, else
 *	the result file's directory
 */
struct sim_plot {
	const char *x;
	const char *const *y;
	const char *by;
	const char *name;
	const char *out_dir;
};

/**
 * sim_plot_render() - draw one plot as NAME.png and NAME.svg.
 * @input: a result file or a sweep directory
 * @plot: what to plot
 * @written: gets the path of each file written (char *, owned)
 * @error: SIM_PLOT_ERROR, SIM_TSV_ERROR
 *
 * Return: TRUE on success.
 */
gboolean sim_plot_render(const char *input, const struct sim_plot *plot,
			 GPtrArray *written, GError **error);

/**
 * sim_plot_defaults() - a sweep's standard plots: offered load against
 * delivered rate (the livelock curve), interrupts, p99 latency, and where
 * the busiest CPU's time went, one line per value of the other varied
 * keys (per policy).
 * @input: a result file or a sweep directory
 * @out_dir: as in struct sim_plot
 * @written: gets the path of each file written
 * @skipped: gets a note on each plot left out (no such column)
 * @error: SIM_PLOT_ERROR, SIM_TSV_ERROR
 *
 * Return: TRUE on success, also when every plot was skipped.
 */
gboolean sim_plot_defaults(const char *input, const char *out_dir,
			   GPtrArray *written, GPtrArray *skipped,
			   GError **error);

/**
 * sim_plot_label() - an axis label with its unit, from a column name:
 * "latency_p99_ns" gives "p99 latency: latency_p99_ns (ns)",
 * "traffic.rate_pps" gives "traffic.rate_pps (pkts/s)".
 * Return: the label (free with g_free()).
 */
char *sim_plot_label(const char *column);

/**
 * sim_plot_time_unit() - "µs" or "ms" for nanoseconds up to @max, and
 * *@scale to divide by; other units as they are, *@scale 1.
 */
const char *sim_plot_time_unit(const char *unit, double max, double *scale);

/**
 * sim_plot_log_axis() - whether values span decades: all above 0 and
 * the largest over 100 times the smallest.
 */
gboolean sim_plot_log_axis(const double *v, guint n);

/**
 * sim_plot_doubling() - whether values grow geometrically: all above 0,
 * three or more distinct, each at least 1.5 times the one below.
 */
gboolean sim_plot_doubling(const double *v, guint n);

#endif /* SIM_CLI_PLOT_H */
