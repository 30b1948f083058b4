/*
 * bench/heap-loop.c - the yardstick of bench/bench.sh: a bare binary-heap
 * event loop that simulates one packet queue the naive way, one event
 * per packet arrival and one per packet departure.
 *
 *   bench/heap-loop [PACKETS [LOAD]]     (defaults: 20000000 0.9)
 *
 * The model: frames arrive at a constant rate into a FIFO of 256 slots
 * (a drop when it is full) in front of one server with a constant service
 * time, LOAD = service time / gap between arrivals.  Each arrival is an
 * event (push the next arrival, and a departure if the server was idle);
 * each departure is an event (push the next departure if the FIFO is not
 * empty).  Sixteen periodic timers (1.0 to 2.5 ms apart) keep the heap
 * as deep as a small discrete-event simulator's.  So at LOAD 0.9 every
 * packet costs two pushes and two pops of a timestamped event, with ties
 * broken by priority and then by order of scheduling, as napisim's
 * sim/engine/eventq.c does.
 *
 * That is the speed of a simulator that makes every packet an event
 * without anything else to do; napisim's batch mode makes far fewer
 * events than packets where NAPI batches, and more where interrupts or
 * busy polls outnumber packets.  bench.sh divides napisim's simulated
 * packets per wall second by this loop's, measured in the same run.
 *
 * Prints one line of "key=value" pairs: packets, dropped, events,
 * wall_seconds, pkts_per_s, events_per_s, and a checksum of the
 * departures so that the compiler cannot leave the work out.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { FIFO_SLOTS = 256, N_TIMERS = 16 };
enum { EV_ARRIVAL, EV_DEPARTURE, EV_TIMER };

struct event {
	uint64_t time;		/* ps */
	uint32_t prio;
	uint64_t seq;
	int kind;
	int heap_index;		/* -1: not queued */
};

struct heap {
	struct event *ev[N_TIMERS + 2];
	uint32_t len;
	uint64_t seq;
	uint64_t popped;
};

static inline bool before(const struct event *a, const struct event *b)
{
	if (a->time != b->time)
		return a->time < b->time;
	if (a->prio != b->prio)
		return a->prio < b->prio;
	return a->seq < b->seq;
}

static inline void place(struct heap *h, uint32_t i, struct event *e)
{
	h->ev[i] = e;
	e->heap_index = (int)i;
}

static void sift_up(struct heap *h, uint32_t i)
{
	struct event *e = h->ev[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (!before(e, h->ev[parent]))
			break;
		place(h, i, h->ev[parent]);
		i = parent;
	}
	place(h, i, e);
}

static void sift_down(struct heap *h, uint32_t i)
{
	struct event *e = h->ev[i];

	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, m = i;
		struct event *best = e;

		if (l < h->len && before(h->ev[l], best)) {
			m = l;
			best = h->ev[l];
		}
		if (r < h->len && before(h->ev[r], best))
			m = r;
		if (m == i)
			break;
		place(h, i, h->ev[m]);
		i = m;
	}
	place(h, i, e);
}

static void push(struct heap *h, struct event *e, uint64_t time)
{
	e->time = time;
	e->seq = h->seq++;
	place(h, h->len++, e);
	sift_up(h, h->len - 1);
}

static struct event *pop(struct heap *h)
{
	struct event *top = h->ev[0];

	top->heap_index = -1;
	if (--h->len) {
		place(h, 0, h->ev[h->len]);
		sift_down(h, 0);
	}
	h->popped++;
	return top;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	uint64_t packets = argc > 1 ? strtoull(argv[1], NULL, 10) : 20000000;
	double load = argc > 2 ? strtod(argv[2], NULL) : 0.9;
	const uint64_t gap = 1000000;	/* ps between arrivals: 1 Mpps */
	const uint64_t service = (uint64_t)(load * (double)gap); /* ps */
	struct event arrival = { .prio = 0, .kind = EV_ARRIVAL,
				 .heap_index = -1 };
	struct event departure = { .prio = 1, .kind = EV_DEPARTURE,
				   .heap_index = -1 };
	struct event timer[N_TIMERS];
	uint64_t fifo[FIFO_SLOTS];	/* arrival times */
	uint32_t head = 0, count = 0;
	uint64_t arrived = 0, dropped = 0, departed = 0, sum = 0;
	uint64_t timer_fired = 0;
	struct heap h = { .len = 0 };
	double t0, wall;

	if (packets == 0 || load <= 0) {
		fprintf(stderr, "usage: heap-loop [PACKETS [LOAD]]\n");
		return 2;
	}
	for (int i = 0; i < N_TIMERS; i++) {
		timer[i] = (struct event) { .prio = 2 + i, .kind = EV_TIMER,
					    .heap_index = -1 };
		push(&h, &timer[i], (uint64_t)(i + 10) * 100000000);
	}

	t0 = now_s();
	push(&h, &arrival, 0);
	while (h.len) {
		struct event *e = pop(&h);

		switch (e->kind) {
		case EV_ARRIVAL:
			if (count == FIFO_SLOTS) {
				dropped++;
			} else {
				fifo[(head + count++) % FIFO_SLOTS] = e->time;
				if (departure.heap_index < 0 && count == 1)
					push(&h, &departure, e->time + service);
			}
			if (++arrived < packets)
				push(&h, &arrival, e->time + gap);
			break;
		case EV_DEPARTURE:
			/* the sojourn time of the frame leaving */
			sum += e->time - fifo[head];
			head = (head + 1) % FIFO_SLOTS;
			count--;
			departed++;
			if (count)
				push(&h, &departure, e->time + service);
			break;
		default:
			timer_fired++;
			/* timers stop with the traffic, as a run ends */
			if (arrived < packets || count)
				push(&h, e, e->time +
				     (uint64_t)(e->prio + 8) * 100000000);
			break;
		}
	}
	wall = now_s() - t0;

	printf("packets=%" PRIu64 " dropped=%" PRIu64 " events=%" PRIu64
	       " wall_seconds=%.6f pkts_per_s=%.0f events_per_s=%.0f"
	       " checksum=%" PRIu64 "\n", arrived, dropped, h.popped, wall,
	       (double)arrived / wall, (double)h.popped / wall,
	       sum + departed + timer_fired);
	return 0;
}
