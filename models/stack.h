/*
 * models/stack.h - the protocol stack above the driver.
 */
#ifndef MODELS_STACK_H
#define MODELS_STACK_H

#include "models/host.h"

/**
 * stack_rx_cycles() - CPU cycles of one frame from the driver's RX
 * cleanup to the socket or the TX ring, for @h's mode and frame size.
 */
uint64_t stack_rx_cycles(const struct host *h);

/**
 * stack_receive() - one frame that arrived at @arrival has been processed
 * (its cycles ran): netif_receive_skb(), then deliver it to the socket or
 * forward it; continue at @next in @sd->ctx.
 */
void stack_receive(struct softnet_data *sd, sim_time_t arrival,
		   sim_ctx_fn next);

#endif /* MODELS_STACK_H */
