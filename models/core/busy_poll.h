/*
 * models/core/busy_poll.h - busy polling from a task: napi_busy_loop().
 */
#ifndef MODELS_CORE_BUSY_POLL_H
#define MODELS_CORE_BUSY_POLL_H

#include "models/machine.h"

/**
 * napi_busy_loop_init() - a busy loop run by @task on @n.
 */
void napi_busy_loop_init(struct napi_busy_loop *bl, struct host *h,
			 struct sim_ctx *task, struct napi_struct *n,
			 uint32_t budget, bool prefer,
			 bool (*loop_end)(struct napi_busy_loop *bl));

/**
 * napi_busy_loop() - __napi_busy_loop() until @bl->loop_end() says so,
 * @end is reached or the task must reschedule; then busy_poll_stop() if
 * it owned the NAPI, and continue at @done in the task.
 */
void napi_busy_loop(struct napi_busy_loop *bl, sim_time_t end,
		    sim_ctx_fn done);

/**
 * local_bh_enable() - run the softirqs pending on @task's CPU now, before
 * the task goes on (do_softirq() from process context).
 */
void local_bh_enable(struct sim_ctx *task);

/**
 * napi_suspend_irqs() - epoll returned events: push the NAPI hrtimer out
 * to irq_suspend_timeout (if set), keeping the IRQ masked.
 */
void napi_suspend_irqs(struct napi_struct *n, sim_time_t now);

/**
 * napi_resume_irqs() - the epoll busy loop ran dry: if
 * irq_suspend_timeout is set, napi_schedule() from @task's CPU (a normal
 * poll, then the deferral rule) and run the softirq.
 */
void napi_resume_irqs(struct napi_struct *n, struct sim_ctx *task);

#endif /* MODELS_CORE_BUSY_POLL_H */
