/*
 * models/core/softirq.h - softirq engine and ksoftirqd.
 */
#ifndef MODELS_CORE_SOFTIRQ_H
#define MODELS_CORE_SOFTIRQ_H

#include "models/machine.h"

/**
 * softirq_init() - per-CPU softirq state of @h: the softirq context runs
 * handle_softirqs() at irq exit, ksoftirqd/N when it is handed the work.
 */
void softirq_init(struct softnet_data *sd, struct host *h, struct sim_cpu *cpu);

/** __raise_softirq_irqoff() - set @nr pending; never wakes ksoftirqd. */
void __raise_softirq_irqoff(struct softnet_data *sd, uint32_t nr);

/** softirq_handler_done() - the running softirq handler returned. */
void softirq_handler_done(struct softnet_data *sd);

#endif /* MODELS_CORE_SOFTIRQ_H */
