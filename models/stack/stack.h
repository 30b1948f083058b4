/*
 * models/stack/stack.h - the protocol stack above the driver.
 */
#ifndef MODELS_STACK_STACK_H
#define MODELS_STACK_STACK_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/engine/cpu.h"

struct napi_poller;
struct sk_buff;
struct stack;

enum stack_mode { STACK_DELIVER, STACK_FORWARD };

struct stack_cfg {			/* [stack] */
	int mode;			/* enum stack_mode */
};

/**
 * netif_receive_skb_cycles() - a driver's poll @p is about to hand @skb
 * up: decide where it goes (get_rps_cpu(): RPS/RFS may steer it to
 * another CPU's backlog) and return the cycles it costs here: the
 * protocol stack's, or only the steering's.  Call netif_receive_skb()
 * for the same frame after them.
 */
uint64_t netif_receive_skb_cycles(struct napi_poller *p,
				  const struct sk_buff *skb);

/**
 * netif_receive_skb_list_steer() - netif_receive_skb_list_internal()'s
 * first pass, for @skb of a list the poll @p passes up: if RPS/RFS steers
 * it, return true with the cycles to charge here in @cycles (then
 * netif_receive_skb() queues it on that CPU); else false, and @skb is
 * ready for __netif_receive_skb() here (after its cycles,
 * __netif_receive_skb_cycles()).
 */
bool netif_receive_skb_list_steer(struct napi_poller *p,
				  struct sk_buff *skb, uint64_t *cycles);

/**
 * netif_receive_skb() - @skb's cycles ran in the poll @p: queue it on the
 * CPU netif_receive_skb_cycles() chose, or __netif_receive_skb() it
 * here; continue at @next in @p->ctx.
 */
void netif_receive_skb(struct napi_poller *p, const struct sk_buff *skb,
		       sim_ctx_fn next);

/**
 * __netif_receive_skb_cycles() - CPU cycles of @skb from
 * __netif_receive_skb_core() to the socket or the output driver.
 */
uint64_t __netif_receive_skb_cycles(const struct stack *st,
				    const struct sk_buff *skb);

/**
 * __netif_receive_skb() - @skb has been processed (its cycles ran) by
 * the poll @p: count it in softnet processed, then deliver it to the
 * socket or forward it; continue at @next in @p->ctx.
 */
void __netif_receive_skb(struct napi_poller *p, const struct sk_buff *skb,
			 sim_ctx_fn next);

#endif /* MODELS_STACK_STACK_H */
