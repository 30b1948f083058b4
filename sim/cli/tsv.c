/*
 * sim/cli/tsv.c - napisim result files read back; see sim/cli/tsv.h.
 *
 * The format is what sim_output_write() writes as TSV: a header row, one
 * row per point, tab-separated, no quoting (sim/config/row.c turns tabs
 * and newlines in values into spaces), and the metadata beside it in
 * PATH.meta.  Files from before that held the metadata as "# key=value"
 * lines at the top; they are read too.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "sim/cli/tsv.h"
#include "sim/cli/output.h"

G_DEFINE_QUARK(sim-tsv-error-quark, sim_tsv_error)

static struct sim_tsv *tsv_alloc(const char *path)
{
	struct sim_tsv *t = g_new0(struct sim_tsv, 1);

	t->path = g_strdup(path ? path : "");
	t->meta = g_ptr_array_new_with_free_func(g_free);
	t->names = g_ptr_array_new_with_free_func(g_free);
	t->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
	t->lines = g_array_new(FALSE, FALSE, sizeof(guint));
	return t;
}

/**
 * sim_tsv_new() - an empty table with the given column names.
 * @names: NULL-terminated column names
 *
 * Return: the table; free with sim_tsv_free().
 */
struct sim_tsv *sim_tsv_new(const char *const *names)
{
	struct sim_tsv *t = tsv_alloc(NULL);

	for (guint i = 0; names && names[i]; i++)
		g_ptr_array_add(t->names, g_strdup(names[i]));
	return t;
}

/**
 * sim_tsv_free() - free a table.
 * @t: table, or NULL
 */
void sim_tsv_free(struct sim_tsv *t)
{
	if (!t)
		return;
	g_free(t->path);
	g_ptr_array_unref(t->meta);
	g_ptr_array_unref(t->names);
	g_ptr_array_unref(t->rows);
	g_array_unref(t->lines);
	g_free(t);
}

/* A SIM_TSV_ERROR_PARSE error "PATH:LINE: ..."; returns FALSE. */
#define parse_error(error, path, line, fmt, ...) \
	sim_error(error, SIM_TSV_ERROR, SIM_TSV_ERROR_PARSE, "%s:%u: " fmt, \
		  path, line, __VA_ARGS__)

/*
 * Result files are UTF-8 text with no control characters but tabs and
 * line ends (CRLF too): column names go through glob matching and into
 * terminals, and a stray control character would make a name or cell
 * that sim_tsv_format() cannot write back as it was.  Return: FALSE with
 * a SIM_TSV_ERROR_PARSE naming the first bad line.
 */
static gboolean check_text(const char *text, gsize len, const char *path,
			   GError **error)
{
	const char *end;
	guint line = 1;

	for (gsize i = 0; i < len; i++) {
		guchar c = text[i];

		if (c == '\n')
			line++;
		if (c >= 0x20 || c == '\t' || c == '\n' ||
		    (c == '\r' && (i + 1 == len || text[i + 1] == '\n')))
			continue;
		if (!c)
			return parse_error(error, path, line, "%s",
					   "a NUL byte (not a napisim result "
					   "file?)");
		return parse_error(error, path, line, "control character "
				   "U+%04X (not a napisim result file?)", c);
	}
	if (g_utf8_validate(text, len, &end))
		return TRUE;
	line = 1;
	for (const char *c = text; c < end; c++)
		if (*c == '\n')
			line++;
	return parse_error(error, path, line, "%s",
			   "not valid UTF-8 (not a napisim result file?)");
}

/* The header row: names must be there, and each only once. */
static gboolean parse_header(struct sim_tsv *t, char *line, guint n,
			     GError **error)
{
	g_auto(GStrv) names = g_strsplit(line, "\t", -1);

	for (guint i = 0; names[i]; i++) {
		if (!*names[i])
			return parse_error(error, t->path, n,
					   "column %u has no name", i + 1);
		if (sim_tsv_column(t, names[i]) >= 0)
			return parse_error(error, t->path, n,
					   "column \"%s\" appears twice",
					   names[i]);
		g_ptr_array_add(t->names, g_strdup(names[i]));
	}
	return TRUE;
}

/**
 * sim_tsv_parse() - read result text already in memory.
 * @text: the file's contents
 * @path: named in errors and kept in ->path
 * @error: SIM_TSV_ERROR_PARSE, "PATH:LINE: ..."
 *
 * Return: the table, or NULL.
 */
struct sim_tsv *sim_tsv_parse(const char *text, const char *path,
			      GError **error)
{
	g_autoptr(sim_tsv) t = tsv_alloc(path);
	g_auto(GStrv) lines = NULL;
	gboolean have_header = FALSE;

	if (!check_text(text, strlen(text), t->path, error))
		return NULL;
	lines = g_strsplit(text, "\n", -1);

	for (guint i = 0; lines[i]; i++) {
		char *l = lines[i];
		gsize len = strlen(l);
		char **cells;

		if (len && l[len - 1] == '\r')
			l[len - 1] = '\0';
		if (!*l)
			continue;
		if (l[0] == '#') {
			char *eq = strchr(l, '=');

			/* comments after the header are not the header's */
			if (have_header || !eq)
				continue;
			*eq = '\0';
			/* a tab is a space here, as napisim writes them */
			g_strdelimit(l, "\t", ' ');
			g_strdelimit(eq + 1, "\t", ' ');
			sim_tsv_add_meta(t, g_strstrip(l + 1), eq + 1);
			continue;
		}
		if (!have_header) {
			if (!parse_header(t, l, i + 1, error))
				return NULL;
			have_header = TRUE;
			continue;
		}
		cells = g_strsplit(l, "\t", -1);
		if (g_strv_length(cells) != t->names->len) {
			parse_error(error, t->path, i + 1,
				    "%u cells, but the header names %u "
				    "columns", g_strv_length(cells),
				    t->names->len);
			g_strfreev(cells);
			return NULL;
		}
		g_ptr_array_add(t->rows, cells);
		g_array_append_val(t->lines, (guint) { i + 1 });
	}
	if (!have_header) {
		sim_error(error, SIM_TSV_ERROR, SIM_TSV_ERROR_PARSE,
			  "%s: no header row (not a napisim result file?)",
			  t->path);
		return NULL;
	}
	return g_steal_pointer(&t);
}

/* The metadata in FILE.meta, when there is one. */
static gboolean read_meta(struct sim_tsv *t, const char *file,
			  GError **error)
{
	g_autofree char *path = sim_meta_path(file);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) err = NULL;
	g_auto(GStrv) keys = NULL;

	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		return TRUE;
	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &err))
		return sim_error(error, SIM_TSV_ERROR, SIM_TSV_ERROR_PARSE,
				 "%s: %s", path, err->message);
	keys = g_key_file_get_keys(kf, "result", NULL, NULL);
	for (guint i = 0; keys && keys[i]; i++) {
		g_autofree char *v = g_key_file_get_string(kf, "result",
							   keys[i], NULL);

		/* one line, as napisim writes them (sim_write_meta()) */
		if (v)
			g_strdelimit(v, "\t\r\n", ' ');
		if (!sim_tsv_meta(t, keys[i]))
			sim_tsv_add_meta(t, keys[i], v ? v : "");
	}
	return TRUE;
}

/* All of stdin, as a table named "stdin". */
static struct sim_tsv *read_stdin(GError **error)
{
	g_autoptr(GString) text = g_string_new(NULL);
	char buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		g_string_append_len(text, buf, n);
	if (ferror(stdin)) {
		sim_error(error, SIM_TSV_ERROR, SIM_TSV_ERROR_FILE,
			  "stdin: %s", g_strerror(errno));
		return NULL;
	}
	/* a NUL would end the text sim_tsv_parse() sees */
	if (!check_text(text->str, text->len, "stdin", error))
		return NULL;
	return sim_tsv_parse(text->str, "stdin", error);
}

/**
 * sim_tsv_read() - read a result file.
 * @path: a TSV file, a sweep directory (its points.tsv is read), or "-"
 *	for stdin
 * @error: SIM_TSV_ERROR, one line starting "PATH:LINE: " or "PATH: "
 *
 * Return: the table (free with sim_tsv_free()), or NULL.
 */
struct sim_tsv *sim_tsv_read(const char *path, GError **error)
{
	g_autofree char *file = NULL;
	g_autofree char *text = NULL;
	g_autoptr(GError) err = NULL;
	g_autoptr(sim_tsv) t = NULL;
	gsize len;

	if (strcmp(path, "-") == 0)
		return read_stdin(error);
	if (g_file_test(path, G_FILE_TEST_IS_DIR))
		file = g_build_filename(path, "points.tsv", NULL);
	else
		file = g_strdup(path);
	if (!g_file_get_contents(file, &text, &len, &err)) {
		/* GLib's message names the file already */
		g_set_error_literal(error, SIM_TSV_ERROR, SIM_TSV_ERROR_FILE,
				    err->message);
		return NULL;
	}
	/* a NUL would end the text sim_tsv_parse() sees */
	if (!check_text(text, len, file, error))
		return NULL;
	t = sim_tsv_parse(text, file, error);
	if (t && !read_meta(t, file, error))
		return NULL;
	return g_steal_pointer(&t);
}

/**
 * sim_tsv_column() - the index of a column.
 * @t: table
 * @name: column name
 *
 * Return: its index, or -1.
 */
int sim_tsv_column(const struct sim_tsv *t, const char *name)
{
	for (guint i = 0; i < t->names->len; i++)
		if (strcmp(t->names->pdata[i], name) == 0)
			return (int)i;
	return -1;
}

/**
 * sim_tsv_meta() - a metadata value.
 * @t: table
 * @key: its key
 *
 * Return: the value first given for @key, or NULL.
 */
const char *sim_tsv_meta(const struct sim_tsv *t, const char *key)
{
	for (guint i = 0; i + 1 < t->meta->len; i += 2)
		if (strcmp(t->meta->pdata[i], key) == 0)
			return t->meta->pdata[i + 1];
	return NULL;
}

/**
 * sim_tsv_add_meta() - add metadata, written to PATH.meta.
 * @t: table
 * @key: key
 * @value: value
 */
void sim_tsv_add_meta(struct sim_tsv *t, const char *key, const char *value)
{
	g_ptr_array_add(t->meta, g_strdup(key));
	g_ptr_array_add(t->meta, g_strdup(value));
}

/**
 * sim_tsv_add_row() - append a row.
 * @t: table
 * @cells: @t->names->len cells, copied
 */
void sim_tsv_add_row(struct sim_tsv *t, const char *const *cells)
{
	char **row = g_new0(char *, t->names->len + 1);

	for (guint i = 0; i < t->names->len; i++)
		row[i] = g_strdup(cells[i]);
	g_ptr_array_add(t->rows, row);
	g_array_append_val(t->lines, (guint) { 0 });
}

/* @s with tabs and line breaks made spaces, so it stays one cell. */
static void append_clean(GString *out, const char *sep, const char *s)
{
	g_autofree char *clean = sim_clean_text(s);

	g_string_append(out, sep);
	g_string_append(out, clean);
}

/**
 * sim_tsv_format() - the table as text.
 * @t: table
 *
 * Tabs and line breaks in a name or cell become spaces (as
 * sim_clean_text() does for rows), so the text always reads back as the
 * same number of lines and cells.
 *
 * Return: the header row, then the rows (no metadata); free with
 * g_free().
 */
char *sim_tsv_format(const struct sim_tsv *t)
{
	GString *out = g_string_new(NULL);

	for (guint i = 0; i < t->names->len; i++)
		append_clean(out, i ? "\t" : "", t->names->pdata[i]);
	g_string_append_c(out, '\n');
	for (guint r = 0; r < t->rows->len; r++) {
		char **row = t->rows->pdata[r];

		for (guint i = 0; i < t->names->len; i++)
			append_clean(out, i ? "\t" : "", row[i]);
		g_string_append_c(out, '\n');
	}
	return g_string_free(out, FALSE);
}

/**
 * sim_tsv_write() - write a table to a file atomically.
 * @t: table
 * @path: file, replaced by rename() once complete; its metadata, if any,
 *	goes to PATH.meta (sim_write_meta())
 * @error: G_FILE_ERROR naming the file
 *
 * Return: TRUE on success.
 */
gboolean sim_tsv_write(const struct sim_tsv *t, const char *path,
		       GError **error)
{
	g_autofree char *text = sim_tsv_format(t);

	if (t->meta->len) {
		g_autoptr(GPtrArray) meta = g_ptr_array_new();

		for (guint i = 0; i < t->meta->len; i++)
			g_ptr_array_add(meta, t->meta->pdata[i]);
		g_ptr_array_add(meta, NULL);
		if (!sim_write_meta(path, (const char *const *)meta->pdata,
				    error))
			return FALSE;
	}
	return sim_write_file(path, text, strlen(text), error);
}
