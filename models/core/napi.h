/*
 * models/core/napi.h - NAPI and net_rx_action().
 */
#ifndef MODELS_CORE_NAPI_H
#define MODELS_CORE_NAPI_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/engine/time.h"
#include "models/core/netdevice.h"

struct machine;

struct napi_cfg {			/* [napi] */
	uint32_t weight;
};

struct netcore_cfg {			/* [net.core] */
	uint32_t netdev_budget;
	uint32_t netdev_budget_usecs;
	uint32_t netdev_max_backlog;
	uint32_t dev_weight;
	uint32_t busy_read;		/* us: sk_ll_usec of new sockets */
	uint32_t busy_poll;		/* us: poll/select/epoll busy polling */
	uint32_t gro_normal_batch;	/* frames per gro_normal_list() */
};

/**
 * netif_napi_add() - set up @n to be polled by @poll with @weight; its
 * hrtimer fires on CPU @cpu (the one taking @dev's interrupt).  @dev is
 * NULL for a CPU's backlog.  Listed in @m's NAPIs, with the next NAPI ID.
 */
void netif_napi_add(struct machine *m, struct net_device *dev,
		    struct napi_struct *n, napi_poll_fn poll, uint32_t weight,
		    uint32_t cpu);

/** napi_schedule_prep() - take SCHED; set MISSED if it was already set. */
bool napi_schedule_prep(struct napi_struct *n);

/**
 * __napi_schedule() - list @n on @sd's poll_list and raise NET_RX, or,
 * for a threaded NAPI, set SCHED_THREADED and wake its kthread.
 */
void __napi_schedule(struct softnet_data *sd, struct napi_struct *n);

/**
 * napi_schedule() - napi_schedule_prep() then __napi_schedule().
 * @trigger: what starts this poll episode (for the polls_* columns)
 * Return: true if this call scheduled it.
 */
bool napi_schedule(struct softnet_data *sd, struct napi_struct *n,
		   enum napi_trigger trigger);

/**
 * napi_complete_done() - the driver's poll @p finished under its weight
 * with @work_done frames: the deferral rule and the "GRO is holding
 * packets" timeout decide the timer; GRO flushes (only what is older than
 * this jiffy when a timer will flush the rest) and gro_normal_list() pass
 * skbs up the stack in @p's context; then the NAPI is released (or
 * listed again if MISSED was set) and the timer armed; then @done, where
 * napi_complete_ret() says whether the driver may unmask its IRQ.  Under
 * a busy poller (IN_BUSY_POLL) nothing happens and it says false.
 */
void napi_complete_done(struct napi_poller *p, struct napi_struct *n,
			int work_done, sim_ctx_fn done);

/** napi_complete_ret() - what the last napi_complete_done() returned. */
static inline bool napi_complete_ret(const struct napi_struct *n)
{
	return n->complete_ret;
}

/**
 * napi_timer_start() - hrtimer_start(&n->timer, @timeout,
 * HRTIMER_MODE_REL_PINNED) on @cpu: (re)arm the NAPI watchdog to fire
 * @timeout from now on the CPU that armed it.
 */
void napi_timer_start(struct napi_struct *n, struct sim_cpu *cpu,
		      sim_time_t timeout);

/**
 * __napi_poll() - @n's ->poll() returned @work in the core's poller @p
 * (net_rx_action() or a NAPI kthread): if it used its whole weight, the
 * core still owns it: it completes instead when PREFER_BUSY_POLL is set
 * (and is scheduled again if no timer was armed), else GRO flushes its
 * packets older than this jiffy (all of them if HZ < 1000) and
 * gro_normal_list() passes skbs up, and the caller repolls it
 * (p->repoll).  Then @next, with p->returned_napi and p->work set.
 */
void __napi_poll(struct napi_poller *p, struct napi_struct *n, int work,
		 sim_ctx_fn next);

/**
 * net_rx_action() - the NET_RX handler, run in @sd->ctx; calls
 * softirq_handler_done() when it returns.
 */
void net_rx_action(struct softnet_data *sd);

/**
 * napi_poll_begin() - call @n->poll(@p, @n, @budget), counting the poll
 * by who runs it and what started the episode.
 */
void napi_poll_begin(struct napi_poller *p, struct napi_struct *n,
		     int budget);

/**
 * napi_poll_end() - the driver's ->poll() returned @work: hand it to the
 * poller.
 */
void napi_poll_end(struct napi_poller *p, struct napi_struct *n, int work);

/* intrusive list helpers, for tests */
void napi_list_add_tail(struct napi_list *l, struct napi_struct *n);
struct napi_struct *napi_list_pop(struct napi_list *l);
static inline bool napi_list_empty(const struct napi_list *l)
{
	return !l->head;
}

#endif /* MODELS_CORE_NAPI_H */
