/*
 * models/mitigation/mitigation.h - interrupt-mitigation policies.
 *
 * Policies decide; models act (shared/STYLE.md section 5).  A policy never
 * schedules an event or touches a ring: it answers the questions the NIC
 * and the kernel ask at the points where the real ones are asked.  A NULL
 * hook means the kernel's (or the hardware's) default.
 *
 * Two policies are in force on every host, because on a real machine they
 * compose:
 * - the NIC-side one, chosen by [nic] keys: none, static coalescing
 *   (rx_usecs / rx_frames), e1000 InterruptThrottleRate, or net_dim
 *   (adaptive_rx) - it answers irq_delay() and takes sample();
 * - the kernel-side one, [mitigation] policy=: none (pre-NAPI), napi,
 *   defer, threaded, busy_poll, irq_suspend - it answers
 *   complete_done() and says how the NAPI is polled.
 */
#ifndef MODELS_MITIGATION_MITIGATION_H
#define MODELS_MITIGATION_MITIGATION_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "sim/engine/time.h"
#include "models/mitigation/dim.h"
#include "models/mitigation/itr.h"

struct napi_struct;
struct nic_cfg;
struct mitigation_cfg;
struct rx_mitigation;

/* [mitigation] policy= */
enum mitigation_policy {
	MITIGATION_NONE,	/* pre-NAPI: netif_rx() from the hardirq */
	MITIGATION_NAPI,	/* NAPI in softirq, ksoftirqd hand-off */
	MITIGATION_DEFER,	/* napi_defer_hard_irqs + gro_flush_timeout */
	MITIGATION_THREADED,	/* napi/<dev>-<id> kthread */
	MITIGATION_BUSY_POLL,	/* busy_read or epoll busy polling */
	MITIGATION_IRQ_SUSPEND,	/* epoll busy polling + irq_suspend_timeout */
};

/* how the application waits for data (derived from the policy) */
enum mitigation_wait {
	WAIT_BLOCK,		/* recvmsg() sleeps */
	WAIT_BUSY_READ,		/* recvmsg() spins: sk_ll_usec = busy_read */
	WAIT_EPOLL,		/* epoll_wait() with ep busy polling */
};

/* what the device knows when it decides to assert its RX interrupt */
struct rx_irq_state {
	sim_time_t now;
	sim_time_t first;	/* writeback of the oldest unreported frame */
	uint32_t frames;	/* frames written back since ICR was read */
	sim_time_t last_irq;	/* last assertion, or SIM_TIME_NEVER */
};

/* once per NAPI cycle (completion), cumulative counters, for adaptation */
struct mit_sample {
	sim_time_t time;
	uint64_t irqs;
	uint64_t rx_packets, rx_bytes;
	uint64_t tx_packets, tx_bytes;
};

struct rx_mitigation_ops {
	const char *name;		/* [mitigation] policy= or NIC mode */
	const char *help;
	/* ->poll() did work_done < weight: re-enable the IRQ now?  Else
	 * *timeout (ps, 0: none) arms the NAPI hrtimer. */
	bool (*complete_done)(struct rx_mitigation *mit,
			      struct napi_struct *n, int work_done,
			      sim_time_t *timeout);
	/* RX cause pending, IRQ unmasked: delay from @s->now until the
	 * device asserts it, or SIM_TIME_NEVER to wait for more frames */
	sim_time_t (*irq_delay)(struct rx_mitigation *mit,
				const struct rx_irq_state *s);
	/* once per NAPI cycle, for adaptive policies */
	void (*sample)(struct rx_mitigation *mit, const struct mit_sample *s);
};

struct rx_mitigation {
	const struct rx_mitigation_ops *ops;
	const struct mitigation_cfg *cfg;
	const struct nic_cfg *nic;
	uint32_t link_mbps;
	/* NIC-side state */
	sim_time_t usecs;		/* current rx-usecs (ps) */
	uint32_t frames;		/* current rx-frames, 0: none */
	struct e1000_itr itr;
	struct dim dim;
	struct mit_sample last;		/* previous sample (ITR episodes) */
	uint64_t changes;		/* moderation changes applied */
};

/* the kernel-side policies, by enum mitigation_policy */
extern const struct rx_mitigation_ops none_mitigation_ops;
extern const struct rx_mitigation_ops napi_mitigation_ops;
extern const struct rx_mitigation_ops defer_mitigation_ops;
extern const struct rx_mitigation_ops threaded_mitigation_ops;
extern const struct rx_mitigation_ops busy_poll_mitigation_ops;
extern const struct rx_mitigation_ops irq_suspend_mitigation_ops;
/* the NIC-side ones */
extern const struct rx_mitigation_ops coalesce_mitigation_ops;
extern const struct rx_mitigation_ops itr_mitigation_ops;
extern const struct rx_mitigation_ops dim_mitigation_ops;

/**
 * mitigation_kernel_ops() - the kernel-side policy of @cfg.
 */
const struct rx_mitigation_ops *
mitigation_kernel_ops(const struct mitigation_cfg *cfg);

/**
 * mitigation_nic_init() - choose and start the NIC-side policy of @nic.
 * @link_mbps: link speed (e1000 ITR falls back to 4000 below gigabit)
 * Return: NULL (no moderation) or @mit, initialised.
 */
struct rx_mitigation *mitigation_nic_init(struct rx_mitigation *mit,
					  const struct nic_cfg *nic,
					  uint32_t link_mbps);

/**
 * mitigation_wait() - how the application waits under policy @cfg.
 */
enum mitigation_wait mitigation_wait(const struct mitigation_cfg *cfg);

/**
 * napi_defer_complete_done() - napi_complete_done()'s deferral rule with
 * N = napi_defer_hard_irqs and T = gro_flush_timeout: a poll that found
 * work reloads the count to N; while the count is above 0 it is
 * decremented and, if T > 0, the IRQ stays masked and a T timer is armed.
 * So the IRQ is re-enabled after N consecutive empty polls T apart.
 * Return: true if the driver may unmask now.
 */
bool napi_defer_complete_done(struct rx_mitigation *mit,
			      struct napi_struct *n, int work_done,
			      sim_time_t *timeout);

/**
 * coalesce_irq_delay() - rx-usecs / rx-frames: 0 once @mit->frames frames
 * are pending (if set), else what is left of @mit->usecs since the first
 * unreported frame.  Also used by net_dim, which sets the two values.
 */
sim_time_t coalesce_irq_delay(struct rx_mitigation *mit,
			      const struct rx_irq_state *s);

#endif /* MODELS_MITIGATION_MITIGATION_H */
