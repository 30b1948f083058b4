/*
 * sim/cli/sweep.c - sweeps: --vary expansion, the sweep directory, resuming,
 * job lists and collecting; see sim/cli/sweep.h.
 *
 * Resuming rests on one rule: a point is done iff DIR/points/NNNNNN.tsv
 * exists, and that file appears only by rename() of a complete, fsynced
 * temporary (sim_write_file()).  So a sweep killed at any instant leaves
 * finished points whole and unfinished ones absent; points.tsv is only
 * ever rebuilt from the point files, one row per file, so no row can be
 * torn or doubled.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "sim/cli/sweep.h"
#include "sim/cli/output.h"
#include "sim/cli/runner.h"
#include "sim/config/report.h"
#include "sim/config/scenario.h"
#include "sim/cli/tsv.h"

G_DEFINE_QUARK(sim-sweep-error-quark, sim_sweep_error)

#define MAX_VALUES 100000	/* values of one --vary */
#define GROUP "sweep"

/* ---------------------------------------------------------------- --vary */

static gboolean vary_error(GError **error, const char *spec,
			   const char *what)
{
	g_set_error(error, SIM_SWEEP_ERROR, SIM_SWEEP_ERROR_VARY, "%s: %s",
		    spec, what);
	return FALSE;
}

/* A whole-string number; *integer says whether it is written as one. */
static gboolean parse_number(const char *s, double *v, gboolean *integer)
{
	char *end;

	s += strspn(s, " \t");
	*v = g_ascii_strtod(s, &end);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == s || *end || !isfinite(*v))
		return FALSE;
	*integer = !strpbrk(s, ".eE") && *v == nearbyint(*v);
	return TRUE;
}

static void append_value(GString *out, double v, gboolean integer)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	if (out->len)
		g_string_append_c(out, ';');
	if (integer)
		g_string_append_printf(out, "%.0f", nearbyint(v));
	else
		g_string_append(out, g_ascii_formatd(buf, sizeof(buf),
						     "%.12g", v));
}

/* "START:STOP:STEP" or "START:STOP:xFACTOR" */
static char *expand_range(const char *spec, char **part, GError **error)
{
	g_autoptr(GString) out = g_string_new(NULL);
	const char *third = part[2] + strspn(part[2], " \t");
	gboolean geometric = third[0] == 'x' || third[0] == '*';
	gboolean int_start, int_stop, int_step;
	double start, stop, step, last = NAN;
	guint n = 0;

	if (!parse_number(part[0], &start, &int_start))
		return vary_error(error, spec, "START is not a number"), NULL;
	if (!parse_number(part[1], &stop, &int_stop))
		return vary_error(error, spec, "STOP is not a number"), NULL;
	if (!parse_number(third + geometric, &step, &int_step))
		return vary_error(error, spec, geometric
				  ? "FACTOR (after x) is not a number"
				  : "STEP is not a number"), NULL;
	if (stop < start)
		return vary_error(error, spec, "STOP is below START"), NULL;
	if (geometric && (start <= 0 || step <= 1))
		return vary_error(error, spec, "a geometric range needs "
				  "START > 0 and FACTOR > 1"), NULL;
	if (!geometric && step <= 0)
		return vary_error(error, spec, "STEP must be positive"), NULL;

	for (;;) {
		/* computed from START each time, so errors do not add up */
		double v = geometric ? start * pow(step, n)
				     : start + step * n;
		gboolean integer = int_start && int_stop &&
				   (geometric || int_step);

		/* a hair of slack, so 0.1:0.3:0.1 ends at 0.3 */
		if (v > stop + fabs(stop) * 1e-9 + 1e-12)
			break;
		if (++n > MAX_VALUES)
			return vary_error(error, spec, "more than 100000 "
					  "values"), NULL;
		/* rounding a geometric range can repeat a value */
		if (integer && nearbyint(v) == last)
			continue;
		last = nearbyint(v);
		append_value(out, v, integer);
	}
	return g_string_free(g_steal_pointer(&out), FALSE);
}

/**
 * sim_sweep_expand() - the values of one --vary, as a scenario list.
 * @spec: "v1,v2,..." (taken as written), "START:STOP:STEP" or
 *	"START:STOP:xFACTOR"
 * @error: SIM_SWEEP_ERROR_VARY saying what is wrong with @spec
 *
 * Return: "v1;v2;..." (free with g_free()), or NULL.
 */
char *sim_sweep_expand(const char *spec, GError **error)
{
	g_auto(GStrv) part = NULL;
	g_autoptr(GString) out = g_string_new(NULL);

	if (strchr(spec, ':')) {
		part = g_strsplit(spec, ":", -1);
		if (g_strv_length(part) != 3)
			return vary_error(error, spec, "expected START:STOP:"
					  "STEP or START:STOP:xFACTOR"), NULL;
		return expand_range(spec, part, error);
	}
	part = g_strsplit(spec, ",", -1);
	for (guint i = 0; part[i]; i++) {
		char *v = g_strstrip(part[i]);

		if (!*v)
			return vary_error(error, spec, "empty value"), NULL;
		g_string_append_printf(out, "%s%s", i ? ";" : "", v);
	}
	if (!out->len)
		return vary_error(error, spec, "no values"), NULL;
	return g_string_free(g_steal_pointer(&out), FALSE);
}

/**
 * sim_sweep_vary() - "group.key=SPEC" to "group.key=v1;v2;...".
 * @vary: the --vary argument
 * @error: SIM_SWEEP_ERROR_VARY, "--vary group.key: ..."
 *
 * Return: the assignment, or NULL.
 */
char *sim_sweep_vary(const char *vary, GError **error)
{
	const char *eq = strchr(vary, '=');
	g_autofree char *key = NULL;
	g_autofree char *values = NULL;

	if (!eq || eq == vary) {
		g_set_error(error, SIM_SWEEP_ERROR, SIM_SWEEP_ERROR_VARY,
			    "--vary %s: expected group.key=VALUES", vary);
		return NULL;
	}
	key = g_strstrip(g_strndup(vary, eq - vary));
	values = sim_sweep_expand(eq + 1, error);
	if (!values) {
		g_prefix_error(error, "--vary %s: ", key);
		return NULL;
	}
	return g_strdup_printf("%s=%s", key, values);
}

/* ---------------------------------------------------------------- sweep */

/* Letters, digits and "._+-": safe in a path, a shell word, a directive. */
#define SAFE_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
		   "0123456789._+-"

/*
 * @name as one safe path component: other characters (a '/', a blank, a
 * quote) become '_', and so does a leading '.', so "../../x" is not a way
 * out of a directory.
 */
static char *safe_name(const char *name)
{
	char *safe = g_strcanon(g_strdup(name), SAFE_CHARS, '_');

	for (char *c = safe; *c == '.'; c++)
		*c = '_';
	if (!*safe) {
		g_free(safe);
		safe = g_strdup("sweep");
	}
	return safe;
}

/**
 * sim_sweep_default_dir() - where a sweep goes without --out.
 * @name: the scenario's name
 *
 * Return: results/runs/NAME-YYYYmmdd-HHMMSS, NAME made one safe path
 * component, so that a name like "../../../x" or "/abs/x" stays in
 * results/runs/.
 */
char *sim_sweep_default_dir(const char *name)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree char *stamp = g_date_time_format(now, "%Y%m%d-%H%M%S");
	g_autofree char *safe = safe_name(name);
	g_autofree char *base = g_strdup_printf("%s-%s", safe, stamp);

	return g_build_filename("results", "runs", base, NULL);
}

/* `git describe` of the tree the running binary was built in. */
static char *current_revision(void)
{
	g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
	g_autofree char *dir = exe ? g_path_get_dirname(exe) : NULL;
	g_autofree char *out = NULL;
	const char *argv[] = { "git", "-C", dir, "describe", "--always",
			       "--dirty", NULL };
	int status = -1;

	if (!dir || !g_spawn_sync(NULL, (char **)argv, NULL,
				  G_SPAWN_SEARCH_PATH |
				  G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
				  &out, NULL, &status, NULL) ||
	    !g_spawn_check_wait_status(status, NULL) || !out || !*out)
		return g_strdup("unknown");
	return g_strdup(g_strstrip(out));
}

/*
 * Load the scenario, apply the sets, check every point: those that
 * cannot run as configured go to @sw->invalid.  The scenario may be the
 * directory's copy: its files are named from the original's directory.
 */
static gboolean sweep_load(struct sim_sweep *sw, const char *file,
			   GError **error)
{
	g_autofree char *dir = g_path_get_dirname(sw->file);

	sw->sc = sim_scenario_load_at(file, dir, error);
	if (!sw->sc)
		return FALSE;
	for (guint i = 0; i < sw->sets->len; i++)
		if (!sim_scenario_set(sw->sc, sw->sets->pdata[i], error))
			return FALSE;
	if (sw->name) {
		g_autofree char *set = g_strdup_printf("scenario.name=%s",
						       sw->name);

		if (!sim_scenario_set(sw->sc, set, error))
			return FALSE;
	} else {
		sw->name = g_strdup(sim_scenario_name(sw->sc));
	}
	return sim_points_check(sw->sc, &sw->n, sw->invalid, error);
}

static struct sim_sweep *sweep_alloc(void)
{
	struct sim_sweep *sw = g_new0(struct sim_sweep, 1);

	sw->sets = g_ptr_array_new_with_free_func(g_free);
	sw->invalid = g_array_new(FALSE, FALSE, sizeof(guint));
	sw->lock_fd = -1;
	sw->revision = current_revision();
	return sw;
}

/**
 * sim_sweep_new() - a sweep of a scenario file.
 * @file: the scenario
 * @sets: NULL-terminated assignments to apply in order (--set, and --vary
 *	already through sim_sweep_vary())
 * @mode: batch or reference
 * @command: the command line, recorded in sweep.ini
 * @error: SIM_SCENARIO_ERROR for a bad scenario or assignment
 *
 * Return: the sweep with every point checked, or NULL.
 */
struct sim_sweep *sim_sweep_new(const char *file, const char *const *sets,
				enum sim_mode mode, const char *command,
				GError **error)
{
	g_autoptr(sim_sweep) sw = sweep_alloc();

	/* absolute: jobs run from anywhere find the scenario's files */
	sw->file = g_canonicalize_filename(file, NULL);
	sw->mode = mode;
	sw->command = g_strdup(command);
	for (guint i = 0; sets && sets[i]; i++)
		g_ptr_array_add(sw->sets, g_strdup(sets[i]));
	if (!sweep_load(sw, file, error))
		return NULL;
	/* the loader has read it; a vanished file is its error */
	if (!g_file_get_contents(file, &sw->text, NULL, error))
		return NULL;
	return g_steal_pointer(&sw);
}

/* A SIM_SWEEP_ERROR_DIR error; returns FALSE. */
#define dir_error(error, ...) \
	sim_error(error, SIM_SWEEP_ERROR, SIM_SWEEP_ERROR_DIR, __VA_ARGS__)

/**
 * sim_sweep_open() - the sweep a directory holds (for jobs, --collect).
 * @dir: a directory sim_sweep_prepare() made
 * @error: SIM_SWEEP_ERROR_DIR, or the scenario's error
 *
 * Return: the sweep, its ->dir set, or NULL.
 */
struct sim_sweep *sim_sweep_open(const char *dir, GError **error)
{
	g_autoptr(sim_sweep) sw = sweep_alloc();
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) err = NULL;
	g_autofree char *ini = g_build_filename(dir, "sweep.ini", NULL);
	g_autofree char *copy = g_build_filename(dir, "scenario.ini", NULL);
	g_autofree char *mode = NULL;
	g_auto(GStrv) sets = NULL;

	if (!g_key_file_load_from_file(kf, ini, G_KEY_FILE_NONE, &err))
		return dir_error(error, "%s: not a sweep directory (%s)", dir,
				 err->message), NULL;
	sw->dir = g_strdup(dir);
	sw->name = g_key_file_get_string(kf, GROUP, "scenario", NULL);
	sw->file = g_key_file_get_string(kf, GROUP, "file", NULL);
	sw->command = g_key_file_get_string(kf, GROUP, "command", NULL);
	mode = g_key_file_get_string(kf, GROUP, "mode", NULL);
	sets = g_key_file_get_string_list(kf, GROUP, "set", NULL, NULL);
	if (!sw->name || !sw->file || !mode)
		return dir_error(error, "%s: [sweep] needs scenario, file and "
				 "mode", ini), NULL;
	sw->mode = strcmp(mode, "reference") == 0 ? SIM_MODE_REFERENCE
						  : SIM_MODE_BATCH;
	/* absent in directories made before --detail: none kept */
	sw->detail = g_key_file_get_boolean(kf, GROUP, "detail", NULL);
	for (guint i = 0; sets && sets[i]; i++)
		g_ptr_array_add(sw->sets, g_strdup(sets[i]));
	if (!g_file_get_contents(copy, &sw->text, NULL, error))
		return NULL;
	if (!sweep_load(sw, copy, error))
		return NULL;
	return g_steal_pointer(&sw);
}

/* "a=1;2 b=3" for messages: the assignments, a space apart */
static char *join_sets(GPtrArray *sets)
{
	g_autoptr(GString) s = g_string_new(NULL);

	for (guint i = 0; i < sets->len; i++)
		g_string_append_printf(s, "%s%s", i ? " " : "",
				       (char *)sets->pdata[i]);
	return g_string_free(g_steal_pointer(&s), FALSE);
}

/* The directory is this sweep's: same scenario text, sets and mode. */
static gboolean check_same(struct sim_sweep *sw, const char *ini,
			   GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) err = NULL;
	g_autofree char *copy = g_build_filename(sw->dir, "scenario.ini",
						 NULL);
	g_autofree char *text = NULL;
	g_autofree char *mode = NULL;
	g_autofree char *rev = NULL;
	g_auto(GStrv) sets = NULL;
	g_autoptr(GPtrArray) old = g_ptr_array_new();
	g_autofree char *a = NULL, *b = NULL;
	gboolean same;

	if (!g_key_file_load_from_file(kf, ini, G_KEY_FILE_NONE, &err))
		return dir_error(error, "%s: %s", ini, err->message);
	if (!g_file_get_contents(copy, &text, NULL, &err))
		return dir_error(error, "%s: %s", copy, err->message);
	if (strcmp(text, sw->text) != 0)
		return dir_error(error, "%s: the scenario differs from %s, "
				 "so this directory holds another sweep "
				 "(give another --out)", copy, sw->file);
	sets = g_key_file_get_string_list(kf, GROUP, "set", NULL, NULL);
	for (guint i = 0; sets && sets[i]; i++)
		g_ptr_array_add(old, sets[i]);
	same = old->len == sw->sets->len;
	for (guint i = 0; same && i < old->len; i++)
		same = strcmp(old->pdata[i], sw->sets->pdata[i]) == 0;
	if (!same) {
		a = join_sets(old);
		b = join_sets(sw->sets);
		return dir_error(error, "%s: set: the varied and set keys "
				 "differ: the directory has \"%s\", this "
				 "sweep \"%s\" (give another --out)", ini, a,
				 b);
	}
	mode = g_key_file_get_string(kf, GROUP, "mode", NULL);
	if (g_strcmp0(mode, sw->mode == SIM_MODE_REFERENCE ? "reference"
							   : "batch") != 0)
		return dir_error(error, "%s: mode: the directory's sweep ran "
				 "in %s mode", ini, mode ? mode : "no");
	if (g_key_file_get_boolean(kf, GROUP, "detail", NULL) != sw->detail)
		return dir_error(error, "%s: detail: the directory's sweep was "
				 "started %s --detail, so its points %s their "
				 "detail tables (give another --out)", ini,
				 sw->detail ? "without" : "with",
				 sw->detail ? "lack" : "keep");
	rev = g_key_file_get_string(kf, GROUP, "revision", NULL);
	if (g_strcmp0(rev, sw->revision) != 0)
		sw->warning = g_strdup_printf("%s: started by napisim %s, "
					      "resumed by %s: points from "
					      "both are mixed", sw->dir,
					      rev ? rev : "(unknown)",
					      sw->revision);
	return TRUE;
}

static gboolean write_text(const char *path, const char *text,
			   GError **error)
{
	return sim_write_file(path, text, strlen(text), error);
}

/* A new sweep directory: scenario.ini, then sweep.ini (which marks it). */
static gboolean write_spec(struct sim_sweep *sw, const char *ini,
			   GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autofree char *copy = g_build_filename(sw->dir, "scenario.ini",
						 NULL);
	g_autofree char *text = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree char *when = g_date_time_format_iso8601(now);

	g_key_file_set_string(kf, GROUP, "scenario", sw->name);
	g_key_file_set_string(kf, GROUP, "file", sw->file);
	g_key_file_set_string(kf, GROUP, "mode",
			      sw->mode == SIM_MODE_REFERENCE ? "reference"
							     : "batch");
	g_key_file_set_string_list(kf, GROUP, "set",
				   (const char *const *)sw->sets->pdata,
				   sw->sets->len);
	g_key_file_set_boolean(kf, GROUP, "detail", sw->detail);
	g_key_file_set_integer(kf, GROUP, "points", sw->n);
	g_key_file_set_string(kf, GROUP, "command",
			      sw->command ? sw->command : "");
	g_key_file_set_string(kf, GROUP, "version", PACKAGE_VERSION);
	g_key_file_set_string(kf, GROUP, "revision", sw->revision);
	g_key_file_set_string(kf, GROUP, "started", when);
	text = g_key_file_to_data(kf, NULL, NULL);
	return write_text(copy, sw->text, error) &&
	       write_text(ini, text, error);
}

/*
 * Hold DIR/.lock, so two sweeps never run in one directory.  The children
 * that simulate points inherit the descriptor across fork() but close it
 * first thing (sim/cli/runner.c), so a sweep killed with kill -9 frees
 * its directory at once, whatever its children do.
 */
static gboolean take_lock(struct sim_sweep *sw, GError **error)
{
	g_autofree char *path = g_build_filename(sw->dir, ".lock", NULL);

	sw->lock_fd = g_open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
			     0666);
	if (sw->lock_fd < 0)
		return sim_file_error(error, path, errno);
	if (flock(sw->lock_fd, LOCK_EX | LOCK_NB) < 0)
		return sim_error(error, SIM_SWEEP_ERROR, SIM_SWEEP_ERROR_BUSY,
				 "%s: another napisim sweep is running in "
				 "this directory", sw->dir);
	return TRUE;
}

/*
 * The temporaries sim_write_file() makes of a point file (or a point's
 * detail file), "NNNNNN.tsv." and six more characters; nothing else in
 * points/ or detail/ is ours to remove.
 */
static gboolean is_point_temporary(const char *name)
{
	return strlen(name) == 17 && strspn(name, "0123456789") == 6 &&
	       strncmp(name + 6, ".tsv.", 5) == 0;
}

/*
 * Remove the temporaries of point files a killed sweep was writing.  The
 * directory is opened without following a symbolic link, and only
 * regular files of that name are removed: cleaning must never reach
 * into a directory that points/ was replaced by.
 */
static void remove_temporaries(const char *points)
{
	int fd = g_open(points, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			O_CLOEXEC, 0);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d))) {
		struct stat st;

		if (is_point_temporary(e->d_name) &&
		    fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode))
			unlinkat(fd, e->d_name, 0);
	}
	closedir(d);
}

/*
 * Nothing in @dir but what a start that stopped before sweep.ini was
 * written leaves: dot files (the lock), scenario.ini (written first) and
 * the temporaries of either.  So a sweep that failed to write sweep.ini
 * (a full disk) can be started again in the same directory.
 */
static gboolean dir_is_fresh(const char *dir)
{
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d)))
		if (name[0] != '.' && strcmp(name, "scenario.ini") != 0 &&
		    !g_str_has_prefix(name, "scenario.ini.") &&
		    !g_str_has_prefix(name, "sweep.ini."))
			return FALSE;
	return TRUE;
}

/**
 * sim_sweep_prepare() - make @dir this sweep's directory, or check that
 * it already is.
 * @sw: sweep
 * @dir: directory (created with its parents if missing)
 * @lock: hold an exclusive lock on it until sim_sweep_free(), and remove
 *	temporary files a killed sweep left
 * @error: SIM_SWEEP_ERROR_DIR when @dir holds another sweep or a
 *	different scenario or assignments; SIM_SWEEP_ERROR_BUSY when another
 *	napisim holds its lock; G_FILE_ERROR
 *
 * Return: TRUE on success.
 */
gboolean sim_sweep_prepare(struct sim_sweep *sw, const char *dir,
			   gboolean lock, GError **error)
{
	g_autofree char *ini = g_build_filename(dir, "sweep.ini", NULL);
	g_autofree char *points = g_build_filename(dir, "points", NULL);
	g_autofree char *logs = g_build_filename(dir, "logs", NULL);
	g_autofree char *detail = g_build_filename(dir, "detail", NULL);

	g_free(sw->dir);
	sw->dir = g_strdup(dir);
	if (!sim_make_dir(dir, error))
		return FALSE;
	if (lock && !take_lock(sw, error))
		return FALSE;
	if (g_file_test(ini, G_FILE_TEST_EXISTS)) {
		if (!check_same(sw, ini, error))
			return FALSE;
	} else if (!dir_is_fresh(dir)) {
		return dir_error(error, "%s: not empty and not a sweep "
				 "directory (no sweep.ini)", dir);
	} else if (!write_spec(sw, ini, error)) {
		return FALSE;
	}
	if (!sim_make_dir(points, error) || !sim_make_dir(logs, error) ||
	    (sw->detail && !sim_make_dir(detail, error)))
		return FALSE;
	if (lock) {
		remove_temporaries(points);
		remove_temporaries(detail);
	}
	return TRUE;
}

/**
 * sim_sweep_point_file() - the file of a finished point.
 * @sw: sweep, prepared
 * @index: point
 *
 * Return: DIR/points/NNNNNN.tsv (free with g_free()).
 */
char *sim_sweep_point_file(const struct sim_sweep *sw, guint index)
{
	g_autofree char *name = g_strdup_printf("%06u.tsv", index);

	return g_build_filename(sw->dir, "points", name, NULL);
}

/**
 * sim_sweep_detail_file() - the detail tables of a finished point.
 * @sw: sweep, prepared
 * @index: point
 *
 * Return: DIR/detail/NNNNNN.tsv (free with g_free()).
 */
char *sim_sweep_detail_file(const struct sim_sweep *sw, guint index)
{
	g_autofree char *name = g_strdup_printf("%06u.tsv", index);

	return g_build_filename(sw->dir, "detail", name, NULL);
}

/*
 * DIR/detail/NNNNNN.tsv: @tables, each row marked with the point's index
 * and varied keys, as napisim run --detail writes them.
 */
static gboolean save_detail(const struct sim_sweep *sw,
			    const struct sim_point *p, GPtrArray *tables,
			    GError **error)
{
	g_autofree char *path = sim_sweep_detail_file(sw, p->index);
	g_autoptr(GPtrArray) points = g_ptr_array_new();
	g_autoptr(GPtrArray) none = g_ptr_array_new();
	g_autoptr(sim_row) id = sim_row_new();
	struct sim_report d = { .row = id, .tables = tables ? tables : none };

	sim_row_add_u64(id, "point", p->index);
	sim_point_add_keys(id, p);
	g_ptr_array_add(points, &d);
	return sim_detail_write(points, NULL, SIM_FORMAT_TSV, path, error);
}

static char *log_file(const struct sim_sweep *sw, guint index)
{
	g_autofree char *name = g_strdup_printf("%06u.log", index);

	return g_build_filename(sw->dir, "logs", name, NULL);
}

/**
 * sim_sweep_done() - whether a point is done.
 * @sw: sweep, prepared
 * @index: point
 *
 * Return: TRUE iff its point file exists.
 */
gboolean sim_sweep_done(const struct sim_sweep *sw, guint index)
{
	g_autofree char *path = sim_sweep_point_file(sw, index);

	return g_file_test(path, G_FILE_TEST_EXISTS);
}

/**
 * sim_sweep_save() - record how a point ended.
 * @sw: sweep, prepared
 * @p: the point
 * @row: its results, written to its point file atomically; or NULL
 * @tables: with @row, its detail tables, written to its detail file
 *	first when @sw keeps them; may be NULL
 * @why: when @row is NULL, the reason, written to logs/NNNNNN.log
 * @error: G_FILE_ERROR
 *
 * The detail file comes first: a point is done when its point file
 * exists, and a done point of a sweep that keeps its detail has it.
 *
 * Return: TRUE on success.
 */
gboolean sim_sweep_save(const struct sim_sweep *sw,
			const struct sim_point *p, const struct sim_row *row,
			GPtrArray *tables,
			const char *why, GError **error)
{
	guint index = p->index;
	g_autofree char *path = sim_sweep_point_file(sw, index);
	g_autofree char *log = log_file(sw, index);
	g_autofree char *label = sim_point_label(p);
	g_autoptr(GPtrArray) rows = g_ptr_array_new();
	g_autofree char *text = NULL;

	if (!row) {
		text = g_strdup_printf("point %u (%s)\n%s\n", index, label,
				       why ? why : "failed");
		return write_text(log, text, error);
	}
	if (sw->detail && !save_detail(sw, p, tables, error))
		return FALSE;
	/* its file's name says which point it is; sweep.ini says the rest */
	g_ptr_array_add(rows, (gpointer)row);
	if (!sim_output_write(rows, NULL, SIM_FORMAT_TSV, path, error))
		return FALSE;
	g_unlink(log);
	return TRUE;
}

/*
 * Add @names to the @all columns, each new one after the column it
 * follows in @names, so a point with more CPUs puts its cpu1_* columns
 * beside cpu0_*.
 */
static void merge_columns(GPtrArray *all, GPtrArray *names)
{
	for (guint j = 0; j < names->len; j++) {
		guint at = 0;

		if (g_ptr_array_find_with_equal_func(all, names->pdata[j],
						     g_str_equal, NULL))
			continue;
		if (j > 0 &&
		    g_ptr_array_find_with_equal_func(all, names->pdata[j - 1],
						     g_str_equal, &at))
			at++;
		g_ptr_array_insert(all, at, names->pdata[j]);
	}
}

/* The points.tsv header: the run's, plus where and how many. */
static gboolean collect_meta(const struct sim_sweep *sw, struct sim_tsv *out,
			     guint missing, GError **error)
{
	g_autoptr(GPtrArray) meta = NULL;
	g_autofree char *n = g_strdup_printf("%u", sw->n);
	g_autofree char *m = g_strdup_printf("%u", missing);
	struct sim_point *p0 = sim_scenario_point(sw->sc, 0, error);

	if (!p0)
		return FALSE;
	meta = sim_result_meta(sw->sc, p0, sw->mode);
	sim_point_free(p0);

	for (guint i = 0; i + 1 < meta->len; i += 2) {
		const char *k = meta->pdata[i];

		sim_tsv_add_meta(out, k, strcmp(k, "file") == 0
					 ? sw->file : meta->pdata[i + 1]);
	}
	sim_tsv_add_meta(out, "revision", sw->revision);
	sim_tsv_add_meta(out, "points", n);
	if (missing)
		sim_tsv_add_meta(out, "missing", m);
	return TRUE;
}

/**
 * sim_sweep_collect() - rebuild DIR/points.tsv from the point files.
 * @sw: sweep, prepared or opened
 * @missing: set to the number of points without a file
 * @error: SIM_SWEEP_ERROR_POINT for an unusable point file, G_FILE_ERROR
 *
 * Return: TRUE on success.
 */
gboolean sim_sweep_collect(const struct sim_sweep *sw, guint *missing,
			   GError **error)
{
	g_autoptr(GPtrArray) tables =
		g_ptr_array_new_with_free_func((GDestroyNotify)sim_tsv_free);
	g_autoptr(GPtrArray) all = g_ptr_array_new();
	g_autoptr(sim_tsv) out = NULL;
	g_autofree char *path = g_build_filename(sw->dir, "points.tsv", NULL);

	*missing = 0;
	for (guint i = 0; i < sw->n; i++) {
		g_autofree char *file = sim_sweep_point_file(sw, i);
		struct sim_tsv *t;

		if (!g_file_test(file, G_FILE_TEST_EXISTS)) {
			(*missing)++;
			continue;
		}
		t = sim_tsv_read(file, error);
		if (!t)
			return FALSE;
		if (t->rows->len != 1) {
			g_set_error(error, SIM_SWEEP_ERROR,
				    SIM_SWEEP_ERROR_POINT, "%s: %u rows, "
				    "expected one (remove the file to run "
				    "the point again)", file, t->rows->len);
			sim_tsv_free(t);
			return FALSE;
		}
		g_ptr_array_add(tables, t);
		merge_columns(all, t->names);
	}

	g_ptr_array_add(all, NULL);
	out = sim_tsv_new((const char *const *)all->pdata);
	if (!collect_meta(sw, out, *missing, error))
		return FALSE;
	for (guint i = 0; i < tables->len; i++) {
		const struct sim_tsv *t = tables->pdata[i];
		char **cells = t->rows->pdata[0];
		g_autofree const char **row = g_new0(const char *,
						     out->names->len + 1);

		for (guint c = 0; c < out->names->len; c++) {
			int k = sim_tsv_column(t, out->names->pdata[c]);

			row[c] = k >= 0 ? cells[k] : "";
		}
		sim_tsv_add_row(out, row);
	}
	return sim_tsv_write(out, path, error);
}

/* ---------------------------------------------------------------- jobs */

/**
 * sim_sweep_emit_jobs() - write one shell command per unfinished point.
 * @sw: sweep, prepared
 * @napisim: the napisim binary to call (an absolute path)
 * @file: the job list, written atomically
 * @count: set to the number of commands written
 * @error: G_FILE_ERROR; SIM_SWEEP_ERROR_DIR when the binary's or the
 *	directory's path holds a control character
 *
 * Return: TRUE on success.
 */
gboolean sim_sweep_emit_jobs(const struct sim_sweep *sw, const char *napisim,
			     const char *file, guint *count, GError **error)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autofree char *dir = g_canonicalize_filename(sw->dir, NULL);
	g_autofree char *q_bin = g_shell_quote(napisim);
	g_autofree char *q_dir = g_shell_quote(dir);

	/* quoting keeps a line one command, but not one line */
	if (sim_has_control(dir) || sim_has_control(napisim))
		return dir_error(error, "%s: a control character in a path "
				 "would break the job list",
				 sim_has_control(dir) ? sw->dir : napisim);
	*count = 0;
	for (guint i = 0; i < sw->n; i++) {
		if (sim_sweep_done(sw, i))
			continue;
		g_string_append_printf(out, "%s sweep --out %s --only-point "
				       "%u\n", q_bin, q_dir, i);
		(*count)++;
	}
	return write_text(file, out->str, error);
}

/* @s for a comment line: control characters become '?'. */
static char *comment_text(const char *s)
{
	char *t = g_strdup(s);

	for (char *c = t; *c; c++)
		if ((guchar)*c < 0x20 || *c == 0x7f)
			*c = '?';
	return t;
}

/* A path sbatch reads as it is written in a directive: no blank, no '%'. */
#define SBATCH_PATH SAFE_CHARS "/"

/**
 * sim_sweep_emit_slurm() - write a Slurm job-array script.
 * @sw: sweep, prepared
 * @jobs: a job list from sim_sweep_emit_jobs() with @count lines
 * @count: array tasks (at least 1)
 * @file: the script, written atomically
 * @error: G_FILE_ERROR
 *
 * Nothing from the user reaches the shell unquoted: the paths the
 * script uses are single-quoted assignments; the comments get no line
 * breaks; the job name is the safe_name() of the scenario; and the
 * #SBATCH --output path, which sbatch reads itself, is given only when
 * it has no other characters (else Slurm's default, slurm-%A_%a.out in
 * the directory sbatch runs in).
 *
 * Return: TRUE on success.
 */
gboolean sim_sweep_emit_slurm(const struct sim_sweep *sw, const char *jobs,
			      guint count, const char *file, GError **error)
{
	g_autofree char *dir = g_canonicalize_filename(sw->dir, NULL);
	g_autofree char *list = g_canonicalize_filename(jobs, NULL);
	g_autofree char *log = g_build_filename(dir, "logs",
						"slurm-%A_%a.out", NULL);
	g_autofree char *q_list = g_shell_quote(list);
	g_autofree char *c_name = comment_text(sw->name);
	g_autofree char *c_file = comment_text(file);
	g_autofree char *c_dir = comment_text(dir);
	g_autofree char *job_name = safe_name(sw->name);
	g_autofree char *output = NULL;
	g_autofree char *text = NULL;

	g_return_val_if_fail(count > 0, FALSE);
	if (strspn(dir, SBATCH_PATH) == strlen(dir))
		output = g_strdup_printf("#SBATCH --output=%s\n", log);
	else
		output = g_strdup_printf("# (%s/logs/ has characters sbatch "
					 "would misread: output goes to "
					 "Slurm's default file)\n", c_dir);
	text = g_strdup_printf(
		"#!/bin/sh\n"
		"# napisim sweep of %s: one array task per point.\n"
		"# Submit with: sbatch %s\n"
		"# then, when every task is done: napisim sweep --collect %s\n"
		"#SBATCH --job-name=napisim-%s\n"
		"#SBATCH --array=0-%u\n"
		"#SBATCH --ntasks=1\n"
		"#SBATCH --cpus-per-task=1\n"
		"%s"
		"set -eu\n"
		"jobs=%s\n"
		"line=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" \"$jobs\")\n"
		"[ -n \"$line\" ] || { echo \"no job $SLURM_ARRAY_TASK_ID "
		"in $jobs\" >&2; exit 1; }\n"
		"exec sh -c \"$line\"\n",
		c_name, c_file, c_dir, job_name, count - 1, output, q_list);
	if (!write_text(file, text, error))
		return FALSE;
	if (g_chmod(file, 0755) < 0)
		return sim_file_error(error, file, errno);
	return TRUE;
}

/**
 * sim_sweep_free() - free a sweep and release its directory's lock.
 * @sw: sweep, or NULL
 */
void sim_sweep_free(struct sim_sweep *sw)
{
	if (!sw)
		return;
	if (sw->lock_fd >= 0)
		close(sw->lock_fd);
	sim_scenario_free(sw->sc);
	g_ptr_array_unref(sw->sets);
	g_array_unref(sw->invalid);
	g_free(sw->dir);
	g_free(sw->file);
	g_free(sw->text);
	g_free(sw->name);
	g_free(sw->command);
	g_free(sw->revision);
	g_free(sw->warning);
	g_free(sw);
}
