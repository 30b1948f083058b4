/*
 * models/core/napi_kthread.h - threaded NAPI kthread.
 */
#ifndef MODELS_CORE_NAPI_KTHREAD_H
#define MODELS_CORE_NAPI_KTHREAD_H

#include <stdint.h>

struct machine;
struct napi_struct;

/**
 * napi_kthread_create() - make @n threaded (NAPI_STATE_THREADED) and
 * create its kthread napi/<dev>-<napi_id> on CPU @cpu with @nice; it
 * sleeps until @n is scheduled.  Freed with the machine.
 */
void napi_kthread_create(struct machine *m, struct napi_struct *n,
			 uint32_t cpu, int nice);

#endif /* MODELS_CORE_NAPI_KTHREAD_H */
