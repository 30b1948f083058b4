/*
 * sim/engine/lazy.c - a device's timed input; see sim/engine/lazy.h.
 */
#include "config.h"

#include <glib.h>

#include "sim/engine/cpu.h"
#include "sim/engine/lazy.h"

static void lazy_event(struct sim_event *ev, sim_time_t now)
{
	struct sim_lazy *l = ev->data;
	sim_time_t next;

	sim_lazy_advance(l, now);
	l->notify(l->dev, now);
	if (!l->sim->reference)
		return;
	next = l->next(l->dev);
	if (next != SIM_TIME_NEVER)
		sim_event_schedule(&l->sim->q, &l->ev, next);
}

void sim_lazy_init(struct sim_lazy *l, struct sim *sim, const char *name,
		   uint32_t index, void *dev, sim_time_t (*next)(void *dev),
		   void (*apply)(void *dev),
		   void (*notify)(void *dev, sim_time_t now))
{
	*l = (struct sim_lazy) {
		.sim = sim, .dev = dev, .next = next, .apply = apply,
		.notify = notify,
	};
	sim_event_init(&l->ev, name, SIM_PRIO_DMA + index, lazy_event, l,
		       NULL);
}

void sim_lazy_start(struct sim_lazy *l)
{
	sim_time_t next = l->next(l->dev);

	if (l->sim->reference && next != SIM_TIME_NEVER)
		sim_event_schedule(&l->sim->q, &l->ev, next);
}

void sim_lazy_watch(struct sim_lazy *l)
{
	sim_time_t next;

	if (l->sim->reference || sim_event_pending(&l->ev))
		return;
	next = l->next(l->dev);
	if (next != SIM_TIME_NEVER)
		sim_event_schedule(&l->sim->q, &l->ev, next);
}

sim_time_t sim_lazy_predict(struct sim_lazy *l)
{
	return l->sim->reference ? SIM_TIME_NEVER : l->next(l->dev);
}
