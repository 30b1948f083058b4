/*
 * sim/cli/compare.c - regression comparison of two result tables; see
 * sim/cli/compare.h.
 *
 * Cells are compared as text first: golden files are exact, and "1.50"
 * against "1.5" is a change in what the simulator prints.  Numbers are
 * parsed only to say by how much and in which direction a cell moved.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>

#include "sim/cli/compare.h"
#include "sim/cli/output.h"
#include "sim/cli/tsv.h"

G_DEFINE_QUARK(sim-compare-error-quark, sim_compare_error)

/* Never compared: wall time differs from run to run. */
#define ALWAYS_IGNORED "wall_seconds"

/*
 * Which way each metric gets worse, by column name; the first match
 * wins.  The receive path's job is to deliver (tput, delivered,
 * forwarded, and their per-second rates) without dropping, quickly,
 * with few interrupts and little kernel CPU time, power and energy.
 * Time the application or a CPU hog gets (app_pct, hog_pct) and idle
 * time are neither: they follow from the load.  Nor are the shape of
 * the polling (polls*, pkts_per_poll) and the inputs (psize, ipps).
 */
static const struct {
	const char *pattern;
	enum sim_direction dir;
} directions[] = {
	{ "sg_calls", SIM_DIR_DIAGNOSTIC },
	{ "events", SIM_DIR_DIAGNOSTIC },
	{ "wall_seconds", SIM_DIR_DIAGNOSTIC },
	{ "tput*", SIM_DIR_LOWER_WORSE },
	{ "delivered*", SIM_DIR_LOWER_WORSE },
	{ "forwarded*", SIM_DIR_LOWER_WORSE },
	{ "*drops*", SIM_DIR_HIGHER_WORSE },
	{ "*dropped*", SIM_DIR_HIGHER_WORSE },
	{ "rx_missed_errors", SIM_DIR_HIGHER_WORSE },
	{ "time_squeeze", SIM_DIR_HIGHER_WORSE },
	{ "latency_*_ns", SIM_DIR_HIGHER_WORSE },
	{ "rxint*", SIM_DIR_HIGHER_WORSE },
	{ "txint*", SIM_DIR_HIGHER_WORSE },
	{ "timer_irqs", SIM_DIR_HIGHER_WORSE },
	{ "cpu*_hardirq_pct", SIM_DIR_HIGHER_WORSE },
	{ "cpu*_softirq_pct", SIM_DIR_HIGHER_WORSE },
	{ "cpu*_ksoftirqd_pct", SIM_DIR_HIGHER_WORSE },
	{ "cpu*_napi_thread_pct", SIM_DIR_HIGHER_WORSE },
	{ "*busy_pct", SIM_DIR_HIGHER_WORSE },
	{ "energy*", SIM_DIR_HIGHER_WORSE },
	{ "power_w", SIM_DIR_HIGHER_WORSE },
	{ "warnings", SIM_DIR_HIGHER_WORSE },
};

static const char *const verdict_names[] = {
	[SIM_VERDICT_CHANGED] = "changed",
	[SIM_VERDICT_WORSE] = "worse, within tolerance",
	[SIM_VERDICT_REGRESSION] = "REGRESSION",
	[SIM_VERDICT_BETTER] = "better",
	[SIM_VERDICT_ADDED] = "column added",
	[SIM_VERDICT_REMOVED] = "REGRESSION: column removed",
	[SIM_VERDICT_NOT_NUMBER] = "REGRESSION: not a finite number",
};

/**
 * sim_direction_of() - which way a metric gets worse.
 * @column: column name
 *
 * Return: its direction; SIM_DIR_NEUTRAL for a column not listed.
 */
enum sim_direction sim_direction_of(const char *column)
{
	for (guint i = 0; i < G_N_ELEMENTS(directions); i++)
		if (g_pattern_match_simple(directions[i].pattern, column))
			return directions[i].dir;
	return SIM_DIR_NEUTRAL;
}

static void change_free(gpointer data)
{
	struct sim_change *c = data;

	g_free(c->point);
	g_free(c->column);
	g_free(c->base);
	g_free(c->new);
	g_free(c);
}

/**
 * sim_compare_new() - an exact comparison, nothing ignored yet.
 *
 * Return: the comparison; free with sim_compare_free().
 */
struct sim_compare *sim_compare_new(void)
{
	struct sim_compare *cmp = g_new0(struct sim_compare, 1);

	cmp->exact = true;
	cmp->tolerances = g_ptr_array_new_with_free_func(g_free);
	cmp->ignore = g_ptr_array_new_with_free_func(g_free);
	cmp->changes = g_ptr_array_new_with_free_func(change_free);
	g_ptr_array_add(cmp->ignore, g_strdup(ALWAYS_IGNORED));
	return cmp;
}

/**
 * sim_compare_free() - free a comparison.
 * @cmp: comparison, or NULL
 */
void sim_compare_free(struct sim_compare *cmp)
{
	if (!cmp)
		return;
	g_ptr_array_unref(cmp->tolerances);
	g_ptr_array_unref(cmp->ignore);
	g_ptr_array_unref(cmp->changes);
	g_free(cmp);
}

/**
 * sim_compare_add_tolerance() - parse tolerances; switch to tolerant mode.
 * @cmp: comparison
 * @spec: "default=5%,latency_p99_ns=10%,latency_*=20%": a column name or
 *	glob pattern (or "default", every column), '=', a relative change
 *	in percent (the '%' is optional).  Earlier entries win.
 * @error: SIM_COMPARE_ERROR_TOLERANCE naming the bad entry
 *
 * Return: TRUE on success; @cmp is unchanged on failure.
 */
gboolean sim_compare_add_tolerance(struct sim_compare *cmp, const char *spec,
				   GError **error)
{
	g_auto(GStrv) parts = g_strsplit(spec, ",", -1);
	g_autoptr(GPtrArray) add = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; parts[i]; i++) {
		char *eq = strchr(parts[i], '=');
		char *end;
		double pct;

		if (!eq || eq == parts[i]) {
			g_set_error(error, SIM_COMPARE_ERROR,
				    SIM_COMPARE_ERROR_TOLERANCE,
				    "--tolerance %s: expected column=PERCENT%%",
				    parts[i]);
			return FALSE;
		}
		*eq = '\0';
		pct = g_ascii_strtod(eq + 1, &end);
		if (*end == '%')
			end++;
		if (end == eq + 1 || *end || !(pct >= 0) || !isfinite(pct)) {
			g_set_error(error, SIM_COMPARE_ERROR,
				    SIM_COMPARE_ERROR_TOLERANCE,
				    "--tolerance %s: \"%s\" is not a "
				    "percentage >= 0", parts[i], eq + 1);
			return FALSE;
		}
		g_ptr_array_add(add, g_strdup(g_strstrip(parts[i])));
		g_ptr_array_add(add, g_strdup_printf("%.17g", pct / 100));
	}
	for (guint i = 0; i < add->len; i++)
		g_ptr_array_add(cmp->tolerances, g_strdup(add->pdata[i]));
	cmp->exact = false;
	return TRUE;
}

/**
 * sim_compare_add_ignore() - columns not to compare.
 * @cmp: comparison
 * @spec: "col,pattern,..." (glob patterns)
 */
void sim_compare_add_ignore(struct sim_compare *cmp, const char *spec)
{
	g_auto(GStrv) parts = g_strsplit(spec, ",", -1);

	for (guint i = 0; parts[i]; i++)
		if (*g_strstrip(parts[i]))
			g_ptr_array_add(cmp->ignore, g_strdup(parts[i]));
}

static gboolean ignored(const struct sim_compare *cmp, const char *column)
{
	for (guint i = 0; i < cmp->ignore->len; i++)
		if (g_pattern_match_simple(cmp->ignore->pdata[i], column))
			return TRUE;
	return FALSE;
}

/* The tolerance of @column as a fraction: first match, else 0. */
static double tolerance(const struct sim_compare *cmp, const char *column)
{
	for (guint i = 0; i + 1 < cmp->tolerances->len; i += 2) {
		const char *pat = cmp->tolerances->pdata[i];

		if (strcmp(pat, "default") == 0 ||
		    g_pattern_match_simple(pat, column))
			return g_ascii_strtod(cmp->tolerances->pdata[i + 1],
					      NULL);
	}
	return 0;
}

/* A whole cell that is a finite number ("nan", "inf", "1e400" are not). */
static gboolean number(const char *s, double *v)
{
	char *end;

	if (!*s)
		return FALSE;
	*v = g_ascii_strtod(s, &end);
	return !*end && isfinite(*v);
}

/*
 * latency_hist is a digest: hex text, which now and then reads as a
 * number ("12e4..."), so its changing to letters is no broken metric.
 */
static gboolean is_text_column(const char *column)
{
	return strcmp(column, "latency_hist") == 0;
}

static gboolean is_key(const char *column)
{
	return strchr(column, '.') != NULL;
}

/* ---------------------------------------------------------------- match */

/* A SIM_COMPARE_ERROR_KEYS error; returns FALSE. */
#define keys_error(error, ...) \
	sim_error(error, SIM_COMPARE_ERROR, SIM_COMPARE_ERROR_KEYS, __VA_ARGS__)

/* The key columns of @t, in its order, as indices. */
static GArray *key_columns(const struct sim_tsv *t)
{
	GArray *keys = g_array_new(FALSE, FALSE, sizeof(int));

	for (guint i = 0; i < t->names->len; i++)
		if (is_key(t->names->pdata[i]))
			g_array_append_val(keys, (int) { i });
	return keys;
}

static char *key_names(const struct sim_tsv *t, GArray *keys)
{
	GString *s = g_string_new(NULL);

	for (guint k = 0; k < keys->len; k++)
		g_string_append_printf(s, "%s%s", k ? ", " : "",
			(char *)t->names->pdata[g_array_index(keys, int, k)]);
	if (!keys->len)
		g_string_append(s, "none");
	return g_string_free(s, FALSE);
}

/* "traffic.size=60, traffic.rate_pps=890000" with @base's key order. */
static char *point_key(const struct sim_tsv *t, guint r, GArray *keys,
		       const struct sim_tsv *order)
{
	GString *s = g_string_new(NULL);
	char **row = t->rows->pdata[r];

	if (!keys->len) {
		g_string_printf(s, "row %u", r + 1);
		return g_string_free(s, FALSE);
	}
	for (guint k = 0; k < keys->len; k++) {
		const char *name = order->names->pdata[
			g_array_index(keys, int, k)];

		g_string_append_printf(s, "%s%s=%s", k ? ", " : "", name,
				       row[sim_tsv_column(t, name)]);
	}
	return g_string_free(s, FALSE);
}

/* Map each point of @t to its row; a point twice is an error. */
static GHashTable *index_points(const struct sim_tsv *t, GArray *keys,
				const struct sim_tsv *order, GError **error)
{
	g_autoptr(GHashTable) idx = g_hash_table_new_full(g_str_hash,
							  g_str_equal,
							  g_free, NULL);

	for (guint r = 0; r < t->rows->len; r++) {
		char *key = point_key(t, r, keys, order);

		if (g_hash_table_contains(idx, key)) {
			keys_error(error, "%s:%u: point %s appears twice",
				   t->path,
				   g_array_index(t->lines, guint, r), key);
			g_free(key);
			return NULL;
		}
		g_hash_table_insert(idx, key, GUINT_TO_POINTER(r));
	}
	return g_steal_pointer(&idx);
}

/* ---------------------------------------------------------------- cells */

static struct sim_change *add_change(struct sim_compare *cmp,
				     const char *point, const char *column,
				     const char *base, const char *new,
				     enum sim_verdict verdict, bool fails)
{
	struct sim_change *c = g_new0(struct sim_change, 1);

	c->point = g_strdup(point);
	c->column = g_strdup(column);
	c->base = g_strdup(base);
	c->new = g_strdup(new);
	c->verdict = verdict;
	c->fails = fails;
	if (verdict == SIM_VERDICT_REGRESSION ||
	    verdict == SIM_VERDICT_NOT_NUMBER ||
	    verdict == SIM_VERDICT_REMOVED)
		cmp->regressions++;
	if (fails)
		cmp->failures++;
	g_ptr_array_add(cmp->changes, c);
	return c;
}

/* One cell whose text differs. */
static void compare_cell(struct sim_compare *cmp, const char *point,
			 const char *column, const char *a, const char *b)
{
	enum sim_direction dir = sim_direction_of(column);
	enum sim_verdict v = SIM_VERDICT_CHANGED;
	struct sim_change *c;
	double x, y, abs = 0, rel = 0;
	bool was_number = number(a, &x) && !is_text_column(column);
	bool numeric = was_number && number(b, &y);
	bool bad = false, good = false;

	if (was_number && !numeric) {
		/* nan, inf, empty or text where a number was: broken */
		add_change(cmp, point, column, a, b, SIM_VERDICT_NOT_NUMBER,
			   true);
		return;
	}
	if (numeric) {
		abs = y - x;
		rel = x != 0 ? abs / fabs(x) : (abs != 0 ? INFINITY : 0);
		bad = (dir == SIM_DIR_HIGHER_WORSE && abs > 0) ||
		      (dir == SIM_DIR_LOWER_WORSE && abs < 0);
		good = (dir == SIM_DIR_HIGHER_WORSE && abs < 0) ||
		       (dir == SIM_DIR_LOWER_WORSE && abs > 0);
	} else if (strcmp(column, "conservation") == 0) {
		/* a broken conservation law is always a regression */
		bad = strcmp(b, "true") != 0;
		good = !bad;
		rel = INFINITY;
	}
	if (bad)
		v = fabs(rel) > tolerance(cmp, column) ? SIM_VERDICT_REGRESSION
						       : SIM_VERDICT_WORSE;
	else if (good)
		v = SIM_VERDICT_BETTER;
	c = add_change(cmp, point, column, a, b, v,
		       cmp->exact || v == SIM_VERDICT_REGRESSION);
	c->numeric = numeric;
	c->abs = abs;
	c->rel = rel;
}

/* Columns in one table only; the others are compared. */
static void compare_columns(struct sim_compare *cmp,
			    const struct sim_tsv *base,
			    const struct sim_tsv *new)
{
	for (guint i = 0; i < base->names->len; i++) {
		const char *name = base->names->pdata[i];

		/* a metric that vanished is not "within tolerance" */
		if (!ignored(cmp, name) && sim_tsv_column(new, name) < 0)
			add_change(cmp, "(every point)", name, "", "",
				   SIM_VERDICT_REMOVED, true);
	}
	for (guint i = 0; i < new->names->len; i++) {
		const char *name = new->names->pdata[i];

		if (!ignored(cmp, name) && sim_tsv_column(base, name) < 0)
			add_change(cmp, "(every point)", name, "", "",
				   SIM_VERDICT_ADDED, cmp->exact);
	}
}

/* The points of @a that @b lacks, for the error message. */
static char *missing_points(GHashTable *a, GHashTable *b)
{
	g_autoptr(GList) keys = g_hash_table_get_keys(a);
	GString *s = g_string_new(NULL);
	guint n = 0;

	keys = g_list_sort(keys, (GCompareFunc)strcmp);
	for (GList *l = keys; l; l = l->next) {
		if (g_hash_table_contains(b, l->data))
			continue;
		if (n++ < 3)
			g_string_append_printf(s, "%s%s", n > 1 ? "; " : "",
					       (char *)l->data);
	}
	if (n > 3)
		g_string_append_printf(s, "; and %u more", n - 3);
	return g_string_free(s, FALSE);
}

/* Both tables have the same points (by key, or by count). */
static gboolean check_points(const struct sim_tsv *base,
			     const struct sim_tsv *new, GArray *keys,
			     GHashTable *bi, GHashTable *ni, GError **error)
{
	g_autofree char *only_base = NULL, *only_new = NULL;

	if (!keys->len && base->rows->len != new->rows->len)
		return keys_error(error, "%s has %u rows, %s has %u, and "
				  "neither has key columns (group.key) to "
				  "match them by", base->path,
				  base->rows->len, new->path,
				  new->rows->len);
	only_base = missing_points(bi, ni);
	only_new = missing_points(ni, bi);
	if (*only_base || *only_new)
		return keys_error(error, "the points differ: only in %s: "
				  "%s; only in %s: %s", base->path,
				  *only_base ? only_base : "none", new->path,
				  *only_new ? only_new : "none");
	return TRUE;
}

/**
 * sim_compare_tables() - compare NEW against BASE.
 * @cmp: options; gets the changes and counts
 * @base: the reference
 * @new: the candidate
 * @error: SIM_COMPARE_ERROR_KEYS when the tables cannot be matched
 *
 * Return: TRUE if compared (look at @cmp->failures), FALSE if unusable.
 */
gboolean sim_compare_tables(struct sim_compare *cmp,
			    const struct sim_tsv *base,
			    const struct sim_tsv *new, GError **error)
{
	g_autoptr(GArray) bk = key_columns(base);
	g_autoptr(GArray) nk = key_columns(new);
	g_autoptr(GHashTable) bi = NULL, ni = NULL;
	gboolean same = bk->len == nk->len;

	for (guint k = 0; same && k < bk->len; k++)
		same = sim_tsv_column(new, base->names->pdata[
			g_array_index(bk, int, k)]) >= 0;
	if (!same) {
		g_autofree char *a = key_names(base, bk);
		g_autofree char *b = key_names(new, nk);

		return keys_error(error, "the key columns differ: %s has %s; "
				  "%s has %s", base->path, a, new->path, b);
	}
	bi = index_points(base, bk, base, error);
	ni = bi ? index_points(new, bk, base, error) : NULL;
	if (!ni || !check_points(base, new, bk, bi, ni, error))
		return FALSE;

	compare_columns(cmp, base, new);
	for (guint r = 0; r < base->rows->len; r++) {
		g_autofree char *point = point_key(base, r, bk, base);
		char **a = base->rows->pdata[r];
		char **b = new->rows->pdata[GPOINTER_TO_UINT(
			g_hash_table_lookup(ni, point))];

		cmp->points++;
		for (guint c = 0; c < base->names->len; c++) {
			const char *name = base->names->pdata[c];
			int nc = sim_tsv_column(new, name);

			if (is_key(name) || nc < 0 || ignored(cmp, name))
				continue;
			cmp->cells++;
			if (strcmp(a[c], b[nc]) != 0)
				compare_cell(cmp, point, name, a[c], b[nc]);
		}
	}
	return TRUE;
}

/* ---------------------------------------------------------------- report */

static char *format_abs(double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_ascii_formatd(buf, sizeof(buf), "%+.12g", v);
	return g_strdup(buf);
}

static char *format_rel(double rel)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	if (isinf(rel))
		return g_strdup(rel > 0 ? "+inf%" : "-inf%");
	g_ascii_formatd(buf, sizeof(buf), "%+.2f", rel * 100);
	return g_strdup_printf("%s%%", buf);
}

/**
 * sim_compare_report() - the changes as an aligned table and a summary.
 * @cmp: a comparison sim_compare_tables() has filled
 * @out: gets the text
 */
void sim_compare_report(const struct sim_compare *cmp, GString *out)
{
	g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
	static const char *const head[] = {
		"point", "column", "base", "new", "change", "relative",
		"verdict",
	};

	for (guint i = 0; i < G_N_ELEMENTS(head); i++)
		g_ptr_array_add(cells, g_strdup(head[i]));
	for (guint i = 0; i < cmp->changes->len; i++) {
		const struct sim_change *c = cmp->changes->pdata[i];
		const char *verdict = verdict_names[c->verdict];

		g_ptr_array_add(cells, g_strdup(c->point));
		g_ptr_array_add(cells, g_strdup(c->column));
		g_ptr_array_add(cells, g_strdup(*c->base ? c->base : "-"));
		g_ptr_array_add(cells, g_strdup(*c->new ? c->new : "-"));
		g_ptr_array_add(cells, c->numeric ? format_abs(c->abs)
						  : g_strdup(""));
		g_ptr_array_add(cells, c->numeric ? format_rel(c->rel)
						  : g_strdup(""));
		if (sim_direction_of(c->column) == SIM_DIR_DIAGNOSTIC)
			verdict = "changed (diagnostic)";
		g_ptr_array_add(cells, g_strdup_printf("%s%s", verdict,
			c->fails && !g_str_has_prefix(verdict, "REGRESSION")
			? " (exact: fails)" : ""));
	}
	if (cmp->changes->len)
		sim_append_columns(out, cells, G_N_ELEMENTS(head));
	g_string_append_printf(out, "%u points, %u cells compared%s: %u "
			       "changed, %u regressions; %s\n", cmp->points,
			       cmp->cells, cmp->exact ? " exactly" : "",
			       cmp->changes->len, cmp->regressions,
			       cmp->failures ? "FAIL" : "ok");
}

/* ---------------------------------------------------------------- policies */

/* The "*.policy" key column, else -1. */
static int policy_column(const struct sim_tsv *t)
{
	for (guint i = 0; i < t->names->len; i++) {
		const char *name = t->names->pdata[i];

		if (is_key(name) && g_str_has_suffix(name, ".policy"))
			return (int)i;
	}
	return -1;
}

/* "traffic.rate_pps=57000": the key columns other than @by. */
static char *load_of(const struct sim_tsv *t, char **row, int by)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < t->names->len; i++) {
		if ((int)i == by || !is_key(t->names->pdata[i]))
			continue;
		g_string_append_printf(s, "%s%s=%s", s->len ? ", " : "",
				       (char *)t->names->pdata[i], row[i]);
	}
	if (!s->len)
		g_string_append(s, "(all)");
	return g_string_free(s, FALSE);
}

/* Best and runner-up of metric @c over @rows; FALSE if under two. */
static gboolean rank(GPtrArray *rows, int c, enum sim_direction dir,
		     char ***best, char ***second)
{
	double vb = 0, vs = 0;

	*best = *second = NULL;
	for (guint r = 0; r < rows->len; r++) {
		char **row = rows->pdata[r];
		double v;
		bool better_than_best, better_than_second;

		if (!number(row[c], &v))
			continue;
		better_than_best = !*best ||
			(dir == SIM_DIR_LOWER_WORSE ? v > vb : v < vb);
		better_than_second = !*second ||
			(dir == SIM_DIR_LOWER_WORSE ? v > vs : v < vs);
		if (better_than_best) {
			*second = *best;
			vs = vb;
			*best = row;
			vb = v;
		} else if (better_than_second) {
			*second = row;
			vs = v;
		}
	}
	return *second != NULL;
}

/* One line of the policy table: who wins metric @c at this load. */
static void policy_line(GPtrArray *cells, const struct sim_tsv *t,
			const char *load, GPtrArray *rows, int c, int by)
{
	enum sim_direction dir = sim_direction_of(t->names->pdata[c]);
	char **best, **second;
	double vb = 0, vs = 0;

	if (!rank(rows, c, dir, &best, &second))
		return;
	number(best[c], &vb);
	number(second[c], &vs);
	g_ptr_array_add(cells, g_strdup(load));
	g_ptr_array_add(cells, g_strdup(t->names->pdata[c]));
	g_ptr_array_add(cells, g_strdup(dir == SIM_DIR_LOWER_WORSE
					? "higher" : "lower"));
	if (vb == vs) {
		/* name every policy that ties for best; the runner-up is
		 * the best of the others */
		GString *tie = g_string_new("tie: ");
		char **next = NULL;
		double vn = 0, v;

		for (guint r = 0; r < rows->len; r++) {
			char **row = rows->pdata[r];

			if (!number(row[c], &v))
				continue;
			if (v == vb) {
				if (tie->len > 5)
					g_string_append(tie, ", ");
				g_string_append(tie, row[by]);
			} else if (!next ||
				   (dir == SIM_DIR_LOWER_WORSE ? v > vn : v < vn)) {
				next = row;
				vn = v;
			}
		}
		g_ptr_array_add(cells, g_string_free(tie, FALSE));
		second = next;
		vs = next ? vn : vb;
	} else {
		g_ptr_array_add(cells, g_strdup(best[by]));
	}
	g_ptr_array_add(cells, g_strdup(best[c]));
	g_ptr_array_add(cells, g_strdup(second ? second[by] : "-"));
	g_ptr_array_add(cells, g_strdup(second ? second[c] : "-"));
	g_ptr_array_add(cells, format_abs(vb - vs));
	g_ptr_array_add(cells, format_rel(vs != 0 ? (vb - vs) / fabs(vs)
					  : (vb != vs ? INFINITY : 0)));
}

/**
 * sim_compare_policies() - for each load, which policy wins each metric.
 * @t: a sweep's table
 * @by: the policy column; NULL: the key column named *.policy
 * @out: gets the aligned table: load, metric, which way is better, the
 *	winner and its value, the runner-up and its value, the margin
 * @error: SIM_COMPARE_ERROR_KEYS when there is no such column or it has
 *	a single value
 *
 * Only metrics with a direction are ranked (sim_direction_of()).
 *
 * Return: TRUE on success.
 */
gboolean sim_compare_policies(const struct sim_tsv *t, const char *by,
			      GString *out, GError **error)
{
	g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) loads = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GHashTable) groups = g_hash_table_new_full(
		g_str_hash, g_str_equal, NULL,
		(GDestroyNotify)g_ptr_array_unref);
	g_autoptr(GHashTable) values = g_hash_table_new(g_str_hash,
							g_str_equal);
	static const char *const head[] = {
		"load", "metric", "better", "winner", "value", "runner-up",
		"value", "margin", "relative",
	};
	int bc = by ? sim_tsv_column(t, by) : policy_column(t);

	if (bc < 0)
		return keys_error(error, "%s: no %s column to compare "
				  "policies by (give --by group.key)",
				  t->path, by ? by : "*.policy");
	for (guint r = 0; r < t->rows->len; r++) {
		char **row = t->rows->pdata[r];
		char *load = load_of(t, row, bc);
		GPtrArray *g = g_hash_table_lookup(groups, load);

		g_hash_table_add(values, row[bc]);
		if (!g) {
			g = g_ptr_array_new();
			g_ptr_array_add(loads, load);
			g_hash_table_insert(groups, load, g);
		} else {
			g_free(load);
		}
		g_ptr_array_add(g, row);
	}
	if (g_hash_table_size(values) < 2)
		return keys_error(error, "%s: %s has %u value(s); comparing "
				  "policies needs two or more", t->path,
				  (char *)t->names->pdata[bc],
				  g_hash_table_size(values));

	for (guint i = 0; i < G_N_ELEMENTS(head); i++)
		g_ptr_array_add(cells, g_strdup(head[i]));
	for (guint l = 0; l < loads->len; l++) {
		GPtrArray *rows = g_hash_table_lookup(groups,
						      loads->pdata[l]);

		for (guint c = 0; c < t->names->len; c++) {
			enum sim_direction dir =
				sim_direction_of(t->names->pdata[c]);

			if (dir == SIM_DIR_HIGHER_WORSE ||
			    dir == SIM_DIR_LOWER_WORSE)
				policy_line(cells, t, loads->pdata[l], rows,
					    c, bc);
		}
	}
	sim_append_columns(out, cells, G_N_ELEMENTS(head));
	return TRUE;
}
