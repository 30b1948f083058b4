/*
 * sim/engine/eventq-test.c - the event queue's order is total and repeatable.
 */
#include "config.h"

#include <glib.h>

#include "sim/engine/eventq.h"

static int fired[64], nfired;

static void record(struct sim_event *ev, sim_time_t now G_GNUC_UNUSED)
{
	fired[nfired++] = GPOINTER_TO_INT(ev->data);
}

static void test_order(void)
{
	struct sim_eventq q;
	struct sim_event ev[6];
	/* time, prio: ties on time go by prio, then by scheduling order */
	const struct { sim_time_t t; uint32_t prio; } spec[6] = {
		{ 30, 5 }, { 10, 9 }, { 10, 1 }, { 20, 0 }, { 10, 9 }, { 5, 100 },
	};
	const int want[6] = { 5, 2, 1, 4, 3, 0 };

	sim_eventq_init(&q);
	nfired = 0;
	for (int i = 0; i < 6; i++) {
		sim_event_init(&ev[i], "e", spec[i].prio, record,
			       GINT_TO_POINTER(i), NULL);
		sim_event_schedule(&q, &ev[i], spec[i].t);
	}
	while (sim_eventq_peek(&q)) {
		struct sim_event *e = sim_eventq_pop(&q);

		e->fn(e, e->time);
	}
	for (int i = 0; i < 6; i++)
		g_assert_cmpint(fired[i], ==, want[i]);
	g_assert_cmpuint(q.processed, ==, 6);
	sim_eventq_destroy(&q);
}

static void test_cancel_and_move(void)
{
	struct sim_eventq q;
	struct sim_event ev[40];

	sim_eventq_init(&q);
	nfired = 0;
	for (int i = 0; i < 40; i++) {
		sim_event_init(&ev[i], "e", 0, record, GINT_TO_POINTER(i), NULL);
		sim_event_schedule(&q, &ev[i], 1000 - i);
	}
	/* cancel the odd ones, move every third one to the end */
	for (int i = 1; i < 40; i += 2)
		sim_event_cancel(&q, &ev[i]);
	g_assert_false(sim_event_pending(&ev[1]));
	for (int i = 0; i < 40; i += 6)
		sim_event_schedule(&q, &ev[i], 5000 + i);
	g_assert_cmpuint(q.len, ==, 20);
	while (sim_eventq_peek(&q)) {
		struct sim_event *e = sim_eventq_pop(&q);

		e->fn(e, e->time);
	}
	g_assert_cmpint(nfired, ==, 20);
	/* unmoved even ones by descending index (ascending time), then the
	 * moved ones by ascending index */
	g_assert_cmpint(fired[0], ==, 38);
	g_assert_cmpint(fired[19], ==, 36);
	for (int i = 1; i < 20; i++) {
		int a = fired[i - 1], b = fired[i];

		g_assert_true(ev[a].time <= ev[b].time);
	}
	sim_eventq_destroy(&q);
}

/* what machine_free() relies on: after a clear, no event is queued,
 * and freeing the queue touches none of them */
static void test_clear(void)
{
	struct sim_eventq q;
	struct sim_event ev[100], *heap_ev;

	sim_eventq_init(&q);
	nfired = 0;
	for (int i = 0; i < 100; i++) {
		sim_event_init(&ev[i], "e", 0, record, GINT_TO_POINTER(i), NULL);
		sim_event_schedule(&q, &ev[i], 100 - i);
	}
	g_assert_cmpuint(q.cap, >, 64);
	sim_eventq_clear(&q);
	g_assert_cmpuint(q.len, ==, 0);
	g_assert_null(sim_eventq_peek(&q));
	for (int i = 0; i < 100; i++)
		g_assert_false(sim_event_pending(&ev[i]));
	/* a cancel after the clear is a no-op, and the queue still works */
	sim_event_cancel(&q, &ev[7]);
	sim_event_schedule(&q, &ev[3], 50);
	g_assert_true(sim_event_pending(&ev[3]));
	/* an event gone after the clear is not touched by the destroy */
	heap_ev = g_new(struct sim_event, 1);
	sim_event_init(heap_ev, "gone", 0, record, NULL, NULL);
	sim_event_schedule(&q, heap_ev, 60);
	sim_eventq_clear(&q);
	g_free(heap_ev);
	sim_eventq_destroy(&q);
	g_assert_false(sim_event_pending(&ev[3]));
	g_assert_cmpint(nfired, ==, 0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/eventq/order/time-then-prio-then-fifo", test_order);
	g_test_add_func("/eventq/cancel-and-reschedule/keep-the-order",
			test_cancel_and_move);
	g_test_add_func("/eventq/clear/unqueues-every-event-and-keeps-working",
			test_clear);
	return g_test_run();
}
