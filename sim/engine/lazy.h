/*
 * sim/engine/lazy.h - a device's timed input, applied lazily, split over
 * lanes that each wait for their own items.
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
 *
 * One source (a port's frames, in time order) feeds one or more lanes: a
 * multi-queue NIC's RX queues (RSS picks each frame's), or the ports of
 * a board that share one wire's load.  The source says which lane each
 * item is for when it is taken (->pop()).  Lanes whose state is apart
 * (one RX ring each) are brought up to date apart, and a lane that
 * waits for its next item waits for its own, not for the source's: to
 * find it, the items before it are read from the source ahead of time
 * and kept, each in its lane, until its lane applies it.  The look ahead
 * is bounded (SIM_LAZY_LOOKAHEAD items per look): a lane with nothing in
 * that many is woken at the last item read (a look further, without
 * ->notify()), never for another lane's item.
 */
#ifndef SIM_ENGINE_LAZY_H
#define SIM_ENGINE_LAZY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/engine/eventq.h"
#include "sim/engine/time.h"

struct sim;
struct sim_lazy;

/* how many items one look for a lane's next item reads at most */
#define SIM_LAZY_LOOKAHEAD	4096

/* one consumer of the items: an RX ring */
struct sim_lazy_lane {
	struct sim_lazy *l;
	struct sim_event ev;		/* its next item, or a look further */
	bool ev_item;			/* ev is at an item (else a look) */
	bool watched;			/* batch: the device waits for it */
	void *dev;
	/* the item takes effect now: consume it */
	void (*apply)(void *dev, const void *item);
	/* an item's event ran (after its apply): the device reacts */
	void (*notify)(void *dev, sim_time_t now);
	/* items read from the source ahead, not yet applied: a ring */
	uint8_t *items;
	sim_time_t *at;
	uint32_t cap, head, len;
};

struct sim_lazy {
	struct sim *sim;
	void *src;
	/* when the source's next item takes effect, SIM_TIME_NEVER if none */
	sim_time_t (*next)(void *src);
	/* take it into @item (item_size bytes); return its lane */
	uint32_t (*pop)(void *src, void *item);
	size_t item_size;
	uint32_t nlanes;
	struct sim_lazy_lane *lanes;
	uint64_t ahead;			/* items kept in the lanes */
	void *scratch;			/* one item on its way */
};

/**
 * sim_lazy_init() - the input of source @src, read with @next and @pop,
 * whose items are @item_size bytes, for @nlanes lanes (each then set
 * with sim_lazy_lane_init()).
 */
void sim_lazy_init(struct sim_lazy *l, struct sim *sim, void *src,
		   sim_time_t (*next)(void *src),
		   uint32_t (*pop)(void *src, void *item), size_t item_size,
		   uint32_t nlanes);

/**
 * sim_lazy_lane_init() - lane @ix of @l is @dev's, with its callbacks.
 * @name: its event's name
 * @index: the device's number, which orders its writes against other
 *	devices' at the same picosecond
 */
void sim_lazy_lane_init(struct sim_lazy *l, uint32_t ix, const char *name,
			uint32_t index, void *dev,
			void (*apply)(void *dev, const void *item),
			void (*notify)(void *dev, sim_time_t now));

/** sim_lazy_lane() - lane @ix of @l. */
static inline struct sim_lazy_lane *sim_lazy_lane(struct sim_lazy *l,
						  uint32_t ix)
{
	return &l->lanes[ix];
}

/** sim_lazy_destroy() - free what @l keeps (its events no longer run). */
void sim_lazy_destroy(struct sim_lazy *l);

/**
 * sim_lazy_start() - the input is open: from now on reference mode gives
 * each item its event.
 */
void sim_lazy_start(struct sim_lazy *l);

/* items of lanes other than @want up to @t, read ahead; see lazy.c */
void sim_lazy_advance_slow(struct sim_lazy_lane *want, sim_time_t t);

/**
 * sim_lazy_advance() - apply every item of lane @lane that takes effect
 * at or before @t (other lanes' items up to @t are kept for them).
 */
static inline void sim_lazy_advance(struct sim_lazy_lane *lane, sim_time_t t)
{
	struct sim_lazy *l = lane->l;
	sim_time_t n;

	if (l->nlanes > 1) {
		sim_lazy_advance_slow(lane, t);
		return;
	}
	while ((n = l->next(l->src)) != SIM_TIME_NEVER && n <= t) {
		l->pop(l->src, l->scratch);
		lane->apply(lane->dev, l->scratch);
	}
}

/**
 * sim_lazy_advance_all() - apply every item of every lane that takes
 * effect at or before @t.
 */
void sim_lazy_advance_all(struct sim_lazy *l, sim_time_t t);

/**
 * sim_lazy_done() - sim_lazy_advance_all() to @t; then whether every
 * item has been applied (the source is over, nothing kept).
 */
bool sim_lazy_done(struct sim_lazy *l, sim_time_t t);

/**
 * sim_lazy_watch() - the device must react to the lane's next item when
 * it takes effect: make sure an event is queued there (reference mode
 * always has one).  It stands until that item's event has run, or
 * sim_lazy_unwatch().
 */
void sim_lazy_watch(struct sim_lazy_lane *lane);

/**
 * sim_lazy_unwatch() - the device no longer needs the lane's next item's
 * event (batch mode drops it; reference mode keeps every item's).
 */
void sim_lazy_unwatch(struct sim_lazy_lane *lane);

/**
 * sim_lazy_changed() - the source's next item changed after it was read
 * (a closed-loop load answering a reply): queue the event again where
 * there was one (reference mode, or a watched lane).  One lane only.
 */
void sim_lazy_changed(struct sim_lazy *l);

/**
 * sim_lazy_predict() - when the device can count on reacting to the
 * lane's next item without an event: that item's time in batch mode.
 * SIM_TIME_NEVER in reference mode, where the item's event calls
 * ->notify(); and when the item is further than one look ahead, or
 * there is none: then the lane is watched instead, as the reference
 * mode's item event would, so ->notify() tells the device.
 */
sim_time_t sim_lazy_predict(struct sim_lazy_lane *lane);

/**
 * sim_lazy_quiet_until() - batch mode: a time before which no item of
 * @lane takes effect: its next item's time, or, when that is further
 * than one look ahead, the time of the last item read (the items come
 * in time order); SIM_TIME_NEVER if the source has nothing more for it.
 * Watches nothing.  0 in reference mode, which promises nothing.
 */
sim_time_t sim_lazy_quiet_until(struct sim_lazy_lane *lane);

#endif /* SIM_ENGINE_LAZY_H */
