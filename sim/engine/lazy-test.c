/*
 * sim/engine/lazy-test.c - a timed input split over lanes, with no model:
 * a lane brought up to date applies its own items only, in order, and
 * keeps the others' for them; a watched lane is woken at its own next
 * item, never at another lane's; a look ahead is bounded and wakes the
 * lane without telling it anything; reference mode gives every item its
 * event; prediction is that event's time in batch mode and never in
 * reference mode.
 */
#include "config.h"

#include <glib.h>

#include "sim/engine/cpu.h"
#include "sim/engine/lazy.h"

/* ---------------------------------------------------------------- source */

struct item {
	sim_time_t at;
	uint32_t lane, id;
};

struct src {
	const struct item *items;
	uint32_t n, next;
};

static sim_time_t src_next(void *p)
{
	struct src *s = p;

	return s->next < s->n ? s->items[s->next].at : SIM_TIME_NEVER;
}

static uint32_t src_pop(void *p, void *out)
{
	struct src *s = p;
	const struct item *it = &s->items[s->next++];

	*(struct item *)out = *it;
	return it->lane;
}

/* what each lane saw: items applied, and notifications */
struct dev {
	struct sim *sim;
	uint32_t applied[16384];
	uint32_t napplied;
	sim_time_t notified[16384];
	uint32_t nnotified;
	bool rewatch;		/* watch again at each notification */
	struct sim_lazy_lane *lane;
};

static void dev_apply(void *p, const void *item)
{
	struct dev *d = p;

	d->applied[d->napplied++] = ((const struct item *)item)->id;
}

static void dev_notify(void *p, sim_time_t now)
{
	struct dev *d = p;

	d->notified[d->nnotified++] = now;
	if (d->rewatch)
		sim_lazy_watch(d->lane);
}

struct world {
	struct sim sim;
	struct src src;
	struct sim_lazy l;
	struct dev dev[4];
};

/* items at 10, 20, 30, ... ps; item i for lane seq[i % len] */
static struct item *make_items(uint32_t n, const uint32_t *seq, uint32_t len)
{
	struct item *it = g_new(struct item, n);

	for (uint32_t i = 0; i < n; i++)
		it[i] = (struct item) {
			.at = 10 * (sim_time_t)(i + 1), .lane = seq[i % len],
			.id = i,
		};
	return it;
}

static struct world *world_new(const struct item *items, uint32_t n,
			       uint32_t nlanes, bool reference)
{
	struct world *w = g_new0(struct world, 1);

	sim_init(&w->sim, 1, 1000, reference, 0, 0);
	w->src = (struct src) { .items = items, .n = n };
	sim_lazy_init(&w->l, &w->sim, &w->src, src_next, src_pop,
		      sizeof(struct item), nlanes);
	for (uint32_t i = 0; i < nlanes; i++) {
		w->dev[i].sim = &w->sim;
		sim_lazy_lane_init(&w->l, i, "lane", 0, &w->dev[i], dev_apply,
				   dev_notify);
		w->dev[i].lane = sim_lazy_lane(&w->l, i);
	}
	sim_lazy_start(&w->l);
	return w;
}

static void world_free(struct world *w)
{
	sim_lazy_destroy(&w->l);
	sim_destroy(&w->sim);
	g_free(w);
}

/* ---------------------------------------------------------------- tests */

static void test_advance_own_lane(void)
{
	static const uint32_t seq[] = { 0, 1, 2, 1 };
	g_autofree struct item *it = make_items(12, seq, 4);
	struct world *w = world_new(it, 12, 3, false);

	/* lane 1 to 60 ps: its items 1, 3 and 5 (20, 40, 60 ps); items 0,
	 * 2 and 4 (lanes 0, 2, 0) are kept for their lanes */
	sim_lazy_advance(w->dev[1].lane, 60);
	g_assert_cmpuint(w->dev[1].napplied, ==, 3);
	g_assert_cmpuint(w->dev[1].applied[0], ==, 1);
	g_assert_cmpuint(w->dev[1].applied[1], ==, 3);
	g_assert_cmpuint(w->dev[1].applied[2], ==, 5);
	g_assert_cmpuint(w->dev[0].napplied, ==, 0);
	g_assert_cmpuint(w->l.ahead, ==, 3);
	/* lane 0 to 30 ps: only item 0; then everything to 120 ps */
	sim_lazy_advance(w->dev[0].lane, 30);
	g_assert_cmpuint(w->dev[0].napplied, ==, 1);
	g_assert_false(sim_lazy_done(&w->l, 110));
	g_assert_true(sim_lazy_done(&w->l, 120));
	g_assert_cmpuint(w->l.ahead, ==, 0);
	/* every lane saw its items in source order */
	for (uint32_t ln = 0; ln < 3; ln++) {
		uint32_t k = 0;

		for (uint32_t i = 0; i < 12; i++)
			if (it[i].lane == ln)
				g_assert_cmpuint(w->dev[ln].applied[k++], ==,
						 i);
		g_assert_cmpuint(w->dev[ln].napplied, ==, k);
	}
	world_free(w);
}

static void test_watch_own_item(void)
{
	/* lane 1 gets every fourth item */
	static const uint32_t seq[] = { 0, 0, 0, 1 };
	g_autofree struct item *it = make_items(40, seq, 4);
	struct world *w = world_new(it, 40, 2, false);

	w->dev[1].rewatch = true;
	sim_lazy_watch(w->dev[1].lane);
	sim_run(&w->sim, SIM_TIME_NEVER);
	/* woken at its own 10 items (40, 80, ... ps), at nothing else */
	g_assert_cmpuint(w->dev[1].nnotified, ==, 10);
	for (uint32_t k = 0; k < 10; k++)
		g_assert_cmpuint(w->dev[1].notified[k], ==, 40 * (k + 1));
	g_assert_cmpuint(w->sim.q.processed, ==, 10);
	g_assert_cmpuint(w->dev[0].nnotified, ==, 0);
	/* lane 0 never looked: its 30 items are still kept */
	g_assert_cmpuint(w->dev[0].napplied, ==, 0);
	g_assert_cmpuint(w->l.ahead, ==, 30);
	g_assert_true(sim_lazy_done(&w->l, SIM_TIME_NEVER - 1));
	g_assert_cmpuint(w->dev[0].napplied, ==, 30);
	world_free(w);
}

static void test_look_ahead_bounded(void)
{
	/* lane 1 gets one item, the last of 10000 */
	uint32_t n = 10000;
	g_autofree struct item *it = make_items(n, (const uint32_t[]){ 0 }, 1);
	struct world *w;

	it[n - 1].lane = 1;
	w = world_new(it, n, 2, false);
	sim_lazy_watch(w->dev[1].lane);
	/* one look reads SIM_LAZY_LOOKAHEAD items, and waits for the last */
	g_assert_cmpuint(w->l.ahead, ==, SIM_LAZY_LOOKAHEAD);
	g_assert_cmpuint(sim_eventq_next_time(&w->sim.q), ==,
			 10 * SIM_LAZY_LOOKAHEAD);
	/* nor does predict() look further: it watches instead */
	g_assert_cmpuint(sim_lazy_predict(w->dev[1].lane), ==,
			 SIM_TIME_NEVER);
	sim_run(&w->sim, SIM_TIME_NEVER);
	/* predict() read the second look; at its end the third finds the
	 * item: two events, one notification, at 100000 ps */
	g_assert_cmpuint(w->sim.q.processed, ==, 2);
	g_assert_cmpuint(w->dev[1].nnotified, ==, 1);
	g_assert_cmpuint(w->dev[1].notified[0], ==, 10 * (sim_time_t)n);
	g_assert_cmpuint(w->dev[1].napplied, ==, 1);
	g_assert_cmpuint(w->dev[1].applied[0], ==, n - 1);
	world_free(w);
}

static void test_predict(void)
{
	static const uint32_t seq[] = { 0, 1 };
	g_autofree struct item *it = make_items(6, seq, 2);
	struct world *w = world_new(it, 6, 2, false);

	/* batch: lane 1's next item is at 20 ps, and no event is queued */
	g_assert_cmpuint(sim_lazy_predict(w->dev[1].lane), ==, 20);
	g_assert_cmpuint(w->sim.q.len, ==, 0);
	sim_lazy_advance(w->dev[1].lane, 20);
	g_assert_cmpuint(sim_lazy_predict(w->dev[1].lane), ==, 40);
	sim_lazy_advance(w->dev[1].lane, 60);
	g_assert_cmpuint(sim_lazy_predict(w->dev[1].lane), ==,
			 SIM_TIME_NEVER);
	world_free(w);
}

/* a lower bound on a lane's next item that watches nothing */
static void test_quiet_until(void)
{
	uint32_t n = 10000;
	g_autofree struct item *it = make_items(n, (const uint32_t[]){ 0 }, 1);
	struct world *w, *r;

	it[n - 1].lane = 1;
	w = world_new(it, n, 2, false);
	/* lane 0's next item is its first, at 10 ps */
	g_assert_cmpuint(sim_lazy_quiet_until(w->dev[0].lane), ==, 10);
	/* lane 1's is beyond one look: the last item read (the first was
	 * read above, then one look more) bounds it, and no event is
	 * queued for it (predict() would watch) */
	g_assert_cmpuint(sim_lazy_quiet_until(w->dev[1].lane), ==,
			 10 * (SIM_LAZY_LOOKAHEAD + 1));
	g_assert_cmpuint(w->sim.q.len, ==, 0);
	world_free(w);
	/* reference mode promises nothing */
	r = world_new(it, n, 2, true);
	g_assert_cmpuint(sim_lazy_quiet_until(r->dev[0].lane), ==, 0);
	world_free(r);
}

static void test_reference_every_item(void)
{
	static const uint32_t seq[] = { 0, 1, 1, 2 };
	g_autofree struct item *it = make_items(100, seq, 4);
	struct world *w = world_new(it, 100, 3, true);
	uint32_t k[3] = { 0 };

	g_assert_cmpuint(sim_lazy_predict(w->dev[0].lane), ==,
			 SIM_TIME_NEVER);
	sim_run(&w->sim, SIM_TIME_NEVER);
	g_assert_cmpuint(w->sim.q.processed, ==, 100);
	/* each lane notified at each of its items, after applying it */
	for (uint32_t i = 0; i < 100; i++) {
		struct dev *d = &w->dev[it[i].lane];

		g_assert_cmpuint(d->notified[k[it[i].lane]], ==, it[i].at);
		g_assert_cmpuint(d->applied[k[it[i].lane]++], ==, i);
	}
	g_assert_true(sim_lazy_done(&w->l, 0));
	world_free(w);
}

static void test_one_lane_keeps_nothing(void)
{
	g_autofree struct item *it = make_items(5000, (const uint32_t[]){ 0 },
						1);
	struct world *w = world_new(it, 5000, 1, false);

	g_assert_cmpuint(sim_lazy_predict(w->dev[0].lane), ==, 10);
	sim_lazy_watch(w->dev[0].lane);
	g_assert_cmpuint(w->l.ahead, ==, 0);
	sim_run(&w->sim, SIM_TIME_NEVER);
	g_assert_cmpuint(w->dev[0].nnotified, ==, 1);
	g_assert_cmpuint(w->dev[0].napplied, ==, 1);
	world_free(w);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/lazy/lanes/advance-applies-its-own-items-in-order",
			test_advance_own_lane);
	g_test_add_func("/lazy/lanes/watch-wakes-at-its-own-items-only",
			test_watch_own_item);
	g_test_add_func("/lazy/lanes/look-ahead-is-bounded",
			test_look_ahead_bounded);
	g_test_add_func("/lazy/lanes/predict-is-the-next-item-in-batch-mode",
			test_predict);
	g_test_add_func("/lazy/lanes/quiet-until-bounds-without-watching",
			test_quiet_until);
	g_test_add_func("/lazy/reference/every-item-is-an-event",
			test_reference_every_item);
	g_test_add_func("/lazy/one-lane/reads-nothing-ahead",
			test_one_lane_keeps_nothing);
	return g_test_run();
}
