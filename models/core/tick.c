/*
 * models/core/tick.c - the periodic timer tick, and NO_HZ idle.
 *
 * Follows kernel/time/tick-sched.c and kernel/softirq.c (v6.x): every CPU
 * takes a timer interrupt each jiffy (tick_sched_timer() ->
 * update_process_times() -> sched_tick()), costing [cost] tick cycles in
 * hardirq context; like every hardirq it ends in irq_exit(), which runs
 * pending softirqs (models/core/softirq.c) - so on a busy CPU the tick is
 * a regular chance for NET_RX to run in softirq context, stealing from the
 * running task.  With NO_HZ_IDLE (the default of distribution kernels)
 * the tick is stopped while a CPU idles (tick_nohz_idle_enter()) and
 * restarted on the next jiffy boundary when it leaves idle.
 *
 * MODEL: the tick does nothing of its own besides costing its cycles and
 * ending in irq_exit(): the scheduler's time slice is the class's own
 * timer (models/core/sched.c), and timers and RCU callbacks
 * (TIMER_SOFTIRQ, RCU_SOFTIRQ) are not modelled.  Ticks of all CPUs fall
 * on the same jiffy boundaries (no per-CPU skew).
 */
#include "config.h"

#include <glib.h>

#include "models/machine.h"
#include "models/cost.h"
#include "models/core/tick.h"

struct tick_cpu {
	struct tick *t;
	struct sim_irq irq;		/* the local timer interrupt */
};

struct tick {
	struct machine *m;
	struct tick_cpu *cpu;
};

/* the next jiffy boundary after @now */
static sim_time_t next_jiffy(const struct machine *m, sim_time_t now)
{
	return (machine_jiffies(m, now) + 1) * m->tick_ps;
}

/* tick_sched_timer(): the handler has run; arm the next one */
static void tick_handler(struct sim_irq *irq)
{
	struct tick_cpu *tc = irq->data;

	sim_irq_raise(&tc->irq, next_jiffy(tc->t->m, irq->cpu->now));
}

/* NO_HZ_IDLE: stop the tick on idle, restart it when the CPU wakes */
static void tick_idle(struct sim_cpu *cpu, bool idle, void *data)
{
	struct tick_cpu *tc = data;

	if (idle) {
		sim_irq_cancel(&tc->irq);
		return;
	}
	if (!tc->irq.pending && !sim_event_pending(&tc->irq.ev))
		sim_irq_raise(&tc->irq, next_jiffy(tc->t->m, cpu->now));
}

struct tick *tick_new(struct machine *m, bool enabled)
{
	struct tick *t = g_new0(struct tick, 1);

	t->m = m;
	if (!enabled)
		return t;
	t->cpu = g_new0(struct tick_cpu, m->sim.ncpu);
	for (uint32_t i = 0; i < m->sim.ncpu; i++) {
		struct tick_cpu *tc = &t->cpu[i];
		struct sim_cpu *cpu = &m->sim.cpu[i];

		tc->t = t;
		sim_irq_init(&tc->irq, cpu, "local_timer", SIM_IRQ_TIMER,
			     m->cost->irq_entry + m->cost->tick, tick_handler,
			     tc);
		cpu->idle_notify = tick_idle;
		cpu->idle_data = tc;
	}
	return t;
}

void tick_free(struct tick *t)
{
	if (!t)
		return;
	g_free(t->cpu);
	g_free(t);
}

uint64_t tick_count(const struct tick *t, uint32_t cpu)
{
	return t->cpu ? t->cpu[cpu].irq.count : 0;
}
