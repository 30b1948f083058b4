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

/* Table @name of @r, made (empty) on first use. */
static struct sim_table *table_get(struct sim_report *r, const char *name)
{
	struct sim_table *t = table_find(r, name);

	if (t)
		return t;
	t = g_new0(struct sim_table, 1);
	t->name = g_strdup(name);
	t->rows = g_ptr_array_new_with_free_func((GDestroyNotify)sim_row_free);
	/* keyed by the row's own "id" string */
	t->index = g_hash_table_new(g_str_hash, g_str_equal);
	g_ptr_array_add(r->tables, t);
	return t;
}

/* Append @row, whose "id" column names it, to @t. */
static void table_add(struct sim_table *t, struct sim_row *row)
{
	g_ptr_array_add(t->rows, row);
	g_hash_table_insert(t->index, (gpointer)sim_row_get(row, "id")->str,
			    row);
}

struct sim_row *sim_report_object(struct sim_report *r, const char *table,
				  const char *id)
{
	struct sim_table *t = table_get(r, table);
	struct sim_row *row = object_find(t, id);

	if (!row) {
		row = sim_row_new();
		sim_row_add_str(row, "id", id);
		table_add(t, row);
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

/* ---------------------------------------------------------------- pipe */

/**
 * sim_report_serialize() - append @r to @out as text.
 * @r: report
 * @out: string to append to
 *
 * The row as sim_row_serialize() writes it, then each detail row as a
 * line "@TABLE" followed by its columns, "name\ttype\ttext" each.  A
 * column line always holds two tabs and a marker none, so the two never
 * mix; a report without tables is exactly its row's text.
 */
void sim_report_serialize(const struct sim_report *r, GString *out)
{
	sim_row_serialize(r->row, out);
	for (guint i = 0; i < r->tables->len; i++) {
		const struct sim_table *t = r->tables->pdata[i];

		for (guint j = 0; j < t->rows->len; j++) {
			g_string_append_printf(out, "@%s\n", t->name);
			sim_row_serialize(t->rows->pdata[j], out);
		}
	}
}

/*
 * Parse @text, the section that starts at line @line, into @r: its row
 * (@table NULL) or a detail row of @table.
 */
static gboolean parse_section(struct sim_report *r, const char *text,
			      const char *table, guint line, GError **error)
{
	struct sim_row *row = sim_row_parse(text, error);
	const struct sim_col *id;

	if (!row) {
		g_prefix_error(error, "line %u (%s%s): ", line,
			       table ? "@" : "the row", table ? table : "");
		return FALSE;
	}
	if (!table) {
		sim_row_free(r->row);
		r->row = row;
		return TRUE;
	}
	id = sim_row_get(row, "id");
	if (!id || id->type != SIM_COL_STR) {
		g_set_error(error, SIM_OUTPUT_ERROR, SIM_OUTPUT_ERROR_PARSE,
			    "line %u (@%s): a detail row without its \"id\"",
			    line, table);
		sim_row_free(row);
		return FALSE;
	}
	table_add(table_get(r, table), row);
	return TRUE;
}

/**
 * sim_report_parse() - inverse of sim_report_serialize().
 * @text: what it wrote; an empty text is an empty report
 * @error: SIM_OUTPUT_ERROR_PARSE naming the bad line
 *
 * Return: the report, or NULL.
 */
struct sim_report *sim_report_parse(const char *text, GError **error)
{
	struct sim_report *r = sim_report_new();
	g_autoptr(GString) section = g_string_new(NULL);
	g_autofree char *table = NULL;	/* of @section; NULL: the row */
	guint line = 1, start = 1;

	for (const char *p = text;; line++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len && p[0] == '@' && !memchr(p, '\t', len)) {
			/* "@TABLE": the section before it ends here */
			if (!parse_section(r, section->str, table, start,
					   error))
				goto fail;
			g_free(table);
			table = g_strndup(p + 1, len - 1);
			start = line + 1;
			g_string_truncate(section, 0);
		} else if (nl || len) {
			g_string_append_len(section, p, len);
			g_string_append_c(section, '\n');
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (parse_section(r, section->str, table, start, error))
		return r;
fail:
	sim_report_free(r);
	return NULL;
}
