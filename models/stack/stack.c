/*
 * models/stack/stack.c - from the driver to the socket or the output NIC.
 *
 * Per frame, in the softirq that polls: __netif_receive_skb_core()
 * (softnet processed++), then either
 * - deliver: ip_rcv() .. ip_local_deliver() .. udp_rcv() ..
 *   __udp_enqueue_schedule_skb() onto the socket (models/stack/sock.c),
 *   waking a reader that sleeps in recvmsg (sk_data_ready ->
 *   try_to_wake_up, whose cycles the softirq pays); or
 * - forward: ip_rcv() .. ip_forward() .. dev_queue_xmit() out of the
 *   second device.
 * Costs are per packet (net/core/dev.c, net/ipv4/ip_input.c,
 * ip_forward.c, udp.c, tcp_ipv4.c); the driver's per-frame and per-byte
 * costs are the driver's.
 *
 * Every frame is counted against its flow (models/workload/traffic.c):
 * the RX queue it came in on, and whether the socket or the output
 * device took it, in order.
 *
 * With RPS or RFS (models/core/rps.c) netif_receive_skb() may only queue
 * the frame on another CPU's backlog, whose process_backlog() then runs
 * __netif_receive_skb() for it there.
 *
 * Per skb, not per frame: a GRO skb (models/core/gro.c) pays the stack
 * once for all its segments, delivered as one skb to the socket;
 * gro_normal_list() passes skbs up in lists (netif_receive_skb_list():
 * RPS first for the whole list, then the stack for those left here).
 *
 * MODEL: a TCP segment takes the same path as a UDP datagram, with
 * tcp_rcv's cycles for udp_rcv's (tcp_v4_rcv() .. tcp_queue_rcv()), into
 * the same socket, and no ACK goes back; no netfilter, no qdisc
 * (dev_queue_xmit() hands the frame straight to the driver, on the TX
 * queue netdev_pick_tx() chose).
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/report.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/cost.h"
#include "models/core/netdevice.h"
#include "models/core/rps.h"
#include "models/stack/skbuff.h"
#include "models/stack/sock.h"
#include "models/stack/stack.h"
#include "models/workload/traffic.h"

struct stack {
	struct machine *m;
	bool forward;
	uint64_t rx_cycles;		/* per skb, above the driver */
	uint64_t rx_cycles_tcp;		/* ... of a TCP flow, delivered */
	struct net_device *out;		/* forward: the output device */
};

uint64_t __netif_receive_skb_cycles(const struct stack *st,
				    const struct sk_buff *skb)
{
	if (!st->forward && traffic_flow_keys(st->m->traffic,
					      skb->flow)->ip_proto == 6)
		return st->rx_cycles_tcp;
	return st->rx_cycles;
}

uint64_t netif_receive_skb_cycles(struct napi_poller *p,
				  const struct sk_buff *skb)
{
	struct machine *m = p->sd->m;

	/* netif_receive_skb_internal(): static_branch_unlikely(&rps_needed) */
	p->rps_cpu = -1;
	if (rps_needed(m) && p->polling && p->polling->dev)
		p->rps_cpu = get_rps_cpu(m, p->polling->dev, skb,
					 &p->rps_flow);
	if (p->rps_cpu >= 0)
		return m->cost->rps_enqueue;
	return __netif_receive_skb_cycles(m->stack, skb);
}

bool netif_receive_skb_list_steer(struct napi_poller *p,
				  struct sk_buff *skb, uint64_t *cycles)
{
	struct machine *m = p->sd->m;

	p->rps_cpu = -1;
	if (!rps_needed(m) || !p->polling || !p->polling->dev)
		return false;
	*cycles = netif_receive_skb_cycles(p, skb);
	if (p->rps_cpu >= 0)
		return true;
	/* processed here, with the hash get_rps_cpu() computed */
	skb->hash = skb_get_hash(m, skb);
	skb->napi_id = p->polling->napi_id;
	return false;
}

void netif_receive_skb(struct napi_poller *p, const struct sk_buff *skb,
		       sim_ctx_fn next)
{
	struct machine *m = p->sd->m;
	struct sk_buff s;
	int cpu = p->rps_cpu;

	if (!rps_needed(m)) {
		__netif_receive_skb(p, skb, next);
		return;
	}
	/* the hash get_rps_cpu() computed stays with the skb, and so does
	 * the NAPI that received it (skb_mark_napi_id()) */
	s = *skb;
	s.hash = skb_get_hash(m, skb);
	s.napi_id = p->polling->napi_id;
	p->rps_cpu = -1;
	if (cpu < 0) {
		__netif_receive_skb(p, &s, next);
		return;
	}
	enqueue_to_backlog(p->sd, &s, (uint32_t)cpu,
			   p->rps_flow ? &p->rps_flow->last_qtail : NULL);
	next(p->ctx);
}

void __netif_receive_skb(struct napi_poller *p, const struct sk_buff *skb,
			 sim_ctx_fn next)
{
	struct stack *st = p->sd->m->stack;
	struct sim_ctx *ctx = p->ctx, *reader;
	struct sock *sk;
	uint32_t queued;
	struct sk_buff q = *skb;

	/* MODEL: softnet processed counts frames (a GRO skb's every
	 * segment); the kernel's counts skbs, which is the skbs column */
	p->sd->processed += skb_frames_count(skb);
	p->sd->skbs++;
	traffic_flow_received(st->m->traffic, skb);
	if (st->forward) {
		uint32_t n = skb_frames_count(skb);

		/* MODEL: a GRO skb leaves as its segments, one TX
		 * descriptor each, at no cost of its own (GSO, or the NIC's
		 * TSO) */
		for (uint32_t i = 0; i < n; i++) {
			/* __dev_queue_xmit(): sent from this CPU (XPS reads
			 * it) */
			struct sk_buff fwd = skb_frame(skb, i);
			sim_time_t out;

			fwd.sender_cpu = (uint16_t)(ctx->cpu->id + 1);
			out = dev_queue_xmit(st->out, &fwd, ctx->cpu->now);
			traffic_flow_delivered(st->m->traffic, &fwd,
					       out != SIM_TIME_NEVER);
			if (out != SIM_TIME_NEVER) {
				st->m->forwarded++;
				machine_record_latency(st->m, &fwd, out);
			}
		}
		kfree_skb(st->m->skb_pool, &q);
		next(ctx);
		return;
	}
	/* udp4_lib_lookup(): the socket, or its SO_REUSEPORT member */
	sk = sock_lookup(st->m, skb, ctx->cpu->id);
	/* skb_mark_napi_id() by the device's poll */
	if (!q.napi_id && p->polling && p->polling->dev)
		q.napi_id = p->polling->napi_id;
	queued = sock_queue_len(sk);
	reader = sock_queue_rcv(sk, &q);
	/* taken, unless sk_drops counted it; only skb's sequence numbers
	 * and gso_segs are read: the socket may have freed its frame list */
	traffic_flow_delivered(st->m->traffic, skb,
			       sock_queue_len(sk) > queued);
	if (reader) {
		/* sk_data_ready(): wake the reader, paid by this context */
		sim_task_wake(reader, ctx->cpu, ctx->cpu->now);
		sim_ctx_step(ctx, st->m->cost->wakeup, next);
		return;
	}
	next(ctx);
}

/* ---------------------------------------------------------------- model */

static void *stack_create(struct machine *m, const void *p,
			  GError **error G_GNUC_UNUSED)
{
	const struct stack_cfg *cfg = p;
	const struct cost_cfg *c = m->cost;
	struct stack *st = g_new0(struct stack, 1);

	st->m = m;
	st->forward = cfg->mode == STACK_FORWARD;
	st->rx_cycles = c->netif_receive_skb +
			(st->forward ? c->ip_forward : c->ip_rcv + c->udp_rcv);
	st->rx_cycles_tcp = c->netif_receive_skb + c->ip_rcv + c->tcp_rcv;
	m->stack = st;
	return st;
}

/* forward: out of the second device; deliver: into the socket */
static gboolean stack_connect(void *p, struct machine *m,
			      GError **error G_GNUC_UNUSED)
{
	struct stack *st = p;

	if (st->forward) {
		g_assert(m->netdevs->len >= 2);
		st->out = m->netdevs->pdata[1];
	} else {
		g_assert(m->socks->len >= 1);
	}
	return TRUE;
}

static void stack_report(void *p, struct sim_report *r)
{
	struct stack *st = p;

	sim_row_add_u64(r->row, "forwarded", st->m->forwarded);
}

static void stack_destroy(void *p)
{
	g_free(p);
}

/* ---------------------------------------------------------------- params */

#define S struct stack_cfg
static const struct sim_param stack_params[] = {
	SIM_PARAM_ENUM(S, mode, "mode", 0, "deliver|forward", "deliver: UDP socket and application; forward: router, out of the second NIC's TX ring"),
	{ }
};
#undef S

const struct sim_model_ops stack_model_ops = {
	.name = "stack",
	.help = "[stack] what the host does with a received packet: deliver to a UDP socket, or forward out of a second NIC",
	.params = stack_params,
	.cfg_size = sizeof(struct stack_cfg),
	.create = stack_create,
	.connect = stack_connect,
	.report = stack_report,
	.destroy = stack_destroy,
};
