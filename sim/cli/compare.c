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
#include "sim/config/columns.h"
#include "sim/cli/tsv.h"

G_DEFINE_QUARK(sim-compare-error-quark, sim_compare_error)

static const char *const verdict_names[] = {
	[SIM_VERDICT_CHANGED] = "changed",
	[SIM_VERDICT_WORSE] = "worse, within tolerance",
	[SIM_VERDICT_REGRESSION] = "REGRESSION",
	[SIM_VERDICT_BETTER] = "better",
	[SIM_VERDICT_ADDED] = "column added",
	[SIM_VERDICT_REMOVED] = "REGRESSION: column removed",
	[SIM_VERDICT_NOT_NUMBER] = "REGRESSION: not a finite number",
};

/* Which way @column is better: the column table's word for it. */
static enum sim_column_dir direction_of(const char *column)
{
	const struct sim_column *c = sim_column_find(column, NULL);

	return c ? c->dir : SIM_COLUMN_NEITHER;
}

static gboolean has_flag(const char *column, unsigned int flag)
{
	const struct sim_column *c = sim_column_find(column, NULL);

	return c && (c->flags & flag);
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

static void tolerance_free(gpointer data)
{
	struct sim_tolerance *t = data;

	g_free(t->pattern);
	g_free(t);
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
	cmp->tolerances = g_ptr_array_new_with_free_func(tolerance_free);
	cmp->ignore = g_ptr_array_new_with_free_func(g_free);
	cmp->changes = g_ptr_array_new_with_free_func(change_free);
	cmp->warnings = g_ptr_array_new_with_free_func(g_free);
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
	g_ptr_array_unref(cmp->warnings);
	g_free(cmp->only_base_text);
	g_free(cmp->only_new_text);
	g_free(cmp);
}

/* "PCT%", "ABS" or "PCT%+ABS", each number >= 0. */
static gboolean parse_tolerance(const char *text, double *rel, double *abs)
{
	char *end;
	double v = g_ascii_strtod(text, &end);

	*rel = *abs = 0;
	if (end == text || !(v >= 0) || !isfinite(v))
		return FALSE;
	if (*end != '%') {
		*abs = v;
		return !*end;
	}
	*rel = v / 100;
	if (!*++end)
		return TRUE;
	if (*end != '+')
		return FALSE;
	text = end + 1;
	v = g_ascii_strtod(text, &end);
	*abs = v;
	return end != text && !*end && v >= 0 && isfinite(v);
}

/**
 * sim_compare_add_tolerance() - parse tolerances; switch to tolerant mode.
 * @cmp: comparison
 * @spec: "default=5%,latency_p99_ns=10%,rx_missed_errors=100": a column
 *	name or glob pattern (or "default", every column), '=', then a
 *	relative change "PCT%", an absolute one "ABS" in the column's unit,
 *	or both, "PCT%+ABS" (the change may be up to ABS + PCT% of BASE).
 *	Earlier entries win.
 * @error: SIM_COMPARE_ERROR_TOLERANCE naming the bad entry
 *
 * Return: TRUE on success; @cmp is unchanged on failure.
 */
gboolean sim_compare_add_tolerance(struct sim_compare *cmp, const char *spec,
				   GError **error)
{
	g_auto(GStrv) parts = g_strsplit(spec, ",", -1);
	g_autoptr(GPtrArray) add = g_ptr_array_new_with_free_func(
		tolerance_free);

	for (guint i = 0; parts[i]; i++) {
		char *eq = strchr(parts[i], '=');
		struct sim_tolerance *t;
		double rel, abs;

		if (!eq || eq == parts[i]) {
			g_set_error(error, SIM_COMPARE_ERROR,
				    SIM_COMPARE_ERROR_TOLERANCE,
				    "--tolerance %s: expected column="
				    "PERCENT%%, column=ABSOLUTE or column="
				    "PERCENT%%+ABSOLUTE", parts[i]);
			return FALSE;
		}
		*eq = '\0';
		if (!parse_tolerance(eq + 1, &rel, &abs)) {
			g_set_error(error, SIM_COMPARE_ERROR,
				    SIM_COMPARE_ERROR_TOLERANCE,
				    "--tolerance %s: \"%s\" is not PERCENT%%, "
				    "ABSOLUTE or PERCENT%%+ABSOLUTE, each >= 0",
				    parts[i], eq + 1);
			return FALSE;
		}
		t = g_new0(struct sim_tolerance, 1);
		t->pattern = g_strdup(g_strstrip(parts[i]));
		t->rel = rel;
		t->abs = abs;
		g_ptr_array_add(add, t);
	}
	/* all or nothing: they move to @cmp only now */
	for (guint i = 0; i < add->len; i++)
		g_ptr_array_add(cmp->tolerances, add->pdata[i]);
	g_ptr_array_set_free_func(add, NULL);
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
	/* wall time and the like differ from run to run */
	if (has_flag(column, SIM_COLUMN_VOLATILE))
		return TRUE;
	for (guint i = 0; i < cmp->ignore->len; i++)
		if (g_pattern_match_simple(cmp->ignore->pdata[i], column))
			return TRUE;
	return FALSE;
}

static gboolean tolerance_matches(const struct sim_tolerance *t,
				  const char *column)
{
	return strcmp(t->pattern, "default") == 0 ||
	       g_pattern_match_simple(t->pattern, column);
}

/* The change @column may make from @base: the first match, else 0. */
static double allowed(const struct sim_compare *cmp, const char *column,
		      double base)
{
	for (guint i = 0; i < cmp->tolerances->len; i++) {
		const struct sim_tolerance *t = cmp->tolerances->pdata[i];

		if (tolerance_matches(t, column))
			return t->abs + t->rel * fabs(base);
	}
	return 0;
}

/* Digits after the decimal point of a number's text; -1 for "1e-06". */
static int decimals_of(const char *s)
{
	const char *dot = strchr(s, '.');

	if (strpbrk(s, "eE"))
		return -1;
	return dot ? (int)strlen(dot + 1) : 0;
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
 * A column the column table declares as text: latency_hist is a digest,
 * hex text which now and then reads as a number ("12e4..."), so its
 * changing to letters is no broken metric.
 */
static gboolean is_text_column(const char *column)
{
	const struct sim_column *c = sim_column_find(column, NULL);

	return (c && c->type == SIM_COL_STR) ||
	       strcmp(column, "latency_hist") == 0;
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
		if (sim_column_is_key(t->names->pdata[i]))
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

/* A verdict that fails the comparison in both modes. */
static gboolean is_regression(enum sim_verdict v)
{
	return v == SIM_VERDICT_REGRESSION || v == SIM_VERDICT_NOT_NUMBER ||
	       v == SIM_VERDICT_REMOVED;
}

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
	if (is_regression(verdict))
		cmp->regressions++;
	if (fails)
		cmp->failures++;
	g_ptr_array_add(cmp->changes, c);
	return c;
}

/* 1 for "true", 0 for "false", else -1. */
static int truth(const char *s)
{
	return strcmp(s, "true") == 0 ? 1 : strcmp(s, "false") == 0 ? 0 : -1;
}

/* One cell whose text differs. */
static void compare_cell(struct sim_compare *cmp, const char *point,
			 const char *column, const char *a, const char *b)
{
	enum sim_column_dir dir = direction_of(column);
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
	if (has_flag(column, SIM_COLUMN_DIAGNOSTIC))
		dir = SIM_COLUMN_NEITHER;
	if (numeric) {
		abs = y - x;
		rel = x != 0 ? abs / fabs(x) : (abs != 0 ? INFINITY : 0);
		bad = (dir == SIM_COLUMN_LOWER_BETTER && abs > 0) ||
		      (dir == SIM_COLUMN_HIGHER_BETTER && abs < 0);
		good = (dir == SIM_COLUMN_LOWER_BETTER && abs < 0) ||
		       (dir == SIM_COLUMN_HIGHER_BETTER && abs > 0);
	} else if (dir != SIM_COLUMN_NEITHER && truth(a) >= 0 &&
		   truth(b) >= 0) {
		/* true is higher than false (conservation): turning the
		 * bad way is a regression whatever the tolerance */
		bad = (truth(b) > truth(a)) == (dir == SIM_COLUMN_LOWER_BETTER);
		good = !bad;
		rel = INFINITY;
	}
	if (bad)
		v = !numeric || fabs(abs) > allowed(cmp, column, x)
		    ? SIM_VERDICT_REGRESSION : SIM_VERDICT_WORSE;
	else if (good)
		v = SIM_VERDICT_BETTER;
	c = add_change(cmp, point, column, a, b, v,
		       cmp->exact || v == SIM_VERDICT_REGRESSION);
	c->numeric = numeric;
	c->abs = abs;
	c->rel = rel;
	c->decimals = numeric ? MAX(decimals_of(a), decimals_of(b)) : 0;
	if (numeric && (decimals_of(a) < 0 || decimals_of(b) < 0))
		c->decimals = -1;
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

/* The points of @a that @b lacks: how many; *@text names a few. */
static guint missing_points(GHashTable *a, GHashTable *b, char **text)
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
	if (!n)
		g_string_append(s, "none");
	g_free(*text);
	*text = g_string_free(s, FALSE);
	return n;
}

/*
 * Points in one table only are not compared: they are counted and named
 * (and fail an exact comparison).  Without a point in common, or without
 * key columns and with different row counts, the tables cannot be
 * compared.
 */
static gboolean check_points(struct sim_compare *cmp,
			     const struct sim_tsv *base,
			     const struct sim_tsv *new, GArray *keys,
			     GHashTable *bi, GHashTable *ni, GError **error)
{
	guint common = 0;

	if (!keys->len && base->rows->len != new->rows->len)
		return keys_error(error, "%s has %u rows, %s has %u, and "
				  "neither has key columns (group.key) to "
				  "match them by", base->path,
				  base->rows->len, new->path,
				  new->rows->len);
	cmp->only_base = missing_points(bi, ni, &cmp->only_base_text);
	cmp->only_new = missing_points(ni, bi, &cmp->only_new_text);
	common = g_hash_table_size(bi) - cmp->only_base;
	if (!common)
		return keys_error(error, "no point in common: only in %s: %s; "
				  "only in %s: %s", base->path,
				  cmp->only_base_text, new->path,
				  cmp->only_new_text);
	if (cmp->exact)
		cmp->failures += cmp->only_base + cmp->only_new;
	return TRUE;
}

/* A --tolerance pattern that matches no column is a warning. */
static void unknown_tolerances(struct sim_compare *cmp,
			       const struct sim_tsv *base,
			       const struct sim_tsv *new)
{
	for (guint i = 0; i < cmp->tolerances->len; i++) {
		const struct sim_tolerance *t = cmp->tolerances->pdata[i];
		const char *hint;
		gboolean used = strcmp(t->pattern, "default") == 0;

		for (guint c = 0; !used && c < base->names->len; c++)
			used = tolerance_matches(t, base->names->pdata[c]);
		for (guint c = 0; !used && c < new->names->len; c++)
			used = tolerance_matches(t, new->names->pdata[c]);
		if (used)
			continue;
		hint = sim_closest_name(t->pattern, base->names);
		g_ptr_array_add(cmp->warnings, hint ?
			g_strdup_printf("--tolerance %s: no such column (did "
					"you mean %s?)", t->pattern, hint) :
			g_strdup_printf("--tolerance %s: no such column",
					t->pattern));
	}
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
	g_autofree int *map = NULL;
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
	if (!ni || !check_points(cmp, base, new, bk, bi, ni, error))
		return FALSE;

	unknown_tolerances(cmp, base, new);
	compare_columns(cmp, base, new);
	/* which of @new's columns each of @base's is compared with, or -1:
	 * found once, not per row */
	map = g_new(int, base->names->len);
	for (guint c = 0; c < base->names->len; c++) {
		const char *name = base->names->pdata[c];

		map[c] = sim_column_is_key(name) || ignored(cmp, name) ? -1
			 : sim_tsv_column(new, name);
	}
	for (guint r = 0; r < base->rows->len; r++) {
		g_autofree char *point = point_key(base, r, bk, base);
		char **a = base->rows->pdata[r];
		gpointer found;
		char **b;

		if (!g_hash_table_lookup_extended(ni, point, NULL, &found))
			continue;
		b = new->rows->pdata[GPOINTER_TO_UINT(found)];

		cmp->points++;
		for (guint c = 0; c < base->names->len; c++) {
			int nc = map[c];

			if (nc < 0)
				continue;
			cmp->cells++;
			if (strcmp(a[c], b[nc]) != 0)
				compare_cell(cmp, point, base->names->pdata[c],
					     a[c], b[nc]);
		}
	}
	return TRUE;
}

/* ---------------------------------------------------------------- report */

/* A difference with as many decimals as its operands (-1: "%+.6g"). */
static char *format_abs(double v, int decimals)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	char fmt[16];

	if (decimals < 0)
		return g_strdup(g_ascii_formatd(buf, sizeof(buf), "%+.6g", v));
	g_snprintf(fmt, sizeof(fmt), "%%+.%df", MIN(decimals, 17));
	g_ascii_formatd(buf, sizeof(buf), fmt, v);
	/* "-0.00" is no change either way */
	if (strspn(buf + 1, "0.") == strlen(buf + 1))
		buf[0] = '+';
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
	guint shown = 0;

	for (guint i = 0; i < G_N_ELEMENTS(head); i++)
		g_ptr_array_add(cells, g_strdup(head[i]));
	for (guint i = 0; i < cmp->changes->len; i++) {
		const struct sim_change *c = cmp->changes->pdata[i];
		const char *verdict = verdict_names[c->verdict];

		if (cmp->only_regressions && !is_regression(c->verdict))
			continue;
		shown++;

		g_ptr_array_add(cells, g_strdup(c->point));
		g_ptr_array_add(cells, g_strdup(c->column));
		g_ptr_array_add(cells, g_strdup(*c->base ? c->base : "-"));
		g_ptr_array_add(cells, g_strdup(*c->new ? c->new : "-"));
		g_ptr_array_add(cells, c->numeric ? format_abs(c->abs,
								 c->decimals)
						  : g_strdup(""));
		g_ptr_array_add(cells, c->numeric ? format_rel(c->rel)
						  : g_strdup(""));
		if (has_flag(c->column, SIM_COLUMN_DIAGNOSTIC))
			verdict = "changed (diagnostic)";
		g_ptr_array_add(cells, g_strdup_printf("%s%s", verdict,
			c->fails && !g_str_has_prefix(verdict, "REGRESSION")
			? " (exact: fails)" : ""));
	}
	if (shown)
		sim_append_columns(out, cells, G_N_ELEMENTS(head));
	if (cmp->only_base)
		g_string_append_printf(out, "%u points only in BASE, not "
				       "compared%s: %s\n", cmp->only_base,
				       cmp->exact ? " (exact: fails)" : "",
				       cmp->only_base_text);
	if (cmp->only_new)
		g_string_append_printf(out, "%u points only in NEW, not "
				       "compared%s: %s\n", cmp->only_new,
				       cmp->exact ? " (exact: fails)" : "",
				       cmp->only_new_text);
	g_string_append_printf(out, "%u points, %u cells compared%s: %u "
			       "changed, %u regressions; %s\n", cmp->points,
			       cmp->cells, cmp->exact ? " exactly" : "",
			       cmp->changes->len, cmp->regressions,
			       cmp->failures ? "FAIL" : "ok");
}

/* ---------------------------------------------------------------- policies */

/*
 * A metric the configurations are ranked on: a column as it is, a cost
 * column per 1000 delivered frames (rxint / tput), or the busy CPU time
 * per delivered frame: the cpu_ns_per_pkt column, or in a file from
 * before it, summed over the per-CPU cost columns.
 */
enum metric_kind { METRIC_COLUMN, METRIC_PER_FRAME, METRIC_CPU_PER_FRAME };

struct metric {
	char *name;		/* "tput", "rxint/1k_frames", "cpu_ns/frame" */
	enum metric_kind kind;
	enum sim_column_dir dir;
	int col;		/* its column, or -1 (cpu_ns/frame summed) */
	int frames;		/* tput, the delivered frames, or -1 */
	int window;		/* cpu_ns_per_pkt: tput_pps, or -1 */
	int seconds;		/* summed: the sim_seconds column */
	GArray *busy;		/* summed: the per-CPU cost columns (int) */
};

static void metric_free(gpointer data)
{
	struct metric *m = data;

	g_free(m->name);
	if (m->busy)
		g_array_unref(m->busy);
	g_free(m);
}

static struct metric *add_metric(GPtrArray *metrics, char *name,
				 enum metric_kind kind,
				 enum sim_column_dir dir, int col, int frames)
{
	struct metric *m = g_new0(struct metric, 1);

	m->name = name;
	m->kind = kind;
	m->dir = dir;
	m->col = col;
	m->frames = frames;
	m->window = m->seconds = -1;
	g_ptr_array_add(metrics, m);
	return m;
}

/*
 * What the column table says to rank (SIM_COLUMN_RANK), in column order:
 * one column of each kind of result, so tput stands for tput_pps and
 * delivered, and costs per delivered frame, so a setup that delivers
 * little cannot win on interrupts, CPU or energy.  cpu_busy_pct is not
 * ranked: it averages every CPU.  The columns a metric's value needs are
 * looked up here, once, not per row.
 */
static GPtrArray *policy_metrics(const struct sim_tsv *t)
{
	GPtrArray *metrics = g_ptr_array_new_with_free_func(metric_free);
	int tput = sim_tsv_column(t, "tput");
	int window = sim_tsv_column(t, "tput_pps");
	int seconds = sim_tsv_column(t, "sim_seconds");
	gboolean per_frame = tput >= 0;
	g_autoptr(GArray) busy = g_array_new(FALSE, FALSE, sizeof(int));
	struct metric *m;

	for (guint c = 0; c < t->names->len; c++) {
		const char *name = t->names->pdata[c];
		int cpu;
		const struct sim_column *d = sim_column_find(name, &cpu);

		if (!d || (d->flags & SIM_COLUMN_DIAGNOSTIC))
			continue;
		if (cpu >= 0) {
			if (d->flags & SIM_COLUMN_COST)
				g_array_append_val(busy, (int) { (int)c });
			continue;
		}
		if (!(d->flags & SIM_COLUMN_RANK))
			continue;
		if (strcmp(name, "cpu_ns_per_pkt") == 0) {
			/* per frame already; no frame is an infinite cost */
			add_metric(metrics, g_strdup(name),
				   METRIC_CPU_PER_FRAME, d->dir, c,
				   tput)->window = window;
			continue;
		}
		if (!(d->flags & SIM_COLUMN_COST))
			add_metric(metrics, g_strdup(name), METRIC_COLUMN,
				   d->dir, c, -1);
		else if (per_frame)
			add_metric(metrics, g_strdup_printf("%s/1k_frames",
							    name),
				   METRIC_PER_FRAME, d->dir, c, tput);
	}
	/* a file from before the column: CPU shares were over sim_seconds */
	if (busy->len && per_frame && sim_tsv_column(t, "cpu_ns_per_pkt") < 0 &&
	    seconds >= 0) {
		m = add_metric(metrics, g_strdup("cpu_ns/frame"),
			       METRIC_CPU_PER_FRAME, SIM_COLUMN_LOWER_BETTER,
			       -1, tput);
		m->seconds = seconds;
		m->busy = g_steal_pointer(&busy);
	}
	return metrics;
}

/* @m of @row; FALSE when a cell is missing. */
static gboolean metric_value(char **row, const struct metric *m, double *v)
{
	double frames = 0, seconds, pct, busy = 0;

	if (m->kind == METRIC_COLUMN)
		return number(row[m->col], v);
	if (m->frames >= 0 && !number(row[m->frames], &frames))
		return FALSE;
	if (m->kind == METRIC_PER_FRAME) {
		if (!number(row[m->col], v))
			return FALSE;
		*v *= 1000;
	} else if (m->col >= 0) {
		/* cpu_ns_per_pkt: already per frame, over the measurement
		 * window, where it is 0 if no frame was done: judge that by
		 * the window's own rate, tput_pps, not by the whole run's */
		if (!number(row[m->col], v))
			return FALSE;
		if (m->window >= 0 && !number(row[m->window], &frames))
			return FALSE;
		if ((m->frames >= 0 || m->window >= 0) && frames <= 0)
			*v = INFINITY;
		return TRUE;
	} else {
		if (!number(row[m->seconds], &seconds))
			return FALSE;
		for (guint k = 0; k < m->busy->len; k++)
			if (number(row[g_array_index(m->busy, int, k)], &pct))
				busy += pct / 100 * seconds * 1e9;
		*v = busy;
	}
	/* nothing delivered: an infinite cost per frame */
	*v = frames > 0 ? *v / frames : INFINITY;
	return TRUE;
}

/* A value to print: a column's cell as it is, else 4 digits. */
static char *metric_text(const struct metric *m, char **row, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	if (isinf(v))
		return g_strdup("inf");
	if (m->kind == METRIC_COLUMN ||
	    (m->kind == METRIC_CPU_PER_FRAME && m->col >= 0))
		return g_strdup(row[m->col]);
	return g_strdup(g_ascii_formatd(buf, sizeof(buf), "%.4g", v));
}

static gboolean better(enum sim_column_dir dir, double a, double b)
{
	return dir == SIM_COLUMN_HIGHER_BETTER ? a > b : a < b;
}

/* The values of @cols in @row: "napi/-10"; or @all of them "k=v, ...". */
static char *values_of(const struct sim_tsv *t, char **row, GArray *cols,
		       gboolean named)
{
	GString *s = g_string_new(NULL);

	for (guint k = 0; k < cols->len; k++) {
		int c = g_array_index(cols, int, k);

		if (named)
			g_string_append_printf(s, "%s%s=%s", k ? ", " : "",
					       (char *)t->names->pdata[c],
					       row[c]);
		else
			g_string_append_printf(s, "%s%s", k ? "/" : "",
					       row[c]);
	}
	if (!s->len)
		g_string_append(s, "(all)");
	return g_string_free(s, FALSE);
}

/*
 * One line of the table: which configuration wins @m among @rows (a
 * load's), by how much.  Return: 1 for a line, 0 when every
 * configuration ties, -1 when under two have a value.
 */
static int policy_line(GPtrArray *cells, const struct sim_tsv *t,
		       const char *load, GPtrArray *rows,
		       const struct metric *m, GArray *by)
{
	g_autofree double *v = g_new(double, rows->len);
	g_autofree gboolean *has = g_new0(gboolean, rows->len);
	g_autoptr(GString) winners = g_string_new(NULL);
	int best = -1, second = -1;
	guint n = 0, n_best = 0;
	double margin;
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	for (guint r = 0; r < rows->len; r++) {
		has[r] = metric_value(rows->pdata[r], m, &v[r]);
		n += has[r];
		if (has[r] && (best < 0 || better(m->dir, v[r], v[best])))
			best = (int)r;
	}
	if (n < 2)
		return -1;
	/* every configuration that ties for best wins; the runner-up is
	 * the best of the others */
	for (guint r = 0; r < rows->len; r++) {
		g_autofree char *config = NULL;

		if (!has[r])
			continue;
		if (v[r] != v[best]) {
			if (second < 0 || better(m->dir, v[r], v[second]))
				second = (int)r;
			continue;
		}
		config = values_of(t, rows->pdata[r], by, FALSE);
		g_string_append_printf(winners, "%s%s", n_best++ ? ", " : "",
				       config);
	}
	if (second < 0)
		return 0;
	g_ptr_array_add(cells, g_strdup(load));
	g_ptr_array_add(cells, g_strdup(m->name));
	g_ptr_array_add(cells, g_strdup(sim_column_dir_name(m->dir)));
	g_ptr_array_add(cells, n_best > 1 ? g_strdup_printf("tie: %s",
							    winners->str)
					  : g_strdup(winners->str));
	g_ptr_array_add(cells, metric_text(m, rows->pdata[best], v[best]));
	g_ptr_array_add(cells, values_of(t, rows->pdata[second], by, FALSE));
	g_ptr_array_add(cells, metric_text(m, rows->pdata[second],
					   v[second]));
	margin = v[best] - v[second];
	if (m->kind == METRIC_COLUMN)
		g_ptr_array_add(cells, format_abs(margin, MAX(
			decimals_of(((char **)rows->pdata[best])[m->col]),
			decimals_of(((char **)rows->pdata[second])[m->col]))));
	else
		g_ptr_array_add(cells, g_strdup(isfinite(margin) ?
			g_ascii_formatd(buf, sizeof(buf), "%+.4g", margin) :
			"-inf"));
	g_ptr_array_add(cells, format_rel(v[second] != 0 && isfinite(v[second])
					  ? margin / fabs(v[second])
					  : -INFINITY));
	return 1;
}

/*
 * The columns a configuration is made of: @by ("a.b,c.d"), or every key
 * column but the load's (traffic.*).
 */
static GArray *config_columns(const struct sim_tsv *t, const char *by,
			      GError **error)
{
	g_autoptr(GArray) cols = g_array_new(FALSE, FALSE, sizeof(int));
	g_auto(GStrv) names = by ? g_strsplit(by, ",", -1) : NULL;

	for (guint i = 0; names && names[i]; i++) {
		const char *name = g_strstrip(names[i]);
		int c = sim_tsv_column(t, name);
		const char *hint;

		if (!*name)
			continue;
		if (c >= 0) {
			g_array_append_val(cols, c);
			continue;
		}
		hint = sim_closest_name(name, t->names);
		keys_error(error, "%s: --by: no column \"%s\"%s%s%s", t->path,
			   name, hint ? " (did you mean " : "",
			   hint ? hint : "", hint ? "?)" : "");
		return NULL;
	}
	for (guint i = 0; !by && i < t->names->len; i++) {
		const char *name = t->names->pdata[i];

		if (sim_column_is_key(name) &&
		    !g_str_has_prefix(name, "traffic."))
			g_array_append_val(cols, (int) { i });
	}
	if (!cols->len)
		return keys_error(error, "%s: only the load (traffic.*) "
				  "varies: no configurations to compare (give "
				  "--by group.key)", t->path), NULL;
	return g_steal_pointer(&cols);
}

/**
 * sim_compare_policies() - at each load, which configuration wins each
 * metric.
 * @t: a sweep's table
 * @by: the columns a configuration is made of ("mitigation.policy" or
 *	"a.b,c.d"); NULL: every key column but traffic.* (the load)
 * @out: gets a line naming them, then the aligned table: load, metric,
 *	which way is better, the winner and its value, the runner-up and
 *	its value, the margin
 * @error: SIM_COMPARE_ERROR_KEYS when there is no such column or a single
 *	configuration
 *
 * The metrics are those the column table ranks (SIM_COLUMN_RANK), costs
 * per delivered frame (SIM_COLUMN_COST), and the busy CPU time per
 * delivered frame.  A metric on which every configuration ties is left
 * out (and counted); a load with one configuration says so, so no group
 * is ever dropped silently.
 *
 * Return: TRUE on success.
 */
gboolean sim_compare_policies(const struct sim_tsv *t, const char *by,
			      GString *out, GError **error)
{
	g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) loads = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) metrics = policy_metrics(t);
	g_autoptr(GHashTable) groups = g_hash_table_new_full(
		g_str_hash, g_str_equal, NULL,
		(GDestroyNotify)g_ptr_array_unref);
	g_autoptr(GHashTable) configs = g_hash_table_new_full(
		g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GArray) cols = config_columns(t, by, error);
	g_autoptr(GArray) load_cols = g_array_new(FALSE, FALSE, sizeof(int));
	g_autofree char *by_names = NULL, *load_names = NULL;
	static const char *const head[] = {
		"load", "metric", "better", "winner", "value", "runner-up",
		"value", "margin", "relative",
	};
	guint ties = 0;

	if (!cols)
		return FALSE;
	for (guint i = 0; i < t->names->len; i++) {
		gboolean in = FALSE;

		for (guint k = 0; k < cols->len; k++)
			in |= g_array_index(cols, int, k) == (int)i;
		if (!in && sim_column_is_key(t->names->pdata[i]))
			g_array_append_val(load_cols, (int) { i });
	}
	for (guint r = 0; r < t->rows->len; r++) {
		char **row = t->rows->pdata[r];
		char *load = values_of(t, row, load_cols, TRUE);
		GPtrArray *g = g_hash_table_lookup(groups, load);

		g_hash_table_add(configs, values_of(t, row, cols, FALSE));
		if (!g) {
			g = g_ptr_array_new();
			g_ptr_array_add(loads, load);
			g_hash_table_insert(groups, load, g);
		} else {
			g_free(load);
		}
		g_ptr_array_add(g, row);
	}
	/* the names, as the values are written: "policy/nice" */
	by_names = values_of(t, (char **)t->names->pdata, cols, FALSE);
	load_names = values_of(t, (char **)t->names->pdata, load_cols, FALSE);
	if (g_hash_table_size(configs) < 2)
		return keys_error(error, "%s: %s has %u value(s); comparing "
				  "configurations needs two or more", t->path,
				  by_names, g_hash_table_size(configs));

	g_string_append_printf(out, "configurations: %s; load: %s\n",
			       by_names, load_names);
	for (guint i = 0; i < G_N_ELEMENTS(head); i++)
		g_ptr_array_add(cells, g_strdup(head[i]));
	for (guint l = 0; l < loads->len; l++) {
		GPtrArray *rows = g_hash_table_lookup(groups,
						      loads->pdata[l]);

		if (rows->len < 2) {
			g_autofree char *config = values_of(t, rows->pdata[0],
							    cols, FALSE);
			const char *const only[] = {
				loads->pdata[l], "(every metric)", "",
				config, "-", "(no other)", "-", "", "",
			};

			for (guint i = 0; i < G_N_ELEMENTS(only); i++)
				g_ptr_array_add(cells, g_strdup(only[i]));
			continue;
		}
		for (guint m = 0; m < metrics->len; m++)
			ties += policy_line(cells, t, loads->pdata[l], rows,
					    metrics->pdata[m], cols) == 0;
	}
	sim_append_columns(out, cells, G_N_ELEMENTS(head));
	if (ties)
		g_string_append_printf(out, "(%u lines where every "
				       "configuration ties are left out)\n",
				       ties);
	return TRUE;
}
