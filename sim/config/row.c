/*
 * sim/config/row.c - result rows: named, typed columns with a canonical
 * text form; see sim/config/row.h.
 *
 * Every value gets its canonical text when it is added (C locale, fixed
 * decimals for doubles), and every writer prints that text, or for JSON
 * the typed value.  So a row means the same thing whether it was made in
 * this process or parsed from a child's pipe, and golden files never
 * depend on the locale.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "sim/config/row.h"


G_DEFINE_QUARK(sim-output-error-quark, sim_output_error)

static gboolean row_error(GError **error, GQuark domain, int code,
			  const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static gboolean row_error(GError **error, GQuark domain, int code,
			  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_propagate_error(error, g_error_new_valist(domain, code, fmt, ap));
	va_end(ap);
	return FALSE;
}

static const char *const type_names[] = {
	[SIM_COL_U64] = "u64",
	[SIM_COL_I64] = "i64",
	[SIM_COL_DOUBLE] = "double",
	[SIM_COL_BOOL] = "bool",
	[SIM_COL_STR] = "str",
};

/* ---------------------------------------------------------------- rows */

static void col_free(gpointer data)
{
	struct sim_col *c = data;

	g_free(c->name);
	g_free(c->str);
	g_free(c);
}

/* The index of the first column called @name, or -1. */
static int col_index(const struct sim_row *row, const char *name)
{
	for (guint i = 0; i < row->cols->len; i++)
		if (strcmp(((struct sim_col *)row->cols->pdata[i])->name,
			   name) == 0)
			return (int)i;
	return -1;
}

/**
 * sim_row_select() - keep only the named columns, in that order.
 * @row: row
 * @names: NULL-terminated column names, each at most once
 * @error: SIM_OUTPUT_ERROR_COLUMN naming a column the row lacks (and
 *	listing those it has), or one named twice
 *
 * Return: TRUE on success; on failure @row is unchanged.
 */
gboolean sim_row_select(struct sim_row *row, const char *const *names,
			GError **error)
{
	guint n = g_strv_length((char **)names);
	g_autofree guint *from = g_new(guint, n + 1);
	GPtrArray *keep;

	/* every name is checked before @row changes */
	for (guint k = 0; k < n; k++) {
		int i = col_index(row, names[k]);

		if (i < 0) {
			g_autoptr(GString) all = g_string_new(NULL);

			for (guint c = 0; c < row->cols->len; c++)
				g_string_append_printf(all, "%s%s",
					c ? "," : "",
					((struct sim_col *)
					 row->cols->pdata[c])->name);
			return row_error(error, SIM_OUTPUT_ERROR,
					 SIM_OUTPUT_ERROR_COLUMN,
					 "no column \"%s\" (columns: %s)",
					 names[k], all->str);
		}
		/* a column kept twice would be freed twice */
		for (guint j = 0; j < k; j++)
			if (from[j] == (guint)i)
				return row_error(error, SIM_OUTPUT_ERROR,
						 SIM_OUTPUT_ERROR_COLUMN,
						 "column \"%s\" named twice",
						 names[k]);
		from[k] = i;
	}

	/* hand the kept columns over; free the others */
	keep = g_ptr_array_new_full(n, col_free);
	for (guint k = 0; k < n; k++) {
		g_ptr_array_add(keep, row->cols->pdata[from[k]]);
		row->cols->pdata[from[k]] = NULL;
	}
	for (guint i = 0; i < row->cols->len; i++)
		if (row->cols->pdata[i])
			col_free(row->cols->pdata[i]);
	g_ptr_array_set_free_func(row->cols, NULL);
	g_ptr_array_unref(row->cols);
	row->cols = keep;
	return TRUE;
}

char *sim_clean_text(const char *s)
{
	char *t = g_strdup(s ? s : "");

	for (char *c = t; *c; c++)
		if (*c == '\t' || *c == '\n' || *c == '\r')
			*c = ' ';
	return t;
}

static struct sim_col *col_add(struct sim_row *row, const char *name,
			       enum sim_col_type type)
{
	struct sim_col *c = g_new0(struct sim_col, 1);

	c->name = sim_clean_text(name);
	c->type = type;
	g_ptr_array_add(row->cols, c);
	return c;
}

static char *format_double(double v, int decimals)
{
	char fmt[16];
	char buf[G_ASCII_DTOSTR_BUF_SIZE + 320];
	char *s;

	decimals = CLAMP(decimals, 0, 17);
	g_snprintf(fmt, sizeof(fmt), "%%.%df", decimals);
	g_ascii_formatd(buf, sizeof(buf), fmt, v);
	/* "-0.000" and "0.000" are the same result; print it one way */
	s = buf;
	if (s[0] == '-' && strspn(s + 1, "0.") == strlen(s + 1))
		s++;
	return g_strdup(s);
}

/**
 * sim_row_new() - an empty row.
 *
 * Return: the row; free with sim_row_free().
 */
struct sim_row *sim_row_new(void)
{
	struct sim_row *row = g_new0(struct sim_row, 1);

	row->cols = g_ptr_array_new_with_free_func(col_free);
	return row;
}

/**
 * sim_row_free() - free a row and its columns.
 * @row: row, or NULL
 */
void sim_row_free(struct sim_row *row)
{
	if (!row)
		return;
	g_ptr_array_unref(row->cols);
	g_free(row);
}

/**
 * sim_row_add_u64() - append an unsigned integer column.
 * @row: row
 * @name: column name (tabs and newlines become spaces)
 * @v: value
 */
void sim_row_add_u64(struct sim_row *row, const char *name, uint64_t v)
{
	struct sim_col *c = col_add(row, name, SIM_COL_U64);

	c->u64 = v;
	c->str = g_strdup_printf("%" G_GUINT64_FORMAT, v);
}

/**
 * sim_row_add_i64() - append a signed integer column.
 * @row: row
 * @name: column name
 * @v: value
 */
void sim_row_add_i64(struct sim_row *row, const char *name, int64_t v)
{
	struct sim_col *c = col_add(row, name, SIM_COL_I64);

	c->i64 = v;
	c->str = g_strdup_printf("%" G_GINT64_FORMAT, v);
}

/**
 * sim_row_add_double() - append a floating-point column.
 * @row: row
 * @name: column name
 * @v: value
 * @decimals: digits after the point, 0..17; the text is "%.*f" in the C
 *	locale, so golden files are stable
 */
void sim_row_add_double(struct sim_row *row, const char *name, double v,
			int decimals)
{
	struct sim_col *c = col_add(row, name, SIM_COL_DOUBLE);

	c->str = format_double(v, decimals);
	/* the value is what the text says, so a parsed row compares equal */
	c->dbl = isfinite(v) ? g_ascii_strtod(c->str, NULL) : v;
}

/**
 * sim_row_add_bool() - append a boolean column ("true"/"false").
 * @row: row
 * @name: column name
 * @v: value
 */
void sim_row_add_bool(struct sim_row *row, const char *name, bool v)
{
	struct sim_col *c = col_add(row, name, SIM_COL_BOOL);

	c->b = v;
	c->str = g_strdup(v ? "true" : "false");
}

/**
 * sim_row_add_str() - append a text column.
 * @row: row
 * @name: column name
 * @v: value; tabs and newlines become spaces
 */
void sim_row_add_str(struct sim_row *row, const char *name, const char *v)
{
	struct sim_col *c = col_add(row, name, SIM_COL_STR);

	c->str = sim_clean_text(v);
}

/**
 * sim_row_get() - the column called @name.
 * @row: row
 * @name: column name
 *
 * Return: the first column of that name, or NULL.
 */
guint sim_row_move(struct sim_row *dst, struct sim_row *src,
		   const char *name)
{
	int i = col_index(src, name);

	if (i < 0)
		return 0;
	g_ptr_array_add(dst->cols, g_ptr_array_steal_index(src->cols,
							   (guint)i));
	return 1;
}

void sim_row_move_all(struct sim_row *dst, struct sim_row *src)
{
	while (src->cols->len)
		g_ptr_array_add(dst->cols, g_ptr_array_steal_index(src->cols,
								   0));
}

const struct sim_col *sim_row_get(const struct sim_row *row, const char *name)
{
	for (guint i = 0; i < row->cols->len; i++) {
		const struct sim_col *c = row->cols->pdata[i];

		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

/* ---------------------------------------------------------------- pipe */

/**
 * sim_row_serialize() - append "name\ttype\ttext\n" per column to @out.
 * @row: row
 * @out: string to append to
 */
void sim_row_serialize(const struct sim_row *row, GString *out)
{
	for (guint i = 0; i < row->cols->len; i++) {
		const struct sim_col *c = row->cols->pdata[i];

		g_string_append_printf(out, "%s\t%s\t%s\n", c->name,
				       type_names[c->type], c->str);
	}
}

static gboolean parse_error(GError **error, guint line, const char *fmt,
			    const char *arg)
{
	g_autofree char *msg = g_strdup_printf(fmt, arg);

	g_set_error(error, SIM_OUTPUT_ERROR, SIM_OUTPUT_ERROR_PARSE,
		    "row line %u: %s", line, msg);
	return FALSE;
}

static gboolean parse_col(struct sim_row *row, char **f, guint line,
			  GError **error)
{
	struct sim_col *c;
	guint64 u;
	gint64 i;
	double d;
	char *end;
	int type = -1;

	for (guint t = 0; t < G_N_ELEMENTS(type_names); t++)
		if (strcmp(f[1], type_names[t]) == 0)
			type = t;
	if (type < 0)
		return parse_error(error, line, "unknown type \"%s\"", f[1]);

	switch (type) {
	case SIM_COL_U64:
		if (!g_ascii_string_to_unsigned(f[2], 10, 0, G_MAXUINT64, &u,
						NULL))
			return parse_error(error, line, "bad u64 \"%s\"", f[2]);
		c = col_add(row, f[0], type);
		c->u64 = u;
		break;
	case SIM_COL_I64:
		if (!g_ascii_string_to_signed(f[2], 10, G_MININT64, G_MAXINT64,
					      &i, NULL))
			return parse_error(error, line, "bad i64 \"%s\"", f[2]);
		c = col_add(row, f[0], type);
		c->i64 = i;
		break;
	case SIM_COL_DOUBLE:
		d = g_ascii_strtod(f[2], &end);
		if (!*f[2] || *end)
			return parse_error(error, line, "bad double \"%s\"",
					   f[2]);
		c = col_add(row, f[0], type);
		c->dbl = d;
		break;
	case SIM_COL_BOOL:
		if (strcmp(f[2], "true") != 0 && strcmp(f[2], "false") != 0)
			return parse_error(error, line, "bad bool \"%s\"",
					   f[2]);
		c = col_add(row, f[0], type);
		c->b = strcmp(f[2], "true") == 0;
		break;
	default:
		c = col_add(row, f[0], type);
		break;
	}
	c->str = g_strdup(f[2]);
	return TRUE;
}

/**
 * sim_row_parse() - inverse of sim_row_serialize().
 * @text: lines of "name\ttype\ttext"; an empty text is an empty row
 * @error: SIM_OUTPUT_ERROR_PARSE naming the bad line
 *
 * Return: the row, or NULL.
 */
struct sim_row *sim_row_parse(const char *text, GError **error)
{
	g_autoptr(sim_row) row = sim_row_new();
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	for (guint l = 0; lines[l]; l++) {
		g_auto(GStrv) f = NULL;

		/* the text ends with a newline: last "line" is empty */
		if (!lines[l][0] && !lines[l + 1])
			break;
		f = g_strsplit(lines[l], "\t", 3);
		if (g_strv_length(f) != 3 || strchr(f[2], '\t')) {
			parse_error(error, l + 1, "%s",
				    "expected name<TAB>type<TAB>text");
			return NULL;
		}
		if (!parse_col(row, f, l + 1, error))
			return NULL;
	}
	return g_steal_pointer(&row);
}

