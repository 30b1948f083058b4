/*
 * sim/engine/eventq.c - binary heap of events; see sim/engine/eventq.h.
 */
#include "config.h"

#include <glib.h>

#include "sim/engine/eventq.h"

void sim_event_init(struct sim_event *ev, const char *name, uint32_t prio,
		    sim_event_fn fn, void *data, struct sim_cpu *cpu)
{
	*ev = (struct sim_event) {
		.time = SIM_TIME_NEVER, .prio = prio, .heap_index = -1,
		.name = name, .fn = fn, .data = data, .cpu = cpu,
	};
}

void sim_eventq_init(struct sim_eventq *q)
{
	*q = (struct sim_eventq) { 0 };
	q->cap = 64;
	q->heap = g_new(struct sim_event *, q->cap);
}

void sim_eventq_clear(struct sim_eventq *q)
{
	for (uint32_t i = 0; i < q->len; i++)
		q->heap[i]->heap_index = -1;
	q->len = 0;
}

void sim_eventq_destroy(struct sim_eventq *q)
{
	sim_eventq_clear(q);
	g_free(q->heap);
	q->heap = NULL;
	q->len = q->cap = 0;
}

static inline bool before(const struct sim_event *a, const struct sim_event *b)
{
	if (a->time != b->time)
		return a->time < b->time;
	if (a->prio != b->prio)
		return a->prio < b->prio;
	return a->seq < b->seq;
}

static inline void place(struct sim_eventq *q, uint32_t i, struct sim_event *ev)
{
	q->heap[i] = ev;
	ev->heap_index = (int32_t)i;
}

static void sift_up(struct sim_eventq *q, uint32_t i)
{
	struct sim_event *ev = q->heap[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (!before(ev, q->heap[parent]))
			break;
		place(q, i, q->heap[parent]);
		i = parent;
	}
	place(q, i, ev);
}

static void sift_down(struct sim_eventq *q, uint32_t i)
{
	struct sim_event *ev = q->heap[i];

	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, m = i;
		struct sim_event *best = ev;

		if (l < q->len && before(q->heap[l], best)) {
			m = l;
			best = q->heap[l];
		}
		if (r < q->len && before(q->heap[r], best))
			m = r;
		if (m == i)
			break;
		place(q, i, q->heap[m]);
		i = m;
	}
	place(q, i, ev);
}

static void remove_at(struct sim_eventq *q, uint32_t i)
{
	struct sim_event *last = q->heap[--q->len];

	q->heap[i]->heap_index = -1;
	if (i == q->len)
		return;
	place(q, i, last);
	if (i > 0 && before(last, q->heap[(i - 1) / 2]))
		sift_up(q, i);
	else
		sift_down(q, i);
}

void sim_event_schedule(struct sim_eventq *q, struct sim_event *ev,
			sim_time_t time)
{
	if (ev->heap_index >= 0)
		remove_at(q, (uint32_t)ev->heap_index);
	ev->time = time;
	ev->seq = q->seq++;
	if (q->len == q->cap) {
		q->cap *= 2;
		q->heap = g_renew(struct sim_event *, q->heap, q->cap);
	}
	place(q, q->len++, ev);
	sift_up(q, q->len - 1);
}

void sim_event_cancel(struct sim_eventq *q, struct sim_event *ev)
{
	if (ev->heap_index >= 0)
		remove_at(q, (uint32_t)ev->heap_index);
}

struct sim_event *sim_eventq_pop(struct sim_eventq *q)
{
	struct sim_event *ev;

	if (!q->len)
		return NULL;
	ev = q->heap[0];
	remove_at(q, 0);
	q->processed++;
	return ev;
}
