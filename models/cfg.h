/*
 * models/cfg.h - the config structs that the params tables fill, one per
 * scenario group.  Only the params tables (at the end of each model's .c)
 * say what a field's default and range are.
 */
#ifndef MODELS_CFG_H
#define MODELS_CFG_H

#include <stdint.h>
#include <stdbool.h>

enum traffic_arrival { TRAFFIC_CONSTANT, TRAFFIC_POISSON };

struct traffic_cfg {			/* [traffic] */
	uint64_t rate_pps;		/* offered, capped at line rate */
	uint64_t packets;		/* at most this many; 0: no limit */
	uint64_t duration_us;		/* none at or after; 0: no limit */
	uint32_t size;			/* frame bytes, without FCS */
	int arrival;			/* enum traffic_arrival */
	uint64_t seed;
	uint32_t line_rate_mbps;
};

struct nic_cfg {			/* [nic] */
	uint32_t rx_ring_size;		/* ethtool -G rx */
	uint32_t tx_ring_size;		/* ethtool -G tx */
	uint32_t rx_buffer_write;	/* E1000_RX_BUFFER_WRITE: refill batch */
	uint32_t dma_latency_ns;	/* last bit on the wire -> DD written */
	uint32_t irq_latency_ns;	/* IRQ asserted -> handler entered */
	uint32_t tx_usecs;		/* TX completion IRQ delay (TADV-like) */
	/* RX interrupt moderation (models/mitigation/) */
	uint32_t rx_usecs;		/* ethtool -C rx-usecs */
	uint32_t rx_frames;		/* ethtool -C rx-frames */
	bool adaptive_rx;		/* ethtool -C adaptive-rx: net_dim */
	uint32_t interrupt_throttle_rate;	/* e1000 module parameter */
};

struct napi_cfg {			/* [napi] */
	uint32_t weight;
};

struct netcore_cfg {			/* [net.core] */
	uint32_t netdev_budget;
	uint32_t netdev_budget_usecs;
	uint32_t netdev_max_backlog;
	uint32_t dev_weight;
};

struct mitigation_cfg {			/* [mitigation] */
	int policy;			/* enum mitigation_policy */
	uint32_t napi_defer_hard_irqs;
	uint32_t gro_flush_timeout;	/* ns */
	uint32_t irq_suspend_timeout;	/* ns */
	uint32_t busy_read;		/* us: sk_ll_usec */
	uint32_t busy_poll;		/* us: net.core.busy_poll (epoll) */
	bool prefer_busy_poll;
	uint32_t busy_poll_budget;
	uint32_t busy_poll_usecs;	/* epoll EPIOCSPARAMS */
	uint32_t thread_cpu;		/* threaded NAPI kthread affinity */
	int32_t thread_nice;
};

struct softirq_cfg {			/* [softirq] */
	uint32_t max_softirq_restart;	/* MAX_SOFTIRQ_RESTART */
	uint32_t max_softirq_time_ms;	/* MAX_SOFTIRQ_TIME, in ms */
	int32_t ksoftirqd_nice;		/* chrt/renice of ksoftirqd/N */
};

struct sched_cfg {			/* [kernel] */
	uint32_t hz;
	uint32_t sched_base_slice_us;
	uint32_t sched_latency_us;
	uint32_t sched_wakeup_granularity_us;
};

struct cpu_cfg {			/* [cpu] */
	uint32_t count;
	uint32_t frequency_mhz;
	double idle_watts;		/* energy plugin: a CPU doing nothing */
	double busy_watts;		/* energy plugin: a CPU executing */
};

struct cost_cfg {			/* [cost], cycles unless noted */
	uint32_t irq_entry;		/* vector entry + irq_exit */
	uint32_t hardirq;		/* driver handler: e1000_intr() */
	uint32_t softirq_entry;		/* one handle_softirqs() pass */
	uint32_t net_rx_action;		/* one net_rx_action() call */
	uint32_t napi_poll;		/* one ->poll() call: entry, TX check */
	uint32_t rx_packet;		/* driver RX per frame */
	double rx_byte;			/* driver RX per byte (cycles/byte) */
	uint32_t netif_receive_skb;
	uint32_t ip_rcv;
	uint32_t udp_rcv;		/* udp_rcv .. __udp_enqueue_schedule_skb */
	uint32_t ip_forward;		/* ip_forward .. driver xmit */
	uint32_t tx_clean;		/* per TX descriptor reclaimed */
	uint32_t napi_complete;		/* napi_complete_done + IRQ unmask */
	uint32_t wakeup;		/* try_to_wake_up, on the waker */
	uint32_t context_switch;	/* on the CPU that switches */
	uint32_t ipi;			/* reschedule IPI, on the target */
	uint32_t recvmsg;		/* per datagram read */
	double copy_byte;		/* copy to user (cycles/byte) */
	uint32_t netif_rx;		/* enqueue_to_backlog, per packet */
	uint32_t hrtimer;		/* hrtimer interrupt handler */
	uint32_t busy_loop;		/* one napi_busy_loop() turn, no work */
	uint32_t sendmsg;		/* udp_sendmsg .. dev_queue_xmit */
	uint32_t epoll_wait;		/* one epoll_wait() call */
};

enum stack_mode { STACK_DELIVER, STACK_FORWARD };

struct stack_cfg {			/* [stack] */
	int mode;			/* enum stack_mode */
};

struct sock_cfg {			/* [socket] */
	uint32_t rcvbuf;		/* sk_rcvbuf, truesize bytes */
	uint32_t truesize_overhead;	/* sk_buff + skb_shared_info */
};

enum app_mode { APP_SINK, APP_RR };

struct app_cfg {			/* [app] */
	int mode;			/* enum app_mode */
	uint32_t cpu;
	uint32_t work_cycles;		/* application work per datagram */
	uint32_t reply_size;		/* rr: reply frame bytes */
};

struct hog_cfg {			/* [hog] */
	bool enabled;			/* a CPU-bound task */
	uint32_t cpu;
	int32_t nice;
};

#endif /* MODELS_CFG_H */
