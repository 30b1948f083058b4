/*
 * models/core/backlog.c - netif_rx() and process_backlog(): how a driver
 * without NAPI hands frames to the stack.
 *
 * Follows net/core/dev.c (v6.18) enqueue_to_backlog() and
 * process_backlog(), without RPS (the target CPU is the one that takes
 * the interrupt):
 *
 * - enqueue_to_backlog(): drop (softnet_data.dropped) if input_pkt_queue
 *   already holds more than netdev_max_backlog frames (so up to
 *   max_backlog + 1 fit); else queue it, and if the queue was empty,
 *   schedule the CPU's backlog NAPI (which raises NET_RX; from a hardirq
 *   it runs at irq_exit()).
 * - process_backlog(): the backlog NAPI's poll, quota dev_weight
 *   (dev_rx_weight = weight_p x dev_weight_rx_bias 1): deliver frames
 *   from process_queue; when it is empty, splice all of input_pkt_queue
 *   onto it, or complete (clear SCHED, no napi_complete_done(): no GRO,
 *   no timer) if that is empty too.
 *
 * MODEL: no flow limit (off by default), no RPS IPIs, the device's
 * rx_dropped is not counted separately from softnet dropped.
 */
#include "config.h"

#include <glib.h>

#include "models/machine.h"
#include "models/cost.h"
#include "models/core/backlog.h"
#include "models/core/napi.h"
#include "models/core/netdevice.h"
#include "models/stack/skbuff.h"
#include "models/stack/stack.h"

static void process_backlog(struct napi_poller *p, struct napi_struct *n,
			    int quota);

void backlog_init(struct softnet_data *sd)
{
	skb_queue_head_init(&sd->input_pkt_queue);
	skb_queue_head_init(&sd->process_queue);
	netif_napi_add(sd->m, NULL, &sd->backlog, process_backlog,
		       sd->net_core->dev_weight, sd->cpu->id);
}

void backlog_destroy(struct softnet_data *sd)
{
	skb_queue_purge(&sd->input_pkt_queue);
	skb_queue_purge(&sd->process_queue);
}

bool netif_rx(struct softnet_data *sd, const struct sk_buff *skb)
{
	if (sd->input_pkt_queue.len > sd->net_core->netdev_max_backlog) {
		sd->dropped++;
		return false;
	}
	/* test_and_set_bit(NAPI_STATE_SCHED): no MISSED, unlike
	 * napi_schedule_prep() */
	if (!sd->input_pkt_queue.len &&
	    !(sd->backlog.state & NAPI_STATE_SCHED)) {
		sd->backlog.state |= NAPI_STATE_SCHED;
		sd->backlog.trigger = NAPI_TRIGGER_HARDIRQ;
		__napi_schedule(sd, &sd->backlog);
	}
	skb_queue_tail(&sd->input_pkt_queue, skb);
	return true;
}

uint64_t backlog_queued(const struct softnet_data *sd)
{
	return sd->input_pkt_queue.len + sd->process_queue.len;
}

static void backlog_next(struct sim_ctx *ctx);

static void backlog_frame_done(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct sk_buff skb;

	skb_dequeue(&p->sd->process_queue, &skb);
	p->sd->backlog_work++;
	netif_receive_skb(p, &skb, backlog_next);
}

static void backlog_next(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct softnet_data *sd = p->sd;
	struct napi_struct *n = &sd->backlog;

	if (sd->backlog_work >= sd->backlog_quota) {
		napi_poll_end(p, n, sd->backlog_work);
		return;
	}
	if (!sd->process_queue.len) {
		if (!sd->input_pkt_queue.len) {
			/* napi->state &= NAPI_STATE_THREADED: done */
			n->state = 0;
			napi_poll_end(p, n, sd->backlog_work);
			return;
		}
		skb_queue_splice_tail_init(&sd->input_pkt_queue,
					   &sd->process_queue);
	}
	sim_ctx_step(ctx, netif_receive_skb_cycles(sd->m->stack,
			skb_peek(&sd->process_queue)), backlog_frame_done);
}

static void process_backlog(struct napi_poller *p, struct napi_struct *n,
			    int quota)
{
	struct softnet_data *sd = p->sd;

	g_assert(n == &sd->backlog);
	sd->backlog_work = 0;
	sd->backlog_quota = quota;
	sim_ctx_step(p->ctx, sd->m->cost->napi_poll, backlog_next);
}
