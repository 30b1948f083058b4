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
 *   level-triggered, which closes the "rotting packet" window of
 *   shared/reference/linux-rx-path.md section 17 (a frame written after the
 *   poll's last ring check still raises an interrupt).
 * - RX moderation: with a NIC-side policy (models/mitigation/: rx-usecs /
 *   rx-frames, ITR, net_dim) the device asks the policy's irq_delay() when
 *   an RX cause is pending and the IRQ unmasked, and asserts it then.
 * - TX: frames go out back to back at line rate; a descriptor completes
 *   when its frame has left the wire.  The TX completion cause (TXDW)
 *   fires tx_usecs after the first completion since ICR was last read,
 *   like the absolute timer TADV (TxAbsIntDelay).
 * - Pre-NAPI ([mitigation] policy=none): e1000_intr_nonapi() never masks,
 *   cleans the ring in the hardirq and netif_rx()s each frame.
 *
 * MODEL: left out: the RX FIFO's capacity (a frame with no descriptor is
 * dropped at once), RDTR/RADV, the packet timer TIDV, RXDMT0/RXO causes,
 * copybreak, GRO and the rx_buffer_len / multi-descriptor frames, and TX
 * queue stop/wake with a qdisc: a frame that finds the TX ring full is
 * dropped (tx_dropped).  RX moderation delays only the RX cause (real ITR
 * throttles every cause).
 *
 * Batch mode computes RX writebacks lazily (nic_rx_advance() when the
 * driver looks, or when the IRQ is unmasked); reference mode writes each
 * frame back from its own event (dma_ev), and so does batch mode while a
 * moderation policy must watch the frames of an unmasked IRQ.  Both give
 * the same ring state at every instant the driver can observe.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/core/napi.h"
#include "models/drivers/e1000.h"
#include "models/stack/stack.h"
#include "models/workload/traffic.h"
#include "models/core/backlog.h"
#include "models/mitigation/mitigation.h"

static sim_time_t dma_ps(const struct nic *nic)
{
	return SIM_NS(nic->host->nic_cfg->dma_latency_ns);
}

static sim_time_t irq_lat(const struct nic *nic)
{
	return SIM_NS(nic->host->nic_cfg->irq_latency_ns);
}

/* ------------------------------------------------------------ RX DMA */

static void rx_writeback(struct nic *nic, sim_time_t arrival)
{
	struct rx_ring *r = &nic->rx;

	if (!r->hw_avail) {
		nic->rx_missed_errors++;
		return;
	}
	r->hw_avail--;
	r->arrival[r->next_to_use] = arrival;
	r->next_to_use = (r->next_to_use + 1) % r->count;
	r->ready++;
	if (!nic->icr_rx) {
		nic->rx_first = arrival + dma_ps(nic);
		nic->rx_unreported = 0;
	}
	nic->icr_rx = true;
	nic->rx_unreported++;
}

void nic_rx_advance(struct nic *nic, sim_time_t t)
{
	struct traffic *tr = &nic->host->traffic;
	sim_time_t dma = dma_ps(nic);

	if (!nic->rx.count)
		return;
	for (;;) {
		sim_time_t a = traffic_peek(tr);

		if (a == SIM_TIME_NEVER || a + dma > t)
			break;
		traffic_pop(tr);
		rx_writeback(nic, a);
	}
}

/* ------------------------------------------------------------ IRQ */

/* earliest TX completion after the last ICR read, or NEVER */
static sim_time_t tx_cause_first(const struct nic *nic)
{
	const struct tx_ring *t = &nic->tx;

	for (uint32_t i = 0, j = t->next_to_clean; i < t->used;
	     i++, j = (j + 1) % t->count)
		if (t->done[j] > nic->icr_read)
			return t->done[j];
	return SIM_TIME_NEVER;
}

/* RX cause pending: when does moderation let the device assert it? */
static sim_time_t rx_irq_at(struct nic *nic, sim_time_t now)
{
	struct rx_mitigation *m = nic->mit;
	struct rx_irq_state st = {
		.now = now, .first = nic->rx_first,
		.frames = nic->rx_unreported, .last_irq = nic->last_irq,
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
static void e1000_irq_check(struct nic *nic, sim_time_t now)
{
	struct host *h = nic->host;
	sim_time_t at = SIM_TIME_NEVER, tx, next;

	if (nic->irq_masked)
		return;
	if (nic->rx.count) {
		nic_rx_advance(nic, now);
		next = traffic_peek(&h->traffic);
		if (nic->icr_rx)
			at = rx_irq_at(nic, now);
		else if (!h->sim.reference && !nic->mit &&
			 next != SIM_TIME_NEVER)
			/* batch: the next writeback will set RXT0 */
			at = next + dma_ps(nic);
		/* batch with moderation: decide at each writeback, as the
		 * device does (reference mode has an event per frame) */
		if (!h->sim.reference && nic->mit && next != SIM_TIME_NEVER &&
		    !sim_event_pending(&nic->dma_ev))
			sim_event_schedule(&h->sim.q, &nic->dma_ev,
					   next + dma_ps(nic));
	}
	tx = tx_cause_first(nic);
	if (tx != SIM_TIME_NEVER) {
		tx += SIM_US(h->nic_cfg->tx_usecs);
		at = MIN(at, MAX(tx, now));
	}
	if (at != SIM_TIME_NEVER)
		sim_irq_raise(&nic->irq, at + irq_lat(nic));
}

/* a writeback: one event per frame in reference mode, and in batch mode
 * while moderation has to watch the frames */
static void dma_event(struct sim_event *ev, sim_time_t now)
{
	struct nic *nic = ev->data;
	sim_time_t next;

	nic_rx_advance(nic, now);
	e1000_irq_check(nic, now);
	if (!nic->host->sim.reference)
		return;
	next = traffic_peek(&nic->host->traffic);
	if (next != SIM_TIME_NEVER)
		sim_event_schedule(&nic->host->sim.q, &nic->dma_ev,
				   next + dma_ps(nic));
}

static void e1000_intr_nonapi(struct nic *nic, struct sim_cpu *cpu);

/* e1000_intr(): read ICR, mask everything, schedule NAPI */
static void e1000_intr(struct sim_irq *irq)
{
	struct nic *nic = irq->data;
	sim_time_t now = irq->cpu->now;

	nic_rx_advance(nic, now);
	nic->icr_rx = false;
	nic->icr_read = now;
	nic->last_irq = now;
	if (!nic->napi_mode) {
		e1000_intr_nonapi(nic, irq->cpu);
		return;
	}
	nic->irq_masked = true;		/* IMC = ~0 */
	sim_irq_cancel(&nic->irq);
	/*
	 * MODEL: when napi_schedule_prep() fails (a busy poller owns the
	 * NAPI; prep sets MISSED) e1000 re-enables its interrupt ("should not
	 * happen"); we keep it masked, as drivers with one-shot interrupt
	 * arming (mlx5, ice) do, and as Documentation/networking/napi.rst
	 * asks: the IRQ comes back when napi_complete_done() says so.
	 */
	napi_schedule(&nic->host->sd[irq->cpu->id], &nic->napi,
		      NAPI_TRIGGER_HARDIRQ);
}

/* e1000_irq_enable(): write IMS */
static void e1000_irq_enable(struct nic *nic, sim_time_t now)
{
	nic->irq_masked = false;
	if (nic->rx.count) {
		nic_rx_advance(nic, now);
		if (nic->icr_rx)
			nic->irq_at_unmask++;	/* the rotting-packet case */
	}
	e1000_irq_check(nic, now);
}

/* ------------------------------------------------------------ TX */

bool e1000_xmit_frame(struct nic *nic, sim_time_t now, sim_time_t arrival,
		      uint32_t size)
{
	struct tx_ring *t = &nic->tx;
	sim_time_t start, done;

	if (t->used == t->count) {
		nic->tx_dropped++;
		return false;
	}
	/* the NIC fetches the descriptor and frame, then serializes it */
	start = MAX(now + dma_ps(nic), t->wire_free);
	done = start + traffic_wire_ps(nic->host->traffic_cfg, size);
	t->wire_free = done;
	t->done[t->next_to_use] = done;
	t->next_to_use = (t->next_to_use + 1) % t->count;
	t->used++;
	nic->tx_packets++;
	nic->tx_bytes += size;
	sim_hist_record(&nic->host->latency, (done - arrival) / 1000);
	e1000_irq_check(nic, now);
	return true;
}

/* e1000_clean_tx_irq(): reclaim descriptors whose frame has left */
static uint32_t tx_reclaimable(const struct nic *nic, sim_time_t now)
{
	const struct tx_ring *t = &nic->tx;
	uint32_t n = 0;

	for (uint32_t j = t->next_to_clean; n < t->used && t->done[j] <= now;
	     j = (j + 1) % t->count)
		n++;
	return n;
}

static void tx_reclaim(struct nic *nic, uint32_t n)
{
	struct tx_ring *t = &nic->tx;

	t->next_to_clean = (t->next_to_clean + n) % t->count;
	t->used -= n;
}

uint64_t nic_rx_queued(const struct nic *nic)
{
	return nic->rx.ready;
}

uint64_t nic_tx_queued(const struct nic *nic, sim_time_t t)
{
	return nic->tx.used - tx_reclaimable(nic, t);
}

/* ------------------------------------------------------------ poll */

/*
 * e1000_alloc_rx_buffers(): give cleaned descriptors back to hardware.
 * Every frame whose DMA completed before this instant saw the ring as it
 * was, so let them reach it first (lazy writeback must never see the
 * future's free descriptors).
 */
static void rx_refill(struct nic *nic, sim_time_t now)
{
	nic_rx_advance(nic, now);
	nic->rx.hw_avail += nic->rx.to_refill;
	nic->rx.to_refill = 0;
}

static void clean_rx_next(struct sim_ctx *ctx);

static struct nic *poll_nic(const struct sim_ctx *ctx)
{
	return ((struct napi_poller *)ctx->poller)->polling->dev;
}

/*
 * The descriptor at next_to_clean has been cleaned: move on, refill every
 * rx_buffer_write, count it.  Return: its frame's wire arrival.
 */
static sim_time_t rx_clean_one(struct nic *nic, sim_time_t now)
{
	struct rx_ring *r = &nic->rx;
	sim_time_t arrival = r->arrival[r->next_to_clean];

	r->next_to_clean = (r->next_to_clean + 1) % r->count;
	r->to_refill++;
	if (r->to_refill >= nic->host->nic_cfg->rx_buffer_write)
		rx_refill(nic, now);
	nic->rx_packets++;
	nic->rx_bytes += nic->host->traffic_cfg->size;
	return arrival;
}

static void clean_rx_frame_done(struct sim_ctx *ctx)
{
	struct nic *nic = poll_nic(ctx);
	sim_time_t arrival = rx_clean_one(nic, ctx->cpu->now);

	nic->work_done++;
	/* up the stack: the step continues at clean_rx_next() */
	stack_receive(ctx->poller, arrival, clean_rx_next);
}

/* the adaptive policies see each NAPI cycle's end */
static void mitigation_sample(struct nic *nic, sim_time_t now)
{
	struct mit_sample smp = {
		.time = now, .irqs = nic->irq.count,
		.rx_packets = nic->rx_packets, .rx_bytes = nic->rx_bytes,
		.tx_packets = nic->tx_packets, .tx_bytes = nic->tx_bytes,
	};

	if (nic->mit && nic->mit->ops->sample)
		nic->mit->ops->sample(nic->mit, &smp);
}

static void clean_complete_done(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct napi_struct *n = p->polling;
	struct nic *nic = n->dev;
	int work = nic->work_done;

	nic->done++;
	if (napi_complete_done(p->sd, n, work)) {
		mitigation_sample(nic, ctx->cpu->now);
		e1000_irq_enable(nic, ctx->cpu->now);
	}
	napi_poll_end(p, n, work);
}

/* e1000_clean_rx_irq(): one frame per step while DD is set and quota left */
static void clean_rx_next(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct nic *nic = p->polling->dev;
	struct rx_ring *r = &nic->rx;

	if (r->count)
		nic_rx_advance(nic, ctx->cpu->now);
	if (nic->work_done < nic->budget && r->count && r->ready) {
		r->ready--;
		sim_ctx_step(ctx, nic->host->rx_cycles, clean_rx_frame_done);
		return;
	}
	if (r->count) {
		rx_refill(nic, ctx->cpu->now);
		/* every descriptor but one is with hardware or waiting */
		SIM_WARN_ON_ONCE(nic->host, r->hw_avail + r->ready !=
				 r->count - 1);
	}
	if (nic->work_done == nic->budget) {
		/* quota used: stay scheduled, the core repolls */
		nic->ndone++;
		napi_poll_end(p, p->polling, nic->work_done);
		return;
	}
	sim_ctx_step(ctx, nic->host->cost->napi_complete, clean_complete_done);
}

static void clean_tx_done(struct sim_ctx *ctx)
{
	struct nic *nic = poll_nic(ctx);

	tx_reclaim(nic, nic->tx_cleaned);
	clean_rx_next(ctx);
}

void e1000_clean(struct napi_poller *p, struct napi_struct *n, int budget)
{
	struct nic *nic = n->dev;
	const struct cost_cfg *c = nic->host->cost;

	nic->work_done = 0;
	nic->budget = budget;
	nic->tx_cleaned = tx_reclaimable(nic, p->ctx->cpu->now);
	sim_ctx_step(p->ctx, c->napi_poll + (uint64_t)nic->tx_cleaned *
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
	struct nic *nic = poll_nic(ctx);
	sim_time_t arrival = rx_clean_one(nic, ctx->cpu->now);

	netif_rx(&nic->host->sd[ctx->cpu->id], arrival);
	nonapi_next(ctx);
}

static void nonapi_next(struct sim_ctx *ctx)
{
	struct nic *nic = poll_nic(ctx);

	if (nic->round_left) {
		nic->round_left--;
		nic->rx.ready--;
		sim_ctx_step(ctx, nic->host->rx_driver_cycles +
			     nic->host->cost->netif_rx, nonapi_frame);
		return;
	}
	nonapi_round(ctx);
}

/* a round: e1000_clean_tx_irq() then e1000_clean_rx_irq() */
static void nonapi_round(struct sim_ctx *ctx)
{
	struct nic *nic = poll_nic(ctx);
	struct rx_ring *r = &nic->rx;
	sim_time_t now = ctx->cpu->now;
	uint32_t tx = tx_reclaimable(nic, now);

	rx_refill(nic, now);
	tx_reclaim(nic, tx);
	if (nic->rounds == E1000_MAX_INTR || (!r->ready && !tx)) {
		/* the handler returns; the IRQ was never masked */
		e1000_irq_check(nic, now);
		return;
	}
	nic->rounds++;
	nic->round_left = r->ready;
	sim_ctx_step(ctx, (uint64_t)tx * nic->host->cost->tx_clean,
		     nonapi_next);
}

static void e1000_intr_nonapi(struct nic *nic, struct sim_cpu *cpu)
{
	struct napi_poller *p = &nic->irq_poller;

	p->ctx = &cpu->hardirq;
	p->sd = &nic->host->sd[cpu->id];
	p->polling = &nic->napi;
	cpu->hardirq.poller = p;
	nic->rounds = 0;
	nic->round_left = 0;
	/* a frame written from now on raises the interrupt again */
	e1000_irq_check(nic, cpu->now);
	nonapi_round(&cpu->hardirq);
}

/* ------------------------------------------------------------ setup */

void nic_init(struct nic *nic, struct host *h, const char *name,
	      uint32_t line, bool receives)
{
	const struct nic_cfg *cfg = h->nic_cfg;
	struct sim_cpu *cpu0 = &h->sim.cpu[0];

	*nic = (struct nic) { .host = h, .name = name };
	if (receives) {
		nic->rx.count = cfg->rx_ring_size;
		nic->rx.arrival = g_new0(sim_time_t, cfg->rx_ring_size);
		nic->mit = mitigation_nic_init(&nic->mit_state, cfg,
					       h->traffic_cfg->line_rate_mbps);
	}
	nic->tx.count = cfg->tx_ring_size;
	nic->tx.done = g_new0(sim_time_t, cfg->tx_ring_size);
	nic->napi_mode = h->mitigation_cfg->policy != MITIGATION_NONE;
	nic->last_irq = SIM_TIME_NEVER;
	/* the NAPI hrtimer fires on the CPU that takes the IRQ: lines 8+ */
	napi_init(&nic->napi, h, nic, e1000_clean, h->napi_cfg->weight, cpu0,
		  8 + line);
	sim_irq_init(&nic->irq, cpu0, name, line,
		     h->cost->irq_entry + h->cost->hardirq, e1000_intr, nic);
	sim_event_init(&nic->dma_ev, "rx_dma", SIM_PRIO_DMA + line, dma_event,
		       nic, NULL);
}

void nic_start(struct nic *nic)
{
	/* e1000_configure_rx(): every descriptor but one given to hardware */
	nic->rx.hw_avail = nic->rx.count ? nic->rx.count - 1 : 0;
	nic->irq_masked = false;
	if (nic->rx.count && nic->host->sim.reference &&
	    traffic_peek(&nic->host->traffic) != SIM_TIME_NEVER)
		sim_event_schedule(&nic->host->sim.q, &nic->dma_ev,
				   traffic_peek(&nic->host->traffic) +
				   dma_ps(nic));
	e1000_irq_check(nic, 0);
}

void nic_destroy(struct nic *nic)
{
	g_free(nic->rx.arrival);
	g_free(nic->tx.done);
	nic->rx.arrival = NULL;
	nic->tx.done = NULL;
}

static gboolean nic_check(const void *p, GError **error)
{
	const struct nic_cfg *cfg = p;

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
	if ((cfg->adaptive_rx + !!cfg->interrupt_throttle_rate +
	     !!(cfg->rx_usecs || cfg->rx_frames)) > 1) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "set one RX moderation: adaptive_rx, interrupt_throttle_rate, or rx_usecs/rx_frames");
		return FALSE;
	}
	return TRUE;
}
/* ---------------------------------------------------------------- params */

#define S struct nic_cfg
static const struct sim_param nic_params[] = {
	SIM_PARAM_U32(S, rx_ring_size, "rx_ring_size", 256, 8, 4096, "descs", "RX descriptors (ethtool -G rx; e1000 RxDescriptors)"),
	SIM_PARAM_U32(S, tx_ring_size, "tx_ring_size", 256, 8, 4096, "descs", "TX descriptors (ethtool -G tx; e1000 TxDescriptors)"),
	SIM_PARAM_U32(S, rx_buffer_write, "rx_buffer_write", 16, 1, 4096, "descs", "driver refills the RX ring every this many cleaned descriptors (E1000_RX_BUFFER_WRITE)"),
	SIM_PARAM_U32(S, dma_latency_ns, "dma_latency_ns", 500, 0, 1e6, "ns", "last bit received to descriptor written back (DD set)"),
	SIM_PARAM_U32(S, irq_latency_ns, "irq_latency_ns", 500, 0, 1e6, "ns", "IRQ asserted to handler entry (MSI delivery)"),
	SIM_PARAM_U32(S, tx_usecs, "tx_usecs", 33, 0, 1e6, "us", "TX completion interrupt delay after the first unreported completion (e1000 TxAbsIntDelay 32 x 1.024 us)"),
	SIM_PARAM_U32(S, rx_usecs, "rx_usecs", 0, 0, 1e6, "us", "ethtool -C rx-usecs: RX interrupt at most this long after the first unreported frame (0: at once)"),
	SIM_PARAM_U32(S, rx_frames, "rx_frames", 0, 0, 4096, "frames", "ethtool -C rx-frames: RX interrupt once this many frames are unreported (0: time only)"),
	SIM_PARAM_BOOL(S, adaptive_rx, "adaptive_rx", 0, "ethtool -C adaptive-rx: net_dim picks rx-usecs / rx-frames from its profile table"),
	SIM_PARAM_U32(S, interrupt_throttle_rate, "interrupt_throttle_rate", 0, 0, 100000, "", "e1000 InterruptThrottleRate: 0 off, 1 dynamic, 3 dynamic conservative, 4 simplified, 100-100000 fixed ints/s (MODEL: default off; the driver's is 3)"),
	{ }
};
#undef S

const struct sim_model_ops nic_model_ops = {
	.name = "nic",
	.help = "[nic] e1000-style NIC: RX FIFO/DMA, RX and TX descriptor rings, IRQ masking and TX completion interrupt",
	.params = nic_params,
	.cfg_size = sizeof(struct nic_cfg),
	.check = nic_check,
};
