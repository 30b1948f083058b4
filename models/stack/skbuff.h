/*
 * models/stack/skbuff.h - an skb as far as the model needs one, and skb
 * queues (struct sk_buff_head: sk_receive_queue, input_pkt_queue,
 * process_queue).
 */
#ifndef MODELS_STACK_SKBUFF_H
#define MODELS_STACK_SKBUFF_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

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
	/* skb_shinfo(skb)->gso_segs: the frames GRO merged into it
	 * (models/core/gro.c); 0 or 1: it is one frame */
	uint32_t gso_segs;
	/* gso_segs > 1: every frame's arrival and length, in order (its
	 * frag_list, as far as the model needs one); len, arrival and seq
	 * above are then the whole skb's bytes and its first frame's */
	struct skb_frames *frames;
	/* the load's: the last frame of a burst (onoff sends UDP, which
	 * GRO never merges, so a GRO skb's frames all share false) */
	bool burst_last;
};

/* the frames of a GRO skb (struct sk_buff frames) */
struct skb_frame {
	sim_time_t arrival;	/* its last bit in on the wire */
	uint32_t len;		/* frame bytes, without FCS */
};

struct skb_frames {
	uint32_t n, cap;
	uint32_t index;		/* in its pool */
	struct skb_frame f[];
};

/*
 * Where a machine's skb_frames come from: every array it ever made, and
 * those free again.  An skb's frames have one owner at a time, the copy
 * that is queued or in hand; kfree_skb() gives them back, and the pool
 * frees them all with the machine, so none leaks whatever a run leaves
 * queued.
 */
struct skb_pool {
	GPtrArray *all;		/* struct skb_frames *, owned */
	GArray *free;		/* guint indexes into all */
};

void skb_pool_init(struct skb_pool *pool);
void skb_pool_destroy(struct skb_pool *pool);

/** skb_frames_count() - the frames @skb carries: 1, or its gso_segs. */
static inline uint32_t skb_frames_count(const struct sk_buff *skb)
{
	return skb->gso_segs > 1 ? skb->gso_segs : 1;
}

/** skb_frame_arrival() - when frame @i of @skb arrived. */
static inline sim_time_t skb_frame_arrival(const struct sk_buff *skb,
					   uint32_t i)
{
	return skb->frames ? skb->frames->f[i].arrival : skb->arrival;
}

/** skb_frame_len() - the bytes of frame @i of @skb. */
static inline uint32_t skb_frame_len(const struct sk_buff *skb, uint32_t i)
{
	return skb->frames ? skb->frames->f[i].len : skb->len;
}

/**
 * skb_frame() - frame @i of @skb as an skb of its own: its arrival,
 * length and sequence number, the rest as @skb's (what GSO would cut).
 */
struct sk_buff skb_frame(const struct sk_buff *skb, uint32_t i);

/**
 * skb_gro_append() - skb_gro_receive(): @skb (held by GRO) takes the
 * frame @seg as its next segment: gso_segs, len and the frame list grow.
 */
void skb_gro_append(struct skb_pool *pool, struct sk_buff *skb,
		    const struct sk_buff *seg);

/**
 * kfree_skb() - @skb is consumed or dropped: its frame list goes back to
 * @pool (nothing to do for a single frame).
 */
void kfree_skb(struct skb_pool *pool, struct sk_buff *skb);

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

/** skb_queue_frames() - the frames the skbs of @q carry. */
static inline uint64_t skb_queue_frames(const struct sk_buff_head *q)
{
	return q->frames;
}

#endif /* MODELS_STACK_SKBUFF_H */
