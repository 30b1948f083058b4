/*
 * models/core/busy_poll.c - busy polling: a task polls a NAPI itself.
 *
 * Follows net/core/dev.c (v6.18) __napi_busy_loop(), busy_poll_stop(),
 * napi_suspend_irqs() and napi_resume_irqs():
 *
 * - Each turn, if nobody owns the NAPI (no SCHED, no IN_BUSY_POLL), the
 *   task takes it (SCHED | IN_BUSY_POLL) and polls with its budget
 *   (busy_poll_budget, 8 by default); if someone owns it, the task spins
 *   without polling and, with prefer_busy_poll, sets PREFER_BUSY_POLL so
 *   the softirq owner yields after its next full poll.  While the task
 *   owns it, napi_complete_done() returns false: the IRQ stays masked,
 *   and a hardirq's napi_schedule_prep() only sets MISSED.
 * - The loop ends when loop_end() says so (data queued), at the time
 *   limit, or when the task must reschedule; the caller restarts it then
 *   if time is left.
 * - busy_poll_stop(): clear MISSED and IN_BUSY_POLL; with
 *   prefer_busy_poll reload the defer count, and if both
 *   napi_defer_hard_irqs and gro_flush_timeout are set arm the hrtimer
 *   and leave any
 *   remaining work to it; then poll once more, which lets the driver
 *   complete (and the deferral rule decide about the IRQ); if that poll
 *   used its whole budget, hand the NAPI to softirq (or, when the timer
 *   took it, release SCHED).
 *
 * - The whole loop runs with preemption disabled (preempt_disable()): the
 *   task keeps its CPU until the loop sees need_resched and stops; each
 *   poll runs with BHs disabled (local_bh_disable()), so a hardirq in the
 *   middle of it cannot run softirqs at its exit; local_bh_enable() after
 *   the poll runs what is pending, in the task's time.
 *
 * A turn costs busy_loop cycles plus the poll's own; all of it is the
 * task's time: a busy-polling CPU never idles.
 *
 * - GRO (models/core/gro.c): after each poll of the loop gro_normal_list()
 *   passes the batched skbs up, in the task's time; what GRO holds stays
 *   held (napi_complete_done() returns at once while IN_BUSY_POLL is set)
 *   until busy_poll_stop()'s last poll completes, or, if that one uses
 *   its budget, until __busy_poll_stop() flushes the old ones (deferred
 *   to the timer) or softirq polls again.
 *
 * MODEL: loop_end()'s clock is exact (the kernel's busy_loop_current_time()
 * counts in 1.024 us units).
 */
#include "config.h"

#include <glib.h>

#include "models/machine.h"
#include "models/cost.h"
#include "models/core/busy_poll.h"
#include "models/core/gro.h"
#include "models/core/napi.h"
#include "models/core/softirq.h"

static struct napi_busy_loop *bl_of(const struct sim_ctx *ctx)
{
	return (struct napi_busy_loop *)((char *)ctx->poller -
		offsetof(struct napi_busy_loop, poller));
}

static const struct cost_cfg *bl_cost(const struct napi_busy_loop *bl)
{
	return bl->napi->m->cost;
}

static void bl_turn(struct sim_ctx *task);
static void bl_count(struct sim_ctx *task);
static void bl_stopped(struct napi_poller *p, struct napi_struct *n,
		       int work);

/* the loop is over: preempt_enable(), back to the caller */
static void bl_finish(struct sim_ctx *task)
{
	struct napi_busy_loop *bl = bl_of(task);

	/* preempt_disable() held: nobody took the CPU inside the loop */
	SIM_WARN_ON_ONCE(bl->napi->m, task->preempted != bl->preempted);
	task->preempt_count--;
	bl->done(task);
}

/* busy_poll_stop() */
static void busy_poll_stop(struct sim_ctx *task)
{
	struct napi_busy_loop *bl = bl_of(task);
	struct napi_struct *n = bl->napi;

	n->state &= ~(NAPI_STATE_MISSED | NAPI_STATE_IN_BUSY_POLL);
	bl->skip_schedule = false;
	if (bl->prefer) {
		n->defer_hard_irqs_count = n->defer_hard_irqs;
		if (n->defer_hard_irqs && n->gro_flush_timeout) {
			napi_timer_start(n, task->cpu,
					 n->gro_flush_timeout);
			bl->skip_schedule = true;
		}
	}
	bl->poller.returned = bl_stopped;
	task->softirq_count++;		/* local_bh_disable() */
	napi_poll_begin(&bl->poller, n, (int)bl->budget);
}

/* busy_poll_stop() ends: local_bh_enable(), preempt_enable() */
static void bl_stop_done(struct sim_ctx *task)
{
	struct napi_busy_loop *bl = bl_of(task);

	task->softirq_count--;
	local_bh_enable(bl->poller.sd);
	bl_finish(task);
}

/* __busy_poll_stop(), after GRO's packets went up */
static void bl_stop_flushed(struct sim_ctx *task)
{
	struct napi_busy_loop *bl = bl_of(task);
	struct napi_struct *n = bl->napi;

	if (bl->skip_schedule) {
		n->state &= ~NAPI_STATE_SCHED;	/* the timer has it */
	} else {
		n->trigger = NAPI_TRIGGER_BUSY;
		__napi_schedule(bl->poller.sd, n);
	}
	bl_stop_done(task);
}

static void bl_stopped(struct napi_poller *p, struct napi_struct *n,
		       int work)
{
	struct napi_busy_loop *bl = bl_of(p->ctx);

	bl->rx_packets += work;
	bl->owner = false;
	if (work < (int)bl->budget) {
		/* the poll completed; its napi_complete_done() flushed GRO
		 * (busy_poll_stop(): no gro_normal_list() here) */
		bl_stop_done(p->ctx);
		return;
	}
	/*
	 * __busy_poll_stop(): more work pending.  Handed to softirq:
	 * gro_normal_list() first; left to the timer: GRO's old packets
	 * (all of them if HZ < 1000) and gro_normal_list(), then SCHED
	 * cleared.
	 */
	napi_gro_flush_normal(p, n, !bl->skip_schedule ||
			      !napi_gro_holding(n) ? GRO_FLUSH_NONE :
			      n->m->hz >= 1000 ? GRO_FLUSH_OLD : GRO_FLUSH_ALL,
			      GRO_FLUSH_BUSY_POLL, bl_stop_flushed);
}

/*
 * After a turn's poll (or its spin): local_bh_enable(), where the softirqs
 * the poll raised run, in this task's time; then the turn's own cost and
 * the loop's checks.
 */
static void bl_turn_end(struct sim_ctx *task)
{
	struct napi_busy_loop *bl = bl_of(task);

	task->softirq_count--;
	local_bh_enable(bl->poller.sd);
	sim_ctx_step(task, bl_cost(bl)->busy_loop, bl_count);
}

/*
 * Batch mode: turns that find nothing are deterministic.  If the turn
 * that just ended polled, found nothing, ran inline from start to end
 * with nothing else on the CPU, and the driver promises the same until
 * its next frame or TX completion, the turns that would fit before that
 * and before the next queued event are counted at once, exactly as if
 * each had run: the time, the CPU accounts, the poll and turn counters.
 * Reference mode runs each (sim_ctx_inline_span() refuses; and no turn
 * runs inline there), and so checks this.
 */
static void bl_skip_idle_turns(struct sim_ctx *task)
{
	struct napi_busy_loop *bl = bl_of(task);
	struct napi_struct *n = bl->napi;
	struct sim_cpu *cpu = task->cpu;
	struct sim *sim = cpu->sim;
	sim_time_t now = cpu->now, d = now - bl->turn_start, limit;
	uint64_t k;

	if (!n->idle_until || !bl->owner ||
	    bl->turn_work || !d || task->switch_owed ||
	    sim->event_items != bl->turn_events ||
	    cpu->irq_epoch != bl->turn_epoch || bl->poller.sd->pending)
		return;
	limit = MIN(sim_eventq_next_time(&sim->q), n->idle_until(n));
	if (limit <= now + d)
		return;
	/* turn i ends at now + (i + 1) d, strictly before the limit, and
	 * starts before the loop's end */
	k = (limit - now - 1) / d;
	if (bl->end != SIM_TIME_NEVER)
		k = MIN(k, bl->end > now ? (bl->end - now + d - 1) / d : 0);
	if (!k)
		return;
	if (!sim_ctx_inline_span(task, k * d,
				 k * (sim->inline_items - bl->turn_items)))
		return;
	bl->turns += k;
	bl->turns_counted += k;
	n->polls += k;
	n->polls_by[NAPI_POLLS_BUSY] += k;
}

static void bl_count(struct sim_ctx *task)
{
	struct napi_busy_loop *bl = bl_of(task);

	if (!bl->loop_end(bl) && task->cpu->now < bl->end &&
	    !task->cpu->resched)
		bl_skip_idle_turns(task);
	if (bl->loop_end(bl) || task->cpu->now >= bl->end ||
	    task->cpu->resched) {
		if (bl->owner) {
			busy_poll_stop(task);
			return;
		}
		bl_finish(task);
		return;
	}
	bl_turn(task);
}

static void bl_returned(struct napi_poller *p, struct napi_struct *n,
			int work)
{
	struct napi_busy_loop *bl = bl_of(p->ctx);

	bl->rx_packets += work;
	bl->turn_work = work;
	/* gro_normal_list(), still owning the NAPI; what GRO holds stays
	 * held until busy_poll_stop() (napi_complete_done() returned at
	 * once under IN_BUSY_POLL) */
	napi_gro_flush_normal(p, n, GRO_FLUSH_NONE, GRO_FLUSH_BUSY_POLL,
			      bl_turn_end);
}

static void bl_turn(struct sim_ctx *task)
{
	struct napi_busy_loop *bl = bl_of(task);
	struct napi_struct *n = bl->napi;

	bl->turns++;
	bl->turn_start = task->cpu->now;
	bl->turn_items = task->cpu->sim->inline_items;
	bl->turn_events = task->cpu->sim->event_items;
	bl->turn_epoch = task->cpu->irq_epoch;
	bl->turn_work = -1;		/* a spin, not a poll */
	task->softirq_count++;		/* local_bh_disable() */
	if (!bl->owner) {
		if (n->state & (NAPI_STATE_SCHED | NAPI_STATE_IN_BUSY_POLL)) {
			/* someone else owns it: ask it to yield, and spin */
			if (bl->prefer)
				n->state |= NAPI_STATE_PREFER_BUSY_POLL;
			bl_turn_end(task);
			return;
		}
		n->state |= NAPI_STATE_SCHED | NAPI_STATE_IN_BUSY_POLL;
		bl->owner = true;
	}
	bl->poller.returned = bl_returned;
	napi_poll_begin(&bl->poller, n, (int)bl->budget);
}

void napi_busy_loop(struct napi_busy_loop *bl, sim_time_t end,
		    sim_ctx_fn done)
{
	bl->end = end;
	bl->done = done;
	bl->owner = false;
	/* the task may have moved since the last loop */
	bl->poller.sd = softnet(bl->napi->m, bl->poller.ctx->cpu->id);
	bl->preempted = bl->poller.ctx->preempted;
	bl->poller.ctx->preempt_count++;	/* preempt_disable() */
	bl_turn(bl->poller.ctx);
}

void napi_busy_loop_init(struct napi_busy_loop *bl, struct machine *m,
			 struct sim_ctx *task, struct napi_struct *n,
			 uint32_t budget, bool prefer,
			 bool (*loop_end)(struct napi_busy_loop *bl),
			 void *loop_end_arg)
{
	*bl = (struct napi_busy_loop) {
		.napi = n, .budget = budget, .prefer = prefer,
		.loop_end = loop_end, .loop_end_arg = loop_end_arg,
	};
	bl->poller = (struct napi_poller) {
		.ctx = task, .sd = softnet(m, task->cpu->id),
		.kind = NAPI_POLLS_BUSY,
	};
	task->poller = &bl->poller;
}

void napi_suspend_irqs(struct napi_struct *n, struct sim_cpu *cpu)
{
	if (n->irq_suspend_timeout)
		napi_timer_start(n, cpu, n->irq_suspend_timeout);
}

void napi_resume_irqs(struct napi_struct *n, struct sim_ctx *task)
{
	struct softnet_data *sd = softnet(n->m, task->cpu->id);

	if (!n->irq_suspend_timeout)
		return;
	/* local_bh_disable(); napi_schedule(); local_bh_enable(): the poll
	 * runs in net_rx_action(), in this task's time; polls_busy counts it
	 * (the episode's trigger), the kernel's softnet_stat would not */
	napi_schedule(sd, n, NAPI_TRIGGER_BUSY);
	local_bh_enable(sd);
}
