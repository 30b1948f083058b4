/*
 * sim/main.c - the napisim command line.
 *
 *   napisim run [SCENARIO] [--set group.key=value]... [--format F]
 *               [--output FILE] [--reference] [--jobs N]
 *   napisim --list-models | --help-model NAME | --dump-params
 *   napisim --version | --help
 *
 * SimGrid's engine can be initialised only once per process, so every
 * point runs in a forked child that sends its row back through a pipe
 * (sim_row_serialize()).  The parent resolves every point before the
 * first fork, so a bad scenario fails before any simulation, and writes
 * the rows once, at the end, so a failure leaves no partial result.
 *
 * Exit status: 0 ok; 1 a simulation failed or the output could not be
 * written; 2 bad usage or a bad scenario or --set.  Errors are one line
 * on stderr: "napisim: " and the GError message.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "sim/model.h"
#include "sim/output.h"
#include "sim/param.h"
#include "sim/run.h"
#include "sim/scenario.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/napisim"
#endif

#define DEFAULT_SCENARIO "scenarios/validation/olsson-e1000.ini"
#define MAX_JOBS 1024

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* a simulation or the output failed */
	EXIT_USAGE = 2,		/* bad command line, scenario or --set */
};

static const char usage_text[] =
"Usage: napisim run [SCENARIO] [OPTION...]\n"
"       napisim --list-models | --help-model NAME | --dump-params\n"
"       napisim --version | --help\n"
"\n"
"Simulate the Linux NIC receive path (NIC ring, IRQ, NAPI, softirq,\n"
"ksoftirqd, socket) and print one row of counters per point of SCENARIO.\n"
"\n"
"Run options:\n"
"  --set GROUP.KEY=VALUE  override a scenario key; VALUE may be a list\n"
"                         a;b;c (a product axis).  Repeatable.\n"
"  --format FORMAT        table, tsv or json (default: table on a terminal,\n"
"                         json for an --output ending in .json, else tsv)\n"
"  -o, --output FILE      write to FILE (replaced atomically), not stdout\n"
"  --reference            run every event through SimGrid (slow; checks\n"
"                         the batch mode)\n"
"  -j, --jobs N           simulate up to N points at once (default 1)\n"
"  --columns A,B,...      print only these columns, in this order\n"
"\n"
"SCENARIO defaults to " PKGDATADIR "/" DEFAULT_SCENARIO ",\n"
"or ./" DEFAULT_SCENARIO " when that is not installed.\n"
"\n"
"Exit status: 0 ok, 1 simulation or output failed, 2 bad usage or scenario.\n";

/* ---------------------------------------------------------------- errors */

/* Points that could not be simulated: fork, pipe, a child that failed. */
#define RUN_ERROR (run_error_quark())
static GQuark run_error_quark(void);
G_DEFINE_QUARK(napisim-run-error-quark, run_error)
enum { RUN_ERROR_FAILED };

/* One line on stderr, whatever the message holds. */
static void print_error(const char *msg)
{
	g_autofree char *line = g_strdup(msg);

	for (char *c = line; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	fprintf(stderr, "napisim: %s\n", g_strchomp(line));
}

static int fail(int status, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static int fail(int status, const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	print_error(msg);
	return status;
}

static int usage_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static int usage_error(const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return fail(EXIT_USAGE, "%s (see napisim --help)", msg);
}

/* ---------------------------------------------------------------- models */

/* The model's help without the "[group] " it usually starts with. */
static const char *model_help(const struct sim_model_ops *ops)
{
	g_autofree char *tag = g_strdup_printf("[%s] ", ops->name);
	const char *help = ops->help ? ops->help : "";

	return g_str_has_prefix(help, tag) ? help + strlen(tag) : help;
}

static int list_models(void)
{
	int width = 0;

	for (guint i = 0; sim_models[i]; i++)
		width = MAX(width, (int)strlen(sim_models[i]->name));
	for (guint i = 0; sim_models[i]; i++)
		printf("%-*s  %s\n", width, sim_models[i]->name,
		       model_help(sim_models[i]));
	return EXIT_OK;
}

/* Print @cells (@ncols per line) in left-aligned columns. */
static void print_columns(GPtrArray *cells, guint ncols)
{
	g_autofree guint *width = g_new0(guint, ncols);

	for (guint i = 0; i < cells->len; i++)
		width[i % ncols] = MAX(width[i % ncols],
				       g_utf8_strlen(cells->pdata[i], -1));
	for (guint i = 0; i < cells->len; i++) {
		const char *s = cells->pdata[i];
		guint col = i % ncols;

		if (col == ncols - 1) {
			printf("%s\n", s);
			continue;
		}
		printf("%s%*s", s, (int)(width[col] + 2 - g_utf8_strlen(s, -1)),
		       "");
	}
}

static int help_model(const char *name)
{
	const struct sim_model_ops *ops = sim_model_find(name);
	g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
	static const char *const head[] = {
		"key", "default", "range", "unit", "meaning",
	};

	if (!ops)
		return fail(EXIT_USAGE, "unknown model \"%s\" (napisim "
			    "--list-models lists them)", name);

	printf("[%s] %s\n\n", ops->name, model_help(ops));
	for (guint i = 0; i < G_N_ELEMENTS(head); i++)
		g_ptr_array_add(cells, g_strdup(head[i]));
	for (const struct sim_param *p = ops->params; p && p->name; p++) {
		g_ptr_array_add(cells, g_strdup(p->name));
		g_ptr_array_add(cells, sim_param_default_string(p));
		g_ptr_array_add(cells, sim_param_range_string(p));
		g_ptr_array_add(cells, g_strdup(p->unit ? p->unit : ""));
		g_ptr_array_add(cells, g_strdup(p->help ? p->help : ""));
	}
	print_columns(cells, G_N_ELEMENTS(head));
	return EXIT_OK;
}

/* A Markdown table cell: '|' would end the cell, newlines the row. */
static char *md_cell(const char *s)
{
	GString *out = g_string_new(NULL);

	for (const char *c = s ? s : ""; *c; c++) {
		if (*c == '|')
			g_string_append(out, "\\|");
		else if (*c == '\n')
			g_string_append_c(out, ' ');
		else
			g_string_append_c(out, *c);
	}
	return g_string_free(out, FALSE);
}

static int dump_params(void)
{
	printf("<!-- Generated by `napisim --dump-params` from the params "
	       "tables in models/*.c.\n     Do not edit; run "
	       "scripts/gen-scenario-keys. -->\n"
	       "# Scenario keys\n\n"
	       "A scenario is a GKeyFile (`.ini`).  `[scenario]` takes "
	       "`name` and `description`;\n"
	       "`[points]` takes `zip`, a `;`-separated list of `group.key` "
	       "whose lists are\n"
	       "zipped into rows.  Every other group below belongs to one "
	       "model, and any value\n"
	       "may be a `;`-separated list: lists not zipped are product "
	       "axes.  Unknown groups\n"
	       "and keys are errors.  `napisim run --set group.key=value` "
	       "overrides a key.\n");

	for (guint i = 0; sim_models[i]; i++) {
		const struct sim_model_ops *ops = sim_models[i];
		g_autofree char *help = md_cell(model_help(ops));

		printf("\n## [%s]\n\n%s\n\n", ops->name, help);
		printf("| key | default | range | unit | meaning |\n"
		       "| --- | --- | --- | --- | --- |\n");
		for (const struct sim_param *p = ops->params; p && p->name;
		     p++) {
			g_autofree char *def = sim_param_default_string(p);
			g_autofree char *range = sim_param_range_string(p);
			g_autofree char *c_def = md_cell(def);
			g_autofree char *c_range = md_cell(range);
			g_autofree char *c_unit = md_cell(p->unit);
			g_autofree char *c_help = md_cell(p->help);

			printf("| `%s` | %s | %s | %s | %s |\n", p->name,
			       c_def, c_range, c_unit, c_help);
		}
	}
	return EXIT_OK;
}

/* ---------------------------------------------------------------- rows */

/* The param behind a "group.key" column, or NULL. */
static const struct sim_param *column_param(const char *full,
					    const struct sim_model_ops **ops)
{
	const char *dot = strrchr(full, '.');
	g_autofree char *group = NULL;

	if (!dot)
		return NULL;
	group = g_strndup(full, dot - full);
	*ops = sim_model_find(group);
	return *ops ? sim_param_find((*ops)->params, dot + 1) : NULL;
}

/* Fewest decimals that print @v so it reads back unchanged. */
static int decimals_for(double v)
{
	for (int d = 0; d < 17; d++) {
		char buf[G_ASCII_DTOSTR_BUF_SIZE + 320];
		char fmt[8];

		g_snprintf(fmt, sizeof(fmt), "%%.%df", d);
		if (g_ascii_strtod(g_ascii_formatd(buf, sizeof(buf), fmt, v),
				   NULL) == v)
			return d;
	}
	return 17;
}

/*
 * One column per varied key, named "group.key", typed like its param so
 * JSON gets numbers and the table aligns them.
 */
static void add_varied_columns(struct sim_row *row, const struct sim_point *p)
{
	for (guint i = 0; i < p->varied_keys->len; i++) {
		const char *name = p->varied_keys->pdata[i];
		const char *text = p->varied_values->pdata[i];
		const struct sim_model_ops *ops = NULL;
		const struct sim_param *param = column_param(name, &ops);
		g_autofree char *cfg = NULL;
		void *field;

		if (!param) {
			sim_row_add_str(row, name, text);
			continue;
		}
		cfg = g_malloc0(MAX(ops->cfg_size, 1));
		field = cfg + param->offset;
		if (!sim_param_parse(param, text, cfg, NULL)) {
			sim_row_add_str(row, name, text);
			continue;
		}
		switch (param->type) {
		case SIM_PT_U32:
			sim_row_add_u64(row, name, *(uint32_t *)field);
			break;
		case SIM_PT_U64:
			sim_row_add_u64(row, name, *(uint64_t *)field);
			break;
		case SIM_PT_S32:
			sim_row_add_i64(row, name, *(int32_t *)field);
			break;
		case SIM_PT_DOUBLE:
			sim_row_add_double(row, name, *(double *)field,
					   decimals_for(*(double *)field));
			break;
		case SIM_PT_BOOL:
			sim_row_add_bool(row, name, *(bool *)field);
			break;
		case SIM_PT_ENUM:
		case SIM_PT_STRING:
			sim_row_add_str(row, name, text);
			break;
		}
	}
}

/* "traffic.size=60, traffic.rate_pps=890000" */
static char *point_label(const struct sim_point *p)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < p->varied_keys->len; i++)
		g_string_append_printf(s, "%s%s=%s", i ? ", " : "",
				       (char *)p->varied_keys->pdata[i],
				       (char *)p->varied_values->pdata[i]);
	return g_string_free(s, FALSE);
}

/* ---------------------------------------------------------------- children */

struct job {
	pid_t pid;
	int fd;			/* read end of the child's pipe */
	guint index;
	GString *buf;		/* what the child wrote */
};

/*
 * In the child: simulate, send the row (or the error message) up the
 * pipe, and leave with _exit() so nothing of the parent's (stdio buffers,
 * atexit handlers) runs twice.  Nothing is freed: the process ends here.
 * Exit 0: the pipe holds a row; 1: an error message; 3: the pipe broke.
 */
static G_GNUC_NORETURN void child_main(const struct sim_point *p,
				       enum sim_mode mode, int fd)
{
	GError *error = NULL;
	struct sim_row *row = sim_row_new();
	GString *out = g_string_new(NULL);
	int status = 0;

	add_varied_columns(row, p);
	if (sim_run_point(p, mode, row, &error)) {
		sim_row_serialize(row, out);
	} else {
		g_string_append(out, error ? error->message
					   : "simulation failed");
		status = 1;
	}
	if (!sim_write_all(fd, out->str, out->len))
		status = 3;
	_exit(status);
}

static gboolean start_job(struct job *job, const struct sim_point *p,
			  enum sim_mode mode, GError **error)
{
	int fds[2];

	if (!g_unix_open_pipe(fds, FD_CLOEXEC, error))
		return FALSE;
	/* the child must not inherit unflushed output */
	fflush(stdout);
	fflush(stderr);
	job->pid = fork();
	if (job->pid < 0) {
		int err = errno;

		close(fds[0]);
		close(fds[1]);
		g_set_error(error, RUN_ERROR, RUN_ERROR_FAILED,
			    "fork: %s", g_strerror(err));
		return FALSE;
	}
	if (job->pid == 0) {
		close(fds[0]);
		child_main(p, mode, fds[1]);
	}
	close(fds[1]);
	job->fd = fds[0];
	job->index = p->index;
	job->buf = g_string_new(NULL);
	return TRUE;
}

/* Reap a child whose pipe is closed; its row, or NULL with @error. */
static struct sim_row *finish_job(struct job *job, GError **error)
{
	g_autoptr(GError) err = NULL;
	struct sim_row *row;
	int status;

	while (waitpid(job->pid, &status, 0) < 0) {
		if (errno != EINTR) {
			g_set_error(error, RUN_ERROR, RUN_ERROR_FAILED,
				    "waitpid: %s", g_strerror(errno));
			return NULL;
		}
	}
	job->pid = 0;

	if (WIFSIGNALED(status)) {
		g_set_error(error, RUN_ERROR, RUN_ERROR_FAILED,
			    "simulation killed by signal %d (%s)",
			    WTERMSIG(status), g_strsignal(WTERMSIG(status)));
		return NULL;
	}
	/* status 1 is child_main()'s: the pipe holds sim_run_point()'s error */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 1 &&
	    *g_strstrip(job->buf->str)) {
		g_set_error_literal(error, RUN_ERROR, RUN_ERROR_FAILED,
				    job->buf->str);
		return NULL;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		g_set_error(error, RUN_ERROR, RUN_ERROR_FAILED,
			    "simulation exited with status %d",
			    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return NULL;
	}
	row = sim_row_parse(job->buf->str, &err);
	if (!row) {
		g_set_error(error, RUN_ERROR, RUN_ERROR_FAILED,
			    "bad result from the simulation: %s",
			    err->message);
		return NULL;
	}
	return row;
}

static void job_clear(struct job *job)
{
	if (job->pid > 0) {
		/* our own child, stopped because another point failed */
		kill(job->pid, SIGKILL);
		while (waitpid(job->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (job->fd >= 0)
		close(job->fd);
	if (job->buf)
		g_string_free(job->buf, TRUE);
	*job = (struct job) { .fd = -1 };
}

struct progress {
	gboolean on;		/* stderr is a terminal */
	guint n;
	guint shown;		/* characters on the line now */
};

static void progress_show(struct progress *pr, guint done)
{
	int len;

	if (!pr->on || done >= pr->n)
		return;
	len = fprintf(stderr, "\rpoint %u/%u ...", done + 1, pr->n);
	pr->shown = MAX(pr->shown, (guint)MAX(len - 1, 0));
	fflush(stderr);
}

static void progress_clear(struct progress *pr)
{
	if (!pr->on || !pr->shown)
		return;
	fprintf(stderr, "\r%*s\r", (int)pr->shown, "");
	fflush(stderr);
	pr->shown = 0;
}

/*
 * Run every point, at most @jobs at once; @rows gets one row per point,
 * in point order.  On failure, @error_point is the point that failed.
 */
static gboolean run_points(struct sim_point **points, guint n,
			   enum sim_mode mode, guint jobs, GPtrArray *rows,
			   struct progress *pr, guint *error_point,
			   GError **error)
{
	g_autofree struct job *active = g_new0(struct job, jobs);
	g_autofree struct pollfd *pfd = g_new0(struct pollfd, jobs);
	guint n_active = 0, next = 0, done = 0;
	gboolean ok = TRUE;

	g_ptr_array_set_size(rows, n);
	progress_show(pr, 0);
	while (ok && done < n) {
		while (n_active < jobs && next < n) {
			*error_point = next;
			if (!start_job(&active[n_active], points[next], mode,
				       error)) {
				ok = FALSE;
				break;
			}
			n_active++;
			next++;
		}
		if (!ok)
			break;

		for (guint i = 0; i < n_active; i++)
			pfd[i] = (struct pollfd) { .fd = active[i].fd,
						   .events = POLLIN };
		if (poll(pfd, n_active, -1) < 0) {
			if (errno == EINTR)
				continue;
			g_set_error(error, RUN_ERROR, RUN_ERROR_FAILED,
				    "poll: %s", g_strerror(errno));
			*error_point = active[0].index;
			ok = FALSE;
			break;
		}

		/*
		 * @active stays in point order, so of the points that end
		 * together, the first is reported if several fail.
		 */
		for (guint i = 0; ok && i < n_active;) {
			struct job *job = &active[i];
			char buf[4096];
			ssize_t len = 0;

			if (pfd[i].revents)
				len = read(job->fd, buf, sizeof(buf));
			if (len > 0)
				g_string_append_len(job->buf, buf, len);
			if (!pfd[i].revents || len > 0 ||
			    (len < 0 && (errno == EINTR || errno == EAGAIN))) {
				i++;
				continue;
			}
			/* EOF (or a read error): the child is done */
			close(job->fd);
			job->fd = -1;
			rows->pdata[job->index] = finish_job(job, error);
			if (!rows->pdata[job->index]) {
				*error_point = job->index;
				ok = FALSE;
				break;
			}
			job_clear(job);
			n_active--;
			memmove(&active[i], &active[i + 1],
				(n_active - i) * sizeof(*active));
			memmove(&pfd[i], &pfd[i + 1],
				(n_active - i) * sizeof(*pfd));
			active[n_active] = (struct job) { .fd = -1 };
			done++;
			progress_show(pr, done);
		}
	}
	for (guint i = 0; i < n_active; i++)
		job_clear(&active[i]);
	progress_clear(pr);
	return ok;
}

/* ---------------------------------------------------------------- run */

static char *default_scenario(void)
{
	const char *installed = PKGDATADIR "/" DEFAULT_SCENARIO;

	if (g_file_test(installed, G_FILE_TEST_IS_REGULAR))
		return g_strdup(installed);
	return g_strdup(DEFAULT_SCENARIO);
}

/* Fail early, before simulating, if @path's directory can't take it. */
static gboolean check_writable(const char *path, GError **error)
{
	g_autofree char *dir = g_path_get_dirname(path);
	GStatBuf st;
	int err = 0;

	if (g_stat(dir, &st) < 0)
		err = errno;
	else if (!S_ISDIR(st.st_mode))
		err = ENOTDIR;
	else if (g_access(dir, W_OK) < 0)
		err = errno;
	else if (g_file_test(path, G_FILE_TEST_IS_DIR))
		err = EISDIR;
	if (err) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
			    "%s: %s", path, g_strerror(err));
		return FALSE;
	}
	return TRUE;
}

/*
 * "--name VALUE" or "--name=VALUE" (and "-x VALUE" for @short_name).
 * Return: 1 matched (*value set), 0 not this option, -1 value missing.
 */
static int take_value(int argc, char **argv, int *i, const char *name,
		      const char *short_name, const char **value)
{
	const char *arg = argv[*i];
	size_t len = strlen(name);

	if (strncmp(arg, name, len) == 0 && arg[len] == '=') {
		*value = arg + len + 1;
		return 1;
	}
	/* "-j4", "-oFILE" */
	if (short_name && strncmp(arg, short_name, 2) == 0 && arg[2]) {
		*value = arg + 2;
		return 1;
	}
	if (strcmp(arg, name) != 0 &&
	    !(short_name && strcmp(arg, short_name) == 0))
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[++*i];
	return 1;
}

/* The traffic seed of point 0, for the header, unless it varies. */
static char *seed_text(const struct sim_point *p0)
{
	const struct sim_model_ops *ops = NULL;
	const struct sim_param *p = column_param("traffic.seed", &ops);

	if (!p || p->type != SIM_PT_U64)
		return NULL;
	for (guint i = 0; i < p0->varied_keys->len; i++)
		if (strcmp(p0->varied_keys->pdata[i], "traffic.seed") == 0)
			return NULL;
	return g_strdup_printf("%" G_GUINT64_FORMAT, *(const uint64_t *)
			       ((const char *)sim_point_cfg(p0, ops) +
				p->offset));
}

static void free_points(struct sim_point **points, guint n)
{
	for (guint i = 0; points && i < n; i++)
		sim_point_free(points[i]);
	g_free(points);
}

static int cmd_run(int argc, char **argv)
{
	g_autoptr(GPtrArray) sets = g_ptr_array_new();
	g_autoptr(GPtrArray) rows =
		g_ptr_array_new_with_free_func((GDestroyNotify)sim_row_free);
	g_autoptr(sim_scenario) sc = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *path = NULL;
	g_autofree char *seed = NULL;
	g_autofree char *label = NULL;
	struct sim_point **points = NULL;
	const char *format_name = NULL, *output = NULL, *jobs_text = NULL;
	const char *columns = NULL;
	const char *meta[16];
	enum sim_mode mode = SIM_MODE_BATCH;
	enum sim_format format;
	struct progress pr = { .on = isatty(STDERR_FILENO) };
	guint64 jobs = 1;
	guint n, m = 0, failed = 0;
	gboolean only_args = FALSE;
	/* options that take a value; --set (no dest) may repeat */
	const struct {
		const char *name, *short_name;
		const char **dest;
	} vopts[] = {
		{ "--set", NULL, NULL },
		{ "--format", NULL, &format_name },
		{ "--output", "-o", &output },
		{ "--jobs", "-j", &jobs_text },
		{ "--columns", NULL, &columns },
	};

	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i];
		const char *v = NULL;
		guint k;
		int r = 0;

		if (only_args || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (path)
				return usage_error("unexpected argument \"%s\"",
						   arg);
			path = g_strdup(arg);
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_args = TRUE;
			continue;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(usage_text, stdout);
			return EXIT_OK;
		}
		if (strcmp(arg, "--reference") == 0) {
			mode = SIM_MODE_REFERENCE;
			continue;
		}
		for (k = 0; k < G_N_ELEMENTS(vopts); k++) {
			r = take_value(argc, argv, &i, vopts[k].name,
				       vopts[k].short_name, &v);
			if (r)
				break;
		}
		if (r < 0)
			return usage_error("%s needs a value", arg);
		if (r > 0) {
			if (vopts[k].dest)
				*vopts[k].dest = v;
			else
				g_ptr_array_add(sets, (gpointer)v);
			continue;
		}
		return usage_error("unknown option \"%s\"", arg);
	}

	if (jobs_text &&
	    !g_ascii_string_to_unsigned(jobs_text, 10, 1, MAX_JOBS, &jobs,
					NULL))
		return usage_error("--jobs: expected an integer in 1..%d, got "
				   "\"%s\"", MAX_JOBS, jobs_text);
	if (output && !*output)
		return usage_error("--output needs a file name");
	if (format_name) {
		if (!sim_format_from_string(format_name, &format, &error))
			return fail(EXIT_USAGE, "--format: %s",
				    error->message);
	} else if (output && g_str_has_suffix(output, ".json")) {
		format = SIM_FORMAT_JSON;
	} else if (!output && isatty(STDOUT_FILENO)) {
		format = SIM_FORMAT_TABLE;
	} else {
		format = SIM_FORMAT_TSV;
	}
	if (!path)
		path = default_scenario();

	/* everything the user wrote is checked before anything runs */
	sc = sim_scenario_load(path, &error);
	if (!sc)
		return fail(EXIT_USAGE, "%s", error->message);
	for (guint i = 0; i < sets->len; i++)
		if (!sim_scenario_set(sc, sets->pdata[i], &error))
			return fail(EXIT_USAGE, "%s", error->message);
	n = sim_scenario_n_points(sc, &error);
	if (!n)
		return fail(EXIT_USAGE, "%s", error->message);
	points = g_new0(struct sim_point *, n);
	for (guint i = 0; i < n; i++) {
		points[i] = sim_scenario_point(sc, i, &error);
		if (!points[i]) {
			free_points(points, n);
			return fail(EXIT_USAGE, "%s", error->message);
		}
	}
	if (output && !check_writable(output, &error)) {
		free_points(points, n);
		return fail(EXIT_FAIL, "%s", error->message);
	}

	pr.n = n;
	if (!run_points(points, n, mode, (guint)MIN(jobs, n), rows, &pr,
			&failed, &error)) {
		label = point_label(points[failed]);
		free_points(points, n);
		if (*label)
			return fail(EXIT_FAIL, "point %u (%s): %s", failed + 1,
				    label, error->message);
		return fail(EXIT_FAIL, "point %u: %s", failed + 1,
			    error->message);
	}

	seed = seed_text(points[0]);
	meta[m++] = "scenario";
	meta[m++] = sim_scenario_name(sc);
	if (*sim_scenario_description(sc)) {
		meta[m++] = "description";
		meta[m++] = sim_scenario_description(sc);
	}
	meta[m++] = "file";
	meta[m++] = sim_scenario_path(sc);
	if (seed) {
		meta[m++] = "seed";
		meta[m++] = seed;
	}
	meta[m++] = "version";
	meta[m++] = PACKAGE_VERSION;
	meta[m++] = "mode";
	meta[m++] = mode == SIM_MODE_REFERENCE ? "reference" : "batch";
	meta[m] = NULL;
	g_assert(m < G_N_ELEMENTS(meta));

	free_points(points, n);
	if (columns) {
		g_auto(GStrv) names = g_strsplit(columns, ",", -1);

		for (guint i = 0; i < rows->len; i++)
			if (!sim_row_select(rows->pdata[i],
					    (const char *const *)names, &error))
				return fail(EXIT_USAGE, "--columns: %s",
					    error->message);
	}
	if (!sim_output_write(rows, meta, format, output, &error))
		return fail(EXIT_FAIL, "%s", error->message);
	return EXIT_OK;
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	const char *v = NULL;
	int i = 1, r;

	if (!cmd) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "run") == 0)
		return cmd_run(argc, argv);
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("napisim %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--list-models") == 0)
		return argc > 2 ? usage_error("--list-models takes no "
					      "argument")
				: list_models();
	if (strcmp(cmd, "--dump-params") == 0)
		return argc > 2 ? usage_error("--dump-params takes no "
					      "argument")
				: dump_params();
	r = take_value(argc, argv, &i, "--help-model", NULL, &v);
	if (r < 0)
		return usage_error("--help-model needs a model name");
	if (r > 0)
		return i + 1 < argc ? usage_error("unexpected argument \"%s\"",
						  argv[i + 1])
				    : help_model(v);
	if (cmd[0] == '-')
		return usage_error("unknown option \"%s\"", cmd);
	return usage_error("unknown command \"%s\"", cmd);
}
