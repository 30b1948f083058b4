/*
 * models/drivers/mlx5.c - a ConnectX-class multi-queue NIC and its mlx5e
 * driver: N channels, each an RX ring, a TX ring, one NAPI and one MSI-X
 * completion vector; RSS; CQ moderation and net_dim per channel.
 *
 * Follows drivers/net/ethernet/mellanox/mlx5/core (~v6.12-6.17):
 * en_main.c mlx5e_open_channel() (one NAPI per channel, netif_napi_add()
 * on the channel's completion vector), mlx5e_set_default_xps_cpumasks();
 * en_txrx.c mlx5e_napi_poll(), mlx5e_completion_event(), mlx5e_cq_arm(),
 * mlx5e_handle_rx_dim(); en_rx.c mlx5e_poll_rx_cq(),
 * mlx5e_post_rx_wqes(), mlx5e_build_rx_skb() (skb_record_rx_queue(),
 * mlx5e_skb_set_hash()); en_tx.c mlx5e_xmit(), mlx5e_poll_tx_cq();
 * en_dim.c and lib/dim (net_dim, with the CQE-based profile table by
 * default); mlx5e_select_queue(), which is netdev_pick_tx() when there
 * are no special queues.
 *
 * The device side, per channel:
 * - RX: a frame's Toeplitz hash over its 4-tuple (models/drivers/rss.c)
 *   indexes the indirection table (RQT), which names the channel whose RQ
 *   it goes to.  Its DMA completes dma_latency_ns after its last bit: it
 *   takes the next posted WQE and writes a CQE carrying the hash.  With no
 *   WQE posted it is dropped and counted (rx_out_of_buffer, our
 *   rx_missed_errors).
 * - Events: the channel's CQs are armed when its NAPI completes
 *   (mlx5e_cq_arm()).  An armed CQ that holds a completion not yet polled
 *   generates one event (EQE) on the channel's completion vector, which is
 *   then disarmed; arming with completions pending fires at once.  CQ
 *   moderation holds the event until cq_max_count completions (rx_frames)
 *   or until cq_period (rx_usecs) has run; the period restarts at every
 *   event (EQE mode) or at every completion (CQE mode, cqe_mode_rx,
 *   mlx5's default).  net_dim (adaptive_rx) picks both per channel from
 *   the table of that mode.
 * - TX: frames go out of the port back to back at line rate, from
 *   whichever SQ; a WQE completes when its frame has left the wire; the
 *   TX CQ's event comes tx_usecs after its first completion not yet
 *   polled.
 * The driver side: mlx5e_completion_event() schedules the channel's NAPI
 * on the CPU that took the vector ([nic] irq_affinity); its hrtimer
 * fires there too.  mlx5e_napi_poll() polls the TX CQ (at most
 * MLX5E_TX_CQ_POLL_BUDGET completions), then the RX CQ within the budget
 * (each frame up the stack with skb->hash and its RX queue recorded),
 * posts the RX WQEs back (mlx5e_post_rx_wqes()); if it used its budget or
 * the TX CQ was not drained it returns the budget and stays scheduled,
 * else napi_complete_done(); only if that returns true (no deferral, no
 * busy poller, no MISSED) net_dim runs, the CQs are armed and the poll
 * counts as Done.
 * ndo_start_xmit is mlx5e_xmit() on the TX queue dev_queue_xmit() picked
 * (netdev_pick_tx(): the XPS map mlx5e_set_default_xps_cpumasks() sets,
 * each TX queue from the CPUs of its completion vectors, unless
 * xps_cpus says otherwise).
 *
 * MODEL: left out: striding RQ (multi-packet WQEs), the page pool and
 * RX buffer recycling, LRO and HW-GRO, XDP and XSK, the ICOSQ, TCs,
 * QoS, PTP and HTB queues, the TX doorbell batching (xmit_more), TX queue
 * stop/wake (a full SQ drops: tx_dropped), adaptive TX moderation, and
 * the EQ itself (one event per CQ, straight to its vector).  A channel
 * has one armed state for its RX and TX CQs (the hardware arms each CQ
 * on its own).  The moderation counter counts completions since the CQs
 * were armed.  RX WQEs are posted back only at the end of each poll, all
 * of them.  The completion vectors beyond the channels (mlx5 has one per
 * CPU) exist only for the default XPS map.
 *
 * The frames of the port are one lazy input (sim/engine/lazy.h) with a
 * lane per RQ: RSS picks a frame's lane when it is read, and each
 * channel brings its own RQ up to date.  An armed channel with nothing
 * pending and no moderation counts on its own next frame
 * (sim_lazy_predict()): its event is raised for that frame's writeback,
 * with no event per frame of the port; one that must react to each of
 * its completions (moderation) watches its lane (sim_lazy_watch()).  The
 * driver is written once for batch and reference mode.
 */
#include "config.h"

#include <math.h>
#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/row.h"
#include "sim/config/scenario.h"
#include "sim/engine/lazy.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/cost.h"
#include "models/core/gro.h"
#include "models/core/napi.h"
#include "models/core/netdevice.h"
#include "models/drivers/drivers.h"
#include "models/drivers/rss.h"
#include "models/mitigation/mitigation.h"
#include "models/stack/skbuff.h"
#include "models/stack/stack.h"
#include "models/workload/traffic.h"

/* en.h: MLX5E_MAX_NUM_CHANNELS (MLX5E_INDIR_RQT_SIZE >> 1) */
#define MLX5E_MAX_NUM_CHANNELS		(RSS_INDIR_SIZE >> 1)
/* en_txrx.c: completions one poll takes from a TX CQ */
#define MLX5E_TX_CQ_POLL_BUDGET		128

struct mlx5e_rq {			/* a channel's RX queue and its CQ */
	uint32_t count;		/* WQEs (rx_ring_size) */
	uint32_t posted;	/* posted to hardware, not yet used */
	uint32_t ready;		/* CQEs written, not yet polled */
	uint32_t to_post;	/* polled, not yet posted back */
	uint32_t cc;		/* consumer counter: next CQE to poll */
	uint32_t pc;		/* next WQE hardware fills */
	struct sk_buff *desc;	/* per WQE: its frame */
	sim_time_t last_write;	/* the newest CQE's writeback */
	/* moderation, since the CQ was armed */
	uint32_t unreported;	/* CQEs */
	sim_time_t first, last;	/* writebacks of the first and last */
};

struct mlx5e_txqsq {			/* a channel's TX queue and its CQ */
	uint32_t count;
	uint32_t used;		/* posted, not yet completed and polled */
	uint32_t pc, cc;
	sim_time_t *done;	/* per WQE: its frame off the wire */
};

struct mlx5e_priv;

struct mlx5e_channel {
	struct mlx5e_priv *priv;
	uint32_t ix;
	struct mlx5e_rq rq;
	struct mlx5e_txqsq sq;
	struct napi_struct napi;
	struct sim_irq *irq;		/* its completion vector */
	struct netdev_rx_queue *rxq;
	struct netdev_queue *txq;
	struct sim_lazy_lane *lane;	/* the port's frames RSS sends here */
	struct rx_mitigation *mit;	/* RX CQ moderation, or NULL */
	bool armed;			/* mlx5e_cq_arm() since the event */
	bool watching;			/* reacts to each of its CQEs */
	sim_time_t eqe_at;		/* the event raised, or NEVER */
	sim_time_t last_eqe;		/* the last event, or NEVER */
	uint64_t arm;			/* ch_stats->arm */

	/* the poll in progress (mlx5e_napi_poll) */
	int work_done;
	int budget;
	uint32_t tx_polled;
	bool tx_busy;
};

struct mlx5e_priv {
	struct net_device *netdev;
	struct machine *m;
	const struct nic_cfg *cfg;
	struct stack *stack;
	uint32_t nch;
	struct mlx5e_channel *ch;
	struct rss rss;
	/* per flow of the port: its RSS hash and its channel */
	uint32_t *flow_hash;
	uint32_t *flow_ch;
	struct sim_lazy dma;		/* the port's frames: a lane per RQ */
	sim_time_t dma_ps;		/* last bit in -> CQE written */
	sim_time_t irq_lat_ps;		/* event -> handler entered */
	uint32_t link_mbps;
	sim_time_t wire_free;		/* the port's TX side is next idle */
	/* driver cycles of a frame, for the last frame length seen */
	struct cost_rx_cache cycles;
};

static uint64_t rx_driver_cycles(struct mlx5e_priv *priv, uint32_t len)
{
	return cost_rx_driver_cycles(priv->m->cost, &priv->cycles, len);
}

/* every frame for @c whose DMA completes by @t has reached its RQ */
static void rq_advance(struct mlx5e_channel *c, sim_time_t t)
{
	if (c->lane)
		sim_lazy_advance(c->lane, t);
}

/* ------------------------------------------------------------ events */

/* the channel reacts to each completion of its RQ, or to none */
static void set_watch(struct mlx5e_channel *c, bool watch)
{
	c->watching = watch;
	if (!c->lane)
		return;
	if (watch)
		sim_lazy_watch(c->lane);
	else
		sim_lazy_unwatch(c->lane);
}

/* RX completions pending on an armed CQ: when does moderation let the
 * event out? */
static sim_time_t rx_event_at(struct mlx5e_channel *c, sim_time_t now)
{
	struct rx_mitigation *mit = c->mit;
	struct rx_irq_state st = {
		.now = now, .first = c->rq.first, .last = c->rq.last,
		.frames = c->rq.unreported, .last_irq = c->last_eqe,
	};
	sim_time_t d;

	if (!mit)
		return now;
	d = mit->ops->irq_delay(mit, &st);
	return d == SIM_TIME_NEVER ? SIM_TIME_NEVER : now + d;
}

/*
 * The channel's CQs generate an event when armed with a completion
 * pending, once moderation allows.  Called whenever any of that may have
 * changed; the event, once generated (at or before @now), stands.
 */
static void mlx5e_cq_check(struct mlx5e_channel *c, sim_time_t now)
{
	struct mlx5e_priv *priv = c->priv;
	const struct mlx5e_txqsq *sq = &c->sq;
	sim_time_t at = SIM_TIME_NEVER;
	bool watch = false;

	if (!c->armed || (c->eqe_at != SIM_TIME_NEVER && c->eqe_at <= now)) {
		set_watch(c, false);
		return;
	}
	if (c->lane) {
		rq_advance(c, now);
		if (c->rq.unreported) {
			at = rx_event_at(c, now);
			/* each completion may move it: count, CQE timer */
			watch = c->mit && at > now;
		} else if (!c->mit && c->rq.posted) {
			/* the next completion of this RQ raises it: its
			 * frame's writeback, when that can be counted on
			 * without an event (no frame of this RQ comes
			 * before it, so a WQE is still posted for it) */
			at = sim_lazy_predict(c->lane);
			watch = at == SIM_TIME_NEVER;
		} else {
			watch = true;
		}
	}
	if (sq->used) {
		/* the first TX completion not yet polled, plus tx-usecs */
		sim_time_t tx = sq->done[sq->cc] + SIM_US(priv->cfg->tx_usecs);

		at = MIN(at, MAX(tx, now));
	}
	set_watch(c, watch);
	/* CQE mode moves the deadline later: take the old one back */
	sim_irq_cancel(c->irq);
	c->eqe_at = at;
	if (at != SIM_TIME_NEVER)
		sim_irq_raise(c->irq, at + priv->irq_lat_ps);
}

/* a CQE of the channel's RQ was written: if it watches, it looks */
static void rq_notify(void *p, sim_time_t now)
{
	struct mlx5e_channel *c = p;

	if (c->watching)
		mlx5e_cq_check(c, now);
}

/* mlx5e_completion_event(): the EQ of the vector names this channel */
static void mlx5e_completion_event(struct sim_irq *irq)
{
	struct mlx5e_channel *c = irq->data;
	struct mlx5e_priv *priv = c->priv;
	sim_time_t now = irq->cpu->now;

	rq_advance(c, now);
	c->armed = false;
	c->last_eqe = c->eqe_at != SIM_TIME_NEVER ? c->eqe_at :
		      now - priv->irq_lat_ps;
	c->eqe_at = SIM_TIME_NEVER;
	c->rq.unreported = 0;
	set_watch(c, false);
	napi_schedule(softnet(priv->m, irq->cpu->id), &c->napi,
		      NAPI_TRIGGER_HARDIRQ);
}

/* mlx5e_cq_arm() of the RX and TX CQs: pending completions count again */
static void mlx5e_cq_arm(struct mlx5e_channel *c, sim_time_t now)
{
	struct mlx5e_rq *rq = &c->rq;

	rq_advance(c, now);
	c->armed = true;
	c->arm++;
	rq->unreported = rq->ready;
	rq->first = now;
	rq->last = rq->last_write;
	mlx5e_cq_check(c, now);
}

/* ------------------------------------------------------------ RX DMA */

static void rx_writeback(struct mlx5e_channel *c, const struct sk_buff *skb)
{
	struct mlx5e_rq *rq = &c->rq;
	sim_time_t t = skb->arrival + c->priv->dma_ps;

	if (!rq->posted) {
		c->rxq->stats.missed++;
		return;
	}
	rq->posted--;
	rq->desc[rq->pc] = *skb;
	rq->pc = (rq->pc + 1) % rq->count;
	rq->ready++;
	rq->last_write = t;
	if (!c->armed)
		return;
	if (!rq->unreported)
		rq->first = t;
	rq->last = t;
	rq->unreported++;
}

static sim_time_t port_next(void *p)
{
	struct mlx5e_priv *priv = p;
	sim_time_t t = traffic_peek(priv->netdev->wire);

	return t == SIM_TIME_NEVER ? t : t + priv->dma_ps;
}

/* the frame's hash picks its RQ through the indirection table */
static uint32_t port_pop(void *p, void *item)
{
	struct mlx5e_priv *priv = p;
	struct sk_buff *skb = item;

	traffic_pop(priv->netdev->wire, skb);
	skb->hash = priv->flow_hash[skb->flow];
	return priv->flow_ch[skb->flow];
}

static void rq_apply(void *p, const void *item)
{
	rx_writeback(p, item);
}

/* ------------------------------------------------------------ TX */

/* mlx5e_xmit() on the SQ of skb->queue_mapping */
static sim_time_t mlx5e_xmit(struct net_device *dev,
			     const struct sk_buff *skb, sim_time_t now)
{
	struct mlx5e_priv *priv = dev->priv;
	struct mlx5e_channel *c = &priv->ch[skb->queue_mapping];
	struct mlx5e_txqsq *sq = &c->sq;
	sim_time_t start, done;

	if (sq->used == sq->count) {
		c->txq->dropped++;
		return SIM_TIME_NEVER;
	}
	/* the NIC fetches the WQE and frame, then the port sends it */
	start = MAX(now + priv->dma_ps, priv->wire_free);
	done = start + traffic_wire_ps(priv->link_mbps, skb->len);
	priv->wire_free = done;
	sq->done[sq->pc] = done;
	sq->pc = (sq->pc + 1) % sq->count;
	sq->used++;
	c->txq->packets++;
	c->txq->bytes += skb->len;
	mlx5e_cq_check(c, now);
	return done;
}

/* mlx5e_poll_tx_cq(): completions whose frame has left by @now */
static uint32_t tx_completed(const struct mlx5e_txqsq *sq, sim_time_t now)
{
	return tx_ring_completed(sq->done, sq->count, sq->cc, sq->used, now);
}

/* ------------------------------------------------------------ NAPI */

static struct mlx5e_channel *poll_channel(const struct sim_ctx *ctx)
{
	return ((struct napi_poller *)ctx->poller)->polling->priv;
}

/*
 * mlx5e_post_rx_wqes(): every polled WQE back to hardware.  Frames whose
 * DMA completed before now saw the RQ as it was: let them reach it first.
 */
static void mlx5e_post_rx_wqes(struct mlx5e_channel *c, sim_time_t now)
{
	struct mlx5e_rq *rq = &c->rq;

	rq_advance(c, now);
	rq->posted += rq->to_post;
	rq->to_post = 0;
}

static void poll_rx_next(struct sim_ctx *ctx);

static void poll_rx_frame_done(struct sim_ctx *ctx)
{
	struct mlx5e_channel *c = poll_channel(ctx);
	struct mlx5e_rq *rq = &c->rq;
	struct sk_buff skb = rq->desc[rq->cc];

	rq->cc = (rq->cc + 1) % rq->count;
	rq->to_post++;
	c->rxq->stats.packets++;
	c->rxq->stats.bytes += skb.len;
	/* mlx5e_build_rx_skb(): the hash came in the CQE */
	skb_record_rx_queue(&skb, (uint16_t)c->ix);
	c->work_done++;
	napi_gro_receive(ctx->poller, &skb, poll_rx_next);
}

/* mlx5e_handle_rx_dim(): net_dim on the channel's counters */
static void mlx5e_handle_rx_dim(struct mlx5e_channel *c, sim_time_t now)
{
	struct mit_sample smp = {
		.time = now, .irqs = c->irq->count,
		.rx_packets = c->rxq->stats.packets,
		.rx_bytes = c->rxq->stats.bytes,
		.tx_packets = c->txq->packets, .tx_bytes = c->txq->bytes,
	};

	if (c->mit && c->mit->ops->sample)
		c->mit->ops->sample(c->mit, &smp);
}

static void poll_completed(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct napi_struct *n = p->polling;
	struct mlx5e_channel *c = n->priv;
	int work = c->work_done;

	/* Done: a poll that emptied the ring and armed the CQs again (the
	 * IRQ re-enabled); a completion that leaves them unarmed (deferral,
	 * a busy poller, MISSED) is not one */
	if (napi_complete_ret(n)) {
		c->rxq->stats.done++;
		mlx5e_handle_rx_dim(c, ctx->cpu->now);
		mlx5e_cq_arm(c, ctx->cpu->now);
	}
	napi_poll_end(p, n, work);
}

static void poll_complete_done(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct napi_struct *n = p->polling;
	struct mlx5e_channel *c = n->priv;

	/* GRO's packets go up first */
	napi_complete_done(p, n, c->work_done, poll_completed);
}

/* mlx5e_poll_rx_cq(): one CQE per step while the budget lasts */
static void poll_rx_next(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct mlx5e_channel *c = p->polling->priv;
	struct mlx5e_rq *rq = &c->rq;

	rq_advance(c, ctx->cpu->now);
	if (c->work_done < c->budget && rq->ready) {
		const struct sk_buff *skb = &rq->desc[rq->cc];

		rq->ready--;
		sim_ctx_step(ctx, rx_driver_cycles(c->priv, skb->len) +
			     napi_gro_receive_cycles(p, skb),
			     poll_rx_frame_done);
		return;
	}
	if (rq->count) {
		mlx5e_post_rx_wqes(c, ctx->cpu->now);
		SIM_WARN_ON_ONCE(c->priv->m,
				 rq->posted + rq->ready != rq->count);
	}
	if (c->work_done == c->budget || c->tx_busy) {
		/* busy: return the budget, stay scheduled */
		c->rxq->stats.ndone++;
		napi_poll_end(p, p->polling, c->budget);
		return;
	}
	sim_ctx_step(ctx, c->priv->m->cost->napi_complete,
		     poll_complete_done);
}

static void poll_tx_done(struct sim_ctx *ctx)
{
	struct mlx5e_channel *c = poll_channel(ctx);
	struct mlx5e_txqsq *sq = &c->sq;

	sq->cc = (sq->cc + c->tx_polled) % sq->count;
	sq->used -= c->tx_polled;
	poll_rx_next(ctx);
}

/*
 * napi_struct.idle_until: after a poll that did nothing (no CQE, no TX
 * completion, no WQE to post back), polls find nothing until this RQ's
 * next frame is written back (or a bound on that time:
 * sim_lazy_quiet_until()) or the next TX completion, and each costs
 * what that one did.  A busy poller's empty turns are then counted at
 * once (models/core/busy_poll.c).
 */
static sim_time_t mlx5e_poll_idle_until(const struct napi_struct *n)
{
	struct mlx5e_channel *c = n->priv;
	sim_time_t t = SIM_TIME_NEVER;

	if (c->work_done || c->tx_polled || c->tx_busy || c->rq.ready ||
	    c->rq.to_post)
		return 0;
	if (c->lane)
		t = sim_lazy_quiet_until(c->lane);
	if (c->sq.used)
		t = MIN(t, c->sq.done[c->sq.cc]);
	return t;
}

/* mlx5e_napi_poll(): the TX CQ, then the RX CQ within the budget */
static void mlx5e_napi_poll(struct napi_poller *p, struct napi_struct *n,
			    int budget)
{
	struct mlx5e_channel *c = n->priv;
	const struct cost_cfg *cost = c->priv->m->cost;
	uint32_t tx = tx_completed(&c->sq, p->ctx->cpu->now);

	c->work_done = 0;
	c->budget = budget;
	c->tx_polled = MIN(tx, MLX5E_TX_CQ_POLL_BUDGET);
	/* mlx5e_poll_tx_cq() returns (i == MLX5E_TX_CQ_POLL_BUDGET): busy
	 * when it polled a whole budget, even if that emptied the CQ */
	c->tx_busy = c->tx_polled == MLX5E_TX_CQ_POLL_BUDGET;
	sim_ctx_step(p->ctx, cost->napi_poll + (uint64_t)c->tx_polled *
		     cost->tx_clean, poll_tx_done);
}

/* ------------------------------------------------------------ ndo */

/* mlx5e_open(): RQs full of WQEs, CQs armed, at time 0 */
static void mlx5e_open(struct net_device *dev)
{
	struct mlx5e_priv *priv = dev->priv;

	priv->stack = priv->m->stack;
	for (uint32_t ix = 0; ix < priv->nch; ix++) {
		struct mlx5e_channel *c = &priv->ch[ix];

		c->rxq->polled_by = &c->napi;
		c->rq.posted = c->rq.count;
		c->armed = true;
	}
	if (dev->wire)
		sim_lazy_start(&priv->dma);
	for (uint32_t ix = 0; ix < priv->nch; ix++)
		mlx5e_cq_check(&priv->ch[ix], 0);
}

static void mlx5e_get_stats(struct net_device *dev,
			    sim_time_t now G_GNUC_UNUSED)
{
	struct mlx5e_priv *priv = dev->priv;

	for (uint32_t ix = 0; ix < priv->nch; ix++)
		priv->ch[ix].rxq->stats.queued = priv->ch[ix].rq.ready;
}

static const char *mlx5e_moderation(struct net_device *dev,
				    uint64_t *changes)
{
	struct mlx5e_priv *priv = dev->priv;

	*changes = 0;
	for (uint32_t ix = 0; ix < priv->nch; ix++)
		*changes += priv->ch[ix].mit ? priv->ch[ix].mit->changes : 0;
	return priv->ch[0].mit ? priv->ch[0].mit->ops->name : "none";
}

static void mlx5e_report(struct net_device *dev, uint32_t rxq,
			 struct sim_row *d)
{
	struct mlx5e_priv *priv = dev->priv;
	const struct mlx5e_channel *c = &priv->ch[rxq];

	sim_row_add_u64(d, "arm", c->arm);
	sim_row_add_bool(d, "armed", c->armed);
}

static void mlx5e_uninit(struct net_device *dev)
{
	struct mlx5e_priv *priv = dev->priv;

	for (uint32_t ix = 0; ix < priv->nch; ix++) {
		mitigation_nic_free(priv->ch[ix].mit);
		g_free(priv->ch[ix].rq.desc);
		g_free(priv->ch[ix].sq.done);
	}
	sim_lazy_destroy(&priv->dma);
	g_free(priv->ch);
	g_free(priv->flow_hash);
	g_free(priv->flow_ch);
	g_free(priv);
}

static const struct net_device_ops mlx5e_netdev_ops = {
	.ndo_open = mlx5e_open,
	.ndo_start_xmit = mlx5e_xmit,
	.ndo_get_stats = mlx5e_get_stats,
	.ndo_moderation = mlx5e_moderation,
	.ndo_report = mlx5e_report,
	.ndo_uninit = mlx5e_uninit,
};

/*
 * mlx5e_set_default_xps_cpumasks(): TX queue ix is sent on from the CPUs
 * of completion vectors ix, ix + nch, ix + 2 nch, ... (one vector per
 * CPU; the channels' own vectors where [nic] irq_affinity put them, the
 * others on their own CPU).
 */
static void mlx5e_set_default_xps_cpumasks(struct mlx5e_priv *priv,
					   const uint32_t *cpu)
{
	uint32_t ncomp = priv->m->sim.ncpu;

	for (uint32_t ix = 0; ix < priv->nch; ix++) {
		uint64_t mask = 0;

		for (uint32_t irq = ix; irq < ncomp; irq += priv->nch)
			mask |= 1ULL << (irq < priv->nch ? cpu[irq] : irq);
		netif_set_xps_queue(priv->netdev, mask, (uint16_t)ix);
	}
}

/* the hash and the channel of every flow of the port */
static void mlx5e_rss_flows(struct mlx5e_priv *priv, struct traffic *wire)
{
	uint32_t n = traffic_nr_flows(wire);

	priv->flow_hash = g_new(uint32_t, n);
	priv->flow_ch = g_new(uint32_t, n);
	for (uint32_t f = 0; f < n; f++) {
		const struct flow_keys *k = traffic_flow_keys(wire, f);
		/* rx_flow_hash_udp4 sets UDP's fields; TCP's (ethtool -N
		 * rx-flow-hash tcp4) stay mlx5's default, the 4-tuple */
		int fields = k->ip_proto == 6 ? RSS_HASH_SDFN :
			     priv->rss.fields;

		priv->flow_hash[f] = rss_hash_ipv4(priv->rss.key,
						   fields, k->saddr,
						   k->daddr, k->sport,
						   k->dport);
		priv->flow_ch[f] = rss_queue(&priv->rss, priv->flow_hash[f]);
	}
}

/* mlx5e_probe() .. mlx5e_open_channels(): @cfg->channels channels */
static struct net_device *mlx5e_probe(struct machine *m, const char *name,
				      const struct nic_cfg *cfg,
				      struct traffic *wire,
				      GError **error G_GNUC_UNUSED)
{
	const struct napi_cfg *napi = machine_cfg(m, &napi_model_ops);
	struct mlx5e_priv *priv = g_new0(struct mlx5e_priv, 1);
	uint32_t nch = cfg->channels;
	g_autofree uint32_t *cpu = g_new(uint32_t, nch);
	g_autofree uint64_t *xps = g_new0(uint64_t, nch);
	struct net_device *dev;
	bool ok;

	dev = alloc_netdev(m, name, nch, nch, priv, &mlx5e_netdev_ops);
	dev->wire = wire;
	priv->netdev = dev;
	priv->m = m;
	priv->cfg = cfg;
	priv->nch = nch;
	priv->ch = g_new0(struct mlx5e_channel, nch);
	priv->dma_ps = SIM_NS(cfg->dma_latency_ns);
	priv->irq_lat_ps = SIM_NS(cfg->irq_latency_ns);
	priv->link_mbps = traffic_line_rate_mbps(m->traffic);
	/* the [nic] checks parsed them already */
	ok = rss_key_parse(cfg->rss_key, priv->rss.key, NULL) &&
	     rss_indir_fill(priv->rss.indir, cfg->rss_indir, nch, NULL);
	g_assert(ok);
	priv->rss.fields = cfg->rx_flow_hash_udp4;
	nic_irq_affinity(cfg, m->sim.ncpu, cpu);
	if (wire) {
		mlx5e_rss_flows(priv, wire);
		sim_lazy_init(&priv->dma, &m->sim, priv, port_next, port_pop,
			      sizeof(struct sk_buff), nch);
		dev->input = &priv->dma;
	}
	for (uint32_t ix = 0; ix < nch; ix++) {
		struct mlx5e_channel *c = &priv->ch[ix];
		g_autofree char *vec = g_strdup_printf("%s-%u", name, ix);

		c->priv = priv;
		c->ix = ix;
		c->rxq = &dev->_rx[ix];
		c->txq = &dev->_tx[ix];
		c->eqe_at = c->last_eqe = SIM_TIME_NEVER;
		if (wire) {
			sim_lazy_lane_init(&priv->dma, ix, "rx_dma",
					   dev->ifindex - 1, c, rq_apply,
					   rq_notify);
			c->lane = sim_lazy_lane(&priv->dma, ix);
			c->rq.count = cfg->rx_ring_size;
			c->rq.desc = g_new0(struct sk_buff, c->rq.count);
			c->mit = mitigation_nic_new_timer(cfg, priv->link_mbps,
				cfg->cqe_mode_rx ? COALESCE_FROM_CQE :
						   COALESCE_FROM_EQE);
		}
		c->sq.count = cfg->tx_ring_size;
		c->sq.done = g_new0(sim_time_t, c->sq.count);
		c->irq = machine_request_irq(m, vec, cpu[ix], m->cost->hardirq,
					     mlx5e_completion_event, c);
		/* the NAPI and its hrtimer live on the vector's CPU */
		netif_napi_add(m, dev, &c->napi, mlx5e_napi_poll,
			       napi->weight, cpu[ix]);
		c->napi.priv = c;
		c->napi.idle_until = mlx5e_poll_idle_until;
		c->rxq->napi = &c->napi;
		c->rxq->irq = c->irq;
	}
	switch (nic_xps_cpus(cfg, xps)) {
	case NIC_XPS_DRIVER:
		mlx5e_set_default_xps_cpumasks(priv, cpu);
		break;
	case NIC_XPS_SET:
		for (uint32_t ix = 0; ix < nch; ix++)
			netif_set_xps_queue(dev, xps[ix], (uint16_t)ix);
		break;
	default:
		break;
	}
	return dev;
}

static bool is_pow2(uint32_t x)
{
	return x && !(x & (x - 1));
}

static gboolean mlx5e_check(const struct nic_cfg *cfg, GError **error)
{
	if (!is_pow2(cfg->rx_ring_size) || !is_pow2(cfg->tx_ring_size)) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "rx_ring_size and tx_ring_size must be powers of two (mlx5 log_rq_size, log_sq_size)");
		return FALSE;
	}
	if (cfg->interrupt_throttle_rate) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "interrupt_throttle_rate: e1000's; mlx5 moderates with rx_usecs/rx_frames or adaptive_rx");
		return FALSE;
	}
	return TRUE;
}

/* one completion vector per CPU; a ConnectX link; NAPI only */
static gboolean mlx5e_check_groups(const struct nic_cfg *cfg,
				   const struct sim_point *p, GError **error)
{
	const struct cpu_cfg *cpu = sim_point_cfg(p, &cpu_model_ops);
	const struct traffic_cfg *t = sim_point_cfg(p, &traffic_model_ops);
	const struct mitigation_cfg *mit = sim_point_cfg(p,
						&mitigation_model_ops);
	static const uint32_t speeds[] = { 10000, 25000, 40000, 100000 };
	bool speed_ok = false;

	if (cfg->channels > cpu->count) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "channels: %u is more than mlx5 allows with [cpu] count=%u (one completion vector per CPU)",
			    cfg->channels, cpu->count);
		return FALSE;
	}
	for (guint i = 0; i < G_N_ELEMENTS(speeds); i++)
		speed_ok |= t->line_rate_mbps == speeds[i];
	if (!speed_ok) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "driver: mlx5 links at 10, 25, 40 or 100 GbE, not [traffic] line_rate_mbps=%u (set 10000, 25000, 40000 or 100000)",
			    t->line_rate_mbps);
		return FALSE;
	}
	if (mitigation_kernel_ops(mit)->nonapi) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "driver: mlx5 has no pre-NAPI mode ([mitigation] policy=%s)",
			    mitigation_kernel_ops(mit)->name);
		return FALSE;
	}
	return TRUE;
}

const struct net_driver mlx5_driver = {
	.name = "mlx5",
	.help = "Mellanox/NVIDIA ConnectX (mlx5e): channels of RX/TX rings, one NAPI and MSI-X vector each, RSS, CQ moderation and net_dim",
	.max_channels = MLX5E_MAX_NUM_CHANNELS,
	.probe = mlx5e_probe,
	.check = mlx5e_check,
	.check_groups = mlx5e_check_groups,
};
