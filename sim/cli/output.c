/*
 * sim/cli/output.c - the files result rows are written to (TSV, an
 * aligned table, JSON), and file helpers; see sim/cli/output.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "sim/cli/output.h"

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
		g_autofree char *k = sim_clean_text(meta[i]);
		g_autofree char *v = sim_clean_text(meta[i + 1]);

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
	g_autofree char *title = sim_clean_text(meta_get(meta, "scenario"));
	g_autofree char *desc = sim_clean_text(meta_get(meta, "description"));
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

/*
 * JSON is written here rather than by json-glib, whose integers are
 * gint64: a u64 above 2^63 (a seed of 2^64 - 1) would become a double and
 * lose its last digits.  The layout is json-glib's pretty printer's (two
 * spaces, "key" : value), so the files read as before.
 */
static void json_indent(GString *out, guint level)
{
	for (guint i = 0; i < level * 2; i++)
		g_string_append_c(out, ' ');
}

/* A JSON string (RFC 8259 section 7); invalid UTF-8 becomes U+FFFD. */
static void json_string(GString *out, const char *s)
{
	g_autofree char *valid = g_utf8_make_valid(s, -1);

	g_string_append_c(out, '"');
	for (const char *c = valid; *c; c++) {
		switch (*c) {
		case '"':
			g_string_append(out, "\\\"");
			break;
		case '\\':
			g_string_append(out, "\\\\");
			break;
		case '\b':
			g_string_append(out, "\\b");
			break;
		case '\f':
			g_string_append(out, "\\f");
			break;
		case '\n':
			g_string_append(out, "\\n");
			break;
		case '\r':
			g_string_append(out, "\\r");
			break;
		case '\t':
			g_string_append(out, "\\t");
			break;
		default:
			if ((guchar)*c < 0x20)
				g_string_append_printf(out, "\\u%04x",
						       (guchar)*c);
			else
				g_string_append_c(out, *c);
		}
	}
	g_string_append_c(out, '"');
}

static void json_member(GString *out, guint level, const char *name)
{
	json_indent(out, level);
	json_string(out, name);
	g_string_append(out, " : ");
}

static void json_value(GString *out, const struct sim_col *col)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	switch (col->type) {
	case SIM_COL_U64:
		g_string_append_printf(out, "%" G_GUINT64_FORMAT, col->u64);
		break;
	case SIM_COL_I64:
		g_string_append_printf(out, "%" G_GINT64_FORMAT, col->i64);
		break;
	case SIM_COL_DOUBLE:
		/* JSON has no NaN or infinity */
		if (!isfinite(col->dbl)) {
			g_string_append(out, "null");
			break;
		}
		g_string_append(out, g_ascii_dtostr(buf, sizeof(buf),
						    col->dbl));
		/* a double stays a double when read back */
		if (!strpbrk(buf, ".eE"))
			g_string_append(out, ".0");
		break;
	case SIM_COL_BOOL:
		g_string_append(out, col->b ? "true" : "false");
		break;
	case SIM_COL_STR:
		json_string(out, col->str);
		break;
	}
}

static void write_json(GString *out, GPtrArray *rows, const char *const *meta)
{
	g_string_append(out, "{\n");
	json_member(out, 1, "meta");
	g_string_append_c(out, '{');
	for (guint i = 0; meta && meta[i] && meta[i + 1]; i += 2) {
		g_string_append(out, i ? ",\n" : "\n");
		json_member(out, 2, meta[i]);
		json_string(out, meta[i + 1]);
	}
	if (meta && meta[0] && meta[1])
		g_string_append_c(out, '\n');
	json_indent(out, 1);
	g_string_append(out, "},\n");
	json_member(out, 1, "points");
	g_string_append_c(out, '[');
	for (guint r = 0; r < rows->len; r++) {
		const struct sim_row *row = rows->pdata[r];

		g_string_append(out, r ? ",\n" : "\n");
		json_indent(out, 2);
		g_string_append_c(out, '{');
		for (guint c = 0; c < row->cols->len; c++) {
			const struct sim_col *col = row->cols->pdata[c];

			g_string_append(out, c ? ",\n" : "\n");
			json_member(out, 3, col->name);
			json_value(out, col);
		}
		if (row->cols->len)
			g_string_append_c(out, '\n');
		json_indent(out, 2);
		g_string_append_c(out, '}');
	}
	if (rows->len) {
		g_string_append_c(out, '\n');
		json_indent(out, 1);
	}
	g_string_append(out, "]\n}\n");
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
 * sim_has_control() - whether a string holds a control character.
 * @s: the string
 *
 * Return: TRUE if a byte of @s is below 0x20 or is DEL.
 */
gboolean sim_has_control(const char *s)
{
	for (; *s; s++)
		if ((guchar)*s < 0x20 || *s == 0x7f)
			return TRUE;
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

/*
 * Where a result may go.  A path that does not exist yet, or names a
 * regular file, is replaced atomically (temporary file beside it, fsync,
 * rename), keeping the old file's mode.  A symbolic link is followed: the
 * link stays, its target is replaced.  A character device or a FIFO
 * (/dev/null, /dev/stdout, a pipe someone reads) is written in place, as
 * a shell's ">" would; rename() would put a regular file in its place.
 * Anything else (a directory, a block device, a socket) is refused.
 */
enum target_kind { TARGET_NEW, TARGET_REGULAR, TARGET_IN_PLACE };

#define MAX_LINKS 40	/* as the kernel's MAXSYMLINKS */

/*
 * Follow @path's symbolic links (if any) to the name that is really
 * written, and say what it is.  Return: the name, or NULL with @error.
 */
static char *resolve_target(const char *path, enum target_kind *kind,
			    GStatBuf *st, GError **error)
{
	g_autofree char *at = g_strdup(path);

	for (guint n = 0;; n++) {
		g_autofree char *link = NULL;
		g_autofree char *dir = NULL;

		if (g_lstat(at, st) < 0) {
			if (errno != ENOENT)
				return sim_file_error(error, path, errno), NULL;
			*kind = TARGET_NEW;
			return g_steal_pointer(&at);
		}
		if (!S_ISLNK(st->st_mode))
			break;
		if (n == MAX_LINKS)
			return sim_file_error(error, path, ELOOP), NULL;
		link = g_file_read_link(at, NULL);
		if (!link)
			return sim_file_error(error, path, errno), NULL;
		dir = g_path_get_dirname(at);
		g_free(at);
		at = g_path_is_absolute(link) ? g_steal_pointer(&link)
			: g_build_filename(dir, link, NULL);
	}
	if (S_ISREG(st->st_mode)) {
		*kind = TARGET_REGULAR;
	} else if (S_ISCHR(st->st_mode) || S_ISFIFO(st->st_mode)) {
		*kind = TARGET_IN_PLACE;
	} else {
		g_set_error(error, G_FILE_ERROR, S_ISDIR(st->st_mode)
			    ? G_FILE_ERROR_ISDIR : G_FILE_ERROR_INVAL,
			    "%s: %s", path, S_ISDIR(st->st_mode)
			    ? g_strerror(EISDIR)
			    : "not a regular file, character device or FIFO; "
			      "not replacing it");
		return NULL;
	}
	return g_steal_pointer(&at);
}

/**
 * sim_output_check() - whether a result can go to @path, before anything
 * is simulated.
 * @path: the file
 * @error: G_FILE_ERROR naming @path: its directory is missing or not
 *	writable, or it is something no result may replace (a directory, a
 *	block device, a socket)
 *
 * Return: TRUE if sim_write_file() would try it.
 */
gboolean sim_output_check(const char *path, GError **error)
{
	enum target_kind kind;
	GStatBuf st;
	g_autofree char *target = resolve_target(path, &kind, &st, error);
	g_autofree char *dir = NULL;

	if (!target)
		return FALSE;
	if (kind == TARGET_IN_PLACE)
		return TRUE;
	dir = g_path_get_dirname(target);
	if (g_stat(dir, &st) < 0)
		return sim_file_error(error, path, errno);
	if (!S_ISDIR(st.st_mode))
		return sim_file_error(error, path, ENOTDIR);
	if (g_access(dir, W_OK) < 0)
		return sim_file_error(error, path, errno);
	return TRUE;
}

/* Write @data to the device or FIFO @target where it is. */
static gboolean write_in_place(const char *path, const char *target,
			       const GStatBuf *st, const char *data, gsize len,
			       GError **error)
{
	/* a FIFO nobody reads would block forever: say so instead */
	int flags = O_WRONLY | O_NOCTTY | O_CLOEXEC |
		    (S_ISFIFO(st->st_mode) ? O_NONBLOCK : 0);
	int fd = g_open(target, flags, 0);
	int err;

	if (fd < 0) {
		if (errno == ENXIO)
			return sim_error(error, G_FILE_ERROR,
					 G_FILE_ERROR_NXIO, "%s: a FIFO with "
					 "no reader", path);
		return sim_file_error(error, path, errno);
	}
	if (S_ISFIFO(st->st_mode))
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	errno = 0;
	if (!sim_write_all(fd, data, len)) {
		err = errno ? errno : EIO;
		close(fd);
		return sim_file_error(error, path, err);
	}
	if (close(fd) < 0)
		return sim_file_error(error, path, errno);
	return TRUE;
}

/**
 * sim_write_file() - put @len bytes of @data at @path, never half.
 * @path: file
 * @data: contents
 * @len: their length
 * @error: G_FILE_ERROR naming @path
 *
 * A new or regular file (also behind a symbolic link) is written to
 * "TARGET.XXXXXX" beside it, fsynced, then renamed over it: readers see
 * the old file or the complete new one, never a part, even after a
 * crash; the old file's mode and owner are kept.  A character device or
 * FIFO is written in place; anything else is refused.  Unlike
 * g_file_set_contents(), errors name @path rather than the temporary.
 *
 * Return: TRUE on success.
 */
gboolean sim_write_file(const char *path, const char *data, gsize len,
			GError **error)
{
	enum target_kind kind;
	GStatBuf st;
	g_autofree char *target = resolve_target(path, &kind, &st, error);
	g_autofree char *tmp = NULL;
	int fd, err;

	if (!target)
		return FALSE;
	if (kind == TARGET_IN_PLACE)
		return write_in_place(path, target, &st, data, len, error);
	tmp = g_strdup_printf("%s.XXXXXX", target);
	fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666);
	if (fd < 0)
		return sim_file_error(error, path, errno);
	errno = 0;
	/* the owner may stay only where we may give it (root) */
	if (kind == TARGET_REGULAR &&
	    (fchmod(fd, st.st_mode & 07777) < 0 ||
	     (fchown(fd, st.st_uid, st.st_gid) < 0 && errno != EPERM)))
		goto fail;
	errno = 0;
	if (!sim_write_all(fd, data, len) || fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0 || g_rename(tmp, target) < 0) {
		err = errno;
		g_unlink(tmp);
		return sim_file_error(error, path, err);
	}
	return TRUE;
fail:
	err = errno ? errno : EIO;
	close(fd);
	g_unlink(tmp);
	return sim_file_error(error, path, err);
}

/**
 * sim_output_write() - write rows to a file or stdout.
 * @rows: struct sim_row *, all with the same columns in the same order
 * @meta: "key", "value" pairs for the header (NULL-terminated, may be NULL):
 *	TSV prints them as "# key=value" lines, JSON as a "meta" object, the
 *	table as a title line from "scenario" and "description"
 * @format: table, tsv or json
 * @path: output file, or NULL for stdout; written by sim_write_file(),
 *	so a failure never leaves a half-written result
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
