/*
 * sim/cli/plot.c - plots of a result table, drawn by gnuplot; see
 * sim/cli/plot.h.
 *
 * gnuplot runs as a real process on scripts/plot.gp.  Each line of a plot
 * is one TSV file holding some of the table's rows, unchanged (the rows
 * of one --by combination, sorted by x so the line does not zigzag), so
 * the script reads the same cells points.tsv has.  A categorical x axis
 * adds one column, the category's position.
 *
 * Which key columns make an axis: keys whose values go one-to-one (a
 * [points] zip= of the scenario: Olsson's frame size and rate) are one
 * axis.  The x column moves along one axis (its own, or for an output
 * column like ipps, the axis whose changes change it); every other axis
 * that varies gives the lines, one per value.
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
#include "sim/config/columns.h"
#include "sim/config/param.h"

G_DEFINE_QUARK(sim-plot-error-quark, sim_plot_error)

/* The column gnuplot reads a categorical x position from. */
#define XPOS_COLUMN "napisim_x"

/* ---------------------------------------------------------------- labels */

/* The unit of @column ("" when it has none or is unknown). */
static const char *column_unit(const char *column)
{
	const struct sim_column *c = sim_column_find(column, NULL);
	const struct sim_param *p = c ? NULL
				      : sim_column_key_param(column, NULL);

	if (c)
		return c->unit;
	return p && p->unit ? p->unit : "";
}

/* "p99 latency: latency_p99_ns (µs)", with @unit as shown. */
static char *label_in(const char *column, const char *unit)
{
	int cpu;
	const struct sim_column *c = sim_column_find(column, &cpu);
	g_autofree char *what = NULL;

	if (c && cpu >= 0)
		what = g_strdup_printf("CPU %d %s: %s", cpu, c->label, column);
	else if (c)
		what = g_strdup_printf("%s: %s", c->label, column);
	else
		what = g_strdup(column);
	if (!*unit)
		return g_steal_pointer(&what);
	return g_strdup_printf("%s (%s)", what, unit);
}

/**
 * sim_plot_label() - an axis label with its unit, from a column name.
 * @column: column name
 *
 * Return: "p99 latency: latency_p99_ns (ns)" for a declared column
 * (sim/config/columns.c), "traffic.rate_pps (pkts/s)" for a scenario key,
 * or the bare name; free with g_free().
 */
char *sim_plot_label(const char *column)
{
	return label_in(column, column_unit(column));
}

/**
 * sim_plot_time_unit() - a time unit that keeps numbers short.
 * @unit: the column's unit
 * @max: the largest absolute value to show
 * @scale: set to what to divide the values by
 *
 * Return: "µs" or "ms" for nanoseconds of more than 10 µs or 10 ms
 * (@scale 1e3, 1e6); else @unit, with @scale 1.
 */
const char *sim_plot_time_unit(const char *unit, double max, double *scale)
{
	*scale = 1;
	if (strcmp(unit, "ns") != 0 || max < 1e4)
		return unit;
	*scale = max < 1e7 ? 1e3 : 1e6;
	return max < 1e7 ? "µs" : "ms";
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Every value finite and above 0. */
static gboolean all_positive(const double *v, guint n)
{
	for (guint i = 0; i < n; i++)
		if (!(v[i] > 0) || !isfinite(v[i]))
			return FALSE;
	return n > 0;
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
	double lo = INFINITY, hi = 0;

	if (!all_positive(v, n))
		return FALSE;
	for (guint i = 0; i < n; i++) {
		lo = MIN(lo, v[i]);
		hi = MAX(hi, v[i]);
	}
	return hi > 100 * lo;
}

/**
 * sim_plot_doubling() - whether values grow geometrically, as a sweep
 * START:STOP:x2 does.
 * @v: values
 * @n: how many
 *
 * Return: TRUE when all are above 0, three or more are distinct, and
 * each distinct value is at least 1.5 times the one below it.
 */
gboolean sim_plot_doubling(const double *v, guint n)
{
	g_autofree double *s = NULL;
	guint distinct = 1;

	if (!all_positive(v, n))
		return FALSE;
	s = g_memdup2(v, n * sizeof(double));
	qsort(s, n, sizeof(double), cmp_double);
	for (guint i = 1; i < n; i++) {
		if (s[i] == s[i - 1])
			continue;
		if (s[i] < 1.5 * s[i - 1])
			return FALSE;
		distinct++;
	}
	return distinct >= 3;
}

/* ---------------------------------------------------------------- data */

static gboolean cell_number(const char *cell, double *v)
{
	char *end;

	if (!*cell)
		return FALSE;
	*v = g_ascii_strtod(cell, &end);
	return !*end && isfinite(*v);
}

static const char *cell(const struct sim_tsv *t, guint r, int c)
{
	return ((char **)t->rows->pdata[r])[c];
}

/* "no column "x" (did you mean y?)" for an option. */
static gboolean column_error(GError **error, const struct sim_tsv *t,
			     const char *option, const char *column)
{
	const char *hint = sim_closest_name(column, t->names);

	if (hint)
		return sim_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_COLUMN,
				 "%s: %s: no column \"%s\" (did you mean %s?)",
				 t->path, option, column, hint);
	return sim_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_COLUMN,
			 "%s: %s: no column \"%s\" (the table has %u; "
			 "napisim columns explains them)", t->path, option,
			 column, t->names->len);
}

/* The column's values as numbers; FALSE if a cell is not a number. */
static gboolean column_values(const struct sim_tsv *t, int c, GArray *out)
{
	for (guint r = 0; r < t->rows->len; r++) {
		double v;

		if (!*cell(t, r, c))
			continue;
		if (!cell_number(cell(t, r, c), &v))
			return FALSE;
		g_array_append_val(out, v);
	}
	return TRUE;
}

/* ---------------------------------------------------------------- axes */

/* The values of columns @a and @b go one-to-one over the rows. */
static gboolean one_to_one(const struct sim_tsv *t, int a, int b)
{
	g_autoptr(GHashTable) ab = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) ba = g_hash_table_new(g_str_hash, g_str_equal);

	for (guint r = 0; r < t->rows->len; r++) {
		const char *x = cell(t, r, a), *y = cell(t, r, b);
		const char *fx = g_hash_table_lookup(ab, x);
		const char *fy = g_hash_table_lookup(ba, y);

		if ((fx && strcmp(fx, y) != 0) || (fy && strcmp(fy, x) != 0))
			return FALSE;
		g_hash_table_insert(ab, (gpointer)x, (gpointer)y);
		g_hash_table_insert(ba, (gpointer)y, (gpointer)x);
	}
	return TRUE;
}

/*
 * The axes of @t: its key columns, those whose values go one-to-one
 * together (zipped keys), each a GArray of column indices.
 */
static GPtrArray *key_axes(const struct sim_tsv *t)
{
	GPtrArray *axes = g_ptr_array_new_with_free_func(
		(GDestroyNotify)g_array_unref);

	for (guint i = 0; i < t->names->len; i++) {
		GArray *axis = NULL;

		if (!sim_column_is_key(t->names->pdata[i]))
			continue;
		for (guint a = 0; !axis && a < axes->len; a++) {
			GArray *other = axes->pdata[a];

			if (one_to_one(t, g_array_index(other, int, 0), i))
				axis = other;
		}
		if (!axis) {
			axis = g_array_new(FALSE, FALSE, sizeof(int));
			g_ptr_array_add(axes, axis);
		}
		g_array_append_val(axis, (int) { i });
	}
	return axes;
}

static gboolean axis_has(const GArray *axis, int c)
{
	for (guint k = 0; k < axis->len; k++)
		if (g_array_index(axis, int, k) == c)
			return TRUE;
	return FALSE;
}

/* The values of row @r on every axis but @skip, as one string. */
static char *values_on(const struct sim_tsv *t, guint r, GPtrArray *axes,
		       int skip)
{
	GString *s = g_string_new(NULL);

	for (guint a = 0; a < axes->len; a++) {
		const GArray *axis = axes->pdata[a];

		if ((int)a == skip)
			continue;
		for (guint k = 0; k < axis->len; k++)
			g_string_append_printf(s, "%s\t",
				cell(t, r, g_array_index(axis, int, k)));
	}
	return g_string_free(s, FALSE);
}

/*
 * The axis x moves along: the axis of a key column, else for an output
 * column (ipps) the axis along which x changes most often with every
 * other axis held.  -1 when there is none.
 */
static int x_axis(const struct sim_tsv *t, GPtrArray *axes, int xc)
{
	int best = -1;
	guint best_n = 0;

	for (guint a = 0; a < axes->len; a++)
		if (axis_has(axes->pdata[a], xc))
			return (int)a;
	for (guint a = 0; a < axes->len; a++) {
		g_autoptr(GHashTable) seen = g_hash_table_new_full(
			g_str_hash, g_str_equal, g_free, NULL);
		guint n = 0;

		/* distinct (other axes, x) pairs beyond one per group */
		for (guint r = 0; r < t->rows->len; r++) {
			g_autofree char *rest = values_on(t, r, axes, a);
			char *both = g_strconcat(rest, "\n", cell(t, r, xc),
						 NULL);

			if (!g_hash_table_contains(seen, rest)) {
				g_hash_table_add(seen, g_steal_pointer(&rest));
			} else if (!g_hash_table_contains(seen, both)) {
				n++;
			}
			g_hash_table_add(seen, both);
		}
		if (n > best_n) {
			best_n = n;
			best = (int)a;
		}
	}
	return best;
}

/* ---------------------------------------------------------------- x */

/*
 * A categorical x: the distinct values in order (numerically when they
 * are numbers), with their positions.  Used when a value is not a
 * number, or for a scenario key without a unit (a CPU, a nice level, a
 * mode like e1000's InterruptThrottleRate).
 */
struct categories {
	GPtrArray *values;	/* char *, not owned */
	GHashTable *pos;	/* value -> position + 1 */
};

static void categories_clear(struct categories *cat)
{
	if (cat->values)
		g_ptr_array_unref(cat->values);
	if (cat->pos)
		g_hash_table_unref(cat->pos);
}

/* g_auto() needs a type name; only it uses this typedef */
typedef struct categories categories_t;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(categories_t, categories_clear)

static int cmp_numeric_text(gconstpointer a, gconstpointer b)
{
	double x = g_ascii_strtod(*(char **)a, NULL);
	double y = g_ascii_strtod(*(char **)b, NULL);

	return x < y ? -1 : x > y;
}

static gboolean want_categories(const struct sim_tsv *t, int xc)
{
	const char *name = t->names->pdata[xc];
	const struct sim_param *p = sim_column_key_param(name, NULL);
	g_autoptr(GArray) v = g_array_new(FALSE, FALSE, sizeof(double));

	if (!column_values(t, xc, v))
		return TRUE;
	return p && !*p->unit && p->type != SIM_PT_DOUBLE;
}

static void find_categories(const struct sim_tsv *t, int xc,
			    struct categories *cat)
{
	g_autoptr(GArray) v = g_array_new(FALSE, FALSE, sizeof(double));

	cat->values = g_ptr_array_new();
	cat->pos = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint r = 0; r < t->rows->len; r++) {
		const char *x = cell(t, r, xc);

		if (*x && !g_hash_table_contains(cat->pos, x)) {
			g_hash_table_add(cat->pos, (gpointer)x);
			g_ptr_array_add(cat->values, (gpointer)x);
		}
	}
	if (column_values(t, xc, v))
		g_ptr_array_sort(cat->values, cmp_numeric_text);
	for (guint i = 0; i < cat->values->len; i++)
		g_hash_table_insert(cat->pos, cat->values->pdata[i],
				    GUINT_TO_POINTER(i + 1));
}

/* "0 (off)": a value and what it stands for. */
static char *value_text(const char *column, const char *value)
{
	const char *name = sim_key_value_name(column, value);

	return name ? g_strdup_printf("%s (%s)", value, name)
		    : g_strdup(value);
}

/* ---------------------------------------------------------------- lines */

struct line {
	char *title;		/* the --by values: "napi, -10" */
	GArray *rows;		/* guint row indices, sorted by x */
};

static void line_free(gpointer data)
{
	struct line *l = data;

	g_free(l->title);
	g_array_unref(l->rows);
	g_free(l);
}

/*
 * The legend's title: the columns the lines are by, with their units;
 * each entry holds their values in that order ("napi, -10").
 */
static char *key_title(const struct sim_tsv *t, GArray *cols)
{
	GString *s = g_string_new(NULL);

	for (guint k = 0; k < cols->len; k++) {
		const char *name = t->names->pdata[g_array_index(cols, int,
								 k)];
		const char *unit = column_unit(name);

		g_string_append_printf(s, "%s%s%s%s%s", k ? ", " : "", name,
				       *unit ? " (" : "", unit,
				       *unit ? ")" : "");
	}
	return g_string_free(s, FALSE);
}

static int sort_column;		/* for cmp_rows() */
static const struct sim_tsv *sort_table;

static int cmp_rows(gconstpointer a, gconstpointer b)
{
	guint ra = *(const guint *)a, rb = *(const guint *)b;
	double va = 0, vb = 0;

	cell_number(cell(sort_table, ra, sort_column), &va);
	cell_number(cell(sort_table, rb, sort_column), &vb);
	if (va != vb)
		return va < vb ? -1 : 1;
	return ra < rb ? -1 : ra > rb;
}

/*
 * Group the rows into lines by the values of the @by columns (a comma
 * list; NULL: every axis but x's), in order of first appearance, each
 * sorted by x.  Any other axis must be constant within a line, or the
 * line would zigzag between its values.
 */
static GPtrArray *split_lines(const struct sim_tsv *t, int xc,
			      GPtrArray *axes, int xa, const char *by,
			      char **keytitle, GError **error)
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
			return column_error(error, t, "--by", names[i]), NULL;
		g_array_append_val(cols, c);
	}
	for (guint a = 0; !by && a < axes->len; a++) {
		const GArray *axis = axes->pdata[a];

		if ((int)a == xa)
			continue;
		for (guint k = 0; k < axis->len; k++)
			g_array_append_val(cols, g_array_index(axis, int, k));
	}

	for (guint r = 0; r < t->rows->len; r++) {
		g_autoptr(GString) key = g_string_new(NULL);
		g_autoptr(GString) title = g_string_new(NULL);
		struct line *l;
		gpointer found;

		for (guint k = 0; k < cols->len; k++) {
			int c = g_array_index(cols, int, k);

			g_string_append_printf(key, "%s\t", cell(t, r, c));
			g_autofree char *v = value_text(t->names->pdata[c],
							cell(t, r, c));

			g_string_append_printf(title, "%s%s", k ? ", " : "",
					       v);
		}
		if (g_hash_table_lookup_extended(index, key->str, NULL,
						 &found)) {
			l = lines->pdata[GPOINTER_TO_UINT(found)];
		} else {
			l = g_new0(struct line, 1);
			l->title = g_strdup(title->str);
			l->rows = g_array_new(FALSE, FALSE, sizeof(guint));
			g_hash_table_insert(index, g_strdup(key->str),
					    GUINT_TO_POINTER(lines->len));
			g_ptr_array_add(lines, l);
		}
		g_array_append_val(l->rows, r);
	}

	/* an axis that is neither x nor --by must not vary in a line */
	for (guint a = 0; a < axes->len; a++) {
		const GArray *axis = axes->pdata[a];
		int c = g_array_index(axis, int, 0);

		if ((int)a == xa)
			continue;
		for (guint i = 0; i < lines->len; i++) {
			const struct line *l = lines->pdata[i];
			const char *v0 = cell(t, g_array_index(l->rows, guint,
							       0), c);

			for (guint k = 1; k < l->rows->len; k++) {
				guint r = g_array_index(l->rows, guint, k);

				if (strcmp(cell(t, r, c), v0) == 0)
					continue;
				sim_error(error, SIM_PLOT_ERROR,
					  SIM_PLOT_ERROR_COLUMN,
					  "%s: --by: the lines would mix the "
					  "values of %s (add it to --by, or "
					  "plot it on --x)", t->path,
					  (char *)t->names->pdata[c]);
				return NULL;
			}
		}
	}

	*keytitle = key_title(t, cols);
	sort_column = xc;
	sort_table = t;
	for (guint i = 0; i < lines->len; i++)
		g_array_sort(((struct line *)lines->pdata[i])->rows,
			     cmp_rows);
	return g_steal_pointer(&lines);
}

/* ---------------------------------------------------------------- gnuplot */

/* scripts/plot.gp of napisim's data directory. */
static char *find_script(GError **error)
{
	g_autofree char *data = sim_data_dir();
	char *path = g_build_filename(data, "scripts", "plot.gp", NULL);

	if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
		return path;
	g_set_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_SCRIPT,
		    "%s: no such file (is napisim installed whole?)", path);
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

static void gp_number(GString *out, const char *name, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_string_append_printf(out, "%s=%s; ", name,
			       g_ascii_formatd(buf, sizeof(buf), "%.17g", v));
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

/*
 * Plots of a result file are named after it ("run-livelock.png" for
 * run.tsv), so the plots of two files in one directory never replace
 * each other.  A sweep directory's plots have plots/ to themselves.
 */
static char *file_prefix(const char *input)
{
	g_autofree char *base = NULL;
	char *dot;

	if (g_file_test(input, G_FILE_TEST_IS_DIR))
		return NULL;
	base = g_path_get_basename(input);
	dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = '\0';
	return g_strdup_printf("%s-", base);
}

/* The default x: the real offered load when the rate varies, else the
 * first key column. */
static const char *default_x(const struct sim_tsv *t)
{
	if (sim_tsv_column(t, "traffic.rate_pps") >= 0)
		return sim_tsv_column(t, "ipps") >= 0 ? "ipps"
						     : "traffic.rate_pps";
	for (guint i = 0; i < t->names->len; i++)
		if (sim_column_is_key(t->names->pdata[i]))
			return t->names->pdata[i];
	return NULL;
}

/* Write each line's rows to TMP/N.tsv, and its name to @files. */
static gboolean write_lines(const struct sim_tsv *t, GPtrArray *lines,
			    const struct categories *cat, int xc,
			    const char *tmp, GString *files, GError **error)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new();

	for (guint i = 0; i < t->names->len; i++)
		g_ptr_array_add(names, t->names->pdata[i]);
	if (cat->pos)
		g_ptr_array_add(names, XPOS_COLUMN);
	g_ptr_array_add(names, NULL);
	for (guint i = 0; i < lines->len; i++) {
		const struct line *l = lines->pdata[i];
		g_autoptr(sim_tsv) part = sim_tsv_new(
			(const char *const *)names->pdata);
		g_autofree char *name = g_strdup_printf("%u.tsv", i);
		g_autofree char *path = g_build_filename(tmp, name, NULL);

		for (guint k = 0; k < l->rows->len; k++) {
			guint r = g_array_index(l->rows, guint, k);
			g_autofree const char **row = g_new0(const char *,
							     names->len);
			g_autofree char *pos = NULL;

			memcpy(row, t->rows->pdata[r],
			       t->names->len * sizeof(char *));
			if (cat->pos) {
				pos = g_strdup_printf("%u", GPOINTER_TO_UINT(
					g_hash_table_lookup(cat->pos,
							    cell(t, r, xc)))
					- 1);
				row[t->names->len] = pos;
			}
			sim_tsv_add_row(part, row);
		}
		if (!sim_tsv_write(part, path, error))
			return FALSE;
		gp_word(files, path);
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

static double max_abs(GArray *v)
{
	double hi = 0;

	for (guint i = 0; i < v->len; i++)
		hi = MAX(hi, fabs(g_array_index(v, double, i)));
	return hi;
}

static double min_of(GArray *v)
{
	double lo = v->len ? INFINITY : 0;

	for (guint i = 0; i < v->len; i++)
		lo = MIN(lo, g_array_index(v, double, i));
	return lo;
}

/*
 * A logarithmic x of a sweep: tics at its values ("100000, 200000"), so
 * a doubling sweep reads off the axis; "" when they are too many.
 */
static char *log_tics(GArray *v, double scale)
{
	g_autoptr(GArray) s = g_array_copy(v);
	GString *out = g_string_new(NULL);
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	guint n = 0;

	g_array_sort(s, cmp_double);
	for (guint i = 0; i < s->len; i++) {
		double x = g_array_index(s, double, i);

		if (i && x == g_array_index(s, double, i - 1))
			continue;
		g_string_append_printf(out, "%s%s", n++ ? ", " : "",
				       g_ascii_formatd(buf, sizeof(buf),
						       "%.17g", x / scale));
	}
	if (n > 12)
		g_string_truncate(out, 0);
	return g_string_free(out, FALSE);
}

/* Tics: "1.5M" for big numbers, else as they are. */
static const char *tic_format(double max)
{
	return max >= 1e5 ? "%.1s%c" : "%g";
}

/*
 * What a column is called in a title or legend: "p99 latency", "CPU 0
 * softirq" ("softirq" when @cpu_known).
 */
static char *short_label(const char *column, gboolean cpu_known)
{
	int cpu;
	const struct sim_column *c = sim_column_find(column, &cpu);

	if (c && cpu >= 0 && !cpu_known)
		return g_strdup_printf("CPU %d %s", cpu, c->label);
	return g_strdup(c ? c->label : column);
}

/* The shared unit of the @y columns, or NULL when they differ. */
static const char *shared_unit(const char *const *y)
{
	const char *unit = column_unit(y[0]);

	for (guint i = 1; y[i]; i++)
		if (strcmp(column_unit(y[i]), unit) != 0)
			return NULL;
	return unit;
}

/*
 * The y axis label: one column's label, or the columns and their unit
 * (@unit NULL: their units differ, and the legend gives them).
 */
static char *y_label(const char *const *y, const char *unit)
{
	g_autofree char *names = g_strjoinv(", ", (char **)y);

	if (!y[1])
		return label_in(y[0], unit ? unit : "");
	if (!unit)
		return g_strdup_printf("%s (units in the legend)", names);
	if (*unit)
		return g_strdup_printf("%s (%s)", names, unit);
	return g_steal_pointer(&names);
}

/*
 * The legend: "16: p99 latency" for each line and column (@cpu_known:
 * the y axis names the CPU); with the unit when the columns' units
 * differ (@mixed), as the axis cannot say it.
 */
static void series_titles(GPtrArray *lines, const char *const *y,
			  gboolean cpu_known, gboolean mixed, GString *titles)
{
	guint ny = g_strv_length((char **)y);

	for (guint i = 0; i < lines->len; i++) {
		const struct line *l = lines->pdata[i];

		for (guint j = 0; j < ny; j++) {
			const char *unit = column_unit(y[j]);
			g_autofree char *label = short_label(y[j], cpu_known);
			g_autofree char *what = mixed && *unit
				? g_strdup_printf("%s (%s)", label, unit)
				: g_strdup(label);
			g_autofree char *t = NULL;

			if (!*l->title)
				t = g_strdup(what);
			else if (ny > 1)
				t = g_strdup_printf("%s: %s", l->title, what);
			else
				t = g_strdup(l->title);
			gp_word(titles, t);
		}
	}
}

/*
 * The tics of a categorical axis, as gnuplot's ("label" pos, ...): a
 * value, and under it, a word a line, what it stands for.  *@lines gets
 * the lines of the tallest label.
 */
static char *category_tics(const char *x, const struct categories *cat,
			   guint *lines)
{
	GString *s = g_string_new(NULL);

	*lines = 1;
	for (guint i = 0; i < cat->values->len; i++) {
		const char *v = cat->values->pdata[i];
		const char *name = sim_key_value_name(x, v);
		g_autofree char *text = g_strdup(v);
		guint n = 1;

		g_strdelimit(text, "\"\\", '\'');
		g_string_append_printf(s, "%s\"%s", i ? ", " : "", text);
		for (const char *c = name; c && *c; c++) {
			if (c == name || *c == ' ') {
				g_string_append(s, "\\n");
				n++;
			}
			if (*c != ' ')
				g_string_append_c(s, *c);
		}
		g_string_append_printf(s, "\" %u", i);
		*lines = MAX(*lines, n);
	}
	return g_string_free(s, FALSE);
}

/*
 * Draw @plot of @t into @out_dir, its file name after @prefix.  @what and
 * @ylabel_text, when not NULL, say what the y columns are together (the
 * busiest CPU's plot); they then name the CPU, and the legend does not.
 */
static gboolean render(const struct sim_tsv *t, const struct sim_plot *plot,
		       const char *what, const char *ylabel_text,
		       const char *out_dir, const char *prefix,
		       GPtrArray *written, GError **error)
{
	g_autoptr(GString) gp = g_string_new(NULL);
	g_autoptr(GString) files = g_string_new(NULL);
	g_autoptr(GString) titles = g_string_new(NULL);
	g_autoptr(GString) ycols = g_string_new(NULL);
	g_autoptr(GArray) xv = g_array_new(FALSE, FALSE, sizeof(double));
	g_autoptr(GArray) yv = g_array_new(FALSE, FALSE, sizeof(double));
	g_autoptr(GPtrArray) axes = key_axes(t);
	g_autoptr(GPtrArray) lines = NULL;
	g_autofree char *name = NULL, *out = NULL, *tmp = NULL, *draw = NULL;
	g_autofree char *xlabel = NULL, *ylabel = NULL, *title = NULL;
	g_autofree char *xwhat = NULL, *tics = NULL, *logtics = NULL;
	g_autofree char *keytitle = NULL;
	g_auto(categories_t) cat = { 0 };
	const char *scenario = sim_tsv_meta(t, "scenario");
	const char *x = plot->x ? plot->x : default_x(t);
	const char *xunit, *yunit;
	double xscale = 1, yscale = 1;
	guint tic_lines = 1;
	int xc;
	gboolean ok;

	if (!x)
		return sim_error(error, SIM_PLOT_ERROR, SIM_PLOT_ERROR_COLUMN,
				 "%s: nothing varies: no key column to plot "
				 "against (give --x)", t->path);
	xc = sim_tsv_column(t, x);
	if (xc < 0)
		return column_error(error, t, "--x", x);
	for (guint i = 0; plot->y[i]; i++) {
		int c = sim_tsv_column(t, plot->y[i]);

		if (c < 0)
			return column_error(error, t, "--y", plot->y[i]);
		if (!column_values(t, c, yv))
			return sim_error(error, SIM_PLOT_ERROR,
					 SIM_PLOT_ERROR_COLUMN,
					 "%s: --y: \"%s\" is not numeric",
					 t->path, plot->y[i]);
		gp_word(ycols, plot->y[i]);
	}
	lines = split_lines(t, xc, axes, x_axis(t, axes, xc), plot->by,
			    &keytitle, error);
	if (!lines)
		return FALSE;

	if (want_categories(t, xc)) {
		find_categories(t, xc, &cat);
		tics = category_tics(x, &cat, &tic_lines);
		xunit = column_unit(x);
	} else {
		column_values(t, xc, xv);
		xunit = sim_plot_time_unit(column_unit(x), max_abs(xv),
					   &xscale);
		logtics = log_tics(xv, xscale);
	}
	yunit = shared_unit(plot->y);
	if (yunit)
		yunit = sim_plot_time_unit(yunit, max_abs(yv), &yscale);

	name = plot->name ? g_strdup(plot->name)
			  : g_strjoinv("+", (char **)plot->y);
	if (prefix) {
		g_autofree char *bare = g_steal_pointer(&name);

		name = g_strconcat(prefix, bare, NULL);
	}
	out = g_build_filename(out_dir, name, NULL);
	xlabel = label_in(x, xunit);
	ylabel = ylabel_text ? g_strdup(ylabel_text)
			     : y_label(plot->y, yunit);
	xwhat = short_label(x, FALSE);
	{
		g_autofree char *ywhat = what ? g_strdup(what) :
			plot->y[1] ? g_strdup(ylabel)
				   : short_label(plot->y[0], FALSE);

		title = g_strdup_printf("%s: %s against %s",
					scenario ? scenario : t->path, ywhat,
					xwhat);
	}
	series_titles(lines, plot->y, what != NULL, !yunit, titles);
	tmp = g_dir_make_tmp("napisim-plot-XXXXXX", error);
	if (!tmp)
		return FALSE;
	draw = g_build_filename(tmp, "plot", NULL);
	ok = write_lines(t, lines, &cat, xc, tmp, files, error);
	if (ok) {
		gp_string(gp, "files", files->str);
		gp_string(gp, "titles", titles->str);
		gp_string(gp, "keytitle", keytitle);
		gp_string(gp, "xcol", cat.pos ? XPOS_COLUMN : x);
		gp_string(gp, "ycols", ycols->str);
		gp_number(gp, "xscale", xscale);
		gp_number(gp, "yscale", yscale);
		gp_string(gp, "xlabel", xlabel);
		gp_string(gp, "ylabel", ylabel);
		gp_string(gp, "title", title);
		gp_string(gp, "out", draw);
		g_string_append_printf(gp, "xcat=%d; ", cat.pos != NULL);
		gp_string(gp, "xtics", tics ? tics : logtics);
		g_string_append_printf(gp, "xticlines=%u; ", tic_lines);
		g_string_append_printf(gp, "logx=%d; logy=%d; ", !cat.pos &&
			(sim_plot_log_axis((double *)xv->data, xv->len) ||
			 sim_plot_doubling((double *)xv->data, xv->len)),
			sim_plot_log_axis((double *)yv->data, yv->len));
		gp_number(gp, "xmin", min_of(xv) / xscale);
		gp_number(gp, "xmax", cat.values ? cat.values->len - 1
						 : max_abs(xv) / xscale);
		gp_string(gp, "xfmt", tic_format(max_abs(xv) / xscale));
		gp_string(gp, "yfmt", tic_format(max_abs(yv) / yscale));
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
	g_autofree char *prefix = NULL;

	if (!t)
		return FALSE;
	out_dir = plot->out_dir ? g_strdup(plot->out_dir)
				: default_out_dir(input);
	/* a --name is taken as given */
	prefix = plot->name ? NULL : file_prefix(input);
	return sim_make_dir(out_dir, error) &&
	       render(t, plot, NULL, NULL, out_dir, prefix, written, error);
}

/*
 * The standard plots: the first column of each list that the table has
 * is drawn.  The host model writes the per-second rates; the counts stand
 * in for the rates in result files from before it did.
 */
static const struct {
	const char *name;
	const char *const columns[3];
} defaults[] = {
	{ "livelock", { "tput_pps", "tput" } },
	{ "interrupts", { "rxint_per_s", "rxint" } },
	{ "latency", { "latency_p99_ns" } },
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

/*
 * The busiest CPU (least idle at any point) and, of its busy shares
 * (hardirq, softirq, ...), those above zero somewhere: where its time
 * went.  cpu_busy_pct would average a saturated CPU with idle ones.
 * Return: the CPU, or -1 when @t has no per-CPU columns.
 */
static int busiest_cpu(const struct sim_tsv *t, GPtrArray *y)
{
	double least = INFINITY;
	int busiest = -1;

	for (guint i = 0; i < t->names->len; i++) {
		int cpu;
		const struct sim_column *c = sim_column_find(
			t->names->pdata[i], &cpu);
		g_autoptr(GArray) v = g_array_new(FALSE, FALSE,
						  sizeof(double));

		if (!c || cpu < 0 || !g_str_has_suffix(c->name, "_idle_pct") ||
		    !column_values(t, i, v))
			continue;
		for (guint k = 0; k < v->len; k++) {
			if (g_array_index(v, double, k) < least) {
				least = g_array_index(v, double, k);
				busiest = cpu;
			}
		}
	}
	for (guint i = 0; busiest >= 0 && i < t->names->len; i++) {
		int cpu;
		const struct sim_column *c = sim_column_find(
			t->names->pdata[i], &cpu);
		g_autoptr(GArray) v = g_array_new(FALSE, FALSE,
						  sizeof(double));

		if (!c || cpu != busiest ||
		    g_str_has_suffix(c->name, "_idle_pct") ||
		    !column_values(t, i, v) || max_abs(v) == 0)
			continue;
		g_ptr_array_add(y, t->names->pdata[i]);
	}
	g_ptr_array_add(y, NULL);
	return busiest;
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
	g_autoptr(GPtrArray) cpu_y = g_ptr_array_new();
	g_autofree char *dir = NULL, *prefix = NULL;
	g_autofree char *cpu_what = NULL, *cpu_label = NULL;
	const char *x;
	int cpu;

	if (!t)
		return FALSE;
	x = default_x(t);
	if (!x || !t->rows->len) {
		g_ptr_array_add(skipped, g_strdup(x ? "no points" :
			"nothing varies: no key column to plot against"));
		return TRUE;
	}
	dir = out_dir ? g_strdup(out_dir) : default_out_dir(input);
	prefix = file_prefix(input);
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
		if (!render(t, &plot, NULL, NULL, dir, prefix, written,
			    error))
			return FALSE;
	}
	cpu = busiest_cpu(t, cpu_y);
	if (cpu_y->len > 1) {
		struct sim_plot plot = {
			.x = x,
			.y = (const char *const *)cpu_y->pdata,
			.name = "cpu",
		};

		cpu_what = g_strdup_printf("where CPU %d's time went (the "
					   "busiest CPU)", cpu);
		cpu_label = g_strdup_printf("share of CPU %d's time (%%)",
					    cpu);
		return render(t, &plot, cpu_what, cpu_label, dir, prefix,
			      written, error);
	}
	g_ptr_array_add(skipped, g_strdup("cpu: no busy CPU column"));
	return TRUE;
}
