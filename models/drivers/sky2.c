/*
 * models/drivers/sky2.c - a Marvell Yukon-2-class multi-port Gigabit
 * board and its sky2 driver: the ports share one status ring, one
 * interrupt and one NAPI that polls them all.
 *
 * Follows drivers/net/ethernet/marvell/sky2.c (~v6.17): sky2_probe()
 * (one net_device per port, sky2_init_netdev(); one NAPI, hw->napi,
 * netif_napi_add() on the first port's device, and one interrupt,
 * request_irq(hw->pdev->irq, sky2_intr), for the whole board),
 * sky2_intr() (reading B0_Y2_SP_ISRC2 masks the board's interrupt as a
 * side effect, then napi_schedule(&hw->napi)), sky2_poll() (processes
 * the status ring until it is empty or the weight is used, then
 * napi_complete_done() and a read of B0_Y2_SP_LISR, which unmasks),
 * sky2_status_intr() (each status list element names its port,
 * le->css & CSS_LINK_BIT: dev = hw->dev[port]; OP_RXSTAT hands the
 * port's next RX buffer up the stack, sky2_receive(), and
 * sky2_rx_done() gives the ports' buffers back), sky2_xmit_frame().
 * That is why napi_struct left struct net_device in Linux 2.6.24: before
 * it, sky2_poll() polled both ports through the first port's device
 * (dev0->quota).  mtk_eth_soc does the same today: its GMAC ports share
 * one RX ring and one NAPI on a dummy device (mtk_napi_rx()).
 *
 * The board, per port: an RX ring (rx_ring_size buffers) and a TX ring
 * (tx_ring_size).  A frame's DMA completes dma_latency_ns after its last
 * bit: it takes its port's next buffer and the board appends a status
 * element naming the port to the status ring, shared by the ports, in
 * completion order.  With no buffer posted the frame is dropped and
 * counted (rx_missed_errors of its port).  The board interrupts when the
 * status ring holds an element written since the last ISR read and the
 * interrupt is unmasked; a TX completion raises it tx_usecs after the
 * first one since that read (the STAT_TX_TIMER).  sky2_poll() reclaims
 * every port's finished TX buffers, then takes status elements in order,
 * whichever port each names, while the weight lasts; the ports share
 * that weight.
 *
 * [nic] ports=N gives N ports (eth0, eth1, ...).  Which port a frame
 * arrives on is the upstream switch's business: flow k arrives on port
 * k mod N (a switch or link aggregation that spreads flows evenly; a
 * flow never changes port).  [nic] shared_napi=true makes the N ports
 * one board (one status ring, one interrupt, one NAPI); false, N boards
 * of one port each, each with its own status ring, interrupt and NAPI.
 * Every vector is on CPU 0, as e1000's.
 *
 * MODEL: up to 8 ports on one board (a Yukon-2 has at most 2;
 * mtk_eth_soc 3); the offered load is one stream split over the ports,
 * so frames on different ports never overlap in time and the total stays
 * within one link's rate; the status ring never overflows (it is as long
 * as the RX rings together) and carries no TX elements (TX completions
 * are read from the TX ring at each poll); any ring size (sky2 takes at
 * most 168 RX buffers, RX_MAX_PENDING); no interrupt moderation (the
 * status-ring timers STAT_LEV_TIMER and STAT_ISR_TIMER), no RX hash, no
 * checksum or VLAN elements, no copybreak; buffers are given back at
 * the end of each poll.  A full TX ring drops (tx_dropped).
 *
 * The frames are one lazy input (sim/engine/lazy.h): one lane per
 * board, so a shared board takes its ports' frames in completion order
 * and separate boards each wait for their own.  While the interrupt is
 * unmasked and no status element is pending, the board raises it for
 * its next frame's writeback directly (sim_lazy_predict()).
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
#include "models/mitigation/mitigation.h"
#include "models/stack/skbuff.h"
#include "models/stack/stack.h"
#include "models/workload/traffic.h"

/* MODEL: a Yukon-2 board has at most 2 ports */
#define SKY2_MAX_PORTS	8

struct sky2_hw;

/* what arrives on the ports of one or more boards, split by flow */
struct sky2_wire {
	struct sim_lazy dma;		/* a lane per board */
	struct traffic *wire;
	sim_time_t dma_ps;		/* last bit in -> status element */
	uint32_t ports;
	bool shared;			/* one board: one lane for all */
	uint32_t refs;			/* boards using it */
};

struct sky2_rx_ring {
	uint32_t count;		/* buffers */
	uint32_t hw_avail;	/* posted to the board, not yet filled */
	uint32_t ready;		/* filled, not yet cleaned */
	uint32_t to_refill;	/* cleaned, not yet given back */
	uint32_t next_to_clean, next_to_use;
	struct sk_buff *desc;
};

struct sky2_tx_ring {
	uint32_t count, used;
	uint32_t next_to_use, next_to_clean;
	sim_time_t *done;	/* per buffer: its frame off the wire */
	sim_time_t wire_free;	/* the port's link is next idle */
};

struct sky2_port {			/* netdev_priv() of one port */
	struct sky2_hw *hw;
	uint32_t port;
	struct net_device *netdev;
	struct netdev_rx_queue *rxq;
	struct netdev_queue *txq;
	struct sky2_rx_ring rx;
	struct sky2_tx_ring tx;
	uint32_t tx_polled;	/* its TX buffers the poll in progress reclaims */
};

struct sky2_hw {			/* the board */
	struct machine *m;
	const struct nic_cfg *cfg;
	struct stack *stack;
	uint32_t ports;
	uint32_t first_port;		/* its ports' numbers on the wire */
	struct sky2_port *port;		/* [ports] */
	struct sky2_wire *w;		/* NULL: it only transmits */
	struct sim_lazy_lane *lane;
	/* the status ring: the port of each RX element, in order */
	uint8_t *st_port;
	uint32_t st_size, st_idx, st_len;
	bool st_new;			/* an element since the ISR read */
	sim_time_t isr_read;		/* for the TX timer */
	struct napi_struct napi;
	struct sim_irq *irq;
	bool irq_masked;		/* ISRC2 read, LISR not yet */
	sim_time_t dma_ps;		/* a TX buffer's fetch */
	sim_time_t irq_lat_ps;
	uint32_t link_mbps;
	/* the poll in progress (sky2_poll) */
	int work_done;
	int budget;
	uint64_t tx_polled;	/* TX buffers the poll in progress reclaims */
	/* driver cycles of a frame, for the last frame length seen */
	struct cost_rx_cache cycles;
	uint64_t irq_enables;		/* LISR reads: unmasked */
	uint64_t irq_at_unmask;		/* unmasked with an element pending */
};

static uint64_t rx_driver_cycles(struct sky2_hw *hw, uint32_t len)
{
	return cost_rx_driver_cycles(hw->m->cost, &hw->cycles, len);
}

/* ------------------------------------------------------------ RX DMA */

/* the port (on the wire) of flow @flow */
static uint32_t port_of_flow(const struct sky2_wire *w, uint32_t flow)
{
	return flow % w->ports;
}

static sim_time_t wire_next(void *p)
{
	struct sky2_wire *w = p;
	sim_time_t t = traffic_peek(w->wire);

	return t == SIM_TIME_NEVER ? t : t + w->dma_ps;
}

/* a shared board takes every frame; separate boards their port's */
static uint32_t wire_pop(void *p, void *item)
{
	struct sky2_wire *w = p;
	struct sk_buff *skb = item;

	traffic_pop(w->wire, skb);
	return w->shared ? 0 : port_of_flow(w, skb->flow);
}

/* the frame takes its port's next buffer and a status element */
static void rx_writeback(void *p, const void *item)
{
	struct sky2_hw *hw = p;
	const struct sk_buff *skb = item;
	uint32_t pn = port_of_flow(hw->w, skb->flow) - hw->first_port;
	struct sky2_port *sp = &hw->port[pn];
	struct sky2_rx_ring *r = &sp->rx;
	uint32_t tail;

	if (!r->hw_avail) {
		sp->rxq->stats.missed++;
		return;
	}
	r->hw_avail--;
	r->desc[r->next_to_use] = *skb;
	r->next_to_use = (r->next_to_use + 1) % r->count;
	r->ready++;
	tail = (hw->st_idx + hw->st_len) % hw->st_size;
	hw->st_port[tail] = (uint8_t)pn;
	hw->st_len++;
	hw->st_new = true;
}

static void rx_advance(struct sky2_hw *hw, sim_time_t t)
{
	if (hw->lane)
		sim_lazy_advance(hw->lane, t);
}

/* ------------------------------------------------------------ IRQ */

/* the first TX completion, on any port, after the last ISR read */
static sim_time_t tx_cause_first(const struct sky2_hw *hw)
{
	sim_time_t first = SIM_TIME_NEVER;

	for (uint32_t pn = 0; pn < hw->ports; pn++) {
		const struct sky2_tx_ring *t = &hw->port[pn].tx;

		for (uint32_t i = 0, j = t->next_to_clean; i < t->used;
		     i++, j = (j + 1) % t->count)
			if (t->done[j] > hw->isr_read) {
				first = MIN(first, t->done[j]);
				break;
			}
	}
	return first;
}

/* can the next frame be counted on to write a status element? */
static bool rx_all_posted(const struct sky2_hw *hw)
{
	for (uint32_t pn = 0; pn < hw->ports; pn++)
		if (!hw->port[pn].rx.hw_avail)
			return false;
	return true;
}

/*
 * The board interrupts when a status element or a TX completion is
 * pending and its interrupt is unmasked.  Called whenever any of that
 * may have changed.
 */
static void sky2_irq_check(struct sky2_hw *hw, sim_time_t now)
{
	sim_time_t at = SIM_TIME_NEVER, tx;

	if (hw->irq_masked)
		return;
	if (hw->lane) {
		rx_advance(hw, now);
		if (hw->st_new)
			at = now;
		else if (rx_all_posted(hw))
			/* the next writeback writes an element */
			at = sim_lazy_predict(hw->lane);
		else
			sim_lazy_watch(hw->lane);
	}
	tx = tx_cause_first(hw);
	if (tx != SIM_TIME_NEVER) {
		tx += SIM_US(hw->cfg->tx_usecs);
		at = MIN(at, MAX(tx, now));
	}
	if (at != SIM_TIME_NEVER)
		sim_irq_raise(hw->irq, at + hw->irq_lat_ps);
}

/* a writeback the board reacts to (its lane's event) */
static void rx_notify(void *p, sim_time_t now)
{
	sky2_irq_check(p, now);
}

/* sky2_intr(): reading ISRC2 masks the board; schedule its NAPI */
static void sky2_intr(struct sim_irq *irq)
{
	struct sky2_hw *hw = irq->data;
	sim_time_t now = irq->cpu->now;

	rx_advance(hw, now);
	hw->st_new = false;
	hw->isr_read = now;
	hw->irq_masked = true;
	sim_irq_cancel(hw->irq);
	napi_schedule(softnet(hw->m, irq->cpu->id), &hw->napi,
		      NAPI_TRIGGER_HARDIRQ);
}

/* the read of B0_Y2_SP_LISR: unmasked; a pending element fires at once */
static void sky2_irq_enable(struct sky2_hw *hw, sim_time_t now)
{
	hw->irq_masked = false;
	hw->irq_enables++;
	rx_advance(hw, now);
	if (hw->st_new)
		hw->irq_at_unmask++;
	sky2_irq_check(hw, now);
}

/* ------------------------------------------------------------ TX */

/* sky2_xmit_frame() */
static sim_time_t sky2_xmit_frame(struct net_device *dev,
				  const struct sk_buff *skb, sim_time_t now)
{
	struct sky2_port *sp = dev->priv;
	struct sky2_hw *hw = sp->hw;
	struct sky2_tx_ring *t = &sp->tx;
	sim_time_t start, done;

	if (t->used == t->count) {
		sp->txq->dropped++;
		return SIM_TIME_NEVER;
	}
	start = MAX(now + hw->dma_ps, t->wire_free);
	done = start + traffic_wire_ps(hw->link_mbps, skb->len);
	t->wire_free = done;
	t->done[t->next_to_use] = done;
	t->next_to_use = (t->next_to_use + 1) % t->count;
	t->used++;
	sp->txq->packets++;
	sp->txq->bytes += skb->len;
	sky2_irq_check(hw, now);
	return done;
}

/* finished TX buffers of port @sp by @now */
static uint32_t tx_reclaimable(const struct sky2_port *sp, sim_time_t now)
{
	const struct sky2_tx_ring *t = &sp->tx;

	return tx_ring_completed(t->done, t->count, t->next_to_clean, t->used,
				 now);
}

/* ------------------------------------------------------------ NAPI */

static struct sky2_hw *poll_hw(const struct sim_ctx *ctx)
{
	return ((struct napi_poller *)ctx->poller)->polling->priv;
}

/*
 * sky2_rx_done() of every port: the cleaned buffers back to the board.
 * Frames whose DMA completed before now saw the rings as they were: let
 * them reach them first.
 */
static void sky2_rx_done(struct sky2_hw *hw, sim_time_t now)
{
	rx_advance(hw, now);
	for (uint32_t pn = 0; pn < hw->ports; pn++) {
		struct sky2_rx_ring *r = &hw->port[pn].rx;

		r->hw_avail += r->to_refill;
		r->to_refill = 0;
	}
}

static void status_next(struct sim_ctx *ctx);

/* OP_RXSTAT: sky2_receive() took the port's buffer; up the stack */
static void status_rx_done(struct sim_ctx *ctx)
{
	struct sky2_hw *hw = poll_hw(ctx);
	struct sky2_port *sp = &hw->port[hw->st_port[hw->st_idx]];
	struct sky2_rx_ring *r = &sp->rx;
	struct sk_buff skb = r->desc[r->next_to_clean];

	hw->st_idx = (hw->st_idx + 1) % hw->st_size;
	hw->st_len--;
	r->next_to_clean = (r->next_to_clean + 1) % r->count;
	r->to_refill++;
	sp->rxq->stats.packets++;
	sp->rxq->stats.bytes += skb.len;
	hw->work_done++;
	napi_gro_receive(ctx->poller, &skb, status_next);
}

static void poll_return(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct sky2_hw *hw = p->polling->priv;

	napi_poll_end(p, p->polling, hw->work_done);
}

/* napi_complete_done(), then the LISR read that unmasks the board */
static void poll_completed(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct napi_struct *n = p->polling;
	struct sky2_hw *hw = n->priv;

	if (!napi_complete_ret(n)) {
		napi_poll_end(p, n, hw->work_done);
		return;
	}
	hw->port[0].rxq->stats.done++;
	sky2_irq_enable(hw, ctx->cpu->now);
	sim_ctx_step(ctx, hw->m->cost->irq_enable, poll_return);
}

static void poll_complete_done(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct sky2_hw *hw = p->polling->priv;

	/* GRO's packets go up first */
	napi_complete_done(p, p->polling, hw->work_done, poll_completed);
}

/* sky2_status_intr(): the status elements in order, within the weight */
static void status_next(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct sky2_hw *hw = p->polling->priv;

	rx_advance(hw, ctx->cpu->now);
	if (hw->work_done < hw->budget && hw->st_len) {
		const struct sky2_port *sp = &hw->port[hw->st_port[hw->st_idx]];
		const struct sk_buff *skb = &sp->rx.desc[sp->rx.next_to_clean];

		hw->port[hw->st_port[hw->st_idx]].rx.ready--;
		sim_ctx_step(ctx, rx_driver_cycles(hw, skb->len) +
			     napi_gro_receive_cycles(p, skb),
			     status_rx_done);
		return;
	}
	sky2_rx_done(hw, ctx->cpu->now);
	if (hw->work_done == hw->budget) {
		/* sky2_poll(): weight used, stay scheduled */
		hw->port[0].rxq->stats.ndone++;
		napi_poll_end(p, p->polling, hw->budget);
		return;
	}
	sim_ctx_step(ctx, hw->m->cost->napi_complete, poll_complete_done);
}

static void poll_tx_done(struct sim_ctx *ctx)
{
	struct sky2_hw *hw = poll_hw(ctx);

	for (uint32_t pn = 0; pn < hw->ports; pn++) {
		struct sky2_port *sp = &hw->port[pn];
		uint32_t n = sp->tx_polled;

		sp->tx.next_to_clean = (sp->tx.next_to_clean + n) %
				       sp->tx.count;
		sp->tx.used -= n;
	}
	status_next(ctx);
}

/*
 * napi_struct.idle_until: after a poll that did nothing (no status
 * element, no TX buffer, nothing to refill), polls find nothing until
 * the board's next frame is written back (or a bound on that time:
 * sim_lazy_quiet_until()) or a port's next TX completion, and each
 * costs what that one did.
 */
static sim_time_t sky2_poll_idle_until(const struct napi_struct *n)
{
	struct sky2_hw *hw = n->priv;
	sim_time_t t = SIM_TIME_NEVER;

	if (hw->work_done || hw->tx_polled || hw->st_len)
		return 0;
	for (uint32_t pn = 0; pn < hw->ports; pn++) {
		const struct sky2_port *sp = &hw->port[pn];

		if (sp->rx.to_refill)
			return 0;
		if (sp->tx.used)
			t = MIN(t, sp->tx.done[sp->tx.next_to_clean]);
	}
	if (hw->lane)
		t = MIN(t, sim_lazy_quiet_until(hw->lane));
	return t;
}

/* sky2_poll(): every port's TX completions, then the status ring */
static void sky2_poll(struct napi_poller *p, struct napi_struct *n, int budget)
{
	struct sky2_hw *hw = n->priv;
	const struct cost_cfg *c = hw->m->cost;
	uint64_t tx = 0;

	hw->work_done = 0;
	hw->budget = budget;
	for (uint32_t pn = 0; pn < hw->ports; pn++) {
		struct sky2_port *sp = &hw->port[pn];

		sp->tx_polled = tx_reclaimable(sp, p->ctx->cpu->now);
		tx += sp->tx_polled;
	}
	hw->tx_polled = tx;
	sim_ctx_step(p->ctx, c->napi_poll + tx * c->tx_clean, poll_tx_done);
}

/* ------------------------------------------------------------ ndo */

/* sky2_open() of the board's first port brings the board up */
static void sky2_open(struct net_device *dev)
{
	struct sky2_port *sp = dev->priv;
	struct sky2_hw *hw = sp->hw;

	if (sp->port)
		return;
	hw->stack = hw->m->stack;
	for (uint32_t pn = 0; pn < hw->ports; pn++) {
		struct sky2_port *q = &hw->port[pn];

		q->rxq->polled_by = &hw->napi;
		q->rx.hw_avail = q->rx.count ? q->rx.count - 1 : 0;
	}
	hw->irq_masked = false;
	/* the wire's input opens with the board of its first port */
	if (hw->w && !hw->first_port)
		sim_lazy_start(&hw->w->dma);
	sky2_irq_check(hw, 0);
}

static void sky2_get_stats(struct net_device *dev,
			   sim_time_t now G_GNUC_UNUSED)
{
	struct sky2_port *sp = dev->priv;

	sp->rxq->stats.queued = sp->rx.ready;
}

static const char *sky2_moderation(struct net_device *dev G_GNUC_UNUSED,
				   uint64_t *changes)
{
	*changes = 0;
	return "none";
}

static void sky2_report(struct net_device *dev, uint32_t rxq G_GNUC_UNUSED,
			struct sim_row *d)
{
	struct sky2_port *sp = dev->priv;
	struct sky2_hw *hw = sp->hw;

	sim_row_add_u64(d, "port", sp->port);
	sim_row_add_u64(d, "board_ports", hw->ports);
	sim_row_add_u64(d, "irq_enables", hw->irq_enables);
	sim_row_add_u64(d, "irq_at_unmask", hw->irq_at_unmask);
	sim_row_add_bool(d, "irq_masked", hw->irq_masked);
}

static void sky2_wire_put(struct sky2_wire *w)
{
	if (!w || --w->refs)
		return;
	sim_lazy_destroy(&w->dma);
	g_free(w);
}

/* the board goes with its first port's device (the last one freed) */
static void sky2_uninit(struct net_device *dev)
{
	struct sky2_port *sp = dev->priv;
	struct sky2_hw *hw = sp->hw;

	if (sp->port)
		return;
	for (uint32_t pn = 0; pn < hw->ports; pn++) {
		g_free(hw->port[pn].rx.desc);
		g_free(hw->port[pn].tx.done);
	}
	sky2_wire_put(hw->w);
	g_free(hw->st_port);
	g_free(hw->port);
	g_free(hw);
}

static const struct net_device_ops sky2_netdev_ops = {
	.ndo_open = sky2_open,
	.ndo_start_xmit = sky2_xmit_frame,
	.ndo_get_stats = sky2_get_stats,
	.ndo_moderation = sky2_moderation,
	.ndo_report = sky2_report,
	.ndo_uninit = sky2_uninit,
};

/*
 * One board with @ports ports, the first of which is port @first of
 * @w (NULL: a board that only transmits): sky2_probe(), a net_device
 * per port (sky2_init_netdev()), one NAPI on the first port's device,
 * one vector on CPU 0.  Devices are named eth<first>, eth<first + 1>...
 * after @name's number.
 */
static struct net_device *sky2_board(struct machine *m, uint32_t devno,
				     const struct nic_cfg *cfg,
				     struct sky2_wire *w, uint32_t first,
				     uint32_t ports)
{
	const struct napi_cfg *napi = machine_cfg(m, &napi_model_ops);
	struct sky2_hw *hw = g_new0(struct sky2_hw, 1);
	struct net_device *dev0 = NULL;

	hw->m = m;
	hw->cfg = cfg;
	hw->ports = ports;
	hw->first_port = first;
	hw->port = g_new0(struct sky2_port, ports);
	hw->dma_ps = SIM_NS(cfg->dma_latency_ns);
	hw->irq_lat_ps = SIM_NS(cfg->irq_latency_ns);
	hw->link_mbps = traffic_line_rate_mbps(m->traffic);
	hw->w = w;
	for (uint32_t pn = 0; pn < ports; pn++) {
		struct sky2_port *sp = &hw->port[pn];
		g_autofree char *name = g_strdup_printf("eth%u", devno + pn);
		struct net_device *dev;

		/* the device keeps its name: alloc_netdev() copies it */
		dev = alloc_netdev(m, name, 1, 1, sp, &sky2_netdev_ops);
		dev->wire = w ? w->wire : NULL;
		dev->input = w ? &w->dma : NULL;
		sp->hw = hw;
		sp->port = pn;
		sp->netdev = dev;
		sp->rxq = &dev->_rx[0];
		sp->txq = &dev->_tx[0];
		if (w) {
			sp->rx.count = cfg->rx_ring_size;
			sp->rx.desc = g_new0(struct sk_buff, sp->rx.count);
			hw->st_size += sp->rx.count;
		}
		sp->tx.count = cfg->tx_ring_size;
		sp->tx.done = g_new0(sim_time_t, sp->tx.count);
		if (!pn)
			dev0 = dev;
	}
	if (w) {
		uint32_t lane = w->shared ? 0 : first;

		w->refs++;
		hw->st_port = g_new0(uint8_t, hw->st_size);
		sim_lazy_lane_init(&w->dma, lane, "rx_dma", dev0->ifindex - 1,
				   hw, rx_writeback, rx_notify);
		hw->lane = sim_lazy_lane(&w->dma, lane);
	}
	hw->irq = machine_request_irq(m, dev0->name, 0, m->cost->hardirq,
				      sky2_intr, hw);
	/* netif_napi_add(dev, &hw->napi, sky2_poll): on the first port */
	netif_napi_add(m, dev0, &hw->napi, sky2_poll, napi->weight,
		       hw->irq->cpu->id);
	hw->napi.priv = hw;
	hw->napi.idle_until = sky2_poll_idle_until;
	for (uint32_t pn = 0; pn < ports; pn++) {
		hw->port[pn].rxq->napi = &hw->napi;
		hw->port[pn].rxq->irq = hw->irq;
	}
	return dev0;
}

/* [nic] ports and shared_napi: one board of all the ports, or a board
 * per port */
static struct net_device *sky2_probe(struct machine *m, const char *name,
				     const struct nic_cfg *cfg,
				     struct traffic *wire,
				     GError **error G_GNUC_UNUSED)
{
	uint32_t devno = (uint32_t)g_ascii_strtoull(name + 3, NULL, 10);
	uint32_t ports = wire ? cfg->ports : 1;
	bool shared = cfg->shared_napi || ports == 1;
	struct sky2_wire *w = NULL;
	struct net_device *first = NULL;

	g_assert(g_str_has_prefix(name, "eth"));
	if (wire) {
		w = g_new0(struct sky2_wire, 1);
		w->wire = wire;
		w->dma_ps = SIM_NS(cfg->dma_latency_ns);
		w->ports = ports;
		w->shared = shared;
		sim_lazy_init(&w->dma, &m->sim, w, wire_next, wire_pop,
			      sizeof(struct sk_buff), shared ? 1 : ports);
	}
	if (shared)
		return sky2_board(m, devno, cfg, w, 0, ports);
	for (uint32_t pn = 0; pn < ports; pn++) {
		struct net_device *dev = sky2_board(m, devno + pn, cfg, w, pn,
						    1);

		if (!pn)
			first = dev;
	}
	return first;
}

static gboolean sky2_check(const struct nic_cfg *cfg, GError **error)
{
	if (cfg->rx_usecs || cfg->rx_frames || cfg->adaptive_rx ||
	    cfg->interrupt_throttle_rate) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "rx_usecs, rx_frames, adaptive_rx, interrupt_throttle_rate: the sky2 model has no interrupt moderation (its status-ring timers are not modelled)");
		return FALSE;
	}
	return TRUE;
}

/* a Gigabit (or Fast Ethernet) link; NAPI only */
static gboolean sky2_check_groups(const struct nic_cfg *cfg G_GNUC_UNUSED,
				  const struct sim_point *p, GError **error)
{
	const struct traffic_cfg *t = sim_point_cfg(p, &traffic_model_ops);
	const struct mitigation_cfg *mit = sim_point_cfg(p,
						&mitigation_model_ops);

	if (t->line_rate_mbps != 1000 && t->line_rate_mbps != 100) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "driver: sky2 links at 100 or 1000 Mbit/s, not [traffic] line_rate_mbps=%u",
			    t->line_rate_mbps);
		return FALSE;
	}
	if (mitigation_kernel_ops(mit)->nonapi) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "driver: sky2 has no pre-NAPI mode ([mitigation] policy=%s)",
			    mitigation_kernel_ops(mit)->name);
		return FALSE;
	}
	return TRUE;
}

const struct net_driver sky2_driver = {
	.name = "sky2",
	.help = "Marvell Yukon-2 (sky2): Gigabit ports sharing one status ring, one interrupt and one NAPI ([nic] ports, shared_napi)",
	.max_ports = SKY2_MAX_PORTS,
	.probe = sky2_probe,
	.check = sky2_check,
	.check_groups = sky2_check_groups,
};
