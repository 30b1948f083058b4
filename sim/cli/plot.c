/*
 * sim/cli/plot.c - plots of a result table, drawn by gnuplot; see sim/cli/plot.h.
 *
 * gnuplot runs as a real process on scripts/plot.gp.  Each line of a plot
 * is one TSV file holding some of the table's rows, unchanged (the rows
 * of one --by combination, sorted by x so the line does not zigzag), so
 * the script reads the same cells points.tsv has.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "sim/cli/plot.h"
#include "sim/cli/output.h"
#include "sim/cli/tsv.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/napisim"
#endif

G_DEFINE_QUARK(sim-plot-error-quark, sim_plot_error)

/* ---------------------------------------------------------------- labels */

/* What a column holds and its unit, by name; the first match wins. */
static const struct {
	const char *pattern, *what, *unit;
} units[] = {
	{ "traffic.rate_pps", "offered load", "packets/s" },
	{ "ipps", "offered load", "packets/s" },
	{ "tput", "delivered or forwarded", "packets" },
	{ "tput_pps", "delivered or forwarded", "packets/s" },
	{ "rxint", "RX interrupts", "interrupts" },
	{ "txint", "TX interrupts", "interrupts" },
	{ "traffic.size", "frame size", "bytes" },
	{ "psize", "frame size", "bytes" },
	{ "latency_*_ns", "latency", "ns" },
	{ "*int_per_s", "interrupts", "1/s" },
	{ "*_per_s", NULL, "1/s" },
	{ "*_pps", NULL, "packets/s" },
	{ "*_ns", NULL, "ns" },
	{ "*_us*", NULL, "us" },
	{ "*_pct", "CPU time", "%" },
	{ "*_j", "energy", "J" },
	{ "*_uj", "energy", "uJ" },
	{ "*_w", "power", "W" },
	{ "*_seconds", NULL, "s" },
	{ "*drops*", "drops", "packets" },
	{ "*dropped*", "drops", "packets" },
	{ "rx_missed_errors", "drops", "packets" },
	{ "delivered", NULL, "packets" },
	{ "forwarded", NULL, "packets" },
	{ "offered", NULL, "packets" },
	{ "queued", NULL, "packets" },
};

static int unit_index(const char *column)
{
	for (guint i = 0; i < G_N_ELEMENTS(units); i++)
		if (g_pattern_match_simple(units[i].pattern, column))
			return (int)i;
	return -1;
}

/**
 * sim_plot_label() - an axis label with its unit, from a column name.
 * @column: column name
 *
 * Return: "offered load: traffic.rate_pps (packets/s)", "latency_p99_ns
 * (ns)", or the bare name when no unit is known; free with g_free().
 */
char *sim_plot_label(const char *column)
{
	int u = unit_index(column);

	if (u < 0)
		return g_strdup(column);
	if (units[u].what)
		return g_strdup_printf("%s: %s (%s)", units[u].what, column,
				       units[u].unit);
	return g_strdup_printf("%s (%s)", column, units[u].unit);
}

/* One column: its label; several: their shared unit, or their names. */
static char *y_label(const char *const *y)
{
	g_autoptr(GString) names = g_string_new(NULL);
	int u0 = unit_index(y[0]);
	gboolean same = u0 >= 0;

	if (!y[1])
		return sim_plot_label(y[0]);
	for (guint i = 0; y[i]; i++) {
		int u = unit_index(y[i]);

		g_string_append_printf(names, "%s%s", i ? ", " : "", y[i]);
		same = same && u >= 0 &&
		       strcmp(units[u].unit, units[u0].unit) == 0 &&
		       g_strcmp0(units[u].what, units[u0].what) == 0;
	}
	if (same && units[u0].what)
		return g_strdup_printf("%s (%s)", units[u0].what,
				       units[u0].unit);
	if (same)
		return g_strdup_printf("%s (%s)", names->str, units[u0].unit);
	return g_string_free(g_steal_pointer(&names), FALSE);
}

/**
 * sim_plot_log_axis() - whether values span decades.
 * @v: values
 * @n: how many
 *
 * Return: TRUE when all are above 0 and the largest is over 100 times
 * the smallest.
 */
gboolean sim_plot_log_axis(const double *v, guint n)
{
	double lo = INFINITY, hi = -INFINITY;

	for (guint i = 0; i < n; i++) {
		if (!(v[i] > 0))
			return FALSE;
		lo = MIN(lo, v[i]);
		hi = MAX(hi, v[i]);
	}
	return n > 0 && hi > 100 * lo;
}

/* ---------------------------------------------------------------- data */

static gboolean is_key(const char *column)
{
	return strchr(column, '.') != NULL;
}

static gboolean cell_number(const char *cell, double *v)
{
	char *end;

	if (!*cell)
		return FALSE;
	*v = g_ascii_strtod(cell, &end);
	return !*end && isfinite(*v);
}

static gboolean column_error(GError **error, const struct sim_tsv *t,
			     const char *column, const char *why)
{
	g_autoptr(GString) all = g_string_new(NULL);

	for (guint i = 0; i < t->names->len; i++)
		g_string_append_printf(all, "%s%s", i ? "," : "",
				       (char *)t->names->pdata[i]);
	g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_COLUMN,
		    "%s: %s \"%s\" (columns: %s)", t->path, why, column,
		    all->str);
	return FALSE;
}

/* The column's values as numbers; FALSE if a cell is not a number. */
static gboolean column_values(const struct sim_tsv *t, int c, GArray *out)
{
	for (guint r = 0; r < t->rows->len; r++) {
		const char *cell = ((char **)t->rows->pdata[r])[c];
		double v;

		if (!*cell)
			continue;
		if (!cell_number(cell, &v))
			return FALSE;
		g_array_append_val(out, v);
	}
	return TRUE;
}

/* The default x: traffic.rate_pps, else the first numeric key column. */
static const char *default_x(const struct sim_tsv *t)
{
	if (sim_tsv_column(t, "traffic.rate_pps") >= 0)
		return "traffic.rate_pps";
	for (guint i = 0; i < t->names->len; i++) {
		g_autoptr(GArray) v = g_array_new(FALSE, FALSE,
						  sizeof(double));

		if (is_key(t->names->pdata[i]) &&
		    column_values(t, i, v) && v->len)
			return t->names->pdata[i];
	}
	return NULL;
}

struct line {
	char *title;		/* "mitigation.policy=dim, traffic.size=60" */
	GPtrArray *rows;	/* char ** of the table, not owned */
};

static void line_free(gpointer data)
{
	struct line *l = data;

	g_free(l->title);
	g_ptr_array_unref(l->rows);
	g_free(l);
}

static int x_column;	/* for sort_by_x() */

static int sort_by_x(gconstpointer a, gconstpointer b)
{
	double va = 0, vb = 0;

	cell_number((*(char ***)a)[x_column], &va);
	cell_number((*(char ***)b)[x_column], &vb);
	return va < vb ? -1 : va > vb;
}

/*
 * Group the rows by the values of the @by columns, in order of first
 * appearance, each group sorted by x.  Any other key column must not
 * vary, or a line would zigzag between its values.
 */
static GPtrArray *split_lines(const struct sim_tsv *t, int x,
			      const char *by, gboolean by_given,
			      GError **error)
{
	g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(line_free);
	g_autoptr(GHashTable) index = g_hash_table_new_full(g_str_hash,
							    g_str_equal,
							    g_free, NULL);
	g_autoptr(GArray) cols = g_array_new(FALSE, FALSE, sizeof(int));
	g_auto(GStrv) names = by ? g_strsplit(by, ",", -1) : NULL;

	for (guint i = 0; names && names[i]; i++) {
		int c = sim_tsv_column(t, g_strstrip(names[i]));

		if (!*names[i])
			continue;
		if (c < 0)
			return column_error(error, t, names[i],
					    "--by: no column"), NULL;
		g_array_append_val(cols, c);
	}
	for (guint i = 0; !by_given && i < t->names->len; i++) {
		if ((int)i != x && is_key(t->names->pdata[i]))
			g_array_append_val(cols, (int) { i });
	}
	/* a key that is neither x nor --by must be constant */
	for (guint i = 0; by_given && i < t->names->len; i++) {
		gboolean listed = (int)i == x;

		for (guint k = 0; k < cols->len; k++)
			listed |= g_array_index(cols, int, k) == (int)i;
		if (listed || !is_key(t->names->pdata[i]))
			continue;
		for (guint r = 1; r < t->rows->len; r++) {
			if (strcmp(((char **)t->rows->pdata[r])[i],
				   ((char **)t->rows->pdata[0])[i]) != 0)
				return column_error(error, t,
						    t->names->pdata[i],
						    "--by: add to it (or plot "
						    "on --x) the varying "
						    "column"), NULL;
		}
	}

	for (guint r = 0; r < t->rows->len; r++) {
		char **row = t->rows->pdata[r];
		g_autoptr(GString) title = g_string_new(NULL);
		struct line *l;
		gpointer found;

		for (guint k = 0; k < cols->len; k++) {
			int c = g_array_index(cols, int, k);

			g_string_append_printf(title, "%s%s=%s",
					       k ? ", " : "",
					       (char *)t->names->pdata[c],
					       row[c]);
		}
		if (g_hash_table_lookup_extended(index, title->str, NULL,
						 &found)) {
			l = lines->pdata[GPOINTER_TO_UINT(found)];
		} else {
			l = g_new0(struct line, 1);
			l->title = g_strdup(title->str);
			l->rows = g_ptr_array_new();
			g_hash_table_insert(index, g_strdup(title->str),
					    GUINT_TO_POINTER(lines->len));
			g_ptr_array_add(lines, l);
		}
		g_ptr_array_add(l->rows, row);
	}
	x_column = x;
	for (guint i = 0; i < lines->len; i++)
		g_ptr_array_sort(((struct line *)lines->pdata[i])->rows,
				 sort_by_x);
	return g_steal_pointer(&lines);
}

/* ---------------------------------------------------------------- gnuplot */

/* scripts/plot.gp beside the binary (a build tree), else installed. */
static char *find_script(GError **error)
{
	g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
	g_autofree char *dir = exe ? g_path_get_dirname(exe) : NULL;
	char *path;

	if (dir) {
		path = g_build_filename(dir, "scripts", "plot.gp", NULL);
		if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
			return path;
		g_free(path);
	}
	path = g_build_filename(PKGDATADIR, "scripts", "plot.gp", NULL);
	if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
		return path;
	g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_SCRIPT,
		    "%s: no such file (and none beside napisim)", path);
	g_free(path);
	return NULL;
}

static char *find_gnuplot(GError **error)
{
	if (g_file_test(GNUPLOT_PATH, G_FILE_TEST_IS_EXECUTABLE))
		return g_strdup(GNUPLOT_PATH);
	{
		char *p = g_find_program_in_path("gnuplot");

		if (p)
			return p;
	}
	g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_GNUPLOT,
		    "%s: gnuplot not found (apt-get install gnuplot-nox)",
		    GNUPLOT_PATH);
	return NULL;
}

/* A gnuplot single-quoted string: no escapes but '' for '. */
static void gp_string(GString *out, const char *name, const char *value)
{
	g_autofree char *q = NULL;
	g_auto(GStrv) parts = g_strsplit(value, "'", -1);

	q = g_strjoinv("''", parts);
	g_string_append_printf(out, "%s='%s'; ", name, q);
}

/* A word of a gnuplot word list: double-quoted, no double quotes inside. */
static void gp_word(GString *out, const char *word)
{
	g_autofree char *w = g_strdup(word);

	g_strdelimit(w, "\"", '\'');
	g_string_append_printf(out, "%s\"%s\"", out->len ? " " : "", w);
}

static gboolean run_gnuplot(const char *assignments, GError **error)
{
	g_autofree char *gnuplot = find_gnuplot(error);
	g_autofree char *script = gnuplot ? find_script(error) : NULL;
	g_autofree char *err_text = NULL;
	const char *argv[] = { gnuplot, "-e", assignments, script, NULL };
	g_autoptr(GError) err = NULL;
	int status;

	if (!script)
		return FALSE;
	if (!g_spawn_sync(NULL, (char **)argv, NULL,
			  G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
			  &err_text, &status, &err)) {
		g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_GNUPLOT,
			    "%s: %s", gnuplot, err->message);
		return FALSE;
	}
	if (!g_spawn_check_wait_status(status, NULL)) {
		g_auto(GStrv) lines = g_strsplit(g_strstrip(err_text), "\n",
						 -1);
		guint n = g_strv_length(lines);

		/* gnuplot's last line says what went wrong */
		g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_GNUPLOT,
			    "gnuplot %s failed: %s", script,
			    n ? g_strstrip(lines[n - 1]) : "no message");
		return FALSE;
	}
	return TRUE;
}

/* ---------------------------------------------------------------- plot */

static char *default_out_dir(const char *input)
{
	if (g_file_test(input, G_FILE_TEST_IS_DIR))
		return g_build_filename(input, "plots", NULL);
	return g_path_get_dirname(input);
}

/* Write each line's rows to TMP/N.tsv; return the word lists. */
static gboolean write_lines(const struct sim_tsv *t, GPtrArray *lines,
			    const char *tmp, GString *files, GString *titles,
			    GError **error)
{
	for (guint i = 0; i < lines->len; i++) {
		const struct line *l = lines->pdata[i];
		g_autoptr(sim_tsv) part = NULL;
		g_autofree char *name = g_strdup_printf("%u.tsv", i);
		g_autofree char *path = g_build_filename(tmp, name, NULL);

		g_ptr_array_add(t->names, NULL);
		part = sim_tsv_new((const char *const *)t->names->pdata);
		g_ptr_array_set_size(t->names, t->names->len - 1);
		for (guint r = 0; r < l->rows->len; r++)
			sim_tsv_add_row(part, l->rows->pdata[r]);
		if (!sim_tsv_write(part, path, error))
			return FALSE;
		gp_word(files, path);
		gp_word(titles, l->title);
	}
	return TRUE;
}

/* Remove the per-line files, gnuplot's pictures and their directory. */
static void remove_tmp(const char *tmp, guint n)
{
	static const char *const pictures[] = { "plot.png", "plot.svg" };

	for (guint i = 0; i < n; i++) {
		g_autofree char *name = g_strdup_printf("%u.tsv", i);
		g_autofree char *path = g_build_filename(tmp, name, NULL);

		g_unlink(path);
	}
	for (guint i = 0; i < G_N_ELEMENTS(pictures); i++) {
		g_autofree char *path = g_build_filename(tmp, pictures[i],
							 NULL);

		g_unlink(path);
	}
	g_rmdir(tmp);
}

/*
 * gnuplot draws into the temporary directory; only a picture it finished
 * is copied out, by sim_write_file(), so a failed run leaves no empty
 * PNG and an existing one is replaced whole.
 */
static gboolean publish(const char *tmp, const char *out, const char *ext,
			GPtrArray *written, GError **error)
{
	g_autofree char *name = g_strdup_printf("plot.%s", ext);
	g_autofree char *from = g_build_filename(tmp, name, NULL);
	g_autofree char *to = g_strdup_printf("%s.%s", out, ext);
	g_autofree char *data = NULL;
	gsize len;

	if (!g_file_get_contents(from, &data, &len, error) ||
	    !sim_write_file(to, data, len, error))
		return FALSE;
	g_ptr_array_add(written, g_steal_pointer(&to));
	return TRUE;
}

/* Axis choices from the data: log scale, and SI-prefixed big tics. */
static void axis(GString *gp, const char *name, const char *fmt_name,
		 GArray *v)
{
	double hi = 0;

	for (guint i = 0; i < v->len; i++)
		hi = MAX(hi, fabs(g_array_index(v, double, i)));
	g_string_append_printf(gp, "%s=%d; ", name,
			       sim_plot_log_axis((double *)v->data, v->len));
	gp_string(gp, fmt_name, hi >= 1e5 ? "%.1s%c" : "%g");
}

static gboolean render(const struct sim_tsv *t, const struct sim_plot *plot,
		       const char *out_dir, GPtrArray *written,
		       GError **error)
{
	g_autoptr(GString) gp = g_string_new(NULL);
	g_autoptr(GString) files = g_string_new(NULL);
	g_autoptr(GString) titles = g_string_new(NULL);
	g_autoptr(GString) ycols = g_string_new(NULL);
	g_autoptr(GArray) xv = g_array_new(FALSE, FALSE, sizeof(double));
	g_autoptr(GArray) yv = g_array_new(FALSE, FALSE, sizeof(double));
	g_autoptr(GPtrArray) lines = NULL;
	g_autofree char *name = NULL, *out = NULL, *tmp = NULL, *draw = NULL;
	g_autofree char *xlabel = NULL, *ylabel = NULL, *title = NULL;
	g_autofree char *ynames = NULL;
	const char *scenario = sim_tsv_meta(t, "scenario");
	const char *x = plot->x ? plot->x : default_x(t);
	int xc;
	gboolean ok;

	if (!x)
		return column_error(error, t, "group.key", "no numeric "
				    "varied column to plot against: give --x "
				    "naming a column like");
	xc = sim_tsv_column(t, x);
	if (xc < 0)
		return column_error(error, t, x, "--x: no column");
	if (!column_values(t, xc, xv))
		return column_error(error, t, x, "--x: not numeric:");
	for (guint i = 0; plot->y[i]; i++) {
		int c = sim_tsv_column(t, plot->y[i]);

		if (c < 0)
			return column_error(error, t, plot->y[i],
					    "--y: no column");
		if (!column_values(t, c, yv))
			return column_error(error, t, plot->y[i],
					    "--y: not numeric:");
		gp_word(ycols, plot->y[i]);
	}
	lines = split_lines(t, xc, plot->by, plot->by != NULL, error);
	if (!lines)
		return FALSE;

	name = plot->name ? g_strdup(plot->name)
			  : g_strjoinv("+", (char **)plot->y);
	out = g_build_filename(out_dir, name, NULL);
	xlabel = sim_plot_label(x);
	ylabel = y_label(plot->y);
	ynames = g_strjoinv(", ", (char **)plot->y);
	title = g_strdup_printf("%s: %s vs %s", scenario ? scenario : t->path,
				ynames, x);
	tmp = g_dir_make_tmp("napisim-plot-XXXXXX", error);
	if (!tmp)
		return FALSE;
	draw = g_build_filename(tmp, "plot", NULL);
	ok = write_lines(t, lines, tmp, files, titles, error);
	if (ok) {
		gp_string(gp, "files", files->str);
		gp_string(gp, "titles", titles->str);
		gp_string(gp, "xcol", x);
		gp_string(gp, "ycols", ycols->str);
		gp_string(gp, "xlabel", xlabel);
		gp_string(gp, "ylabel", ylabel);
		gp_string(gp, "title", title);
		gp_string(gp, "out", draw);
		axis(gp, "logx", "xfmt", xv);
		axis(gp, "logy", "yfmt", yv);
		ok = run_gnuplot(gp->str, error) &&
		     publish(tmp, out, "png", written, error) &&
		     publish(tmp, out, "svg", written, error);
	}
	remove_tmp(tmp, lines->len);
	return ok;
}

/**
 * sim_plot_render() - draw one plot as NAME.png and NAME.svg.
 * @input: a result file or a sweep directory
 * @plot: what to plot
 * @written: gets the path of each file written (char *, owned)
 * @error: SIM_PLOT_ERROR, SIM_TSV_ERROR, G_FILE_ERROR
 *
 * Return: TRUE on success.
 */
gboolean sim_plot_render(const char *input, const struct sim_plot *plot,
			 GPtrArray *written, GError **error)
{
	g_autoptr(sim_tsv) t = sim_tsv_read(input, error);
	g_autofree char *out_dir = NULL;

	if (!t)
		return FALSE;
	out_dir = plot->out_dir ? g_strdup(plot->out_dir)
				: default_out_dir(input);
	return sim_make_dir(out_dir, error) &&
	       render(t, plot, out_dir, written, error);
}

/*
 * The standard plots: the first column of each list that the table has
 * is drawn.  The host model writes the per-second rates and
 * cpu_busy_pct; the counts stand in for the rates in result files from
 * before it did.
 */
static const struct {
	const char *name;
	const char *const columns[3];
} defaults[] = {
	{ "livelock", { "tput_pps", "tput" } },
	{ "interrupts", { "rxint_per_s", "rxint" } },
	{ "latency", { "latency_p99_ns" } },
	{ "cpu", { "cpu_busy_pct" } },
};

/* The first of @columns that @t has, or NULL. */
static const char *pick_column(const struct sim_tsv *t,
			       const char *const *columns)
{
	for (guint i = 0; columns[i]; i++)
		if (sim_tsv_column(t, columns[i]) >= 0)
			return columns[i];
	return NULL;
}

/**
 * sim_plot_defaults() - a sweep's standard plots.
 * @input: a result file or a sweep directory
 * @out_dir: as in struct sim_plot
 * @written: gets the path of each file written
 * @skipped: gets a note on each plot left out (no such column)
 * @error: SIM_PLOT_ERROR, SIM_TSV_ERROR, G_FILE_ERROR
 *
 * Return: TRUE on success, also when every plot was skipped.
 */
gboolean sim_plot_defaults(const char *input, const char *out_dir,
			   GPtrArray *written, GPtrArray *skipped,
			   GError **error)
{
	g_autoptr(sim_tsv) t = sim_tsv_read(input, error);
	g_autofree char *dir = NULL;
	const char *x;

	if (!t)
		return FALSE;
	x = default_x(t);
	if (!x || !t->rows->len) {
		g_ptr_array_add(skipped, g_strdup(x ? "no points" :
			"no numeric varied key to plot against"));
		return TRUE;
	}
	dir = out_dir ? g_strdup(out_dir) : default_out_dir(input);
	if (!sim_make_dir(dir, error))
		return FALSE;
	for (guint i = 0; i < G_N_ELEMENTS(defaults); i++) {
		const char *y[] = { pick_column(t, defaults[i].columns),
				    NULL };
		struct sim_plot plot = {
			.x = x,
			.y = y,
			.name = defaults[i].name,
		};

		if (!y[0]) {
			g_ptr_array_add(skipped, g_strdup_printf(
				"%s: no %s column", defaults[i].name,
				defaults[i].columns[0]));
			continue;
		}
		if (!render(t, &plot, dir, written, error))
			return FALSE;
	}
	return TRUE;
}
