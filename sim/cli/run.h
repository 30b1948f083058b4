/*
 * sim/cli/run.h - simulate one point.
 */
#ifndef SIM_CLI_RUN_H
#define SIM_CLI_RUN_H

#include <glib.h>

struct sim_point;
struct sim_row;

enum sim_mode {
	SIM_MODE_BATCH,		/* default: NAPI-like batching, lazy arrivals */
	SIM_MODE_REFERENCE,	/* every work item and event through SimGrid */
};

/**
 * sim_run_point() - simulate @p and fill @row with its results.
 * @p: resolved point
 * @mode: batch or reference
 * @row: output row; the caller has already added the varied-key columns
 * @error: set when the simulation cannot start (SimGrid refused the
 *	platform, for instance)
 *
 * SimGrid's engine can be initialised once per process, so callers run
 * each point in its own process (see sim/cli/main.c).
 *
 * Return: TRUE on success.
 */
gboolean sim_run_point(const struct sim_point *p, enum sim_mode mode,
		       struct sim_row *row, GError **error);

#endif /* SIM_CLI_RUN_H */
