/*
 * sim/cli/main.c - the napisim command line.
 *
 *   napisim run [SCENARIO] [--set group.key=value]... [--format F]
 *               [--output FILE] [--reference] [--jobs N]
 *   napisim sweep SCENARIO [--vary group.key=VALUES]... [--out DIR] ...
 *   napisim sweep --collect DIR | --out DIR [--only-point I]
 *   napisim plot DIR|FILE [--x COL] [--y COL,...] [--by COL,...]
 *   napisim compare BASE NEW [--tolerance ...] | --policies DIR
 *   napisim --list-models | --help-model NAME | --dump-params
 *   napisim --version | --help
 *
 * This file parses options and prints; the work is elsewhere: points run
 * in forked children (sim/cli/runner.c), sweep directories in sim/cli/sweep.c,
 * comparisons in sim/cli/compare.c, plots in sim/cli/plot.c.  `run` and
 * `sweep` check every point before the first fork, so a bad scenario fails
 * before any simulation; `run` writes the rows once, at the end, so a
 * failure leaves no partial result.
 *
 * Exit status: 0 ok; 1 a simulation failed or the output could not be
 * written (compare: a regression, or any change in exact mode); 2 bad
 * usage, a bad scenario or --set, or input compare or plot cannot use.  Errors
 * are one line on stderr: "napisim: " and the GError message.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "models/models.h"
#include "sim/cli/compare.h"
#include "sim/config/model.h"
#include "sim/cli/output.h"
#include "sim/config/param.h"
#include "sim/cli/plot.h"
#include "models/point.h"
#include "sim/cli/runner.h"
#include "sim/config/scenario.h"
#include "sim/cli/sweep.h"
#include "sim/cli/tsv.h"
#include "sim/engine/sg.h"

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
"       napisim sweep SCENARIO [--vary GROUP.KEY=VALUES]... [OPTION...]\n"
"       napisim sweep --collect DIR | --out DIR --only-point I\n"
"       napisim plot DIR|FILE [--x COL] [--y COL,...] [--by COL,...]\n"
"       napisim compare BASE NEW [--tolerance COL=PCT%,...] [--ignore COLS]\n"
"       napisim compare --policies DIR|FILE [--by COL]\n"
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
"  -o, --output FILE      write to FILE, not stdout (a file is replaced\n"
"                         atomically, a device or FIFO written to)\n"
"  --reference            run every event through SimGrid (slow; checks\n"
"                         the batch mode)\n"
"  -j, --jobs N           simulate up to N points at once (default 1)\n"
"  --columns A,B,...      print only these columns, in this order\n"
"\n"
"Sweep options (a sweep writes a directory; doc/workflow.md):\n"
"  --vary GROUP.KEY=VALUES  a product axis: v1,v2,... or START:STOP:STEP\n"
"                         or START:STOP:xFACTOR (geometric).  Repeatable.\n"
"  --set GROUP.KEY=VALUE  as for run\n"
"  -j, --jobs N           points at once (default: the number of CPUs)\n"
"  -o, --out DIR          the sweep directory (default results/runs/\n"
"                         NAME-YYYYmmdd-HHMMSS); the same DIR again resumes\n"
"  --reference            as for run\n"
"  --no-plot              do not draw the default plots into DIR/plots\n"
"  --emit-jobs FILE       write one command per unfinished point, for GNU\n"
"                         parallel, instead of running them\n"
"  --emit-slurm FILE      write a Slurm job-array script (and DIR/jobs.txt)\n"
"  --collect DIR          merge DIR's finished points into DIR/points.tsv\n"
"  --only-point I         run point I (from 0) of the sweep in --out DIR\n"
"\n"
"Plot options (PNG and SVG by gnuplot, into DIR/plots or beside FILE):\n"
"  --x COL                x axis (default traffic.rate_pps, else the first\n"
"                         varied key)\n"
"  --y COL,...            columns to draw (default: the standard plots)\n"
"  --by COL,...           one line per value (default: the other keys)\n"
"  --name NAME            file name (default: the --y columns)\n"
"  -o, --out DIR          where to write\n"
"\n"
"Compare options (BASE and NEW are result files or sweep directories):\n"
"  --tolerance COL=PCT%,...  fail only on regressions beyond PCT% (COL may\n"
"                         be a glob or \"default\"); without it, any change\n"
"                         fails\n"
"  --ignore COL,...       columns not to compare (wall_seconds never is)\n"
"  --policies DIR|FILE    which policy wins each metric at each load\n"
"  --by COL               the policy column (default: *.policy)\n"
"\n"
"SCENARIO defaults to " PKGDATADIR "/" DEFAULT_SCENARIO ",\n"
"or ./" DEFAULT_SCENARIO " when that is not installed.\n"
"\n"
"Exit status: 0 ok, 1 simulation or output failed (compare: a regression,\n"
"or any change without --tolerance), 2 bad usage, scenario or input.\n";

/* ---------------------------------------------------------------- errors */

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

	for (guint i = 0; sim_model_list()[i]; i++)
		width = MAX(width, (int)strlen(sim_model_list()[i]->name));
	for (guint i = 0; sim_model_list()[i]; i++)
		printf("%-*s  %s\n", width, sim_model_list()[i]->name,
		       model_help(sim_model_list()[i]));
	return EXIT_OK;
}

/* Print @cells (@ncols per line) in left-aligned columns. */
static void print_columns(GPtrArray *cells, guint ncols)
{
	g_autoptr(GString) out = g_string_new(NULL);

	sim_append_columns(out, cells, ncols);
	fputs(out->str, stdout);
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

	for (guint i = 0; sim_model_list()[i]; i++) {
		const struct sim_model_ops *ops = sim_model_list()[i];
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

/* ---------------------------------------------------------------- run */

static char *default_scenario(void)
{
	const char *installed = PKGDATADIR "/" DEFAULT_SCENARIO;

	if (g_file_test(installed, G_FILE_TEST_IS_REGULAR))
		return g_strdup(installed);
	return g_strdup(DEFAULT_SCENARIO);
}

/* @a and @b name the same existing file. */
static gboolean same_file(const char *a, const char *b)
{
	GStatBuf sa, sb;

	return g_stat(a, &sa) == 0 && g_stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* SimGrid's context factory (sim/engine/sg.h) is input too: check it first. */
static gboolean check_factory(GError **error)
{
	return sim_sg_context_factory(error) != NULL;
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

/*
 * A subcommand's options.  OPT_FLAG sets a bool, OPT_VALUE a const char *
 * (the last one given wins), OPT_LIST appends to a GPtrArray of const
 * char *, so --set and --vary keep their command-line order.
 */
enum opt_kind { OPT_FLAG, OPT_VALUE, OPT_LIST };

struct opt {
	const char *name, *short_name;
	enum opt_kind kind;
	void *dest;
};

/*
 * Parse argv[2..] against @opts; the other arguments go to @args.
 * --help prints @help.  Return: -1 to go on, else the exit status.
 */
static int parse_options(int argc, char **argv, const struct opt *opts,
			 guint n_opts, GPtrArray *args, const char *help)
{
	gboolean only_args = FALSE;

	for (int i = 2; i < argc; i++) {
		const char *arg = argv[i];
		const char *v = NULL;
		guint k;
		int r = 0;

		if (only_args || arg[0] != '-' || strcmp(arg, "-") == 0) {
			g_ptr_array_add(args, (gpointer)arg);
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_args = TRUE;
			continue;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(help, stdout);
			return EXIT_OK;
		}
		for (k = 0; k < n_opts; k++) {
			if (opts[k].kind == OPT_FLAG) {
				r = strcmp(arg, opts[k].name) == 0;
				if (r)
					*(bool *)opts[k].dest = true;
			} else {
				r = take_value(argc, argv, &i, opts[k].name,
					       opts[k].short_name, &v);
			}
			if (r)
				break;
		}
		if (r < 0)
			return usage_error("%s needs a value", arg);
		if (r == 0)
			return usage_error("unknown option \"%s\"", arg);
		if (opts[k].kind == OPT_VALUE)
			*(const char **)opts[k].dest = v;
		else if (opts[k].kind == OPT_LIST)
			g_ptr_array_add(opts[k].dest, (gpointer)v);
	}
	return -1;
}

/* --jobs: 1..MAX_JOBS, or @def when not given. */
static gboolean parse_jobs(const char *text, guint def, guint *jobs)
{
	guint64 v = def;

	if (text && !g_ascii_string_to_unsigned(text, 10, 1, MAX_JOBS, &v,
						NULL))
		return FALSE;
	*jobs = (guint)v;
	return TRUE;
}

/* What cmd_run() keeps of each point as it ends. */
struct run_state {
	GPtrArray *rows;	/* struct sim_row *, in point order */
	struct sim_progress pr;
	GError *error;		/* the first point that failed */
	guint failed;
};

static bool run_done(void *data, const struct sim_point *p,
		     struct sim_row *row, const GError *error)
{
	struct run_state *st = data;

	if (!row) {
		st->error = g_error_copy(error);
		st->failed = p->index;
		return false;
	}
	st->rows->pdata[p->index] = row;
	sim_progress_point(&st->pr, p->index, "", NULL);
	return true;
}

static bool run_tick(void *data, guint running)
{
	struct run_state *st = data;

	st->pr.running = running;
	sim_progress_show(&st->pr);
	return true;
}

/* --columns: names, none empty.  Return: NULL with @error. */
static GStrv parse_columns(const char *columns, GError **error)
{
	g_auto(GStrv) names = g_strsplit(columns, ",", -1);

	if (!names[0]) {
		g_set_error(error, SIM_OUTPUT_ERROR, SIM_OUTPUT_ERROR_COLUMN,
			    "no column named");
		return NULL;
	}
	for (guint i = 0; names[i]; i++) {
		if (!*g_strstrip(names[i])) {
			g_set_error(error, SIM_OUTPUT_ERROR,
				    SIM_OUTPUT_ERROR_COLUMN,
				    "empty column name in \"%s\"", columns);
			return NULL;
		}
	}
	return g_steal_pointer(&names);
}

static int cmd_run(int argc, char **argv)
{
	g_autoptr(GPtrArray) sets = g_ptr_array_new();
	g_autoptr(GPtrArray) rows =
		g_ptr_array_new_with_free_func((GDestroyNotify)sim_row_free);
	g_autoptr(sim_scenario) sc = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *path = NULL;
	g_autofree char *label = NULL;
	g_autoptr(GPtrArray) meta = NULL;
	g_auto(GStrv) names = NULL;
	struct sim_point *p;
	const char *format_name = NULL, *output = NULL, *jobs_text = NULL;
	const char *columns = NULL;
	enum sim_mode mode = SIM_MODE_BATCH;
	enum sim_format format;
	struct run_state st = { 0 };
	static const struct sim_pool_ops ops = {
		.done = run_done,
		.tick = run_tick,
	};
	guint jobs, n, failed = 0;
	gboolean ok;
	bool reference = false;
	g_autoptr(GPtrArray) args = g_ptr_array_new();
	const struct opt opts[] = {
		{ "--set", NULL, OPT_LIST, sets },
		{ "--format", NULL, OPT_VALUE, &format_name },
		{ "--output", "-o", OPT_VALUE, &output },
		{ "--jobs", "-j", OPT_VALUE, &jobs_text },
		{ "--columns", NULL, OPT_VALUE, &columns },
		{ "--reference", NULL, OPT_FLAG, &reference },
	};
	int r = parse_options(argc, argv, opts, G_N_ELEMENTS(opts), args,
			      usage_text);

	if (r >= 0)
		return r;
	if (args->len > 1)
		return usage_error("unexpected argument \"%s\"",
				   (char *)args->pdata[1]);
	if (args->len)
		path = g_strdup(args->pdata[0]);
	if (reference)
		mode = SIM_MODE_REFERENCE;

	if (!parse_jobs(jobs_text, 1, &jobs))
		return usage_error("--jobs: expected an integer in 1..%d, got "
				   "\"%s\"", MAX_JOBS, jobs_text);
	if (output && !*output)
		return usage_error("--output needs a file name");
	if (columns && !(names = parse_columns(columns, &error)))
		return usage_error("--columns: %s", error->message);
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
	if (!check_factory(&error))
		return fail(EXIT_USAGE, "%s", error->message);

	/* everything the user wrote is checked before anything runs */
	sc = sim_scenario_load(path, &error);
	if (!sc)
		return fail(EXIT_USAGE, "%s", error->message);
	for (guint i = 0; i < sets->len; i++)
		if (!sim_scenario_set(sc, sets->pdata[i], &error))
			return fail(EXIT_USAGE, "%s", error->message);
	if (!sim_points_check(sc, &n, &error))
		return fail(EXIT_USAGE, "%s", error->message);
	if (output && same_file(output, path))
		return usage_error("--output %s is the scenario file", output);
	if (output && !sim_output_check(output, &error))
		return fail(EXIT_FAIL, "%s", error->message);

	st.rows = rows;
	g_ptr_array_set_size(rows, n);
	st.pr = (struct sim_progress) { .tty = isatty(STDERR_FILENO),
					.total = n,
					.start = g_get_monotonic_time() };
	ok = sim_pool_run(sc, NULL, n, mode, jobs, &ops, &st, &error);
	sim_progress_clear(&st.pr);
	if (ok && st.error) {
		failed = st.failed;
		g_propagate_error(&error, st.error);
		ok = FALSE;
	}
	if (!ok) {
		p = sim_scenario_point(sc, failed, NULL);
		label = p ? sim_point_label(p) : g_strdup("");
		sim_point_free(p);
		if (*label)
			return fail(EXIT_FAIL, "point %u (%s): %s", failed + 1,
				    label, error->message);
		return fail(EXIT_FAIL, "point %u: %s", failed + 1,
			    error->message);
	}

	p = sim_scenario_point(sc, 0, &error);
	if (!p)
		return fail(EXIT_FAIL, "%s", error->message);
	meta = sim_result_meta(sc, p, mode);
	g_ptr_array_add(meta, NULL);
	sim_point_free(p);
	for (guint i = 0; names && i < rows->len; i++)
		if (!sim_row_select(rows->pdata[i], (const char *const *)names,
				    &error))
			return fail(EXIT_USAGE, "--columns: %s",
				    error->message);
	if (!sim_output_write(rows, (const char *const *)meta->pdata, format,
			      output, &error))
		return fail(EXIT_FAIL, "%s", error->message);
	return EXIT_OK;
}

/* ---------------------------------------------------------------- sweep */

/* Set by SIGINT/SIGTERM: finish cleanly, keep what is done. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	interrupted = sig;
}

struct sweep_state {
	struct sim_sweep *sw;
	struct sim_progress pr;
	GError *error;		/* a point file could not be written */
};

static bool sweep_done(void *data, const struct sim_point *p,
		       struct sim_row *row, const GError *error)
{
	struct sweep_state *st = data;
	g_autofree char *label = sim_point_label(p);
	g_autoptr(sim_row) owned = row;

	/* children die with the Ctrl-C too: that is not their failure */
	if (!row && interrupted)
		return false;
	if (!sim_sweep_save(st->sw, p, row,
			    row ? NULL : error->message, &st->error))
		return false;
	sim_progress_point(&st->pr, p->index, label,
			   row ? NULL : error->message);
	return true;
}

static bool sweep_tick(void *data, guint running)
{
	struct sweep_state *st = data;

	st->pr.running = running;
	sim_progress_show(&st->pr);
	return !interrupted;
}

/* The indices of the points of @sw without a file (all, or just @only). */
static GArray *pending_points(struct sim_sweep *sw, gint64 only)
{
	GArray *todo = g_array_new(FALSE, FALSE, sizeof(guint));

	for (guint i = 0; i < sw->n; i++)
		if ((only < 0 || i == only) && !sim_sweep_done(sw, i))
			g_array_append_val(todo, i);
	return todo;
}

/*
 * Run the points in @todo; *@failed gets how many failed.
 * Return: FALSE if the pool failed or a point file could not be written.
 */
static gboolean sweep_run(struct sim_sweep *sw, GArray *todo, guint jobs,
			  gboolean plain, guint *failed, GError **error)
{
	struct sweep_state st = { .sw = sw };
	static const struct sim_pool_ops ops = {
		.done = sweep_done,
		.tick = sweep_tick,
	};
	struct sigaction sa = { .sa_handler = on_interrupt };
	struct sigaction old_int, old_term;
	gboolean ok;

	st.pr = (struct sim_progress) {
		.tty = plain && isatty(STDERR_FILENO),
		.plain = plain,
		.total = sw->n,
		.skipped = sw->n - todo->len,
		.start = g_get_monotonic_time(),
	};
	/* no SA_RESTART: poll() must return to see the flag */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	ok = sim_pool_run(sw->sc, (const guint *)todo->data, todo->len,
			  sw->mode, jobs, &ops, &st, error);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sim_progress_clear(&st.pr);
	*failed = st.pr.failed;
	if (ok && st.error) {
		g_propagate_error(error, st.error);
		ok = FALSE;
	}
	return ok;
}

/* The command line, quoted so it can be pasted back into a shell. */
static char *command_line(int argc, char **argv)
{
	GString *s = g_string_new(NULL);

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		gboolean plain = *a && strspn(a, "abcdefghijklmnopqrstuvwxyz"
					      "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					      "0123456789-_./=,:%+") ==
					      strlen(a);
		g_autofree char *q = plain ? g_strdup(a) : g_shell_quote(a);

		g_string_append_printf(s, "%s%s", i ? " " : "", q);
	}
	return g_string_free(s, FALSE);
}

/* The running binary's absolute path, for job lists. */
static char *self_path(const char *argv0)
{
	char *exe = g_file_read_link("/proc/self/exe", NULL);

	return exe ? exe : g_canonicalize_filename(argv0, NULL);
}

/* Draw the default plots of a sweep directory; only warn on failure. */
static void sweep_plots(const char *dir)
{
	g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) error = NULL;

	if (!sim_plot_defaults(dir, NULL, written, skipped, &error)) {
		fail(0, "warning: no plots: %s", error->message);
		return;
	}
	for (guint i = 0; i < skipped->len; i++)
		fail(0, "plot skipped: %s", (char *)skipped->pdata[i]);
	if (written->len)
		fprintf(stderr, "napisim: %u plots in %s/plots/\n",
			written->len / 2, dir);
}

/* Rebuild DIR/points.tsv; plots; the summary line.  Return: status. */
static int sweep_finish(struct sim_sweep *sw, gboolean plot, guint failed)
{
	g_autoptr(GError) error = NULL;
	guint missing;

	if (!sim_sweep_collect(sw, &missing, &error))
		return fail(EXIT_FAIL, "%s", error->message);
	if (plot && sw->n - missing > 0)
		sweep_plots(sw->dir);
	printf("%s\n", sw->dir);
	if (interrupted)
		return fail(EXIT_FAIL, "interrupted: %u of %u points done; "
			    "run the same command again to finish",
			    sw->n - missing, sw->n);
	if (failed)
		return fail(EXIT_FAIL, "%u of %u points failed (why: "
			    "%s/logs/); run the same command again to retry "
			    "them", failed, sw->n, sw->dir);
	if (missing)
		return fail(EXIT_FAIL, "%u of %u points are not done yet "
			    "(run their jobs and --collect again, or napisim "
			    "sweep --out %s to finish them here)", missing,
			    sw->n, sw->dir);
	return EXIT_OK;
}

/* --emit-jobs, --emit-slurm: write them, run nothing. */
static int sweep_emit(struct sim_sweep *sw, const char *argv0,
		      const char *jobs_file, const char *slurm_file)
{
	g_autoptr(GError) error = NULL;
	g_autofree char *bin = self_path(argv0);
	g_autofree char *list = jobs_file ? g_strdup(jobs_file)
				: g_build_filename(sw->dir, "jobs.txt", NULL);
	guint count;

	if (!sim_sweep_emit_jobs(sw, bin, list, &count, &error))
		return fail(EXIT_FAIL, "%s", error->message);
	if (slurm_file && !count)
		return fail(EXIT_FAIL, "%s: every point is done; no Slurm "
			    "script written", sw->dir);
	if (slurm_file &&
	    !sim_sweep_emit_slurm(sw, list, count, slurm_file, &error))
		return fail(EXIT_FAIL, "%s", error->message);
	fprintf(stderr, "napisim: %u jobs in %s; when they are done: napisim "
		"sweep --collect %s\n", count, list, sw->dir);
	printf("%s\n", sw->dir);
	return EXIT_OK;
}

/* Take @dir for @sw, then emit jobs or run what is not done. */
static int sweep_local(struct sim_sweep *sw, const char *dir,
		       const char *argv0, const char *emit_jobs,
		       const char *emit_slurm, guint jobs, gboolean plot)
{
	g_autoptr(GArray) todo = NULL;
	g_autoptr(GError) error = NULL;
	guint failed = 0;

	if (!sim_sweep_prepare(sw, dir, TRUE, &error))
		return fail(EXIT_FAIL, "%s", error->message);
	if (sw->warning)
		fail(0, "warning: %s", sw->warning);
	if (emit_jobs || emit_slurm)
		return sweep_emit(sw, argv0, emit_jobs, emit_slurm);

	todo = pending_points(sw, -1);
	if (todo->len < sw->n)
		fprintf(stderr, "napisim: %s: %u of %u points already done\n",
			sw->dir, sw->n - todo->len, sw->n);
	if (!sweep_run(sw, todo, jobs, TRUE, &failed, &error))
		return fail(EXIT_FAIL, "%s", error->message);
	return sweep_finish(sw, plot, failed);
}

static int cmd_sweep(int argc, char **argv)
{
	g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) raw_sets = g_ptr_array_new();
	g_autoptr(GPtrArray) varies = g_ptr_array_new();
	g_autoptr(GPtrArray) args = g_ptr_array_new();
	g_autoptr(GArray) todo = NULL;
	g_autoptr(sim_sweep) sw = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *command = NULL, *out = NULL;
	const char *out_opt = NULL, *jobs_text = NULL, *emit_jobs = NULL;
	const char *emit_slurm = NULL, *collect = NULL, *only_text = NULL;
	bool reference = false, no_plot = false;
	gint64 only = -1;
	guint jobs, failed = 0;
	const struct opt opts[] = {
		{ "--vary", NULL, OPT_LIST, varies },
		{ "--set", NULL, OPT_LIST, raw_sets },
		{ "--jobs", "-j", OPT_VALUE, &jobs_text },
		{ "--out", "-o", OPT_VALUE, &out_opt },
		{ "--reference", NULL, OPT_FLAG, &reference },
		{ "--no-plot", NULL, OPT_FLAG, &no_plot },
		{ "--emit-jobs", NULL, OPT_VALUE, &emit_jobs },
		{ "--emit-slurm", NULL, OPT_VALUE, &emit_slurm },
		{ "--collect", NULL, OPT_VALUE, &collect },
		{ "--only-point", NULL, OPT_VALUE, &only_text },
	};
	int r = parse_options(argc, argv, opts, G_N_ELEMENTS(opts), args,
			      usage_text);

	if (r >= 0)
		return r;
	if (!parse_jobs(jobs_text, g_get_num_processors(), &jobs))
		return usage_error("--jobs: expected an integer in 1..%d, got "
				   "\"%s\"", MAX_JOBS, jobs_text);
	if (only_text && !g_ascii_string_to_signed(only_text, 10, 0,
						   G_MAXUINT, &only, NULL))
		return usage_error("--only-point: expected a point number, "
				   "got \"%s\"", only_text);
	/* a job list has one command per line */
	if (out_opt && sim_has_control(out_opt))
		return usage_error("--out: a control character in \"%s\"",
				   out_opt);
	if (!check_factory(&error))
		return fail(EXIT_USAGE, "%s", error->message);

	/* a sweep directory already says what to run */
	if (collect || only_text) {
		const char *dir = collect ? collect : out_opt;

		if (collect && only_text)
			return usage_error("--collect and --only-point go "
					   "apart");
		if (!dir)
			return usage_error("--only-point needs --out DIR");
		if (args->len || varies->len || raw_sets->len || emit_jobs ||
		    emit_slurm)
			return usage_error("%s takes the sweep from %s: no "
					   "scenario, --vary, --set or --emit",
					   collect ? "--collect" :
					   "--only-point", dir);
		sw = sim_sweep_open(dir, &error);
		if (!sw)
			return fail(EXIT_FAIL, "%s", error->message);
		if (collect)
			return sweep_finish(sw, !no_plot, 0);
		if (only >= sw->n)
			return fail(EXIT_USAGE, "--only-point %" G_GINT64_FORMAT
				    ": %s has points 0..%u", only, dir,
				    sw->n - 1);
		todo = pending_points(sw, only);
		if (!sweep_run(sw, todo, 1, FALSE, &failed, &error))
			return fail(EXIT_FAIL, "%s", error->message);
		if (failed) {
			struct sim_point *p = sim_scenario_point(sw->sc, only,
								 NULL);
			g_autofree char *label = p ? sim_point_label(p)
						   : g_strdup("");

			sim_point_free(p);

			return fail(EXIT_FAIL, "point %" G_GINT64_FORMAT
				    " (%s) failed: see %s/logs/", only, label,
				    dir);
		}
		return EXIT_OK;
	}

	/* "napisim sweep --out DIR" alone resumes the sweep DIR holds */
	if (!args->len && out_opt && !varies->len && !raw_sets->len) {
		sw = sim_sweep_open(out_opt, &error);
		if (!sw)
			return fail(EXIT_FAIL, "%s", error->message);
		return sweep_local(sw, out_opt, argv[0], emit_jobs,
				   emit_slurm, jobs, !no_plot);
	}
	if (args->len != 1)
		return usage_error(args->len ? "unexpected argument \"%s\""
					     : "sweep needs a SCENARIO (or "
					       "--out DIR of a sweep to "
					       "resume)",
				   args->len ? (char *)args->pdata[1] : "");
	/* --set as given, then each --vary as the list it stands for */
	for (guint i = 0; i < raw_sets->len; i++)
		g_ptr_array_add(sets, g_strdup(raw_sets->pdata[i]));
	for (guint i = 0; i < varies->len; i++) {
		char *set = sim_sweep_vary(varies->pdata[i], &error);

		if (!set)
			return fail(EXIT_USAGE, "%s", error->message);
		g_ptr_array_add(sets, set);
	}
	g_ptr_array_add(sets, NULL);
	command = command_line(argc, argv);
	sw = sim_sweep_new(args->pdata[0], (const char *const *)sets->pdata,
			   reference ? SIM_MODE_REFERENCE : SIM_MODE_BATCH,
			   command, &error);
	if (!sw) {
		/* "--set x: ..." from the loader is about a --vary too */
		return fail(EXIT_USAGE, "%s", error->message);
	}
	if ((emit_jobs && same_file(emit_jobs, sw->file)) ||
	    (emit_slurm && same_file(emit_slurm, sw->file)))
		return usage_error("--emit-jobs and --emit-slurm must not "
				   "name the scenario file");
	out = out_opt ? g_strdup(out_opt) : sim_sweep_default_dir(sw->name);
	return sweep_local(sw, out, argv[0], emit_jobs, emit_slurm, jobs,
			   !no_plot);
}

/* ---------------------------------------------------------------- plot */

static int cmd_plot(int argc, char **argv)
{
	g_autoptr(GPtrArray) args = g_ptr_array_new();
	g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) y = NULL;
	const char *y_text = NULL;
	struct sim_plot plot = { 0 };
	const struct opt opts[] = {
		{ "--x", NULL, OPT_VALUE, &plot.x },
		{ "--y", NULL, OPT_VALUE, &y_text },
		{ "--by", NULL, OPT_VALUE, &plot.by },
		{ "--name", NULL, OPT_VALUE, &plot.name },
		{ "--out", "-o", OPT_VALUE, &plot.out_dir },
	};
	int r = parse_options(argc, argv, opts, G_N_ELEMENTS(opts), args,
			      usage_text);
	gboolean ok;

	if (r >= 0)
		return r;
	if (args->len != 1)
		return usage_error(args->len ? "unexpected argument \"%s\""
					     : "plot needs a sweep directory "
					       "or result file",
				   args->len ? (char *)args->pdata[1] : "");
	if (y_text) {
		y = g_strsplit(y_text, ",", -1);
		plot.y = (const char *const *)y;
		ok = sim_plot_render(args->pdata[0], &plot, written, &error);
	} else {
		if (plot.by || plot.name)
			return usage_error("--by and --name go with --y");
		ok = sim_plot_defaults(args->pdata[0], plot.out_dir, written,
				       skipped, &error);
	}
	/* a table it cannot read or a column it lacks is bad input */
	if (!ok)
		return fail(error->domain == SIM_TSV_ERROR ||
			    (error->domain == SIM_PLOT_ERROR &&
			     error->code == SIM_PLOT_ERROR_COLUMN)
			    ? EXIT_USAGE : EXIT_FAIL, "%s", error->message);
	for (guint i = 0; i < skipped->len; i++)
		fail(0, "plot skipped: %s", (char *)skipped->pdata[i]);
	for (guint i = 0; i < written->len; i++)
		printf("%s\n", (char *)written->pdata[i]);
	return written->len ? EXIT_OK
			    : fail(EXIT_FAIL, "%s: nothing to plot",
				   (char *)args->pdata[0]);
}

/* ---------------------------------------------------------------- compare */

static int cmd_compare(int argc, char **argv)
{
	g_autoptr(GPtrArray) args = g_ptr_array_new();
	g_autoptr(GPtrArray) tolerances = g_ptr_array_new();
	g_autoptr(GPtrArray) ignores = g_ptr_array_new();
	g_autoptr(sim_compare) cmp = sim_compare_new();
	g_autoptr(sim_tsv) base = NULL, new = NULL;
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(GError) error = NULL;
	const char *policies = NULL, *by = NULL;
	const struct opt opts[] = {
		{ "--tolerance", NULL, OPT_LIST, tolerances },
		{ "--ignore", NULL, OPT_LIST, ignores },
		{ "--policies", NULL, OPT_VALUE, &policies },
		{ "--by", NULL, OPT_VALUE, &by },
	};
	int r = parse_options(argc, argv, opts, G_N_ELEMENTS(opts), args,
			      usage_text);

	if (r >= 0)
		return r;
	if (policies) {
		if (args->len || tolerances->len || ignores->len)
			return usage_error("--policies takes one sweep and "
					   "no other option but --by");
		base = sim_tsv_read(policies, &error);
		if (!base || !sim_compare_policies(base, by, out, &error))
			return fail(EXIT_USAGE, "%s", error->message);
		fputs(out->str, stdout);
		return EXIT_OK;
	}
	if (by)
		return usage_error("--by goes with --policies");
	if (args->len != 2)
		return usage_error("compare needs BASE and NEW (result files "
				   "or sweep directories)");
	for (guint i = 0; i < tolerances->len; i++)
		if (!sim_compare_add_tolerance(cmp, tolerances->pdata[i],
					       &error))
			return fail(EXIT_USAGE, "%s", error->message);
	for (guint i = 0; i < ignores->len; i++)
		sim_compare_add_ignore(cmp, ignores->pdata[i]);
	base = sim_tsv_read(args->pdata[0], &error);
	if (base)
		new = sim_tsv_read(args->pdata[1], &error);
	if (!new || !sim_compare_tables(cmp, base, new, &error))
		return fail(EXIT_USAGE, "%s", error->message);
	sim_compare_report(cmp, out);
	fputs(out->str, stdout);
	return cmp->failures ? EXIT_FAIL : EXIT_OK;
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	const char *v = NULL;
	int i = 1, r;

	models_register();
	if (!cmd) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(cmd, "run") == 0)
		return cmd_run(argc, argv);
	if (strcmp(cmd, "sweep") == 0)
		return cmd_sweep(argc, argv);
	if (strcmp(cmd, "plot") == 0)
		return cmd_plot(argc, argv);
	if (strcmp(cmd, "compare") == 0)
		return cmd_compare(argc, argv);
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
