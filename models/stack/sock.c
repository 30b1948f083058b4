/*
 * models/stack/sock.c - the UDP socket receive queue and its memory
 * accounting.
 *
 * Follows net/ipv4/udp.c __udp_enqueue_schedule_skb() (~6.16): a datagram
 * is dropped (sk_drops, UDP RcvbufErrors) only if sk_rmem_alloc is already
 * above sk_rcvbuf, so at least one datagram always fits; otherwise its
 * truesize is charged and it is queued, and sk_data_ready() wakes a
 * sleeping reader.  Memory is uncharged when the reader dequeues.
 *
 * MODEL: truesize = ALIGN(size + NET_SKB_PAD + NET_IP_ALIGN, 64) +
 * truesize_overhead (struct sk_buff and skb_shared_info), one skb per
 * datagram; no forward-allocation failures (ENOBUFS), no reader_queue
 * bulk splice.  (Busy polling in recvmsg is models/core/busy_poll.c's.)
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/report.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/stack/skbuff.h"
#include "models/stack/sock.h"

struct sock {
	struct machine *m;
	const struct sock_cfg *cfg;
	struct sk_buff_head q;	/* sk_receive_queue */
	uint64_t sk_rmem_alloc;
	uint32_t sk_rcvbuf;
	uint64_t sk_drops;
	uint64_t enqueued;
	struct sim_ctx *reader;	/* task sleeping in recvmsg, or NULL */
};

uint32_t sock_truesize(const struct sock_cfg *cfg, uint32_t len)
{
	return ((len + 66 + 63) & ~63u) + cfg->truesize_overhead;
}

struct sim_ctx *sock_queue_rcv(struct sock *sk, const struct sk_buff *skb)
{
	struct sim_ctx *reader;
	struct sk_buff q = *skb;

	q.truesize = sock_truesize(sk->cfg, skb->len);
	if (sk->sk_rmem_alloc + q.truesize > sk->sk_rcvbuf &&
	    sk->sk_rmem_alloc > sk->sk_rcvbuf) {
		sk->sk_drops++;
		return NULL;
	}
	sk->sk_rmem_alloc += q.truesize;
	skb_queue_tail(&sk->q, &q);
	sk->enqueued++;
	reader = sk->reader;
	sk->reader = NULL;
	return reader;
}

bool sock_dequeue(struct sock *sk, struct sk_buff *out)
{
	if (!skb_dequeue(&sk->q, out))
		return false;
	sk->sk_rmem_alloc -= out->truesize;
	return true;
}

uint32_t sock_queue_len(const struct sock *sk)
{
	return skb_queue_len(&sk->q);
}

void sock_set_reader(struct sock *sk, struct sim_ctx *task)
{
	sk->reader = task;
}

/* ---------------------------------------------------------------- model */

static void *sock_create(struct machine *m, const void *cfg,
			 GError **error G_GNUC_UNUSED)
{
	struct sock *sk = g_new0(struct sock, 1);

	sk->m = m;
	sk->cfg = cfg;
	sk->sk_rcvbuf = sk->cfg->rcvbuf;
	skb_queue_head_init(&sk->q);
	g_ptr_array_add(m->socks, sk);
	return sk;
}

static void sock_report(void *p, struct sim_report *r)
{
	struct sock *sk = p;
	struct sim_row *d = sim_report_object(r, "socket", "0");

	sim_row_add_u64(r->row, "sk_drops", sk->sk_drops);
	sim_row_add_u64(d, "sk_drops", sk->sk_drops);
	sim_row_add_u64(d, "enqueued", sk->enqueued);
	sim_row_add_u64(d, "queued", sk->q.len);
	sim_row_add_u64(d, "sk_rmem_alloc", sk->sk_rmem_alloc);
}

static void sock_destroy(void *p)
{
	struct sock *sk = p;

	skb_queue_purge(&sk->q);
	g_free(sk);
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
	.create = sock_create,
	.report = sock_report,
	.destroy = sock_destroy,
};
