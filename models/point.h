/*
 * models/point.h - simulate one point: what the commands (sim/cli/) ask
 * of the models.
 */
#ifndef MODELS_POINT_H
#define MODELS_POINT_H

#include <glib.h>

struct sim_point;
struct sim_row;

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
 * machine_run_point() - simulate @p and fill @row with its results.
 * @p: resolved point
 * @mode: batch or reference
 * @row: output row; the caller has already added the varied-key columns
 * @error: set when the simulation cannot start (machine_check_point()
 *	fails, or SimGrid refused the platform)
 *
 * SimGrid's engine can be initialised once per process, so callers run
 * each point in its own process (see sim/cli/runner.c).
 *
 * Return: TRUE on success.
 */
gboolean machine_run_point(const struct sim_point *p, enum sim_mode mode,
		       struct sim_row *row, GError **error);

#endif /* MODELS_POINT_H */
