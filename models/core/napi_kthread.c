/*
 * models/core/napi_kthread.c - threaded NAPI: the napi/<dev>-<id> kthread.
 *
 * Follows net/core/dev.c (v6.18) napi_threaded_poll(),
 * napi_thread_wait() and napi_threaded_poll_loop(): the kthread sleeps until
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
#include "models/core/rps.h"
#include "models/core/sched.h"

/* a threaded NAPI's kthread, napi/<dev>-<id> */
struct napi_kthread {
	struct task_struct task;	/* first: the task is the kthread */
	struct napi_poller poller;
	struct napi_struct *napi;
};

static void napi_threaded_poll(struct sim_ctx *task)
{
	struct napi_kthread *t = task->data;
	struct napi_struct *n = t->napi;

	/* napi_thread_wait() */
	if (!(n->state & NAPI_STATE_SCHED_THREADED)) {
		sim_task_sleep(task);
		return;
	}
	/* napi_threaded_poll_loop(): local_bh_disable(), on whichever CPU
	 * the scheduler put it */
	t->poller.sd = softnet(n->m, task->cpu->id);
	task->softirq_count++;
	t->poller.sd->in_napi_threaded_poll = true;
	napi_poll_begin(&t->poller, n, (int)n->weight);
}

static void napi_thread_bh_enable(struct sim_ctx *task);

static void napi_thread_polled(struct sim_ctx *task);

static void napi_thread_poll_returned(struct napi_poller *p,
				      struct napi_struct *n, int work)
{
	/* __napi_poll(): a full poll stays SCHED_THREADED and polls again,
	 * after GRO's old packets went up */
	__napi_poll(p, n, work, napi_thread_polled);
}

static void napi_thread_polled(struct sim_ctx *task)
{
	struct napi_poller *p = task->poller;

	p->sd->in_napi_threaded_poll = false;
	/* the RPS IPIs this poll queued go out before local_bh_enable() */
	if (sd_has_rps_ipi_waiting(p->sd)) {
		net_rps_action(p->sd, task, napi_thread_bh_enable);
		return;
	}
	napi_thread_bh_enable(task);
}

static void napi_thread_bh_enable(struct sim_ctx *task)
{
	/* local_bh_enable(); NET_RX is never raised in threaded mode */
	task->softirq_count--;
	/* then cond_resched() (if repolling) or napi_thread_wait(): both
	 * happen when the task's entry runs again */
	sim_task_cond_resched(task);
}

void napi_kthread_create(struct machine *m, struct napi_struct *n,
			 uint32_t cpu, int nice)
{
	struct napi_kthread *t = g_new0(struct napi_kthread, 1);
	g_autofree char *name = g_strdup_printf("napi/%s-%u",
						n->dev ? n->dev->name : "backlog",
						n->napi_id);

	g_ptr_array_add(m->allocs, t);	/* freed with the machine */
	task_init(&t->task, m, cpu, g_intern_string(name), "napi_thread",
		  napi_threaded_poll, t, nice);
	t->napi = n;
	t->task.ctx.poller = &t->poller;
	t->poller = (struct napi_poller) {
		.ctx = &t->task.ctx, .sd = softnet(m, cpu),
		.kind = NAPI_POLLS_THREAD,
		.returned = napi_thread_poll_returned,
	};
	n->state |= NAPI_STATE_THREADED;
	n->thread = &t->task.ctx;
}
