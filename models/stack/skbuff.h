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
	uint32_t flow;		/* its flow: index in the offered load's */
	uint32_t seq;		/* its number within its flow, from 0 */
	uint32_t hash;		/* skb->hash: the RSS hash the NIC computed */
	/* skb->queue_mapping: on receive, the RX queue + 1 the driver
	 * recorded (skb_record_rx_queue()), 0 if none; on transmit, the TX
	 * queue netdev_pick_tx() chose */
	uint16_t queue_mapping;
	uint16_t sender_cpu;	/* skb->sender_cpu: CPU + 1 that sends it */
	uint32_t napi_id;	/* skb->napi_id: the NAPI that received it */
	bool burst_last;	/* the load's: the last frame of a burst */
};

/** skb_record_rx_queue() - @skb came in on RX queue @rx_queue. */
static inline void skb_record_rx_queue(struct sk_buff *skb, uint16_t rx_queue)
{
	skb->queue_mapping = rx_queue + 1;
}

/** skb_rx_queue_recorded() - a driver recorded @skb's RX queue. */
static inline bool skb_rx_queue_recorded(const struct sk_buff *skb)
{
	return skb->queue_mapping != 0;
}

/** skb_get_rx_queue() - the RX queue @skb came in on (if recorded). */
static inline uint16_t skb_get_rx_queue(const struct sk_buff *skb)
{
	return skb->queue_mapping - 1;
}

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
