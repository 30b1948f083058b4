/*
 * models/drivers/e1000.c - an e1000-class Gigabit NIC and its NAPI driver.
 *
 * Follows drivers/net/ethernet/intel/e1000/e1000_main.c (~v6.17):
 * e1000_intr(), e1000_clean(), e1000_clean_rx_irq(), e1000_clean_tx_irq(),
 * e1000_alloc_rx_buffers() and e1000_xmit_frame(), with the device side
 * reduced to what the receive path needs:
 *
 * - RX: a frame's DMA completes dma_latency_ns after its last bit; it takes
 *   the next descriptor given to hardware (RDH..RDT) and sets DD and the
 *   interrupt cause ICR.RXT0.  With no descriptor left it is dropped and
 *   counted as rx_missed_errors (MPC).  The driver gives cleaned
 *   descriptors back every rx_buffer_write (E1000_RX_BUFFER_WRITE, 16) and
 *   at the end of each poll; hardware never holds more than count - 1.
 * - IRQ: e1000_intr() reads ICR (clearing the causes), masks the device
 *   (IMC) and schedules NAPI.  The IRQ stays masked until the poll
 *   completes with napi_complete_done() == true; then IMS is written.  A
 *   cause that was set while masked fires at once on unmask: the ICR is
 *   level-triggered, which closes the "rotting packet" window of the old
 *   NAPI_HOWTO's appendix (a frame written after the poll's last ring
 *   check still raises an interrupt).
 * - RX moderation: with a NIC-side policy (models/mitigation/: rx-usecs /
 *   rx-frames, ITR, net_dim) the device asks the policy's irq_delay() when
 *   an RX cause is pending and the IRQ unmasked, and asserts it then.
 * - TX: frames go out back to back at line rate; a descriptor completes
 *   when its frame has left the wire.  The TX completion cause (TXDW)
 *   fires tx_usecs after the first completion since ICR was last read,
 *   like the absolute timer TADV (TxAbsIntDelay).  A poll that reclaims
 *   a whole ring's worth returns its budget (e1000_clean(): TX clean not
 *   complete) and stays scheduled.
 * - Pre-NAPI ([mitigation] policy=none): e1000_intr_nonapi() never masks,
 *   cleans the ring in the hardirq and netif_rx()s each frame.
 *
 * MODEL: left out: the RX FIFO's capacity (a frame with no descriptor is
 * dropped at once), RDTR/RADV, the packet timer TIDV, RXDMT0/RXO causes,
 * copybreak, the rx_buffer_len / multi-descriptor frames, and TX
 * queue stop/wake with a qdisc: a frame that finds the TX ring full is
 * dropped (tx_dropped), and the ring fills to its last descriptor (the
 * kernel stops the queue MAX_SKB_FRAGS + 7 descriptors earlier, so its
 * e1000_clean_tx_irq() sees a whole ring cleaned only when another CPU
 * transmits meanwhile).  RX moderation delays only the RX cause (real ITR
 * throttles every cause).
 *
 * RX writebacks are the device's lazy input (sim/engine/lazy.h): applied
 * when the driver looks, with an event per frame only where the device
 * must react to each one (in reference mode always; in batch mode while a
 * moderation policy watches the frames of an unmasked IRQ).  The driver
 * is written once for both modes.
 *
 * The adapter (struct e1000_adapter) is the device's private part; the
 * stack transmits through ndo_start_xmit(); one RX and one TX queue, one
 * NAPI, one vector on CPU 0.
 */
#include "config.h"

#include <math.h>
#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/row.h"
#include "sim/engine/lazy.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/cost.h"
#include "models/core/backlog.h"
#include "models/core/gro.h"
#include "models/core/napi.h"
#include "models/core/netdevice.h"
#include "models/drivers/drivers.h"
#include "models/mitigation/itr.h"
#include "models/mitigation/mitigation.h"
#include "models/stack/skbuff.h"
#include "models/stack/stack.h"
#include "models/workload/traffic.h"

struct rx_ring {
	uint32_t count;		/* descriptors */
	uint32_t hw_avail;	/* given to hardware, not yet written */
	uint32_t ready;		/* written back (DD), not yet cleaned */
	uint32_t to_refill;	/* cleaned, not yet given back */
	uint32_t next_to_clean;
	uint32_t next_to_use;	/* next descriptor hardware writes */
	struct sk_buff *desc;	/* per descriptor: its frame */
};

struct tx_ring {
	uint32_t count;
	uint32_t used;		/* queued, not yet reclaimed */
	uint32_t next_to_use, next_to_clean;
	sim_time_t *done;	/* per descriptor: completion (on the wire) */
	sim_time_t wire_free;	/* when the wire is next idle */
};

struct e1000_adapter {
	struct net_device *netdev;
	struct machine *m;
	const struct nic_cfg *cfg;
	struct stack *stack;
	struct netdev_rx_queue *rxq;
	struct netdev_queue *txq;
	struct rx_ring rx;
	struct tx_ring tx;
	struct napi_struct napi;
	struct sim_irq *irq;
	struct sim_lazy dma;	/* RX writebacks of the frames on the wire */
	struct sim_lazy_lane *rx_lane;	/* its one lane: the RX ring */
	sim_time_t dma_ps;	/* last bit in -> descriptor written back */
	sim_time_t irq_lat_ps;	/* IRQ asserted -> handler entered */
	uint32_t link_mbps;
	bool irq_masked;	/* IMC written, IMS not yet */
	bool icr_rx;		/* ICR.RXT0: a descriptor written since ICR read */
	sim_time_t icr_read;	/* last ICR read (TX cause = completion after) */
	sim_time_t rx_first;	/* writeback of the first frame since then */
	uint32_t rx_unreported;	/* frames written back since then */
	sim_time_t last_irq;	/* last handler entry, or SIM_TIME_NEVER */
	bool napi_mode;		/* false: the driver has no NAPI (pre-NAPI) */
	struct rx_mitigation *mit;	/* NIC-side moderation, or NULL */
	struct napi_poller irq_poller;	/* pre-NAPI: the hardirq's rounds */
	uint32_t rounds, round_left;

	/* the poll in progress (e1000_clean) */
	int work_done;
	int budget;
	uint32_t tx_cleaned;

	/* driver cycles of a frame, for the last frame length seen */
	struct cost_rx_cache cycles;

	uint64_t irq_enables;	/* IMS writes: the IRQ unmasked */
	uint64_t irq_at_unmask;	/* unmasked with a cause set: fired at once */
	uint64_t tx_incomplete;	/* polls that reclaimed a whole TX ring */
};

/* the driver's own cycles for a frame: descriptor, skb, per byte */
static uint64_t rx_driver_cycles(struct e1000_adapter *a, uint32_t len)
{
	return cost_rx_driver_cycles(a->m->cost, &a->cycles, len);
}

/* ------------------------------------------------------------ RX DMA */

static void rx_writeback(struct e1000_adapter *a, const struct sk_buff *skb)
{
	struct rx_ring *r = &a->rx;

	if (!r->hw_avail) {
		a->rxq->stats.missed++;
		return;
	}
	r->hw_avail--;
	r->desc[r->next_to_use] = *skb;
	r->next_to_use = (r->next_to_use + 1) % r->count;
	r->ready++;
	if (!a->icr_rx) {
		a->rx_first = skb->arrival + a->dma_ps;
		a->rx_unreported = 0;
	}
	a->icr_rx = true;
	a->rx_unreported++;
}

/* the lazy input: the next frame's writeback, and applying it */
static sim_time_t rx_dma_next(void *p)
{
	struct e1000_adapter *a = p;
	sim_time_t t = traffic_peek(a->netdev->wire);

	return t == SIM_TIME_NEVER ? t : t + a->dma_ps;
}

static uint32_t rx_dma_pop(void *p, void *item)
{
	struct e1000_adapter *a = p;

	traffic_pop(a->netdev->wire, item);
	return 0;
}

static void rx_dma_apply(void *p, const void *item)
{
	rx_writeback(p, item);
}

/* let every frame whose DMA completes by @t reach the ring */
static void rx_advance(struct e1000_adapter *a, sim_time_t t)
{
	if (a->netdev->wire)
		sim_lazy_advance(a->rx_lane, t);
}

/* ------------------------------------------------------------ IRQ */

/* earliest TX completion after the last ICR read, or NEVER */
static sim_time_t tx_cause_first(const struct e1000_adapter *a)
{
	const struct tx_ring *t = &a->tx;

	for (uint32_t i = 0, j = t->next_to_clean; i < t->used;
	     i++, j = (j + 1) % t->count)
		if (t->done[j] > a->icr_read)
			return t->done[j];
	return SIM_TIME_NEVER;
}

/* RX cause pending: when does moderation let the device assert it? */
static sim_time_t rx_irq_at(struct e1000_adapter *a, sim_time_t now)
{
	struct rx_mitigation *m = a->mit;
	struct rx_irq_state st = {
		.now = now, .first = a->rx_first,
		.frames = a->rx_unreported, .last_irq = a->last_irq,
	};
	sim_time_t d;

	if (!m)
		return now;
	d = m->ops->irq_delay(m, &st);
	return d == SIM_TIME_NEVER ? SIM_TIME_NEVER : now + d;
}

/*
 * The device asserts its interrupt when a cause is set and the IRQ is not
 * masked, once RX moderation allows.  Called whenever any of that may
 * have changed.
 */
static void e1000_irq_check(struct e1000_adapter *a, sim_time_t now)
{
	sim_time_t at = SIM_TIME_NEVER, tx;

	if (a->irq_masked)
		return;
	if (a->netdev->wire) {
		sim_lazy_advance(a->rx_lane, now);
		if (a->icr_rx)
			at = rx_irq_at(a, now);
		else if (!a->mit)
			/* the next writeback will set RXT0 (when it can be
			 * counted on without an event) */
			at = sim_lazy_predict(a->rx_lane);
		/* with moderation, decide at each writeback, as the
		 * device does */
		if (a->mit)
			sim_lazy_watch(a->rx_lane);
	}
	tx = tx_cause_first(a);
	if (tx != SIM_TIME_NEVER) {
		tx += SIM_US(a->cfg->tx_usecs);
		at = MIN(at, MAX(tx, now));
	}
	if (at != SIM_TIME_NEVER)
		sim_irq_raise(a->irq, at + a->irq_lat_ps);
}

/* a writeback the device reacts to (sim_lazy's event) */
static void rx_dma_notify(void *p, sim_time_t now)
{
	e1000_irq_check(p, now);
}

static void e1000_intr_nonapi(struct e1000_adapter *a, struct sim_cpu *cpu);

/* e1000_intr(): read ICR, mask everything, schedule NAPI */
static void e1000_intr(struct sim_irq *irq)
{
	struct e1000_adapter *a = irq->data;
	sim_time_t now = irq->cpu->now;

	rx_advance(a, now);
	a->icr_rx = false;
	a->icr_read = now;
	a->last_irq = now;
	if (!a->napi_mode) {
		e1000_intr_nonapi(a, irq->cpu);
		return;
	}
	a->irq_masked = true;		/* IMC = ~0 */
	sim_irq_cancel(a->irq);
	/*
	 * MODEL: when napi_schedule_prep() fails (a busy poller owns the
	 * NAPI; prep sets MISSED) e1000 re-enables its interrupt ("should not
	 * happen"); we keep it masked, as drivers with one-shot interrupt
	 * arming (mlx5, ice) do, and as Documentation/networking/napi.rst
	 * asks: the IRQ comes back when napi_complete_done() says so.
	 */
	napi_schedule(softnet(a->m, irq->cpu->id), &a->napi,
		      NAPI_TRIGGER_HARDIRQ);
}

/* e1000_irq_enable(): write IMS */
static void e1000_irq_enable(struct e1000_adapter *a, sim_time_t now)
{
	a->irq_masked = false;
	a->irq_enables++;
	if (a->netdev->wire) {
		rx_advance(a, now);
		if (a->icr_rx)
			a->irq_at_unmask++;	/* the rotting-packet case */
	}
	e1000_irq_check(a, now);
}

/* ------------------------------------------------------------ TX */

/* e1000_xmit_frame() */
static sim_time_t e1000_xmit_frame(struct net_device *dev,
				   const struct sk_buff *skb, sim_time_t now)
{
	struct e1000_adapter *a = dev->priv;
	struct tx_ring *t = &a->tx;
	sim_time_t start, done;

	if (t->used == t->count) {
		a->txq->dropped++;
		return SIM_TIME_NEVER;
	}
	/* the NIC fetches the descriptor and frame, then serializes it */
	start = MAX(now + a->dma_ps, t->wire_free);
	done = start + traffic_wire_ps(a->link_mbps, skb->len);
	t->wire_free = done;
	t->done[t->next_to_use] = done;
	t->next_to_use = (t->next_to_use + 1) % t->count;
	t->used++;
	a->txq->packets++;
	a->txq->bytes += skb->len;
	e1000_irq_check(a, now);
	return done;
}

/* e1000_clean_tx_irq(): reclaim descriptors whose frame has left */
static uint32_t tx_reclaimable(const struct e1000_adapter *a, sim_time_t now)
{
	const struct tx_ring *t = &a->tx;

	return tx_ring_completed(t->done, t->count, t->next_to_clean, t->used,
				 now);
}

static void tx_reclaim(struct e1000_adapter *a, uint32_t n)
{
	struct tx_ring *t = &a->tx;

	t->next_to_clean = (t->next_to_clean + n) % t->count;
	t->used -= n;
}

/* ------------------------------------------------------------ poll */

/*
 * e1000_alloc_rx_buffers(): give cleaned descriptors back to hardware.
 * Every frame whose DMA completed before this instant saw the ring as it
 * was, so let them reach it first (lazy writeback must never see the
 * future's free descriptors).
 */
static void rx_refill(struct e1000_adapter *a, sim_time_t now)
{
	rx_advance(a, now);
	a->rx.hw_avail += a->rx.to_refill;
	a->rx.to_refill = 0;
}

static void clean_rx_next(struct sim_ctx *ctx);

static struct e1000_adapter *poll_adapter(const struct sim_ctx *ctx)
{
	return ((struct napi_poller *)ctx->poller)->polling->priv;
}

/*
 * The descriptor at next_to_clean has been cleaned: move on, refill every
 * rx_buffer_write, count it.  Return: its frame.
 */
static struct sk_buff rx_clean_one(struct e1000_adapter *a, sim_time_t now)
{
	struct rx_ring *r = &a->rx;
	struct sk_buff skb = r->desc[r->next_to_clean];

	r->next_to_clean = (r->next_to_clean + 1) % r->count;
	r->to_refill++;
	if (r->to_refill >= a->cfg->rx_buffer_write)
		rx_refill(a, now);
	a->rxq->stats.packets++;
	a->rxq->stats.bytes += skb.len;
	return skb;
}

static void clean_rx_frame_done(struct sim_ctx *ctx)
{
	struct e1000_adapter *a = poll_adapter(ctx);
	struct sk_buff skb = rx_clean_one(a, ctx->cpu->now);

	a->work_done++;
	/* napi_gro_receive(): the step continues at clean_rx_next() */
	napi_gro_receive(ctx->poller, &skb, clean_rx_next);
}

/* the adaptive policies see each NAPI cycle's end */
static void mitigation_sample(struct e1000_adapter *a, sim_time_t now)
{
	struct mit_sample smp = {
		.time = now, .irqs = a->irq->count,
		.rx_packets = a->rxq->stats.packets,
		.rx_bytes = a->rxq->stats.bytes,
		.tx_packets = a->txq->packets, .tx_bytes = a->txq->bytes,
	};

	if (a->mit && a->mit->ops->sample)
		a->mit->ops->sample(a->mit, &smp);
}

static void clean_return(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct e1000_adapter *a = p->polling->priv;

	napi_poll_end(p, p->polling, a->work_done);
}

static void clean_completed(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct napi_struct *n = p->polling;
	struct e1000_adapter *a = n->priv;

	/* Done: a poll that emptied the ring and re-enabled the IRQ; a
	 * completion that leaves it masked (deferral, a busy poller, MISSED)
	 * is not one */
	if (!napi_complete_ret(n)) {
		napi_poll_end(p, n, a->work_done);
		return;
	}
	a->rxq->stats.done++;
	mitigation_sample(a, ctx->cpu->now);
	/*
	 * e1000_irq_enable(): the IMS write unmasks at once, then the
	 * flushing read (E1000_WRITE_FLUSH) takes its time; an interrupt
	 * raised by the unmask can land meanwhile, in this softirq, whose
	 * net_rx_action() then sees the NAPI listed again and restarts.
	 */
	e1000_irq_enable(a, ctx->cpu->now);
	sim_ctx_step(ctx, a->m->cost->irq_enable, clean_return);
}

/* napi_complete_done(): GRO's packets go up first */
static void clean_complete_done(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct e1000_adapter *a = p->polling->priv;

	napi_complete_done(p, p->polling, a->work_done, clean_completed);
}

/* e1000_clean_rx_irq(): one frame per step while DD is set and quota left */
static void clean_rx_next(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct e1000_adapter *a = p->polling->priv;
	struct rx_ring *r = &a->rx;

	if (r->count)
		rx_advance(a, ctx->cpu->now);
	if (a->work_done < a->budget && r->count && r->ready) {
		const struct sk_buff *skb = &r->desc[r->next_to_clean];

		r->ready--;
		sim_ctx_step(ctx, rx_driver_cycles(a, skb->len) +
			     napi_gro_receive_cycles(p, skb),
			     clean_rx_frame_done);
		return;
	}
	if (r->count) {
		rx_refill(a, ctx->cpu->now);
		/* every descriptor but one is with hardware or waiting */
		SIM_WARN_ON_ONCE(a->m, r->hw_avail + r->ready !=
				 r->count - 1);
	}
	/*
	 * Quota used, or e1000_clean_tx_irq() stopped after a whole ring's
	 * worth of descriptors (tx_clean_complete false): return the budget,
	 * stay scheduled, the core repolls.
	 */
	if (a->work_done == a->budget || a->tx_cleaned == a->tx.count) {
		if (a->work_done < a->budget)
			a->tx_incomplete++;
		a->rxq->stats.ndone++;
		napi_poll_end(p, p->polling, a->budget);
		return;
	}
	sim_ctx_step(ctx, a->m->cost->napi_complete, clean_complete_done);
}

static void clean_tx_done(struct sim_ctx *ctx)
{
	struct e1000_adapter *a = poll_adapter(ctx);

	tx_reclaim(a, a->tx_cleaned);
	clean_rx_next(ctx);
}

/*
 * napi_struct.idle_until: after a poll that cleaned nothing, RX or TX,
 * polls find nothing until the next frame's writeback or the next TX
 * completion, and each costs what that one did.
 */
static sim_time_t e1000_poll_idle_until(const struct napi_struct *n)
{
	const struct e1000_adapter *a = n->priv;
	sim_time_t t = SIM_TIME_NEVER;

	if (a->work_done || a->tx_cleaned || a->rx.ready)
		return 0;
	if (a->netdev->wire && a->rx.count)
		t = rx_dma_next((void *)a);
	if (a->tx.used)
		t = MIN(t, a->tx.done[a->tx.next_to_clean]);
	return t;
}

/* e1000_clean(): the NAPI ->poll() */
static void e1000_clean(struct napi_poller *p, struct napi_struct *n,
			int budget)
{
	struct e1000_adapter *a = n->priv;
	const struct cost_cfg *c = a->m->cost;

	a->work_done = 0;
	a->budget = budget;
	a->tx_cleaned = tx_reclaimable(a, p->ctx->cpu->now);
	sim_ctx_step(p->ctx, c->napi_poll + (uint64_t)a->tx_cleaned *
		     c->tx_clean, clean_tx_done);
}

/* ------------------------------------------------------------ pre-NAPI */

/*
 * The interrupt handler of a driver without NAPI (e1000 before
 * CONFIG_E1000_NAPI, 2.4/2.6-era e1000_intr()): the IRQ is never masked;
 * the handler cleans every RX descriptor that is ready, handing each frame
 * to netif_rx() (the per-CPU backlog, models/core/backlog.c), in rounds of
 * what was ready at the round's start, at most E1000_MAX_INTR (10)
 * rounds, all in hardirq context.  A frame written meanwhile sets the
 * cause again and the interrupt fires as soon as the handler returns.
 */
#define E1000_MAX_INTR 10

static void nonapi_round(struct sim_ctx *ctx);

static void nonapi_next(struct sim_ctx *ctx);

/* one frame cleaned: netif_rx() it */
static void nonapi_frame(struct sim_ctx *ctx)
{
	struct e1000_adapter *a = poll_adapter(ctx);
	struct sk_buff skb = rx_clean_one(a, ctx->cpu->now);

	netif_rx(softnet(a->m, ctx->cpu->id), a->netdev, &skb);
	nonapi_next(ctx);
}

static void nonapi_next(struct sim_ctx *ctx)
{
	struct e1000_adapter *a = poll_adapter(ctx);

	if (a->round_left) {
		const struct sk_buff *skb = &a->rx.desc[a->rx.next_to_clean];

		a->round_left--;
		a->rx.ready--;
		sim_ctx_step(ctx, rx_driver_cycles(a, skb->len) +
			     a->m->cost->netif_rx, nonapi_frame);
		return;
	}
	nonapi_round(ctx);
}

/* a round: e1000_clean_tx_irq() then e1000_clean_rx_irq() */
static void nonapi_round(struct sim_ctx *ctx)
{
	struct e1000_adapter *a = poll_adapter(ctx);
	struct rx_ring *r = &a->rx;
	sim_time_t now = ctx->cpu->now;
	uint32_t tx = tx_reclaimable(a, now);

	rx_refill(a, now);
	tx_reclaim(a, tx);
	if (a->rounds == E1000_MAX_INTR || (!r->ready && !tx)) {
		/* the handler returns; the IRQ was never masked */
		e1000_irq_check(a, now);
		return;
	}
	a->rounds++;
	a->round_left = r->ready;
	sim_ctx_step(ctx, (uint64_t)tx * a->m->cost->tx_clean, nonapi_next);
}

static void e1000_intr_nonapi(struct e1000_adapter *a, struct sim_cpu *cpu)
{
	struct napi_poller *p = &a->irq_poller;

	p->ctx = &cpu->hardirq;
	p->sd = softnet(a->m, cpu->id);
	p->polling = &a->napi;
	cpu->hardirq.poller = p;
	a->rounds = 0;
	a->round_left = 0;
	/* a frame written from now on raises the interrupt again */
	e1000_irq_check(a, cpu->now);
	nonapi_round(&cpu->hardirq);
}

/* ------------------------------------------------------------ ndo */

/* e1000_open(): the ring filled, the IRQ enabled, at time 0 */
static void e1000_open(struct net_device *dev)
{
	struct e1000_adapter *a = dev->priv;
	struct machine *m = a->m;
	struct rx_mitigation *kmit =
		mitigation_kernel(machine_priv(m, &mitigation_model_ops));

	a->stack = m->stack;
	/* the kernel-side policy says whether the driver has NAPI at all */
	a->napi_mode = !kmit->ops->nonapi;
	a->rxq->polled_by = a->napi_mode ? &a->napi :
			    &softnet(m, a->irq->cpu->id)->backlog;
	/* e1000_configure_rx(): every descriptor but one given to hardware */
	a->rx.hw_avail = a->rx.count ? a->rx.count - 1 : 0;
	a->irq_masked = false;
	if (dev->wire)
		sim_lazy_start(&a->dma);
	e1000_irq_check(a, 0);
}

static void e1000_input_changed(struct net_device *dev, sim_time_t now)
{
	struct e1000_adapter *a = dev->priv;

	sim_lazy_changed(&a->dma);
	e1000_irq_check(a, now);
}

static void e1000_get_stats(struct net_device *dev,
			    sim_time_t now G_GNUC_UNUSED)
{
	struct e1000_adapter *a = dev->priv;

	a->rxq->stats.queued = a->rx.ready;
}

static const char *e1000_moderation(struct net_device *dev,
				    uint64_t *changes)
{
	struct e1000_adapter *a = dev->priv;

	*changes = a->mit ? a->mit->changes : 0;
	return a->mit ? a->mit->ops->name : "none";
}

static void e1000_report(struct net_device *dev,
			 uint32_t rxq G_GNUC_UNUSED, struct sim_row *d)
{
	struct e1000_adapter *a = dev->priv;

	sim_row_add_u64(d, "irq_enables", a->irq_enables);
	sim_row_add_u64(d, "irq_at_unmask", a->irq_at_unmask);
	sim_row_add_u64(d, "tx_incomplete", a->tx_incomplete);
	sim_row_add_bool(d, "irq_masked", a->irq_masked);
}

static void e1000_uninit(struct net_device *dev)
{
	struct e1000_adapter *a = dev->priv;

	mitigation_nic_free(a->mit);
	sim_lazy_destroy(&a->dma);
	g_free(a->rx.desc);
	g_free(a->tx.done);
	g_free(a);
}

static const struct net_device_ops e1000_netdev_ops = {
	.ndo_open = e1000_open,
	.ndo_start_xmit = e1000_xmit_frame,
	.ndo_get_stats = e1000_get_stats,
	.ndo_input_changed = e1000_input_changed,
	.ndo_moderation = e1000_moderation,
	.ndo_report = e1000_report,
	.ndo_uninit = e1000_uninit,
};

/* e1000_probe(): one RX and one TX ring, one NAPI, one vector on CPU 0 */
static struct net_device *e1000_probe(struct machine *m, const char *name,
				      const struct nic_cfg *cfg,
				      struct traffic *wire,
				      GError **error G_GNUC_UNUSED)
{
	const struct napi_cfg *napi = machine_cfg(m, &napi_model_ops);
	struct e1000_adapter *a = g_new0(struct e1000_adapter, 1);
	struct net_device *dev;

	dev = alloc_netdev(m, name, 1, 1, a, &e1000_netdev_ops);
	dev->wire = wire;
	a->netdev = dev;
	a->m = m;
	a->cfg = cfg;
	a->rxq = &dev->_rx[0];
	a->txq = &dev->_tx[0];
	a->dma_ps = SIM_NS(cfg->dma_latency_ns);
	a->irq_lat_ps = SIM_NS(cfg->irq_latency_ns);
	a->link_mbps = traffic_line_rate_mbps(m->traffic);
	a->last_irq = SIM_TIME_NEVER;
	if (wire) {
		a->rx.count = cfg->rx_ring_size;
		a->rx.desc = g_new0(struct sk_buff, cfg->rx_ring_size);
		a->mit = mitigation_nic_new(cfg, a->link_mbps);
		sim_lazy_init(&a->dma, &m->sim, a, rx_dma_next, rx_dma_pop,
			      sizeof(struct sk_buff), 1);
		sim_lazy_lane_init(&a->dma, 0, "rx_dma", dev->ifindex - 1, a,
				   rx_dma_apply, rx_dma_notify);
		a->rx_lane = sim_lazy_lane(&a->dma, 0);
		dev->input = &a->dma;
	}
	a->tx.count = cfg->tx_ring_size;
	a->tx.done = g_new0(sim_time_t, cfg->tx_ring_size);
	a->irq = machine_request_irq(m, name, 0, m->cost->hardirq, e1000_intr,
				     a);
	/* the NAPI hrtimer fires on the CPU that takes the IRQ */
	netif_napi_add(m, dev, &a->napi, e1000_clean, napi->weight,
		       a->irq->cpu->id);
	a->napi.priv = a;
	a->napi.idle_until = e1000_poll_idle_until;
	a->rxq->napi = &a->napi;
	a->rxq->irq = a->irq;
	return dev;
}

static gboolean e1000_check(const struct nic_cfg *cfg, GError **error)
{
	if (cfg->rx_ring_size % 8 || cfg->tx_ring_size % 8) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "rx_ring_size and tx_ring_size must be multiples of 8 (e1000 REQ_RX_DESCRIPTOR_MULTIPLE)");
		return FALSE;
	}
	if (cfg->interrupt_throttle_rate) {
		struct e1000_itr itr;

		if (!e1000_itr_init(&itr, (int)cfg->interrupt_throttle_rate)) {
			g_set_error(error, SIM_PARAM_ERROR,
				    SIM_PARAM_ERROR_RANGE,
				    "interrupt_throttle_rate: %u is not 0, 1, 3, 4 or 100..100000",
				    cfg->interrupt_throttle_rate);
			return FALSE;
		}
	}
	return TRUE;
}

const struct net_driver e1000_driver = {
	.name = "e1000",
	.help = "Intel 8254x Gigabit (e1000): one RX/TX ring pair, one vector, ITR",
	.probe = e1000_probe,
	.check = e1000_check,
	.follows_input = true,		/* e1000_input_changed() */
};
