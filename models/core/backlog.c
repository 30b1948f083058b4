/*
 * models/core/backlog.c - netif_rx() and process_backlog(): how a driver
 * without NAPI hands frames to the stack.
 *
 * Follows net/core/dev.c (v6.18) netif_rx_internal() and
 * process_backlog(); enqueue_to_backlog() and RPS are models/core/rps.c:
 *
 * - netif_rx(): the frame goes to the backlog of the CPU RPS/RFS picks,
 *   else of this CPU; enqueue_to_backlog() drops it (softnet_data.dropped)
 *   if that input_pkt_queue already holds more than netdev_max_backlog
 *   frames (so up to max_backlog + 1 fit), and if the queue was empty,
 *   schedules the backlog NAPI (here: NET_RX raised, run at irq_exit();
 *   elsewhere: an RPS IPI).
 * - process_backlog(): the backlog NAPI's poll, quota dev_weight
 *   (dev_rx_weight = weight_p x dev_weight_rx_bias 1): deliver frames
 *   from process_queue; when it is empty, splice all of input_pkt_queue
 *   onto it, or complete (clear SCHED, no napi_complete_done(): no GRO,
 *   no timer) if that is empty too.
 *
 * - process_backlog() first sends the RPS IPIs this CPU owes, and counts
 *   each frame it takes in input_queue_head (RFS's reordering rule).
 *
 * MODEL: no flow limit (off by default), the device's rx_dropped is not
 * counted separately from softnet dropped.
 */
#include "config.h"

#include <glib.h>

#include "models/machine.h"
#include "models/cost.h"
#include "models/core/backlog.h"
#include "models/core/napi.h"
#include "models/core/netdevice.h"
#include "models/core/rps.h"
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

/* netif_rx_internal(): the CPU RPS/RFS picks, else this one */
bool netif_rx(struct softnet_data *sd, struct net_device *dev,
	      const struct sk_buff *skb)
{
	struct machine *m = sd->m;
	struct rps_dev_flow *rflow = NULL;
	struct sk_buff s;
	int cpu = -1;

	if (!rps_needed(m))
		return enqueue_to_backlog(sd, skb, sd->cpu->id, NULL);
	cpu = get_rps_cpu(m, dev, skb, &rflow);
	s = *skb;
	s.hash = skb_get_hash(m, skb);
	return enqueue_to_backlog(sd, &s, cpu < 0 ? sd->cpu->id : (uint32_t)cpu,
				  rflow ? &rflow->last_qtail : NULL);
}

uint64_t backlog_queued(const struct softnet_data *sd)
{
	return skb_queue_frames(&sd->input_pkt_queue) +
	       skb_queue_frames(&sd->process_queue);
}

static void backlog_next(struct sim_ctx *ctx);

static void backlog_frame_done(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct sk_buff skb;

	skb_dequeue(&p->sd->process_queue, &skb);
	p->sd->backlog_work++;
	/* input_queue_head_incr(): RFS sees the frame gone */
	p->sd->input_queue_head++;
	__netif_receive_skb(p, &skb, backlog_next);
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
	sim_ctx_step(ctx, __netif_receive_skb_cycles(sd->m->stack,
			skb_peek(&sd->process_queue)), backlog_frame_done);
}

static void backlog_start(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;

	sim_ctx_step(ctx, p->sd->m->cost->napi_poll, backlog_next);
}

static void process_backlog(struct napi_poller *p, struct napi_struct *n,
			    int quota)
{
	struct softnet_data *sd = p->sd;

	g_assert(n == &sd->backlog);
	sd->backlog_work = 0;
	sd->backlog_quota = quota;
	/* IPIs are better sent now than at net_rx_action()'s end */
	if (sd_has_rps_ipi_waiting(sd)) {
		net_rps_action(sd, p->ctx, backlog_start);
		return;
	}
	backlog_start(p->ctx);
}
