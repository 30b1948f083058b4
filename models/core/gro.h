/*
 * models/core/gro.h - GRO: generic receive offload in the NAPI, and the
 * gro_normal_batch list of skbs going up the stack (net/core/gro.c,
 * include/net/gro.h, net/ipv4/tcp_offload.c).
 */
#ifndef MODELS_CORE_GRO_H
#define MODELS_CORE_GRO_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "sim/engine/cpu.h"
#include "models/core/netdevice.h"
#include "models/stack/skbuff.h"

struct machine;
struct sim_report;
struct sim_row;

#define GRO_HASH_BUCKETS	8	/* include/net/gro.h */
#define MAX_GRO_SKBS		8	/* net/core/gro.c: per bucket */
#define GRO_LEGACY_MAX_SIZE	65536u	/* include/linux/netdevice.h */

/* the headers in front of a TCP segment's payload: Ethernet, IPv4, TCP
 * with the timestamp option (a 1514-byte frame carries 1448 bytes) */
#define GRO_TCP_HEADERS		66
#define GRO_ETH_HLEN		14

/* why a held skb went up: the napi detail counters */
enum gro_flush_why {
	GRO_FLUSH_MISMATCH,	/* its flow's next segment did not merge */
	GRO_FLUSH_SHORT,	/* a segment shorter than the MSS ended it */
	GRO_FLUSH_OLDEST,	/* its bucket was full: the oldest goes */
	GRO_FLUSH_COMPLETE,	/* napi_complete_done() */
	GRO_FLUSH_POLL,		/* __napi_poll(): a poll used its weight */
	GRO_FLUSH_BUSY_POLL,	/* __busy_poll_stop() */
	GRO_FLUSH_NR,
};

/* what napi_gro_flush_normal() flushes besides gro_normal_list() */
enum gro_flush_how {
	GRO_FLUSH_NONE,		/* only the rx_list */
	GRO_FLUSH_OLD,		/* napi_gro_flush(n, true): older than now */
	GRO_FLUSH_ALL,		/* napi_gro_flush(n, false) */
};

/* an skb held in a bucket, with what its napi_gro_cb keeps */
struct gro_held {
	struct sk_buff skb;	/* gso_segs: NAPI_GRO_CB(p)->count */
	uint64_t age;		/* NAPI_GRO_CB(p)->age: jiffies held */
	uint32_t mss;		/* gso_size: its first segment's payload */
	uint32_t ip_len;	/* p->len: from the IP header on */
	uint32_t next_seq;	/* the seq its flow's next segment carries */
};

struct gro_list {		/* napi->gro_hash[] */
	struct gro_held held[MAX_GRO_SKBS];	/* [0] the oldest */
	uint32_t count;
};

/* per NAPI: its GRO state and its rx_list (struct napi_struct) */
struct napi_gro {
	struct machine *m;
	struct gro_list hash[GRO_HASH_BUCKETS];
	uint32_t bitmask;		/* gro_bitmask: buckets holding */
	struct sk_buff_head rx_list;	/* gro_normal_one()'s batch */
	uint32_t rx_count;		/* its frames */
	uint32_t batch;			/* net.core.gro_normal_batch */
	/* netif_receive_skb_list_internal() runs: the lists
	 * gro_normal_list() passed up, in order, and their lengths */
	struct sk_buff_head deliver;
	GArray *lists;			/* uint32_t */
	guint list_head;		/* the next list's index */
	uint32_t list_left;		/* skbs of the current list to steer */
	struct sk_buff_head local;	/* of it, those processed here */
	struct sk_buff cur;		/* the one whose cycles run */
	sim_ctx_fn next;		/* after the lists */
	struct napi_struct *saved_polling;
	int age_bucket;			/* a skb held behind the lists: its
					 * age is set when they are done */
	bool direct;			/* napi_gro_receive(): the old way */
	/* counters */
	uint64_t held_skbs;		/* skbs GRO started holding */
	uint64_t merged;		/* segments merged into a held skb */
	uint64_t flushes;		/* held skbs completed (went up) */
	uint64_t flush_why[GRO_FLUSH_NR];
	uint64_t normal;		/* skbs passed as GRO_NORMAL */
	uint64_t batches;		/* gro_normal_list() that passed skbs */
	uint64_t batch_full;		/* ... because gro_normal_batch filled */
};

/** napi_gro_init() - @n's GRO state, for a NAPI of @m (netif_napi_add()). */
void napi_gro_init(struct machine *m, struct napi_struct *n);

/** napi_gro_destroy() - free it (what it holds is the pool's). */
void napi_gro_destroy(struct napi_struct *n);

/**
 * napi_gro_receive_cycles() - the driver of the poll @p is about to hand
 * @skb to napi_gro_receive(): the cycles of that step beyond the
 * driver's own: the GRO engine's (cost gro_receive) for a TCP segment of
 * a device with GRO on; and, when the frame goes straight up the stack
 * because nothing is batched (gro_normal_batch 1) and GRO will not hold
 * it, its stack's (netif_receive_skb_cycles()), as before GRO existed.
 */
uint64_t napi_gro_receive_cycles(struct napi_poller *p,
				 const struct sk_buff *skb);

/**
 * napi_gro_receive() - @skb's cycles ran in the poll @p: dev_gro_receive()
 * merges, holds or passes it (gro_normal_one()); the skbs that go up the
 * stack now (a batch of gro_normal_batch frames, a held skb its flow's
 * next segment did not fit) run their stack cycles in @p's context; then
 * @next.
 */
void napi_gro_receive(struct napi_poller *p, const struct sk_buff *skb,
		      sim_ctx_fn next);

/**
 * napi_gro_flush_normal() - napi_gro_flush() as @how says (if GRO holds
 * anything), then gro_normal_list(): those skbs go up the stack in @p's
 * context, in the kernel's order (held skbs oldest first, bucket by
 * bucket); then @next.  At once if there is nothing.
 */
void napi_gro_flush_normal(struct napi_poller *p, struct napi_struct *n,
			   enum gro_flush_how how, enum gro_flush_why why,
			   sim_ctx_fn next);

/*
 * The bookkeeping alone, for tests (and for the two functions above):
 * what goes up the stack waits in the NAPI's deliver queue, in order, in
 * the lists gro_normal_list() made, until napi_gro_receive() or
 * napi_gro_flush_normal() runs them, or a test takes them.
 */

/**
 * napi_gro_receive_skb() - napi_gro_receive()'s decision for @skb at
 * @jiffies: merge it into a held skb, hold it, or queue it on the rx_list
 * (and pass the rx_list up when it reaches gro_normal_batch frames).
 */
void napi_gro_receive_skb(struct napi_struct *n, const struct sk_buff *skb,
			  uint64_t jiffies);

/**
 * napi_gro_flush_skbs() - napi_gro_flush() as @how says (counted as
 * @why), then gro_normal_list().
 */
void napi_gro_flush_skbs(struct napi_struct *n, enum gro_flush_how how,
			 enum gro_flush_why why, uint64_t jiffies);

/**
 * napi_gro_next_up() - take the oldest skb waiting to go up the stack
 * (the caller owns its frame list: kfree_skb()).  Return: false if none.
 */
bool napi_gro_next_up(struct napi_struct *n, struct sk_buff *out);

/** napi_gro_lists_up() - lists gro_normal_list() made, not yet taken. */
uint32_t napi_gro_lists_up(const struct napi_struct *n);

/** napi_gro_holding() - gro_bitmask: GRO holds packets. */
static inline bool napi_gro_holding(const struct napi_struct *n)
{
	return n->gro && n->gro->bitmask;
}

/** napi_gro_queued() - frames GRO holds or has batched, not yet up. */
uint64_t napi_gro_queued(const struct napi_struct *n);

/**
 * napi_gro_report() - the gro_merged and gro_flushes columns (all the
 * machine's NAPIs), and the gro_* counters of each NAPI's detail row.
 */
void napi_gro_report(struct machine *m, struct sim_report *r);

/** napi_gro_report_napi() - @n's gro_* counters into its detail row. */
void napi_gro_report_napi(const struct napi_struct *n, struct sim_row *d);

#endif /* MODELS_CORE_GRO_H */
