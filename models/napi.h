/*
 * models/napi.h - NAPI and net_rx_action().
 */
#ifndef MODELS_NAPI_H
#define MODELS_NAPI_H

#include "models/host.h"

/** napi_schedule_prep() - take SCHED; set MISSED if it was already set. */
bool napi_schedule_prep(struct napi_struct *n);

/** __napi_schedule() - list @n on @sd's poll_list and raise NET_RX. */
void __napi_schedule(struct softnet_data *sd, struct napi_struct *n);

/**
 * napi_complete_done() - the driver finished under its weight.
 * Return: true if the driver may unmask its IRQ.
 */
bool napi_complete_done(struct softnet_data *sd, struct napi_struct *n,
			int work_done);

/**
 * net_rx_action() - the NET_RX handler, run in @sd->ctx; calls
 * softirq_handler_done() when it returns.
 */
void net_rx_action(struct softnet_data *sd);

/**
 * napi_poll_returned() - a driver's ->poll() returned @work.
 */
void napi_poll_returned(struct softnet_data *sd, struct napi_struct *n,
			int work);

/* intrusive list helpers, for tests */
void napi_list_add_tail(struct napi_list *l, struct napi_struct *n);
struct napi_struct *napi_list_pop(struct napi_list *l);
static inline bool napi_list_empty(const struct napi_list *l)
{
	return !l->head;
}

#endif /* MODELS_NAPI_H */
