/*
 * models/cost.h - [cost]: the cycles each kernel function on the path
 * costs.  Every model reads it (struct machine holds it as m->cost).
 */
#ifndef MODELS_COST_H
#define MODELS_COST_H

#include <math.h>
#include <stdint.h>

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
	uint32_t tcp_rcv;		/* tcp_v4_rcv .. tcp_queue_rcv, per skb */
	uint32_t gro_receive;		/* dev_gro_receive, per TCP segment */
	uint32_t ip_forward;		/* ip_forward .. driver xmit */
	uint32_t tx_clean;		/* per TX descriptor reclaimed */
	uint32_t napi_complete;		/* napi_complete_done() */
	uint32_t irq_enable;		/* IMS write + flushing read, unmasked */
	uint32_t wakeup;		/* try_to_wake_up, on the waker */
	uint32_t context_switch;	/* on the CPU that switches */
	uint32_t rps_enqueue;		/* get_rps_cpu + enqueue_to_backlog */
	uint32_t rps_ipi;		/* sending one RPS IPI */
	uint32_t cache_refill;		/* a task resumed after an interrupt */
	uint32_t ipi;			/* reschedule IPI, on the target */
	uint32_t recvmsg;		/* per datagram read */
	double copy_byte;		/* copy to user (cycles/byte) */
	uint32_t netif_rx;		/* enqueue_to_backlog, per packet */
	uint32_t hrtimer;		/* hrtimer interrupt handler */
	uint32_t tick;			/* the timer tick's handler */
	uint32_t busy_loop;		/* one napi_busy_loop() turn, no work */
	uint32_t sendmsg;		/* udp_sendmsg .. dev_queue_xmit */
	uint32_t epoll_wait;		/* one epoll_wait() call */
};

/* a driver's own cycles for a frame, for the last frame length seen */
struct cost_rx_cache {
	uint32_t len;
	uint64_t cycles;
};

/**
 * cost_rx_driver_cycles() - the driver's own cycles for a frame of @len
 * bytes (descriptor, skb: rx_packet; per byte: rx_byte), computed again
 * only when the length differs from the last frame's (@k).
 */
static inline uint64_t cost_rx_driver_cycles(const struct cost_cfg *c,
					     struct cost_rx_cache *k,
					     uint32_t len)
{
	if (len != k->len) {
		k->len = len;
		k->cycles = c->rx_packet + (uint64_t)llround(c->rx_byte * len);
	}
	return k->cycles;
}

#endif /* MODELS_COST_H */
