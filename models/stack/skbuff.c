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
	/* the frame lists of what is left are their pool's */
	g_free(q->q);
	q->q = NULL;
	q->len = q->cap = q->head = 0;
	q->frames = 0;
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
	q->frames += skb_frames_count(skb);
}

bool skb_dequeue(struct sk_buff_head *q, struct sk_buff *out)
{
	if (!q->len)
		return false;
	*out = q->q[q->head];
	q->head = (q->head + 1) % q->cap;
	q->len--;
	q->frames -= skb_frames_count(out);
	return true;
}

void skb_queue_splice_tail_init(struct sk_buff_head *src,
				struct sk_buff_head *dst)
{
	struct sk_buff skb;

	while (skb_dequeue(src, &skb))
		skb_queue_tail(dst, &skb);
}

/* ---------------------------------------------------------------- frames */

#define SKB_FRAMES_MIN 64	/* a 64 KB GRO skb of 1448-byte segments: 45 */

void skb_pool_init(struct skb_pool *pool)
{
	pool->all = g_ptr_array_new_with_free_func(g_free);
	pool->free = g_array_new(FALSE, FALSE, sizeof(guint));
}

void skb_pool_destroy(struct skb_pool *pool)
{
	if (pool->all)
		g_ptr_array_unref(pool->all);
	if (pool->free)
		g_array_unref(pool->free);
	pool->all = NULL;
	pool->free = NULL;
}

static struct skb_frames *frames_get(struct skb_pool *pool)
{
	struct skb_frames *fr;

	if (pool->free->len) {
		guint i = g_array_index(pool->free, guint, pool->free->len - 1);

		g_array_set_size(pool->free, pool->free->len - 1);
		fr = pool->all->pdata[i];
		fr->n = 0;
		return fr;
	}
	fr = g_malloc(sizeof(*fr) + SKB_FRAMES_MIN * sizeof(fr->f[0]));
	fr->n = 0;
	fr->cap = SKB_FRAMES_MIN;
	fr->index = pool->all->len;
	g_ptr_array_add(pool->all, fr);
	return fr;
}

static void frames_push(struct skb_pool *pool, struct sk_buff *skb,
			sim_time_t arrival, uint32_t len)
{
	struct skb_frames *fr = skb->frames;

	if (fr->n == fr->cap) {
		fr->cap *= 2;
		fr = g_realloc(fr, sizeof(*fr) + fr->cap * sizeof(fr->f[0]));
		pool->all->pdata[fr->index] = fr;
		skb->frames = fr;
	}
	fr->f[fr->n++] = (struct skb_frame) { .arrival = arrival, .len = len };
}

void skb_gro_append(struct skb_pool *pool, struct sk_buff *skb,
		    const struct sk_buff *seg)
{
	if (!skb->frames) {
		skb->frames = frames_get(pool);
		frames_push(pool, skb, skb->arrival, skb->len);
	}
	frames_push(pool, skb, seg->arrival, seg->len);
	skb->gso_segs = skb->frames->n;
	skb->len += seg->len;
}

struct sk_buff skb_frame(const struct sk_buff *skb, uint32_t i)
{
	struct sk_buff f = *skb;

	f.arrival = skb_frame_arrival(skb, i);
	f.len = skb_frame_len(skb, i);
	f.seq = skb->seq + i;
	f.gso_segs = 0;
	f.frames = NULL;
	return f;
}

void kfree_skb(struct skb_pool *pool, struct sk_buff *skb)
{
	if (skb->frames) {
		guint i = skb->frames->index;

		g_array_append_val(pool->free, i);
		skb->frames = NULL;
	}
}
