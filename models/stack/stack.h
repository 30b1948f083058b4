/*
 * models/stack/stack.h - the protocol stack above the driver.
 */
#ifndef MODELS_STACK_STACK_H
#define MODELS_STACK_STACK_H

#include "models/machine.h"

/**
 * stack_driver_cycles() - CPU cycles the driver spends on one received
 * frame (descriptor, skb, per-byte share), for @h's frame size.
 */
uint64_t stack_driver_cycles(const struct host *h);

/**
 * stack_proto_cycles() - CPU cycles of one frame from
 * __netif_receive_skb_core() to the socket or the output driver.
 */
uint64_t stack_proto_cycles(const struct host *h);

/**
 * stack_receive() - one frame that arrived at @arrival has been processed
 * (its cycles ran) by the poll @p: count it in softnet processed, then
 * deliver it to the socket or forward it; continue at @next in @p->ctx.
 */
void stack_receive(struct napi_poller *p, sim_time_t arrival,
		   sim_ctx_fn next);

#endif /* MODELS_STACK_STACK_H */
