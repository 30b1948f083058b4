/*
 * models/core/softirq.c - handle_softirqs(), invoke_softirq() at irq exit,
 * ksoftirqd, and the per-CPU softnet_data they serve.
 *
 * Follows kernel/softirq.c (mainline ~6.16, non-RT):
 *
 * - On hardirq exit (a device, the NAPI hrtimer, the timer tick:
 *   models/core/tick.c), if softirqs are pending and the interrupted
 *   context was not already in softirq (serving, or BH disabled:
 *   in_interrupt()), handle_softirqs() runs inline, preempting whatever
 *   task ran.  Since v6.5 this happens even while ksoftirqd is runnable;
 *   [kernel] ksoftirqd_running_defers gives the older behaviour, which
 *   left them to a runnable ksoftirqd.
 * - handle_softirqs() restarts while work is pending, at most
 *   MAX_SOFTIRQ_RESTART passes, while jiffies is before the MAX_SOFTIRQ_TIME
 *   deadline and while no task needs the CPU (need_resched()); otherwise
 *   it wakes ksoftirqd and returns.
 * - ksoftirqd/N is a SCHED_OTHER task (nice ksoftirqd_nice, 0 by
 *   default, as an smpboot kthread) that runs handle_softirqs()
 *   with the same limits while work is pending, then cond_resched(), then
 *   sleeps; it competes with application tasks under the scheduler.
 * - local_bh_enable() from a task runs pending softirqs (do_softirq()).
 *
 * Only NET_RX is modelled; the other vectors are never pending.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/report.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/cost.h"
#include "models/core/backlog.h"
#include "models/core/napi.h"
#include "models/core/netdevice.h"
#include "models/core/sched.h"
#include "models/core/softirq.h"

struct softirq {
	struct machine *m;
	struct task_struct *ksoftirqd;	/* per CPU */
};

static void wakeup_softirqd(struct softnet_data *sd)
{
	if (!sd->ksoftirqd->active)
		sd->ksoftirqd_wakeups++;
	sim_task_wake(sd->ksoftirqd, sd->cpu, sd->cpu->now);
}

void __raise_softirq_irqoff(struct softnet_data *sd, uint32_t nr)
{
	sd->pending |= nr;
}

/*
 * ksoftirqd_running(): before v6.5, irq_exit() and do_softirq() left the
 * pending softirqs to ksoftirqd while it was runnable (NET_RX is not in
 * SOFTIRQ_NOW_MASK); commit d15121be7485 removed that.
 */
static bool ksoftirqd_running(const struct softnet_data *sd)
{
	return sd->ksoftirqd_running_defers && sd->ksoftirqd->active;
}

void local_bh_enable(struct softnet_data *sd)
{
	if (sd->pending && !sim_cpu_in_interrupt(sd->cpu) &&
	    !ksoftirqd_running(sd))
		sim_softirq_start(sd->cpu);
}

static void handle_softirqs_done(struct softnet_data *sd);
static void softirq_restart(struct softnet_data *sd);

/* end of one pass: restart, or hand over to ksoftirqd */
void softirq_handler_done(struct softnet_data *sd)
{
	struct sim_cpu *cpu = sd->cpu;

	if (sd->pending) {
		if (machine_jiffies(sd->m, cpu->now) < sd->end_jiffies &&
		    !sim_cpu_need_resched(cpu) && --sd->max_restart) {
			softirq_restart(sd);
			return;
		}
		wakeup_softirqd(sd);
	}
	handle_softirqs_done(sd);
}

static void softirq_pass(struct sim_ctx *ctx)
{
	struct softnet_data *sd = ctx->data;

	/* the handlers of the bits taken at the restart, lowest first */
	if (sd->running & NET_RX_SOFTIRQ) {
		sd->running &= ~NET_RX_SOFTIRQ;
		net_rx_action(sd);
		return;
	}
	softirq_handler_done(sd);
}

static void softirq_restart(struct softnet_data *sd)
{
	/* set_softirq_pending(0): what is raised from now on is for the
	 * next restart */
	sd->running = sd->pending;
	sd->pending = 0;
	sd->softirq_passes++;
	if (sd->ksirqd)
		sd->ksoftirqd_passes++;
	sim_ctx_step(sd->ctx, sd->m->cost->softirq_entry, softirq_pass);
}

static void handle_softirqs(struct softnet_data *sd, struct sim_ctx *ctx,
			    bool ksirqd)
{
	const struct machine *m = sd->m;
	uint64_t ms = sd->softirq->max_softirq_time_ms;

	g_assert(!sd->ctx);
	sd->ctx = ctx;
	sd->ksirqd = ksirqd;
	/* msecs_to_jiffies() rounds up */
	sd->end_jiffies = machine_jiffies(m, ctx->cpu->now) +
		(ms * m->hz + 999) / 1000;
	sd->max_restart = sd->softirq->max_softirq_restart;
	softirq_restart(sd);
}

/* ------------------------------------------------------------ irq exit */

static void softirq_entry(struct sim_ctx *ctx)
{
	handle_softirqs(ctx->data, ctx, false);
}

/* irq_exit() -> invoke_softirq() */
static void softirq_irq_exit(struct sim_cpu *cpu, void *data)
{
	struct softnet_data *sd = data;

	if (sd->pending && !sim_cpu_in_interrupt(cpu) && !ksoftirqd_running(sd))
		sim_softirq_start(cpu);
}

/* ------------------------------------------------------------ ksoftirqd */

static void run_ksoftirqd(struct sim_ctx *task);

static void ksoftirqd_loop(struct sim_ctx *task)
{
	run_ksoftirqd(task);
}

static void handle_softirqs_done(struct softnet_data *sd)
{
	struct sim_ctx *ctx = sd->ctx;

	sd->ctx = NULL;
	if (!sd->ksirqd) {
		sim_ctx_finish(ctx);
		return;
	}
	ctx->softirq_count--;
	/* cond_resched(): give the CPU away if a task is waiting for it */
	if (sim_task_cond_resched(ctx))
		return;
	sim_ctx_step(ctx, 0, ksoftirqd_loop);
}

/* smpboot_thread_fn() for ksoftirqd: run while softirqs are pending */
static void run_ksoftirqd(struct sim_ctx *task)
{
	struct softnet_data *sd = task->data;

	if (!sd->pending || sd->ctx) {
		sim_task_sleep(task);
		return;
	}
	task->softirq_count++;
	handle_softirqs(sd, task, true);
}

/* ---------------------------------------------------------------- model */

static void *softirq_create(struct machine *m, const void *cfg,
			    GError **error G_GNUC_UNUSED)
{
	struct softirq *s = g_new0(struct softirq, 1);
	const struct netcore_cfg *nc = machine_cfg(m, &netcore_model_ops);
	const struct softirq_cfg *sc = cfg;
	const struct sched_cfg *kernel = machine_cfg(m, &sched_model_ops);

	s->m = m;
	m->softnet = g_new0(struct softnet_data, m->sim.ncpu);
	s->ksoftirqd = g_new0(struct task_struct, m->sim.ncpu);
	for (uint32_t i = 0; i < m->sim.ncpu; i++) {
		struct softnet_data *sd = &m->softnet[i];
		struct sim_cpu *cpu = &m->sim.cpu[i];
		char *name = g_strdup_printf("ksoftirqd/%u", i);

		*sd = (struct softnet_data) {
			.m = m, .cpu = cpu, .net_core = nc, .softirq = sc,
			.ksoftirqd_running_defers =
				kernel->ksoftirqd_running_defers,
		};
		cpu->softirq.entry = softirq_entry;
		cpu->softirq.data = sd;
		cpu->softirq.poller = &sd->poller;
		sd->poller.sd = sd;
		sd->poller.kind = NAPI_POLLS_HARDIRQ;
		cpu->irq_exit = softirq_irq_exit;
		cpu->irq_exit_data = sd;
		/* the name lives as long as the process: one per CPU */
		task_init(&s->ksoftirqd[i], m, i, g_intern_string(name),
			  "ksoftirqd", run_ksoftirqd, sd, sc->ksoftirqd_nice);
		g_free(name);
		sd->ksoftirqd = &s->ksoftirqd[i].ctx;
		sd->ksoftirqd->poller = &sd->poller;
		backlog_init(sd);
	}
	return s;
}

static void softirq_report(void *p, struct sim_report *r)
{
	struct softirq *s = p;
	struct machine *m = s->m;
	uint64_t squeeze = 0, ksoft = 0, processed = 0, dropped = 0;
	uint64_t skbs = 0;

	for (uint32_t i = 0; i < m->sim.ncpu; i++) {
		const struct softnet_data *sd = &m->softnet[i];
		char id[16];
		struct sim_row *d;

		g_snprintf(id, sizeof(id), "%u", i);
		d = sim_report_object(r, "cpu", id);
		squeeze += sd->time_squeeze;
		ksoft += sd->ksoftirqd_wakeups;
		processed += sd->processed;
		skbs += sd->skbs;
		dropped += sd->dropped;
		sim_row_add_u64(d, "processed", sd->processed);
		sim_row_add_u64(d, "skbs", sd->skbs);
		sim_row_add_u64(d, "dropped", sd->dropped);
		sim_row_add_u64(d, "time_squeeze", sd->time_squeeze);
		sim_row_add_u64(d, "ksoftirqd_wakeups", sd->ksoftirqd_wakeups);
		sim_row_add_u64(d, "softirq_passes", sd->softirq_passes);
		sim_row_add_u64(d, "ksoftirqd_passes", sd->ksoftirqd_passes);
		sim_row_add_u64(d, "net_rx_action_calls",
				sd->net_rx_action_calls);
		sim_row_add_u64(d, "net_rx_action_restarts",
				sd->net_rx_action_restarts);
		sim_row_add_u64(d, "backlog_queued", backlog_queued(sd));
		sim_row_add_u64(d, "backlog_polls", sd->backlog.polls);
	}
	sim_row_add_u64(r->row, "dropped", dropped);
	sim_row_add_u64(r->row, "time_squeeze", squeeze);
	sim_row_add_u64(r->row, "ksoftirqd_wakeups", ksoft);
	sim_row_add_u64(r->row, "processed", processed);
	sim_row_add_u64(r->row, "skbs", skbs);
}

static void softirq_destroy(void *p)
{
	struct softirq *s = p;

	for (uint32_t i = 0; s->m->softnet && i < s->m->sim.ncpu; i++)
		backlog_destroy(&s->m->softnet[i]);
	g_free(s->m->softnet);
	s->m->softnet = NULL;
	g_free(s->ksoftirqd);
	g_free(s);
}

/* ---------------------------------------------------------------- params */

#define S struct softirq_cfg
static const struct sim_param softirq_params[] = {
	SIM_PARAM_U32(S, max_softirq_restart, "max_softirq_restart", 10, 1, 1000, "passes", "MAX_SOFTIRQ_RESTART"),
	SIM_PARAM_U32(S, max_softirq_time_ms, "max_softirq_time_ms", 2, 1, 1000, "ms", "MAX_SOFTIRQ_TIME (in jiffies: msecs_to_jiffies)"),
	SIM_PARAM_S32(S, ksoftirqd_nice, "ksoftirqd_nice", 0, -20, 19, "", "nice value of ksoftirqd/N (renice): its CFS load weight against application threads"),
	{ }
};
#undef S

static const char *const softirq_accounts[] = { "ksoftirqd", NULL };

const struct sim_model_ops softirq_model_ops = {
	.name = "softirq",
	.help = "[softirq] kernel/softirq.c handle_softirqs() limits before the hand-off to ksoftirqd",
	.params = softirq_params,
	.cfg_size = sizeof(struct softirq_cfg),
	.accounts = softirq_accounts,
	.create = softirq_create,
	.report = softirq_report,
	.destroy = softirq_destroy,
};
