/*
 * sim/engine/lazy.c - a device's timed input; see sim/engine/lazy.h.
 *
 * Every item kept in a lane was read from the source before the
 * source's next one, so it takes effect no later: when the source's
 * next item is due by some time, so is every kept item, and the lanes
 * apply theirs first.  A lane's items are applied in source order.
 */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "sim/engine/cpu.h"
#include "sim/engine/lazy.h"

/* ---------------------------------------------------------------- lanes */

static inline void *lane_item(struct sim_lazy_lane *lane, uint32_t i)
{
	return lane->items + (size_t)i * lane->l->item_size;
}

/* keep @item, taking effect at @at, at the tail of @lane's ring (its
 * size a power of two) */
static void lane_keep(struct sim_lazy_lane *lane, const void *item,
		      sim_time_t at)
{
	struct sim_lazy *l = lane->l;
	uint32_t tail;

	if (lane->len == lane->cap) {
		uint32_t cap = lane->cap ? lane->cap * 2 : 64;
		uint8_t *items = g_malloc((size_t)cap * l->item_size);
		sim_time_t *times = g_new(sim_time_t, cap);

		for (uint32_t i = 0; i < lane->len; i++) {
			uint32_t j = (lane->head + i) & (lane->cap - 1);

			memcpy(items + (size_t)i * l->item_size,
			       lane_item(lane, j), l->item_size);
			times[i] = lane->at[j];
		}
		g_free(lane->items);
		g_free(lane->at);
		lane->items = items;
		lane->at = times;
		lane->cap = cap;
		lane->head = 0;
	}
	tail = (lane->head + lane->len) & (lane->cap - 1);
	memcpy(lane_item(lane, tail), item, l->item_size);
	lane->at[tail] = at;
	lane->len++;
	l->ahead++;
}

/* apply @lane's kept items due by @t */
static void lane_apply_kept(struct sim_lazy_lane *lane, sim_time_t t)
{
	while (lane->len && lane->at[lane->head] <= t) {
		void *item = lane_item(lane, lane->head);

		lane->head = (lane->head + 1) & (lane->cap - 1);
		lane->len--;
		lane->l->ahead--;
		lane->apply(lane->dev, item);
	}
}

/*
 * The time of @lane's next item (*item true), or, if none is within one
 * look ahead, the time of the last item read (*item false); NEVER when
 * the source has nothing more for it.
 */
static sim_time_t lane_peek(struct sim_lazy_lane *lane, bool *item)
{
	struct sim_lazy *l = lane->l;
	sim_time_t last = SIM_TIME_NEVER;

	*item = true;
	if (l->nlanes == 1)
		return l->next(l->src);	/* nothing is ever kept */
	if (lane->len)
		return lane->at[lane->head];
	for (uint32_t n = 0; n < SIM_LAZY_LOOKAHEAD; n++) {
		sim_time_t t = l->next(l->src);
		struct sim_lazy_lane *to;

		if (t == SIM_TIME_NEVER)
			return SIM_TIME_NEVER;
		to = &l->lanes[l->pop(l->src, l->scratch)];
		lane_keep(to, l->scratch, t);
		if (to == lane)
			return t;
		last = t;
	}
	*item = false;
	return last;
}

void sim_lazy_advance_slow(struct sim_lazy_lane *want, sim_time_t t)
{
	struct sim_lazy *l = want->l;
	sim_time_t n;

	lane_apply_kept(want, t);
	if (want->len)
		return;		/* its next item is after @t */
	while ((n = l->next(l->src)) != SIM_TIME_NEVER && n <= t) {
		struct sim_lazy_lane *to =
			&l->lanes[l->pop(l->src, l->scratch)];

		if (to == want)
			want->apply(want->dev, l->scratch);
		else
			lane_keep(to, l->scratch, n);
	}
}

void sim_lazy_advance_all(struct sim_lazy *l, sim_time_t t)
{
	sim_time_t n;

	if (l->ahead)
		for (uint32_t i = 0; i < l->nlanes; i++)
			lane_apply_kept(&l->lanes[i], t);
	/* the kept items were all due before the source's next one */
	while ((n = l->next(l->src)) != SIM_TIME_NEVER && n <= t) {
		struct sim_lazy_lane *to =
			&l->lanes[l->pop(l->src, l->scratch)];

		to->apply(to->dev, l->scratch);
	}
}

bool sim_lazy_done(struct sim_lazy *l, sim_time_t t)
{
	sim_lazy_advance_all(l, t);
	return !l->ahead && l->next(l->src) == SIM_TIME_NEVER;
}

/* ---------------------------------------------------------------- events */

/* queue @lane's event at its next item, or at the end of a look */
static void lane_schedule(struct sim_lazy_lane *lane)
{
	bool item;
	sim_time_t t = lane_peek(lane, &item);

	if (t == SIM_TIME_NEVER) {
		sim_event_cancel(&lane->l->sim->q, &lane->ev);
		return;
	}
	lane->ev_item = item;
	sim_event_schedule(&lane->l->sim->q, &lane->ev, t);
}

static void lane_event(struct sim_event *ev, sim_time_t now)
{
	struct sim_lazy_lane *lane = ev->data;
	struct sim_lazy *l = lane->l;

	sim_lazy_advance(lane, now);
	if (!lane->ev_item) {
		/* nothing of this lane yet: look further */
		if (l->sim->reference || lane->watched)
			lane_schedule(lane);
		return;
	}
	lane->watched = false;
	lane->notify(lane->dev, now);
	if (l->sim->reference)
		lane_schedule(lane);
}

void sim_lazy_init(struct sim_lazy *l, struct sim *sim, void *src,
		   sim_time_t (*next)(void *src),
		   uint32_t (*pop)(void *src, void *item), size_t item_size,
		   uint32_t nlanes)
{
	g_assert(nlanes >= 1);
	*l = (struct sim_lazy) {
		.sim = sim, .src = src, .next = next, .pop = pop,
		.item_size = item_size, .nlanes = nlanes,
		.lanes = g_new0(struct sim_lazy_lane, nlanes),
		.scratch = g_malloc0(item_size),
	};
}

void sim_lazy_lane_init(struct sim_lazy *l, uint32_t ix, const char *name,
			uint32_t index, void *dev,
			void (*apply)(void *dev, const void *item),
			void (*notify)(void *dev, sim_time_t now))
{
	struct sim_lazy_lane *lane = &l->lanes[ix];

	g_assert(ix < l->nlanes);
	*lane = (struct sim_lazy_lane) {
		.l = l, .dev = dev, .apply = apply, .notify = notify,
	};
	sim_event_init(&lane->ev, name, SIM_PRIO_DMA + index, lane_event,
		       lane, NULL);
}

void sim_lazy_destroy(struct sim_lazy *l)
{
	if (!l->lanes)
		return;
	for (uint32_t i = 0; i < l->nlanes; i++) {
		g_free(l->lanes[i].items);
		g_free(l->lanes[i].at);
	}
	g_free(l->lanes);
	g_free(l->scratch);
	l->lanes = NULL;
}

void sim_lazy_start(struct sim_lazy *l)
{
	if (!l->sim->reference)
		return;
	for (uint32_t i = 0; i < l->nlanes; i++)
		lane_schedule(&l->lanes[i]);
}

void sim_lazy_watch(struct sim_lazy_lane *lane)
{
	if (lane->l->sim->reference || sim_event_pending(&lane->ev))
		return;
	lane->watched = true;
	lane_schedule(lane);
}

void sim_lazy_changed(struct sim_lazy *l)
{
	struct sim_lazy_lane *lane = &l->lanes[0];

	/* items kept in lanes were read before the new one */
	g_assert(l->nlanes == 1);
	if (l->sim->reference || lane->watched ||
	    sim_event_pending(&lane->ev))
		lane_schedule(lane);
}

void sim_lazy_unwatch(struct sim_lazy_lane *lane)
{
	if (lane->l->sim->reference)
		return;
	lane->watched = false;
	sim_event_cancel(&lane->l->sim->q, &lane->ev);
}

sim_time_t sim_lazy_quiet_until(struct sim_lazy_lane *lane)
{
	bool item;

	if (lane->l->sim->reference)
		return 0;
	return lane_peek(lane, &item);
}

sim_time_t sim_lazy_predict(struct sim_lazy_lane *lane)
{
	bool item;
	sim_time_t t;

	if (lane->l->sim->reference)
		return SIM_TIME_NEVER;
	t = lane_peek(lane, &item);
	if (t != SIM_TIME_NEVER && !item) {
		sim_lazy_watch(lane);
		return SIM_TIME_NEVER;
	}
	return t;
}
