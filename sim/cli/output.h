/*
 * sim/cli/output.h - the files result rows (sim/config/row.h) are
 * written to, and file helpers for the commands.
 */
#ifndef SIM_CLI_OUTPUT_H
#define SIM_CLI_OUTPUT_H

#include <stdint.h>
#include <stdbool.h>
#include <glib.h>

#include "sim/config/row.h"

enum sim_format { SIM_FORMAT_TABLE, SIM_FORMAT_TSV, SIM_FORMAT_JSON };

/**
 * sim_format_from_string() - "table", "tsv", "json".
 */
gboolean sim_format_from_string(const char *s, enum sim_format *out,
				 GError **error);

/**
 * sim_output_write() - write rows to a file or stdout.
 * @rows: struct sim_row *, all with the same columns in the same order
 * @meta: "key", "value" pairs (NULL-terminated, may be NULL): a TSV
 *	file gets them beside it in PATH.meta (sim_write_meta()), JSON as a
 *	"meta" object, the table as a title line; TSV on stdout goes
 *	without
 * @format: table, tsv or json
 * @path: output file, or NULL for stdout; written by sim_write_file(),
 *	so a failure never leaves a half-written result
 * @error: G_FILE_ERROR / G_IO_ERROR naming @path
 *
 * Return: TRUE on success.
 */
gboolean sim_output_write(GPtrArray *rows, const char *const *meta,
			  enum sim_format format, const char *path,
			  GError **error);

/**
 * sim_detail_write() - write the detail tables of points to a file.
 * @points: struct sim_report *, one per point (sim/config/report.h): its
 *	row holds the columns that say which point it is (its index
 *	"point", its varied keys), its tables the detail (cpu, queue,
 *	napi, task, flow, machine, ...)
 * @meta: as for sim_output_write(): PATH.meta beside TSV, "meta" in JSON
 * @format: SIM_FORMAT_TSV (one section per table, a blank line apart:
 *	a header line "table", the point's columns, the table's columns;
 *	then a line per object per point, starting with the table's name)
 *	or SIM_FORMAT_JSON ({"meta", "points": [{the point's columns,
 *	"tables": {"cpu": [rows], ...}}]})
 * @path: the file, replaced atomically as by sim_output_write()
 * @error: G_FILE_ERROR naming @path
 *
 * Return: TRUE on success.
 */
gboolean sim_detail_write(GPtrArray *points, const char *const *meta,
			  enum sim_format format, const char *path,
			  GError **error);

/**
 * sim_meta_path() - "PATH.meta", where the metadata of result file PATH
 * goes.
 */
char *sim_meta_path(const char *path);

/**
 * sim_write_meta() - write "key", "value" pairs @meta as the key file
 * PATH.meta ([result] group) beside result file @path, atomically;
 * nothing beside an existing @path that is not a regular file.
 * Return: FALSE with a G_FILE_ERROR naming PATH.meta.
 */
gboolean sim_write_meta(const char *path, const char *const *meta,
			GError **error);

/**
 * sim_table_columns() - the columns a terminal table shows by default:
 * the varied keys, then the column table's default set, the least
 * important left out until a line fits @max_width characters.
 * Return: NULL-terminated names; free with g_ptr_array_unref().
 */
GPtrArray *sim_table_columns(GPtrArray *rows, guint max_width);

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
 * sim_data_dir() - where napisim's shipped files (scenarios/,
 * scripts/plot.gp) are: beside the binary in a build tree, else
 * share/napisim beside its bin/, else the configured pkgdatadir.
 * Return: the directory (free with g_free()).
 */
char *sim_data_dir(void);

/**
 * sim_make_dir() - mkdir -p @path.
 * Return: FALSE with a G_FILE_ERROR naming @path.
 */
gboolean sim_make_dir(const char *path, GError **error);

/**
 * sim_write_file() - put @data at @path, never half: a new or regular
 * file (also behind a symbolic link) is replaced atomically (temporary
 * file beside it, fsync, rename), keeping its mode; a character device or
 * FIFO is written in place; anything else is refused.
 * Return: FALSE with a G_FILE_ERROR naming @path.
 */
gboolean sim_write_file(const char *path, const char *data, gsize len,
			GError **error);

/**
 * sim_has_control() - whether @s holds a control character (a line
 * break, a tab, an escape): no quoting keeps such a path on one line of
 * a job list or script.
 */
gboolean sim_has_control(const char *s);

/**
 * sim_output_check() - whether sim_write_file() could write @path (its
 * directory exists and is writable, and it is not a directory, block
 * device or socket), to fail before simulating.
 * Return: FALSE with a G_FILE_ERROR naming @path.
 */
gboolean sim_output_check(const char *path, GError **error);

#endif /* SIM_CLI_OUTPUT_H */
