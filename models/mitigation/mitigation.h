/*
 * models/mitigation/mitigation.h - interrupt-mitigation policies.
 *
 * Policies decide; models act.  A policy never schedules an event or
 * touches a ring: it answers the questions the NIC and the kernel ask at
 * the points where the real ones are asked, and keeps its own state
 * (rx_mitigation.priv).  A NULL hook means the kernel's (or the
 * hardware's) default.
 *
 * Two policies are in force on every machine, because on a real one they
 * compose:
 * - the NIC-side one of each receiving device, chosen by [nic] keys:
 *   none, static coalescing (rx_usecs / rx_frames), e1000
 *   InterruptThrottleRate, or net_dim (adaptive_rx) - it answers
 *   irq_delay() and takes sample();
 * - the kernel-side one, [mitigation] policy=: one file each
 *   (policy_*.c), listed in mitigation.c - it says whether the driver
 *   uses NAPI at all, sets up each NAPI (threaded, IRQ suspension),
 *   answers complete_done(), and says how the application waits.
 */
#ifndef MODELS_MITIGATION_MITIGATION_H
#define MODELS_MITIGATION_MITIGATION_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "sim/engine/time.h"

struct machine;
struct napi_struct;
struct nic_cfg;
struct rx_mitigation;
struct sim_point;

/* [mitigation] thread_affinity */
enum thread_affinity {
	THREAD_AFFINITY_PINNED,		/* every kthread on thread_cpu */
	THREAD_AFFINITY_VECTOR,		/* each on its NAPI's IRQ CPU */
	THREAD_AFFINITY_ANY,		/* unbound: the scheduler places it */
};

struct mitigation_cfg {			/* [mitigation] */
	int policy;			/* index in the policy list */
	uint32_t napi_defer_hard_irqs;
	uint32_t gro_flush_timeout;	/* ns */
	uint32_t irq_suspend_timeout;	/* ns */
	uint32_t thread_cpu;		/* threaded NAPI kthread affinity */
	int thread_affinity;		/* enum thread_affinity */
	int32_t thread_nice;
};

/* how the application waits for data */
enum mitigation_wait {
	WAIT_RECVMSG,		/* in recvmsg() (busy-reads if busy_read) */
	WAIT_EPOLL,		/* in epoll_wait() (busy-polls if set up) */
};

/* what the device knows when it decides to assert its RX interrupt */
struct rx_irq_state {
	sim_time_t now;
	sim_time_t first;	/* writeback of the oldest unreported frame */
	sim_time_t last;	/* writeback of the newest one */
	uint32_t frames;	/* frames written back since ICR was read */
	sim_time_t last_irq;	/* last assertion, or SIM_TIME_NEVER */
};

/*
 * When the moderation timer (rx-usecs) of static coalescing and net_dim
 * starts, and so which net_dim profile table applies.
 */
enum coalesce_timer {
	/* at the first unreported frame (e1000-style absolute timer, the
	 * generic ethtool meaning); net_dim uses the EQE table */
	COALESCE_FROM_FIRST,
	/* at the last interrupt event: mlx5 cq_period_mode
	 * START_FROM_EQE; net_dim's EQE table */
	COALESCE_FROM_EQE,
	/* again at every completion: mlx5 START_FROM_CQE (ethtool -C
	 * cqe-mode-rx on); net_dim's CQE table */
	COALESCE_FROM_CQE,
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

	/* ---- kernel side ---- */
	/* the driver has no NAPI: its hardirq netif_rx()s every frame */
	bool nonapi;
	/* the policy's keys are consistent (say which key is wrong) */
	gboolean (*check)(const struct mitigation_cfg *cfg, GError **error);
	/* the point can run it (CPUs, an application to busy-poll) */
	gboolean (*check_point)(const struct mitigation_cfg *cfg,
				const struct sim_point *p, GError **error);
	/* a device's NAPI is added: make it threaded, set its timeouts */
	void (*setup_napi)(struct rx_mitigation *mit, struct machine *m,
			   struct napi_struct *n);
	/* the preset of [app] wait=auto: how the application waits, given
	 * net.core.busy_read (NULL: in recvmsg()) */
	enum mitigation_wait (*app_wait)(const struct rx_mitigation *mit,
					 uint32_t busy_read);
	/* ->poll() did work_done < weight: re-enable the IRQ now?  Else
	 * *timeout (ps, 0: none) arms the NAPI hrtimer. */
	bool (*complete_done)(struct rx_mitigation *mit,
			      struct napi_struct *n, int work_done,
			      sim_time_t *timeout);

	/* ---- NIC side ---- */
	/* set up @mit->priv from @mit->nic */
	void (*init)(struct rx_mitigation *mit);
	/* RX cause pending, IRQ unmasked: delay from @s->now until the
	 * device asserts it, or SIM_TIME_NEVER to wait for more frames */
	sim_time_t (*irq_delay)(struct rx_mitigation *mit,
				const struct rx_irq_state *s);
	/* once per NAPI cycle, for adaptive policies */
	void (*sample)(struct rx_mitigation *mit, const struct mit_sample *s);
};

struct rx_mitigation {
	const struct rx_mitigation_ops *ops;
	const struct mitigation_cfg *cfg;	/* kernel side: [mitigation] */
	const struct nic_cfg *nic;		/* NIC side: [nic] */
	uint32_t link_mbps;
	int timer;			/* NIC side: enum coalesce_timer */
	void *priv;				/* the policy's own state */
	uint64_t changes;			/* moderation changes applied */
};

/* the kernel-side policies (policy_*.c), listed in mitigation.c */
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

/* NIC-side state of static coalescing (and of net_dim, which drives it) */
struct coalesce {
	sim_time_t usecs;		/* current rx-usecs (ps) */
	uint32_t frames;		/* current rx-frames, 0: none */
	int timer;			/* enum coalesce_timer */
};

/**
 * mitigation_kernel_ops() - the kernel-side policy of @cfg.
 */
const struct rx_mitigation_ops *
mitigation_kernel_ops(const struct mitigation_cfg *cfg);

/**
 * mitigation_kernel() - the kernel-side policy of machine model state
 * @priv (machine_priv(m, &mitigation_model_ops)).
 */
struct rx_mitigation *mitigation_kernel(void *priv);

/**
 * mitigation_nic_new() - choose and start the NIC-side policy of a device
 * configured by @nic on a @link_mbps link (e1000 ITR falls back to 4000
 * below gigabit).
 * Return: NULL (no moderation) or a new policy (mitigation_nic_free()).
 */
struct rx_mitigation *mitigation_nic_new(const struct nic_cfg *nic,
					 uint32_t link_mbps);

/**
 * mitigation_nic_new_timer() - mitigation_nic_new() for a device whose
 * moderation timer starts as @timer (enum coalesce_timer) says: static
 * coalescing counts from there, and net_dim takes that mode's profile
 * table.  mitigation_nic_new() is COALESCE_FROM_FIRST.
 */
struct rx_mitigation *mitigation_nic_new_timer(const struct nic_cfg *nic,
					       uint32_t link_mbps, int timer);
void mitigation_nic_free(struct rx_mitigation *mit);

/**
 * mitigation_app_wait() - how the application waits under the kernel-side
 * policy @mit when [app] wait=auto, given net.core.busy_read.
 */
enum mitigation_wait mitigation_app_wait(const struct rx_mitigation *mit,
					 uint32_t busy_read);

/**
 * mitigation_check_app() - a check_point hook: the policy needs an
 * application to busy-poll ([stack] mode=deliver).
 */
gboolean mitigation_check_app(const struct mitigation_cfg *cfg,
			      const struct sim_point *p, GError **error);

/**
 * napi_defer_complete_done() - napi_complete_done()'s deferral rule with
 * N = @n's napi_defer_hard_irqs and T = its gro_flush_timeout: a poll
 * that found work reloads the count to N; while the count is above 0 it
 * is decremented and, if T > 0, the IRQ stays masked and a T timer is
 * armed.  So the IRQ is re-enabled after N consecutive empty polls T
 * apart.
 * Return: true if the driver may unmask now.
 */
bool napi_defer_complete_done(struct rx_mitigation *mit,
			      struct napi_struct *n, int work_done,
			      sim_time_t *timeout);

/**
 * coalesce_irq_delay() - rx-usecs / rx-frames: 0 once frames are pending
 * (if set), else what is left of usecs since the timer started (the first
 * unreported frame, the last interrupt, or the last frame: struct
 * coalesce's timer), from the struct coalesce at @mit->priv.  Also used
 * by net_dim, which sets the two values.
 */
sim_time_t coalesce_irq_delay(struct rx_mitigation *mit,
			      const struct rx_irq_state *s);

#endif /* MODELS_MITIGATION_MITIGATION_H */
