/*
 * models/stack/sock.c - the UDP socket receive queue and its memory accounting.
 *
 * Follows net/ipv4/udp.c __udp_enqueue_schedule_skb() (~6.16), as in
 * shared/reference/linux-rx-path.md section 11: a datagram is dropped
 * (sk_drops, UDP RcvbufErrors) only if sk_rmem_alloc is already above
 * sk_rcvbuf, so at least one datagram always fits; otherwise its truesize
 * is charged and it is queued, and sk_data_ready() wakes a sleeping
 * reader.  Memory is uncharged when the reader dequeues.
 *
 * MODEL: truesize = ALIGN(size + NET_SKB_PAD + NET_IP_ALIGN, 64) +
 * truesize_overhead (struct sk_buff and skb_shared_info), one skb per
 * datagram; no forward-allocation failures (ENOBUFS), no reader_queue
 * bulk splice.  (Busy polling in recvmsg is models/core/busy_poll.c's.)
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/stack/sock.h"

uint32_t sock_truesize(const struct sock_cfg *cfg, uint32_t size)
{
	return ((size + 66 + 63) & ~63u) + cfg->truesize_overhead;
}

void skb_queue_init(struct skb_queue *q)
{
	*q = (struct skb_queue) { .cap = 64 };
	q->q = g_new(struct skb_rec, q->cap);
}

void skb_queue_destroy(struct skb_queue *q)
{
	g_free(q->q);
	q->q = NULL;
}

void skb_queue_push(struct skb_queue *q, struct skb_rec rec)
{
	if (q->len == q->cap) {
		struct skb_rec *n = g_new(struct skb_rec, q->cap * 2);

		for (uint32_t i = 0; i < q->len; i++)
			n[i] = q->q[(q->head + i) % q->cap];
		g_free(q->q);
		q->q = n;
		q->head = 0;
		q->cap *= 2;
	}
	q->q[(q->head + q->len++) % q->cap] = rec;
}

bool skb_queue_pop(struct skb_queue *q, struct skb_rec *out)
{
	if (!q->len)
		return false;
	*out = q->q[q->head];
	q->head = (q->head + 1) % q->cap;
	q->len--;
	return true;
}

void skb_queue_splice_tail(struct skb_queue *dst, struct skb_queue *src)
{
	struct skb_rec rec;

	while (skb_queue_pop(src, &rec))
		skb_queue_push(dst, rec);
}

void sock_init(struct sock *sk, const struct sock_cfg *cfg, uint32_t size)
{
	*sk = (struct sock) { 0 };
	sk->sk_rcvbuf = cfg->rcvbuf;
	sk->truesize = sock_truesize(cfg, size);
	skb_queue_init(&sk->q);
}

void sock_destroy(struct sock *sk)
{
	skb_queue_destroy(&sk->q);
}

struct sim_ctx *sock_queue_rcv(struct sock *sk, sim_time_t arrival)
{
	struct sim_ctx *reader;
	uint32_t size = sk->truesize;

	if (sk->sk_rmem_alloc + size > sk->sk_rcvbuf &&
	    sk->sk_rmem_alloc > sk->sk_rcvbuf) {
		sk->sk_drops++;
		return NULL;
	}
	sk->sk_rmem_alloc += size;
	skb_queue_push(&sk->q, (struct skb_rec) { .arrival = arrival,
						  .truesize = size });
	sk->enqueued++;
	reader = sk->reader;
	sk->reader = NULL;
	return reader;
}

bool sock_dequeue(struct sock *sk, struct skb_rec *out)
{
	if (!skb_queue_pop(&sk->q, out))
		return false;
	sk->sk_rmem_alloc -= out->truesize;
	return true;
}
/* ---------------------------------------------------------------- params */

#define S struct sock_cfg
static const struct sim_param sock_params[] = {
	SIM_PARAM_U32(S, rcvbuf, "rcvbuf", 212992, 2304, 1 << 30, "bytes", "sk_rcvbuf (net.core.rmem_default)"),
	SIM_PARAM_U32(S, truesize_overhead, "truesize_overhead", 576, 0, 65536, "bytes", "skb truesize = ALIGN(size + 66, 64) + this (struct sk_buff + skb_shared_info)"),
	{ }
};
#undef S

const struct sim_model_ops sock_model_ops = {
	.name = "socket",
	.help = "[socket] the UDP socket: sk_rcvbuf accounting in truesize bytes",
	.params = sock_params,
	.cfg_size = sizeof(struct sock_cfg),
	.check = NULL,
};
