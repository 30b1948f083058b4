/*
 * sim/cli/runner.h - run a scenario's points, each in its own process.
 *
 * SimGrid's engine can be initialised only once per process, so every
 * point runs in a forked child that sends its report back through a pipe
 * as text (sim_report_serialize(): its row, and when asked its detail
 * tables).  `napisim run` and `napisim sweep` share this pool; they
 * differ in what they do with each finished point.
 */
#ifndef SIM_CLI_RUNNER_H
#define SIM_CLI_RUNNER_H

#include <stdbool.h>
#include <glib.h>

#include "models/point.h"

struct sim_point;
struct sim_report;
struct sim_row;
struct sim_scenario;

#define SIM_RUNNER_ERROR (sim_runner_error_quark())
GQuark sim_runner_error_quark(void);
enum sim_runner_error {
	SIM_RUNNER_ERROR_FAILED,	/* fork, pipe, a child that failed */
};

/**
 * struct sim_pool_ops - what the caller does as points end.
 * @done: point @p ended with report @r (the callee owns it: its row, and
 *	its detail tables if the pool was asked for them), or with @r NULL
 *	and @error saying why.  Return FALSE to stop: no more points start
 *	and the running ones are killed.
 * @tick: called after every start and end, and about once a second while
 *	points run, with the number running.  Return FALSE to stop.  May be
 *	NULL.
 */
struct sim_pool_ops {
	bool (*done)(void *data, const struct sim_point *p,
		     struct sim_report *r, const GError *error);
	bool (*tick)(void *data, guint running);
};

/**
 * sim_pool_run() - simulate points of @sc, at most @jobs at once.
 * @sc: scenario, its points checked by sim_points_check()
 * @indices: the points to run, in this order; NULL: 0 .. @n - 1
 * @n: how many
 * @mode: batch or reference
 * @jobs: processes at once, at least 1
 * @detail: bring each point's detail tables back too, not just its row
 * @ops: callbacks, called in the parent, in the order points end (of
 *	points that end together, in @indices order)
 * @data: their first argument
 * @error: SIM_RUNNER_ERROR when the pool itself failed (fork, pipe, poll)
 *
 * Each point is resolved when its process starts, and each process dies
 * with the caller (PR_SET_PDEATHSIG), even of kill -9.
 *
 * Return: FALSE if the pool failed; TRUE otherwise, also when a callback
 * stopped the run.
 */
gboolean sim_pool_run(struct sim_scenario *sc, const guint *indices, guint n,
		      enum sim_mode mode, guint jobs, bool detail,
		      const struct sim_pool_ops *ops, void *data,
		      GError **error);

/**
 * sim_points_check() - count the points of @sc and check each one
 * (models' ->check() and machine_check_point()), one at a time, so that
 * a point that starts cannot fail on its input.
 * @sc: scenario, after its --set overrides
 * @n: set to the number of points
 * @bad: NULL, and a point machine_check_point() refuses is an error; or
 *	an array that gets the index (guint) of each such point instead
 * @error: SIM_SCENARIO_ERROR, or the machine's error prefixed with the
 *	scenario's path and the point: "PATH: point N (KEYS): MESSAGE"
 *
 * Return: TRUE if every point (but those in @bad) can be simulated.
 */
gboolean sim_points_check(struct sim_scenario *sc, guint *n, GArray *bad,
			  GError **error);

/**
 * sim_point_add_keys() - append one column per varied key of @p to
 * @row, named "group.key" and typed like its param (what a result row
 * starts with).
 */
void sim_point_add_keys(struct sim_row *row, const struct sim_point *p);

/**
 * sim_point_label() - "traffic.size=60, traffic.rate_pps=890000".
 * Return: the point's varied keys and values ("" when none vary).
 */
char *sim_point_label(const struct sim_point *p);

/**
 * sim_point_seed() - the traffic seed of @p as text, for result headers.
 * Return: the seed, or NULL when it varies across points.
 */
char *sim_point_seed(const struct sim_point *p);

/** sim_point_cpus() - [cpu] count of point @p (0 when unknown). */
guint sim_point_cpus(const struct sim_point *p);

/**
 * sim_result_meta() - the metadata of a result file (FILE.meta, JSON's
 * "meta", the table's title).
 * Return: "key", "value", ... (scenario, description, file, seed, version,
 * mode), not NULL-terminated, so callers can add their own pairs.
 */
GPtrArray *sim_result_meta(const struct sim_scenario *sc,
			   const struct sim_point *p0, enum sim_mode mode);

/**
 * struct sim_progress - a progress line on stderr.
 * @tty: redraw one line in place (stderr is a terminal)
 * @plain: when not @tty, print one line per finished point
 * @total: points in the run, including @skipped
 * @skipped: points already done before the run started
 * @done: points finished in this run, @failed of them failed
 * @running: points being simulated now
 * @start: g_get_monotonic_time() at the start of the run
 * @shown: characters on the terminal line now
 */
struct sim_progress {
	bool tty, plain;
	guint total, skipped, done, failed, running;
	gint64 start;
	guint shown;
};

/** sim_progress_show() - redraw the line (tty only). */
void sim_progress_show(struct sim_progress *pr);

/**
 * sim_progress_point() - count one finished point and report it.
 * @pr: progress
 * @index: the point's index, from 0 as in point files and --only-point
 * @label: the point, for the plain line
 * @why: NULL if the point succeeded, else why it failed
 */
void sim_progress_point(struct sim_progress *pr, guint index,
			const char *label, const char *why);

/** sim_progress_clear() - erase the line (tty only). */
void sim_progress_clear(struct sim_progress *pr);

#endif /* SIM_CLI_RUNNER_H */
