/*
 * models/core/softirq.h - softirq engine and ksoftirqd.
 */
#ifndef MODELS_CORE_SOFTIRQ_H
#define MODELS_CORE_SOFTIRQ_H

#include <stdint.h>

struct softnet_data;

struct softirq_cfg {			/* [softirq] */
	uint32_t max_softirq_restart;	/* MAX_SOFTIRQ_RESTART */
	uint32_t max_softirq_time_ms;	/* MAX_SOFTIRQ_TIME, in ms */
	int32_t ksoftirqd_nice;		/* chrt/renice of ksoftirqd/N */
};

/** __raise_softirq_irqoff() - set @nr pending; never wakes ksoftirqd. */
void __raise_softirq_irqoff(struct softnet_data *sd, uint32_t nr);

/** softirq_handler_done() - the running softirq handler returned. */
void softirq_handler_done(struct softnet_data *sd);

/**
 * local_bh_enable() - run the softirqs pending on @sd's CPU now, before
 * the task goes on (do_softirq() from process context), unless softirqs
 * are already being served there.
 */
void local_bh_enable(struct softnet_data *sd);

#endif /* MODELS_CORE_SOFTIRQ_H */
