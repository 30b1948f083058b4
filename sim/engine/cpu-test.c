/*
 * sim/engine/cpu-test.c - the dispatcher's promises, with no model at all:
 * a hardirq preempts a task exactly and the task resumes where it was; a
 * softirq started at irq exit runs before the task; an idle CPU takes a
 * reschedule IPI before a woken task runs; the scheduling class decides
 * which task runs; interrupts at the same picosecond are delivered by
 * line, devices before timers; accounting slots are registered by name;
 * and batch mode (items inline) ends in the same state as reference mode
 * (every item an event).
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "sim/engine/cpu.h"

/* ---------------------------------------------------------------- FIFO */

/* a run queue in wakeup order: the simplest scheduling class */
struct fifo_rq {
	struct sim_ctx *q[8];
	uint32_t n;
};

static void fifo_enqueue(struct sim_ctx *t)
{
	struct fifo_rq *rq = t->cpu->rq;

	rq->q[rq->n++] = t;
}

static void fifo_dequeue(struct sim_ctx *t)
{
	struct fifo_rq *rq = t->cpu->rq;

	for (uint32_t i = 0; i < rq->n; i++) {
		if (rq->q[i] == t) {
			memmove(&rq->q[i], &rq->q[i + 1],
				(rq->n - i - 1) * sizeof(t));
			rq->n--;
			return;
		}
	}
	g_assert_not_reached();
}

static struct sim_ctx *fifo_pick(struct sim_cpu *cpu)
{
	struct fifo_rq *rq = cpu->rq;

	return rq->n ? rq->q[0] : NULL;
}

static void fifo_set_next(struct sim_cpu *cpu G_GNUC_UNUSED,
			  struct sim_ctx *prev G_GNUC_UNUSED)
{
}

static void fifo_update_curr(struct sim_ctx *t G_GNUC_UNUSED,
			     sim_time_t ps G_GNUC_UNUSED)
{
}

static const struct sim_sched_class fifo_class = {
	.name = "fifo",
	.enqueue_task = fifo_enqueue,
	.dequeue_task = fifo_dequeue,
	.pick_next_task = fifo_pick,
	.set_next_task = fifo_set_next,
	.update_curr = fifo_update_curr,
};

/* ---------------------------------------------------------------- world */

/* 1000 MHz: one cycle is one nanosecond */
#define MHZ 1000

struct world {
	struct sim sim;
	struct fifo_rq rq;
	struct sim_ctx task, task2;
	struct sim_irq irq, timer;
	sim_time_t task_done, task2_done, softirq_at, irq_at, timer_at;
	uint32_t acct_task;
	bool raised;		/* the device IRQ raised a softirq */
	int order[4], norder;
};

static struct world *world_of(struct sim_ctx *ctx)
{
	return ctx->data;
}

static void task_done(struct sim_ctx *t)
{
	struct world *w = world_of(t);

	if (t == &w->task)
		w->task_done = t->cpu->now;
	else
		w->task2_done = t->cpu->now;
	sim_task_sleep(t);
}

/* a task's whole life: 10 us of work, then sleep */
static void task_entry(struct sim_ctx *t)
{
	sim_ctx_step(t, 10000, task_done);
}

static void softirq_done(struct sim_ctx *ctx)
{
	world_of(ctx)->softirq_at = ctx->cpu->now;
	sim_ctx_finish(ctx);
}

static void softirq_entry(struct sim_ctx *ctx)
{
	sim_ctx_step(ctx, 2000, softirq_done);
}

static void irq_exit(struct sim_cpu *cpu, void *data)
{
	struct world *w = data;

	if (w->raised) {
		w->raised = false;
		sim_softirq_start(cpu);
	}
}

static void irq_handler(struct sim_irq *irq)
{
	struct world *w = irq->data;

	w->irq_at = irq->cpu->now;
	w->raised = true;
	w->order[w->norder++] = 1;
}

static void timer_handler(struct sim_irq *irq)
{
	struct world *w = irq->data;

	w->timer_at = irq->cpu->now;
	w->order[w->norder++] = 2;
}

static struct world *world_new(bool reference)
{
	struct world *w = g_new0(struct world, 1);
	struct sim_cpu *cpu;

	sim_init(&w->sim, 1, MHZ, reference, 0, 100);
	cpu = &w->sim.cpu[0];
	w->sim.sched_class = &fifo_class;
	cpu->rq = &w->rq;
	w->acct_task = sim_acct_register(&w->sim, "task");
	sim_task_init(&w->task, cpu, "task", w->acct_task, task_entry, w);
	sim_task_init(&w->task2, cpu, "task2", w->acct_task, task_entry, w);
	cpu->softirq.entry = softirq_entry;
	cpu->softirq.data = w;
	cpu->irq_exit = irq_exit;
	cpu->irq_exit_data = w;
	/* the timer is set up first, the device second: lines still put
	 * the device first */
	sim_irq_init(&w->timer, cpu, "timer", SIM_IRQ_TIMER, 500,
		     timer_handler, w);
	sim_irq_init(&w->irq, cpu, "dev", SIM_IRQ_DEVICE, 1000, irq_handler,
		     w);
	return w;
}

static void world_free(struct world *w)
{
	sim_destroy(&w->sim);
	g_free(w);
}

/* ---------------------------------------------------------------- tests */

static void test_acct_registered_by_name(void)
{
	struct world *w = world_new(false);

	g_assert_cmpuint(sim_acct_register(&w->sim, "hardirq"), ==,
			 SIM_ACCT_HARDIRQ);
	g_assert_cmpuint(sim_acct_register(&w->sim, "softirq"), ==,
			 SIM_ACCT_SOFTIRQ);
	g_assert_cmpuint(w->acct_task, ==, 2);
	g_assert_cmpuint(sim_acct_register(&w->sim, "task"), ==, 2);
	g_assert_cmpuint(sim_acct_register(&w->sim, "other"), ==, 3);
	g_assert_cmpstr(w->sim.acct_name[3], ==, "other");
	world_free(w);
}

/*
 * The task wakes at 0 (an IPI first: 100 ns), runs 10 us of work; an
 * IRQ at 3 us costs 1 us of hardirq, then 2 us of softirq at irq exit;
 * the task resumes exactly where it was and ends 3 us late.
 */
static void run_preemption(bool reference, struct world **out)
{
	struct world *w = world_new(reference);
	struct sim_cpu *cpu = &w->sim.cpu[0];

	sim_task_wake(&w->task, cpu, 0);
	sim_irq_raise(&w->irq, SIM_US(3));
	sim_run(&w->sim, SIM_TIME_NEVER);
	*out = w;
}

static void test_hardirq_preempts_task_exactly(void)
{
	struct world *w;

	run_preemption(false, &w);
	g_assert_cmpuint(w->irq_at, ==, SIM_US(3) + SIM_NS(1000));
	g_assert_cmpuint(w->softirq_at, ==, w->irq_at + SIM_NS(2000));
	g_assert_cmpuint(w->task_done, ==,
			 SIM_NS(100) + SIM_US(10) + SIM_US(3));
	g_assert_cmpuint(w->sim.cpu[0].acct_ps[SIM_ACCT_HARDIRQ], ==,
			 SIM_NS(1000) + SIM_NS(100));
	g_assert_cmpuint(w->sim.cpu[0].acct_ps[SIM_ACCT_SOFTIRQ], ==,
			 SIM_NS(2000));
	g_assert_cmpuint(w->sim.cpu[0].acct_ps[w->acct_task], ==, SIM_US(10));
	g_assert_cmpuint(w->sim.cpu[0].ipi.count, ==, 1);
	world_free(w);
}

static void test_batch_equals_reference(void)
{
	struct world *a, *b;

	run_preemption(false, &a);
	run_preemption(true, &b);
	g_assert_cmpuint(a->task_done, ==, b->task_done);
	g_assert_cmpuint(a->softirq_at, ==, b->softirq_at);
	for (uint32_t i = 0; i < a->sim.nacct; i++)
		g_assert_cmpuint(a->sim.cpu[0].acct_ps[i], ==,
				 b->sim.cpu[0].acct_ps[i]);
	/* the task's work ran inline in batch mode */
	g_assert_cmpuint(a->sim.q.processed, <, b->sim.q.processed);
	g_assert_cmpuint(b->sim.inline_items, ==, 0);
	world_free(a);
	world_free(b);
}

static void test_class_picks_the_task(void)
{
	struct world *w = world_new(false);
	struct sim_cpu *cpu = &w->sim.cpu[0];

	/* both wake at 0: FIFO runs the first to the end, then the next */
	sim_task_wake(&w->task2, cpu, 0);
	sim_task_wake(&w->task, cpu, 0);
	sim_run(&w->sim, SIM_TIME_NEVER);
	g_assert_cmpuint(w->task2_done, ==, SIM_NS(100) + SIM_US(10));
	g_assert_cmpuint(w->task_done, ==, SIM_NS(100) + SIM_US(20));
	g_assert_cmpuint(cpu->nr_switches, ==, 2);
	g_assert_cmpuint(cpu->nr_running, ==, 0);
	world_free(w);
}

static void test_same_ps_devices_before_timers(void)
{
	struct world *w = world_new(false);

	g_assert_cmpuint(w->irq.line, <, w->timer.line);
	sim_irq_raise(&w->timer, SIM_US(1));
	sim_irq_raise(&w->irq, SIM_US(1));
	sim_run(&w->sim, SIM_TIME_NEVER);
	g_assert_cmpint(w->norder, ==, 2);
	g_assert_cmpint(w->order[0], ==, 1);
	g_assert_cmpint(w->order[1], ==, 2);
	/* the timer's handler ran after the device's */
	g_assert_cmpuint(w->timer_at, ==, w->irq_at + SIM_NS(500));
	world_free(w);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/engine/acct/registered-by-name",
			test_acct_registered_by_name);
	g_test_add_func("/engine/dispatch/hardirq-preempts-task-exactly",
			test_hardirq_preempts_task_exactly);
	g_test_add_func("/engine/dispatch/batch-equals-reference",
			test_batch_equals_reference);
	g_test_add_func("/engine/sched/class-picks-the-task",
			test_class_picks_the_task);
	g_test_add_func("/engine/irq/same-ps-devices-before-timers",
			test_same_ps_devices_before_timers);
	return g_test_run();
}
