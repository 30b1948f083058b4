/*
 * models/core/netdevice.h - the kernel objects that drivers and the core
 * share, after include/linux/netdevice.h: struct napi_struct, struct
 * softnet_data, struct net_device with its net_device_ops and its RX and
 * TX queues.
 *
 * A driver (models/drivers/) allocates a net_device with its queues,
 * adds one NAPI per RX queue (netif_napi_add()), requests one IRQ vector
 * per queue (machine_request_irq()) and fills its net_device_ops; the
 * stack and the applications transmit through dev_queue_xmit(), never
 * through a driver function by name, and dev_queue_xmit() picks the TX
 * queue as netdev_pick_tx() does (the sending CPU's XPS map, else the
 * recorded RX queue or the flow hash).  The machine (models/machine.h) holds every device, NAPI and
 * vector in its collections.
 */
#ifndef MODELS_CORE_NETDEVICE_H
#define MODELS_CORE_NETDEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/engine/cpu.h"
#include "sim/engine/time.h"

struct machine;
struct net_device;
struct napi_struct;
struct napi_poller;
struct rx_mitigation;
struct sk_buff;
struct sim_row;
struct sim_report;
struct sim_lazy;
struct traffic;
struct netcore_cfg;
struct softirq_cfg;
struct napi_gro;

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
	uint32_t napi_id;
	struct machine *m;
	struct net_device *dev;		/* NULL: a CPU's backlog NAPI */
	void *priv;			/* the driver's queue it polls */
	napi_poll_fn poll;
	struct rx_mitigation *mit;	/* the kernel-side policy */
	struct napi_struct *poll_next;	/* on softnet_data.poll_list */
	bool listed;
	/* per-NAPI settings (netdev-genl; sysfs sets them per device) */
	uint32_t defer_hard_irqs;	/* napi_defer_hard_irqs */
	sim_time_t gro_flush_timeout;	/* ps */
	sim_time_t irq_suspend_timeout;	/* ps; 0: epoll never suspends */
	uint32_t defer_hard_irqs_count;
	enum napi_trigger trigger;
	struct sim_irq timer;		/* hrtimer: napi_watchdog() */
	struct sim_ctx *thread;		/* threaded NAPI: its kthread */
	/*
	 * The driver's promise about its next polls, or NULL: if its last
	 * poll did nothing at all, the time before which a poll finds
	 * nothing and costs what that one did; else 0.
	 */
	sim_time_t (*idle_until)(const struct napi_struct *n);
	uint64_t polls;
	uint64_t polls_by[NAPI_POLLS_NR];
	uint64_t timer_armed;		/* hrtimer_start() calls */
	/* gro_hash[], gro_bitmask, rx_list (models/core/gro.h) */
	struct napi_gro *gro;
	/* napi_complete_done() in progress: its answer and timer */
	bool complete_ret;
	sim_time_t complete_timeout;
	sim_ctx_fn complete_done;
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
	/* the frame in hand: where get_rps_cpu() sends it (-1: here) */
	int rps_cpu;
	struct rps_dev_flow *rps_flow;
	/* after ->poll() returned (__napi_poll(), busy_poll_stop()): the
	 * NAPI, its work, whether the core keeps it, and what comes next */
	struct napi_struct *returned_napi;
	int work;
	bool repoll;
	sim_ctx_fn poll_next;
};

/* A FIFO of NAPIs, intrusive (poll_list, repoll). */
struct napi_list {
	struct napi_struct *head, *tail;
};

/* ------------------------------------------------------------ softnet */

#define NET_RX_SOFTIRQ (1u << 3)

/* a FIFO of skbs (sk_buff_head), circular, grows by doubling */
struct sk_buff_head {
	struct sk_buff *q;
	uint32_t cap, head, len;
	uint64_t frames;	/* the frames its skbs carry (GRO skbs: many) */
};

/* per-CPU: struct softnet_data plus the softirq engine's own state */
struct softnet_data {
	struct machine *m;
	struct sim_cpu *cpu;
	/* the sysctls it runs under: [net.core], [softirq] */
	const struct netcore_cfg *net_core;
	const struct softirq_cfg *softirq;
	bool ksoftirqd_running_defers;	/* [kernel]: before v6.5 */
	struct napi_list poll_list;
	bool in_net_rx_action;
	uint32_t pending;		/* local_softirq_pending() */
	uint32_t running;		/* bits taken by this restart */
	/* /proc/net/softnet_stat (processed and dropped in frames) */
	uint64_t processed, dropped, time_squeeze;
	uint64_t skbs;			/* skbs processed: the kernel's count */

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

	/* non-NAPI receive and RPS (models/core/backlog.c, rps.c) */
	struct sk_buff_head input_pkt_queue, process_queue;
	struct napi_struct backlog;
	int backlog_work, backlog_quota;
	uint32_t input_queue_head;	/* frames dequeued by process_backlog */
	uint32_t input_queue_tail;	/* frames enqueued to input_pkt_queue */
	struct softnet_data *rps_ipi_list;	/* CPUs to kick (IPI) */
	struct softnet_data *rps_ipi_next;	/* on another CPU's list */
	struct sim_irq *csd;		/* its RPS IPI (rps_trigger_softirq) */
	bool in_napi_threaded_poll;
	uint64_t received_rps;		/* softnet_stat: RPS IPIs taken */
	uint64_t rps_ipis_sent;

	struct sim_ctx *ksoftirqd;
	uint64_t ksoftirqd_wakeups;
	uint64_t softirq_passes;
	uint64_t ksoftirqd_passes;	/* of softirq_passes, in ksoftirqd */
	uint64_t net_rx_action_calls;
	uint64_t net_rx_action_restarts;	/* listed again while it ran */
};

/* ------------------------------------------------------------ devices */

/* what ethtool -S and /proc/net/dev would say of one RX queue */
struct netdev_rx_stats {
	uint64_t packets, bytes;
	uint64_t missed;	/* no free descriptor: rx_missed_errors */
	uint64_t done;		/* Olsson's Done: polls that completed */
	uint64_t ndone;		/* Olsson's Ndone: polls that used the quota */
	uint64_t queued;	/* written back, not yet cleaned */
};

/* RPS: the CPUs of one RX queue's rps_cpus (struct rps_map) */
struct rps_map {
	uint32_t len;
	uint16_t *cpus;
};

#define RPS_NO_CPU	0xffff

/* RFS: where a flow's frames were last steered (struct rps_dev_flow) */
struct rps_dev_flow {
	uint16_t cpu;
	uint32_t last_qtail;	/* that CPU's input_queue_tail after it */
};

struct rps_dev_flow_table {	/* rps_flow_cnt entries */
	uint32_t mask;
	struct rps_dev_flow *flows;
};

struct netdev_rx_queue {
	struct net_device *dev;
	uint32_t index;
	struct rps_map *rps_map;		/* NULL: no RPS */
	struct rps_dev_flow_table *rps_flow_table;	/* NULL: no RFS */
	struct napi_struct *napi;	/* its NAPI (netif_napi_add()) */
	struct sim_irq *irq;		/* its vector */
	/* whose polls deliver its frames (the polls_* columns): its NAPI,
	 * or without NAPI the backlog of the CPU taking its IRQ */
	const struct napi_struct *polled_by;
	struct netdev_rx_stats stats;
};

struct netdev_queue {			/* a TX queue */
	struct net_device *dev;
	uint32_t index;
	uint64_t packets, bytes, dropped;
};

/* XPS: the TX queues one CPU sends on (struct xps_map) */
struct xps_map {
	uint32_t len;
	uint16_t *queues;		/* [num_tx_queues] */
};

struct net_device_ops {
	/* ndo_open(): bring the device up at time 0 */
	void (*ndo_open)(struct net_device *dev);
	/*
	 * ndo_start_xmit(): queue @skb for transmission at @now.
	 * Return: when its last bit leaves the wire, or SIM_TIME_NEVER if
	 * it was dropped (TX ring full: tx_dropped).
	 */
	sim_time_t (*ndo_start_xmit)(struct net_device *dev,
				     const struct sk_buff *skb, sim_time_t now);
	/* counters the device keeps up to date lazily: bring them to now */
	void (*ndo_get_stats)(struct net_device *dev, sim_time_t now);
	/* the device's NIC-side moderation: its name, changes applied */
	const char *(*ndo_moderation)(struct net_device *dev,
				      uint64_t *changes);
	/* its port's next frame changed (a closed-loop load): look again */
	void (*ndo_input_changed)(struct net_device *dev, sim_time_t now);
	/* driver counters for the detail row of RX queue @rxq */
	void (*ndo_report)(struct net_device *dev, uint32_t rxq,
			   struct sim_row *d);
	void (*ndo_uninit)(struct net_device *dev);
};

/* dev->features (include/linux/netdev_features.h): the ones modelled */
#define NETIF_F_GRO		(1u << 0)	/* ethtool -K gro */

struct net_device {
	const char *name;
	uint32_t ifindex;
	struct machine *m;
	const struct net_device_ops *netdev_ops;
	void *priv;			/* netdev_priv(): the driver's */
	struct traffic *wire;		/* what arrives on its port, or NULL */
	struct sim_lazy *input;		/* its RX DMA of @wire, or NULL */
	struct netdev_rx_queue *_rx;
	uint32_t num_rx_queues;
	struct netdev_queue *_tx;
	uint32_t num_tx_queues;
	/* per CPU, or NULL: no XPS map (xps_dev_maps, xps_cpus) */
	struct xps_map *xps_cpus_map;
	uint32_t features;		/* NETIF_F_* */
	uint32_t gro_max_size;		/* bytes: ip link set gro_max_size */
};

/**
 * alloc_netdev() - a device named @name on @m with @rxq RX and @txq TX
 * queues and @priv as its private part; listed in @m's devices.
 */
struct net_device *alloc_netdev(struct machine *m, const char *name,
				uint32_t rxq, uint32_t txq, void *priv,
				const struct net_device_ops *ops);

/**
 * free_netdev() - ndo_uninit() and free @dev.
 */
void free_netdev(struct net_device *dev);

/**
 * reciprocal_scale() - @val scaled into [0, @ep_ro): (val * ep_ro) >> 32.
 */
static inline uint32_t reciprocal_scale(uint32_t val, uint32_t ep_ro)
{
	return (uint32_t)(((uint64_t)val * ep_ro) >> 32);
}

/**
 * netif_set_xps_queue() - the CPUs in @cpus (bit i: CPU i), and only
 * they, send on TX queue @index (/sys/class/net/<dev>/queues/tx-N/
 * xps_cpus).
 */
void netif_set_xps_queue(struct net_device *dev, uint64_t cpus,
			 uint16_t index);

/**
 * skb_tx_hash() - the TX queue of @skb by hash: the RX queue it came in
 * on if a driver recorded one (folded into the TX queues), else its
 * flow hash scaled to the TX queues.
 */
uint16_t skb_tx_hash(const struct net_device *dev, const struct sk_buff *skb);

/**
 * netdev_pick_tx() - the TX queue of @skb on @dev: the sending CPU's XPS
 * map when it has one (one queue, or one of several by hash), else
 * skb_tx_hash().
 */
uint16_t netdev_pick_tx(const struct net_device *dev,
			const struct sk_buff *skb);

/**
 * dev_queue_xmit() - hand @skb to @dev's driver at @now, on the TX queue
 * netdev_pick_tx() chose (skb->queue_mapping; 0 if it has only one).
 * Return: when it leaves the wire, or SIM_TIME_NEVER if dropped.
 */
sim_time_t dev_queue_xmit(struct net_device *dev, const struct sk_buff *skb,
			  sim_time_t now);

/**
 * netdev_report() - the device columns of the row: rxint and txint
 * (vectors of devices that receive, and of devices that only transmit),
 * done, ndone, the polls_* columns of the NAPIs that delivered the
 * received frames, rx_missed_errors, tx_dropped, moderation.
 */
void netdev_report(struct machine *m, struct sim_report *r);

/**
 * netdev_rx_counts() - rxint and polls as netdev_report() counts them,
 * now (for a measurement window's snapshot).
 */
void netdev_rx_counts(struct machine *m, uint64_t *rxint, uint64_t *polls);

/**
 * netdev_rx_queued() - frames written to RX rings, not yet cleaned.
 */
uint64_t netdev_rx_queued(struct machine *m);

#endif /* MODELS_CORE_NETDEVICE_H */
