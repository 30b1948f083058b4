/*
 * models/core/napi.c - NAPI scheduling and net_rx_action().
 *
 * Follows net/core/dev.c (v6.18; GRO as v6.12): napi_schedule_prep(),
 * ____napi_schedule(), napi_complete_done(), napi_poll(), __napi_poll()
 * and net_rx_action():
 *
 * - net_rx_action() splices the poll_list, polls each NAPI once with its
 *   full weight, charges the work to netdev_budget and stops when the
 *   budget is spent or the jiffies deadline (netdev_budget_usecs, rounded
 *   up to jiffies) is reached, counting time_squeeze.  A NAPI that used
 *   its whole weight is put on repoll and waits for the next call.
 * - Leftovers (list, newly scheduled, repoll, in this order) go back on
 *   the poll_list and NET_RX is re-raised without waking ksoftirqd.
 *
 * - napi_complete_done() asks the kernel-side mitigation policy whether
 *   the IRQ may be re-enabled (the napi_defer_hard_irqs /
 *   gro_flush_timeout rule), honours MISSED (poll again at once) and
 *   IN_BUSY_POLL (a busy poller owns it: keep the IRQ masked), and arms
 *   the NAPI hrtimer, whose expiry napi_watchdog() schedules a poll from
 *   hardirq context.
 * - ____napi_schedule() wakes the NAPI's kthread instead of raising
 *   NET_RX when the NAPI is threaded (models/core/napi_kthread.c).
 * - A poll that used its whole weight while PREFER_BUSY_POLL is set
 *   completes and yields instead of repolling (__napi_poll()).
 *
 * A poll runs in a poller (struct napi_poller): NET_RX here, a kthread,
 * or a busy-polling task; the driver ends it with napi_poll_end(), which
 * hands the work count to the poller.
 *
 * - GRO's flush points (models/core/gro.c): napi_complete_done() arms the
 *   gro_flush_timeout timer when GRO holds packets after a poll that
 *   found work ("GRO is holding packets", even without
 *   napi_defer_hard_irqs), flushes what GRO holds (only what is older
 *   than this jiffy when that timer is to come) and calls
 *   gro_normal_list(), all before it releases the NAPI; __napi_poll()
 *   does the same for a poll that used its whole weight (the old
 *   packets if HZ >= 1000, else all).  Those skbs go up the stack in the
 *   poller's context, so both calls continue in a callback.
 *
 * Left out: netpoll, NAPI_STATE_DISABLE, skb_defer_free_flush().
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/cost.h"
#include "models/core/gro.h"
#include "models/core/napi.h"
#include "models/core/rps.h"
#include "models/core/softirq.h"
#include "models/mitigation/mitigation.h"

void napi_list_add_tail(struct napi_list *l, struct napi_struct *n)
{
	g_assert(!n->listed);
	n->poll_next = NULL;
	n->listed = true;
	if (l->tail)
		l->tail->poll_next = n;
	else
		l->head = n;
	l->tail = n;
}

struct napi_struct *napi_list_pop(struct napi_list *l)
{
	struct napi_struct *n = l->head;

	if (!n)
		return NULL;
	l->head = n->poll_next;
	if (!l->head)
		l->tail = NULL;
	n->poll_next = NULL;
	n->listed = false;
	return n;
}

/* append @src to @dst, emptying @src */
static void napi_list_splice_tail(struct napi_list *dst, struct napi_list *src)
{
	if (!src->head)
		return;
	if (dst->tail)
		dst->tail->poll_next = src->head;
	else
		dst->head = src->head;
	dst->tail = src->tail;
	src->head = src->tail = NULL;
}

bool napi_schedule_prep(struct napi_struct *n)
{
	bool was_sched = n->state & NAPI_STATE_SCHED;

	n->state |= NAPI_STATE_SCHED;
	if (was_sched)
		n->state |= NAPI_STATE_MISSED;
	return !was_sched;
}

void __napi_schedule(struct softnet_data *sd, struct napi_struct *n)
{
	/* ____napi_schedule(): a threaded NAPI wakes its kthread instead */
	if ((n->state & NAPI_STATE_THREADED) && n->thread) {
		n->state |= NAPI_STATE_SCHED_THREADED;
		sim_task_wake(n->thread, sd->cpu, sd->cpu->now);
		return;
	}
	napi_list_add_tail(&sd->poll_list, n);
	if (!sd->in_net_rx_action)
		__raise_softirq_irqoff(sd, NET_RX_SOFTIRQ);
}

bool napi_schedule(struct softnet_data *sd, struct napi_struct *n,
		   enum napi_trigger trigger)
{
	if (!napi_schedule_prep(n))
		return false;
	n->trigger = trigger;
	__napi_schedule(sd, n);
	return true;
}

void napi_timer_start(struct napi_struct *n, struct sim_cpu *cpu,
		      sim_time_t timeout)
{
	/* hrtimer_start() restarts a pending timer, and the PINNED mode
	 * queues it on this CPU's hrtimer base (net/core/dev.c,
	 * napi_complete_done() and busy_poll_stop(), v6.12).  A timer whose
	 * interrupt is being delivered keeps its CPU: its callback still
	 * runs there. */
	sim_irq_cancel(&n->timer);
	if (!n->timer.pending)
		sim_irq_set_cpu(&n->timer, cpu);
	sim_irq_raise(&n->timer, cpu->now + timeout);
	n->timer_armed++;
}

/* napi_complete_done() after the GRO flush: the state, the timer */
static void napi_complete_state(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct napi_struct *n = p->returned_napi;
	bool missed;

	/* clear MISSED, SCHED, SCHED_THREADED and PREFER_BUSY_POLL, but
	 * keep SCHED if MISSED was set */
	missed = n->state & NAPI_STATE_MISSED;
	n->state &= ~(NAPI_STATE_MISSED | NAPI_STATE_SCHED |
		      NAPI_STATE_SCHED_THREADED |
		      NAPI_STATE_PREFER_BUSY_POLL);
	if (missed) {
		n->state |= NAPI_STATE_SCHED;
		__napi_schedule(p->sd, n);
		n->complete_ret = false;
	} else if (n->complete_timeout) {
		napi_timer_start(n, p->sd->cpu, n->complete_timeout);
	}
	n->complete_done(ctx);
}

void napi_complete_done(struct napi_poller *p, struct napi_struct *n,
			int work_done, sim_ctx_fn done)
{
	struct rx_mitigation *kmit = n->mit;
	sim_time_t timeout = 0, hold = 0;
	bool ret = true;

	n->complete_ret = false;
	/* a busy poller owns it: the IRQ stays masked, and GRO keeps what
	 * it holds ("we have the guarantee we will be called later") */
	if (n->state & NAPI_STATE_IN_BUSY_POLL) {
		done(p->ctx);
		return;
	}
	/* GRO is holding packets: gro_flush_timeout's timer will flush
	 * them, whatever napi_defer_hard_irqs says */
	if (work_done && napi_gro_holding(n))
		hold = n->gro_flush_timeout;
	if (kmit && kmit->ops->complete_done)
		ret = kmit->ops->complete_done(kmit, n, work_done,
					       &timeout);
	n->complete_ret = ret;
	n->complete_timeout = MAX(timeout, hold);
	n->complete_done = done;
	p->returned_napi = n;
	/* napi_gro_flush(n, !!timeout): with a timer to come, only what
	 * is older than this jiffy; then gro_normal_list() */
	napi_gro_flush_normal(p, n, !napi_gro_holding(n) ? GRO_FLUSH_NONE :
			      n->complete_timeout ? GRO_FLUSH_OLD :
			      GRO_FLUSH_ALL, GRO_FLUSH_COMPLETE,
			      napi_complete_state);
}

/* napi_watchdog(): the hrtimer fires in hardirq context */
static void napi_watchdog(struct sim_irq *irq)
{
	struct napi_struct *n = irq->data;
	struct softnet_data *sd = softnet(n->m, irq->cpu->id);

	/* test_and_set_bit(SCHED): whoever owns it (a busy poller) keeps
	 * it, and no MISSED is set */
	if (n->state & NAPI_STATE_SCHED)
		return;
	n->state |= NAPI_STATE_SCHED;
	n->state &= ~NAPI_STATE_PREFER_BUSY_POLL;
	n->trigger = NAPI_TRIGGER_TIMER;
	__napi_schedule(sd, n);
}

void napi_poll_begin(struct napi_poller *p, struct napi_struct *n,
		     int budget)
{
	enum napi_poll_kind kind = p->kind;

	if (kind == NAPI_POLLS_HARDIRQ) {
		if (n->trigger == NAPI_TRIGGER_TIMER)
			kind = NAPI_POLLS_TIMER;
		else if (n->trigger == NAPI_TRIGGER_BUSY)
			kind = NAPI_POLLS_BUSY;
	}
	n->polls++;
	n->polls_by[kind]++;
	p->polling = n;
	n->poll(p, n, budget);
}

void napi_poll_end(struct napi_poller *p, struct napi_struct *n, int work)
{
	/* __napi_poll(): "%pS returned %d, exceeding its budget of %d" */
	if (SIM_WARN_ON_ONCE(n->m, work > (int)n->weight))
		work = (int)n->weight;
	p->polling = NULL;
	p->returned(p, n, work);
}

void netif_napi_add(struct machine *m, struct net_device *dev,
		    struct napi_struct *n, napi_poll_fn poll, uint32_t weight,
		    uint32_t cpu)
{
	*n = (struct napi_struct) {
		.m = m, .dev = dev, .poll = poll, .weight = weight,
		.napi_id = m->napis->len + 1,
	};
	sim_irq_init(&n->timer, &m->sim.cpu[cpu], "napi_watchdog",
		     SIM_IRQ_TIMER, m->cost->irq_entry + m->cost->hrtimer,
		     napi_watchdog, n);
	napi_gro_init(m, n);
	g_ptr_array_add(m->napis, n);
}

/* ------------------------------------------------------------ net_rx_action */

static void nra_start(struct softnet_data *sd);

static void nra_done(struct sim_ctx *ctx)
{
	softirq_handler_done(((struct napi_poller *)ctx->poller)->sd);
}

/* the end of net_rx_action(): leftovers back on poll_list, RPS IPIs out */
static void nra_break(struct softnet_data *sd)
{
	struct napi_list list = sd->list;

	sd->list.head = sd->list.tail = NULL;
	napi_list_splice_tail(&list, &sd->poll_list);
	napi_list_splice_tail(&list, &sd->repoll);
	sd->poll_list = list;
	if (!napi_list_empty(&sd->poll_list))
		__raise_softirq_irqoff(sd, NET_RX_SOFTIRQ);
	else
		sd->in_net_rx_action = false;
	net_rps_action(sd, sd->ctx, nra_done);
}

static void nra_loop(struct softnet_data *sd)
{
	struct napi_struct *n;

	if (napi_list_empty(&sd->list)) {
		if (napi_list_empty(&sd->repoll)) {
			sd->in_net_rx_action = false;
			if (!napi_list_empty(&sd->poll_list)) {
				/* scheduled while we ran */
				sd->net_rx_action_restarts++;
				nra_start(sd);
				return;
			}
			if (!sd_has_rps_ipi_waiting(sd)) {
				softirq_handler_done(sd);
				return;
			}
		}
		nra_break(sd);
		return;
	}
	n = napi_list_pop(&sd->list);
	/* __napi_poll(): the poll always gets the full weight */
	if (n->state & NAPI_STATE_SCHED)
		napi_poll_begin(&sd->poller, n, (int)n->weight);
	else
		napi_poll_end(&sd->poller, n, 0);
}

/* __napi_poll(): the poll used its weight; GRO's old packets are up */
static void napi_poll_full_flushed(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;

	p->repoll = true;
	p->poll_next(ctx);
}

/* __napi_poll(): it yielded to the busy poller with napi_complete_done() */
static void napi_poll_yielded(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct napi_struct *n = p->returned_napi;

	/* no timer armed: schedule again (the IRQ stays masked) */
	if (n->complete_ret)
		napi_schedule(p->sd, n, n->trigger);
	p->poll_next(ctx);
}

void __napi_poll(struct napi_poller *p, struct napi_struct *n, int work,
		 sim_ctx_fn next)
{
	p->returned_napi = n;
	p->work = work;
	p->repoll = false;
	p->poll_next = next;
	if (work < (int)n->weight) {
		next(p->ctx);
		return;
	}
	/* the core still owns n */
	if (n->state & NAPI_STATE_PREFER_BUSY_POLL) {
		/* yield to the busy poller: complete */
		napi_complete_done(p, n, work, napi_poll_yielded);
		return;
	}
	/* flush too old packets; if HZ < 1000, flush all packets */
	napi_gro_flush_normal(p, n, !napi_gro_holding(n) ? GRO_FLUSH_NONE :
			      n->m->hz >= 1000 ? GRO_FLUSH_OLD :
			      GRO_FLUSH_ALL, GRO_FLUSH_POLL,
			      napi_poll_full_flushed);
}

/* napi_poll() from net_rx_action(), after __napi_poll() */
static void nra_polled(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct softnet_data *sd = p->sd;

	if (p->repoll)
		napi_list_add_tail(&sd->repoll, p->returned_napi);
	sd->budget -= p->work;
	if (sd->budget <= 0 ||
	    machine_jiffies(sd->m, sd->ctx->cpu->now) >= sd->time_limit) {
		sd->time_squeeze++;
		nra_break(sd);
		return;
	}
	nra_loop(sd);
}

/* the poller's ->returned */
static void nra_poll_returned(struct napi_poller *p, struct napi_struct *n,
			      int work)
{
	__napi_poll(p, n, work, nra_polled);
}

static void nra_start(struct softnet_data *sd)
{
	sd->in_net_rx_action = true;
	napi_list_splice_tail(&sd->list, &sd->poll_list);
	nra_loop(sd);
}

static void nra_entered(struct sim_ctx *ctx)
{
	nra_start(((struct napi_poller *)ctx->poller)->sd);
}

void net_rx_action(struct softnet_data *sd)
{
	const struct machine *m = sd->m;
	uint64_t usecs = sd->net_core->netdev_budget_usecs;

	sd->net_rx_action_calls++;
	sd->poller.ctx = sd->ctx;
	sd->poller.returned = nra_poll_returned;
	/* usecs_to_jiffies() rounds up */
	sd->time_limit = machine_jiffies(m, sd->ctx->cpu->now) +
		(usecs * m->hz + 999999) / 1000000;
	sd->budget = sd->net_core->netdev_budget;
	sim_ctx_step(sd->ctx, m->cost->net_rx_action, nra_entered);
}
/* ---------------------------------------------------------------- params */

#define S struct napi_cfg
static const struct sim_param napi_params[] = {
	SIM_PARAM_U32(S, weight, "weight", 64, 1, 4096, "pkts", "quota per ->poll() (NAPI_POLL_WEIGHT 64)"),
	{ }
};
#undef S

const struct sim_model_ops napi_model_ops = {
	.name = "napi",
	.help = "[napi] NAPI context of the RX queue: net/core/dev.c napi_poll(), napi_complete_done()",
	.params = napi_params,
	.cfg_size = sizeof(struct napi_cfg),
};

/* ---------------------------------------------------------------- params */

#define S struct netcore_cfg
static const struct sim_param netcore_params[] = {
	SIM_PARAM_U32(S, netdev_budget, "netdev_budget", 300, 1, 1e6, "pkts", "packets per net_rx_action() call"),
	SIM_PARAM_U32(S, netdev_budget_usecs, "netdev_budget_usecs", 2000, 1, 1e7, "us", "time per net_rx_action() call, in jiffies (rounded up)"),
	SIM_PARAM_U32(S, netdev_max_backlog, "netdev_max_backlog", 1000, 1, 1e6, "pkts", "per-CPU input_pkt_queue limit (read by the backlog of non-NAPI receive, [mitigation] policy=none; not used by NAPI drivers)"),
	SIM_PARAM_U32(S, dev_weight, "dev_weight", 64, 1, 4096, "pkts", "backlog NAPI quota (weight_p; used with netdev_max_backlog)"),
	SIM_PARAM_U32(S, busy_read, "busy_read", 0, 0, 1e6, "us", "net.core.busy_read: a blocking recvmsg() on an empty socket busy-polls its NAPI this long (sk_ll_usec; 0: it sleeps at once)"),
	SIM_PARAM_U32(S, busy_poll, "busy_poll", 0, 0, 1e6, "us", "net.core.busy_poll: epoll_wait() busy-polls this long when the epoll instance's busy_poll_usecs is 0"),
	SIM_PARAM_U32(S, gro_normal_batch, "gro_normal_batch", 8, 1, 1e6, "frames", "net.core.gro_normal_batch: skbs GRO passes up (GRO_NORMAL, or held and completed) wait in the NAPI's rx_list until they carry this many frames, or until a flush point (napi_complete_done(), a poll that used its weight, busy polling), and go up the stack as one list (gro_normal_list()); 1: each at once, in the step that cleaned it"),
	{ }
};
#undef S

const struct sim_model_ops netcore_model_ops = {
	.name = "net.core",
	.help = "[net.core] sysctls read by net_rx_action() and the backlog",
	.params = netcore_params,
	.cfg_size = sizeof(struct netcore_cfg),
};
