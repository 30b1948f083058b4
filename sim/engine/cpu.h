/*
 * sim/engine/cpu.h - simulated CPUs and the contexts that run on them.
 *
 * Each CPU runs one context at a time, by priority class:
 *
 *   hardirq  > softirq (at irq exit)  > tasks
 *
 * A context runs "work items": N cycles, then a callback.  A higher context
 * preempts a lower one exactly: the lower item's remaining picoseconds are
 * kept and it resumes when the CPU comes back to it.  Which task runs is
 * the business of a scheduling class (struct sim_sched_class) that a model
 * installs; the engine only keeps who is running, the count of runnable
 * tasks and the need-resched flag, and charges each context's time to the
 * accounting slot its owner registered (sim_acct_register()).
 *
 * Batching: sim_ctx_inline() lets a context run an item without an event
 * when the item ends strictly before the next queued event of the whole
 * simulation, so nothing (no IRQ, no other CPU) could have intervened.
 * In reference mode it always refuses, so every item goes through the
 * event queue and SimGrid: the two modes must agree to the last counter.
 */
#ifndef SIM_ENGINE_CPU_H
#define SIM_ENGINE_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/engine/eventq.h"
#include "sim/engine/time.h"

struct sim;
struct sim_cpu;
struct sim_ctx;

enum sim_ctx_class { SIM_CTX_HARDIRQ, SIM_CTX_SOFTIRQ, SIM_CTX_TASK };

/*
 * Accounting slots: where a context's busy time is reported.  The
 * engine's two contexts have the first two; models register the others
 * by name (sim_acct_register()), in an order that is the order of the
 * per-CPU output columns.
 */
#define SIM_ACCT_HARDIRQ	0
#define SIM_ACCT_SOFTIRQ	1
#define SIM_ACCT_MAX		16

/* IRQ line ranges, lowest first at the same picosecond (sim_irq_init()) */
enum sim_irq_kind {
	SIM_IRQ_DEVICE,		/* a device's vector */
	SIM_IRQ_TIMER,		/* a timer interrupt (hrtimer) */
	SIM_IRQ_IPI,		/* a function-call IPI (smp_call_function) */
	SIM_IRQ_NR_KINDS,
};

typedef void (*sim_ctx_fn)(struct sim_ctx *ctx);

struct sim_ctx {
	const char *name;
	enum sim_ctx_class cls;
	uint32_t acct;		/* accounting slot */
	struct sim_cpu *cpu;
	void *data;		/* the model that owns it */
	void *poller;		/* models: what it is polling, if anything */

	bool active;		/* has work: in a handler / runnable task */
	sim_ctx_fn entry;	/* called when it gets the CPU without an item */

	/* the current work item */
	bool has_item;
	bool running;		/* completion event queued */
	sim_time_t remaining;	/* ps, while paused */
	sim_time_t started;	/* ps, when it last got the CPU */
	sim_ctx_fn done;
	struct sim_event ev;

	/* tasks */
	sim_time_t switch_owed;	/* switch and cache refill still to run */
	uint32_t softirq_count;	/* >0: in_softirq() (BH off / serving) */
	uint32_t preempt_count;	/* >0: preempt_disable(): keeps the CPU */
	struct sim_event wake_ev;
	uint64_t wakeups;
	uint64_t preempted;	/* switched out while runnable */
	uint64_t irq_epoch;	/* the CPU's irq_epoch when it last ran */
	uint64_t cache_refills;	/* resumed after an interrupt: refill paid */
	/* CPUs it may run on (bit i: CPU i); 0: pinned to its CPU */
	uint64_t cpus_allowed;
	uint64_t migrations;	/* woken on another CPU than it slept on */
};

struct sim_irq {
	const char *name;
	uint32_t line;
	struct sim_cpu *cpu;
	uint64_t cycles;		/* entry + handler */
	void (*handler)(struct sim_irq *irq);	/* at the end of the handler */
	void *data;
	bool pending;			/* delivered, handler not yet run */
	struct sim_event ev;		/* delivery */
	struct sim_irq *next_pending;
	uint64_t count;
};

/*
 * A scheduling class: which runnable task gets a CPU (kernel/sched's
 * struct sched_class, reduced).  Every hook is called on the task's CPU.
 */
struct sim_sched_class {
	const char *name;
	/* @t became runnable (cpu->nr_running already counts it); set
	 * cpu->resched if it should preempt the running task */
	void (*enqueue_task)(struct sim_ctx *t);
	/* the running task @t blocked (no longer counted) */
	void (*dequeue_task)(struct sim_ctx *t);
	/* __schedule(): the runnable task to run next, or NULL */
	struct sim_ctx *(*pick_next_task)(struct sim_cpu *cpu);
	/* after __schedule(): @prev was running, cpu->curr_task is next */
	void (*set_next_task)(struct sim_cpu *cpu, struct sim_ctx *prev);
	/* @t ran @ps */
	void (*update_curr)(struct sim_ctx *t, sim_time_t ps);
	/* the sleeping @t moves from @from to its new CPU t->cpu (may be
	 * NULL) */
	void (*migrate_task_rq)(struct sim_ctx *t, struct sim_cpu *from);
};

struct sim_cpu {
	struct sim *sim;
	uint32_t id;
	uint32_t mhz;
	sim_time_t now;			/* this CPU's clock (ps) */

	struct sim_ctx hardirq;
	struct sim_ctx softirq;
	struct sim_ctx *cur;		/* context whose item runs */
	struct sim_irq *irq_pending;	/* delivered IRQs, by line */

	/* tasks */
	struct sim_ctx *curr_task;	/* NULL: the idle task */
	uint32_t nr_running;		/* runnable tasks, curr_task included */
	bool resched;			/* TIF_NEED_RESCHED */
	sim_time_t switch_ps;
	sim_time_t refill_ps;		/* cache refill after an interrupt */
	uint64_t nr_switches;
	/* wakeups this CPU started of tasks on other CPUs (schedstats'
	 * nr_wakeups_remote, counted on the waker) */
	uint64_t remote_wakeups;
	uint64_t irq_epoch;		/* handlers and softirq runs so far */
	void *rq;			/* the scheduling class's run queue */

	/* irq_exit(): a model decides whether to run softirqs */
	void (*irq_exit)(struct sim_cpu *cpu, void *data);
	void *irq_exit_data;
	/* the CPU goes idle (@idle) or leaves idle: a model may stop or
	 * restart its periodic timers (NO_HZ) */
	void (*idle_notify)(struct sim_cpu *cpu, bool idle, void *data);
	void *idle_data;
	bool idle;			/* nothing to run */
	struct sim_irq ipi;		/* reschedule IPI */

	uint64_t acct_ps[SIM_ACCT_MAX];
	uint64_t synced_busy_ps;	/* busy time already charged to SimGrid */
};

struct sim {
	struct sim_eventq q;
	bool reference;
	bool simgrid;			/* false: unit tests, no SimGrid */
	uint32_t ncpu;
	struct sim_cpu *cpu;
	const struct sim_sched_class *sched_class;
	sim_time_t now;			/* time of the event being processed */
	sim_time_t sync_interval;	/* batch mode: longest gap between syncs */
	sim_time_t next_sync;
	uint64_t inline_items, event_items;
	const char *acct_name[SIM_ACCT_MAX];
	uint32_t nacct;
	uint32_t irq_lines[SIM_IRQ_NR_KINDS];	/* allocated per kind */
};

/**
 * sim_cpus_all() - a cpus_allowed mask of every CPU of @sim: an unbound
 * task, placed by the scheduler at each wakeup.
 */
static inline uint64_t sim_cpus_all(const struct sim *sim)
{
	return sim->ncpu >= 64 ? ~0ULL : (1ULL << sim->ncpu) - 1;
}

/**
 * sim_init() - create @ncpu CPUs at @mhz.
 * @reference: every item through the event queue, every event synced
 * @switch_cycles: a task switch, charged to the incoming task
 * @ipi_cycles: the reschedule IPI on an idle CPU
 *
 * A scheduling class must be set (sim->sched_class) before a task wakes.
 */
void sim_init(struct sim *sim, uint32_t ncpu, uint32_t mhz, bool reference,
	      uint64_t switch_cycles, uint64_t ipi_cycles);

/**
 * sim_set_cache_refill() - a task that gets its CPU back after a hardirq
 * handler (not the reschedule IPI's) or softirq processing ran there
 * since it last ran pays @cycles first (the cache and TLB lines the
 * interrupt path evicted), charged to the task.  0 turns the effect off.
 */
void sim_set_cache_refill(struct sim *sim, uint64_t cycles);
void sim_destroy(struct sim *sim);

/**
 * sim_run() - process events until none is left or the next one is
 * after @end.  Calls sim_sg_sync() as sim/engine/sg.h describes.  A
 * passive event (a measurement boundary) that is the last one left is
 * dropped, not run: it does not stretch the run.
 */
void sim_run(struct sim *sim, sim_time_t end);

/**
 * sim_acct_register() - the accounting slot called @name, registered now
 * if it is new.  "hardirq" and "softirq" are the engine's.
 */
uint32_t sim_acct_register(struct sim *sim, const char *name);

/**
 * sim_cycles_to_ps() - duration of @cycles on @cpu.
 */
static inline sim_time_t sim_cycles_to_ps(const struct sim_cpu *cpu,
					  uint64_t cycles)
{
	return (cycles * 1000000ULL + cpu->mhz / 2) / cpu->mhz;
}

/**
 * sim_busy_ps() - @cpu's busy time up to @cpu->sim->now.
 */
uint64_t sim_busy_ps(const struct sim_cpu *cpu);

/**
 * sim_acct_snapshot() - every CPU's time per accounting slot at sim->now,
 * the running item's share so far included: @out[cpu * SIM_ACCT_MAX +
 * slot].  Take it from an event (a boundary that no inline item crosses).
 */
void sim_acct_snapshot(const struct sim *sim, uint64_t *out);

/* ---- contexts ---- */

/**
 * sim_task_init() - a task (kthread or application thread) on @cpu.
 * @acct: its accounting slot (sim_acct_register())
 * @entry: run when the task gets the CPU with no item in progress
 */
void sim_task_init(struct sim_ctx *task, struct sim_cpu *cpu, const char *name,
		   uint32_t acct, sim_ctx_fn entry, void *data);

/**
 * sim_ctx_run() - run @cycles in @ctx, then call @done.
 *
 * @ctx must be the context that has the CPU (it is in its entry or done
 * callback).  The item can be preempted; @done runs when all of it ran.
 */
void sim_ctx_run(struct sim_ctx *ctx, uint64_t cycles, sim_ctx_fn done);

/**
 * sim_ctx_inline() - run @cycles now, without an event, if allowed: not
 * in reference mode, not when a higher context of the CPU has become
 * active (local_bh_enable() started the softirq), and only if the item
 * ends strictly before the next queued event.
 *
 * Return: true if the item ran (the CPU clock moved on): the caller goes on
 * with its next step.  false: the caller must use sim_ctx_run().
 */
bool sim_ctx_inline(struct sim_ctx *ctx, uint64_t cycles);

/**
 * sim_ctx_inline_span() - @ctx runs @ps more, made of @items work items,
 * all inline (as that many sim_ctx_inline() calls would): its clock, its
 * CPU's accounts and the scheduler's view move as if each had run.  The
 * caller has checked that the span ends before the next queued event.
 * Return: false in reference mode, where nothing runs inline (the caller
 * then runs the items one by one).
 */
bool sim_ctx_inline_span(struct sim_ctx *ctx, sim_time_t ps, uint64_t items);

/**
 * sim_ctx_finish() - @ctx has no more work (handler returned, softirq
 * processing ended).  For a task use sim_task_sleep().
 */
void sim_ctx_finish(struct sim_ctx *ctx);

/**
 * sim_softirq_start() - make the CPU's softirq context active; its entry
 * runs as soon as no hardirq is in progress.  Used by irq_exit().
 */
void sim_softirq_start(struct sim_cpu *cpu);

/**
 * sim_cpu_in_interrupt() - in_interrupt() for what the CPU was running
 * below the current hardirq: true if softirq processing or a BH-disabled
 * section is in progress.
 */
bool sim_cpu_in_interrupt(const struct sim_cpu *cpu);

/* ---- IRQs ---- */

/**
 * sim_irq_init() - an interrupt of kind @kind delivered to @cpu; its
 * handler costs @cycles (entry included) and then calls @handler.  The
 * line, which orders deliveries at the same picosecond, is the next free
 * one of @kind: devices' vectors before timers, each in the order they
 * were set up.
 */
void sim_irq_init(struct sim_irq *irq, struct sim_cpu *cpu, const char *name,
		  enum sim_irq_kind kind, uint64_t cycles,
		  void (*handler)(struct sim_irq *irq), void *data);

/**
 * sim_irq_raise() - the IRQ reaches @irq->cpu at @at (>= now).
 */
void sim_irq_raise(struct sim_irq *irq, sim_time_t at);

/**
 * sim_irq_cancel() - withdraw a raise that has not been delivered yet.
 */
void sim_irq_cancel(struct sim_irq *irq);

/**
 * sim_irq_set_cpu() - deliver @irq to @cpu from now on (a pinned timer
 * re-armed from another CPU).  @irq must be neither raised nor pending.
 */
void sim_irq_set_cpu(struct sim_irq *irq, struct sim_cpu *cpu);

/* ---- tasks and the scheduler ---- */

/**
 * sim_task_wake() - try_to_wake_up(@task) at @at from @waker_cpu.
 *
 * A task that may run on several CPUs (cpus_allowed) is placed first, as
 * select_task_rq_fair() would on a machine of one LLC: its previous CPU
 * if that is idle, else the first idle allowed CPU after it, else the
 * previous one (no wake-affine, no load or capacity terms, no NUMA).
 * A task on another CPU, or waking in the future, wakes through an event;
 * an idle remote CPU takes a reschedule IPI first.  A wakeup of a task on
 * another CPU counts in @waker_cpu->remote_wakeups, once: not when the
 * task is running, or a wakeup is already on its way to it.
 */
void sim_task_wake(struct sim_ctx *task, struct sim_cpu *waker_cpu,
		   sim_time_t at);

/**
 * sim_task_migrate() - move @task to @cpu now (set_task_cpu(); for a
 * running task, what the migration stopper does): a sleeping task wakes
 * there, a runnable or running one is queued there at once, its work
 * item resuming where it stopped.  Not while it holds preemption or BHs
 * off.  Call from an event, not from a work item of either CPU.
 */
void sim_task_migrate(struct sim_ctx *task, struct sim_cpu *cpu);

/**
 * sim_task_sleep() - the running task blocks (schedule() with
 * TASK_INTERRUPTIBLE); the CPU goes to the next runnable task or idles.
 */
void sim_task_sleep(struct sim_ctx *task);

/**
 * sim_task_cond_resched() - cond_resched(): switch away if need_resched.
 * Return: true if @task gave up the CPU (its entry runs when it gets the
 * CPU back), false if it keeps running.
 */
bool sim_task_cond_resched(struct sim_ctx *task);

/**
 * sim_cpu_need_resched() - need_resched() as seen from softirq on @cpu.
 */
bool sim_cpu_need_resched(const struct sim_cpu *cpu);

/**
 * sim_cpu_resched() - resched_curr(): set need-resched on @cpu and let
 * the dispatcher act on it now (a scheduling class's timer uses it).
 */
void sim_cpu_resched(struct sim_cpu *cpu);

#ifndef SIM_CTX_STEP_DEPTH
#define SIM_CTX_STEP_DEPTH 64
#endif
extern uint32_t sim_step_depth;

/**
 * sim_ctx_step() - run @cycles in @ctx, then @next: inline when allowed
 * (sim_ctx_inline()), else as an event.  Model code is written as a chain
 * of such steps, each step's last action being the next step, so a run of
 * inline steps is a chain of calls; past SIM_CTX_STEP_DEPTH nested steps
 * one step goes through the event queue to unwind the C stack.
 */
static inline void sim_ctx_step(struct sim_ctx *ctx, uint64_t cycles,
				sim_ctx_fn next)
{
	if (sim_step_depth < SIM_CTX_STEP_DEPTH && sim_ctx_inline(ctx, cycles)) {
		sim_step_depth++;
		next(ctx);
		sim_step_depth--;
	} else {
		sim_ctx_run(ctx, cycles, next);
	}
}

#endif /* SIM_ENGINE_CPU_H */
