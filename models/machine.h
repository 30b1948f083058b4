/*
 * models/machine.h - the simulated machine of one point and the kernel
 * objects that several models touch (as the kernel exposes napi_struct
 * and softnet_data to drivers).
 */
#ifndef MODELS_MACHINE_H
#define MODELS_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "sim/engine/cpu.h"
#include "sim/engine/stats.h"
#include "models/cfg.h"
#include "models/mitigation/mitigation.h"

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

/* include/linux/netdevice.h NAPI_STATE_* (the bits we model) */
#define NAPI_STATE_SCHED		(1u << 0)
#define NAPI_STATE_MISSED		(1u << 1)
#define NAPI_STATE_IN_BUSY_POLL		(1u << 6)
#define NAPI_STATE_PREFER_BUSY_POLL	(1u << 7)
#define NAPI_STATE_THREADED		(1u << 8)
#define NAPI_STATE_SCHED_THREADED	(1u << 9)

/* what started the current poll episode (for the polls_* columns) */
enum napi_trigger {
	NAPI_TRIGGER_HARDIRQ,	/* the device interrupt */
	NAPI_TRIGGER_TIMER,	/* napi_watchdog(): gro_flush_timeout etc. */
	NAPI_TRIGGER_BUSY,	/* busy_poll_stop() / napi_resume_irqs() */
};

/* who ran a poll: polls_hardirq, polls_timer, polls_busy, polls_thread */
enum napi_poll_kind {
	NAPI_POLLS_HARDIRQ,	/* softirq poll of an IRQ-started episode */
	NAPI_POLLS_TIMER,	/* softirq poll of a timer-started episode */
	NAPI_POLLS_BUSY,	/* a busy poller, or softirq after busy poll */
	NAPI_POLLS_THREAD,	/* the napi/<dev>-<id> kthread */
	NAPI_POLLS_NR,
};

struct napi_struct;
struct napi_poller;

/*
 * ->poll(): run one poll of @n with @budget in @p's context; it ends by
 * calling napi_poll_end(@p, @n, work) (models are chains of steps, so
 * the return value is a callback).
 */
typedef void (*napi_poll_fn)(struct napi_poller *p, struct napi_struct *n,
			     int budget);

struct napi_struct {
	uint32_t state;
	uint32_t weight;
	struct host *host;
	struct nic *dev;		/* NULL: a CPU's backlog NAPI */
	napi_poll_fn poll;
	struct napi_struct *poll_next;	/* on softnet_data.poll_list */
	bool listed;
	uint32_t defer_hard_irqs_count;
	enum napi_trigger trigger;
	struct sim_irq timer;		/* hrtimer: napi_watchdog() */
	struct sim_ctx *thread;		/* threaded NAPI: its kthread */
	uint64_t polls;
	uint64_t polls_by[NAPI_POLLS_NR];
	uint64_t timer_armed;		/* hrtimer_start() calls */
};

/*
 * The context a poll runs in: NET_RX (softirq or ksoftirqd), a threaded
 * NAPI kthread, or a busy-polling task.  Each such sim_ctx points at its
 * poller (sim_ctx.poller) so a poll's steps find the poll in progress.
 */
struct napi_poller {
	struct sim_ctx *ctx;
	struct softnet_data *sd;	/* the CPU it runs on */
	enum napi_poll_kind kind;
	struct napi_struct *polling;
	void (*returned)(struct napi_poller *p, struct napi_struct *n,
			 int work);
};

/* an skb, as far as the model needs one */
struct skb_rec {
	sim_time_t arrival;	/* last bit on the wire */
	uint32_t truesize;
};

/* a FIFO of skbs (sk_buff_head), circular, grows by doubling */
struct skb_queue {
	struct skb_rec *q;
	uint32_t cap, head, len;
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
	struct napi_poller poller;	/* ctx: softirq or ksoftirqd */

	/* non-NAPI receive (models/core/backlog.c) */
	struct skb_queue input_pkt_queue, process_queue;
	struct napi_struct backlog;
	struct skb_rec backlog_cur;
	int backlog_work, backlog_quota;

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
	sim_time_t rx_first;	/* writeback of the first frame since then */
	uint32_t rx_unreported;	/* frames written back since then */
	sim_time_t last_irq;	/* last handler entry, or SIM_TIME_NEVER */
	struct sim_event dma_ev;	/* next RX writeback, when watched */
	bool napi_mode;		/* false: pre-NAPI driver ([mitigation] none) */
	struct rx_mitigation *mit;	/* NIC-side moderation, or NULL */
	struct rx_mitigation mit_state;
	struct napi_poller irq_poller;	/* pre-NAPI: the hardirq's rounds */
	uint32_t rounds, round_left;

	/* the poll in progress (e1000_clean) */
	int work_done;
	int budget;
	uint32_t tx_cleaned;

	/* counters */
	uint64_t rx_packets, rx_bytes, rx_missed_errors;
	uint64_t tx_packets, tx_bytes, tx_dropped;
	uint64_t done, ndone;	/* Olsson: polls that completed / used quota */
	uint64_t irq_at_unmask;	/* unmasked with a cause set: fired at once */
};

/* ------------------------------------------------------------ socket/app */

struct sock {
	struct skb_queue q;	/* sk_receive_queue */
	uint64_t sk_rmem_alloc;
	uint32_t sk_rcvbuf;
	uint32_t truesize;
	uint64_t sk_drops;
	uint64_t enqueued;
	struct sim_ctx *reader;	/* task sleeping in recvmsg, or NULL */
};

/* the state of one __napi_busy_loop() (models/core/busy_poll.c) */
struct napi_busy_loop {
	struct napi_struct *napi;
	struct napi_poller poller;	/* ctx: the busy-polling task */
	uint32_t budget;
	bool prefer;			/* NAPI_F_PREFER_BUSY_POLL */
	bool owner;			/* we set SCHED|IN_BUSY_POLL */
	bool skip_schedule;		/* busy_poll_stop(): the timer has it */
	sim_time_t end;			/* loop_end(): time is up */
	bool (*loop_end)(struct napi_busy_loop *bl);
	sim_ctx_fn done;		/* continue here in the task */
	uint64_t turns, rx_packets;	/* BUSYPOLLRXPACKETS */
};

struct app {
	struct host *host;
	struct sim_ctx task;
	struct skb_rec cur;	/* datagram being read */
	uint64_t reads;
	int wait;		/* enum mitigation_wait */
	bool in_batch;		/* epoll: reading what epoll_wait() found */
	sim_time_t busy_end;	/* busy polling until, 0: not started */
	struct napi_busy_loop bl;
	uint64_t sleeps;
	uint64_t irq_suspends, irq_resumes;
};

/* a threaded NAPI's kthread, napi/<dev>-<id> */
struct napi_kthread {
	struct sim_ctx task;
	struct napi_poller poller;
	struct napi_struct *napi;
};

/* a CPU-bound task that never sleeps ([hog]) */
struct hog {
	struct host *host;
	struct sim_ctx task;
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
	const struct mitigation_cfg *mitigation_cfg;
	const struct hog_cfg *hog_cfg;

	bool forward;
	sim_time_t tick_ps;		/* one jiffy */
	struct traffic traffic;
	struct nic rx_nic;		/* eth0: receives */
	struct nic tx_nic;		/* eth1: forwards out (forward mode) */
	struct softnet_data *sd;	/* per CPU */
	struct sock sk;
	struct app app;
	struct napi_kthread napi_thread;
	struct hog hog;
	struct rx_mitigation kmit;	/* kernel-side policy */

	/* per-packet costs, precomputed (cycles) */
	uint64_t rx_cycles;		/* driver + stack for one frame */
	uint64_t rx_driver_cycles;	/* driver part: descriptor, skb */
	uint64_t rx_stack_cycles;	/* netif_receive_skb .. socket/xmit */

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

/*
 * host_polled_napi() - the NAPI whose polls the polls_* columns count:
 * eth0's, or under pre-NAPI (no NAPI in the driver) the backlog of CPU 0,
 * which takes the interrupts.
 */
static inline const struct napi_struct *host_polled_napi(const struct host *h)
{
	return h->rx_nic.napi_mode ? &h->rx_nic.napi : &h->sd[0].backlog;
}

static inline uint64_t host_jiffies(const struct host *h, sim_time_t t)
{
	return t / h->tick_ps;
}

#endif /* MODELS_MACHINE_H */
