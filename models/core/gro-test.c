/*
 * models/core/gro-test.c - GRO and gro_normal_batch, with exact counters.
 *
 * First the engine's decisions on hand-made segments (net/core/gro.c
 * dev_gro_receive(), net/ipv4/tcp_offload.c tcp_gro_receive(): what
 * merges, what is held, what goes up and in which lists), on the NAPI of
 * a machine that is built but not run; then whole machines, where the
 * flush points are the kernel's (napi_complete_done(), __napi_poll(),
 * the busy loop and busy_poll_stop()), the frames are conserved and
 * batch mode equals reference mode.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/report.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/core/gro.h"
#include "models/core/netdevice.h"
#include "models/stack/skbuff.h"
#include "models/test-machine.h"

/* 9 TCP flows on an e1000 (no RSS hash: one bucket) with GRO on */
#define ENGINE \
	"[traffic]\narrival=bulk\nflows=9\nsize=1514\npackets=1\n" \
	"[nic]\ngro=true\n" \
	"[net.core]\ngro_normal_batch=8\n" \
	"[stack]\nmode=deliver\n[app]\ncpu=1\n"

static struct napi_struct *eth0_napi(struct machine *m)
{
	struct net_device *dev = m->netdevs->pdata[0];

	return dev->_rx[0].napi;
}

/* a frame of flow @flow, number @seq in it, @len bytes, in bucket @hash */
static struct sk_buff seg(uint32_t flow, uint32_t seq, uint32_t len,
			  uint32_t hash)
{
	return (struct sk_buff) {
		.arrival = SIM_US(seq + 1), .len = len, .flow = flow,
		.seq = seq, .hash = hash,
	};
}

static void rx(struct napi_struct *n, struct sk_buff s)
{
	napi_gro_receive_skb(n, &s, 7);
}

/*
 * Take everything that went up: its frames per skb in @segs (and the
 * first frame's flow and seq in @flow, @seq when given).  Return: how
 * many skbs.
 */
static guint up(struct machine *m, struct napi_struct *n, uint32_t *segs,
		uint32_t *flow, uint32_t *seq)
{
	struct sk_buff s;
	guint k = 0;

	while (napi_gro_next_up(n, &s)) {
		/* a GRO skb: its length is its frames', its frames in order */
		g_assert_cmpuint(s.len, ==, skb_frames_count(&s) *
				 skb_frame_len(&s, 0) -
				 (skb_frame_len(&s, 0) -
				  skb_frame_len(&s, skb_frames_count(&s) - 1)));
		for (uint32_t i = 0; i < skb_frames_count(&s); i++)
			g_assert_cmpuint(skb_frame_arrival(&s, i), ==,
					 SIM_US(s.seq + i + 1));
		segs[k] = skb_frames_count(&s);
		if (flow)
			flow[k] = s.flow;
		if (seq)
			seq[k] = s.seq;
		k++;
		kfree_skb(m->skb_pool, &s);
	}
	return k;
}

/* held skbs of bucket @b: their frames, oldest first */
static guint held(struct napi_struct *n, uint32_t b, uint32_t *segs)
{
	const struct gro_list *l = &n->gro->hash[b];

	for (uint32_t i = 0; i < l->count; i++)
		segs[i] = skb_frames_count(&l->held[i].skb);
	return l->count;
}

/*
 * In-order segments of one flow merge until the held skb would reach
 * gro_max_size: 65536 bytes from the IP header on is 1500 + 44 x 1448 =
 * 65212 with 45 segments, 66660 with 46: so 45 each.  The 46th cannot
 * merge (skb_gro_receive() -E2BIG): the held skb goes up and the segment
 * is held in its place.
 */
static void test_merge_in_order(struct fixture *f,
				gconstpointer data G_GNUC_UNUSED)
{
	struct machine *m = build(f, ENGINE, false, NULL);
	struct napi_struct *n = eth0_napi(m);
	uint32_t segs[16], h[8];

	for (uint32_t i = 0; i < 100; i++)
		rx(n, seg(0, i, 1514, 0));
	/* two skbs of 45 went up, each a list of its own (45 >= 8) */
	g_assert_cmpuint(napi_gro_lists_up(n), ==, 2);
	g_assert_cmpuint(up(m, n, segs, NULL, NULL), ==, 2);
	g_assert_cmpuint(segs[0], ==, 45);
	g_assert_cmpuint(segs[1], ==, 45);
	g_assert_cmpuint(held(n, 0, h), ==, 1);
	g_assert_cmpuint(h[0], ==, 10);
	g_assert_cmpuint(n->gro->bitmask, ==, 1);
	g_assert_cmpuint(n->gro->merged, ==, 97);
	g_assert_cmpuint(n->gro->held_skbs, ==, 3);
	g_assert_cmpuint(n->gro->flush_why[GRO_FLUSH_MISMATCH], ==, 2);
	g_assert_cmpuint(napi_gro_queued(n), ==, 10);
	/* napi_gro_flush(n, false): the last one goes */
	napi_gro_flush_skbs(n, GRO_FLUSH_ALL, GRO_FLUSH_COMPLETE, 7);
	g_assert_cmpuint(up(m, n, segs, NULL, NULL), ==, 1);
	g_assert_cmpuint(segs[0], ==, 10);
	g_assert_cmpuint(n->gro->bitmask, ==, 0);
	g_assert_cmpuint(n->gro->flushes, ==, 3);
	g_assert_cmpuint(napi_gro_queued(n), ==, 0);
	machine_free(m);

	/* gro_max_size 16384: 1500 + 10 x 1448 = 15980, 11 segments */
	{
		const char *sets[] = { "nic.gro_max_size=16384", NULL };

		m = build(f, ENGINE, false, sets);
		n = eth0_napi(m);
		for (uint32_t i = 0; i < 30; i++)
			rx(n, seg(0, i, 1514, 0));
		g_assert_cmpuint(up(m, n, segs, NULL, NULL), ==, 2);
		g_assert_cmpuint(segs[0], ==, 11);
		g_assert_cmpuint(segs[1], ==, 11);
		g_assert_cmpuint(held(n, 0, h), ==, 1);
		g_assert_cmpuint(h[0], ==, 8);
		machine_free(m);
	}
}

/*
 * A segment that is not the next of its flow (lost, or late) cannot
 * merge: the held skb goes up (tcp_gro_receive() returns it as pp) and
 * the segment is held in its place.
 */
static void test_out_of_order_flushes(struct fixture *f,
				      gconstpointer data G_GNUC_UNUSED)
{
	struct machine *m = build(f, ENGINE, false, NULL);
	struct napi_struct *n = eth0_napi(m);
	uint32_t segs[8], seq[8], h[8];

	rx(n, seg(0, 0, 1514, 0));
	rx(n, seg(0, 1, 1514, 0));
	rx(n, seg(0, 2, 1514, 0));
	rx(n, seg(0, 5, 1514, 0));	/* 3 and 4 are missing */
	rx(n, seg(0, 6, 1514, 0));
	rx(n, seg(0, 4, 1514, 0));	/* 4, late */
	g_assert_cmpuint(n->gro->merged, ==, 3);
	g_assert_cmpuint(n->gro->flush_why[GRO_FLUSH_MISMATCH], ==, 2);
	/* 3 + 2 frames: under gro_normal_batch, still in the rx_list */
	g_assert_cmpuint(napi_gro_lists_up(n), ==, 0);
	napi_gro_flush_skbs(n, GRO_FLUSH_NONE, GRO_FLUSH_COMPLETE, 7);
	g_assert_cmpuint(napi_gro_lists_up(n), ==, 1);
	g_assert_cmpuint(up(m, n, segs, NULL, seq), ==, 2);
	g_assert_cmpuint(segs[0], ==, 3);
	g_assert_cmpuint(seq[0], ==, 0);
	g_assert_cmpuint(segs[1], ==, 2);
	g_assert_cmpuint(seq[1], ==, 5);
	g_assert_cmpuint(held(n, 0, h), ==, 1);
	g_assert_cmpuint(n->gro->hash[0].held[0].skb.seq, ==, 4);
	g_assert_cmpuint(n->gro->hash[0].held[0].next_seq, ==, 5);
	machine_free(m);
}

/*
 * Flows share a bucket (the same hash bits) without disturbing each
 * other: each merges into its own held skb; in other buckets they are
 * other lists (gro_bitmask).
 */
static void test_flows_share_a_bucket(struct fixture *f,
				      gconstpointer data G_GNUC_UNUSED)
{
	struct machine *m = build(f, ENGINE, false, NULL);
	struct napi_struct *n = eth0_napi(m);
	uint32_t segs[8], h[8];

	for (uint32_t i = 0; i < 6; i++) {
		rx(n, seg(0, i, 1514, 0));
		rx(n, seg(1, i, 1514, 0));
	}
	g_assert_cmpuint(held(n, 0, h), ==, 2);
	g_assert_cmpuint(h[0], ==, 6);
	g_assert_cmpuint(h[1], ==, 6);
	g_assert_cmpuint(n->gro->merged, ==, 10);
	g_assert_cmpuint(up(m, n, segs, NULL, NULL), ==, 0);
	/* flows 2 and 3 in buckets 3 and 7 (their hash & 7) */
	rx(n, seg(2, 0, 1514, 0x2b));
	rx(n, seg(3, 0, 1514, 0xf));
	g_assert_cmpuint(n->gro->bitmask, ==, 1u | 1u << 3 | 1u << 7);
	/* napi_gro_flush(): bucket by bucket, each oldest first */
	napi_gro_flush_skbs(n, GRO_FLUSH_ALL, GRO_FLUSH_COMPLETE, 7);
	{
		uint32_t flow[8];

		g_assert_cmpuint(up(m, n, segs, flow, NULL), ==, 4);
		g_assert_cmpuint(flow[0], ==, 0);
		g_assert_cmpuint(flow[1], ==, 1);
		g_assert_cmpuint(flow[2], ==, 2);
		g_assert_cmpuint(flow[3], ==, 3);
	}
	g_assert_cmpuint(n->gro->bitmask, ==, 0);
	machine_free(m);
}

/*
 * A bucket holds MAX_GRO_SKBS (8): a ninth flow's segment completes the
 * oldest held skb first (gro_flush_oldest()).
 */
static void test_full_bucket_flushes_oldest(struct fixture *f,
					    gconstpointer data G_GNUC_UNUSED)
{
	struct machine *m = build(f, ENGINE, false, NULL);
	struct napi_struct *n = eth0_napi(m);
	uint32_t segs[8], flow[8];

	for (uint32_t fl = 0; fl < 8; fl++)
		rx(n, seg(fl, 0, 1514, 0));
	g_assert_cmpuint(n->gro->hash[0].count, ==, 8);
	rx(n, seg(8, 0, 1514, 0));
	g_assert_cmpuint(n->gro->hash[0].count, ==, 8);
	g_assert_cmpuint(n->gro->flush_why[GRO_FLUSH_OLDEST], ==, 1);
	/* flow 0 again: its skb is gone, so it is new, and flow 1 goes */
	rx(n, seg(0, 1, 1514, 0));
	g_assert_cmpuint(n->gro->flush_why[GRO_FLUSH_OLDEST], ==, 2);
	napi_gro_flush_skbs(n, GRO_FLUSH_NONE, GRO_FLUSH_COMPLETE, 7);
	g_assert_cmpuint(up(m, n, segs, flow, NULL), ==, 2);
	g_assert_cmpuint(flow[0], ==, 0);
	g_assert_cmpuint(flow[1], ==, 1);
	g_assert_cmpuint(segs[0] + segs[1], ==, 2);
	/* the bucket, oldest first: flows 2..8, then 0 */
	g_assert_cmpuint(n->gro->hash[0].held[0].skb.flow, ==, 2);
	g_assert_cmpuint(n->gro->hash[0].held[7].skb.flow, ==, 0);
	g_assert_cmpuint(n->gro->merged, ==, 0);
	machine_free(m);
}

/*
 * Short segments and pure ACKs: a segment shorter than the MSS merges
 * and ends its skb (tcp_gro_receive(): flush = len < mss), which goes
 * up at once; a segment with no payload is never held (GRO_NORMAL), and
 * completes its flow's held skb first; a segment longer than the MSS
 * does not merge.
 */
static void test_short_and_empty_segments(struct fixture *f,
					  gconstpointer data G_GNUC_UNUSED)
{
	struct machine *m = build(f, ENGINE, false, NULL);
	struct napi_struct *n = eth0_napi(m);
	uint32_t segs[8], seq[8], h[8];

	rx(n, seg(0, 0, 1514, 0));
	rx(n, seg(0, 1, 1514, 0));
	rx(n, seg(0, 2, 800, 0));	/* short: merged, and it ends it */
	g_assert_cmpuint(n->gro->hash[0].count, ==, 0);
	g_assert_cmpuint(n->gro->flush_why[GRO_FLUSH_SHORT], ==, 1);
	rx(n, seg(0, 3, 800, 0));	/* held, MSS 734 */
	rx(n, seg(0, 4, 1514, 0));	/* bigger than that MSS */
	g_assert_cmpuint(n->gro->flush_why[GRO_FLUSH_MISMATCH], ==, 1);
	rx(n, seg(0, 5, 66, 0));	/* a pure ACK */
	g_assert_cmpuint(n->gro->flush_why[GRO_FLUSH_MISMATCH], ==, 2);
	g_assert_cmpuint(n->gro->normal, ==, 1);
	g_assert_cmpuint(held(n, 0, h), ==, 0);
	napi_gro_flush_skbs(n, GRO_FLUSH_NONE, GRO_FLUSH_COMPLETE, 7);
	g_assert_cmpuint(up(m, n, segs, NULL, seq), ==, 4);
	g_assert_cmpuint(segs[0], ==, 3);
	g_assert_cmpuint(segs[1], ==, 1);
	g_assert_cmpuint(seq[1], ==, 3);
	g_assert_cmpuint(segs[2], ==, 1);
	g_assert_cmpuint(seq[2], ==, 4);
	g_assert_cmpuint(seq[3], ==, 5);
	g_assert_cmpuint(n->gro->held_skbs, ==, 3);
	machine_free(m);
}

/*
 * UDP is never merged (no UDP_GRO socket): GRO_NORMAL, in lists of
 * gro_normal_batch frames; what is left waits in the rx_list for a
 * flush point.  A held TCP skb going up counts its frames toward the
 * batch (gro_normal_one(napi, skb, segs)).  With GRO off, TCP is normal.
 */
static void test_normal_batches(struct fixture *f,
				gconstpointer data G_GNUC_UNUSED)
{
	const char *udp[] = { "traffic.arrival=constant", NULL };
	const char *off[] = { "nic.gro=false", NULL };
	struct machine *m = build(f, ENGINE, false, udp);
	struct napi_struct *n = eth0_napi(m);
	uint32_t segs[32];

	for (uint32_t i = 0; i < 20; i++)
		rx(n, seg(i % 9, i / 9, 64, 0));
	g_assert_cmpuint(n->gro->normal, ==, 20);
	g_assert_cmpuint(n->gro->batch_full, ==, 2);
	g_assert_cmpuint(napi_gro_lists_up(n), ==, 2);
	g_assert_cmpuint(n->gro->rx_count, ==, 4);
	napi_gro_flush_skbs(n, GRO_FLUSH_NONE, GRO_FLUSH_COMPLETE, 7);
	g_assert_cmpuint(napi_gro_lists_up(n), ==, 3);
	g_assert_cmpuint(up(m, n, segs, NULL, NULL), ==, 20);
	g_assert_cmpuint(n->gro->batches, ==, 3);
	g_assert_cmpuint(n->gro->merged, ==, 0);
	machine_free(m);

	/* a 5-frame GRO skb and 3 datagrams fill a batch of 8 */
	m = build(f, ENGINE, false, NULL);
	n = eth0_napi(m);
	for (uint32_t i = 0; i < 5; i++)
		rx(n, seg(0, i, 1514, 0));
	rx(n, seg(0, 7, 1514, 0));	/* out of order: 5 frames go */
	g_assert_cmpuint(n->gro->rx_count, ==, 5);
	n->gro->batch = 6;
	rx(n, seg(1, 0, 66, 0));	/* an ACK: normal, 6 frames */
	g_assert_cmpuint(napi_gro_lists_up(n), ==, 1);
	g_assert_cmpuint(up(m, n, segs, NULL, NULL), ==, 2);
	g_assert_cmpuint(segs[0], ==, 5);
	g_assert_cmpuint(segs[1], ==, 1);
	machine_free(m);

	m = build(f, ENGINE, false, off);
	n = eth0_napi(m);
	for (uint32_t i = 0; i < 16; i++)
		rx(n, seg(0, i, 1514, 0));
	g_assert_cmpuint(n->gro->merged, ==, 0);
	g_assert_cmpuint(n->gro->held_skbs, ==, 0);
	g_assert_cmpuint(up(m, n, segs, NULL, NULL), ==, 16);
	machine_free(m);
}

/*
 * napi_gro_flush(n, true) (a timer to come, or a full poll with HZ >=
 * 1000) leaves what was held in this jiffy: the chain stops at its first
 * young skb, oldest first.
 */
static void test_flush_old_keeps_this_jiffy(struct fixture *f,
					    gconstpointer data G_GNUC_UNUSED)
{
	struct machine *m = build(f, ENGINE, false, NULL);
	struct napi_struct *n = eth0_napi(m);
	struct sk_buff s;
	uint32_t segs[8], flow[8];

	s = seg(0, 0, 1514, 0);
	napi_gro_receive_skb(n, &s, 6);
	s = seg(1, 0, 1514, 0);
	napi_gro_receive_skb(n, &s, 7);
	s = seg(2, 0, 1514, 0);
	napi_gro_receive_skb(n, &s, 6);	/* older, but behind a young one */
	napi_gro_flush_skbs(n, GRO_FLUSH_OLD, GRO_FLUSH_POLL, 7);
	g_assert_cmpuint(up(m, n, segs, flow, NULL), ==, 1);
	g_assert_cmpuint(flow[0], ==, 0);
	g_assert_cmpuint(n->gro->hash[0].count, ==, 2);
	g_assert_cmpuint(n->gro->flush_why[GRO_FLUSH_POLL], ==, 1);
	napi_gro_flush_skbs(n, GRO_FLUSH_OLD, GRO_FLUSH_POLL, 8);
	g_assert_cmpuint(up(m, n, segs, flow, NULL), ==, 2);
	g_assert_cmpuint(flow[0], ==, 1);
	g_assert_cmpuint(flow[1], ==, 2);
	machine_free(m);
}

/* ================================================== whole machines */

/*
 * One TCP flow's segments, back to back at 10 Gbit/s (1.23 us apart),
 * all in the ring before the first interrupt is handled (1 ms later).
 */
#define BULK \
	"[traffic]\narrival=bulk\nflows=1\nsize=1514\npackets=30\n" \
	"rate_pps=100000000\nline_rate_mbps=10000\n" \
	"[nic]\ngro=true\nirq_latency_ns=1000000\n" \
	"[net.core]\ngro_normal_batch=8\n" \
	"[stack]\nmode=deliver\n[socket]\nrcvbuf=10000000\n" \
	"[app]\ncpu=1\nwork_cycles=0\n"

static uint64_t napi_cnt(const struct sim_report *r, const char *name)
{
	return cnt(r, "napi", "1", name);
}

/*
 * napi_complete_done(): the poll takes the 30 segments (under the weight
 * of 64), GRO merges them into one skb, and the completion flushes it:
 * one skb up the stack, one recvmsg(), 30 frames delivered, each with
 * its own latency.
 */
static void test_flush_at_complete_done(struct fixture *f,
					gconstpointer data G_GNUC_UNUSED)
{
	const char *off[] = { "nic.gro=false", NULL };
	const struct sim_report *r = run(f, BULK, false, NULL);

	g_assert_cmpuint(col(r, "polls"), ==, 1);
	g_assert_cmpuint(col(r, "done"), ==, 1);
	g_assert_cmpuint(col(r, "skbs"), ==, 1);
	g_assert_cmpuint(col(r, "processed"), ==, 30);
	g_assert_cmpuint(col(r, "gro_merged"), ==, 29);
	g_assert_cmpuint(col(r, "gro_flushes"), ==, 1);
	g_assert_cmpuint(napi_cnt(r, "gro_flush_complete"), ==, 1);
	g_assert_cmpuint(col(r, "delivered"), ==, 30);
	g_assert_cmpuint(cnt(r, "task", "app", "reads"), ==, 1);
	g_assert_cmpuint(cnt(r, "socket", "0", "enqueued"), ==, 30);
	g_assert_cmpuint(cnt(r, "machine", "0", "latency_samples"), ==, 30);
	g_assert_cmpuint(cnt(r, "flow", "0", "delivered"), ==, 30);
	g_assert_cmpuint(col(r, "out_of_order"), ==, 0);
	assert_conserved(r);

	/* without GRO: 30 skbs, 30 reads, in lists of 8, 8, 8 and 6 */
	r = run(f, BULK, false, off);
	g_assert_cmpuint(col(r, "skbs"), ==, 30);
	g_assert_cmpuint(cnt(r, "task", "app", "reads"), ==, 30);
	g_assert_cmpuint(napi_cnt(r, "gro_batches"), ==, 4);
	g_assert_cmpuint(napi_cnt(r, "gro_batch_full"), ==, 3);
	assert_conserved(r);
}

/*
 * __napi_poll(): 100 segments, weight 64.  The first poll merges 45
 * (gro_max_size), holds the 46th and merges 18 more; it used its weight,
 * so GRO flushes what is older than this jiffy: with HZ 1000 nothing
 * (held in this jiffy), with HZ 100 all of it.  The second poll takes 36
 * and completes.  HZ 1000: skbs of 45, 45 and 10; HZ 100: 45, 19, 36.
 */
static void test_flush_at_full_poll(struct fixture *f,
				    gconstpointer data G_GNUC_UNUSED)
{
	const char *hz1000[] = { "traffic.packets=100", NULL };
	const char *hz100[] = { "traffic.packets=100", "kernel.hz=100", NULL };
	const struct sim_report *r = run(f, BULK, false, hz1000);

	g_assert_cmpuint(col(r, "polls"), ==, 2);
	g_assert_cmpuint(col(r, "ndone"), ==, 1);
	g_assert_cmpuint(col(r, "skbs"), ==, 3);
	g_assert_cmpuint(col(r, "gro_merged"), ==, 97);
	g_assert_cmpuint(napi_cnt(r, "gro_flush_mismatch"), ==, 2);
	g_assert_cmpuint(napi_cnt(r, "gro_flush_poll"), ==, 0);
	g_assert_cmpuint(napi_cnt(r, "gro_flush_complete"), ==, 1);
	g_assert_cmpuint(col(r, "delivered"), ==, 100);
	assert_conserved(r);

	r = run(f, BULK, false, hz100);
	g_assert_cmpuint(col(r, "skbs"), ==, 3);
	g_assert_cmpuint(col(r, "gro_merged"), ==, 97);
	g_assert_cmpuint(napi_cnt(r, "gro_flush_mismatch"), ==, 1);
	g_assert_cmpuint(napi_cnt(r, "gro_flush_poll"), ==, 1);
	g_assert_cmpuint(napi_cnt(r, "gro_flush_complete"), ==, 1);
	assert_conserved(r);
}

/*
 * gro_flush_timeout: after a poll that found work GRO is holding
 * packets, so napi_complete_done() arms the timer even without
 * napi_defer_hard_irqs and flushes only what is older than this jiffy:
 * the skb waits for the timer's poll (20 us), while the IRQ is unmasked
 * at once (done 2: both polls).  With napi_defer_hard_irqs 2 the IRQ
 * stays masked and the skb waits for the third poll; with 3 and a
 * 600 us timer, the jiffy bounds the wait: the third poll is in the next
 * jiffy, so it flushes the skb though the count still defers the IRQ.
 */
static void test_flush_timeout(struct fixture *f,
			       gconstpointer data G_GNUC_UNUSED)
{
	const char *t20[] = { "mitigation.gro_flush_timeout=20000", NULL };
	const char *defer2[] = { "mitigation.gro_flush_timeout=20000",
				 "mitigation.policy=defer",
				 "mitigation.napi_defer_hard_irqs=2", NULL };
	const char *defer3[] = { "mitigation.gro_flush_timeout=600000",
				 "mitigation.policy=defer",
				 "mitigation.napi_defer_hard_irqs=3", NULL };
	const char *defer2_600[] = { "mitigation.gro_flush_timeout=600000",
				     "mitigation.policy=defer",
				     "mitigation.napi_defer_hard_irqs=2",
				     NULL };
	const struct sim_report *r = run(f, BULK, false, NULL);
	uint64_t base = col(r, "latency_max_ns"), wait;

	r = run(f, BULK, false, t20);
	g_assert_cmpuint(col(r, "polls"), ==, 2);
	g_assert_cmpuint(col(r, "polls_timer"), ==, 1);
	g_assert_cmpuint(napi_cnt(r, "timer_armed"), ==, 1);
	g_assert_cmpuint(col(r, "done"), ==, 2);
	g_assert_cmpuint(col(r, "rxint"), ==, 1);
	g_assert_cmpuint(col(r, "skbs"), ==, 1);
	g_assert_cmpuint(napi_cnt(r, "gro_flush_complete"), ==, 1);
	wait = col(r, "latency_max_ns") - base;
	/* the timer, plus its interrupt and the poll's fixed costs */
	g_assert_cmpuint(wait, >=, 20000);
	g_assert_cmpuint(wait, <, 22000);
	assert_conserved(r);

	r = run(f, BULK, false, defer2);
	g_assert_cmpuint(col(r, "polls"), ==, 3);
	g_assert_cmpuint(col(r, "polls_timer"), ==, 2);
	g_assert_cmpuint(col(r, "done"), ==, 1);
	g_assert_cmpuint(col(r, "skbs"), ==, 1);
	wait = col(r, "latency_max_ns") - base;
	g_assert_cmpuint(wait, >=, 40000);
	g_assert_cmpuint(wait, <, 44000);

	r = run(f, BULK, false, defer3);
	g_assert_cmpuint(col(r, "polls"), ==, 4);
	g_assert_cmpuint(col(r, "polls_timer"), ==, 3);
	g_assert_cmpuint(col(r, "skbs"), ==, 1);
	wait = col(r, "latency_max_ns");
	r = run(f, BULK, false, defer2_600);
	g_assert_cmpuint(col(r, "polls"), ==, 3);
	g_assert_cmpuint(col(r, "latency_max_ns"), ==, wait);
	assert_conserved(r);
}

/*
 * The busy loop: napi_complete_done() returns at once while the reader
 * owns the NAPI (IN_BUSY_POLL), so GRO keeps what it merges and the
 * socket stays empty until busy_poll_stop()'s last poll completes.  Ten
 * segments 10 us apart, busy_read 50 us: the first comes by interrupt
 * and is read alone; the reader's next recvmsg() busy-polls 50 us and
 * finds the next five, held to the end of the loop; the one after, the
 * last four.  Without GRO every segment ends a loop.
 */
static void test_busy_loop_holds(struct fixture *f,
				 gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "traffic.packets=10", "traffic.rate_pps=100000",
			       "nic.irq_latency_ns=500",
			       "mitigation.policy=busy_poll",
			       "net.core.busy_read=50", NULL };
	const char *off[] = { "traffic.packets=10", "traffic.rate_pps=100000",
			      "nic.irq_latency_ns=500",
			      "mitigation.policy=busy_poll",
			      "net.core.busy_read=50", "nic.gro=false", NULL };
	const struct sim_report *r = run(f, BULK, false, sets);

	g_assert_cmpuint(col(r, "skbs"), ==, 3);
	g_assert_cmpuint(col(r, "gro_merged"), ==, 7);
	g_assert_cmpuint(napi_cnt(r, "gro_flush_complete"), ==, 3);
	g_assert_cmpuint(cnt(r, "task", "app", "reads"), ==, 3);
	g_assert_cmpuint(cnt(r, "task", "app", "busy_rx_packets"), ==, 9);
	g_assert_cmpuint(col(r, "delivered"), ==, 10);
	/* the second segment waited the loop out: ~45 us */
	g_assert_cmpuint(col(r, "latency_max_ns"), >, 45000);
	assert_conserved(r);

	r = run(f, BULK, false, off);
	g_assert_cmpuint(col(r, "skbs"), ==, 10);
	g_assert_cmpuint(cnt(r, "task", "app", "reads"), ==, 10);
	g_assert_cmpuint(col(r, "latency_max_ns"), <, 10000);
}

/*
 * __busy_poll_stop(): epoll busy polling with prefer_busy_poll,
 * napi_defer_hard_irqs and gro_flush_timeout on a 100 GbE burst, a budget
 * of 4: the loop ends on its 20 us while segments are still in the ring,
 * so its last poll uses the budget and the timer takes the NAPI over.
 * GRO's old packets go up there: with HZ 100 the one held skb, with HZ
 * 1000 none (held in this jiffy; the timer's poll completes it).
 */
static void test_flush_at_busy_poll_stop(struct fixture *f,
					 gconstpointer data G_GNUC_UNUSED)
{
	static const char *const base[] = {
		"traffic.packets=200", "traffic.line_rate_mbps=100000",
		"nic.irq_latency_ns=500", "socket.rcvbuf=100000000",
		"mitigation.policy=busy_poll",
		"mitigation.napi_defer_hard_irqs=2",
		"mitigation.gro_flush_timeout=20000",
		"app.busy_poll_usecs=20", "app.busy_poll_budget=4",
		"app.prefer_busy_poll=true",
	};
	const char *sets[G_N_ELEMENTS(base) + 2];
	const struct sim_report *r;

	for (guint i = 0; i < G_N_ELEMENTS(base); i++)
		sets[i] = base[i];
	sets[G_N_ELEMENTS(base)] = "kernel.hz=100";
	sets[G_N_ELEMENTS(base) + 1] = NULL;
	r = run(f, BULK, false, sets);
	g_assert_cmpuint(napi_cnt(r, "gro_flush_busy_poll"), ==, 1);
	g_assert_cmpuint(col(r, "delivered"), ==, 200);
	assert_conserved(r);
	sets[G_N_ELEMENTS(base)] = "kernel.hz=1000";
	r = run(f, BULK, false, sets);
	g_assert_cmpuint(napi_cnt(r, "gro_flush_busy_poll"), ==, 0);
	g_assert_cmpuint(col(r, "delivered"), ==, 200);
	assert_conserved(r);
}

/*
 * UDP goes up in lists of gro_normal_batch frames: a burst of 20
 * datagrams in one poll makes lists of 8, 8 and 4 (the last at
 * napi_complete_done()).  With gro_normal_batch 1 each goes up as it is
 * cleaned, as before GRO was modelled: no list at all.
 */
static void test_udp_batches(struct fixture *f,
			     gconstpointer data G_GNUC_UNUSED)
{
	const char *udp[] = { "traffic.arrival=constant", "traffic.size=64",
			      "traffic.packets=20", NULL };
	const char *one[] = { "traffic.arrival=constant", "traffic.size=64",
			      "traffic.packets=20",
			      "net.core.gro_normal_batch=1", NULL };
	const struct sim_report *r = run(f, BULK, false, udp);

	g_assert_cmpuint(col(r, "polls"), ==, 1);
	g_assert_cmpuint(col(r, "skbs"), ==, 20);
	g_assert_cmpuint(napi_cnt(r, "gro_normal"), ==, 20);
	g_assert_cmpuint(napi_cnt(r, "gro_batches"), ==, 3);
	g_assert_cmpuint(napi_cnt(r, "gro_batch_full"), ==, 2);
	g_assert_cmpuint(col(r, "gro_merged"), ==, 0);
	g_assert_cmpuint(col(r, "delivered"), ==, 20);
	assert_conserved(r);

	r = run(f, BULK, false, one);
	g_assert_cmpuint(col(r, "skbs"), ==, 20);
	g_assert_cmpuint(napi_cnt(r, "gro_batches"), ==, 0);
	assert_conserved(r);
}

/*
 * The law counts frames: a GRO skb the socket drops counts its every
 * segment in sk_drops (sk_drops_add()).  The reader shares CPU 0 with
 * the softirq and a 2304-byte sk_rcvbuf (one skb always fits): the
 * first skb (45 segments) wakes it, which hands NET_RX to ksoftirqd, and
 * it reads that skb before the second (45) comes; the third (10) finds
 * the second still charged, and is dropped: 10 frames.
 */
static void test_drops_count_frames(struct fixture *f,
				    gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "traffic.packets=100", "socket.rcvbuf=2304",
			       "app.cpu=0", NULL };
	const struct sim_report *r = run(f, BULK, false, sets);

	g_assert_cmpuint(col(r, "skbs"), ==, 3);
	g_assert_cmpuint(col(r, "ksoftirqd_wakeups"), ==, 1);
	g_assert_cmpuint(col(r, "sk_drops"), ==, 10);
	g_assert_cmpuint(col(r, "delivered"), ==, 90);
	g_assert_cmpuint(cnt(r, "task", "app", "reads"), ==, 2);
	g_assert_cmpuint(cnt(r, "flow", "0", "delivered"), ==, 90);
	assert_conserved(r);
}

/*
 * A router forwards a GRO skb as its segments (GSO, or the NIC's TSO):
 * 30 frames leave eth1, each with its own latency, after one pass
 * through the stack.
 */
static void test_forward_segments(struct fixture *f,
				  gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "stack.mode=forward", NULL };
	const struct sim_report *r = run(f, BULK, false, sets);

	g_assert_cmpuint(col(r, "skbs"), ==, 1);
	g_assert_cmpuint(col(r, "forwarded"), ==, 30);
	g_assert_cmpuint(cnt(r, "queue", "eth1-tx0", "packets"), ==, 30);
	g_assert_cmpuint(cnt(r, "machine", "0", "latency_samples"), ==, 30);
	assert_conserved(r);
}

/*
 * Batch mode equals reference mode with GRO on, whatever polls: NAPI
 * with the timer, busy polling in recvmsg() and in epoll, threaded NAPI,
 * RPS over the lists, a multi-queue NIC whose RSS hash picks the
 * buckets, a router; each conserves its frames.
 */
static void test_reference_equal(struct fixture *f,
				 gconstpointer data G_GNUC_UNUSED)
{
	static const char *const cases[][10] = {
		{ NULL },
		{ "mitigation.gro_flush_timeout=20000", NULL },
		{ "mitigation.policy=defer", "mitigation.napi_defer_hard_irqs=2",
		  "mitigation.gro_flush_timeout=20000", NULL },
		{ "mitigation.policy=busy_poll", "net.core.busy_read=50",
		  NULL },
		{ "mitigation.policy=busy_poll", "app.busy_poll_usecs=20",
		  "app.prefer_busy_poll=true", "app.busy_poll_budget=4",
		  "mitigation.napi_defer_hard_irqs=2",
		  "mitigation.gro_flush_timeout=20000", NULL },
		{ "mitigation.policy=threaded", NULL },
		{ "rps.rps_cpus=1", "app.cpu=0", NULL },
		{ "nic.driver=mlx5", "nic.channels=2", "cpu.count=3",
		  "app.cpu=2", NULL },
		{ "stack.mode=forward", NULL },
		{ "traffic.arrival=constant", "traffic.size=64", NULL },
	};
	const char *ini =
		"[traffic]\narrival=bulk\nflows=4\nbulk_burst=8\n"
		"size=1514\npackets=3000\n"
		"rate_pps=600000\nline_rate_mbps=10000\n"
		"[nic]\ngro=true\n[net.core]\ngro_normal_batch=8\n"
		"[socket]\nrcvbuf=100000000\n"
		"[stack]\nmode=deliver\n[app]\ncpu=1\nwork_cycles=0\n";

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const struct sim_report *a = run(f, ini, false, cases[i]);
		const struct sim_report *b = run(f, ini, true, cases[i]);

		if (g_test_verbose())
			g_test_message("case %u: skbs %" G_GUINT64_FORMAT
				       " merged %" G_GUINT64_FORMAT, i,
				       col(a, "skbs"), col(a, "gro_merged"));
		assert_same_report(a, b);
		assert_conserved(a);
		g_assert_cmpuint(col(a, "tput"), ==, 3000);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	models_register();
#define ADD(path, fn) g_test_add(path, struct fixture, NULL, fixture_setup, \
				 fn, fixture_teardown)
	ADD("/gro/engine/in-order-merges-to-64k", test_merge_in_order);
	ADD("/gro/engine/out-of-order-flushes", test_out_of_order_flushes);
	ADD("/gro/engine/flows-share-a-bucket", test_flows_share_a_bucket);
	ADD("/gro/engine/full-bucket-flushes-oldest",
	    test_full_bucket_flushes_oldest);
	ADD("/gro/engine/short-and-empty-segments",
	    test_short_and_empty_segments);
	ADD("/gro/engine/normal-in-batches", test_normal_batches);
	ADD("/gro/engine/flush-old-keeps-this-jiffy",
	    test_flush_old_keeps_this_jiffy);
	ADD("/gro/flush/napi-complete-done", test_flush_at_complete_done);
	ADD("/gro/flush/poll-used-its-weight", test_flush_at_full_poll);
	ADD("/gro/flush/gro-flush-timeout", test_flush_timeout);
	ADD("/gro/flush/busy-loop-holds-until-stop", test_busy_loop_holds);
	ADD("/gro/flush/busy-poll-stop", test_flush_at_busy_poll_stop);
	ADD("/gro/normal/udp-in-batches", test_udp_batches);
	ADD("/gro/conservation/drops-count-frames", test_drops_count_frames);
	ADD("/gro/conservation/forwarded-as-segments",
	    test_forward_segments);
	ADD("/gro/engine/batch-equals-reference", test_reference_equal);
#undef ADD
	return g_test_run();
}
