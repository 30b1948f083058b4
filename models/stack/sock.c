/*
 * models/stack/sock.c - the UDP socket receive queue and its memory
 * accounting.
 *
 * Follows net/ipv4/udp.c __udp_enqueue_schedule_skb() (~6.16): a datagram
 * is dropped (sk_drops, UDP RcvbufErrors) only if sk_rmem_alloc is already
 * above sk_rcvbuf, so at least one datagram always fits; otherwise its
 * truesize is charged and it is queued, and sk_data_ready() wakes a
 * sleeping reader.
 *
 * The reader takes datagrams from a private reader_queue, refilled by
 * splicing the whole sk_receive_queue when it runs dry (__skb_recv_udp()),
 * and memory comes back lazily (udp_rmem_release()): a read adds the
 * datagram's truesize to forward_deficit, which is subtracted from
 * sk_rmem_alloc only once it reaches sk_rcvbuf / 4 or the reader queue is
 * empty (then the receive queue is spliced over too).  Until then, datagrams
 * already read still count against sk_rcvbuf.
 *
 * MODEL: truesize = ALIGN(size + NET_SKB_PAD + NET_IP_ALIGN, 64) +
 * truesize_overhead (struct sk_buff and skb_shared_info), one skb per
 * datagram; no forward-allocation failures (ENOBUFS) and no
 * sk_forward_alloc page accounting.  (Busy polling in recvmsg is
 * models/core/busy_poll.c's.)
 */
#include "config.h"

#include <glib.h>

#include "sim/config/param.h"
#include "sim/config/report.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/stack/skbuff.h"
#include "models/stack/sock.h"
#include "models/core/rps.h"

struct sock {
	struct machine *m;
	const struct sock_cfg *cfg;
	struct sk_buff_head q;	/* sk_receive_queue */
	struct sk_buff_head reader_queue;
	uint64_t sk_rmem_alloc;
	uint64_t forward_deficit;	/* read, not yet uncharged */
	uint32_t sk_rcvbuf;
	uint64_t sk_drops;
	uint64_t enqueued;
	uint32_t sk_rxhash;	/* connected: the last frame's flow hash */
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
	/* udp_queue_rcv_one_skb(): sock_rps_save_rxhash() if connected */
	if (sk->cfg->connected)
		sk->sk_rxhash = skb->hash;
	sk->sk_rmem_alloc += q.truesize;
	skb_queue_tail(&sk->q, &q);
	sk->enqueued++;
	reader = sk->reader;
	sk->reader = NULL;
	return reader;
}

/* udp_rmem_release() after a read (partial = 1) */
static void udp_rmem_release(struct sock *sk, uint32_t size)
{
	sk->forward_deficit += size;
	if (sk->forward_deficit < (sk->sk_rcvbuf >> 2) &&
	    skb_queue_len(&sk->reader_queue))
		return;
	sk->sk_rmem_alloc -= sk->forward_deficit;
	sk->forward_deficit = 0;
	/* this can save the next read the receive queue's lock */
	skb_queue_splice_tail_init(&sk->q, &sk->reader_queue);
}

void sock_rps_record_flow(struct sock *sk, uint32_t cpu)
{
	sock_rps_record_flow_hash(sk->m, sk->sk_rxhash, cpu);
}

bool sock_dequeue(struct sock *sk, struct sk_buff *out)
{
	/* __skb_recv_udp(): the reader queue, refilled from the receive
	 * queue when it is empty */
	if (!skb_dequeue(&sk->reader_queue, out)) {
		if (!skb_queue_len(&sk->q))
			return false;
		skb_queue_splice_tail_init(&sk->q, &sk->reader_queue);
		skb_dequeue(&sk->reader_queue, out);
	}
	udp_rmem_release(sk, out->truesize);
	return true;
}

uint32_t sock_queue_len(const struct sock *sk)
{
	return skb_queue_len(&sk->q) + skb_queue_len(&sk->reader_queue);
}

uint64_t sock_rmem_alloc(const struct sock *sk)
{
	return sk->sk_rmem_alloc;
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
	skb_queue_head_init(&sk->reader_queue);
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
	sim_row_add_u64(d, "queued", sock_queue_len(sk));
	sim_row_add_u64(d, "sk_rmem_alloc", sk->sk_rmem_alloc);
	sim_row_add_u64(d, "forward_deficit", sk->forward_deficit);
}

static void sock_destroy(void *p)
{
	struct sock *sk = p;

	skb_queue_purge(&sk->q);
	skb_queue_purge(&sk->reader_queue);
	g_free(sk);
}
/* ---------------------------------------------------------------- params */

#define S struct sock_cfg
static const struct sim_param sock_params[] = {
	SIM_PARAM_U32(S, rcvbuf, "rcvbuf", 212992, 2304, 1 << 30, "bytes", "sk_rcvbuf (net.core.rmem_default)"),
	SIM_PARAM_BOOL(S, connected, "connected", 0, "the socket is connect()ed to its peer: it keeps the flow hash of the frames it receives (sk_rxhash, sock_rps_save_rxhash() in udp_queue_rcv_one_skb()), which RFS needs; an unconnected UDP socket is invisible to RFS"),
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
