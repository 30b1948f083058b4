/*
 * models/core/sched.c - [kernel]: HZ, tasks, and the task scheduler.
 *
 * The engine's dispatcher (sim/engine/cpu.c) runs hardirq before softirq
 * before tasks and asks a scheduling class which task runs.  This is that
 * class.
 *
 * MODEL: the task scheduler is CFS (kernel/sched/fair.c before EEVDF,
 * v6.5) reduced to one run queue per CPU: the runnable task with the least
 * vruntime (runtime scaled by 1024 / load weight, the nice-to-weight
 * table) runs; while another task is runnable the running one is
 * preempted after a fixed sched_base_slice_us (CFS scales the slice by
 * weight; vruntime keeps the shares weighted either way); a waking task
 * is placed at no less than min_vruntime - sched_latency/2 (the
 * GENTLE_FAIR_SLEEPERS credit, place_entity()) and preempts the running
 * task if its vruntime is behind by more than the wakeup granularity
 * scaled to its weight (check_preempt_wakeup(), wakeup_preempt_entity()).
 * No group scheduling, no load balancing: a task stays on its CPU unless
 * it is moved (sim_task_migrate(): migrate_task_rq_fair() carries its
 * vruntime over to the new queue).
 *
 * HZ sets the jiffy that net_rx_action()'s netdev_budget_usecs and
 * handle_softirqs()'s MAX_SOFTIRQ_TIME are measured in.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/report.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/core/sched.h"
#include "models/core/tick.h"

/* sched_prio_to_weight[] of kernel/sched/core.c, nice -20..19 */
static const uint32_t nice_to_weight[40] = {
	88761, 71755, 56483, 46273, 36291,
	29154, 23254, 18705, 14949, 11916,
	9548, 7620, 6100, 4904, 3906,
	3121, 2501, 1991, 1586, 1277,
	1024, 820, 655, 526, 423,
	335, 272, 215, 172, 137,
	110, 87, 70, 56, 45,
	36, 29, 23, 18, 15,
};

#define CFS_RQ_MAX 8

/* one CPU's run queue */
struct cfs_rq {
	struct sim_cpu *cpu;
	struct task_struct *runq[CFS_RQ_MAX];	/* curr included */
	uint32_t nr;
	uint64_t min_vruntime;
	sim_time_t slice;		/* ps */
	sim_time_t wakeup_gran;		/* sysctl_sched_wakeup_granularity */
	sim_time_t sleeper_credit;	/* sched_latency / 2 */
	struct sim_event slice_ev;
};

struct sched {
	struct machine *m;
	struct cfs_rq *rq;		/* per CPU */
	struct tick *tick;
};

static struct task_struct *task_of(struct sim_ctx *ctx)
{
	return (struct task_struct *)ctx;
}

static struct cfs_rq *rq_of(const struct sim_cpu *cpu)
{
	return cpu->rq;
}

static void arm_slice(struct cfs_rq *rq)
{
	struct sim_cpu *cpu = rq->cpu;

	if (cpu->nr_running > 1 && cpu->curr_task &&
	    !sim_event_pending(&rq->slice_ev))
		sim_event_schedule(&cpu->sim->q, &rq->slice_ev,
				   cpu->now + rq->slice);
	else if (cpu->nr_running <= 1)
		sim_event_cancel(&cpu->sim->q, &rq->slice_ev);
}

static void slice_expired(struct sim_event *ev, sim_time_t now G_GNUC_UNUSED)
{
	struct cfs_rq *rq = ev->data;

	if (rq->cpu->nr_running > 1)
		sim_cpu_resched(rq->cpu);
}

/* update_min_vruntime(): monotonic, follows the least queued vruntime */
static void update_min_vruntime(struct cfs_rq *rq)
{
	uint64_t v = UINT64_MAX;

	for (uint32_t i = 0; i < rq->nr; i++)
		v = MIN(v, rq->runq[i]->vruntime);
	if (v != UINT64_MAX && v > rq->min_vruntime)
		rq->min_vruntime = v;
}

static void enqueue_task_fair(struct sim_ctx *ctx)
{
	struct task_struct *p = task_of(ctx);
	struct sim_cpu *cpu = ctx->cpu;
	struct cfs_rq *rq = rq_of(cpu);
	struct task_struct *curr;

	update_min_vruntime(rq);
	/* place_entity(): a sleeper gets at most sleeper_credit of credit */
	if (p->vruntime + rq->sleeper_credit < rq->min_vruntime)
		p->vruntime = rq->min_vruntime - rq->sleeper_credit;
	g_assert(rq->nr < CFS_RQ_MAX);
	rq->runq[rq->nr++] = p;
	curr = cpu->curr_task ? task_of(cpu->curr_task) : NULL;
	/* check_preempt_wakeup() */
	if (curr && rq->wakeup_gran && curr != p &&
	    curr->vruntime > p->vruntime &&
	    curr->vruntime - p->vruntime > rq->wakeup_gran * 1024 / p->weight)
		cpu->resched = true;
	arm_slice(rq);
}

static void dequeue_task_fair(struct sim_ctx *ctx)
{
	struct cfs_rq *rq = rq_of(ctx->cpu);
	struct task_struct *p = task_of(ctx);

	for (uint32_t i = 0; i < rq->nr; i++) {
		if (rq->runq[i] == p) {
			memmove(&rq->runq[i], &rq->runq[i + 1],
				(rq->nr - i - 1) * sizeof(p));
			rq->nr--;
			sim_event_cancel(&ctx->cpu->sim->q, &rq->slice_ev);
			return;
		}
	}
	g_assert_not_reached();
}

/* pick_next_task_fair(): the least vruntime, the earliest queued on ties */
static struct sim_ctx *pick_next_task_fair(struct sim_cpu *cpu)
{
	struct cfs_rq *rq = rq_of(cpu);
	struct task_struct *next = NULL;

	for (uint32_t i = 0; i < rq->nr; i++)
		if (!next || rq->runq[i]->vruntime < next->vruntime)
			next = rq->runq[i];
	return next ? &next->ctx : NULL;
}

static void set_next_task_fair(struct sim_cpu *cpu, struct sim_ctx *prev)
{
	struct cfs_rq *rq = rq_of(cpu);
	struct sim_ctx *next = cpu->curr_task;

	if (next != prev)
		sim_event_cancel(&cpu->sim->q, &rq->slice_ev);
	if (next && task_of(next)->vruntime > rq->min_vruntime)
		rq->min_vruntime = task_of(next)->vruntime;
	arm_slice(rq);
}

static void update_curr_fair(struct sim_ctx *ctx, sim_time_t ps)
{
	struct task_struct *p = task_of(ctx);
	uint64_t scaled = ps * 1024 + p->vruntime_rem;

	/* the remainder carries over: the same vruntime however the time
	 * was split into work items */
	p->vruntime += scaled / p->weight;
	p->vruntime_rem = scaled % p->weight;
}

/* migrate_task_rq_fair() of a sleeping task (pre-EEVDF): its vruntime
 * goes from the old queue's min_vruntime frame to the new one's */
static void migrate_task_rq_fair(struct sim_ctx *ctx, struct sim_cpu *from)
{
	struct task_struct *p = task_of(ctx);
	uint64_t old_min = rq_of(from)->min_vruntime;

	p->vruntime = (p->vruntime > old_min ? p->vruntime - old_min : 0) +
		      rq_of(ctx->cpu)->min_vruntime;
}

static const struct sim_sched_class fair_sched_class = {
	.name = "fair",
	.enqueue_task = enqueue_task_fair,
	.dequeue_task = dequeue_task_fair,
	.pick_next_task = pick_next_task_fair,
	.set_next_task = set_next_task_fair,
	.update_curr = update_curr_fair,
	.migrate_task_rq = migrate_task_rq_fair,
};

void task_init(struct task_struct *p, struct machine *m, uint32_t cpu,
	       const char *name, const char *acct, sim_ctx_fn entry,
	       void *data, int nice)
{
	g_assert(nice >= -20 && nice <= 19);
	memset(p, 0, sizeof(*p));
	sim_task_init(&p->ctx, &m->sim.cpu[cpu], name,
		      sim_acct_register(&m->sim, acct), entry, data);
	p->nice = nice;
	p->weight = nice_to_weight[nice + 20];
	g_ptr_array_add(m->tasks, p);
}

/* ---------------------------------------------------------------- model */

static void *sched_create(struct machine *m, const void *p,
			  GError **error G_GNUC_UNUSED)
{
	const struct sched_cfg *cfg = p;
	struct sched *s = g_new0(struct sched, 1);

	s->m = m;
	m->tick_ps = SIM_PS_PER_S / cfg->hz;
	m->hz = cfg->hz;
	s->rq = g_new0(struct cfs_rq, m->sim.ncpu);
	for (uint32_t i = 0; i < m->sim.ncpu; i++) {
		struct cfs_rq *rq = &s->rq[i];
		struct sim_cpu *cpu = &m->sim.cpu[i];

		rq->cpu = cpu;
		rq->slice = SIM_US(cfg->sched_base_slice_us);
		rq->wakeup_gran = SIM_US(cfg->sched_wakeup_granularity_us);
		rq->sleeper_credit = SIM_US(cfg->sched_latency_us) / 2;
		sim_event_init(&rq->slice_ev, "sched_slice",
			       SIM_PRIO_SCHED + i, slice_expired, rq, cpu);
		cpu->rq = rq;
	}
	m->sim.sched_class = &fair_sched_class;
	s->tick = tick_new(m, cfg->tick);
	return s;
}

static void sched_report(void *p, struct sim_report *r)
{
	struct sched *s = p;

	for (uint32_t i = 0; i < s->m->sim.ncpu; i++) {
		char id[16];
		struct sim_row *d;

		g_snprintf(id, sizeof(id), "%u", i);
		d = sim_report_object(r, "cpu", id);
		sim_row_add_u64(d, "ticks", tick_count(s->tick, i));
	}
}

static void sched_destroy(void *p)
{
	struct sched *s = p;

	tick_free(s->tick);
	g_free(s->rq);
	g_free(s);
}

/* ---------------------------------------------------------------- params */

#define S struct sched_cfg
static const struct sim_param sched_params[] = {
	SIM_PARAM_U32(S, hz, "hz", 1000, 100, 1000, "Hz", "CONFIG_HZ: jiffy length for budget and softirq time limits, and the tick's period"),
	SIM_PARAM_BOOL(S, tick, "tick", 1, "the periodic timer tick, a hardirq each jiffy on every busy CPU (stopped while idle: NO_HZ_IDLE); its irq_exit() runs pending softirqs"),
	SIM_PARAM_BOOL(S, ksoftirqd_running_defers, "ksoftirqd_running_defers", 0, "kernels before v6.5 (commit d15121be7485 reverted it): irq_exit() and local_bh_enable() leave pending softirqs to ksoftirqd while it is runnable (ksoftirqd_running())"),
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
	.create = sched_create,
	.report = sched_report,
	.destroy = sched_destroy,
};
