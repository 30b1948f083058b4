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
 * A GRO skb (models/core/gro.c) is queued and read as one skb: its
 * truesize is the sum of its segments', and a drop counts every segment
 * in sk_drops (sk_drops_add()).
 *
 * MODEL: truesize = ALIGN(size + NET_SKB_PAD + NET_IP_ALIGN, 64) +
 * truesize_overhead (struct sk_buff and skb_shared_info), one skb per
 * datagram, and per segment of a GRO skb (the heads GRO frees are not
 * subtracted); no forward-allocation failures (ENOBUFS) and no
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
#include "models/core/netdevice.h"
#include "models/core/rps.h"
#include "models/workload/app.h"
#include "models/workload/traffic.h"

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
	uint32_t sk_napi_id;	/* the NAPI it busy-polls (sk_mark_napi_id) */
	int sk_incoming_cpu;	/* SO_INCOMING_CPU, -1: not set */
	/* sk_wq: tasks sleeping in recvmsg()/epoll_wait(), woken one per
	 * datagram in the order they slept (exclusive waiters) */
	struct sim_ctx *waiters[SOCK_MAX_WAITERS];
	uint32_t wq_head, wq_len;
};

/* the sockets: one, or a SO_REUSEPORT group of one per thread */
struct socks {
	struct sock **sk;
	uint32_t n;
};

uint32_t sock_truesize(const struct sock_cfg *cfg, uint32_t len)
{
	return ((len + 66 + 63) & ~63u) + cfg->truesize_overhead;
}

/* a GRO skb is charged every segment's truesize (skb_gro_receive()
 * adds each one's to the held skb's) */
static uint32_t skb_truesize(const struct sock_cfg *cfg,
			     const struct sk_buff *skb)
{
	uint32_t n = skb_frames_count(skb), sum = 0;

	for (uint32_t i = 0; i < n; i++)
		sum += sock_truesize(cfg, skb_frame_len(skb, i));
	return sum;
}

struct sim_ctx *sock_queue_rcv(struct sock *sk, const struct sk_buff *skb)
{
	struct sim_ctx *reader;
	struct sk_buff q = *skb;

	q.truesize = skb_truesize(sk->cfg, skb);
	if (sk->sk_rmem_alloc + q.truesize > sk->sk_rcvbuf &&
	    sk->sk_rmem_alloc > sk->sk_rcvbuf) {
		/* sk_drops_add(): a GRO skb's every segment */
		sk->sk_drops += skb_frames_count(skb);
		kfree_skb(sk->m->skb_pool, &q);
		return NULL;
	}
	/* udp_queue_rcv_one_skb(): a connected socket follows each frame's
	 * flow hash and NAPI, an unconnected one keeps the first NAPI
	 * (sock_rps_save_rxhash(), sk_mark_napi_id(), _once()) */
	if (sk->cfg->connected) {
		sk->sk_rxhash = skb->hash;
		if (skb->napi_id)
			sk->sk_napi_id = skb->napi_id;
	} else if (!sk->sk_napi_id) {
		sk->sk_napi_id = skb->napi_id;
	}
	sk->sk_rmem_alloc += q.truesize;
	skb_queue_tail(&sk->q, &q);
	sk->enqueued += skb_frames_count(&q);
	/* sk_data_ready(): wake the first waiter */
	if (!sk->wq_len)
		return NULL;
	reader = sk->waiters[sk->wq_head];
	sk->wq_head = (sk->wq_head + 1) % SOCK_MAX_WAITERS;
	sk->wq_len--;
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

uint64_t sock_queued_frames(const struct sock *sk)
{
	return skb_queue_frames(&sk->q) + skb_queue_frames(&sk->reader_queue);
}

uint64_t sock_rmem_alloc(const struct sock *sk)
{
	return sk->sk_rmem_alloc;
}

void sock_set_reader(struct sock *sk, struct sim_ctx *task)
{
	g_assert(sk->wq_len < SOCK_MAX_WAITERS);
	sk->waiters[(sk->wq_head + sk->wq_len++) % SOCK_MAX_WAITERS] = task;
}

uint32_t sock_napi_id(const struct sock *sk)
{
	return sk->sk_napi_id;
}

void sock_set_incoming_cpu(struct sock *sk, int cpu)
{
	sk->sk_incoming_cpu = cpu;
}

/*
 * reuseport_select_sock(): with SO_INCOMING_CPU set on the group, the
 * member whose sk_incoming_cpu is the CPU processing the datagram
 * (reuseport_select_sock_by_incoming_cpu(), Linux 6.1); else a member
 * by the 4-tuple's hash.  Like the kernel (reuse->incoming_cpu), the
 * members are only scanned when the group has SO_INCOMING_CPU set.
 */
struct sock *sock_lookup(struct machine *m, const struct sk_buff *skb,
			 uint32_t cpu)
{
	const struct flow_keys *k;
	uint32_t n = m->socks->len;
	uint64_t h;

	if (n == 1)
		return m->socks->pdata[0];
	if (((struct sock *)m->socks->pdata[0])->cfg->incoming_cpu) {
		for (uint32_t i = 0; i < n; i++) {
			struct sock *sk = m->socks->pdata[i];

			if (sk->sk_incoming_cpu == (int)cpu)
				return sk;
		}
	}
	/* MODEL: udp_ehashfn() is a jhash keyed at boot; this is a fixed
	 * 32-bit mix of the same 4-tuple */
	k = traffic_flow_keys(m->traffic, skb->flow);
	h = ((uint64_t)k->saddr << 32 | k->daddr) * 0xd6e8feb86659fd93ULL ^
	    ((uint64_t)k->sport << 16 | k->dport);
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return m->socks->pdata[reciprocal_scale((uint32_t)h, n)];
}

/* ---------------------------------------------------------------- model */

static void *sock_create(struct machine *m, const void *cfg,
			 GError **error G_GNUC_UNUSED)
{
	const struct sock_cfg *c = cfg;
	const struct app_cfg *app = machine_cfg(m, &app_model_ops);
	struct socks *s = g_new0(struct socks, 1);

	s->n = c->reuseport ? app->threads : 1;
	s->sk = g_new0(struct sock *, s->n);
	for (uint32_t i = 0; i < s->n; i++) {
		struct sock *sk = g_new0(struct sock, 1);

		sk->m = m;
		sk->cfg = c;
		sk->sk_rcvbuf = c->rcvbuf;
		sk->sk_incoming_cpu = -1;
		skb_queue_head_init(&sk->q);
		skb_queue_head_init(&sk->reader_queue);
		g_ptr_array_add(m->socks, sk);
		s->sk[i] = sk;
	}
	return s;
}

static void sock_report(void *p, struct sim_report *r)
{
	struct socks *s = p;
	uint64_t drops = 0;

	for (uint32_t i = 0; i < s->n; i++) {
		struct sock *sk = s->sk[i];
		char id[16];
		struct sim_row *d;

		g_snprintf(id, sizeof(id), "%u", i);
		d = sim_report_object(r, "socket", id);
		drops += sk->sk_drops;
		sim_row_add_u64(d, "sk_drops", sk->sk_drops);
		sim_row_add_u64(d, "enqueued", sk->enqueued);
		sim_row_add_u64(d, "queued", sock_queued_frames(sk));
		sim_row_add_u64(d, "sk_rmem_alloc", sk->sk_rmem_alloc);
		sim_row_add_u64(d, "forward_deficit", sk->forward_deficit);
		sim_row_add_u64(d, "sk_napi_id", sk->sk_napi_id);
	}
	sim_row_add_u64(r->row, "sk_drops", drops);
}

static void sock_destroy(void *p)
{
	struct socks *s = p;

	for (uint32_t i = 0; i < s->n; i++) {
		skb_queue_purge(&s->sk[i]->q);
		skb_queue_purge(&s->sk[i]->reader_queue);
		g_free(s->sk[i]);
	}
	g_free(s->sk);
	g_free(s);
}
/*
 * A connected socket in an SO_REUSEPORT group takes the kernel out of
 * reuseport selection (reuseport_has_conns(): lookup by score instead),
 * which the model does not follow: refused rather than modelled wrong.
 */
static gboolean sock_check(const void *p, GError **error)
{
	const struct sock_cfg *cfg = p;

	if (cfg->connected && cfg->reuseport) {
		g_set_error(error, SIM_PARAM_ERROR, SIM_PARAM_ERROR_RANGE,
			    "connected: a connected socket in an SO_REUSEPORT group is not modelled (the kernel then skips reuseport selection)");
		return FALSE;
	}
	return TRUE;
}

/* ---------------------------------------------------------------- params */

#define S struct sock_cfg
static const struct sim_param sock_params[] = {
	SIM_PARAM_U32(S, rcvbuf, "rcvbuf", 212992, 2304, 1 << 30, "bytes", "sk_rcvbuf (net.core.rmem_default)"),
	SIM_PARAM_BOOL(S, reuseport, "reuseport", 0, "SO_REUSEPORT: one socket per [app] thread, bound to the same port; each datagram goes to the group member its 4-tuple hashes to (reuseport_select_sock()); off: the threads share one socket"),
	SIM_PARAM_BOOL(S, incoming_cpu, "incoming_cpu", 0, "SO_INCOMING_CPU on each SO_REUSEPORT member, set to its thread's CPU: a datagram goes to the member of the CPU that processes it (Linux 6.1 reuseport selection), so with one queue per CPU each thread gets one queue's traffic and busy-polls that queue's NAPI; the others by hash"),
	SIM_PARAM_BOOL(S, connected, "connected", 0, "the socket is connect()ed to its peer: it keeps the flow hash of the frames it receives (sk_rxhash, sock_rps_save_rxhash() in udp_queue_rcv_one_skb()), which RFS needs; an unconnected UDP socket is invisible to RFS"),
	SIM_PARAM_U32(S, truesize_overhead, "truesize_overhead", 576, 0, 65536, "bytes", "skb truesize = ALIGN(size + 66, 64) + this (struct sk_buff + skb_shared_info)"),
	{ }
};
#undef S

const struct sim_model_ops sock_model_ops = {
	.name = "socket",
	.help = "[socket] the UDP sockets: sk_rcvbuf accounting in truesize bytes, SO_REUSEPORT groups, connected sockets for RFS",
	.params = sock_params,
	.cfg_size = sizeof(struct sock_cfg),
	.check = sock_check,
	.create = sock_create,
	.report = sock_report,
	.destroy = sock_destroy,
};
