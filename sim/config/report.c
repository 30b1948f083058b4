/*
 * sim/config/report.c - a point's row and detail tables; see
 * sim/config/report.h.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "sim/config/report.h"

static void table_free(gpointer p)
{
	struct sim_table *t = p;

	g_free(t->name);
	g_hash_table_unref(t->index);
	g_ptr_array_unref(t->rows);
	g_free(t);
}

struct sim_report *sim_report_new(void)
{
	struct sim_report *r = g_new0(struct sim_report, 1);

	r->row = sim_row_new();
	r->tables = g_ptr_array_new_with_free_func(table_free);
	return r;
}

void sim_report_free(struct sim_report *r)
{
	if (!r)
		return;
	sim_row_free(r->row);
	g_ptr_array_unref(r->tables);
	g_free(r);
}

static struct sim_table *table_find(const struct sim_report *r,
				    const char *name)
{
	for (guint i = 0; i < r->tables->len; i++) {
		struct sim_table *t = r->tables->pdata[i];

		if (strcmp(t->name, name) == 0)
			return t;
	}
	return NULL;
}

static struct sim_row *object_find(const struct sim_table *t, const char *id)
{
	return g_hash_table_lookup(t->index, id);
}

struct sim_row *sim_report_object(struct sim_report *r, const char *table,
				  const char *id)
{
	struct sim_table *t = table_find(r, table);
	struct sim_row *row;

	if (!t) {
		t = g_new0(struct sim_table, 1);
		t->name = g_strdup(table);
		t->rows = g_ptr_array_new_with_free_func(
			(GDestroyNotify)sim_row_free);
		/* keyed by the row's own "id" string */
		t->index = g_hash_table_new(g_str_hash, g_str_equal);
		g_ptr_array_add(r->tables, t);
	}
	row = object_find(t, id);
	if (!row) {
		row = sim_row_new();
		sim_row_add_str(row, "id", id);
		g_ptr_array_add(t->rows, row);
		g_hash_table_insert(t->index,
				    (gpointer)sim_row_get(row, "id")->str, row);
	}
	return row;
}

const struct sim_col *sim_report_get(const struct sim_report *r,
				     const char *table, const char *id,
				     const char *col)
{
	const struct sim_table *t = table_find(r, table);
	const struct sim_row *row = t ? object_find(t, id) : NULL;

	return row ? sim_row_get(row, col) : NULL;
}

uint64_t sim_report_u64(const struct sim_report *r, const char *table,
			const char *id, const char *col)
{
	const struct sim_col *c = sim_report_get(r, table, id, col);

	if (!c)
		g_error("no counter %s %s %s in the report", table, id, col);
	g_assert(c->type == SIM_COL_U64);
	return c->u64;
}
