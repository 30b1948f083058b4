/*
 * models/point.h - simulate one point: what the commands (sim/cli/) ask
 * of the models.
 */
#ifndef MODELS_POINT_H
#define MODELS_POINT_H

#include <glib.h>

struct sim_point;
struct sim_report;

enum sim_mode {
	SIM_MODE_BATCH,		/* default: NAPI-like batching, lazy arrivals */
	SIM_MODE_REFERENCE,	/* every work item and event through SimGrid */
};

/**
 * machine_check_point() - the checks that no single scenario group can
 * make (a CPU named by one group and counted by another, a policy that
 * needs an application, ...), without simulating anything.
 * Return: FALSE with @error naming the groups and keys.
 */
gboolean machine_check_point(const struct sim_point *p, GError **error);

/**
 * machine_run_point() - simulate @p and fill @r with its results.
 * @p: resolved point
 * @mode: batch or reference
 * @r: output: the point's columns are appended to @r->row (to which the
 *	caller has already added the varied-key columns), and its detail
 *	tables (one row per CPU, queue, NAPI, task, flow, ...) to
 *	@r->tables
 * @error: set when the simulation cannot start (machine_check_point()
 *	fails, or SimGrid refused the platform)
 *
 * SimGrid's engine can be initialised once per process, so callers run
 * each point in its own process (see sim/cli/runner.c).
 *
 * Return: TRUE on success.
 */
gboolean machine_run_point(const struct sim_point *p, enum sim_mode mode,
			   struct sim_report *r, GError **error);

#endif /* MODELS_POINT_H */
