/*
 * models/stack/skbuff.h - an skb as far as the model needs one, and skb
 * queues (struct sk_buff_head: sk_receive_queue, input_pkt_queue,
 * process_queue).
 */
#ifndef MODELS_STACK_SKBUFF_H
#define MODELS_STACK_SKBUFF_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/engine/time.h"
#include "models/core/netdevice.h"

struct sk_buff {
	sim_time_t arrival;	/* its frame's last bit in on the wire */
	uint32_t len;		/* frame bytes, without FCS */
	uint32_t truesize;	/* charged to the socket (sk_rmem_alloc) */
};

void skb_queue_head_init(struct sk_buff_head *q);
void skb_queue_purge(struct sk_buff_head *q);
/** skb_queue_tail() - append @skb to @q (grows it if full). */
void skb_queue_tail(struct sk_buff_head *q, const struct sk_buff *skb);
/** skb_dequeue() - take the head of @q. Return: false if empty. */
bool skb_dequeue(struct sk_buff_head *q, struct sk_buff *out);
/** skb_queue_splice_tail_init() - move all of @src to the tail of @dst. */
void skb_queue_splice_tail_init(struct sk_buff_head *src,
				struct sk_buff_head *dst);

/** skb_peek() - the head of @q, or NULL if it is empty. */
static inline const struct sk_buff *skb_peek(const struct sk_buff_head *q)
{
	return q->len ? &q->q[q->head] : NULL;
}

static inline uint32_t skb_queue_len(const struct sk_buff_head *q)
{
	return q->len;
}

#endif /* MODELS_STACK_SKBUFF_H */
