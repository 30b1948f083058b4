/*
 * sim/config/report.h - what a simulated point reports: its row of
 * columns (one per point, what result files hold) and detail tables, one
 * row per object of the machine (CPU, queue, NAPI, task, ...), for the
 * counters that do not belong in the main row.
 */
#ifndef SIM_CONFIG_REPORT_H
#define SIM_CONFIG_REPORT_H

#include <stdint.h>
#include <glib.h>

#include "sim/config/row.h"

/* one table of the detail: a row per object, its first column "id" */
struct sim_table {
	char *name;		/* "cpu", "queue", ... */
	GPtrArray *rows;	/* struct sim_row * */
	GHashTable *index;	/* id -> its row, for tables of many rows */
};

struct sim_report {
	struct sim_row *row;	/* the point's row */
	GPtrArray *tables;	/* struct sim_table *, in creation order */
};

struct sim_report *sim_report_new(void);
void sim_report_free(struct sim_report *r);

/**
 * sim_report_object() - the detail row of object @id in table @table,
 * made (with its "id" column) on first use.
 */
struct sim_row *sim_report_object(struct sim_report *r, const char *table,
				  const char *id);

/**
 * sim_report_get() - column @col of object @id in table @table, or NULL.
 */
const struct sim_col *sim_report_get(const struct sim_report *r,
				     const char *table, const char *id,
				     const char *col);

/**
 * sim_report_u64() - sim_report_get() of an unsigned counter (asserts it
 * exists: for tests).
 */
uint64_t sim_report_u64(const struct sim_report *r, const char *table,
			const char *id, const char *col);

/**
 * sim_report_serialize() - append @r, its row and its detail tables, to
 * @out as text: how a point's report crosses from the child process that
 * simulated it to the parent (sim/cli/runner.c).  A report without
 * tables is exactly sim_row_serialize() of its row.
 */
void sim_report_serialize(const struct sim_report *r, GString *out);

/**
 * sim_report_parse() - inverse of sim_report_serialize().
 * Return: the report, or NULL with SIM_OUTPUT_ERROR_PARSE.
 */
struct sim_report *sim_report_parse(const char *text, GError **error);

/* g_autoptr() needs a type name; only it uses this typedef */
typedef struct sim_report sim_report;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(sim_report, sim_report_free)

#endif /* SIM_CONFIG_REPORT_H */
