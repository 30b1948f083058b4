/*
 * models/core/sched.h - tasks and the CFS-like scheduling class.
 */
#ifndef MODELS_CORE_SCHED_H
#define MODELS_CORE_SCHED_H

#include <stdint.h>

#include "sim/engine/cpu.h"

struct machine;

struct sched_cfg {			/* [kernel] */
	uint32_t hz;
	bool tick;			/* the periodic tick (NO_HZ_IDLE) */
	bool ksoftirqd_running_defers;	/* pre-v6.5 irq_exit/do_softirq */
	uint32_t sched_base_slice_us;
	uint32_t sched_latency_us;
	uint32_t sched_wakeup_granularity_us;
};

/*
 * A task: the engine's context plus what the scheduling class keeps of
 * it (struct sched_entity in the kernel).
 */
struct task_struct {
	struct sim_ctx ctx;	/* the engine's view; first */
	int nice;
	uint32_t weight;	/* load weight (1024 at nice 0) */
	uint64_t vruntime;	/* ps, scaled by 1024 / weight */
	uint64_t vruntime_rem;	/* what the scaling left, in 1/weight */
};

/**
 * task_init() - a task @name on CPU @cpu of @m, accounted as @acct (one
 * of the accounting slots a model declares), whose @entry runs when it
 * gets the CPU with nothing in progress; listed in @m's tasks.
 * @nice: -20..19, mapped to CFS load weights
 */
void task_init(struct task_struct *p, struct machine *m, uint32_t cpu,
	       const char *name, const char *acct, sim_ctx_fn entry,
	       void *data, int nice);

#endif /* MODELS_CORE_SCHED_H */
