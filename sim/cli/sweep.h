/*
 * sim/cli/sweep.h - sweeps: --vary expansion, the sweep directory, resuming,
 * job lists for GNU parallel and Slurm, and collecting their results.
 *
 * A sweep directory holds one sweep:
 *   sweep.ini        what defines the points (scenario name and file,
 *                    the --set/--vary assignments, mode), the command line,
 *                    napisim version and git revision
 *   scenario.ini     the scenario file, byte for byte
 *   points/NNNNNN.tsv one finished point each (written atomically); a
 *                    point is done iff its file exists
 *   detail/NNNNNN.tsv with --detail: the point's detail tables (written
 *                    before its point file, so a done point has them)
 *   logs/NNNNNN.log  why a point failed (removed when it later succeeds)
 *   points.tsv       every finished point, rebuilt from points/ (atomically):
 *                    plain TSV; points.tsv.meta beside it says what and how
 *   plots/           the default plots
 * Running the same sweep again with the same directory skips the points
 * already done; a different scenario or different assignments are refused.
 */
#ifndef SIM_CLI_SWEEP_H
#define SIM_CLI_SWEEP_H

#include <glib.h>

#include "models/point.h"

struct sim_point;
struct sim_row;
struct sim_scenario;

#define SIM_SWEEP_ERROR (sim_sweep_error_quark())
GQuark sim_sweep_error_quark(void);
enum sim_sweep_error {
	SIM_SWEEP_ERROR_VARY,		/* a malformed --vary */
	SIM_SWEEP_ERROR_DIR,		/* not this sweep's directory */
	SIM_SWEEP_ERROR_POINT,		/* a point file is unusable */
	SIM_SWEEP_ERROR_BUSY,		/* another sweep holds the directory */
};

/**
 * sim_sweep_expand() - the values of one --vary, as a scenario list.
 * @spec: "v1,v2,..." (taken as written), "START:STOP:STEP" (START,
 *	START+STEP, ... up to STOP) or "START:STOP:xFACTOR" (START,
 *	START*FACTOR, ... up to STOP).  Ranges print integers when START and
 *	STOP (and STEP) are written as integers, rounding geometric steps;
 *	otherwise up to 12 significant digits.
 * @error: SIM_SWEEP_ERROR_VARY saying what is wrong with @spec
 *
 * Return: "v1;v2;..." (free with g_free()), or NULL.
 */
char *sim_sweep_expand(const char *spec, GError **error);

/**
 * sim_sweep_vary() - turn "group.key=SPEC" into "group.key=v1;v2;...",
 * the --set assignment that makes the key a product axis.
 * Return: the assignment, or NULL with SIM_SWEEP_ERROR_VARY.
 */
char *sim_sweep_vary(const char *vary, GError **error);

/**
 * sim_sweep_default_dir() - results/runs/NAME-YYYYmmdd-HHMMSS, where a
 * sweep of scenario @name goes without --out; NAME keeps only letters,
 * digits and "._+-", and no leading '.', so it stays in results/runs/.
 * Return: the path (free with g_free()).
 */
char *sim_sweep_default_dir(const char *name);

/**
 * struct sim_sweep - one sweep and its directory.
 * @dir: the directory
 * @file: the scenario file as first given
 * @text: its contents
 * @name: the scenario's name
 * @sets: the assignments (--set as given, --vary expanded), in order
 * @mode: batch or reference
 * @detail: also keep each point's detail tables, in DIR/detail/ (part of
 *	what the directory holds: sweep.ini records it)
 * @command: the command line that started the sweep
 * @revision: `git describe` of the napisim that runs now
 * @sc: the scenario, after @sets
 * @n: its number of points (each checked; sim_scenario_point() makes one)
 * @invalid: the points machine_check_point() refuses (guint indices, in
 *	order): they cannot run as configured, and the others can
 * @warning: set by sim_sweep_prepare() when the directory was started by
 *	another napisim revision (the caller prints it), else NULL
 * @lock_fd: DIR/.lock while sim_sweep_prepare() holds it, else -1
 */
struct sim_sweep {
	char *dir;
	char *file;
	char *text;
	char *name;
	GPtrArray *sets;
	enum sim_mode mode;
	gboolean detail;
	char *command;
	char *revision;
	struct sim_scenario *sc;
	guint n;
	GArray *invalid;
	char *warning;
	int lock_fd;
};

/**
 * sim_sweep_new() - a sweep of a scenario file.
 * @file: the scenario
 * @sets: assignments to apply in order (--set, and --vary already
 *	through sim_sweep_vary())
 * @mode: batch or reference
 * @command: the command line, recorded in sweep.ini
 * @error: SIM_SCENARIO_ERROR for a bad scenario or assignment
 *
 * Return: the sweep with every point checked, or NULL.
 */
struct sim_sweep *sim_sweep_new(const char *file, const char *const *sets,
				enum sim_mode mode, const char *command,
				GError **error);

/**
 * sim_sweep_open() - the sweep a directory holds (for jobs, --collect).
 * @dir: a directory sim_sweep_prepare() made
 * @error: SIM_SWEEP_ERROR_DIR, or the scenario's error
 *
 * Return: the sweep, its ->dir set, or NULL.
 */
struct sim_sweep *sim_sweep_open(const char *dir, GError **error);

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
			   gboolean lock, GError **error);

/** sim_sweep_point_file() - DIR/points/NNNNNN.tsv of point @index. */
char *sim_sweep_point_file(const struct sim_sweep *sw, guint index);

/** sim_sweep_detail_file() - DIR/detail/NNNNNN.tsv of point @index. */
char *sim_sweep_detail_file(const struct sim_sweep *sw, guint index);

/** sim_sweep_done() - whether point @index has its file. */
gboolean sim_sweep_done(const struct sim_sweep *sw, guint index);

/**
 * sim_sweep_save() - record how point @p ended.
 * @sw: sweep
 * @p: the point
 * @row: its results, written to its point file atomically; or NULL
 * @tables: with @row, its detail tables (struct sim_table *); when the
 *	sweep keeps them (@sw->detail) they go to DIR/detail/NNNNNN.tsv
 *	first (sim_detail_write()); may be NULL
 * @why: when @row is NULL, the reason, written to logs/NNNNNN.log
 * @error: G_FILE_ERROR
 *
 * Return: TRUE on success.
 */
gboolean sim_sweep_save(const struct sim_sweep *sw,
			const struct sim_point *p, const struct sim_row *row,
			GPtrArray *tables,
			const char *why, GError **error);

/**
 * sim_sweep_collect() - rebuild DIR/points.tsv from the point files.
 * @sw: sweep
 * @missing: set to the number of points without a file
 * @error: SIM_SWEEP_ERROR_POINT for an unusable point file, G_FILE_ERROR
 *
 * Rows are in point order, one per finished point; columns are the union
 * of the points' columns (a point lacking one has an empty cell).
 *
 * Return: TRUE on success.
 */
gboolean sim_sweep_collect(const struct sim_sweep *sw, guint *missing,
			   GError **error);

/**
 * sim_sweep_emit_jobs() - write one shell command per unfinished point.
 * @sw: sweep, prepared
 * @napisim: the napisim binary to call (an absolute path)
 * @file: the job list
 * @count: set to the number of commands written
 * @error: G_FILE_ERROR; SIM_SWEEP_ERROR_DIR when a path holds a control
 *	character, which would break the one-command-per-line list
 *
 * Each line runs "napisim sweep --out DIR --only-point I", so it needs
 * napisim at the same path and DIR on a shared file system.
 *
 * Return: TRUE on success.
 */
gboolean sim_sweep_emit_jobs(const struct sim_sweep *sw, const char *napisim,
			     const char *file, guint *count, GError **error);

/**
 * sim_sweep_emit_slurm() - write a Slurm job-array script.
 * @sw: sweep, prepared
 * @jobs: a job list from sim_sweep_emit_jobs() with @count lines
 * @count: array tasks (at least 1)
 * @file: the script
 * @error: G_FILE_ERROR
 *
 * Task $SLURM_ARRAY_TASK_ID runs line ID+1 of @jobs.  Every value from
 * the user is quoted or cleaned, so the script runs nothing but that.
 *
 * Return: TRUE on success.
 */
gboolean sim_sweep_emit_slurm(const struct sim_sweep *sw, const char *jobs,
			      guint count, const char *file, GError **error);

void sim_sweep_free(struct sim_sweep *sw);

/* g_autoptr() needs a type name; only it uses this typedef */
typedef struct sim_sweep sim_sweep;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(sim_sweep, sim_sweep_free)

#endif /* SIM_CLI_SWEEP_H */
