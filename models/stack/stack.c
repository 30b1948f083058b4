/*
 * models/stack/stack.c - from the driver to the socket or the output NIC.
 *
 * Per frame, in the softirq that polls: __netif_receive_skb_core()
 * (softnet processed++), then either
 * - deliver: ip_rcv() .. ip_local_deliver() .. udp_rcv() ..
 *   __udp_enqueue_schedule_skb() onto the socket (models/stack/sock.c), waking a
 *   reader that sleeps in recvmsg (sk_data_ready -> try_to_wake_up, whose
 *   cycles the softirq pays); or
 * - forward: ip_rcv() .. ip_forward() .. dev_queue_xmit() .. the output
 *   driver's xmit (models/drivers/e1000.c e1000_xmit_frame()).
 * Costs are per packet plus per byte in the driver (net/core/dev.c,
 * net/ipv4/ip_input.c, ip_forward.c, udp.c).
 *
 * MODEL: no GRO and no gro_normal_batch: each frame goes up the stack as
 * soon as the driver has cleaned it; no netfilter, no RPS/RFS, no qdisc
 * (dev_queue_xmit() hands the frame straight to the driver).
 */
#include "config.h"

#include <math.h>
#include <glib.h>

#include "sim/config/param.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/drivers/e1000.h"
#include "models/stack/sock.h"
#include "models/stack/stack.h"

uint64_t stack_driver_cycles(const struct host *h)
{
	const struct cost_cfg *c = h->cost;

	return c->rx_packet + (uint64_t)llround(c->rx_byte *
						 h->traffic_cfg->size);
}

uint64_t stack_proto_cycles(const struct host *h)
{
	const struct cost_cfg *c = h->cost;

	return c->netif_receive_skb +
	       (h->forward ? c->ip_forward : c->ip_rcv + c->udp_rcv);
}

void stack_receive(struct napi_poller *p, sim_time_t arrival,
		   sim_ctx_fn next)
{
	struct host *h = p->sd->host;
	struct sim_ctx *ctx = p->ctx, *reader;

	p->sd->processed++;
	if (h->forward) {
		if (e1000_xmit_frame(&h->tx_nic, ctx->cpu->now, arrival,
				     h->traffic_cfg->size))
			h->forwarded++;
		next(ctx);
		return;
	}
	reader = sock_queue_rcv(&h->sk, arrival);
	if (reader) {
		/* sk_data_ready(): wake the reader, paid by this context */
		sim_task_wake(reader, ctx->cpu, ctx->cpu->now);
		sim_ctx_step(ctx, h->cost->wakeup, next);
		return;
	}
	next(ctx);
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
	.check = NULL,
};
