/*
 * models/core/sched.c - [kernel]: HZ and the task scheduler's time slice.
 *
 * The scheduler itself is sim/engine/cpu.c's dispatcher (hardirq > softirq >
 * tasks; tasks by CFS vruntime with a time slice, sleeper credit and
 * wakeup preemption).  HZ sets the jiffy that
 * net_rx_action()'s netdev_budget_usecs and handle_softirqs()'s
 * MAX_SOFTIRQ_TIME are measured in.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "models/models.h"
#include "models/cfg.h"

/* ---------------------------------------------------------------- params */

#define S struct sched_cfg
static const struct sim_param sched_params[] = {
	SIM_PARAM_U32(S, hz, "hz", 1000, 100, 1000, "Hz", "CONFIG_HZ: jiffy length for budget and softirq time limits"),
	SIM_PARAM_U32(S, sched_base_slice_us, "sched_base_slice_us", 3000, 100, 1e6, "us", "time slice of a runnable task while another waits (EEVDF base_slice scaled)"),
	SIM_PARAM_U32(S, sched_latency_us, "sched_latency_us", 6000, 0, 1e7, "us", "CFS sysctl_sched_latency: a waking sleeper is placed at min_vruntime - half of it (GENTLE_FAIR_SLEEPERS)"),
	SIM_PARAM_U32(S, sched_wakeup_granularity_us, "sched_wakeup_granularity_us", 1000, 0, 1e7, "us", "CFS sysctl_sched_wakeup_granularity: a waking task preempts the running one if its vruntime is behind by more than this (scaled to its weight); 0: no wakeup preemption"),
	{ }
};
#undef S

const struct sim_model_ops sched_model_ops = {
	.name = "kernel",
	.help = "[kernel] HZ and the task scheduler that ksoftirqd and application threads share",
	.params = sched_params,
	.cfg_size = sizeof(struct sched_cfg),
	.check = NULL,
};
