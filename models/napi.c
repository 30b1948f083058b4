/*
 * models/napi.c - NAPI scheduling and net_rx_action().
 *
 * Follows net/core/dev.c (v6.18): napi_schedule_prep(),
 * ____napi_schedule(), napi_complete_done(), napi_poll(), __napi_poll()
 * and net_rx_action(), as paraphrased in shared/reference/linux-rx-path.md
 * sections 2, 4 and 5:
 *
 * - net_rx_action() splices the poll_list, polls each NAPI once with its
 *   full weight, charges the work to netdev_budget and stops when the
 *   budget is spent or the jiffies deadline (netdev_budget_usecs, rounded
 *   up to jiffies) is reached, counting time_squeeze.  A NAPI that used
 *   its whole weight is put on repoll and waits for the next call.
 * - Leftovers (list, newly scheduled, repoll, in this order) go back on
 *   the poll_list and NET_RX is re-raised without waking ksoftirqd.
 *
 * Left out: netpoll, busy polling and threaded NAPI (mitigation policies),
 * GRO (no merging; packets go up the stack one by one), RPS IPIs,
 * skb_defer_free_flush().
 */
#include "config.h"

#include <glib.h>

#include "sim/param.h"
#include "models/models.h"
#include "models/host.h"
#include "models/napi.h"
#include "models/nic.h"
#include "models/softirq.h"

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
	napi_list_add_tail(&sd->poll_list, n);
	if (!sd->in_net_rx_action)
		__raise_softirq_irqoff(sd, NET_RX_SOFTIRQ);
}

bool napi_complete_done(struct softnet_data *sd, struct napi_struct *n,
			int work_done)
{
	bool missed = n->state & NAPI_STATE_MISSED;

	/* clear MISSED and SCHED, but keep SCHED if MISSED was set */
	n->state &= ~(NAPI_STATE_MISSED | NAPI_STATE_SCHED);
	if (missed) {
		n->state |= NAPI_STATE_SCHED;
		__napi_schedule(sd, n);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------ net_rx_action */

static const struct host *sd_host(const struct softnet_data *sd)
{
	return sd->host;
}

static void nra_start(struct softnet_data *sd);

/* the end of net_rx_action(): leftovers back on poll_list */
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
	softirq_handler_done(sd);
}

static void nra_loop(struct softnet_data *sd)
{
	struct napi_struct *n;

	if (napi_list_empty(&sd->list)) {
		if (napi_list_empty(&sd->repoll)) {
			sd->in_net_rx_action = false;
			if (!napi_list_empty(&sd->poll_list)) {
				nra_start(sd);	/* scheduled while we ran */
				return;
			}
			softirq_handler_done(sd);
			return;
		}
		nra_break(sd);
		return;
	}
	n = napi_list_pop(&sd->list);
	sd->polling = n;
	n->polls++;
	/* __napi_poll(): the poll always gets the full weight */
	if (n->state & NAPI_STATE_SCHED)
		e1000_clean(sd, n, (int)n->weight);
	else
		napi_poll_returned(sd, n, 0);
}

void napi_poll_returned(struct softnet_data *sd, struct napi_struct *n,
			int work)
{
	struct host *h = sd->host;

	/* __napi_poll(): "%pS returned %d, exceeding its budget of %d" */
	if (SIM_WARN_ON_ONCE(h, work > (int)n->weight))
		work = (int)n->weight;
	sd->polling = NULL;
	if (work == (int)n->weight)
		/* the core still owns n: poll it again in the next call */
		napi_list_add_tail(&sd->repoll, n);
	sd->budget -= work;
	if (sd->budget <= 0 ||
	    host_jiffies(h, sd->ctx->cpu->now) >= sd->time_limit) {
		sd->time_squeeze++;
		nra_break(sd);
		return;
	}
	nra_loop(sd);
}

static void nra_start(struct softnet_data *sd)
{
	sd->in_net_rx_action = true;
	napi_list_splice_tail(&sd->list, &sd->poll_list);
	nra_loop(sd);
}

static void nra_entered(struct sim_ctx *ctx)
{
	nra_start(ctx->data);
}

void net_rx_action(struct softnet_data *sd)
{
	const struct host *h = sd_host(sd);
	uint64_t usecs = h->netcore_cfg->netdev_budget_usecs;

	sd->net_rx_action_calls++;
	/* usecs_to_jiffies() rounds up */
	sd->time_limit = host_jiffies(h, sd->ctx->cpu->now) +
		(usecs * h->sched_cfg->hz + 999999) / 1000000;
	sd->budget = h->netcore_cfg->netdev_budget;
	sim_ctx_step(sd->ctx, h->cost->net_rx_action, nra_entered);
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
	.check = NULL,
};

/* ---------------------------------------------------------------- params */

#define S struct netcore_cfg
static const struct sim_param netcore_params[] = {
	SIM_PARAM_U32(S, netdev_budget, "netdev_budget", 300, 1, 1e6, "pkts", "packets per net_rx_action() call"),
	SIM_PARAM_U32(S, netdev_budget_usecs, "netdev_budget_usecs", 2000, 1, 1e7, "us", "time per net_rx_action() call, in jiffies (rounded up)"),
	SIM_PARAM_U32(S, netdev_max_backlog, "netdev_max_backlog", 1000, 1, 1e6, "pkts", "per-CPU input_pkt_queue limit (read by the backlog of non-NAPI receive, [mitigation] policy=none; not used by NAPI drivers)"),
	SIM_PARAM_U32(S, dev_weight, "dev_weight", 64, 1, 4096, "pkts", "backlog NAPI quota (weight_p; used with netdev_max_backlog)"),
	{ }
};
#undef S

const struct sim_model_ops netcore_model_ops = {
	.name = "net.core",
	.help = "[net.core] sysctls read by net_rx_action() and the backlog",
	.params = netcore_params,
	.cfg_size = sizeof(struct netcore_cfg),
	.check = NULL,
};
