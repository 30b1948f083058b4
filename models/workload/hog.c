/*
 * models/workload/hog.c - a CPU hog ([hog] enabled): a task that never
 * sleeps while the load lasts, a batch job sharing a CPU with ksoftirqd
 * or the application.  It stops after the last arrival, so that the run
 * ends.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/core/sched.h"
#include "models/workload/hog.h"

struct hog {
	struct task_struct task;	/* first: the task is the hog */
	struct machine *m;
};

static void hog_loop(struct sim_ctx *task);

static void hog_loop_done(struct sim_ctx *task)
{
	hog_loop(task);
}

static void hog_loop(struct sim_ctx *task)
{
	struct hog *hog = task->data;

	if (sim_task_cond_resched(task))
		return;
	/* the batch job ends with the offered load, so the run can end:
	 * once the last frame has reached the devices (their lazy input
	 * brought to now first, so both modes see the same thing) */
	if (machine_load_done(hog->m, task->cpu->now)) {
		sim_task_sleep(task);
		return;
	}
	/* 10 us of work per step, between checks of need_resched */
	sim_ctx_step(task, 10ULL * task->cpu->mhz, hog_loop_done);
}

/* ---------------------------------------------------------------- model */

static void *hog_create(struct machine *m, const void *p,
			GError **error G_GNUC_UNUSED)
{
	const struct hog_cfg *cfg = p;
	struct hog *hog;

	if (!cfg->enabled)
		return NULL;
	hog = g_new0(struct hog, 1);
	hog->m = m;
	task_init(&hog->task, m, cfg->cpu, "hog", "hog", hog_loop, hog,
		  cfg->nice);
	return hog;
}

static void hog_start(void *p)
{
	struct hog *hog = p;

	sim_task_wake(&hog->task.ctx, hog->task.ctx.cpu, 0);
}

static void hog_destroy(void *p)
{
	g_free(p);
}

static gboolean hog_check_point(const struct sim_point *p, GError **error)
{
	const struct hog_cfg *hog = sim_point_cfg(p, &hog_model_ops);
	const struct cpu_cfg *cpu = sim_point_cfg(p, &cpu_model_ops);

	if (hog->enabled && hog->cpu >= cpu->count) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "[hog] cpu: %u is not a CPU ([cpu] count=%u)",
			    hog->cpu, cpu->count);
		return FALSE;
	}
	return TRUE;
}

/* ---------------------------------------------------------------- params */

#define S struct hog_cfg
static const struct sim_param hog_params[] = {
	SIM_PARAM_BOOL(S, enabled, "enabled", 0, "run a CPU-bound task that never sleeps (a batch job)"),
	SIM_PARAM_U32(S, cpu, "cpu", 0, 0, 63, "", "CPU the hog is pinned to"),
	SIM_PARAM_S32(S, nice, "nice", 0, -20, 19, "", "nice value of the hog"),
	{ }
};
#undef S

static const char *const hog_accounts[] = { "hog", NULL };

const struct sim_model_ops hog_model_ops = {
	.name = "hog",
	.help = "[hog] a CPU-bound task competing with ksoftirqd and the application",
	.params = hog_params,
	.cfg_size = sizeof(struct hog_cfg),
	.check_point = hog_check_point,
	.accounts = hog_accounts,
	.create = hog_create,
	.start = hog_start,
	.destroy = hog_destroy,
};
