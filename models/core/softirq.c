/*
 * models/core/softirq.c - handle_softirqs(), invoke_softirq() at irq exit, and
 * ksoftirqd.
 *
 * Follows kernel/softirq.c (mainline ~6.16, non-RT), as in
 * shared/reference/linux-rx-path.md section 7:
 *
 * - On hardirq exit, if softirqs are pending and the interrupted context
 *   was not already in softirq (serving, or BH disabled: in_interrupt()),
 *   handle_softirqs() runs inline, preempting whatever task ran.  Since
 *   v6.5 this happens even while ksoftirqd is runnable.
 * - handle_softirqs() restarts while work is pending, at most
 *   MAX_SOFTIRQ_RESTART passes, while jiffies is before the MAX_SOFTIRQ_TIME
 *   deadline and while no task needs the CPU (need_resched()); otherwise
 *   it wakes ksoftirqd and returns.
 * - ksoftirqd/N is a SCHED_OTHER task (nice ksoftirqd_nice, 0 by
 *   default, as an smpboot kthread) that runs handle_softirqs()
 *   with the same limits while work is pending, then cond_resched(), then
 *   sleeps; it competes with application tasks under the scheduler.
 *
 * Only NET_RX is modelled; the other vectors are never pending.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/core/napi.h"
#include "models/core/softirq.h"

static void wakeup_softirqd(struct softnet_data *sd)
{
	if (!sd->ksoftirqd.active)
		sd->ksoftirqd_wakeups++;
	sim_task_wake(&sd->ksoftirqd, sd->cpu, sd->cpu->now);
}

void __raise_softirq_irqoff(struct softnet_data *sd, uint32_t nr)
{
	sd->pending |= nr;
}

static void handle_softirqs_done(struct softnet_data *sd);
static void softirq_restart(struct softnet_data *sd);

/* end of one pass: restart, or hand over to ksoftirqd */
void softirq_handler_done(struct softnet_data *sd)
{
	const struct host *h = sd->host;
	struct sim_cpu *cpu = sd->cpu;

	if (sd->pending) {
		if (host_jiffies(h, cpu->now) < sd->end_jiffies &&
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
	sim_ctx_step(sd->ctx, sd->host->cost->softirq_entry, softirq_pass);
}

static void handle_softirqs(struct softnet_data *sd, struct sim_ctx *ctx,
			    bool ksirqd)
{
	const struct host *h = sd->host;
	uint64_t ms = h->softirq_cfg->max_softirq_time_ms;

	g_assert(!sd->ctx);
	sd->ctx = ctx;
	sd->ksirqd = ksirqd;
	/* msecs_to_jiffies() rounds up */
	sd->end_jiffies = host_jiffies(h, ctx->cpu->now) +
		(ms * h->sched_cfg->hz + 999) / 1000;
	sd->max_restart = h->softirq_cfg->max_softirq_restart;
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

	if (sd->pending && !sim_cpu_in_interrupt(cpu))
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

void softirq_init(struct softnet_data *sd, struct host *h, struct sim_cpu *cpu)
{
	char *name = g_strdup_printf("ksoftirqd/%u", cpu->id);

	*sd = (struct softnet_data) { .host = h, .cpu = cpu };
	cpu->softirq.entry = softirq_entry;
	cpu->softirq.data = sd;
	cpu->softirq.poller = &sd->poller;
	sd->poller.sd = sd;
	sd->poller.kind = NAPI_POLLS_HARDIRQ;
	cpu->irq_exit = softirq_irq_exit;
	cpu->irq_exit_data = sd;
	/* the name lives as long as the process: one per CPU */
	sim_task_init(&sd->ksoftirqd, cpu, g_intern_string(name),
		      SIM_ACCT_KSOFTIRQD, run_ksoftirqd, sd,
		      h->softirq_cfg->ksoftirqd_nice);
	sd->ksoftirqd.poller = &sd->poller;
	g_free(name);
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

const struct sim_model_ops softirq_model_ops = {
	.name = "softirq",
	.help = "[softirq] kernel/softirq.c handle_softirqs() limits before the hand-off to ksoftirqd",
	.params = softirq_params,
	.cfg_size = sizeof(struct softirq_cfg),
	.check = NULL,
};
