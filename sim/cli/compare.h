/*
 * sim/cli/compare.h - regression comparison of two result tables.
 *
 * Points are matched by their key columns (columns named group.key); a
 * table without key columns is matched row by row.  Every other column is
 * a metric, compared cell by cell (wall_seconds never: it is not
 * deterministic).  Which way a metric is better, and which columns are
 * diagnostics, comes from the column table (sim/config/columns.h).
 *
 * Exact mode (no tolerance given) is for golden files: any changed cell
 * fails.  Tolerant mode fails only on regressions: a change in a metric's
 * bad direction (more drops, higher latency, lower throughput, more
 * interrupts, ...) by more than its tolerance; other changes are
 * reported.  In both modes, these are regressions: conservation turning
 * false, a metric that was a finite number and is not any more (nan,
 * inf, empty, text), and a metric column that disappeared.
 */
#ifndef SIM_CLI_COMPARE_H
#define SIM_CLI_COMPARE_H

#include <stdbool.h>
#include <glib.h>

struct sim_tsv;

#define SIM_COMPARE_ERROR (sim_compare_error_quark())
GQuark sim_compare_error_quark(void);
enum sim_compare_error {
	SIM_COMPARE_ERROR_TOLERANCE,	/* bad --tolerance */
	SIM_COMPARE_ERROR_KEYS,		/* tables that cannot be matched */
};

enum sim_verdict {
	SIM_VERDICT_CHANGED,	/* neutral metric, or text */
	SIM_VERDICT_WORSE,	/* bad direction, within tolerance */
	SIM_VERDICT_REGRESSION,	/* bad direction beyond tolerance */
	SIM_VERDICT_BETTER,	/* good direction */
	SIM_VERDICT_ADDED,	/* column only in NEW */
	SIM_VERDICT_REMOVED,	/* column only in BASE: a regression */
	SIM_VERDICT_NOT_NUMBER,	/* a finite number in BASE, not in NEW */
};

/**
 * struct sim_change - one changed cell (or column).
 * @point: "traffic.rate_pps=57000", or "row 3" without key columns
 * @column: the column
 * @base: its text in BASE ("" for an added column)
 * @new: its text in NEW ("" for a removed column)
 * @numeric: both are finite numbers; @abs and @rel are then new - base
 *	and (new - base) / |base| (infinite when base is 0), and @decimals
 *	the digits after the point of the longer (-1: one is in e-notation)
 * @verdict: what the change means
 * @fails: it makes the comparison fail
 */
struct sim_change {
	char *point;
	char *column;
	char *base;
	char *new;
	bool numeric;
	double abs, rel;
	int decimals;
	enum sim_verdict verdict;
	bool fails;
};

/**
 * struct sim_compare - options and results of a comparison.
 * @exact: no tolerance given: every change fails
 * @only_regressions: the report lists only regressions
 * @tolerances: struct sim_tolerance *, first match wins
 * @ignore: column patterns not compared (volatile columns never are)
 * @changes: struct sim_change *, in point order, then column order
 * @warnings: char *, for the caller to print: a --tolerance that
 *	matches no column
 * @points: points compared
 * @cells: cells compared
 * @regressions: changes with SIM_VERDICT_REGRESSION, _NOT_NUMBER or
 *	_REMOVED
 * @failures: changes that fail the comparison, and in exact mode the
 *	points in one table only
 * @only_base: points only in BASE (not compared); @only_base_text
 *	names a few
 * @only_new: points only in NEW; @only_new_text names a few
 */
struct sim_compare {
	bool exact;
	bool only_regressions;
	GPtrArray *tolerances;
	GPtrArray *ignore;
	GPtrArray *changes;
	GPtrArray *warnings;
	guint points, cells, regressions, failures;
	guint only_base, only_new;
	char *only_base_text, *only_new_text;
};

/**
 * struct sim_tolerance - how far a metric may move the bad way.
 * @pattern: a column name, a glob pattern, or "default" (every column)
 * @rel: a fraction of BASE
 * @abs: an amount in the column's unit, added to @rel's
 */
struct sim_tolerance {
	char *pattern;
	double rel, abs;
};

/** sim_compare_new() - an exact comparison, nothing ignored yet. */
struct sim_compare *sim_compare_new(void);
void sim_compare_free(struct sim_compare *cmp);

/**
 * sim_compare_add_tolerance() - parse "col=PCT%,pattern=ABS,default=PCT%+ABS"
 * and switch to tolerant mode.
 * Return: FALSE with SIM_COMPARE_ERROR_TOLERANCE for a bad entry.
 */
gboolean sim_compare_add_tolerance(struct sim_compare *cmp, const char *spec,
				   GError **error);

/** sim_compare_add_ignore() - parse "col,pattern,..." of columns to skip. */
void sim_compare_add_ignore(struct sim_compare *cmp, const char *spec);

/**
 * sim_compare_tables() - compare NEW against BASE.
 * @cmp: options; gets the changes and counts
 * @base: the reference
 * @new: the candidate
 * @error: SIM_COMPARE_ERROR_KEYS when the tables cannot be matched:
 *	different key columns, no point in common, a key twice, or (without
 *	keys) different row counts.  The points both have are compared;
 *	the others are counted in @cmp.
 *
 * Return: TRUE if compared (look at @cmp->failures), FALSE if unusable.
 */
gboolean sim_compare_tables(struct sim_compare *cmp,
			    const struct sim_tsv *base,
			    const struct sim_tsv *new, GError **error);

/**
 * sim_compare_report() - the changes as an aligned table and a summary
 * line, appended to @out.
 */
void sim_compare_report(const struct sim_compare *cmp, GString *out);

/**
 * sim_compare_policies() - for each load, which policy wins each
 * directional metric, and by how much.
 * @t: a sweep's table
 * @by: the policy column; NULL: the key column named *.policy
 * @out: gets the aligned table
 * @error: SIM_COMPARE_ERROR_KEYS when there is no such column or it has
 *	a single value
 *
 * Return: TRUE on success.
 */
gboolean sim_compare_policies(const struct sim_tsv *t, const char *by,
			      GString *out, GError **error);

/* g_autoptr() needs a type name; only it uses this typedef */
typedef struct sim_compare sim_compare;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(sim_compare, sim_compare_free)

#endif /* SIM_CLI_COMPARE_H */
