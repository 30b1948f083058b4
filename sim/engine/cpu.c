/*
 * sim/engine/cpu.c - per-CPU dispatcher and the event loop.
 *
 * The priority rules follow the kernel: a hardirq preempts whatever runs;
 * softirqs run at irq exit unless the interrupted context was already
 * serving softirqs or had BHs disabled (the model that handles irq exit
 * decides); tasks run when neither is active, in the order the scheduling
 * class picks (models/core/sched.c is the CFS-like one).  A task switch
 * costs switch_cycles, charged to the incoming task; so does the cache
 * refill of a task that an interrupt ran under (sim_set_cache_refill()).
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "sim/engine/cpu.h"
#include "sim/engine/sg.h"

static void dispatch(struct sim_cpu *cpu);

uint32_t sim_step_depth;

/* ------------------------------------------------------------ accounting */

static void charge(struct sim_ctx *ctx, sim_time_t ps)
{
	ctx->cpu->acct_ps[ctx->acct] += ps;
	if (ctx->cls == SIM_CTX_TASK)
		ctx->cpu->sim->sched_class->update_curr(ctx, ps);
}

uint64_t sim_busy_ps(const struct sim_cpu *cpu)
{
	uint64_t busy = 0;

	for (uint32_t i = 0; i < cpu->sim->nacct; i++)
		busy += cpu->acct_ps[i];
	if (cpu->cur && cpu->cur->running && cpu->sim->now > cpu->cur->started)
		busy += cpu->sim->now - cpu->cur->started;
	return busy;
}

void sim_acct_snapshot(const struct sim *sim, uint64_t *out)
{
	for (uint32_t i = 0; i < sim->ncpu; i++) {
		const struct sim_cpu *cpu = &sim->cpu[i];
		uint64_t *acct = out + (size_t)i * SIM_ACCT_MAX;

		memcpy(acct, cpu->acct_ps, sizeof(cpu->acct_ps));
		if (cpu->cur && cpu->cur->running &&
		    sim->now > cpu->cur->started)
			acct[cpu->cur->acct] += sim->now - cpu->cur->started;
	}
}

/* ------------------------------------------------------------ work items */

static void pause_item(struct sim_ctx *ctx)
{
	struct sim_cpu *cpu = ctx->cpu;

	g_assert(ctx->running && ctx->ev.time >= cpu->now);
	charge(ctx, cpu->now - ctx->started);
	ctx->remaining = ctx->ev.time - cpu->now;
	sim_event_cancel(&cpu->sim->q, &ctx->ev);
	ctx->running = false;
	if (cpu->cur == ctx)
		cpu->cur = NULL;
}

static void resume_item(struct sim_ctx *ctx)
{
	struct sim_cpu *cpu = ctx->cpu;

	ctx->remaining += ctx->switch_owed;
	ctx->switch_owed = 0;
	ctx->started = cpu->now;
	ctx->running = true;
	cpu->cur = ctx;
	sim_event_schedule(&cpu->sim->q, &ctx->ev, cpu->now + ctx->remaining);
}

static void item_done(struct sim_event *ev, sim_time_t now)
{
	struct sim_ctx *ctx = ev->data;
	struct sim_cpu *cpu = ctx->cpu;

	charge(ctx, now - ctx->started);
	ctx->has_item = false;
	ctx->running = false;
	ctx->remaining = 0;
	cpu->cur = NULL;
	cpu->sim->event_items++;
	ctx->done(ctx);
	dispatch(cpu);
}

static void ctx_init(struct sim_ctx *ctx, struct sim_cpu *cpu, const char *name,
		     enum sim_ctx_class cls, uint32_t acct, sim_ctx_fn entry,
		     void *data, uint32_t prio)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->name = name;
	ctx->cls = cls;
	ctx->acct = acct;
	ctx->cpu = cpu;
	ctx->entry = entry;
	ctx->data = data;
	sim_event_init(&ctx->ev, name, prio, item_done, ctx, cpu);
}

void sim_ctx_run(struct sim_ctx *ctx, uint64_t cycles, sim_ctx_fn done)
{
	g_assert(!ctx->has_item);
	g_assert(ctx->cpu->cur == NULL || ctx->cpu->cur == ctx);
	ctx->has_item = true;
	ctx->done = done;
	ctx->remaining = sim_cycles_to_ps(ctx->cpu, cycles);
	resume_item(ctx);
}

bool sim_ctx_inline(struct sim_ctx *ctx, uint64_t cycles)
{
	struct sim_cpu *cpu = ctx->cpu;
	struct sim *sim = cpu->sim;
	sim_time_t ps;

	if (sim->reference)
		return false;
	g_assert(!ctx->has_item);
	/* a higher context became active (local_bh_enable() started the
	 * softirq): it runs first, through dispatch() */
	if (cpu->hardirq.active && ctx->cls != SIM_CTX_HARDIRQ)
		return false;
	if (cpu->softirq.active && ctx->cls == SIM_CTX_TASK)
		return false;
	ps = sim_cycles_to_ps(cpu, cycles) + ctx->switch_owed;
	if (cpu->now + ps >= sim_eventq_next_time(&sim->q))
		return false;
	ctx->switch_owed = 0;
	cpu->now += ps;
	charge(ctx, ps);
	sim->inline_items++;
	return true;
}

bool sim_ctx_inline_span(struct sim_ctx *ctx, sim_time_t ps, uint64_t items)
{
	struct sim_cpu *cpu = ctx->cpu;
	struct sim *sim = cpu->sim;

	/* reference mode runs every item through the event queue */
	if (sim->reference)
		return false;
	g_assert(!ctx->has_item && !ctx->switch_owed);
	g_assert(cpu->now + ps < sim_eventq_next_time(&sim->q));
	cpu->now += ps;
	charge(ctx, ps);
	sim->inline_items += items;
	return true;
}

void sim_ctx_finish(struct sim_ctx *ctx)
{
	g_assert(!ctx->has_item && ctx->cls != SIM_CTX_TASK);
	ctx->active = false;
}

/* ------------------------------------------------------------ tasks */

/* @t gets its CPU after an interrupt ran there: it pays the refill */
static void cache_refill(struct sim_ctx *t)
{
	t->irq_epoch = t->cpu->irq_epoch;
	if (!t->cpu->refill_ps)
		return;
	t->switch_owed += t->cpu->refill_ps;
	t->cache_refills++;
}

/* __schedule(): the class picks; the engine switches */
static void schedule(struct sim_cpu *cpu)
{
	const struct sim_sched_class *cls = cpu->sim->sched_class;
	struct sim_ctx *prev = cpu->curr_task, *next;

	if (cpu->cur && cpu->cur == prev && cpu->cur->running)
		pause_item(cpu->cur);
	next = cls->pick_next_task(cpu);
	cpu->resched = false;
	if (next != prev) {
		if (prev && prev->active)
			prev->preempted++;
		if (next) {
			next->switch_owed += cpu->switch_ps;
			cpu->nr_switches++;
		}
		cpu->curr_task = next;
	}
	cls->set_next_task(cpu, prev);
}

static struct sim_ctx *task_level(struct sim_cpu *cpu)
{
	/* a task serving softirqs, or with preemption disabled, keeps the
	 * CPU until it enables it again (and sees need_resched then) */
	if (cpu->curr_task && (cpu->curr_task->softirq_count ||
			       cpu->curr_task->preempt_count))
		return cpu->curr_task;
	if (cpu->resched || (!cpu->curr_task && cpu->nr_running))
		schedule(cpu);
	return cpu->curr_task;
}

void sim_cpu_resched(struct sim_cpu *cpu)
{
	cpu->resched = true;
	dispatch(cpu);
}

static void enqueue_task(struct sim_ctx *t)
{
	struct sim_cpu *cpu = t->cpu;

	if (t->active)
		return;
	t->active = true;
	t->wakeups++;
	cpu->nr_running++;
	cpu->sim->sched_class->enqueue_task(t);
	if (!cpu->curr_task)
		cpu->resched = true;
}

static bool cpu_idle(const struct sim_cpu *cpu)
{
	return !cpu->hardirq.active && !cpu->softirq.active &&
	       !cpu->curr_task && !cpu->nr_running;
}

/* a wakeup arrives at the task's CPU */
static void wake_event(struct sim_event *ev, sim_time_t now)
{
	struct sim_ctx *t = ev->data;
	struct sim_cpu *cpu = t->cpu;

	if (t->active)
		return;
	if (cpu_idle(cpu)) {
		/* the idle CPU is woken by a reschedule IPI */
		enqueue_task(t);
		sim_irq_raise(&cpu->ipi, now);
		return;
	}
	enqueue_task(t);
	dispatch(cpu);
}

static void ipi_handler(struct sim_irq *irq G_GNUC_UNUSED)
{
	/* scheduler_ipi(): the wakee is already queued; nothing else */
}

/* idle_cpu(): nothing but the idle task, nothing queued */
static bool sched_idle(const struct sim_cpu *cpu)
{
	return !cpu->curr_task && !cpu->nr_running;
}

/* select_task_rq() of a waking task that may run on several CPUs */
static struct sim_cpu *select_task_rq(const struct sim_ctx *t)
{
	struct sim *sim = t->cpu->sim;
	uint32_t prev = t->cpu->id;

	if (sched_idle(t->cpu))
		return t->cpu;
	for (uint32_t i = 1; i < sim->ncpu; i++) {
		uint32_t c = (prev + i) % sim->ncpu;

		if (c < 64 && (t->cpus_allowed >> c & 1) &&
		    sched_idle(&sim->cpu[c]))
			return &sim->cpu[c];
	}
	return t->cpu;
}

void sim_task_wake(struct sim_ctx *t, struct sim_cpu *waker, sim_time_t at)
{
	if (t->active)
		return;
	if (t->cpus_allowed && !sim_event_pending(&t->wake_ev)) {
		struct sim_cpu *target = select_task_rq(t);

		if (target != t->cpu) {
			sim_task_migrate(t, target);
			t->migrations++;
		}
	}

	if (waker == t->cpu && at == t->cpu->now && !cpu_idle(t->cpu)) {
		enqueue_task(t);
		return;
	}
	if (!sim_event_pending(&t->wake_ev)) {
		/* ttwu_stat(): a wakeup from another CPU */
		if (waker != t->cpu)
			waker->remote_wakeups++;
	} else if (t->wake_ev.time <= at) {
		return;		/* already on its way, no later */
	}
	sim_event_schedule(&t->cpu->sim->q, &t->wake_ev, at);
}

/* take the runnable (or running) @t off its CPU's run queue */
static void dequeue_for_migration(struct sim_ctx *t)
{
	struct sim_cpu *from = t->cpu;

	from->now = MAX(from->now, from->sim->now);
	if (from->curr_task == t) {
		if (from->cur == t && t->running)
			pause_item(t);
		from->curr_task = NULL;
	}
	from->nr_running--;
	from->sim->sched_class->dequeue_task(t);
	t->active = false;
}

void sim_task_migrate(struct sim_ctx *t, struct sim_cpu *cpu)
{
	struct sim_cpu *from = t->cpu;
	sim_time_t wake = SIM_TIME_NEVER;
	bool active = t->active;

	g_assert(cpu->sim == from->sim);
	g_assert(!t->softirq_count && !t->preempt_count);
	if (cpu == from)
		return;
	if (active)
		dequeue_for_migration(t);
	if (sim_event_pending(&t->wake_ev)) {
		wake = t->wake_ev.time;
		sim_event_cancel(&from->sim->q, &t->wake_ev);
	}
	t->cpu = cpu;
	t->ev.cpu = cpu;
	t->ev.prio = SIM_PRIO_CPU + cpu->id * 8 + 2;
	t->wake_ev.cpu = cpu;
	t->wake_ev.prio = SIM_PRIO_WAKE + cpu->id;
	/* its cache is on the other CPU: the first run here refills */
	t->irq_epoch = cpu->irq_epoch - 1;
	if (cpu->sim->sched_class->migrate_task_rq)
		cpu->sim->sched_class->migrate_task_rq(t, from);
	if (wake != SIM_TIME_NEVER)
		sim_event_schedule(&cpu->sim->q, &t->wake_ev, wake);
	if (!active)
		return;
	/* runnable on the new CPU, its work item where it stopped */
	cpu->now = MAX(cpu->now, cpu->sim->now);
	t->active = true;
	cpu->nr_running++;
	cpu->sim->sched_class->enqueue_task(t);
	if (!cpu->curr_task)
		cpu->resched = true;
	dispatch(cpu);
	dispatch(from);
}

void sim_task_sleep(struct sim_ctx *t)
{
	struct sim_cpu *cpu = t->cpu;

	g_assert(t == cpu->curr_task && !t->has_item);
	t->active = false;
	cpu->nr_running--;
	cpu->sim->sched_class->dequeue_task(t);
	cpu->curr_task = NULL;
}

bool sim_task_cond_resched(struct sim_ctx *t)
{
	g_assert(t == t->cpu->curr_task && !t->has_item);
	return t->cpu->resched;
}

bool sim_cpu_need_resched(const struct sim_cpu *cpu)
{
	return cpu->resched || (!cpu->curr_task && cpu->nr_running);
}

void sim_task_init(struct sim_ctx *task, struct sim_cpu *cpu, const char *name,
		   uint32_t acct, sim_ctx_fn entry, void *data)
{
	ctx_init(task, cpu, name, SIM_CTX_TASK, acct, entry, data,
		 SIM_PRIO_CPU + cpu->id * 8 + 2);
	sim_event_init(&task->wake_ev, name, SIM_PRIO_WAKE + cpu->id,
		       wake_event, task, cpu);
}

uint32_t sim_acct_register(struct sim *sim, const char *name)
{
	for (uint32_t i = 0; i < sim->nacct; i++)
		if (strcmp(sim->acct_name[i], name) == 0)
			return i;
	g_assert(sim->nacct < SIM_ACCT_MAX);
	sim->acct_name[sim->nacct] = name;
	return sim->nacct++;
}

/* ------------------------------------------------------------ hardirq */

static void hardirq_done(struct sim_ctx *ctx)
{
	struct sim_cpu *cpu = ctx->cpu;
	struct sim_irq *irq = cpu->irq_pending;

	cpu->irq_pending = irq->next_pending;
	irq->pending = false;
	irq->count++;
	irq->handler(irq);
}

/* entry of the hardirq context: next pending handler, or irq_exit() */
static void hardirq_entry(struct sim_ctx *ctx)
{
	struct sim_cpu *cpu = ctx->cpu;

	if (cpu->irq_pending) {
		/* a handler's footprint, but not the reschedule IPI's */
		if (cpu->irq_pending != &cpu->ipi)
			cpu->irq_epoch++;
		sim_ctx_run(ctx, cpu->irq_pending->cycles, hardirq_done);
		return;
	}
	ctx->active = false;
	if (cpu->irq_exit)
		cpu->irq_exit(cpu, cpu->irq_exit_data);
}

static void irq_deliver(struct sim_event *ev, sim_time_t now G_GNUC_UNUSED)
{
	struct sim_irq *irq = ev->data, **pp;
	struct sim_cpu *cpu = irq->cpu;

	if (irq->pending)
		return;
	irq->pending = true;
	for (pp = &cpu->irq_pending; *pp && (*pp)->line <= irq->line;
	     pp = &(*pp)->next_pending)
		;
	irq->next_pending = *pp;
	*pp = irq;
	cpu->hardirq.active = true;
	dispatch(cpu);
}

/* the first line of each kind; the reschedule IPIs share the last one */
#define IRQ_LINES_PER_KIND	2048
#define IRQ_LINE_IPI		(SIM_IRQ_NR_KINDS * IRQ_LINES_PER_KIND)
/* every line's event priority stays below the wakeups' */
G_STATIC_ASSERT(SIM_PRIO_IRQ + IRQ_LINE_IPI < SIM_PRIO_WAKE);

static void irq_setup(struct sim_irq *irq, struct sim_cpu *cpu,
		      const char *name, uint32_t line, uint64_t cycles,
		      void (*handler)(struct sim_irq *irq), void *data)
{
	memset(irq, 0, sizeof(*irq));
	irq->name = name;
	irq->line = line;
	irq->cpu = cpu;
	irq->cycles = cycles;
	irq->handler = handler;
	irq->data = data;
	sim_event_init(&irq->ev, name, SIM_PRIO_IRQ + line, irq_deliver, irq,
		       cpu);
}

void sim_irq_init(struct sim_irq *irq, struct sim_cpu *cpu, const char *name,
		  enum sim_irq_kind kind, uint64_t cycles,
		  void (*handler)(struct sim_irq *irq), void *data)
{
	uint32_t *next = &cpu->sim->irq_lines[kind];

	g_assert(*next < IRQ_LINES_PER_KIND);
	irq_setup(irq, cpu, name, kind * IRQ_LINES_PER_KIND + (*next)++,
		  cycles, handler, data);
}

void sim_irq_raise(struct sim_irq *irq, sim_time_t at)
{
	if (irq->pending)
		return;
	if (!sim_event_pending(&irq->ev) || irq->ev.time > at)
		sim_event_schedule(&irq->cpu->sim->q, &irq->ev, at);
}

void sim_irq_cancel(struct sim_irq *irq)
{
	sim_event_cancel(&irq->cpu->sim->q, &irq->ev);
}

void sim_irq_set_cpu(struct sim_irq *irq, struct sim_cpu *cpu)
{
	g_assert(!irq->pending && !sim_event_pending(&irq->ev));
	g_assert(cpu->sim == irq->cpu->sim);
	irq->cpu = cpu;
	irq->ev.cpu = cpu;
}

/* ------------------------------------------------------------ softirq */

void sim_softirq_start(struct sim_cpu *cpu)
{
	cpu->softirq.active = true;
}

bool sim_cpu_in_interrupt(const struct sim_cpu *cpu)
{
	return cpu->softirq.active ||
	       (cpu->curr_task && cpu->curr_task->softirq_count);
}

/* ------------------------------------------------------------ dispatch */

static void set_idle(struct sim_cpu *cpu, bool idle)
{
	if (cpu->idle == idle)
		return;
	cpu->idle = idle;
	if (cpu->idle_notify)
		cpu->idle_notify(cpu, idle, cpu->idle_data);
}

/*
 * Give the CPU to the highest context that has work.  Called after every
 * event that concerns this CPU.
 */
static void dispatch(struct sim_cpu *cpu)
{
	for (int guard = 0;; guard++) {
		struct sim_ctx *t;

		g_assert(guard < 1000000);
		if (cpu->hardirq.active)
			t = &cpu->hardirq;
		else if (cpu->softirq.active)
			t = &cpu->softirq;
		else
			t = task_level(cpu);
		if (t == &cpu->softirq)
			cpu->irq_epoch++;
		else if (t && t->cls == SIM_CTX_TASK &&
			 t->irq_epoch != cpu->irq_epoch)
			cache_refill(t);
		if (cpu->cur && cpu->cur != t)
			pause_item(cpu->cur);
		if (!t) {
			set_idle(cpu, true);
			return;
		}
		set_idle(cpu, false);
		if (t->has_item) {
			if (!t->running)
				resume_item(t);
			return;
		}
		t->entry(t);
		if (t->has_item)
			return;
	}
}

/* ------------------------------------------------------------ engine */

void sim_init(struct sim *sim, uint32_t ncpu, uint32_t mhz, bool reference,
	      uint64_t switch_cycles, uint64_t ipi_cycles)
{
	memset(sim, 0, sizeof(*sim));
	sim_eventq_init(&sim->q);
	sim->reference = reference;
	sim->ncpu = ncpu;
	sim->cpu = g_new0(struct sim_cpu, ncpu);
	sim->sync_interval = SIM_MS(1);
	sim_acct_register(sim, "hardirq");	/* SIM_ACCT_HARDIRQ */
	sim_acct_register(sim, "softirq");	/* SIM_ACCT_SOFTIRQ */
	for (uint32_t i = 0; i < ncpu; i++) {
		struct sim_cpu *cpu = &sim->cpu[i];

		cpu->sim = sim;
		cpu->id = i;
		cpu->mhz = mhz;
		cpu->idle = true;
		cpu->switch_ps = sim_cycles_to_ps(cpu, switch_cycles);
		ctx_init(&cpu->hardirq, cpu, "hardirq", SIM_CTX_HARDIRQ,
			 SIM_ACCT_HARDIRQ, hardirq_entry, NULL,
			 SIM_PRIO_CPU + i * 8 + 0);
		ctx_init(&cpu->softirq, cpu, "softirq", SIM_CTX_SOFTIRQ,
			 SIM_ACCT_SOFTIRQ, NULL, NULL,
			 SIM_PRIO_CPU + i * 8 + 1);
		/* the reschedule IPI comes after every device and timer */
		irq_setup(&cpu->ipi, cpu, "ipi", IRQ_LINE_IPI, ipi_cycles,
			  ipi_handler, cpu);
	}
}

void sim_set_cache_refill(struct sim *sim, uint64_t cycles)
{
	for (uint32_t i = 0; i < sim->ncpu; i++)
		sim->cpu[i].refill_ps = sim_cycles_to_ps(&sim->cpu[i], cycles);
}

void sim_destroy(struct sim *sim)
{
	sim_eventq_destroy(&sim->q);
	g_free(sim->cpu);
	sim->cpu = NULL;
}

void sim_run(struct sim *sim, sim_time_t end)
{
	for (;;) {
		struct sim_event *ev = sim_eventq_peek(&sim->q);

		if (!ev || ev->time > end)
			break;
		sim_eventq_pop(&sim->q);
		/* nothing left to observe: the run is over before it */
		if (ev->passive && !sim->q.len)
			break;
		g_assert(ev->time >= sim->now);
		sim->now = ev->time;
		if (sim->simgrid &&
		    (sim->reference || ev->time >= sim->next_sync)) {
			sim_sg_sync(sim, ev->time);
			sim->next_sync = ev->time + sim->sync_interval;
		}
		if (ev->cpu) {
			g_assert(ev->cpu->now <= ev->time);
			ev->cpu->now = ev->time;
		}
		ev->fn(ev, ev->time);
	}
}
