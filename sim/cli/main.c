/*
 * sim/cli/main.c - the napisim command line.
 *
 *   napisim run [SCENARIO] [--set group.key=value]... [--format F]
 *               [--output FILE] [--reference] [--jobs N] [--columns C]
 *               [--detail FILE]
 *   napisim sweep SCENARIO [--vary group.key=VALUES]... [--out DIR]
 *               [--detail] ...
 *   napisim sweep --collect DIR | --out DIR [--only-point I]
 *   napisim plot DIR|FILE [--x COL] [--y COL,...] [--by COL,...]
 *   napisim compare BASE NEW [--tolerance ...] | --policies DIR
 *   napisim report DIR|FILE [--base DIR|FILE]
 *   napisim scenarios | columns [COLUMN...]
 *   napisim --list-models | --help-model NAME | --dump-params
 *   napisim --dump-columns | --version | --help
 *
 * This file parses options and prints; the work is elsewhere: points run
 * in forked children (sim/cli/runner.c), sweep directories in
 * sim/cli/sweep.c, comparisons in sim/cli/compare.c, plots in
 * sim/cli/plot.c, the HTML report in sim/cli/html_report.c, the columns in
 * sim/config/columns.c.  `run` and `sweep` resolve and check every point
 * before the first fork, so a bad scenario fails before any simulation;
 * `run` writes the rows once, at the end, so a failure leaves no partial
 * result.
 *
 * Exit status: 0 ok; 1 a simulation failed or the output could not be
 * written (compare: a regression, or any change in exact mode); 2 bad
 * usage, a bad scenario or --set, a point that cannot run as configured,
 * a sweep directory that holds another sweep, or input compare or plot
 * cannot use.  Errors are one line on stderr: "napisim: " and the GError
 * message.
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

#include "sim/config/conservation.h"
#include "models/models.h"
#include "sim/cli/compare.h"
#include "sim/config/columns.h"
#include "sim/config/model.h"
#include "sim/cli/output.h"
#include "sim/config/param.h"
#include "sim/cli/plot.h"
#include "sim/cli/html_report.h"
#include "sim/config/report.h"
#include "models/point.h"
#include "sim/cli/runner.h"
#include "sim/config/scenario.h"
#include "sim/cli/sweep.h"
#include "sim/cli/tsv.h"
#include "sim/engine/sg.h"

#define DEFAULT_SCENARIO "scenarios/validation/olsson-e1000.ini"
#define MAX_JOBS 1024

enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* a simulation or the output failed */
	EXIT_USAGE = 2,		/* bad command line, scenario or --set */
};

static const char usage_text[] =
"Usage: napisim run [SCENARIO] [OPTION...]\n"
"  or:  napisim sweep SCENARIO [--vary GROUP.KEY=VALUES]... [OPTION...]\n"
"  or:  napisim sweep --collect DIR | --out DIR [--only-point I]\n"
"  or:  napisim plot DIR|FILE [--x COL] [--y COL,...] [--by COL,...]\n"
"  or:  napisim compare BASE NEW [--tolerance COL=TOL,...] [OPTION...]\n"
"  or:  napisim compare --policies DIR|FILE [--by COL,...]\n"
"  or:  napisim report DIR|FILE [--base DIR|FILE] [-o FILE]\n"
"  or:  napisim scenarios | columns [COLUMN...]\n"
"  or:  napisim --list-models | --help-model NAME\n"
"  or:  napisim --dump-params | --dump-columns | --dump-law\n"
"  or:  napisim --version | --help\n"
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
"  --columns A,B,...      print only these columns, in this order; \"all\"\n"
"                         for every column (a terminal table shows the\n"
"                         varied keys and the main columns, at most 160\n"
"                         characters wide; files hold every column)\n"
"  --detail FILE          also write every point's detail tables (a row\n"
"                         per CPU, queue, NAPI, task, flow, ...) to FILE\n"
"                         (replaced atomically): JSON for FILE.json, else\n"
"                         TSV, one section per table, each row with the\n"
"                         point's index and varied keys\n"
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
"  --detail               also keep each point's detail tables, as TSV in\n"
"                         DIR/detail/NNNNNN.tsv (the directory remembers)\n"
"  --emit-jobs FILE       write one command per unfinished point, for GNU\n"
"                         parallel, instead of running them\n"
"  --emit-slurm FILE      write a Slurm job-array script (and DIR/jobs.txt)\n"
"  --collect DIR          merge DIR's finished points into DIR/points.tsv\n"
"  --only-point I         run point I (from 0) of the sweep in --out DIR\n"
"\n"
"Plot options (PNG and SVG by gnuplot, into DIR/plots or beside FILE):\n"
"  --x COL                x axis, any column (default: ipps, the offered\n"
"                         load after the line-rate cap, when\n"
"                         traffic.rate_pps varies; else the first varied\n"
"                         key)\n"
"  --y COL,...            columns to draw (default: the standard plots)\n"
"  --by COL,...           one line per value (default: every other varied\n"
"                         key; zipped keys count as one)\n"
"  --name NAME            file name (default: the --y columns, after\n"
"                         FILE- for a result file)\n"
"  -o, --out DIR          where to write\n"
"\n"
"Compare options (BASE and NEW are result files or sweep directories, one\n"
"of them may be - for stdin; the points both hold are compared):\n"
"  --tolerance COL=TOL,...  fail only on regressions beyond TOL: PCT% of\n"
"                         BASE, ABS in the column's unit, or PCT%+ABS (COL\n"
"                         may be a glob or \"default\"); without it, any\n"
"                         change fails\n"
"  --ignore COL,...       columns not to compare (wall_seconds never is)\n"
"  --only-regressions     list only the regressions\n"
"  --policies DIR|FILE    which configuration wins each metric at each load\n"
"  --by COL,...           what a configuration is (default: every varied\n"
"                         key but traffic.*, the load)\n"
"\n"
"Report options (one HTML file: what varied, the plots, the table, the\n"
"verdicts; DIR/report.html, or FILE-report.html beside FILE):\n"
"  --base DIR|FILE        compare with this result (default: which\n"
"                         configuration wins, as compare --policies)\n"
"  --tolerance COL=TOL,...  as for compare, with --base\n"
"  -o, --out FILE         where to write\n"
"\n"
"SCENARIO is a file, or the name of a shipped scenario (udp-sink,\n"
"compare/livelock; napisim scenarios lists them); it defaults to\n"
DEFAULT_SCENARIO ".\n"
"\n"
"Exit status: 0 ok, 1 simulation or output failed (compare: a regression,\n"
"or any change without --tolerance), 2 bad usage, scenario or input (a\n"
"point that cannot run as configured, a directory of another sweep).\n";

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

	if (!ops) {
		g_autoptr(GPtrArray) names = g_ptr_array_new();
		const char *hint;

		for (guint i = 0; sim_model_list()[i]; i++)
			g_ptr_array_add(names,
					(gpointer)sim_model_list()[i]->name);
		hint = sim_closest_name(name, names);
		if (hint)
			return fail(EXIT_USAGE, "unknown model \"%s\" (did "
				    "you mean %s?)", name, hint);
		return fail(EXIT_USAGE, "unknown model \"%s\" (napisim "
			    "--list-models lists them)", name);
	}

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

/* Every declared name, per-CPU ones for CPU 0, for "did you mean". */
static GPtrArray *column_names(void)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

	for (const struct sim_column *c = sim_columns; c->name; c++)
		g_ptr_array_add(names, sim_column_name(c, 0));
	return names;
}

/* "no column \"x\" (did you mean y?)" */
static char *unknown_column(const char *name, GPtrArray *cands)
{
	const char *hint = sim_closest_name(name, cands);

	if (hint)
		return g_strdup_printf("no column \"%s\" (did you mean %s?)",
				       name, hint);
	return g_strdup_printf("no column \"%s\" (napisim columns lists "
			       "them)", name);
}

/* ---------------------------------------------------------------- run */

static int cmp_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every shipped scenario: paths relative to the data directory, sorted. */
static void find_scenarios(const char *data, const char *sub, GPtrArray *out)
{
	g_autofree char *dir = g_build_filename(data, sub, NULL);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *name;

	while (d && (name = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, (GCompareFunc)cmp_strings);
	for (guint i = 0; i < names->len; i++) {
		g_autofree char *rel = g_build_filename(sub, names->pdata[i],
							NULL);
		g_autofree char *path = g_build_filename(data, rel, NULL);

		if (g_file_test(path, G_FILE_TEST_IS_DIR))
			find_scenarios(data, rel, out);
		else if (g_str_has_suffix(rel, ".ini"))
			g_ptr_array_add(out, g_steal_pointer(&rel));
	}
}

/* "compare/livelock" for scenarios/compare/livelock.ini */
static char *scenario_name(const char *rel)
{
	return g_strndup(rel + strlen("scenarios/"),
			 strlen(rel) - strlen("scenarios/.ini"));
}

/*
 * The scenario file @arg means: the file itself; else a shipped one,
 * named by the path under scenarios/ ("compare/livelock", with or
 * without .ini), its base name ("livelock"), or its path in the source
 * tree ("scenarios/udp-sink.ini", from another directory).
 */
static char *find_scenario(const char *arg, GError **error)
{
	g_autofree char *data = sim_data_dir();
	g_autofree char *ini = g_str_has_suffix(arg, ".ini")
			       ? g_strdup(arg) : g_strconcat(arg, ".ini", NULL);
	g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *const tries[] = { arg, ini };
	const char *hint;
	char *found = NULL;

	if (g_file_test(arg, G_FILE_TEST_EXISTS))
		return g_strdup(arg);
	for (guint i = 0; i < G_N_ELEMENTS(tries); i++) {
		g_autofree char *in_data = g_build_filename(data, tries[i],
							    NULL);
		g_autofree char *in_dir = g_build_filename(data, "scenarios",
							   tries[i], NULL);

		if (g_file_test(in_dir, G_FILE_TEST_IS_REGULAR))
			return g_steal_pointer(&in_dir);
		if (g_file_test(in_data, G_FILE_TEST_IS_REGULAR))
			return g_steal_pointer(&in_data);
	}
	find_scenarios(data, "scenarios", all);
	for (guint i = 0; !strchr(arg, '/') && i < all->len; i++) {
		g_autofree char *base = g_path_get_basename(all->pdata[i]);

		if (strcmp(base, ini) != 0)
			continue;
		if (found) {
			g_set_error(error, SIM_SCENARIO_ERROR,
				    SIM_SCENARIO_ERROR_FILE, "%s: two shipped "
				    "scenarios have that name; give its path "
				    "(napisim scenarios lists them)", arg);
			g_free(found);
			return NULL;
		}
		found = g_build_filename(data, all->pdata[i], NULL);
	}
	if (found)
		return found;
	/* "udp-snk": offer the closest name, as napisim scenarios says it */
	for (guint i = 0; i < all->len; i++) {
		g_autofree char *name = scenario_name(all->pdata[i]);

		g_ptr_array_add(names, g_path_get_basename(name));
		g_ptr_array_add(names, g_steal_pointer(&name));
	}
	hint = sim_closest_name(arg, names);
	g_set_error(error, SIM_SCENARIO_ERROR, SIM_SCENARIO_ERROR_FILE,
		    "%s: no such file, and no shipped scenario of that name "
		    "(%s%s%snapisim scenarios lists those in %s/scenarios)",
		    arg, hint ? "did you mean " : "", hint ? hint : "",
		    hint ? "? " : "", data);
	return NULL;
}

/* [scenario] description of a scenario file, or "". */
static char *scenario_description(const char *path)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	char *desc;

	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL))
		return g_strdup("");
	desc = g_key_file_get_string(kf, "scenario", "description", NULL);
	return desc ? desc : g_strdup("");
}

static int list_scenarios(void)
{
	g_autofree char *data = sim_data_dir();
	g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);

	find_scenarios(data, "scenarios", all);
	printf("Shipped scenarios, in %s/scenarios (napisim run NAME runs "
	       "one):\n\n", data);
	g_ptr_array_add(cells, g_strdup("name"));
	g_ptr_array_add(cells, g_strdup("description"));
	for (guint i = 0; i < all->len; i++) {
		const char *rel = all->pdata[i];
		g_autofree char *path = g_build_filename(data, rel, NULL);

		g_ptr_array_add(cells, scenario_name(rel));
		g_ptr_array_add(cells, scenario_description(path));
	}
	print_columns(cells, 2);
	return EXIT_OK;
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
	GPtrArray *details;	/* --detail: struct sim_report *, or NULL */
	struct sim_progress pr;
	GError *error;		/* the first point that failed */
	guint failed;
};

static bool run_done(void *data, const struct sim_point *p,
		     struct sim_report *r, const GError *error)
{
	struct run_state *st = data;

	if (!r) {
		st->error = g_error_copy(error);
		st->failed = p->index;
		return false;
	}
	st->rows->pdata[p->index] = g_steal_pointer(&r->row);
	if (st->details) {
		/* which point it is, as sim_detail_write() wants it */
		r->row = sim_row_new();
		sim_row_add_u64(r->row, "point", p->index);
		sim_point_add_keys(r->row, p);
		st->details->pdata[p->index] = g_steal_pointer(&r);
	}
	sim_report_free(r);
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

/*
 * Point @index of @sc, which machine_check_point() refuses (sim_points_check()
 * put it in its bad list): "point I (keys): why", numbered from @base.
 * Such a point cannot run as configured (a CPU the machine lacks, ...),
 * and running it again will not help.
 */
static char *invalid_message(struct sim_scenario *sc, guint index,
			     guint base)
{
	g_autoptr(GError) error = NULL;
	struct sim_point *p = sim_scenario_point(sc, index, &error);
	g_autofree char *label = NULL;
	char *msg;

	if (!p)
		return g_strdup(error->message);
	machine_check_point(p, &error);
	label = sim_point_label(p);
	msg = g_strdup_printf("point %u%s%s%s: %s", index + base,
			      *label ? " (" : "", label, *label ? ")" : "",
			      error ? error->message
				    : "cannot run as configured");
	sim_point_free(p);
	return msg;
}

/* The widest terminal table shown by default, in characters. */
#define TABLE_WIDTH 160

/* The most CPUs any of the @n points of @sc has (made one at a time). */
static guint most_cpus(struct sim_scenario *sc, guint n)
{
	guint most = 0;

	for (guint i = 0; i < n; i++) {
		struct sim_point *p = sim_scenario_point(sc, i, NULL);

		if (p)
			most = MAX(most, sim_point_cpus(p));
		sim_point_free(p);
	}
	return most;
}

/*
 * --columns, checked before anything runs: each name a varied key or a
 * declared column (per-CPU ones below the CPU count), each once.
 */
static gboolean check_columns(char **names, struct sim_scenario *sc,
			      guint n, GError **error)
{
	g_autoptr(GPtrArray) known = column_names();
	g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
	struct sim_point *p0 = sim_scenario_point(sc, 0, error);
	guint cpus;

	if (!p0)
		return FALSE;
	for (guint i = 0; i < p0->varied_keys->len; i++)
		g_ptr_array_add(keys, g_strdup(p0->varied_keys->pdata[i]));
	sim_point_free(p0);
	cpus = most_cpus(sc, n);

	for (guint i = 0; i < keys->len; i++)
		g_ptr_array_add(known, g_strdup(keys->pdata[i]));
	for (guint i = 0; names[i]; i++) {
		int cpu;
		gboolean key = g_ptr_array_find_with_equal_func(
			keys, names[i], g_str_equal, NULL);
		g_autofree char *msg = NULL;

		for (guint j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				return sim_error(error, SIM_OUTPUT_ERROR,
						 SIM_OUTPUT_ERROR_COLUMN,
						 "column \"%s\" named twice",
						 names[i]);
		if (key)
			continue;
		if (!sim_column_find(names[i], &cpu)) {
			msg = unknown_column(names[i], known);
			return sim_error(error, SIM_OUTPUT_ERROR,
					 SIM_OUTPUT_ERROR_COLUMN, "%s", msg);
		}
		if (cpu >= 0 && cpus && (guint)cpu >= cpus)
			return sim_error(error, SIM_OUTPUT_ERROR,
					 SIM_OUTPUT_ERROR_COLUMN,
					 "no column \"%s\": the CPUs are "
					 "numbered 0..%u here", names[i],
					 cpus - 1);
	}
	return TRUE;
}

/* Keep only the columns @names of every row. */
static gboolean select_columns(GPtrArray *rows, const char *const *names,
			       GError **error)
{
	for (guint i = 0; i < rows->len; i++)
		if (!sim_row_select(rows->pdata[i], names, error))
			return FALSE;
	return TRUE;
}

/*
 * --detail FILE: the points' detail tables, JSON for a .json FILE, else
 * TSV; written before the result, and removed again if the result cannot
 * be written, so a failed run leaves neither.
 */
static gboolean write_detail(GPtrArray *details, const char *const *meta,
			     const char *path, GError **error)
{
	enum sim_format format = g_str_has_suffix(path, ".json")
				 ? SIM_FORMAT_JSON : SIM_FORMAT_TSV;

	return sim_detail_write(details, meta, format, path, error);
}

/* Only regular files: never a link, a FIFO or a device given as FILE. */
static void remove_detail(const char *path)
{
	g_autofree char *meta = sim_meta_path(path);
	GStatBuf st;

	if (g_lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		g_unlink(path);
	if (g_lstat(meta, &st) == 0 && S_ISREG(st.st_mode))
		g_unlink(meta);
}

/*
 * The same file, however named: one inode (through links, ./, ..), or,
 * for a file not there yet, one path.
 */
static gboolean same_file(const char *a, const char *b)
{
	GStatBuf sa, sb;
	g_autofree char *x = NULL, *y = NULL;

	if (g_stat(a, &sa) == 0 && g_stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	x = g_canonicalize_filename(a, NULL);
	y = g_canonicalize_filename(b, NULL);
	return strcmp(x, y) == 0;
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
	g_autoptr(GPtrArray) details = NULL;
	g_autoptr(sim_scenario) sc = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *path = NULL, *found = NULL;
	g_autofree char *label = NULL;
	g_autoptr(GPtrArray) meta = NULL;
	g_autoptr(GPtrArray) shown = NULL;
	g_autoptr(GArray) bad = g_array_new(FALSE, FALSE, sizeof(guint));
	g_auto(GStrv) names = NULL;
	struct sim_point *p;
	const char *format_name = NULL, *output = NULL, *jobs_text = NULL;
	const char *columns = NULL, *detail = NULL;
	guint total = 0;
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
		{ "--detail", NULL, OPT_VALUE, &detail },
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
	if (detail && !*detail)
		return usage_error("--detail needs a file name");
	if (detail && output && same_file(detail, output))
		return usage_error("--detail and --output name the same file, "
				   "%s", detail);
	if (columns && strcmp(columns, "all") != 0 &&
	    !(names = parse_columns(columns, &error)))
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
	if (!check_factory(&error))
		return fail(EXIT_USAGE, "%s", error->message);
	/* everything the user wrote is checked before anything runs */
	found = find_scenario(path ? path : DEFAULT_SCENARIO, &error);
	if (!found)
		return fail(EXIT_USAGE, "%s", error->message);
	sc = sim_scenario_load(found, &error);
	if (!sc)
		return fail(EXIT_USAGE, "%s", error->message);
	for (guint i = 0; i < sets->len; i++)
		if (!sim_scenario_set(sc, sets->pdata[i], &error))
			return fail(EXIT_USAGE, "%s", error->message);
	if (!sim_points_check(sc, &n, bad, &error))
		return fail(EXIT_USAGE, "%s", error->message);
	if (names && !check_columns(names, sc, n, &error))
		return fail(EXIT_USAGE, "--columns: %s", error->message);
	/* a point that cannot run: the whole run is bad input */
	if (bad->len) {
		g_clear_error(&error);
		sim_points_check(sc, &n, NULL, &error);
		return fail(EXIT_USAGE, "%s", error->message);
	}
	if (output && same_file(output, found))
		return usage_error("--output %s is the scenario file", output);
	if (detail && same_file(detail, found))
		return usage_error("--detail %s is the scenario file", detail);
	if ((output && !sim_output_check(output, &error)) ||
	    (detail && !sim_output_check(detail, &error)))
		return fail(EXIT_FAIL, "%s", error->message);

	st.rows = rows;
	g_ptr_array_set_size(rows, n);
	if (detail) {
		details = g_ptr_array_new_with_free_func(
			(GDestroyNotify)sim_report_free);
		g_ptr_array_set_size(details, n);
		st.details = details;
	}
	st.pr = (struct sim_progress) { .tty = isatty(STDERR_FILENO),
					.total = n,
					.start = g_get_monotonic_time() };
	ok = sim_pool_run(sc, NULL, n, mode, jobs, detail != NULL, &ops, &st,
			  &error);
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
	/* a terminal gets the default set; files get every column */
	total = ((struct sim_row *)rows->pdata[0])->cols->len;
	if (!columns && format == SIM_FORMAT_TABLE && !output) {
		shown = sim_table_columns(rows, TABLE_WIDTH);
		names = g_strdupv((char **)shown->pdata);
	}
	if (names && !select_columns(rows, (const char *const *)names,
				     &error))
		return fail(EXIT_FAIL, "--columns: %s", error->message);
	if (detail && !write_detail(details, (const char *const *)meta->pdata,
				    detail, &error))
		return fail(EXIT_FAIL, "%s", error->message);
	if (!sim_output_write(rows, (const char *const *)meta->pdata, format,
			      output, &error)) {
		if (detail)
			remove_detail(detail);
		return fail(EXIT_FAIL, "%s", error->message);
	}
	if (shown && shown->len - 1 < total)
		printf("(%u of %u columns; --columns all shows every one, "
		       "and files hold them all: napisim columns explains "
		       "them)\n", shown->len - 1, total);
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
		       struct sim_report *r, const GError *error)
{
	struct sweep_state *st = data;
	g_autofree char *label = sim_point_label(p);
	g_autoptr(sim_report) owned = r;

	/* children die with the Ctrl-C too: that is not their failure */
	if (!r && interrupted)
		return false;
	if (!sim_sweep_save(st->sw, p, r ? r->row : NULL,
			    r ? r->tables : NULL, r ? NULL : error->message,
			    &st->error))
		return false;
	sim_progress_point(&st->pr, p->index, label,
			   r ? NULL : error->message);
	return true;
}

static bool sweep_tick(void *data, guint running)
{
	struct sweep_state *st = data;

	st->pr.running = running;
	sim_progress_show(&st->pr);
	return !interrupted;
}

/*
 * The indices of the points of @sw without a file (all, or just @only),
 * but those that cannot run as configured (@sw->invalid, in order).
 */
static GArray *pending_points(struct sim_sweep *sw, gint64 only)
{
	GArray *todo = g_array_new(FALSE, FALSE, sizeof(guint));
	guint bad = 0;

	for (guint i = 0; i < sw->n; i++) {
		while (bad < sw->invalid->len &&
		       g_array_index(sw->invalid, guint, bad) < i)
			bad++;
		if (bad < sw->invalid->len &&
		    g_array_index(sw->invalid, guint, bad) == i)
			continue;
		if ((only < 0 || i == only) && !sim_sweep_done(sw, i))
			g_array_append_val(todo, i);
	}
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
	guint done = 0;
	gboolean ok;

	/* points that cannot run are in neither */
	for (guint i = 0; i < sw->n; i++)
		done += sim_sweep_done(sw, i);

	st.pr = (struct sim_progress) {
		.tty = plain && isatty(STDERR_FILENO),
		.plain = plain,
		.total = done + todo->len,
		.skipped = done,
		.start = g_get_monotonic_time(),
	};
	/* no SA_RESTART: poll() must return to see the flag */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	ok = sim_pool_run(sw->sc, (const guint *)todo->data, todo->len,
			  sw->mode, jobs, sw->detail, &ops, &st, error);
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
static int sweep_finish(struct sim_sweep *sw, gboolean plot, guint failed,
			guint invalid, const char *first_invalid)
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
	if (invalid)
		return fail(EXIT_USAGE, "%u of %u points cannot run as "
			    "configured, and running them again will not "
			    "help: change the scenario, --set or --vary "
			    "(%s; every one in %s/logs/)", invalid, sw->n,
			    first_invalid, sw->dir);
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

/*
 * A directory that holds another sweep, or none, is bad input (2);
 * a directory in use or unwritable is a failure (1).
 */
static int sweep_status(const GError *error)
{
	if (error->domain == SIM_SCENARIO_ERROR ||
	    (error->domain == SIM_SWEEP_ERROR &&
	     error->code == SIM_SWEEP_ERROR_DIR))
		return EXIT_USAGE;
	return EXIT_FAIL;
}

/* Take @dir for @sw, then emit jobs or run what is not done. */
static int sweep_local(struct sim_sweep *sw, const char *dir,
		       const char *argv0, const char *emit_jobs,
		       const char *emit_slurm, guint jobs, gboolean plot)
{
	g_autoptr(GArray) todo = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree char *first = NULL;
	guint failed = 0, invalid = sw->invalid->len;

	if (invalid)
		first = invalid_message(sw->sc,
					g_array_index(sw->invalid, guint, 0),
					0);
	/* a mistake in every point is a bad sweep: no directory for it */
	if (invalid == sw->n)
		return fail(EXIT_USAGE, "no point can run as configured: "
			    "change the scenario, --set or --vary (%s: %s)",
			    sw->file, first);
	/* what the sweep writes must not replace its scenario */
	if ((emit_jobs && same_file(emit_jobs, sw->file)) ||
	    (emit_slurm && same_file(emit_slurm, sw->file)))
		return usage_error("--emit-jobs and --emit-slurm must not "
				   "name the scenario file");
	if (!sim_sweep_prepare(sw, dir, TRUE, &error))
		return fail(sweep_status(error), "%s", error->message);
	if (sw->warning)
		fail(0, "warning: %s", sw->warning);
	if (emit_jobs || emit_slurm)
		return sweep_emit(sw, argv0, emit_jobs, emit_slurm);

	todo = pending_points(sw, -1);
	if (todo->len + invalid < sw->n)
		fprintf(stderr, "napisim: %s: %u of %u points already done\n",
			sw->dir, sw->n - todo->len - invalid, sw->n);
	/* the others run; these are logged, and said at the end */
	for (guint i = 0; i < invalid; i++) {
		guint index = g_array_index(sw->invalid, guint, i);
		g_autoptr(GError) why = NULL;
		struct sim_point *p = sim_scenario_point(sw->sc, index, &why);
		gboolean saved;

		if (p)
			machine_check_point(p, &why);
		saved = p && sim_sweep_save(sw, p, NULL, NULL,
					    why ? why->message
						: "cannot run as configured",
					    &error);
		sim_point_free(p);
		if (!saved)
			return fail(EXIT_FAIL, "%s", error ? error->message
						       : why->message);
	}
	if (!sweep_run(sw, todo, jobs, TRUE, &failed, &error))
		return fail(EXIT_FAIL, "%s", error->message);
	return sweep_finish(sw, plot, failed, invalid, first);
}

/*
 * The loader names a bad assignment "--set group.key: ..."; when the key
 * came from a --vary (and no --set), the message is about the --vary.
 */
static char *vary_error(const char *msg, GPtrArray *varies, GPtrArray *sets)
{
	const char *key = msg + strlen("--set ");
	size_t len = strcspn(key, ":");
	gboolean from_vary = FALSE;

	if (!g_str_has_prefix(msg, "--set "))
		return g_strdup(msg);
	for (guint i = 0; i < varies->len; i++) {
		const char *v = varies->pdata[i];

		from_vary |= strncmp(v, key, len) == 0 && v[len] == '=';
	}
	for (guint i = 0; i < sets->len; i++) {
		const char *v = sets->pdata[i];

		from_vary &= !(strncmp(v, key, len) == 0 && v[len] == '=');
	}
	return from_vary ? g_strconcat("--vary ", key, NULL) : g_strdup(msg);
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
	g_autofree char *command = NULL, *out = NULL, *label = NULL;
	g_autofree char *file = NULL;
	const char *out_opt = NULL, *jobs_text = NULL, *emit_jobs = NULL;
	const char *emit_slurm = NULL, *collect = NULL, *only_text = NULL;
	bool reference = false, no_plot = false, detail = false;
	gint64 only = -1;
	guint jobs, failed = 0;
	const struct opt opts[] = {
		{ "--vary", NULL, OPT_LIST, varies },
		{ "--set", NULL, OPT_LIST, raw_sets },
		{ "--jobs", "-j", OPT_VALUE, &jobs_text },
		{ "--out", "-o", OPT_VALUE, &out_opt },
		{ "--reference", NULL, OPT_FLAG, &reference },
		{ "--no-plot", NULL, OPT_FLAG, &no_plot },
		{ "--detail", NULL, OPT_FLAG, &detail },
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
		    emit_slurm || detail)
			return usage_error("%s takes the sweep from %s: no "
					   "scenario, --vary, --set, --detail "
					   "or --emit",
					   collect ? "--collect" :
					   "--only-point", dir);
		sw = sim_sweep_open(dir, &error);
		if (!sw)
			return fail(sweep_status(error), "%s",
				    error->message);
		if (collect)
			return sweep_finish(sw, !no_plot, 0, 0, NULL);
		if (only >= sw->n)
			return fail(EXIT_USAGE, "--only-point %" G_GINT64_FORMAT
				    ": %s has points 0..%u", only, dir,
				    sw->n - 1);
		for (guint i = 0; i < sw->invalid->len; i++) {
			if (g_array_index(sw->invalid, guint, i) != only)
				continue;
			label = invalid_message(sw->sc, only, 0);
			return fail(EXIT_USAGE, "%s", label);
		}
		todo = pending_points(sw, only);
		if (!sweep_run(sw, todo, 1, FALSE, &failed, &error))
			return fail(EXIT_FAIL, "%s", error->message);
		if (failed) {
			struct sim_point *p = sim_scenario_point(sw->sc, only,
								 NULL);

			label = p ? sim_point_label(p) : g_strdup("");
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
			return fail(sweep_status(error), "%s",
				    error->message);
		/* the directory decides; a --detail it lacks is refused */
		sw->detail |= detail;
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
	file = find_scenario(args->pdata[0], &error);
	if (!file)
		return fail(EXIT_USAGE, "%s", error->message);
	sw = sim_sweep_new(file, (const char *const *)sets->pdata,
			   reference ? SIM_MODE_REFERENCE : SIM_MODE_BATCH,
			   command, &error);
	if (!sw) {
		label = vary_error(error->message, varies, raw_sets);
		return fail(EXIT_USAGE, "%s", label);
	}
	sw->detail = detail;
	out = out_opt ? g_strdup(out_opt) : sim_sweep_default_dir(sw->name);
	return sweep_local(sw, out, argv[0], emit_jobs, emit_slurm, jobs,
			   !no_plot);
}

/* ---------------------------------------------------------------- columns */

static int dump_columns(void)
{
	g_autoptr(GString) terminal = g_string_new(NULL);
	guint rank = 1, found;

	printf("<!-- Generated by `napisim --dump-columns` from the column "
	       "table in\n     sim/config/columns.c.  Do not edit; run "
	       "scripts/gen-columns. -->\n"
	       "# Output columns\n\n"
	       "Each point is one row.  It starts with one column per "
	       "scenario key that varies,\n"
	       "named `group.key` (doc/scenario-keys.md), then the columns "
	       "below, in this\n"
	       "order; `cpuN_...` columns come once per CPU.  \"better\" "
	       "is the direction\n"
	       "`napisim compare` judges changes by (a change in the other "
	       "direction is a\n"
	       "regression); columns without one are reported as changed.  "
	       "`napisim columns\n"
	       "NAME` prints one entry.\n\n"
	       "| column | unit | better | meaning | counted in |\n"
	       "| --- | --- | --- | --- | --- |\n");
	for (const struct sim_column *c = sim_columns; c->name; c++) {
		g_autofree char *name = sim_column_display_name(c);
		g_autofree char *meaning = md_cell(c->meaning);
		const char *dir = sim_column_dir_name(c->dir);

		if (c->flags & SIM_COLUMN_DIAGNOSTIC)
			dir = "(diagnostic)";
		printf("| `%s` | %s | %s | %s | %s |\n", name, c->unit, dir,
		       meaning, c->producer);
	}
	/* the terminal's columns, most important first */
	do {
		found = 0;
		for (const struct sim_column *c = sim_columns; c->name; c++) {
			g_autofree char *name = NULL;

			if (c->terminal != rank)
				continue;
			name = sim_column_display_name(c);
			g_string_append_printf(terminal, "%s`%s`",
					       terminal->len ? ", " : "",
					       name);
			found++;
		}
		rank++;
	} while (found);
	printf("\nDiagnostics say how the run went, not what it simulated; "
	       "`wall_seconds` is\nnever compared.  On a terminal, "
	       "`napisim run` shows the varied keys and, as\nfar as 160 "
	       "characters allow, %s\n(most important first; "
	       "`--columns all` shows every column, and files\nalways "
	       "hold every column).\n", terminal->str);
	return EXIT_OK;
}

/* A "group.key" column: its param's unit and help. */
static gboolean describe_key(const char *name, GPtrArray *cells)
{
	const struct sim_param *p = sim_column_key_param(name, NULL);

	if (!p)
		return FALSE;
	g_ptr_array_add(cells, g_strdup(name));
	g_ptr_array_add(cells, g_strdup(p->unit ? p->unit : ""));
	g_ptr_array_add(cells, g_strdup(""));
	g_ptr_array_add(cells, g_strdup_printf("scenario key: %s",
					       p->help ? p->help : ""));
	return TRUE;
}

static int cmd_columns(int argc, char **argv)
{
	g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) args = g_ptr_array_new();
	g_autoptr(GPtrArray) names = column_names();
	static const char *const head[] = {
		"column", "unit", "better", "meaning",
	};
	int r = parse_options(argc, argv, NULL, 0, args, usage_text);

	if (r >= 0)
		return r;
	for (guint i = 0; i < G_N_ELEMENTS(head); i++)
		g_ptr_array_add(cells, g_strdup(head[i]));
	for (const struct sim_column *c = sim_columns; !args->len && c->name;
	     c++) {
		g_ptr_array_add(cells, sim_column_display_name(c));
		g_ptr_array_add(cells, g_strdup(c->unit));
		g_ptr_array_add(cells, g_strdup(sim_column_dir_name(c->dir)));
		g_ptr_array_add(cells, g_strdup(c->meaning));
	}
	for (guint i = 0; i < args->len; i++) {
		const char *name = args->pdata[i];
		const struct sim_column *c = sim_column_find(name, NULL);
		g_autofree char *msg = NULL;

		if (!c && describe_key(name, cells))
			continue;
		if (!c) {
			msg = unknown_column(name, names);
			return fail(EXIT_USAGE, "%s", msg);
		}
		g_ptr_array_add(cells, g_strdup(name));
		g_ptr_array_add(cells, g_strdup(c->unit));
		g_ptr_array_add(cells, g_strdup(sim_column_dir_name(c->dir)));
		g_ptr_array_add(cells, g_strdup_printf("%s (%s)", c->meaning,
						       c->producer));
	}
	print_columns(cells, G_N_ELEMENTS(head));
	return EXIT_OK;
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
	bool only_regressions = false;
	const struct opt opts[] = {
		{ "--tolerance", NULL, OPT_LIST, tolerances },
		{ "--ignore", NULL, OPT_LIST, ignores },
		{ "--policies", NULL, OPT_VALUE, &policies },
		{ "--by", NULL, OPT_VALUE, &by },
		{ "--only-regressions", NULL, OPT_FLAG, &only_regressions },
	};
	int r = parse_options(argc, argv, opts, G_N_ELEMENTS(opts), args,
			      usage_text);

	if (r >= 0)
		return r;
	if (policies) {
		if (args->len || tolerances->len || ignores->len ||
		    only_regressions)
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
	if (strcmp(args->pdata[0], "-") == 0 &&
	    strcmp(args->pdata[1], "-") == 0)
		return usage_error("compare reads one of BASE and NEW from "
				   "stdin (-), not both");
	cmp->only_regressions = only_regressions;
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
	for (guint i = 0; i < cmp->warnings->len; i++)
		fail(0, "warning: %s", (char *)cmp->warnings->pdata[i]);
	sim_compare_report(cmp, out);
	fputs(out->str, stdout);
	return cmp->failures ? EXIT_FAIL : EXIT_OK;
}

/* ---------------------------------------------------------------- report */

static int cmd_report(int argc, char **argv)
{
	g_autoptr(GPtrArray) args = g_ptr_array_new();
	g_autoptr(GError) error = NULL;
	g_autofree char *written = NULL;
	struct sim_report_opts opt = { 0 };
	const struct opt opts[] = {
		{ "--base", NULL, OPT_VALUE, &opt.base },
		{ "--tolerance", NULL, OPT_VALUE, &opt.tolerance },
		{ "--out", "-o", OPT_VALUE, &opt.out },
	};
	int r = parse_options(argc, argv, opts, G_N_ELEMENTS(opts), args,
			      usage_text);

	if (r >= 0)
		return r;
	if (args->len != 1)
		return usage_error(args->len ? "unexpected argument \"%s\""
					     : "report needs a sweep directory "
					       "or result file",
				   args->len ? (char *)args->pdata[1] : "");
	if (opt.tolerance && !opt.base)
		return usage_error("--tolerance goes with --base");
	if (!sim_report_write(args->pdata[0], &opt, &written, &error))
		return fail(error->domain == G_FILE_ERROR ? EXIT_FAIL
							  : EXIT_USAGE,
			    "%s", error->message);
	printf("%s\n", written);
	return EXIT_OK;
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
	if (strcmp(cmd, "report") == 0)
		return cmd_report(argc, argv);
	if (strcmp(cmd, "columns") == 0)
		return cmd_columns(argc, argv);
	if (strcmp(cmd, "scenarios") == 0)
		return argc > 2 ? usage_error("scenarios takes no argument")
				: list_scenarios();
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
	if (strcmp(cmd, "--dump-law") == 0) {
		g_autofree char *law = sim_conservation_law();

		if (argc > 2)
			return usage_error("--dump-law takes no argument");
		printf("%s\n", law);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--dump-columns") == 0)
		return argc > 2 ? usage_error("--dump-columns takes no "
					      "argument")
				: dump_columns();
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
