/*
 * sim/engine/lazy.h - a device's timed input, applied lazily.
 *
 * A device whose input arrives at times known in advance (a NIC's RX DMA
 * writebacks: each frame lands a fixed latency after its last bit) need
 * not have an event per item.  In batch mode the items are applied when
 * someone looks (sim_lazy_advance()), and an event is queued only when
 * the device asks to be told about the next item (sim_lazy_watch()); in
 * reference mode every item has its own event.  Either way the device
 * sees the same state at every instant it can observe, so batch mode
 * equals reference mode by construction, and a driver is written once,
 * without ever asking which mode runs.
 */
#ifndef SIM_ENGINE_LAZY_H
#define SIM_ENGINE_LAZY_H

#include "sim/engine/eventq.h"
#include "sim/engine/time.h"

struct sim;

struct sim_lazy {
	struct sim *sim;
	struct sim_event ev;		/* the next item, when it has one */
	void *dev;
	/* when the device's next item takes effect, SIM_TIME_NEVER if none */
	sim_time_t (*next)(void *dev);
	/* it takes effect now: consume it */
	void (*apply)(void *dev);
	/* an item's event ran (after its apply): the device reacts */
	void (*notify)(void *dev, sim_time_t now);
};

/**
 * sim_lazy_init() - @dev's input, with its three callbacks.
 * @index: the device's number, which orders its writes against other
 *	devices' at the same picosecond
 */
void sim_lazy_init(struct sim_lazy *l, struct sim *sim, const char *name,
		   uint32_t index, void *dev, sim_time_t (*next)(void *dev),
		   void (*apply)(void *dev),
		   void (*notify)(void *dev, sim_time_t now));

/**
 * sim_lazy_start() - the input is open: from now on reference mode gives
 * each item its event.
 */
void sim_lazy_start(struct sim_lazy *l);

/**
 * sim_lazy_advance() - apply every item that takes effect at or before @t.
 */
static inline void sim_lazy_advance(struct sim_lazy *l, sim_time_t t)
{
	sim_time_t n;

	while ((n = l->next(l->dev)) != SIM_TIME_NEVER && n <= t)
		l->apply(l->dev);
}

/**
 * sim_lazy_watch() - the device must react to its next item when it
 * takes effect: make sure an event is queued there (reference mode
 * always has one).
 */
void sim_lazy_watch(struct sim_lazy *l);

/**
 * sim_lazy_predict() - when the device can count on reacting to its next
 * item without an event: that item's time in batch mode; SIM_TIME_NEVER
 * in reference mode, where the item's event calls ->notify().
 */
sim_time_t sim_lazy_predict(struct sim_lazy *l);

#endif /* SIM_ENGINE_LAZY_H */
