/*
 * sim/output.c - result rows and the files they are written to; see
 * sim/output.h.
 *
 * Every value gets its canonical text when it is added (C locale, fixed
 * decimals for doubles), and every writer prints that text, or for JSON
 * the typed value.  So a row means the same thing whether it was made in
 * this process or parsed from a child's pipe, and golden files never
 * depend on the locale.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sim/output.h"

G_DEFINE_QUARK(sim-output-error-quark, sim_output_error)

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
			return sim_error(error, SIM_OUTPUT_ERROR,
					 SIM_OUTPUT_ERROR_COLUMN,
					 "no column \"%s\" (columns: %s)",
					 names[k], all->str);
		}
		/* a column kept twice would be freed twice */
		for (guint j = 0; j < k; j++)
			if (from[j] == (guint)i)
				return sim_error(error, SIM_OUTPUT_ERROR,
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

/* Tabs and line breaks would break the TSV and the pipe format. */
static char *clean_text(const char *s)
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

	c->name = clean_text(name);
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

	c->str = clean_text(v);
}

/**
 * sim_row_get() - the column called @name.
 * @row: row
 * @name: column name
 *
 * Return: the first column of that name, or NULL.
 */
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

/* ---------------------------------------------------------------- writers */

/**
 * sim_format_from_string() - "table", "tsv", "json".
 * @s: name
 * @out: the format
 * @error: SIM_OUTPUT_ERROR_FORMAT for any other name
 *
 * Return: TRUE on success.
 */
gboolean sim_format_from_string(const char *s, enum sim_format *out,
				 GError **error)
{
	static const struct { const char *name; enum sim_format f; } fmts[] = {
		{ "table", SIM_FORMAT_TABLE },
		{ "tsv", SIM_FORMAT_TSV },
		{ "json", SIM_FORMAT_JSON },
	};

	for (guint i = 0; i < G_N_ELEMENTS(fmts); i++) {
		if (g_strcmp0(s, fmts[i].name) == 0) {
			*out = fmts[i].f;
			return TRUE;
		}
	}
	g_set_error(error, SIM_OUTPUT_ERROR, SIM_OUTPUT_ERROR_FORMAT,
		    "unknown format \"%s\" (expected table, tsv or json)",
		    s ? s : "");
	return FALSE;
}

static const char *meta_get(const char *const *meta, const char *key)
{
	for (guint i = 0; meta && meta[i] && meta[i + 1]; i += 2)
		if (strcmp(meta[i], key) == 0)
			return meta[i + 1];
	return NULL;
}

static void write_tsv(GString *out, GPtrArray *rows, const char *const *meta)
{
	for (guint i = 0; meta && meta[i] && meta[i + 1]; i += 2) {
		g_autofree char *k = clean_text(meta[i]);
		g_autofree char *v = clean_text(meta[i + 1]);

		g_string_append_printf(out, "# %s=%s\n", k, v);
	}
	for (guint r = 0; r < rows->len; r++) {
		const struct sim_row *row = rows->pdata[r];

		if (r == 0) {
			for (guint c = 0; c < row->cols->len; c++) {
				const struct sim_col *col = row->cols->pdata[c];

				g_string_append_printf(out, "%s%s",
						       c ? "\t" : "",
						       col->name);
			}
			g_string_append_c(out, '\n');
		}
		for (guint c = 0; c < row->cols->len; c++) {
			const struct sim_col *col = row->cols->pdata[c];

			g_string_append_printf(out, "%s%s", c ? "\t" : "",
					       col->str);
		}
		g_string_append_c(out, '\n');
	}
}

static gboolean is_number(enum sim_col_type t)
{
	return t == SIM_COL_U64 || t == SIM_COL_I64 || t == SIM_COL_DOUBLE;
}

/* Pad @s to @width characters, on the left for numbers. */
static void append_cell(GString *out, const char *s, guint width,
			gboolean right)
{
	guint len = g_utf8_strlen(s, -1);
	guint pad = width > len ? width - len : 0;

	if (right)
		for (guint i = 0; i < pad; i++)
			g_string_append_c(out, ' ');
	g_string_append(out, s);
	if (!right)
		for (guint i = 0; i < pad; i++)
			g_string_append_c(out, ' ');
}

static void write_table(GString *out, GPtrArray *rows,
			const char *const *meta)
{
	g_autofree char *title = clean_text(meta_get(meta, "scenario"));
	g_autofree char *desc = clean_text(meta_get(meta, "description"));
	const struct sim_row *first = rows->len ? rows->pdata[0] : NULL;
	guint ncols = first ? first->cols->len : 0;
	g_autofree guint *width = g_new0(guint, ncols + 1);

	if (*title && *desc)
		g_string_append_printf(out, "%s: %s\n", title, desc);
	else if (*title || *desc)
		g_string_append_printf(out, "%s\n", *title ? title : desc);
	if (!first)
		return;

	for (guint c = 0; c < ncols; c++) {
		const struct sim_col *col = first->cols->pdata[c];

		width[c] = g_utf8_strlen(col->name, -1);
	}
	for (guint r = 0; r < rows->len; r++) {
		const struct sim_row *row = rows->pdata[r];

		for (guint c = 0; c < ncols && c < row->cols->len; c++) {
			const struct sim_col *col = row->cols->pdata[c];

			width[c] = MAX(width[c],
				       (guint)g_utf8_strlen(col->str, -1));
		}
	}

	/* header, then one line per row; the last column is not padded */
	for (guint r = 0; r <= rows->len; r++) {
		const struct sim_row *row = rows->pdata[r ? r - 1 : 0];
		gsize start = out->len;

		for (guint c = 0; c < ncols && c < row->cols->len; c++) {
			const struct sim_col *col = row->cols->pdata[c];
			gboolean right = is_number(col->type);

			if (c)
				g_string_append(out, "  ");
			append_cell(out, r ? col->str : col->name, width[c],
				    right);
		}
		while (out->len > start && out->str[out->len - 1] == ' ')
			g_string_truncate(out, out->len - 1);
		g_string_append_c(out, '\n');
	}
}

static void json_add_col(JsonBuilder *b, const struct sim_col *col)
{
	json_builder_set_member_name(b, col->name);
	switch (col->type) {
	case SIM_COL_U64:
		if (col->u64 <= G_MAXINT64)
			json_builder_add_int_value(b, (gint64)col->u64);
		else
			json_builder_add_double_value(b, (double)col->u64);
		break;
	case SIM_COL_I64:
		json_builder_add_int_value(b, col->i64);
		break;
	case SIM_COL_DOUBLE:
		/* JSON has no NaN or infinity */
		if (isfinite(col->dbl))
			json_builder_add_double_value(b, col->dbl);
		else
			json_builder_add_null_value(b);
		break;
	case SIM_COL_BOOL:
		json_builder_add_boolean_value(b, col->b);
		break;
	case SIM_COL_STR:
		json_builder_add_string_value(b, col->str);
		break;
	}
}

static void write_json(GString *out, GPtrArray *rows, const char *const *meta)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonGenerator) gen = json_generator_new();
	g_autoptr(JsonNode) root = NULL;
	g_autofree char *text = NULL;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "meta");
	json_builder_begin_object(b);
	for (guint i = 0; meta && meta[i] && meta[i + 1]; i += 2) {
		json_builder_set_member_name(b, meta[i]);
		json_builder_add_string_value(b, meta[i + 1]);
	}
	json_builder_end_object(b);
	json_builder_set_member_name(b, "points");
	json_builder_begin_array(b);
	for (guint r = 0; r < rows->len; r++) {
		const struct sim_row *row = rows->pdata[r];

		json_builder_begin_object(b);
		for (guint c = 0; c < row->cols->len; c++)
			json_add_col(b, row->cols->pdata[c]);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);

	root = json_builder_get_root(b);
	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 2);
	text = json_generator_to_data(gen, NULL);
	g_string_append(out, text);
	g_string_append_c(out, '\n');
}

/**
 * sim_append_columns() - text in left-aligned columns.
 * @out: gets the lines
 * @cells: char *, @ncols per line
 * @ncols: columns
 *
 * Columns are two spaces apart; the last is not padded.
 */
void sim_append_columns(GString *out, GPtrArray *cells, guint ncols)
{
	g_autofree guint *width = g_new0(guint, ncols);

	for (guint i = 0; i < cells->len; i++)
		width[i % ncols] = MAX(width[i % ncols],
				       g_utf8_strlen(cells->pdata[i], -1));
	for (guint i = 0; i < cells->len; i++) {
		const char *s = cells->pdata[i];
		guint col = i % ncols;

		if (col == ncols - 1) {
			g_string_append_printf(out, "%s\n", s);
			continue;
		}
		append_cell(out, s, width[col] + 2, FALSE);
	}
}

/* ---------------------------------------------------------------- files */

gboolean sim_write_all(int fd, const char *buf, gsize len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return FALSE;
		buf += n;
		len -= n;
	}
	return TRUE;
}

/**
 * sim_file_error() - set a G_FILE_ERROR "PATH: strerror(ERR)".
 * @error: to set
 * @path: the file
 * @err: an errno value
 *
 * Return: FALSE, so callers can return it.
 */
gboolean sim_file_error(GError **error, const char *path, int err)
{
	g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
		    "%s: %s", path, g_strerror(err));
	return FALSE;
}

/**
 * sim_error() - g_set_error() that returns FALSE.
 * @error: to set
 * @domain: error domain
 * @code: error code
 * @fmt: printf format of the message
 *
 * Return: FALSE, so callers can return it.
 */
gboolean sim_error(GError **error, GQuark domain, int code, const char *fmt,
		   ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_propagate_error(error, g_error_new_valist(domain, code, fmt, ap));
	va_end(ap);
	return FALSE;
}

/**
 * sim_make_dir() - create a directory and its parents, if missing.
 * @path: directory
 * @error: G_FILE_ERROR naming @path
 *
 * Return: TRUE on success.
 */
gboolean sim_make_dir(const char *path, GError **error)
{
	if (g_mkdir_with_parents(path, 0777) < 0)
		return sim_file_error(error, path, errno);
	return TRUE;
}

/**
 * sim_write_file() - replace @path with @len bytes of @data atomically.
 * @path: file
 * @data: contents
 * @len: their length
 * @error: G_FILE_ERROR naming @path
 *
 * Write to "PATH.XXXXXX" beside @path, fsync, then rename() over it:
 * readers see the old file or the complete new one, never a part, even
 * after a crash.  Unlike g_file_set_contents(), errors name @path rather
 * than the temporary.
 *
 * Return: TRUE on success.
 */
gboolean sim_write_file(const char *path, const char *data, gsize len,
			GError **error)
{
	g_autofree char *tmp = g_strdup_printf("%s.XXXXXX", path);
	int fd, err;

	fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666);
	if (fd < 0)
		return sim_file_error(error, path, errno);
	errno = 0;
	if (!sim_write_all(fd, data, len) || fsync(fd) < 0) {
		err = errno ? errno : EIO;
		close(fd);
		g_unlink(tmp);
		return sim_file_error(error, path, err);
	}
	if (close(fd) < 0 || g_rename(tmp, path) < 0) {
		err = errno;
		g_unlink(tmp);
		return sim_file_error(error, path, err);
	}
	return TRUE;
}

/**
 * sim_output_write() - write rows to a file or stdout.
 * @rows: struct sim_row *, all with the same columns in the same order
 * @meta: "key", "value" pairs for the header (NULL-terminated, may be NULL):
 *	TSV prints them as "# key=value" lines, JSON as a "meta" object, the
 *	table as a title line from "scenario" and "description"
 * @format: table, tsv or json
 * @path: output file, or NULL for stdout.  A file is written to a temporary
 *	file in the same directory and renamed into place, so a failure never
 *	leaves a half-written result.
 * @error: G_FILE_ERROR naming @path ("stdout" for stdout)
 *
 * Return: TRUE on success.
 */
gboolean sim_output_write(GPtrArray *rows, const char *const *meta,
			  enum sim_format format, const char *path,
			  GError **error)
{
	g_autoptr(GString) out = g_string_new(NULL);

	switch (format) {
	case SIM_FORMAT_TABLE:
		write_table(out, rows, meta);
		break;
	case SIM_FORMAT_TSV:
		write_tsv(out, rows, meta);
		break;
	case SIM_FORMAT_JSON:
		write_json(out, rows, meta);
		break;
	}

	if (path)
		return sim_write_file(path, out->str, out->len, error);

	if (fwrite(out->str, 1, out->len, stdout) != out->len ||
	    fflush(stdout) != 0)
		return sim_file_error(error, "stdout", errno ? errno : EIO);
	return TRUE;
}
