/*
 * models/core/busy_poll.h - busy polling from a task: napi_busy_loop().
 */
#ifndef MODELS_CORE_BUSY_POLL_H
#define MODELS_CORE_BUSY_POLL_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/engine/cpu.h"
#include "models/core/netdevice.h"

struct machine;

/* the state of one __napi_busy_loop() (models/core/busy_poll.c) */
struct napi_busy_loop {
	struct napi_struct *napi;
	struct napi_poller poller;	/* ctx: the busy-polling task */
	uint32_t budget;
	bool prefer;			/* NAPI_F_PREFER_BUSY_POLL */
	bool owner;			/* we set SCHED|IN_BUSY_POLL */
	bool skip_schedule;		/* busy_poll_stop(): the timer has it */
	sim_time_t end;			/* loop_end(): time is up */
	bool (*loop_end)(struct napi_busy_loop *bl);
	void *loop_end_arg;
	sim_ctx_fn done;		/* continue here in the task */
	uint64_t preempted;		/* the task's count at the start */
	uint64_t turns, rx_packets;	/* BUSYPOLLRXPACKETS */
	/* the last turn, for counting idle ones at once (batch mode) */
	sim_time_t turn_start;
	uint64_t turn_items, turn_events, turn_epoch;
	int turn_work;			/* its poll's frames; -1: no poll */
	uint64_t turns_counted;		/* of turns, counted at once */
};

/**
 * napi_busy_loop_init() - a busy loop run by @task on @n.
 * @loop_end: sk_busy_loop_end() or ep_busy_loop_end(): stop now?
 */
void napi_busy_loop_init(struct napi_busy_loop *bl, struct machine *m,
			 struct sim_ctx *task, struct napi_struct *n,
			 uint32_t budget, bool prefer,
			 bool (*loop_end)(struct napi_busy_loop *bl),
			 void *loop_end_arg);

/**
 * napi_busy_loop() - __napi_busy_loop() until @bl->loop_end() says so,
 * @end is reached or the task must reschedule; then busy_poll_stop() if
 * it owned the NAPI, and continue at @done in the task.
 */
void napi_busy_loop(struct napi_busy_loop *bl, sim_time_t end,
		    sim_ctx_fn done);

/**
 * napi_suspend_irqs() - epoll returned events: push the NAPI hrtimer out
 * to @n's irq_suspend_timeout (if set), keeping the IRQ masked.
 */
void napi_suspend_irqs(struct napi_struct *n, struct sim_cpu *cpu);

/**
 * napi_resume_irqs() - the epoll busy loop ran dry: if @n has an
 * irq_suspend_timeout, napi_schedule() from @task's CPU (a normal poll,
 * then the deferral rule) and run the softirq.
 */
void napi_resume_irqs(struct napi_struct *n, struct sim_ctx *task);

#endif /* MODELS_CORE_BUSY_POLL_H */
