/*
 * models/kernel-test.c - the kernel's promises, checked with exact counters
 * on small hand-built machines.
 *
 * Each test writes a small scenario, builds the machine without SimGrid
 * (models only; machine_run_point() adds SimGrid around the same code) and
 * checks counters that follow from the kernel rules by hand.
 */
#include "config.h"

#include <glib.h>

#include "models/models.h"
#include "sim/config/scenario.h"
#include "models/machine.h"
#include "models/drivers/e1000.h"
#include "models/workload/traffic.h"
#include "models/test-machine.h"

static uint64_t offered(const struct host *h)
{
	return h->traffic.emitted;
}

/* every frame is delivered, forwarded, dropped somewhere or still queued */
static void assert_conserved(const struct host *h)
{
	uint64_t out = (h->forward ? h->forwarded : h->delivered) +
		       h->rx_nic.rx_missed_errors + h->sk.sk_drops +
		       h->tx_nic.tx_dropped + nic_rx_queued(&h->rx_nic) +
		       h->sk.q.len;

	g_assert_cmpuint(out, ==, offered(h));
}

/*
 * A burst lands in the ring before the first interrupt is handled
 * (irq_latency_ns is 1 ms, the burst lasts microseconds).
 */
#define BURST \
	"[traffic]\npackets=200\nrate_pps=100000000\nsize=64\n" \
	"line_rate_mbps=10000\n" \
	"[nic]\nirq_latency_ns=1000000\n" \
	"[stack]\nmode=deliver\n" \
	"[socket]\nrcvbuf=10000000\n" \
	"[app]\ncpu=1\nwork_cycles=0\n"

static void test_ring_full_drops(struct fixture *f, gconstpointer data)
{
	const char *sets[] = { "nic.rx_ring_size=64", "traffic.packets=100",
			       NULL };
	struct host *h = f->h = run(f, BURST, false, sets);

	/* hardware holds at most count - 1 descriptors */
	g_assert_cmpuint(h->rx_nic.rx_missed_errors, ==, 100 - 63);
	g_assert_cmpuint(h->delivered, ==, 63);
	g_assert_cmpuint(h->rx_nic.irq.count, ==, 1);
	assert_conserved(h);
}

static void test_full_weight_stays_scheduled(struct fixture *f,
					     gconstpointer data)
{
	struct host *h = f->h = run(f, BURST, false, NULL);

	/* 200 frames, weight 64: three polls use their quota, one empties */
	g_assert_cmpuint(h->rx_nic.irq.count, ==, 1);
	g_assert_cmpuint(h->rx_nic.napi.polls, ==, 4);
	g_assert_cmpuint(h->rx_nic.ndone, ==, 3);
	g_assert_cmpuint(h->rx_nic.done, ==, 1);
	/* one NAPI is polled once per net_rx_action(): 64 < netdev_budget */
	g_assert_cmpuint(h->sd[0].time_squeeze, ==, 0);
	g_assert_cmpuint(h->sd[0].net_rx_action_calls, ==, 4);
	g_assert_cmpuint(h->delivered, ==, 200);
	assert_conserved(h);
}

static void test_budget_squeeze(struct fixture *f, gconstpointer data)
{
	const char *sets[] = { "net.core.netdev_budget=50", NULL };
	struct host *h = f->h = run(f, BURST, false, sets);

	/* each full poll (64) overdraws the 50-packet budget; the last (8)
	 * does not */
	g_assert_cmpuint(h->sd[0].time_squeeze, ==, 3);
	g_assert_cmpuint(h->rx_nic.napi.polls, ==, 4);
	g_assert_cmpuint(h->delivered, ==, 200);
}

static void test_time_squeeze(struct fixture *f, gconstpointer data)
{
	/* 50 us per frame: a full poll takes 3.2 ms, more than the one
	 * jiffy netdev_budget_usecs=1000 allows at HZ=1000 */
	const char *sets[] = { "net.core.netdev_budget_usecs=1000",
			       "cost.rx_packet=100000", "traffic.packets=192",
			       NULL };
	struct host *h = f->h = run(f, BURST, false, sets);

	g_assert_cmpuint(h->rx_nic.ndone, ==, 3);
	/* the budget (300) is never spent: every squeeze is the time limit */
	g_assert_cmpuint(h->sd[0].time_squeeze, ==, 3);
	g_assert_cmpuint(h->delivered, ==, 192);
}

static void test_restart_limit(struct fixture *f, gconstpointer data)
{
	/* weight 16, 250 frames waiting: ~11 us per pass, so the 10-pass
	 * limit (not the 2 ms one) ends the softirq at irq exit */
	const char *sets[] = { "napi.weight=16", "traffic.packets=250", NULL };
	struct host *h = f->h = run(f, BURST, false, sets);
	struct softnet_data *sd = &h->sd[0];

	g_assert_cmpuint(sd->softirq_passes - sd->ksoftirqd_passes, ==, 10);
	g_assert_cmpuint(sd->ksoftirqd_wakeups, ==, 1);
	g_assert_cmpuint(h->sim.cpu[0].acct_ps[SIM_ACCT_KSOFTIRQD], >, 0);
	/* 15 full polls of 16 and one of 10 */
	g_assert_cmpuint(h->rx_nic.ndone, ==, 15);
	g_assert_cmpuint(h->rx_nic.done, ==, 1);
	g_assert_cmpuint(h->delivered, ==, 250);
}

static void test_need_resched_hands_off(struct fixture *f, gconstpointer data)
{
	/* the reader shares CPU 0: the first pass wakes it, need_resched()
	 * is true, so work left after that pass goes to ksoftirqd */
	const char *sets[] = { "napi.weight=16", "traffic.packets=250",
			       "app.cpu=0", NULL };
	struct host *h = f->h = run(f, BURST, false, sets);
	struct softnet_data *sd = &h->sd[0];

	g_assert_cmpuint(sd->softirq_passes - sd->ksoftirqd_passes, ==, 1);
	g_assert_cmpuint(sd->ksoftirqd_wakeups, >=, 1);
	g_assert_cmpuint(h->delivered, ==, 250);
	assert_conserved(h);
}

static void test_rcvbuf_drops(struct fixture *f, gconstpointer data)
{
	/* 64 B frames have truesize ALIGN(64 + 66, 64) + 576 = 768; the
	 * reader takes the first datagram and then works for 0.5 s */
	const char *ini =
		"[traffic]\npackets=30\nrate_pps=100000\nsize=64\n"
		"[stack]\nmode=deliver\n"
		"[socket]\nrcvbuf=7680\n"
		"[app]\ncpu=1\nwork_cycles=1000000000\n";
	struct host *h = f->h = run(f, ini, false, NULL);

	g_assert_cmpuint(h->sk.truesize, ==, 768);
	/* admitted while sk_rmem_alloc <= sk_rcvbuf before the charge:
	 * 11 x 768 = 8448 queued behind the one being read */
	g_assert_cmpuint(h->sk.sk_drops, ==, 30 - 1 - 11);
	g_assert_cmpuint(h->delivered, ==, 12);
	assert_conserved(h);
}

static void test_rotting_packet(struct fixture *f, gconstpointer data)
{
	uint64_t at_unmask = 0;

	/*
	 * Sweep the spacing of a 3-frame burst so that some frame lands
	 * after the poll's last ring check but before the IRQ is unmasked.
	 * None may be stranded, and each is read within one IRQ plus one
	 * poll (well under 20 us with the default costs).
	 */
	for (uint64_t rate = 100000; rate <= 800000; rate += 3000) {
		g_autofree char *r = g_strdup_printf("traffic.rate_pps=%"
						     G_GUINT64_FORMAT, rate);
		const char *sets[] = { "traffic.packets=3", r, NULL };
		const char *ini = "[stack]\nmode=deliver\n[app]\ncpu=1\n";
		struct host *h = run(f, ini, false, sets);

		g_assert_cmpuint(h->delivered, ==, 3);
		g_assert_cmpuint(nic_rx_queued(&h->rx_nic), ==, 0);
		g_assert_cmpuint(h->latency.max, <, 20000);
		at_unmask += h->rx_nic.irq_at_unmask;
		host_free(h);
	}
	/* the window was really hit */
	g_assert_cmpuint(at_unmask, >, 0);
}

static void test_line_rate_cap(struct fixture *f, gconstpointer data)
{
	/* 64 B + FCS, preamble, IFG = 88 B = 704 ns at 1 Gbit/s */
	struct traffic_cfg cfg = {
		.rate_pps = 20000000, .packets = 1000, .size = 64,
		.arrival = TRAFFIC_CONSTANT, .seed = 1, .line_rate_mbps = 1000,
	};
	struct traffic t;
	sim_time_t prev;

	for (int arrival = TRAFFIC_CONSTANT; arrival <= TRAFFIC_POISSON;
	     arrival++) {
		cfg.arrival = arrival;
		traffic_init(&t, &cfg);
		g_assert_cmpuint(t.wire_ps, ==, SIM_NS(704));
		g_assert_cmpfloat(t.rate_pps, <, 1420455.0);
		prev = traffic_peek(&t);
		g_assert_cmpuint(prev, ==, SIM_NS(704));
		for (int i = 1; i < 1000; i++) {
			traffic_pop(&t);
			/* never closer than one frame time */
			g_assert_cmpuint(traffic_peek(&t) - prev, >=, t.wire_ps);
			if (arrival == TRAFFIC_CONSTANT)
				g_assert_cmpuint(traffic_peek(&t) - prev, ==,
						 t.wire_ps);
			prev = traffic_peek(&t);
		}
		traffic_pop(&t);
		g_assert_cmpuint(traffic_peek(&t), ==, SIM_TIME_NEVER);
		traffic_destroy(&t);
	}

	/* the first of packets and duration_us ends the load: 300 kpps for
	 * 100 us is 30 frames (at 704 ns + k x 3.333 us, k = 0..29) */
	cfg.arrival = TRAFFIC_CONSTANT;
	cfg.rate_pps = 300000;
	cfg.duration_us = 100;
	traffic_init(&t, &cfg);
	for (prev = 0; traffic_peek(&t) != SIM_TIME_NEVER; prev++)
		traffic_pop(&t);
	g_assert_cmpuint(prev, ==, 30);
	traffic_destroy(&t);
	cfg.duration_us = 0;

	/* under line rate: exact rational spacing, 1e12 / 300000 ps */
	traffic_init(&t, &cfg);
	for (int i = 0; i < 3; i++)
		traffic_pop(&t);
	g_assert_cmpuint(traffic_peek(&t), ==,
			 SIM_NS(704) + 3000000000000ULL / 300000);
	traffic_destroy(&t);
}

static void assert_same(const struct host *a, const struct host *b)
{
	g_assert_cmpuint(a->traffic.emitted, ==, b->traffic.emitted);
	g_assert_cmpuint(a->delivered, ==, b->delivered);
	g_assert_cmpuint(a->forwarded, ==, b->forwarded);
	g_assert_cmpuint(a->rx_nic.irq.count, ==, b->rx_nic.irq.count);
	g_assert_cmpuint(a->tx_nic.irq.count, ==, b->tx_nic.irq.count);
	g_assert_cmpuint(a->rx_nic.done, ==, b->rx_nic.done);
	g_assert_cmpuint(a->rx_nic.ndone, ==, b->rx_nic.ndone);
	g_assert_cmpuint(a->rx_nic.rx_missed_errors, ==,
			 b->rx_nic.rx_missed_errors);
	g_assert_cmpuint(a->sk.sk_drops, ==, b->sk.sk_drops);
	for (uint32_t i = 0; i < a->sim.ncpu; i++) {
		g_assert_cmpuint(a->sd[i].time_squeeze, ==, b->sd[i].time_squeeze);
		g_assert_cmpuint(a->sd[i].ksoftirqd_wakeups, ==,
				 b->sd[i].ksoftirqd_wakeups);
		for (int k = 0; k < SIM_ACCT_NR; k++)
			g_assert_cmpuint(a->sim.cpu[i].acct_ps[k], ==,
					 b->sim.cpu[i].acct_ps[k]);
	}
	g_assert_cmpuint(a->sim.now, ==, b->sim.now);
	g_assert_true(sim_hist_equal(&a->latency, &b->latency));
}

static void test_reference_equal(struct fixture *f, gconstpointer data)
{
	static const char *const cases[][4] = {
		{ "stack.mode=forward", "traffic.rate_pps=2000000", NULL },
		{ "traffic.arrival=poisson", "traffic.rate_pps=400000", NULL },
		{ "app.cpu=0", "traffic.rate_pps=900000", NULL },
		{ "app.cpu=0", "traffic.line_rate_mbps=10000",
		  "traffic.rate_pps=3000000", NULL },
	};
	const char *ini = "[traffic]\npackets=5000\n[stack]\nmode=deliver\n";

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		struct host *a = run(f, ini, false, cases[i]);
		struct host *b = run(f, ini, true, cases[i]);

		assert_same(a, b);
		/* and the batch mode did batch */
		g_assert_cmpuint(a->sim.q.processed, <, b->sim.q.processed);
		host_free(a);
		host_free(b);
	}
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	models_register();
#define ADD(path, fn) g_test_add(path, struct fixture, NULL, fixture_setup, \
				 fn, fixture_teardown)
	ADD("/nic/ring/full-ring-drops-count-rx-missed-errors",
	    test_ring_full_drops);
	ADD("/napi/poll/full-weight-stays-scheduled",
	    test_full_weight_stays_scheduled);
	ADD("/net_rx_action/budget/overdraw-counts-time-squeeze",
	    test_budget_squeeze);
	ADD("/net_rx_action/time-limit/counts-time-squeeze", test_time_squeeze);
	ADD("/softirq/restart-limit/hands-off-to-ksoftirqd",
	    test_restart_limit);
	ADD("/softirq/need-resched/hands-off-to-ksoftirqd",
	    test_need_resched_hands_off);
	ADD("/sock/rcvbuf/full-queue-drops-count-sk-drops", test_rcvbuf_drops);
	ADD("/nic/irq/rotting-packet-window-closes", test_rotting_packet);
	ADD("/traffic/line-rate/caps-the-offered-rate", test_line_rate_cap);
	ADD("/engine/reference-mode/same-counters-and-histogram",
	    test_reference_equal);
	return g_test_run();
}
