/*
 * models/mitigation/policy_threaded.c - threaded NAPI.
 *
 * NAPI_STATE_THREADED: ____napi_schedule() wakes the NAPI's kthread
 * (napi/<dev>-<id>) instead of raising NET_RX; the kthread polls with the
 * NAPI's weight until a poll ends under it, with no netdev_budget, no
 * time limit and no ksoftirqd: fairness is the scheduler's
 * (models/core/napi_kthread.c).  Completion follows napi_complete_done()'s
 * deferral rule, which the kernel applies to a threaded NAPI as to any
 * other: with napi_defer_hard_irqs and gro_flush_timeout set, the NAPI
 * hrtimer wakes the kthread instead of the IRQ (policy_defer.c).
 */
#include "config.h"

#include "sim/config/param.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/core/napi_kthread.h"
#include "models/core/netdevice.h"
#include "models/mitigation/mitigation.h"

/*
 * echo 1 > /sys/class/net/<dev>/threaded: a kthread per NAPI, pinned to
 * thread_cpu, to its NAPI's interrupt CPU (taskset, as tuning guides
 * advise), or left unbound as the kernel creates it (kthread_run(): any
 * CPU, placed by the scheduler at each wakeup; it starts on the
 * interrupt CPU).
 */
static void threaded_setup_napi(struct rx_mitigation *mit, struct machine *m,
				struct napi_struct *n)
{
	const struct mitigation_cfg *cfg = mit->cfg;
	uint32_t cpu = cfg->thread_affinity == THREAD_AFFINITY_PINNED ?
		       cfg->thread_cpu : n->timer.cpu->id;

	napi_kthread_create(m, n, cpu, cfg->thread_nice);
	if (cfg->thread_affinity == THREAD_AFFINITY_ANY)
		n->thread->cpus_allowed = sim_cpus_all(&m->sim);
}

static gboolean threaded_check_point(const struct mitigation_cfg *cfg,
				     const struct sim_point *p, GError **error)
{
	const struct cpu_cfg *cpu = sim_point_cfg(p, &cpu_model_ops);

	if (cfg->thread_cpu >= cpu->count) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "[mitigation] thread_cpu: %u is not a CPU ([cpu] count=%u)",
			    cfg->thread_cpu, cpu->count);
		return FALSE;
	}
	return TRUE;
}

const struct rx_mitigation_ops threaded_mitigation_ops = {
	.name = "threaded",
	.help = "a napi/<dev>-<id> kthread polls, scheduled as a task",
	.check_point = threaded_check_point,
	.setup_napi = threaded_setup_napi,
	.complete_done = napi_defer_complete_done,
};
