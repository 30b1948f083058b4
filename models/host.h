/*
 * models/host.h - the simulated machine of one point and the kernel
 * objects that several models touch (as the kernel exposes napi_struct
 * and softnet_data to drivers).
 */
#ifndef MODELS_HOST_H
#define MODELS_HOST_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "sim/cpu.h"
#include "sim/stats.h"
#include "models/cfg.h"

struct host;
struct nic;

/* ------------------------------------------------------------ traffic */

struct traffic {
	const struct traffic_cfg *cfg;
	sim_time_t wire_ps;	/* one frame on the wire, with FCS/preamble/IFG */
	sim_time_t end;		/* duration mode: no arrival at or after this */
	uint64_t limit;		/* packets mode: this many arrivals */
	double rate_pps;	/* offered, after the line-rate cap */
	uint64_t emitted;	/* arrivals handed out so far */
	sim_time_t next;	/* arrival of packet number `emitted` */
	GRand *rand;		/* arrival process stream */
	double mean_ps;
};

/* ------------------------------------------------------------ NAPI */

#define NAPI_STATE_SCHED	(1u << 0)
#define NAPI_STATE_MISSED	(1u << 1)

struct napi_struct {
	uint32_t state;
	uint32_t weight;
	struct nic *dev;
	struct napi_struct *poll_next;	/* on softnet_data.poll_list */
	bool listed;
	uint64_t polls;
};

/* A FIFO of NAPIs, intrusive (poll_list, repoll). */
struct napi_list {
	struct napi_struct *head, *tail;
};

#define NET_RX_SOFTIRQ (1u << 3)

/* per-CPU: struct softnet_data plus the softirq engine's own state */
struct softnet_data {
	struct host *host;
	struct sim_cpu *cpu;
	struct napi_list poll_list;
	bool in_net_rx_action;
	uint32_t pending;		/* local_softirq_pending() */
	uint32_t running;		/* bits taken by this restart */
	/* /proc/net/softnet_stat */
	uint64_t processed, dropped, time_squeeze;

	/* handle_softirqs() in progress */
	struct sim_ctx *ctx;		/* softirq context or ksoftirqd */
	bool ksirqd;
	uint64_t end_jiffies;
	uint32_t max_restart;
	/* net_rx_action() in progress */
	uint64_t time_limit;		/* jiffies */
	int64_t budget;
	struct napi_list list, repoll;
	struct napi_struct *polling;

	struct sim_ctx ksoftirqd;
	uint64_t ksoftirqd_wakeups;
	uint64_t softirq_passes;
	uint64_t ksoftirqd_passes;	/* of softirq_passes, run in ksoftirqd */
	uint64_t net_rx_action_calls;
};

/* ------------------------------------------------------------ NIC */

struct rx_ring {
	uint32_t count;		/* descriptors */
	uint32_t hw_avail;	/* given to hardware, not yet written */
	uint32_t ready;		/* written back (DD), not yet cleaned */
	uint32_t to_refill;	/* cleaned, not yet given back */
	uint32_t next_to_clean;
	uint32_t next_to_use;	/* next descriptor hardware writes */
	sim_time_t *arrival;	/* per descriptor: wire arrival of its frame */
};

struct tx_ring {
	uint32_t count;
	uint32_t used;		/* queued, not yet reclaimed */
	uint32_t next_to_use, next_to_clean;
	sim_time_t *done;	/* per descriptor: completion (on the wire) */
	sim_time_t wire_free;	/* when the wire is next idle */
};

struct nic {
	struct host *host;
	const char *name;
	struct rx_ring rx;
	struct tx_ring tx;
	struct napi_struct napi;
	struct sim_irq irq;
	bool irq_masked;	/* IMC written, IMS not yet */
	bool icr_rx;		/* ICR.RXT0: a descriptor written since ICR read */
	sim_time_t icr_read;	/* last ICR read (TX cause = completion after) */
	struct sim_event dma_ev;	/* reference mode: next RX writeback */

	/* the poll in progress (e1000_clean) */
	int work_done;
	int budget;
	uint32_t tx_cleaned;
	struct softnet_data *sd;

	/* counters */
	uint64_t rx_packets, rx_missed_errors;
	uint64_t tx_packets, tx_dropped;
	uint64_t done, ndone;	/* Olsson: polls that completed / used quota */
	uint64_t irq_at_unmask;	/* unmasked with a cause set: fired at once */
};

/* ------------------------------------------------------------ socket/app */

struct skb_rec {
	sim_time_t arrival;	/* last bit on the wire */
	uint32_t truesize;
};

struct sock {
	struct skb_rec *q;	/* sk_receive_queue, circular */
	uint32_t q_cap, q_head, q_len;
	uint64_t sk_rmem_alloc;
	uint32_t sk_rcvbuf;
	uint32_t truesize;
	uint64_t sk_drops;
	uint64_t enqueued;
	struct sim_ctx *reader;	/* task sleeping in recvmsg, or NULL */
};

struct app {
	struct host *host;
	struct sim_ctx task;
	struct skb_rec cur;	/* datagram being read */
	uint64_t reads;
};

/* ------------------------------------------------------------ host */

struct host {
	struct sim sim;
	const struct traffic_cfg *traffic_cfg;
	const struct nic_cfg *nic_cfg;
	const struct napi_cfg *napi_cfg;
	const struct netcore_cfg *netcore_cfg;
	const struct softirq_cfg *softirq_cfg;
	const struct sched_cfg *sched_cfg;
	const struct cpu_cfg *cpu_cfg;
	const struct cost_cfg *cost;
	const struct stack_cfg *stack_cfg;
	const struct sock_cfg *sock_cfg;
	const struct app_cfg *app_cfg;

	bool forward;
	sim_time_t tick_ps;		/* one jiffy */
	struct traffic traffic;
	struct nic rx_nic;		/* eth0: receives */
	struct nic tx_nic;		/* eth1: forwards out (forward mode) */
	struct softnet_data *sd;	/* per CPU */
	struct sock sk;
	struct app app;

	/* per-packet costs, precomputed (cycles) */
	uint64_t rx_cycles;		/* driver + stack for one frame */

	/* results */
	uint64_t delivered, forwarded;
	struct sim_hist latency;	/* ns, wire in -> read / wire out */
	uint64_t warnings;
	double wall_seconds;
};

struct sim_point;
struct sim_row;

/**
 * host_new() - the machine of point @p, not yet started.
 * @reference: reference mode (every item an event)
 * @simgrid: run on SimGrid (false in unit tests: models only)
 * Return: NULL with @error if the point is not runnable.
 */
struct host *host_new(const struct sim_point *p, bool reference, bool simgrid,
		      GError **error);

/**
 * host_run() - simulate until every frame is delivered, dropped or
 * forwarded and nothing is left to do.
 */
void host_run(struct host *h);

/**
 * host_report() - add the point's result columns to @row.
 */
void host_report(struct host *h, struct sim_row *row);

void host_free(struct host *h);

/*
 * SIM_WARN_ON_ONCE() - a broken model invariant: log the first time, count
 * every time into the `warnings` column (so golden files catch it), and
 * go on, as the kernel's WARN_ON_ONCE() does.  Evaluates to @cond.
 */
#define SIM_WARN_ON_ONCE(h, cond) ({					\
	bool __c = (cond);						\
	static bool __warned;						\
	if (G_UNLIKELY(__c)) {						\
		(h)->warnings++;					\
		if (!__warned) {					\
			__warned = true;				\
			g_warning("%s:%d: WARN_ON_ONCE(%s)", __FILE__,	\
				  __LINE__, #cond);			\
		}							\
	}								\
	__c;								\
})

static inline uint64_t host_jiffies(const struct host *h, sim_time_t t)
{
	return t / h->tick_ps;
}

#endif /* MODELS_HOST_H */
