/*
 * models/stack/skbuff.c - skb queues; see models/stack/skbuff.h.
 *
 * A queue is a circular array of skb records that grows by doubling, so
 * queuing never allocates per packet.
 */
#include "config.h"

#include <glib.h>

#include "models/stack/skbuff.h"

void skb_queue_head_init(struct sk_buff_head *q)
{
	*q = (struct sk_buff_head) { .cap = 64 };
	q->q = g_new(struct sk_buff, q->cap);
}

void skb_queue_purge(struct sk_buff_head *q)
{
	g_free(q->q);
	q->q = NULL;
	q->len = q->cap = q->head = 0;
}

void skb_queue_tail(struct sk_buff_head *q, const struct sk_buff *skb)
{
	if (q->len == q->cap) {
		struct sk_buff *n = g_new(struct sk_buff, q->cap * 2);

		for (uint32_t i = 0; i < q->len; i++)
			n[i] = q->q[(q->head + i) % q->cap];
		g_free(q->q);
		q->q = n;
		q->head = 0;
		q->cap *= 2;
	}
	q->q[(q->head + q->len++) % q->cap] = *skb;
}

bool skb_dequeue(struct sk_buff_head *q, struct sk_buff *out)
{
	if (!q->len)
		return false;
	*out = q->q[q->head];
	q->head = (q->head + 1) % q->cap;
	q->len--;
	return true;
}

void skb_queue_splice_tail_init(struct sk_buff_head *src,
				struct sk_buff_head *dst)
{
	struct sk_buff skb;

	while (skb_dequeue(src, &skb))
		skb_queue_tail(dst, &skb);
}
