/*
 * sim/engine/eventq.h - the event queue: a binary heap of named events.
 *
 * Each timer or pending action of a model is one struct sim_event embedded
 * in that model's state (as gem5 has rdtrEvent and QEMU has mit_timer), so
 * scheduling never allocates and an event can be moved or cancelled.
 *
 * Order: time, then .prio, then the order of scheduling.  .prio is a fixed
 * number per event source (a NIC's DMA before its IRQ, an IRQ line before
 * a CPU's work), so two events at the same picosecond are taken in the same
 * order whatever path scheduled them.  That is what lets the batch mode and
 * the reference mode agree to the last counter.
 */
#ifndef SIM_ENGINE_EVENTQ_H
#define SIM_ENGINE_EVENTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/engine/time.h"

struct sim_cpu;
struct sim_event;

typedef void (*sim_event_fn)(struct sim_event *ev, sim_time_t now);

struct sim_event {
	sim_time_t time;
	uint32_t prio;
	uint64_t seq;
	int32_t heap_index;	/* -1: not queued */
	const char *name;
	sim_event_fn fn;
	void *data;		/* the owner, for fn */
	struct sim_cpu *cpu;	/* CPU whose clock is set to time, or NULL */
	bool passive;		/* keeps no run going: dropped if it is last */
};

struct sim_eventq {
	struct sim_event **heap;
	uint32_t len, cap;
	uint64_t seq;
	uint64_t processed;
};

/*
 * Priorities of event sources at the same picosecond (lower first): a
 * measurement snapshot (it sees the instant before), a device writing
 * memory, then interrupt delivery (by line: devices, then
 * timers, then IPIs; sim_irq_init() allocates lines), then task wakeups,
 * time-slice expiries and finished work, per CPU.  Only the relative
 * order matters; the ranges leave room for many devices and CPUs.
 */
enum {
	SIM_PRIO_MEASURE = 0,	/* a measurement snapshot: before anything */
	SIM_PRIO_DMA = 1,	/* + device index: a device writing memory */
	SIM_PRIO_IRQ = 1000,	/* + IRQ line (sim/engine/cpu.h) */
	SIM_PRIO_WAKE = 10000,	/* + cpu: task wakeups */
	SIM_PRIO_SCHED = 20000,	/* + cpu: the scheduler's own timers */
	SIM_PRIO_CPU = 30000,	/* + cpu * 8 + context: work done */
};

/**
 * sim_event_init() - name an event and bind it to its handler.
 */
void sim_event_init(struct sim_event *ev, const char *name, uint32_t prio,
		    sim_event_fn fn, void *data, struct sim_cpu *cpu);

void sim_eventq_init(struct sim_eventq *q);

/**
 * sim_eventq_clear() - unqueue every event, touching each once (it is no
 * longer pending); the queue stays usable.  The events are embedded in
 * their owners' state: call it while that state is still there.
 */
void sim_eventq_clear(struct sim_eventq *q);

/** sim_eventq_destroy() - sim_eventq_clear(), then free the queue. */
void sim_eventq_destroy(struct sim_eventq *q);

/**
 * sim_event_schedule() - queue @ev at @time, moving it if already queued.
 */
void sim_event_schedule(struct sim_eventq *q, struct sim_event *ev,
			sim_time_t time);

/**
 * sim_event_cancel() - take @ev out of the queue; no-op if not queued.
 */
void sim_event_cancel(struct sim_eventq *q, struct sim_event *ev);

static inline bool sim_event_pending(const struct sim_event *ev)
{
	return ev->heap_index >= 0;
}

/**
 * sim_eventq_peek() - the next event, or NULL.
 */
static inline struct sim_event *sim_eventq_peek(const struct sim_eventq *q)
{
	return q->len ? q->heap[0] : NULL;
}

/**
 * sim_eventq_next_time() - time of the next event, SIM_TIME_NEVER if none.
 */
static inline sim_time_t sim_eventq_next_time(const struct sim_eventq *q)
{
	return q->len ? q->heap[0]->time : SIM_TIME_NEVER;
}

/**
 * sim_eventq_pop() - remove and return the next event, or NULL.
 */
struct sim_event *sim_eventq_pop(struct sim_eventq *q);

#endif /* SIM_ENGINE_EVENTQ_H */
