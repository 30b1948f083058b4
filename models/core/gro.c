/*
 * models/core/gro.c - GRO: generic receive offload, and the
 * gro_normal_batch lists of skbs that go up the stack.
 *
 * Follows Linux v6.12: net/core/gro.c dev_gro_receive(),
 * napi_gro_receive(), napi_skb_finish(), napi_gro_complete(),
 * gro_flush_oldest(), napi_gro_flush() and __napi_gro_flush_chain();
 * include/net/gro.h gro_normal_one() and gro_normal_list();
 * net/ipv4/tcp_offload.c tcp4_gro_receive(), tcp_gro_lookup() and
 * tcp_gro_receive(); net/ipv4/udp_offload.c udp4_gro_receive() and
 * udp_gro_receive(); net/core/dev.c netif_receive_skb_list_internal().
 * The flush points are the NAPI's (models/core/napi.c: napi_complete_done(),
 * __napi_poll(); models/core/busy_poll.c: the busy loop, busy_poll_stop()).
 *
 * - Each NAPI has GRO_HASH_BUCKETS (8) lists of at most MAX_GRO_SKBS (8)
 *   held skbs; a frame goes to the bucket of its hash's low 3 bits
 *   (skb_get_hash_raw(): the RSS hash the NIC wrote, 0 on a NIC without
 *   RSS, so every flow of an e1000 shares bucket 0).
 * - A TCP segment of a device with GRO on (NETIF_F_GRO, ethtool -K gro)
 *   looks for a held skb of its flow (gro_list_prepare(), inet_gro_receive()
 *   and tcp_gro_lookup() compare device, addresses and ports: here, the
 *   flow).  None: it is held (GRO_HELD), unless it has no payload (a pure
 *   ACK: flushed, GRO_NORMAL).  One: tcp_gro_receive() merges it if its
 *   payload is at most the held skb's MSS (gso_size, its first segment's
 *   payload), it is the next in sequence, and the held skb stays under
 *   the device's gro_max_size (skb_gro_receive(): p->len + len <
 *   gro_max_size, 65536 by default: 45 segments of 1448 bytes); the held
 *   skb then grows (NAPI_GRO_CB()->count, len, its frame list).  If it
 *   cannot merge, the held skb is completed and goes up, and the segment
 *   is held in its place; a merged segment shorter than the MSS ends its
 *   skb, which goes up at once.  A full bucket completes its oldest skb
 *   before holding a new one (gro_flush_oldest()).
 * - Everything else is GRO_NORMAL: UDP (udp4_gro_receive() flushes a
 *   datagram for a socket without UDP_GRO, and for forwarding without
 *   NETIF_F_GRO_UDP_FWD), every frame of a device with GRO off
 *   (netif_elide_gro()).  A completed or normal skb joins the NAPI's
 *   rx_list with its frames (gro_normal_one(napi, skb, segs)); once they
 *   reach net.core.gro_normal_batch (8), or at a flush point,
 *   gro_normal_list() passes the list up: netif_receive_skb_list_internal()
 *   first asks get_rps_cpu() of every skb, queueing the steered ones on
 *   their CPU's backlog, then runs the stack for the others, in order.
 * - napi_gro_flush(napi, flush_old) completes the held skbs bucket by
 *   bucket, oldest first, all of them or (flush_old) only those held
 *   before the current jiffy (NAPI_GRO_CB()->age).
 *
 * Costs: the driver's per-frame and per-byte cycles are paid by every
 * segment, in its poll; [cost] gro_receive by every TCP segment GRO sees;
 * the stack's per-packet cycles (netif_receive_skb, ip_rcv, tcp_rcv or
 * udp_rcv, or ip_forward) once per skb that goes up, merged or not
 * (models/stack/stack.c), when it goes up.  With gro_normal_batch 1 and
 * GRO off (or a frame GRO does not hold), a frame goes up in the step
 * that cleans it, with the stack's cycles in that step, exactly as
 * before GRO was modelled.
 *
 * MODEL: a flow is one 5-tuple: the IP and TCP header fields that
 * tcp_gro_receive() compares (flags, ack_seq, options, IP ID, TTL, TOS)
 * never differ within a flow, so only the sequence, the payload and the
 * size decide; the TCP header is 32 bytes (timestamps), so a frame's
 * payload is its length - 66; segments carry no PSH, FIN, URG, RST or
 * SYN; no checksum validation, no fraglist GRO, no HW-GRO/LRO, no GRO
 * of UDP (UDP_GRO sockets), of IPv6 or of tunnels; [cost] gro_receive is
 * charged to TCP segments only (a UDP datagram's pass through
 * dev_gro_receive() is taken as part of the stack's per-packet costs, as
 * the defaults were set for a kernel that always had GRO on).
 */
#include "config.h"

#include <glib.h>

#include "sim/config/report.h"
#include "sim/config/row.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/cost.h"
#include "models/core/gro.h"
#include "models/core/napi.h"
#include "models/stack/stack.h"
#include "models/workload/traffic.h"

void napi_gro_init(struct machine *m, struct napi_struct *n)
{
	const struct netcore_cfg *nc = machine_cfg(m, &netcore_model_ops);
	struct napi_gro *g = g_new0(struct napi_gro, 1);

	g->m = m;
	g->batch = nc ? nc->gro_normal_batch : 1;
	g->age_bucket = -1;
	skb_queue_head_init(&g->rx_list);
	skb_queue_head_init(&g->deliver);
	skb_queue_head_init(&g->local);
	g->lists = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	n->gro = g;
}

void napi_gro_destroy(struct napi_struct *n)
{
	struct napi_gro *g = n->gro;

	if (!g)
		return;
	skb_queue_purge(&g->rx_list);
	skb_queue_purge(&g->deliver);
	skb_queue_purge(&g->local);
	g_array_unref(g->lists);
	g_free(g);
	n->gro = NULL;
}

/* the frame is a TCP/IPv4 segment and its device does GRO */
static bool gro_tcp(const struct napi_struct *n, const struct sk_buff *skb)
{
	const struct flow_keys *k;

	if (!n->dev || !(n->dev->features & NETIF_F_GRO))
		return false;
	k = traffic_flow_keys(n->m->traffic, skb->flow);
	return k->ip_proto == 6 && (!k->n_proto || k->n_proto == 0x0800);
}

/* skb_gro_len() at the TCP layer: the segment's payload */
static uint32_t tcp_payload(const struct sk_buff *skb)
{
	return skb->len > GRO_TCP_HEADERS ? skb->len - GRO_TCP_HEADERS : 0;
}

/* ---------------------------------------------------------------- lists */

/* gro_normal_list(): the rx_list goes up as one list */
static void gro_normal_list(struct napi_gro *g)
{
	uint32_t len = skb_queue_len(&g->rx_list);

	if (!g->rx_count)
		return;
	skb_queue_splice_tail_init(&g->rx_list, &g->deliver);
	g_array_append_val(g->lists, len);
	g->rx_count = 0;
	g->batches++;
}

/* gro_normal_one(): queue @skb with its @segs frames; a full batch goes */
static void gro_normal_one(struct napi_gro *g, const struct sk_buff *skb,
			   uint32_t segs)
{
	skb_queue_tail(&g->rx_list, skb);
	g->rx_count += segs;
	if (g->rx_count >= g->batch) {
		g->batch_full++;
		gro_normal_list(g);
	}
}

/* napi_gro_complete(): a held skb is done; up it goes (count 1: as is) */
static void napi_gro_complete(struct napi_gro *g, const struct gro_held *h,
			      enum gro_flush_why why)
{
	g->flushes++;
	g->flush_why[why]++;
	gro_normal_one(g, &h->skb, skb_frames_count(&h->skb));
}

/* take held skb @i out of @l (skb_list_del_init()) */
static void gro_list_del(struct gro_list *l, uint32_t i)
{
	for (uint32_t j = i + 1; j < l->count; j++)
		l->held[j - 1] = l->held[j];
	l->count--;
}

static void gro_bitmask_update(struct napi_gro *g, uint32_t bucket)
{
	if (g->hash[bucket].count)
		g->bitmask |= 1u << bucket;
	else
		g->bitmask &= ~(1u << bucket);
}

/* __napi_gro_flush_chain(): oldest first; flush_old stops at this jiffy */
static void napi_gro_flush_chain(struct napi_gro *g, uint32_t bucket,
				 bool flush_old, uint64_t jiffies,
				 enum gro_flush_why why)
{
	struct gro_list *l = &g->hash[bucket];

	while (l->count) {
		if (flush_old && l->held[0].age == jiffies)
			return;
		napi_gro_complete(g, &l->held[0], why);
		gro_list_del(l, 0);
	}
	g->bitmask &= ~(1u << bucket);
}

/* napi_gro_flush(): every bucket that holds, in bit order */
static void napi_gro_flush(struct napi_gro *g, bool flush_old,
			   uint64_t jiffies, enum gro_flush_why why)
{
	for (uint32_t b = 0; b < GRO_HASH_BUCKETS; b++)
		if (g->bitmask & (1u << b))
			napi_gro_flush_chain(g, b, flush_old, jiffies, why);
}

/* ------------------------------------------------------- dev_gro_receive */

/*
 * dev_gro_receive() for a TCP segment, with tcp_gro_receive() and
 * skb_gro_receive() in it; napi_skb_finish() for what is not held.
 */
static void dev_gro_receive(struct napi_gro *g, struct napi_struct *n,
			    const struct sk_buff *skb, uint64_t jiffies)
{
	uint32_t bucket = skb->hash & (GRO_HASH_BUCKETS - 1);
	struct gro_list *l = &g->hash[bucket];
	uint32_t len = tcp_payload(skb), mss = 1;
	bool same_flow = false, flush;
	int p = -1, pp = -1;

	/* tcp_gro_lookup(): the newest held skb of its flow */
	for (int i = (int)l->count - 1; i >= 0; i--)
		if (l->held[i].skb.flow == skb->flow) {
			p = i;
			break;
		}
	if (p >= 0) {
		struct gro_held *h = &l->held[p];

		/* (len - 1) >= mss: unsigned, so no payload flushes too */
		flush = len - 1 >= h->mss || skb->seq != h->next_seq;
		/* skb_gro_receive(): -E2BIG at gro_max_size */
		if (!flush && h->ip_len + len < n->dev->gro_max_size) {
			skb_gro_append(g->m->skb_pool, &h->skb, skb);
			h->ip_len += len;
			h->next_seq++;
			g->merged++;
			same_flow = true;
			mss = h->mss;
		}
	}
	/* out_check_final: a segment shorter than the MSS is the last */
	flush = len < mss;
	if (p >= 0 && (!same_flow || flush))
		pp = p;
	if (pp >= 0) {
		napi_gro_complete(g, &l->held[pp], same_flow ?
				  GRO_FLUSH_SHORT : GRO_FLUSH_MISMATCH);
		gro_list_del(l, (uint32_t)pp);
	}
	if (same_flow) {
		gro_bitmask_update(g, bucket);
		return;			/* GRO_MERGED_FREE */
	}
	if (flush) {
		/* GRO_NORMAL */
		gro_bitmask_update(g, bucket);
		g->normal++;
		gro_normal_one(g, skb, 1);
		return;
	}
	if (l->count >= MAX_GRO_SKBS) {
		/* gro_flush_oldest() */
		napi_gro_complete(g, &l->held[0], GRO_FLUSH_OLDEST);
		gro_list_del(l, 0);
	}
	/* GRO_HELD: list_add() at the head, the youngest */
	l->held[l->count++] = (struct gro_held) {
		.skb = *skb, .age = jiffies, .mss = len,
		.ip_len = skb->len - GRO_ETH_HLEN, .next_seq = skb->seq + 1,
	};
	g->held_skbs++;
	/* its age is the jiffy after the lists it sent up (below) */
	if (skb_queue_len(&g->deliver))
		g->age_bucket = (int)bucket;
	gro_bitmask_update(g, bucket);
}

/* ------------------------------------------------------------ delivery */

static void gro_lists_run(struct sim_ctx *ctx);

static void gro_lists_done(struct napi_gro *g, struct sim_ctx *ctx)
{
	if (g->age_bucket >= 0) {
		struct gro_list *l = &g->hash[g->age_bucket];

		l->held[l->count - 1].age = machine_jiffies(g->m,
							    ctx->cpu->now);
		g->age_bucket = -1;
	}
}

/* a steered skb's rps_enqueue cycles ran: onto its CPU's backlog */
static void gro_steered(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct sk_buff s = p->polling->gro->cur;

	netif_receive_skb(p, &s, gro_lists_run);
}

/* a local skb's stack cycles ran: __netif_receive_skb() */
static void gro_local_done(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct sk_buff s = p->polling->gro->cur;

	__netif_receive_skb(p, &s, gro_lists_run);
}

/*
 * netif_receive_skb_list_internal() for each list, in order: the RPS
 * pass over the whole list, then the stack for what stays here.
 */
static void gro_lists_run(struct sim_ctx *ctx)
{
	struct napi_poller *p = ctx->poller;
	struct napi_gro *g = p->polling->gro;
	sim_ctx_fn next;

	for (;;) {
		while (g->list_left) {
			uint64_t cycles = 0;

			g->list_left--;
			skb_dequeue(&g->deliver, &g->cur);
			if (netif_receive_skb_list_steer(p, &g->cur,
							 &cycles)) {
				sim_ctx_step(ctx, cycles, gro_steered);
				return;
			}
			skb_queue_tail(&g->local, &g->cur);
		}
		if (skb_dequeue(&g->local, &g->cur)) {
			sim_ctx_step(ctx, __netif_receive_skb_cycles(
					     g->m->stack, &g->cur),
				     gro_local_done);
			return;
		}
		if (g->list_head == g->lists->len)
			break;
		g->list_left = g_array_index(g->lists, uint32_t,
					     g->list_head++);
	}
	g_array_set_size(g->lists, 0);
	g->list_head = 0;
	p->polling = g->saved_polling;
	gro_lists_done(g, ctx);
	next = g->next;
	g->next = NULL;
	next(ctx);
}

/* what gro_normal_list() passed up goes up, in @p; then @next */
static void gro_deliver(struct napi_poller *p, struct napi_struct *n,
			sim_ctx_fn next)
{
	struct napi_gro *g = n->gro;

	if (!skb_queue_len(&g->deliver)) {
		gro_lists_done(g, p->ctx);
		next(p->ctx);
		return;
	}
	g_assert(!g->next);
	g->next = next;
	g->saved_polling = p->polling;
	p->polling = n;
	gro_lists_run(p->ctx);
}

/* ---------------------------------------------------------------- API */

uint64_t napi_gro_receive_cycles(struct napi_poller *p,
				 const struct sk_buff *skb)
{
	struct napi_struct *n = p->polling;
	struct napi_gro *g = n->gro;
	bool tcp = gro_tcp(n, skb);
	uint64_t cycles = tcp ? g->m->cost->gro_receive : 0;

	g->direct = !tcp && g->batch <= 1;
	if (g->direct)
		cycles += netif_receive_skb_cycles(p, skb);
	return cycles;
}

void napi_gro_receive_skb(struct napi_struct *n, const struct sk_buff *skb,
			  uint64_t jiffies)
{
	struct napi_gro *g = n->gro;

	if (gro_tcp(n, skb)) {
		dev_gro_receive(g, n, skb, jiffies);
	} else {
		/* netif_elide_gro(), or udp_gro_receive() flushed it */
		g->normal++;
		gro_normal_one(g, skb, 1);
	}
}

void napi_gro_receive(struct napi_poller *p, const struct sk_buff *skb,
		      sim_ctx_fn next)
{
	struct napi_struct *n = p->polling;
	struct napi_gro *g = n->gro;
	struct sk_buff s = *skb;

	/* skb_mark_napi_id() */
	s.napi_id = n->napi_id;
	if (g->direct) {
		g->direct = false;
		g->normal++;
		netif_receive_skb(p, &s, next);
		return;
	}
	napi_gro_receive_skb(n, &s, machine_jiffies(g->m, p->ctx->cpu->now));
	gro_deliver(p, n, next);
}

void napi_gro_flush_skbs(struct napi_struct *n, enum gro_flush_how how,
			 enum gro_flush_why why, uint64_t jiffies)
{
	struct napi_gro *g = n->gro;

	if (how != GRO_FLUSH_NONE && g->bitmask)
		napi_gro_flush(g, how == GRO_FLUSH_OLD, jiffies, why);
	gro_normal_list(g);
}

void napi_gro_flush_normal(struct napi_poller *p, struct napi_struct *n,
			   enum gro_flush_how how, enum gro_flush_why why,
			   sim_ctx_fn next)
{
	napi_gro_flush_skbs(n, how, why,
			    machine_jiffies(n->gro->m, p->ctx->cpu->now));
	gro_deliver(p, n, next);
}

bool napi_gro_next_up(struct napi_struct *n, struct sk_buff *out)
{
	struct napi_gro *g = n->gro;

	if (!skb_dequeue(&g->deliver, out))
		return false;
	/* the list it came in shrinks; an emptied one is gone */
	while (g->list_head < g->lists->len &&
	       !g_array_index(g->lists, uint32_t, g->list_head))
		g->list_head++;
	g_array_index(g->lists, uint32_t, g->list_head)--;
	while (g->list_head < g->lists->len &&
	       !g_array_index(g->lists, uint32_t, g->list_head))
		g->list_head++;
	if (g->list_head == g->lists->len) {
		g_array_set_size(g->lists, 0);
		g->list_head = 0;
	}
	return true;
}

uint32_t napi_gro_lists_up(const struct napi_struct *n)
{
	return n->gro->lists->len - n->gro->list_head;
}

uint64_t napi_gro_queued(const struct napi_struct *n)
{
	const struct napi_gro *g = n->gro;
	uint64_t frames;

	if (!g)
		return 0;
	frames = skb_queue_frames(&g->rx_list) + skb_queue_frames(&g->deliver) +
		 skb_queue_frames(&g->local);
	for (uint32_t b = 0; b < GRO_HASH_BUCKETS; b++)
		for (uint32_t i = 0; i < g->hash[b].count; i++)
			frames += skb_frames_count(&g->hash[b].held[i].skb);
	return frames;
}

/* ---------------------------------------------------------------- report */

void napi_gro_report(struct machine *m, struct sim_report *r)
{
	uint64_t merged = 0, flushes = 0;

	for (guint i = 0; i < m->napis->len; i++) {
		const struct napi_struct *n = m->napis->pdata[i];

		if (!n->gro)
			continue;
		merged += n->gro->merged;
		flushes += n->gro->flushes;
	}
	sim_row_add_u64(r->row, "gro_merged", merged);
	sim_row_add_u64(r->row, "gro_flushes", flushes);
}

void napi_gro_report_napi(const struct napi_struct *n, struct sim_row *d)
{
	static const char *const why[GRO_FLUSH_NR] = {
		[GRO_FLUSH_MISMATCH] = "gro_flush_mismatch",
		[GRO_FLUSH_SHORT] = "gro_flush_short",
		[GRO_FLUSH_OLDEST] = "gro_flush_oldest",
		[GRO_FLUSH_COMPLETE] = "gro_flush_complete",
		[GRO_FLUSH_POLL] = "gro_flush_poll",
		[GRO_FLUSH_BUSY_POLL] = "gro_flush_busy_poll",
	};
	const struct napi_gro *g = n->gro;

	if (!g)
		return;
	sim_row_add_u64(d, "gro_held", g->held_skbs);
	sim_row_add_u64(d, "gro_merged", g->merged);
	sim_row_add_u64(d, "gro_flushes", g->flushes);
	for (int w = 0; w < GRO_FLUSH_NR; w++)
		sim_row_add_u64(d, why[w], g->flush_why[w]);
	sim_row_add_u64(d, "gro_normal", g->normal);
	sim_row_add_u64(d, "gro_batches", g->batches);
	sim_row_add_u64(d, "gro_batch_full", g->batch_full);
	sim_row_add_u64(d, "gro_queued", napi_gro_queued(n));
}
