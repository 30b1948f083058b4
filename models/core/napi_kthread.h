/*
 * models/core/napi_kthread.h - threaded NAPI kthread.
 */
#ifndef MODELS_CORE_NAPI_KTHREAD_H
#define MODELS_CORE_NAPI_KTHREAD_H

#include "models/machine.h"

/**
 * napi_kthread_init() - make @n threaded (NAPI_STATE_THREADED) and create
 * its kthread @t on @cpu with @nice; it sleeps until @n is scheduled.
 */
void napi_kthread_init(struct napi_kthread *t, struct host *h,
		       struct napi_struct *n, struct sim_cpu *cpu, int nice);

#endif /* MODELS_CORE_NAPI_KTHREAD_H */
