/*
 * models/core/napi_kthread.c - threaded NAPI: the napi/<dev>-<id> kthread.
 *
 * Follows net/core/dev.c (v6.18) napi_threaded_poll(),
 * napi_thread_wait() and napi_threaded_poll_loop(), as in
 * shared/reference/linux-rx-path.md section 8: the kthread sleeps until
 * ____napi_schedule() sets SCHED_THREADED and wakes it; then, with BHs
 * disabled, it polls the NAPI with its weight, again and again while a
 * poll uses the whole weight (calling cond_resched() between polls), and
 * goes back to sleep once a poll completes the NAPI.  No netdev_budget, no
 * time limit, no time_squeeze, no ksoftirqd: the CPU scheduler decides
 * how much CPU it gets, by its nice value and CPU ([mitigation]
 * thread_nice, thread_cpu).
 *
 * Left out: the busy-poll threaded mode (THREADED_BUSY_POLL, 6.18) and
 * backlog threads (thread_backlog_napi, PREEMPT_RT).
 */
#include "config.h"

#include <glib.h>

#include "models/machine.h"
#include "models/core/napi.h"
#include "models/core/napi_kthread.h"

static void napi_threaded_poll(struct sim_ctx *task)
{
	struct napi_kthread *t = task->data;
	struct napi_struct *n = t->napi;

	/* napi_thread_wait() */
	if (!(n->state & NAPI_STATE_SCHED_THREADED)) {
		sim_task_sleep(task);
		return;
	}
	/* napi_threaded_poll_loop(): local_bh_disable() */
	task->softirq_count++;
	napi_poll_begin(&t->poller, n, (int)n->weight);
}

static void napi_thread_poll_returned(struct napi_poller *p,
				      struct napi_struct *n, int work)
{
	struct sim_ctx *task = p->ctx;

	/* __napi_poll(): a full poll stays SCHED_THREADED and polls again */
	__napi_poll_full(p->sd, n, work);
	/* local_bh_enable(); NET_RX is never raised in threaded mode */
	task->softirq_count--;
	/* then cond_resched() (if repolling) or napi_thread_wait(): both
	 * happen when the task's entry runs again */
	sim_task_cond_resched(task);
}

void napi_kthread_init(struct napi_kthread *t, struct host *h,
		       struct napi_struct *n, struct sim_cpu *cpu, int nice)
{
	*t = (struct napi_kthread) { .napi = n };
	sim_task_init(&t->task, cpu, "napi/eth0-0", SIM_ACCT_NAPI_THREAD,
		      napi_threaded_poll, t, nice);
	t->task.poller = &t->poller;
	t->poller = (struct napi_poller) {
		.ctx = &t->task, .sd = &h->sd[cpu->id],
		.kind = NAPI_POLLS_THREAD, .returned = napi_thread_poll_returned,
	};
	n->state |= NAPI_STATE_THREADED;
	n->thread = &t->task;
}
