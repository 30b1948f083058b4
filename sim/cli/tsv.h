/*
 * sim/cli/tsv.h - napisim result files read back: a row of column names,
 * then one row of cells per point; the metadata in PATH.meta beside it
 * (or, in older files, "# key=value" lines at the top).
 *
 * Cells stay text: comparisons and plots need the exact text the run
 * wrote (golden files diff it), and parse numbers where they need them.
 */
#ifndef SIM_CLI_TSV_H
#define SIM_CLI_TSV_H

#include <glib.h>

/**
 * struct sim_tsv - a result table.
 * @path: where it was read from ("" if built in memory)
 * @meta: "key", "value", ... from PATH.meta (or "# key=value" lines)
 * @names: column names (char *)
 * @rows: one char ** per row, @names->len cells each
 * @lines: the 1-based file line of each row (guint), for messages
 */
struct sim_tsv {
	char *path;
	GPtrArray *meta;
	GPtrArray *names;
	GPtrArray *rows;
	GArray *lines;
};

#define SIM_TSV_ERROR (sim_tsv_error_quark())
GQuark sim_tsv_error_quark(void);
enum sim_tsv_error {
	SIM_TSV_ERROR_FILE,	/* missing, unreadable */
	SIM_TSV_ERROR_PARSE,	/* no header, ragged row, duplicate column */
};

/**
 * sim_tsv_read() - read a result file.
 * @path: a TSV file, a sweep directory (its points.tsv is read), or "-"
 *	for stdin
 * @error: SIM_TSV_ERROR, one line starting "PATH:LINE: " or "PATH: "
 *
 * Return: the table (free with sim_tsv_free()), or NULL.
 */
struct sim_tsv *sim_tsv_read(const char *path, GError **error);

/**
 * sim_tsv_parse() - sim_tsv_read() on text already in memory.
 * @path: named in errors and kept in ->path
 */
struct sim_tsv *sim_tsv_parse(const char *text, const char *path,
			      GError **error);

/** sim_tsv_new() - an empty table with the given column names. */
struct sim_tsv *sim_tsv_new(const char *const *names);

/** sim_tsv_column() - the index of column @name, or -1. */
int sim_tsv_column(const struct sim_tsv *t, const char *name);

/** sim_tsv_meta() - the value of metadata key @key, or NULL. */
const char *sim_tsv_meta(const struct sim_tsv *t, const char *key);

/** sim_tsv_add_meta() - add metadata @key=@value. */
void sim_tsv_add_meta(struct sim_tsv *t, const char *key, const char *value);

/** sim_tsv_add_row() - append a copy of @cells (@t->names->len of them). */
void sim_tsv_add_row(struct sim_tsv *t, const char *const *cells);

/** sim_tsv_format() - the table as text (no metadata). */
char *sim_tsv_format(const struct sim_tsv *t);

/**
 * sim_tsv_write() - write @t to @path atomically (sim_write_file()),
 * and its metadata to PATH.meta.
 * Return: FALSE with a G_FILE_ERROR naming the file.
 */
gboolean sim_tsv_write(const struct sim_tsv *t, const char *path,
		       GError **error);

void sim_tsv_free(struct sim_tsv *t);

/* g_autoptr() needs a type name; only it uses this typedef */
typedef struct sim_tsv sim_tsv;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(sim_tsv, sim_tsv_free)

#endif /* SIM_CLI_TSV_H */
