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
#include "sim/config/columns.h"
#include "sim/config/report.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/napisim"
#endif

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

/* Plain TSV: the header row, then one row per point; no comment lines,
 * so any CSV reader takes it (the metadata goes beside it). */
static void write_tsv(GString *out, GPtrArray *rows)
{
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

/* ---------------------------------------------------------------- columns */

/* added to the rank of a per-CPU column of a CPU less busy than two
 * others: it goes before any column of the busy ones */
#define LESS_BUSY_CPUS 1000

struct shown {
	const char *name;
	guint width;		/* of the name and every cell */
	guint rank;		/* 0: a key, always shown */
	bool per_cpu;
	double least;		/* per-CPU: the smallest value */
};

/* The columns the table has by default, with what fitting needs. */
static GArray *default_columns(GPtrArray *rows)
{
	const struct sim_row *first = rows->pdata[0];
	GArray *shown = g_array_new(FALSE, TRUE, sizeof(struct shown));

	for (guint c = 0; c < first->cols->len; c++) {
		const struct sim_col *col = first->cols->pdata[c];
		int cpu;
		const struct sim_column *decl = sim_column_find(col->name,
								&cpu);
		struct shown s = { .name = col->name };

		if (!sim_column_is_key(col->name) &&
		    (!decl || !decl->terminal))
			continue;
		s.rank = decl ? decl->terminal : 0;
		s.width = g_utf8_strlen(col->name, -1);
		s.per_cpu = cpu >= 0;
		s.least = INFINITY;
		for (guint r = 0; r < rows->len; r++) {
			const struct sim_col *v = sim_row_get(rows->pdata[r],
							      col->name);

			if (!v)
				continue;
			s.width = MAX(s.width, g_utf8_strlen(v->str, -1));
			if (s.per_cpu && v->type == SIM_COL_DOUBLE)
				s.least = MIN(s.least, v->dbl);
		}
		g_array_append_val(shown, s);
	}
	/* per-CPU columns but of the two busiest CPUs go first */
	for (guint i = 0; i < shown->len; i++) {
		struct shown *s = &g_array_index(shown, struct shown, i);
		guint busier = 0;

		for (guint j = 0; s->per_cpu && j < shown->len; j++) {
			const struct shown *o = &g_array_index(shown,
							       struct shown,
							       j);

			busier += o->rank == s->rank && (o->least < s->least ||
				  (o->least == s->least && j < i));
		}
		if (busier >= 2)
			s->rank += LESS_BUSY_CPUS;
	}
	return shown;
}

/* The next column to leave out: the highest rank, and of per-CPU ones
 * the CPU whose share never went lowest (the least busy for idle). */
static int least_wanted(GArray *shown)
{
	int worst = -1;

	for (guint i = 0; i < shown->len; i++) {
		const struct shown *s = &g_array_index(shown, struct shown, i);
		const struct shown *w;

		if (!s->rank)
			continue;
		w = worst >= 0 ? &g_array_index(shown, struct shown, worst)
			       : NULL;
		if (!w || s->rank > w->rank ||
		    (s->rank == w->rank && s->least > w->least))
			worst = (int)i;
	}
	return worst;
}

/**
 * sim_table_columns() - the columns a terminal table shows by default.
 * @rows: the rows, at least one
 * @max_width: characters a line may take
 *
 * The varied keys, then the default set of the column table
 * (sim/config/columns.h: struct sim_column.terminal) in row order,
 * leaving out the least important until a line fits @max_width (the
 * keys stay even if they alone are wider).
 *
 * Return: the names, NULL-terminated; free with g_ptr_array_unref().
 */
GPtrArray *sim_table_columns(GPtrArray *rows, guint max_width)
{
	g_autoptr(GArray) shown = default_columns(rows);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

	for (;;) {
		guint width = 0;
		int drop;

		for (guint i = 0; i < shown->len; i++)
			width += g_array_index(shown, struct shown, i).width +
				 (i ? 2 : 0);
		drop = least_wanted(shown);
		if (width <= max_width || drop < 0)
			break;
		g_array_remove_index(shown, drop);
	}
	for (guint i = 0; i < shown->len; i++)
		g_ptr_array_add(names, g_strdup(g_array_index(
			shown, struct shown, i).name));
	g_ptr_array_add(names, NULL);
	return names;
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

/*
 * A cell as JSON: numbers as the row's canonical text (2.78, not
 * 2.7799999999999998), and null for what JSON cannot hold (NaN).  Every
 * integer is exact: a u64 above 2^63 (a seed of 2^64 - 1) is not made a
 * double, which would lose its last digits (2^64 - 1 and 2^64 - 2 would
 * print the same).
 */
static void json_value(GString *out, const struct sim_col *col)
{
	switch (col->type) {
	case SIM_COL_U64:
	case SIM_COL_I64:
	case SIM_COL_BOOL:
		g_string_append(out, col->str);
		break;
	case SIM_COL_DOUBLE:
		g_string_append(out, isfinite(col->dbl) ? col->str : "null");
		break;
	case SIM_COL_STR:
		json_string(out, col->str);
		break;
	}
}

/* Metadata that is a count or a seed is a number. */
static gboolean meta_is_number(const char *key, const char *value)
{
	static const char *const numeric[] = {
		"seed", "points", "missing", "point",
	};

	for (guint i = 0; i < G_N_ELEMENTS(numeric); i++)
		if (strcmp(key, numeric[i]) == 0)
			return *value && strspn(value, "0123456789") ==
					 strlen(value);
	return FALSE;
}

/* "  \"meta\": {...},\n" */
static void json_meta(GString *out, const char *const *meta)
{
	g_string_append(out, "  \"meta\": {");
	for (guint i = 0; meta && meta[i] && meta[i + 1]; i += 2) {
		g_string_append(out, i ? ",\n    " : "\n    ");
		json_string(out, meta[i]);
		g_string_append(out, ": ");
		if (meta_is_number(meta[i], meta[i + 1]))
			g_string_append(out, meta[i + 1]);
		else
			json_string(out, meta[i + 1]);
	}
	g_string_append(out, meta && meta[0] ? "\n  },\n" : "},\n");
}

/* The members of a JSON object: @row's columns, @indent deep. */
static void json_members(GString *out, const struct sim_row *row,
			 const char *indent)
{
	for (guint c = 0; c < row->cols->len; c++) {
		const struct sim_col *col = row->cols->pdata[c];

		g_string_append_printf(out, "%s\n%s", c ? "," : "", indent);
		json_string(out, col->name);
		g_string_append(out, ": ");
		json_value(out, col);
	}
}

static void write_json(GString *out, GPtrArray *rows, const char *const *meta)
{
	g_string_append(out, "{\n");
	json_meta(out, meta);
	g_string_append(out, "  \"points\": [");
	for (guint r = 0; r < rows->len; r++) {
		g_string_append(out, r ? ",\n    {" : "\n    {");
		json_members(out, rows->pdata[r], "      ");
		g_string_append(out, "\n    }");
	}
	g_string_append(out, rows->len ? "\n  ]\n}\n" : "]\n}\n");
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
			g_string_append(out, s);
			/* no spaces end a line whose last cell is empty */
			while (out->len && out->str[out->len - 1] == ' ')
				g_string_truncate(out, out->len - 1);
			g_string_append_c(out, '\n');
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

/* @dir holds napisim's data: its scenarios/ and scripts/plot.gp. */
static gboolean is_data_dir(const char *dir)
{
	g_autofree char *scenarios = g_build_filename(dir, "scenarios", NULL);
	g_autofree char *script = g_build_filename(dir, "scripts", "plot.gp",
						   NULL);

	return g_file_test(scenarios, G_FILE_TEST_IS_DIR) &&
	       g_file_test(script, G_FILE_TEST_IS_REGULAR);
}

/**
 * sim_data_dir() - where napisim's shipped files are.
 *
 * The directory of the running binary when it holds them (a binary run
 * where it was built), else share/napisim beside the binary's bin/ (an
 * installed tree, wherever its prefix, even moved after installing),
 * else the configured pkgdatadir.  Looked up at run time, so nothing
 * baked in at compile time goes stale when the prefix changes.
 *
 * Return: the directory (free with g_free()).
 */
char *sim_data_dir(void)
{
	g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
	g_autofree char *bin = exe ? g_path_get_dirname(exe) : NULL;
	g_autofree char *share = bin ? g_build_filename(bin, "..", "share",
							 PACKAGE_TARNAME,
							 NULL) : NULL;

	if (bin && is_data_dir(bin))
		return g_steal_pointer(&bin);
	if (share && is_data_dir(share))
		return g_canonicalize_filename(share, NULL);
	return g_strdup(PKGDATADIR);
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
 * sim_meta_path() - where a result file's metadata goes.
 * @path: the result file
 *
 * Return: "PATH.meta" (free with g_free()).
 */
char *sim_meta_path(const char *path)
{
	return g_strconcat(path, ".meta", NULL);
}

/**
 * sim_write_meta() - write a result file's metadata beside it.
 * @path: the result file
 * @meta: "key", "value" pairs, NULL-terminated
 * @error: G_FILE_ERROR naming PATH.meta
 *
 * PATH.meta is a key file, group [result], replaced atomically.  Nothing
 * is written beside a @path that exists and is not a regular file (a
 * device, a pipe).
 *
 * Return: TRUE on success.
 */
gboolean sim_write_meta(const char *path, const char *const *meta,
			GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autofree char *file = sim_meta_path(path);
	g_autofree char *text = NULL;
	gsize len;

	if (g_file_test(path, G_FILE_TEST_EXISTS) &&
	    !g_file_test(path, G_FILE_TEST_IS_REGULAR))
		return TRUE;
	for (guint i = 0; meta && meta[i] && meta[i + 1]; i += 2) {
		g_autofree char *v = sim_clean_text(meta[i + 1]);

		g_key_file_set_string(kf, "result", meta[i], v);
	}
	text = g_key_file_to_data(kf, &len, NULL);
	return sim_write_file(file, text, len, error);
}

/*
 * Replace @path with @out atomically and, if @meta holds pairs, PATH.meta
 * beside it: a result is whole with its metadata, or not there.  Only a
 * regular file is removed again: never a symbolic link (sim_write_file()
 * replaced its target, the link is the user's) nor a device.
 */
static gboolean write_with_meta(const char *path, const GString *out,
				const char *const *meta, GError **error)
{
	GStatBuf st;

	if (!sim_write_file(path, out->str, out->len, error))
		return FALSE;
	if (meta && meta[0] && !sim_write_meta(path, meta, error)) {
		if (g_lstat(path, &st) == 0 && S_ISREG(st.st_mode))
			g_unlink(path);
		return FALSE;
	}
	return TRUE;
}

/**
 * sim_output_write() - write rows to a file or stdout.
 * @rows: struct sim_row *, all with the same columns in the same order
 * @meta: "key", "value" pairs (NULL-terminated, may be NULL): TSV files
 *	get them in PATH.meta beside them (sim_write_meta()), JSON as a
 *	"meta" object, the table as a title line from "scenario" and
 *	"description"; TSV on stdout goes without
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
	gboolean sidecar = path && format == SIM_FORMAT_TSV && meta &&
			   meta[0];

	switch (format) {
	case SIM_FORMAT_TABLE:
		write_table(out, rows, meta);
		break;
	case SIM_FORMAT_TSV:
		write_tsv(out, rows);
		break;
	case SIM_FORMAT_JSON:
		write_json(out, rows, meta);
		break;
	}

	if (path)
		return write_with_meta(path, out, sidecar ? meta : NULL,
				       error);

	if (fwrite(out->str, 1, out->len, stdout) != out->len ||
	    fflush(stdout) != 0)
		return sim_file_error(error, "stdout", errno ? errno : EIO);
	return TRUE;
}

/* ---------------------------------------------------------------- detail */

/*
 * Add the names of @row's columns to @all (char *, not copied), each new
 * one after the column it follows in @row: the union of the columns of
 * rows that differ a little (a TX queue's beside an RX queue's).
 */
static void merge_names(GPtrArray *all, const struct sim_row *row)
{
	for (guint j = 0; j < row->cols->len; j++) {
		const struct sim_col *c = row->cols->pdata[j];
		guint at = all->len;

		if (g_ptr_array_find_with_equal_func(all, c->name,
						     g_str_equal, NULL))
			continue;
		if (j > 0 &&
		    g_ptr_array_find_with_equal_func(
			    all, ((struct sim_col *)row->cols->pdata[j - 1])->name,
			    g_str_equal, &at))
			at++;
		g_ptr_array_insert(all, at, c->name);
	}
}

/* The table called @name of @r, or NULL. */
static const struct sim_table *find_table(const struct sim_report *r,
					  const char *name)
{
	for (guint t = 0; t < r->tables->len; t++) {
		const struct sim_table *tab = r->tables->pdata[t];

		if (strcmp(tab->name, name) == 0)
			return tab;
	}
	return NULL;
}

/* The names of the tables of @points, in the order they first appear. */
static GPtrArray *table_names(GPtrArray *points)
{
	GPtrArray *names = g_ptr_array_new();

	for (guint p = 0; p < points->len; p++) {
		const struct sim_report *r = points->pdata[p];

		for (guint t = 0; t < r->tables->len; t++) {
			const struct sim_table *tab = r->tables->pdata[t];

			if (!g_ptr_array_find_with_equal_func(
				    names, tab->name, g_str_equal, NULL))
				g_ptr_array_add(names, tab->name);
		}
	}
	return names;
}

/* @row's cells of @names, a tab before each ("" for a missing one). */
static void tsv_cells(GString *out, const struct sim_row *row,
		      GPtrArray *names)
{
	for (guint c = 0; c < names->len; c++) {
		const struct sim_col *col = sim_row_get(row, names->pdata[c]);

		g_string_append_c(out, '\t');
		g_string_append(out, col ? col->str : "");
	}
}

/*
 * One section per table: a header line ("table", the point's columns,
 * then the union of the table's columns), then a line per object per
 * point, each starting with the table's name; a blank line between
 * sections.
 */
static void write_detail_tsv(GString *out, GPtrArray *points)
{
	g_autoptr(GPtrArray) tables = table_names(points);
	g_autoptr(GPtrArray) keys = g_ptr_array_new();

	for (guint p = 0; p < points->len; p++)
		merge_names(keys, ((struct sim_report *)points->pdata[p])->row);
	for (guint t = 0; t < tables->len; t++) {
		const char *name = tables->pdata[t];
		g_autoptr(GPtrArray) cols = g_ptr_array_new();

		for (guint p = 0; p < points->len; p++) {
			const struct sim_table *tab =
				find_table(points->pdata[p], name);

			for (guint i = 0; tab && i < tab->rows->len; i++)
				merge_names(cols, tab->rows->pdata[i]);
		}
		if (t)
			g_string_append_c(out, '\n');
		g_string_append(out, "table");
		for (guint c = 0; c < keys->len; c++)
			g_string_append_printf(out, "\t%s",
					       (char *)keys->pdata[c]);
		for (guint c = 0; c < cols->len; c++)
			g_string_append_printf(out, "\t%s",
					       (char *)cols->pdata[c]);
		g_string_append_c(out, '\n');
		for (guint p = 0; p < points->len; p++) {
			const struct sim_report *r = points->pdata[p];
			const struct sim_table *tab = find_table(r, name);

			for (guint i = 0; tab && i < tab->rows->len; i++) {
				g_string_append(out, name);
				tsv_cells(out, r->row, keys);
				tsv_cells(out, tab->rows->pdata[i], cols);
				g_string_append_c(out, '\n');
			}
		}
	}
}

/*
 * {"meta": {...}, "points": [{<the point's columns>, "tables": {"cpu":
 * [{row}, ...], ...}}, ...]}
 */
static void write_detail_json(GString *out, GPtrArray *points,
			      const char *const *meta)
{
	g_string_append(out, "{\n");
	json_meta(out, meta);
	g_string_append(out, "  \"points\": [");
	for (guint p = 0; p < points->len; p++) {
		const struct sim_report *r = points->pdata[p];

		g_string_append(out, p ? ",\n    {" : "\n    {");
		json_members(out, r->row, "      ");
		g_string_append_printf(out, "%s\n      \"tables\": {",
				       r->row->cols->len ? "," : "");
		for (guint t = 0; t < r->tables->len; t++) {
			const struct sim_table *tab = r->tables->pdata[t];

			g_string_append(out, t ? ",\n        " : "\n        ");
			json_string(out, tab->name);
			g_string_append(out, ": [");
			for (guint i = 0; i < tab->rows->len; i++) {
				g_string_append(out, i ? ",\n          {"
						       : "\n          {");
				json_members(out, tab->rows->pdata[i],
					     "            ");
				g_string_append(out, "\n          }");
			}
			g_string_append(out, tab->rows->len ? "\n        ]"
							    : "]");
		}
		g_string_append(out, r->tables->len ? "\n      }\n    }"
						     : "}\n    }");
	}
	g_string_append(out, points->len ? "\n  ]\n}\n" : "]\n}\n");
}

/**
 * sim_detail_write() - write points' detail tables to a file.
 * @points: struct sim_report *, one per point: its row holds the columns
 *	that say which point it is (its index, its varied keys), its tables
 *	the detail
 * @meta: "key", "value" pairs (NULL-terminated, may be NULL): beside a
 *	TSV file in PATH.meta, in JSON as "meta"
 * @format: SIM_FORMAT_TSV or SIM_FORMAT_JSON
 * @path: the file, written to a temporary beside it and renamed into
 *	place, so a failure never leaves half of it
 * @error: G_FILE_ERROR naming @path
 *
 * TSV: one section per table, a blank line apart, each a header line
 * ("table", the point's columns, the table's columns) and a line per
 * object per point that starts with the table's name.  JSON: an object
 * per point with its columns and "tables", each table an array of rows.
 *
 * Return: TRUE on success.
 */
gboolean sim_detail_write(GPtrArray *points, const char *const *meta,
			  enum sim_format format, const char *path,
			  GError **error)
{
	g_autoptr(GString) out = g_string_new(NULL);

	g_return_val_if_fail(format != SIM_FORMAT_TABLE, FALSE);
	if (format == SIM_FORMAT_JSON)
		write_detail_json(out, points, meta);
	else
		write_detail_tsv(out, points);
	return write_with_meta(path, out, format == SIM_FORMAT_TSV ? meta
								   : NULL,
			       error);
}
