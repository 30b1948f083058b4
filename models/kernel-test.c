/*
 * models/kernel-test.c - the kernel's promises, checked with exact counters
 * on small hand-built machines.
 *
 * Each test writes a small scenario, builds the machine without SimGrid
 * (models only; machine_run_point() adds SimGrid around the same code) and
 * checks counters of its report that follow from the kernel rules by hand.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/report.h"
#include "sim/config/scenario.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/stack/skbuff.h"
#include "models/stack/sock.h"
#include "models/workload/traffic.h"
#include "models/test-machine.h"

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

static void test_ring_full_drops(struct fixture *f,
				 gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "nic.rx_ring_size=64", "traffic.packets=100",
			       NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	/* hardware holds at most count - 1 descriptors */
	g_assert_cmpuint(col(r, "rx_missed_errors"), ==, 100 - 63);
	g_assert_cmpuint(col(r, "delivered"), ==, 63);
	g_assert_cmpuint(col(r, "rxint"), ==, 1);
	assert_conserved(r);
}

static void test_full_weight_stays_scheduled(struct fixture *f,
					     gconstpointer data G_GNUC_UNUSED)
{
	const struct sim_report *r = run(f, BURST, false, NULL);

	/* 200 frames, weight 64: three polls use their quota, one empties */
	g_assert_cmpuint(col(r, "rxint"), ==, 1);
	g_assert_cmpuint(col(r, "polls"), ==, 4);
	g_assert_cmpuint(col(r, "ndone"), ==, 3);
	g_assert_cmpuint(col(r, "done"), ==, 1);
	/* one NAPI is polled once per net_rx_action(): 64 < netdev_budget */
	g_assert_cmpuint(cnt(r, "cpu", "0", "time_squeeze"), ==, 0);
	g_assert_cmpuint(cnt(r, "cpu", "0", "net_rx_action_calls"), ==, 4);
	g_assert_cmpuint(col(r, "delivered"), ==, 200);
	assert_conserved(r);
}

static void test_budget_squeeze(struct fixture *f,
				gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "net.core.netdev_budget=50", NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	/* each full poll (64) overdraws the 50-packet budget; the last (8)
	 * does not */
	g_assert_cmpuint(cnt(r, "cpu", "0", "time_squeeze"), ==, 3);
	g_assert_cmpuint(col(r, "polls"), ==, 4);
	g_assert_cmpuint(col(r, "delivered"), ==, 200);
}

static void test_time_squeeze(struct fixture *f,
			      gconstpointer data G_GNUC_UNUSED)
{
	/* 50 us per frame: a full poll takes 3.2 ms, more than the one
	 * jiffy netdev_budget_usecs=1000 allows at HZ=1000 */
	const char *sets[] = { "net.core.netdev_budget_usecs=1000",
			       "cost.rx_packet=100000", "traffic.packets=192",
			       NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	g_assert_cmpuint(col(r, "ndone"), ==, 3);
	/* the budget (300) is never spent: every squeeze is the time limit */
	g_assert_cmpuint(cnt(r, "cpu", "0", "time_squeeze"), ==, 3);
	g_assert_cmpuint(col(r, "delivered"), ==, 192);
}

static void test_restart_limit(struct fixture *f,
			       gconstpointer data G_GNUC_UNUSED)
{
	/* weight 16, 250 frames waiting: ~11 us per pass, so the 10-pass
	 * limit (not the 2 ms one) ends the softirq at irq exit */
	const char *sets[] = { "napi.weight=16", "traffic.packets=250", NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	g_assert_cmpuint(cnt(r, "cpu", "0", "softirq_passes") -
			 cnt(r, "cpu", "0", "ksoftirqd_passes"), ==, 10);
	g_assert_cmpuint(cnt(r, "cpu", "0", "ksoftirqd_wakeups"), ==, 1);
	g_assert_cmpuint(cpu_ps(r, 0, "ksoftirqd"), >, 0);
	/* 15 full polls of 16 and one of 10 */
	g_assert_cmpuint(col(r, "ndone"), ==, 15);
	g_assert_cmpuint(col(r, "done"), ==, 1);
	g_assert_cmpuint(col(r, "delivered"), ==, 250);
}

static void test_need_resched_hands_off(struct fixture *f,
					gconstpointer data G_GNUC_UNUSED)
{
	/* the reader shares CPU 0: the first pass wakes it, need_resched()
	 * is true, so work left after that pass goes to ksoftirqd */
	const char *sets[] = { "napi.weight=16", "traffic.packets=250",
			       "app.cpu=0", NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	g_assert_cmpuint(cnt(r, "cpu", "0", "softirq_passes") -
			 cnt(r, "cpu", "0", "ksoftirqd_passes"), ==, 1);
	g_assert_cmpuint(cnt(r, "cpu", "0", "ksoftirqd_wakeups"), >=, 1);
	g_assert_cmpuint(col(r, "delivered"), ==, 250);
	assert_conserved(r);
}

static void test_rcvbuf_drops(struct fixture *f,
			      gconstpointer data G_GNUC_UNUSED)
{
	/* 64 B frames have truesize ALIGN(64 + 66, 64) + 576 = 768; the
	 * reader takes the first datagram and then works for 0.5 s */
	const char *ini =
		"[traffic]\npackets=30\nrate_pps=100000\nsize=64\n"
		"[stack]\nmode=deliver\n"
		"[socket]\nrcvbuf=7680\n"
		"[app]\ncpu=1\nwork_cycles=1000000000\n";
	const struct sim_report *r = run(f, ini, false, NULL);

	g_assert_cmpuint(sock_truesize(&(struct sock_cfg) {
				.truesize_overhead = 576 }, 64), ==, 768);
	/* admitted while sk_rmem_alloc <= sk_rcvbuf before the charge:
	 * 11 x 768 = 8448 queued behind the one being read */
	g_assert_cmpuint(col(r, "sk_drops"), ==, 30 - 1 - 11);
	g_assert_cmpuint(col(r, "delivered"), ==, 12);
	assert_conserved(r);
}

/*
 * udp_rmem_release(): a read adds the datagram's truesize (768 B here) to
 * forward_deficit; sk_rmem_alloc drops only once the deficit reaches
 * sk_rcvbuf / 4 (1920 B) or the reader queue is empty.
 */
static void test_udp_rmem_deficit(struct fixture *f,
				  gconstpointer data G_GNUC_UNUSED)
{
	const char *ini = "[stack]\nmode=deliver\n[socket]\nrcvbuf=7680\n";
	struct machine *m = build(f, ini, false, NULL);
	struct sock *sk = m->socks->pdata[0];
	struct sk_buff skb = { .len = 64 }, out;
	/* after each of five reads: 1 and 2 under the threshold; the 3rd
	 * reaches it (3 x 768 = 2304 >= 1920) and releases all three; the
	 * 4th is under it again; the 5th empties the reader queue */
	const uint64_t after[5] = { 3840, 3840, 1536, 1536, 0 };

	for (int i = 0; i < 5; i++)
		g_assert_null(sock_queue_rcv(sk, &skb));
	g_assert_cmpuint(sock_rmem_alloc(sk), ==, 5 * 768);
	for (int i = 0; i < 5; i++) {
		g_assert_true(sock_dequeue(sk, &out));
		g_assert_cmpuint(out.truesize, ==, 768);
		g_assert_cmpuint(sock_rmem_alloc(sk), ==, after[i]);
	}
	g_assert_false(sock_dequeue(sk, &out));

	/* memory not yet released still counts against sk_rcvbuf: fill to
	 * 11 datagrams (8448 B, over 7680), read 2 (deficit 1536, not
	 * released): the next datagram is dropped */
	for (int i = 0; i < 11; i++)
		g_assert_null(sock_queue_rcv(sk, &skb));
	g_assert_true(sock_dequeue(sk, &out));
	g_assert_true(sock_dequeue(sk, &out));
	g_assert_cmpuint(sock_rmem_alloc(sk), ==, 11 * 768);
	g_assert_null(sock_queue_rcv(sk, &skb));
	g_assert_cmpuint(sock_queue_len(sk), ==, 9);
	machine_free(m);
}

static void test_rotting_packet(struct fixture *f,
				gconstpointer data G_GNUC_UNUSED)
{
	uint64_t at_unmask = 0;

	/*
	 * Sweep the spacing of a 3-frame burst so that some frame lands
	 * after the poll's last ring check but before the IRQ is unmasked.
	 * None may be stranded, and each is read within one IRQ plus one
	 * poll (well under 20 us with the default costs).
	 */
	for (uint64_t rate = 100000; rate <= 800000; rate += 3000) {
		g_autofree char *set = g_strdup_printf("traffic.rate_pps=%"
						       G_GUINT64_FORMAT, rate);
		const char *sets[] = { "traffic.packets=3", set, NULL };
		const char *ini = "[stack]\nmode=deliver\n[app]\ncpu=1\n";
		const struct sim_report *r = run(f, ini, false, sets);

		g_assert_cmpuint(col(r, "delivered"), ==, 3);
		g_assert_cmpuint(col(r, "queued"), ==, 0);
		g_assert_cmpuint(col(r, "latency_max_ns"), <, 20000);
		at_unmask += cnt(r, "queue", "eth0-rx0", "irq_at_unmask");
	}
	/* the window was really hit */
	g_assert_cmpuint(at_unmask, >, 0);
}

/*
 * e1000_irq_enable() unmasks with its IMS write and then waits for its
 * flushing read (irq_enable cycles): an interrupt raised by a frame
 * written back meanwhile lands inside the same softirq, its hardirq lists
 * the NAPI again (in_net_rx_action: no NET_RX raise), and net_rx_action()
 * restarts: one call, two polls, two interrupts.  With no cost after the
 * unmask the interrupt comes after the softirq and starts a second call.
 */
static void test_irq_at_unmask_restarts(struct fixture *f,
					gconstpointer data G_GNUC_UNUSED)
{
	/* 2.38 us apart, IRQ delivery 100 ns: the second frame's interrupt
	 * arrives during the first poll's 500 ns flush */
	const char *sets[] = { "traffic.packets=2", "traffic.rate_pps=420000",
			       "nic.irq_latency_ns=100", NULL };
	const char *no_flush[] = { "traffic.packets=2",
				   "traffic.rate_pps=420000",
				   "nic.irq_latency_ns=100",
				   "cost.irq_enable=0", NULL };
	const char *ini = "[stack]\nmode=deliver\n[app]\ncpu=1\n";
	const struct sim_report *r = run(f, ini, false, sets);

	g_assert_cmpuint(col(r, "rxint"), ==, 2);
	g_assert_cmpuint(col(r, "polls"), ==, 2);
	g_assert_cmpuint(cnt(r, "cpu", "0", "net_rx_action_calls"), ==, 1);
	g_assert_cmpuint(cnt(r, "cpu", "0", "net_rx_action_restarts"), ==, 1);
	g_assert_cmpuint(col(r, "delivered"), ==, 2);
	assert_conserved(r);

	r = run(f, ini, false, no_flush);
	g_assert_cmpuint(col(r, "rxint"), ==, 2);
	g_assert_cmpuint(cnt(r, "cpu", "0", "net_rx_action_calls"), ==, 2);
	g_assert_cmpuint(cnt(r, "cpu", "0", "net_rx_action_restarts"), ==, 0);
}

/*
 * e1000_clean(): when e1000_clean_tx_irq() reclaims a whole ring's worth
 * of descriptors it reports the TX clean incomplete and the poll returns
 * its budget, though the RX side found nothing: the NAPI stays listed and
 * is polled again.  A router forwards a burst out of an 8-descriptor TX
 * ring; the output NIC's TX interrupt finds the ring full and finished.
 */
static void test_tx_clean_incomplete(struct fixture *f,
				     gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "traffic.packets=8", "nic.tx_ring_size=8",
			       "stack.mode=forward", NULL };
	const struct sim_report *r = run(f, BURST, false, sets);

	g_assert_cmpuint(col(r, "txint"), ==, 1);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "tx_incomplete"), ==, 1);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "polls"), ==, 2);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "ndone"), ==, 1);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "done"), ==, 1);
	g_assert_cmpuint(cnt(r, "queue", "eth1-tx0", "packets"), ==, 8);
	assert_conserved(r);

	/* seven frames leave a descriptor: one poll completes */
	sets[0] = "traffic.packets=7";
	r = run(f, BURST, false, sets);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "tx_incomplete"), ==, 0);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "polls"), ==, 1);
	g_assert_cmpuint(cnt(r, "queue", "eth1-rx0", "done"), ==, 1);
	assert_conserved(r);
}

/*
 * [cost] cache_refill: the application shares CPU 0 with the NIC's
 * interrupt; each request's hardirq and softirq run before the woken
 * application does, so each of its ten runs after sleeping pays the
 * refill once: its time grows by exactly ten refills.  The first run, at
 * start, follows no interrupt.
 */
static void test_cache_refill(struct fixture *f,
			      gconstpointer data G_GNUC_UNUSED)
{
	const char *ini = "[traffic]\npackets=10\nrate_pps=10000\n"
			  "[stack]\nmode=deliver\n"
			  "[cpu]\nfrequency_mhz=2000\n"
			  "[app]\ncpu=0\nmode=rr\nwork_cycles=1000\n";
	const char *off[] = { NULL };
	const char *on[] = { "cost.cache_refill=10000", NULL };
	const struct sim_report *r = run(f, ini, false, off);
	uint64_t app_ps = cnt(r, "cpu", "0", "app_ps");

	g_assert_cmpuint(cnt(r, "task", "app", "cache_refills"), ==, 0);
	g_assert_cmpuint(col(r, "delivered"), ==, 10);
	r = run(f, ini, false, on);
	g_assert_cmpuint(cnt(r, "task", "app", "cache_refills"), ==, 10);
	/* 10000 cycles at 2 GHz: 5 us each */
	g_assert_cmpuint(cnt(r, "cpu", "0", "app_ps") - app_ps, ==,
			 10 * SIM_US(5));
	g_assert_cmpuint(col(r, "delivered"), ==, 10);
	assert_conserved(r);
}

static void test_line_rate_cap(struct fixture *f G_GNUC_UNUSED,
			       gconstpointer data G_GNUC_UNUSED)
{
	/* 64 B + FCS, preamble, IFG = 88 B = 704 ns at 1 Gbit/s */
	struct traffic_cfg cfg = {
		.rate_pps = 20000000, .packets = 1000, .size = 64,
		.arrival = TRAFFIC_CONSTANT, .seed = 1, .line_rate_mbps = 1000,
	};
	struct traffic *t;
	struct sk_buff skb;
	sim_time_t prev;

	g_assert_cmpuint(traffic_wire_ps(1000, 64), ==, SIM_NS(704));
	for (int arrival = TRAFFIC_CONSTANT; arrival <= TRAFFIC_POISSON;
	     arrival++) {
		cfg.arrival = arrival;
		t = traffic_new(&cfg);
		g_assert_cmpfloat(traffic_rate_pps(t), <, 1420455.0);
		prev = traffic_peek(t);
		g_assert_cmpuint(prev, ==, SIM_NS(704));
		for (int i = 1; i < 1000; i++) {
			traffic_pop(t, &skb);
			g_assert_cmpuint(skb.arrival, ==, prev);
			g_assert_cmpuint(skb.len, ==, 64);
			/* never closer than one frame time */
			g_assert_cmpuint(traffic_peek(t) - prev, >=,
					 SIM_NS(704));
			if (arrival == TRAFFIC_CONSTANT)
				g_assert_cmpuint(traffic_peek(t) - prev, ==,
						 SIM_NS(704));
			prev = traffic_peek(t);
		}
		traffic_pop(t, &skb);
		g_assert_cmpuint(traffic_peek(t), ==, SIM_TIME_NEVER);
		g_assert_cmpuint(traffic_emitted(t), ==, 1000);
		traffic_free(t);
	}

	/* the first of packets and duration_us ends the load: 300 kpps for
	 * 100 us is 30 frames (at 704 ns + k x 3.333 us, k = 0..29) */
	cfg.arrival = TRAFFIC_CONSTANT;
	cfg.rate_pps = 300000;
	cfg.duration_us = 100;
	t = traffic_new(&cfg);
	for (prev = 0; traffic_peek(t) != SIM_TIME_NEVER; prev++)
		traffic_pop(t, &skb);
	g_assert_cmpuint(prev, ==, 30);
	traffic_free(t);
	cfg.duration_us = 0;

	/* under line rate: exact rational spacing, 1e12 / 300000 ps */
	t = traffic_new(&cfg);
	for (int i = 0; i < 3; i++)
		traffic_pop(t, &skb);
	g_assert_cmpuint(traffic_peek(t), ==,
			 SIM_NS(704) + 3000000000000ULL / 300000);
	traffic_free(t);
}

static void test_reference_equal(struct fixture *f,
				 gconstpointer data G_GNUC_UNUSED)
{
	static const char *const cases[][5] = {
		{ "stack.mode=forward", "traffic.rate_pps=2000000", NULL },
		{ "traffic.arrival=poisson", "traffic.rate_pps=400000", NULL },
		{ "app.cpu=0", "traffic.rate_pps=900000", NULL },
		{ "app.cpu=0", "traffic.rate_pps=300000",
		  "cost.cache_refill=5000", NULL },
		{ "app.cpu=0", "traffic.line_rate_mbps=10000",
		  "traffic.rate_pps=3000000", NULL },
	};
	const char *ini = "[traffic]\npackets=5000\n[stack]\nmode=deliver\n";

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const struct sim_report *a = run(f, ini, false, cases[i]);
		const struct sim_report *b = run(f, ini, true, cases[i]);

		assert_same_report(a, b);
		/* and the batch mode did batch */
		g_assert_cmpuint(cnt(a, "machine", "0", "events"), <,
				 cnt(b, "machine", "0", "events"));
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
	ADD("/sock/udp-rmem/released-by-the-deficit-rule",
	    test_udp_rmem_deficit);
	ADD("/nic/irq/rotting-packet-window-closes", test_rotting_packet);
	ADD("/nic/irq/interrupt-at-unmask-restarts-net-rx-action",
	    test_irq_at_unmask_restarts);
	ADD("/nic/tx/whole-ring-cleaned-returns-the-budget",
	    test_tx_clean_incomplete);
	ADD("/sched/cache-refill/charged-after-interrupts", test_cache_refill);
	ADD("/traffic/line-rate/caps-the-offered-rate", test_line_rate_cap);
	ADD("/engine/reference-mode/same-counters-and-histogram",
	    test_reference_equal);
	return g_test_run();
}
