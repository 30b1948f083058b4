/*
 * models/drivers/mlx5-test.c - the multi-queue driver's promises, with
 * exact counters on small machines: RSS keeps a flow on one queue and
 * maps hashes as the indirection table says, each vector interrupts its
 * affinity CPU, each channel's NAPI polls its own ring, TX queues follow
 * netdev_pick_tx(), CQ moderation restarts as its mode says, batch mode
 * equals reference mode, and the conservation law holds.
 */
#include "config.h"

#include <glib.h>

#include "sim/config/report.h"
#include "sim/config/row.h"
#include "sim/config/scenario.h"
#include "sim/engine/lazy.h"
#include "models/models.h"
#include "models/machine.h"
#include "models/core/netdevice.h"
#include "models/drivers/rss.h"
#include "models/stack/skbuff.h"
#include "models/test-machine.h"

/* the five flows of Microsoft's RSS verification suite */
#define MS_FLOWS \
	"66.9.149.187:2794-161.142.100.80:1766," \
	"199.92.111.2:14230-65.69.140.83:4739," \
	"24.19.198.95:12898-12.22.207.184:38024," \
	"38.27.205.30:48228-209.142.163.6:2217," \
	"153.39.163.191:44251-202.188.127.2:1303"

static const uint32_t ms_hash[5] = {
	0x51ccc178, 0xc626b0ea, 0x5c2b394a, 0xafc7327f, 0x10e828a2,
};

/*
 * A 10 GbE router with 8 channels on 8 CPUs.  A burst of 300 frames is
 * in the rings before the first interrupt is handled (irq_latency_ns is
 * 1 ms; the burst lasts ~21 us).
 */
#define ROUTER \
	"[traffic]\npackets=300\nrate_pps=100000000\nsize=64\n" \
	"line_rate_mbps=10000\nflow_list=" MS_FLOWS "\n" \
	"[nic]\ndriver=mlx5\nchannels=8\nrx_ring_size=1024\n" \
	"irq_latency_ns=1000000\n" \
	"[stack]\nmode=forward\n" \
	"[cpu]\ncount=8\nfrequency_mhz=3000\n"

static uint64_t qcnt(const struct sim_report *r, const char *dev,
		     const char *dir, uint32_t q, const char *name)
{
	g_autofree char *id = g_strdup_printf("%s-%s%u", dev, dir, q);

	return cnt(r, "queue", id, name);
}

static uint64_t flow_cnt(const struct sim_report *r, uint32_t flow,
			 const char *name)
{
	g_autofree char *id = g_strdup_printf("%u", flow);

	return cnt(r, "flow", id, name);
}

static const char *flow_str(const struct sim_report *r, uint32_t flow,
			    const char *name)
{
	g_autofree char *id = g_strdup_printf("%u", flow);

	return sim_report_get(r, "flow", id, name)->str;
}

static void test_one_flow_one_queue(struct fixture *f,
				    gconstpointer data G_GNUC_UNUSED)
{
	const struct sim_report *r = run(f, ROUTER, false, NULL);
	uint64_t per_queue[8] = { 0 };

	/* hash & 127 indexes a round-robin table of 8: entries 120, 106,
	 * 74, 127, 34 -> queues 0, 2, 2, 7, 2 */
	static const uint32_t queue[5] = { 0, 2, 2, 7, 2 };

	for (uint32_t i = 0; i < 5; i++) {
		g_autofree char *hash = g_strdup_printf("0x%08x", ms_hash[i]);

		g_assert_cmpstr(flow_str(r, i, "hash"), ==, hash);
		g_assert_cmpuint(flow_cnt(r, i, "rx_queues"), ==, 1);
		g_assert_cmpuint(flow_cnt(r, i, "rx_queue"), ==, queue[i]);
		g_assert_cmpuint(flow_cnt(r, i, "received"), ==,
				 flow_cnt(r, i, "offered"));
		g_assert_cmpuint(flow_cnt(r, i, "out_of_order"), ==, 0);
		per_queue[queue[i]] += flow_cnt(r, i, "offered");
	}
	for (uint32_t q = 0; q < 8; q++)
		g_assert_cmpuint(qcnt(r, "eth0", "rx", q, "packets"), ==,
				 per_queue[q]);
	g_assert_cmpuint(col(r, "forwarded"), ==, 300);
	assert_conserved(r);
}

/*
 * scenarios/scaling/rss-few-flows.ini: one client's four parallel streams
 * (source ports 40000..40003) hash to entries 74, 27, 34 and 115 of the
 * default table, queues 2, 3, 2, 3 of 8: two queues get two flows, six
 * get none and never interrupt.  With 16 queues the same entries are
 * queues 10, 11, 2, 3.
 */
static void test_few_flows_pair_up(struct fixture *f,
				   gconstpointer data G_GNUC_UNUSED)
{
	g_autofree char *path = g_test_build_filename(G_TEST_DIST, "scenarios",
						      "scaling",
						      "rss-few-flows.ini",
						      NULL);
	g_autofree char *ini = NULL;
	static const char *const hash[4] = {
		"0x033cbe4a", "0x91a21f9b", "0xca73eea2", "0x58ed4f73",
	};
	static const uint32_t q8[4] = { 2, 3, 2, 3 }, q16[4] = { 10, 11, 2, 3 };
	const char *sets8[] = { "traffic.packets=4000", NULL };
	const char *sets16[] = { "traffic.packets=4000", "nic.channels=16",
				 "cpu.count=16", NULL };
	const struct sim_report *r;
	uint64_t per_queue[8] = { 0 };

	g_assert_true(g_file_get_contents(path, &ini, NULL, NULL));
	r = run(f, ini, false, sets8);
	for (uint32_t i = 0; i < 4; i++) {
		g_assert_cmpstr(flow_str(r, i, "hash"), ==, hash[i]);
		g_assert_cmpuint(flow_cnt(r, i, "rx_queue"), ==, q8[i]);
		g_assert_cmpuint(flow_cnt(r, i, "rx_queues"), ==, 1);
		per_queue[q8[i]] += flow_cnt(r, i, "offered");
	}
	for (uint32_t q = 0; q < 8; q++) {
		g_assert_cmpuint(qcnt(r, "eth0", "rx", q, "packets"), ==,
				 per_queue[q]);
		if (!per_queue[q])
			g_assert_cmpuint(qcnt(r, "eth0", "rx", q, "irqs"), ==,
					 0);
	}
	g_assert_cmpuint(per_queue[2] + per_queue[3], ==, 4000);
	r = run(f, ini, false, sets16);
	for (uint32_t i = 0; i < 4; i++)
		g_assert_cmpuint(flow_cnt(r, i, "rx_queue"), ==, q16[i]);
}

static void test_indir_steers(struct fixture *f,
			      gconstpointer data G_GNUC_UNUSED)
{
	/* 256 generated flows over 4 channels */
	const char *ini =
		"[traffic]\npackets=4000\nrate_pps=1000000\n"
		"line_rate_mbps=25000\nflows=256\n"
		"[nic]\ndriver=mlx5\nchannels=4\n"
		"[stack]\nmode=forward\n[cpu]\ncount=4\n";
	const char *equal[] = { "nic.rss_indir=equal 2", NULL };
	const char *weight[] = { "nic.rss_indir=weight 0 0 0 1", NULL };
	const char *sd[] = { "nic.rx_flow_hash_udp4=sd", NULL };
	const struct sim_report *r;
	uint32_t indir[RSS_INDIR_SIZE];

	/* equal 2: queues 2 and 3 get nothing, not even an interrupt */
	r = run(f, ini, false, equal);
	g_assert_true(rss_indir_fill(indir, "equal 2", 4, NULL));
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t hash = (uint32_t)g_ascii_strtoull(
			flow_str(r, i, "hash"), NULL, 16);

		if (!flow_cnt(r, i, "received"))
			continue;
		g_assert_cmpuint(flow_cnt(r, i, "rx_queue"), ==,
				 indir[hash & 127]);
		g_assert_cmpuint(flow_cnt(r, i, "rx_queues"), ==, 1);
	}
	g_assert_cmpuint(qcnt(r, "eth0", "rx", 0, "packets") +
			 qcnt(r, "eth0", "rx", 1, "packets"), ==, 4000);
	for (uint32_t q = 2; q < 4; q++) {
		g_assert_cmpuint(qcnt(r, "eth0", "rx", q, "packets"), ==, 0);
		g_assert_cmpuint(qcnt(r, "eth0", "rx", q, "irqs"), ==, 0);
		g_assert_cmpuint(qcnt(r, "eth0", "rx", q, "polls"), ==, 0);
	}
	assert_conserved(r);

	/* weight 0 0 0 1: everything to queue 3 */
	r = run(f, ini, false, weight);
	g_assert_cmpuint(qcnt(r, "eth0", "rx", 3, "packets"), ==, 4000);

	/* hashing the addresses alone: the generated flows all go to one
	 * destination, so the sources decide; every flow still stays on
	 * one queue */
	r = run(f, ini, false, sd);
	for (uint32_t i = 0; i < 256; i++)
		g_assert_cmpuint(flow_cnt(r, i, "rx_queues"), <=, 1);
	assert_conserved(r);
}

static void test_affinity(struct fixture *f, gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "nic.irq_affinity=5,3,7,1,6,2,4,0", NULL };
	const struct sim_report *r = run(f, ROUTER, false, sets);
	/* queues 0, 2, 7 receive: their vectors are on CPUs 5, 7, 0 */
	static const uint32_t cpu[8] = { 5, 3, 7, 1, 6, 2, 4, 0 };

	for (uint32_t q = 0; q < 8; q++) {
		g_autofree char *c = g_strdup_printf("%u", cpu[q]);
		uint64_t pkts = qcnt(r, "eth0", "rx", q, "packets");

		g_assert_cmpuint(qcnt(r, "eth0", "rx", q, "cpu"), ==, cpu[q]);
		g_assert_cmpuint(qcnt(r, "eth1", "rx", q, "cpu"), ==, cpu[q]);
		/* one burst: one interrupt per receiving queue */
		g_assert_cmpuint(qcnt(r, "eth0", "rx", q, "irqs"), ==, !!pkts);
		/* NET_RX ran where the vector landed, for its frames only */
		g_assert_cmpuint(cnt(r, "cpu", c, "processed"), ==, pkts);
		/* no interrupt, no softirq anywhere else */
		if (!pkts) {
			g_assert_cmpuint(cpu_ps(r, cpu[q], "hardirq"), ==, 0);
			g_assert_cmpuint(cpu_ps(r, cpu[q], "softirq"), ==, 0);
		}
	}
	assert_conserved(r);
}

/* each NAPI's hrtimer fires on its vector's CPU (napi_defer_hard_irqs) */
static void test_hrtimer_cpu(struct fixture *f,
			     gconstpointer data G_GNUC_UNUSED)
{
	const char *sets[] = { "nic.irq_affinity=5,3,7,1,6,2,4,0",
			       "mitigation.policy=defer",
			       "mitigation.napi_defer_hard_irqs=2",
			       "mitigation.gro_flush_timeout=20000", NULL };
	const struct sim_report *r = run(f, ROUTER, false, sets);
	/* the receiving queues 0, 2, 7 and their CPUs 5, 7, 0 */
	static const uint32_t rxq[3] = { 0, 2, 7 }, cpu[3] = { 5, 7, 0 };
	uint64_t busy = 0;

	for (uint32_t i = 0; i < 3; i++) {
		g_autofree char *napi = g_strdup_printf("%u", rxq[i] + 1);

		/* two empty polls from the timer before the IRQ returns */
		g_assert_cmpuint(cnt(r, "napi", napi, "timer_irqs"), ==, 2);
		g_assert_cmpuint(cnt(r, "napi", napi, "polls_timer"), ==, 2);
		busy += cpu_ps(r, cpu[i], "hardirq");
	}
	g_assert_cmpuint(col(r, "timer_irqs"), ==, 6);
	/* the timers' interrupts too: only those three CPUs (and eth1's
	 * vectors, on the same CPUs) took any */
	for (uint32_t c = 0; c < 8; c++)
		if (c != 5 && c != 7 && c != 0)
			g_assert_cmpuint(cpu_ps(r, c, "hardirq"), ==, 0);
	g_assert_cmpuint(busy, >, 0);
	assert_conserved(r);
}

static void test_napi_polls_own_ring(struct fixture *f,
				     gconstpointer data G_GNUC_UNUSED)
{
	const struct sim_report *r = run(f, ROUTER, false, NULL);

	for (uint32_t q = 0; q < 8; q++) {
		uint64_t n = qcnt(r, "eth0", "rx", q, "packets");
		g_autofree char *napi = g_strdup_printf("%u", q + 1);

		/* weight 64: n / 64 full polls, then one that completes */
		g_assert_cmpuint(qcnt(r, "eth0", "rx", q, "ndone"), ==, n / 64);
		g_assert_cmpuint(qcnt(r, "eth0", "rx", q, "done"), ==, !!n);
		g_assert_cmpuint(qcnt(r, "eth0", "rx", q, "polls"), ==,
				 n ? n / 64 + 1 : 0);
		/* eth0's NAPIs are 1..8, in channel order */
		g_assert_cmpuint(cnt(r, "napi", napi, "polls"), ==,
				 n ? n / 64 + 1 : 0);
		g_assert_cmpuint(qcnt(r, "eth0", "rx", q, "queued"), ==, 0);
	}
	/* all five flows: 300 frames, on three queues */
	g_assert_cmpuint(col(r, "polls"), ==,
			 qcnt(r, "eth0", "rx", 0, "polls") +
			 qcnt(r, "eth0", "rx", 2, "polls") +
			 qcnt(r, "eth0", "rx", 7, "polls"));
	g_assert_cmpuint(col(r, "rxint"), ==, 3);
}

static void test_tx_queue(struct fixture *f, gconstpointer data G_GNUC_UNUSED)
{
	const char *dflt[] = { NULL };
	const char *off[] = { "nic.xps_cpus=off", NULL };
	/* TX queue 0 from CPU 1, 1 from 2, 2 from 3, 3 from 0, ..., 6 from
	 * 7, 7 from 6: the RX queues 0, 2, 7 (CPUs 0, 2, 7) send on 3, 1, 6 */
	const char *map[] = {
		"nic.xps_cpus=1 2 3 0 4 5 7 6", NULL,
	};
	const char *const *cases[] = { dflt, off, map };
	static const uint32_t txq[3][8] = {
		{ 0, 1, 2, 3, 4, 5, 6, 7 },
		{ 0, 1, 2, 3, 4, 5, 6, 7 },
		{ 3, 0, 1, 2, 4, 5, 7, 6 },
	};

	for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
		const struct sim_report *r = run(f, ROUTER, false, cases[k]);
		uint64_t sent[8] = { 0 };

		for (uint32_t q = 0; q < 8; q++)
			sent[txq[k][q]] += qcnt(r, "eth0", "rx", q, "packets");
		for (uint32_t q = 0; q < 8; q++) {
			g_assert_cmpuint(qcnt(r, "eth1", "tx", q, "packets"),
					 ==, sent[q]);
			/* its completions come on its own vector */
			g_assert_cmpuint(qcnt(r, "eth1", "rx", q, "irqs") > 0,
					 ==, sent[q] > 0);
		}
		g_assert_cmpuint(col(r, "forwarded"), ==, 300);
		assert_conserved(r);
	}
}

static void test_pick_tx(struct fixture *f, gconstpointer data G_GNUC_UNUSED)
{
	const char *ini = "[traffic]\nline_rate_mbps=10000\n"
			  "[nic]\ndriver=mlx5\nchannels=4\nxps_cpus=off\n"
			  "[stack]\nmode=forward\n[cpu]\ncount=8\n";
	struct machine *m = build(f, ini, false, NULL);
	struct net_device *dev = m->netdevs->pdata[1];
	struct sk_buff skb = { .hash = 0xc0000000 };

	/* no XPS: the flow hash, scaled: 0xc0000000 x 4 >> 32 = 3 */
	g_assert_null(dev->xps_cpus_map);
	g_assert_cmpuint(netdev_pick_tx(dev, &skb), ==, 3);
	/* a recorded RX queue wins, folded into the TX queues */
	skb_record_rx_queue(&skb, 6);
	g_assert_cmpuint(netdev_pick_tx(dev, &skb), ==, 2);
	/* XPS: one queue for the CPU; several: one of them by hash */
	netif_set_xps_queue(dev, 0x01, 1);
	netif_set_xps_queue(dev, 0x03, 3);
	skb.sender_cpu = 2;		/* CPU 1: queue 3 only */
	g_assert_cmpuint(netdev_pick_tx(dev, &skb), ==, 3);
	skb.sender_cpu = 1;		/* CPU 0: queues 1, 3 */
	skb.hash = 0x40000000;		/* x 2 >> 32 = 0: queue 1 */
	g_assert_cmpuint(netdev_pick_tx(dev, &skb), ==, 1);
	skb.hash = 0x80000000;
	g_assert_cmpuint(netdev_pick_tx(dev, &skb), ==, 3);
	skb.sender_cpu = 3;		/* CPU 2: no map, the RX queue */
	g_assert_cmpuint(netdev_pick_tx(dev, &skb), ==, 2);
	/* setting queue 3 again leaves CPU 0 with queue 1 only */
	netif_set_xps_queue(dev, 0x02, 3);
	skb.sender_cpu = 1;
	g_assert_cmpuint(netdev_pick_tx(dev, &skb), ==, 1);
	machine_free(m);

	/* mlx5's default map: queue i from CPUs i, i + 4 (8 vectors) */
	ini = "[traffic]\nline_rate_mbps=10000\n"
	      "[nic]\ndriver=mlx5\nchannels=4\n"
	      "[stack]\nmode=forward\n[cpu]\ncount=8\n";
	m = build(f, ini, false, NULL);
	dev = m->netdevs->pdata[1];
	skb = (struct sk_buff) { .hash = 0xffffffff };
	for (uint16_t c = 0; c < 8; c++) {
		skb.sender_cpu = c + 1;
		g_assert_cmpuint(netdev_pick_tx(dev, &skb), ==, c % 4);
	}
	machine_free(m);
}

/*
 * CQ moderation on one flow of frames 4 us apart, rx_usecs=10 and no
 * frame count.  EQE mode: the period runs from each event, so events
 * come 10 us apart (t0, t0 + 10, ..., t0 + 70, and t0 + 80 for the last
 * two frames): 9.  CQE mode: every completion restarts the period, which
 * never runs out while frames keep coming 4 us apart: one event, 10 us
 * after the last frame.
 */
static void test_cq_moderation(struct fixture *f,
			       gconstpointer data G_GNUC_UNUSED)
{
	const char *ini =
		"[traffic]\npackets=20\nrate_pps=250000\nline_rate_mbps=10000\n"
		"[nic]\ndriver=mlx5\nrx_usecs=10\n"
		"[stack]\nmode=forward\n[cpu]\ncount=2\n";
	const char *eqe[] = { "nic.cqe_mode_rx=false", NULL };
	const char *cqe[] = { "nic.cqe_mode_rx=true", NULL };
	const struct sim_report *r;

	r = run(f, ini, false, eqe);
	g_assert_cmpuint(col(r, "rxint"), ==, 9);
	g_assert_cmpuint(col(r, "polls"), ==, 9);
	r = run(f, ini, false, cqe);
	g_assert_cmpuint(col(r, "rxint"), ==, 1);
	g_assert_cmpuint(col(r, "polls"), ==, 1);
	/* the first frame waited 76 + 10 us, and the IRQ and poll */
	g_assert_cmpuint(col(r, "latency_max_ns"), >, 86000);
	g_assert_cmpuint(col(r, "forwarded"), ==, 20);
}

static void test_reference_equal(struct fixture *f,
				 gconstpointer data G_GNUC_UNUSED)
{
	g_autofree char *path = g_test_build_filename(G_TEST_DIST, "scenarios",
						      "scaling",
						      "rss-queues.ini", NULL);
	g_autofree char *ini = NULL;
	static const char *const cases[][8] = {
		{ "nic.channels=1", NULL },
		{ "nic.channels=4", NULL },
		{ "nic.channels=16", NULL },
		{ "nic.channels=8", "nic.adaptive_rx=true", NULL },
		{ "nic.channels=8", "nic.rx_usecs=8", "nic.rx_frames=32",
		  "nic.cqe_mode_rx=false", "traffic.arrival=poisson", NULL },
		{ "nic.channels=4", "stack.mode=deliver", "app.cpu=7",
		  "traffic.rate_pps=2000000", NULL },
		/* two queues without a flow: their lanes look further
		 * than SIM_LAZY_LOOKAHEAD frames and find nothing */
		{ "nic.channels=4", "nic.rss_indir=equal 2",
		  "traffic.packets=10000", NULL },
		/* the bench's sink: 16 channels mostly armed and idle */
		{ "nic.channels=16", "stack.mode=deliver", "app.cpu=15",
		  "traffic.line_rate_mbps=25000", "traffic.arrival=poisson",
		  "traffic.rate_pps=10000000", NULL },
		/* CQE-mode moderation: each completion moves the event */
		{ "nic.channels=8", "nic.rx_usecs=16", "stack.mode=deliver",
		  "app.cpu=3", "traffic.rate_pps=3000000", NULL },
		/* replies on eth0's SQs check an armed, idle channel's CQ
		 * while its next frame's event is only predicted */
		{ "nic.channels=4", "stack.mode=deliver", "app.mode=rr",
		  "app.cpu=5", "app.work_cycles=500",
		  "traffic.rate_pps=300000", NULL },
		/* a busy poller at light load: its empty turns counted at
		 * once (mlx5e_poll_idle_until()), with replies in flight */
		{ "nic.channels=2", "stack.mode=deliver", "app.mode=rr",
		  "app.cpu=3", "mitigation.policy=busy_poll",
		  "net.core.busy_read=50", "traffic.rate_pps=50000", NULL },
	};

	g_assert_true(g_file_get_contents(path, &ini, NULL, NULL));
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		const char *sets[10] = { "traffic.packets=3000" };
		const struct sim_report *a, *b;

		for (guint k = 0; cases[i][k]; k++)
			sets[k + 1] = cases[i][k];
		a = run(f, ini, false, sets);
		b = run(f, ini, true, sets);
		assert_same_report(a, b);
		assert_conserved(a);
		g_assert_cmpuint(col(a, "queued"), ==, 0);
		/* and the batch mode did batch */
		g_assert_cmpuint(cnt(a, "machine", "0", "events"), <,
				 cnt(b, "machine", "0", "events"));
	}
}

/*
 * Channels that RSS sends nothing to wait for their own frames, not the
 * port's: with the indirection table on queue 0 alone, 4 channels cost
 * the events of 1 (and give its counters), but for the few looks ahead
 * of the idle lanes (SIM_LAZY_LOOKAHEAD frames each); an armed channel
 * with nothing pending used to take an event per frame of the port.
 */
static void test_idle_channels_no_events(struct fixture *f,
					 gconstpointer data G_GNUC_UNUSED)
{
	const char *ini =
		"[traffic]\npackets=10000\nrate_pps=1000000\n"
		"line_rate_mbps=10000\nflows=64\n"
		"[nic]\ndriver=mlx5\nrss_indir=equal 1\n"
		"[stack]\nmode=forward\n[cpu]\ncount=4\n";
	const char *one[] = { "nic.channels=1", NULL };
	const char *four[] = { "nic.channels=4", NULL };
	const struct sim_report *a = run(f, ini, false, one);
	const struct sim_report *b = run(f, ini, false, four);
	uint64_t ea = cnt(a, "machine", "0", "events");
	uint64_t eb = cnt(b, "machine", "0", "events");

	g_assert_cmpuint(col(b, "rxint"), ==, col(a, "rxint"));
	g_assert_cmpuint(col(b, "polls"), ==, col(a, "polls"));
	g_assert_cmpuint(col(b, "forwarded"), ==, 10000);
	g_assert_cmpstr(sim_row_get(b->row, "latency_hist")->str, ==,
			sim_row_get(a->row, "latency_hist")->str);
	for (uint32_t q = 1; q < 4; q++)
		g_assert_cmpuint(qcnt(b, "eth0", "rx", q, "irqs"), ==, 0);
	g_assert_cmpuint(eb, >=, ea);
	g_assert_cmpuint(eb - ea, <=, 3 * (10000 / SIM_LAZY_LOOKAHEAD + 1));
}

static void test_bad_keys(struct fixture *f, gconstpointer data G_GNUC_UNUSED)
{
	static const char *const bad[][2] = {
		{ "nic.channels=17",
		  "[nic] channels: 17 is more than mlx5 allows with [cpu] count=16 (one completion vector per CPU)" },
		{ "nic.channels=65",
		  "nic.channels: expected an integer in 1..64, got 65" },
		{ "nic.irq_affinity=0,1,16,2",
		  "[nic] irq_affinity: CPU 16 (vector 2) is not a CPU ([cpu] count=16)" },
		{ "nic.irq_affinity=0,1,2",
		  "[nic] irq_affinity: 3 CPUs for 4 channels (one CPU per vector)" },
		{ "nic.rss_indir=weight 1 1 1 1 1",
		  "[nic] rss_indir: weight 1 gives entries to queue 4, but channels=4 (queues 0..3)" },
		{ "nic.xps_cpus=0 1 2 16",
		  "[nic] xps_cpus: CPU 16 is not a CPU ([cpu] count=16)" },
		{ "traffic.line_rate_mbps=1000",
		  "[nic] driver: mlx5 links at 10, 25, 40 or 100 GbE, not [traffic] line_rate_mbps=1000 (set 10000, 25000, 40000 or 100000)" },
		{ "mitigation.policy=none",
		  "[nic] driver: mlx5 has no pre-NAPI mode ([mitigation] policy=none)" },
		{ "nic.driver=e1000",
		  "[nic] channels: 4 is more than e1000 allows (ethtool -L combined: at most 1)" },
	};
	const char *ini = "[traffic]\nline_rate_mbps=10000\n"
			  "[nic]\ndriver=mlx5\nchannels=4\n[cpu]\ncount=16\n";

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) error = NULL;
		const char *sets[] = { bad[i][0], NULL };
		struct sim_scenario *sc = load(f, ini, sets, &error);
		struct sim_point *p = NULL;

		/* refused when the point is resolved, as napisim run does */
		if (sc) {
			p = sim_scenario_point(sc, 0, &error);
			sim_scenario_free(sc);
		}
		g_assert_null(p);
		g_assert_nonnull(error);
		if (!g_str_has_suffix(error->message, bad[i][1]))
			g_error("%s: \"%s\" does not end with \"%s\"",
				bad[i][0], error->message, bad[i][1]);
	}
}

/*
 * Done counts only polls that armed the CQs again (the IRQ re-enabled):
 * a busy poller's polls complete under IN_BUSY_POLL, leave the CQs
 * unarmed, and are not Done.  Before this rule mlx5 counted every
 * completion attempt, ten times the arms here.
 */
static void test_done_is_rearm(struct fixture *f,
			       gconstpointer data G_GNUC_UNUSED)
{
	static const char ini[] =
		"[traffic]\npackets=300\nrate_pps=50000\nsize=64\n"
		"line_rate_mbps=10000\n"
		"[nic]\ndriver=mlx5\nchannels=1\n"
		"[cpu]\ncount=2\n[app]\ncpu=1\n"
		"[mitigation]\npolicy=busy_poll\n[net.core]\nbusy_read=50\n";
	const struct sim_report *r = run(f, ini, false, NULL);
	uint64_t arms = qcnt(r, "eth0", "rx", 0, "arm");

	g_assert_cmpuint(col(r, "delivered"), ==, 300);
	g_assert_cmpuint(col(r, "polls_busy"), >, 10 * arms);
	g_assert_cmpuint(col(r, "done"), ==, arms);
	assert_conserved(r);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	models_register();
#define ADD(path, fn) g_test_add(path, struct fixture, NULL, fixture_setup, \
				 fn, fixture_teardown)
	ADD("/mlx5/rss/a-flow-stays-on-its-queue", test_one_flow_one_queue);
	ADD("/mlx5/rss/indirection-table-steers-as-ethtool-sets-it",
	    test_indir_steers);
	ADD("/mlx5/rss/consecutive-ports-pair-up-on-8-queues",
	    test_few_flows_pair_up);
	ADD("/mlx5/irq/vector-interrupts-its-affinity-cpu", test_affinity);
	ADD("/mlx5/napi/hrtimer-fires-on-the-vector-cpu", test_hrtimer_cpu);
	ADD("/mlx5/napi/each-napi-polls-only-its-ring",
	    test_napi_polls_own_ring);
	ADD("/mlx5/tx/xps-picks-the-queue-completions-on-its-vector",
	    test_tx_queue);
	ADD("/netdev/pick-tx/xps-then-rx-queue-then-hash", test_pick_tx);
	ADD("/mlx5/moderation/eqe-period-versus-cqe-restart",
	    test_cq_moderation);
	ADD("/mlx5/engine/rss-queues-batch-equals-reference",
	    test_reference_equal);
	ADD("/mlx5/engine/idle-channels-take-no-event-per-frame",
	    test_idle_channels_no_events);
	ADD("/mlx5/check/bad-channel-keys-refused", test_bad_keys);
	ADD("/mlx5/napi/done-counts-only-polls-that-rearm",
	    test_done_is_rearm);
	return g_test_run();
}
