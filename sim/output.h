/*
 * sim/output.h - result rows and the files they are written to.
 *
 * One row per point: an ordered list of named columns.  Rows travel from
 * the child process that simulated a point to the parent as text
 * (sim_row_serialize / sim_row_parse), so every value has a fixed textual
 * form and golden files diff exactly.
 */
#ifndef SIM_OUTPUT_H
#define SIM_OUTPUT_H

#include <stdint.h>
#include <stdbool.h>
#include <glib.h>

enum sim_col_type { SIM_COL_U64, SIM_COL_I64, SIM_COL_DOUBLE, SIM_COL_BOOL,
		    SIM_COL_STR };

struct sim_col {
	char *name;
	enum sim_col_type type;
	union {
		uint64_t u64;
		int64_t i64;
		double dbl;
		bool b;
	};
	char *str;	/* SIM_COL_STR; also the canonical text of every value */
};

struct sim_row {
	GPtrArray *cols;	/* struct sim_col * */
};

struct sim_row *sim_row_new(void);
void sim_row_free(struct sim_row *row);
void sim_row_add_u64(struct sim_row *row, const char *name, uint64_t v);
void sim_row_add_i64(struct sim_row *row, const char *name, int64_t v);
/* doubles are printed with %.*f at @decimals so golden files are stable */
void sim_row_add_double(struct sim_row *row, const char *name, double v,
			int decimals);
void sim_row_add_bool(struct sim_row *row, const char *name, bool v);
void sim_row_add_str(struct sim_row *row, const char *name, const char *v);
/** sim_row_get() - the column called @name, or NULL. */
const struct sim_col *sim_row_get(const struct sim_row *row, const char *name);

/**
 * sim_row_select() - keep only the columns named in @names, in that order.
 * Return: FALSE (SIM_OUTPUT_ERROR_COLUMN, naming the column and listing
 * the row's columns) if a name is not a column or is named twice; @row
 * is then unchanged.
 */
gboolean sim_row_select(struct sim_row *row, const char *const *names,
			GError **error);

/** sim_row_serialize() - append "name\ttype\ttext\n" per column to @out. */
void sim_row_serialize(const struct sim_row *row, GString *out);
/** sim_row_parse() - inverse of sim_row_serialize(). */
struct sim_row *sim_row_parse(const char *text, GError **error);

#define SIM_OUTPUT_ERROR (sim_output_error_quark())
GQuark sim_output_error_quark(void);
enum sim_output_error {
	SIM_OUTPUT_ERROR_PARSE,		/* sim_row_parse(): malformed text */
	SIM_OUTPUT_ERROR_FORMAT,	/* unknown format name */
	SIM_OUTPUT_ERROR_COLUMN,	/* sim_row_select(): no such column, or twice */
};

enum sim_format { SIM_FORMAT_TABLE, SIM_FORMAT_TSV, SIM_FORMAT_JSON };

/**
 * sim_format_from_string() - "table", "tsv", "json".
 */
gboolean sim_format_from_string(const char *s, enum sim_format *out,
				 GError **error);

/**
 * sim_output_write() - write rows to a file or stdout.
 * @rows: struct sim_row *, all with the same columns in the same order
 * @meta: "key", "value" pairs for the header (NULL-terminated, may be NULL):
 *	TSV prints them as "# key=value" lines, JSON as a "meta" object, the
 *	table as a title line
 * @format: table, tsv or json
 * @path: output file, or NULL for stdout.  A file is written to a temporary
 *	file in the same directory and renamed into place, so a failure never
 *	leaves a half-written result.
 * @error: G_FILE_ERROR / G_IO_ERROR naming @path
 *
 * Return: TRUE on success.
 */
gboolean sim_output_write(GPtrArray *rows, const char *const *meta,
			  enum sim_format format, const char *path,
			  GError **error);

/* g_autoptr() needs a type name; only it uses this typedef */
typedef struct sim_row sim_row;
/**
 * sim_write_all() - write all of @buf to @fd, retrying after EINTR and
 * short writes.
 * Return: FALSE with errno set if a write failed.
 */
gboolean sim_write_all(int fd, const char *buf, gsize len);

/**
 * sim_append_columns() - append @cells (@ncols per line) to @out in
 * left-aligned columns, two spaces apart.
 */
void sim_append_columns(GString *out, GPtrArray *cells, guint ncols);

/**
 * sim_file_error() - set a G_FILE_ERROR "PATH: strerror(ERR)".
 * Return: FALSE, so callers can return it.
 */
gboolean sim_file_error(GError **error, const char *path, int err);

/**
 * sim_error() - g_set_error() that returns FALSE.
 * Return: FALSE, so callers can return it.
 */
gboolean sim_error(GError **error, GQuark domain, int code, const char *fmt,
		   ...) G_GNUC_PRINTF(4, 5);

/**
 * sim_make_dir() - mkdir -p @path.
 * Return: FALSE with a G_FILE_ERROR naming @path.
 */
gboolean sim_make_dir(const char *path, GError **error);

/**
 * sim_write_file() - replace @path with @data atomically (temporary file
 * beside it, fsync, rename).
 * Return: FALSE with a G_FILE_ERROR naming @path.
 */
gboolean sim_write_file(const char *path, const char *data, gsize len,
			GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(sim_row, sim_row_free)

#endif /* SIM_OUTPUT_H */
